//! `actorgraph query`, run as a process on graph files written with the
//! library (so these tests do not depend on what the extractor reads).

use std::fs;
use std::path::Path;

use actorgraph::graph::KnowledgeGraph;
use actorgraph::model::{ActorKind, ActorRef, Modality, Triple};
use serde_json::Value;

mod common;
use common::{ok, run};

fn json(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let r = ok(dir, &all);
    serde_json::from_str::<Value>(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout)).as_array().unwrap().clone()
}

#[allow(clippy::too_many_arguments)]
fn t(s: &str, sk: ActorKind, rel: &str, o: &str, m: Modality, doc: &str, n: usize, date: &str) -> Triple {
    Triple {
        subject: ActorRef::new(s, s, sk),
        text: format!("{s} {rel} {o} (sentence {n} of {doc})."),
        date: Some(date.into()),
        ..common::triple(s, rel, o, m, doc, n)
    }
}

/// North Korea supplies (×2) and deploys to Russia; Iran supplies Russia;
/// Russia attacks Ukraine; Hezbollah (armed group) may attack Israel;
/// Japan meets India (a second component).
fn graph(dir: &Path) {
    use ActorKind::{ArmedGroup, State};
    use Modality::{Asserted, Hypothetical};
    let g = KnowledgeGraph::from_triples([
        t("North Korea", State, "supply", "Russia", Asserted, "d1", 0, "2024-03-01"),
        t("North Korea", State, "supply", "Russia", Asserted, "d2", 0, "2024-07-01"),
        t("North Korea", State, "deploy", "Russia", Asserted, "d2", 1, "2024-07-01"),
        t("Iran", State, "supply", "Russia", Asserted, "d3", 0, "2023-05-05"),
        t("Russia", State, "attack", "Ukraine", Asserted, "d1", 1, "2024-03-01"),
        t("Hezbollah", ArmedGroup, "attack", "Israel", Hypothetical, "d4", 0, "2024-10-10"),
        t("Japan", State, "meet", "India", Asserted, "d5", 0, "2025-01-01"),
    ]);
    g.save(&dir.join("g.json")).unwrap();
}

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    graph(tmp.path());
    tmp
}

#[test]
fn any_name_of_an_actor_finds_it_even_if_the_text_never_used_it() {
    let tmp = setup();
    for name in ["North Korea", "Pyongyang", "DPRK", "North Korean", "Kim Jong Un", "north korea"] {
        let links = json(tmp.path(), &["query", "g.json", "--neighbours", name]);
        assert_eq!(links.len(), 2, "{name}: {links:?}");
        assert!(links.iter().all(|l| l["subject"] == "North Korea"), "{name}");
    }
    let links = json(tmp.path(), &["query", "g.json", "--between", "the Kremlin", "IRN"]);
    assert_eq!(links.len(), 1);
    assert_eq!(links[0]["direction"], "in");
}

#[test]
fn unknown_names_suggest_and_known_but_absent_actors_say_so() {
    let tmp = setup();
    let r = run(tmp.path(), &["query", "g.json", "--neighbours", "Pyongyng"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("unknown actor `Pyongyng`") && r.stderr.contains("`Pyongyang`"), "{}", r.stderr);
    let r = ok(tmp.path(), &["query", "g.json", "--neighbours", "Paris"]);
    assert!(r.stderr.contains("France"), "{}", r.stderr);
    assert!(r.stdout.contains("(no links)"), "{}", r.stdout);
}

#[test]
fn neighbours_carry_counts_dates_and_every_evidence_sentence() {
    let tmp = setup();
    let links = json(tmp.path(), &["query", "g.json", "--neighbours", "Russia", "--direction", "in"]);
    let supply = links.iter().find(|l| l["subject"] == "North Korea" && l["relation"] == "supply").unwrap();
    assert_eq!(supply["mentions"], 2);
    assert_eq!(supply["first_date"], "2024-03-01");
    assert_eq!(supply["last_date"], "2024-07-01");
    assert_eq!(supply["modality"], "asserted");
    assert_eq!(supply["all_evidence"].as_array().unwrap().len(), 2);
    assert_eq!(supply["evidence"]["doc"], "d1");
    assert_eq!(supply["hop"], 1);
    let table = ok(tmp.path(), &["query", "g.json", "--neighbours", "Russia"]).stdout;
    assert!(table.contains("North Korea —supply→ Russia  [×2, 2024-03-01…2024-07-01]"), "{table}");
    assert!(table.contains("d2 #0: \"North Korea supply Russia (sentence 0 of d2).\""), "{table}");
}

#[test]
fn depth_reaches_the_ego_network() {
    let tmp = setup();
    let one = json(tmp.path(), &["query", "g.json", "--neighbours", "Iran"]);
    assert_eq!(one.len(), 1);
    let two = json(tmp.path(), &["query", "g.json", "--neighbours", "Iran", "--depth", "2"]);
    let hop2: Vec<&Value> = two.iter().filter(|l| l["hop"] == 2).collect();
    assert_eq!(hop2.len(), 3, "{two:?}");
    assert!(hop2.iter().all(|l| l["from"] == "Russia"));
    let out = json(tmp.path(), &["query", "g.json", "--neighbours", "Iran", "--depth", "3", "--direction", "out"]);
    let reached: Vec<&str> = out.iter().map(|l| l["object"].as_str().unwrap()).collect();
    assert_eq!(reached, ["Russia", "Ukraine"]);
}

#[test]
fn paths_collapse_parallel_edges_and_show_each_step() {
    let tmp = setup();
    let paths = json(tmp.path(), &["query", "g.json", "--path", "Pyongyang", "Kyiv", "--max-len", "3"]);
    assert_eq!(paths.len(), 1, "three parallel edges, one path: {paths:?}");
    let p = &paths[0];
    assert_eq!(p["actors"], serde_json::json!(["North Korea", "Russia", "Ukraine"]));
    let first = p["steps"][0]["links"].as_array().unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0]["relation"], "supply");
    assert!(first[0]["evidence"]["text"].as_str().unwrap().contains("supply"));
    // Iran to North Korea only through Russia, against the arrows.
    let both = json(tmp.path(), &["query", "g.json", "--path", "Iran", "North Korea"]);
    assert_eq!(both.len(), 1);
    assert!(json(tmp.path(), &["query", "g.json", "--path", "Iran", "North Korea", "--direction", "out"]).is_empty());
    let table = ok(tmp.path(), &["query", "g.json", "--path", "Iran", "Ukraine", "--shortest"]).stdout;
    assert!(table.starts_with("1. Iran —[supply]→ Russia —[attack]→ Ukraine"), "{table}");
    let none = ok(tmp.path(), &["query", "g.json", "--path", "Iran", "Japan"]).stdout;
    assert_eq!(none.trim(), "(no path)");
}

#[test]
fn rankings_and_components() {
    let tmp = setup();
    for (measure, top_score) in [("degree", 4.0), ("weighted-degree", 5.0)] {
        let ranks = json(tmp.path(), &["query", "g.json", "--rank", measure]);
        assert_eq!(ranks[0]["actor"], "Russia", "{measure}");
        assert_eq!(ranks[0][measure], top_score, "{measure}");
    }
    let pr = json(tmp.path(), &["query", "g.json", "--rank", "pagerank", "--top", "3"]);
    assert_eq!(pr.len(), 3);
    assert_eq!(pr[0]["rank"], 1);
    let r = run(tmp.path(), &["query", "g.json", "--rank", "betweenness"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("pagerank"), "{}", r.stderr);

    let parts = json(tmp.path(), &["query", "g.json", "--components"]);
    let sizes: Vec<u64> = parts.iter().map(|c| c["size"].as_u64().unwrap()).collect();
    assert_eq!(sizes, [4, 2, 2]);
    assert_eq!(parts[0]["actors"], serde_json::json!(["Iran", "North Korea", "Russia", "Ukraine"]));
}

#[test]
fn patterns_bind_variables_with_evidence() {
    let tmp = setup();
    let matches = json(tmp.path(), &["query", "g.json", "?x supply Russia; ?x deploy ?y"]);
    assert_eq!(matches.len(), 1, "{matches:?}");
    assert_eq!(matches[0]["bindings"]["x"], "North Korea");
    assert_eq!(matches[0]["bindings"]["y"], "Russia");
    assert_eq!(matches[0]["clauses"][0][0]["mentions"], 2);
    let both = json(tmp.path(), &["query", "g.json", "?x supply Moscow; Moscow attack ?y"]);
    assert_eq!(both.len(), 2);
    let table = ok(tmp.path(), &["query", "g.json", "?x attack:hypothetical ?y"]).stdout;
    assert!(table.starts_with("1. ?x = Hezbollah, ?y = Israel"), "{table}");
    let r = run(tmp.path(), &["query", "g.json", "?x supply North Korea"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("column 17") && r.stderr.contains('^'), "{}", r.stderr);
}

#[test]
fn filters_apply_to_every_question() {
    let tmp = setup();
    let q = |extra: &[&str]| {
        let mut args = vec!["query", "g.json", "--neighbours", "Russia"];
        args.extend(extra);
        json(tmp.path(), &args)
    };
    assert_eq!(q(&[]).len(), 4);
    assert_eq!(q(&["--relation", "supply"]).len(), 2);
    assert_eq!(q(&["--relation", "supply,deploy"]).len(), 3);
    assert_eq!(q(&["--min-mentions", "2"]).len(), 1);
    assert_eq!(q(&["--doc", "d2"]).len(), 2);
    let dated = q(&["--from", "2024-06", "--to", "2024"]);
    assert_eq!(dated.len(), 2, "{dated:?}");
    assert!(dated.iter().all(|l| l["mentions"] == 1 && l["first_date"] == "2024-07-01"));
    assert_eq!(q(&["--modality", "hypothetical"]).len(), 0);
    let groups = json(tmp.path(), &["query", "g.json", "--rank", "degree", "--kind", "armed-group,state", "--modality", "hypothetical"]);
    assert_eq!(groups.len(), 2);
    let states = json(tmp.path(), &["query", "g.json", "--components", "--kind", "state"]);
    assert!(states.iter().all(|c| !c["actors"].to_string().contains("Hezbollah")));

    for (flag, value, says) in [
        ("--relation", "suply", "unknown relation class `suply`"),
        ("--from", "2024-13-01", "invalid date"),
        ("--kind", "nation", "invalid actor kind"),
        ("--modality", "maybe", "unknown modality"),
    ] {
        let r = run(tmp.path(), &["query", "g.json", "--components", flag, value]);
        assert_eq!(r.code, 1, "{flag} {value}");
        assert!(r.stderr.contains(says), "{flag} {value}: {}", r.stderr);
    }
}

#[test]
fn one_question_at_a_time() {
    let tmp = setup();
    assert_eq!(run(tmp.path(), &["query", "g.json", "--components", "--rank", "degree"]).code, 2);
    assert_eq!(run(tmp.path(), &["query", "g.json", "?x meet ?y", "--neighbours", "Iran"]).code, 2);
    assert_eq!(run(tmp.path(), &["query", "g.json", "--shortest"]).code, 2);
    let jsonl = ok(tmp.path(), &["query", "g.json", "--components", "--format", "jsonl"]).stdout;
    assert_eq!(jsonl.lines().count(), 3);
    fs::write(tmp.path().join("bad.json"), "{").unwrap();
    let r = run(tmp.path(), &["query", "bad.json", "--components"]);
    assert!(r.code == 1 && r.stderr.contains("bad.json:1:"), "{}", r.stderr);
}

/// A dense graph: 30 states that all meet one another, Iran among them
/// and linked to each; Iran reaches Chile only through Peru.
fn dense_graph(dir: &Path) {
    let cluster: Vec<String> = (0..30).map(|i| format!("Land {i}")).collect();
    let mut triples = Vec::new();
    let meet = |a: &str, b: &str| t(a, ActorKind::State, "meet", b, Modality::Asserted, "d", 0, "2024-01-01");
    for a in &cluster {
        for b in cluster.iter().filter(|b| *b != a) {
            triples.push(meet(a, b));
        }
        triples.push(meet("Iran", a));
        triples.push(meet(a, "Iran"));
    }
    triples.push(meet("Iran", "Peru"));
    triples.push(meet("Peru", "Chile"));
    triples.push(meet("Japan", "Land 0"));
    KnowledgeGraph::from_triples(triples).save(&dir.join("dense.json")).unwrap();
}

#[test]
fn costly_queries_on_a_dense_graph_end_with_a_clear_message() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    dense_graph(d);
    // No path at all: answered at once, however long the paths asked for.
    let out = ok(d, &["query", "dense.json", "--path", "Iran", "Japan", "--max-len", "20", "--direction", "out"]);
    assert_eq!(out.stdout, "(no path)\n");
    // Paths that exist, among exponentially many that lead nowhere.
    let out = run(d, &["query", "dense.json", "--path", "Iran", "Chile", "--max-len", "12", "--direction", "out"]).fails();
    assert!(out.stderr.contains("error: the search for paths of up to 12 steps was stopped at its limit of 5000000 steps; lower --max-len"), "{}", out.stderr);
    // A chain of clauses on one variable after another.
    let out = run(d, &["query", "dense.json", "?a meet ?b; ?b meet ?c; ?c meet ?d"]).fails();
    assert!(out.stderr.contains("error: the pattern query was stopped at its limit of 100000 partial matches; narrow it"), "{}", out.stderr);
}
