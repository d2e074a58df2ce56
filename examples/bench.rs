//! The end-to-end benchmark: builds a large corpus from the project's own
//! texts (no network), runs the release binary on 1 and 2 threads (and shallow, without the parse), and
//! prints throughput, the ratio to a plain read of the same input, peak
//! memory and the scaling ratio; then times building a graph from many
//! triples and saving and loading it.
//!
//! ```sh
//! cargo build --release && cargo run --release --example bench -- --size-mb 200
//! ```
//!
//! Options: `--size-mb N` (corpus size, default 100), `--runs N` (runs per
//! setting, the median is reported; default 3), `--triples N` (graph stage,
//! default 10,000,000; 0 skips it), `--max-evidence N` (evidence kept per
//! edge in the graph stage, default 20 as in `build`; 0 keeps all),
//! `--graph-only` (skip the binary stages), `--corpus-dir DIR` (where the
//! corpus is written, default target/bench), `--bin PATH` (default
//! target/release/actorgraph), `--schema DIR` (passed to the binary).
//! `BENCH_NO_FILES=1` skips saving and loading the graph.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use actorgraph::graph::{KnowledgeGraph, DEFAULT_MAX_EVIDENCE};
use actorgraph::model::{ActorKind, ActorRef, Modality, Relation, Triple};

struct Options {
    size_mb: f64,
    runs: usize,
    triples: usize,
    corpus_dir: PathBuf,
    bin: PathBuf,
    schema: Option<PathBuf>,
    graph_only: bool,
    max_evidence: usize,
}

fn options() -> Options {
    let mut o = Options {
        size_mb: 100.0,
        runs: 3,
        triples: 10_000_000,
        corpus_dir: PathBuf::from("target/bench"),
        bin: PathBuf::from("target/release/actorgraph"),
        schema: None,
        graph_only: false,
        max_evidence: DEFAULT_MAX_EVIDENCE,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = || args.get(i + 1).cloned().unwrap_or_else(|| panic!("{} needs a value", args[i]));
        match args[i].as_str() {
            "--size-mb" => o.size_mb = value().parse().expect("--size-mb N"),
            "--runs" => o.runs = value().parse().expect("--runs N"),
            "--triples" => o.triples = value().parse().expect("--triples N"),
            "--max-evidence" => o.max_evidence = value().parse().expect("--max-evidence N"),
            "--corpus-dir" => o.corpus_dir = value().into(),
            "--bin" => o.bin = value().into(),
            "--schema" => o.schema = Some(value().into()),
            "--graph-only" => {
                o.graph_only = true;
                i += 1;
                continue;
            }
            "--bench" => {
                i += 1;
                continue;
            }
            other => panic!("unknown option {other}"),
        }
        i += 2;
    }
    o
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The source texts: the seeds and dev corpora and the example news.
fn source_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for dir in ["../shared/corpus/seeds", "../shared/corpus/dev", "examples/news"] {
        let Ok(entries) = fs::read_dir(dir) else {
            eprintln!("note: {dir} not found, skipped");
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            match p.extension().and_then(|e| e.to_str()) {
                Some("txt") => texts.push(fs::read_to_string(&p).expect("read text")),
                Some("jsonl") => {
                    for line in fs::read_to_string(&p).expect("read jsonl").lines().filter(|l| !l.trim().is_empty()) {
                        let v: serde_json::Value = serde_json::from_str(line).expect("JSON record");
                        if let Some(t) = v["text"].as_str() {
                            texts.push(t.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    assert!(!texts.is_empty(), "no source texts: run from the crate's folder");
    texts
}

/// Writes a JSON-lines corpus of about `size` bytes: half the records are
/// whole source documents, half new documents of 3–12 paragraphs drawn
/// from all of them, in a shuffled order.
fn build_corpus(path: &Path, size: usize) -> usize {
    let texts = source_texts();
    let paragraphs: Vec<&str> = texts.iter().flat_map(|t| t.split('\n')).filter(|p| !p.trim().is_empty()).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut w = BufWriter::new(File::create(path).expect("create corpus"));
    let (mut written, mut n) = (0, 0);
    while written < size {
        let text = if rng.below(2) == 0 {
            texts[rng.below(texts.len())].clone()
        } else {
            let k = 3 + rng.below(10);
            (0..k).map(|_| paragraphs[rng.below(paragraphs.len())]).collect::<Vec<_>>().join("\n")
        };
        let record = serde_json::json!({"id": format!("d{n}"), "date": format!("2024-{:02}-{:02}", n % 12 + 1, n % 28 + 1), "text": text});
        let line = record.to_string();
        w.write_all(line.as_bytes()).expect("write");
        w.write_all(b"\n").expect("write");
        written += line.len() + 1;
        n += 1;
    }
    w.flush().expect("flush");
    n
}

/// The plain pass: read the file and split it into lines.
fn plain_read(path: &Path) -> (Duration, usize) {
    let started = Instant::now();
    let mut r = BufReader::with_capacity(1 << 16, File::open(path).expect("open"));
    let mut line = Vec::new();
    let (mut lines, mut bytes) = (0usize, 0usize);
    while r.read_until(b'\n', &mut line).expect("read") > 0 {
        lines += 1;
        bytes += line.len();
        line.clear();
    }
    std::hint::black_box((lines, bytes));
    (started.elapsed(), bytes)
}

/// CPU seconds this thread has run (Linux), beside wall time: on a machine
/// shared with other work the wall time of one stage swings, its CPU time
/// far less.
fn thread_cpu_secs() -> Option<f64> {
    let stat = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// Runs the binary under `/usr/bin/time -v`: wall seconds and peak RSS in KB.
fn run_binary(o: &Options, args: &[&str]) -> (f64, u64) {
    let have_time = Path::new("/usr/bin/time").exists();
    let mut cmd = if have_time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-v").arg(&o.bin);
        c
    } else {
        Command::new(&o.bin)
    };
    if let Some(s) = &o.schema {
        cmd.arg("--schema").arg(s);
    }
    cmd.args(args);
    let started = Instant::now();
    let out = cmd.output().expect("run the binary (cargo build --release first)");
    let secs = started.elapsed().as_secs_f64();
    assert!(out.status.success(), "{:?} failed: {}", args, String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    (secs, rss)
}

/// Synthetic triples: 300 actors, a few of them named far more often
/// than the rest (as in news), every relation and modality, ten triples
/// per document.
fn synthetic_triples(n: usize) -> impl Iterator<Item = Triple> {
    const RELATIONS: [&str; 11] =
        ["supply", "deploy", "attack", "threaten", "meet", "cooperate", "support", "criticize", "oppose", "sanction", "urge"];
    let actors: Vec<String> = (0..300).map(|i| format!("Actor {i}")).collect();
    let mut rng = Rng(42);
    (0..n).map(move |i| {
        let mut skewed = || {
            let k = rng.below(actors.len()) + 1;
            let k = rng.below(k) + 1;
            rng.below(k)
        };
        let s = skewed();
        let o = (s + 1 + skewed()) % actors.len();
        let relation = RELATIONS[rng.below(RELATIONS.len())];
        Triple {
            doc: format!("doc{}", i / 10),
            subject: ActorRef::new(actors[s].as_str(), actors[s].as_str(), ActorKind::State),
            relation: Relation::new(relation),
            object: ActorRef::new(actors[o].as_str(), actors[o].as_str(), ActorKind::State),
            predicate: "supplied".into(),
            modality: [Modality::Asserted, Modality::Negated, Modality::Hypothetical][rng.below(3)],
            nominal: false,
            sentence: i % 10,
            span: (0, 120),
            rule: format!("{relation}.verb"),
            text: "Officials said the shipment of artillery shells arrived last week, according to the report.".into(),
            date: Some(format!("2024-{:02}-{:02}", i % 12 + 1, i % 28 + 1)),
        }
    })
}

fn main() {
    let o = options();
    fs::create_dir_all(&o.corpus_dir).expect("corpus dir");
    if !o.graph_only {
        binary_stages(&o);
    }
    graph_stage(&o);
}

fn binary_stages(o: &Options) {
    let corpus = o.corpus_dir.join(format!("corpus-{}MB.jsonl", o.size_mb));
    let size = (o.size_mb * 1e6) as usize;
    if fs::metadata(&corpus).map_or(true, |m| (m.len() as usize) < size) {
        let n = build_corpus(&corpus, size);
        println!("corpus: {} ({n} documents)", corpus.display());
    } else {
        println!("corpus: {} (reused)", corpus.display());
    }
    let bytes = fs::metadata(&corpus).expect("corpus").len() as f64;
    let mb = bytes / 1e6;
    println!("input: {mb:.1} MB; {} runs per setting, medians", o.runs);

    let plain: Vec<f64> = (0..o.runs.max(3)).map(|_| plain_read(&corpus).0.as_secs_f64()).collect();
    let plain = median(plain);
    println!("plain read and split lines: {:.3} s, {:.0} MB/s", plain, mb / plain);

    let out = o.corpus_dir.join("triples.jsonl");
    let corpus_s = corpus.to_string_lossy().into_owned();
    let out_s = out.to_string_lossy().into_owned();
    let mut extract_secs = Vec::new();
    for threads in [1, 2] {
        let t = threads.to_string();
        let runs: Vec<(f64, u64)> = (0..o.runs).map(|_| run_binary(o, &["extract", &corpus_s, "-o", &out_s, "--threads", &t])).collect();
        let secs = median(runs.iter().map(|r| r.0).collect());
        let rss = runs.iter().map(|r| r.1).max().unwrap_or(0);
        println!(
            "extract, {threads} thread{}: {secs:.2} s, {:.1} MB/s ({:.1} MB/s per core), {:.0}× the plain read, peak RSS {:.0} MB",
            if threads == 1 { "" } else { "s" },
            mb / secs,
            mb / secs / threads as f64,
            secs / plain,
            rss as f64 / 1024.0
        );
        extract_secs.push(secs);
    }
    // The shallow reading (token patterns only, no parse), for the ratio the parse costs.
    let shallow_out = o.corpus_dir.join("triples-shallow.jsonl").to_string_lossy().into_owned();
    let shallow: Vec<f64> = (0..o.runs).map(|_| run_binary(o, &["extract", &corpus_s, "-o", &shallow_out, "--threads", "1", "--shallow"]).0).collect();
    let shallow = median(shallow);
    println!(
        "extract --shallow, 1 thread: {shallow:.2} s, {:.1} MB/s; the parse makes extract {:.0}× slower",
        mb / shallow,
        extract_secs[0] / shallow
    );
    println!("scaling, 2 threads / 1 thread: {:.2}×", extract_secs[0] / extract_secs[1]);
    let triples = BufReader::new(File::open(&out).expect("triples")).lines().count();
    println!("triples extracted: {triples}");

    let graph_out = o.corpus_dir.join("graph.json").to_string_lossy().into_owned();
    for threads in [1, 2] {
        let t = threads.to_string();
        let runs: Vec<(f64, u64)> = (0..o.runs).map(|_| run_binary(o, &["build", &corpus_s, "-o", &graph_out, "--threads", &t])).collect();
        let secs = median(runs.iter().map(|r| r.0).collect());
        let rss = runs.iter().map(|r| r.1).max().unwrap_or(0);
        println!("build, {threads} thread(s): {secs:.2} s, {:.1} MB/s, peak RSS {:.0} MB", mb / secs, rss as f64 / 1024.0);
    }
}

fn graph_stage(o: &Options) {
    if o.triples > 0 {
        // Making the triples costs time too; it is measured apart and taken off.
        let started = Instant::now();
        let cpu_started = thread_cpu_secs();
        let made = synthetic_triples(o.triples).map(|t| std::hint::black_box(t).sentence).sum::<usize>();
        std::hint::black_box(made);
        let making = started.elapsed().as_secs_f64();
        let cpu_making = thread_cpu_secs().zip(cpu_started).map(|(b, a)| b - a);
        let started = Instant::now();
        let cpu_started = thread_cpu_secs();
        let mut graph = KnowledgeGraph::new().with_max_evidence(o.max_evidence);
        graph.extend(synthetic_triples(o.triples));
        let secs = started.elapsed().as_secs_f64() - making;
        if let Some(cpu) = thread_cpu_secs().zip(cpu_started).zip(cpu_making).map(|((b, a), m)| b - a - m) {
            println!("graph build CPU time (making the triples taken off): {cpu:.2} s");
        }
        let kept: usize = graph.edges().map(|e| e.edge.evidence.len()).sum();
        println!(
            "graph from {} synthetic triples (max evidence {}): {secs:.2} s ({:.2} M triples/s; making them took {making:.2} s more), {} actors, {} edges, {kept} pieces of evidence kept",
            o.triples,
            o.max_evidence,
            o.triples as f64 / secs / 1e6,
            graph.actor_count(),
            graph.edge_count()
        );
        if std::env::var_os("BENCH_NO_FILES").is_some() {
            return;
        }
        let path = o.corpus_dir.join("synthetic-graph.json");
        let started = Instant::now();
        graph.save(&path).expect("save");
        let save = started.elapsed().as_secs_f64();
        let file_mb = fs::metadata(&path).expect("graph file").len() as f64 / 1e6;
        let started = Instant::now();
        let loaded = KnowledgeGraph::load(&path).expect("load");
        let load = started.elapsed().as_secs_f64();
        assert_eq!(loaded.edge_count(), graph.edge_count());
        println!("graph file: {file_mb:.0} MB; save {save:.2} s ({:.0} MB/s), load {load:.2} s ({:.0} MB/s)", file_mb / save, file_mb / load);
    }
}
