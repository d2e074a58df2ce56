//! A Cypher script that creates the graph in Neo4j (`cypher-shell -f`).

use std::fmt::Write as _;

use super::attributes::{actor_attributes, link_attributes, Value};
use super::text::{cypher_string, kind_label, neo4j_type};
use crate::graph::KnowledgeGraph;

/// The graph as Cypher statements: a uniqueness constraint on `Actor.id`,
/// one `MERGE` per actor (labels `Actor` and its kind), one `CREATE` per
/// link (type: the relation class in upper case) with the link attributes
/// as properties. Strings are single-quoted Cypher literals with every
/// quote, backslash and control character escaped.
///
/// ```
/// use actorgraph::export::to_cypher;
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
///
/// let g = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(), subject: ActorRef::new("Côte d'Ivoire", "x", ActorKind::State),
///     relation: Relation::new("meet"), object: ActorRef::new("Mali", "Mali", ActorKind::State),
///     predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
///     span: (0, 1), rule: "r".into(), text: "…".into(), date: None,
/// }]);
/// let cypher = to_cypher(&g);
/// assert!(cypher.contains(r"MERGE (a:Actor:State {id: 'Côte d\'Ivoire'})"));
/// assert!(cypher.contains("CREATE (s)-[:`MEET` {relation: 'meet'"));
/// ```
pub fn to_cypher(graph: &KnowledgeGraph) -> String {
    let mut out = String::from("// actorgraph: run with `cypher-shell -f graph.cypher`\n");
    out.push_str("CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;\n");
    for a in graph.actors() {
        let props = properties(actor_attributes(a));
        let _ = writeln!(
            out,
            "MERGE (a:Actor:{} {{id: {}}}) SET a += {props};",
            kind_label(a.kind),
            cypher_string(a.id.as_str())
        );
    }
    for e in graph.edges() {
        let _ = writeln!(
            out,
            "MATCH (s:Actor {{id: {}}}), (o:Actor {{id: {}}}) CREATE (s)-[:`{}` {}]->(o);",
            cypher_string(e.subject.id.as_str()),
            cypher_string(e.object.id.as_str()),
            neo4j_type(e.edge.relation.as_str()),
            properties(link_attributes(&e))
        );
    }
    out
}

fn properties(attrs: Vec<(&'static str, Value)>) -> String {
    let parts: Vec<String> = attrs
        .into_iter()
        .map(|(name, value)| {
            let v = match value {
                Value::Text(t) => cypher_string(&t),
                Value::Count(n) => n.to_string(),
                Value::Flag(b) => b.to_string(),
            };
            format!("{name}: {v}")
        })
        .collect();
    format!("{{{}}}", parts.join(", "))
}
