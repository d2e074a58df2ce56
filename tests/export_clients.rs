//! Every export read back by the real clients: Graphviz `dot` renders each
//! DOT variant without a warning; NetworkX reads GraphML, GEXF and
//! node-link JSON with the same nodes, edges and attributes
//! (`tests/networkx_check.py`); JSON and RON load back to an equal graph;
//! Neo4j CSV parses back per RFC 4180; Mermaid ids are safe. Checked on a
//! fixed graph of hostile names and on random graphs (proptest).
//!
//! Without Graphviz or NetworkX on a developer's machine the client checks
//! print a note and pass; under CI (`CI` set) a missing client fails.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::io::Write;

use actorgraph::export::{
    render_with, to_cypher, to_cypher_dialect, to_dot, to_gexf, to_graphml, to_mermaid, to_neo4j_csv, to_node_link, DotStyle,
    CypherDialect, RenderFormat, Renderer,
};
use actorgraph::graph::KnowledgeGraph;
use actorgraph::model::{ActorKind, ActorRef, Modality, Relation, Triple};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Pieces that break naive exporters, combined into names and sentences.
const HOSTILE: &[&str] = &[
    "Say \"hi\"",
    "back\\slash\\",
    "two\nlines",
    "cr\r\nlf",
    "<b>bold</b>",
    "A & B",
    "x\"]; evil=1; y=\"",
    "Côte d’Ivoire",
    "北朝鮮",
    "🚀",
    "'single'",
    "tab\there",
    "#35; hash",
    "`tick`",
    "pipe|bar",
    "{brace}",
    "  padded  ",
    "legend: meet",
    "\\N \\G \\l",
    "; --> %%",
    "a,b",
    "}; digraph { z",
    // Characters no XML output may hold (XML 1.0 forbids some, the others
    // are noncharacters), and line separators XML readers may change.
    "nonchar\u{fffe}\u{ffff}\u{fdd0}\u{1ffff}",
    "ctl\u{1}\u{1b}\u{7f}",
    "sep\u{85}\u{2028}\u{2029}",
    // Entities Graphviz would decode.
    "A &amp; B &lt;i&gt; &#35;",
];

const RELATIONS: &[&str] = &["supply", "deploy", "attack", "meet", "support", "frob-nicate"];

fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Prints a note (or fails under CI) when a client is missing.
fn missing(client: &str) {
    assert!(!in_ci(), "{client} is required under CI (.ci/run installs it)");
    eprintln!("note: {client} not found; skipping its checks");
}

#[allow(clippy::too_many_arguments)]
fn triple(s: &str, sk: ActorKind, rel: &str, o: &str, ok: ActorKind, m: Modality, doc: &str, n: usize, text: &str, date: Option<String>) -> Triple {
    Triple {
        doc: doc.into(),
        subject: ActorRef::new(s, format!("{s} (as written)"), sk),
        relation: Relation::new(rel),
        object: ActorRef::new(o, o, ok),
        predicate: rel.into(),
        modality: m,
        nominal: n % 2 == 0,
        sentence: n,
        span: (n, n + 10),
        rule: format!("{rel}.test"),
        text: text.into(),
        date,
    }
}

/// A fixed graph with every hostile piece as an actor, every kind,
/// modality and several parallel edges.
fn hostile_graph() -> KnowledgeGraph {
    let mut triples = Vec::new();
    for (i, name) in HOSTILE.iter().enumerate() {
        let next = HOSTILE[(i + 1) % HOSTILE.len()];
        for (j, rel) in RELATIONS.iter().enumerate().take(1 + i % 3) {
            triples.push(triple(
                name,
                ActorKind::ALL[i % 5],
                rel,
                next,
                ActorKind::ALL[(i + 1) % 5],
                Modality::ALL[(i + j) % 3],
                HOSTILE[(i + j) % HOSTILE.len()],
                j,
                &format!("Evidence: {name} & \"{next}\" <i>\n{rel}"),
                (i % 2 == 0).then(|| format!("2024-0{}-1{}", 1 + i % 9, j)),
            ));
        }
    }
    KnowledgeGraph::from_triples(triples)
}

// ───────────────────────────── expectations ─────────────────────────────

/// What NetworkX should read, computed from the graph's own API (not the
/// exporters' attribute code).
fn expected(graph: &KnowledgeGraph) -> Value {
    let mut nodes = Map::new();
    for a in graph.actors() {
        let names: Vec<&str> = a.mention_texts.keys().map(String::as_str).collect();
        nodes.insert(
            a.id.to_string(),
            json!({"label": a.id.as_str(), "kind": a.kind.as_str(), "mentions": a.mentions, "names": names.join("; ")}),
        );
    }
    let edges: Vec<Value> = graph
        .edges()
        .map(|e| {
            let docs: BTreeSet<&str> = e.edge.evidence.iter().map(|ev| &*ev.doc).collect();
            let mut label = e.edge.relation.to_string();
            if e.edge.mentions > 1 {
                label += &format!(" ×{}", e.edge.mentions);
            }
            if e.edge.modality != Modality::Asserted {
                label += &format!(" ({})", e.edge.modality);
            }
            let mut v = json!({
                "source": e.subject.id.as_str(), "target": e.object.id.as_str(),
                "relation": e.edge.relation.as_str(), "modality": e.edge.modality.as_str(),
                "mentions": e.edge.mentions, "nominal": e.edge.nominal,
                "documents": docs.into_iter().collect::<Vec<_>>().join("; "),
                "evidence": e.edge.evidence[0].text, "label": label,
            });
            if let Some(d) = &e.edge.first_date {
                v["first_date"] = json!(d);
            }
            if let Some(d) = &e.edge.last_date {
                v["last_date"] = json!(d);
            }
            v
        })
        .collect();
    json!({"nodes": nodes, "edges": edges})
}

// ───────────────────────────── clients ─────────────────────────────

fn dot_available() -> bool {
    Command::new("dot").arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// Renders with `dot -Tsvg`: Ok when it exits 0 and prints nothing on stderr.
fn dot_renders(source: &str) -> Result<(), String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().unwrap();
    let input = source.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    feeder.join().unwrap().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || !stderr.trim().is_empty() {
        return Err(format!("dot exited {}: {stderr}\n{source}", out.status));
    }
    Ok(())
}

/// Every DOT variant the CLI can produce.
fn dot_variants(graph: &KnowledgeGraph) -> Vec<(&'static str, String)> {
    let base = DotStyle::default();
    vec![
        ("default", to_dot(graph, &base)),
        ("parallel", to_dot(graph, &DotStyle { parallel: true, ..base.clone() })),
        ("cluster", to_dot(graph, &DotStyle { cluster_by_kind: true, ..base.clone() })),
        ("parallel+cluster", to_dot(graph, &DotStyle { parallel: true, cluster_by_kind: true, ..base })),
    ]
}

fn check_dot(graph: &KnowledgeGraph) -> Result<(), String> {
    if !dot_available() {
        missing("Graphviz `dot`");
        return Ok(());
    }
    for (name, source) in dot_variants(graph) {
        dot_renders(&source).map_err(|e| format!("{name}: {e}"))?;
        // The SVG the export writes (through `dot`) is XML a strict reader takes.
        let svg = render_with(&source, RenderFormat::Svg, Renderer::Graphviz).map_err(|e| format!("{name}: {e}"))?;
        xml_check("svg", &svg, None).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(())
}

fn xml_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/xml_check.py")
}

/// Runs `tests/xml_check.py MODE FILE [EXPECT]` (Python's expat, a strict
/// XML reader) on `bytes`; Ok with what it printed.
fn xml_check(mode: &str, bytes: &[u8], expect: Option<&Value>) -> Result<String, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("file.xml");
    std::fs::write(&file, bytes).map_err(|e| e.to_string())?;
    let mut command = Command::new("python3");
    command.arg(xml_script()).arg(mode).arg(&file);
    if let Some(expect) = expect {
        let path = dir.path().join("expect.json");
        std::fs::write(&path, expect.to_string()).map_err(|e| e.to_string())?;
        command.arg(path);
    }
    let out = match command.output() {
        Ok(out) => out,
        Err(_) => {
            missing("python3");
            return Ok(String::new());
        }
    };
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "{mode} check failed:\n{}\n--- file ---\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(bytes)
        ))
    }
}

/// The Python that runs the NetworkX check: `NETWORKX_PYTHON` when set (to
/// check another NetworkX version, e.g. a virtualenv with NetworkX 3.3),
/// else `python3`.
fn networkx_python() -> std::ffi::OsString {
    std::env::var_os("NETWORKX_PYTHON").unwrap_or_else(|| "python3".into())
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/networkx_check.py")
}

/// Writes the three files and the expectation, runs the NetworkX script.
fn check_networkx(graph: &KnowledgeGraph) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let files = [
        ("expected.json", serde_json::to_string(&expected(graph)).unwrap()),
        ("graph.graphml", to_graphml(graph)),
        ("graph.json", to_node_link(graph)),
        ("graph.gexf", to_gexf(graph)),
    ];
    let mut args = Vec::new();
    for (name, text) in &files {
        let path = dir.path().join(name);
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
        args.push(path);
    }
    let mut command = Command::new(networkx_python());
    command.arg(script()).args(&args);
    run_client_check(command, "NetworkX (pip install networkx)", |stderr| {
        format!("NetworkX disagrees:\n{stderr}\n--- graphml ---\n{}", files[1].1)
    })
}

/// Runs a Python client check: exit 0 passes; exit 3 says the client is
/// not installed (a note, or a failure under CI), as does a missing
/// python3; any other exit fails with `disagrees` of the checker's stderr.
fn run_client_check(mut command: Command, client: &str, disagrees: impl FnOnce(&str) -> String) -> Result<(), String> {
    let out = match command.output() {
        Ok(out) => out,
        Err(_) => {
            missing("python3");
            return Ok(());
        }
    };
    match out.status.code() {
        Some(0) => Ok(()),
        Some(3) => {
            missing(client);
            Ok(())
        }
        _ => Err(disagrees(&String::from_utf8_lossy(&out.stderr))),
    }
}

fn check_round_trips(graph: &KnowledgeGraph) -> Result<(), String> {
    let json = KnowledgeGraph::from_json_str(&graph.to_json_string()).map_err(|e| e.to_string())?;
    if &json != graph {
        return Err("JSON round trip changed the graph".into());
    }
    let ron_text = graph.to_ron_string().map_err(|e| e.to_string())?;
    let ron = KnowledgeGraph::from_ron_str(&ron_text).map_err(|e| e.to_string())?;
    if &ron != graph {
        return Err("RON round trip changed the graph".into());
    }
    Ok(())
}

/// A strict RFC 4180 reader: records of fields, CRLF line ends.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            '"' => return Err(format!("stray quote in {text:?}")),
            ',' => {
                record.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                was_quoted = false;
            }
            '\r' | '\n' => return Err("bare line break outside quotes".into()),
            c => field.push(c),
        }
    }
    if quoted || !field.is_empty() || !record.is_empty() {
        return Err("last record not ended by CRLF".into());
    }
    Ok(records)
}

fn check_neo4j(graph: &KnowledgeGraph) -> Result<(), String> {
    let csv = to_neo4j_csv(graph);
    let nodes = parse_csv(&csv.nodes)?;
    let edges = parse_csv(&csv.edges)?;
    if nodes[0][0] != "id:ID" || nodes[0].last().map(String::as_str) != Some(":LABEL") {
        return Err(format!("bad nodes header {:?}", nodes[0]));
    }
    if edges[0][..3] != [":START_ID", ":END_ID", ":TYPE"] {
        return Err(format!("bad edges header {:?}", edges[0]));
    }
    let ids: Vec<&str> = nodes[1..].iter().map(|r| r[0].as_str()).collect();
    let want: Vec<&str> = graph.actors().map(|a| a.id.as_str()).collect();
    if ids != want {
        return Err(format!("node ids {ids:?} != {want:?}"));
    }
    let pairs: Vec<(&str, &str)> = edges[1..].iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
    let want: Vec<(&str, &str)> = graph.edges().map(|e| (e.subject.id.as_str(), e.object.id.as_str())).collect();
    if pairs != want {
        return Err("edge ends differ".into());
    }
    if nodes.iter().chain(&edges).any(|r| r.len() != nodes[0].len() && r.len() != edges[0].len()) {
        return Err("ragged CSV".into());
    }
    Ok(())
}

fn check_cypher_and_mermaid(graph: &KnowledgeGraph) -> Result<(), String> {
    let cypher = to_cypher(graph);
    let statements = cypher.lines().filter(|l| !l.starts_with("//")).count();
    if statements != 1 + graph.actor_count() + graph.edge_count() || !cypher.lines().skip(1).all(|l| l.ends_with(';')) {
        return Err(format!("one statement per line expected:\n{cypher}"));
    }
    // Running the script twice must not double anything: every actor and
    // link is MERGEd (links on their key), nothing is CREATEd but the constraint.
    let merges = cypher.lines().filter(|l| l.starts_with("MERGE (a:Actor {id: ")).count()
        + cypher.lines().filter(|l| l.starts_with("MATCH (s:Actor {id: ") && l.contains(" MERGE (s)-[r:`") && l.contains(" {key: '")).count();
    if merges != graph.actor_count() + graph.edge_count() || cypher.lines().skip(2).any(|l| l.contains("CREATE")) {
        return Err(format!("one MERGE per actor and link expected:\n{cypher}"));
    }
    let mermaid = to_mermaid(graph, &DotStyle::default());
    // The legend names every relation class drawn.
    let relations: BTreeSet<&str> = graph.edges().map(|e| e.edge.relation.as_str()).collect();
    let has_legend = mermaid.contains("\n  subgraph legend[\"Relations\"]\n");
    if has_legend == relations.is_empty()
        || relations.iter().any(|r| !mermaid.contains(&format!("[\"{}\"]\n", actorgraph::export::mermaid_label(r))))
    {
        return Err(format!("the legend does not name every relation:\n{mermaid}"));
    }
    let mut lines = mermaid.lines();
    if lines.next() != Some("graph LR") {
        return Err("no `graph LR` header".into());
    }
    for line in lines {
        let line = line.trim_start();
        let id_end = line.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(line.len());
        let id = &line[..id_end];
        // Actors are n0, n1, …; legend entries l0, l1, … in one subgraph.
        let safe_id = (id.starts_with('n') || id.starts_with('l')) && id.len() > 1 && id[1..].bytes().all(|b| b.is_ascii_digit());
        let legend_line = matches!(line, "subgraph legend[\"Relations\"]" | "direction LR" | "end")
            || line.strip_prefix("style l").is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        if !(safe_id || legend_line || line.starts_with("linkStyle ")) {
            return Err(format!("unsafe Mermaid line: {line}"));
        }
        // Labels are the only quoted parts; nothing inside may be a raw quote, `<`, `&` or `|`.
        let quoted: Vec<&str> = line.split('"').collect();
        if quoted.len() % 2 == 0 || quoted.len() > 3 {
            return Err(format!("unbalanced quotes: {line}"));
        }
        if let Some(label) = quoted.get(1) {
            if label.contains(['<', '>', '&', '|', '`', '\n']) {
                return Err(format!("unescaped label: {line}"));
            }
        }
    }
    Ok(())
}

/// The constraints of the GraphML XSD on the GraphML export, checked by
/// `tests/xml_check.py graphml` (the XSD itself cannot be fetched here).
fn check_graphml_schema(graph: &KnowledgeGraph) -> Result<(), String> {
    xml_check("graphml", to_graphml(graph).as_bytes(), None).map(drop)
}

/// Gephi's importer merges the parallel edges of a pair that share an edge
/// kind: grouping the GEXF's edges by (source, target, kind) must keep
/// every link.
fn check_gexf_kinds(graph: &KnowledgeGraph) -> Result<(), String> {
    let out = xml_check("gexf-kinds", to_gexf(graph).as_bytes(), None)?;
    let want = format!("edges {0} groups {0}", graph.edge_count());
    if !out.is_empty() && out.trim() != want {
        return Err(format!("GEXF kinds: {out} (want {want})"));
    }
    Ok(())
}

/// Runs the Kuzu dialect's script twice in an embedded Kuzu database
/// (`tests/kuzu_check.py`) and compares what it holds with the graph.
fn check_kuzu(graph: &KnowledgeGraph) -> Result<(), String> {
    let mut want = expected(graph);
    for e in want["edges"].as_array_mut().unwrap() {
        let relation = e["relation"].as_str().unwrap().to_string();
        let ty: String = relation.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
        e["type"] = json!(ty);
        e["key"] = json!(format!("{relation}/{}", e["modality"].as_str().unwrap()));
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let script_path = dir.path().join("graph.cypher");
    let script = to_cypher_dialect(graph, CypherDialect::Kuzu);
    std::fs::write(&script_path, &script).map_err(|e| e.to_string())?;
    let expected_path = dir.path().join("expected.json");
    std::fs::write(&expected_path, want.to_string()).map_err(|e| e.to_string())?;
    let checker = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kuzu_check.py");
    let mut command = Command::new("python3");
    command.arg(checker).arg(&script_path).arg(&expected_path);
    run_client_check(command, "Kuzu (pip install kuzu)", |stderr| format!("Kuzu disagrees:\n{stderr}\n--- script ---\n{script}"))
}

fn check_all(graph: &KnowledgeGraph) -> Result<(), String> {
    check_round_trips(graph)?;
    check_graphml_schema(graph)?;
    check_gexf_kinds(graph)?;
    check_neo4j(graph)?;
    check_cypher_and_mermaid(graph)?;
    check_dot(graph)?;
    check_kuzu(graph)?;
    check_networkx(graph)
}

// ───────────────────────────── tests ─────────────────────────────

#[test]
fn hostile_graph_survives_every_client() {
    let graph = hostile_graph();
    assert!(graph.edge_count() > HOSTILE.len());
    check_all(&graph).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn graphviz_svg_is_xml_without_forbidden_characters() {
    // Each piece alone as actor and evidence, in every DOT variant: the SVG
    // `dot` draws from the export parses as XML and holds no noncharacter,
    // no control character and no raw line separator.
    if !dot_available() {
        return missing("Graphviz `dot`");
    }
    for piece in ["\u{fffe}", "\u{ffff}", "\u{fdd0}", "\u{10ffff}", "\u{1}\u{1f}", "\u{85}", "\u{2028}\u{2029}"] {
        let name = format!("X{piece}Y");
        let t = triple(&name, ActorKind::State, "meet", "B", ActorKind::Igo, Modality::Asserted, &name, 0, &format!("said {piece} here"), None);
        let graph = KnowledgeGraph::from_triples([t]);
        for (variant, source) in dot_variants(&graph) {
            let svg = render_with(&source, RenderFormat::Svg, Renderer::Graphviz).unwrap();
            xml_check("svg", &svg, None).unwrap_or_else(|e| panic!("{piece:?} {variant}: {e}"));
        }
    }
}

#[test]
fn graphviz_shows_entities_as_written() {
    // Graphviz decodes HTML entities in strings; the DOT quoting writes `&`
    // as `&amp;`, so the SVG's text and tooltips read back as the names
    // and sentences were written, in every variant.
    if !dot_available() {
        return missing("Graphviz `dot`");
    }
    let a = "A &amp; B";
    let c = "C &lt;D&gt; &#35;1 & E";
    let sentence = "X &amp; Y met &lt;Z&gt; &#35;2 & co";
    let graph = KnowledgeGraph::from_triples([triple(a, ActorKind::State, "meet", c, ActorKind::Igo, Modality::Asserted, "d", 0, sentence, None)]);
    let expect = json!({"texts": [a, c], "titles": [sentence, format!("{a} (state)")]});
    for (variant, source) in dot_variants(&graph) {
        let svg = render_with(&source, RenderFormat::Svg, Renderer::Graphviz).unwrap();
        xml_check("svg", &svg, Some(&expect)).unwrap_or_else(|e| panic!("{variant}: {e}"));
    }
}

#[test]
fn graphml_ids_are_nmtokens_and_the_check_catches_names() {
    if Command::new("python3").arg("-V").output().is_err() {
        return missing("python3");
    }
    let graph = hostile_graph();
    let xml = to_graphml(&graph);
    check_graphml_schema(&graph).unwrap_or_else(|e| panic!("{e}"));
    assert!(xml.contains(r#"<node id="n0">"#) && xml.contains(r#"source="n"#), "{xml}");
    // The checker is not vacuous: the ids this crate used to write (actor
    // names, which hold spaces and quotes) fail it, as does a dangling edge.
    let named = xml.replacen(r#"<node id="n0">"#, r#"<node id="North Korea">"#, 1);
    let err = xml_check("graphml", named.as_bytes(), None).unwrap_err();
    assert!(err.contains("is not an xs:NMTOKEN"), "{err}");
    let dangling = xml.replacen(r#"source="n"#, r#"source="x"#, 1);
    assert!(xml_check("graphml", dangling.as_bytes(), None).unwrap_err().contains("is not a node"));
}

#[test]
fn gexf_kinds_keep_every_link_of_a_pair() {
    if Command::new("python3").arg("-V").output().is_err() {
        return missing("python3");
    }
    // One pair with the same relation in several modalities and several
    // relations: Gephi merging by (source, target, kind) must keep all six.
    use Modality::*;
    let links = [("supply", Asserted), ("supply", Hypothetical), ("supply", Negated), ("attack", Asserted), ("attack", Negated), ("meet", Asserted)];
    let triples = links.iter().enumerate().map(|(n, (rel, m))| {
        triple("Iran", ActorKind::State, rel, "Russia", ActorKind::State, *m, "d", n, "sentence", None)
    });
    let graph = KnowledgeGraph::from_triples(triples);
    assert_eq!(graph.edge_count(), 6);
    let out = xml_check("gexf-kinds", to_gexf(&graph).as_bytes(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.trim(), "edges 6 groups 6");
    check_gexf_kinds(&hostile_graph()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn kuzu_runs_the_script_twice_without_doubling() {
    // The hostile graph, and one pair with a relation in every modality.
    use Modality::*;
    let triples = [Asserted, Hypothetical, Negated, Asserted].iter().enumerate().map(|(n, m)| {
        triple("Iran", ActorKind::State, "supply", "Russia", ActorKind::State, *m, &format!("d{n}"), n, "it's \\ \"x\"\nline", None)
    });
    for graph in [hostile_graph(), KnowledgeGraph::from_triples(triples), KnowledgeGraph::new()] {
        check_kuzu(&graph).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn empty_graph_survives_every_client() {
    check_all(&KnowledgeGraph::new()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn networkx_check_script_catches_a_difference() {
    // The checker must not pass everything: a wrong expectation fails it.
    let graph = hostile_graph();
    let dir = tempfile::tempdir().unwrap();
    let mut wrong = expected(&graph);
    let first = wrong["nodes"].as_object().unwrap().keys().next().unwrap().clone();
    wrong["nodes"][&first]["mentions"] = json!(999);
    let paths: Vec<PathBuf> = [
        ("e.json", serde_json::to_string(&wrong).unwrap()),
        ("g.graphml", to_graphml(&graph)),
        ("g.json", to_node_link(&graph)),
        ("g.gexf", to_gexf(&graph)),
    ]
    .iter()
    .map(|(n, t)| {
        let p = dir.path().join(n);
        std::fs::write(&p, t).unwrap();
        p
    })
    .collect();
    match Command::new(networkx_python()).arg(script()).args(&paths).output() {
        Ok(out) if out.status.code() == Some(3) => missing("NetworkX"),
        Ok(out) => {
            assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
            assert!(String::from_utf8_lossy(&out.stderr).contains("999"));
        }
        Err(_) => missing("python3"),
    }
}

fn name() -> impl Strategy<Value = String> {
    (prop::collection::vec(prop::sample::select(HOSTILE), 1..3), 0..4u8)
        .prop_map(|(parts, n)| format!("{}{n}", parts.concat()))
}

prop_compose! {
    fn random_triple()(
        s in name(), o in name(),
        sk in prop::sample::select(&ActorKind::ALL[..]), ok in prop::sample::select(&ActorKind::ALL[..]),
        rel in prop::sample::select(RELATIONS), m in prop::sample::select(&Modality::ALL[..]),
        doc in name(), n in 0..5usize, text in name(),
        date in prop::option::of((1..13u8, 1..29u8)),
    ) -> Triple {
        let date = date.map(|(m, d)| format!("2024-{m:02}-{d:02}"));
        triple(&s, sk, rel, &o, ok, m, &doc, n, &text, date)
    }
}

proptest! {
    // Each case shells out to `dot` four times and to Python once: few cases.
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_hostile_graphs_survive_every_client(triples in prop::collection::vec(random_triple(), 0..12)) {
        let graph = KnowledgeGraph::from_triples(triples);
        if let Err(e) = check_all(&graph) {
            prop_assert!(false, "{}", e);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Without clients: round trips, CSV and Mermaid on more cases.
    #[test]
    fn random_graphs_round_trip(triples in prop::collection::vec(random_triple(), 0..16)) {
        let graph = KnowledgeGraph::from_triples(triples);
        let checks = check_round_trips(&graph)
            .and_then(|()| check_neo4j(&graph))
            .and_then(|()| check_cypher_and_mermaid(&graph));
        prop_assert!(checks.is_ok(), "{:?}", checks);
        let dot = to_dot(&graph, &DotStyle::default());
        prop_assert!(graphviz_rust::parse(&dot).is_ok(), "{}", dot);
    }
}
