//! Documents as units of a graph: adding a document by id and content hash
//! (the same document twice changes nothing, a changed document replaces
//! its old reading), removing one, and cutting subgraphs.

use std::collections::BTreeSet;

use std::sync::Arc;

use petgraph::stable_graph::EdgeIndex;

use super::{ActorNode, EdgeRef, KnowledgeGraph};
use crate::model::{ActorId, Evidence, Triple};

/// FNV-1a, 128 bits: stable across platforms and Rust versions, which
/// `std`'s hasher does not promise.
const FNV_OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const FNV_PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// A stable fingerprint of a document's content: its text and its date.
///
/// Written into graph files next to the document id, so that adding the
/// same document again can be recognised. Not a cryptographic hash.
///
/// ```
/// use actorgraph::graph::content_hash;
/// let h = content_hash("Seoul met Tokyo.", Some("2024-06-19"));
/// assert!(h.starts_with("fnv1a128:"));
/// assert_eq!(h, content_hash("Seoul met Tokyo.", Some("2024-06-19")));
/// assert_ne!(h, content_hash("Seoul met Tokyo.", None));
/// ```
pub fn content_hash(text: &str, date: Option<&str>) -> String {
    let mut hash = FNV_OFFSET;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u128::from(b);
            hash = hash.wrapping_mul(FNV_PRIME);
        }
    };
    feed(text.as_bytes());
    // A separator no UTF-8 text contains keeps (text, date) pairs apart.
    feed(&[0xff]);
    if let Some(date) = date {
        feed(date.as_bytes());
    }
    format!("fnv1a128:{hash:032x}")
}

/// What [`KnowledgeGraph::add_document`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentChange {
    /// The graph had no evidence from this document id: its triples were added.
    Added,
    /// The graph already held this document with the same content (or the
    /// same evidence): nothing changed.
    Unchanged,
    /// The graph held a different version of this document id: the old
    /// evidence was removed and the new triples added.
    Replaced,
}

impl DocumentChange {
    /// `added`, `unchanged` or `replaced`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentChange::Added => "added",
            DocumentChange::Unchanged => "unchanged",
            DocumentChange::Replaced => "replaced",
        }
    }
}

/// Which of two versions of a document (same id, other content) is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Newer {
    /// The one that arrives: documents added one by one come in the order
    /// they were read, and a later reading is a correction.
    Incoming,
    /// The one with the greater content hash: graphs merged have no order
    /// between them, and a merge must give one result whichever way round.
    GreaterHash,
}

/// How a version of a document arrives in a graph (see [`KnowledgeGraph::arrival`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Arrival {
    /// The graph does not hold the document.
    New,
    /// The graph holds this very version: it counts once.
    Same,
    /// The graph holds evidence of the document, and neither side knows
    /// its content hash (graphs built from bare triples): the evidence of
    /// both is taken, each piece once.
    Unknown,
    /// The graph holds another version, which this one replaces.
    Replaces,
    /// The graph holds another version, which stays.
    Loses,
}

impl KnowledgeGraph {
    /// Adds one document's triples, keyed by the document id and a hash of
    /// its content (see [`content_hash`]).
    ///
    /// - Same id, same hash as before: nothing changes.
    /// - Same id, different hash: the old evidence of that document is
    ///   removed first, so the graph holds the new reading only.
    /// - New id: the triples are added.
    ///
    /// The triples should all carry `doc == id`; the hash is remembered and
    /// saved with the graph.
    ///
    /// ```
    /// use actorgraph::graph::{content_hash, DocumentChange, KnowledgeGraph};
    /// use actorgraph::model::*;
    ///
    /// let triple = |object: &str| Triple {
    ///     doc: "d1".into(),
    ///     subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    ///     relation: Relation::new("meet"),
    ///     object: ActorRef::new(object, object, ActorKind::State),
    ///     predicate: "met".into(), modality: Modality::Asserted, nominal: false,
    ///     sentence: 0, span: (0, 16), rule: "meet.verb".into(),
    ///     text: format!("Tokyo met {object}."), date: None,
    /// };
    /// let mut g = KnowledgeGraph::new();
    /// let v1 = content_hash("Tokyo met India.", None);
    /// assert_eq!(g.add_document("d1", &v1, [triple("India")]), DocumentChange::Added);
    /// assert_eq!(g.add_document("d1", &v1, [triple("India")]), DocumentChange::Unchanged);
    ///
    /// // The document was corrected: its old evidence goes.
    /// let v2 = content_hash("Tokyo met Chile.", None);
    /// assert_eq!(g.add_document("d1", &v2, [triple("Chile")]), DocumentChange::Replaced);
    /// let ids: Vec<_> = g.actors().map(|a| a.id.as_str()).collect();
    /// assert_eq!(ids, ["Chile", "Japan"]);
    /// ```
    pub fn add_document<I>(&mut self, id: &str, hash: &str, triples: I) -> DocumentChange
    where
        I: IntoIterator<Item = Triple>,
    {
        match self.arrival(id, Some(hash), Newer::Incoming) {
            Arrival::Same => DocumentChange::Unchanged,
            // A document the graph has never seen needs no comparison (and no
            // scan of every edge's evidence).
            Arrival::New | Arrival::Unknown => {
                self.document_hashes.insert(id.to_string(), hash.to_string());
                self.add_triples(triples);
                DocumentChange::Added
            }
            // Evidence without a hash (a version-1 file) may be this very
            // document: it is replaced, and compared with what replaced it.
            Arrival::Replaces | Arrival::Loses => {
                let before = self.evidence_of(id);
                self.remove_document(id);
                self.document_hashes.insert(id.to_string(), hash.to_string());
                self.add_triples(triples);
                if before == self.evidence_of(id) {
                    DocumentChange::Unchanged
                } else {
                    DocumentChange::Replaced
                }
            }
        }
    }

    /// How a version of document `id` with content `hash` (none: not
    /// known) arrives in this graph: the one decision that both
    /// [`add_document`](Self::add_document) and
    /// [`merge`](Self::merge) make, by document id and content hash.
    pub(super) fn arrival(&self, id: &str, hash: Option<&str>, newer: Newer) -> Arrival {
        let held = match self.document_hashes.get(id) {
            Some(held) => Some(held.as_str()),
            None if self.has_evidence_from(id) => None,
            None => return Arrival::New,
        };
        match (held, hash) {
            (Some(held), Some(hash)) if held == hash => Arrival::Same,
            (None, None) => Arrival::Unknown,
            _ if newer == Newer::Incoming => Arrival::Replaces,
            // Nothing tells which version is newer: the greater hash (a
            // known one over none) wins, whichever graph it is in.
            _ if hash > held => Arrival::Replaces,
            _ => Arrival::Loses,
        }
    }

    /// The content hash recorded for a document, if it was added with
    /// [`add_document`](Self::add_document).
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// let mut g = KnowledgeGraph::new();
    /// g.add_document("d", "h1", []);
    /// assert_eq!(g.document_hash("d"), Some("h1"));
    /// assert_eq!(g.document_hash("other"), None);
    /// ```
    pub fn document_hash(&self, id: &str) -> Option<&str> {
        self.document_hashes.get(id).map(String::as_str)
    }

    /// Removes every piece of evidence from document `id`, and its hash.
    /// Edges left without evidence go, and so do actors left without
    /// mentions. Returns whether anything was removed.
    ///
    /// On an edge that kept only part of its evidence (see
    /// [`max_evidence`](Self::max_evidence)), the document's kept evidence
    /// is taken off its counts; what the document gave beyond that is not
    /// known any more and stays counted, and the edge keeps its date range.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # let t = |doc: &str, o: &str| Triple { doc: doc.into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new(o, o, ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
    /// #   span: (0, 5), rule: "meet.verb".into(), text: "Tokyo met them.".into(), date: None };
    /// let mut g = KnowledgeGraph::from_triples([t("a", "India"), t("b", "Chile")]);
    /// assert!(g.remove_document("a"));
    /// assert!(g.actor(&ActorId::new("India")).is_none());
    /// assert_eq!(g.edge_count(), 1);
    /// assert!(!g.remove_document("a"));
    /// ```
    pub fn remove_document(&mut self, id: &str) -> bool {
        let had_hash = self.document_hashes.remove(id).is_some();
        if !self.has_evidence_from(id) {
            return had_hash;
        }
        let doc = self.docs.get(id).expect("a document with evidence is numbered");
        let edges: Vec<EdgeIndex> = self.graph.edge_indices().collect();
        let mut emptied = Vec::new();
        let mut touched = Vec::new();
        for ix in edges {
            let edge = &mut self.graph[ix];
            if !edge.evidence.iter().any(|ev| &*ev.doc == id) {
                continue;
            }
            let complete = edge.unkept() == 0;
            let mut removed = Vec::new();
            let mut kept_texts = Vec::new();
            let mut kept = Vec::new();
            for (ev, texts) in std::mem::take(&mut edge.evidence).into_iter().zip(std::mem::take(&mut edge.mention_texts)) {
                if &*ev.doc == id {
                    removed.push(texts);
                } else {
                    kept.push(ev);
                    kept_texts.push(texts);
                }
            }
            edge.evidence = kept;
            edge.mention_texts = kept_texts;
            edge.mentions -= removed.len() as u64;
            if complete {
                // Every mention is still at hand: the date range is exact again.
                edge.first_date = None;
                edge.last_date = None;
                let dates: Vec<Arc<str>> = edge.evidence.iter().filter_map(|ev| ev.date.clone()).collect();
                for date in &dates {
                    edge.widen_dates(Some(date), Some(date));
                }
            }
            if edge.mentions == 0 {
                emptied.push(ix);
            }
            let (s, o) = self.graph.edge_endpoints(ix).expect("edge has endpoints");
            touched.extend([s, o]);
            for (s_text, o_text) in &removed {
                self.graph[s].uncount_mentions(s_text, 1);
                self.graph[o].uncount_mentions(o_text, 1);
            }
        }
        for ix in emptied {
            self.forget_edge(ix);
        }
        // Actors this document alone named go; actors that stood alone before stay.
        touched.sort_unstable();
        touched.dedup();
        for n in touched {
            if self.graph[n].mentions == 0 && self.graph.neighbors_undirected(n).next().is_none() {
                let actor = self.graph.remove_node(n).expect("node exists");
                self.nodes.remove(&actor.id);
            }
        }
        self.doc_tallies[doc as usize] = Default::default();
        self.far_evidence.retain(|&(d, _, _, _)| d != doc);
        true
    }

    /// A new graph with the evidence that `keep_evidence` accepts on edges
    /// between actors that `keep_actor` accepts. Actors appear when some
    /// kept evidence names them, or, with `keep_isolated`, whenever
    /// `keep_actor` accepts them. Document hashes are kept for documents
    /// that still contribute evidence.
    ///
    /// An edge whose kept evidence all passes keeps its exact counts and
    /// dates (and an actor all of whose edges do keeps its exact tallies);
    /// an edge that loses some is recounted from the evidence that passed,
    /// which, when the edge did not keep all its evidence (see
    /// [`max_evidence`](Self::max_evidence)), counts only kept evidence.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # let t = |doc: &str, o: &str| Triple { doc: doc.into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new(o, o, ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
    /// #   span: (0, 5), rule: "meet.verb".into(), text: "Tokyo met them.".into(), date: None };
    /// let g = KnowledgeGraph::from_triples([t("a", "India"), t("b", "Chile"), t("c", "India")]);
    /// let only_a = g.subgraph(|_| true, |_, ev| &*ev.doc == "a", false);
    /// assert_eq!((only_a.actor_count(), only_a.edge_count()), (2, 1));
    /// let no_india = g.subgraph(|a| a.id.as_str() != "India", |_, _| true, true);
    /// assert_eq!(no_india.actor_count(), 2);
    /// ```
    pub fn subgraph(
        &self,
        mut keep_actor: impl FnMut(&ActorNode) -> bool,
        mut keep_evidence: impl FnMut(EdgeRef<'_>, &Evidence) -> bool,
        keep_isolated: bool,
    ) -> KnowledgeGraph {
        let mut out = KnowledgeGraph::new().with_max_evidence(self.max_evidence);
        let mut kept_actors = std::collections::HashMap::new();
        for a in self.actors() {
            let keep = keep_actor(a);
            kept_actors.insert(&a.id, keep);
            if keep && keep_isolated {
                out.ensure_actor(&a.id, a.kind);
            }
        }
        // Actors that lost some of their evidence: their tallies are recounted.
        let mut cut: BTreeSet<&ActorId> = BTreeSet::new();
        for e in self.edges() {
            if !kept_actors[&e.subject.id] || !kept_actors[&e.object.id] {
                cut.extend([&e.subject.id, &e.object.id]);
                continue;
            }
            let passed = e.edge.evidence.iter().filter(|ev| keep_evidence(e, ev)).count();
            if passed == 0 {
                cut.extend([&e.subject.id, &e.object.id]);
                continue;
            }
            let whole = passed == e.edge.evidence.len();
            let mut filter = |ev: &Evidence| keep_evidence(e, ev);
            let edge = out.copy_samples(e, &mut filter);
            if whole && e.edge.unkept() > 0 {
                out.count_unkept(edge, e.edge, true);
            } else if !whole {
                cut.extend([&e.subject.id, &e.object.id]);
            }
        }
        for a in self.graph.node_weights() {
            if cut.contains(&a.id) {
                continue;
            }
            if let Some(&ix) = out.nodes.get(&a.id) {
                out.graph[ix].mention_texts = a.mention_texts.clone();
                out.graph[ix].mentions = a.mentions;
            }
        }
        if cut.is_empty() {
            // Nothing was left out: documents keep their exact tallies too.
            for (doc, tally) in self.doc_tallies.iter().enumerate() {
                if tally.evidence > 0 {
                    let d = out.docs.number(self.docs.name(doc as u32)) as usize;
                    out.doc_tally(d).evidence = tally.evidence;
                }
            }
        }
        let docs: BTreeSet<String> = out.documents().into_iter().map(str::to_string).collect();
        out.document_hashes = self
            .document_hashes
            .iter()
            .filter(|(doc, _)| docs.contains(doc.as_str()))
            .map(|(d, h)| (d.clone(), h.clone()))
            .collect();
        out
    }

    pub(super) fn has_evidence_from(&self, doc: &str) -> bool {
        // Evidence is only ever added through `observe`, which counts it, and
        // only removed by `remove_document`, which zeroes the count.
        self.document_mentions(doc) > 0
    }

    /// Every (edge, evidence) pair from `doc`, as comparable text.
    fn evidence_of(&self, doc: &str) -> BTreeSet<(String, String, usize, String, String)> {
        self.edges()
            .flat_map(|e| {
                let key = e.key().to_string();
                e.edge
                    .evidence
                    .iter()
                    .zip(&e.edge.mention_texts)
                    .filter(move |(ev, _)| &*ev.doc == doc)
                    .map(move |(ev, (s, o))| {
                        (key.clone(), ev.rule.to_string(), ev.sentence, ev.text.to_string(), format!("{s}\u{0}{o}"))
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;
    use crate::model::ActorId;

    #[test]
    fn hash_is_stable() {
        // Pinned: a change here would make every saved graph re-read its documents.
        assert_eq!(
            content_hash("", None),
            "fnv1a128:d228cb68f51a8caf78912b704e49f346"
        );
        assert_ne!(content_hash("ab", None), content_hash("a", Some("b")));
    }

    #[test]
    fn same_document_twice_changes_nothing() {
        let mut g = KnowledgeGraph::new();
        let doc = [triple("A", "meet", "B", "d", 0), triple("B", "attack", "C", "d", 1)];
        assert_eq!(g.add_document("d", "h", doc.clone()), DocumentChange::Added);
        let once = g.clone();
        assert_eq!(g.add_document("d", "h", doc.clone()), DocumentChange::Unchanged);
        assert_eq!(g, once);
    }

    #[test]
    fn changed_document_replaces_its_evidence_only() {
        let mut g = KnowledgeGraph::new();
        g.add_document("other", "x", [triple("A", "meet", "B", "other", 0)]);
        g.add_document("d", "h1", [triple("A", "meet", "B", "d", 0), triple("C", "attack", "D", "d", 1)]);
        assert_eq!(g.edges().next().unwrap().edge.mentions, 2);
        let change = g.add_document("d", "h2", [triple("A", "support", "B", "d", 0)]);
        assert_eq!(change, DocumentChange::Replaced);
        assert!(g.actor(&ActorId::new("C")).is_none(), "C was only in the old version");
        let keys: Vec<String> = g.edges().map(|e| format!("{} x{}", e.key(), e.edge.mentions)).collect();
        assert_eq!(keys, ["A -[meet]-> B (asserted) x1", "A -[support]-> B (asserted) x1"]);
        assert_eq!(g.document_hash("d"), Some("h2"));
        assert_eq!(g.document_hash("other"), Some("x"));
        assert_eq!(g.actor(&ActorId::new("A")).unwrap().mentions, 2);
    }

    #[test]
    fn legacy_evidence_without_hash_is_recognised() {
        // A graph from a version-1 file has evidence but no hashes.
        let mut g = KnowledgeGraph::from_triples([triple("A", "meet", "B", "d", 0)]);
        let change = g.add_document("d", "h", [triple("A", "meet", "B", "d", 0)]);
        assert_eq!(change, DocumentChange::Unchanged);
        assert_eq!(g.edges().next().unwrap().edge.mentions, 1);
    }

    #[test]
    fn document_without_triples_is_remembered() {
        let mut g = KnowledgeGraph::new();
        assert_eq!(g.add_document("empty", "h", []), DocumentChange::Added);
        assert_eq!(g.add_document("empty", "h", []), DocumentChange::Unchanged);
        assert_eq!(g.documents().into_iter().collect::<Vec<_>>(), ["empty"]);
        assert!(g.remove_document("empty"));
        assert!(g.documents().is_empty());
    }

    #[test]
    fn merge_keeps_the_version_with_the_greater_hash_either_way_round() {
        let mut old = KnowledgeGraph::new();
        old.add_document("d", "h1", [triple("A", "meet", "B", "d", 0)]);
        let mut new = KnowledgeGraph::new();
        new.add_document("d", "h2", [triple("A", "attack", "B", "d", 0)]);
        let mut merged = old.clone();
        assert_eq!(merged.merge(&new).unwrap().replaced, 1);
        assert_eq!(merged, new);
        let mut other_way = new.clone();
        assert_eq!(other_way.merge(&old).unwrap().kept_ours, 1);
        assert_eq!(other_way, new);
        let snapshot = merged.clone();
        assert_eq!(merged.merge(&snapshot).unwrap().unchanged, 1);
        assert_eq!(merged, snapshot);
    }

    #[test]
    fn remove_keeps_isolated_actors() {
        let mut g = KnowledgeGraph::from_triples([triple("A", "meet", "B", "d", 0)]);
        g.ensure_actor(&ActorId::new("Lonely"), crate::model::ActorKind::Igo);
        g.remove_document("d");
        assert_eq!(g.actors().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["Lonely"]);
    }
}
