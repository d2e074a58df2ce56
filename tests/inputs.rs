//! Input faults that used to lose data without a word or hang the run:
//! duplicate document ids, bad dates, files a walk passes over, inputs of
//! which nothing can be read, unreadable subdirectories, symbolic link
//! loops, FIFOs, huge files and thread counts.

use std::fs;
use std::path::Path;
use std::process::Command;

use actorgraph::graph::KnowledgeGraph;

mod common;
use common::{json_lines, run, run_with, write};

/// The document ids of the triples `extract` printed.
fn docs_of(stdout: &str) -> Vec<String> {
    let mut docs: Vec<String> = json_lines(stdout).iter().map(|t| t["doc"].as_str().unwrap().to_string()).collect();
    docs.dedup();
    docs
}

// ───────────────────────────── data lost without a word ─────────────────────────────

#[test]
fn duplicate_document_ids_are_kept_under_a_qualified_id_and_refused_under_strict() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "in/r.jsonl", concat!(
        "{\"id\": \"n1\", \"text\": \"Iran supplied drones to Russia.\"}\n",
        "{\"id\": \"n1\", \"text\": \"Japan met South Korea.\"}\n",
    ));
    write(d, "in/a/story.txt", "Poland condemned Belarus.");
    write(d, "in/b/story.txt", "Chile met Peru.");
    let out = run(d, &["build", "in", "-o", "g.json"]).ok();
    assert!(out.stdout.starts_with("4 documents"), "{}", out.stdout);
    let r2 = Path::new("in").join("r.jsonl");
    let b = Path::new("in").join("b").join("story.txt");
    for said in [
        format!("{}:2: document id `n1` was already used by {}:1; this one is kept as `n1@{}:2`", r2.display(), r2.display(), r2.display()),
        format!("document id `story` was already used by {}; this one is kept as `story@{}`", Path::new("in/a/story.txt").display(), b.display()),
    ] {
        assert!(out.stderr.contains(&said), "expected {said:?} in\n{}", out.stderr);
    }
    let g = KnowledgeGraph::load(&d.join("g.json")).unwrap();
    let docs = g.documents();
    assert_eq!(docs.len(), 4, "{docs:?}");
    assert!(docs.contains("n1") && docs.contains(format!("n1@{}:2", r2.display()).as_str()), "{docs:?}");
    // Both records' links are in the graph: nothing was replaced.
    assert_eq!(g.edge_count(), 4, "{docs:?}");

    // extract keeps both too, and the same ids.
    let out = run(d, &["extract", "in"]).ok();
    assert_eq!(docs_of(&out.stdout), ["story", format!("story@{}", b.display()).as_str(), "n1", format!("n1@{}:2", r2.display()).as_str()]);

    // --strict refuses the run and writes nothing.
    let out = run(d, &["build", "in", "--strict", "-o", "strict.json"]).fails();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("two documents may not share an id") && out.stderr.contains("--strict"), "{}", out.stderr);
    assert!(!d.join("strict.json").exists());
}

#[test]
fn bad_dates_are_reported_with_file_line_column_and_the_document_kept_undated() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.jsonl", concat!(
        "{\"id\": \"good\", \"date\": \"2024-06-19T08:30:00Z\", \"text\": \"Iran supplied drones to Russia.\"}\n",
        "{\"id\": \"bad\", \"date\": \"19/06/2024\", \"text\": \"Japan met South Korea.\"}\n",
    ));
    let out = run(d, &["extract", "r.jsonl"]).ok();
    assert!(out.stderr.contains("r.jsonl:2:23: `date` \"19/06/2024\" is not an ISO 8601 date"), "{}", out.stderr);
    assert_eq!(out.stderr.matches("ISO 8601").count(), 1, "the date-time is accepted: {}", out.stderr);
    let triples = json_lines(&out.stdout);
    assert_eq!(triples.len(), 2, "{}", out.stdout);
    assert_eq!(triples[0]["date"], "2024-06-19T08:30:00Z");
    assert!(triples[1].get("date").is_none(), "{}", triples[1]);
    let out = run(d, &["extract", "r.jsonl", "--strict", "-o", "t.jsonl"]).fails();
    assert!(out.stderr.contains("19/06/2024") && !d.join("t.jsonl").exists(), "{}", out.stderr);
}

#[test]
fn files_a_walk_passes_over_are_counted_and_txt_in_any_case_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "in/a.TXT", "Iran supplied drones to Russia.");
    write(d, "in/b.text", "Japan met South Korea.");
    write(d, "in/c.md", "Chile met Peru.");
    write(d, "in/sub/d.html", "<p>Chile met Peru.</p>");
    write(d, "in/sub/e.md", "Peru met Chile.");
    write(d, "in/README", "Peru met Chile.");
    let out = run(d, &["extract", "in"]).ok();
    assert_eq!(docs_of(&out.stdout), ["a", "b"]);
    assert!(
        out.stderr.contains("note: passed over 1 file without an extension, 1 .html file, 2 .md files in in;"),
        "{}",
        out.stderr
    );
    let quiet = run(d, &["extract", "in", "--quiet"]).ok();
    assert_eq!(quiet.stderr, "");
    // An HTML file named on the command line is read, with a warning.
    let out = run(d, &["extract", "in/sub/d.html"]).ok();
    assert!(out.stderr.contains("d.html looks like HTML"), "{}", out.stderr);
}

#[test]
fn no_readable_input_is_an_error_that_says_what_was_tried() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "notes/a.md", "Chile met Peru.");
    write(d, "bad/x.txt", b"ab\0cd");
    let out = run(d, &["extract", "notes"]).fails();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("error: no input could be read (tried `notes` (no .txt, .text or .jsonl file in it; passed over 1 .md file))"),
        "{}",
        out.stderr
    );
    // Every input skipped: an error even with --skip-invalid, and a graph
    // already there is not replaced by an empty one.
    write(d, "g.json", "old");
    let out = run(d, &["build", "bad", "missing.txt", "--skip-invalid", "-o", "g.json"]).fails();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("no input could be read (tried `bad` (skipped), `missing.txt` (cannot be read); see the warnings above)"), "{}", out.stderr);
    assert_eq!(fs::read_to_string(d.join("g.json")).unwrap(), "old");
    // An empty JSON-lines file was read: it simply holds nothing.
    write(d, "empty.jsonl", "");
    run(d, &["extract", "empty.jsonl"]).ok();
}

// ───────────────────────────── hangs and unbounded memory ─────────────────────────────

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(unix)]
#[test]
fn an_unreadable_subdirectory_is_skipped_alone() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "in/a.txt", "Iran supplied drones to Russia.");
    write(d, "in/locked/b.txt", "Japan met South Korea.");
    write(d, "in/z.txt", "Chile met Peru.");
    let mode = |p: &Path, m: u32| fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
    for dir in [d, &d.join("in")] {
        mode(dir, 0o777);
    }
    mode(&d.join("in/locked"), 0o000);
    // Root reads any directory: run the binary as nobody then, a copy of
    // it beside the input, where nobody may run it whatever the folders
    // above the build's own.
    let mut command = if is_root() {
        let bin = d.join("actorgraph");
        fs::copy(common::BIN, &bin).unwrap();
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
        c
    } else {
        Command::new(common::BIN)
    };
    let out = command.args(["extract", "in"]).current_dir(d).output().unwrap();
    mode(&d.join("in/locked"), 0o755);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains(&format!("warning: skipped {}: Permission denied", Path::new("in/locked").display())), "{stderr}");
    assert_eq!(docs_of(&stdout), ["a", "z"], "the rest of the directory is read: {stdout}");
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_and_fifos_in_a_walk_are_passed_over() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "in/a.txt", "Iran supplied drones to Russia.");
    write(d, "elsewhere/b.txt", "Japan met South Korea.");
    std::os::unix::fs::symlink("..", d.join("in/loop")).unwrap();
    std::os::unix::fs::symlink("../elsewhere/b.txt", d.join("in/b.txt")).unwrap();
    assert!(Command::new("mkfifo").arg(d.join("in/pipe.txt")).status().unwrap().success());
    let out = run(d, &["extract", "in"]).ok();
    // A link to a file is read; the link to a directory is not followed,
    // and the FIFO is not opened (it would block for ever).
    assert_eq!(docs_of(&out.stdout), ["a", "b"]);
    assert!(out.stderr.contains("1 link to a directory or to nothing (not followed), 1 FIFO, socket or device"), "{}", out.stderr);
}

#[test]
fn documents_over_the_size_limit_are_refused_before_they_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "big.txt", "Iran supplied drones to Russia. ".repeat(20));
    write(d, "small.txt", "Japan met South Korea.");
    let long = "Chile met Peru. ".repeat(20);
    write(d, "r.jsonl", format!("{{\"id\": \"r1\", \"text\": \"Poland condemned Belarus.\"}}\n{{\"id\": \"r2\", \"text\": \"{long}\"}}\n{{\"id\": \"r3\", \"text\": \"Peru met Chile.\"}}\n"));
    let out = run(d, &["extract", "big.txt", "small.txt", "r.jsonl", "--max-document-bytes", "100"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("big.txt: larger than the limit of 100 bytes per document; raise it with --max-document-bytes"), "{}", out.stderr);
    assert!(out.stderr.contains("r.jsonl:2:1: larger than the limit of 100 bytes"), "{}", out.stderr);
    assert_eq!(docs_of(&out.stdout), ["small", "r1", "r3"]);
    // The default limit (16 MiB) lets them through.
    assert_eq!(docs_of(&run(d, &["extract", "big.txt", "r.jsonl"]).ok().stdout), ["big", "r1", "r2", "r3"]);
    // explain --doc too.
    let out = run(d, &["explain", "--doc", "big.txt", "--sentence", "0", "--max-document-bytes", "100"]).fails();
    assert!(out.stderr.contains("big.txt: larger than the limit of 100 bytes"), "{}", out.stderr);
    // Standard input is held to the limit too.
    let out = run_with(d, &["extract", "-", "--max-document-bytes", "1k"], Some("Iran met Iraq. ".repeat(100).as_bytes()));
    assert!(out.stderr.contains("-: larger than the limit of 1024 bytes"), "{}", out.stderr);
}

/// Runs the binary with its address space limited to `bytes`, where
/// `prlimit` exists (util-linux); `None` elsewhere.
fn run_limited(dir: &Path, bytes: u64, args: &[&str]) -> Option<std::process::Output> {
    let mut command = Command::new("prlimit");
    command.arg(format!("--as={bytes}")).arg(common::BIN).args(args).current_dir(dir);
    command.output().ok()
}

#[cfg(unix)]
#[test]
fn a_huge_binary_file_is_refused_from_its_first_block() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // 3 GB of NUL bytes on disk as a sparse file: reading it whole would
    // need more memory than the run is allowed.
    let f = fs::File::create(d.join("sparse.txt")).unwrap();
    f.set_len(3 << 30).unwrap();
    drop(f);
    write(d, "good.txt", "Iran supplied drones to Russia.");
    let Some(out) = run_limited(d, 2 << 30, &["extract", "sparse.txt", "/dev/zero", "good.txt", "--max-document-bytes", "0"]) else {
        return eprintln!("prlimit is missing: not checked");
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("sparse.txt:1:1: a NUL byte (byte offset 0)"), "{stderr}");
    assert!(stderr.contains("/dev/zero:1:1: a NUL byte (byte offset 0)"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"doc\":\"good\""));
}

#[test]
fn a_huge_thread_count_is_lowered_to_the_cores_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.txt", "Iran supplied drones to Russia.");
    let out = run(d, &["extract", "a.txt", "-j", "1000000"]).ok();
    assert!(out.stderr.contains("note: --threads 1000000 lowered to"), "{}", out.stderr);
    assert_eq!(docs_of(&out.stdout), ["a"]);
    assert!(!run(d, &["extract", "a.txt", "-j", "1000000", "-q"]).ok().stderr.contains("lowered"));
}
