//! The extractor on arbitrary bytes: never panics, and every triple's
//! evidence is a sentence of the document.
#![no_main]

use std::sync::OnceLock;

use actorgraph::extract::Extractor;
use actorgraph::schema::Schema;
use actorgraph::text::Document;
use libfuzzer_sys::fuzz_target;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(&Schema::embedded().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = Document::new("fuzz", text.as_ref());
    let sentences = doc.sentences(extractor().splitter());
    let mut last_end = 0;
    for s in &sentences {
        assert!(last_end <= s.start && s.start < s.end && s.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end));
        last_end = s.end;
    }
    for t in extractor().extract(&doc) {
        let (start, end) = t.span;
        assert!(sentences.iter().any(|s| (s.start, s.end) == (start, end)), "{t:?}");
        assert_eq!(t.text, doc.text[start..end]);
    }
});
