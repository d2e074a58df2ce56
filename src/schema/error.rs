//! Errors of the schema layer: every one names the file and, where the
//! text gives one, the line and column.

use std::fmt;
use std::path::PathBuf;

/// A place in a schema file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Where an error was found: a file and, when known, a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePos {
    /// The file (for the embedded schema, `<embedded>/NAME.ron`).
    pub file: PathBuf,
    /// Line and column, when the error can be pinned to a place.
    pub at: Option<Location>,
}

impl fmt::Display for SourcePos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(at) => write!(f, "{}:{}", self.file.display(), at),
            None => write!(f, "{}", self.file.display()),
        }
    }
}

/// Why a schema could not be loaded.
///
/// ```
/// use actorgraph::schema::{Schema, SchemaError};
/// let err = Schema::from_sources(&[("relations.ron", "( relations: [ (id: \"x\" ")]).unwrap_err();
/// assert!(matches!(err, SchemaError::Syntax { .. }));
/// assert!(err.to_string().starts_with("relations.ron:1:"));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    /// A file could not be read.
    #[error("{file}: cannot read schema file: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// RON syntax or type error.
    #[error("{pos}: {message} (compare with the default schema: `actorgraph schema dump DIR` writes it out)")]
    Syntax {
        /// Where.
        pos: SourcePos,
        /// What the RON parser said.
        message: String,
    },
    /// A rule names a relation class that `relations.ron` does not define.
    #[error("{pos}: rule `{rule}` uses unknown relation class `{relation}` (known: {known})")]
    UnknownRelation {
        /// Where the rule is.
        pos: SourcePos,
        /// The rule id.
        rule: String,
        /// The class it names.
        relation: String,
        /// The classes that exist.
        known: String,
    },
    /// Two definitions share one id.
    #[error("{pos}: duplicate {what} id `{id}` (first defined at {first})")]
    DuplicateId {
        /// Where the second definition is.
        pos: SourcePos,
        /// "actor", "relation", "rule", ...
        what: &'static str,
        /// The id.
        id: String,
        /// Where the first one is (boxed: it keeps the error small).
        first: Box<SourcePos>,
    },
    /// One name is claimed by two actors.
    #[error("{pos}: name `{alias}` is claimed by both `{first}` and `{second}`; keep it on one actor")]
    AliasConflict {
        /// Where the second claim is.
        pos: SourcePos,
        /// The name.
        alias: String,
        /// The actor that claimed it first.
        first: String,
        /// The actor that claims it again.
        second: String,
    },
    /// A rule's pattern cannot be compiled.
    #[error("{pos}: rule `{rule}`: {message}")]
    BadRule {
        /// Where the rule is.
        pos: SourcePos,
        /// The rule id.
        rule: String,
        /// What is wrong and how to mend it.
        message: String,
    },
    /// Something else in a file is inconsistent (an official tied to an unknown actor, ...).
    #[error("{pos}: {message}")]
    Invalid {
        /// Where.
        pos: SourcePos,
        /// What is wrong.
        message: String,
    },
}

/// Finds the 1-based line and column of the first occurrence of `needle`
/// in `source`; used to point semantic errors at the definition they concern.
pub(crate) fn locate(source: &str, needle: &str) -> Option<Location> {
    let offset = source.find(needle)?;
    Some(location_of(source, offset))
}

/// Finds the `n`-th (0-based) occurrence of `needle`.
pub(crate) fn locate_nth(source: &str, needle: &str, n: usize) -> Option<Location> {
    let offset = source.match_indices(needle).nth(n)?.0;
    Some(location_of(source, offset))
}

/// Converts a byte offset into a 1-based line and column.
pub(crate) fn location_of(source: &str, offset: usize) -> Location {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Location { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_chars() {
        let src = "ab\ncé d\n";
        assert_eq!(location_of(src, 0), Location { line: 1, column: 1 });
        let d = src.find('d').unwrap();
        assert_eq!(location_of(src, d), Location { line: 2, column: 4 });
        assert_eq!(locate(src, "d"), Some(Location { line: 2, column: 4 }));
        assert_eq!(locate_nth(src, "b", 1), None);
    }
}
