//! The attributes the table-like formats (GraphML, GEXF, node-link JSON,
//! Neo4j CSV, Cypher) attach to actors and links, with their types.

use std::collections::BTreeSet;

use crate::graph::{ActorNode, EdgeRef};

/// An attribute value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Text(String),
    Count(u64),
    Flag(bool),
}

/// An attribute's type, as the formats name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    Text,
    Count,
    Flag,
}

impl Value {
    /// The value as text (`true`/`false` for flags).
    pub fn to_text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Count(n) => n.to_string(),
            Value::Flag(b) => b.to_string(),
        }
    }

    /// The value as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Text(t) => serde_json::Value::from(t.as_str()),
            Value::Count(n) => serde_json::Value::from(*n),
            Value::Flag(b) => serde_json::Value::from(*b),
        }
    }
}

/// Actor attributes: name, type, in the order written.
pub(crate) const ACTOR_ATTRIBUTES: [(&str, Type); 4] =
    [("label", Type::Text), ("kind", Type::Text), ("mentions", Type::Count), ("names", Type::Text)];

/// Link attributes; `first_date` and `last_date` are left out when unknown.
pub(crate) const LINK_ATTRIBUTES: [(&str, Type); 9] = [
    ("relation", Type::Text),
    ("modality", Type::Text),
    ("mentions", Type::Count),
    ("first_date", Type::Text),
    ("last_date", Type::Text),
    ("nominal", Type::Flag),
    ("documents", Type::Text),
    ("evidence", Type::Text),
    ("label", Type::Text),
];

/// The attributes of an actor: `label` (its id), `kind`, `mentions`, and
/// `names` (every mention text, `; `-separated).
pub(crate) fn actor_attributes(a: &ActorNode) -> Vec<(&'static str, Value)> {
    vec![
        ("label", Value::Text(a.id.to_string())),
        ("kind", Value::Text(a.kind.to_string())),
        ("mentions", Value::Count(a.mentions)),
        ("names", Value::Text(a.mention_texts.keys().cloned().collect::<Vec<_>>().join("; "))),
    ]
}

/// The attributes of a link: `relation`, `modality`, `mentions`,
/// `first_date`/`last_date` when known, `nominal`, `documents` (sorted,
/// `; `-separated), `evidence` (the first sentence) and `label`
/// (`supply ×3`).
///
/// `mentions` and the dates count every mention, but `documents` lists the
/// documents of the kept evidence only: the graph keeps at most
/// `max_evidence` sentences per link and no document ids beyond them, so
/// with `build --max-evidence 1` a link seen in five documents lists one.
pub(crate) fn link_attributes(e: &EdgeRef<'_>) -> Vec<(&'static str, Value)> {
    let mut attrs = vec![
        ("relation", Value::Text(e.edge.relation.to_string())),
        ("modality", Value::Text(e.edge.modality.to_string())),
        ("mentions", Value::Count(e.edge.mentions)),
    ];
    if let Some(d) = &e.edge.first_date {
        attrs.push(("first_date", Value::Text(d.to_string())));
    }
    if let Some(d) = &e.edge.last_date {
        attrs.push(("last_date", Value::Text(d.to_string())));
    }
    let docs: BTreeSet<&str> = e.edge.evidence.iter().map(|ev| &*ev.doc).collect();
    attrs.push(("nominal", Value::Flag(e.edge.nominal)));
    attrs.push(("documents", Value::Text(docs.into_iter().collect::<Vec<_>>().join("; "))));
    attrs.push((
        "evidence",
        Value::Text(e.edge.evidence.first().map(|ev| ev.text.to_string()).unwrap_or_default()),
    ));
    attrs.push(("label", Value::Text(super::pairs::edge_label(e.edge))));
    attrs
}
