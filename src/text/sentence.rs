//! Sentence segmentation that survives abbreviations, quotes and headlines.
//!
//! A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets
//! after it) when the next word starts a sentence, unless the word before
//! the period is an abbreviation or an initial. A line break ends a
//! sentence too — headlines carry no final period — unless the next line
//! starts in lower case, which marks a wrapped line.

use std::collections::HashSet;

/// Sentence boundaries found in a text: byte spans, trimmed of whitespace.
///
/// ```
/// use actorgraph::text::SentenceSplitter;
/// let splitter = SentenceSplitter::new(["Gen.", "U.S."]);
/// let text = "Troops move in\nThe U.S. said Gen. Park left. “Why?” he asked. Talks end.";
/// let got: Vec<&str> = splitter.split(text).into_iter().map(|(s, e)| &text[s..e]).collect();
/// assert_eq!(got, ["Troops move in", "The U.S. said Gen. Park left.", "“Why?” he asked.", "Talks end."]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct SentenceSplitter {
    abbreviations: HashSet<String>,
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«')
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
            .map(|a| a.as_ref().trim_end_matches('.').to_lowercase())
            .collect();
        SentenceSplitter { abbreviations }
    }

    /// The sentences of `text`, as byte spans.
    pub fn split(&self, text: &str) -> Vec<(usize, usize)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut spans = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < chars.len() {
            let (off, c) = chars[i];
            let end_here = match c {
                '\n' => {
                    // A line break ends the sentence unless the next line continues in lower case.
                    let next = chars[i + 1..].iter().find(|x| !x.1.is_whitespace()).map(|x| x.1);
                    let blank_line = chars[i + 1..].iter().take_while(|x| x.1.is_whitespace()).any(|x| x.1 == '\n');
                    blank_line || !next.is_some_and(char::is_lowercase)
                }
                '.' | '!' | '?' => self.ends_sentence(text, &chars, i),
                _ => false,
            };
            if end_here {
                // Take closing quotes and brackets with the sentence.
                let mut j = i + 1;
                if c != '\n' {
                    while j < chars.len() && (is_closer(chars[j].1) || matches!(chars[j].1, '.' | '!' | '?')) {
                        j += 1;
                    }
                }
                let end = if c == '\n' { off } else { chars.get(j).map_or(text.len(), |x| x.0) };
                push_trimmed(&mut spans, text, start, end);
                start = end;
                i = j.max(i + 1);
                continue;
            }
            i += 1;
        }
        push_trimmed(&mut spans, text, start, text.len());
        spans
    }

    fn ends_sentence(&self, text: &str, chars: &[(usize, char)], i: usize) -> bool {
        // Skip closing quotes/brackets and repeated marks.
        let mut j = i + 1;
        while j < chars.len() && (is_closer(chars[j].1) || matches!(chars[j].1, '.' | '!' | '?')) {
            j += 1;
        }
        let Some(&(_, next)) = chars.get(j) else { return true };
        let spaced = next.is_whitespace();
        // First non-space character after the mark.
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let Some(&(_, first)) = chars.get(k) else { return true };
        let starts_sentence = first.is_uppercase() || first.is_ascii_digit() || is_opener(first);
        if !starts_sentence {
            return false;
        }
        if chars[i].1 != '.' {
            return spaced;
        }
        // The word before the period.
        let word_start = chars[..i]
            .iter()
            .rposition(|x| x.1.is_whitespace() || is_opener(x.1))
            .map_or(0, |p| p + 1);
        let word = &text[chars.get(word_start).map_or(0, |x| x.0)..chars[i].0];
        if word.is_empty() {
            return spaced;
        }
        let lower = word.to_lowercase();
        if self.abbreviations.contains(&lower) {
            return false;
        }
        // An initial ("George W. Bush") or an initialism's last letter ("U.S").
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() == 1 && word.chars().next().is_some_and(char::is_uppercase) {
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
        letters.len() >= 3
            && word.chars().last().is_some_and(char::is_lowercase)
            && first.is_uppercase()
            && chars.get(k + 1).is_some_and(|x| x.1.is_lowercase())
    }
}

fn push_trimmed(spans: &mut Vec<(usize, usize)>, text: &str, start: usize, end: usize) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    let (s, e) = (start + lead, end - trail);
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
    fn lowercase_after_period_does_not_split() {
        assert_eq!(split("It cost 3.5 bn. dollars in total."), ["It cost 3.5 bn. dollars in total."]);
    }
}
