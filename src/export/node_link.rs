//! Node-link JSON, as NetworkX's `node_link_data` writes it (under both
//! key names NetworkX has used for the links) and D3's force layouts read
//! it.

use serde_json::{json, Map, Value};

use super::attributes::{actor_attributes, link_attributes};
use crate::graph::KnowledgeGraph;

/// The graph as node-link JSON: `{"directed": true, "multigraph": true,
/// "graph": {...}, "nodes": [{"id": ..., ...}], "links": [{"source": ...,
/// "target": ..., "key": "relation/modality", ...}], "edges": [...]}` with
/// the same attributes as GraphML. The links are written twice, under
/// `links` (D3, NetworkX before 3.4) and under `edges` (NetworkX 3.4 and
/// later), so `nx.node_link_graph(data)` reads the file on every NetworkX
/// version.
///
/// ```
/// use actorgraph::export::to_node_link;
/// use actorgraph::graph::KnowledgeGraph;
/// let v: serde_json::Value = serde_json::from_str(&to_node_link(&KnowledgeGraph::new())).unwrap();
/// assert_eq!(v["multigraph"], true);
/// assert!(v["links"].as_array().unwrap().is_empty());
/// assert_eq!(v["links"], v["edges"]);
/// ```
pub fn to_node_link(graph: &KnowledgeGraph) -> String {
    let nodes: Vec<Value> = graph
        .actors()
        .map(|a| {
            let mut node = Map::new();
            node.insert("id".into(), Value::from(a.id.as_str()));
            for (name, value) in actor_attributes(a) {
                node.insert(name.into(), value.to_json());
            }
            Value::Object(node)
        })
        .collect();
    let links: Vec<Value> = graph
        .edges()
        .map(|e| {
            let mut link = Map::new();
            link.insert("source".into(), Value::from(e.subject.id.as_str()));
            link.insert("target".into(), Value::from(e.object.id.as_str()));
            link.insert("key".into(), Value::from(format!("{}/{}", e.edge.relation, e.edge.modality)));
            for (name, value) in link_attributes(&e) {
                link.insert(name.into(), value.to_json());
            }
            Value::Object(link)
        })
        .collect();
    let document = json!({
        "directed": true,
        "multigraph": true,
        "graph": {"name": "actorgraph"},
        "nodes": nodes,
        "links": links.clone(),
        "edges": links,
    });
    // A tree of maps, strings and numbers: serialising cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}
