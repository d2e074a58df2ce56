//! The interactive HTML view in a real browser: Debian's Chromium driven by
//! playwright-core (tests/browser/view.test.mjs). The test exports the view
//! of the seeds graph (../shared/corpus/seeds, embedded schema), of a small
//! hostile graph and of the layout-rs fallback, and has the script check
//! them; it writes a screenshot to target/view-screenshot.png.
//!
//! Needs node, Chromium (/usr/bin/chromium, or CHROMIUM) and
//! `npm ci --prefix tests/browser`; `.ci/run` installs all three. Without
//! them the test says what is missing and passes, except under CI (`CI`
//! set), where it fails.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use actorgraph::export::{to_html, DotStyle, HtmlOptions, Renderer};
use actorgraph::graph::KnowledgeGraph;
use actorgraph::model::{ActorKind, ActorRef, Modality, Relation, Triple};

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");
/// The browser script gets this long before it is killed.
const TIMEOUT: Duration = Duration::from_secs(90);

/// Skips the test with a visible note, or fails it under CI.
fn missing(what: &str) {
    common::skip_unless_ci("the browser test of the HTML view", what);
}

fn actorgraph(args: &[&str]) {
    let out = Command::new(common::BIN).args(args).stdin(Stdio::null()).output().expect("start actorgraph");
    assert!(
        out.status.success(),
        "actorgraph {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One link whose sentence and actor names try to break out of the page.
fn hostile_graph() -> KnowledgeGraph {
    KnowledgeGraph::from_triples([Triple {
        doc: "doc</script><b>".into(),
        subject: ActorRef::new("Evil <img src=x onerror=window.__pwned=2>", "Evil", ActorKind::ArmedGroup),
        relation: Relation::new("supply"),
        object: ActorRef::new("Russia", "Moscow", ActorKind::State),
        predicate: "sent".into(),
        modality: Modality::Asserted,
        nominal: false,
        sentence: 0,
        span: (0, 90),
        rule: "rule\u{2028}<!--".into(),
        text: "Evil sent </script><img src=x onerror=window.__pwned=1> & \"shells\" to Moscow \u{2029}.".into(),
        date: Some("2024-06-19".into()),
    }])
}

#[test]
fn the_view_works_in_chromium() {
    let seeds = Path::new(MANIFEST).join("../shared/corpus/seeds");
    if !seeds.is_dir() {
        return missing(&format!("{} is absent", seeds.display()));
    }
    let browser = match common::browser_harness(&["playwright-core"]) {
        Ok(browser) => browser,
        Err(what) => return missing(&what),
    };
    let harness = Path::new(MANIFEST).join("tests/browser");

    let tmp = tempfile::tempdir().unwrap();
    let file = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
    let (graph, seeds_html, hostile_json, hostile_html, fallback_html) =
        (file("seeds.json"), file("seeds.html"), file("hostile.json"), file("hostile.html"), file("fallback.html"));
    actorgraph(&["build", &seeds.to_string_lossy(), "-o", &graph]);
    actorgraph(&["export", &graph, "--format", "html", "-o", &seeds_html]);
    hostile_graph().save(Path::new(&hostile_json)).unwrap();
    actorgraph(&["export", &hostile_json, "-o", &hostile_html]);
    let fallback = to_html(
        &KnowledgeGraph::load(Path::new(&graph)).unwrap(),
        &HtmlOptions { style: DotStyle::default(), renderer: Renderer::LayoutRs, ..HtmlOptions::default() },
    )
    .unwrap();
    std::fs::write(&fallback_html, fallback).unwrap();

    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().to_path_buf();
    let screenshot = target.join("view-screenshot.png");
    let mut child = Command::new("node")
        .arg("view.test.mjs")
        .args(["--seeds", &seeds_html, "--hostile", &hostile_html, "--fallback", &fallback_html])
        .arg("--screenshot")
        .arg(&screenshot)
        .env("CHROMIUM", &browser)
        .current_dir(&harness)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    // Read both pipes on threads so a chatty browser cannot block the script.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).ok();
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            child.kill().ok();
            child.wait().ok();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (out, err) = (out.join().unwrap(), err.join().unwrap());
    eprintln!("{out}{err}");
    let status = status.unwrap_or_else(|| panic!("the browser test took longer than {TIMEOUT:?}:\n{out}{err}"));
    assert!(status.success(), "the browser test failed ({status}):\n{out}{err}");
    let png = std::fs::read(&screenshot).expect("the screenshot was written");
    assert!(png.starts_with(b"\x89PNG"), "{} is not a PNG", screenshot.display());
    eprintln!("screenshot of the view: {}", screenshot.display());
}
