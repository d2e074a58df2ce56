//! Sentence segmentation that survives abbreviations, quotes and headlines.
//!
//! A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets
//! after it) when the next word starts a sentence, unless the word before
//! the period is an abbreviation or an initial. A line break ends a
//! sentence too — headlines carry no final period — unless the next line
//! starts in lower case, which marks a wrapped line.
//!
//! # Limits
//!
//! Splitting takes time and memory linear in the length of the text,
//! whatever the text holds. A "sentence" longer than
//! [`MAX_SENTENCE_BYTES`] is cut at the last white space before the limit
//! (or at the limit itself when there is none), and one of more than
//! [`MAX_SENTENCE_TOKENS`] tokens is cut after the last clause punctuation
//! before the limit (or at the limit), so that no single sentence can make
//! the extractor slow. Real news sentences are far shorter; text cut this
//! way is still read, as consecutive sentences.

use rustc_hash::FxHashSet;

use super::token::is_invisible;

/// The longest span, in bytes, that [`SentenceSplitter::split`] returns by
/// default; a longer run of text without a sentence end is cut.
pub const MAX_SENTENCE_BYTES: usize = 8 * 1024;

/// The most tokens a sentence of [`Document::sentences`](super::Document::sentences)
/// holds by default; a longer sentence is cut into pieces.
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// How far back (in bytes) the splitter looks for the word before a period.
/// A longer "word" is no abbreviation or initial, so this changes nothing
/// for text and keeps runs like "a.a.a.a…" linear.
const MAX_WORD_LOOKBACK: usize = 64;

/// Sentence boundaries found in a text: byte spans, trimmed of whitespace.
///
/// ```
/// use actorgraph::text::SentenceSplitter;
/// let splitter = SentenceSplitter::new(["Gen.", "U.S."]);
/// let text = "Troops move in\nThe U.S. said Gen. Park left. “Why?” he asked. Talks end.";
/// let got: Vec<&str> = splitter.split(text).into_iter().map(|(s, e)| &text[s..e]).collect();
/// assert_eq!(got, ["Troops move in", "The U.S. said Gen. Park left.", "“Why?” he asked.", "Talks end."]);
/// ```
#[derive(Debug, Clone)]
pub struct SentenceSplitter {
    /// Lower-cased, without their period; as bytes, so that a word
    /// lower-cased on the stack is looked up with no UTF-8 check.
    abbreviations: FxHashSet<Box<[u8]>>,
    max_bytes: usize,
    max_tokens: usize,
}

impl Default for SentenceSplitter {
    fn default() -> Self {
        SentenceSplitter { abbreviations: FxHashSet::default(), max_bytes: MAX_SENTENCE_BYTES, max_tokens: MAX_SENTENCE_TOKENS }
    }
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«')
}

/// White space, or an invisible character ("Talks end.\u{200B}Next"): what
/// may stand between a sentence end and the next sentence.
fn is_space(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

/// The first line break or sentence mark in `bytes`, if any: eight bytes
/// at a time, with the zero-byte test of "Bit Twiddling Hacks" (which may
/// flag a byte above a true match, never one below it, so the lowest flag
/// is exact).
fn find_stop(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    let zero_bytes = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let found = zero_bytes(x ^ (ONES * u64::from(b'\n')))
            | zero_bytes(x ^ (ONES * u64::from(b'.')))
            | zero_bytes(x ^ (ONES * u64::from(b'!')))
            | zero_bytes(x ^ (ONES * u64::from(b'?')));
        if found != 0 {
            return Some(offset + found.trailing_zeros() as usize / 8);
        }
        offset += 8;
    }
    chunks.remainder().iter().position(|b| matches!(b, b'\n' | b'.' | b'!' | b'?')).map(|i| offset + i)
}

/// Passes over the text from `pos` to the first line break or sentence
/// mark before `limit`, eight bytes at a time (a line break and the marks
/// are ASCII, so no other character holds their bytes); at `limit`, backs
/// up to the start of the character there, which may straddle it.
fn pass_run(text: &str, pos: usize, limit: usize) -> usize {
    if pos >= limit {
        return pos;
    }
    match find_stop(&text.as_bytes()[pos..limit]) {
        Some(i) => pos + i,
        None => floor_char_boundary(text, limit),
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

/// The character starting at byte `pos`, if any.
fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

/// The end of the run of closers and sentence marks starting at `pos`.
fn skip_closers(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + rest.find(|c: char| !(is_closer(c) || is_mark(c))).unwrap_or(rest.len())
}

/// A run of white space after a line break or a sentence mark, remembered
/// so that each run is scanned once however many marks or breaks it follows.
#[derive(Clone, Copy)]
struct Run {
    /// Byte position the scan started from.
    from: usize,
    /// First byte after the run.
    end: usize,
    /// Position of the last line break in the run, if any.
    last_newline: Option<usize>,
}

impl Run {
    fn scan(text: &str, from: usize, skip: impl Fn(char) -> bool) -> Run {
        let mut last_newline = None;
        let mut end = text.len();
        for (off, c) in text[from..].char_indices() {
            if !skip(c) {
                end = from + off;
                break;
            }
            if c == '\n' {
                last_newline = Some(from + off);
            }
        }
        Run { from, end, last_newline }
    }

    fn covers(&self, pos: usize) -> bool {
        self.from <= pos && pos < self.end.max(self.from + 1)
    }
}

impl SentenceSplitter {
    /// A splitter that never ends a sentence after any of `abbreviations`
    /// (written with their period: "Gen.", "U.S.", "Jan.").
    pub fn new<I, S>(abbreviations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let abbreviations = abbreviations
            .into_iter()
            .map(|a| a.as_ref().trim_end_matches('.').to_lowercase().into_bytes().into_boxed_slice())
            .collect();
        SentenceSplitter { abbreviations, ..SentenceSplitter::default() }
    }

    /// Sets the longest sentence in bytes (at least 64); see the [module docs](self).
    ///
    /// ```
    /// use actorgraph::text::SentenceSplitter;
    /// let text = "word ".repeat(100);
    /// let spans = SentenceSplitter::default().with_max_bytes(100).split(&text);
    /// assert!(spans.len() >= 5);
    /// assert!(spans.iter().all(|(s, e)| e - s <= 100));
    /// ```
    pub fn with_max_bytes(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes.max(64);
        self
    }

    /// Sets the most tokens in one sentence (at least 8); see the [module docs](self).
    pub fn with_max_tokens(mut self, max_tokens: usize) -> Self {
        self.max_tokens = max_tokens.max(8);
        self
    }

    /// The longest sentence in bytes.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// The most tokens in one sentence.
    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    /// The sentences of `text`, as byte spans: in order, not overlapping, on
    /// character boundaries, each at most [`max_bytes`](Self::max_bytes)
    /// long, with only white space between them.
    pub fn split(&self, text: &str) -> Vec<(usize, usize)> {
        self.split_passing_over(text, pass_run)
    }

    /// [`split`](Self::split), with `pass(text, pos, limit)` passing over
    /// the ordinary text from `pos`: it gives the position, at most `limit`
    /// (the sentence's length limit) or the start of the character there,
    /// of the first character that may end a sentence.
    fn split_passing_over(&self, text: &str, pass: impl Fn(&str, usize, usize) -> usize) -> Vec<(usize, usize)> {
        // News sentences run to a hundred bytes and more: room for them all, nearly always.
        let mut spans = Vec::with_capacity(text.len() / 64 + 1);
        let mut start: usize = 0;
        let mut pos = 0;
        // The white-space run after the last line break looked at.
        let mut newline_run: Option<Run> = None;
        // The closers, marks and white space after the last mark looked at.
        let mut mark_run: Option<(usize, usize, Run)> = None;
        let bytes = text.as_bytes();
        loop {
            // Fast path: characters that neither end a line nor mark a
            // sentence end, within the length limit, are just passed over.
            pos = pass(text, pos, start.saturating_add(self.max_bytes).min(bytes.len()));
            let Some(c) = char_at(text, pos) else { break };
            let next = pos + c.len_utf8();
            if next - start > self.max_bytes {
                // Too long without an end: cut before this character.
                let cut = self.cut_point(text, start, pos);
                push_trimmed(&mut spans, text, start, cut);
                start = cut;
                continue;
            }
            let end_here = match c {
                '\n' => {
                    // A line break ends the sentence unless the next line continues in lower case.
                    let run = match newline_run {
                        Some(run) if run.covers(next) => run,
                        _ => Run::scan(text, next, is_space),
                    };
                    newline_run = Some(run);
                    let blank_line = run.last_newline.is_some_and(|n| n >= next);
                    blank_line || !char_at(text, run.end).is_some_and(char::is_lowercase)
                }
                '.' | '!' | '?' => {
                    let (marks_from, marks_end, run) = match mark_run {
                        Some(m) if m.0 <= next && next <= m.1 => m,
                        _ => {
                            let marks_end = skip_closers(text, next);
                            (next, marks_end, Run::scan(text, marks_end, is_space))
                        }
                    };
                    mark_run = Some((marks_from, marks_end, run));
                    self.ends_sentence(text, pos, c, marks_end, run.end)
                }
                _ => false,
            };
            if end_here {
                // Take closing quotes and brackets with the sentence.
                let end = match c {
                    '\n' => pos,
                    _ => mark_run.map_or(next, |m| m.1),
                };
                self.push_limited(&mut spans, text, start, end);
                start = end;
                pos = end.max(next);
                continue;
            }
            pos = next;
        }
        self.push_limited(&mut spans, text, start, text.len());
        spans
    }

    /// Pushes `start..end`, cut into pieces of at most `max_bytes`.
    fn push_limited(&self, spans: &mut Vec<(usize, usize)>, text: &str, mut start: usize, end: usize) {
        while end - start > self.max_bytes {
            let cut = self.cut_point(text, start, floor_char_boundary(text, start + self.max_bytes));
            push_trimmed(spans, text, start, cut);
            start = cut;
        }
        push_trimmed(spans, text, start, end);
    }

    /// Where to cut an over-long sentence `start..limit`: after the last
    /// white space in its second half, else at `limit`.
    fn cut_point(&self, text: &str, start: usize, limit: usize) -> usize {
        let half = floor_char_boundary(text, start + (limit - start) / 2);
        match text[half..limit].rfind(char::is_whitespace) {
            Some(i) => {
                let ws = half + i;
                ws + char_at(text, ws).map_or(1, char::len_utf8)
            }
            None => limit,
        }
    }

    /// Is `word` (without its period) one of the abbreviations, in any case?
    fn is_abbreviation(&self, word: &str) -> bool {
        if self.abbreviations.is_empty() {
            return false;
        }
        let mut buf = [0u8; MAX_WORD_LOOKBACK];
        match buf.get_mut(..word.len()) {
            Some(lower) if word.is_ascii() => {
                // Lower-cased on the stack: no allocation for the common case.
                lower.copy_from_slice(word.as_bytes());
                lower.make_ascii_lowercase();
                self.abbreviations.contains(&*lower)
            }
            _ => self.abbreviations.contains(word.to_lowercase().as_bytes()),
        }
    }

    /// Does the mark `c` at byte `pos` end a sentence? `marks_end` is the end
    /// of the closers and marks after it, `first` the position of the first
    /// character after the white space that follows.
    fn ends_sentence(&self, text: &str, pos: usize, c: char, marks_end: usize, first: usize) -> bool {
        let Some(next) = char_at(text, marks_end) else { return true };
        let spaced = is_space(next);
        let Some(first_char) = char_at(text, first) else { return true };
        let starts_sentence = first_char.is_uppercase() || first_char.is_ascii_digit() || is_opener(first_char);
        if !starts_sentence {
            return false;
        }
        if c != '.' {
            return spaced;
        }
        // The word before the period (bounded: a long run is no abbreviation).
        let window_start = floor_char_boundary(text, pos.saturating_sub(MAX_WORD_LOOKBACK));
        let before = &text[window_start..pos];
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, ch)| ch.is_whitespace() || is_opener(*ch))
            .map_or(window_start, |(i, ch)| window_start + i + ch.len_utf8());
        let word = &text[word_start..pos];
        if word.is_empty() {
            return spaced;
        }
        if self.is_abbreviation(word) {
            return false;
        }
        // An initial ("George W. Bush") or an initialism's last letter ("U.S").
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if letters == 1 && word.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 1) {
            return false;
        }
        if spaced {
            return true;
        }
        // No space after the period ("Monday.North Korean troops"): end only
        // between a real word and a capitalised word.
        letters >= 3
            && word.chars().last().is_some_and(char::is_lowercase)
            && first_char.is_uppercase()
            && char_at(text, first + first_char.len_utf8()).is_some_and(char::is_lowercase)
    }
}

/// The largest character boundary at or before `pos`.
fn floor_char_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

fn push_trimmed(spans: &mut Vec<(usize, usize)>, text: &str, start: usize, end: usize) {
    // As `str::trim` does, with no decoding of ASCII characters.
    let bytes = text.as_bytes();
    let mut s = start;
    while s < end {
        match bytes[s] {
            b if b.is_ascii() && char::from(b).is_whitespace() => s += 1,
            b if b.is_ascii() => break,
            _ => match text[s..end].chars().next() {
                Some(c) if c.is_whitespace() => s += c.len_utf8(),
                _ => break,
            },
        }
    }
    let mut e = end;
    while s < e {
        match bytes[e - 1] {
            b if b.is_ascii() && char::from(b).is_whitespace() => e -= 1,
            b if b.is_ascii() => break,
            _ => match text[s..e].chars().next_back() {
                Some(c) if c.is_whitespace() => e -= c.len_utf8(),
                _ => break,
            },
        }
    }
    if s < e {
        spans.push((s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let s = SentenceSplitter::new(["Gen.", "Jan.", "Dr.", "Mr."]);
        s.split(text).into_iter().map(|(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(split("Dr. Lee met Gen. Kim on Jan. 5. Then he left."), ["Dr. Lee met Gen. Kim on Jan. 5.", "Then he left."]);
        assert_eq!(split("George W. Bush visited the U.S. Army base."), ["George W. Bush visited the U.S. Army base."]);
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(split("He said, “We will win.” Then silence."), ["He said, “We will win.”", "Then silence."]);
        assert_eq!(split("“Is it over?” she asked."), ["“Is it over?” she asked."]);
    }

    #[test]
    fn headlines_end_at_line_breaks_and_wrapped_lines_do_not() {
        assert_eq!(split("Seoul warns Moscow\nThe warning came late."), ["Seoul warns Moscow", "The warning came late."]);
        assert_eq!(split("The army moved\ninto the town."), ["The army moved\ninto the town."]);
    }

    #[test]
    fn glued_sentences_split() {
        assert_eq!(split("Results come Monday.North Korean troops moved."), ["Results come Monday.", "North Korean troops moved."]);
    }

    #[test]
    fn invisible_characters_between_sentences_count_as_space() {
        assert_eq!(split("Talks end.\u{202E}Iran left."), ["Talks end.", "\u{202E}Iran left."]);
        assert_eq!(split("Talks end. \u{200B}Iran left."), ["Talks end.", "\u{200B}Iran left."]);
        assert_eq!(split("Talks end\n\u{200B}Iran left."), ["Talks end", "\u{200B}Iran left."]);
    }

    #[test]
    fn over_long_sentences_are_cut_at_white_space_within_the_limit() {
        let s = SentenceSplitter::default().with_max_bytes(100);
        let text = "word ".repeat(60) + "end.";
        let spans = s.split(&text);
        assert!(spans.len() >= 3 && spans.iter().all(|(a, b)| b - a <= 100), "{spans:?}");
        assert!(spans.iter().all(|&(a, b)| text[a..b].starts_with("word") || text[a..b] == *"end."));
        // Without white space: cut at a character boundary.
        let text = "”".repeat(100);
        let spans = s.split(&text);
        assert!(spans.iter().all(|&(a, b)| b - a <= 100 && text.is_char_boundary(a) && text.is_char_boundary(b)));
        assert_eq!(spans.iter().map(|(a, b)| b - a).sum::<usize>(), text.len());
    }

    #[test]
    fn lowercase_after_period_does_not_split() {
        assert_eq!(split("It cost 3.5 bn. dollars in total."), ["It cost 3.5 bn. dollars in total."]);
    }

    /// Checks that the splitter gives the same spans for `text` as when it
    /// passes over ordinary text a byte at a time (as it first did), with the
    /// default limits and with small ones; and that it trims every piece of
    /// `text` as `str::trim` does.
    fn same_as_reference(text: &str) {
        let splitters = [
            SentenceSplitter::new(["Gen.", "Jan.", "Dr.", "Mr.", "U.S.", "Ä.", "É."]),
            SentenceSplitter::default(),
            SentenceSplitter::new(["Gen."]).with_max_bytes(64),
            SentenceSplitter::new(["Gen."]).with_max_bytes(65),
            SentenceSplitter::new(["Gen."]).with_max_bytes(66),
        ];
        for s in &splitters {
            assert_eq!(s.split(text), s.split_passing_over(text, pass_byte), "{text:?} with at most {} bytes", s.max_bytes());
        }
        // Trimming, byte by byte, as `str::trim` does.
        for (start, _) in text.char_indices() {
            for end in (start..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                let mut spans = Vec::new();
                push_trimmed(&mut spans, text, start, end);
                let piece = &text[start..end];
                let trimmed = piece.trim();
                let expected: Vec<(usize, usize)> = if trimmed.is_empty() {
                    Vec::new()
                } else {
                    let s = start + (piece.len() - piece.trim_start().len());
                    vec![(s, s + trimmed.len())]
                };
                assert_eq!(spans, expected, "{piece:?}");
            }
        }
    }

    /// The passing over of the first splitter: an ASCII character that
    /// neither ends a line nor marks a sentence end, within the length
    /// limit, one at a time.
    fn pass_byte(text: &str, mut pos: usize, limit: usize) -> usize {
        let bytes = text.as_bytes();
        while pos < limit && bytes[pos].is_ascii() && !matches!(bytes[pos], b'\n' | b'.' | b'!' | b'?') {
            pos += 1;
        }
        pos
    }

    #[test]
    fn abbreviations_are_found_in_any_case() {
        let s = SentenceSplitter::new(["Gen.", "Jan.", "U.S.", "Ä.", "É.", "Σ."]);
        for word in ["gen", "Gen", "GEN", "gEn", "jan", "U.S", "u.s", "ä", "Ä", "é", "É", "σ", "Σ", "Ge", "Gens", "", "x", "日", &"g".repeat(70)] {
            let expected = s.abbreviations.contains(word.to_lowercase().as_bytes());
            assert_eq!(s.is_abbreviation(word), expected, "{word:?}");
        }
        assert!(s.is_abbreviation("GEN") && s.is_abbreviation("É") && !s.is_abbreviation("Gens"));
    }

    const TRICKY: &[&str] = &[
        "",
        " ",
        "\n\n",
        ".",
        "a.",
        "Talks end. Iran left.",
        "Talks end.Iran left.",
        "Results come Monday.North Korean troops moved.",
        "Dr. Lee met Gen. Kim on Jan. 5. Then he left.",
        "DR. Lee met GEN. Kim. É. Lee. Ä. Lee.",
        "George W. Bush visited the U.S. Army base.",
        "He said, “We will win.” Then silence.",
        "“Is it over?” she asked. (Yes.) [No!] «Non.» Next",
        "Wait... What?! Really?? 'Yes.' \"No.\" 5 more.",
        "Seoul warns Moscow\nThe warning came late.",
        "The army moved\ninto the town.",
        "Talks end\n\n  lower case after a blank line",
        "Talks end.\u{202E}Iran left.",
        "Talks end. \u{200B}Iran left.",
        "Talks end\n\u{200B}Iran left.",
        "Talks end\u{a0}\u{2009}. Iran\u{3000}left.\u{a0}",
        "It cost 3.5 bn. dollars in total.",
        "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a. B",
        "Éric left. Ça va. Über alles. Ωmega. Σ. ΣΟΦΟΣ. Next",
    ];

    #[test]
    fn find_stop_finds_the_first_stop() {
        let stops = [b'\n', b'.', b'!', b'?'];
        let fill = [b'a', b' ', 0x00, 0x01, 0x80, 0xE2, 0xFF, b'-', b'/', b'>', b'@', 0x2F, 0x2D, 0x0B, 0x09, 0x20, 0x22, 0x3E, 0x40];
        for len in 0..40 {
            for &f in &fill {
                let mut bytes = vec![f; len];
                assert_eq!(find_stop(&bytes), None);
                for at in 0..len {
                    for &stop in &stops {
                        bytes[at] = stop;
                        assert_eq!(find_stop(&bytes), Some(at));
                        // A later stop changes nothing; an earlier one is found first.
                        if at + 3 < len {
                            bytes[at + 3] = b'.';
                            assert_eq!(find_stop(&bytes), Some(at));
                            bytes[at + 3] = f;
                        }
                        bytes[at] = f;
                    }
                }
            }
        }
    }

    #[test]
    fn matches_the_reference_on_tricky_text() {
        for text in TRICKY {
            same_as_reference(text);
        }
        same_as_reference(&TRICKY.join(" "));
        same_as_reference(&TRICKY.join("\n"));
        // Long runs with multi-byte characters at every offset of the limits.
        for pad in 0..8 {
            let text = "x".repeat(pad) + &"word ”é日😀 ".repeat(40) + "end.";
            same_as_reference(&text);
            let text = "x".repeat(pad) + &"”é日😀".repeat(40);
            same_as_reference(&text);
            let text = "x".repeat(pad) + &"ab.".repeat(60) + &"Ab. ".repeat(30);
            same_as_reference(&text);
        }
    }

    #[test]
    fn matches_the_reference_on_random_text() {
        const ALPHABET: &[&str] = &[
            "a", "b", "A", "B", "W", "1", ".", ".", "!", "?", " ", " ", "\n", "\n\n", "\"", "'", "”", "“", "(", ")", "«", "»", "\u{200B}",
            "\u{a0}", "é", "É", "日", "😀", "Gen", "gen", "U.S", "Jan", "x\u{202E}",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..4_000 {
            let len = (next() % 60) as usize;
            let text: String = (0..len).map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize]).collect();
            same_as_reference(&text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 1_000, ..proptest::prelude::ProptestConfig::default() })]

        #[test]
        fn matches_the_reference_on_any_text(text in "[aAbBW1 .!?\n\"'”“()é日\u{200B}\u{a0}]{0,160}") {
            same_as_reference(&text);
        }
    }
}
