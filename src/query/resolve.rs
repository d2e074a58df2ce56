//! Turning a name typed by a user into an actor id.

use std::collections::BTreeSet;

use crate::graph::KnowledgeGraph;
use crate::model::ActorId;

/// Most suggestions offered for an unknown name.
const MAX_SUGGESTIONS: usize = 3;

/// Errors from queries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// No actor id or mention text matches the name.
    #[error("unknown actor `{name}`{}", did_you_mean(suggestions))]
    UnknownActor {
        /// The name asked for.
        name: String,
        /// Up to three known names (ids or mention texts) closest to it.
        suggestions: Vec<String>,
    },
    /// The name is a mention text seen for several actors.
    #[error("`{name}` could mean several actors: {}", quoted_list(candidates))]
    AmbiguousActor {
        /// The name asked for.
        name: String,
        /// The canonical ids it could mean, sorted.
        candidates: Vec<String>,
    },
}

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

/// The actor `name` refers to: an exact id, else an id ignoring case, else
/// a mention text seen for an actor (ignoring case).
///
/// ```
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
/// use actorgraph::query::{resolve_actor, QueryError};
///
/// let g = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(),
///     subject: ActorRef::new("Russia", "the Kremlin", ActorKind::State),
///     relation: Relation::new("attack"),
///     object: ActorRef::new("Ukraine", "Kyiv", ActorKind::State),
///     predicate: "attacked".into(), modality: Modality::Asserted, nominal: false,
///     sentence: 0, span: (0, 27), rule: "attack.verb".into(),
///     text: "The Kremlin attacked Kyiv.".into(), date: None,
/// }]);
/// assert_eq!(resolve_actor(&g, "russia").unwrap().as_str(), "Russia");
/// assert_eq!(resolve_actor(&g, "The Kremlin").unwrap().as_str(), "Russia");
/// let err = resolve_actor(&g, "Rusia").unwrap_err();
/// assert_eq!(err.to_string(), "unknown actor `Rusia` (did you mean `Russia`?)");
/// ```
pub fn resolve_actor(graph: &KnowledgeGraph, name: &str) -> Result<ActorId, QueryError> {
    let wanted = ActorId::new(name);
    if graph.actor(&wanted).is_some() {
        return Ok(wanted);
    }
    let folded = name.trim().to_lowercase();

    let by_id: BTreeSet<&ActorId> = graph
        .actors()
        .filter(|a| a.id.as_str().to_lowercase() == folded)
        .map(|a| &a.id)
        .collect();
    if let Some(found) = single_or_ambiguous(name, by_id)? {
        return Ok(found);
    }

    let by_text: BTreeSet<&ActorId> = graph
        .actors()
        .filter(|a| a.mention_texts.keys().any(|t| t.to_lowercase() == folded))
        .map(|a| &a.id)
        .collect();
    if let Some(found) = single_or_ambiguous(name, by_text)? {
        return Ok(found);
    }

    Err(QueryError::UnknownActor {
        name: name.to_string(),
        suggestions: suggestions(graph, &folded),
    })
}

fn single_or_ambiguous(name: &str, ids: BTreeSet<&ActorId>) -> Result<Option<ActorId>, QueryError> {
    match ids.len() {
        0 => Ok(None),
        1 => Ok(ids.into_iter().next().cloned()),
        _ => Err(QueryError::AmbiguousActor {
            name: name.to_string(),
            candidates: ids.into_iter().map(|id| id.to_string()).collect(),
        }),
    }
}

/// Known names close to `folded` (already lower-cased): within a few
/// edits, or containing it ("korea" suggests "North Korea").
fn suggestions(graph: &KnowledgeGraph, folded: &str) -> Vec<String> {
    if folded.is_empty() {
        return Vec::new();
    }
    let query_len = folded.chars().count();
    let max_distance = (query_len / 3).max(2);
    let mut scored: Vec<(usize, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    let names = graph.actors().flat_map(|a| {
        std::iter::once(a.id.as_str()).chain(a.mention_texts.keys().map(String::as_str))
    });
    for known in names {
        let known_folded = known.to_lowercase();
        if !seen.insert(known_folded.clone()) {
            continue;
        }
        let distance = edit_distance(folded, &known_folded);
        let contains = query_len >= 3 && known_folded.contains(folded);
        if distance <= max_distance || contains {
            scored.push((distance, known.to_string()));
        }
    }
    scored.sort();
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, n)| n)
        .collect()
}

/// The number of single-character insertions, deletions, substitutions
/// and adjacent transpositions that turn `a` into `b` (optimal string
/// alignment distance), counted in characters, not bytes.
///
/// ```
/// use actorgraph::query::edit_distance;
/// assert_eq!(edit_distance("Rusia", "Russia"), 1);
/// assert_eq!(edit_distance("Untied", "United"), 1);
/// assert_eq!(edit_distance("", "abc"), 3);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rolling rows: two back is needed for transpositions.
    let mut before_prev: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before_prev[j - 2] + 1);
            }
            cur[j] = best;
        }
        std::mem::swap(&mut before_prev, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;

    fn graph() -> KnowledgeGraph {
        let mut t1 = triple("North Korea", "supply", "Russia", "d", 0);
        t1.subject.text = "Pyongyang".into();
        t1.object.text = "Moscow".into();
        let mut t2 = triple("South Korea", "criticize", "North Korea", "d", 1);
        t2.subject.text = "Seoul".into();
        t2.object.text = "Korea".into();
        let mut t3 = triple("Russia", "meet", "South Korea", "d", 2);
        t3.object.text = "Korea".into();
        let t4 = triple("Congo", "meet", "congo", "d", 3);
        KnowledgeGraph::from_triples([t1, t2, t3, t4])
    }

    #[test]
    fn exact_then_case_insensitive_id() {
        let g = graph();
        assert_eq!(resolve_actor(&g, "Russia").unwrap().as_str(), "Russia");
        assert_eq!(
            resolve_actor(&g, "north korea").unwrap().as_str(),
            "North Korea"
        );
        assert_eq!(resolve_actor(&g, "  RUSSIA ").unwrap().as_str(), "Russia");
    }

    #[test]
    fn exact_id_beats_case_folded_clash() {
        let g = graph();
        assert_eq!(resolve_actor(&g, "congo").unwrap().as_str(), "congo");
        let err = resolve_actor(&g, "CONGO").unwrap_err();
        assert_eq!(
            err,
            QueryError::AmbiguousActor {
                name: "CONGO".into(),
                candidates: vec!["Congo".into(), "congo".into()]
            }
        );
    }

    #[test]
    fn mention_text() {
        let g = graph();
        assert_eq!(
            resolve_actor(&g, "pyongyang").unwrap().as_str(),
            "North Korea"
        );
        assert_eq!(resolve_actor(&g, "Moscow").unwrap().as_str(), "Russia");
    }

    #[test]
    fn ambiguous_mention_text() {
        let err = resolve_actor(&graph(), "korea").unwrap_err();
        assert_eq!(
            err,
            QueryError::AmbiguousActor {
                name: "korea".into(),
                candidates: vec!["North Korea".into(), "South Korea".into()],
            }
        );
        assert_eq!(
            err.to_string(),
            "`korea` could mean several actors: `North Korea`, `South Korea`"
        );
    }

    #[test]
    fn unknown_with_suggestions() {
        let err = resolve_actor(&graph(), "Pyongyan").unwrap_err();
        assert_eq!(
            err,
            QueryError::UnknownActor {
                name: "Pyongyan".into(),
                suggestions: vec!["Pyongyang".into()]
            }
        );
        let QueryError::UnknownActor { suggestions, .. } =
            resolve_actor(&graph(), "Kore").unwrap_err()
        else {
            panic!("expected unknown actor")
        };
        assert_eq!(suggestions, ["Korea", "North Korea", "South Korea"]);
    }

    #[test]
    fn unknown_without_suggestions() {
        let err = resolve_actor(&graph(), "Zimbabwe").unwrap_err();
        assert_eq!(err.to_string(), "unknown actor `Zimbabwe`");
        assert!(matches!(
            resolve_actor(&graph(), ""),
            Err(QueryError::UnknownActor { .. })
        ));
        assert!(resolve_actor(&KnowledgeGraph::new(), "x").is_err());
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("Türkiye", "Turkiye"), 1);
        assert_eq!(edit_distance("abc", ""), 3);
    }
}
