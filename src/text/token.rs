//! Tokens with byte spans into the original text.
//!
//! Words, numbers and punctuation become tokens; a possessive ending ('s)
//! and a negation clitic (n't) are tokens of their own so that rules can
//! name them; initialisms with periods ("U.S.") stay one token.
//!
//! Invisible characters — zero-width spaces and joiners, the soft hyphen,
//! the byte-order mark, direction marks and bidirectional controls — never
//! split a word and never appear in its normalised form: "Rus\u{200B}sia"
//! is one token whose `norm` is "russia", so it names the actor as
//! "Russia" does. Between words they are skipped like white space. Look-alike
//! letters from other scripts (Cyrillic "і" in "Russіa") are *not* folded:
//! such a word is a different word and names no actor.
//!
//! Tokenizing takes time linear in the length of the text.

use compact_str::CompactString;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (possibly with digits or inner apostrophes/periods of an initialism).
    Word,
    /// Starts with a digit: "8,000", "2025", "$2".
    Number,
    /// Any other single character.
    Punct,
}

/// One token: its byte span in the document and its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte start in the document.
    pub start: usize,
    /// Byte end in the document.
    pub end: usize,
    /// Word, number or punctuation.
    pub kind: TokenKind,
    /// Lower-cased form with typographic apostrophes folded to `'` and
    /// invisible characters ([`is_invisible`]) dropped.
    ///
    /// A [`CompactString`] keeps forms of up to 24 bytes (nearly every
    /// word) inside the token, so tokenising allocates nothing per token;
    /// it reads as a `&str` and compares with one.
    ///
    /// ```
    /// use actorgraph::text::tokenize;
    /// let toks = tokenize("Pyongyang’s", 0, "Pyongyang’s".len());
    /// assert_eq!(toks[1].norm, "'s");
    /// assert_eq!(toks[0].norm.as_str(), "pyongyang");
    /// ```
    pub norm: CompactString,
}

impl Token {
    /// The token as written.
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.start..self.end]
    }

    /// True when the written form starts with an upper-case letter.
    pub fn is_capitalized(&self, doc: &str) -> bool {
        self.text(doc).chars().next().is_some_and(char::is_uppercase)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// The longest initialism, in letters ("U.S.S.R." has four); a longer run
/// of single letters and periods is read as words and periods.
const MAX_INITIALISM_LETTERS: usize = 10;

/// Characters that take no room and carry no letter: zero-width space,
/// non-joiner and joiner, word joiner, soft hyphen, byte-order mark,
/// left-to-right and right-to-left marks, and bidirectional embeddings,
/// overrides and isolates.
///
/// ```
/// use actorgraph::text::is_invisible;
/// assert!(is_invisible('\u{200B}') && is_invisible('\u{202E}'));
/// assert!(!is_invisible(' ') && !is_invisible('a'));
/// ```
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// The characters of the text being tokenised, by index: `at(i)` is the
/// byte offset of the `i`-th character (relative to the slice) and the
/// character. The tokenizer reads text only through this, so that ASCII
/// text (most news) is read byte by byte with no decoding or copying, and
/// other text from its decoded characters, by one and the same code.
trait Chars: Copy {
    /// Number of characters.
    fn len(self) -> usize;
    /// The `i`-th character and its offset, if `i < len`.
    fn get(self, i: usize) -> Option<(usize, char)>;
    /// The `i`-th character and its offset; `i` must be below `len`.
    fn at(self, i: usize) -> (usize, char);
}

/// ASCII text: each byte is a character at its own offset.
#[derive(Clone, Copy)]
struct Ascii<'a>(&'a [u8]);

impl Chars for Ascii<'_> {
    #[inline]
    fn len(self) -> usize {
        self.0.len()
    }
    #[inline]
    fn get(self, i: usize) -> Option<(usize, char)> {
        self.0.get(i).map(|&b| (i, char::from(b)))
    }
    #[inline]
    fn at(self, i: usize) -> (usize, char) {
        (i, char::from(self.0[i]))
    }
}

impl Chars for &[(usize, char)] {
    #[inline]
    fn len(self) -> usize {
        <[(usize, char)]>::len(self)
    }
    #[inline]
    fn get(self, i: usize) -> Option<(usize, char)> {
        <[(usize, char)]>::get(self, i).copied()
    }
    #[inline]
    fn at(self, i: usize) -> (usize, char) {
        self[i]
    }
}

/// If character `j` starts a run of invisible characters followed by a word
/// character, the index of that word character.
fn invisible_run_before_word(chars: impl Chars, j: usize) -> Option<usize> {
    let mut k = j;
    while k < chars.len() && is_invisible(chars.at(k).1) {
        k += 1;
    }
    (k > j && k < chars.len() && is_word_char(chars.at(k).1)).then_some(k)
}

/// Splits `text[start..end]` into tokens whose spans are offsets into `text`.
///
/// ```
/// use actorgraph::text::tokenize;
/// let text = "Japan's U.S. ally didn't act.";
/// let words: Vec<&str> = tokenize(text, 0, text.len()).iter().map(|t| t.text(text)).collect();
/// assert_eq!(words, ["Japan", "'s", "U.S.", "ally", "did", "n't", "act", "."]);
/// ```
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    tokenize_into(text, start, end, &mut tokens);
    tokens
}

/// Like [`tokenize`], into `tokens` (cleared first), so that a caller
/// reading many sentences can reuse one vector's memory.
pub(crate) fn tokenize_into(text: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
    thread_local! {
        /// The decoded characters of the non-ASCII text being tokenised, reused from call to call.
        static CHARS: std::cell::RefCell<Vec<(usize, char)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    tokens.clear();
    let slice = &text[start..end];
    // Most news words are shorter than six bytes with their space.
    tokens.reserve(slice.len() / 6 + 1);
    if slice.is_ascii() {
        // Most text is ASCII: each byte is a character, no decoding needed.
        return tokenize_chars(text, start, end, Ascii(slice.as_bytes()), tokens);
    }
    let decode = |chars: &mut Vec<(usize, char)>| {
        chars.clear();
        chars.extend(slice.char_indices());
    };
    CHARS.with(|buf| match buf.try_borrow_mut() {
        Ok(mut chars) => {
            decode(&mut chars);
            tokenize_chars(text, start, end, &chars[..], tokens)
        }
        Err(_) => {
            let mut chars = Vec::new();
            decode(&mut chars);
            tokenize_chars(text, start, end, &chars[..], tokens)
        }
    })
}

fn tokenize_chars(text: &str, start: usize, end: usize, chars: impl Chars, tokens: &mut Vec<Token>) {
    let slice_len = end - start;
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars.at(i);
        if c.is_whitespace() || is_invisible(c) {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            // Initialism: single letters each followed by a period ("U.S.", "U.N.").
            if let Some(len) = initialism_len(chars, i) {
                let e = chars.get(i + len).map_or(slice_len, |x| x.0);
                push(tokens, text, start + off, start + e, TokenKind::Word);
                i += len;
                continue;
            }
            let mut j = i;
            while j < chars.len() {
                let cj = chars.at(j).1;
                // Keep digit groups ("8,000", "1.5") and inner apostrophes ("O'Brien") together.
                let joiner = (cj == ',' || cj == '.') && c.is_ascii_digit();
                let inner_apostrophe = is_apostrophe(cj);
                if is_word_char(cj) {
                    j += 1;
                } else if let Some(k) = invisible_run_before_word(chars, j) {
                    // "Rus\u{200B}sia": an invisible character inside a word keeps it whole.
                    j = k;
                } else if (joiner || inner_apostrophe)
                    && j + 1 < chars.len()
                    && is_word_char(chars.at(j + 1).1)
                    && !(inner_apostrophe && is_possessive_or_clitic(chars, j))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let e = chars.get(j).map_or(slice_len, |x| x.0);
            let word = &text[start + off..start + e];
            let kind = if c.is_ascii_digit() { TokenKind::Number } else { TokenKind::Word };
            // Split the negation clitic: "didn't" → "did" + "n't". (Only 'n' and
            // 'N' lower-case to a string ending in 'n', and a word of two or
            // more characters lower-cases to two or more bytes.)
            if kind == TokenKind::Word && word.len() >= 2 && chars.get(j).is_some_and(|x| is_apostrophe(x.1))
                && matches!(word.as_bytes().last(), Some(b'n' | b'N')) && chars.get(j + 1).is_some_and(|x| x.1 == 't' || x.1 == 'T')
                && !chars.get(j + 2).is_some_and(|x| is_word_char(x.1))
            {
                let n_pos = start + off + word.len() - 1;
                push(tokens, text, start + off, n_pos, TokenKind::Word);
                let t_end = chars.get(j + 2).map_or(slice_len, |x| x.0);
                push(tokens, text, n_pos, start + t_end, TokenKind::Word);
                i = j + 2;
                continue;
            }
            push(tokens, text, start + off, start + e, kind);
            i = j;
            continue;
        }
        if is_apostrophe(c) {
            // Possessive "'s" (or a bare apostrophe after a plural: "allies'").
            if chars.get(i + 1).is_some_and(|x| x.1 == 's' || x.1 == 'S')
                && !chars.get(i + 2).is_some_and(|x| is_word_char(x.1))
            {
                let e = chars.get(i + 2).map_or(slice_len, |x| x.0);
                push(tokens, text, start + off, start + e, TokenKind::Word);
                i += 2;
                continue;
            }
        }
        let e = chars.get(i + 1).map_or(slice_len, |x| x.0);
        push(tokens, text, start + off, start + e, TokenKind::Punct);
        i += 1;
    }
}

/// At an apostrophe (character `j`): is this "'s" or "'t" ending a word (split), rather than an inner one?
fn is_possessive_or_clitic(chars: impl Chars, j: usize) -> bool {
    let next = chars.get(j + 1).map(|x| x.1.to_ascii_lowercase());
    let after = chars.get(j + 2).map(|x| x.1);
    matches!(next, Some('s' | 't')) && !after.is_some_and(is_word_char)
}

/// Length in chars of an initialism ("U.S.", "U.S.A.") at character `i`, if any.
fn initialism_len(chars: impl Chars, i: usize) -> Option<usize> {
    let ch = |k: usize| chars.get(i + k).map(|x| x.1);
    let mut n = 0;
    let mut letters = 0;
    while i + n + 1 < chars.len() && chars.at(i + n).1.is_alphabetic() && chars.at(i + n + 1).1 == '.' && letters < MAX_INITIALISM_LETTERS {
        // A letter must stand alone: not preceded within the run by another letter.
        letters += 1;
        n += 2;
        if ch(n).is_some_and(char::is_alphabetic) && ch(n + 1).is_some_and(|c| c == '.') {
            continue;
        }
        break;
    }
    let followed_by_word = ch(n).is_some_and(is_word_char);
    (letters >= 2 && !followed_by_word).then_some(n)
}

fn push(tokens: &mut Vec<Token>, text: &str, start: usize, end: usize, kind: TokenKind) {
    let written = &text[start..end];
    let norm = if written.is_ascii() {
        // No typographic apostrophe, no invisible character: a copy, lower-cased in place.
        let mut norm = CompactString::from(written);
        norm.make_ascii_lowercase();
        norm
    } else if written.contains('\u{03A3}') {
        // A capital sigma lower-cases by its place in the word (σ or final ς),
        // which only `str::to_lowercase` knows.
        let visible: String = written.chars().filter(|c| !is_invisible(*c)).collect();
        CompactString::from(visible.replace('\u{2019}', "'").to_lowercase())
    } else {
        // Character by character, as `str::to_lowercase` does for every letter but sigma.
        let mut norm = CompactString::with_capacity(written.len());
        for c in written.chars().filter(|c| !is_invisible(*c)) {
            if c == '\u{2019}' {
                norm.push('\'');
            } else {
                norm.extend(c.to_lowercase());
            }
        }
        norm
    };
    tokens.push(Token { start, end, kind, norm });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, 0, text.len()).into_iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn splits_possessives_and_clitics() {
        assert_eq!(words("Pyongyang’s troops won't stay"), ["Pyongyang", "’s", "troops", "wo", "n't", "stay"]);
        assert_eq!(words("O'Brien can't"), ["O'Brien", "ca", "n't"]);
    }

    #[test]
    fn keeps_initialisms_and_numbers() {
        assert_eq!(words("the U.S. sent 8,000 troops, 1.5 tons."), ["the", "U.S.", "sent", "8,000", "troops", ",", "1.5", "tons", "."]);
        assert_eq!(words("Gen. Smith"), ["Gen", ".", "Smith"]);
    }

    #[test]
    fn hyphens_and_dashes_are_tokens() {
        assert_eq!(words("Pyongyang-Moscow ties"), ["Pyongyang", "-", "Moscow", "ties"]);
        assert_eq!(words("Putin–Kim summit"), ["Putin", "–", "Kim", "summit"]);
    }

    #[test]
    fn spans_are_offsets_into_the_whole_text() {
        let text = "xx Seoul met Tokyo";
        let toks = tokenize(text, 3, text.len());
        assert_eq!(toks[0].start, 3);
        assert_eq!(toks[0].text(text), "Seoul");
        assert_eq!(toks[2].norm, "tokyo");
    }
}
