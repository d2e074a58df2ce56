//! Edges gathered per actor pair and direction, for drawings that show one
//! line per pair (DOT by default, Mermaid).

use std::collections::BTreeMap;

use crate::graph::{ActorNode, KnowledgeGraph, RelationEdge};
use crate::model::Modality;

/// All edges from one actor to another.
pub(crate) struct Pair<'g> {
    pub subject: &'g ActorNode,
    pub object: &'g ActorNode,
    /// Most mentioned first, then by relation and modality.
    pub edges: Vec<&'g RelationEdge>,
}

impl Pair<'_> {
    /// Total mentions.
    pub fn mentions(&self) -> u64 {
        self.edges.iter().map(|e| e.mentions).sum()
    }

    /// `supply ×3, deploy ×2, attack (negated)`.
    pub fn label(&self) -> String {
        self.edges.iter().map(|e| edge_label(e)).collect::<Vec<_>>().join(", ")
    }

    /// The dominant modality: the one with the most mentions (a tie goes
    /// to the first of asserted, hypothetical, negated), so that one line
    /// for "attack ×5 (hypothetical), attack ×2" is drawn as hypothetical.
    pub fn modality(&self) -> Modality {
        let mentions = |m: Modality| {
            self.edges
                .iter()
                .filter(|e| e.modality == m)
                .map(|e| e.mentions)
                .sum::<u64>()
        };
        // max_by_key keeps the last of equals: the first to win a tie goes last.
        [
            Modality::Negated,
            Modality::Hypothetical,
            Modality::Asserted,
        ]
        .into_iter()
        .max_by_key(|&m| mentions(m))
        .unwrap_or_default()
    }

    /// The distinct relation classes, in edge order.
    pub fn relations(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.edges {
            if !out.contains(&e.relation.as_str()) {
                out.push(e.relation.as_str());
            }
        }
        out
    }
}

/// `supply`, `supply ×3`, `attack ×2 (negated)`.
pub(crate) fn edge_label(e: &RelationEdge) -> String {
    let mut label = e.relation.to_string();
    if e.mentions > 1 {
        label.push_str(&format!(" ×{}", e.mentions));
    }
    if e.modality != Modality::Asserted {
        label.push_str(&format!(" ({})", e.modality));
    }
    label
}

/// Every actor pair with at least one edge, in (subject, object) order.
pub(crate) fn pairs(graph: &KnowledgeGraph) -> Vec<Pair<'_>> {
    let mut grouped: BTreeMap<(&str, &str), Pair<'_>> = BTreeMap::new();
    for e in graph.edges() {
        grouped
            .entry((e.subject.id.as_str(), e.object.id.as_str()))
            .or_insert_with(|| Pair { subject: e.subject, object: e.object, edges: Vec::new() })
            .edges
            .push(e.edge);
    }
    let mut pairs: Vec<Pair<'_>> = grouped.into_values().collect();
    for p in &mut pairs {
        p.edges.sort_by(|a, b| {
            b.mentions.cmp(&a.mentions).then_with(|| (&a.relation, a.modality).cmp(&(&b.relation, b.modality)))
        });
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;

    fn pair_modality(modalities: &[Modality]) -> Modality {
        let triples = modalities.iter().enumerate().map(|(i, &m)| {
            let mut t = triple("A", "attack", "B", "d", i);
            t.modality = m;
            t
        });
        let graph = KnowledgeGraph::from_triples(triples);
        let modality = pairs(&graph)[0].modality();
        modality
    }

    #[test]
    fn a_pair_takes_its_dominant_modality() {
        use Modality::*;
        assert_eq!(
            pair_modality(
                &[Hypothetical; 5]
                    .iter()
                    .chain(&[Asserted; 2])
                    .copied()
                    .collect::<Vec<_>>()
            ),
            Hypothetical
        );
        assert_eq!(pair_modality(&[Asserted, Asserted, Hypothetical]), Asserted);
        assert_eq!(pair_modality(&[Negated, Negated, Hypothetical]), Negated);
        assert_eq!(pair_modality(&[Asserted, Hypothetical]), Asserted);
        assert_eq!(pair_modality(&[Negated, Hypothetical]), Hypothetical);
    }
}
