//! The knowledge graph: one node per canonical actor, one edge per
//! (subject, relation, object, modality), each edge backed by its evidence.
//!
//! The graph is built from [`Triple`]s and knows nothing about where they
//! came from. Adding the same evidence twice (same document, sentence and
//! rule) changes nothing, so re-reading a document is harmless.
//!
//! ```
//! use actorgraph::graph::KnowledgeGraph;
//! use actorgraph::model::*;
//!
//! let triple = Triple {
//!     doc: "note".into(),
//!     subject: ActorRef::new("North Korea", "Pyongyang", ActorKind::State),
//!     relation: Relation::new("supply"),
//!     object: ActorRef::new("Russia", "Moscow", ActorKind::State),
//!     predicate: "supplied".into(),
//!     modality: Modality::Asserted,
//!     nominal: false,
//!     sentence: 0,
//!     span: (0, 34),
//!     rule: "supply.give-to".into(),
//!     text: "Pyongyang supplied arms to Moscow.".into(),
//!     date: Some("2024-06-19".into()),
//! };
//! let mut graph = KnowledgeGraph::new();
//! graph.add_triple(&triple);
//! graph.add_triple(&triple); // the same evidence again: no change
//! assert_eq!((graph.actor_count(), graph.edge_count()), (2, 1));
//! assert_eq!(graph.edges().next().unwrap().edge.mentions, 1);
//! ```

mod documents;
mod elements;
mod error;
mod file;
mod merge;
mod summary;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::EdgeRef as _;

use crate::model::{ActorId, ActorKind, Evidence, Modality, Relation, Triple};

pub use documents::{content_hash, DocumentChange};
use documents::{Arrival, Newer};
pub use elements::{ActorNode, EdgeKey, EdgeRef, RelationEdge};
pub use error::GraphError;
pub use merge::{MergeError, MergeSummary};
pub use summary::GraphSummary;
pub use file::{GraphFormat, FILE_FORMAT_TAG, FILE_FORMAT_VERSION, OLDEST_FILE_FORMAT_VERSION};

/// The evidence kept per edge by `actorgraph build` unless told otherwise
/// (`--max-evidence`): enough sentences to read why a link is there, while
/// the graph's size follows its distinct edges rather than its input.
pub const DEFAULT_MAX_EVIDENCE: usize = 20;

/// Identifies one piece of evidence within its document, for
/// de-duplication: the edge, the rule (by number, see [`Names`]) and the
/// sentence. Three `u32`s keep the sets that remember every piece small; a
/// sentence index past `u32::MAX` goes to [`KnowledgeGraph::far_evidence`]
/// instead.
type EvidenceKey = (u32, u32, u32);

/// What the graph counted from one document (by number, see [`Names`]).
///
/// The pieces of evidence are remembered per document rather than in one
/// set for the whole graph: triples arrive grouped by document, so the set
/// probed is the one just used (in cache) instead of a random place in a
/// set of millions, and forgetting a document drops its set.
#[derive(Debug, Clone, Default)]
struct DocTally {
    /// Pieces of evidence the document gave, kept or not.
    evidence: u64,
    /// Which pieces, for de-duplication.
    seen: SeenSet,
}

/// A set of [`EvidenceKey`]s: a short list while small (most documents give
/// a handful of triples, and scanning a few keys beats hashing), a hash set
/// once a long document would make the scans quadratic.
#[derive(Debug, Clone)]
enum SeenSet {
    Few(Vec<EvidenceKey>),
    Many(HashSet<EvidenceKey>),
}

impl SeenSet {
    /// Keys a [`SeenSet::Few`] holds before it turns into a hash set.
    const FEW: usize = 16;

    /// Adds `key`; `false` when it was already there.
    fn insert(&mut self, key: EvidenceKey) -> bool {
        match self {
            SeenSet::Few(keys) if keys.contains(&key) => false,
            SeenSet::Few(keys) if keys.len() < Self::FEW => {
                keys.push(key);
                true
            }
            SeenSet::Few(keys) => {
                let mut set: HashSet<EvidenceKey> = keys.drain(..).collect();
                set.insert(key);
                *self = SeenSet::Many(set);
                true
            }
            SeenSet::Many(set) => set.insert(key),
        }
    }
}

impl Default for SeenSet {
    fn default() -> Self {
        SeenSet::Few(Vec::new())
    }
}

/// Identifies an edge by its nodes, relation (by [`KnowledgeGraph::relation_ids`]) and modality.
type EdgeSlot = (NodeIndex, NodeIndex, u32, Modality);

/// Strings numbered in the order they were first seen, each stored once.
#[derive(Debug, Clone, Default)]
struct Names {
    ids: HashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
    /// The number given out last: triples come grouped by document, so
    /// comparing with it spares most lookups in a map of every document.
    last: Option<u32>,
}

impl Names {
    /// The number of `name`, numbering it if new.
    fn number(&mut self, name: &str) -> u32 {
        if let Some(last) = self.last.filter(|&id| &*self.names[id as usize] == name) {
            return last;
        }
        let id = match self.ids.get(name) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.names.len()).expect("fewer than 2^32 distinct names");
                let name: Arc<str> = name.into();
                self.ids.insert(name.clone(), id);
                self.names.push(name);
                id
            }
        };
        self.last = Some(id);
        id
    }

    fn get(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    fn name(&self, id: u32) -> &Arc<str> {
        &self.names[id as usize]
    }
}

/// A directed multigraph of actors and the relations between them.
///
/// Node and edge indices are internal: actors are addressed by [`ActorId`],
/// edges by [`EdgeKey`], and the file format is keyed the same way.
///
/// Every edge counts all of its distinct evidence (mentions, first and last
/// date, per-document and per-actor tallies) but keeps only the first
/// [`max_evidence`](Self::max_evidence) pieces of it, so that a graph's
/// size follows its distinct edges, not the size of its input.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: StableGraph<ActorNode, RelationEdge>,
    nodes: HashMap<ActorId, NodeIndex>,
    /// Every document id that gave evidence, numbered.
    docs: Names,
    /// Per document (by number): how many pieces of evidence it gave, kept
    /// or not (so that asking whether a document is in the graph does not
    /// scan every edge), and which (so that counts stay exact when the same
    /// evidence comes again).
    doc_tallies: Vec<DocTally>,
    /// Like [`DocTally::seen`], for sentence indices that do not fit a
    /// `u32`: (document, edge, rule, sentence).
    far_evidence: HashSet<(u32, u32, u32, usize)>,
    /// Every rule id seen, numbered.
    rules: Names,
    /// Every relation class seen, numbered.
    relation_ids: HashMap<Relation, u32>,
    /// Edges by nodes, relation number and modality: finding an edge
    /// without building its key.
    edge_slots: HashMap<EdgeSlot, EdgeIndex>,
    /// Sentences, predicates, dates and mention texts of kept evidence,
    /// each stored once however many edges cite it.
    strings: HashSet<Arc<str>>,
    /// Content hash of every document added through
    /// [`KnowledgeGraph::add_document`], by document id.
    document_hashes: BTreeMap<String, String>,
    /// Most pieces of evidence kept per edge; 0 keeps all.
    max_evidence: usize,
}

/// One end of an observation: the actor, its kind, the words that named it.
struct End<'a> {
    id: &'a ActorId,
    kind: ActorKind,
    text: &'a str,
}

/// The subject and object ends of a triple.
fn ends(triple: &Triple) -> (End<'_>, End<'_>) {
    fn end(a: &crate::model::ActorRef) -> End<'_> {
        End { id: &a.id, kind: a.kind, text: &a.text }
    }
    (end(&triple.subject), end(&triple.object))
}

/// Triples [`KnowledgeGraph::extend`] adds at a time: enough to overlap
/// the memory latency of reaching their edges, few enough that those edges
/// are still in cache when the triples are observed.
const BATCH: usize = 64;

/// One piece of evidence as read, borrowed: nothing is copied unless the
/// edge keeps it.
#[derive(Clone, Copy)]
struct Reading<'a> {
    doc: &'a str,
    sentence: usize,
    span: (usize, usize),
    rule: &'a str,
    text: &'a str,
    predicate: &'a str,
    date: Option<&'a str>,
}

impl<'a> Reading<'a> {
    fn of_triple(t: &'a Triple) -> Self {
        Reading {
            doc: &t.doc,
            sentence: t.sentence,
            span: t.span,
            rule: &t.rule,
            text: &t.text,
            predicate: &t.predicate,
            date: t.date.as_deref(),
        }
    }

    fn of_evidence(e: &'a Evidence) -> Self {
        Reading {
            doc: &e.doc,
            sentence: e.sentence,
            span: e.span,
            rule: &e.rule,
            text: &e.text,
            predicate: &e.predicate,
            date: e.date.as_deref(),
        }
    }
}

impl KnowledgeGraph {
    /// An empty graph that keeps all evidence.
    ///
    /// ```
    /// let g = actorgraph::graph::KnowledgeGraph::new();
    /// assert_eq!((g.actor_count(), g.max_evidence()), (0, 0));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// This graph, keeping at most `n` pieces of evidence per edge (0: all);
    /// see [`set_max_evidence`](Self::set_max_evidence).
    ///
    /// ```
    /// # use actorgraph::graph::{KnowledgeGraph, DEFAULT_MAX_EVIDENCE};
    /// let g = KnowledgeGraph::new().with_max_evidence(DEFAULT_MAX_EVIDENCE);
    /// assert_eq!(g.max_evidence(), 20);
    /// ```
    pub fn with_max_evidence(mut self, n: usize) -> Self {
        self.set_max_evidence(n);
        self
    }

    /// Most pieces of evidence kept per edge; 0 means all.
    pub fn max_evidence(&self) -> usize {
        self.max_evidence
    }

    /// Keeps at most `n` pieces of evidence per edge from now on (0: all).
    ///
    /// Each edge keeps the first `n` pieces by document id, sentence and
    /// rule, so a graph is the same however its input was ordered, batched,
    /// threaded or split into graphs merged later; the
    /// rest are still counted (mentions, dates, per-actor and per-document
    /// tallies), just not stored. Lowering the limit drops evidence past it
    /// at once; raising it keeps later evidence until the new limit.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # let t = |sentence| Triple { doc: "d".into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new("India", "India", ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence,
    /// #   span: (0, 16), rule: "meet.verb".into(), text: "Tokyo met India.".into(), date: None };
    /// let mut g = KnowledgeGraph::from_triples((0..4).map(t));
    /// g.set_max_evidence(1);
    /// let e = g.edges().next().unwrap().edge;
    /// assert_eq!((e.mentions, e.evidence.len(), e.evidence[0].sentence), (4, 1, 0));
    /// ```
    pub fn set_max_evidence(&mut self, n: usize) {
        self.max_evidence = n;
        if n == 0 {
            return;
        }
        for edge in self.graph.edge_weights_mut() {
            edge.evidence.truncate(n);
            edge.mention_texts.truncate(n);
        }
    }

    /// Builds a graph from triples, keeping all evidence.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// let g = KnowledgeGraph::from_triples(Vec::new());
    /// assert_eq!(g.edge_count(), 0);
    /// ```
    pub fn from_triples<I: IntoIterator<Item = Triple>>(triples: I) -> Self {
        let mut graph = Self::new();
        graph.extend(triples);
        graph
    }

    /// Adds one triple. Returns `false` when the graph already held this
    /// evidence (same document, sentence and rule on the same edge), in
    /// which case nothing changes.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # let t = Triple { doc: "d".into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new("India", "New Delhi", ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 1,
    /// #   span: (5, 20), rule: "meet.verb".into(), text: "Tokyo met New Delhi.".into(), date: None };
    /// let mut g = KnowledgeGraph::new();
    /// assert!(g.add_triple(&t));
    /// assert!(!g.add_triple(&t));
    /// ```
    pub fn add_triple(&mut self, triple: &Triple) -> bool {
        let edge = self.triple_edge(triple);
        self.observe_triple(edge, triple)
    }

    /// The edge `triple` adds to, created (with its actors) if new.
    fn triple_edge(&mut self, triple: &Triple) -> EdgeIndex {
        let (subject, object) = ends(triple);
        self.ensure_edge(&subject, &triple.relation, &object, triple.modality)
    }

    /// Adds `triple` as evidence of `edge`, its edge.
    fn observe_triple(&mut self, edge: EdgeIndex, triple: &Triple) -> bool {
        let (subject, object) = ends(triple);
        self.observe(edge, &subject, &object, triple.nominal, Reading::of_triple(triple))
    }

    /// Adds triples as [`add_triple`](Self::add_triple) does one by one, a
    /// batch at a time: the edges of a whole batch are found (or made, in
    /// the same order) and touched first, so that in a large graph the
    /// cache misses of reaching them overlap instead of each triple waiting
    /// for its own.
    fn add_triples<T: std::borrow::Borrow<Triple>>(&mut self, triples: impl IntoIterator<Item = T>) {
        let mut triples = triples.into_iter();
        let mut batch: Vec<T> = Vec::with_capacity(BATCH);
        let mut edges: Vec<EdgeIndex> = Vec::with_capacity(BATCH);
        loop {
            batch.extend(triples.by_ref().take(BATCH));
            if batch.is_empty() {
                return;
            }
            edges.extend(batch.iter().map(|t| self.triple_edge(t.borrow())));
            let touched = edges.iter().fold(0u64, |sum, &ix| sum.wrapping_add(self.graph[ix].mentions));
            std::hint::black_box(touched);
            for (triple, &edge) in batch.iter().zip(&edges) {
                self.observe_triple(edge, triple.borrow());
            }
            batch.clear();
            edges.clear();
        }
    }

    /// The actor with this canonical id.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::ActorId;
    /// assert!(KnowledgeGraph::new().actor(&ActorId::new("Chad")).is_none());
    /// ```
    pub fn actor(&self, id: &ActorId) -> Option<&ActorNode> {
        self.nodes.get(id).map(|&ix| &self.graph[ix])
    }

    /// All actors, sorted by id.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// assert_eq!(KnowledgeGraph::new().actors().count(), 0);
    /// ```
    pub fn actors(&self) -> impl Iterator<Item = &ActorNode> + '_ {
        let mut actors: Vec<&ActorNode> = self.graph.node_weights().collect();
        actors.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        actors.into_iter()
    }

    /// All edges, sorted by subject, object, relation and modality.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// assert_eq!(KnowledgeGraph::new().edges().count(), 0);
    /// ```
    pub fn edges(&self) -> impl Iterator<Item = EdgeRef<'_>> + '_ {
        let mut edges = self.edge_refs();
        edges.sort_unstable_by(|a, b| a.cmp_key(b));
        edges.into_iter()
    }

    /// Number of actors.
    pub fn actor_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of merged edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The ids of every document that contributed evidence (kept or not) or
    /// was added with [`add_document`](Self::add_document) (even without triples).
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// assert!(KnowledgeGraph::new().documents().is_empty());
    /// ```
    pub fn documents(&self) -> BTreeSet<&str> {
        self.doc_tallies
            .iter()
            .enumerate()
            .filter(|(_, tally)| tally.evidence > 0)
            .map(|(doc, _)| &**self.docs.name(doc as u32))
            .chain(self.document_hashes.keys().map(String::as_str))
            .collect()
    }

    /// How many distinct pieces of evidence document `id` gave, kept or not.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// assert_eq!(KnowledgeGraph::new().document_mentions("d"), 0);
    /// ```
    pub fn document_mentions(&self, id: &str) -> u64 {
        self.docs.get(id).and_then(|d| self.doc_tallies.get(d as usize)).map_or(0, |tally| tally.evidence)
    }

    /// The `n` actors with the most links (edges in either direction), with
    /// that number; ties in id order.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// assert!(KnowledgeGraph::new().most_linked(5).is_empty());
    /// ```
    pub fn most_linked(&self, n: usize) -> Vec<(&ActorNode, usize)> {
        let mut links: HashMap<&ActorId, usize> = HashMap::default();
        for e in self.edge_refs() {
            *links.entry(&e.subject.id).or_default() += 1;
            *links.entry(&e.object.id).or_default() += 1;
        }
        let mut ranked: Vec<(&ActorNode, usize)> = self
            .actors()
            .map(|a| (a, links.get(&a.id).copied().unwrap_or(0)))
            .collect();
        // `actors()` is in id order and the sort is stable: ties stay so.
        ranked.sort_by_key(|&(_, links)| std::cmp::Reverse(links));
        ranked.truncate(n);
        ranked
    }

    /// The `n` edges with the most mentions; ties in key order.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// assert!(KnowledgeGraph::new().strongest_links(5).is_empty());
    /// ```
    pub fn strongest_links(&self, n: usize) -> Vec<EdgeRef<'_>> {
        let mut edges = self.edge_refs();
        edges.sort_unstable_by(|a, b| b.edge.mentions.cmp(&a.edge.mentions).then(a.cmp_key(b)));
        edges.truncate(n);
        edges
    }

    /// The edge with this key, found through the actor index (no scan).
    ///
    /// ```
    /// # use actorgraph::graph::{EdgeKey, KnowledgeGraph};
    /// # use actorgraph::model::*;
    /// let key = EdgeKey::new(ActorId::new("a"), Relation::new("meet"), ActorId::new("b"), Modality::Asserted);
    /// assert!(KnowledgeGraph::new().edge(&key).is_none());
    /// ```
    pub fn edge(&self, key: &EdgeKey) -> Option<EdgeRef<'_>> {
        let s = *self.nodes.get(&key.subject)?;
        let o = *self.nodes.get(&key.object)?;
        let relation = *self.relation_ids.get(&key.relation)?;
        let &ix = self.edge_slots.get(&(s, o, relation, key.modality))?;
        Some(EdgeRef {
            subject: &self.graph[s],
            object: &self.graph[o],
            edge: &self.graph[ix],
        })
    }

    /// Edges leaving `actor` (none for an unknown actor), in no particular order.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::ActorId;
    /// assert!(KnowledgeGraph::new().outgoing(&ActorId::new("Mali")).is_empty());
    /// ```
    pub fn outgoing(&self, actor: &ActorId) -> Vec<EdgeRef<'_>> {
        self.incident(actor, petgraph::Direction::Outgoing).collect()
    }

    /// Edges arriving at `actor` (none for an unknown actor), in no particular order.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::ActorId;
    /// assert!(KnowledgeGraph::new().incoming(&ActorId::new("Mali")).is_empty());
    /// ```
    pub fn incoming(&self, actor: &ActorId) -> Vec<EdgeRef<'_>> {
        self.incident(actor, petgraph::Direction::Incoming).collect()
    }

    /// The edges of `actor` in one direction, through the actor index:
    /// the cost follows the actor's degree, not the graph's size.
    pub(crate) fn incident(
        &self,
        actor: &ActorId,
        direction: petgraph::Direction,
    ) -> impl Iterator<Item = EdgeRef<'_>> + '_ {
        let ix = self.nodes.get(actor).copied();
        ix.into_iter().flat_map(move |ix| {
            self.graph.edges_directed(ix, direction).map(|e| EdgeRef {
                subject: &self.graph[e.source()],
                object: &self.graph[e.target()],
                edge: e.weight(),
            })
        })
    }

    fn edge_refs(&self) -> Vec<EdgeRef<'_>> {
        self.graph
            .edge_indices()
            .filter_map(|ix| {
                let (s, o) = self.graph.edge_endpoints(ix)?;
                Some(EdgeRef {
                    subject: &self.graph[s],
                    object: &self.graph[o],
                    edge: &self.graph[ix],
                })
            })
            .collect()
    }

    /// The node for `id`, created with `kind` if new (an existing node
    /// keeps the kind it was first seen with).
    fn ensure_actor(&mut self, id: &ActorId, kind: ActorKind) -> NodeIndex {
        if let Some(&ix) = self.nodes.get(id) {
            return ix;
        }
        let ix = self.graph.add_node(ActorNode::new(id.clone(), kind));
        self.nodes.insert(id.clone(), ix);
        ix
    }

    /// Takes edge `ix` out of the graph and its index.
    fn forget_edge(&mut self, ix: EdgeIndex) {
        let (s, o) = self.graph.edge_endpoints(ix).expect("edge has endpoints");
        let edge = self.graph.remove_edge(ix).expect("edge exists");
        let relation = self.relation_ids[&edge.relation];
        self.edge_slots.remove(&(s, o, relation, edge.modality));
    }

    /// The edge for (subject, relation, object, modality), created if new,
    /// with its nodes.
    fn ensure_edge(&mut self, subject: &End<'_>, relation: &Relation, object: &End<'_>, modality: Modality) -> EdgeIndex {
        let s_ix = self.ensure_actor(subject.id, subject.kind);
        let o_ix = self.ensure_actor(object.id, object.kind);
        let relation_id = match self.relation_ids.get(relation) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.relation_ids.len()).expect("fewer than 2^32 relation classes");
                self.relation_ids.insert(relation.clone(), id);
                id
            }
        };
        let slot = (s_ix, o_ix, relation_id, modality);
        if let Some(&ix) = self.edge_slots.get(&slot) {
            return ix;
        }
        let ix = self.graph.add_edge(s_ix, o_ix, RelationEdge::new(relation.clone(), modality, true));
        self.edge_slots.insert(slot, ix);
        ix
    }

    /// The single entry point for new evidence, shared by triples, merges,
    /// cuts and file loading so that all of them count the same way:
    /// de-duplicates, counts, and keeps the evidence if the edge has room.
    fn observe(&mut self, edge_ix: EdgeIndex, subject: &End<'_>, object: &End<'_>, nominal: bool, reading: Reading<'_>) -> bool {
        // "Nominal only if every reading was nominal" folds in every reading,
        // even one whose evidence is already here: so merging does not
        // depend on the order graphs are merged in.
        self.graph[edge_ix].nominal &= nominal;
        let doc = self.docs.number(reading.doc);
        let rule = self.rules.number(reading.rule);
        let edge = u32::try_from(edge_ix.index()).expect("edge indices are u32");
        let new = match u32::try_from(reading.sentence) {
            Ok(sentence) => self.doc_tally(doc as usize).seen.insert((edge, rule, sentence)),
            Err(_) => self.far_evidence.insert((doc, edge, rule, reading.sentence)),
        };
        if !new {
            return false;
        }
        self.add_doc_mentions(doc as usize, 1);
        let (s_ix, o_ix) = self.graph.edge_endpoints(edge_ix).expect("edge has endpoints");
        self.graph[s_ix].count_mentions(subject.text, 1);
        self.graph[o_ix].count_mentions(object.text, 1);
        let max = self.max_evidence;
        let edge = &mut self.graph[edge_ix];
        let slot = edge.slot_for(reading.doc, reading.sentence, reading.rule, max);
        // The shared copy of the date is only looked up when the edge
        // stores it: most mentions of a busy edge neither are kept nor
        // widen its dates.
        let date = reading.date.filter(|d| slot.is_some() || edge.widens_dates(d)).map(|d| intern(&mut self.strings, d));
        edge.count(date.as_ref(), nominal);
        if let Some(at) = slot {
            let evidence = Evidence {
                doc: self.docs.name(doc).clone(),
                sentence: reading.sentence,
                span: reading.span,
                rule: self.rules.name(rule).clone(),
                text: intern(&mut self.strings, reading.text),
                predicate: intern(&mut self.strings, reading.predicate),
                date,
            };
            let texts = (intern(&mut self.strings, subject.text), intern(&mut self.strings, object.text));
            edge.keep(at, evidence, texts, max);
        }
        true
    }

    /// The tally of document `doc` (by number), made if new.
    fn doc_tally(&mut self, doc: usize) -> &mut DocTally {
        if self.doc_tallies.len() <= doc {
            self.doc_tallies.resize_with(doc + 1, DocTally::default);
        }
        &mut self.doc_tallies[doc]
    }

    fn add_doc_mentions(&mut self, doc: usize, n: u64) {
        self.doc_tally(doc).evidence += n;
    }

    /// Observes the kept evidence of `e` (from another graph) that `keep`
    /// accepts, on the matching edge of this graph. Returns that edge.
    fn copy_samples(&mut self, e: EdgeRef<'_>, mut keep: impl FnMut(&Evidence) -> bool) -> EdgeIndex {
        let end = |node: &'_ ActorNode| (node.id.clone(), node.kind);
        let ((s_id, s_kind), (o_id, o_kind)) = (end(e.subject), end(e.object));
        let edge = self.ensure_edge(
            &End { id: &s_id, kind: s_kind, text: "" },
            &e.edge.relation,
            &End { id: &o_id, kind: o_kind, text: "" },
            e.edge.modality,
        );
        for (evidence, (s_text, o_text)) in e.edge.evidence.iter().zip(&e.edge.mention_texts) {
            if keep(evidence) {
                self.observe(
                    edge,
                    &End { id: &s_id, kind: s_kind, text: s_text },
                    &End { id: &o_id, kind: o_kind, text: o_text },
                    e.edge.nominal,
                    Reading::of_evidence(evidence),
                );
            }
        }
        edge
    }

    /// Adds what `from` counted but did not keep to edge `ix`: its mentions
    /// and its date range; with `to_actors`, also to both actors' totals
    /// (as mentions without a known spelling).
    fn count_unkept(&mut self, ix: EdgeIndex, from: &RelationEdge, to_actors: bool) {
        let n = from.unkept();
        let edge = &mut self.graph[ix];
        edge.mentions += n;
        edge.nominal &= from.nominal;
        edge.widen_dates(from.first_date.as_ref(), from.last_date.as_ref());
        if to_actors {
            let (s, o) = self.graph.edge_endpoints(ix).expect("edge has endpoints");
            self.graph[s].mentions += n;
            self.graph[o].mentions += n;
        }
    }

}

/// The one shared copy of `text` in `strings`.
fn intern(strings: &mut HashSet<Arc<str>>, text: &str) -> Arc<str> {
    if let Some(s) = strings.get(text) {
        return s.clone();
    }
    let s: Arc<str> = text.into();
    strings.insert(s.clone());
    s
}

impl Extend<Triple> for KnowledgeGraph {
    fn extend<I: IntoIterator<Item = Triple>>(&mut self, triples: I) {
        self.add_triples(triples);
    }
}

impl<'t> Extend<&'t Triple> for KnowledgeGraph {
    fn extend<I: IntoIterator<Item = &'t Triple>>(&mut self, triples: I) {
        self.add_triples(triples);
    }
}

impl FromIterator<Triple> for KnowledgeGraph {
    fn from_iter<I: IntoIterator<Item = Triple>>(triples: I) -> Self {
        Self::from_triples(triples)
    }
}

/// Two graphs are equal when they hold the same actors and the same edges
/// with the same counts and kept evidence in the same order; internal
/// indices and the evidence limit do not matter.
impl PartialEq for KnowledgeGraph {
    fn eq(&self, other: &Self) -> bool {
        self.actor_count() == other.actor_count()
            && self.edge_count() == other.edge_count()
            && self.document_hashes == other.document_hashes
            && self.actors().eq(other.actors())
            && self.edges().zip(other.edges()).all(|(a, b)| {
                a.subject.id == b.subject.id && a.object.id == b.object.id && a.edge == b.edge
            })
    }
}

impl Eq for KnowledgeGraph {}

/// Extends and returns a graph: test shorthand.
#[cfg(test)]
impl KnowledgeGraph {
    fn tap_extend(mut self, triples: &[Triple]) -> Self {
        self.extend(triples.iter());
        self
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::ActorRef;

    /// A compact triple builder for tests across the crate.
    pub(crate) fn triple(s: &str, rel: &str, o: &str, doc: &str, sentence: usize) -> Triple {
        Triple {
            doc: doc.into(),
            subject: ActorRef::new(s, s, ActorKind::State),
            relation: Relation::new(rel),
            object: ActorRef::new(o, o, ActorKind::State),
            predicate: rel.into(),
            modality: Modality::Asserted,
            nominal: false,
            sentence,
            span: (0, 10),
            rule: format!("{rel}.test"),
            text: format!("{s} {rel} {o}."),
            date: None,
        }
    }

    #[test]
    fn merges_edges_by_key() {
        let g = KnowledgeGraph::from_triples([
            triple("A", "meet", "B", "d1", 0),
            triple("A", "meet", "B", "d1", 1),
            triple("A", "meet", "B", "d2", 0),
            triple("B", "meet", "A", "d2", 0),
        ]);
        assert_eq!(g.actor_count(), 2);
        assert_eq!(g.edge_count(), 2);
        let ab = g.edges().next().unwrap();
        assert_eq!((ab.subject.id.as_str(), ab.object.id.as_str()), ("A", "B"));
        assert_eq!(ab.edge.mentions, 3);
        assert_eq!(ab.edge.evidence.len(), 3);
        assert_eq!(g.actor(&ActorId::new("A")).unwrap().mentions, 4);
    }

    #[test]
    fn modality_separates_edges() {
        let mut t = triple("A", "attack", "B", "d", 0);
        let mut g = KnowledgeGraph::new();
        g.add_triple(&t);
        t.modality = Modality::Negated;
        t.sentence = 1;
        g.add_triple(&t);
        assert_eq!(g.edge_count(), 2);
        let modalities: Vec<_> = g.edges().map(|e| e.edge.modality).collect();
        assert_eq!(modalities, vec![Modality::Asserted, Modality::Negated]);
    }

    #[test]
    fn same_document_twice_is_a_no_op() {
        let doc = vec![
            triple("A", "meet", "B", "d", 0),
            triple("B", "attack", "C", "d", 1),
        ];
        let once = KnowledgeGraph::from_triples(doc.clone());
        let mut twice = once.clone();
        twice.extend(doc.iter());
        assert_eq!(once, twice);
        assert_eq!(twice.actor(&ActorId::new("B")).unwrap().mentions, 2);
    }

    #[test]
    fn different_rule_is_new_evidence() {
        let mut t = triple("A", "meet", "B", "d", 0);
        let mut g = KnowledgeGraph::from_triples([t.clone()]);
        t.rule = "meet.other".into();
        assert!(g.add_triple(&t));
        assert_eq!(g.edges().next().unwrap().edge.mentions, 2);
    }

    #[test]
    fn mention_texts_are_counted() {
        let mut t1 = triple("Russia", "meet", "China", "d", 0);
        t1.subject.text = "Moscow".into();
        let mut t2 = triple("Russia", "meet", "China", "d", 1);
        t2.subject.text = "the Kremlin".into();
        let mut t3 = triple("Russia", "attack", "Ukraine", "d", 2);
        t3.subject.text = "Moscow".into();
        let g = KnowledgeGraph::from_triples([t1, t2, t3]);
        let russia = g.actor(&ActorId::new("Russia")).unwrap();
        assert_eq!(russia.mentions, 3);
        assert_eq!(russia.mention_texts.get("Moscow"), Some(&2));
        assert_eq!(russia.mention_texts.get("the Kremlin"), Some(&1));
    }

    #[test]
    fn dates_and_nominal_aggregate() {
        let mut a = triple("A", "attack", "B", "d1", 0);
        a.date = Some("2024-03-01".into());
        a.nominal = true;
        let mut b = triple("A", "attack", "B", "d2", 0);
        b.date = Some("2023-12-31".into());
        b.nominal = true;
        let mut c = triple("A", "attack", "B", "d3", 0);
        c.date = None;
        c.nominal = true;
        let g = KnowledgeGraph::from_triples([a, b, c.clone()]);
        let e = g.edges().next().unwrap().edge;
        assert_eq!(e.first_date.as_deref(), Some("2023-12-31"));
        assert_eq!(e.last_date.as_deref(), Some("2024-03-01"));
        assert!(e.nominal);

        let mut g = g;
        c.nominal = false;
        c.doc = "d4".into();
        g.add_triple(&c);
        assert!(!g.edges().next().unwrap().edge.nominal);
    }

    #[test]
    fn first_kind_wins() {
        let mut t = triple("Hamas", "attack", "Israel", "d", 0);
        t.subject.kind = ActorKind::ArmedGroup;
        let mut t2 = triple("Hamas", "attack", "Israel", "d", 1);
        t2.subject.kind = ActorKind::Party;
        let g = KnowledgeGraph::from_triples([t, t2]);
        assert_eq!(
            g.actor(&ActorId::new("Hamas")).unwrap().kind,
            ActorKind::ArmedGroup
        );
    }

    #[test]
    fn orders_are_deterministic() {
        let g = KnowledgeGraph::from_triples([
            triple("C", "meet", "A", "d", 0),
            triple("A", "urge", "C", "d", 1),
            triple("A", "meet", "C", "d", 2),
            triple("A", "meet", "B", "d", 3),
            triple("B", "meet", "A", "d", 4),
            triple("B", "meet", "A", "d", 5),
        ]);
        let ids: Vec<_> = g.actors().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["A", "B", "C"]);
        let keys: Vec<_> = g.edges().map(|e| e.key().to_string()).collect();
        assert_eq!(
            keys,
            [
                "A -[meet]-> B (asserted)",
                "A -[meet]-> C (asserted)",
                "A -[urge]-> C (asserted)",
                "B -[meet]-> A (asserted)",
                "C -[meet]-> A (asserted)",
            ]
        );
        let strongest: Vec<_> = g
            .strongest_links(2)
            .iter()
            .map(|e| e.key().to_string())
            .collect();
        assert_eq!(
            strongest,
            ["B -[meet]-> A (asserted)", "A -[meet]-> B (asserted)"]
        );
        assert_eq!(g.strongest_links(100).len(), 5);
    }

    #[test]
    fn documents_are_collected() {
        let g = KnowledgeGraph::from_triples([
            triple("A", "meet", "B", "d2", 0),
            triple("A", "meet", "B", "d1", 0),
            triple("B", "meet", "C", "d1", 1),
        ]);
        assert_eq!(g.documents().into_iter().collect::<Vec<_>>(), ["d1", "d2"]);
    }

    #[test]
    fn merge_is_exact_for_overlapping_graphs() {
        let shared = triple("A", "meet", "B", "d1", 0);
        let only_left = triple("A", "attack", "C", "d2", 0);
        let only_right = triple("B", "meet", "C", "d3", 0);
        let mut left = KnowledgeGraph::from_triples([shared.clone(), only_left.clone()]);
        let right = KnowledgeGraph::from_triples([shared.clone(), only_right.clone()]);
        left.merge(&right).unwrap();
        let all = KnowledgeGraph::from_triples([shared, only_left, only_right]);
        assert_eq!(left, all);
        let snapshot = left.clone();
        left.merge(&snapshot).unwrap();
        assert_eq!(left, snapshot);
    }

    #[test]
    fn self_loops_are_allowed() {
        let g = KnowledgeGraph::from_triples([triple("A", "support", "A", "d", 0)]);
        assert_eq!(g.edge_count(), 1);
        assert_eq!(g.actor(&ActorId::new("A")).unwrap().mentions, 2);
        assert_eq!(g.outgoing(&ActorId::new("A")).len(), 1);
        assert_eq!(g.incoming(&ActorId::new("A")).len(), 1);
    }

    #[test]
    fn edge_lookup_by_key() {
        let g = KnowledgeGraph::from_triples([triple("A", "meet", "B", "d", 0)]);
        let key = EdgeKey::new(
            ActorId::new("A"),
            Relation::new("meet"),
            ActorId::new("B"),
            Modality::Asserted,
        );
        assert_eq!(g.edge(&key).unwrap().edge.mentions, 1);
        let missing = EdgeKey {
            modality: Modality::Negated,
            ..key
        };
        assert!(g.edge(&missing).is_none());
    }

    /// `n` readings of A -[meet]-> B, two documents, spelled two ways, dated.
    fn many(n: usize) -> Vec<Triple> {
        (0..n)
            .map(|i| {
                let mut t = triple("A", "meet", "B", if i % 2 == 0 { "even" } else { "odd" }, i);
                t.subject.text = if i % 3 == 0 { "Alpha".into() } else { "A".into() };
                t.date = Some(format!("2024-01-{:02}", 1 + (i * 7) % 28));
                t
            })
            .collect()
    }

    #[test]
    fn max_evidence_keeps_counts_exact() {
        let triples = many(50);
        let mut g = KnowledgeGraph::new().with_max_evidence(5);
        g.extend(triples.iter());
        g.extend(triples.iter()); // repeats count nothing, kept or not
        let e = g.edges().next().unwrap().edge;
        assert_eq!((e.mentions, e.evidence.len(), e.unkept()), (50, 5, 45));
        let kept: Vec<(&str, usize)> = e.evidence.iter().map(|ev| (&*ev.doc, ev.sentence)).collect();
        assert_eq!(kept, [("even", 0), ("even", 2), ("even", 4), ("even", 6), ("even", 8)], "the first five by document and sentence");
        // The same triples in another order keep the same five.
        let mut reversed = KnowledgeGraph::new().with_max_evidence(5);
        reversed.extend(triples.iter().rev());
        assert_eq!(reversed.to_json_string(), KnowledgeGraph::new().with_max_evidence(5).tap_extend(&triples).to_json_string());
        let all = KnowledgeGraph::from_triples(triples);
        let full = all.edges().next().unwrap().edge;
        assert_eq!((&e.first_date, &e.last_date), (&full.first_date, &full.last_date));
        assert_eq!(g.actors().collect::<Vec<_>>(), all.actors().collect::<Vec<_>>());
        assert_eq!(g.actor(&ActorId::new("A")).unwrap().mention_texts["Alpha"], 17);
        assert_eq!((g.document_mentions("even"), g.document_mentions("odd")), (25, 25));
        assert_eq!(g.documents().into_iter().collect::<Vec<_>>(), ["even", "odd"]);
    }

    #[test]
    fn max_evidence_result_does_not_depend_on_batching() {
        let mut triples = many(30);
        triples.extend((0..30).map(|i| triple("B", "attack", "C", &format!("d{i}"), i)));
        let whole = KnowledgeGraph::new().with_max_evidence(4).tap_extend(&triples);
        let mut batched = KnowledgeGraph::new().with_max_evidence(4);
        for chunk in triples.chunks(7) {
            batched.extend(chunk.iter());
        }
        assert_eq!(batched, whole);
        // Graphs of separate inputs merge into the graph of the whole input.
        let (left, right) = triples.split_at(triples.len() / 2);
        let mut merged = KnowledgeGraph::new().with_max_evidence(4).tap_extend(left);
        merged.merge(&KnowledgeGraph::new().with_max_evidence(4).tap_extend(right)).unwrap();
        assert_eq!(merged, whole);
        assert_eq!(merged.document_mentions("even"), whole.document_mentions("even"));
        // Lowering the limit afterwards keeps the same first pieces.
        let mut lowered = KnowledgeGraph::from_triples(triples.clone());
        lowered.set_max_evidence(4);
        assert_eq!(lowered, whole);
    }

    #[test]
    fn max_evidence_survives_files_and_cuts() {
        let g = KnowledgeGraph::new().with_max_evidence(3).tap_extend(&many(20));
        let json = g.to_json_string();
        assert!(json.contains("\"max_evidence\": 3") && json.contains("\"mentions\": 20"), "{json}");
        let back = KnowledgeGraph::from_json_str(&json).unwrap();
        assert_eq!(back, g);
        assert_eq!((back.max_evidence(), back.document_mentions("odd")), (3, 10));
        assert_eq!(back.to_json_string(), json);
        let ron = KnowledgeGraph::from_ron_str(&g.to_ron_string().unwrap()).unwrap();
        assert_eq!(ron, g);
        // A cut that keeps the edge whole keeps its counts.
        assert_eq!(g.subgraph(|_| true, |_, _| true, true), g);
        let view = crate::query::Filter::new().view(&g);
        assert_eq!(view.to_graph(), g);
        let links = crate::query::neighbours(&g, &ActorId::new("A"), crate::query::Direction::Out);
        assert_eq!((links[0].mentions, links[0].evidence.len()), (20, 3));
        assert_eq!(links[0].first_date, g.edges().next().unwrap().edge.first_date.as_deref().map(str::to_string));
    }

    #[test]
    fn removing_a_document_takes_off_its_kept_evidence() {
        let mut g = KnowledgeGraph::new().with_max_evidence(6).tap_extend(&many(10));
        g.extend([triple("C", "meet", "D", "other", 0)].iter());
        assert!(g.remove_document("other"));
        assert!(g.actor(&ActorId::new("C")).is_none());
        // "even" < "odd": the edge keeps even 0, 2, 4, 6, 8 and odd 1; odd
        // 3, 5, 7, 9 are counted only.
        assert!(g.remove_document("even"));
        let e = g.edges().next().unwrap().edge;
        assert_eq!((e.mentions, e.evidence.len()), (5, 1));
        assert_eq!(g.actor(&ActorId::new("B")).unwrap().mentions, 5);
        assert!(!g.documents().contains("even"));
        let back = KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap();
        assert_eq!(back, g);
    }

    #[test]
    fn long_documents_and_interleaved_documents_stay_de_duplicated() {
        // One document with far more triples than a short key list holds,
        // and triples of two documents taking turns.
        let long: Vec<Triple> = (0..200).map(|i| triple("A", "meet", "B", "long", i)).collect();
        let turns: Vec<Triple> =
            (0..40).map(|i| triple("B", "attack", "C", if i % 2 == 0 { "x" } else { "y" }, i / 2)).collect();
        let mut g = KnowledgeGraph::new();
        for t in long.iter().chain(&turns) {
            assert!(g.add_triple(t));
        }
        for t in long.iter().chain(&turns) {
            assert!(!g.add_triple(t), "{t:?} counted twice");
        }
        assert_eq!((g.document_mentions("long"), g.document_mentions("x"), g.document_mentions("y")), (200, 20, 20));
        // Forgetting a document forgets which evidence it gave.
        assert!(g.remove_document("long"));
        assert!(g.add_triple(&long[150]));
        assert_eq!(g.document_mentions("long"), 1);
    }

    #[test]
    fn extend_in_batches_equals_adding_one_by_one() {
        let mut triples = many(150);
        triples.extend((0..150).map(|i| triple(&format!("S{}", i % 7), "urge", &format!("O{}", i % 11), &format!("d{}", i / 3), i)));
        triples.extend(triples.clone()); // repeats, some in the same batch
        let mut one_by_one = KnowledgeGraph::new().with_max_evidence(3);
        let added = triples.iter().filter(|t| one_by_one.add_triple(t)).count();
        assert_eq!(added, 300);
        let batched = KnowledgeGraph::new().with_max_evidence(3).tap_extend(&triples);
        assert_eq!(batched, one_by_one);
        assert_eq!(batched.to_json_string(), one_by_one.to_json_string());
        let owned: KnowledgeGraph = triples.into_iter().collect();
        assert_eq!(owned.edge_count(), one_by_one.edge_count());
    }

    #[test]
    fn version_2_counts_are_recomputed_and_version_3_counts_checked() {
        let v2 = r#"{"format":"actorgraph-graph","version":2,"documents":[{"id":"d","hash":"h"}],
            "actors":[{"id":"A","kind":"state","mentions":7},{"id":"B","kind":"igo"}],
            "edges":[{"subject":"A","relation":"meet","object":"B","modality":"asserted","mentions":9,
                      "evidence":[{"doc":"d","sentence":0,"span":[0,1],"rule":"r","text":"t",
                                   "predicate":"p","subject_text":"A","object_text":"B"}]}]}"#;
        let g = KnowledgeGraph::from_json_str(v2).unwrap();
        assert_eq!(g.edges().next().unwrap().edge.mentions, 1);
        assert_eq!((g.actor(&ActorId::new("A")).unwrap().mentions, g.document_hash("d")), (1, Some("h")));
        let v3 = v2.replace("\"version\":2", "\"version\":3");
        let err = KnowledgeGraph::from_json_str(&v3).unwrap_err();
        assert!(matches!(err, GraphError::InconsistentCounts { .. }), "{err:?}");
        let short = v3.replace("\"mentions\":9", "\"mentions\":0");
        assert!(KnowledgeGraph::from_json_str(&short).unwrap_err().to_string().contains("counts 0 mentions"));
        let capped = v3.replace("\"version\":3", "\"version\":3,\"max_evidence\":0");
        assert!(KnowledgeGraph::from_json_str(&capped).is_err());
    }
}
