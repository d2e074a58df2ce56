//! The weights of the graph: actor nodes, relation edges, and the key that
//! identifies an edge.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{ActorId, ActorKind, Evidence, Modality, Relation};

/// One canonical actor and every way the text named it.
///
/// ```
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
///
/// let mut g = KnowledgeGraph::new();
/// g.add_triple(&Triple {
///     doc: "d".into(),
///     subject: ActorRef::new("Russia", "the Kremlin", ActorKind::State),
///     relation: Relation::new("meet"),
///     object: ActorRef::new("China", "Beijing", ActorKind::State),
///     predicate: "met".into(), modality: Modality::Asserted, nominal: false,
///     sentence: 0, span: (0, 28), rule: "meet.verb".into(),
///     text: "The Kremlin met Beijing.".into(), date: None,
/// });
/// let russia = g.actor(&ActorId::new("Russia")).unwrap();
/// assert_eq!(russia.mentions, 1);
/// assert_eq!(russia.mention_texts["the Kremlin"], 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorNode {
    /// Canonical name: the node's identity.
    pub id: ActorId,
    /// Kind of actor: the kind first seen for this id (of two graphs merged, the lesser).
    pub kind: ActorKind,
    /// Each mention text seen for this actor, with how many times it was seen.
    pub mention_texts: BTreeMap<String, u64>,
    /// Total mentions: the number of triple ends (subject or object of a
    /// distinct piece of evidence) that named this actor.
    pub mentions: u64,
}

impl ActorNode {
    pub(crate) fn new(id: ActorId, kind: ActorKind) -> Self {
        ActorNode {
            id,
            kind,
            mention_texts: BTreeMap::new(),
            mentions: 0,
        }
    }

    /// Counts `n` mentions written `text`.
    pub(crate) fn count_mentions(&mut self, text: &str, n: u64) {
        match self.mention_texts.get_mut(text) {
            Some(count) => *count += n,
            None => {
                self.mention_texts.insert(text.to_string(), n);
            }
        }
        self.mentions += n;
    }

    /// Takes back `n` mentions written `text` (of a removed document).
    pub(crate) fn uncount_mentions(&mut self, text: &str, n: u64) {
        if let Some(count) = self.mention_texts.get_mut(text) {
            *count = count.saturating_sub(n);
            if *count == 0 {
                self.mention_texts.remove(text);
            }
        }
        self.mentions = self.mentions.saturating_sub(n);
    }
}

/// Everything known about one (subject, relation, object, modality) link.
///
/// Triples with the same key merge into one edge; each distinct piece of
/// evidence (same document, sentence and rule counts once) adds a mention.
/// The counts and dates cover every mention; `evidence` keeps the first
/// [`max_evidence`](super::KnowledgeGraph::max_evidence) of them by
/// document id, sentence and rule, so `mentions` can exceed `evidence.len()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationEdge {
    /// The relation class.
    pub relation: Relation,
    /// Asserted, negated or hypothetical.
    pub modality: Modality,
    /// Number of distinct pieces of evidence, kept or not.
    pub mentions: u64,
    /// Earliest evidence date (ISO 8601 strings compare in date order),
    /// over every mention.
    pub first_date: Option<Arc<str>>,
    /// Latest evidence date, over every mention.
    pub last_date: Option<Arc<str>>,
    /// True only if every mention was nominal ("Russia's war in Ukraine").
    pub nominal: bool,
    /// The kept pieces of evidence (at least one), by document id, sentence and rule.
    pub evidence: Vec<Evidence>,
    /// How the subject and the object were written in each kept piece of
    /// evidence; parallel to `evidence`. Kept so that graphs merge and
    /// reload with exact per-actor mention counts.
    pub mention_texts: Vec<(Arc<str>, Arc<str>)>,
}

impl RelationEdge {
    pub(crate) fn new(relation: Relation, modality: Modality, nominal: bool) -> Self {
        RelationEdge {
            relation,
            modality,
            mentions: 0,
            first_date: None,
            last_date: None,
            nominal,
            evidence: Vec::new(),
            mention_texts: Vec::new(),
        }
    }

    /// How many mentions were counted but not kept as evidence.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # let t = |sentence| Triple { doc: "d".into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new("India", "India", ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence,
    /// #   span: (0, 16), rule: "meet.verb".into(), text: "Tokyo met India.".into(), date: None };
    /// let mut g = KnowledgeGraph::new().with_max_evidence(2);
    /// g.extend((0..5).map(t));
    /// let e = g.edges().next().unwrap().edge;
    /// assert_eq!((e.mentions, e.evidence.len(), e.unkept()), (5, 2, 3));
    /// ```
    pub fn unkept(&self) -> u64 {
        self.mentions.saturating_sub(self.evidence.len() as u64)
    }

    /// Counts one new (already de-duplicated) mention: dates, nominal, total.
    pub(crate) fn count(&mut self, date: Option<&Arc<str>>, nominal: bool) {
        self.widen_dates(date, date);
        self.nominal &= nominal;
        self.mentions += 1;
    }

    /// Widens the date range to take in `first` and `last`. Dates are
    /// shared strings: a graph holds few distinct ones.
    pub(crate) fn widen_dates(&mut self, first: Option<&Arc<str>>, last: Option<&Arc<str>>) {
        if let Some(date) = first {
            if self.first_date.as_deref().map_or(true, |d| **date < *d) {
                self.first_date = Some(date.clone());
            }
        }
        if let Some(date) = last {
            if self.last_date.as_deref().map_or(true, |d| **date > *d) {
                self.last_date = Some(date.clone());
            }
        }
    }

    /// Whether a mention dated `date` would widen the date range.
    pub(crate) fn widens_dates(&self, date: &str) -> bool {
        self.first_date.as_deref().map_or(true, |d| date < d) || self.last_date.as_deref().map_or(true, |d| date > d)
    }

    /// Where a new piece of evidence from `doc`, `sentence` and `rule`
    /// goes among the kept ones, or `None` when `max` (0: no limit) others
    /// come before it. The kept evidence is the first `max` in
    /// [`evidence_order`]: which pieces an edge keeps then depends on what
    /// it was given, not on the order it came in, so that graphs merge to
    /// the same graph whichever way round.
    pub(crate) fn slot_for(&self, doc: &str, sentence: usize, rule: &str, max: usize) -> Option<usize> {
        let key = (doc, sentence, rule);
        let at = match self.evidence.last() {
            // Evidence mostly comes in order: no search.
            Some(last) if evidence_order(last) < key => self.evidence.len(),
            None => 0,
            Some(_) => self.evidence.partition_point(|ev| evidence_order(ev) < key),
        };
        (max == 0 || at < max).then_some(at)
    }

    /// Keeps one counted mention as evidence at `at` (from
    /// [`slot_for`](Self::slot_for)), the last kept piece giving way when
    /// there are more than `max` (0: no limit); the lists grow no further
    /// than `max`, so that a full edge wastes no room.
    pub(crate) fn keep(&mut self, at: usize, evidence: Evidence, texts: (Arc<str>, Arc<str>), max: usize) {
        let len = self.evidence.len();
        if len == self.evidence.capacity() && max > len {
            let room = (len * 2).max(4).min(max) - len;
            self.evidence.reserve_exact(room);
            self.mention_texts.reserve_exact(room);
        }
        if max > 0 && len >= max {
            // Still counted, no longer kept.
            self.evidence.truncate(max - 1);
            self.mention_texts.truncate(max - 1);
        }
        self.evidence.insert(at, evidence);
        self.mention_texts.insert(at, texts);
    }
}

/// The order of an edge's kept evidence: by document id, sentence and rule
/// (which together identify a piece of evidence on an edge).
pub(crate) fn evidence_order(ev: &Evidence) -> (&str, usize, &str) {
    (&ev.doc, ev.sentence, &ev.rule)
}

/// The identity of an edge: who does what to whom, and how it was stated.
///
/// Ordered by subject, object, relation, then modality: the order in which
/// [`KnowledgeGraph::edges`](super::KnowledgeGraph::edges) lists edges.
///
/// ```
/// use actorgraph::graph::EdgeKey;
/// use actorgraph::model::{ActorId, Modality, Relation};
/// let k = EdgeKey::new(ActorId::new("Iran"), Relation::new("supply"), ActorId::new("Russia"), Modality::Asserted);
/// assert_eq!(k.to_string(), "Iran -[supply]-> Russia (asserted)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EdgeKey {
    /// Who acts.
    pub subject: ActorId,
    /// The relation class.
    pub relation: Relation,
    /// Who is acted on or with.
    pub object: ActorId,
    /// How the relation was stated.
    pub modality: Modality,
}

impl EdgeKey {
    /// Builds a key from its four parts.
    pub fn new(subject: ActorId, relation: Relation, object: ActorId, modality: Modality) -> Self {
        EdgeKey {
            subject,
            relation,
            object,
            modality,
        }
    }

    fn sort_tuple(&self) -> (&ActorId, &ActorId, &Relation, Modality) {
        (&self.subject, &self.object, &self.relation, self.modality)
    }
}

impl Ord for EdgeKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_tuple().cmp(&other.sort_tuple())
    }
}

impl PartialOrd for EdgeKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for EdgeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} -[{}]-> {} ({})",
            self.subject, self.relation, self.object, self.modality
        )
    }
}

/// A borrowed view of one edge with both of its actors.
#[derive(Debug, Clone, Copy)]
pub struct EdgeRef<'g> {
    /// The acting actor.
    pub subject: &'g ActorNode,
    /// The actor acted on or with.
    pub object: &'g ActorNode,
    /// The merged relation.
    pub edge: &'g RelationEdge,
}

impl EdgeRef<'_> {
    /// The key that identifies this edge.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # let t = Triple { doc: "d".into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new("India", "India", ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 1,
    /// #   span: (5, 20), rule: "meet.verb".into(), text: "Tokyo met India.".into(), date: None };
    /// let g = KnowledgeGraph::from_triples([t]);
    /// let e = g.edges().next().unwrap();
    /// assert_eq!(e.key().to_string(), "Japan -[meet]-> India (asserted)");
    /// ```
    pub fn key(&self) -> EdgeKey {
        EdgeKey::new(
            self.subject.id.clone(),
            self.edge.relation.clone(),
            self.object.id.clone(),
            self.edge.modality,
        )
    }

    /// Compares two edges in key order without building keys.
    pub(crate) fn cmp_key(&self, other: &EdgeRef<'_>) -> std::cmp::Ordering {
        (
            &self.subject.id,
            &self.object.id,
            &self.edge.relation,
            self.edge.modality,
        )
            .cmp(&(
                &other.subject.id,
                &other.object.id,
                &other.edge.relation,
                other.edge.modality,
            ))
    }
}
