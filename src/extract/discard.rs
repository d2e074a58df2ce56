//! Discards: phrases that mark a document or a sentence as coding no event
//! (sports results, market reports), as PETRARCH's discard lists do. The
//! phrases are the lexicon's `discard_stories` and `discard_sentences`.

/// The discard phrases, lower case, each word separated by one space.
#[derive(Debug, Clone, Default)]
pub(crate) struct Discards {
    stories: Vec<String>,
    sentences: Vec<String>,
}

impl Discards {
    pub fn new(stories: &[String], sentences: &[String]) -> Discards {
        let norm = |xs: &[String]| -> Vec<String> { xs.iter().map(|x| x.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()).filter(|x| !x.is_empty()).collect() };
        Discards { stories: norm(stories), sentences: norm(sentences) }
    }

    /// Whether the document `text` is discarded.
    pub fn story(&self, text: &str) -> bool {
        holds_any(text, &self.stories)
    }

    /// Whether the sentence `text` is discarded.
    pub fn sentence(&self, text: &str) -> bool {
        holds_any(text, &self.sentences)
    }
}

/// Whether `text` holds one of `phrases` as whole words, case and runs of
/// white space aside.
fn holds_any(text: &str, phrases: &[String]) -> bool {
    if phrases.is_empty() {
        return false;
    }
    let lower = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    phrases.iter().any(|p| {
        lower.match_indices(p.as_str()).any(|(at, _)| !word(lower[..at].chars().next_back()) && !word(lower[at + p.len()..].chars().next()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_as_whole_words_in_any_case() {
        let d = Discards::new(&["World  Cup".into()], &["years later".into()]);
        assert!(d.story("Brazil beat Peru at the WORLD\ncup final."));
        assert!(!d.story("Brazil beat Peru at the World Cupola."));
        assert!(d.sentence("Years later, Chile and Peru met."));
        assert!(!d.sentence("Chile and Peru met."));
        assert!(!Discards::default().story("anything"));
    }
}
