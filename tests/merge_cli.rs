//! `actorgraph merge`: graphs of parts of a corpus into one graph file, the
//! same whatever the order, equal to the graph of the whole corpus; bad
//! inputs are errors that name the file, and leave no output behind.

use std::fs;

mod common;
use common::{run, write};

/// Three parts of a corpus (`c.txt` is in two of them), and the whole of it in `all/`.
fn parts(dir: &std::path::Path) {
    let files = [
        (
            "a.txt",
            "Iran supplied drones to Russia.\nTehran condemned Washington.\n",
            &["one"][..],
        ),
        ("b.txt", "Iran supplied missiles to Russia.", &["two"]),
        (
            "c.txt",
            "Japan met South Korea on Tuesday.",
            &["one", "two"],
        ),
        (
            "d.jsonl",
            "{\"id\": \"d\", \"text\": \"Poland condemned Belarus.\", \"date\": \"2024-03-01\"}\n",
            &["three"],
        ),
    ];
    for (name, text, parts) in files {
        for part in parts.iter().chain(&["all"]) {
            write(dir, &format!("{part}/{name}"), text);
        }
    }
}

#[test]
fn merge_in_any_order_gives_the_graph_of_the_whole_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    parts(dir);
    for part in ["one", "two", "three", "all"] {
        run(dir, &["build", part, "-o", &format!("{part}.json")]).ok();
    }
    let out = run(
        dir,
        &[
            "merge",
            "one.json",
            "two.json",
            "three.json",
            "-o",
            "m1.json",
        ],
    )
    .ok();
    assert!(
        out.stdout
            .contains("4 documents (1 in more than one graph, counted once"),
        "{}",
        out.stdout
    );
    run(
        dir,
        &[
            "merge",
            "three.json",
            "two.json",
            "one.json",
            "-o",
            "m2.json",
        ],
    )
    .ok();
    // Grouped the other way, and through RON.
    run(
        dir,
        &["merge", "two.json", "three.json", "-o", "two-three.ron"],
    )
    .ok();
    run(
        dir,
        &["merge", "two-three.ron", "one.json", "-o", "m3.json"],
    )
    .ok();
    let whole = fs::read(dir.join("all.json")).unwrap();
    for merged in ["m1.json", "m2.json", "m3.json"] {
        assert!(
            fs::read(dir.join(merged)).unwrap() == whole,
            "{merged} differs from the graph built from all documents"
        );
    }
    // c.txt, in two parts, counts once.
    let graph: serde_json::Value = serde_json::from_slice(&whole).unwrap();
    let meet = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["relation"] == "meet")
        .unwrap();
    assert_eq!(meet["mentions"], 1, "{meet}");
}

#[test]
fn a_bad_input_graph_is_an_error_that_names_it_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    parts(dir);
    run(dir, &["build", "one", "-o", "one.json"]).ok();
    write(
        dir,
        "broken.json",
        "{\n  \"format\": \"actorgraph-graph\",\n  \"version\": 3,\n  \"actors\": [,]\n}\n",
    );
    let out = run(dir, &["merge", "one.json", "broken.json", "-o", "m.json"]).fails();
    assert!(
        out.stderr
            .contains("broken.json:4:14: invalid JSON graph file"),
        "{}",
        out.stderr
    );
    let out = run(dir, &["merge", "one.json", "missing.json", "-o", "m.json"]).fails();
    assert!(out.stderr.contains("missing.json"), "{}", out.stderr);
    write(dir, "triples.json", "{\"doc\": \"d\"}\n");
    let out = run(dir, &["merge", "triples.json", "one.json", "-o", "m.json"]).fails();
    assert!(
        out.stderr
            .contains("triples.json: not an actorgraph graph file"),
        "{}",
        out.stderr
    );
    let out = run(dir, &["merge", "one.json", "-o", "m.txt"]).fails();
    assert!(
        out.stderr.contains("m.txt") && out.stderr.contains(".json"),
        "{}",
        out.stderr
    );
    assert!(!dir.join("m.json").exists() && !dir.join("m.txt").exists());
    let leftovers: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn a_shared_document_that_neither_graph_kept_whole_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // `long` says the same thing three times; with one piece of evidence kept
    // per link, neither graph knows which links its other two went to.
    let long = "Iran supplied drones to Russia. Iran supplied shells to Russia. Iran supplied tanks to Russia.";
    write(dir, "x/long.txt", long);
    write(dir, "x/a.txt", "Japan met South Korea.");
    write(dir, "y/long.txt", long);
    write(dir, "y/b.txt", "Poland condemned Belarus.");
    run(dir, &["build", "x", "-o", "x.json", "--max-evidence", "1"]).ok();
    run(dir, &["build", "y", "-o", "y.json", "--max-evidence", "1"]).ok();
    let out = run(dir, &["merge", "x.json", "y.json", "-o", "m.json"]).fails();
    assert!(
        out.stderr.contains("merging y.json")
            && out.stderr.contains("document `long` is in both graphs"),
        "{}",
        out.stderr
    );
    assert!(!dir.join("m.json").exists());
    // Kept whole, it merges.
    run(dir, &["build", "x", "-o", "x.json", "--max-evidence", "0"]).ok();
    run(dir, &["merge", "x.json", "y.json", "-o", "m.json"]).ok();
    run(dir, &["merge", "y.json", "x.json", "-o", "n.json"]).ok();
    assert!(fs::read(dir.join("m.json")).unwrap() == fs::read(dir.join("n.json")).unwrap());
}
