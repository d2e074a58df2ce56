//! `schema import petrarch` on PETRARCH2's own validation dictionaries
//! (`../shared/petrarch/PETR.Validate.*`), and PETRARCH's validation suite
//! run with actorgraph's default rules. Skips with a visible note when
//! `../shared` is absent.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use actorgraph::schema::Schema;

const BIN: &str = env!("CARGO_BIN_EXE_actorgraph");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/petrarch");

fn petrarch(file: &str) -> Option<PathBuf> {
    let path = Path::new(SHARED).join(file);
    if !path.exists() {
        eprintln!("note: {} absent, skipping", path.display());
        return None;
    }
    Some(path)
}

/// Imports the validation actors and agents into a fresh directory.
fn import_validation() -> Option<(tempfile::TempDir, String)> {
    let (actors, agents, discards) = (
        petrarch("PETR.Validate.actors.txt")?,
        petrarch("PETR.Validate.agents.txt")?,
        petrarch("PETR.Validate.discards.txt")?,
    );
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["schema", "import", "petrarch", "--actors"])
        .arg(&actors)
        .arg("--agents")
        .arg(&agents)
        .arg("--discards")
        .arg(&discards)
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "import failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some((dir, stdout))
}

/// Runs `extract` on JSON-lines records with the schema in `dir`.
fn extract(dir: &Path, records: &str) -> String {
    let mut child = Command::new(BIN)
        .args(["extract", "-", "--format", "jsonl", "--schema"])
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(records.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn validation_dictionaries_import_with_a_report() {
    let Some((dir, report)) = import_validation() else {
        return;
    };
    for topic in [
        "actors",
        "names",
        "dated names (people, with their time in office)",
        "agents (as agent nouns)",
        "null codes",
    ] {
        assert!(
            report.lines().any(|l| l.contains(topic)),
            "no `{topic}` in the report:\n{report}"
        );
    }
    assert!(report.contains("story discards") && report.contains("sentence discards"), "{report}");
    let schema = Schema::load_dir(dir.path()).unwrap();
    let gondor = schema
        .actors
        .actors
        .iter()
        .find(|a| a.code.as_deref() == Some("GON"))
        .expect("GONDOR [GON] is an actor");
    assert_eq!(gondor.id, "Gondor");
    // The null-coded entries name no actor.
    assert!(!schema.actors.actors.iter().any(|a| a.id == "Boromir"));
    assert!(schema
        .lexicon
        .agents
        .iter()
        .any(|a| a == "foreign minister"));
}

#[test]
fn discarded_stories_and_sentences_code_nothing() {
    let Some((dir, _)) = import_validation() else { return };
    // "+Manchester United" discards a story; "YEARS LATER" a sentence.
    let records = concat!(
        "{\"id\": \"story\", \"text\": \"Gondor attacked Mordor. Fans of Manchester United cheered.\"}\n",
        "{\"id\": \"sentence\", \"text\": \"Years later Gondor attacked Mordor. Rohan attacked Mordor.\"}\n",
        "{\"id\": \"kept\", \"text\": \"Gondor attacked Mordor.\"}\n",
    );
    let out = extract(dir.path(), records);
    assert!(!out.contains("\"doc\":\"story\""), "{out}");
    assert!(out.contains("\"doc\":\"kept\""), "{out}");
    let sentence: Vec<&str> = out.lines().filter(|l| l.contains("\"doc\":\"sentence\"")).collect();
    assert_eq!(sentence.len(), 1, "{out}");
    assert!(sentence[0].contains("\"id\":\"Rohan\""), "{out}");
}

#[test]
fn imported_actors_and_agents_are_read_in_extraction() {
    let Some((dir, _)) = import_validation() else {
        return;
    };
    let out = extract(
        dir.path(),
        "{\"id\": \"a\", \"text\": \"The foreign minister of Gondor accused Mordor of lying.\"}\n",
    );
    assert!(
        out.contains("\"id\":\"Gondor\"") && out.contains("\"id\":\"Mordor\""),
        "{out}"
    );
}

#[test]
fn dated_codes_hold_only_over_their_dates() {
    let Some((dir, _)) = import_validation() else {
        return;
    };
    // GOLLUM is [HOB <950601] and [HOBGOV 19950601-19990815], then a rebel [HOBREB >990816].
    let text = "Gollum attacked Mordor.";
    let records = format!("{{\"id\": \"in-office\", \"date\": \"1997-03-01\", \"text\": \"{text}\"}}\n{{\"id\": \"rebel\", \"date\": \"2003-03-01\", \"text\": \"{text}\"}}\n");
    let out = extract(dir.path(), &records);
    let docs: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("\"relation\":\"attack\""))
        .filter_map(|l| l.split("\"doc\":\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(docs, vec!["in-office"], "{out}");
}

/// Runs PETRARCH's validation suite (`run.py`, with `args`) and returns its
/// (correct %, extra %), after a check that it ran.
fn run_suite(run: &Path, args: &[&std::ffi::OsStr]) -> (f64, f64, String) {
    let out = Command::new("python3").arg(run).arg("--bin").arg(BIN).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "run.py failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let last = stdout.lines().last().unwrap_or_default().to_string();
    let number = |key: &str| -> f64 { last.split(key).nth(1).and_then(|r| r.trim().split('%').next()).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no `{key}` in {last:?}")) };
    let (correct, extra) = (number("correct "), number("extra "));
    eprintln!("{last}");
    (correct, extra, last)
}

/// PETRARCH's validation suite with actorgraph's own rules: a floor under
/// what they read today (the closing notes give the figures).
#[test]
fn petrarch_suite_with_the_default_rules() {
    let Some(run) = petrarch("suite/run.py") else { return };
    let (correct, extra, last) = run_suite(&run, &[]);
    assert!(correct >= 29.0, "correct {correct}% fell below the floor: {last}");
    assert!(extra <= 20.0, "extra {extra}% rose above the ceiling: {last}");
}

/// The suite with its own verb dictionary imported (its codes read as WEIS,
/// as its header says they mostly are), in place of actorgraph's rules.
#[test]
fn petrarch_suite_with_its_verbs_imported() {
    let (Some(run), Some(verbs)) = (petrarch("suite/run.py"), petrarch("PETR.Validate.verbs.txt")) else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN).args(["schema", "import", "petrarch", "--codes", "weis", "--verbs"]).arg(&verbs).arg("-o").arg(dir.path()).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "import failed:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("patterns (as rules)") && report.contains("synsets (as word classes)"), "{report}");
    let rules = dir.path().join("rules.ron");
    let (correct, extra, last) = run_suite(&run, &["--rules".as_ref(), rules.as_os_str()]);
    assert!(correct >= 58.0, "correct {correct}% fell below the floor: {last}");
    assert!(extra <= 18.0, "extra {extra}% rose above the ceiling: {last}");
}

/// CAMEO's verb dictionary imports into a schema that loads, with a report.
#[test]
fn cameo_verbs_import() {
    let Some(verbs) = petrarch("CAMEO.2.0.txt") else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN).args(["schema", "import", "petrarch", "--verbs"]).arg(&verbs).arg("-o").arg(dir.path()).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "import failed:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
    let schema = Schema::load_dir(dir.path()).unwrap();
    assert!(schema.rules.rules.len() > 1000, "{} rules", schema.rules.rules.len());
    assert!(schema.rules.rules.iter().all(|r| r.code.is_some()));
    assert!(report.contains("skipped") && report.contains("patterns with a null code"), "{report}");
}
