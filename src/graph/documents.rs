//! Documents as units of a graph: adding a document by id and content hash
//! (the same document twice changes nothing, a changed document replaces
//! its old reading), removing one, and cutting subgraphs.

use std::collections::BTreeSet;

use super::{ActorNode, EdgeRef, End, KnowledgeGraph};
use crate::model::{Evidence, Triple};

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
        if self.document_hashes.get(id).map(String::as_str) == Some(hash) {
            return DocumentChange::Unchanged;
        }
        // A document the graph has never seen needs no comparison (and no
        // scan of every edge's evidence).
        if !self.document_hashes.contains_key(id) && !self.has_evidence_from(id) {
            self.document_hashes.insert(id.to_string(), hash.to_string());
            for t in triples {
                self.add_owned_triple(t);
            }
            return DocumentChange::Added;
        }
        let before = self.evidence_of(id);
        let known = self.document_hashes.contains_key(id) || !before.is_empty();
        if !before.is_empty() {
            self.remove_document(id);
        }
        self.document_hashes.insert(id.to_string(), hash.to_string());
        for t in triples {
            self.add_triple(&t);
        }
        if !known {
            DocumentChange::Added
        } else if before == self.evidence_of(id) {
            DocumentChange::Unchanged
        } else {
            DocumentChange::Replaced
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
        let isolated: Vec<(crate::model::ActorId, crate::model::ActorKind)> = self
            .actors()
            .filter(|a| a.mentions == 0)
            .map(|a| (a.id.clone(), a.kind))
            .collect();
        let mut rebuilt = self.subgraph(|_| true, |_, ev| ev.doc != id, false);
        for (actor, kind) in &isolated {
            rebuilt.ensure_actor(actor, *kind);
        }
        rebuilt.document_hashes = std::mem::take(&mut self.document_hashes);
        *self = rebuilt;
        true
    }

    /// A new graph with the evidence that `keep_evidence` accepts on edges
    /// between actors that `keep_actor` accepts. Actors appear when some
    /// kept evidence names them, or, with `keep_isolated`, whenever
    /// `keep_actor` accepts them. Counts and dates are recomputed from the
    /// kept evidence; document hashes are kept for documents that still
    /// contribute evidence.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # let t = |doc: &str, o: &str| Triple { doc: doc.into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new(o, o, ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
    /// #   span: (0, 5), rule: "meet.verb".into(), text: "Tokyo met them.".into(), date: None };
    /// let g = KnowledgeGraph::from_triples([t("a", "India"), t("b", "Chile"), t("c", "India")]);
    /// let only_a = g.subgraph(|_| true, |_, ev| ev.doc == "a", false);
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
        let mut out = KnowledgeGraph::new();
        let mut kept_actors = std::collections::HashMap::new();
        for a in self.actors() {
            let keep = keep_actor(a);
            kept_actors.insert(&a.id, keep);
            if keep && keep_isolated {
                out.ensure_actor(&a.id, a.kind);
            }
        }
        for e in self.edges() {
            if !kept_actors[&e.subject.id] || !kept_actors[&e.object.id] {
                continue;
            }
            for (evidence, (s_text, o_text)) in e.edge.evidence.iter().zip(&e.edge.mention_texts) {
                if !keep_evidence(e, evidence) {
                    continue;
                }
                out.observe(
                    End { id: &e.subject.id, kind: e.subject.kind, text: s_text },
                    &e.edge.relation,
                    End { id: &e.object.id, kind: e.object.kind, text: o_text },
                    e.edge.modality,
                    e.edge.nominal,
                    || evidence.clone(),
                );
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
        // only removed by rebuilding the graph.
        self.doc_ids.get(doc).is_some_and(|&i| self.evidence_per_doc.get(i as usize).is_some_and(|&n| n > 0))
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
                    .filter(move |(ev, _)| ev.doc == doc)
                    .map(move |(ev, (s, o))| {
                        (key.clone(), ev.rule.clone(), ev.sentence, ev.text.clone(), format!("{s}\u{0}{o}"))
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
    fn merge_replaces_changed_documents() {
        let mut old = KnowledgeGraph::new();
        old.add_document("d", "h1", [triple("A", "meet", "B", "d", 0)]);
        let mut new = KnowledgeGraph::new();
        new.add_document("d", "h2", [triple("A", "attack", "B", "d", 0)]);
        old.merge(&new);
        assert_eq!(old, new);
        let snapshot = old.clone();
        old.merge(&snapshot);
        assert_eq!(old, snapshot);
    }

    #[test]
    fn remove_keeps_isolated_actors() {
        let mut g = KnowledgeGraph::from_triples([triple("A", "meet", "B", "d", 0)]);
        g.ensure_actor(&ActorId::new("Lonely"), crate::model::ActorKind::Igo);
        g.remove_document("d");
        assert_eq!(g.actors().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["Lonely"]);
    }
}
