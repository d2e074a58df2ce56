//! Words as Universal Dependencies segments English: the units a tagger and
//! parser trained on UD English-EWT expect, as byte spans into the text.
//!
//! White space separates words; inside a white-space separated piece, UD
//! splits off punctuation ("word," → "word" ","), clitics ("don't" → "do"
//! "n't", "it's" → "it" "'s") and most hyphens ("Al-Zaman" → "Al" "-"
//! "Zaman"), while keeping numbers ("8,000", "3.5", "7:30"), abbreviations
//! ("Dr.", "U.S."), URLs and e-mail addresses whole. Every word is a
//! substring of the text: UD's multi-word tokens ("cannot" → "can" "not")
//! are cut where their parts meet.
//!
//! The general rules — letters, digits, punctuation runs, apostrophes,
//! hyphens between words, dates and phone numbers, links — are code here.
//! What English writes differently word by word is data, derived from
//! EWT's training file by `tools/ud_words_lexicon.py` and embedded from
//! `models/words/` (see `models/README.md`): the clitics, the words cut
//! without an apostrophe ("cannot", "gonna"), the prefixes a hyphen keeps
//! joined ("anti-", "non-"), the abbreviations that keep their period,
//! the letters that stay on a number ("23rd", "1980s"), and emoticons.
//!
//! An abbreviation's period that ends the sentence (no letter or digit
//! after it in the span) is a word of its own, as EWT writes it: the span
//! given should be one sentence.
//!
//! Invisible characters ([`is_invisible`]) and combining marks never split
//! a word; invisible characters between words belong to no word.
//! Segmenting takes time linear in the length of the span, whatever it
//! holds, and allocates only the output vector.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::char::is_combining_mark;

use super::token::is_invisible;

/// One word as UD English segments it: its byte span in the text.
///
/// ```
/// use actorgraph::text::split_words;
/// let text = "I can't.";
/// let words: Vec<&str> = split_words(text, 0, text.len()).iter().map(|w| w.text(text)).collect();
/// assert_eq!(words, ["I", "ca", "n't", "."]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Word {
    /// Byte start in the text.
    pub start: usize,
    /// Byte end in the text.
    pub end: usize,
}

impl Word {
    /// The word as written: `text[start..end]`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Splits the sentence `text[start..end]` into UD words, with spans into `text`.
///
/// ```
/// use actorgraph::text::split_words;
/// let text = "Dr. Kim's anti-war e-mail cost $8,000 (U.S.), see www.example.com/a.";
/// let words: Vec<&str> = split_words(text, 0, text.len()).iter().map(|w| w.text(text)).collect();
/// assert_eq!(
///     words,
///     ["Dr.", "Kim", "'s", "anti-war", "e-mail", "cost", "$", "8,000", "(", "U.S.", ")", ",", "see", "www.example.com/a", "."]
/// );
/// ```
///
/// # Panics
///
/// When `start..end` is not a range of `text` on character boundaries, as
/// slicing `text` would.
pub fn split_words(text: &str, start: usize, end: usize) -> Vec<Word> {
    let mut words = Vec::new();
    split_words_into(text, start, end, &mut words);
    words
}

/// Like [`split_words`], into `out` (cleared first), so that a caller
/// reading many sentences reuses one vector's memory.
///
/// ```
/// use actorgraph::text::split_words_into;
/// let mut words = Vec::new();
/// let text = "We're gonna win. Cannot lose.";
/// split_words_into(text, 17, text.len(), &mut words);
/// assert_eq!(words.iter().map(|w| w.text(text)).collect::<Vec<_>>(), ["Can", "not", "lose", "."]);
/// split_words_into(text, 0, 16, &mut words);
/// assert_eq!(words.iter().map(|w| w.text(text)).collect::<Vec<_>>(), ["We", "'re", "gon", "na", "win", "."]);
/// ```
///
/// # Panics
///
/// As [`split_words`].
pub fn split_words_into(text: &str, start: usize, end: usize, out: &mut Vec<Word>) {
    out.clear();
    let span = &text[start..end];
    // Most words are shorter than six bytes with their space.
    out.reserve(span.len() / 6 + 1);
    let last_alnum = span.char_indices().rev().find(|(_, c)| c.is_alphanumeric()).map_or(start, |(i, _)| start + i);
    let mut seg = Segmenter { s: text, lim: end, end, chunk_start: start, last_alnum, lex: lexicon(), out };
    seg.run(start, end);
}

/// The word lists, read once from the embedded files.
struct Lexicon {
    /// Folded ("'s", "n't"): split off the word they end.
    clitics: Vec<&'static str>,
    /// Folded word → its words, separated by spaces ("cannot" → "can not").
    contractions: FxHashMap<&'static str, &'static str>,
    /// Folded word → the folded words before which it is cut, with its words ("its" → "not" → "it s").
    contexts: FxHashMap<&'static str, Vec<(&'static str, &'static str)>>,
    /// Folded words cut from "n't", and so from "nt" written without the apostrophe ("isnt").
    negation_hosts: FxHashSet<&'static str>,
    /// Folded, without the hyphen ("anti").
    prefixes: FxHashSet<&'static str>,
    /// Folded, with the period ("dr."), or an exclamation mark ("yahoo!").
    abbreviations: FxHashSet<&'static str>,
    /// Folded letters that stay on a number ("th", "s").
    number_suffixes: FxHashSet<&'static str>,
    /// As written, longest first.
    emoticons: Vec<&'static str>,
}

/// The entries of one embedded list: the tab-separated fields of each line
/// that is neither blank nor a `#` comment.
fn entries(file: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    file.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect())
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let first = |file| entries(file).map(|e| e[0]);
        let mut emoticons: Vec<&str> = first(include_str!("../../models/words/emoticons.tsv")).collect();
        emoticons.sort_by_key(|e| std::cmp::Reverse(e.len()));
        let mut contexts: FxHashMap<&str, Vec<(&str, &str)>> = FxHashMap::default();
        for e in entries(include_str!("../../models/words/contexts.tsv")) {
            contexts.entry(e[0]).or_default().push((e[2], e[1]));
        }
        Lexicon {
            clitics: first(include_str!("../../models/words/clitics.tsv")).collect(),
            contractions: entries(include_str!("../../models/words/contractions.tsv")).map(|e| (e[0], e[1])).collect(),
            contexts,
            negation_hosts: first(include_str!("../../models/words/negation_hosts.tsv")).collect(),
            prefixes: first(include_str!("../../models/words/prefixes.tsv")).collect(),
            abbreviations: first(include_str!("../../models/words/abbreviations.tsv")).collect(),
            number_suffixes: first(include_str!("../../models/words/number_suffixes.tsv")).collect(),
            emoticons,
        }
    })
}

/// The longest folded form looked up in the lists; longer words are no entry.
const MAX_FOLDED: usize = 32;

/// `s` lower-cased with every apostrophe written `'`, into `buf`, when it is
/// ASCII but for typographic apostrophes and short enough for a list entry.
fn fold<'b>(s: &'b str, buf: &'b mut [u8; MAX_FOLDED]) -> Option<&'b str> {
    if s.len() <= MAX_FOLDED && s.bytes().all(|b| b.is_ascii_lowercase() || (b.is_ascii() && !b.is_ascii_alphabetic() && b != b'`')) {
        // Folded already (most words): no copy.
        return Some(s);
    }
    let mut n = 0;
    for c in s.chars() {
        let b = match c {
            '\u{2019}' | '`' => b'\'',
            c if c.is_ascii() => c.to_ascii_lowercase() as u8,
            _ => return None,
        };
        *buf.get_mut(n)? = b;
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// Characters that belong to the character before them: invisible
/// characters, combining marks, variation selectors, emoji modifiers.
fn is_joiner(c: char) -> bool {
    !c.is_ascii()
        && (is_invisible(c)
            || is_combining_mark(c)
            || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}'))
}

/// Apostrophes, straight and typographic, that write a clitic or join a name ("O'Brien").
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '`')
}

/// Hyphens that join the parts of a word.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Punctuation of which a run is one word: "...", "?!", ",,".
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ',' | ';' | ':' | '\u{2026}')
}

/// Dashes and line-drawing marks of which a run is one word: "--", "<<", "->", "***".
fn is_line(c: char) -> bool {
    matches!(c, '-' | '=' | '+' | '*' | '~' | '_' | '|' | '#' | '^' | '<' | '>' | '\u{2013}' | '\u{2014}' | '\u{2015}')
}

/// What may follow a link without being part of it.
fn is_closer(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '>' | '"' | '\'' | '\u{201D}' | '\u{2019}' | '\u{00BB}')
}

/// Are digit groups joined by hyphens (`n` of them, the first two `lens`
/// long) a phone number ("555-0199", "1-800-555-0199"), not a range ("1990-1995")?
fn is_phone(n: usize, lens: [usize; 2]) -> bool {
    n >= 3 || (n == 2 && lens[1] == 4 && lens[0] != 4)
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

struct Segmenter<'t, 'o> {
    s: &'t str,
    /// End of the part being segmented: characters at or after it are not read.
    lim: usize,
    /// End of the sentence.
    end: usize,
    /// Start of the white-space separated piece being segmented.
    chunk_start: usize,
    /// Start of the sentence's last letter or digit: a period after it ends the sentence.
    last_alnum: usize,
    lex: &'static Lexicon,
    out: &'o mut Vec<Word>,
}

impl Segmenter<'_, '_> {
    /// The character at `p` (a character boundary), if before the limit.
    #[inline]
    fn at(&self, p: usize) -> Option<char> {
        if p >= self.lim {
            return None;
        }
        let b = self.s.as_bytes()[p];
        if b < 0x80 {
            Some(char::from(b))
        } else {
            self.s[p..].chars().next()
        }
    }

    #[inline]
    fn alnum_at(&self, p: usize) -> bool {
        self.at(p).is_some_and(char::is_alphanumeric)
    }

    #[inline]
    fn digit_at(&self, p: usize) -> bool {
        self.at(p).is_some_and(|c| c.is_ascii_digit())
    }

    #[inline]
    fn push(&mut self, start: usize, end: usize) {
        debug_assert!(start < end);
        self.out.push(Word { start, end });
    }

    /// The end of the joiners from `p`.
    fn joiners(&self, mut p: usize) -> usize {
        while let Some(c) = self.at(p).filter(|&c| is_joiner(c)) {
            p += c.len_utf8();
        }
        p
    }

    /// The end of the letters and digits from `p`, joiners between them included.
    fn alnum_run(&self, mut p: usize) -> usize {
        let bytes = self.s.as_bytes();
        loop {
            // ASCII letters and digits (most of any text) without decoding.
            while p < self.lim && bytes[p].is_ascii_alphanumeric() {
                p += 1;
            }
            match self.at(p) {
                Some(c) if !c.is_ascii() && c.is_alphanumeric() => p += c.len_utf8(),
                Some(c) if is_joiner(c) => {
                    let j = self.joiners(p);
                    if !self.alnum_at(j) {
                        return p;
                    }
                    p = j;
                }
                _ => return p,
            }
        }
    }

    /// The end of the ASCII digits from `p`.
    fn digit_run(&self, mut p: usize) -> usize {
        let bytes = self.s.as_bytes();
        while p < self.lim && bytes[p].is_ascii_digit() {
            p += 1;
        }
        p
    }

    /// Segments `text[start..end]`, white-space separated piece by piece.
    fn run(&mut self, start: usize, end: usize) {
        let mut p = start;
        while p < end {
            // (A piece sets the limit to its own end.)
            self.lim = end;
            let c = self.at(p).expect("a character before the end");
            if c.is_whitespace() {
                p += c.len_utf8();
                continue;
            }
            let mut e = p + c.len_utf8();
            while let Some(d) = self.at(e).filter(|d| !d.is_whitespace()) {
                e += d.len_utf8();
            }
            self.chunk(p, e);
            p = e;
        }
    }

    /// Segments one white-space separated piece.
    fn chunk(&mut self, start: usize, end: usize) {
        self.chunk_start = start;
        self.lim = end;
        if let Some((a, b)) = self.link(start, end) {
            self.lim = a;
            self.general(start);
            self.push(a, b);
            self.lim = end;
            self.general(b);
        } else {
            self.general(start);
        }
    }

    /// The span of the first URL or e-mail address in the piece
    /// `start..end`, without the brackets, quotes or punctuation around it.
    fn link(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let piece = &self.s[start..end];
        let bytes = piece.as_bytes();
        // Most pieces hold no ':', '@' or "www.": one pass rules them out.
        let hint = bytes.iter().enumerate().any(|(i, &b)| match b {
            b':' | b'@' => true,
            b'.' => i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"www"),
            _ => false,
        });
        if !hint {
            return None;
        }
        // A link running to the end of the piece ends before the punctuation after it.
        let to_end = |from: usize| {
            let mut b = end;
            while let Some(c) = self.s[from..b].chars().next_back().filter(|&c| is_closer(c)) {
                b -= c.len_utf8();
            }
            b
        };
        let find = |pattern: &[u8]| bytes.windows(pattern.len()).position(|w| w.eq_ignore_ascii_case(pattern));
        if let Some(i) = piece.find("://") {
            // After a scheme of letters: "http://", "ftp://".
            let scheme = bytes[..i].iter().rev().take_while(|b| b.is_ascii_alphabetic()).count();
            let b = to_end(start + i);
            if scheme >= 2 && b > start + i + 3 {
                return Some((start + i - scheme, b));
            }
        }
        for prefix in [&b"www."[..], b"mailto:"] {
            if let Some(i) = find(prefix) {
                let b = to_end(start + i);
                let word_start = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.');
                if word_start && b > start + i + prefix.len() {
                    return Some((start + i, b));
                }
            }
        }
        // An e-mail address: "name@host", of the characters addresses are made of.
        let at = piece.find('@')?;
        let is_address = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'');
        let is_edge = |c: char| matches!(c, '.' | '-' | '\'');
        let mut a = piece[..at].char_indices().rev().take_while(|&(_, c)| is_address(c)).last()?.0;
        a += piece[a..at].chars().take_while(|&c| is_edge(c)).map(char::len_utf8).sum::<usize>();
        let host = &piece[at + 1..];
        let mut b = at + 1 + host.char_indices().find(|&(_, c)| !is_address(c)).map_or(host.len(), |(i, _)| i);
        b -= piece[..b].chars().rev().take_while(|&c| is_edge(c)).map(char::len_utf8).sum::<usize>();
        let name_ok = piece[a..at].chars().any(char::is_alphanumeric);
        let host_ok = b > at + 1 && host.starts_with(char::is_alphanumeric);
        (name_ok && host_ok).then_some((start + a, start + b))
    }

    /// Segments from `p` to the limit, a word at a time.
    fn general(&mut self, mut p: usize) {
        while let Some(c) = self.at(p) {
            if is_invisible(c) {
                // Between words: part of none.
                p += c.len_utf8();
                continue;
            }
            let e = if c.is_alphanumeric() { self.word(p, p) } else { self.punct(p, c) };
            // Marks after a word belong to it.
            let j = self.joiners(e);
            if j > e {
                if let Some(w) = self.out.last_mut() {
                    w.end = j;
                }
            }
            p = j;
        }
    }

    /// Reads the word of letters or digits that starts at `start` (its
    /// scan resuming at `from`, after a leading period of ".5"), pushes it
    /// (or its parts), and returns its end.
    fn word(&mut self, start: usize, from: usize) -> usize {
        let mut num = self.digit_at(from);
        let mut q = if num { self.digit_run(from) } else { self.alnum_run(from) };
        // One run of letters and digits: a candidate contraction or prefix.
        let mut simple = !num && start == from;
        // Digits only: a candidate phone number or date.
        let mut digits = num && start == from;
        // Periods between letters: "U.S", "Ph.D", "enron.com".
        let mut dotted = false;
        let mut last_part = from;
        while let Some(c) = self.at(q) {
            let next = q + c.len_utf8();
            match c {
                // A number goes on over a decimal point, a thousands separator or a colon: "3.5", "8,000", "7:30".
                '.' | ',' | ':' if num && self.digit_at(next) => q = self.digit_run(next),
                '.' if self.alnum_at(next) => {
                    // "Then.The": a missing space before a capitalised word
                    // (which also cuts a domain written "Newsfeed.Com").
                    if self.capitalized_word_at(next) {
                        break;
                    }
                    dotted = true;
                    last_part = next;
                    q = self.alnum_run(next);
                }
                c if is_apostrophe(c) && self.alnum_at(next) => {
                    let r = self.alnum_run(next);
                    if let Some(cut) = self.clitic(start, q, next, r, num) {
                        if cut > start {
                            self.stem(start, cut, simple);
                        }
                        self.push(cut, r);
                        return r;
                    }
                    q = r;
                }
                c if is_hyphen(c) && self.alnum_at(next) => {
                    if digits {
                        match self.digit_groups(start, b'-') {
                            (n, end, lens) if is_phone(n, lens) => q = end,
                            _ => break,
                        }
                    } else if simple && self.is_prefix(start, q) {
                        q = self.alnum_run(next);
                    } else {
                        break;
                    }
                }
                '/' if digits && self.digit_at(next) => match self.digit_groups(start, b'/') {
                    (n, end, _) if n >= 3 || (n == 2 && self.is_month_day(start, end)) => q = end,
                    // An area code: "713/853-5025".
                    _ if q - start == 3 && matches!(self.digit_groups(next, b'-'), (n, _, lens) if is_phone(n, lens)) => {
                        q = self.digit_groups(next, b'-').1;
                    }
                    _ => break,
                },
                // One letter each side: "b/c", "w/o" (but "f/b/o" is three words).
                '/' if simple
                    && q - start == 1
                    && self.at(next).is_some_and(|c| c.is_ascii_alphabetic())
                    && !self.alnum_at(next + 1)
                    && self.at(next + 1) != Some('/') =>
                {
                    q = next + 1;
                }
                // Names and numbers joined by underscores: "Analysis_0712", "4_28_00".
                '_' if self.alnum_at(next) => q = self.alnum_run(next),
                // "AT&T", "P&L".
                '&' if !num && self.at(next).is_some_and(char::is_alphabetic) => q = self.alnum_run(next),
                // "US$".
                '$' if simple && q - start <= 3 && self.s[start..q].bytes().all(|b| b.is_ascii_uppercase()) => {
                    q = next;
                    simple = false;
                    break;
                }
                // Letters on a number: "23rd", "1980s" stay; "5pm", "10km" are two words.
                c if num && c.is_alphanumeric() => {
                    let r = self.alnum_run(q);
                    if !self.keeps_suffix(q, r) {
                        break;
                    }
                    q = r;
                }
                _ => break,
            }
            simple = false;
            digits = false;
            num = num && self.s.as_bytes()[q - 1].is_ascii_digit();
        }
        // A period after letters is an abbreviation's ("Dr.", "U.S.") unless it
        // ends the sentence, or another period does ("Washington, D.C..").
        let period = self.at(q) == Some('.');
        let double = period && self.at(q + 1) == Some('.') && self.at(q + 2) != Some('.');
        if self.at(q) == Some('!') && q < self.last_alnum && self.at(q + 1).map_or(true, |c| !is_terminal(c)) {
            // A name written with an exclamation mark: "Yahoo!".
            let mut buf = [0; MAX_FOLDED];
            if fold(&self.s[start..=q], &mut buf).is_some_and(|f| self.lex.abbreviations.contains(f)) {
                self.push(start, q + 1);
                return q + 1;
            }
        }
        if period && (double || (self.at(q + 1) != Some('.') && q < self.last_alnum)) {
            let before = self.s[..q].chars().next_back().is_some_and(char::is_alphabetic);
            let take = before
                && if dotted {
                    // "U.S.", "Ph.D.", "a.m.", not "enron.com.".
                    let part = &self.s[last_part..q];
                    part.chars().count() <= 2 && part.chars().all(char::is_alphabetic)
                } else {
                    let mut buf = [0; MAX_FOLDED];
                    fold(&self.s[start..=q], &mut buf).is_some_and(|f| self.lex.abbreviations.contains(f))
                };
            if take {
                self.push(start, q + 1);
                return q + 1;
            }
        }
        self.stem(start, q, simple);
        q
    }

    /// Do the letters at `p` name a file type ("doc", "PDF": up to four, not a capitalised word)?
    fn is_extension(&self, p: usize) -> bool {
        let e = self.alnum_run(p);
        e > p && e - p <= 4 && self.s[p..e].bytes().all(|b| b.is_ascii_alphanumeric()) && !self.capitalized_word_at(p)
    }

    /// Does a capitalised word ("The", not "THE" or "S.") start at `p`?
    fn capitalized_word_at(&self, p: usize) -> bool {
        self.at(p).is_some_and(char::is_uppercase)
            && self.at(p + self.at(p).map_or(0, char::len_utf8)).is_some_and(char::is_lowercase)
    }

    /// Pushes `start..end`, cut into its words if it is a contraction ("cannot").
    fn stem(&mut self, start: usize, end: usize, simple: bool) {
        if simple {
            let mut buf = [0; MAX_FOLDED];
            let folded = fold(&self.s[start..end], &mut buf);
            if let Some(host) = folded.and_then(|f| f.strip_suffix("nt")).filter(|h| self.lex.negation_hosts.contains(h)) {
                // "isnt" → "is" "nt".
                let cut = start + host.len();
                self.push(start, cut);
                self.push(cut, end);
                return;
            }
            let cut = folded.and_then(|f| self.lex.contractions.get(f).copied().or_else(|| self.cut_before_next(end, f)));
            if let Some(parts) = cut {
                // The folded form is ASCII, as long as the written one: cut at the same offsets.
                let mut p = start;
                for part in parts.split(' ') {
                    self.push(p, p + part.len());
                    p += part.len();
                }
                return;
            }
        }
        self.push(start, end);
    }

    /// The words of the folded word `word` ending at `end`, if it is cut
    /// before the word that follows it in the sentence ("its not").
    fn cut_before_next(&mut self, end: usize, word: &str) -> Option<&'static str> {
        let contexts = self.lex.contexts.get(word)?;
        let lim = std::mem::replace(&mut self.lim, self.end);
        let mut p = end;
        while let Some(c) = self.at(p).filter(|c| c.is_whitespace()) {
            p += c.len_utf8();
        }
        let next = if p > end { &self.s[p..self.alnum_run(p)] } else { "" };
        self.lim = lim;
        let mut buf = [0; MAX_FOLDED];
        let next = fold(next, &mut buf)?;
        contexts.iter().find(|(after, _)| *after == next).map(|&(_, parts)| parts)
    }

    /// Where the clitic starts, if the apostrophe at `apos` (after the word
    /// from `start`, before letters up to `end` from `rest`) begins one:
    /// `apos` for "'s", one letter earlier for "n't".
    fn clitic(&self, start: usize, apos: usize, rest: usize, end: usize, number: bool) -> Option<usize> {
        let mut buf = [0; MAX_FOLDED];
        let after = fold(&self.s[rest..end], &mut buf)?;
        // "the 80's": a decade, one word.
        if number && after == "s" {
            return None;
        }
        self.lex.clitics.iter().find_map(|cl| {
            let k = cl.find('\'')?;
            if &cl[k + 1..] != after || apos - start <= k || !self.s.is_char_boundary(apos - k) {
                return None;
            }
            self.s[apos - k..apos].eq_ignore_ascii_case(&cl[..k]).then_some(apos - k)
        })
    }

    /// Is `start..end` a prefix that a hyphen keeps on its word ("anti-war")?
    fn is_prefix(&self, start: usize, end: usize) -> bool {
        let mut buf = [0; MAX_FOLDED];
        fold(&self.s[start..end], &mut buf).is_some_and(|f| self.lex.prefixes.contains(f))
    }

    /// Do the letters `start..end` after a number stay on it ("23rd")?
    fn keeps_suffix(&self, start: usize, end: usize) -> bool {
        let letters = &self.s[start..end];
        if !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
            // Digits again ("4x4"), or other scripts: one word.
            return letters.bytes().any(|b| b.is_ascii_digit());
        }
        let mut buf = [0; MAX_FOLDED];
        fold(letters, &mut buf).is_some_and(|f| self.lex.number_suffixes.contains(f))
    }

    /// Groups of digits from `start` joined by `sep`: their number, the end
    /// of the last, and the lengths of the first two.
    fn digit_groups(&self, start: usize, sep: u8) -> (usize, usize, [usize; 2]) {
        let bytes = self.s.as_bytes();
        let (mut n, mut p, mut lens) = (0, start, [0; 2]);
        loop {
            let e = self.digit_run(p);
            if n < 2 {
                lens[n] = e - p;
            }
            n += 1;
            if e < self.lim && bytes[e] == sep && self.digit_at(e + 1) {
                p = e + 1;
            } else {
                return (n, e, lens);
            }
        }
    }

    /// Is `start..end` ("11/28") a month and a day, not a fraction ("1/2") or a range ("1774/76")?
    fn is_month_day(&self, start: usize, end: usize) -> bool {
        let Some((m, d)) = self.s[start..end].split_once('/') else { return false };
        let value = |g: &str| if g.len() <= 2 { g.parse::<u32>().ok() } else { None };
        match (value(m), value(d)) {
            (Some(m), Some(d)) => (1..=12).contains(&m) && (1..=31).contains(&d) && (m >= 10 || d >= 10),
            _ => false,
        }
    }

    /// Reads the punctuation or symbol word at `p` (character `c`), pushes it, and returns its end.
    fn punct(&mut self, p: usize, c: char) -> usize {
        let next = p + c.len_utf8();
        let rest = &self.s[p..self.lim];
        if let Some(e) = self.lex.emoticons.iter().find(|e| rest.starts_with(**e) && !self.alnum_at(p + e.len())) {
            self.push(p, p + e.len());
            return p + e.len();
        }
        let after_word = self.s[self.chunk_start..p].ends_with(|b: char| b == '.' || b.is_alphanumeric());
        let end = match c {
            // ".5", "+44": a number; ".doc": a file name's extension.
            '.' if !after_word && (self.digit_at(next) || self.is_extension(next)) => return self.word(p, next),
            '+' if !after_word && self.digit_at(next) => return self.word(p, next),
            // "#hashtag".
            '#' if self.at(next).is_some_and(char::is_alphabetic) => self.alnum_run(next),
            '\'' | '\u{2019}' | '\u{2018}' | '`' => match self.at(next) {
                // "''": a closing double quote typed as two.
                Some(d @ ('\'' | '\u{2019}' | '\u{2018}' | '`')) => next + d.len_utf8(),
                // "'72": a year.
                _ if c != '`' && self.digit_run(next) == next + 2 && !self.alnum_at(next + 2) => next + 2,
                Some(d) if d.is_alphanumeric() && c != '\u{2018}' => {
                    // "'s" with nothing before it.
                    let r = self.alnum_run(next);
                    let mut buf = [0; MAX_FOLDED];
                    match fold(&self.s[p..r], &mut buf) {
                        Some(f) if self.lex.clitics.contains(&f) => r,
                        _ => next,
                    }
                }
                _ => next,
            },
            c if is_terminal(c) => self.terminal_run(p),
            c if is_line(c) => self.run_of(next, is_line),
            c if is_regional_indicator(c) => match self.at(next) {
                // A flag: two regional indicators.
                Some(d) if is_regional_indicator(d) => next + d.len_utf8(),
                _ => next,
            },
            c if !c.is_ascii() => self.symbol_sequence(next),
            // "$$$", "//".
            '$' | '%' | '@' | '&' | '/' | '\\' => self.run_of(next, |d| d == c),
            _ => next,
        };
        self.push(p, end);
        end
    }

    /// The end of the sentence punctuation word at `p`: a run of "!?,;:"
    /// marks, and single periods among them ("?!", ".?"), or an ellipsis
    /// ("...", "…"), which is a word of its own ("...", "?").
    fn terminal_run(&self, p: usize) -> usize {
        let periods = |q: usize| self.run_of(q, |c| c == '.' || c == '\u{2026}');
        let is_ellipsis = |q: usize, e: usize| e - q > 1;
        let e = periods(p);
        if is_ellipsis(p, e) {
            return e;
        }
        let mut q = p;
        while let Some(c) = self.at(q).filter(|&c| is_terminal(c)) {
            if c == '.' || c == '\u{2026}' {
                let e = periods(q);
                if is_ellipsis(q, e) {
                    return q;
                }
                q = e;
            } else {
                q += c.len_utf8();
            }
        }
        q
    }

    /// The end of the characters from `p` that `class` holds.
    fn run_of(&self, mut p: usize, class: impl Fn(char) -> bool) -> usize {
        while let Some(c) = self.at(p).filter(|&c| class(c)) {
            p += c.len_utf8();
        }
        p
    }

    /// The end of a symbol that ends at `p` and of any symbols joined to it
    /// by a zero-width joiner (one emoji written with several).
    fn symbol_sequence(&self, mut p: usize) -> usize {
        loop {
            let j = self.joiners(p);
            let zwj = self.s[p..j].contains('\u{200D}');
            match self.at(j) {
                Some(d) if zwj && !d.is_ascii() && !d.is_alphanumeric() && !d.is_whitespace() && !is_joiner(d) => {
                    p = j + d.len_utf8();
                }
                _ => return p,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        split_words(text, 0, text.len()).iter().map(|w| w.text(text)).collect()
    }

    #[test]
    fn empty_and_blank_input_has_no_words() {
        assert!(words("").is_empty());
        assert!(words(" \t\n\u{a0}").is_empty());
        assert!(words("\u{200B}\u{FEFF}").is_empty());
    }

    #[test]
    fn splits_clitics() {
        assert_eq!(words("She'll say they're sure we've won"), ["She", "'ll", "say", "they", "'re", "sure", "we", "'ve", "won"]);
        assert_eq!(words("I'm sure I'd go"), ["I", "'m", "sure", "I", "'d", "go"]);
        assert_eq!(words("Seoul's envoy won't talk"), ["Seoul", "'s", "envoy", "wo", "n't", "talk"]);
        assert_eq!(words("DOESN'T IT'S"), ["DOES", "N'T", "IT", "'S"]);
        assert_eq!(words("O'Neill's ma'am"), ["O'Neill", "'s", "ma'am"]);
        assert_eq!(words("the 90's"), ["the", "90's"]);
        assert_eq!(words("the allies' ships"), ["the", "allies", "'", "ships"]);
    }

    #[test]
    fn splits_clitics_after_curly_apostrophes() {
        assert_eq!(words("Tokyo’s ships didn’t sail"), ["Tokyo", "’s", "ships", "did", "n’t", "sail"]);
        assert_eq!(words("‘Hello’ she’d said"), ["‘", "Hello", "’", "she", "’d", "said"]);
    }

    #[test]
    fn cuts_contractions_written_as_one_word() {
        assert_eq!(words("You cannot stop"), ["You", "can", "not", "stop"]);
        assert_eq!(words("we're gonna wanna"), ["we", "'re", "gon", "na", "wan", "na"]);
        assert_eq!(words("Dont go, it isnt SHOULDNT"), ["Do", "nt", "go", ",", "it", "is", "nt", "SHOULD", "NT"]);
        assert_eq!(words("its not its own"), ["it", "s", "not", "its", "own"]);
        // An English word the list must not cut.
        assert_eq!(words("it lets us"), ["it", "lets", "us"]);
    }

    #[test]
    fn hyphens_split_compounds_but_keep_prefixes() {
        assert_eq!(words("a Tehran-Beirut flight"), ["a", "Tehran", "-", "Beirut", "flight"]);
        assert_eq!(words("an anti-Western, non-stop, post-summit e-mail"), ["an", "anti-Western", ",", "non-stop", ",", "post-summit", "e-mail"]);
        assert_eq!(words("in the mid-1990s"), ["in", "the", "mid-1990s"]);
        assert_eq!(words("ten-year-old"), ["ten", "-", "year", "-", "old"]);
        assert_eq!(words("a 4-6 loss"), ["a", "4", "-", "6", "loss"]);
        assert_eq!(words("call 555-0199 or 1-800-555-0199"), ["call", "555-0199", "or", "1-800-555-0199"]);
        assert_eq!(words("then -- quietly -- left"), ["then", "--", "quietly", "--", "left"]);
        assert_eq!(words("Putin–Kim"), ["Putin", "–", "Kim"]);
    }

    #[test]
    fn keeps_abbreviations_with_their_period() {
        assert_eq!(words("Mr. Lee met Gen. Park in St. Petersburg."), ["Mr.", "Lee", "met", "Gen.", "Park", "in", "St.", "Petersburg", "."]);
        assert_eq!(words("The U.S. and the U.K. agreed"), ["The", "U.S.", "and", "the", "U.K.", "agreed"]);
        assert_eq!(words("tanks, guns, etc. were sent"), ["tanks", ",", "guns", ",", "etc.", "were", "sent"]);
        // At the end of the sentence the period is a word of its own.
        assert_eq!(words("tanks, guns, etc."), ["tanks", ",", "guns", ",", "etc", "."]);
        assert_eq!(words("talks with the U.S."), ["talks", "with", "the", "U.S", "."]);
        assert_eq!(words("at 9 a.m. sharp"), ["at", "9", "a.m.", "sharp"]);
        // A word that is no abbreviation loses its period.
        assert_eq!(words("Boats. Planes"), ["Boats", ".", "Planes"]);
        assert_eq!(words("the end.Then"), ["the", "end", ".", "Then"]);
        assert_eq!(words("in 2025.The EU.He said"), ["in", "2025", ".", "The", "EU", ".", "He", "said"]);
        // The sentence's own period after an abbreviation's.
        assert_eq!(words("in Washington, D.C.."), ["in", "Washington", ",", "D.C.", "."]);
        assert_eq!(words("on Yahoo! today"), ["on", "Yahoo!", "today"]);
    }

    #[test]
    fn keeps_numbers_and_times() {
        assert_eq!(words("8,000 troops, 3.5 tons, 42%."), ["8,000", "troops", ",", "3.5", "tons", ",", "42", "%", "."]);
        assert_eq!(words("$2 or US$5.50 or £3"), ["$", "2", "or", "US$", "5.50", "or", "£", "3"]);
        assert_eq!(words("at 7:30pm on 12/24/2024"), ["at", "7:30", "pm", "on", "12/24/2024"]);
        assert_eq!(words("the 3rd of 10km"), ["the", "3rd", "of", "10", "km"]);
        assert_eq!(words("on 10/15 take 1/2"), ["on", "10/15", "take", "1", "/", "2"]);
        assert_eq!(words("it cost $.50."), ["it", "cost", "$", ".50", "."]);
        assert_eq!(words("dial +82 2 or (713) 555-0100 or 713/555-0100"), ["dial", "+82", "2", "or", "(", "713", ")", "555-0100", "or", "713/555-0100"]);
        assert_eq!(words("2+2 is 4"), ["2", "+", "2", "is", "4"]);
    }

    #[test]
    fn keeps_links_whole() {
        assert_eq!(words("see (https://example.org/a-b?c=d&e=f)."), ["see", "(", "https://example.org/a-b?c=d&e=f", ")", "."]);
        assert_eq!(words("mail <kim.lee@example.co.kr>, or www.example.net."), ["mail", "<", "kim.lee@example.co.kr", ">", ",", "or", "www.example.net", "."]);
        assert_eq!(words("on example.com today"), ["on", "example.com", "today"]);
        assert_eq!(words("From: \"Kim\"<kim...@example.com>."), ["From", ":", "\"", "Kim", "\"", "<", "kim...@example.com", ">", "."]);
        assert_eq!(words("(mailto:kim@example.com)"), ["(", "mailto:kim@example.com", ")"]);
        assert_eq!(words("@home me@"), ["@", "home", "me", "@"]);
        assert_eq!(words("see plan_v2.doc or the .pdf, #budget"), ["see", "plan_v2.doc", "or", "the", ".pdf", ",", "#budget"]);
        assert_eq!(words("w/o b/c and/or"), ["w/o", "b/c", "and", "/", "or"]);
    }

    #[test]
    fn punctuation_runs_quotes_and_brackets() {
        assert_eq!(words("Wait... what?! No!!"), ["Wait", "...", "what", "?!", "No", "!!"]);
        assert_eq!(words("\"Go,\" he said (twice)."), ["\"", "Go", ",", "\"", "he", "said", "(", "twice", ")", "."]);
        assert_eq!(words("“Really?”"), ["“", "Really", "?", "”"]);
        assert_eq!(words("``Yes,'' said Ann."), ["``", "Yes", ",", "''", "said", "Ann", "."]);
        assert_eq!(words("good :) bad :("), ["good", ":)", "bad", ":("]);
        assert_eq!(words("fine:)"), ["fine", ":)"]);
        assert_eq!(words("back in '72."), ["back", "in", "'72", "."]);
        assert_eq!(words("so...? and,... ok.?"), ["so", "...", "?", "and", ",", "...", "ok", ".?"]);
        assert_eq!(words("$$$ and ##"), ["$$$", "and", "##"]);
    }

    #[test]
    fn other_scripts_emoji_and_invisible_characters() {
        assert_eq!(words("Москва и Пекин."), ["Москва", "и", "Пекин", "."]);
        assert_eq!(words("東京で会談"), ["東京で会談"]);
        assert_eq!(words("नमस्ते दुनिया"), ["नमस्ते", "दुनिया"]);
        assert_eq!(words("great 👍🏽 news 🇰🇷!"), ["great", "👍🏽", "news", "🇰🇷", "!"]);
        assert_eq!(words("family 👨\u{200D}👩\u{200D}👧 photo"), ["family", "👨\u{200D}👩\u{200D}👧", "photo"]);
        assert_eq!(words("Rus\u{200B}sia cafe\u{301}s"), ["Rus\u{200B}sia", "cafe\u{301}s"]);
        assert_eq!(words("\u{200B}Seoul\u{200B} ,\u{FEFF}"), ["Seoul\u{200B}", ",\u{FEFF}"]);
    }

    #[test]
    fn spans_are_offsets_into_the_whole_text() {
        let text = "Skip this. He's here.";
        let got = split_words(text, 11, text.len());
        assert_eq!(got[0], Word { start: 11, end: 13 });
        assert_eq!(got.iter().map(|w| w.text(text)).collect::<Vec<_>>(), ["He", "'s", "here", "."]);
    }

    /// Checks the spans of `text[start..end]`: in order, not overlapping,
    /// not empty, on character boundaries, free of white space, and
    /// covering every character but white space and invisible ones.
    fn check_spans(text: &str, start: usize, end: usize) {
        let words = split_words(text, start, end);
        let mut covered = start;
        for w in &words {
            assert!(w.start < w.end && w.start >= covered && w.end <= end, "{w:?} after {covered} in {text:?}");
            assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end), "{w:?} in {text:?}");
            assert!(!w.text(text).contains(char::is_whitespace), "{w:?} in {text:?}");
            let gap = &text[covered..w.start];
            assert!(gap.chars().all(|c| c.is_whitespace() || is_invisible(c)), "{gap:?} uncovered in {text:?}");
            covered = w.end;
        }
        let gap = &text[covered..end];
        assert!(gap.chars().all(|c| c.is_whitespace() || is_invisible(c)), "{gap:?} uncovered at the end of {text:?}");
    }

    /// [`check_spans`] on the whole text and on spans from and to every character boundary.
    fn check_all_spans(text: &str) {
        check_spans(text, 0, text.len());
        for (i, _) in text.char_indices() {
            check_spans(text, i, text.len());
            check_spans(text, 0, i);
        }
    }

    /// Characters the segmenter treats specially, so that random strings of them meet every rule.
    const TRICKY: &str = "aAsStTnNdDmM019 .,:;!?…'’‘`\"“”-‐–—_/&@#$%+*=<>()[]{}~|^\\\u{200B}\u{200D}\u{FEFF}\u{301}\u{FE0F}é日Σ٣😀👍🏽🇰\u{a0}\n\t";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3_000, ..proptest::prelude::ProptestConfig::default() })]

        #[test]
        fn spans_hold_for_any_text(text in "\\PC{0,24}") {
            check_all_spans(&text);
        }

        #[test]
        fn spans_hold_for_tricky_text(picks in proptest::collection::vec(0..TRICKY.chars().count(), 0..24)) {
            let chars: Vec<char> = TRICKY.chars().collect();
            let text: String = picks.into_iter().map(|i| chars[i]).collect();
            check_all_spans(&text);
        }

        #[test]
        fn spans_hold_for_words_and_links(text in "((www\\.|http://|[a-z]{1,3}@)?[a-zA-Z0-9]{0,4}[-.'’/@_:,]{0,3}[a-zA-Z0-9]{0,3}[ .]?){0,5}") {
            check_all_spans(&text);
        }
    }

    #[test]
    fn spans_hold_for_text_of_every_rule() {
        for text in [
            "I can't, won't; she'd've y'all O'Brien's 80's '72 ''",
            "U.S.-led Ph.D. a.m.. D.C.. etc... e.g.,x U.S.A. U.S.Army Dr.Who",
            "555-0199 1-800-555-0199 713/853-5025 12/24/2024 1/2 b/c f/b/o 3.5bn 8,000 11,2000 7:30PM",
            "www.x.org/a). (http://a.b/c). <a@b.c>, @home x@ @ a@b",
            "...? ?!... ,... …. :) :-( (: :D fine:) #tag #1 +44 $$$ //",
            "\u{200B}a\u{200B}b\u{200B} \u{301}x \u{200D}😀\u{200D}😀 🇰🇷🇰 ﬁ",
        ] {
            check_all_spans(text);
        }
    }

    #[test]
    fn long_input_is_read_in_linear_time() {
        // Each would take minutes at quadratic cost; linear, well under a second in a debug build.
        let no_space = "a".repeat(10 << 20);
        assert_eq!(split_words(&no_space, 0, no_space.len()).len(), 1);
        let words = "word ".repeat(100_000);
        assert_eq!(split_words(&words, 0, words.len()).len(), 100_000);
        let dotted = "a.".repeat(1 << 20);
        assert_eq!(split_words(&dotted, 0, dotted.len()).len(), 2);
        let hyphens = "1-".repeat(1 << 20);
        assert!(!split_words(&hyphens, 0, hyphens.len()).is_empty());
        let marks = "!?".repeat(1 << 20);
        assert_eq!(split_words(&marks, 0, marks.len()).len(), 1);
        let apostrophes = "a'".repeat(1 << 20);
        check_spans(&apostrophes, 0, apostrophes.len());
        let invisible = "\u{200B}".repeat(1 << 20);
        assert!(split_words(&invisible, 0, invisible.len()).is_empty());
        let joined = "x\u{301}".repeat(1 << 19);
        assert_eq!(split_words(&joined, 0, joined.len()).len(), 1);
        let emoji = "😀\u{200D}".repeat(1 << 18);
        check_spans(&emoji, 0, emoji.len());
    }

    #[test]
    fn lists_load_and_fold() {
        let lex = lexicon();
        assert!(lex.clitics.contains(&"n't") && lex.clitics.contains(&"'s"));
        assert_eq!(lex.contractions.get("cannot"), Some(&"can not"));
        assert!(lex.prefixes.contains("anti") && lex.abbreviations.contains("dr."));
        let all = lex.clitics.iter().chain(lex.contractions.keys()).chain(lex.prefixes.iter()).chain(lex.abbreviations.iter());
        for entry in all.chain(lex.number_suffixes.iter()) {
            let mut buf = [0; MAX_FOLDED];
            assert_eq!(fold(entry, &mut buf), Some(*entry), "entries are stored folded");
        }
        for (word, parts) in &lex.contractions {
            assert_eq!(parts.replace(' ', ""), *word, "a contraction's words spell it");
        }
    }
}
