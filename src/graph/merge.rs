//! Merging graphs: the reduce step of a corpus read in parts.
//!
//! A merge gives the graph of all the documents of both graphs, whichever
//! graph is merged into which and however merges are grouped, byte for byte
//! in the graph file: kept evidence is the first of each edge by document
//! id, sentence and rule (not by arrival), counts add, date ranges widen,
//! an actor seen with two kinds keeps the lesser, and the evidence limit is
//! the lower of the two.
//!
//! Documents are known by id and content hash. A document in both graphs
//! with the same hash counts once. Two versions of one id (a corrected
//! article) leave the one with the greater hash: there is no order between
//! merged graphs to tell which is newer (`build --add` has one, and keeps
//! the later). Where a graph did not keep all its evidence (see
//! [`max_evidence`](KnowledgeGraph::max_evidence)), taking one copy of a
//! document out is exact only when that copy's evidence was all kept; when
//! it cannot be, the merge is refused ([`MergeError`]) and nothing changes.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;

use super::{Arrival, KnowledgeGraph, Newer};
use crate::model::{ActorId, Evidence};

/// What [`KnowledgeGraph::merge`] did with the documents of the graph merged in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Documents new to the graph (or, without content hashes, whose evidence was joined).
    pub added: usize,
    /// Documents both graphs held in the same version: counted once.
    pub unchanged: usize,
    /// Documents held in another version, replaced by the one merged in.
    pub replaced: usize,
    /// Documents held in another version, which stayed.
    pub kept_ours: usize,
}

/// Why two graphs cannot be merged exactly. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// A document both graphs hold in the same version, neither of which
    /// kept all of its evidence: its share of their counts cannot be told
    /// apart, so it cannot be counted once.
    #[error(
        "document `{doc}` is in both graphs, and neither kept all of its evidence (max_evidence), \
         so it cannot be counted once; build the graphs with --max-evidence 0, or from separate documents"
    )]
    SharedDocument {
        /// The document id.
        doc: String,
    },
    /// A document held in two versions, where the graph of the one that
    /// goes did not keep all the evidence around it.
    #[error(
        "document `{doc}` is in both graphs in different versions, and the graph of the one that goes \
         (content hash {hash}) did not keep all the evidence around it (max_evidence), so it cannot be \
         taken out exactly; build that graph with --max-evidence 0, or without that document"
    )]
    ChangedDocument {
        /// The document id.
        doc: String,
        /// The content hash of the version that would go (`none` for unknown).
        hash: String,
    },
}

/// What a merge will do, settled before anything changes.
#[derive(Default)]
struct Plan<'g> {
    summary: MergeSummary,
    /// Documents whose copy in this graph goes before the other is added.
    remove_ours: Vec<String>,
    /// Documents whose evidence in the other graph is passed over.
    skip_theirs: BTreeSet<&'g str>,
    /// Content hashes this graph takes from the other.
    hashes: Vec<(&'g str, &'g str)>,
}

/// Per document: pieces of evidence kept, and whether some of them are on
/// an edge that did not keep all of its evidence.
type Census<'g> = HashMap<&'g str, (u64, bool)>;

impl KnowledgeGraph {
    /// Adds the documents of `other` to this graph: the graph of every
    /// document of both, byte for byte in the graph file whichever way
    /// round and however merges are grouped. Kept evidence is the first of
    /// each edge by document id, sentence and rule; counts add; the lower
    /// evidence limit holds; an actor seen with two kinds keeps the lesser.
    ///
    /// A document in both graphs in the same version (id and content hash)
    /// counts once, so merging a graph into itself, or a part of it again,
    /// changes nothing. Of two versions of one id the one with the greater
    /// content hash stays ([`MergeSummary::replaced`], [`MergeSummary::kept_ours`]).
    /// When one copy of a document cannot be taken out exactly (see
    /// [`MergeError`]) the merge is refused and this graph is unchanged.
    /// Documents without a content hash (graphs from bare triples) are
    /// joined piece of evidence by piece of evidence.
    ///
    /// ```
    /// # use actorgraph::graph::{content_hash, KnowledgeGraph};
    /// # use actorgraph::model::*;
    /// # let t = |doc: &str, o: &str| Triple { doc: doc.into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new(o, o, ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
    /// #   span: (0, 5), rule: "meet.verb".into(), text: "Tokyo met them.".into(), date: None };
    /// let graph = |docs: &[(&str, &str)]| {
    ///     let mut g = KnowledgeGraph::new().with_max_evidence(20);
    ///     for (id, object) in docs {
    ///         g.add_document(id, &content_hash(object, None), [t(id, object)]);
    ///     }
    ///     g
    /// };
    /// let (a, b) = (graph(&[("d1", "India"), ("d2", "Chile")]), graph(&[("d2", "Chile"), ("d3", "India")]));
    /// let mut ab = a.clone();
    /// let summary = ab.merge(&b)?;
    /// assert_eq!((summary.added, summary.unchanged), (1, 1));
    /// let mut ba = b.clone();
    /// ba.merge(&a)?;
    /// assert_eq!(ab.to_json_string(), ba.to_json_string());
    /// assert_eq!(ab, graph(&[("d1", "India"), ("d2", "Chile"), ("d3", "India")]));
    /// # Ok::<(), actorgraph::graph::MergeError>(())
    /// ```
    pub fn merge(&mut self, other: &KnowledgeGraph) -> Result<MergeSummary, MergeError> {
        let max = lower_limit(self.max_evidence, other.max_evidence);
        let theirs = other.documents();
        let ours_count = self.documents().len();
        let same_in = |graph: &KnowledgeGraph, doc: &str, from: &KnowledgeGraph| {
            graph.arrival(
                doc,
                from.document_hashes.get(doc).map(String::as_str),
                Newer::GreaterHash,
            ) == Arrival::Same
        };
        // Every document of one graph is in the other in the same version:
        // the larger graph is the merge (a graph merged with itself, or with
        // a part of it again). Exact even where evidence was not all kept.
        if !theirs.is_empty() && theirs.iter().all(|&d| same_in(self, d, other)) {
            self.set_max_evidence(max);
            self.take_isolated_actors(other);
            self.take_lesser_kinds(other);
            return Ok(MergeSummary {
                unchanged: theirs.len(),
                ..MergeSummary::default()
            });
        }
        if ours_count > 0 && self.documents().iter().all(|&d| same_in(other, d, self)) {
            let mut merged = other.clone();
            merged.set_max_evidence(max);
            merged.take_isolated_actors(self);
            merged.take_lesser_kinds(self);
            *self = merged;
            return Ok(MergeSummary {
                added: theirs.len() - ours_count,
                unchanged: ours_count,
                ..MergeSummary::default()
            });
        }
        let plan = self.plan_merge(other, &theirs)?;
        for doc in &plan.remove_ours {
            self.remove_document(doc);
        }
        for &(doc, hash) in &plan.hashes {
            self.document_hashes
                .insert(doc.to_string(), hash.to_string());
        }
        self.set_max_evidence(max);
        let skip = &plan.skip_theirs;
        let kept = |ev: &Evidence| !skip.contains(&*ev.doc);
        self.take_isolated_actors(other);
        let unkept = other.unkept_tallies();
        for e in other.edges() {
            if e.edge.unkept() == 0 && !e.edge.evidence.iter().any(kept) {
                continue;
            }
            let edge = self.copy_samples(e, kept);
            if e.edge.unkept() > 0 {
                self.count_unkept(edge, e.edge, false);
            }
        }
        for (actor, spellings, unspelled) in unkept.actors {
            let kind = other.actor(actor).map(|a| a.kind).unwrap_or_default();
            let ix = self.ensure_actor(actor, kind);
            for (text, n) in spellings {
                self.graph[ix].count_mentions(text, n);
            }
            self.graph[ix].mentions += unspelled;
        }
        for (doc, n) in unkept.docs {
            let doc = self.docs.number(doc) as usize;
            self.add_doc_mentions(doc, n);
        }
        self.take_lesser_kinds(other);
        Ok(plan.summary)
    }

    /// Settles, document by document, what a merge of `other` (holding
    /// `theirs`) does, or why it cannot be exact.
    fn plan_merge<'g>(
        &self,
        other: &'g KnowledgeGraph,
        theirs: &BTreeSet<&'g str>,
    ) -> Result<Plan<'g>, MergeError> {
        let (mut our_census, mut their_census) = (None, None);
        let mut plan = Plan::default();
        for &doc in theirs {
            let hash = other.document_hashes.get(doc).map(String::as_str);
            let arrival = self.arrival(doc, hash, Newer::GreaterHash);
            match arrival {
                Arrival::New | Arrival::Unknown => plan.summary.added += 1,
                Arrival::Same => plan.summary.unchanged += 1,
                Arrival::Replaces => plan.summary.replaced += 1,
                Arrival::Loses => plan.summary.kept_ours += 1,
            }
            if let (Some(hash), true) = (hash, arrival != Arrival::Loses) {
                plan.hashes.push((doc, hash));
            }
            if matches!(arrival, Arrival::New | Arrival::Unknown) {
                continue;
            }
            let our = our_census
                .get_or_insert_with(|| self.census())
                .get(doc)
                .copied();
            let their = their_census
                .get_or_insert_with(|| other.census())
                .get(doc)
                .copied();
            match arrival {
                // One copy goes, one whose evidence was all kept.
                Arrival::Same if all_kept(other, doc, their) => {
                    plan.skip_theirs.insert(doc);
                }
                Arrival::Same if all_kept(self, doc, our) => plan.remove_ours.push(doc.to_string()),
                Arrival::Same => {
                    return Err(MergeError::SharedDocument {
                        doc: doc.to_string(),
                    })
                }
                // The version that goes must leave no edge short of evidence.
                Arrival::Replaces if removable(self, doc, our) => {
                    plan.remove_ours.push(doc.to_string())
                }
                Arrival::Loses if removable(other, doc, their) => {
                    plan.skip_theirs.insert(doc);
                }
                _ => {
                    let going = if arrival == Arrival::Replaces {
                        self
                    } else {
                        other
                    };
                    let hash = going
                        .document_hashes
                        .get(doc)
                        .cloned()
                        .unwrap_or_else(|| "none".to_string());
                    return Err(MergeError::ChangedDocument {
                        doc: doc.to_string(),
                        hash,
                    });
                }
            }
        }
        Ok(plan)
    }

    /// Per document, its kept evidence (see [`Census`]).
    fn census(&self) -> Census<'_> {
        let mut census = Census::default();
        for e in self.edge_refs() {
            let short = e.edge.unkept() > 0;
            for ev in &e.edge.evidence {
                let entry = census.entry(&*ev.doc).or_default();
                entry.0 += 1;
                entry.1 |= short;
            }
        }
        census
    }

    /// Adds the actors that stand alone in `other` (no links: kept from a
    /// cut or a file), which no document brings.
    fn take_isolated_actors(&mut self, other: &KnowledgeGraph) {
        for ix in other.graph.node_indices() {
            if other.graph.neighbors_undirected(ix).next().is_none() {
                let actor = &other.graph[ix];
                self.ensure_actor(&actor.id, actor.kind);
            }
        }
    }

    /// Gives each actor this graph shares with `other` the lesser of their kinds.
    fn take_lesser_kinds(&mut self, other: &KnowledgeGraph) {
        for actor in other.graph.node_weights() {
            if let Some(&ix) = self.nodes.get(&actor.id) {
                let kind = &mut self.graph[ix].kind;
                *kind = (*kind).min(actor.kind);
            }
        }
    }

    /// What this graph counted but did not keep: per actor, the spellings
    /// (and mentions without one) beyond those of kept evidence; per
    /// document, the pieces of evidence beyond the kept ones.
    fn unkept_tallies(&self) -> Unkept<'_> {
        let mut spellings: BTreeMap<&ActorId, BTreeMap<&str, u64>> = BTreeMap::new();
        let mut docs: BTreeMap<&str, u64> = self
            .doc_tallies
            .iter()
            .enumerate()
            .filter(|(_, tally)| tally.evidence > 0)
            .map(|(d, tally)| (&**self.docs.name(d as u32), tally.evidence))
            .collect();
        for a in self.graph.node_weights() {
            spellings.insert(
                &a.id,
                a.mention_texts
                    .iter()
                    .map(|(t, &n)| (t.as_str(), n))
                    .collect(),
            );
        }
        for e in self.edge_refs() {
            for (ev, (s, o)) in e.edge.evidence.iter().zip(&e.edge.mention_texts) {
                for (actor, text) in [(&e.subject.id, s), (&e.object.id, o)] {
                    if let Some(n) = spellings.get_mut(actor).and_then(|m| m.get_mut(&**text)) {
                        *n = n.saturating_sub(1);
                    }
                }
                if let Some(n) = docs.get_mut(&*ev.doc) {
                    *n = n.saturating_sub(1);
                }
            }
        }
        let actors = self
            .actors()
            .map(|a| {
                let spelled: u64 = a.mention_texts.values().sum();
                let left: Vec<(&str, u64)> = spellings
                    .remove(&a.id)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|&(_, n)| n > 0)
                    .collect();
                (&a.id, left, a.mentions.saturating_sub(spelled))
            })
            .filter(|(_, left, unspelled)| !left.is_empty() || *unspelled > 0)
            .collect();
        Unkept {
            actors,
            docs: docs.into_iter().filter(|&(_, n)| n > 0).collect(),
        }
    }
}

/// Whether `graph` kept every piece of evidence document `doc` gave.
fn all_kept(graph: &KnowledgeGraph, doc: &str, census: Option<(u64, bool)>) -> bool {
    graph.document_mentions(doc) == census.map_or(0, |(kept, _)| kept)
}

/// Whether document `doc` can be taken out of `graph` exactly: all its
/// evidence kept, on edges that kept all of theirs (so that no piece that
/// was not kept should take its place).
fn removable(graph: &KnowledgeGraph, doc: &str, census: Option<(u64, bool)>) -> bool {
    all_kept(graph, doc, census) && !census.is_some_and(|(_, short)| short)
}

/// The lower of two evidence limits, where 0 is no limit.
fn lower_limit(a: usize, b: usize) -> usize {
    match (a, b) {
        (0, n) | (n, 0) => n,
        (a, b) => a.min(b),
    }
}

/// Spellings with their counts.
type SpellingCounts<'g> = Vec<(&'g str, u64)>;

/// See [`KnowledgeGraph::unkept_tallies`].
struct Unkept<'g> {
    /// Actor, spellings with their unkept counts, mentions without a spelling.
    actors: Vec<(&'g ActorId, SpellingCounts<'g>, u64)>,
    docs: Vec<(&'g str, u64)>,
}
