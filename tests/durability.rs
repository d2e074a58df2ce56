//! Durability and determinism of the command-line tool's outputs: a run
//! killed mid-write leaves the previous file intact, and the same input
//! gives byte-identical outputs.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use actorgraph::graph::KnowledgeGraph;

mod common;
use common::{temp_files, BIN};

const NEWS: &[&str] = &[
    "Iran supplied drones to Russia. Tehran condemned Washington.\n",
    "North Korea has sent artillery shells to Moscow, officials said.\n",
    "Japan met South Korea on Tuesday. Poland condemned Belarus.\n",
    "The United States imposed sanctions on Iran. Seoul warned Moscow it could arm Kyiv.\n",
];

fn run(dir: &Path, args: &[&str]) -> common::Run {
    common::ok(dir, args)
}

#[test]
fn killed_mid_write_leaves_the_old_file_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::write(d.join("small.txt"), NEWS[0]).unwrap();
    run(d, &["extract", "small.txt", "-o", "out.jsonl"]);
    let old = fs::read(d.join("out.jsonl")).unwrap();
    assert!(!old.is_empty());

    // Many documents, streamed to `-o out.jsonl`: kill the process once its
    // temporary file has grown, before the rename.
    let records: String = (0..20_000)
        .map(|i| format!("{}\n", serde_json::json!({"id": i, "text": NEWS[i % NEWS.len()]})))
        .collect();
    fs::write(d.join("big.jsonl"), records).unwrap();
    let mut child = Command::new(BIN)
        .args(["extract", "big.jsonl", "-o", "out.jsonl"])
        .current_dir(d)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut killed_mid_write = false;
    loop {
        let growing = temp_files(d).iter().any(|n| fs::metadata(d.join(n)).is_ok_and(|m| m.len() > 0));
        if growing {
            child.kill().unwrap();
            killed_mid_write = true;
            break;
        }
        if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.wait();
    assert!(killed_mid_write, "the writer finished before it could be killed; make the input bigger");
    assert_eq!(fs::read(d.join("out.jsonl")).unwrap(), old, "the old output is intact");
    assert_eq!(temp_files(d).len(), 1, "the killed process's temp file is left behind");

    // The next run to the same file replaces it and removes the leftover.
    run(d, &["extract", "small.txt", "-o", "out.jsonl"]);
    assert_eq!(fs::read(d.join("out.jsonl")).unwrap(), old);
    assert_eq!(temp_files(d), Vec::<String>::new(), "stale temp files are cleaned");
}

#[test]
fn graph_killed_mid_save_keeps_the_old_graph_loadable() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::write(d.join("a.txt"), NEWS[0]).unwrap();
    run(d, &["build", "a.txt", "-o", "graph.json"]);
    let old = KnowledgeGraph::load(&d.join("graph.json")).unwrap();

    // Many documents make a long run; kill it at random moments, then the
    // graph file is either the old one or a complete new one.
    fs::create_dir(d.join("many")).unwrap();
    for i in 0..400 {
        fs::write(d.join(format!("many/{i:04}.txt")), NEWS[i % NEWS.len()].repeat(20)).unwrap();
    }
    for delay_ms in [5, 40, 150] {
        let mut child = Command::new(BIN)
            .args(["build", "many", "--add", "graph.json", "-o", "graph.json"])
            .current_dir(d)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = KnowledgeGraph::load(&d.join("graph.json")).expect("the graph file is always complete");
        assert!(now == old || now.documents().len() > old.documents().len());
    }
}

#[test]
fn same_input_gives_byte_identical_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::create_dir(d.join("in")).unwrap();
    for (i, text) in NEWS.iter().enumerate() {
        fs::write(d.join(format!("in/{i}.txt")), text).unwrap();
    }
    let outputs = |tag: &str| -> Vec<Vec<u8>> {
        let dir = d.join(tag);
        let out_dir = dir.to_str().unwrap();
        run(d, &["build", "in", "--out-dir", out_dir]);
        let jsonl = run(d, &["extract", "in"]).stdout;
        let tsv = run(d, &["extract", "in", "--format", "tsv"]).stdout;
        let ron = dir.join("graph.ron");
        run(d, &["export", dir.join("graph.json").to_str().unwrap(), "-o", ron.to_str().unwrap()]);
        let mut files: Vec<Vec<u8>> = ["graph.json", "graph.dot", "graph.ron"].iter().map(|f| fs::read(dir.join(f)).unwrap()).collect();
        files.extend([jsonl.into_bytes(), tsv.into_bytes()]);
        files
    };
    let first = outputs("one");
    let second = outputs("two");
    assert!(first.iter().all(|f| !f.is_empty()));
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    }
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Enough documents that two threads share them out, in several batches.
    let news = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/news");
    let mut texts: Vec<String> = fs::read_dir(news)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    let mut records = String::new();
    // Past two batches of 1024 documents, so that several are in the pool at once.
    for i in 0..2600 {
        let whole = &texts[i % texts.len()];
        let text = if i < 60 { whole.as_str() } else { whole.lines().find(|l| !l.trim().is_empty()).unwrap_or(whole) };
        records.push_str(&serde_json::json!({"id": format!("r{i}"), "text": text}).to_string());
        records.push('\n');
    }
    fs::write(d.join("in.jsonl"), records).unwrap();
    let one = run(d, &["extract", "in.jsonl", "--threads", "1"]).stdout;
    let two = run(d, &["extract", "in.jsonl", "--threads", "2"]).stdout;
    assert!(one.lines().count() > 60, "too few triples to compare: {}", one.lines().count());
    assert_eq!(one, two);
    run(d, &["build", "in.jsonl", "--threads", "1", "-o", "g1.json"]);
    run(d, &["build", "in.jsonl", "--threads", "2", "-o", "g2.json"]);
    assert_eq!(fs::read(d.join("g1.json")).unwrap(), fs::read(d.join("g2.json")).unwrap());
}
