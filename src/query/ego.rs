//! Ego networks: the actors within k steps of one actor, and the links
//! that reach them.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;

use super::{Direction, Link, View};
use crate::model::ActorId;

/// One link of an ego network, with how far out it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EgoLink {
    /// 1 for links of the centre, 2 for links of its neighbours, …
    pub hop: usize,
    /// The actor the link was followed from; the link's `direction` is seen from it.
    pub from: ActorId,
    /// The link.
    #[serde(flatten)]
    pub link: Link,
}

/// The actors within `depth` steps of a centre and the links followed to
/// reach them (see [`View::ego`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EgoNetwork {
    /// The actor asked about.
    pub center: ActorId,
    /// Every actor reached, with its distance from the centre (0 for the centre).
    pub distances: BTreeMap<ActorId, usize>,
    /// The links, by hop, then most mentioned first.
    pub links: Vec<EgoLink>,
}

impl EgoNetwork {
    /// The actors reached, centre included.
    pub fn actors(&self) -> BTreeSet<ActorId> {
        self.distances.keys().cloned().collect()
    }
}

impl View<'_> {
    /// The ego network of `center`: breadth-first, following links in
    /// `direction`, out to `depth` steps. Each link is listed once, at the
    /// hop where it was first followed; with `depth` 1 the links are exactly
    /// [`neighbours`](View::neighbours).
    ///
    /// ```
    /// use actorgraph::graph::KnowledgeGraph;
    /// use actorgraph::model::*;
    /// use actorgraph::query::{Direction, Filter};
    ///
    /// let t = |s: &str, o: &str| Triple {
    ///     doc: "d".into(), subject: ActorRef::new(s, s, ActorKind::State), relation: Relation::new("supply"),
    ///     object: ActorRef::new(o, o, ActorKind::State), predicate: "supplied".into(),
    ///     modality: Modality::Asserted, nominal: false, sentence: 0, span: (0, 1),
    ///     rule: "r".into(), text: format!("{s} supplied {o}."), date: None,
    /// };
    /// let graph = KnowledgeGraph::from_triples([t("Iran", "Russia"), t("Russia", "Ukraine")]);
    /// let view = Filter::new().view(&graph);
    /// let ego = view.ego(&ActorId::new("Iran"), 2, Direction::Out);
    /// assert_eq!(ego.distances[&ActorId::new("Ukraine")], 2);
    /// assert_eq!(ego.links.len(), 2);
    /// assert_eq!((ego.links[1].hop, ego.links[1].from.as_str()), (2, "Russia"));
    /// ```
    pub fn ego(&self, center: &ActorId, depth: usize, direction: Direction) -> EgoNetwork {
        let mut distances = BTreeMap::new();
        let mut links = Vec::new();
        if !self.contains(center) && self.incident(center, Direction::Both).next().is_none() {
            return EgoNetwork { center: center.clone(), distances, links };
        }
        distances.insert(center.clone(), 0);
        let mut followed = BTreeSet::new();
        let mut queue = VecDeque::from([center.clone()]);
        while let Some(actor) = queue.pop_front() {
            let distance = distances[&actor];
            if distance >= depth {
                continue;
            }
            let mut found = Vec::new();
            for i in self.incident(&actor, direction) {
                if !followed.insert(i) {
                    continue;
                }
                let edge = &self.edges()[i];
                let other = edge.other(&actor);
                if !distances.contains_key(other) {
                    distances.insert(other.clone(), distance + 1);
                    queue.push_back(other.clone());
                }
                found.push(edge.link(&actor));
            }
            links.extend(
                super::view::sorted_links(found.into_iter())
                    .into_iter()
                    .map(|link| EgoLink { hop: distance + 1, from: actor.clone(), link }),
            );
        }
        links.sort_by_key(|l| l.hop);
        EgoNetwork { center: center.clone(), distances, links }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;
    use crate::graph::KnowledgeGraph;
    use crate::query::Filter;

    fn chain() -> KnowledgeGraph {
        KnowledgeGraph::from_triples([
            triple("A", "meet", "B", "d", 0),
            triple("B", "meet", "C", "d", 1),
            triple("C", "meet", "D", "d", 2),
            triple("E", "attack", "A", "d", 3),
            triple("B", "support", "A", "d", 4),
        ])
    }

    #[test]
    fn depth_limits_the_reach() {
        let g = chain();
        let view = Filter::new().view(&g);
        let a = ActorId::new("A");
        let one = view.ego(&a, 1, Direction::Both);
        assert_eq!(one.actors().len(), 3, "{:?}", one.distances);
        assert_eq!(one.links.len(), 3);
        assert_eq!(one.links.iter().map(|l| &l.link).cloned().collect::<Vec<_>>(), view.neighbours(&a, Direction::Both));
        let two = view.ego(&a, 2, Direction::Both);
        assert_eq!(two.distances[&ActorId::new("C")], 2);
        assert!(!two.distances.contains_key(&ActorId::new("D")));
        assert_eq!(two.links.len(), 4);
        let out = view.ego(&a, 5, Direction::Out);
        let reached: Vec<&str> = out.distances.keys().map(ActorId::as_str).collect();
        assert_eq!(reached, ["A", "B", "C", "D"]);
        assert_eq!(view.ego(&a, 0, Direction::Both).links.len(), 0);
    }

    #[test]
    fn unknown_centre_is_empty() {
        let g = chain();
        let ego = Filter::new().view(&g).ego(&ActorId::new("Z"), 3, Direction::Both);
        assert!(ego.distances.is_empty() && ego.links.is_empty());
    }
}
