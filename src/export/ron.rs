//! RON: the graph file format (see [`crate::graph`]), which `load` reads back.

use super::ExportError;
use crate::graph::KnowledgeGraph;

/// The graph as pretty-printed RON in the graph file format.
///
/// ```
/// use actorgraph::export::to_ron;
/// use actorgraph::graph::KnowledgeGraph;
/// let g = KnowledgeGraph::new();
/// assert_eq!(KnowledgeGraph::from_ron_str(&to_ron(&g).unwrap()).unwrap(), g);
/// ```
pub fn to_ron(graph: &KnowledgeGraph) -> Result<String, ExportError> {
    Ok(graph.to_ron_string()?)
}
