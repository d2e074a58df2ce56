//! What the integration tests share: running the binary and checking that
//! it ended the way a test expects, never with a panic.
#![allow(dead_code)] // each test crate uses its own part of this

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use actorgraph::model::{ActorKind, ActorRef, Modality, Relation, Triple};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_actorgraph");

/// How a run ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and passes the run on.
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// Asserts failure (but not a panic, which `run_with` rules out) and passes the run on.
    pub fn fails(self) -> Run {
        assert_ne!(self.code, 0, "expected failure\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

/// Runs the binary in `dir` with `args`, feeding `stdin` (or nothing);
/// a panic or a kill by a signal fails the test.
pub fn run_with(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start actorgraph");
    if let Some(bytes) = stdin {
        child.stdin.take().expect("piped stdin").write_all(bytes).expect("write stdin");
    }
    ended(args, child.wait_with_output().expect("wait for actorgraph"))
}

/// How a run ended; a panic or a kill by a signal fails the test.
fn ended(args: &[&str], out: std::process::Output) -> Run {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or_else(|| panic!("actorgraph {args:?} was killed by a signal\n{stderr}"));
    assert_ne!(code, 101, "actorgraph {args:?} panicked:\n{stderr}");
    assert!(!stderr.contains("panicked at"), "actorgraph {args:?} panicked:\n{stderr}");
    Run { code, stdout, stderr }
}

/// Runs the binary in `dir` with `args` and no input.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, None)
}

/// Writes `bytes` to `dir/rel`, making the folders on the way.
pub fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("a file in a folder")).expect("make the folders");
    std::fs::write(p, bytes).expect("write the file");
}

/// The JSON values of a JSON-lines text, blank lines skipped.
pub fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The names of the temporary files (`.NAME.tmp-PID-N`) in `dir`.
pub fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read the folder")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

/// Runs the binary and asserts success.
pub fn ok(dir: &Path, args: &[&str]) -> Run {
    run(dir, args).ok()
}

/// A triple between two states for graph tests: the rule is `REL.test`, the
/// sentence "S REL O." and there is no date; tests change what they need.
pub fn triple(s: &str, rel: &str, o: &str, modality: Modality, doc: &str, sentence: usize) -> Triple {
    Triple {
        doc: doc.into(),
        subject: ActorRef::new(s, s, ActorKind::State),
        relation: Relation::new(rel),
        object: ActorRef::new(o, o, ActorKind::State),
        predicate: rel.into(),
        modality,
        nominal: false,
        sentence,
        span: (0, 10),
        rule: format!("{rel}.test"),
        text: format!("{s} {rel} {o}."),
        date: None,
    }
}

/// Runs the binary with `stdin` as its input and its standard output a
/// pipe already closed by its reader, as `| head` closes it: the binary
/// reads all of `stdin` before it can write, so every write meets the
/// closed pipe. A panic or a kill by a signal fails the test.
pub fn run_into_closed_pipe(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start actorgraph");
    drop(child.stdout.take());
    child.stdin.take().expect("piped stdin").write_all(stdin).expect("write stdin");
    ended(args, child.wait_with_output().expect("wait for actorgraph"))
}
