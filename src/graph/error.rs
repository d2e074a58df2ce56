//! Errors from saving and loading graph files.

use std::path::PathBuf;

/// Everything that can go wrong reading or writing a graph file. Every
/// variant names the file; parse errors also give line and column.
///
/// Strings parsed without a file (see
/// [`KnowledgeGraph::from_json_str`](super::KnowledgeGraph::from_json_str))
/// are reported as the path `<input>`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// The file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file name has no extension this crate can read or write.
    #[error(
        "{}: cannot tell the graph file format from the extension (supported: .json, .ron)",
        path.display()
    )]
    UnsupportedExtension {
        /// The file.
        path: PathBuf,
    },
    /// The JSON is malformed or does not have the graph file's shape.
    #[error("{}:{line}:{column}: invalid JSON graph file: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line (0 when the error is not tied to a place).
        line: usize,
        /// 1-based column (0 when the error is not tied to a place).
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The RON is malformed or does not have the graph file's shape.
    #[error("{}:{line}:{column}: invalid RON graph file: {message}", path.display())]
    Ron {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The file is well-formed but is not an actorgraph graph file.
    #[error(
        "{}: not an actorgraph graph file ({}; expected `{expected}`)",
        path.display(),
        match found { Some(f) => format!("format is `{f}`"), None => "no `format` field".to_string() }
    )]
    WrongFormat {
        /// The file.
        path: PathBuf,
        /// The `format` field found, if any.
        found: Option<String>,
        /// The tag this crate writes.
        expected: &'static str,
    },
    /// The file was written by a version of the format this build cannot read.
    #[error(
        "{}: unsupported graph file version {found} (this build reads versions {} to {supported})",
        path.display(),
        super::OLDEST_FILE_FORMAT_VERSION
    )]
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The `version` field found.
        found: u64,
        /// The newest version this build reads.
        supported: u32,
    },
    /// An edge names an actor that the file's actor list does not have.
    #[error("{}: edge `{edge}` names unknown actor `{actor}`", path.display())]
    UnknownActor {
        /// The file.
        path: PathBuf,
        /// The edge, written `subject -[relation]-> object (modality)`.
        edge: String,
        /// The missing actor id.
        actor: String,
    },
    /// The file lists the same actor twice.
    #[error("{}: actor `{actor}` is listed twice", path.display())]
    DuplicateActor {
        /// The file.
        path: PathBuf,
        /// The repeated actor id.
        actor: String,
    },
    /// An edge has no evidence; every edge in a graph has at least one.
    #[error("{}: edge `{edge}` has no evidence", path.display())]
    EdgeWithoutEvidence {
        /// The file.
        path: PathBuf,
        /// The edge, written `subject -[relation]-> object (modality)`.
        edge: String,
    },
    /// The file's counts disagree with its evidence or with each other.
    #[error("{}: inconsistent counts: {what}", path.display())]
    InconsistentCounts {
        /// The file.
        path: PathBuf,
        /// What disagrees.
        what: String,
    },
    /// Serialising the graph failed.
    #[error("{}: cannot serialise the graph: {message}", path.display())]
    Serialize {
        /// The file being written.
        path: PathBuf,
        /// What the serialiser said.
        message: String,
    },
}
