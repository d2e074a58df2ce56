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
        match doc.as_bytes().get(self.start) {
            // An ASCII first letter (nearly every token): no decoding.
            Some(b) if b.is_ascii() && self.start < self.end && doc.is_char_boundary(self.end) => b.is_ascii_uppercase(),
            _ => self.text(doc).chars().next().is_some_and(char::is_uppercase),
        }
    }
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

/// The typographic apostrophe, folded to `'` in normalised forms.
const RIGHT_QUOTE: char = '\u{2019}';

// Classes of a byte, from `CLASS`: what the tokenizer asks of an ASCII
// character without decoding it. A byte of a multi-byte character has
// class `MULTI`, and the character is decoded (`decode`) to be classified.
/// White space (`char::is_whitespace`): space, tab, line feed, vertical tab, form feed, carriage return.
const SPACE: u8 = 1;
/// `A`–`Z`.
const UPPER: u8 = 2;
/// `a`–`z`.
const LOWER: u8 = 4;
/// `0`–`9`.
const DIGIT: u8 = 8;
/// A byte of a non-ASCII character.
const MULTI: u8 = 16;
/// Letters and digits: ASCII word characters (`char::is_alphanumeric`).
const ALNUM: u8 = UPPER | LOWER | DIGIT;

/// The class of every byte.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => SPACE,
            b'A'..=b'Z' => UPPER,
            b'a'..=b'z' => LOWER,
            b'0'..=b'9' => DIGIT,
            0x80..=0xFF => MULTI,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// The non-ASCII character starting at byte `p` of `s`, and its length in bytes.
#[inline(never)]
fn decode(s: &str, p: usize) -> (char, usize) {
    let c = s[p..].chars().next().expect("a character at a character boundary");
    (c, c.len_utf8())
}

/// Is the non-ASCII character `c` a letter or digit (`char::is_alphanumeric`)?
///
/// The commonest non-ASCII characters of news text are curly quotes and
/// dashes, from the General Punctuation block, which holds no letter or
/// digit: they are answered here, where `is_alphanumeric` would search
/// two Unicode tables for them.
#[inline]
fn is_word_char(c: char) -> bool {
    !matches!(c, '\u{2000}'..='\u{206F}') && c.is_alphanumeric()
}

/// The character of `s`, if `s` is one visible character of the General
/// Punctuation block (curly quotes, dashes, ellipsis, bullets).
#[inline]
fn general_punctuation(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c @ '\u{2000}'..='\u{206F}'), None) if !is_invisible(c) => Some(c),
        _ => None,
    }
}

/// The character starting at byte `p` of `s` (a character boundary), if any, and its length.
#[inline]
fn char_at(s: &str, p: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(p)?;
    Some(if b < 0x80 { (char::from(b), 1) } else { decode(s, p) })
}

/// Does a word character (a letter or digit) start at byte `p` of `s`?
#[inline]
fn word_char_at(s: &str, p: usize) -> bool {
    match s.as_bytes().get(p) {
        None => false,
        Some(&b) if b < 0x80 => CLASS[usize::from(b)] & ALNUM != 0,
        Some(_) => is_word_char(decode(s, p).0),
    }
}

/// The length in bytes of the apostrophe (`'` or `’`) starting at byte `p` of `s`, if one does.
#[inline]
fn apostrophe_at(s: &str, p: usize) -> Option<usize> {
    match s.as_bytes().get(p) {
        Some(b'\'') => Some(1),
        Some(0xE2) if s[p..].starts_with(RIGHT_QUOTE) => Some(RIGHT_QUOTE.len_utf8()),
        _ => None,
    }
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
///
/// The text is read byte by byte: an ASCII character (most of any news
/// text) is classified by a table lookup, and only a non-ASCII one is
/// decoded, where it stands.
pub(crate) fn tokenize_into(text: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
    tokens.clear();
    let s = &text[start..end];
    let bytes = s.as_bytes();
    let n = bytes.len();
    // Most news words are shorter than six bytes with their space.
    tokens.reserve(n / 6 + 1);
    let mut p = 0;
    while p < n {
        let b = bytes[p];
        let class = CLASS[usize::from(b)];
        let (c, len) = if class & MULTI == 0 {
            if class & SPACE != 0 {
                p += 1;
                continue;
            }
            (char::from(b), 1)
        } else {
            let (c, len) = decode(s, p);
            if c.is_whitespace() || is_invisible(c) {
                p += len;
                continue;
            }
            (c, len)
        };
        p = if class & ALNUM != 0 || (class & MULTI != 0 && is_word_char(c)) {
            word(text, start, s, p, c, len, tokens)
        } else if c == '\'' || c == RIGHT_QUOTE {
            apostrophe(text, start, s, p, len, tokens)
        } else {
            punct(text, start, p, p + len, tokens)
        };
    }
}

/// At an apostrophe of `len` bytes at byte `p` of `s` (= `text[start..]`):
/// a possessive "'s" (or a bare apostrophe after a plural: "allies'").
/// Pushes its token and returns the byte after it.
fn apostrophe(text: &str, start: usize, s: &str, p: usize, len: usize, tokens: &mut Vec<Token>) -> usize {
    let bytes = s.as_bytes();
    if matches!(bytes.get(p + len), Some(b's' | b'S')) && !word_char_at(s, p + len + 1) {
        push(tokens, text, start + p, start + p + len + 1, TokenKind::Word);
        return p + len + 1;
    }
    punct(text, start, p, p + len, tokens)
}

/// Pushes the punctuation `s[p..e]` (`s` = `text[start..]`) and returns `e`.
fn punct(text: &str, start: usize, p: usize, e: usize, tokens: &mut Vec<Token>) -> usize {
    if e == p + 1 {
        // One ASCII character that is neither a letter nor a digit: its own normal form.
        push_ascii(tokens, text, start + p, start + e, TokenKind::Punct, false, false);
    } else {
        push(tokens, text, start + p, start + e, TokenKind::Punct);
    }
    e
}

/// At a word character `c` of `len` bytes at byte `p` of `s` (= `text[start..]`):
/// reads the word (or number, or initialism) there, pushes its token(s) and
/// returns the byte after it.
fn word(text: &str, start: usize, s: &str, p: usize, c: char, len: usize, tokens: &mut Vec<Token>) -> usize {
    let bytes = s.as_bytes();
    let n = bytes.len();
    // Initialism: single letters each followed by a period ("U.S.", "U.N.").
    if bytes.get(p + len) == Some(&b'.') && c.is_alphabetic() {
        if let Some(e) = initialism_end(s, p) {
            push(tokens, text, start + p, start + e, TokenKind::Word);
            return e;
        }
    }
    let digit = c.is_ascii_digit();
    // The classes of the ASCII bytes after the first (and of the byte ending
    // each run of them), or'ed: tells whether an upper-case letter is there.
    let mut classes = 0;
    // Whether the word has a non-ASCII character.
    let mut multi = len > 1;
    let mut j = p + len;
    loop {
        j += bytes[j..]
            .iter()
            .position(|&b| {
                let class = CLASS[usize::from(b)];
                classes |= class;
                class & ALNUM == 0
            })
            .unwrap_or(n - j);
        let Some(&b) = bytes.get(j) else { break };
        // Keep digit groups ("8,000", "1.5") and inner apostrophes ("O'Brien") together.
        let apostrophe_len = if b < 0x80 {
            if (b == b',' || b == b'.') && digit {
                if word_char_at(s, j + 1) {
                    j += 1;
                    continue;
                }
                break;
            }
            if b != b'\'' {
                break;
            }
            1
        } else {
            let (cj, len) = decode(s, j);
            if is_word_char(cj) {
                multi = true;
                j += len;
                continue;
            }
            if is_invisible(cj) {
                // "Rus\u{200B}sia": an invisible character inside a word keeps it whole.
                let mut k = j + len;
                while let Some((ck, len)) = char_at(s, k) {
                    if !is_invisible(ck) {
                        break;
                    }
                    k += len;
                }
                if word_char_at(s, k) {
                    multi = true;
                    j = k;
                    continue;
                }
                break;
            }
            if cj != RIGHT_QUOTE {
                break;
            }
            multi = true;
            len
        };
        // An inner apostrophe, unless it starts a possessive or a clitic ending the word.
        if word_char_at(s, j + apostrophe_len) && !is_possessive_or_clitic(s, j + apostrophe_len) {
            j += apostrophe_len;
            continue;
        }
        break;
    }
    let kind = if digit { TokenKind::Number } else { TokenKind::Word };
    // Split the negation clitic: "didn't" → "did" + "n't". (Only 'n' and
    // 'N' lower-case to a string ending in 'n', and a word of two or
    // more characters lower-cases to two or more bytes.)
    // (Tested apostrophe first: most words end at a space.)
    if matches!(bytes.get(j), Some(b'\'' | 0xE2)) && kind == TokenKind::Word && j - p >= 2 && matches!(bytes[j - 1], b'n' | b'N') {
        if let Some(a) = apostrophe_at(s, j) {
            if matches!(bytes.get(j + a), Some(b't' | b'T')) && !word_char_at(s, j + a + 1) {
                let n_pos = j - 1;
                push(tokens, text, start + p, start + n_pos, TokenKind::Word);
                push(tokens, text, start + n_pos, start + j + a + 1, TokenKind::Word);
                return j + a + 1;
            }
        }
    }
    if !multi {
        push_ascii(tokens, text, start + p, start + j, kind, c.is_ascii_uppercase(), classes & UPPER != 0);
    } else {
        push(tokens, text, start + p, start + j, kind);
    }
    j
}

/// After an apostrophe, at byte `q` (the character after it): is this "'s"
/// or "'t" ending a word (split), rather than an inner apostrophe?
#[inline]
fn is_possessive_or_clitic(s: &str, q: usize) -> bool {
    matches!(s.as_bytes().get(q), Some(b's' | b'S' | b't' | b'T')) && !word_char_at(s, q + 1)
}

/// The end (a byte of `s`) of an initialism ("U.S.", "U.S.A.") starting at byte `p`, if one does.
fn initialism_end(s: &str, p: usize) -> Option<usize> {
    let mut q = p;
    let mut letters = 0;
    while letters < MAX_INITIALISM_LETTERS {
        // A letter must stand alone: each followed by a period.
        match char_at(s, q) {
            Some((c, len)) if c.is_alphabetic() && s.as_bytes().get(q + len) == Some(&b'.') => {
                letters += 1;
                q += len + 1;
            }
            _ => break,
        }
    }
    (letters >= 2 && !word_char_at(s, q)).then_some(q)
}

/// Pushes the token `text[start..end]`, which is ASCII, with `upper_first`
/// set when its first character is an upper-case letter and `upper_rest`
/// when another one is.
#[inline(always)]
fn push_ascii(tokens: &mut Vec<Token>, text: &str, start: usize, end: usize, kind: TokenKind, upper_first: bool, upper_rest: bool) {
    let mut norm = CompactString::new(&text[start..end]);
    if upper_rest {
        norm.make_ascii_lowercase();
    } else if upper_first {
        // A capitalised word ("Moscow"): only its first letter to lower-case.
        if let Some(first) = norm.get_mut(..1) {
            first.make_ascii_lowercase();
        }
    }
    tokens.push(Token { start, end, kind, norm });
}

/// Pushes the token `text[start..end]`, whatever its characters.
fn push(tokens: &mut Vec<Token>, text: &str, start: usize, end: usize, kind: TokenKind) {
    let written = &text[start..end];
    if written.is_ascii() {
        // No typographic apostrophe, no invisible character: a copy, lower-cased in place.
        return push_ascii(tokens, text, start, end, kind, false, true);
    }
    let norm = if let Some(c) = general_punctuation(written) {
        // A curly quote or a dash (most non-ASCII tokens): it has no case.
        if c == RIGHT_QUOTE {
            CompactString::const_new("'")
        } else {
            CompactString::new(written)
        }
    } else if written.contains('\u{03A3}') {
        // A capital sigma lower-cases by its place in the word (σ or final ς),
        // which only `str::to_lowercase` knows.
        let visible: String = written.chars().filter(|c| !is_invisible(*c)).collect();
        CompactString::from(visible.replace(RIGHT_QUOTE, "'").to_lowercase())
    } else {
        // Character by character, as `str::to_lowercase` does for every letter but sigma.
        let mut norm = CompactString::with_capacity(written.len());
        for c in written.chars().filter(|c| !is_invisible(*c)) {
            if c == RIGHT_QUOTE {
                norm.push('\'');
            } else {
                norm.extend(c.to_lowercase());
            }
        }
        norm
    };
    tokens.push(Token { start, end, kind, norm });
}

/// The tokenizer as it was before it read bytes through a class table
/// (character by character, ASCII text through the same generic code as
/// decoded text), kept to check that the two give the same tokens.
#[cfg(test)]
mod reference {
    use compact_str::CompactString;

    use super::{is_invisible, Token, TokenKind, MAX_INITIALISM_LETTERS};

    fn is_apostrophe(c: char) -> bool {
        c == '\'' || c == '\u{2019}'
    }

    fn is_word_char(c: char) -> bool {
        c.is_alphanumeric()
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

    pub(super) fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
        let mut tokens = Vec::new();
        tokenize_into(text, start, end, &mut tokens);
        tokens
    }

    /// Like [`tokenize`], into `tokens` (cleared first), so that a caller
    /// reading many sentences can reuse one vector's memory.
    pub(super) fn tokenize_into(text: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
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

    /// Checks that the tokenizer and the character-by-character reference
    /// give the same tokens for `text`, whole and from every character
    /// boundary to the end and from the start to every boundary.
    fn same_as_reference(text: &str) {
        let whole = tokenize(text, 0, text.len());
        assert_eq!(whole, reference::tokenize(text, 0, text.len()), "{text:?}");
        for (i, _) in text.char_indices().skip(1) {
            assert_eq!(tokenize(text, i, text.len()), reference::tokenize(text, i, text.len()), "{text:?} from {i}");
            assert_eq!(tokenize(text, 0, i), reference::tokenize(text, 0, i), "{text:?} to {i}");
        }
    }

    const TRICKY: &[&str] = &[
        "",
        " ",
        "a",
        "A",
        "'",
        "’",
        "'s",
        "’S",
        "s'",
        "U.S.",
        "U.S",
        "U.S.A.",
        "U.S.S.R.",
        "the U.S.-led coalition",
        "U.S.based",
        "U.S.1",
        "U.N.'s",
        "A.B.C.D.E.F.G.H.I.J.",
        "A.B.C.D.E.F.G.H.I.J.K.",
        "A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R.S.T.U.V.",
        "a.b.c.d.e.f.g.h.i.j.k.l",
        "x.y. z.",
        "Gen. Smith",
        "i.e., e.g.",
        "No. 10",
        "8,000",
        "8,000,000 troops",
        "8,",
        "8,a",
        "1.5",
        "1.5.",
        "1..5",
        "1,.5",
        "3.5bn",
        "$2",
        "2nd 5G",
        "1990's",
        "1990s'",
        "A,000",
        "didn't",
        "DIDN'T",
        "didn’t",
        "can't",
        "won't stay",
        "n't",
        "'t",
        "isn'tx",
        "don't.",
        "ain't'",
        "O'Brien",
        "O’Brien",
        "O'",
        "rock'n'roll",
        "y'all",
        "allies'",
        "allies' troops",
        "Japan's",
        "JAPAN'S",
        "Japan’s troops",
        "Japan's's",
        "James's",
        "it's'",
        "'Tis",
        "''s",
        "Pyongyang-Moscow ties",
        "Putin–Kim summit",
        "well-known co-operation",
        "—",
        "hello, world; (yes) [no] {maybe} \"quoted\"",
        "end.",
        "end?!",
        "“Why?” he asked.",
        "tab\tvertical\u{b}feed\u{c}cr\r\nnl",
        "ctrl\u{1}\u{1c}\u{7f}char",
        "Rus\u{200B}sia",
        "\u{200B}Russia\u{200B}",
        "Rus\u{200B}\u{200D}\u{FEFF}sia",
        "Rus\u{200B}",
        "Rus\u{200B} sia",
        "Rus\u{200B}-sia",
        "8\u{200B},000",
        "didn\u{200B}'t",
        "O'\u{200B}Brien",
        "U\u{200B}.S.",
        "non\u{00A0}breaking\u{2009}thin",
        "ΣΟΦΟΣ Σ",
        "Ὀδυσσεύς",
        "İstanbul",
        "Ａｂｃ",
        "Russіa",
        "Zürich’s",
        "Ångström's",
        "ÉTATS-UNIS",
        "٣٤٥ ١٢",
        "日本の首相",
        "😀 emoji 😀's",
        "Ǆemal",
        "ﬁnance",
        "K\u{212A}",
        "Ä.Ö.",
        "Ä.B.",
        "A.Ö.x",
        "über.Ö.",
    ];

    #[test]
    fn matches_the_reference_on_tricky_text() {
        for text in TRICKY {
            same_as_reference(text);
        }
        // And all of them together, and each after a capitalised word and before punctuation.
        same_as_reference(&TRICKY.join(" "));
        for text in TRICKY {
            same_as_reference(&format!("Then {text}."));
            same_as_reference(&format!("{text}'s {text}n't {text}"));
        }
    }

    #[test]
    fn matches_the_reference_on_random_text() {
        // Short texts over a small alphabet of the characters the tokenizer
        // treats specially, so that every combination of them turns up.
        const ALPHABET: &[char] = &[
            'a', 'n', 's', 't', 'A', 'N', 'S', 'T', 'U', '1', '0', '.', ',', '\'', '’', ' ', '\n', '-', '"', '\u{200B}', '\u{FEFF}', 'é',
            'Σ', '\u{a0}', '٣', '😀',
        ];
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 14) as usize;
            // Now and then, ASCII only.
            let ascii = next() % 3 == 0;
            let text: String = (0..len)
                .map(|_| loop {
                    let c = ALPHABET[(next() % ALPHABET.len() as u64) as usize];
                    if !ascii || c.is_ascii() {
                        break c;
                    }
                })
                .collect();
            same_as_reference(&text);
        }
    }

    #[test]
    fn byte_classes_agree_with_char_methods() {
        for b in 0..=255u8 {
            let class = CLASS[usize::from(b)];
            if b.is_ascii() {
                let c = char::from(b);
                assert_eq!(class & SPACE != 0, c.is_whitespace(), "{b}");
                assert_eq!(class & ALNUM != 0, c.is_alphanumeric(), "{b}");
                assert_eq!(class & UPPER != 0, c.is_uppercase(), "{b}");
                assert_eq!(class & DIGIT != 0, c.is_ascii_digit(), "{b}");
                assert!(!is_invisible(c));
                assert_eq!(class & MULTI, 0);
            } else {
                assert_eq!(class, MULTI, "{b}");
            }
        }
    }

    #[test]
    fn general_punctuation_holds_no_word_character() {
        for c in '\u{2000}'..='\u{206F}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        // Nor any letter with a case: a token of one keeps it as its norm.
        for c in '\u{2000}'..='\u{206F}' {
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
        for c in ['\u{1FFF}', '\u{2070}', '\u{2071}', 'é', 'Σ', '٣', '日'] {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn is_capitalized_reads_the_first_character() {
        let text = "Seoul met élite Émile 8 'Tis";
        let caps: Vec<bool> = tokenize(text, 0, text.len()).iter().map(|t| t.is_capitalized(text)).collect();
        assert_eq!(caps, [true, false, false, true, false, false, true]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2_000, ..proptest::prelude::ProptestConfig::default() })]

        #[test]
        fn matches_the_reference_on_any_text(text in "[a-zA-Z0-9 .,'’sStTnN\u{200B}\u{00AD}é\u{03A3}\u{0130}\n-]{0,24}") {
            same_as_reference(&text);
        }

        #[test]
        fn matches_the_reference_on_any_characters(text in "\\PC{0,16}") {
            same_as_reference(&text);
        }
    }
}
