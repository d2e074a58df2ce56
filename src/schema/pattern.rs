//! The rule pattern language: parsing a pattern string into elements.
//!
//! A pattern is a whitespace-separated sequence of elements:
//!
//! | element | matches |
//! |---|---|
//! | `$` | the source: one actor or several coordinated ones |
//! | `+` | the target, likewise |
//! | `*` | the rule's verb, in any inflection |
//! | `..` or `..N` | a gap of up to N tokens (the rule's `gap` by default) |
//! | `word` | that word in any inflection (`talk` matches "talks", "talked") |
//! | `=word` | that exact word only |
//! | `a\|b\|c` | any of the alternatives |
//! | `@CLASS` | any word of a word class from `word_classes` |
//! | `'s` | a possessive ending ('s, ’s, or a bare apostrophe) |
//! | `-` | a hyphen or dash (-, –, —) |
//! | `x?` | `x` or nothing (words, classes and alternatives only) |
//!
//! The symbols follow the TABARI/PETRARCH convention (`$` source, `+`
//! target, `*` verb) so their verb patterns translate directly.
//!
//! ```
//! use actorgraph::schema::{Pattern, PatternElement};
//! let p = Pattern::parse("$ * .. to|into +").unwrap();
//! assert_eq!(p.elements.len(), 5);
//! assert_eq!(p.elements[0], PatternElement::Source);
//! assert!(Pattern::parse("$ * + +").is_err());
//! ```

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternElement {
    /// `$`: the source actor(s).
    Source,
    /// `+`: the target actor(s).
    Target,
    /// `*`: the rule's verb.
    Verb,
    /// `..N`: up to N tokens (None: the rule's default).
    Gap(Option<usize>),
    /// A word or alternatives; `exact` disables inflection.
    Words {
        /// Alternatives, lower-cased.
        alternatives: Vec<String>,
        /// Match the written form only.
        exact: bool,
    },
    /// `@NAME`: a word class.
    Class(String),
    /// `'s`: a possessive ending.
    Possessive,
    /// `-`: a hyphen or dash.
    Dash,
    /// `x?`: optional element.
    Optional(Box<PatternElement>),
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The elements in order.
    pub elements: Vec<PatternElement>,
}

impl Pattern {
    /// Parses a pattern; the error says what is wrong and how to mend it.
    pub fn parse(src: &str) -> Result<Pattern, String> {
        let mut elements = Vec::new();
        for raw in src.split_whitespace() {
            elements.push(parse_element(raw)?);
        }
        let p = Pattern { elements };
        p.check()?;
        Ok(p)
    }

    /// True when the pattern has a verb `*`.
    pub fn has_verb(&self) -> bool {
        self.count(&PatternElement::Verb) > 0
    }

    /// How many elements equal `e`.
    pub fn count(&self, e: &PatternElement) -> usize {
        self.elements.iter().filter(|x| *x == e).count()
    }

    /// The word classes the pattern names.
    pub fn word_classes(&self) -> impl Iterator<Item = &str> {
        self.elements.iter().filter_map(|e| match e {
            PatternElement::Class(c) => Some(c.as_str()),
            PatternElement::Optional(inner) => match inner.as_ref() {
                PatternElement::Class(c) => Some(c.as_str()),
                _ => None,
            },
            _ => None,
        })
    }

    fn check(&self) -> Result<(), String> {
        if self.elements.is_empty() {
            return Err("the pattern is empty".into());
        }
        if self.count(&PatternElement::Source) != 1 {
            return Err("the pattern needs exactly one source `$`".into());
        }
        if self.count(&PatternElement::Verb) > 1 {
            return Err("the pattern has more than one verb `*`".into());
        }
        if self.count(&PatternElement::Target) > 1 {
            return Err("the pattern has more than one target `+`".into());
        }
        let n = self.elements.len();
        for (i, e) in self.elements.iter().enumerate() {
            if matches!(e, PatternElement::Gap(_)) {
                if i == 0 || i == n - 1 {
                    return Err("a gap `..` cannot open or close a pattern (it would match nothing useful)".into());
                }
                if matches!(self.elements[i - 1], PatternElement::Gap(_)) {
                    return Err("two gaps `.. ..` in a row: write one `..N`".into());
                }
            }
        }
        let anchor = self.elements.iter().any(|e| {
            matches!(
                e,
                PatternElement::Verb
                    | PatternElement::Words { .. }
                    | PatternElement::Class(_)
                    | PatternElement::Possessive
                    | PatternElement::Dash
            )
        });
        if !anchor {
            return Err("the pattern has no verb, word or class to anchor it (a rule needs at least one)".into());
        }
        Ok(())
    }
}

fn parse_element(raw: &str) -> Result<PatternElement, String> {
    if let Some(inner) = raw.strip_suffix('?').filter(|s| !s.is_empty()) {
        let e = parse_element(inner)?;
        return match e {
            PatternElement::Words { .. } | PatternElement::Class(_) | PatternElement::Possessive | PatternElement::Dash => {
                Ok(PatternElement::Optional(Box::new(e)))
            }
            _ => Err(format!("`{raw}`: only words, classes, `'s` and `-` can be optional")),
        };
    }
    Ok(match raw {
        "$" => PatternElement::Source,
        "+" => PatternElement::Target,
        "*" => PatternElement::Verb,
        "'s" | "’s" => PatternElement::Possessive,
        "-" => PatternElement::Dash,
        _ if raw.starts_with("..") => {
            let n = &raw[2..];
            if n.is_empty() {
                PatternElement::Gap(None)
            } else {
                let n: usize = n.parse().map_err(|_| format!("`{raw}`: a gap is `..` or `..N` with N a number"))?;
                if n == 0 {
                    return Err(format!("`{raw}`: a gap of 0 tokens is nothing; leave it out"));
                }
                PatternElement::Gap(Some(n))
            }
        }
        _ if raw.starts_with('@') => {
            let name = &raw[1..];
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(format!("`{raw}`: a word class is `@NAME` with letters, digits and `_`"));
            }
            PatternElement::Class(name.to_string())
        }
        _ => {
            let (exact, body) = match raw.strip_prefix('=') {
                Some(b) => (true, b),
                None => (false, raw),
            };
            let alternatives: Vec<String> = body.split('|').map(|a| a.to_lowercase()).collect();
            if alternatives.iter().any(|a| a.is_empty()) {
                return Err(format!("`{raw}`: an empty alternative"));
            }
            if alternatives.iter().any(|a| a.contains(['$', '+', '*'])) {
                return Err(format!("`{raw}`: `$`, `+` and `*` stand alone, separated by spaces"));
            }
            PatternElement::Words { alternatives, exact }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_element() {
        let p = Pattern::parse("$ 's? * ..3 to|into =with @ARMS - +").unwrap();
        assert_eq!(p.elements[1], PatternElement::Optional(Box::new(PatternElement::Possessive)));
        assert_eq!(p.elements[3], PatternElement::Gap(Some(3)));
        assert_eq!(
            p.elements[4],
            PatternElement::Words { alternatives: vec!["to".into(), "into".into()], exact: false }
        );
        assert_eq!(p.elements[5], PatternElement::Words { alternatives: vec!["with".into()], exact: true });
        assert_eq!(p.elements[6], PatternElement::Class("ARMS".into()));
        assert_eq!(p.elements[7], PatternElement::Dash);
    }

    #[test]
    fn rejects_malformed_patterns() {
        for bad in ["", "$ +", ".. $ * +", "$ * + ..", "$ * .. .. +", "* +", "$ $ * +", "$ * +?", "$ *? +", "$ ..0 * +", "$ @ +"] {
            assert!(Pattern::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
