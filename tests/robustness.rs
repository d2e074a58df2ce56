//! Hostile and malformed input: every case gives a defined result or a
//! clear error naming the file (and line), in bounded time, never a panic.
//!
//! Big inputs are sized so the suite stays fast in debug builds; the
//! full-size cases (100 MB without a newline, a 10 MB sentence, 100,000
//! actors in one sentence) are `#[ignore]`d tests to run by hand in release:
//! `cargo test --release --test robustness -- --ignored`.

use std::fs;
use std::process::Command;
use std::sync::OnceLock;

use actorgraph::extract::Extractor;
use actorgraph::graph::{GraphError, KnowledgeGraph};
use actorgraph::model::Triple;
use actorgraph::schema::{Schema, SchemaError};
use actorgraph::text::{is_invisible, read_documents, Document, InputError};

mod common;
use common::run;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(&Schema::embedded().unwrap()).unwrap())
}

fn extract(text: &str) -> Vec<Triple> {
    extractor().extract(&Document::new("d", text))
}

fn keys(triples: &[Triple]) -> Vec<String> {
    triples.iter().map(|t| format!("{} > {} > {}", t.subject.id.as_str(), t.relation.as_str(), t.object.id.as_str())).collect()
}

/// Checks what every document must satisfy, whatever its text: sentences in
/// order on char boundaries, within the limits, tokens inside them, and
/// triples whose evidence is one of the sentences.
fn check_invariants(doc: &Document) -> Vec<Triple> {
    let splitter = extractor().splitter();
    let sentences = doc.sentences(splitter);
    let mut last = 0;
    for (i, s) in sentences.iter().enumerate() {
        assert_eq!(s.index, i);
        assert!(last <= s.start && s.start < s.end && s.end <= doc.text.len(), "sentence {i} at {}..{}", s.start, s.end);
        assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end));
        assert!(s.end - s.start <= splitter.max_bytes(), "sentence {i} has {} bytes", s.end - s.start);
        assert!(s.tokens.len() <= splitter.max_tokens(), "sentence {i} has {} tokens", s.tokens.len());
        for t in &s.tokens {
            assert!(s.start <= t.start && t.start < t.end && t.end <= s.end);
        }
        last = s.end;
    }
    let triples = extractor().extract(doc);
    for t in &triples {
        assert!(sentences.iter().any(|s| (s.start, s.end) == t.span && s.index == t.sentence), "{t:?}");
        assert_eq!(t.text, doc.text[t.span.0..t.span.1]);
    }
    triples
}


// ───────────────────────────── bad input files ─────────────────────────────

fn read_err(name: &str, bytes: &[u8]) -> InputError {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    fs::write(&p, bytes).unwrap();
    read_documents(&p).unwrap_err()
}

#[test]
fn nul_byte_is_a_binary_file_named_with_line_and_column() {
    let err = read_err("blob.txt", b"Iran met Iraq.\nxy\0z");
    assert!(matches!(err, InputError::Binary { line: 2, column: 3, offset: 17, .. }), "{err:?}");
    assert!(err.to_string().contains("blob.txt:2:3"), "{err}");
    // A JSON-lines file too; an escaped \u0000 inside a record is text, not binary.
    assert!(matches!(read_err("r.jsonl", b"{\"id\":1,\"text\":\"a\0\"}\n"), InputError::Binary { .. }));
}

#[test]
fn binary_and_utf16_files_are_named() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    // The first NUL byte is in line 3 ("\r\n", then "\n").
    let err = read_err("image.txt", png);
    assert!(matches!(err, InputError::Binary { line: 3, column: 1, offset: 8, .. }), "{err:?}");
    assert!(err.to_string().contains("image.txt:3:1") && err.to_string().contains("binary"), "{err}");
    // Invalid UTF-8 without NUL bytes.
    let err = read_err("latin1.txt", b"Caf\xe9 au lait");
    assert!(matches!(err, InputError::NotUtf8 { line: 1, column: 4, offset: 3, .. }), "{err:?}");
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Iran".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let err = read_err("wide.txt", &utf16);
    assert!(matches!(err, InputError::Utf16 { encoding: "UTF-16LE", .. }), "{err:?}");
    assert!(err.to_string().contains("wide.txt") && err.to_string().contains("UTF-8"), "{err}");
}

#[test]
fn bom_and_empty_files_are_defined() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, text) in [("empty.txt", &b""[..], ""), ("bom.txt", b"\xEF\xBB\xBF", ""), ("bom2.txt", b"\xEF\xBB\xBFIran met Iraq.", "Iran met Iraq.")] {
        let p = dir.path().join(name);
        fs::write(&p, bytes).unwrap();
        let docs = read_documents(&p).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, text);
        check_invariants(&docs[0]);
    }
    // A BOM later in the text is an invisible character, not part of a word.
    assert_eq!(keys(&extract("Iran\u{FEFF} met \u{FEFF}Iraq.")), ["Iran > meet > Iraq"]);
    // An empty JSON-lines file holds no documents.
    let p = dir.path().join("none.jsonl");
    fs::write(&p, "\n\n").unwrap();
    assert!(read_documents(&p).unwrap().is_empty());
}

#[test]
fn run_goes_on_after_bad_files_unless_strict() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::create_dir(d.join("in")).unwrap();
    fs::write(d.join("in/a-good.txt"), "Iran supplied drones to Russia.").unwrap();
    fs::write(d.join("in/b-binary.txt"), b"ab\0cd").unwrap();
    fs::write(d.join("in/c-latin1.txt"), b"Caf\xe9").unwrap();
    fs::write(d.join("in/d-empty.txt"), b"").unwrap();
    // One bad record among good ones: it is skipped, the others are read.
    fs::write(
        d.join("in/e-records.jsonl"),
        "{\"id\": \"e1\", \"text\": \"Poland condemned Belarus.\"}\n{\"id\": 2,\n{\"id\": \"e3\", \"text\": \"Chile met Peru.\"}\n",
    )
    .unwrap();
    fs::write(d.join("in/f-good.txt"), "Japan met South Korea.").unwrap();
    // Prose named .jsonl: skipped whole, with one warning, not one per line.
    fs::write(d.join("in/g-prose.jsonl"), "Iran met Iraq.\nThen Iraq met Iran.\nAnd again.\n").unwrap();

    let out = run(d, &["extract", "in", "missing.txt", "-o", "t.jsonl"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    for named in ["b-binary.txt:1:3", "c-latin1.txt:1:4", "e-records.jsonl:2", "g-prose.jsonl:1", "missing.txt"] {
        assert!(out.stderr.contains(named), "warning should name {named}: {}", out.stderr);
    }
    assert!(!out.stderr.contains("g-prose.jsonl:2"), "{}", out.stderr);
    assert!(out.stderr.contains("5 inputs skipped"), "{}", out.stderr);
    let written = fs::read_to_string(d.join("t.jsonl")).unwrap();
    for doc in ["a-good", "e1", "e3", "f-good"] {
        assert!(written.contains(&format!("\"doc\":\"{doc}\"")), "{doc} should be read: {written}");
    }

    // --skip-invalid: the same, but exit 0.
    let out = run(d, &["extract", "in", "--skip-invalid"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 4, "{}", out.stdout);

    // --strict: stops at the first bad file, writes nothing, exit 1.
    fs::write(d.join("t.jsonl"), "old").unwrap();
    let out = run(d, &["extract", "in", "--strict", "-o", "t.jsonl"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("b-binary.txt:1:3") && !out.stderr.contains("c-latin1"), "{}", out.stderr);
    assert_eq!(fs::read_to_string(d.join("t.jsonl")).unwrap(), "old");

    // build, likewise: the graph is written from the good files.
    let out = run(d, &["build", "in", "-o", "g.json"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    let g = KnowledgeGraph::load(&d.join("g.json")).unwrap();
    let docs = g.documents();
    assert!(docs.contains("a-good") && docs.contains("f-good"), "{docs:?}");
    assert!(docs.contains("e1") && docs.contains("e3"), "{docs:?}");
    assert!(!docs.iter().any(|d| d.starts_with(['b', 'c', 'g'])), "{docs:?}");
    assert_eq!(run(d, &["build", "in", "--strict", "-o", "g2.json"]).code, 1);
    assert!(!d.join("g2.json").exists());
}

#[test]
fn many_bad_records_are_counted_past_the_first_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let mut records = String::from("{\"id\": \"ok\", \"text\": \"Chile met Peru.\"}\n");
    for n in 0..15 {
        records.push_str(&format!("{{\"id\": {n}}}\n"));
    }
    records.push_str("{\"id\": \"last\", \"text\": \"Peru met Chile.\"}\n");
    fs::write(d.join("r.jsonl"), records).unwrap();
    let out = run(d, &["extract", "r.jsonl"]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert_eq!(out.stderr.matches("bad JSON-lines record").count(), 10, "{}", out.stderr);
    assert!(out.stderr.contains("skipped 5 more bad records in r.jsonl"), "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 2, "both good records are read: {}", out.stdout);
}

// ───────────────────────────── big inputs, bounded work ─────────────────────────────

#[test]
fn huge_line_without_newline_or_period_is_cut_into_bounded_sentences() {
    // 2 MB of words: no sentence end anywhere.
    let text = "the army said that talks would go on ".repeat(2_000_000 / 37);
    let doc = Document::new("d", text);
    let splitter = extractor().splitter();
    let spans = splitter.split(&doc.text);
    assert!(spans.len() >= doc.text.len() / splitter.max_bytes());
    assert!(spans.iter().all(|(s, e)| e - s <= splitter.max_bytes()));
    // Cut at white space: no word is cut in two.
    assert!(spans.iter().all(|&(s, e)| doc.text[s..e].starts_with("the") || doc.text[..s].ends_with(' ')), "cuts fall between words");
    let mut n = 0;
    for s in doc.iter_sentences(splitter) {
        assert!(s.tokens.len() <= splitter.max_tokens());
        n += 1;
    }
    assert!(n >= spans.len());
}

#[test]
fn runs_without_white_space_stay_linear() {
    // Each of these was quadratic in the splitter or tokenizer before.
    let splitter = extractor().splitter();
    for text in [
        "\n".repeat(200_000),
        ".".repeat(200_000),
        "A.".repeat(100_000),
        "a.".repeat(100_000),
        format!("x{}", ".".repeat(100_000)) + "y",
        " ".repeat(200_000) + ".",
        "\"”)".repeat(50_000),
        "U.S.".repeat(50_000),
        "\n \n".repeat(50_000),
    ] {
        let spans = splitter.split(&text);
        assert!(spans.iter().all(|(s, e)| e - s <= splitter.max_bytes()));
        let tokens: usize = spans.iter().map(|&(s, e)| actorgraph::text::tokenize(&text, s, e).len()).sum();
        assert!(tokens <= text.len());
    }
}

#[test]
fn many_actors_in_one_sentence() {
    // 2,000 actors joined by "and", then by commas: bounded sentences, each
    // pair of actors found once.
    let actors = ["Russia", "Iran", "China", "France", "Germany", "Japan", "India", "Brazil"];
    let list = |sep: &str, n: usize| (0..n).map(|i| actors[i % actors.len()]).collect::<Vec<_>>().join(sep);
    let doc = Document::new("d", format!("{} met.", list(" and ", 2_000)));
    check_invariants(&doc);
    let doc = Document::new("d", format!("{} supplied drones to Ukraine.", list(", ", 2_000)));
    let triples = check_invariants(&doc);
    let mut keys = keys(&triples);
    keys.sort();
    keys.dedup();
    assert!(keys.len() <= actors.len(), "{keys:?}");
}

#[test]
fn deeply_nested_quotes_and_brackets() {
    let n = 1_000;
    for (open, close) in [("(", ")"), ("[", "]"), ("“", "”"), ("\"", "\""), ("«", "»"), ("'", "'")] {
        let text = format!("{}Iran supplied drones to Russia.{}\n", open.repeat(n), close.repeat(n));
        check_invariants(&Document::new("d", text));
    }
    // The sentence inside ordinary nesting is still read.
    assert_eq!(keys(&extract("((“[Iran supplied drones to Russia.]”))")), ["Iran > supply > Russia"]);
}

#[test]
fn extractor_on_pathological_text_keeps_its_invariants() {
    let cases = [
        String::new(),
        "\0\0\0".into(),
        "\u{FEFF}".repeat(100),
        "\u{200B}\u{200B}".into(),
        "...!!!???".into(),
        "Iran".repeat(2_000),
        "Iran ".repeat(2_000),
        "Iran's ".repeat(1_000) + "drones",
        "Mr. ".repeat(2_000),
        "U.S.A.B.C.D.E.F.G.H.I.J.K.L.".repeat(100),
        "did n't n't 's 's ' ’ ’s".repeat(200),
        "\r\n\r\n\t\u{0B}\u{0C}\u{85}\u{2028}\u{2029}".repeat(100),
        "🇺🇦🇷🇺👨‍👩‍👧 Iran supplied drones to Russia 🚀.".into(),
        "e\u{301}\u{301}\u{301}".repeat(1_000),
    ];
    for text in cases {
        check_invariants(&Document::new("d", text));
    }
}

// ───────────────────────────── Unicode ─────────────────────────────

#[test]
fn invisible_characters_inside_an_actor_name_are_ignored() {
    for zw in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{00AD}', '\u{FEFF}', '\u{200E}', '\u{202E}'] {
        assert!(is_invisible(zw));
        let text = format!("Rus{zw}sia supplied drones to I{zw}{zw}ran.");
        let triples = extract(&text);
        assert_eq!(keys(&triples), ["Russia > supply > Iran"], "with U+{:04X}", zw as u32);
        // The mention is kept as written.
        assert_eq!(triples[0].subject.text, format!("Rus{zw}sia"));
    }
    let toks = actorgraph::text::tokenize("Rus\u{200B}sia", 0, "Rus\u{200B}sia".len());
    assert_eq!(toks.len(), 1);
    assert_eq!(toks[0].norm, "russia");
}

#[test]
fn look_alike_letters_are_not_folded() {
    // Cyrillic і (U+0456), Greek Α (U+0391), fullwidth letters: different words, no actor.
    for spoof in ["Russ\u{0456}a", "\u{0391}fghanistan", "\u{FF32}\u{FF55}\u{FF53}\u{FF53}\u{FF49}\u{FF41}"] {
        let text = format!("{spoof} supplied drones to Iran.");
        let triples = check_invariants(&Document::new("d", text.clone()));
        assert!(triples.iter().all(|t| t.subject.text != spoof), "{spoof} must not name an actor: {:?}", keys(&triples));
    }
}

#[test]
fn right_to_left_and_mixed_scripts() {
    let texts = [
        "إيران زودت روسيا بطائرات مسيرة. Iran supplied drones to Russia.",
        "Iran supplied drones to Russia, \u{202B}قالت وزارة الدفاع\u{202C}.",
        "\u{202E}aissuR ot senord deilppus narI\u{202C}",
        "איראן סיפקה מל\"טים לרוסיה. 伊朗向俄罗斯提供了无人机。 Иран поставил дроны России.",
    ];
    for text in texts {
        check_invariants(&Document::new("d", text));
    }
    assert_eq!(keys(&extract(texts[0])), ["Iran > supply > Russia"]);
    // Bidirectional controls around a name do not hide it.
    assert_eq!(keys(&extract("\u{2067}Iran\u{2069} supplied drones to \u{202A}Russia\u{202C}.")), ["Iran > supply > Russia"]);
}

// ───────────────────────────── malformed schemas ─────────────────────────────

/// Loads a schema with `file` replaced by `text`; returns the error.
fn schema_err(file: &str, text: &str) -> SchemaError {
    match Schema::from_sources(&[(file, text)]) {
        Ok(_) => panic!("{file} should be rejected:\n{text}"),
        Err(e) => e,
    }
}

/// Asserts the error names `file:line:column` with that line, and mentions `words`.
fn located(err: &SchemaError, file: &str, line: usize, words: &[&str]) {
    let msg = err.to_string();
    let prefix = format!("{file}:{line}:");
    assert!(msg.starts_with(&prefix), "expected {prefix}COL at the start: {msg}");
    let col = msg[prefix.len()..].split(':').next().unwrap();
    assert!(col.parse::<usize>().is_ok_and(|c| c >= 1), "no column: {msg}");
    for w in words {
        assert!(msg.contains(w), "expected {w:?} in: {msg}");
    }
}

const RELATION_OK: &str = "(id: \"r\", relation: \"meet\", verbs: [\"meet\"], pattern: \"$ * +\")";

fn rules(word_classes: &str, rule: &str) -> String {
    format!("(\n  word_classes: {{{word_classes}}},\n  rules: [\n    {RELATION_OK},\n    {rule},\n  ],\n)")
}

#[test]
fn schema_syntax_and_type_errors_are_located() {
    let err = schema_err("rules.ron", "(\n  rules: [\n    (id: \"r\", relation: \"meet\" verbs: [\"meet\"], pattern: \"$ * +\"),\n  ],\n)");
    assert!(matches!(err, SchemaError::Syntax { .. }));
    located(&err, "rules.ron", 3, &["default schema"]);
    // A string where a list belongs.
    let err = schema_err("rules.ron", "(\n  rules: [\n    (id: \"r\", relation: \"meet\", verbs: \"meet\", pattern: \"$ * +\"),\n  ],\n)");
    located(&err, "rules.ron", 3, &[]);
    // A field that does not exist (a typo).
    let err = schema_err("rules.ron", "(\n  rules: [\n    (id: \"r\", relaton: \"meet\", pattern: \"$ * +\"),\n  ],\n)");
    located(&err, "rules.ron", 3, &["relaton"]);
    // Not even RON, and an empty file.
    located(&schema_err("actors.ron", "\u{0}\u{1}garbage"), "actors.ron", 1, &[]);
    located(&schema_err("relations.ron", ""), "relations.ron", 1, &[]);
}

#[test]
fn schema_semantic_errors_are_located_with_a_hint() {
    // Unknown relation class: the known ones are listed.
    let err = schema_err("rules.ron", &rules("", "(id: \"x\",\n      relation: \"hug\", verbs: [\"hug\"], pattern: \"$ * +\")"));
    located(&err, "rules.ron", 6, &["`hug`", "known:", "supply"]);
    // Empty pattern.
    let err = schema_err("rules.ron", &rules("", "(id: \"x\", relation: \"meet\",\n      pattern: \"\")"));
    located(&err, "rules.ron", 6, &["`x`", "empty"]);
    // Patterns that could match without any word: only optional words, only slots.
    for pattern in ["$ talks? +", "$ +", "$ .. +", "  "] {
        let err = schema_err("rules.ron", &rules("", &format!("(id: \"x\", relation: \"meet\",\n      pattern: \"{pattern}\")")));
        located(&err, "rules.ron", 6, &["`x`"]);
    }
    // A verb that is empty would make `$ * +` read any two neighbouring actors.
    let err = schema_err("rules.ron", &rules("", "(id: \"x\", relation: \"meet\",\n      verbs: [\"meet\", \" \"], pattern: \"$ * +\")"));
    located(&err, "rules.ron", 6, &["`x`", "verb is empty"]);
    // Word classes: unknown, empty, with an empty word, naming itself or another class.
    let use_class = "(id: \"x\", relation: \"meet\", pattern: \"$ @TALK +\")";
    located(&schema_err("rules.ron", &rules("", use_class)), "rules.ron", 5, &["unknown word class `@TALK`"]);
    located(&schema_err("rules.ron", &rules("\n    \"TALK\": []", use_class)), "rules.ron", 3, &["`@TALK` is empty"]);
    located(&schema_err("rules.ron", &rules("\n    \"TALK\": [\"talk\", \"\"]", use_class)), "rules.ron", 3, &["empty word"]);
    located(&schema_err("rules.ron", &rules("\n    \"TALK\": [\"@TALK\"]", use_class)), "rules.ron", 3, &["cannot refer", "itself"]);
    let cycle = "\n    \"TALK\": [\"@MEET\"],\n    \"MEET\": [\"@TALK\"]";
    located(&schema_err("rules.ron", &rules(cycle, use_class)), "rules.ron", 4, &["cannot refer"]);
}

#[test]
fn schema_actor_errors_are_located() {
    // One name claimed by two actors.
    let actors = "(actors: [\n  (id: \"Atlantis\", names: [\"Sunken\"]),\n  (id: \"Lemuria\", names: [\"Sunken\"]),\n])";
    located(&schema_err("actors.ron", actors), "actors.ron", 3, &["`Sunken`", "Atlantis", "Lemuria"]);
    // A name that is only white space or invisible characters.
    let actors = "(actors: [\n  (id: \"Atlantis\",\n   names: [\"\u{200B} \"]),\n])";
    located(&schema_err("actors.ron", actors), "actors.ron", 3, &["Atlantis", "empty name"]);
    // A person acting for an actor that does not exist.
    let actors = "(actors: [(id: \"Atlantis\")],\n people: [\n  (name: \"King Atlas\", actor: \"Atlantis2\"),\n])";
    located(&schema_err("actors.ron", actors), "actors.ron", 3, &["Atlantis2"]);
    // Duplicate ids.
    let actors = "(actors: [\n  (id: \"Atlantis\"),\n  (id: \"Atlantis\"),\n])";
    located(&schema_err("actors.ron", actors), "actors.ron", 3, &["duplicate actor"]);
}

#[test]
fn schema_names_forms_and_colours_that_cannot_work_are_located() {
    // Punctuation and function words as names: a "," alias would make every list an actor.
    for name in [",", ".", "the", "to", "The", "to the", "“"] {
        let actors = format!("(actors: [\n  (id: \"Atlantis\",\n   names: [\"Atlas\", \"{}\"]),\n])", name.replace('"', "\\\""));
        let err = schema_err("actors.ron", &actors);
        located(&err, "actors.ron", 3, &[&format!("`{name}`"), "Atlantis"]);
    }
    // An acronym is matched only in capitals: Andorra's code AND is a name.
    Schema::from_sources(&[("actors.ron", "(actors: [(id: \"Andorra\", code: \"AND\")])")]).unwrap();
    // A person with an empty name or surname, or a function word for a surname.
    let person = |fields: &str| format!("(actors: [(id: \"Atlantis\")],\n people: [\n  ({fields}, actor: \"Atlantis\"),\n])");
    located(&schema_err("actors.ron", &person("name: \"\"")), "actors.ron", 3, &["empty name"]);
    located(&schema_err("actors.ron", &person("name: \"King Atlas\", surname: \" \"")), "actors.ron", 3, &["empty name or surname"]);
    located(&schema_err("actors.ron", &person("name: \"King Atlas\", surname: \"he\"")), "actors.ron", 3, &["`he`", "function words"]);
    // Irregular verbs with an empty form.
    for forms in ["(\"go\", \"\", \"gone\")", "(\"be\", \"was||were\", \"been\")", "(\"\", \"went\", \"gone\")"] {
        let err = schema_err("lexicon.ron", &format!("(\n  irregular_verbs: [\n    {forms},\n  ],\n)"));
        located(&err, "lexicon.ron", 3, &["empty form"]);
    }
    // A colour Graphviz would reject only when drawing.
    let relations = Schema::embedded_files().into_iter().find(|(n, _)| *n == "relations.ron").unwrap().1;
    for bad in ["#12345", "bleu", "#gggggg", ""] {
        let edited = relations.replacen("color: \"#9467bd\"", &format!("color: \"{bad}\""), 1);
        let line = edited.lines().position(|l| l.contains("id: \"deploy\"")).unwrap() + 1;
        located(&schema_err("relations.ron", &edited), "relations.ron", line, &["`deploy`", "#rrggbb"]);
    }
    for good in ["#9467BD", "#9467bd80", "Crimson"] {
        Schema::from_sources(&[("relations.ron", &relations.replacen("#9467bd", good, 1))]).unwrap();
    }
}

#[test]
fn one_actor_with_a_hundred_thousand_names_loads() {
    let names: Vec<String> = (0..100_000).map(|i| format!("\"Alias {i}\"")).collect();
    let actors = format!("(actors: [(id: \"Atlantis\", names: [{}])])", names.join(", "));
    let schema = Schema::from_sources(&[("actors.ron", &actors)]).unwrap();
    assert_eq!(schema.actors.actors[0].names.len(), 100_000);
}

// ───────────────────────────── malformed graph files ─────────────────────────────

fn sample_graph_json() -> String {
    let text = "Iran supplied drones to Russia.\nTehran condemned Washington. Japan met South Korea.";
    let mut g = KnowledgeGraph::from_triples(extract(text));
    g.merge(&KnowledgeGraph::from_triples(extractor().extract(&Document::new("other \"doc\"\n<b>", "Poland condemned Belarus.")))).unwrap();
    assert!(g.edge_count() >= 3);
    g.to_json_string()
}

#[test]
fn truncated_graph_files_are_errors_with_a_position() {
    let json = sample_graph_json();
    let ron = KnowledgeGraph::from_json_str(&json).unwrap().to_ron_string().unwrap();
    for cut in (0..json.len()).step_by(7).filter(|&c| json.is_char_boundary(c)) {
        let err = KnowledgeGraph::from_json_str(&json[..cut]).unwrap_err();
        assert!(err.to_string().starts_with("<input>"), "{err}");
    }
    for cut in (0..ron.len()).step_by(7).filter(|&c| ron.is_char_boundary(c)) {
        if let Err(err) = KnowledgeGraph::from_ron_str(&ron[..cut]) {
            assert!(err.to_string().starts_with("<input>"), "{err}");
        }
    }
    // On disk: the error names the file.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("half.json");
    fs::write(&p, &json[..json.len() / 2]).unwrap();
    let err = KnowledgeGraph::load(&p).unwrap_err();
    assert!(matches!(err, GraphError::Json { line, .. } if line > 1), "{err:?}");
    assert!(err.to_string().starts_with(&p.display().to_string()));
}

#[test]
fn graph_files_of_another_version_or_kind_are_named_errors() {
    let json = sample_graph_json();
    let current = format!("\"version\": {}", actorgraph::graph::FILE_FORMAT_VERSION);
    assert!(json.contains(&current), "{json}");
    let future = json.replacen(&current, "\"version\": 9999", 1);
    assert!(matches!(KnowledgeGraph::from_json_str(&future), Err(GraphError::UnsupportedVersion { found: 9999, .. })));
    let big = json.replacen(&current, "\"version\": 99999999999999999999999", 1);
    assert!(KnowledgeGraph::from_json_str(&big).is_err());
    let other = json.replacen("actorgraph-graph", "networkx", 1);
    assert!(KnowledgeGraph::from_json_str(&json.replacen(&current, "\"version\": \"1\"", 1)).is_err());
    assert!(matches!(KnowledgeGraph::from_json_str(&other), Err(GraphError::WrongFormat { .. })));
    // A file of triples (extract output) is not a graph file.
    let line = serde_json::to_string(&extract("Iran supplied drones to Russia.")[0]).unwrap();
    assert!(KnowledgeGraph::from_json_str(&line).is_err());
}

#[test]
fn hand_edited_graph_files_load_or_fail_cleanly_and_export_without_panic() {
    let json = sample_graph_json();
    let edits: Vec<(&str, &str)> = vec![
        ("\"mentions\": 1", "\"mentions\": 999"),   // derived counts are recomputed
        ("\"mentions\": 1", "\"mentions\": -1"),    // wrong type
        ("\"kind\": \"state\"", "\"kind\": \"planet\""), // unknown kind
        ("\"modality\": \"asserted\"", "\"modality\": \"maybe\""),
        ("\"sentence\": 0", "\"sentence\": 18446744073709551615"),
        ("\"span\": [", "\"span\": [999999, 1, "),   // three numbers
        ("\"subject\": \"Iran\"", "\"subject\": \"Nowhere\""), // unknown actor
        ("\"text\": \"", "\"text\": \"\\u0000\\u202e<script>\\\"]; x=\\\\"),
        ("\"doc\": \"", "\"doc\": \"\\n\\r\\t\\\\"),
        ("\"relation\": \"supply\"", "\"relation\": \"\""),
        ("\"relation\": \"supply\"", "\"relation\": \"a\\\"b -> c [x=1]\""),
        ("\"id\": \"Iran\"", "\"id\": \"\""),
    ];
    let style = actorgraph::export::DotStyle::default();
    for (from, to) in edits {
        assert!(json.contains(from), "{from}");
        let edited = json.replacen(from, to, 1);
        let Ok(g) = KnowledgeGraph::from_json_str(&edited) else { continue };
        for format in ["json", "ron", "dot", "graphml", "gexf", "node-link", "cypher", "mermaid"] {
            let format: actorgraph::export::ExportFormat = format.parse().unwrap();
            let _ = actorgraph::export::export(&g, format, &style);
        }
    }
    // Swapped span ends, a span past the end of the text, an empty evidence text.
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let evidence = &mut value["edges"][0]["evidence"][0];
    evidence["span"] = serde_json::json!([500, 2]);
    evidence["text"] = serde_json::json!("");
    value["edges"][1]["evidence"][0]["span"] = serde_json::json!([0, usize::MAX]);
    let g = KnowledgeGraph::from_json_str(&value.to_string()).unwrap();
    for format in ["json", "ron", "dot", "graphml", "gexf", "node-link", "cypher", "mermaid"] {
        let _ = actorgraph::export::export(&g, format.parse().unwrap(), &style);
    }
}

// ───────────────────────────── output safety ─────────────────────────────

/// A schema whose actor names are hostile to DOT, HTML, JSON and CSV.
const HOSTILE_ACTORS: &str = r#"(actors: [
    (id: "Evil \"Quote\" Corp", names: ["Evilcorp"]),
    (id: "Back\\slash <b>Bold</b> & Co", names: ["Backslash"]),
    (id: "=cmd|' /C calc'!A0", names: ["Spreadsheet"]),
    (id: "Line\\nBreak ]; node [shape=box", names: ["Linebreak"]),
])"#;

#[test]
fn hostile_names_and_text_through_the_cli_give_parseable_dot_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::create_dir_all(d.join("schema")).unwrap();
    fs::write(d.join("schema/actors.ron"), HOSTILE_ACTORS).unwrap();
    let text = "Evilcorp supplied drones to Backslash \"]; a=b\\ <script>x</script>.\n\
                Spreadsheet met Linebreak {}\\\"\\n'. \u{202E}Evilcorp condemned Spreadsheet.";
    fs::write(d.join("news.txt"), text).unwrap();
    let out = run(d, &["--schema", "schema", "build", "news.txt", "-o", "g.json", "--dot", "g.dot"]);
    assert_eq!(out.code, 0, "{}", out.stderr);

    let g = KnowledgeGraph::load(&d.join("g.json")).unwrap();
    assert!(g.edge_count() >= 2, "the hostile actors were read: {}", out.stdout);
    let ids: Vec<String> = g.actors().map(|a| a.id.as_str().to_string()).collect();
    assert!(ids.iter().any(|i| i == "Evil \"Quote\" Corp"), "{ids:?}");
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(d.join("g.json")).unwrap()).unwrap();
    assert!(json["edges"].as_array().is_some_and(|e| !e.is_empty()));

    let triples = run(d, &["--schema", "schema", "extract", "news.txt"]);
    for line in triples.stdout.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }

    if Command::new("dot").arg("-V").output().is_ok() {
        let dot = Command::new("dot").args(["-Tsvg", "g.dot"]).current_dir(d).output().unwrap();
        assert!(dot.status.success(), "dot rejects the DOT: {}", String::from_utf8_lossy(&dot.stderr));
        // Every hostile name survives as one node label, not as DOT syntax.
        let plain = Command::new("dot").args(["-Tplain", "g.dot"]).current_dir(d).output().unwrap();
        let plain = String::from_utf8_lossy(&plain.stdout);
        let nodes = plain.lines().filter(|l| l.starts_with("node ") && !l.starts_with("node \"legend")).count();
        assert_eq!(nodes, g.actor_count(), "no node injected:\n{plain}");
    }
}

// ───────────────────────────── full size, by hand ─────────────────────────────

fn release_run(bytes: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("big.txt"), bytes).unwrap();
    let start = std::time::Instant::now();
    let out = run(tmp.path(), &["extract", "big.txt", "-o", "t.jsonl", "--max-document-bytes", "0"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    eprintln!("{} MB in {:?}", bytes.len() / 1_000_000, start.elapsed());
}

#[test]
#[ignore = "100 MB: run by hand with --release (about 3 minutes)"]
fn full_size_100_mb_without_newline() {
    release_run("the army said that talks would go on. ".repeat(100_000_000 / 39).replace('.', ",").as_bytes());
}

#[test]
#[ignore = "10 MB: run by hand with --release"]
fn full_size_10_mb_sentence() {
    release_run("the army said that Iran would go on ".repeat(10_000_000 / 36).as_bytes());
}

#[test]
#[ignore = "deep nesting: run by hand with --release"]
fn full_size_deeply_nested_brackets() {
    release_run(format!("{}Iran supplied drones to Russia.{}", "(“[«".repeat(250_000), "»]”)".repeat(250_000)).as_bytes());
}

#[test]
#[ignore = "100,000 actors: run by hand with --release"]
fn full_size_100k_actors_in_one_sentence() {
    let actors = ["Russia", "Iran", "China", "France", "Germany", "Japan", "India", "Brazil"];
    let list: Vec<&str> = (0..100_000).map(|i| actors[i % actors.len()]).collect();
    release_run(format!("{} met.", list.join(" and ")).as_bytes());
    release_run(format!("{} supplied drones to Ukraine.", list.join(", ")).as_bytes());
}
