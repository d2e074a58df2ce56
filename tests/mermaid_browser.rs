//! The Mermaid export rendered by Mermaid itself: its npm package's browser
//! bundle in Debian's Chromium, driven by playwright-core
//! (tests/browser/mermaid.test.mjs). For the seeds graph and a graph of
//! hostile names: Mermaid renders the chart without an error, shows every
//! actor's name as written, and draws the `Relations` legend with one entry
//! per relation class (outlined in its colour) and per modality line.
//!
//! Needs node, Chromium (/usr/bin/chromium, or CHROMIUM) and
//! `npm ci --prefix tests/browser` (playwright-core and mermaid); `.ci/run`
//! installs all three. Without them the test says what is missing and
//! passes, except under CI (`CI` set), where it fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};

mod common;

use actorgraph::export::{to_mermaid, DotStyle};
use actorgraph::graph::KnowledgeGraph;
use actorgraph::model::{ActorKind, ActorRef, Modality, Relation, Triple};
use serde_json::json;

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

const NAMES: &[&str] = &[
    "Say \"hi\" <b>bold</b>",
    "A & B; A &amp; B",
    "#35; hash # x",
    "`tick` | pipe",
    "[square] (round) {curly}",
    "%% not a comment --> x",
    "two\nlines",
    "Côte d’Ivoire 北朝鮮",
];

fn hostile_graph() -> KnowledgeGraph {
    let modalities = [Modality::Asserted, Modality::Hypothetical, Modality::Negated];
    let relations = ["supply", "attack", "frob-nicate"];
    let triples = NAMES.iter().enumerate().map(|(i, name)| Triple {
        doc: "d".into(),
        subject: ActorRef::new(*name, *name, ActorKind::ALL[i % ActorKind::ALL.len()]),
        relation: Relation::new(relations[i % relations.len()]),
        object: ActorRef::new(NAMES[(i + 1) % NAMES.len()], "x", ActorKind::ALL[(i + 1) % ActorKind::ALL.len()]),
        predicate: "p".into(),
        modality: modalities[i % modalities.len()],
        nominal: false,
        sentence: i,
        span: (0, 1),
        rule: "r".into(),
        text: "t".into(),
        date: None,
    });
    KnowledgeGraph::from_triples(triples)
}

/// What the chart must show for `graph`, computed from the graph.
fn expectation(file: &Path, graph: &KnowledgeGraph, style: &DotStyle) -> serde_json::Value {
    let actors: Vec<String> = graph
        .actors()
        .map(|a| a.id.as_str().chars().map(|c| if c.is_control() { ' ' } else { c }).collect())
        .collect();
    let relations: BTreeSet<&str> = graph.edges().map(|e| e.edge.relation.as_str()).collect();
    let modalities: BTreeSet<Modality> = graph.edges().map(|e| e.edge.modality).collect();
    let mut legend: Vec<String> = relations.iter().map(|r| r.to_string()).collect();
    if modalities.contains(&Modality::Hypothetical) {
        legend.push("hypothetical: dotted arrow".into());
    }
    if modalities.contains(&Modality::Negated) {
        legend.push("negated: thin dotted arrow".into());
    }
    let colors: BTreeMap<&str, &str> = relations.iter().map(|r| (*r, style.color_for(r))).collect();
    json!({"file": file, "actors": actors, "legend": legend, "colors": colors})
}

#[test]
fn mermaid_renders_the_export_with_its_legend() {
    let browser = match common::browser_harness(&["playwright-core", "mermaid"]) {
        Ok(browser) => browser,
        Err(what) => return common::skip_unless_ci("the Mermaid rendering test", &what),
    };
    let tmp = tempfile::tempdir().unwrap();
    let style = DotStyle::default();
    let mut graphs = vec![("hostile", hostile_graph()), ("empty", KnowledgeGraph::new())];
    let seeds = Path::new(MANIFEST).join("../shared/corpus/seeds");
    if seeds.is_dir() {
        let file = tmp.path().join("seeds.json");
        let out = Command::new(common::BIN).arg("build").arg(&seeds).arg("-o").arg(&file).stdin(Stdio::null()).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        graphs.push(("seeds", KnowledgeGraph::load(&file).unwrap()));
    } else {
        eprintln!("note: {} is absent; the seeds graph is not rendered", seeds.display());
    }
    let mut cases = Vec::new();
    for (name, graph) in &graphs {
        let file = tmp.path().join(format!("{name}.mmd"));
        std::fs::write(&file, to_mermaid(graph, &style)).unwrap();
        cases.push(expectation(&file, graph, &style));
    }
    let (passed, log) = common::run_browser_script("mermaid.test.mjs", &serde_json::Value::from(cases), tmp.path(), &browser);
    assert!(passed, "Mermaid disagrees:\n{log}");
}
