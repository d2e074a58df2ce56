//! Who matters most: degree, weighted degree and PageRank; and which
//! actors hang together (weakly connected components).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;
use serde::Serialize;

use super::{QueryError, View};
use crate::model::ActorId;

/// PageRank's damping factor: the chance of following a link rather than jumping.
const DAMPING: f64 = 0.85;
/// PageRank iterations; the ranks of news graphs settle well before.
const PAGE_RANK_ITERATIONS: usize = 50;

/// A centrality measure.
///
/// ```
/// use actorgraph::query::Ranking;
/// assert_eq!("pagerank".parse::<Ranking>().unwrap(), Ranking::PageRank);
/// assert_eq!(Ranking::WeightedDegree.to_string(), "weighted-degree");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ranking {
    /// Number of links (edges: subject, relation, object, modality) an actor takes part in.
    Degree,
    /// Total mentions of those links.
    WeightedDegree,
    /// PageRank over actor pairs (one edge per pair and direction, as
    /// petgraph's `page_rank` computes it; self-loops ignored); scores sum to 1.
    PageRank,
}

impl Ranking {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Ranking::Degree => "degree",
            Ranking::WeightedDegree => "weighted-degree",
            Ranking::PageRank => "pagerank",
        }
    }
}

impl fmt::Display for Ranking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Ranking {
    type Err = QueryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "degree" => Ok(Ranking::Degree),
            "weighted-degree" | "weighted" => Ok(Ranking::WeightedDegree),
            "pagerank" | "page-rank" => Ok(Ranking::PageRank),
            _ => Err(QueryError::InvalidValue {
                what: "ranking",
                value: s.to_string(),
                expected: "degree, weighted-degree or pagerank",
            }),
        }
    }
}

/// One actor's score under a [`Ranking`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// The actor.
    pub actor: ActorId,
    /// Its score (a count for the degrees).
    pub score: f64,
}

impl View<'_> {
    /// Every actor of the view with its score, highest first, ties by name.
    ///
    /// ```
    /// use actorgraph::graph::KnowledgeGraph;
    /// use actorgraph::model::*;
    /// use actorgraph::query::{Filter, Ranking};
    ///
    /// let t = |s: &str, o: &str, n: usize| Triple {
    ///     doc: "d".into(), subject: ActorRef::new(s, s, ActorKind::State), relation: Relation::new("meet"),
    ///     object: ActorRef::new(o, o, ActorKind::State), predicate: "met".into(), modality: Modality::Asserted,
    ///     nominal: false, sentence: n, span: (0, 1), rule: "r".into(), text: "…".into(), date: None,
    /// };
    /// let graph = KnowledgeGraph::from_triples([t("A", "B", 0), t("A", "B", 1), t("C", "B", 2)]);
    /// let view = Filter::new().view(&graph);
    /// let top = view.rank(Ranking::WeightedDegree);
    /// assert_eq!((top[0].actor.as_str(), top[0].score), ("B", 3.0));
    /// let pr = view.rank(Ranking::PageRank);
    /// assert_eq!(pr[0].actor.as_str(), "B");
    /// assert!((pr.iter().map(|s| s.score).sum::<f64>() - 1.0).abs() < 1e-9);
    /// ```
    pub fn rank(&self, ranking: Ranking) -> Vec<Score> {
        let scores: BTreeMap<&ActorId, f64> = match ranking {
            Ranking::Degree | Ranking::WeightedDegree => {
                let mut scores: BTreeMap<&ActorId, f64> = self.actors().map(|a| (&a.id, 0.0)).collect();
                for e in self.edges() {
                    let w = if ranking == Ranking::Degree { 1.0 } else { e.mentions() as f64 };
                    *scores.entry(&e.subject.id).or_default() += w;
                    if e.object.id != e.subject.id {
                        *scores.entry(&e.object.id).or_default() += w;
                    }
                }
                scores
            }
            Ranking::PageRank => self.page_rank(),
        };
        let mut scores: Vec<Score> =
            scores.into_iter().map(|(a, score)| Score { actor: a.clone(), score }).collect();
        scores.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.actor.cmp(&b.actor)));
        scores
    }

    /// petgraph's `page_rank` needs a `Graph` and counts parallel edges
    /// inconsistently, so build one with a single edge per actor pair and
    /// direction.
    fn page_rank(&self) -> BTreeMap<&ActorId, f64> {
        let (graph, ids) = self.pair_graph();
        let ranks = petgraph::algo::page_rank(&graph, DAMPING, PAGE_RANK_ITERATIONS);
        ids.into_iter().zip(ranks).collect()
    }

    /// The view's actors (sorted) as a petgraph `DiGraph` with one edge per
    /// actor pair and direction, self-loops left out (an actor acting on
    /// itself says nothing about its standing); node `i` is `ids[i]`.
    pub(crate) fn pair_graph(&self) -> (DiGraph<(), ()>, Vec<&ActorId>) {
        let ids: Vec<&ActorId> = self.actors().map(|a| &a.id).collect();
        let index: HashMap<&ActorId, NodeIndex> =
            ids.iter().enumerate().map(|(i, &id)| (id, NodeIndex::new(i))).collect();
        let mut graph = DiGraph::with_capacity(ids.len(), self.link_count());
        for _ in &ids {
            graph.add_node(());
        }
        let pairs: BTreeSet<(NodeIndex, NodeIndex)> = self
            .edges()
            .iter()
            .filter(|e| e.subject.id != e.object.id)
            .filter_map(|e| Some((*index.get(&e.subject.id)?, *index.get(&e.object.id)?)))
            .collect();
        for (s, o) in pairs {
            graph.add_edge(s, o, ());
        }
        (graph, ids)
    }

    /// The weakly connected components (links taken either way): largest
    /// first, ties by first actor; each sorted by name. Isolated actors of
    /// the view are components of one.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # use actorgraph::query::Filter;
    /// # let t = |s: &str, o: &str| Triple {
    /// #     doc: "d".into(), subject: ActorRef::new(s, s, ActorKind::State), relation: Relation::new("meet"),
    /// #     object: ActorRef::new(o, o, ActorKind::State), predicate: "met".into(), modality: Modality::Asserted,
    /// #     nominal: false, sentence: 0, span: (0, 1), rule: "r".into(), text: "…".into(), date: None,
    /// # };
    /// let graph = KnowledgeGraph::from_triples([t("A", "B"), t("C", "B"), t("D", "E")]);
    /// let parts = Filter::new().view(&graph).components();
    /// assert_eq!(parts.len(), 2);
    /// assert_eq!(parts[0].iter().map(|a| a.as_str()).collect::<Vec<_>>(), ["A", "B", "C"]);
    /// ```
    pub fn components(&self) -> Vec<Vec<ActorId>> {
        let (graph, ids) = self.pair_graph();
        let mut sets = UnionFind::<usize>::new(ids.len());
        for e in graph.raw_edges() {
            sets.union(e.source().index(), e.target().index());
        }
        let mut groups: BTreeMap<usize, Vec<ActorId>> = BTreeMap::new();
        for (i, id) in ids.iter().enumerate() {
            groups.entry(sets.find(i)).or_default().push((*id).clone());
        }
        let mut components: Vec<Vec<ActorId>> = groups.into_values().collect();
        components.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        components
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;
    use crate::graph::KnowledgeGraph;
    use crate::model::Modality;
    use crate::query::Filter;

    fn graph() -> KnowledgeGraph {
        let mut neg = triple("A", "attack", "B", "d", 9);
        neg.modality = Modality::Negated;
        KnowledgeGraph::from_triples([
            triple("A", "meet", "B", "d", 0),
            triple("A", "meet", "B", "d", 1),
            triple("A", "meet", "B", "d", 2),
            triple("A", "supply", "B", "d", 3),
            neg,
            triple("C", "meet", "B", "d", 4),
            triple("D", "meet", "E", "d", 5),
            triple("F", "support", "F", "d", 6),
        ])
    }

    fn table(scores: &[Score]) -> Vec<(String, f64)> {
        scores.iter().map(|s| (s.actor.to_string(), s.score)).collect()
    }

    #[test]
    fn degrees() {
        let g = graph();
        let view = Filter::new().view(&g);
        assert_eq!(
            table(&view.rank(Ranking::Degree))[..3],
            [("B".into(), 4.0), ("A".into(), 3.0), ("C".into(), 1.0)]
        );
        assert_eq!(table(&view.rank(Ranking::WeightedDegree))[..2], [("B".into(), 6.0), ("A".into(), 5.0)]);
        let asserted = Filter::new().modalities([Modality::Asserted]).view(&g);
        assert_eq!(table(&asserted.rank(Ranking::Degree))[0], ("B".into(), 3.0));
    }

    #[test]
    fn page_rank_ignores_parallel_edges() {
        // A→B once or through three parallel edges: the same ranks.
        let g = graph();
        let all = Filter::new().view(&g).rank(Ranking::PageRank);
        let single = KnowledgeGraph::from_triples([
            triple("A", "meet", "B", "d", 0),
            triple("C", "meet", "B", "d", 4),
            triple("D", "meet", "E", "d", 5),
            triple("F", "support", "F", "d", 6),
        ]);
        let single = Filter::new().view(&single).rank(Ranking::PageRank);
        assert_eq!(table(&all), table(&single));
        assert_eq!(all[0].actor.as_str(), "B");
        let sum: f64 = all.iter().map(|s| s.score).sum();
        assert!((sum - 1.0).abs() < 1e-9, "{sum}");
    }

    #[test]
    fn components_match_petgraph_count() {
        let g = graph();
        let view = Filter::new().view(&g);
        let parts = view.components();
        let shown: Vec<String> = parts.iter().map(|c| c.iter().map(ActorId::as_str).collect::<Vec<_>>().join(",")).collect();
        assert_eq!(shown, ["A,B,C", "D,E", "F"]);
        let (pairs, _) = view.pair_graph();
        assert_eq!(petgraph::algo::connected_components(&pairs), parts.len());
        assert!(Filter::new().view(&KnowledgeGraph::new()).components().is_empty());
    }

    #[test]
    fn ranking_names() {
        assert_eq!("weighted-degree".parse::<Ranking>(), Ok(Ranking::WeightedDegree));
        assert_eq!("Degree".parse::<Ranking>(), Ok(Ranking::Degree));
        assert!("betweenness".parse::<Ranking>().is_err());
    }
}
