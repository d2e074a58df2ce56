//! Text: documents, sentence segmentation, tokens with byte spans.
//!
//! ```
//! use actorgraph::text::{Document, SentenceSplitter};
//! let doc = Document::new("d1", "Seoul warns Moscow\nThe U.S. agreed. Talks end.");
//! let splitter = SentenceSplitter::new(["U.S."]);
//! let sentences = doc.sentences(&splitter);
//! assert_eq!(sentences.len(), 3);
//! assert_eq!(sentences[1].text(&doc.text), "The U.S. agreed.");
//! assert_eq!(sentences[1].tokens[1].text(&doc.text), "U.S.");
//! ```

mod input;
mod sentence;
mod token;

pub use input::{expand_paths, read_documents, InputError};
pub use sentence::SentenceSplitter;
pub use token::{tokenize, Token, TokenKind};

/// A news text with its id and optional metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The file stem, or the JSON-lines record's `id`.
    pub id: String,
    /// The full text.
    pub text: String,
    /// Publication date (ISO 8601), when the record gives one.
    pub date: Option<String>,
    /// Where the text came from, when the record says.
    pub source: Option<String>,
}

impl Document {
    /// A document with no date or source.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document { id: id.into(), text: text.into(), date: None, source: None }
    }

    /// Splits the document into tokenised sentences.
    pub fn sentences(&self, splitter: &SentenceSplitter) -> Vec<Sentence> {
        splitter
            .split(&self.text)
            .into_iter()
            .enumerate()
            .map(|(index, (start, end))| Sentence { index, start, end, tokens: tokenize(&self.text, start, end) })
            .collect()
    }
}

/// One sentence: its index, its byte span in the document, its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index in the document, from 0.
    pub index: usize,
    /// Byte start in the document.
    pub start: usize,
    /// Byte end in the document.
    pub end: usize,
    /// The tokens, with spans into the document.
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// The sentence as written.
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.start..self.end]
    }
}
