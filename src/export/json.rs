//! JSON: the graph file format (see [`crate::graph`]), which `load` reads back.

use crate::graph::KnowledgeGraph;

/// The graph as pretty-printed JSON in the graph file format.
///
/// ```
/// use actorgraph::export::to_json;
/// use actorgraph::graph::KnowledgeGraph;
/// let g = KnowledgeGraph::new();
/// assert_eq!(KnowledgeGraph::from_json_str(&to_json(&g)).unwrap(), g);
/// ```
pub fn to_json(graph: &KnowledgeGraph) -> String {
    graph.to_json_string()
}
