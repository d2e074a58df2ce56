//! `actorgraph export` in every format and with every way of cutting the
//! graph, and `build --add` keyed by document id and content hash.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use actorgraph::graph::KnowledgeGraph;
use actorgraph::model::{ActorKind, ActorRef, Modality, Triple};

mod common;
use common::{ok, run};

/// A test triple whose sentence holds quotes, `<&>` and a line break.
fn t(s: &str, rel: &str, o: &str, m: Modality, doc: &str, n: usize) -> Triple {
    let kind = if s.contains("Hez") { ActorKind::ArmedGroup } else { ActorKind::State };
    Triple {
        subject: ActorRef::new(s, s, kind),
        text: format!("{s} {rel} \"{o}\" <&>\nline two"),
        ..common::triple(s, rel, o, m, doc, n)
    }
}

fn setup() -> tempfile::TempDir {
    use Modality::*;
    let tmp = tempfile::tempdir().unwrap();
    KnowledgeGraph::from_triples([
        t("North Korea", "supply", "Russia", Asserted, "d1", 0),
        t("North Korea", "supply", "Russia", Asserted, "d2", 0),
        t("North Korea", "deploy", "Russia", Hypothetical, "d2", 1),
        t("Russia", "attack", "Ukraine", Asserted, "d1", 1),
        t("Russia", "attack", "Ukraine", Negated, "d3", 1),
        t("Hezbollah", "attack", "Israel", Hypothetical, "d4", 0),
        t("Japan", "meet", "India", Asserted, "d5", 0),
    ])
    .save(&tmp.path().join("g.json"))
    .unwrap();
    tmp
}

fn dot_available() -> bool {
    Command::new("dot").arg("-V").stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

#[test]
fn every_format_from_the_cli() {
    let tmp = setup();
    let dir = tmp.path();
    for (format, file, starts) in [
        ("json", "o.json", "{"),
        ("ron", "o.ron", "("),
        ("dot", "o.dot", "digraph"),
        ("svg", "o.svg", "<"),
        ("graphml", "o.graphml", "<?xml"),
        ("gexf", "o.gexf", "<?xml"),
        ("node-link", "o.nodelink.json", "{"),
        ("cypher", "o.cypher", "// actorgraph"),
        ("mermaid", "o.mmd", "graph LR"),
    ] {
        ok(dir, &["export", "g.json", "--format", format, "-o", file]);
        let text = fs::read_to_string(dir.join(file)).unwrap();
        assert!(text.trim_start().starts_with(starts), "{format}: {text}");
        // Text formats also go to standard output.
        let out = ok(dir, &["export", "g.json", "--format", format]).stdout;
        assert!(out.trim_start().starts_with(starts), "{format}");
    }
    // From the extension alone.
    for file in ["x.graphml", "x.gexf", "x.mmd", "x.cypher"] {
        ok(dir, &["export", "g.json", "-o", file]);
    }
    let mmd = fs::read_to_string(dir.join("x.mmd")).unwrap();
    assert!(mmd.contains("n4 -->|\"supply ×2, deploy (hypothetical)\"| n5"), "{mmd}");

    ok(dir, &["export", "g.json", "--format", "neo4j", "-o", "neo"]);
    let nodes = fs::read_to_string(dir.join("neo/nodes.csv")).unwrap();
    let edges = fs::read_to_string(dir.join("neo/edges.csv")).unwrap();
    assert!(nodes.starts_with("id:ID,") && nodes.contains("Actor;ArmedGroup"), "{nodes}");
    assert!(edges.starts_with(":START_ID,:END_ID,:TYPE,"), "{edges}");
    assert!(edges.contains("\"North Korea supply \"\"Russia\"\" <&>\nline two\""), "{edges}");
    let r = run(dir, &["export", "g.json", "--format", "neo4j"]);
    assert!(r.code == 1 && r.stderr.contains("-o DIR"), "{}", r.stderr);
    // The Cypher dialects.
    let neo4j = ok(dir, &["export", "g.json", "--format", "cypher"]).stdout;
    assert!(neo4j.contains("CREATE CONSTRAINT") && neo4j.contains("MERGE (s)-[r:`SUPPLY` {key: 'supply/asserted'}]->(o)"), "{neo4j}");
    assert_eq!(ok(dir, &["export", "g.json", "--format", "cypher", "--dialect", "neo4j"]).stdout, neo4j);
    ok(dir, &["export", "g.json", "-o", "k.cypher", "--dialect", "kuzu"]);
    let kuzu = fs::read_to_string(dir.join("k.cypher")).unwrap();
    assert!(kuzu.contains("CREATE NODE TABLE IF NOT EXISTS Actor(") && !kuzu.contains("CONSTRAINT"), "{kuzu}");
    let r = run(dir, &["export", "g.json", "--format", "dot", "--dialect", "kuzu"]);
    assert!(r.code == 1 && r.stderr.contains("--dialect is for the cypher format"), "{}", r.stderr);
    let r = run(dir, &["export", "g.json", "--format", "cypher", "--dialect", "sql"]);
    assert!(r.code == 2 && r.stderr.contains("neo4j, kuzu"), "{}", r.stderr);
    let r = run(dir, &["export", "g.json", "--format", "gml"]);
    assert!(r.code == 1 && r.stderr.contains("graphml") && r.stderr.contains("mermaid"), "{}", r.stderr);
}

#[test]
fn dot_variants_render_without_warnings() {
    let tmp = setup();
    let dir = tmp.path();
    let default = ok(dir, &["export", "g.json", "--format", "dot"]).stdout;
    // The legend's row is held by invisible links of its own.
    let links = |dot: &str| dot.lines().filter(|l| l.contains(" -> ") && !l.contains("\"legend: ")).count();
    assert_eq!(links(&default), 4, "one line per pair and direction:\n{default}");
    assert!(default.contains("label=\"supply ×2, deploy (hypothetical)\""), "{default}");
    let parallel = ok(dir, &["export", "g.json", "--format", "dot", "--parallel"]).stdout;
    assert_eq!(links(&parallel), 6, "{parallel}");
    let cluster = ok(dir, &["export", "g.json", "--format", "dot", "--cluster"]).stdout;
    assert!(cluster.contains("cluster_kind_armed-group"), "{cluster}");
    if !dot_available() {
        assert!(std::env::var_os("CI").is_none(), "CI must have Graphviz");
        eprintln!("note: Graphviz `dot` not found; skipping rendering");
        return;
    }
    for (name, source) in [("default", default), ("parallel", parallel), ("cluster", cluster)] {
        let path = dir.join(format!("{name}.dot"));
        fs::write(&path, &source).unwrap();
        let out = Command::new("dot").arg("-Tsvg").arg(&path).output().unwrap();
        assert!(out.status.success(), "{name}");
        assert!(out.stderr.is_empty(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
    for format in ["png", "pdf"] {
        let file = format!("g.{format}");
        ok(dir, &["export", "g.json", "--format", format, "-o", &file, "--cluster", "--parallel"]);
        assert!(fs::metadata(dir.join(&file)).unwrap().len() > 100);
    }
}

fn actors_and_edges(dir: &Path, file: &str) -> (Vec<String>, usize) {
    let g = KnowledgeGraph::load(&dir.join(file)).unwrap();
    (g.actors().map(|a| a.id.to_string()).collect(), g.edge_count())
}

#[test]
fn cutting_the_graph_before_export() {
    let tmp = setup();
    let dir = tmp.path();
    ok(dir, &["export", "g.json", "-o", "top.json", "--top", "1"]);
    assert_eq!(actors_and_edges(dir, "top.json"), (vec!["North Korea".into(), "Russia".into()], 2));
    ok(dir, &["export", "g.json", "-o", "min.json", "--min-mentions", "2"]);
    assert_eq!(actors_and_edges(dir, "min.json").1, 1);
    ok(dir, &["export", "g.json", "-o", "ego.json", "--around", "Kyiv", "--depth", "1"]);
    assert_eq!(actors_and_edges(dir, "ego.json"), (vec!["Russia".into(), "Ukraine".into()], 2));
    ok(dir, &["export", "g.json", "-o", "ego2.json", "--around", "Kyiv", "--depth", "2"]);
    assert_eq!(actors_and_edges(dir, "ego2.json").0.len(), 3);
    ok(dir, &["export", "g.json", "-o", "kind.json", "--kind", "armed-group,state", "--modality", "hypothetical"]);
    assert_eq!(actors_and_edges(dir, "kind.json").1, 2);
    let dot = ok(dir, &["export", "g.json", "--format", "dot", "--relation", "meet"]).stdout;
    assert!(dot.contains("Japan") && !dot.contains("Russia"), "{dot}");
}

#[test]
fn build_add_is_keyed_by_document_id_and_content() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir(dir.join("in")).unwrap();
    fs::write(dir.join("in/a.txt"), "Iran supplied drones to Russia.").unwrap();
    ok(dir, &["build", "in", "-o", "g.json"]);
    let first = fs::read_to_string(dir.join("g.json")).unwrap();
    assert!(first.contains("\"version\": 3") && first.contains("fnv1a128:"), "{first}");
    let r = ok(dir, &["build", "in", "--add", "g.json", "-o", "g.json"]);
    assert!(r.stdout.contains("documents: 0 added, 1 unchanged, 0 replaced"), "{}", r.stdout);
    assert_eq!(fs::read_to_string(dir.join("g.json")).unwrap(), first);

    // Same id, new content: the old reading goes.
    fs::write(dir.join("in/a.txt"), "Iran supplied drones to Venezuela.").unwrap();
    let r = ok(dir, &["build", "in", "--add", "g.json", "-o", "g.json"]);
    assert!(r.stdout.contains("0 added, 0 unchanged, 1 replaced"), "{}", r.stdout);
    let g = KnowledgeGraph::load(&dir.join("g.json")).unwrap();
    let ids: Vec<&str> = g.actors().map(|a| a.id.as_str()).collect();
    assert!(!ids.contains(&"Russia"), "{ids:?}");

    // A version-1 file (no document hashes) is read, and the same document
    // added to it changes nothing.
    let mut v1: serde_json::Value = serde_json::from_str(&first).unwrap();
    v1["version"] = 1.into();
    v1.as_object_mut().unwrap().remove("documents");
    fs::write(dir.join("in/a.txt"), "Iran supplied drones to Russia.").unwrap();
    fs::write(dir.join("v1.json"), serde_json::to_string(&v1).unwrap()).unwrap();
    let r = ok(dir, &["build", "in", "--add", "v1.json", "-o", "v2.json"]);
    assert!(r.stdout.contains("0 added, 1 unchanged, 0 replaced"), "{}", r.stdout);
    let v2 = KnowledgeGraph::load(&dir.join("v2.json")).unwrap();
    assert_eq!(v2.edges().next().unwrap().edge.mentions, 1);
}

#[test]
fn spreadsheet_csv_neutralises_formulas_and_quotes_per_rfc_4180() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut hostile = t("Iran", "supply", "Russia", Modality::Asserted, "=HYPERLINK(\"x\")", 0);
    hostile.text = "=cmd|' /C calc'!A0, said \"officials\"\r\nnext".into();
    KnowledgeGraph::from_triples([hostile]).save(&dir.join("g.json")).unwrap();
    ok(dir, &["export", "g.json", "-o", "t.csv"]);
    let csv = fs::read_to_string(dir.join("t.csv")).unwrap();
    let mut lines = csv.split("\r\n");
    assert_eq!(lines.next().unwrap(), "subject,relation,object,modality,mentions,first_date,last_date,documents,rule,evidence");
    // The document id and the sentence both start with `=`: each is shown as text.
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    assert!(csv.contains("\"'=cmd|' /C calc'!A0, said \"\"officials\"\"\r\nnext\""), "{csv}");
    assert!(!csv.contains(",=") && !csv.contains("\n="), "{csv}");
}

#[test]
fn documents_list_the_kept_evidence_as_the_readme_says() {
    // Seen in three documents, one sentence kept: `mentions` counts three,
    // `documents` lists the kept sentence's document (README, Export
    // formats), the first by document id whatever the order it was read in;
    // with every sentence kept, every document, sorted and once.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let triples: Vec<Triple> = ["d2", "d1", "d2", "d3"]
        .iter()
        .enumerate()
        .map(|(n, doc)| t("Iran", "supply", "Russia", Modality::Asserted, doc, n))
        .collect();
    let mut capped = KnowledgeGraph::new().with_max_evidence(1);
    let mut full = KnowledgeGraph::new().with_max_evidence(0);
    for triple in &triples {
        capped.add_triple(triple);
        full.add_triple(triple);
    }
    capped.save(&dir.join("capped.json")).unwrap();
    full.save(&dir.join("full.json")).unwrap();
    for (file, documents) in [("capped.json", "d1"), ("full.json", "d1; d2; d3")] {
        let link = ok(dir, &["export", file, "--format", "node-link"]).stdout;
        let link: serde_json::Value = serde_json::from_str(&link).unwrap();
        assert_eq!(link["links"][0]["mentions"], 4, "{file}");
        assert_eq!(link["links"][0]["documents"], documents, "{file}");
        let csv = ok(dir, &["export", file, "--format", "csv"]).stdout;
        assert!(csv.contains(&format!(",4,\"\",\"\",{documents},")), "{file}: {csv}");
    }
}
