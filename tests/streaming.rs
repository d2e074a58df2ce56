//! `actorgraph extract -` as a streaming filter (Hadoop streaming,
//! `xargs -P`, `RDD.pipe`): each record's triples come out, flushed, while
//! standard input is still open.
//!
//! The test sends one record, then reads its line of output before it sends
//! the next: were the output held back until the end of the input (a
//! buffer, a batch waiting to fill, a sniff of the input's first block),
//! the read would never return. A watchdog kills the child after a generous
//! while so that such a failure ends the test instead of hanging it.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

fn record(id: &str, text: &str) -> String {
    format!("{}\n", serde_json::json!({"id": id, "text": text}))
}

fn streams_one_record_at_a_time(threads: &str) {
    let mut child = Command::new(common::BIN)
        .args([
            "extract",
            "-",
            "--format",
            "jsonl",
            "--threads",
            threads,
            "--quiet",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start actorgraph");
    let pid = child.id();
    let (done, watchdog) = mpsc::channel::<()>();
    let killer = std::thread::spawn(move || {
        if watchdog.recv_timeout(Duration::from_secs(120)).is_err() {
            // The child is stuck waiting for more input: end it, so that the read below fails.
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    });
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let sentences = [
        (
            "first",
            "North Korea has supplied artillery shells to Russia.",
        ),
        ("second", "Seoul warned Moscow on Monday."),
        ("third", "Iran supplied drones to Russia."),
    ];
    for (id, text) in sentences {
        stdin
            .write_all(record(id, text).as_bytes())
            .expect("write a record");
        stdin.flush().expect("flush stdin");
        let mut line = String::new();
        let n = stdout.read_line(&mut line).expect("read a line of output");
        assert!(
            n > 0,
            "no output for `{id}` while standard input is open (threads {threads})"
        );
        let triple: Value = serde_json::from_str(&line).expect("a JSON line");
        assert_eq!(triple["doc"], id, "{line}");
    }
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).expect("read the rest");
    let status = child.wait().expect("wait for actorgraph");
    let _ = done.send(());
    killer.join().expect("watchdog");
    assert!(status.success(), "{status:?}");
    assert_eq!(rest, "", "each record gave one triple, already read");
}

#[test]
fn extract_from_stdin_streams_with_one_thread() {
    streams_one_record_at_a_time("1");
}

#[test]
fn extract_from_stdin_streams_with_two_threads() {
    streams_one_record_at_a_time("2");
}
