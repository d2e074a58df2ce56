//! GraphML, for Gephi, yEd, Cytoscape and NetworkX (`read_graphml`): typed
//! attributes, one `<edge>` per relation and modality (parallel edges with
//! ids, so NetworkX reads a `MultiDiGraph`).

use std::fmt::Write as _;

use super::attributes::{actor_attributes, link_attributes, Type, ACTOR_ATTRIBUTES, LINK_ATTRIBUTES};
use super::text::xml_escape;
use crate::graph::KnowledgeGraph;

/// The graph as GraphML.
///
/// Actors: `label`, `kind`, `mentions` (long), `names`. Links:
/// `relation`, `modality`, `mentions` (long), `first_date`, `last_date`,
/// `nominal` (boolean), `documents`, `evidence`, `label`. Every string is
/// XML-escaped; characters XML cannot carry become U+FFFD; empty strings
/// and unknown dates are left out.
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
/// assert!(xml.contains(r#"<node id="A &amp; &lt;B&gt;">"#));
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
    for a in graph.actors() {
        let _ = writeln!(out, "    <node id=\"{}\">", xml_escape(a.id.as_str()));
        for (name, value) in actor_attributes(a) {
            data_line(&mut out, "node", name, &value.to_text());
        }
        out.push_str("    </node>\n");
    }
    for (i, e) in graph.edges().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            xml_escape(e.subject.id.as_str()),
            xml_escape(e.object.id.as_str())
        );
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
