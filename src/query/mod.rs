//! Questions asked of a [`KnowledgeGraph`]: who an actor deals with (out
//! to any depth), what links two actors, how they are connected through
//! others, who matters most, which actors fit a pattern — all through one
//! [`Filter`] — and which actor a name typed by a user means.
//!
//! Every query runs on a [`View`]: the part of the graph a filter keeps.
//! Names go through a [`Resolver`], which knows the graph's names and,
//! given a schema, the whole gazetteer.
//!
//! ```
//! use actorgraph::graph::KnowledgeGraph;
//! use actorgraph::model::*;
//! use actorgraph::query::{Direction, Filter, Resolver};
//! use actorgraph::schema::Schema;
//!
//! let graph = KnowledgeGraph::from_triples([Triple {
//!     doc: "note".into(),
//!     subject: ActorRef::new("North Korea", "Pyongyang", ActorKind::State),
//!     relation: Relation::new("supply"),
//!     object: ActorRef::new("Russia", "Moscow", ActorKind::State),
//!     predicate: "supplied".into(), modality: Modality::Asserted, nominal: false,
//!     sentence: 0, span: (0, 34), rule: "supply.give-to".into(),
//!     text: "Pyongyang supplied arms to Moscow.".into(), date: Some("2024-06-19".into()),
//! }]);
//! let schema = Schema::embedded()?;
//! let resolver = Resolver::new(&graph).with_schema(&schema);
//! let russia = resolver.resolve("the Kremlin")?; // a name the text never used
//! let view = Filter::new().relations(["supply"]).view(&graph);
//! let links = view.neighbours(&russia, Direction::In);
//! assert_eq!(links[0].subject.as_str(), "North Korea");
//! assert_eq!(links[0].first_date.as_deref(), Some("2024-06-19"));
//! assert_eq!(&*links[0].evidence[0].text, "Pyongyang supplied arms to Moscow.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod ego;
mod error;
mod filter;
mod paths;
mod pattern;
mod rank;
mod resolve;
mod view;

use std::fmt;
use std::str::FromStr;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::graph::KnowledgeGraph;
use crate::model::{ActorId, Evidence, Modality, Relation};

pub use ego::{EgoLink, EgoNetwork};
pub use error::{PatternError, QueryError};
pub use filter::Filter;
pub use paths::{Path, Step, MAX_PATHS, MAX_PATH_STEPS};
pub use pattern::{Clause, Pattern, PatternMatch, Term, MAX_MATCHES, MAX_MATCH_EVIDENCE, MAX_PARTIAL_MATCHES, MAX_PATTERN_STEPS};
pub use rank::{Ranking, Score};
pub use resolve::{edit_distance, resolve_actor, Resolver};
pub use view::{View, ViewEdge};
use view::sorted_links;

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
/// the graph so it can be printed, serialised or kept. Counts, dates and
/// evidence are those that passed the query's [`Filter`].
///
/// Serialised (JSON) with `evidence` as the first piece of evidence and
/// `all_evidence` as the list of all of them.
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
    /// Distinct pieces of evidence behind the edge (that passed the filter),
    /// kept or not.
    pub mentions: u64,
    /// Earliest evidence date.
    pub first_date: Option<String>,
    /// Latest evidence date.
    pub last_date: Option<String>,
    /// True only if every mention was nominal.
    pub nominal: bool,
    /// Every kept piece of evidence (at least one), in the order it was
    /// added; fewer than `mentions` when the graph keeps only the first
    /// [`max_evidence`](KnowledgeGraph::max_evidence) per edge.
    pub evidence: Vec<Evidence>,
    /// `Out` when the queried actor is the subject, `In` when it is the
    /// object, `Both` for a self-loop.
    pub direction: Direction,
}

impl Serialize for Link {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Link", 11)?;
        s.serialize_field("subject", &self.subject)?;
        s.serialize_field("relation", &self.relation)?;
        s.serialize_field("object", &self.object)?;
        s.serialize_field("modality", &self.modality)?;
        s.serialize_field("mentions", &self.mentions)?;
        s.serialize_field("first_date", &self.first_date)?;
        s.serialize_field("last_date", &self.last_date)?;
        s.serialize_field("nominal", &self.nominal)?;
        s.serialize_field("direction", self.direction.as_str())?;
        s.serialize_field("evidence", &self.evidence.first())?;
        s.serialize_field("all_evidence", &self.evidence)?;
        s.end()
    }
}

impl Link {
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

/// The links of `actor` in `direction`, unfiltered; see [`View::neighbours`].
/// Found through the graph's actor index: microseconds on a graph of any size.
///
/// ```
/// # use actorgraph::graph::KnowledgeGraph;
/// # use actorgraph::model::ActorId;
/// # use actorgraph::query::{neighbours, Direction};
/// assert!(neighbours(&KnowledgeGraph::new(), &ActorId::new("Chad"), Direction::Out).is_empty());
/// ```
pub fn neighbours(graph: &KnowledgeGraph, actor: &ActorId, direction: Direction) -> Vec<Link> {
    // Unfiltered, the graph's own actor index answers: no view to build, so
    // the cost follows the actor's degree, not the graph's size.
    let out = matches!(direction, Direction::Out | Direction::Both)
        .then(|| graph.incident(actor, petgraph::Direction::Outgoing))
        .into_iter()
        .flatten();
    // A self-loop is both outgoing and incoming: listed once.
    let skip_loops = direction == Direction::Both;
    let incoming = matches!(direction, Direction::In | Direction::Both)
        .then(|| graph.incident(actor, petgraph::Direction::Incoming))
        .into_iter()
        .flatten()
        .filter(move |e| !(skip_loops && e.subject.id == e.object.id));
    sorted_links(out.chain(incoming).map(|e| ViewEdge::whole(e).link(actor)))
}

/// Every link between `a` and `b`, both ways, unfiltered; see [`View::between`].
/// Found through the graph's actor index, like [`neighbours`].
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
    let out = graph.incident(a, petgraph::Direction::Outgoing).filter(|e| &e.object.id == b);
    // Self-loops came with the outgoing edges.
    let incoming = graph
        .incident(a, petgraph::Direction::Incoming)
        .filter(|e| &e.subject.id == b && e.subject.id != e.object.id);
    sorted_links(out.chain(incoming).map(|e| ViewEdge::whole(e).link(a)))
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
        assert_eq!(&*links[0].evidence[0].doc, "d3");
        assert_eq!(links[0].evidence.len(), 3);
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
