//! GEXF 1.3 (Gephi's own format; NetworkX `read_gexf` reads it too).

use std::fmt::Write as _;

use super::attributes::{actor_attributes, link_attributes, Type, ACTOR_ATTRIBUTES, LINK_ATTRIBUTES};
use super::text::xml_escape;
use crate::graph::KnowledgeGraph;

/// The graph as GEXF 1.3: actors as nodes labelled by id, one edge per
/// relation and modality with `weight` = mentions and `kind` =
/// `relation/modality` (`supply/asserted`, as the node-link `key`), and the
/// same typed attributes as GraphML (`label` is GEXF's own node and edge
/// label).
///
/// Gephi's importer merges the parallel edges of a pair that have the same
/// kind (by default), so each edge's kind names its relation and modality:
/// no two links of a pair share one, and none is folded into another.
///
/// ```
/// use actorgraph::export::to_gexf;
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
/// let xml = to_gexf(&KnowledgeGraph::new());
/// assert!(xml.contains(r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#));
/// let g = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(), subject: ActorRef::new("Iran", "Tehran", ActorKind::State),
///     relation: Relation::new("supply"), object: ActorRef::new("Russia", "Moscow", ActorKind::State),
///     predicate: "sent".into(), modality: Modality::Hypothetical, nominal: false, sentence: 0,
///     span: (0, 30), rule: "r".into(), text: "…".into(), date: None,
/// }]);
/// assert!(to_gexf(&g).contains(r#"kind="supply/hypothetical""#));
/// ```
pub fn to_gexf(graph: &KnowledgeGraph) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n");
    out.push_str("  <meta><creator>actorgraph</creator></meta>\n");
    out.push_str("  <graph mode=\"static\" defaultedgetype=\"directed\">\n");
    attribute_block(&mut out, "node", &ACTOR_ATTRIBUTES);
    attribute_block(&mut out, "edge", &LINK_ATTRIBUTES);
    out.push_str("    <nodes>\n");
    for a in graph.actors() {
        let id = xml_escape(a.id.as_str());
        let _ = writeln!(out, "      <node id=\"{id}\" label=\"{id}\">");
        values(&mut out, actor_attributes(a).into_iter().filter(|(n, _)| *n != "label"));
        out.push_str("      </node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, e) in graph.edges().enumerate() {
        let attrs = link_attributes(&e);
        let label = attrs.iter().find(|(n, _)| *n == "label").map(|(_, v)| v.to_text()).unwrap_or_default();
        let _ = writeln!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" kind=\"{}\" label=\"{}\" weight=\"{}\">",
            xml_escape(e.subject.id.as_str()),
            xml_escape(e.object.id.as_str()),
            xml_escape(&format!("{}/{}", e.edge.relation, e.edge.modality)),
            xml_escape(&label),
            e.edge.mentions
        );
        values(&mut out, attrs.into_iter().filter(|(n, _)| *n != "label"));
        out.push_str("      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

fn attribute_block(out: &mut String, class: &str, attributes: &[(&str, Type)]) {
    let _ = writeln!(out, "    <attributes class=\"{class}\">");
    for (name, ty) in attributes.iter().filter(|(n, _)| *n != "label") {
        let ty = match ty {
            Type::Text => "string",
            Type::Count => "long",
            Type::Flag => "boolean",
        };
        let _ = writeln!(out, "      <attribute id=\"{name}\" title=\"{name}\" type=\"{ty}\"/>");
    }
    out.push_str("    </attributes>\n");
}

fn values(out: &mut String, attrs: impl Iterator<Item = (&'static str, super::attributes::Value)>) {
    out.push_str("        <attvalues>\n");
    for (name, value) in attrs {
        let _ = writeln!(out, "          <attvalue for=\"{name}\" value=\"{}\"/>", xml_escape(&value.to_text()));
    }
    out.push_str("        </attvalues>\n");
}
