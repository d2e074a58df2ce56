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
mod summary;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::EdgeRef as _;

use crate::model::{ActorId, ActorKind, Evidence, Modality, Relation, Triple};

pub use documents::{content_hash, DocumentChange};
pub use elements::{ActorNode, EdgeKey, EdgeRef, RelationEdge};
pub use error::GraphError;
pub use summary::GraphSummary;
pub use file::{GraphFormat, FILE_FORMAT_TAG, FILE_FORMAT_VERSION, OLDEST_FILE_FORMAT_VERSION};

/// Identifies one piece of evidence on one edge, for de-duplication:
/// the edge, the document (by [`KnowledgeGraph::doc_ids`]), the sentence
/// and the rule (by [`KnowledgeGraph::rule_ids`]).
type EvidenceKey = (EdgeIndex, u32, usize, u32);

/// Identifies an edge by its nodes, relation (by [`KnowledgeGraph::relation_ids`]) and modality.
type EdgeSlot = (NodeIndex, NodeIndex, u32, Modality);

/// A directed multigraph of actors and the relations between them.
///
/// Node and edge indices are internal: actors are addressed by [`ActorId`],
/// edges by [`EdgeKey`], and the file format is keyed the same way.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: StableGraph<ActorNode, RelationEdge>,
    nodes: HashMap<ActorId, NodeIndex>,
    edges: HashMap<EdgeKey, EdgeIndex>,
    seen_evidence: HashSet<EvidenceKey>,
    /// Every document id that gave evidence, numbered.
    doc_ids: HashMap<String, u32>,
    /// How many pieces of evidence each document (by number) gave, so that
    /// asking whether a document is in the graph does not scan every edge.
    evidence_per_doc: Vec<u64>,
    /// Every rule id seen, numbered.
    rule_ids: HashMap<String, u32>,
    /// Every relation class seen, numbered.
    relation_ids: HashMap<Relation, u32>,
    /// Edges by nodes, relation number and modality: finding an edge
    /// without building its key.
    edge_slots: HashMap<EdgeSlot, EdgeIndex>,
    /// Content hash of every document added through
    /// [`KnowledgeGraph::add_document`], by document id.
    document_hashes: BTreeMap<String, String>,
}

/// One end of an observation: the actor, its kind, the words that named it.
struct End<'a> {
    id: &'a ActorId,
    kind: ActorKind,
    text: &'a str,
}

impl KnowledgeGraph {
    /// An empty graph.
    ///
    /// ```
    /// let g = actorgraph::graph::KnowledgeGraph::new();
    /// assert_eq!(g.actor_count(), 0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a graph from triples.
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
        // (Clones the evidence; `add_owned_triple` moves it.)
        let subject = End {
            id: &triple.subject.id,
            kind: triple.subject.kind,
            text: &triple.subject.text,
        };
        let object = End {
            id: &triple.object.id,
            kind: triple.object.kind,
            text: &triple.object.text,
        };
        self.observe(
            subject,
            &triple.relation,
            object,
            triple.modality,
            triple.nominal,
            || triple.evidence(),
        )
    }

    /// Like [`add_triple`](Self::add_triple), taking the triple's strings
    /// instead of copying them.
    pub(crate) fn add_owned_triple(&mut self, triple: Triple) -> bool {
        let Triple { doc, subject, relation, object, predicate, modality, nominal, sentence, span, rule, text, date } = triple;
        self.observe(
            End { id: &subject.id, kind: subject.kind, text: &subject.text },
            &relation,
            End { id: &object.id, kind: object.kind, text: &object.text },
            modality,
            nominal,
            move || Evidence { doc, sentence, span, rule, text, predicate, date },
        )
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

    /// The ids of every document that contributed evidence or was added
    /// with [`add_document`](Self::add_document) (even without triples).
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// assert!(KnowledgeGraph::new().documents().is_empty());
    /// ```
    pub fn documents(&self) -> BTreeSet<&str> {
        self.graph
            .edge_weights()
            .flat_map(|e| e.evidence.iter().map(|ev| ev.doc.as_str()))
            .chain(self.document_hashes.keys().map(String::as_str))
            .collect()
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

    /// The edge with this key.
    ///
    /// ```
    /// # use actorgraph::graph::{EdgeKey, KnowledgeGraph};
    /// # use actorgraph::model::*;
    /// let key = EdgeKey::new(ActorId::new("a"), Relation::new("meet"), ActorId::new("b"), Modality::Asserted);
    /// assert!(KnowledgeGraph::new().edge(&key).is_none());
    /// ```
    pub fn edge(&self, key: &EdgeKey) -> Option<EdgeRef<'_>> {
        let &ix = self.edges.get(key)?;
        let (s, o) = self.graph.edge_endpoints(ix)?;
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
        self.incident(actor, petgraph::Direction::Outgoing)
    }

    /// Edges arriving at `actor` (none for an unknown actor), in no particular order.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::ActorId;
    /// assert!(KnowledgeGraph::new().incoming(&ActorId::new("Mali")).is_empty());
    /// ```
    pub fn incoming(&self, actor: &ActorId) -> Vec<EdgeRef<'_>> {
        self.incident(actor, petgraph::Direction::Incoming)
    }

    fn incident(&self, actor: &ActorId, direction: petgraph::Direction) -> Vec<EdgeRef<'_>> {
        let Some(&ix) = self.nodes.get(actor) else {
            return Vec::new();
        };
        self.graph
            .edges_directed(ix, direction)
            .map(|e| EdgeRef {
                subject: &self.graph[e.source()],
                object: &self.graph[e.target()],
                edge: e.weight(),
            })
            .collect()
    }

    /// Adds everything in `other` to this graph. Evidence already present
    /// is skipped, so merging a graph into itself changes nothing.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # let t = Triple { doc: "d".into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new("India", "New Delhi", ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 1,
    /// #   span: (5, 20), rule: "meet.verb".into(), text: "Tokyo met New Delhi.".into(), date: None };
    /// let mut a = KnowledgeGraph::new();
    /// let b = KnowledgeGraph::from_triples([t]);
    /// a.merge(&b);
    /// a.merge(&b);
    /// assert_eq!(a, b);
    /// ```
    pub fn merge(&mut self, other: &KnowledgeGraph) {
        // A document whose content changed replaces the old reading of it.
        for (doc, hash) in &other.document_hashes {
            if self.document_hashes.get(doc) != Some(hash) && self.has_evidence_from(doc) {
                self.remove_document(doc);
            }
        }
        for (doc, hash) in &other.document_hashes {
            self.document_hashes.insert(doc.clone(), hash.clone());
        }
        for actor in other.actors() {
            self.ensure_actor(&actor.id, actor.kind);
        }
        for e in other.edges() {
            for (evidence, (s_text, o_text)) in e.edge.evidence.iter().zip(&e.edge.mention_texts) {
                self.observe(
                    End {
                        id: &e.subject.id,
                        kind: e.subject.kind,
                        text: s_text,
                    },
                    &e.edge.relation,
                    End {
                        id: &e.object.id,
                        kind: e.object.kind,
                        text: o_text,
                    },
                    e.edge.modality,
                    e.edge.nominal,
                    || evidence.clone(),
                );
            }
        }
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

    /// The single entry point for new facts, shared by triples, merges and
    /// file loading so that all three count the same way.
    fn observe(
        &mut self,
        subject: End<'_>,
        relation: &Relation,
        object: End<'_>,
        modality: Modality,
        nominal: bool,
        evidence: impl FnOnce() -> Evidence,
    ) -> bool {
        let s_ix = self.ensure_actor(subject.id, subject.kind);
        let o_ix = self.ensure_actor(object.id, object.kind);
        let relation_id = number(&mut self.relation_ids, relation);
        let slot = (s_ix, o_ix, relation_id, modality);
        let edge_ix = match self.edge_slots.get(&slot) {
            Some(&ix) => ix,
            None => {
                let key = EdgeKey::new(subject.id.clone(), relation.clone(), object.id.clone(), modality);
                let ix = self.graph.add_edge(
                    s_ix,
                    o_ix,
                    RelationEdge::new(relation.clone(), modality, true),
                );
                self.edges.insert(key, ix);
                self.edge_slots.insert(slot, ix);
                ix
            }
        };
        // "Nominal only if every reading was nominal" folds in every reading,
        // even one whose evidence is already here: so merging does not
        // depend on the order graphs are merged in.
        self.graph[edge_ix].nominal &= nominal;
        let evidence = evidence();
        let doc_id = number(&mut self.doc_ids, evidence.doc.as_str());
        let rule_id = number(&mut self.rule_ids, evidence.rule.as_str());
        if !self.seen_evidence.insert((edge_ix, doc_id, evidence.sentence, rule_id)) {
            return false;
        }
        let doc_id = doc_id as usize;
        if self.evidence_per_doc.len() <= doc_id {
            self.evidence_per_doc.resize(doc_id + 1, 0);
        }
        self.evidence_per_doc[doc_id] += 1;
        self.graph[s_ix].count_mention(subject.text);
        self.graph[o_ix].count_mention(object.text);
        self.graph[edge_ix].record(
            evidence,
            (subject.text.to_string(), object.text.to_string()),
            nominal,
        );
        true
    }
}

/// The number of `key` in `ids`, numbering it if new.
fn number<K, Q>(ids: &mut HashMap<K, u32>, key: &Q) -> u32
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: ToOwned<Owned = K> + std::hash::Hash + Eq + ?Sized,
{
    if let Some(&id) = ids.get(key) {
        return id;
    }
    let id = u32::try_from(ids.len()).expect("fewer than 2^32 distinct names");
    ids.insert(key.to_owned(), id);
    id
}

impl Extend<Triple> for KnowledgeGraph {
    fn extend<I: IntoIterator<Item = Triple>>(&mut self, triples: I) {
        for triple in triples {
            self.add_owned_triple(triple);
        }
    }
}

impl<'t> Extend<&'t Triple> for KnowledgeGraph {
    fn extend<I: IntoIterator<Item = &'t Triple>>(&mut self, triples: I) {
        for triple in triples {
            self.add_triple(triple);
        }
    }
}

impl FromIterator<Triple> for KnowledgeGraph {
    fn from_iter<I: IntoIterator<Item = Triple>>(triples: I) -> Self {
        Self::from_triples(triples)
    }
}

/// Two graphs are equal when they hold the same actors and the same edges
/// with the same evidence in the same order; internal indices do not matter.
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
        left.merge(&right);
        let all = KnowledgeGraph::from_triples([shared, only_left, only_right]);
        assert_eq!(left, all);
        let snapshot = left.clone();
        left.merge(&snapshot);
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
}
