//! Property tests: sentence spans, triple evidence, graph files and merging
//! hold their contracts on generated input. They double as the bounded
//! in-suite stand-in for the fuzz targets in `fuzz/` (extractor on arbitrary
//! text, schema loader, graph loader), which need a nightly toolchain.

use std::sync::OnceLock;

use proptest::prelude::*;

use actorgraph::extract::Extractor;
use actorgraph::graph::{content_hash, KnowledgeGraph};
use actorgraph::model::{ActorKind, ActorRef, Modality, Relation, Triple};
use actorgraph::schema::Schema;
use actorgraph::text::{is_invisible, Document, SentenceSplitter};

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(&Schema::embedded().unwrap()).unwrap())
}

/// Text made of pieces that matter to the splitter, tokenizer and
/// extractor: actor names, verbs, abbreviations, marks, quotes, brackets,
/// line breaks, invisible and non-Latin characters.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "Iran", "Russia", "North Korea", "Pyongyang", "the U.S.", "Moscow", "Kyiv", "Hamas", "Israel", "NATO",
        " supplied drones to ", " met ", " condemned ", " will not attack ", " and ", ", ", " said ", " could send arms to ",
        "'s support for ", "Gen. ", "Dr. ", "Jan. ", "U.N. ", " 3.5 ", "8,000", ". ", "! ", "? ", ".", "\n", "\n\n", " ",
        "“", "”", "\"", "'", "(", ")", "[", "]", "«", "»", "—", "-", "\u{200B}", "\u{FEFF}", "\u{202E}", "\u{00AD}",
        "\0", "\t", "\r\n", "é", "e\u{301}", "إيران", "Иран", "伊朗", "🇺🇦", "didn't", "won't", "O'Brien", "troops",
    ]);
    (prop::collection::vec(piece, 0..60), any::<String>()).prop_map(|(pieces, noise)| {
        let mut s = pieces.concat();
        if noise.len() % 3 == 0 {
            s.push_str(&noise);
        }
        s
    })
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![newsish(), any::<String>(), "[ .!?\"”)(\n\u{200B}a-zA-Z]{0,200}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sentence_spans_cover_the_text_in_order_on_char_boundaries(text in arbitrary_text(), max_bytes in 64usize..400, max_tokens in 8usize..40) {
        let splitter = SentenceSplitter::new(["Gen.", "Dr.", "Jan."]).with_max_bytes(max_bytes).with_max_tokens(max_tokens);
        let doc = Document::new("d", text.clone());
        let mut last = 0;
        for (i, s) in doc.sentences(&splitter).iter().enumerate() {
            prop_assert_eq!(s.index, i);
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            prop_assert!(last <= s.start && s.start < s.end && s.end <= text.len());
            // Between sentences: only white space and invisible characters.
            prop_assert!(text[last..s.start].chars().all(|c| c.is_whitespace() || is_invisible(c)), "gap {:?}", &text[last..s.start]);
            prop_assert!(s.end - s.start <= max_bytes);
            prop_assert!(s.tokens.len() <= max_tokens);
            let mut t_last = s.start;
            for t in &s.tokens {
                prop_assert!(t_last <= t.start && t.start < t.end && t.end <= s.end);
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                t_last = t.end;
            }
            last = s.end;
        }
        prop_assert!(text[last..].chars().all(|c| c.is_whitespace() || is_invisible(c)), "tail {:?}", &text[last..]);
    }

}

// The extractor and the schema loader are slow in debug builds: fewer cases.
proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_triple_evidence_lies_inside_its_sentence(text in newsish()) {
        let doc = Document::new("d", text.clone());
        let sentences = doc.sentences(extractor().splitter());
        for t in extractor().extract(&doc) {
            let s = &sentences[t.sentence];
            prop_assert_eq!((s.start, s.end), t.span);
            prop_assert_eq!(&t.text, &text[t.span.0..t.span.1]);
            // The mentions as written are in the sentence too.
            prop_assert!(t.text.contains(t.subject.text.as_str()) && t.text.contains(t.object.text.as_str()), "{:?}", t);
        }
    }

    #[test]
    fn extraction_is_deterministic(text in newsish()) {
        let doc = Document::new("d", text);
        let a = extractor().extract(&doc);
        let b = extractor().extract(&doc);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }

    #[test]
    fn schema_loader_never_panics(file in 0usize..4, text in prop_oneof![any::<String>(), schema_mutation()]) {
        let name = actorgraph::schema::FILE_NAMES[file];
        if let Ok(schema) = Schema::from_sources(&[(name, text.as_str())]) {
            let _ = Extractor::new(&schema);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn graph_save_then_load_is_the_identity(triples in triples()) {
        let g = KnowledgeGraph::from_triples(triples);
        let json = g.to_json_string();
        let back = KnowledgeGraph::from_json_str(&json).unwrap();
        prop_assert_eq!(&back, &g);
        prop_assert_eq!(back.to_json_string(), json, "a second save is byte-identical");
        let ron = g.to_ron_string().unwrap();
        prop_assert_eq!(&KnowledgeGraph::from_ron_str(&ron).unwrap(), &g);
    }

    #[test]
    fn graph_loader_never_panics(text in prop_oneof![any::<String>(), graph_file_mutation()]) {
        let _ = KnowledgeGraph::from_json_str(&text);
        let _ = KnowledgeGraph::from_ron_str(&text);
    }
}

/// Triples over a few actors, relations, documents and hostile strings.
fn triples() -> impl Strategy<Value = Vec<Triple>> {
    let actor = prop::sample::select(vec![
        ("Iran", ActorKind::State),
        ("Russia", ActorKind::State),
        ("NATO", ActorKind::Igo),
        ("Hamas", ActorKind::ArmedGroup),
        ("Evil \"Quote\"\n<b>", ActorKind::Other),
    ]);
    let relation = prop::sample::select(vec!["supply", "attack", "meet", "criticize"]);
    let modality = prop::sample::select(vec![Modality::Asserted, Modality::Negated, Modality::Hypothetical]);
    let text = prop::sample::select(vec!["Iran supplied Russia.", "a \"b\" \\ c\n<d>", "", "ünï ✓ \u{202E}"]);
    let one = (actor.clone(), actor, relation, modality, 0usize..4, 0usize..3, text, any::<bool>(), prop::option::of(prop::sample::select(vec!["2024-01-02", "2023-12-31"])))
        .prop_map(|((s, sk), (o, ok), rel, modality, doc, sentence, text, nominal, date)| Triple {
            doc: format!("doc-{doc}"),
            subject: ActorRef::new(s, format!("{s} as written"), sk),
            relation: Relation::new(rel),
            object: ActorRef::new(o, o, ok),
            predicate: "supplied".into(),
            modality,
            nominal,
            sentence,
            span: (sentence * 10, sentence * 10 + text.len()),
            rule: format!("{rel}.rule"),
            text: text.into(),
            date: date.map(String::from),
        });
    prop::collection::vec(one, 0..12)
}

// Merging as a reduce step: graphs of overlapping sets of documents, each
// with its own evidence limit, some read back from their files.
proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn merge_is_commutative_associative_and_counts_each_document_once(docs in documents(1), parts in prop::collection::vec(part(), 3)) {
        let [a, b, c] = [0, 1, 2].map(|i| graph_of(&docs, &parts[i]));
        let cap = parts.iter().map(|p| p.cap).fold(0, |m, c| if m == 0 || (c > 0 && c < m) { c } else { m });
        let all: Vec<usize> = (0..docs.len()).filter(|&d| parts.iter().any(|p| p.docs[d])).collect();
        let whole = graph_of(&docs, &Part { docs: (0..docs.len()).map(|d| all.contains(&d)).collect(), cap, reversed: false, through_file: false });
        check_merges(&a, &b, &c, &whole, parts.iter().all(|p| p.cap == 0))?;
    }

    #[test]
    fn merge_keeps_the_greater_version_whichever_way_round(docs in documents(2), parts in prop::collection::vec(part(), 3)) {
        // Document d has versions 2d and 2d + 1; a graph holds at most one
        // of them, and the merge the one with the greater content hash.
        let pick = |part: &Part| -> Part {
            let docs = (0..docs.len()).map(|v| part.docs[v] && !(v % 2 == 1 && part.docs[v - 1])).collect();
            Part { docs, ..part.clone() }
        };
        let parts: Vec<Part> = parts.iter().map(pick).collect();
        let [a, b, c] = [0, 1, 2].map(|i| graph_of(&docs, &parts[i]));
        let cap = parts.iter().map(|p| p.cap).fold(0, |m, c| if m == 0 || (c > 0 && c < m) { c } else { m });
        let held = |v: usize| parts.iter().any(|p| p.docs[v]);
        let winner = |v: usize| {
            let other = v ^ 1;
            !held(other) || docs[v].1 > docs[other].1
        };
        let kept = (0..docs.len()).map(|v| held(v) && winner(v)).collect();
        let whole = graph_of(&docs, &Part { docs: kept, cap, reversed: false, through_file: false });
        check_merges(&a, &b, &c, &whole, parts.iter().all(|p| p.cap == 0))?;
    }
}

/// Merges `a`, `b` and `c` in every order and grouping: where they merge,
/// they give `whole` (the graph built from all their documents at once),
/// byte for byte; refusals do not depend on the order; with every limit 0
/// nothing is refused; a graph merged with itself is itself.
fn check_merges(a: &KnowledgeGraph, b: &KnowledgeGraph, c: &KnowledgeGraph, whole: &KnowledgeGraph, all_kept: bool) -> Result<(), TestCaseError> {
    let merged = |x: &KnowledgeGraph, y: &KnowledgeGraph| {
        let mut m = x.clone();
        m.merge(y).map(|_| m)
    };
    for g in [a, b, c] {
        prop_assert_eq!(merged(g, g).expect("a graph merges with itself").to_json_string(), g.to_json_string());
    }
    let (ab, ba) = (merged(a, b), merged(b, a));
    prop_assert_eq!(ab.is_ok(), ba.is_ok(), "refused one way only: {:?} {:?}", ab.as_ref().err(), ba.as_ref().err());
    if let (Ok(ab), Ok(ba)) = (&ab, &ba) {
        prop_assert_eq!(ab.to_json_string(), ba.to_json_string(), "a ∪ b = b ∪ a");
    }
    let left = ab.and_then(|ab| merged(&ab, c));
    let right = merged(b, c).and_then(|bc| merged(a, &bc));
    let other = merged(c, a).and_then(|ca| merged(&ca, b));
    if all_kept {
        prop_assert!(left.is_ok() && right.is_ok() && other.is_ok(), "{:?} {:?} {:?}", left.err(), right.err(), other.err());
    }
    for m in [left, right, other].into_iter().flatten() {
        prop_assert_eq!(m.to_json_string(), whole.to_json_string(), "(a ∪ b) ∪ c = a ∪ (b ∪ c) = (c ∪ a) ∪ b = all at once");
    }
    Ok(())
}

/// Which documents a graph holds, how it keeps evidence, and whether it
/// was written to a file and read back.
#[derive(Debug, Clone)]
struct Part {
    docs: Vec<bool>,
    cap: usize,
    reversed: bool,
    through_file: bool,
}

fn part() -> impl Strategy<Value = Part> {
    (prop::collection::vec(any::<bool>(), 8), prop::sample::select(vec![0usize, 0, 1, 2, 3]), any::<bool>(), any::<bool>())
        .prop_map(|(docs, cap, reversed, through_file)| Part { docs, cap, reversed, through_file })
}

/// Eight documents (in `versions` versions of four ids when 2): each its
/// id, content hash and triples.
fn documents(versions: usize) -> impl Strategy<Value = Vec<(String, String, Vec<Triple>)>> {
    prop::collection::vec(triples(), 8).prop_map(move |docs| {
        docs.into_iter()
            .enumerate()
            .map(|(i, mut triples)| {
                let id = format!("doc-{}", i / versions);
                for t in &mut triples {
                    t.doc = id.clone();
                    if versions > 1 {
                        // Which readings were nominal is not kept per piece of evidence.
                        t.nominal = false;
                    }
                }
                // Versions differ in content even when they read the same.
                let hash = content_hash(&serde_json::to_string(&triples).unwrap(), Some(&(i % versions).to_string()));
                (id, hash, triples)
            })
            .collect()
    })
}

/// The graph of the documents `part` holds, added one by one as `build` does.
fn graph_of(docs: &[(String, String, Vec<Triple>)], part: &Part) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new().with_max_evidence(part.cap);
    let mut held: Vec<&(String, String, Vec<Triple>)> = docs.iter().zip(&part.docs).filter(|(_, &on)| on).map(|(d, _)| d).collect();
    if part.reversed {
        held.reverse();
    }
    for (id, hash, triples) in held {
        g.add_document(id, hash, triples.clone());
    }
    if part.through_file {
        g = KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap();
    }
    g
}

/// A valid graph file with a few bytes changed, dropped or repeated.
fn graph_file_mutation() -> impl Strategy<Value = String> {
    (triples(), any::<prop::sample::Index>(), 0usize..40, prop::sample::select(vec!["", "\"", "}", "]", ",", "-1", "null", "\\u0000", "1e999"]))
        .prop_map(|(triples, at, len, insert)| mutate(&KnowledgeGraph::from_triples(triples).to_json_string(), at, len, insert))
}

/// One of the embedded schema files with a few bytes changed.
fn schema_mutation() -> impl Strategy<Value = String> {
    let files: Vec<&'static str> = Schema::embedded_files().iter().map(|(_, text)| *text).collect();
    (prop::sample::select(files), any::<prop::sample::Index>(), 0usize..40, prop::sample::select(vec!["", "\"", ")", "]", ",", "@", "$", "..", "?", "|", "\"\"", "[]"]))
        .prop_map(|(text, at, len, insert)| mutate(text, at, len, insert))
}

/// `text` with `len` bytes at `at` replaced by `insert` (on char boundaries).
fn mutate(text: &str, at: prop::sample::Index, len: usize, insert: &str) -> String {
    let mut start = at.index(text.len().max(1)).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{}{}", &text[..start], insert, &text[end..])
}
