//! GraphML, for Gephi, yEd, Cytoscape, igraph, JGraphT and NetworkX
//! (`read_graphml`): node ids `n0`, `n1`, … with the actor's name as the
//! `label` attribute, typed attributes, one `<edge>` per relation and
//! modality (parallel edges with ids, so NetworkX reads a `MultiDiGraph`).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::attributes::{actor_attributes, link_attributes, Type, ACTOR_ATTRIBUTES, LINK_ATTRIBUTES};
use super::text::xml_escape;
use crate::graph::KnowledgeGraph;

/// The graph as GraphML.
///
/// Nodes have the ids `n0`, `n1`, … in actor order (GraphML ids are
/// `xs:NMTOKEN`s, which names with spaces are not; validating readers
/// such as JGraphT refuse them), edges `e0`, `e1`, … and refer to the node
/// ids; the actor's name is the node's `label`. Actors: `label`, `kind`,
/// `mentions` (long), `names`. Links: `relation`, `modality`, `mentions`
/// (long), `first_date`, `last_date`, `nominal` (boolean), `documents`,
/// `evidence`, `label`. Every string is XML-escaped (see
/// [`xml_escape`](super::xml_escape)); empty strings and unknown dates are
/// left out.
///
/// ```
/// use actorgraph::export::to_graphml;
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
///
/// let g = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(), subject: ActorRef::new("A & <B>", "ab", ActorKind::State),
///     relation: Relation::new("meet"), object: ActorRef::new("C \"D\"", "cd", ActorKind::Igo),
///     predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
///     span: (0, 1), rule: "r".into(), text: "line 1\nline 2".into(), date: None,
/// }]);
/// let xml = to_graphml(&g);
/// assert!(xml.contains("<node id=\"n0\">\n      <data key=\"n_label\">A &amp; &lt;B&gt;</data>"));
/// assert!(xml.contains(r#"<edge id="e0" source="n0" target="n1">"#));
/// assert!(xml.contains("line 1&#10;line 2"));
/// ```
pub fn to_graphml(graph: &KnowledgeGraph) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (name, ty) in ACTOR_ATTRIBUTES {
        key_line(&mut out, "node", name, ty);
    }
    for (name, ty) in LINK_ATTRIBUTES {
        key_line(&mut out, "edge", name, ty);
    }
    out.push_str("  <graph id=\"actorgraph\" edgedefault=\"directed\">\n");
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, a) in graph.actors().enumerate() {
        ids.insert(a.id.as_str(), i);
        let _ = writeln!(out, "    <node id=\"n{i}\">");
        for (name, value) in actor_attributes(a) {
            data_line(&mut out, "node", name, &value.to_text());
        }
        out.push_str("    </node>\n");
    }
    for (i, e) in graph.edges().enumerate() {
        // Every edge's ends are actors of the graph.
        let (Some(source), Some(target)) = (ids.get(e.subject.id.as_str()), ids.get(e.object.id.as_str())) else {
            continue;
        };
        let _ = writeln!(out, "    <edge id=\"e{i}\" source=\"n{source}\" target=\"n{target}\">");
        for (name, value) in link_attributes(&e) {
            data_line(&mut out, "edge", name, &value.to_text());
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

fn key_id(domain: &str, name: &str) -> String {
    format!("{}_{name}", if domain == "node" { "n" } else { "e" })
}

fn key_line(out: &mut String, domain: &str, name: &str, ty: Type) {
    let ty = match ty {
        Type::Text => "string",
        Type::Count => "long",
        Type::Flag => "boolean",
    };
    let _ = writeln!(
        out,
        "  <key id=\"{}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>",
        key_id(domain, name)
    );
}

/// An empty value is left out: GraphML readers (NetworkX among them) read
/// an empty `<data>` as no value at all.
fn data_line(out: &mut String, domain: &str, name: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    let _ = writeln!(out, "      <data key=\"{}\">{}</data>", key_id(domain, name), xml_escape(value));
}
