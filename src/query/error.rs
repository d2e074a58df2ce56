//! Errors from queries: names that resolve to no actor or to several,
//! malformed pattern queries (with their position), bad filter values.

use std::fmt;

/// Everything that can go wrong asking a graph a question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// No actor id, mention text or gazetteer name matches the name.
    #[error("unknown actor `{name}`{}", did_you_mean(suggestions))]
    UnknownActor {
        /// The name asked for.
        name: String,
        /// Up to three known names (ids, mention texts or gazetteer names) closest to it.
        suggestions: Vec<String>,
    },
    /// The name could mean several actors.
    #[error("`{name}` could mean several actors: {}", quoted_list(candidates))]
    AmbiguousActor {
        /// The name asked for.
        name: String,
        /// The canonical ids it could mean, sorted.
        candidates: Vec<String>,
    },
    /// A pattern query did not parse.
    #[error(transparent)]
    Pattern(#[from] PatternError),
    /// A relation class the schema does not define.
    #[error("unknown relation class `{name}` (known: {})", known.join(", "))]
    UnknownRelation {
        /// The class asked for.
        name: String,
        /// The classes the schema defines.
        known: Vec<String>,
    },
    /// A date bound that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("invalid date `{value}` (expected YYYY-MM-DD, YYYY-MM or YYYY)")]
    InvalidDate {
        /// The text given.
        value: String,
    },
    /// A query whose work or answer would pass a bound: the search is
    /// stopped rather than left to run for ever or fill the memory.
    #[error("{what} was stopped at its limit of {limit}; {hint}")]
    TooCostly {
        /// Which query, in words.
        what: String,
        /// The bound it met, in words.
        limit: String,
        /// How to ask a smaller question.
        hint: &'static str,
    },
    /// A value a query option does not accept.
    #[error("invalid {what} `{value}` (expected {expected})")]
    InvalidValue {
        /// Which option.
        what: &'static str,
        /// The text given.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
}

/// A pattern query that does not parse: where, and why.
///
/// `column` counts characters from 1; the message shows the query with a
/// caret under the place.
///
/// ```
/// use actorgraph::query::Pattern;
/// let err = Pattern::parse("?x supply").unwrap_err();
/// assert_eq!(err.column, 10);
/// assert!(err.to_string().starts_with("pattern query, column 10: expected an object"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// The whole query string.
    pub query: String,
    /// 1-based character column of the problem (one past the end for
    /// "unexpected end of query").
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let one_line: String = self
            .query
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        write!(
            f,
            "pattern query, column {}: {}\n  {}\n  {}^",
            self.column,
            self.message,
            one_line,
            " ".repeat(self.column.saturating_sub(1))
        )
    }
}

impl std::error::Error for PatternError {}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", quoted_list(suggestions))
    }
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
