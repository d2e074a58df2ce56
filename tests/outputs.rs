//! Output faults: a closed standard output, output paths checked before
//! the work, temporary files on an interrupt, error messages, and files
//! rewritten in place (mode and symbolic links kept).

use std::fs;
use std::path::Path;

mod common;
use common::{run, run_into_closed_pipe, temp_files, write};

const STORY: &[u8] = b"Iran supplied drones to Russia. Tehran condemned Washington.";

// ───────────────────────────── a closed standard output ─────────────────────────────

#[test]
fn build_into_a_closed_pipe_writes_every_file_and_ends_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let out = run_into_closed_pipe(d, &["build", "-", "--out-dir", "out"], STORY);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    for file in ["graph.json", "graph.dot", "graph.svg"] {
        assert!(d.join("out").join(file).is_file(), "{file} is written before the summary");
    }
}

#[test]
fn explain_export_extract_and_query_into_a_closed_pipe_end_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.txt", STORY);
    run(d, &["build", "a.txt", "-o", "g.json"]).ok();
    for args in [
        &["explain", "--doc", "-", "--sentence", "0"][..],
        &["export", "g.json", "--format", "dot"],
        &["export", "g.json", "--format", "html"],
        &["extract", "-"],
        &["query", "g.json", "--neighbours", "Iran"],
        &["schema", "check"],
    ] {
        let out = run_into_closed_pipe(d, args, STORY);
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{args:?}");
    }
}

// ───────────────────────────── output paths, checked first ─────────────────────────────

#[test]
fn output_paths_are_checked_before_the_work() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.txt", STORY);
    // A missing directory is made, for -o as for --out-dir.
    run(d, &["build", "a.txt", "-o", "new/deeper/g.json", "--dot", "dots/g.dot"]).ok();
    assert!(d.join("new/deeper/g.json").is_file() && d.join("dots/g.dot").is_file());
    run(d, &["extract", "a.txt", "-o", "t/triples.jsonl"]).ok();
    assert!(d.join("t/triples.jsonl").is_file());
    // An extension the graph cannot be written in fails before anything is read or printed.
    let out = run(d, &["build", "a.txt", "-o", "g.txt"]).fails();
    assert_eq!(out.stdout, "", "no summary before the failure");
    assert!(out.stderr.contains("g.txt: cannot tell the graph file format from the extension"), "{}", out.stderr);
    // export: the format is settled before the graph is read.
    let out = run(d, &["export", "missing.json", "-o", "g.xyz"]).fails();
    assert!(out.stderr.contains("g.xyz") && !out.stderr.contains("missing.json"), "{}", out.stderr);
    // A folder format writes into its folder, new or already there.
    run(d, &["build", "a.txt", "-o", "g.json"]).ok();
    for _ in 0..2 {
        run(d, &["export", "g.json", "--format", "neo4j", "-o", "neo/sub"]).ok();
    }
    assert!(d.join("neo/sub/nodes.csv").is_file());
    // A directory where a file should go.
    fs::create_dir(d.join("taken.json")).unwrap();
    let out = run(d, &["build", "a.txt", "-o", "taken.json"]).fails();
    assert!(out.stderr.contains("cannot write taken.json: it is a directory") && out.stdout.is_empty(), "{}", out.stderr);
}

// ───────────────────────────── error messages ─────────────────────────────

#[test]
fn error_messages_say_the_os_error_once_and_name_what_failed() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let out = run(d, &["export", "missing.json", "--format", "dot"]).fails();
    assert_eq!(out.stderr.matches("No such file or directory").count(), 1, "{}", out.stderr);
    // A --strict stop is an input error, not one of writing the output.
    write(d, "bad.txt", b"ab\0cd");
    let out = run(d, &["extract", "bad.txt", "--strict", "-o", "strict.jsonl"]).fails();
    assert!(out.stderr.starts_with("actorgraph: error: bad.txt:1:3: a NUL byte"), "{}", out.stderr);
    assert!(!out.stderr.contains("writing"), "{}", out.stderr);
}

// ───────────────────────────── temporary files ─────────────────────────────

#[cfg(unix)]
#[test]
fn an_interrupt_removes_the_temporary_file_and_keeps_the_old_output() {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "out.jsonl", "old");
    let mut child = Command::new(common::BIN)
        .args(["extract", "-", "-o", "out.jsonl"])
        .current_dir(d)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(br#"{"id": "r1", "text": "Iran supplied drones to Russia."}"#).unwrap();
    stdin.write_all(b"\n").unwrap();
    // The temporary file exists as soon as the output is opened; the run
    // then waits for more input.
    while temp_files(d).is_empty() {
        assert!(child.try_wait().unwrap().is_none(), "extract ended before it was interrupted");
        std::thread::yield_now();
    }
    assert!(Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap().success());
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.signal(), Some(2), "ended by the interrupt: {status:?}");
    assert_eq!(temp_files(d), Vec::<String>::new());
    assert_eq!(fs::read_to_string(d.join("out.jsonl")).unwrap(), "old");
}

#[cfg(unix)]
#[test]
fn rewriting_an_output_keeps_its_mode_and_writes_through_a_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.txt", STORY);
    write(d, "store/g.json", "old");
    fs::set_permissions(d.join("store/g.json"), fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("store/g.json", d.join("g.json")).unwrap();
    run(d, &["build", "a.txt", "-o", "g.json"]).ok();
    assert!(fs::symlink_metadata(d.join("g.json")).unwrap().file_type().is_symlink());
    assert!(fs::read_to_string(d.join("store/g.json")).unwrap().contains("\"Iran\""));
    assert_eq!(fs::metadata(d.join("store/g.json")).unwrap().permissions().mode() & 0o777, 0o600);
}

// ───────────────────────────── control characters on a terminal ─────────────────────────────

/// The standard output of the binary run on a pseudo-terminal by `script`
/// (util-linux), or `None` where there is no `script`. Standard error
/// (where a progress line would go) is left out.
fn on_terminal(dir: &Path, args: &[&str]) -> Option<String> {
    let quoted: Vec<String> = std::iter::once(common::BIN).chain(args.iter().copied()).map(|a| format!("'{}'", a.replace('\'', r"'\''"))).collect();
    let out = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &format!("{} 2>/dev/null", quoted.join(" ")), "/dev/null"])
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn control_characters_from_the_input_are_shown_visibly_on_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.jsonl", "{\"id\": \"d\\u001b]0;pwned\\u0007\", \"text\": \"Iran supplied drones to Russia \\u001b[2J\\u009b today.\"}\n");
    run(d, &["build", "r.jsonl", "-o", "g.json"]).ok();
    let Some(table) = on_terminal(d, &["query", "g.json", "--neighbours", "Iran"]) else {
        return eprintln!("`script` is missing: not checked");
    };
    let tsv = on_terminal(d, &["extract", "r.jsonl", "--format", "tsv"]).unwrap();
    let explain = on_terminal(d, &["explain", "Iran supplied drones to Russia \x1b[2J today."]).unwrap();
    for (what, out) in [("query table", &table), ("tsv", &tsv), ("explain", &explain)] {
        assert!(!out.contains(['\x1b', '\x07', '\u{9b}']), "{what} holds raw control characters: {out:?}");
    }
    assert!(table.contains(r"\x1b[2J") && explain.contains(r"\x1b[2J"), "{table:?}\n{explain:?}");
    assert!(table.contains(r"d\x1b]0;pwned\x07") && table.contains(r"\u{9b}"), "{table:?}");
    assert!(tsv.contains(r"d\x1b]0;pwned\x07"), "{tsv:?}");
    // Not on a terminal, the bytes are left as they are for the programs that read them.
    let piped = run(d, &["extract", "r.jsonl", "--format", "tsv"]).ok();
    assert!(piped.stdout.contains("d\x1b]0;pwned\x07"), "{:?}", piped.stdout);
}
