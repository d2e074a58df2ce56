//! What an import translated, approximated and skipped: counts with a few
//! examples each, so that a user can see what the new schema lacks.

use std::collections::BTreeMap;
use std::fmt;

/// How a dictionary construct came into the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Read as the dictionary means it.
    Translated,
    /// Read, with a loss the topic names.
    Approximated,
    /// Not read; the topic says why.
    Skipped,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Translated => "translated",
            Outcome::Approximated => "approximated",
            Outcome::Skipped => "skipped",
        }
    }
}

/// Examples kept per topic.
const EXAMPLES: usize = 3;

/// Counts per (outcome, topic), each with its first few examples.
///
/// ```
/// use actorgraph::import::{Outcome, Report};
/// let mut report = Report::default();
/// report.note(Outcome::Skipped, "null codes", || "a.txt:3 BOROMIR [---]".into());
/// report.note(Outcome::Skipped, "null codes", || "a.txt:9 ISILDUR [+++]".into());
/// assert_eq!(report.count(Outcome::Skipped, "null codes"), 2);
/// let text = report.to_string();
/// assert!(text.starts_with("skipped"));
/// assert!(text.contains(" 2  null codes (e.g. a.txt:3 BOROMIR [---]; a.txt:9 ISILDUR [+++])"), "{text}");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Report {
    topics: BTreeMap<(Outcome, String), (usize, Vec<String>)>,
}

impl Report {
    /// Counts one case of `topic`; `example` is called only while few are kept.
    pub fn note(&mut self, outcome: Outcome, topic: &str, example: impl FnOnce() -> String) {
        let (count, examples) = self.topics.entry((outcome, topic.to_string())).or_default();
        *count += 1;
        if examples.len() < EXAMPLES {
            examples.push(example());
        }
    }

    /// Counts `n` cases of `topic` with no example.
    pub fn add(&mut self, outcome: Outcome, topic: &str, n: usize) {
        if n > 0 {
            self.topics
                .entry((outcome, topic.to_string()))
                .or_default()
                .0 += n;
        }
    }

    /// How many cases of `topic` were counted.
    pub fn count(&self, outcome: Outcome, topic: &str) -> usize {
        self.topics
            .get(&(outcome, topic.to_string()))
            .map_or(0, |t| t.0)
    }

    /// Every topic with its outcome, count and examples, translated first.
    pub fn topics(&self) -> impl Iterator<Item = (Outcome, &str, usize, &[String])> + '_ {
        self.topics
            .iter()
            .map(|((o, t), (n, e))| (*o, t.as_str(), *n, e.as_slice()))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (outcome, topic, n, examples) in self.topics() {
            write!(f, "{:<12} {n:>5}  {topic}", outcome.label())?;
            if !examples.is_empty() {
                write!(f, " (e.g. {})", examples.join("; "))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
