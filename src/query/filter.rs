//! Which part of a graph a query looks at: relation classes, modality,
//! minimum mentions, a date range, source documents, actor kinds.

use std::collections::BTreeSet;

use super::QueryError;
use crate::graph::{ActorNode, KnowledgeGraph};
use crate::model::{ActorKind, Evidence, Modality, Relation};

/// A restriction of the graph, applied to every query through a
/// [`View`](super::View).
///
/// An empty set means "any". Evidence is filtered first (date range,
/// documents); an edge stays when its relation and modality are accepted,
/// both its actors are of an accepted kind, and at least `min_mentions`
/// pieces of its evidence remain. Counts and dates of what stays are
/// recomputed from the evidence that passed.
///
/// ```
/// use actorgraph::query::Filter;
/// use actorgraph::model::Modality;
///
/// let filter = Filter::new()
///     .relations(["supply", "deploy"])
///     .modalities([Modality::Asserted])
///     .min_mentions(2)
///     .date_range(Some("2024-01-01"), Some("2024-12-31"))?;
/// assert!(!filter.is_empty());
/// assert!(Filter::new().is_empty());
/// # Ok::<(), actorgraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Relation classes to keep (empty: all).
    pub relations: BTreeSet<Relation>,
    /// Modalities to keep (empty: all).
    pub modalities: BTreeSet<Modality>,
    /// Least number of (filtered) mentions an edge needs (0 and 1: any).
    pub min_mentions: u64,
    /// Earliest evidence date, inclusive (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    /// With a date bound, evidence without a date is left out.
    pub from: Option<String>,
    /// Latest evidence date, inclusive, compared on as many characters as
    /// given: `2024` takes in all of 2024.
    pub to: Option<String>,
    /// Source documents to keep (empty: all).
    pub documents: BTreeSet<String>,
    /// Actor kinds to keep (empty: all); edges need both ends of such a kind.
    pub kinds: BTreeSet<ActorKind>,
}

impl Filter {
    /// A filter that keeps everything.
    pub fn new() -> Filter {
        Filter::default()
    }

    /// Keeps only these relation classes.
    pub fn relations<I, S>(mut self, relations: I) -> Filter
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.relations = relations.into_iter().map(|r| Relation::new(r)).collect();
        self
    }

    /// Keeps only these modalities.
    pub fn modalities<I: IntoIterator<Item = Modality>>(mut self, modalities: I) -> Filter {
        self.modalities = modalities.into_iter().collect();
        self
    }

    /// Keeps only edges with at least `n` mentions.
    pub fn min_mentions(mut self, n: u64) -> Filter {
        self.min_mentions = n;
        self
    }

    /// Keeps only evidence dated within the bounds (both inclusive).
    ///
    /// ```
    /// use actorgraph::query::{Filter, QueryError};
    /// assert!(Filter::new().date_range(Some("2024-13"), None).is_err());
    /// assert!(Filter::new().date_range(None, Some("2024")).is_ok());
    /// ```
    pub fn date_range(mut self, from: Option<&str>, to: Option<&str>) -> Result<Filter, QueryError> {
        self.from = from.map(check_date).transpose()?;
        self.to = to.map(check_date).transpose()?;
        Ok(self)
    }

    /// Keeps only evidence from these documents.
    pub fn documents<I, S>(mut self, docs: I) -> Filter
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.documents = docs.into_iter().map(Into::into).collect();
        self
    }

    /// Keeps only actors of these kinds.
    pub fn kinds<I: IntoIterator<Item = ActorKind>>(mut self, kinds: I) -> Filter {
        self.kinds = kinds.into_iter().collect();
        self
    }

    /// True when the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty() && !self.restricts_links()
    }

    /// True when the filter can drop links (anything but actor kinds).
    pub(crate) fn restricts_links(&self) -> bool {
        !self.relations.is_empty()
            || !self.modalities.is_empty()
            || self.min_mentions > 1
            || self.from.is_some()
            || self.to.is_some()
            || !self.documents.is_empty()
    }

    /// Whether an actor of this kind is kept.
    pub fn accepts_actor(&self, actor: &ActorNode) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&actor.kind)
    }

    /// Whether an edge of this relation class and modality is kept (before
    /// counting mentions).
    pub fn accepts_link(&self, relation: &Relation, modality: Modality) -> bool {
        (self.relations.is_empty() || self.relations.contains(relation))
            && (self.modalities.is_empty() || self.modalities.contains(&modality))
    }

    /// Whether a piece of evidence passes the date range and document list.
    ///
    /// ```
    /// use actorgraph::model::Evidence;
    /// use actorgraph::query::Filter;
    /// let ev = Evidence { doc: "d1".into(), sentence: 0, span: (0, 1), rule: "r".into(),
    ///                     text: "t".into(), predicate: "p".into(), date: Some("2024-06-19".into()) };
    /// let in_2024 = Filter::new().date_range(Some("2024"), Some("2024")).unwrap();
    /// assert!(in_2024.accepts_evidence(&ev));
    /// let later = Filter::new().date_range(Some("2024-07-01"), None).unwrap();
    /// assert!(!later.accepts_evidence(&ev));
    /// assert!(!Filter::new().documents(["d2"]).accepts_evidence(&ev));
    /// ```
    pub fn accepts_evidence(&self, evidence: &Evidence) -> bool {
        if !self.documents.is_empty() && !self.documents.contains(&*evidence.doc) {
            return false;
        }
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        let Some(date) = evidence.date.as_deref() else {
            return false;
        };
        let after_from = self.from.as_deref().map_or(true, |from| prefix(date, from) >= from);
        let before_to = self.to.as_deref().map_or(true, |to| prefix(date, to) <= to);
        after_from && before_to
    }

    /// The part of `graph` this filter keeps, ready to query.
    ///
    /// ```
    /// use actorgraph::graph::KnowledgeGraph;
    /// use actorgraph::query::Filter;
    /// let graph = KnowledgeGraph::new();
    /// let view = Filter::new().relations(["attack"]).view(&graph);
    /// assert_eq!(view.link_count(), 0);
    /// ```
    pub fn view<'g>(&self, graph: &'g KnowledgeGraph) -> super::View<'g> {
        super::View::new(graph, self)
    }
}

/// The first `bound.len()` bytes of `date` (or all of it), so that a bound
/// `2024` compares with `2024-06-19` on the year only.
fn prefix<'a>(date: &'a str, bound: &str) -> &'a str {
    match date.get(..bound.len()) {
        Some(p) => p,
        None => date,
    }
}

/// Accepts `YYYY`, `YYYY-MM` and `YYYY-MM-DD` with plausible months and days.
fn check_date(text: &str) -> Result<String, QueryError> {
    let invalid = || QueryError::InvalidDate { value: text.to_string() };
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let ok = match parts.as_slice() {
        [y] => number(y, 4).is_some(),
        [y, m] => number(y, 4).is_some() && number(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => {
            number(y, 4).is_some()
                && number(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(d, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    };
    if ok {
        Ok(text.to_string())
    } else {
        Err(invalid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(date: Option<&str>) -> Evidence {
        Evidence {
            doc: "d".into(),
            sentence: 0,
            span: (0, 1),
            rule: "r".into(),
            text: "t".into(),
            predicate: "p".into(),
            date: date.map(Into::into),
        }
    }

    #[test]
    fn dates_validate() {
        for good in ["2024", "2024-02", "2024-02-29", "1999-12-31"] {
            assert!(check_date(good).is_ok(), "{good}");
        }
        for bad in ["", "24", "2024-1", "2024-13", "2024-00-10", "2024-01-32", "2024/01/01", "2024-01-01-01", "２０２４"] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn date_range_is_inclusive_and_prefix_aware() {
        let f = Filter::new().date_range(Some("2024-01-01"), Some("2024-12-31")).unwrap();
        assert!(f.accepts_evidence(&dated(Some("2024-01-01"))));
        assert!(f.accepts_evidence(&dated(Some("2024-12-31T23:59"))));
        assert!(!f.accepts_evidence(&dated(Some("2023-12-31"))));
        assert!(!f.accepts_evidence(&dated(Some("2025-01-01"))));
        assert!(!f.accepts_evidence(&dated(None)));
        assert!(Filter::new().accepts_evidence(&dated(None)));
        let month = Filter::new().date_range(Some("2024-03"), Some("2024-03")).unwrap();
        assert!(month.accepts_evidence(&dated(Some("2024-03-15"))));
        assert!(!month.accepts_evidence(&dated(Some("2024-04-01"))));
    }
}
