//! Text: documents, sentence segmentation, tokens with byte spans, and
//! the words of Universal Dependencies ([`split_words`]).
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
mod inputs;
mod sentence;
mod token;
mod words;
mod walk;

pub use input::{
    is_iso_date, open_documents, open_documents_with, read_documents, Documents, InputError, ReadOptions,
    DEFAULT_MAX_DOCUMENT_BYTES,
};
pub use inputs::{Inputs, Notice, ReadSummary};
pub use walk::{expand_paths, walk_dir, PassedOver, Walk};
pub use sentence::{SentenceSplitter, MAX_SENTENCE_BYTES, MAX_SENTENCE_TOKENS};
pub use token::{is_invisible, tokenize, Token, TokenKind};
pub use words::{split_words, split_words_into, Word};

use token::tokenize_into;

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
    ///
    /// Sentences come in order and do not overlap; each holds at most
    /// [`SentenceSplitter::max_tokens`] tokens and
    /// [`SentenceSplitter::max_bytes`] bytes (longer ones are cut into
    /// consecutive pieces, see [`SentenceSplitter`]'s module docs), so the
    /// work per sentence is bounded whatever the text.
    ///
    /// ```
    /// use actorgraph::text::{Document, SentenceSplitter};
    /// let doc = Document::new("d", "Iran, ".repeat(500));
    /// let splitter = SentenceSplitter::default().with_max_tokens(100);
    /// let sentences = doc.sentences(&splitter);
    /// assert_eq!(sentences.len(), 10);
    /// assert!(sentences.iter().all(|s| s.tokens.len() <= 100));
    /// ```
    pub fn sentences(&self, splitter: &SentenceSplitter) -> Vec<Sentence> {
        self.iter_sentences(splitter).collect()
    }

    /// Like [`sentences`](Self::sentences), but tokenises one sentence at a
    /// time, so that memory stays proportional to the text, not to its tokens.
    pub fn iter_sentences<'a>(&'a self, splitter: &'a SentenceSplitter) -> impl Iterator<Item = Sentence> + 'a {
        self.iter_sentences_reusing(splitter, Vec::new)
    }

    /// Like [`iter_sentences`](Self::iter_sentences), tokenising each
    /// sentence into a vector that `spare` gives (cleared first): a caller
    /// done with a sentence's tokens can hand their vector back this way
    /// and tokenise the next sentence without growing a new one. (A
    /// sentence cut into pieces gives the vector to its first piece.)
    pub(crate) fn iter_sentences_reusing<'a>(
        &'a self,
        splitter: &'a SentenceSplitter,
        mut spare: impl FnMut() -> Vec<Token> + 'a,
    ) -> impl Iterator<Item = Sentence> + 'a {
        let max_tokens = splitter.max_tokens();
        splitter
            .split(&self.text)
            .into_iter()
            .flat_map(move |(start, end)| {
                let mut tokens = spare();
                tokenize_into(&self.text, start, end, &mut tokens);
                Pieces { tokens: tokens.into_iter(), start, end, max_tokens, pending: None }
            })
            .enumerate()
            .map(|(index, (start, end, tokens))| Sentence { index, start, end, tokens })
    }
}

/// Cuts one split sentence into pieces of at most `max_tokens` tokens,
/// after the last clause punctuation of a piece's second half when there is
/// one. Pieces run from their first token to the next piece's first token
/// (trimmed), so together they cover the sentence.
struct Pieces<I> {
    tokens: I,
    /// Start of the next piece.
    start: usize,
    /// End of the sentence.
    end: usize,
    max_tokens: usize,
    /// Tokens read but not yet given out.
    pending: Option<Vec<Token>>,
}

impl Iterator for Pieces<std::vec::IntoIter<Token>> {
    type Item = (usize, usize, Vec<Token>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pending.is_none() && !self.tokens.as_slice().is_empty() && self.tokens.len() <= self.max_tokens {
            // The whole (rest of the) sentence fits: hand on its tokens
            // without copying them, as the loop below would (collecting an
            // untouched `IntoIter` keeps its vector).
            let piece: Vec<Token> = std::mem::take(&mut self.tokens).collect();
            let span = (self.start, self.end, piece);
            self.start = self.end;
            return Some(span);
        }
        let mut piece = self.pending.take().unwrap_or_default();
        while piece.len() < self.max_tokens {
            match self.tokens.next() {
                Some(t) => piece.push(t),
                None => break,
            }
        }
        if piece.is_empty() {
            // A sentence of invisible characters only has no tokens: keep
            // its span once, as the splitter gave it.
            if self.start < self.end {
                let span = (self.start, self.end, Vec::new());
                self.start = self.end;
                return Some(span);
            }
            return None;
        }
        let Some(next) = self.tokens.next() else {
            let span = (self.start, self.end, piece);
            self.start = self.end;
            return Some(span);
        };
        // Too long: cut after clause punctuation in the second half, if any.
        let cut = (self.max_tokens / 2..piece.len())
            .rev()
            .find(|&i| matches!(piece[i].norm.as_str(), "," | ";" | ":" | "–" | "—" | ")" | "]"))
            .map_or(piece.len(), |i| i + 1);
        let mut rest = piece.split_off(cut);
        rest.push(next);
        let piece_start = self.start;
        let next_start = rest[0].start;
        let piece_end = piece.last().map_or(next_start, |t| t.end);
        self.start = next_start;
        self.pending = Some(rest);
        Some((piece_start, piece_end, piece))
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
