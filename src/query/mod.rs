//! Questions asked of a [`KnowledgeGraph`]: who an actor deals with, what
//! links two actors, and which actor a name typed by a user means.
//!
//! ```
//! use actorgraph::graph::KnowledgeGraph;
//! use actorgraph::model::*;
//! use actorgraph::query::{neighbours, resolve_actor, Direction};
//!
//! let graph = KnowledgeGraph::from_triples([Triple {
//!     doc: "note".into(),
//!     subject: ActorRef::new("North Korea", "Pyongyang", ActorKind::State),
//!     relation: Relation::new("supply"),
//!     object: ActorRef::new("Russia", "Moscow", ActorKind::State),
//!     predicate: "supplied".into(), modality: Modality::Asserted, nominal: false,
//!     sentence: 0, span: (0, 34), rule: "supply.give-to".into(),
//!     text: "Pyongyang supplied arms to Moscow.".into(), date: None,
//! }]);
//! let russia = resolve_actor(&graph, "moscow").unwrap();
//! let links = neighbours(&graph, &russia, Direction::In);
//! assert_eq!(links[0].subject.as_str(), "North Korea");
//! assert_eq!(links[0].direction, Direction::In);
//! ```

mod resolve;

use std::fmt;
use std::str::FromStr;

use crate::graph::{EdgeRef, KnowledgeGraph};
use crate::model::{ActorId, Evidence, Modality, Relation};

pub use resolve::{edit_distance, resolve_actor, QueryError};

/// Which edges of an actor to follow.
///
/// ```
/// use actorgraph::query::Direction;
/// assert_eq!("in".parse::<Direction>().unwrap(), Direction::In);
/// assert_eq!(Direction::Both.to_string(), "both");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    /// Edges where the actor is the subject.
    Out,
    /// Edges where the actor is the object.
    In,
    /// Both; also how a self-loop is labelled.
    #[default]
    Both,
}

impl Direction {
    /// The name used on the command line (`out`, `in`, `both`).
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
            Direction::Both => "both",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Direction {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "out" | "outgoing" => Ok(Direction::Out),
            "in" | "incoming" => Ok(Direction::In),
            "both" | "any" => Ok(Direction::Both),
            other => Err(format!(
                "unknown direction `{other}` (expected out, in or both)"
            )),
        }
    }
}

/// One edge as seen from a queried actor: an owned summary, detached from
/// the graph so it can be printed, serialised or kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Who acts.
    pub subject: ActorId,
    /// The relation class.
    pub relation: Relation,
    /// Who is acted on or with.
    pub object: ActorId,
    /// How the relation was stated.
    pub modality: Modality,
    /// Distinct pieces of evidence behind the edge.
    pub mentions: u64,
    /// Earliest evidence date.
    pub first_date: Option<String>,
    /// Latest evidence date.
    pub last_date: Option<String>,
    /// True only if every mention was nominal.
    pub nominal: bool,
    /// The first piece of evidence, to quote.
    pub evidence: Evidence,
    /// `Out` when the queried actor is the subject, `In` when it is the
    /// object, `Both` for a self-loop.
    pub direction: Direction,
}

impl Link {
    fn from_edge(e: EdgeRef<'_>, queried: &ActorId) -> Option<Link> {
        let direction = match (&e.subject.id == queried, &e.object.id == queried) {
            (true, true) => Direction::Both,
            (true, false) => Direction::Out,
            (false, true) => Direction::In,
            (false, false) => return None,
        };
        Some(Link {
            subject: e.subject.id.clone(),
            relation: e.edge.relation.clone(),
            object: e.object.id.clone(),
            modality: e.edge.modality,
            mentions: e.edge.mentions,
            first_date: e.edge.first_date.clone(),
            last_date: e.edge.last_date.clone(),
            nominal: e.edge.nominal,
            // Every edge in a graph has at least one piece of evidence.
            evidence: e.edge.evidence.first()?.clone(),
            direction,
        })
    }

    /// The actor at the other end from `actor` (itself for a self-loop).
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # use actorgraph::query::{neighbours, Direction};
    /// # let t = Triple { doc: "d".into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new("India", "New Delhi", ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 1,
    /// #   span: (5, 20), rule: "meet.verb".into(), text: "Tokyo met New Delhi.".into(), date: None };
    /// let g = KnowledgeGraph::from_triples([t]);
    /// let japan = ActorId::new("Japan");
    /// let link = &neighbours(&g, &japan, Direction::Both)[0];
    /// assert_eq!(link.other(&japan).as_str(), "India");
    /// ```
    pub fn other(&self, actor: &ActorId) -> &ActorId {
        if &self.subject == actor {
            &self.object
        } else {
            &self.subject
        }
    }

    fn sort_key(
        &self,
    ) -> (
        std::cmp::Reverse<u64>,
        &ActorId,
        &ActorId,
        &Relation,
        Modality,
    ) {
        (
            std::cmp::Reverse(self.mentions),
            &self.subject,
            &self.object,
            &self.relation,
            self.modality,
        )
    }
}

/// The edges of `actor` in `direction`, most mentioned first, ties in key
/// order (subject, object, relation, modality). An actor the graph does not
/// have has no links; use [`resolve_actor`] to turn user input into an id.
///
/// ```
/// # use actorgraph::graph::KnowledgeGraph;
/// # use actorgraph::model::ActorId;
/// # use actorgraph::query::{neighbours, Direction};
/// assert!(neighbours(&KnowledgeGraph::new(), &ActorId::new("Chad"), Direction::Out).is_empty());
/// ```
pub fn neighbours(graph: &KnowledgeGraph, actor: &ActorId, direction: Direction) -> Vec<Link> {
    let mut edges = Vec::new();
    if matches!(direction, Direction::Out | Direction::Both) {
        edges.extend(graph.outgoing(actor));
    }
    if matches!(direction, Direction::In | Direction::Both) {
        let incoming = graph.incoming(actor).into_iter();
        // A self-loop is both outgoing and incoming: list it once.
        if direction == Direction::Both {
            edges.extend(incoming.filter(|e| e.subject.id != e.object.id));
        } else {
            edges.extend(incoming);
        }
    }
    sorted_links(edges.into_iter().filter_map(|e| Link::from_edge(e, actor)))
}

/// Every edge from `a` to `b` and from `b` to `a`, most mentioned first;
/// directions are relative to `a`.
///
/// ```
/// # use actorgraph::graph::KnowledgeGraph;
/// # use actorgraph::model::*;
/// # use actorgraph::query::{between, Direction};
/// # let t = Triple { doc: "d".into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
/// #   relation: Relation::new("meet"), object: ActorRef::new("India", "New Delhi", ActorKind::State),
/// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 1,
/// #   span: (5, 20), rule: "meet.verb".into(), text: "Tokyo met New Delhi.".into(), date: None };
/// let g = KnowledgeGraph::from_triples([t]);
/// let links = between(&g, &ActorId::new("India"), &ActorId::new("Japan"));
/// assert_eq!(links.len(), 1);
/// assert_eq!(links[0].direction, Direction::In);
/// ```
pub fn between(graph: &KnowledgeGraph, a: &ActorId, b: &ActorId) -> Vec<Link> {
    let forward = graph.outgoing(a).into_iter().filter(|e| &e.object.id == b);
    let edges: Vec<EdgeRef<'_>> = if a == b {
        forward.collect()
    } else {
        forward
            .chain(graph.incoming(a).into_iter().filter(|e| &e.subject.id == b))
            .collect()
    };
    sorted_links(edges.into_iter().filter_map(|e| Link::from_edge(e, a)))
}

fn sorted_links(links: impl Iterator<Item = Link>) -> Vec<Link> {
    let mut links: Vec<Link> = links.collect();
    links.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;

    fn graph() -> KnowledgeGraph {
        let mut negated = triple("A", "attack", "B", "d9", 0);
        negated.modality = Modality::Negated;
        KnowledgeGraph::from_triples([
            triple("A", "meet", "B", "d1", 0),
            triple("A", "meet", "B", "d2", 0),
            triple("B", "criticize", "A", "d1", 1),
            triple("C", "supply", "A", "d3", 0),
            triple("C", "supply", "A", "d4", 0),
            triple("C", "supply", "A", "d5", 0),
            triple("A", "support", "A", "d6", 0),
            triple("B", "meet", "C", "d7", 0),
            negated,
        ])
    }

    fn keys(links: &[Link]) -> Vec<String> {
        links
            .iter()
            .map(|l| {
                format!(
                    "{} {} {} {} x{} {}",
                    l.subject, l.relation, l.object, l.modality, l.mentions, l.direction
                )
            })
            .collect()
    }

    #[test]
    fn outgoing_links() {
        let links = neighbours(&graph(), &ActorId::new("A"), Direction::Out);
        assert_eq!(
            keys(&links),
            [
                "A meet B asserted x2 out",
                // Ties in key order: subject, then object (A before B).
                "A support A asserted x1 both",
                "A attack B negated x1 out",
            ]
        );
    }

    #[test]
    fn incoming_links() {
        let links = neighbours(&graph(), &ActorId::new("A"), Direction::In);
        assert_eq!(
            keys(&links),
            [
                "C supply A asserted x3 in",
                "A support A asserted x1 both",
                "B criticize A asserted x1 in"
            ]
        );
    }

    #[test]
    fn both_lists_self_loop_once() {
        let links = neighbours(&graph(), &ActorId::new("A"), Direction::Both);
        assert_eq!(links.len(), 5);
        assert_eq!(
            links
                .iter()
                .filter(|l| l.direction == Direction::Both)
                .count(),
            1
        );
        assert_eq!(links[0].subject.as_str(), "C");
        assert_eq!(links[0].evidence.doc, "d3");
        assert_eq!(links[0].other(&ActorId::new("A")).as_str(), "C");
    }

    #[test]
    fn unknown_actor_has_no_links() {
        assert!(neighbours(&graph(), &ActorId::new("Z"), Direction::Both).is_empty());
    }

    #[test]
    fn between_both_ways() {
        let g = graph();
        let links = between(&g, &ActorId::new("B"), &ActorId::new("A"));
        assert_eq!(
            keys(&links),
            [
                "A meet B asserted x2 in",
                "A attack B negated x1 in",
                "B criticize A asserted x1 out"
            ]
        );
        assert!(between(&g, &ActorId::new("A"), &ActorId::new("Z")).is_empty());
        let self_links = between(&g, &ActorId::new("A"), &ActorId::new("A"));
        assert_eq!(keys(&self_links), ["A support A asserted x1 both"]);
    }

    #[test]
    fn direction_parses() {
        assert_eq!("OUT".parse::<Direction>(), Ok(Direction::Out));
        assert_eq!("both".parse::<Direction>(), Ok(Direction::Both));
        assert!("sideways".parse::<Direction>().is_err());
    }
}
