//! A filtered view of a graph: the edges a [`Filter`] keeps, each with the
//! evidence that passed, indexed by actor. Every query runs on a view.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Direction, Filter, Link};
use crate::graph::{ActorNode, EdgeRef, KnowledgeGraph, RelationEdge};
use crate::model::{ActorId, Evidence};

/// One edge of a [`View`]: an edge of the graph and the part of its
/// evidence the filter kept.
#[derive(Debug, Clone)]
pub struct ViewEdge<'g> {
    /// Who acts.
    pub subject: &'g ActorNode,
    /// Who is acted on or with.
    pub object: &'g ActorNode,
    /// The edge in the graph (with all its evidence).
    pub edge: &'g RelationEdge,
    /// The evidence that passed the filter, in the edge's order.
    pub evidence: Vec<&'g Evidence>,
}

impl<'g> ViewEdge<'g> {
    /// The whole edge, all its evidence passing.
    pub(crate) fn whole(e: EdgeRef<'g>) -> Self {
        ViewEdge { subject: e.subject, object: e.object, edge: e.edge, evidence: e.edge.evidence.iter().collect() }
    }

    /// True when all of the edge's kept evidence passed the filter: then
    /// its exact counts and dates stand, whether or not it kept every
    /// piece of evidence (see [`KnowledgeGraph::max_evidence`]).
    pub fn is_whole(&self) -> bool {
        self.evidence.len() == self.edge.evidence.len()
    }

    /// Mentions that passed the filter: all of the edge's when
    /// [whole](Self::is_whole), else those of the evidence that passed.
    pub fn mentions(&self) -> u64 {
        if self.is_whole() {
            self.edge.mentions
        } else {
            self.evidence.len() as u64
        }
    }

    /// Earliest date of the evidence that passed (of all mentions when whole).
    pub fn first_date(&self) -> Option<&str> {
        if self.is_whole() {
            return self.edge.first_date.as_deref();
        }
        self.evidence.iter().filter_map(|e| e.date.as_deref()).min()
    }

    /// Latest date of the evidence that passed (of all mentions when whole).
    pub fn last_date(&self) -> Option<&str> {
        if self.is_whole() {
            return self.edge.last_date.as_deref();
        }
        self.evidence.iter().filter_map(|e| e.date.as_deref()).max()
    }

    /// This edge as a [`Link`], its direction seen from `from`.
    pub fn link(&self, from: &ActorId) -> Link {
        let direction = match (&self.subject.id == from, &self.object.id == from) {
            (true, true) => Direction::Both,
            (false, true) => Direction::In,
            _ => Direction::Out,
        };
        Link {
            subject: self.subject.id.clone(),
            relation: self.edge.relation.clone(),
            object: self.object.id.clone(),
            modality: self.edge.modality,
            mentions: self.mentions(),
            first_date: self.first_date().map(str::to_string),
            last_date: self.last_date().map(str::to_string),
            nominal: self.edge.nominal,
            evidence: self.evidence.iter().map(|&e| e.clone()).collect(),
            direction,
        }
    }

    /// Whether the edge leaves `actor` (`Out`), arrives at it (`In`) or either (`Both`).
    pub(crate) fn touches(&self, actor: &ActorId, direction: Direction) -> bool {
        match direction {
            Direction::Out => &self.subject.id == actor,
            Direction::In => &self.object.id == actor,
            Direction::Both => &self.subject.id == actor || &self.object.id == actor,
        }
    }

    /// The actor at the other end from `actor`.
    pub(crate) fn other(&self, actor: &ActorId) -> &ActorId {
        if &self.subject.id == actor {
            &self.object.id
        } else {
            &self.subject.id
        }
    }
}

/// The part of a graph a [`Filter`] keeps, indexed for queries. Build one
/// with [`Filter::view`]; it borrows the graph.
///
/// ```
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
/// use actorgraph::query::{Direction, Filter};
///
/// let t = |s: &str, r: &str, o: &str, m: Modality| Triple {
///     doc: "d".into(), subject: ActorRef::new(s, s, ActorKind::State), relation: Relation::new(r),
///     object: ActorRef::new(o, o, ActorKind::State), predicate: r.into(), modality: m,
///     nominal: false, sentence: 0, span: (0, 1), rule: r.into(), text: format!("{s} {r} {o}"), date: None,
/// };
/// let graph = KnowledgeGraph::from_triples([
///     t("Iran", "supply", "Russia", Modality::Asserted),
///     t("Iran", "attack", "Israel", Modality::Hypothetical),
/// ]);
/// let view = Filter::new().modalities([Modality::Asserted]).view(&graph);
/// let links = view.neighbours(&ActorId::new("Iran"), Direction::Out);
/// assert_eq!(links.len(), 1);
/// assert_eq!(links[0].object.as_str(), "Russia");
/// ```
#[derive(Debug, Clone)]
pub struct View<'g> {
    graph: &'g KnowledgeGraph,
    edges: Vec<ViewEdge<'g>>,
    actors: BTreeMap<&'g ActorId, &'g ActorNode>,
    by_actor: HashMap<&'g ActorId, Vec<usize>>,
}

impl<'g> View<'g> {
    /// The view of `graph` through `filter` (same as [`Filter::view`]).
    pub fn new(graph: &'g KnowledgeGraph, filter: &Filter) -> View<'g> {
        let mut edges = Vec::new();
        for e in graph.edges() {
            if !filter.accepts_actor(e.subject)
                || !filter.accepts_actor(e.object)
                || !filter.accepts_link(&e.edge.relation, e.edge.modality)
            {
                continue;
            }
            let evidence: Vec<&Evidence> =
                e.edge.evidence.iter().filter(|ev| filter.accepts_evidence(ev)).collect();
            if evidence.is_empty() {
                continue;
            }
            let edge = ViewEdge { subject: e.subject, object: e.object, edge: e.edge, evidence };
            if edge.mentions() < filter.min_mentions {
                continue;
            }
            edges.push(edge);
        }
        let actors: BTreeMap<&ActorId, &ActorNode> = if filter.restricts_links() {
            edges
                .iter()
                .flat_map(|e| [(&e.subject.id, e.subject), (&e.object.id, e.object)])
                .collect()
        } else {
            graph.actors().filter(|a| filter.accepts_actor(a)).map(|a| (&a.id, a)).collect()
        };
        View::from_parts(graph, edges, actors)
    }

    fn from_parts(
        graph: &'g KnowledgeGraph,
        edges: Vec<ViewEdge<'g>>,
        actors: BTreeMap<&'g ActorId, &'g ActorNode>,
    ) -> View<'g> {
        let mut by_actor: HashMap<&ActorId, Vec<usize>> = HashMap::new();
        for (i, e) in edges.iter().enumerate() {
            by_actor.entry(&e.subject.id).or_default().push(i);
            if e.object.id != e.subject.id {
                by_actor.entry(&e.object.id).or_default().push(i);
            }
        }
        View { graph, edges, actors, by_actor }
    }

    /// The graph this view looks at.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.graph
    }

    /// The kept edges, in key order (subject, object, relation, modality).
    pub fn edges(&self) -> &[ViewEdge<'g>] {
        &self.edges
    }

    /// Number of kept edges.
    pub fn link_count(&self) -> usize {
        self.edges.len()
    }

    /// The actors in the view, sorted by id: those of kept kinds with a
    /// kept edge, and, when the filter drops no edges, isolated actors too.
    pub fn actors(&self) -> impl Iterator<Item = &'g ActorNode> + '_ {
        self.actors.values().copied()
    }

    /// Whether the view holds this actor.
    pub fn contains(&self, actor: &ActorId) -> bool {
        self.actors.contains_key(actor)
    }

    /// Indices (into [`edges`](Self::edges)) of the edges of `actor` in `direction`.
    pub(crate) fn incident(&self, actor: &ActorId, direction: Direction) -> impl Iterator<Item = usize> + '_ {
        let all = self.by_actor.get(actor).map(Vec::as_slice).unwrap_or(&[]);
        let actor = actor.clone();
        all.iter().copied().filter(move |&i| self.edges[i].touches(&actor, direction))
    }

    /// The links of `actor` in `direction`, most mentioned first, ties in
    /// key order (subject, object, relation, modality). An actor the view
    /// does not have has no links.
    pub fn neighbours(&self, actor: &ActorId, direction: Direction) -> Vec<Link> {
        sorted_links(self.incident(actor, direction).map(|i| self.edges[i].link(actor)))
    }

    /// Every link between `a` and `b`, both ways, most mentioned first;
    /// directions are seen from `a`.
    pub fn between(&self, a: &ActorId, b: &ActorId) -> Vec<Link> {
        sorted_links(
            self.incident(a, Direction::Both)
                .filter(|&i| self.edges[i].other(a) == b)
                .map(|i| self.edges[i].link(a)),
        )
    }

    /// The view restricted to `actors`: their edges among themselves.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::query::Filter;
    /// # use actorgraph::model::ActorId;
    /// let graph = KnowledgeGraph::new();
    /// let view = Filter::new().view(&graph);
    /// let none = view.restrict(&[ActorId::new("Chad")].into_iter().collect());
    /// assert_eq!(none.actors().count(), 0);
    /// ```
    pub fn restrict(&self, actors: &BTreeSet<ActorId>) -> View<'g> {
        let edges = self
            .edges
            .iter()
            .filter(|e| actors.contains(&e.subject.id) && actors.contains(&e.object.id))
            .cloned()
            .collect();
        let kept = self
            .actors
            .iter()
            .filter(|(id, _)| actors.contains(**id))
            .map(|(&id, &a)| (id, a))
            .collect();
        View::from_parts(self.graph, edges, kept)
    }

    /// The view keeping only the `n` strongest actor pairs (one direction
    /// each: all edges from one actor to another), by their summed
    /// mentions; ties in pair order. Actors left without an edge go.
    pub fn strongest_pairs(&self, n: usize) -> View<'g> {
        let mut weights: BTreeMap<(&ActorId, &ActorId), u64> = BTreeMap::new();
        for e in &self.edges {
            *weights.entry((&e.subject.id, &e.object.id)).or_default() += e.mentions();
        }
        let mut pairs: Vec<((&ActorId, &ActorId), u64)> = weights.into_iter().collect();
        pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let kept: BTreeSet<(&ActorId, &ActorId)> = pairs.into_iter().take(n).map(|(p, _)| p).collect();
        let edges: Vec<ViewEdge<'g>> = self
            .edges
            .iter()
            .filter(|e| kept.contains(&(&e.subject.id, &e.object.id)))
            .cloned()
            .collect();
        let actors = edges
            .iter()
            .flat_map(|e| [(&e.subject.id, e.subject), (&e.object.id, e.object)])
            .collect();
        View::from_parts(self.graph, edges, actors)
    }

    /// The view as a graph of its own: its actors, its edges with the kept
    /// evidence only. Use it to export a filtered or ego subgraph.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::query::Filter;
    /// let graph = KnowledgeGraph::new();
    /// assert_eq!(Filter::new().view(&graph).to_graph(), graph);
    /// ```
    pub fn to_graph(&self) -> KnowledgeGraph {
        // The view borrows the graph, so addresses identify edges and evidence.
        let kept: HashMap<*const RelationEdge, BTreeSet<*const Evidence>> = self
            .edges
            .iter()
            .map(|e| {
                let evidence = e.evidence.iter().map(|&ev| ev as *const Evidence).collect();
                (e.edge as *const RelationEdge, evidence)
            })
            .collect();
        self.graph.subgraph(
            |a| self.actors.contains_key(&a.id),
            |e, ev| {
                kept.get(&(e.edge as *const RelationEdge))
                    .is_some_and(|set| set.contains(&(ev as *const Evidence)))
            },
            true,
        )
    }
}

/// Links most mentioned first, ties in key order.
pub(crate) fn sorted_links(links: impl Iterator<Item = Link>) -> Vec<Link> {
    let mut links: Vec<Link> = links.collect();
    links.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
    links
}
