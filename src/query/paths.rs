//! Paths between two actors: the shortest, and every simple path up to a
//! length, each step with the relations that make it.
//!
//! The graph is a multigraph (one edge per relation and modality), so a
//! path search over its edges would list the same chain of actors once per
//! combination of parallel edges. Here the search runs over actor pairs,
//! with all the links between a pair gathered into one [`Step`].

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde::Serialize;

use super::{Direction, Link, QueryError, View};
use crate::model::ActorId;

/// Most paths [`View::paths`] returns, so that a dense graph cannot make
/// a query run for ever.
pub const MAX_PATHS: usize = 1000;

/// Most steps (an actor tried as the next one of a path) [`View::paths`]
/// takes before it gives up with [`QueryError::TooCostly`]: the number of
/// simple paths grows exponentially with their length in a dense graph,
/// even where few of them reach the target.
pub const MAX_PATH_STEPS: u64 = 5_000_000;

/// One step of a path: from one actor to the next, and every link that
/// joins them in the direction searched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Where the step starts.
    pub from: ActorId,
    /// Where it ends.
    pub to: ActorId,
    /// The links between the two, most mentioned first; directions are
    /// seen from `from`.
    pub links: Vec<Link>,
}

impl Step {
    /// The relations of the step as text: `supply ×3, meet (in)`.
    ///
    /// `×N` follows a relation with more than one mention; `(in)` marks a
    /// link that runs against the direction of travel, `(negated)` and
    /// `(hypothetical)` mark modality.
    pub fn describe(&self) -> String {
        self.links
            .iter()
            .map(|l| {
                let mut s = l.relation.to_string();
                if l.mentions > 1 {
                    s.push_str(&format!(" ×{}", l.mentions));
                }
                if l.direction == Direction::In {
                    s.push_str(" (in)");
                }
                if l.modality != crate::model::Modality::Asserted {
                    s.push_str(&format!(" ({})", l.modality));
                }
                s
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A chain of actors with the links between consecutive ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Path {
    /// The actors, from the start to the end.
    pub actors: Vec<ActorId>,
    /// One step per consecutive pair.
    pub steps: Vec<Step>,
}

impl Path {
    /// Number of steps.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// True for the path from an actor to itself.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Total mentions over every link of every step.
    pub fn weight(&self) -> u64 {
        self.steps.iter().flat_map(|s| &s.links).map(|l| l.mentions).sum()
    }
}

/// Actor → neighbour → indices of the view's edges joining them.
type Adjacency<'a> = HashMap<&'a ActorId, BTreeMap<&'a ActorId, Vec<usize>>>;

impl View<'_> {
    /// A shortest path (fewest steps) from `from` to `to`, following links
    /// in `direction` (`Both` ignores which way a link points). Among paths
    /// of equal length, the one whose actors come first by name.
    ///
    /// ```
    /// use actorgraph::graph::KnowledgeGraph;
    /// use actorgraph::model::*;
    /// use actorgraph::query::{Direction, Filter};
    ///
    /// let t = |s: &str, r: &str, o: &str| Triple {
    ///     doc: "d".into(), subject: ActorRef::new(s, s, ActorKind::State), relation: Relation::new(r),
    ///     object: ActorRef::new(o, o, ActorKind::State), predicate: r.into(), modality: Modality::Asserted,
    ///     nominal: false, sentence: 0, span: (0, 1), rule: r.into(), text: format!("{s} {r} {o}."), date: None,
    /// };
    /// let graph = KnowledgeGraph::from_triples([
    ///     t("Iran", "supply", "Russia"), t("Iran", "meet", "Russia"), t("Russia", "attack", "Ukraine"),
    /// ]);
    /// let view = Filter::new().view(&graph);
    /// let path = view.shortest_path(&ActorId::new("Iran"), &ActorId::new("Ukraine"), Direction::Both).unwrap();
    /// assert_eq!(path.len(), 2);
    /// assert_eq!(path.steps[0].describe(), "meet, supply");
    /// ```
    pub fn shortest_path(&self, from: &ActorId, to: &ActorId, direction: Direction) -> Option<Path> {
        if from == to {
            return self.contains(from).then(|| Path { actors: vec![from.clone()], steps: Vec::new() });
        }
        let adjacency = self.adjacency(direction);
        let mut previous: HashMap<&ActorId, &ActorId> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        previous.insert(from, from);
        while let Some(actor) = queue.pop_front() {
            for next in adjacency.get(actor).into_iter().flat_map(BTreeMap::keys) {
                if previous.contains_key(next) {
                    continue;
                }
                previous.insert(next, actor);
                if *next == to {
                    let mut chain = vec![*next];
                    let mut at = *next;
                    while at != from {
                        at = previous[at];
                        chain.push(at);
                    }
                    chain.reverse();
                    return Some(self.path_of(&chain, &adjacency, direction));
                }
                queue.push_back(next);
            }
        }
        None
    }

    /// Every simple path (no actor twice) from `from` to `to` with at most
    /// `max_len` steps, following links in `direction`: shortest first,
    /// then heaviest (most mentions), then by actor names. Parallel links
    /// between two actors make one step, not several paths. At most
    /// [`MAX_PATHS`] paths are returned, the shortest.
    ///
    /// The search only enters actors from which `to` can still be reached
    /// in the steps left (so a search with no path at all costs one pass
    /// over the links), and it stops with [`QueryError::TooCostly`] after
    /// [`MAX_PATH_STEPS`] steps.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// # use actorgraph::model::*;
    /// # use actorgraph::query::{Direction, Filter};
    /// # let t = |s: &str, r: &str, o: &str| Triple {
    /// #     doc: "d".into(), subject: ActorRef::new(s, s, ActorKind::State), relation: Relation::new(r),
    /// #     object: ActorRef::new(o, o, ActorKind::State), predicate: r.into(), modality: Modality::Asserted,
    /// #     nominal: false, sentence: 0, span: (0, 1), rule: r.into(), text: format!("{s} {r} {o}."), date: None,
    /// # };
    /// let graph = KnowledgeGraph::from_triples([
    ///     t("A", "supply", "B"), t("A", "meet", "B"), t("B", "attack", "C"), t("A", "urge", "C"),
    /// ]);
    /// let view = Filter::new().view(&graph);
    /// let paths = view.paths(&ActorId::new("A"), &ActorId::new("C"), 3, Direction::Out)?;
    /// assert_eq!(paths.len(), 2); // A→C, and A→B→C once despite two A→B links
    /// assert_eq!(paths[1].steps[0].links.len(), 2);
    /// # Ok::<(), actorgraph::query::QueryError>(())
    /// ```
    pub fn paths(&self, from: &ActorId, to: &ActorId, max_len: usize, direction: Direction) -> Result<Vec<Path>, QueryError> {
        if from == to {
            return Ok(self.shortest_path(from, to, direction).into_iter().collect());
        }
        let adjacency = self.adjacency(direction);
        let mut search = Search { adjacency: &adjacency, to, steps_to: steps_to(&adjacency, to, max_len), steps: 0, chains: Vec::new() };
        let reachable = search.steps_to.get(from).is_some_and(|&d| d <= max_len);
        let mut stack = vec![from];
        // Depth by depth, so that the cap never drops a shorter path for a longer one.
        for len in 1..=max_len {
            if !reachable || search.chains.len() >= MAX_PATHS {
                break;
            }
            if !search.simple_paths(&mut stack, len) {
                return Err(QueryError::TooCostly {
                    what: format!("the search for paths of up to {max_len} steps"),
                    limit: format!("{MAX_PATH_STEPS} steps"),
                    hint: "lower --max-len, ask for --shortest, or filter the links (--relation, --min-mentions)",
                });
            }
        }
        let mut chains = search.chains;
        chains.truncate(MAX_PATHS);
        let mut paths: Vec<Path> = chains.iter().map(|c| self.path_of(c, &adjacency, direction)).collect();
        paths.sort_by(|a, b| {
            a.len().cmp(&b.len()).then(b.weight().cmp(&a.weight())).then_with(|| a.actors.cmp(&b.actors))
        });
        Ok(paths)
    }

    fn adjacency(&self, direction: Direction) -> Adjacency<'_> {
        let mut adjacency: Adjacency<'_> = HashMap::new();
        for (i, e) in self.edges().iter().enumerate() {
            let (s, o) = (&e.subject.id, &e.object.id);
            if s == o {
                continue;
            }
            if matches!(direction, Direction::Out | Direction::Both) {
                adjacency.entry(s).or_default().entry(o).or_default().push(i);
            }
            if matches!(direction, Direction::In | Direction::Both) {
                adjacency.entry(o).or_default().entry(s).or_default().push(i);
            }
        }
        adjacency
    }

    fn path_of(&self, chain: &[&ActorId], adjacency: &Adjacency<'_>, _direction: Direction) -> Path {
        let steps = chain
            .windows(2)
            .map(|pair| {
                let (from, to) = (pair[0], pair[1]);
                let indices = adjacency.get(from).and_then(|n| n.get(to)).map(Vec::as_slice).unwrap_or(&[]);
                Step {
                    from: from.clone(),
                    to: to.clone(),
                    links: super::view::sorted_links(indices.iter().map(|&i| self.edges()[i].link(from))),
                }
            })
            .collect();
        Path { actors: chain.iter().map(|&a| a.clone()).collect(), steps }
    }
}

/// For each actor from which `to` can be reached in at most `max_len`
/// steps, the fewest steps it takes (a breadth-first search backwards
/// from `to`).
fn steps_to<'a>(adjacency: &Adjacency<'a>, to: &ActorId, max_len: usize) -> HashMap<&'a ActorId, usize> {
    let mut reverse: HashMap<&ActorId, Vec<&'a ActorId>> = HashMap::new();
    for (&from, next) in adjacency {
        for &n in next.keys() {
            reverse.entry(n).or_default().push(from);
        }
    }
    let mut steps: HashMap<&'a ActorId, usize> = HashMap::new();
    let Some(&target) = adjacency.keys().chain(reverse.keys()).find(|a| **a == to) else { return steps };
    steps.insert(target, 0);
    let mut queue = VecDeque::from([target]);
    while let Some(at) = queue.pop_front() {
        let d = steps[at];
        if d == max_len {
            continue;
        }
        for &before in reverse.get(at).into_iter().flatten() {
            if !steps.contains_key(before) {
                steps.insert(before, d + 1);
                queue.push_back(before);
            }
        }
    }
    steps
}

/// A bounded search for simple paths.
struct Search<'s, 'a> {
    adjacency: &'s Adjacency<'a>,
    to: &'s ActorId,
    /// The fewest steps from an actor to `to` ([`steps_to`]).
    steps_to: HashMap<&'a ActorId, usize>,
    /// Steps taken so far, against [`MAX_PATH_STEPS`].
    steps: u64,
    /// The paths found.
    chains: Vec<Vec<&'a ActorId>>,
}

impl<'a> Search<'_, 'a> {
    /// Depth-first: every simple path of exactly `len` steps from the end
    /// of `stack` to `to`, appended to `chains` (stopping at [`MAX_PATHS`]).
    /// False when the step budget ran out.
    fn simple_paths(&mut self, stack: &mut Vec<&'a ActorId>, len: usize) -> bool {
        if self.chains.len() >= MAX_PATHS {
            return true;
        }
        let Some(&last) = stack.last() else { return true };
        let steps_taken = stack.len() - 1;
        let Some(next) = self.adjacency.get(last) else { return true };
        for &n in next.keys() {
            self.steps += 1;
            if self.steps > MAX_PATH_STEPS {
                return false;
            }
            // Only where `to` is still within reach in the steps left.
            let left = len - steps_taken - 1;
            if stack.contains(&n) || self.steps_to.get(n).map_or(true, |&d| d > left) {
                continue;
            }
            if n == self.to {
                if left == 0 {
                    stack.push(n);
                    self.chains.push(stack.clone());
                    stack.pop();
                }
                continue;
            }
            stack.push(n);
            let within_budget = self.simple_paths(stack, len);
            stack.pop();
            if !within_budget {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;
    use crate::graph::KnowledgeGraph;
    use crate::model::Modality;
    use crate::query::Filter;

    fn diamond() -> KnowledgeGraph {
        let mut hyp = triple("B", "attack", "D", "d", 9);
        hyp.modality = Modality::Hypothetical;
        KnowledgeGraph::from_triples([
            triple("A", "supply", "B", "d", 0),
            triple("A", "supply", "B", "d", 1),
            triple("A", "meet", "B", "d", 2),
            triple("A", "supply", "C", "d", 3),
            triple("B", "attack", "D", "d", 4),
            hyp,
            triple("C", "attack", "D", "d", 5),
            triple("D", "criticize", "A", "d", 6),
            triple("E", "meet", "E", "d", 7),
        ])
    }

    fn names(p: &Path) -> String {
        p.actors.iter().map(ActorId::as_str).collect::<Vec<_>>().join(">")
    }

    #[test]
    fn parallel_edges_make_one_step_not_many_paths() {
        let g = diamond();
        let view = Filter::new().view(&g);
        let (a, d) = (ActorId::new("A"), ActorId::new("D"));
        let paths = view.paths(&a, &d, 3, Direction::Out).unwrap();
        let got: Vec<String> = paths.iter().map(names).collect();
        // A>B>D is heavier (supply ×2 + meet, attack + attack?) than A>C>D.
        assert_eq!(got, ["A>B>D", "A>C>D"]);
        assert_eq!(paths[0].steps[0].describe(), "supply ×2, meet");
        assert_eq!(paths[0].steps[1].describe(), "attack, attack (hypothetical)");
        // Undirected, D–A is one step.
        let both = view.paths(&a, &d, 3, Direction::Both).unwrap();
        assert_eq!(both.iter().map(names).collect::<Vec<_>>(), ["A>D", "A>B>D", "A>C>D"]);
        assert_eq!(both[0].steps[0].describe(), "criticize (in)");
    }

    #[test]
    fn shortest_path_and_limits() {
        let g = diamond();
        let view = Filter::new().view(&g);
        let (a, d, e) = (ActorId::new("A"), ActorId::new("D"), ActorId::new("E"));
        assert_eq!(names(&view.shortest_path(&a, &d, Direction::Out).unwrap()), "A>B>D");
        assert_eq!(names(&view.shortest_path(&d, &a, Direction::Out).unwrap()), "D>A");
        assert_eq!(names(&view.shortest_path(&a, &d, Direction::In).unwrap()), "A>D");
        assert!(view.shortest_path(&a, &e, Direction::Both).is_none());
        assert!(view.paths(&a, &d, 1, Direction::Out).unwrap().is_empty());
        assert!(view.paths(&a, &e, 5, Direction::Both).unwrap().is_empty());
        assert_eq!(view.shortest_path(&a, &a, Direction::Both).unwrap().len(), 0);
        assert!(view.shortest_path(&ActorId::new("Z"), &a, Direction::Both).is_none());
    }

    #[test]
    fn filters_apply_to_paths() {
        let g = diamond();
        let view = Filter::new().relations(["supply", "attack"]).modalities([Modality::Asserted]).view(&g);
        let paths = view.paths(&ActorId::new("A"), &ActorId::new("D"), 4, Direction::Out).unwrap();
        assert_eq!(paths.iter().map(names).collect::<Vec<_>>(), ["A>B>D", "A>C>D"]);
        assert_eq!(paths[0].steps[0].describe(), "supply ×2");
        assert_eq!(paths[0].steps[1].describe(), "attack");
    }

    #[test]
    fn dense_graphs_are_capped() {
        let names: Vec<String> = (0..9).map(|i| format!("n{i}")).collect();
        let mut triples = Vec::new();
        for a in &names {
            for b in &names {
                if a != b {
                    triples.push(triple(a, "meet", b, "d", 0));
                }
            }
        }
        let g = KnowledgeGraph::from_triples(triples);
        let view = Filter::new().view(&g);
        let paths = view.paths(&ActorId::new("n0"), &ActorId::new("n1"), 8, Direction::Out).unwrap();
        assert_eq!(paths.len(), MAX_PATHS);
        assert_eq!(paths[0].len(), 1);
        assert!(paths.windows(2).all(|w| w[0].len() <= w[1].len()));
    }

    /// Every actor of `cluster` meets every other; `extra` links too.
    fn dense(cluster: &[String], extra: &[(&str, &str)]) -> KnowledgeGraph {
        let mut triples = Vec::new();
        for a in cluster {
            for b in cluster.iter().filter(|b| *b != a) {
                triples.push(triple(a, "meet", b, "d", 0));
            }
        }
        triples.extend(extra.iter().map(|(a, b)| triple(a, "meet", b, "d", 0)));
        KnowledgeGraph::from_triples(triples)
    }

    #[test]
    fn no_path_in_a_dense_graph_is_found_at_once() {
        let cluster: Vec<String> = (0..40).map(|i| format!("n{i}")).collect();
        let g = dense(&cluster, &[("Z", "n0")]);
        let view = Filter::new().view(&g);
        // Z can be left but not reached: no search through the 40! orders of the cluster.
        assert!(view.paths(&ActorId::new("n0"), &ActorId::new("Z"), 12, Direction::Out).unwrap().is_empty());
    }

    #[test]
    fn a_search_that_cannot_end_in_time_stops_with_a_clear_error() {
        // A reaches T only through X; the cluster around A leads back to A
        // alone, which a simple path cannot enter twice.
        let cluster: Vec<String> = (0..30).map(|i| format!("c{i}")).collect();
        let mut extra = vec![("A", "X"), ("X", "T")];
        for c in &cluster {
            extra.push(("A", c.as_str()));
            extra.push((c.as_str(), "A"));
        }
        let g = dense(&cluster, &extra);
        let view = Filter::new().view(&g);
        let (a, t) = (ActorId::new("A"), ActorId::new("T"));
        let found = view.paths(&a, &t, 5, Direction::Out).unwrap();
        assert_eq!(found.iter().map(names).collect::<Vec<_>>(), ["A>X>T"]);
        let e = view.paths(&a, &t, 12, Direction::Out).unwrap_err();
        assert!(e.to_string().contains("was stopped at its limit of 5000000 steps; lower --max-len"), "{e}");
    }
}
