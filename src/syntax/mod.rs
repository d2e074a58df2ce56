//! Syntax: a part-of-speech tagger, a lemmatizer and a labelled dependency
//! parser for English, trained on Universal Dependencies and shipped inside
//! the crate.
//!
//! ```
//! use actorgraph::syntax::{Parser, Upos};
//! let parser = Parser::embedded();
//! let mut parse = parser.new_parse();
//! parser.parse(&["North", "Korea", "supplied", "shells", "to", "Russia", "."], &mut parse);
//! let verb = parse.word(2);
//! assert_eq!(verb.upos, Upos::Verb);
//! assert_eq!(verb.lemma, "supply");
//! assert_eq!(verb.deprel, "root");
//! let subject = parse.word(1);
//! assert_eq!((subject.head, subject.deprel), (Some(2), "nsubj"));
//! ```
//!
//! The stages, one file each: `features` (stable feature hashing),
//! `perceptron` (the learner), `tagger`, `lemmatizer`, `transition` (the
//! arc-hybrid transition system and its dynamic oracle), `parser`
//! (features and decoding), `model` (the file format), `train` (from
//! CoNLL-U), `evaluate` (UPOS, UAS, LAS); `conllu` reads and writes the
//! treebank format.

pub mod conllu;
mod evaluate;
mod features;
mod lemmatizer;
mod model;
mod parser;
mod perceptron;
mod sentence;
mod tagger;
mod train;
mod transition;

pub use evaluate::{evaluate, Accuracy};
pub use sentence::{Parse, Parser, Word, MAX_PARSE_WORDS};
pub use train::{train, TrainSettings};

use std::path::PathBuf;

/// Errors of the syntax layer.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A CoNLL-U file is malformed.
    #[error("{path}:{line}:{column}: {message}")]
    Conllu {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in bytes.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A model file is damaged or of another version.
    #[error("syntax model, byte {offset}: {message}")]
    Model {
        /// Where in the file.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// Training data that cannot train a model.
    #[error("{0}")]
    Training(String),
}

macro_rules! upos {
    ($($v:ident = $s:literal),* $(,)?) => {
        /// A universal part-of-speech tag.
        ///
        /// ```
        /// use actorgraph::syntax::Upos;
        /// assert_eq!(Upos::parse("PROPN"), Some(Upos::Propn));
        /// assert_eq!(Upos::Propn.as_str(), "PROPN");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum Upos { $($v),* }

        impl Upos {
            /// Every tag, in order.
            pub const ALL: &'static [Upos] = &[$(Upos::$v),*];

            /// The tag as UD writes it.
            pub fn as_str(self) -> &'static str {
                match self { $(Upos::$v => $s),* }
            }

            /// The tag UD writes as `s`.
            pub fn parse(s: &str) -> Option<Upos> {
                match s { $($s => Some(Upos::$v),)* _ => None }
            }
        }
    };
}

upos! {
    Adj = "ADJ", Adp = "ADP", Adv = "ADV", Aux = "AUX", Cconj = "CCONJ", Det = "DET", Intj = "INTJ",
    Noun = "NOUN", Num = "NUM", Part = "PART", Pron = "PRON", Propn = "PROPN", Punct = "PUNCT",
    Sconj = "SCONJ", Sym = "SYM", Verb = "VERB", X = "X",
}

impl std::fmt::Display for Upos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so that widths and alignment apply.
        f.pad(self.as_str())
    }
}
