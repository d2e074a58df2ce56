//! Errors of the import layer: each names the dictionary file and, where
//! the text gives one, the line and column.

use std::path::PathBuf;

/// Why a dictionary could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The dictionary text is malformed at a place.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The dictionary, as named to the importer.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column, in bytes of the line.
        column: usize,
        /// What is wrong, and what was expected.
        message: String,
    },
    /// The import table (event codes → relation classes, agent roles) is invalid.
    #[error("{file}: {message}")]
    Table {
        /// The table file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The imported schema does not load (a name the schema refuses).
    #[error("the imported schema does not load: {0}")]
    Invalid(#[source] Box<crate::schema::SchemaError>),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
}

impl ImportError {
    /// A syntax error at line `line`, byte column `column` (both 1-based).
    pub(crate) fn at(
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> ImportError {
        ImportError::Syntax {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }
}
