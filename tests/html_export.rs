//! The interactive HTML view without a browser: the page is one
//! self-contained file, its JSON block parses back to the graph, and
//! hostile text never becomes markup. `export --format html` and `view`
//! from the command line. (tests/html_browser.rs runs it in Chromium.)

use std::path::Path;
use std::process::{Command, Stdio};

use actorgraph::export::{export, to_html, DotStyle, ExportFormat, HtmlOptions, Renderer};
use actorgraph::graph::KnowledgeGraph;
use actorgraph::model::{ActorKind, ActorRef, Modality, Triple};
use actorgraph::schema::Schema;
use serde_json::Value;

use common::BIN;

const HOSTILE_SENTENCE: &str =
    "Evil sent </script><img src=x onerror=alert(1)> <!-- & \"shells\" 'x' \\ to\nMoscow \u{2028}\u{2029} </SCRIPT >.";
const HOSTILE_ACTOR: &str = "Evil <img src=x onerror=alert(2)> </script> & \"co\"";

mod common;

/// The shared test triple, with a date.
fn triple(s: &str, rel: &str, o: &str, modality: Modality, doc: &str, n: usize, date: Option<&str>) -> Triple {
    Triple { date: date.map(str::to_string), ..common::triple(s, rel, o, modality, doc, n) }
}

fn hostile_graph() -> KnowledgeGraph {
    let mut evil = triple("x", "supply", "Russia", Modality::Asserted, "doc</script>", 0, Some("2024-06-19"));
    evil.subject = ActorRef::new(HOSTILE_ACTOR, "Evil <img>", ActorKind::ArmedGroup);
    evil.object = ActorRef::new("Russia", "Moscow", ActorKind::State);
    evil.predicate = "sent".into();
    evil.rule = "rule<b>\u{2028}".into();
    evil.text = HOSTILE_SENTENCE.into();
    KnowledgeGraph::from_triples([
        evil,
        triple("North Korea", "supply", "Russia", Modality::Asserted, "d1", 1, Some("2024-01-02")),
        triple("North Korea", "supply", "Russia", Modality::Asserted, "d2", 1, None),
        triple("North Korea", "deploy", "Russia", Modality::Hypothetical, "d2", 2, None),
        triple("Russia", "attack", "Ukraine", Modality::Negated, "d3", 0, Some("2023-12-31")),
    ])
}

fn layout_rs(graph: &KnowledgeGraph) -> String {
    to_html(graph, &HtmlOptions { renderer: Renderer::LayoutRs, ..HtmlOptions::default() }).unwrap()
}

fn dot_available() -> bool {
    Command::new("dot").arg("-V").stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// Every page this test can make: Graphviz (when installed) and layout-rs.
fn pages(graph: &KnowledgeGraph) -> Vec<(&'static str, String)> {
    let mut pages = vec![("layout-rs", layout_rs(graph))];
    if dot_available() {
        let options = HtmlOptions { renderer: Renderer::Graphviz, ..HtmlOptions::default() };
        pages.push(("graphviz", to_html(graph, &options).unwrap()));
    } else {
        eprintln!("note: Graphviz `dot` is not on PATH; checking the layout-rs page only");
    }
    pages
}

/// The JSON block's text.
fn json_island(html: &str) -> &str {
    let open = r#"<script type="application/json" id="graph-data">"#;
    let start = html.find(open).expect("the page has a JSON block") + open.len();
    let len = html[start..].find("</script>").expect("the JSON block is closed");
    &html[start..start + len]
}

fn data(html: &str) -> Value {
    serde_json::from_str(json_island(html)).unwrap_or_else(|e| panic!("the JSON block does not parse: {e}"))
}

/// The value of every `name="..."` attribute in the page.
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

#[test]
fn the_page_is_self_contained() {
    for (layout, html) in pages(&hostile_graph()) {
        for name in ["src", "href", "xlink:href", "action", "data", "poster"] {
            for value in attribute_values(&html, name) {
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    !(v.starts_with("http:") || v.starts_with("https:") || v.starts_with("//") || v.starts_with("file:")),
                    "{layout}: {name}=\"{value}\" would fetch"
                );
            }
        }
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<link"), "{layout}: a <link> element");
        assert!(!lower.contains("@import") && !lower.contains("url(http"), "{layout}: a style sheet fetch");
        assert!(!lower.contains("<iframe") && !lower.contains("<object") && !lower.contains("<embed"));
        assert!(lower.contains("content-security-policy") && lower.contains("default-src 'none'"), "{layout}: no CSP");
        // The only http(s) text outside the JSON data: SVG namespace names.
        let outside = html.replace(json_island(&html), "");
        for (at, _) in outside.match_indices("http:").chain(outside.match_indices("https:")) {
            let before = &outside[..at];
            assert!(
                before.ends_with("xmlns=\"") || before.ends_with("xmlns:xlink=\""),
                "{layout}: an address outside the data: {}",
                &outside[at.saturating_sub(40)..(at + 60).min(outside.len())]
            );
        }
        assert_eq!(lower.matches("<script").count(), 2, "{layout}: one data block and one script");
    }
}

#[test]
fn the_json_block_parses_back_to_the_graph() {
    let graph = hostile_graph();
    for (layout, html) in pages(&graph) {
        let data = data(&html);
        let actors = data["actors"].as_array().unwrap();
        let edges = data["edges"].as_array().unwrap();
        assert_eq!(actors.len(), graph.actor_count(), "{layout}");
        assert_eq!(edges.len(), graph.edge_count(), "{layout}");
        assert_eq!(data["meta"]["documents"], 4, "{layout}");
        assert_eq!(data["meta"]["first_date"], "2023-12-31", "{layout}");
        assert_eq!(data["meta"]["last_date"], "2024-06-19", "{layout}");
        assert_eq!(data["meta"]["layout"], layout);
        assert!(data["meta"]["schema_recorded"].is_null(), "the graph file records no schema");
        for (a, actor) in graph.actors().zip(actors) {
            assert_eq!(actor["id"], a.id.as_str());
            let svg_id = actor["svg"].as_str().unwrap();
            assert!(html.contains(&format!("id=\"{svg_id}\"")), "{layout}: no SVG element {svg_id}");
        }
        for (e, edge) in graph.edges().zip(edges) {
            assert_eq!(actors[edge["s"].as_u64().unwrap() as usize]["id"], e.subject.id.as_str());
            assert_eq!(actors[edge["o"].as_u64().unwrap() as usize]["id"], e.object.id.as_str());
            assert_eq!(edge["relation"], e.edge.relation.as_str());
            assert_eq!(edge["modality"], e.edge.modality.as_str());
            assert_eq!(edge["evidence"].as_array().unwrap().len(), e.edge.evidence.len());
            let svg_id = edge["svg"].as_str().unwrap();
            assert!(html.contains(&format!("id=\"{svg_id}\"")), "{layout}: no SVG element {svg_id}");
            let class = format!("link rel_{} mod_{}", e.edge.relation, e.edge.modality);
            assert!(html.contains(&class), "{layout}: no class {class}");
        }
        // Hostile text comes back exactly.
        let evil = edges.iter().find(|e| actors[e["s"].as_u64().unwrap() as usize]["id"] == HOSTILE_ACTOR).unwrap();
        let ev = &evil["evidence"][0];
        assert_eq!(ev["text"], HOSTILE_SENTENCE);
        assert_eq!(ev["doc"], "doc</script>");
        assert_eq!(ev["rule"], "rule<b>\u{2028}");
        assert_eq!(ev["subject"], "Evil <img>");
        assert_eq!(ev["object"], "Moscow");
        assert_eq!(ev["predicate"], "sent");
    }
}

#[test]
fn hostile_strings_never_become_markup() {
    for (layout, html) in pages(&hostile_graph()) {
        let lower = html.to_ascii_lowercase();
        assert_eq!(lower.matches("</script").count(), 2, "{layout}: a string closed a script");
        assert!(!lower.contains("<img"), "{layout}: an <img> element");
        assert!(!lower.contains("<b>"), "{layout}: a <b> element");
        let island = json_island(&html);
        for raw in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!island.contains(raw), "{layout}: {raw:?} unescaped in the JSON block");
        }
        assert!(island.contains(r"\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e"), "{layout}");
        // The drawing shows the hostile actor's name as escaped text.
        let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
        assert!(svg.contains("&lt;img src=x onerror=alert(2)&gt;"), "{layout}: {svg}");
        assert!(!svg.contains("<!--"), "{layout}: comments are dropped");
    }
}

#[test]
fn no_xml_forbidden_character_reaches_the_page() {
    // Noncharacters, control characters and line separators in names,
    // sentences and rules: the page holds none of them raw (the JSON block
    // has `\u` escapes, the drawing U+FFFD and character references), and
    // its drawing is XML a strict reader (Python's expat) takes.
    let odd = "\u{fffe}\u{ffff}\u{fdd0}\u{10ffff}\u{1}\u{85}\u{2028}\u{2029}";
    let mut t = triple(&format!("Odd{odd}"), "supply", "Russia", Modality::Asserted, &format!("doc{odd}"), 0, None);
    t.text = format!("Sentence {odd} & more");
    t.rule = format!("rule{odd}");
    t.subject = ActorRef::new(format!("Odd{odd}"), format!("odd{odd}"), ActorKind::Party);
    let graph = KnowledgeGraph::from_triples([t]);
    for (layout, html) in pages(&graph) {
        let bad: Vec<char> = html
            .chars()
            .filter(|&c| {
                let n = c as u32;
                (n < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
                    || (0xfdd0..=0xfdef).contains(&n)
                    || n & 0xfffe == 0xfffe
                    || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
            })
            .collect();
        assert!(bad.is_empty(), "{layout}: raw {bad:?} in the page");
        let back = data(&html);
        assert_eq!(back["edges"][0]["evidence"][0]["text"], format!("Sentence {odd} & more"), "{layout}: the data stays exact");
        let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap() + "</svg>".len()];
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("view.svg");
        std::fs::write(&file, svg).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/xml_check.py");
        match Command::new("python3").arg(script).arg("svg").arg(&file).output() {
            Ok(out) => assert!(out.status.success(), "{layout}: {}\n{svg}", String::from_utf8_lossy(&out.stderr)),
            Err(_) => {
                assert!(std::env::var_os("CI").is_none(), "python3 is required under CI");
                eprintln!("note: python3 not found; skipping the XML parse of the drawing");
            }
        }
    }
}

#[test]
fn every_actor_and_link_has_an_id_and_class_in_both_layouts() {
    let graph = hostile_graph();
    for (layout, html) in pages(&graph) {
        for i in 0..graph.actor_count() {
            assert!(html.contains(&format!("id=\"actor_{i}\"")), "{layout}: actor_{i}");
        }
        for i in 0..graph.edge_count() {
            assert!(html.contains(&format!("id=\"link_{i}\"")), "{layout}: link_{i}");
        }
        assert!(html.contains("node actor kind_armed_group"), "{layout}");
        assert!(html.contains("edge link rel_attack mod_negated"), "{layout}");
        assert!(!html.contains("cluster_legend"), "{layout}: the page has its own legend");
    }
}

#[test]
fn schema_names_relations_and_colours() {
    let graph = hostile_graph();
    let schema = Schema::embedded().unwrap();
    let options = HtmlOptions {
        style: DotStyle::from_schema(&schema),
        title: Some("g.json".into()),
        schema: Some(&schema),
        schema_label: Some("embedded default schema".into()),
        renderer: Renderer::LayoutRs,
    };
    let html = to_html(&graph, &options).unwrap();
    assert!(html.contains("<title>g.json — actorgraph</title>"));
    let data = data(&html);
    let north_korea = data["actors"].as_array().unwrap().iter().find(|a| a["id"] == "North Korea").unwrap();
    let names: Vec<&str> = north_korea["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    for name in ["North Korea", "Pyongyang", "DPRK", "Kim Jong Un"] {
        assert!(names.contains(&name), "{name} not in {names:?}");
    }
    let relations = data["relations"].as_array().unwrap();
    let ids: Vec<&str> = relations.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["supply", "deploy", "attack"], "schema order, present classes only");
    let supply = &relations[0];
    assert_eq!(supply["color"], DotStyle::from_schema(&schema).color_for("supply"));
    assert!(supply["verb"].is_string());
    assert_eq!(data["meta"]["schema_used"], "embedded default schema");
}

#[test]
fn empty_graph_and_export_dispatch() {
    let html = layout_rs(&KnowledgeGraph::new());
    assert!(html.contains("<svg") && data(&html)["edges"].as_array().unwrap().is_empty());
    let bytes = export(&hostile_graph(), ExportFormat::Html, &DotStyle::default()).unwrap();
    assert!(String::from_utf8(bytes).unwrap().starts_with("<!DOCTYPE html>"));
    assert_eq!("html".parse::<ExportFormat>().unwrap(), ExportFormat::Html);
    assert_eq!(ExportFormat::from_path(Path::new("v.HTM")).unwrap(), ExportFormat::Html);
    assert!(ExportFormat::ALL.contains(&ExportFormat::Html) && ExportFormat::Html.is_text());
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir).stdin(Stdio::null()).env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("start actorgraph");
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(out.status.success(), "{args:?} failed:\n{stdout}\n{stderr}");
    (stdout, stderr)
}

#[test]
fn export_and_view_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    hostile_graph().save(&dir.join("g.json")).unwrap();

    run(dir, &["export", "g.json", "-o", "v.html"], &[]);
    let html = std::fs::read_to_string(dir.join("v.html")).unwrap();
    let data = data(&html);
    assert_eq!(data["meta"]["title"], "g.json");
    assert_eq!(data["meta"]["schema_used"], "embedded default schema");
    let nk = data["actors"].as_array().unwrap().iter().find(|a| a["id"] == "North Korea").unwrap().clone();
    assert!(nk["names"].as_array().unwrap().iter().any(|n| n == "Pyongyang"), "schema names from the CLI");

    let (stdout, _) = run(dir, &["export", "g.json", "--format", "html", "--relation", "supply"], &[]);
    let part = self::data(&stdout);
    assert!(part["edges"].as_array().unwrap().iter().all(|e| e["relation"] == "supply"));
    assert_eq!(part["edges"].as_array().unwrap().len(), 2);

    // `view` writes the page where asked and prints the path; no browser under CI.
    let (stdout, stderr) = run(dir, &["view", "g.json", "-o", "w.html"], &[("CI", "1")]);
    assert_eq!(stdout.trim(), "w.html");
    assert!(stderr.contains("not opening a browser under CI"), "{stderr}");
    assert!(std::fs::read_to_string(dir.join("w.html")).unwrap().contains("graph-data"));

    // Without -o: a fresh temporary file; without a display, not opened.
    let (stdout, stderr) = run(dir, &["view", "g.json", "--around", "Ukraine", "--depth", "1"], &[("CI", "")]);
    let path = Path::new(stdout.trim());
    assert!(path.is_absolute() && path.is_file(), "{stdout}");
    assert!(path.file_name().unwrap().to_string_lossy().starts_with("actorgraph-view-g-"));
    assert!(stderr.contains("no display"), "{stderr}");
    let around = std::fs::read_to_string(path).unwrap();
    std::fs::remove_file(path).unwrap();
    assert_eq!(self::data(&around)["actors"].as_array().unwrap().len(), 2, "Ukraine and Russia");

    let (_, stderr) = run(dir, &["view", "g.json", "-o", "x.html", "--no-open"], &[]);
    assert!(stderr.is_empty(), "{stderr}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Any text in names and sentences: the page keeps exactly its two
    /// scripts, makes no element of it, and the JSON block gives it back.
    #[test]
    fn random_text_stays_text(
        name in "[a-zA-Z<>/&\"'\\ !-]{1,16}|\\PC{1,12}",
        sentence in "(</script>|<!--|<img onerror=x>|&amp;|\u{2028}|[a-z ]|\\PC){0,40}",
    ) {
        let mut t = triple("x", "supply", "Russia", Modality::Asserted, "d", 0, None);
        t.subject = ActorRef::new(name.clone(), sentence.clone(), ActorKind::Party);
        t.text = sentence.clone();
        let graph = KnowledgeGraph::from_triples([t]);
        let html = to_html(&graph, &HtmlOptions::default()).unwrap();
        let lower = html.to_ascii_lowercase();
        proptest::prop_assert_eq!(lower.matches("</script").count(), 2);
        proptest::prop_assert_eq!(lower.matches("<script").count(), 2);
        proptest::prop_assert!(!lower.contains("<img"));
        let data = data(&html);
        let actors = data["actors"].as_array().unwrap();
        proptest::prop_assert!(actors.iter().any(|a| a["id"] == name.as_str()));
        proptest::prop_assert_eq!(&data["edges"][0]["evidence"][0]["text"], sentence.as_str());
    }
}
