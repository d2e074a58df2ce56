//! What the integration tests share: running the binary and checking that
//! it ended the way a test expects, never with a panic.
#![allow(dead_code)] // each test crate uses its own part of this

use std::io::Write;
use std::path::{Path, PathBuf};
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

/// Skips a test that lacks a tool, with a visible note, or fails it when
/// `CI` is set (CI installs every tool).
pub fn skip_unless_ci(test: &str, what: &str) {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("CI is set and {test} cannot run: {what}");
    }
    eprintln!("note: skipping {test}: {what}");
}

/// What the browser tests (tests/browser) need: Debian's Chromium
/// (/usr/bin/chromium, or CHROMIUM), node, and the harness's npm
/// `packages`. The browser's path, or what is missing.
pub fn browser_harness(packages: &[&str]) -> Result<PathBuf, String> {
    let browser = match std::env::var_os("CHROMIUM") {
        Some(path) => Some(PathBuf::from(path)),
        None => ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file()),
    };
    let browser = browser.ok_or("Chromium is not installed (apt-get install -y chromium)")?;
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !node.is_ok_and(|s| s.success()) {
        return Err("node is not installed".into());
    }
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules");
    if let Some(package) = packages.iter().find(|p| !modules.join(p).is_dir()) {
        return Err(format!(
            "{package} is not installed: run `npm ci --prefix tests/browser`"
        ));
    }
    Ok(browser)
}

/// Runs the harness's `script` (in tests/browser) in `browser`, with the
/// cases `expect` written to a file in `dir` as its one argument: whether
/// it passed, and all it printed (also shown on stderr).
pub fn run_browser_script(script: &str, expect: &serde_json::Value, dir: &Path, browser: &Path) -> (bool, String) {
    let file = dir.join("expect.json");
    std::fs::write(&file, expect.to_string()).expect("write the expectations");
    let out = Command::new("node")
        .arg(script)
        .arg(&file)
        .env("CHROMIUM", browser)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser"))
        .stdin(Stdio::null())
        .output()
        .expect("start node");
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    eprintln!("{log}");
    (out.status.success(), log)
}
