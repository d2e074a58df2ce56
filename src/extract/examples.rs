//! Checking rules against the example sentences they carry.
//!
//! Every rule in `rules.ron` lists sentences with the triples it must read
//! from them; an empty list says the rule must stay silent. `cargo test`
//! and `actorgraph schema check` run them all.

use std::fmt;

use super::Extractor;
use crate::model::{Modality, Triple};
use crate::schema::Schema;
use crate::text::Document;

/// A triple as written in an example: `"Source > relation > Target / modality"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedTriple {
    /// Canonical source.
    pub subject: String,
    /// Relation class.
    pub relation: String,
    /// Canonical target.
    pub object: String,
    /// Modality (asserted when not written).
    pub modality: Modality,
}

impl ExpectedTriple {
    /// Parses `"Iran > supply > Russia"` or `"Iran > supply > Russia / hypothetical"`.
    ///
    /// ```
    /// use actorgraph::extract::ExpectedTriple;
    /// let e = ExpectedTriple::parse("Iran > supply > Russia / hypothetical").unwrap();
    /// assert_eq!((e.subject.as_str(), e.object.as_str()), ("Iran", "Russia"));
    /// assert!(ExpectedTriple::parse("Iran supplies Russia").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<ExpectedTriple, String> {
        let (body, modality) = match s.rsplit_once(" / ") {
            Some((b, m)) => (b, m.trim().parse::<Modality>()?),
            None => (s, Modality::Asserted),
        };
        let parts: Vec<&str> = body.split(" > ").map(str::trim).collect();
        let [subject, relation, object] = parts.as_slice() else {
            return Err(format!("`{s}`: write an expected triple as `Source > relation > Target [/ modality]`"));
        };
        Ok(ExpectedTriple {
            subject: subject.to_string(),
            relation: relation.to_string(),
            object: object.to_string(),
            modality,
        })
    }

    /// True when `t` is this triple (symmetric relations in either order).
    pub fn matches(&self, t: &Triple, symmetric: bool) -> bool {
        let same = t.subject.id.as_str() == self.subject && t.object.id.as_str() == self.object;
        let swapped = t.subject.id.as_str() == self.object && t.object.id.as_str() == self.subject;
        t.relation.as_str() == self.relation && t.modality == self.modality && (same || (symmetric && swapped))
    }
}

impl fmt::Display for ExpectedTriple {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} > {} > {} / {}", self.subject, self.relation, self.object, self.modality)
    }
}

/// One example a rule does not read as it says.
#[derive(Debug, Clone)]
pub struct ExampleFailure {
    /// The rule.
    pub rule: String,
    /// The sentence.
    pub text: String,
    /// What went wrong.
    pub problem: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rule `{}` on \"{}\": {}", self.rule, self.text, self.problem)
    }
}

/// Runs every rule's examples; returns the failures (empty when all pass).
///
/// An example passes when every expected triple is read from the sentence
/// and at least one of them by the rule itself; an example with no expected
/// triple passes when the rule does not fire.
///
/// ```
/// use actorgraph::{extract::{check_examples, Extractor}, schema::Schema};
/// let schema = Schema::embedded().unwrap();
/// let failures = check_examples(&schema, &Extractor::new(&schema).unwrap());
/// assert!(failures.is_empty(), "{failures:?}");
/// ```
pub fn check_examples(schema: &Schema, extractor: &Extractor) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for rule in &schema.rules.rules {
        if rule.examples.is_empty() {
            failures.push(ExampleFailure {
                rule: rule.id.clone(),
                text: String::new(),
                problem: "has no example sentence; every rule needs at least one".into(),
            });
        }
        for ex in &rule.examples {
            let fail = |problem: String| ExampleFailure { rule: rule.id.clone(), text: ex.text.clone(), problem };
            let got = extractor.extract(&Document::new("example", ex.text.clone()));
            let shown = || got.iter().map(describe).collect::<Vec<_>>().join("; ");
            let mut expected = Vec::new();
            for e in &ex.expect {
                match ExpectedTriple::parse(e) {
                    Ok(e) => expected.push(e),
                    Err(msg) => failures.push(fail(msg)),
                }
            }
            let symmetric = |r: &str| schema.relation(r).is_some_and(|d| d.symmetric);
            if expected.is_empty() {
                if got.iter().any(|t| t.rule == rule.id) {
                    failures.push(fail(format!("should not fire, but read: {}", shown())));
                }
                continue;
            }
            for e in &expected {
                if !got.iter().any(|t| e.matches(t, symmetric(&e.relation))) {
                    failures.push(fail(format!("expected `{e}`, read: [{}]", shown())));
                }
            }
            let by_rule = got.iter().any(|t| t.rule == rule.id && expected.iter().any(|e| e.matches(t, symmetric(&e.relation))));
            if !by_rule && expected.iter().all(|e| got.iter().any(|t| e.matches(t, symmetric(&e.relation)))) {
                failures.push(fail(format!("the triples were read, but by other rules: {}", shown())));
            }
        }
    }
    failures
}

/// A triple in the example notation, with the rule that read it.
pub fn describe(t: &Triple) -> String {
    format!("{} > {} > {} / {} [{}]", t.subject.id, t.relation, t.object.id, t.modality, t.rule)
}
