//! Triples as text: JSON lines, one JSON array, or tab-separated values.
//!
//! Each document's triples are serialised on a worker thread as if they
//! were not the first of the output (a JSON array's separator before each,
//! no TSV header); the writer, which sees the documents in order, mends
//! the very first one. So no worker needs to know what came before it.

use std::cell::RefCell;
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::extract::Extractor;
use crate::model::TripleRef;
use crate::text::Document;

/// How [`Pipeline::write_triples`](super::Pipeline::write_triples) writes triples.
///
/// ```
/// use actorgraph::pipeline::TripleFormat;
/// assert_eq!("tsv".parse::<TripleFormat>(), Ok(TripleFormat::Tsv));
/// assert_eq!(TripleFormat::Jsonl.to_string(), "jsonl");
/// assert!("csv".parse::<TripleFormat>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TripleFormat {
    /// One JSON object per triple and line: the contract other tools read
    /// (`doc`, `subject`, `relation`, `object`, `predicate`, `modality`,
    /// `sentence`, `span`, `rule`, ...).
    Jsonl,
    /// One JSON array of the same objects.
    Json,
    /// Tab-separated, with a header: doc, sentence, subject, relation,
    /// object, modality, rule, predicate. Tabs and line breaks in a field
    /// become spaces.
    Tsv,
}

impl TripleFormat {
    /// Every format, in the order help texts list them.
    pub const ALL: [TripleFormat; 3] = [TripleFormat::Jsonl, TripleFormat::Json, TripleFormat::Tsv];

    /// The format's name: `jsonl`, `json` or `tsv`.
    pub fn name(self) -> &'static str {
        match self {
            TripleFormat::Jsonl => "jsonl",
            TripleFormat::Json => "json",
            TripleFormat::Tsv => "tsv",
        }
    }
}

impl fmt::Display for TripleFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TripleFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        TripleFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown triple format `{s}` (expected jsonl, json or tsv)"))
    }
}

const TSV_HEADER: &[u8] = b"doc\tsentence\tsubject\trelation\tobject\tmodality\trule\tpredicate\n";

/// One document's triples in `format`, as if they were not the first of
/// the output. They are written from the document and the schema, with no
/// owned copy of any triple.
pub(super) fn encode_document(
    extractor: &Extractor,
    doc: &Document,
    format: TripleFormat,
) -> Vec<u8> {
    thread_local! {
        /// The worker's buffer, kept from document to document so that it
        /// stops growing; each document's bytes leave in a copy of their
        /// exact size.
        static BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BYTES.with(|bytes| {
        let mut bytes = bytes.borrow_mut();
        bytes.clear();
        extractor.for_each_triple(doc, |t| encode_triple(&mut bytes, t, format));
        bytes.to_vec()
    })
}

/// Appends one triple in `format`, as one that is not the first.
fn encode_triple(w: &mut Vec<u8>, t: TripleRef<'_>, format: TripleFormat) {
    match format {
        TripleFormat::Jsonl => {
            t.write_json(w);
            w.push(b'\n');
        }
        TripleFormat::Json => {
            w.extend_from_slice(b",\n");
            t.write_json(w);
        }
        TripleFormat::Tsv => {
            let fields: [&dyn fmt::Display; 8] = [
                &TsvField(t.doc),
                &t.sentence,
                &TsvField(t.subject.id),
                &t.relation,
                &TsvField(t.object.id),
                &t.modality,
                &TsvField(t.rule),
                &TsvField(t.predicate),
            ];
            for (i, field) in fields.iter().enumerate() {
                let sep = if i + 1 == fields.len() { "\n" } else { "\t" };
                // Writing to a vector cannot fail.
                let _ = write!(w, "{field}{sep}");
            }
        }
    }
}

/// A TSV field: tabs and line breaks, which would break the table, become spaces.
struct TsvField<'a>(&'a str);

impl fmt::Display for TsvField<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, piece) in self.0.split(['\t', '\n', '\r']).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(piece)?;
        }
        Ok(())
    }
}

/// Writes documents' encoded triples in order, mending the first triple
/// of the output (no separator before it, the TSV header above it) and
/// closing a JSON array.
pub(super) struct TripleWriter<'w> {
    out: &'w mut dyn Write,
    format: TripleFormat,
    /// Whether a triple has been written.
    started: bool,
}

impl<'w> TripleWriter<'w> {
    /// Opens the output: a JSON array's `[`.
    pub(super) fn new(out: &'w mut dyn Write, format: TripleFormat) -> io::Result<Self> {
        if format == TripleFormat::Json {
            out.write_all(b"[")?;
        }
        Ok(TripleWriter {
            out,
            format,
            started: false,
        })
    }

    /// Writes one document's triples, from [`encode_document`].
    pub(super) fn write_document(&mut self, bytes: &[u8]) -> io::Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        let mut rest = bytes;
        if !self.started {
            self.started = true;
            match self.format {
                TripleFormat::Json => rest = &rest[2..],
                TripleFormat::Tsv => self.out.write_all(TSV_HEADER)?,
                TripleFormat::Jsonl => {}
            }
        }
        self.out.write_all(rest)
    }

    pub(super) fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Closes a JSON array and flushes.
    pub(super) fn finish(self) -> io::Result<()> {
        if self.format == TripleFormat::Json {
            self.out.write_all(b"]\n")?;
        }
        self.out.flush()
    }
}
