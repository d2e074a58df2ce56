//! The command-line tool, run as a separate process on files in a temporary
//! directory. Every run asserts the process did not panic (exit code 101)
//! and was not killed by a signal.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

mod common;
use common::{json_lines, run, run_with, write};

/// Two sentences, one triple each: Iran > supply > Russia; Iran > criticize > United States.
const STORY_A: &str = "Iran supplied drones to Russia.\nTehran condemned Washington.\n";
/// One triple: Japan > meet > South Korea.
const STORY_C: &str = "Japan met South Korea on Tuesday.";
/// Two JSON-lines records: a string id with a date, and a numeric id without one.
const RECORDS: &str = concat!(
    r#"{"id": "rec-1", "text": "The Kremlin criticized the Pentagon.", "date": "2024-03-01"}"#,
    "\n",
    r#"{"id": 7, "text": "Poland condemned Belarus."}"#,
    "\n"
);

/// `subject > relation > object / modality` of a triple in JSON.
fn key(t: &Value) -> String {
    format!("{} > {} > {} / {}", t["subject"]["id"].as_str().unwrap(), t["relation"].as_str().unwrap(), t["object"]["id"].as_str().unwrap(), t["modality"].as_str().unwrap())
}

fn names(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

/// A corpus: `in/a.txt`, `in/sub/c.txt`, `in/sub/deeper/records.jsonl` and a
/// file that must be ignored, `in/notes.md`.
fn corpus(dir: &Path) {
    write(dir, "in/a.txt", STORY_A);
    write(dir, "in/sub/c.txt", STORY_C);
    write(dir, "in/sub/deeper/records.jsonl", RECORDS);
    write(dir, "in/notes.md", "Germany attacked France.");
}

// ───────────────────────────── extract ─────────────────────────────

#[test]
fn extract_txt_writes_contract_json_lines() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "story-1.txt", STORY_A);
    let out = run(tmp.path(), &["extract", "story-1.txt"]).ok();
    let triples = json_lines(&out.stdout);
    assert_eq!(triples.len(), 2, "{}", out.stdout);
    for t in &triples {
        assert_eq!(t["doc"], "story-1");
        for end in ["subject", "object"] {
            for field in ["id", "text", "kind"] {
                assert!(t[end][field].is_string(), "{end}.{field} missing in {t}");
            }
        }
        for field in ["relation", "predicate", "modality", "rule", "text"] {
            assert!(t[field].is_string(), "{field} missing in {t}");
        }
        assert!(t["sentence"].is_u64(), "{t}");
        let span = t["span"].as_array().expect("span is [start, end]");
        assert_eq!(span.len(), 2);
        let (s, e) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
        assert_eq!(&STORY_A[s..e], t["text"].as_str().unwrap(), "span and sentence text disagree");
    }
    assert_eq!(key(&triples[0]), "Iran > supply > Russia / asserted");
    assert_eq!(triples[0]["sentence"], 0);
    assert_eq!(triples[0]["rule"], "supply.give-to");
    assert_eq!(key(&triples[1]), "Iran > criticize > United States / asserted");
    assert_eq!(triples[1]["sentence"], 1);
    // the mention as written, not the canonical name
    assert_eq!(triples[1]["subject"]["text"], "Tehran");
    assert_eq!(triples[1]["object"]["text"], "Washington");
    assert_eq!(triples[1]["subject"]["kind"], "state");
}

#[test]
fn extract_tsv_has_a_header() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.txt", STORY_A);
    let out = run(tmp.path(), &["extract", "a.txt", "--format", "tsv"]).ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "doc\tsentence\tsubject\trelation\tobject\tmodality\trule\tpredicate");
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    let row: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(&row[..6], ["a", "0", "Iran", "supply", "Russia", "asserted"]);
    assert!(lines.iter().all(|l| l.split('\t').count() == 8), "{}", out.stdout);
}

#[test]
fn extract_json_is_one_array() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.txt", STORY_A);
    let out = run(tmp.path(), &["extract", "a.txt", "--format", "json"]).ok();
    let v: Value = serde_json::from_str(&out.stdout).expect("one JSON value");
    let arr = v.as_array().expect("a JSON array");
    assert_eq!(arr.len(), 2);
    assert_eq!(key(&arr[0]), "Iran > supply > Russia / asserted");

    // no triples: still a valid (empty) array
    write(tmp.path(), "empty.txt", "The weather was mild.");
    let out = run(tmp.path(), &["extract", "empty.txt", "--format", "json"]).ok();
    let v: Value = serde_json::from_str(&out.stdout).expect("one JSON value");
    assert_eq!(v, Value::Array(vec![]));
}

#[test]
fn extract_to_file_writes_the_file_and_nothing_to_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.txt", STORY_A);
    let out = run(tmp.path(), &["extract", "a.txt", "-o", "triples.jsonl"]).ok();
    assert_eq!(out.stdout, "");
    let written = fs::read_to_string(tmp.path().join("triples.jsonl")).unwrap();
    let triples = json_lines(&written);
    assert_eq!(triples.len(), 2);
    assert_eq!(triples[0]["doc"], "a");
    assert_eq!(names(tmp.path()), BTreeSet::from(["a.txt".to_string(), "triples.jsonl".to_string()]));
}

#[test]
fn extract_directory_recurses_into_txt_and_jsonl() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let out = run(tmp.path(), &["extract", "in"]).ok();
    let triples = json_lines(&out.stdout);
    let got: BTreeSet<(String, String)> = triples.iter().map(|t| (t["doc"].as_str().unwrap().to_string(), key(t))).collect();
    let want: BTreeSet<(String, String)> = [
        ("a", "Iran > supply > Russia / asserted"),
        ("a", "Iran > criticize > United States / asserted"),
        ("c", "Japan > meet > South Korea / asserted"),
        ("rec-1", "Russia > criticize > United States / asserted"),
        ("7", "Poland > criticize > Belarus / asserted"),
    ]
    .into_iter()
    .map(|(d, k)| (d.to_string(), k.to_string()))
    .collect();
    assert_eq!(got, want, "notes.md must be skipped; .txt and .jsonl in subdirectories read");
    for t in &triples {
        match t["doc"].as_str().unwrap() {
            "rec-1" => assert_eq!(t["date"], "2024-03-01", "the record's date is carried into the triple"),
            _ => assert!(t.get("date").map_or(true, Value::is_null), "no date was given: {t}"),
        }
    }
}

#[test]
fn extract_reads_plain_text_from_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_with(tmp.path(), &["extract", "-"], Some(STORY_A.as_bytes())).ok();
    let triples = json_lines(&out.stdout);
    assert_eq!(triples.len(), 2);
    assert!(triples.iter().all(|t| t["doc"] == "stdin"), "{}", out.stdout);
}

#[test]
fn shallow_reads_word_patterns_only() {
    let tmp = tempfile::tempdir().unwrap();
    // Only the parse reads "sanctions" through "a set of" to its "on Iran".
    let text = "Canada on Friday imposed a sweeping new set of targeted financial sanctions on Iran.";
    let parsed = json_lines(&run_with(tmp.path(), &["extract", "-"], Some(text.as_bytes())).ok().stdout);
    assert_eq!(parsed.iter().map(key).collect::<Vec<_>>(), ["Canada > sanction > Iran / asserted"]);
    let shallow = run_with(tmp.path(), &["extract", "-", "--shallow"], Some(text.as_bytes())).ok();
    assert!(json_lines(&shallow.stdout).is_empty(), "{}", shallow.stdout);
}

#[test]
fn extract_reads_json_lines_from_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_with(tmp.path(), &["extract", "-"], Some(RECORDS.as_bytes())).ok();
    let triples = json_lines(&out.stdout);
    let docs: Vec<&str> = triples.iter().map(|t| t["doc"].as_str().unwrap()).collect();
    assert_eq!(docs, ["rec-1", "7"]);
    assert_eq!(triples[0]["date"], "2024-03-01");
    assert_eq!(key(&triples[1]), "Poland > criticize > Belarus / asserted");
}

#[test]
fn non_utf8_file_with_strict_fails_with_file_line_column_and_leaves_no_output() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    write(tmp.path(), "in/zz-bad.txt", b"Iran met Iraq.\nab\xffcd\n");
    fs::create_dir(tmp.path().join("out")).unwrap();
    let out = run(tmp.path(), &["extract", "in", "--strict", "-o", "out/triples.jsonl"]).fails();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("zz-bad.txt:2:3"), "stderr should name file:line:column: {}", out.stderr);
    assert!(names(&tmp.path().join("out")).is_empty(), "output dir must stay empty (no partial or temp file): {:?}", names(&tmp.path().join("out")));

    // an existing output file is left as it was
    write(tmp.path(), "out/triples.jsonl", "old\n");
    run(tmp.path(), &["extract", "in", "--strict", "-o", "out/triples.jsonl"]).fails();
    assert_eq!(fs::read_to_string(tmp.path().join("out/triples.jsonl")).unwrap(), "old\n");
    assert_eq!(names(&tmp.path().join("out")), BTreeSet::from(["triples.jsonl".to_string()]));
}

#[test]
fn non_utf8_file_by_default_is_skipped_and_the_run_ends_with_code_3() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    write(tmp.path(), "in/b-bad.txt", b"Iran met Iraq.\nab\xffcd\n");
    let out = run(tmp.path(), &["extract", "in", "-o", "t.jsonl"]);
    assert_eq!(out.code, 3, "completed with skipped inputs: {}", out.stderr);
    assert!(out.stderr.contains("b-bad.txt:2:3"), "the warning names file:line:column: {}", out.stderr);
    let triples = json_lines(&fs::read_to_string(tmp.path().join("t.jsonl")).unwrap());
    let docs: BTreeSet<&str> = triples.iter().map(|t| t["doc"].as_str().unwrap()).collect();
    assert_eq!(docs, BTreeSet::from(["a", "c", "rec-1", "7"]));
}

#[test]
fn skip_invalid_warns_and_processes_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    write(tmp.path(), "in/b-bad.txt", b"\xfe\xfe not text");
    let out = run(tmp.path(), &["extract", "in", "--skip-invalid", "-o", "t.jsonl"]).ok();
    assert!(out.stderr.contains("b-bad.txt"), "the warning names the file: {}", out.stderr);
    assert!(out.stderr.to_lowercase().contains("warning"), "{}", out.stderr);
    let triples = json_lines(&fs::read_to_string(tmp.path().join("t.jsonl")).unwrap());
    let docs: BTreeSet<&str> = triples.iter().map(|t| t["doc"].as_str().unwrap()).collect();
    // files before and after the bad one (in sorted order) are both read
    assert_eq!(docs, BTreeSet::from(["a", "c", "rec-1", "7"]));
}

#[test]
fn malformed_json_lines_record_names_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "recs.jsonl", format!("{RECORDS}{{\"id\": \"x\", \"text\": 5}}\n"));
    let out = run(tmp.path(), &["extract", "recs.jsonl"]).fails();
    assert!(out.stderr.contains("recs.jsonl:3"), "stderr should name recs.jsonl:3: {}", out.stderr);

    write(tmp.path(), "noid.jsonl", "{\"text\": \"Poland condemned Belarus.\"}\n");
    let out = run(tmp.path(), &["extract", "noid.jsonl"]).fails();
    assert!(out.stderr.contains("noid.jsonl:1"), "{}", out.stderr);
}

#[test]
fn missing_input_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["extract", "no-such-file.txt"]).fails();
    assert!(out.stderr.contains("no-such-file.txt"), "{}", out.stderr);
}

// ───────────────────────────── build / export ─────────────────────────────

fn graph_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// (subject, relation, object, modality) → mentions, and actor → mentions.
/// Mention counts by name.
type Tally = Vec<(String, u64)>;

fn tallies(g: &Value) -> (Tally, Tally) {
    let mut edges: Vec<(String, u64)> = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (format!("{} > {} > {} / {}", e["subject"], e["relation"], e["object"], e["modality"]), e["mentions"].as_u64().unwrap()))
        .collect();
    edges.sort();
    let mut actors: Vec<(String, u64)> =
        g["actors"].as_array().unwrap().iter().map(|a| (a["id"].as_str().unwrap().to_string(), a["mentions"].as_u64().unwrap())).collect();
    actors.sort();
    (edges, actors)
}

#[test]
fn build_out_dir_writes_graph_files_and_summary() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let out = run(tmp.path(), &["build", "in", "--out-dir", "out"]).ok();
    assert!(out.stdout.contains("actors"), "summary: {}", out.stdout);
    for f in ["graph.json", "graph.dot", "graph.svg"] {
        let p = tmp.path().join("out").join(f);
        assert!(p.is_file() && fs::metadata(&p).unwrap().len() > 0, "{f} not written");
    }
    let g = graph_json(&tmp.path().join("out/graph.json"));
    let (edges, _) = tallies(&g);
    assert_eq!(edges.len(), 5, "{edges:?}");
    let dot = fs::read_to_string(tmp.path().join("out/graph.dot")).unwrap();
    assert!(dot.contains("digraph") && dot.contains("Iran"), "{dot}");
    let svg = fs::read_to_string(tmp.path().join("out/graph.svg")).unwrap();
    assert!(svg.contains("<svg"), "not SVG");
}

#[test]
fn build_add_same_documents_twice_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    run(tmp.path(), &["build", "in", "-o", "g1.json"]).ok();
    run(tmp.path(), &["build", "in", "--add", "g1.json", "-o", "g2.json"]).ok();
    run(tmp.path(), &["build", "in", "--add", "g2.json", "-o", "g3.json"]).ok();
    let t1 = tallies(&graph_json(&tmp.path().join("g1.json")));
    assert!(!t1.0.is_empty());
    assert!(t1.0.iter().all(|(_, m)| *m == 1), "{:?}", t1.0);
    assert_eq!(tallies(&graph_json(&tmp.path().join("g2.json"))), t1, "adding the same documents again changed the graph");
    assert_eq!(tallies(&graph_json(&tmp.path().join("g3.json"))), t1, "adding the same documents a third time changed the graph");
}

#[test]
fn build_add_new_documents_grows_the_graph() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "one/a.txt", STORY_A);
    write(tmp.path(), "two/c.txt", STORY_C);
    write(tmp.path(), "two/d.txt", "Iran supplied missiles to Russia.");
    run(tmp.path(), &["build", "one", "-o", "g.json"]).ok();
    run(tmp.path(), &["build", "two", "--add", "g.json", "-o", "g.json"]).ok();
    let (edges, _) = tallies(&graph_json(&tmp.path().join("g.json")));
    assert_eq!(edges.len(), 3, "{edges:?}");
    let supply = edges.iter().find(|(k, _)| k.contains("\"supply\"")).unwrap();
    assert_eq!(supply.1, 2, "two documents say Iran supplied Russia: {edges:?}");
}

#[test]
fn export_follows_extension_or_format() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    run(tmp.path(), &["build", "in", "-o", "g.json"]).ok();
    let out = run(tmp.path(), &["export", "g.json", "-o", "g.dot"]).ok();
    assert_eq!(out.stdout, "");
    let dot = fs::read_to_string(tmp.path().join("g.dot")).unwrap();
    assert!(dot.trim_start().starts_with("digraph"), "{dot}");
    assert!(dot.contains("South Korea"));

    let ron = run(tmp.path(), &["export", "g.json", "--format", "ron"]).ok().stdout;
    assert!(ron.contains("actorgraph-graph"), "{ron}");
    // RON output is itself a graph file that loads and round-trips
    fs::write(tmp.path().join("g.ron"), &ron).unwrap();
    run(tmp.path(), &["export", "g.ron", "-o", "back.json"]).ok();
    assert_eq!(tallies(&graph_json(&tmp.path().join("back.json"))), tallies(&graph_json(&tmp.path().join("g.json"))));
}

#[test]
fn export_unknown_extension_names_supported_formats() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.txt", STORY_A);
    run(tmp.path(), &["build", "a.txt", "-o", "g.json"]).ok();
    let out = run(tmp.path(), &["export", "g.json", "-o", "g.xyz"]).fails();
    for f in ["json", "ron", "dot", "svg"] {
        assert!(out.stderr.contains(f), "should list `{f}`: {}", out.stderr);
    }
    assert!(!tmp.path().join("g.xyz").exists());
    let out = run(tmp.path(), &["export", "g.json", "--format", "xyz"]).fails();
    assert!(out.stderr.contains("dot") && out.stderr.contains("json"), "{}", out.stderr);
}

#[test]
fn export_png_to_a_pipe_does_not_panic() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.txt", STORY_A);
    run(tmp.path(), &["build", "a.txt", "-o", "g.json"]).ok();
    let out = run(tmp.path(), &["export", "g.json", "--format", "png"]);
    assert!(out.code == 0 || out.code == 1, "exit code {}: {}", out.code, out.stderr);
    if out.code == 1 {
        assert!(out.stderr.contains("error"), "a failure says why: {}", out.stderr);
    }
}

#[test]
fn export_of_a_missing_or_bad_graph_fails_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["export", "nope.json", "--format", "dot"]).fails();
    assert!(out.stderr.contains("nope.json"), "{}", out.stderr);
    write(tmp.path(), "bad.json", "{\"format\": \"something-else\"}");
    let out = run(tmp.path(), &["export", "bad.json", "--format", "dot"]).fails();
    assert!(out.stderr.contains("bad.json"), "{}", out.stderr);
}

// ───────────────────────────── query ─────────────────────────────

fn built(tmp: &Path) {
    corpus(tmp);
    run(tmp, &["build", "in", "-o", "g.json"]).ok();
}

#[test]
fn query_neighbours_by_a_name_seen_in_the_text() {
    let tmp = tempfile::tempdir().unwrap();
    built(tmp.path());
    // "Tehran" only ever appears as a capital; it names Iran
    let out = run(tmp.path(), &["query", "g.json", "--neighbours", "Tehran"]).ok();
    assert!(out.stdout.contains("Russia") && out.stdout.contains("supply"), "{}", out.stdout);
    assert!(out.stdout.contains("United States") && out.stdout.contains("criticize"), "{}", out.stdout);
    assert!(!out.stdout.contains("Poland"), "{}", out.stdout);

    let out = run(tmp.path(), &["query", "g.json", "--neighbours", "Iran", "--format", "jsonl"]).ok();
    let links = json_lines(&out.stdout);
    assert_eq!(links.len(), 2);
    assert!(links.iter().all(|l| l["subject"] == "Iran"));

    let out = run(tmp.path(), &["query", "g.json", "--neighbours", "Washington", "--direction", "in", "--format", "json"]).ok();
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let subjects: BTreeSet<&str> = v.as_array().unwrap().iter().map(|l| l["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, BTreeSet::from(["Iran", "Russia"]));
}

#[test]
fn query_unknown_actor_suggests_a_name() {
    let tmp = tempfile::tempdir().unwrap();
    built(tmp.path());
    let out = run(tmp.path(), &["query", "g.json", "--neighbours", "Tehrn"]).fails();
    assert!(out.stderr.contains("did you mean"), "{}", out.stderr);
    assert!(out.stderr.contains("Tehran"), "{}", out.stderr);
}

#[test]
fn query_between_as_json_array() {
    let tmp = tempfile::tempdir().unwrap();
    built(tmp.path());
    let out = run(tmp.path(), &["query", "g.json", "--between", "Washington", "Iran", "--format", "json"]).ok();
    let v: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let links = v.as_array().expect("JSON array");
    assert_eq!(links.len(), 1, "{v}");
    assert_eq!(links[0]["subject"], "Iran");
    assert_eq!(links[0]["relation"], "criticize");
    assert_eq!(links[0]["object"], "United States");
    assert_eq!(links[0]["evidence"]["text"], "Tehran condemned Washington.");

    // no link between two known actors: an empty array, not an error
    let out = run(tmp.path(), &["query", "g.json", "--between", "Poland", "Japan", "--format", "json"]).ok();
    assert_eq!(serde_json::from_str::<Value>(&out.stdout).unwrap(), Value::Array(vec![]));
}

#[test]
fn query_without_a_question_or_with_a_bad_direction_fails() {
    let tmp = tempfile::tempdir().unwrap();
    built(tmp.path());
    run(tmp.path(), &["query", "g.json"]).fails();
    let out = run(tmp.path(), &["query", "g.json", "--neighbours", "Iran", "--direction", "sideways"]).fails();
    assert!(out.stderr.contains("sideways"), "{}", out.stderr);
}

// ───────────────────────────── schema ─────────────────────────────

#[test]
fn schema_check_embedded() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["schema", "check"]).ok();
    assert!(out.stdout.contains("ok"), "{}", out.stdout);
}

/// Dumps the default schema into `dir/s`, checks it, applies `edit` to one
/// file (`from` → `to`, exactly once), and returns the failed check's stderr.
fn corrupted(file: &str, from: &str, to: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    run(tmp.path(), &["schema", "dump", "s"]).ok();
    for f in ["actors.ron", "relations.ron", "rules.ron", "lexicon.ron"] {
        assert!(tmp.path().join("s").join(f).is_file(), "dump did not write {f}");
    }
    run(tmp.path(), &["schema", "check", "s"]).ok();
    let path = tmp.path().join("s").join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} no longer contains `{from}`; update this test");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    let out = run(tmp.path(), &["schema", "check", "s"]).fails();
    // --schema DIR must refuse the same directory
    run(tmp.path(), &["--schema", "s", "explain", "Iran met Iraq."]).fails();
    out.stderr
}

/// The `line:column` after `file` in `stderr`, if any.
fn location(stderr: &str, file: &str) -> Option<(usize, usize)> {
    let at = stderr.find(&format!("{file}:"))? + file.len() + 1;
    let mut parts = stderr[at..].splitn(3, ':');
    let line = parts.next()?.parse().ok()?;
    let col = parts.next()?.trim_end_matches(|c: char| !c.is_ascii_digit()).parse().ok()?;
    Some((line, col))
}

fn line_of(file_text: &str, needle: &str) -> usize {
    file_text[..file_text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn schema_dump_then_check_passes_and_dump_keeps_existing_files() {
    let tmp = tempfile::tempdir().unwrap();
    run(tmp.path(), &["schema", "dump", "s"]).ok();
    run(tmp.path(), &["schema", "check", "s"]).ok();
    write(tmp.path(), "s/rules.ron", "// mine\n");
    let before = fs::read_to_string(tmp.path().join("s/rules.ron")).unwrap();
    run(tmp.path(), &["schema", "dump", "s"]).ok();
    assert_eq!(fs::read_to_string(tmp.path().join("s/rules.ron")).unwrap(), before, "dump overwrote an existing file");
}

#[test]
fn schema_rules_syntax_error_is_located() {
    let stderr = corrupted("rules.ron", "id: \"supply.give-to\",", "id: \"supply.give-to\" \"oops\",");
    let (line, _) = location(&stderr, "rules.ron").unwrap_or_else(|| panic!("no rules.ron:line:column in {stderr}"));
    let dumped = Embedded::rules();
    assert_eq!(line, line_of(dumped, "id: \"supply.give-to\","), "{stderr}");
}

#[test]
fn schema_unknown_relation_class_is_located() {
    let stderr = corrupted("rules.ron", "relation: \"supply\",", "relation: \"supply-ish\",");
    assert!(stderr.contains("supply-ish"), "{stderr}");
    let (line, _) = location(&stderr, "rules.ron").unwrap_or_else(|| panic!("no rules.ron:line:column in {stderr}"));
    let at = line_of(Embedded::rules(), "relation: \"supply\",");
    // the rule's `id` line or its `relation` line
    assert!(line == at || line + 1 == at, "line {line}, relation at {at}: {stderr}");
}

#[test]
fn schema_duplicate_actor_id_is_located() {
    let stderr = corrupted("actors.ron", "id: \"Andorra\",", "id: \"Albania\",");
    assert!(stderr.contains("Albania"), "{stderr}");
    let (line, _) = location(&stderr, "actors.ron").unwrap_or_else(|| panic!("no actors.ron:line:column in {stderr}"));
    assert_eq!(line, line_of(Embedded::actors(), "id: \"Andorra\","), "{stderr}");
}

#[test]
fn schema_name_claimed_by_two_actors_names_both() {
    let stderr = corrupted("actors.ron", "capitals: [\"Tirana\"],", "capitals: [\"Tehran\"],");
    assert!(location(&stderr, "actors.ron").is_some(), "no actors.ron:line:column in {stderr}");
    assert!(stderr.contains("Albania") && stderr.contains("Iran"), "both actor ids: {stderr}");
    assert!(stderr.contains("Tehran"), "{stderr}");
}

/// The embedded schema files, as `schema dump` writes them.
struct Embedded;
impl Embedded {
    fn file(name: &str) -> &'static str {
        actorgraph::schema::Schema::embedded_files().into_iter().find(|(n, _)| *n == name).unwrap().1
    }
    fn rules() -> &'static str {
        Embedded::file("rules.ron")
    }
    fn actors() -> &'static str {
        Embedded::file("actors.ron")
    }
}

#[test]
fn schema_add_folder_extends_the_default() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "s/add/actors.ron", "(actors: [\n    (id: \"Atlantis\", names: [\"Atlantean Republic\"], capitals: [\"Poseidonia\"]),\n    (id: \"North Korea\", names: [\"Hermit Kingdom\"]),\n])\n");
    write(d, "s/add/lexicon.ron", "(titles: [\"Grand Vizier\"])\n");
    let out = run(d, &["schema", "check", "s"]).ok();
    assert!(out.stdout.contains("260 actors") && out.stdout.contains("157 rule examples pass"), "{}", out.stdout);
    write(d, "a.txt", "Poseidonia supplied drones to the Hermit Kingdom.");
    let out = run(d, &["--schema", "s", "extract", "a.txt"]).ok();
    let triples = json_lines(&out.stdout);
    assert_eq!(triples.len(), 1, "{}", out.stdout);
    assert_eq!(key(&triples[0]), "Atlantis > supply > North Korea / asserted");
    // An error in an addition names the added file.
    write(d, "s/add/actors.ron", "(actors: [\n    (id: \"Atlantis\", capitals: [\"Moscow\"]),\n])\n");
    let out = run(d, &["schema", "check", "s"]).fails();
    let added = Path::new("s").join("add").join("actors.ron");
    assert!(out.stderr.contains(&format!("{}:2:33: name `Moscow` is claimed by both `Russia` and `Atlantis`", added.display())), "{}", out.stderr);
}

// ───────────────────────────── explain / help ─────────────────────────────

#[test]
fn explain_shows_mentions_and_the_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["explain", "Tehran condemned Washington."]).ok();
    assert!(out.stdout.contains("Tehran") && out.stdout.contains("Iran"), "{}", out.stdout);
    assert!(out.stdout.contains("Washington") && out.stdout.contains("United States"), "{}", out.stdout);
    assert!(out.stdout.contains("criticize.verb"), "{}", out.stdout);
    // The sentence's dependency parse: Tehran is the subject of "condemned".
    assert!(out.stdout.contains("1 Tehran: Tehran PROPN, nsubj → 2 condemned"), "{}", out.stdout);
}

#[test]
fn explain_doc_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.txt", STORY_A);
    let out = run(tmp.path(), &["explain", "--doc", "a.txt", "--sentence", "1"]).ok();
    assert!(out.stdout.contains("Tehran condemned Washington."), "{}", out.stdout);
    assert!(!out.stdout.contains("supplied"), "only sentence 1: {}", out.stdout);
    let out = run(tmp.path(), &["explain", "--doc", "a.txt", "--sentence", "99"]).fails();
    assert!(out.stderr.contains("99") && out.stderr.contains("a.txt"), "{}", out.stderr);
    assert!(out.stderr.contains("has 2"), "says how many sentences there are: {}", out.stderr);
}

#[test]
fn every_command_help_has_an_example() {
    let tmp = tempfile::tempdir().unwrap();
    for cmd in [&[][..], &["extract"], &["build"], &["export"], &["query"], &["explain"], &["schema", "check"], &["schema", "dump"]] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let out = run(tmp.path(), &args).ok();
        assert!(out.stdout.contains("Example"), "`actorgraph {}` has no example:\n{}", args.join(" "), out.stdout);
    }
}

#[test]
fn schema_group_help_has_an_example() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["schema", "--help"]).ok();
    assert!(out.stdout.contains("Example"), "{}", out.stdout);
}

#[test]
fn usage_errors_exit_2_not_panic() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run(tmp.path(), &["extract"]).code, 2);
    assert_eq!(run(tmp.path(), &["no-such-command"]).code, 2);
    assert_eq!(run(tmp.path(), &["extract", "x.txt", "--format", "yaml"]).code, 2);
}

// ───────────────────────────── conventions ─────────────────────────────

#[test]
fn version_names_the_commit_it_was_built_from() {
    let out = run(Path::new(env!("CARGO_MANIFEST_DIR")), &["--version"]).ok();
    assert!(out.stdout.starts_with(concat!("actorgraph ", env!("CARGO_PKG_VERSION"))), "{}", out.stdout);
    let head = std::process::Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).current_dir(env!("CARGO_MANIFEST_DIR")).output();
    if let Some(head) = head.ok().filter(|h| h.status.success()) {
        let commit = String::from_utf8_lossy(&head.stdout).trim().to_string();
        assert!(out.stdout.contains(&format!("(commit {commit})")), "{} vs {commit}", out.stdout);
    }
}

#[test]
fn completions_are_generated_for_each_shell() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(tmp.path(), &["completions", shell]).ok();
        assert!(out.stdout.contains("actorgraph") && out.stdout.contains("neighbours"), "{shell}: {}", &out.stdout[..out.stdout.len().min(300)]);
    }
    let bash = run(tmp.path(), &["completions", "bash"]).ok().stdout;
    fs::write(tmp.path().join("c.bash"), bash).unwrap();
    if let Ok(check) = std::process::Command::new("bash").arg("-n").arg(tmp.path().join("c.bash")).output() {
        assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    }
    assert_eq!(run(tmp.path(), &["completions", "tcsh"]).code, 2);
}

#[test]
fn neighbors_is_an_alias_of_neighbours() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "a.txt", STORY_A);
    run(tmp.path(), &["build", "a.txt", "-o", "g.json"]).ok();
    let british = run(tmp.path(), &["query", "g.json", "--neighbours", "Iran"]).ok();
    let american = run(tmp.path(), &["query", "g.json", "--neighbors", "Iran"]).ok();
    assert_eq!(british.stdout, american.stdout);
    assert!(british.stdout.contains("Iran —supply→ Russia"), "{}", british.stdout);
}

#[test]
fn messages_are_coloured_as_asked_and_never_under_no_color() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let always = run(d, &["extract", "missing.txt", "--color", "always"]).fails();
    assert!(always.stderr.contains("actorgraph: \x1b[1;31merror:\x1b[0m no input could be read"), "{:?}", always.stderr);
    for args in [&["extract", "missing.txt", "--color", "never"][..], &["extract", "missing.txt"]] {
        let plain = run(d, args).fails();
        assert!(!plain.stderr.contains('\x1b') && plain.stderr.contains("actorgraph: error: no input"), "{args:?}: {:?}", plain.stderr);
    }
    // On a terminal (through `script`), colour by default, none under NO_COLOR.
    let on_terminal = |no_color: Option<&str>| {
        let mut c = std::process::Command::new("script");
        c.args(["-q", "-e", "-c", &format!("{} extract missing.txt", common::BIN), "/dev/null"]).current_dir(d).stdin(std::process::Stdio::null());
        c.env_remove("NO_COLOR");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        c.output().ok().map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    if let Some(coloured) = on_terminal(None) {
        assert!(coloured.contains("\x1b[1;31merror:"), "{coloured:?}");
        let plain = on_terminal(Some("1")).unwrap();
        assert!(!plain.contains("\x1b[1;") && plain.contains("actorgraph: error:"), "{plain:?}");
    }
}
