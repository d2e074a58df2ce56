//! Pattern queries: triples with variables, joined on shared variables.
//!
//! ```text
//! ?x supply Russia; ?x deploy ?y
//! "North Korea" supply|deploy ?y:hypothetical   (a modality after the relation)
//! ?a * ?b; ?b attack Ukraine                   (* is any relation)
//! ```
//!
//! A query is clauses separated by `;`. A clause is `subject relation
//! object`. Subject and object are a variable (`?name`), an actor name
//! (one word, or several in double quotes, with `\"` and `\\` escapes),
//! resolved like every other actor name. The relation is a class, several
//! joined by `|`, or `*`, optionally followed by `:asserted`, `:negated` or
//! `:hypothetical`. A match binds every variable to one actor so that each
//! clause is backed by at least one link; two variables may bind the same
//! actor.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{Link, PatternError, QueryError, Resolver, View};
use crate::model::{ActorId, Modality, Relation};

/// Most matches a pattern query returns; a pattern with more is
/// [`QueryError::TooCostly`].
pub const MAX_MATCHES: usize = 10_000;

/// Most partial matches (bindings of the clauses joined so far) a pattern
/// query holds at once.
pub const MAX_PARTIAL_MATCHES: usize = 100_000;

/// Most candidate pairs a pattern query tries while joining its clauses.
pub const MAX_PATTERN_STEPS: u64 = 20_000_000;

/// Most pieces of evidence the matches of a pattern query carry in all.
pub const MAX_MATCH_EVIDENCE: usize = 1_000_000;

/// A parsed pattern query.
///
/// ```
/// use actorgraph::query::{Pattern, Term};
/// let p = Pattern::parse(r#"?x supply Russia; ?x deploy|attack:hypothetical "South Korea""#)?;
/// assert_eq!(p.clauses.len(), 2);
/// assert_eq!(p.clauses[0].subject, Term::Variable("x".into()));
/// assert_eq!(p.clauses[1].object, Term::Actor("South Korea".into()));
/// assert_eq!(p.variables(), ["x"]);
/// # Ok::<(), actorgraph::query::PatternError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The clauses, in the order written.
    pub clauses: Vec<Clause>,
}

/// One `subject relation object` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Who acts.
    pub subject: Term,
    /// The relation classes accepted (empty for `*`: any).
    pub relations: BTreeSet<Relation>,
    /// The modality required, if one was written.
    pub modality: Option<Modality>,
    /// Who is acted on.
    pub object: Term,
}

/// The subject or object of a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// `?name`: any actor, the same one wherever the name appears.
    Variable(String),
    /// An actor name, resolved when the query runs.
    Actor(String),
}

/// One way to bind the variables, with the links behind every clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatternMatch {
    /// Variable name (without `?`) → actor.
    pub bindings: BTreeMap<String, ActorId>,
    /// For each clause, in order, the links that back it.
    pub clauses: Vec<Vec<Link>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TokenKind {
    Word(String),
    Quoted(String),
    Semicolon,
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    /// 1-based character column.
    column: usize,
}

impl Pattern {
    /// Parses a pattern query; errors give the column.
    ///
    /// ```
    /// use actorgraph::query::Pattern;
    /// let err = Pattern::parse("?x supply North Korea").unwrap_err();
    /// assert_eq!(err.column, 17);
    /// assert!(err.message.contains("quote"));
    /// ```
    pub fn parse(query: &str) -> Result<Pattern, PatternError> {
        let tokens = tokenize(query)?;
        let error = |column: usize, message: String| PatternError { query: query.to_string(), column, message };
        let end = query.chars().count() + 1;
        let mut clauses = Vec::new();
        let mut rest = tokens.as_slice();
        while !rest.is_empty() {
            let clause_len = rest.iter().position(|t| t.kind == TokenKind::Semicolon).unwrap_or(rest.len());
            let (parts, after) = rest.split_at(clause_len);
            let next_column = after.first().map_or(end, |t| t.column);
            match parts {
                [] => return Err(error(next_column, "empty clause: expected `subject relation object`".into())),
                [_] => return Err(error(next_column, "expected a relation".into())),
                [_, _] => return Err(error(next_column, "expected an object".into())),
                [s, r, o] => clauses.push(Clause {
                    subject: term(s, query)?,
                    object: term(o, query)?,
                    ..relation(r, query)?
                }),
                [_, _, _, extra, ..] => {
                    return Err(error(
                        extra.column,
                        "expected `;` or the end of the query; quote names with spaces, as in \"North Korea\"".into(),
                    ))
                }
            }
            rest = after.get(1..).unwrap_or(&[]);
        }
        if clauses.is_empty() {
            return Err(error(end, "empty query: expected `subject relation object`".into()));
        }
        Ok(Pattern { clauses })
    }

    /// The variable names (without `?`), in order of first appearance.
    pub fn variables(&self) -> Vec<String> {
        let mut seen = Vec::new();
        for c in &self.clauses {
            for t in [&c.subject, &c.object] {
                if let Term::Variable(v) = t {
                    if !seen.contains(v) {
                        seen.push(v.clone());
                    }
                }
            }
        }
        seen
    }
}

fn tokenize(query: &str) -> Result<Vec<Token>, PatternError> {
    let mut tokens = Vec::new();
    let mut chars = query.chars().enumerate().peekable();
    while let Some(&(i, c)) = chars.peek() {
        let column = i + 1;
        if c.is_whitespace() {
            chars.next();
        } else if c == ';' {
            chars.next();
            tokens.push(Token { kind: TokenKind::Semicolon, column });
        } else if c == '"' {
            chars.next();
            let mut text = String::new();
            let mut closed = false;
            while let Some((_, c)) = chars.next() {
                match c {
                    '"' => {
                        closed = true;
                        break;
                    }
                    '\\' => match chars.next() {
                        Some((_, c @ ('"' | '\\'))) => text.push(c),
                        Some((j, _)) => {
                            return Err(PatternError {
                                query: query.to_string(),
                                column: j,
                                message: "unknown escape: only \\\" and \\\\ are allowed in quotes".into(),
                            })
                        }
                        None => break,
                    },
                    c => text.push(c),
                }
            }
            if !closed {
                return Err(PatternError {
                    query: query.to_string(),
                    column,
                    message: "unclosed quote".into(),
                });
            }
            tokens.push(Token { kind: TokenKind::Quoted(text), column });
        } else {
            let mut word = String::new();
            while let Some(&(_, c)) = chars.peek() {
                if c.is_whitespace() || c == ';' || c == '"' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            tokens.push(Token { kind: TokenKind::Word(word), column });
        }
    }
    Ok(tokens)
}

fn term(token: &Token, query: &str) -> Result<Term, PatternError> {
    match &token.kind {
        TokenKind::Quoted(name) if name.trim().is_empty() => Err(PatternError {
            query: query.to_string(),
            column: token.column,
            message: "empty actor name".into(),
        }),
        TokenKind::Quoted(name) => Ok(Term::Actor(name.clone())),
        TokenKind::Word(w) => match w.strip_prefix('?') {
            Some(var) if !var.is_empty() && var.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                Ok(Term::Variable(var.to_string()))
            }
            Some(_) => Err(PatternError {
                query: query.to_string(),
                column: token.column,
                message: "a variable is `?` followed by letters, digits or `_`".into(),
            }),
            None => Ok(Term::Actor(w.clone())),
        },
        TokenKind::Semicolon => unreachable!("clauses are split at semicolons"),
    }
}

/// Parses `supply|deploy:hypothetical` into a clause with placeholder terms.
fn relation(token: &Token, query: &str) -> Result<Clause, PatternError> {
    let error = |offset: usize, message: String| PatternError {
        query: query.to_string(),
        column: token.column + offset,
        message,
    };
    let TokenKind::Word(word) = &token.kind else {
        return Err(error(0, "expected a relation class (a word such as `supply`, or `*`), not a quoted name".into()));
    };
    let (classes, modality) = match word.split_once(':') {
        Some((c, m)) => {
            let at = c.chars().count() + 1;
            let modality = m.parse::<Modality>().map_err(|_| {
                error(at, format!("unknown modality `{m}` (expected asserted, negated or hypothetical)"))
            })?;
            (c, Some(modality))
        }
        None => (word.as_str(), None),
    };
    let mut relations = BTreeSet::new();
    if classes != "*" {
        let mut offset = 0;
        for class in classes.split('|') {
            let valid = !class.is_empty()
                && !class.starts_with('?')
                && class.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(error(
                    offset,
                    format!("expected a relation class (letters, digits, `-`), `*`, or classes joined by `|`; found `{class}`"),
                ));
            }
            relations.insert(Relation::new(class.to_lowercase()));
            offset += class.chars().count() + 1;
        }
    }
    let placeholder = Term::Variable(String::new());
    Ok(Clause { subject: placeholder.clone(), relations, modality, object: placeholder })
}

/// A partial match: variable bindings, and the actor pair chosen for each
/// clause joined so far.
type Partial<'a> = (BTreeMap<&'a str, &'a ActorId>, Vec<(&'a ActorId, &'a ActorId)>);

/// Actor pairs by one of their ends.
type Index<'a> = HashMap<&'a ActorId, Vec<(&'a ActorId, &'a ActorId)>>;

/// A clause's pairs by subject (`by_subject`) or by object.
fn index_pairs<'a>(pairs: &BTreeMap<(&'a ActorId, &'a ActorId), Vec<usize>>, by_subject: bool) -> Index<'a> {
    let mut index: Index<'a> = HashMap::new();
    for &(s, o) in pairs.keys() {
        index.entry(if by_subject { s } else { o }).or_default().push((s, o));
    }
    index
}

/// The actor a variable slot is bound to, if it is bound.
fn bound_actor<'a>(slot: &Slot, bindings: &BTreeMap<&str, &'a ActorId>) -> Option<&'a ActorId> {
    match slot {
        Slot::Var(v) => bindings.get(v.as_str()).copied(),
        Slot::Actor(_) => None,
    }
}

/// A clause with its actor names resolved.
struct Resolved<'p> {
    clause: &'p Clause,
    subject: Slot,
    object: Slot,
}

enum Slot {
    Var(String),
    Actor(ActorId),
}

impl View<'_> {
    /// The matches of a pattern, sorted by their bindings (variables in
    /// order of first appearance). Actor names in the pattern are resolved
    /// with `resolver`.
    ///
    /// The work is bounded: clauses are joined most selective first, each
    /// through an index of its pairs by the actor a variable already bound;
    /// more than [`MAX_MATCHES`] matches (or [`MAX_PARTIAL_MATCHES`] on the
    /// way, or [`MAX_PATTERN_STEPS`] pairs tried), or matches carrying more
    /// than [`MAX_MATCH_EVIDENCE`] pieces of evidence in all, are a
    /// [`QueryError::TooCostly`] that says how to narrow the pattern.
    ///
    /// ```
    /// use actorgraph::graph::KnowledgeGraph;
    /// use actorgraph::model::*;
    /// use actorgraph::query::{Filter, Pattern, Resolver};
    ///
    /// let t = |s: &str, r: &str, o: &str| Triple {
    ///     doc: "d".into(), subject: ActorRef::new(s, s, ActorKind::State), relation: Relation::new(r),
    ///     object: ActorRef::new(o, o, ActorKind::State), predicate: r.into(), modality: Modality::Asserted,
    ///     nominal: false, sentence: 0, span: (0, 1), rule: r.into(), text: format!("{s} {r} {o}."), date: None,
    /// };
    /// let graph = KnowledgeGraph::from_triples([
    ///     t("North Korea", "supply", "Russia"), t("North Korea", "deploy", "Russia"),
    ///     t("Iran", "supply", "Russia"), t("Belarus", "deploy", "Ukraine"),
    /// ]);
    /// let view = Filter::new().view(&graph);
    /// let pattern = Pattern::parse("?x supply Russia; ?x deploy ?y")?;
    /// let matches = view.match_pattern(&pattern, &Resolver::new(&graph))?;
    /// assert_eq!(matches.len(), 1);
    /// assert_eq!(matches[0].bindings["x"].as_str(), "North Korea");
    /// assert_eq!(matches[0].bindings["y"].as_str(), "Russia");
    /// assert_eq!(&*matches[0].clauses[1][0].evidence[0].text, "North Korea deploy Russia.");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn match_pattern(&self, pattern: &Pattern, resolver: &Resolver<'_>) -> Result<Vec<PatternMatch>, QueryError> {
        let slot = |t: &Term| -> Result<Slot, QueryError> {
            Ok(match t {
                Term::Variable(v) => Slot::Var(v.clone()),
                Term::Actor(name) => Slot::Actor(resolver.resolve(name)?),
            })
        };
        let resolved: Vec<Resolved<'_>> = pattern
            .clauses
            .iter()
            .map(|c| Ok(Resolved { clause: c, subject: slot(&c.subject)?, object: slot(&c.object)? }))
            .collect::<Result<_, QueryError>>()?;

        // For each clause, the actor pairs that satisfy it, with their edges,
        // and the same pairs by subject and by object.
        let candidates: Vec<BTreeMap<(&ActorId, &ActorId), Vec<usize>>> =
            resolved.iter().map(|r| self.clause_pairs(r)).collect();
        let by_subject: Vec<Index<'_>> = candidates.iter().map(|c| index_pairs(c, true)).collect();
        let by_object: Vec<Index<'_>> = candidates.iter().map(|c| index_pairs(c, false)).collect();
        // Join the most selective clauses first.
        let mut order: Vec<usize> = (0..resolved.len()).collect();
        order.sort_by_key(|&i| candidates[i].len());
        let too_costly = |limit: String| QueryError::TooCostly {
            what: "the pattern query".into(),
            limit,
            hint: "narrow it: name an actor instead of a variable, give relations instead of `*`, or filter the links (--min-mentions, --from, --relation)",
        };

        let mut partial: Vec<Partial<'_>> = vec![(BTreeMap::new(), Vec::new())];
        let mut chosen_order = Vec::new();
        let mut steps = 0u64;
        for &i in &order {
            let mut next = Vec::new();
            let all: Vec<(&ActorId, &ActorId)> = candidates[i].keys().copied().collect();
            for (bindings, chosen) in &partial {
                // Only the pairs that fit a variable already bound.
                let pairs: &[(&ActorId, &ActorId)] = match (bound_actor(&resolved[i].subject, bindings), bound_actor(&resolved[i].object, bindings)) {
                    (Some(s), _) => by_subject[i].get(s).map_or(&[], Vec::as_slice),
                    (None, Some(o)) => by_object[i].get(o).map_or(&[], Vec::as_slice),
                    (None, None) => &all,
                };
                for &(s, o) in pairs {
                    steps += 1;
                    if steps > MAX_PATTERN_STEPS {
                        return Err(too_costly(format!("{MAX_PATTERN_STEPS} pairs of actors tried")));
                    }
                    let mut b = bindings.clone();
                    let mut consistent = true;
                    for (slot, actor) in [(&resolved[i].subject, s), (&resolved[i].object, o)] {
                        if let Slot::Var(v) = slot {
                            match b.get(v.as_str()) {
                                Some(bound) if *bound != actor => consistent = false,
                                Some(_) => {}
                                None => {
                                    b.insert(v.as_str(), actor);
                                }
                            }
                        }
                    }
                    if !consistent {
                        continue;
                    }
                    let mut c = chosen.clone();
                    c.push((s, o));
                    next.push((b, c));
                    if next.len() > MAX_PARTIAL_MATCHES {
                        return Err(too_costly(format!("{MAX_PARTIAL_MATCHES} partial matches")));
                    }
                }
            }
            chosen_order.push(i);
            partial = next;
            if partial.is_empty() {
                break;
            }
        }

        if partial.len() > MAX_MATCHES {
            return Err(too_costly(format!("{MAX_MATCHES} matches")));
        }
        let evidence: usize = partial
            .iter()
            .flat_map(|(_, chosen)| chosen_order.iter().zip(chosen))
            .flat_map(|(&i, pair)| &candidates[i][pair])
            .map(|&e| self.edges()[e].evidence.len())
            .sum();
        if evidence > MAX_MATCH_EVIDENCE {
            return Err(too_costly(format!("{MAX_MATCH_EVIDENCE} pieces of evidence in its matches")));
        }
        let variables = pattern.variables();
        let mut matches: Vec<PatternMatch> = partial
            .into_iter()
            .map(|(bindings, chosen)| {
                let mut clauses = vec![Vec::new(); resolved.len()];
                for (&i, &(s, o)) in chosen_order.iter().zip(&chosen) {
                    clauses[i] = super::view::sorted_links(candidates[i][&(s, o)].iter().map(|&e| self.edges()[e].link(s)));
                }
                PatternMatch {
                    bindings: bindings.into_iter().map(|(v, a)| (v.to_string(), a.clone())).collect(),
                    clauses,
                }
            })
            .collect();
        let sort_key = |m: &PatternMatch| -> Vec<ActorId> { variables.iter().map(|v| m.bindings[v].clone()).collect() };
        matches.sort_by_cached_key(sort_key);
        Ok(matches)
    }

    fn clause_pairs(&self, r: &Resolved<'_>) -> BTreeMap<(&ActorId, &ActorId), Vec<usize>> {
        let mut pairs: BTreeMap<(&ActorId, &ActorId), Vec<usize>> = BTreeMap::new();
        let same_variable = matches!((&r.subject, &r.object), (Slot::Var(a), Slot::Var(b)) if a == b);
        for (i, e) in self.edges().iter().enumerate() {
            let relation_ok = r.clause.relations.is_empty() || r.clause.relations.contains(&e.edge.relation);
            let modality_ok = r.clause.modality.map_or(true, |m| m == e.edge.modality);
            let subject_ok = matches!(&r.subject, Slot::Var(_)) || matches!(&r.subject, Slot::Actor(a) if *a == e.subject.id);
            let object_ok = matches!(&r.object, Slot::Var(_)) || matches!(&r.object, Slot::Actor(a) if *a == e.object.id);
            let loop_ok = !same_variable || e.subject.id == e.object.id;
            if relation_ok && modality_ok && subject_ok && object_ok && loop_ok {
                pairs.entry((&e.subject.id, &e.object.id)).or_default().push(i);
            }
        }
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;
    use crate::graph::KnowledgeGraph;
    use crate::query::Filter;

    fn err(query: &str) -> PatternError {
        Pattern::parse(query).unwrap_err()
    }

    #[test]
    fn parses_terms_relations_and_modalities() {
        let p = Pattern::parse("  ?x  supply|Deploy:negated \"Côte d’Ivoire \\\"CI\\\"\" ;?x * ?y;").unwrap();
        assert_eq!(p.clauses.len(), 2);
        let c = &p.clauses[0];
        assert_eq!(c.relations.iter().map(Relation::as_str).collect::<Vec<_>>(), ["deploy", "supply"]);
        assert_eq!(c.modality, Some(Modality::Negated));
        assert_eq!(c.object, Term::Actor("Côte d’Ivoire \"CI\"".into()));
        assert!(p.clauses[1].relations.is_empty());
        assert_eq!(p.variables(), ["x", "y"]);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases: [(&str, usize, &str); 11] = [
            ("", 1, "empty query"),
            ("?x supply", 10, "expected an object"),
            ("?x", 3, "expected a relation"),
            ("?x supply Russia;; ?y meet ?x", 18, "empty clause"),
            ("?x supply North Korea", 17, "quote names"),
            ("?x supply \"North Korea", 11, "unclosed quote"),
            ("? supply Russia", 1, "variable"),
            ("?x-y supply Russia", 1, "variable"),
            ("?x supply:maybe Russia", 11, "unknown modality `maybe`"),
            ("?x supply||meet Russia", 11, "found ``"),
            ("?x \"supply\" Russia", 4, "not a quoted name"),
        ];
        for (query, column, text) in cases {
            let e = err(query);
            assert_eq!(e.column, column, "{query}: {e}");
            assert!(e.message.contains(text), "{query}: {e}");
        }
        let e = err("?x supply \"a\\n\"");
        assert_eq!(e.column, 13, "{e}");
        let shown = err("?x supply").to_string();
        assert!(shown.ends_with("  ?x supply\n           ^"), "{shown}");
    }

    #[test]
    fn never_panics_on_garbage() {
        for q in ["\"", "\\", ";", "?", "*", ":", "a b c d e", "\"\\", "a * \"\"", "??x a b", "a b:c d"] {
            let _ = Pattern::parse(q);
        }
    }

    fn graph() -> KnowledgeGraph {
        let mut hyp = triple("North Korea", "deploy", "Ukraine", "d", 9);
        hyp.modality = Modality::Hypothetical;
        KnowledgeGraph::from_triples([
            triple("North Korea", "supply", "Russia", "d", 0),
            triple("North Korea", "supply", "Russia", "d", 1),
            triple("North Korea", "deploy", "Russia", "d", 2),
            hyp,
            triple("Iran", "supply", "Russia", "d", 3),
            triple("Iran", "meet", "Iran", "d", 4),
            triple("Russia", "attack", "Ukraine", "d", 5),
        ])
    }

    fn run(query: &str) -> Vec<String> {
        let g = graph();
        let view = Filter::new().view(&g);
        let matches = view.match_pattern(&Pattern::parse(query).unwrap(), &Resolver::new(&g)).unwrap();
        matches
            .iter()
            .map(|m| {
                let b: Vec<String> = m.bindings.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let n: Vec<String> = m.clauses.iter().map(|c| c.len().to_string()).collect();
                format!("{} [{}]", b.join(" "), n.join(","))
            })
            .collect()
    }

    #[test]
    fn joins_on_shared_variables() {
        assert_eq!(
            run("?x supply Russia; ?x deploy ?y"),
            ["x=North Korea y=Russia [1,1]", "x=North Korea y=Ukraine [1,1]"]
        );
        assert_eq!(run("?x supply Russia; ?x deploy:hypothetical ?y"), ["x=North Korea y=Ukraine [1,1]"]);
        assert_eq!(run("?x supply ?y; ?y attack Ukraine"), ["x=Iran y=Russia [1,1]", "x=North Korea y=Russia [1,1]"]);
        assert_eq!(run("?x * Russia"), ["x=Iran [1]", "x=North Korea [2]"]);
        assert_eq!(run("?x meet ?x"), ["x=Iran [1]"]);
        assert_eq!(run("Iran supply Russia"), [" [1]"]);
        assert!(run("Iran attack Russia").is_empty());
        assert!(run("?x supply Russia; ?x attack ?y").is_empty());
    }

    #[test]
    fn unknown_names_are_errors() {
        let g = graph();
        let view = Filter::new().view(&g);
        let e = view.match_pattern(&Pattern::parse("?x supply Rusia").unwrap(), &Resolver::new(&g)).unwrap_err();
        assert!(e.to_string().contains("did you mean `Russia`"), "{e}");
    }

    /// Every actor of `n` meets every other.
    fn dense(n: usize) -> KnowledgeGraph {
        let names: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        let triples = names.iter().flat_map(|a| names.iter().filter(move |b| *b != a).map(move |b| triple(a, "meet", b, "d", 0)));
        KnowledgeGraph::from_triples(triples.collect::<Vec<_>>())
    }

    #[test]
    fn a_chain_of_clauses_on_a_dense_graph_stops_with_a_clear_error() {
        let g = dense(120);
        let view = Filter::new().view(&g);
        let resolver = Resolver::new(&g);
        let chain = Pattern::parse("?a meet ?b; ?b meet ?c; ?c meet ?d; ?d meet ?e").unwrap();
        let e = view.match_pattern(&chain, &resolver).unwrap_err();
        assert!(matches!(e, QueryError::TooCostly { .. }), "{e}");
        assert!(e.to_string().contains("limit of 100000 partial matches; narrow it: name an actor instead of a variable"), "{e}");
        // A pattern with an answer of fair size still gets it, through the index.
        let small = dense(40);
        let one = Pattern::parse("?a meet n0; ?a meet ?b; ?b meet n1").unwrap();
        let found = Filter::new().view(&small).match_pattern(&one, &Resolver::new(&small)).unwrap();
        // a ≠ n0, b ≠ a, b ≠ n1.
        let expected = (0..40).flat_map(|a| (0..40).map(move |b| (a, b))).filter(|&(a, b)| a != 0 && b != a && b != 1).count();
        assert_eq!(found.len(), expected);
        // More matches than are listed is said, not cut silently.
        let e = view.match_pattern(&Pattern::parse("?a meet ?b").unwrap(), &resolver).unwrap_err();
        assert!(e.to_string().contains("limit of 10000 matches"), "{e}");
    }

    #[test]
    fn matches_that_would_carry_too_much_evidence_are_refused() {
        let g = KnowledgeGraph::from_triples((0..60_000).map(|i| triple("A", "meet", "B", "d", i)).collect::<Vec<_>>());
        let view = Filter::new().view(&g);
        let pattern = Pattern::parse(&vec!["A meet B"; 20].join("; ")).unwrap();
        let e = view.match_pattern(&pattern, &Resolver::new(&g)).unwrap_err();
        assert!(e.to_string().contains("limit of 1000000 pieces of evidence"), "{e}");
        assert_eq!(view.match_pattern(&Pattern::parse("A meet B").unwrap(), &Resolver::new(&g)).unwrap().len(), 1);
    }
}
