//! Extraction cases kept as data (`tests/data/extraction.ron`), run by one
//! harness, in the style of the regex crate's test suite.
//!
//! Every case is checked and all failures are reported together, by name.
//! Cases marked `known_failure` document phenomena the rules miss today:
//! they are counted and printed, and the harness fails if one of them starts
//! passing, so that the marker gets removed.

use std::collections::HashSet;

use actorgraph::extract::{describe, ExpectedTriple, Extractor};
use actorgraph::model::Triple;
use actorgraph::schema::Schema;
use actorgraph::text::Document;
use serde::Deserialize;

const CASES: &str = include_str!("data/extraction.ron");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    /// Nothing but the expected triples may be read.
    #[serde(default)]
    exact: bool,
    /// Why this case fails today.
    #[serde(default)]
    known_failure: Option<String>,
}

fn load_cases() -> Vec<Case> {
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options
        .from_str(CASES)
        .unwrap_or_else(|e| panic!("tests/data/extraction.ron:{e}"))
}

/// The problems with one case; empty when it passes.
fn check(case: &Case, schema: &Schema, extractor: &Extractor) -> Vec<String> {
    let mut problems = Vec::new();
    let got: Vec<Triple> = extractor.extract(&Document::new("case", case.text.clone()));
    let symmetric = |r: &str| schema.relation(r).map(|d| d.symmetric).unwrap_or(false);
    let parse = |s: &str, problems: &mut Vec<String>| match ExpectedTriple::parse(s) {
        Ok(e) => {
            if schema.relation(&e.relation).is_none() {
                problems.push(format!("`{s}`: `{}` is not a relation class of the schema", e.relation));
            }
            Some(e)
        }
        Err(msg) => {
            problems.push(format!("bad triple in the case file: {msg}"));
            None
        }
    };
    let mut expected = Vec::new();
    for s in &case.expect {
        if let Some(e) = parse(s, &mut problems) {
            if !got.iter().any(|t| e.matches(t, symmetric(&e.relation))) {
                problems.push(format!("expected `{e}`, not read"));
            }
            expected.push(e);
        }
    }
    for s in &case.absent {
        if let Some(e) = parse(s, &mut problems) {
            if let Some(t) = got.iter().find(|t| e.matches(t, symmetric(&e.relation))) {
                problems.push(format!("read `{}`, which must be absent", describe(t)));
            }
        }
    }
    if case.exact {
        for t in &got {
            if !expected.iter().any(|e| e.matches(t, symmetric(&e.relation))) {
                problems.push(format!("read `{}`, which is not expected", describe(t)));
            }
        }
    }
    for t in &got {
        if t.subject.id == t.object.id {
            problems.push(format!("self-relation `{}`", describe(t)));
        }
    }
    if !problems.is_empty() {
        let read: Vec<String> = got.iter().map(describe).collect();
        problems.push(format!("all triples read: [{}]", read.join("; ")));
    }
    problems
}

#[test]
fn extraction_cases() {
    let schema = Schema::embedded().expect("embedded schema loads");
    let extractor = Extractor::new(&schema).expect("extractor builds");
    let cases = load_cases();
    assert!(cases.len() >= 30, "only {} cases loaded", cases.len());

    let mut names = HashSet::new();
    let mut failed = Vec::new();
    let mut known = 0;
    let mut fixed = Vec::new();
    for case in &cases {
        assert!(names.insert(case.name.as_str()), "duplicate case name `{}`", case.name);
        assert!(
            case.exact || !case.expect.is_empty() || !case.absent.is_empty(),
            "case `{}` checks nothing: give expect, absent or exact",
            case.name
        );
        let problems = check(case, &schema, &extractor);
        match (&case.known_failure, problems.is_empty()) {
            (Some(why), false) => {
                known += 1;
                eprintln!("known failure `{}` ({why}):\n    {}", case.name, problems.join("\n    "));
            }
            (Some(_), true) => fixed.push(case.name.clone()),
            (None, false) => failed.push(format!("`{}` on \"{}\":\n    {}", case.name, case.text, problems.join("\n    "))),
            (None, true) => {}
        }
    }
    eprintln!(
        "{} cases: {} pass, {} known failures, {} failed, {} known failures now pass",
        cases.len(),
        cases.len() - known - failed.len() - fixed.len(),
        known,
        failed.len(),
        fixed.len()
    );
    let mut report = String::new();
    for f in &failed {
        report.push_str(&format!("FAILED {f}\n"));
    }
    for name in &fixed {
        report.push_str(&format!("NOW PASSES `{name}`: remove its known_failure marker\n"));
    }
    assert!(report.is_empty(), "\n{report}");
}

#[test]
fn known_failures_are_few_and_explained() {
    let cases = load_cases();
    let known: Vec<&Case> = cases.iter().filter(|c| c.known_failure.is_some()).collect();
    assert!(known.len() <= 8, "{} known failures; at most 8 allowed", known.len());
    for c in known {
        assert!(!c.known_failure.as_deref().unwrap_or("").trim().is_empty(), "`{}`: say why it fails", c.name);
        assert!(!c.expect.is_empty() || !c.absent.is_empty(), "`{}`: a known failure must check something", c.name);
    }
}
