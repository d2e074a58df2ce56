//! The `extract --format jsonl` contract of DESIGN.md ("Contracts other tools
//! rely on"), checked on the shared corpora, plus a quality floor on the
//! seed gold set. Skips with a visible note when `../shared` is absent.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use actorgraph::model::Triple;
use actorgraph::schema::Schema;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_actorgraph");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared");

fn shared(rel: &str) -> PathBuf {
    Path::new(SHARED).join(rel)
}

/// The `.txt` files of a corpus directory, by file stem.
fn corpus_texts(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "txt") {
                let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&p).unwrap();
                // the reader drops a UTF-8 byte-order mark; spans count from after it
                let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
                assert!(out.insert(stem.clone(), text).is_none(), "two files with stem {stem}");
            }
        }
    }
    out
}

/// Runs `extract DIR --format jsonl` and returns its standard output.
fn extract(dir: &Path) -> String {
    let out = Command::new(BIN).args(["extract"]).arg(dir).args(["--format", "jsonl"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "extract {} failed ({:?}):\n{stderr}", dir.display(), out.status.code());
    String::from_utf8(out.stdout).expect("extract output is UTF-8")
}

/// Checks every line of `extract` on `corpus` against the contract; returns the
/// number of triples.
fn check_contract(corpus: &str) -> Option<usize> {
    let dir = shared(corpus);
    if !dir.is_dir() {
        eprintln!("note: ../shared absent, skipping contract check on {}", dir.display());
        return None;
    }
    let docs = corpus_texts(&dir);
    assert!(!docs.is_empty(), "{}: no .txt files", dir.display());
    let schema = Schema::embedded().unwrap();
    let output = extract(&dir);

    let mut problems = Vec::new();
    let mut spans: BTreeMap<(String, u64), (u64, u64)> = BTreeMap::new();
    let mut count = 0;
    for (n, line) in output.lines().enumerate() {
        let n = n + 1;
        let mut bad = |msg: String| problems.push(format!("line {n}: {msg}\n    {line}"));
        let v: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                bad(format!("not JSON: {e}"));
                continue;
            }
        };
        count += 1;
        // the required fields, with the required JSON types
        for end in ["subject", "object"] {
            for field in ["id", "text", "kind"] {
                if !v[end][field].is_string() {
                    bad(format!("`{end}.{field}` is missing or not a string"));
                }
            }
        }
        for field in ["doc", "relation", "predicate", "modality", "rule", "text"] {
            if !v[field].is_string() {
                bad(format!("`{field}` is missing or not a string"));
            }
        }
        if !v["sentence"].is_u64() {
            bad("`sentence` is not a non-negative integer".into());
        }
        let span_ok = v["span"].as_array().is_some_and(|a| a.len() == 2 && a.iter().all(Value::is_u64));
        if !span_ok {
            bad("`span` is not [start, end]".into());
        }
        // the library reads back what the binary wrote
        let t: Triple = match serde_json::from_value(v.clone()) {
            Ok(t) => t,
            Err(e) => {
                bad(format!("does not read back as a Triple: {e}"));
                continue;
            }
        };

        let Some(text) = docs.get(&t.doc) else {
            bad(format!("doc `{}` is not the stem of a file in {corpus}", t.doc));
            continue;
        };
        let rel = schema.relation(t.relation.as_str());
        if rel.is_none() {
            bad(format!("relation `{}` is not a class of the schema", t.relation));
        }
        if !["asserted", "negated", "hypothetical"].contains(&v["modality"].as_str().unwrap_or("")) {
            bad(format!("modality `{}`", v["modality"]));
        }
        if !["state", "igo", "party", "armed-group", "other"].contains(&v["subject"]["kind"].as_str().unwrap_or(""))
            || !["state", "igo", "party", "armed-group", "other"].contains(&v["object"]["kind"].as_str().unwrap_or(""))
        {
            bad("unknown actor kind".into());
        }
        match schema.rule(&t.rule) {
            None => bad(format!("rule `{}` is not in the embedded schema", t.rule)),
            Some(r) if r.relation != t.relation.as_str() => {
                bad(format!("rule `{}` yields `{}`, the triple says `{}`", t.rule, r.relation, t.relation))
            }
            Some(_) => {}
        }
        if t.subject.id == t.object.id {
            bad("self-relation".into());
        }
        if t.predicate.trim().is_empty() {
            bad("empty predicate".into());
        }

        let (s, e) = t.span;
        if !(s < e && e <= text.len()) {
            bad(format!("span {s}..{e} outside the document ({} bytes)", text.len()));
            continue;
        }
        if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            bad(format!("span {s}..{e} not on char boundaries"));
            continue;
        }
        let sentence = &text[s..e];
        if sentence != t.text {
            bad(format!("`text` is not the document at span {s}..{e} ({sentence:?})"));
        }
        if !sentence.contains(&t.subject.text) {
            bad(format!("subject text `{}` not in the sentence", t.subject.text));
        }
        if !sentence.contains(&t.object.text) {
            bad(format!("object text `{}` not in the sentence", t.object.text));
        }
        match spans.insert((t.doc.clone(), t.sentence as u64), (s as u64, e as u64)) {
            Some(prev) if prev != (s as u64, e as u64) => {
                bad(format!("sentence {} of {} had span {prev:?} before, now {s}..{e}", t.sentence, t.doc))
            }
            _ => {}
        }
    }
    // sentence order follows text order, and sentences do not overlap
    // Per document: (sentence index, its span).
    type Sentences = Vec<(u64, (u64, u64))>;
    let mut by_doc: BTreeMap<&str, Sentences> = BTreeMap::new();
    for ((doc, i), span) in &spans {
        by_doc.entry(doc).or_default().push((*i, *span));
    }
    for (doc, list) in by_doc {
        for w in list.windows(2) {
            let ((i, (_, end_a)), (j, (start_b, _))) = (w[0], w[1]);
            if end_a > start_b {
                problems.push(format!("{doc}: sentence {i} ends at {end_a}, after sentence {j} starts at {start_b}"));
            }
        }
    }
    assert!(problems.is_empty(), "{corpus}: {} contract violation(s):\n{}", problems.len(), problems.join("\n"));
    Some(count)
}

#[test]
fn seeds_output_follows_the_contract() {
    if let Some(n) = check_contract("corpus/seeds") {
        assert!(n >= 20, "only {n} triples from the seeds");
    }
}

#[test]
fn dev_output_follows_the_contract() {
    if let Some(n) = check_contract("corpus/dev") {
        assert!(n > 0, "no triples from the dev corpus");
    }
}

#[test]
fn every_seed_document_is_read() {
    let dir = shared("corpus/seeds");
    if !dir.is_dir() {
        eprintln!("note: ../shared absent, skipping every_seed_document_is_read");
        return;
    }
    let docs: BTreeSet<String> = corpus_texts(&dir).into_keys().collect();
    let seen: BTreeSet<String> = extract(&dir)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["doc"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(seen, docs, "every seed story names at least one relation");
}

/// `predicate` is "the words that carried it, as written": its words occur
/// in the sentence, in that order.
#[test]
fn predicate_words_occur_in_the_sentence_in_order() {
    let dir = shared("corpus/seeds");
    if !dir.is_dir() {
        eprintln!("note: ../shared absent, skipping predicate check");
        return;
    }
    let mut bad = Vec::new();
    for line in extract(&dir).lines().chain(extract(&shared("corpus/dev")).lines()) {
        let t: Triple = serde_json::from_str(line).unwrap();
        let mut rest = t.text.as_str();
        for word in t.predicate.split_whitespace() {
            match rest.find(word) {
                Some(i) => rest = &rest[i + word.len()..],
                None => {
                    bad.push(format!("{} [{}]: predicate {:?} in {:?}", t.doc, t.rule, t.predicate, t.text));
                    break;
                }
            }
        }
    }
    assert!(bad.is_empty(), "{} predicate(s) not as written:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn seeds_score_stays_above_the_floor() {
    let score = shared("eval/score.py");
    let gold = shared("eval/gold/seeds.jsonl");
    let seeds = shared("corpus/seeds");
    if !(score.is_file() && gold.is_file() && seeds.is_dir()) {
        eprintln!("note: ../shared absent, skipping the seeds score floor");
        return;
    }
    let Ok(mut child) = Command::new("python3")
        .arg(&score)
        .arg("--gold")
        .arg(&gold)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("note: python3 not found, skipping the seeds score floor");
        return;
    };
    let triples = extract(&seeds);
    child.stdin.take().unwrap().write_all(triples.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "score.py failed:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
    let last = report.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
    // triple  P 0.870 R 0.351 F1 0.500
    let words: Vec<&str> = last.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"triple"), "unexpected last line: {last:?}\n{report}");
    let value = |name: &str| -> f64 {
        let i = words.iter().position(|w| *w == name).unwrap_or_else(|| panic!("no {name} in {last:?}"));
        words[i + 1].parse().unwrap_or_else(|_| panic!("bad {name} in {last:?}"))
    };
    let (p, r, f1) = (value("P"), value("R"), value("F1"));
    assert!((0.0..=1.0).contains(&p) && (0.0..=1.0).contains(&r));
    eprintln!("seeds: triple P {p:.3} R {r:.3} F1 {f1:.3}");
    assert!(f1 >= 0.45, "triple F1 {f1:.3} fell below the 0.45 floor\n{report}");
}
