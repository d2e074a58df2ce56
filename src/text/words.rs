//! PLACEHOLDER until the UD word segmenter lands: splits at white space and
//! around punctuation.

/// One word: its byte span in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
}

/// Splits `text[start..end]` into words.
pub fn split_words_into(text: &str, start: usize, end: usize, out: &mut Vec<Word>) {
    out.clear();
    let mut w: Option<usize> = None;
    for (i, c) in text[start..end].char_indices() {
        let i = i + start;
        if c.is_whitespace() {
            if let Some(s) = w.take() {
                out.push(Word { start: s, end: i });
            }
        } else if c.is_alphanumeric() {
            w.get_or_insert(i);
        } else {
            if let Some(s) = w.take() {
                out.push(Word { start: s, end: i });
            }
            out.push(Word { start: i, end: i + c.len_utf8() });
        }
    }
    if let Some(s) = w {
        out.push(Word { start: s, end });
    }
}
