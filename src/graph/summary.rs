//! A short account of a graph for the terminal: how many documents, actors
//! and edges, the relations by class, and the strongest links.

use std::collections::BTreeMap;
use std::fmt;

use super::KnowledgeGraph;
use crate::model::Modality;

/// What a graph holds, ready to print.
///
/// ```
/// use actorgraph::graph::{GraphSummary, KnowledgeGraph};
/// let s = GraphSummary::of(&KnowledgeGraph::new(), 5);
/// assert_eq!((s.actors, s.edges), (0, 0));
/// assert!(s.to_string().contains("0 actors"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphSummary {
    /// Documents that contributed evidence.
    pub documents: usize,
    /// Actors.
    pub actors: usize,
    /// Edges (subject, relation, object, modality).
    pub edges: usize,
    /// Mentions per relation class, split by modality.
    pub by_relation: BTreeMap<String, [u64; 3]>,
    /// The strongest links as display lines.
    pub strongest: Vec<String>,
    /// Actors with the most links, with their degree.
    pub busiest: Vec<(String, usize)>,
}

impl GraphSummary {
    /// Summarises `graph`, listing its `top` strongest links and busiest actors.
    pub fn of(graph: &KnowledgeGraph, top: usize) -> GraphSummary {
        let mut by_relation: BTreeMap<String, [u64; 3]> = BTreeMap::new();
        for e in graph.edges() {
            let slot = Modality::ALL.iter().position(|m| *m == e.edge.modality).unwrap_or(0);
            by_relation.entry(e.edge.relation.to_string()).or_default()[slot] += e.edge.mentions;
        }
        let strongest = graph
            .strongest_links(top)
            .into_iter()
            .map(|e| {
                let m = if e.edge.modality == Modality::Asserted { String::new() } else { format!(" ({})", e.edge.modality) };
                format!("{} —{}→ {}{}  ×{}", e.subject.id, e.edge.relation, e.object.id, m, e.edge.mentions)
            })
            .collect();
        let busiest = graph
            .most_linked(top)
            .into_iter()
            .filter(|(_, links)| *links > 0)
            .map(|(a, links)| (a.id.to_string(), links))
            .collect();
        GraphSummary {
            documents: graph.documents().len(),
            actors: graph.actor_count(),
            edges: graph.edge_count(),
            by_relation,
            strongest,
            busiest,
        }
    }
}

impl fmt::Display for GraphSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} documents → {} actors, {} edges", self.documents, self.actors, self.edges)?;
        if !self.by_relation.is_empty() {
            writeln!(f, "relations (mentions: asserted / negated / hypothetical):")?;
            for (r, [a, n, h]) in &self.by_relation {
                writeln!(f, "  {r:<10} {a:>4} / {n:>3} / {h:>3}")?;
            }
        }
        if !self.busiest.is_empty() {
            let list: Vec<String> = self.busiest.iter().map(|(a, d)| format!("{a} ({d})")).collect();
            writeln!(f, "most linked actors: {}", list.join(", "))?;
        }
        if !self.strongest.is_empty() {
            writeln!(f, "strongest links:")?;
            for l in &self.strongest {
                writeln!(f, "  {l}")?;
            }
        }
        Ok(())
    }
}
