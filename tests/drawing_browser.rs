//! The default drawing of `build` on a real corpus (../shared/corpus/seeds
//! and dev: 53 actors), looked at in Debian's Chromium through
//! playwright-core (tests/browser/drawing.test.mjs), with Graphviz and with
//! the built-in layout. The drawing must stay within a size and aspect
//! ratio a screen can show (the drawing of issue 16 was a 5,833 × 1,821 pt
//! strip), show the actors' names at a readable size when fitted to a
//! 1600 × 1000 window, keep its legend (node shapes, colours, lines) apart
//! from the actors, and say which actors it leaves out; `build` prints that
//! note and, without Graphviz, that the built-in layout was used, and the
//! graph file keeps every actor. Screenshots go to target/drawings/.
//!
//! Needs ../shared/corpus, Graphviz, node, Chromium (/usr/bin/chromium, or
//! CHROMIUM) and `npm ci --prefix tests/browser`; `.ci/run` installs all
//! but the corpus. Without them the test says what is missing and passes,
//! except under CI (`CI` set), where a missing tool fails it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

use actorgraph::export::{graphviz_available, DotStyle};
use actorgraph::graph::KnowledgeGraph;
use serde_json::json;

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

/// The bounds a default drawing must keep, in points: what fits a screen
/// with its labels readable, whatever the corpus.
const MAX_WIDTH: f64 = 2400.0;
const MAX_HEIGHT: f64 = 1800.0;
const ASPECT: (f64, f64) = (0.5, 2.0);
/// Actor names fitted to 1600 × 1000 px must be at least this high.
const MIN_FONT_PX: f64 = 9.0;

fn missing(what: &str) {
    common::skip_unless_ci("the drawing test", what);
}

fn build(corpus: &[PathBuf], out: &Path, path: Option<&str>) -> Output {
    let mut command = Command::new(common::BIN);
    command
        .arg("build")
        .args(corpus)
        .arg("--out-dir")
        .arg(out)
        .stdin(Stdio::null());
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let output = command.output().expect("start actorgraph");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The `width` and `height` of the root `<svg>`, in points.
fn svg_size(svg: &str) -> (f64, f64) {
    let tag = &svg[svg.find("<svg").expect("an <svg> element")..];
    let tag = &tag[..tag.find('>').unwrap()];
    let number = |name: &str| -> f64 {
        let key = format!("{name}=\"");
        let at = tag
            .find(&key)
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            + key.len();
        tag[at..]
            .split('"')
            .next()
            .unwrap()
            .trim_end_matches("pt")
            .parse()
            .unwrap()
    };
    (number("width"), number("height"))
}

fn check_bounds(name: &str, svg: &str) {
    let (width, height) = svg_size(svg);
    let aspect = width / height;
    eprintln!("{name}: {width:.0} × {height:.0} pt, aspect {aspect:.2}");
    assert!(
        width <= MAX_WIDTH && height <= MAX_HEIGHT,
        "{name}: {width} × {height} pt is larger than {MAX_WIDTH} × {MAX_HEIGHT}"
    );
    assert!(
        aspect >= ASPECT.0 && aspect <= ASPECT.1,
        "{name}: aspect ratio {aspect:.2} is outside {ASPECT:?}"
    );
}

#[test]
fn default_drawing_of_a_real_corpus_is_legible() {
    let shared = Path::new(MANIFEST).join("../shared/corpus");
    let corpus = [shared.join("seeds"), shared.join("dev")];
    if !corpus.iter().all(|p| p.is_dir()) {
        eprintln!(
            "note: {} is absent; skipping the drawing test",
            shared.display()
        );
        return;
    }
    if !graphviz_available() {
        return missing("Graphviz `dot` is not on PATH (apt-get install -y graphviz)");
    }
    let tmp = tempfile::tempdir().unwrap();
    let style = DotStyle::default();

    let out = tmp.path().join("graphviz");
    let built = build(&corpus, &out, None);
    let stderr = String::from_utf8_lossy(&built.stderr);
    let whole = KnowledgeGraph::load(&out.join("graph.json")).unwrap();
    assert!(
        whole.actor_count() > style.max_actors,
        "the corpus has {} actors",
        whole.actor_count()
    );
    let note = format!("most linked of {} actors", whole.actor_count());
    assert!(
        stderr.contains(&note) && stderr.contains("actorgraph view") && stderr.contains("--top"),
        "{stderr}"
    );
    assert!(!stderr.contains("built-in layout"), "{stderr}");
    let svg = std::fs::read_to_string(out.join("graph.svg")).unwrap();
    check_bounds("Graphviz drawing", &svg);
    let drawn = svg.matches("<g id=\"node").count() - svg.matches("<title>legend: ").count();
    assert!(drawn <= style.max_actors, "{drawn} actors drawn");
    assert!(
        svg.contains(&note),
        "the drawing does not say what it leaves out"
    );

    let fallback = tmp.path().join("layout-rs");
    let built = build(&corpus, &fallback, Some(""));
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(
        stderr.contains("built-in layout") && stderr.contains("install Graphviz"),
        "{stderr}"
    );
    let fallback_svg = std::fs::read_to_string(fallback.join("graph.svg")).unwrap();
    assert!(
        fallback_svg.contains("<g class=\"legend\""),
        "the built-in drawing has no legend apart"
    );

    let browser = match common::browser_harness(&["playwright-core"]) {
        Ok(browser) => browser,
        Err(what) => return missing(&what),
    };
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("drawings");
    std::fs::create_dir_all(&shots).unwrap();
    let cut = actorgraph::export::most_linked(&whole, style.max_actors).unwrap();
    let mut legend: Vec<String> = cut
        .graph
        .actors()
        .map(|a| a.kind.as_str().to_string())
        .collect();
    legend.extend(cut.graph.edges().map(|e| e.edge.relation.to_string()));
    legend.extend(
        cut.graph
            .edges()
            .map(|e| e.edge.modality.as_str().to_string()),
    );
    legend.sort();
    legend.dedup();
    let cases = json!([
        {"svg": out.join("graph.svg"), "screenshot": shots.join("seeds-dev-graphviz.png"),
         "min_font_px": MIN_FONT_PX, "note": note, "legend": legend},
        // The built-in layout is plainer and larger: only its legend and note are checked.
        {"svg": fallback.join("graph.svg"), "screenshot": shots.join("seeds-dev-layout-rs.png"),
         "min_font_px": 0, "note": note, "legend": legend},
    ]);
    let (passed, log) = common::run_browser_script("drawing.test.mjs", &cases, tmp.path(), &browser);
    assert!(
        passed,
        "the drawing does not read right in Chromium:\n{log}"
    );
}
