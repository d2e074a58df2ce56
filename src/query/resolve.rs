//! Turning a name typed by a user into an actor id: through the graph
//! (ids and the mention texts seen) and the schema's gazetteer (names,
//! codes, capitals, seats, demonyms, officials).

use std::collections::{BTreeMap, BTreeSet};

use super::QueryError;
use crate::graph::KnowledgeGraph;
use crate::model::ActorId;
use crate::schema::Schema;

/// Most suggestions offered for an unknown name.
const MAX_SUGGESTIONS: usize = 3;

/// Resolves names to actor ids, for one graph and optionally a schema.
///
/// In order, the first rule that finds something wins:
/// 1. the exact actor id in the graph;
/// 2. an actor id in the graph, ignoring case, spacing and a leading "the";
/// 3. a mention text seen in the graph for an actor (same folding);
/// 4. a gazetteer name from the schema: id, other names, ISO code,
///    capitals, seats of power, demonyms, officials' names and surnames.
///
/// A name that fits several actors at one step is ambiguous, except at
/// step 4 where, if exactly one of the candidates is in the graph, that one
/// is taken. A name found nowhere is unknown, with the closest known names
/// as suggestions.
///
/// ```
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
/// use actorgraph::query::Resolver;
/// use actorgraph::schema::Schema;
///
/// let graph = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(),
///     subject: ActorRef::new("North Korea", "North Korea", ActorKind::State),
///     relation: Relation::new("supply"),
///     object: ActorRef::new("Russia", "Russia", ActorKind::State),
///     predicate: "supplied".into(), modality: Modality::Asserted, nominal: false,
///     sentence: 0, span: (0, 30), rule: "r".into(), text: "North Korea supplied Russia.".into(), date: None,
/// }]);
/// let schema = Schema::embedded()?;
/// let resolver = Resolver::new(&graph).with_schema(&schema);
/// for name in ["Pyongyang", "DPRK", "North Korean", "north korea", "Kim Jong Un"] {
///     assert_eq!(resolver.resolve(name)?.as_str(), "North Korea", "{name}");
/// }
/// assert_eq!(resolver.resolve("the Kremlin")?.as_str(), "Russia");
/// let err = resolver.resolve("Pyongyan").unwrap_err();
/// assert!(err.to_string().contains("did you mean `Pyongyang`"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Resolver<'g> {
    graph: &'g KnowledgeGraph,
    /// Folded gazetteer name → the actors it names.
    gazetteer: BTreeMap<String, BTreeSet<ActorId>>,
    /// Gazetteer names as written, for suggestions.
    gazetteer_names: BTreeSet<String>,
}

impl<'g> Resolver<'g> {
    /// A resolver that knows only what the graph has seen.
    pub fn new(graph: &'g KnowledgeGraph) -> Resolver<'g> {
        Resolver { graph, gazetteer: BTreeMap::new(), gazetteer_names: BTreeSet::new() }
    }

    /// Adds the schema's gazetteer: every name, code, capital, seat,
    /// demonym and official of every actor.
    pub fn with_schema(mut self, schema: &Schema) -> Resolver<'g> {
        let mut add = |name: &str, actor: &str| {
            let folded = fold(name);
            if folded.is_empty() {
                return;
            }
            self.gazetteer.entry(folded).or_default().insert(ActorId::new(actor));
            self.gazetteer_names.insert(name.to_string());
        };
        for a in &schema.actors.actors {
            let names = std::iter::once(&a.id)
                .chain(&a.names)
                .chain(&a.capitals)
                .chain(&a.seats)
                .chain(&a.demonyms)
                .chain(&a.code);
            for name in names {
                add(name, &a.id);
            }
        }
        for p in &schema.actors.people {
            add(&p.name, &p.actor);
            if let Some(surname) = &p.surname {
                add(surname, &p.actor);
            }
        }
        self
    }

    /// The actor `name` refers to (see [`Resolver`] for the rules).
    pub fn resolve(&self, name: &str) -> Result<ActorId, QueryError> {
        let wanted = ActorId::new(name);
        if self.graph.actor(&wanted).is_some() {
            return Ok(wanted);
        }
        let folded = fold(name);

        let by_id: BTreeSet<&ActorId> =
            self.graph.actors().filter(|a| fold(a.id.as_str()) == folded).map(|a| &a.id).collect();
        if let Some(found) = single_or_ambiguous(name, by_id)? {
            return Ok(found);
        }

        let by_text: BTreeSet<&ActorId> = self
            .graph
            .actors()
            .filter(|a| a.mention_texts.keys().any(|t| fold(t) == folded))
            .map(|a| &a.id)
            .collect();
        if let Some(found) = single_or_ambiguous(name, by_text)? {
            return Ok(found);
        }

        if let Some(candidates) = self.gazetteer.get(&folded) {
            let in_graph: BTreeSet<&ActorId> =
                candidates.iter().filter(|id| self.graph.actor(id).is_some()).collect();
            if in_graph.len() == 1 {
                return Ok(in_graph.into_iter().next().cloned().unwrap_or(wanted));
            }
            if let Some(found) = single_or_ambiguous(name, candidates.iter().collect())? {
                return Ok(found);
            }
        }

        Err(QueryError::UnknownActor { name: name.to_string(), suggestions: self.suggestions(&folded) })
    }

    /// Known names close to `folded`: within a few edits, or containing it
    /// ("korea" suggests "North Korea"). Names the graph has seen come
    /// before gazetteer names at the same distance.
    fn suggestions(&self, folded: &str) -> Vec<String> {
        if folded.is_empty() {
            return Vec::new();
        }
        let query_len = folded.chars().count();
        let max_distance = (query_len / 3).max(2);
        let mut scored: Vec<(usize, bool, String)> = Vec::new();
        let mut seen = BTreeSet::new();
        let graph_names = self.graph.actors().flat_map(|a| {
            std::iter::once(a.id.as_str()).chain(a.mention_texts.keys().map(String::as_str))
        });
        let names = graph_names
            .map(|n| (n, false))
            .chain(self.gazetteer_names.iter().map(|n| (n.as_str(), true)));
        for (known, from_gazetteer) in names {
            let known_folded = fold(known);
            if !seen.insert(known_folded.clone()) {
                continue;
            }
            let distance = edit_distance(folded, &known_folded);
            let contains = query_len >= 3 && known_folded.contains(folded);
            if distance <= max_distance || contains {
                scored.push((distance, from_gazetteer, known.to_string()));
            }
        }
        scored.sort();
        scored.into_iter().take(MAX_SUGGESTIONS).map(|(_, _, n)| n).collect()
    }
}

/// The actor `name` refers to in `graph`, by id or by a mention text seen
/// (see [`Resolver`]; this one has no gazetteer).
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
    Resolver::new(graph).resolve(name)
}

/// Lower case, single spaces, typographic apostrophes made plain, and no
/// leading "the ": "The  Kremlin" and "kremlin" fold alike.
fn fold(name: &str) -> String {
    let lowered = name.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    let words: Vec<&str> = lowered.split_whitespace().collect();
    let words = match words.as_slice() {
        ["the", rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    words.join(" ")
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
    fn gazetteer_names_resolve_even_when_unseen() {
        let schema = Schema::embedded().unwrap();
        let g = graph();
        let r = Resolver::new(&g).with_schema(&schema);
        for name in ["Pyongyang", "DPRK", "North Korean", "PRK", "KPA", "the D.P.R.K."] {
            assert_eq!(r.resolve(name).unwrap().as_str(), "North Korea", "{name}");
        }
        assert_eq!(r.resolve("Kremlin").unwrap().as_str(), "Russia");
        // An actor the graph does not hold still resolves: its links are just empty.
        assert_eq!(r.resolve("Tehran").unwrap().as_str(), "Iran");
        // The graph's own reading comes first: here "Korea" is ambiguous in the graph.
        assert!(matches!(r.resolve("Korea"), Err(QueryError::AmbiguousActor { .. })));
        let err = r.resolve("Pyongyanng").unwrap_err();
        assert!(err.to_string().contains("`Pyongyang`"), "{err}");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  The   Kremlin "), "kremlin");
        assert_eq!(fold("the"), "the");
        assert_eq!(fold("Côte d\u{2019}Ivoire"), "côte d'ivoire");
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
