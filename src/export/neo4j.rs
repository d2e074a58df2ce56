//! CSV files for `neo4j-admin database import`: `nodes.csv` and `edges.csv`.

use std::path::Path;

use super::attributes::{actor_attributes, link_attributes, Type, Value, ACTOR_ATTRIBUTES, LINK_ATTRIBUTES};
use super::text::{csv_record, kind_label, neo4j_type};
use super::ExportError;
use crate::graph::KnowledgeGraph;

/// The two CSV files of a Neo4j import (RFC 4180: CRLF line ends, fields
/// with commas, quotes or line breaks in double quotes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neo4jCsv {
    /// `nodes.csv`: `id:ID`, the actor attributes, `:LABEL` (`Actor;State`, …).
    pub nodes: String,
    /// `edges.csv`: `:START_ID`, `:END_ID`, `:TYPE` (the relation class in
    /// upper case: `SUPPLY`), the link attributes.
    pub edges: String,
}

impl Neo4jCsv {
    /// Writes `nodes.csv` and `edges.csv` into `dir` (created if missing),
    /// each atomically.
    ///
    /// Import with `neo4j-admin database import full --nodes=nodes.csv
    /// --relationships=edges.csv --multiline-fields=true` (evidence
    /// sentences may hold line breaks).
    pub fn write_to_dir(&self, dir: &Path) -> Result<(), ExportError> {
        std::fs::create_dir_all(dir).map_err(|source| ExportError::Io { path: dir.to_path_buf(), source })?;
        for (name, text) in [("nodes.csv", &self.nodes), ("edges.csv", &self.edges)] {
            let path = dir.join(name);
            crate::atomic::write_atomic(&path, text.as_bytes())
                .map_err(|source| ExportError::Io { path: path.clone(), source })?;
        }
        Ok(())
    }
}

/// The graph as Neo4j import CSV.
///
/// ```
/// use actorgraph::export::to_neo4j_csv;
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
///
/// let g = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(), subject: ActorRef::new("Hamas, \"Al-Qassam\"", "x", ActorKind::ArmedGroup),
///     relation: Relation::new("attack"), object: ActorRef::new("Israel", "Israel", ActorKind::State),
///     predicate: "attacked".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
///     span: (0, 1), rule: "r".into(), text: "…".into(), date: None,
/// }]);
/// let csv = to_neo4j_csv(&g);
/// assert!(csv.nodes.starts_with("id:ID,label,kind,mentions:long,names,:LABEL\r\n"));
/// assert!(csv.nodes.contains("\"Hamas, \"\"Al-Qassam\"\"\""));
/// assert!(csv.nodes.contains("Actor;ArmedGroup"));
/// assert!(csv.edges.contains(",ATTACK,attack,"));
/// ```
pub fn to_neo4j_csv(graph: &KnowledgeGraph) -> Neo4jCsv {
    let mut nodes = csv_record(
        std::iter::once("id:ID".to_string())
            .chain(ACTOR_ATTRIBUTES.iter().map(|(n, t)| header(n, *t)))
            .chain(std::iter::once(":LABEL".to_string())),
    );
    for a in graph.actors() {
        let attrs = actor_attributes(a);
        nodes.push_str(&csv_record(
            std::iter::once(a.id.to_string())
                .chain(ACTOR_ATTRIBUTES.iter().map(|(n, _)| lookup(&attrs, n)))
                .chain(std::iter::once(format!("Actor;{}", kind_label(a.kind)))),
        ));
    }
    let mut edges = csv_record(
        [":START_ID", ":END_ID", ":TYPE"]
            .into_iter()
            .map(str::to_string)
            .chain(LINK_ATTRIBUTES.iter().map(|(n, t)| header(n, *t))),
    );
    for e in graph.edges() {
        let attrs = link_attributes(&e);
        edges.push_str(&csv_record(
            [e.subject.id.to_string(), e.object.id.to_string(), neo4j_type(e.edge.relation.as_str())]
                .into_iter()
                .chain(LINK_ATTRIBUTES.iter().map(|(n, _)| lookup(&attrs, n))),
        ));
    }
    Neo4jCsv { nodes, edges }
}

fn header(name: &str, ty: Type) -> String {
    match ty {
        Type::Text => name.to_string(),
        Type::Count => format!("{name}:long"),
        Type::Flag => format!("{name}:boolean"),
    }
}

/// The attribute's value as text; empty when absent (Neo4j then sets no property).
fn lookup(attrs: &[(&str, Value)], name: &str) -> String {
    attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_text()).unwrap_or_default()
}
