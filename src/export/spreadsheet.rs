//! A table of relations for spreadsheets: one row per edge, as CSV.
//!
//! Spreadsheets execute a cell that starts with `=`, `+`, `-` or `@` (and
//! some read a leading tab or carriage return the same way), so text from
//! the news could run as a formula when the file is opened. Such cells are
//! neutralised with a leading apostrophe, so that they are read as text.
//! The apostrophe is then part of the cell: a spreadsheet hides a leading
//! `'` only when it is typed into a cell, not when it comes from a CSV
//! file, and LibreOffice Calc shows it (`'=HYPERLINK(…)`). Fields are quoted
//! per RFC 4180. For exact values (programs, Neo4j) use the JSON, GraphML
//! or `neo4j` exports instead.

use std::collections::BTreeSet;

use super::text::csv_record;
use crate::graph::KnowledgeGraph;

/// The header of the relations table.
pub const SPREADSHEET_HEADER: [&str; 10] =
    ["subject", "relation", "object", "modality", "mentions", "first_date", "last_date", "documents", "rule", "evidence"];

/// A cell a spreadsheet will read as text, never run as a formula: one
/// that starts like a formula gets a leading `'`, which stays visible.
///
/// ```
/// use actorgraph::export::spreadsheet_cell;
/// assert_eq!(spreadsheet_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(spreadsheet_cell("-2 killed"), "'-2 killed");
/// assert_eq!(spreadsheet_cell("North Korea"), "North Korea");
/// ```
pub fn spreadsheet_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// The graph's edges as a CSV table for spreadsheets: subject, relation,
/// object, modality, mentions, first and last date, the documents of the
/// kept evidence (sorted, `; `-separated, as the other exports' `documents`),
/// the first rule and the first evidence sentence; CRLF line ends (RFC 4180).
///
/// ```
/// use actorgraph::export::to_spreadsheet_csv;
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
/// let g = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(), subject: ActorRef::new("Iran", "Tehran", ActorKind::State),
///     relation: Relation::new("supply"), object: ActorRef::new("Russia", "Moscow", ActorKind::State),
///     predicate: "sent".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
///     span: (0, 30), rule: "r".into(), text: "=cmd|' /C calc'!A0 sent drones".into(), date: None,
/// }]);
/// let csv = to_spreadsheet_csv(&g);
/// assert!(csv.starts_with("subject,relation,object,"));
/// assert!(csv.contains("Iran,supply,Russia,asserted,1,"));
/// assert!(csv.contains("'=cmd|' /C calc'!A0 sent drones"));
/// ```
pub fn to_spreadsheet_csv(graph: &KnowledgeGraph) -> String {
    let mut out = csv_record(SPREADSHEET_HEADER);
    for e in graph.edges() {
        let docs: BTreeSet<&str> = e.edge.evidence.iter().map(|ev| &*ev.doc).collect();
        let first = e.edge.evidence.first();
        let row = [
            e.subject.id.to_string(),
            e.edge.relation.to_string(),
            e.object.id.to_string(),
            e.edge.modality.to_string(),
            e.edge.mentions.to_string(),
            e.edge.first_date.as_deref().unwrap_or_default().to_string(),
            e.edge.last_date.as_deref().unwrap_or_default().to_string(),
            docs.into_iter().collect::<Vec<_>>().join("; "),
            first.map(|ev| ev.rule.to_string()).unwrap_or_default(),
            first.map(|ev| ev.text.to_string()).unwrap_or_default(),
        ];
        out.push_str(&csv_record(row.iter().map(|c| spreadsheet_cell(c))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_start_is_neutralised() {
        for start in ["=", "+", "-", "@", "\t", "\r"] {
            let cell = format!("{start}SUM(A1:A9)");
            assert!(spreadsheet_cell(&cell).starts_with('\''), "{cell:?}");
        }
        assert_eq!(spreadsheet_cell(""), "");
        assert_eq!(spreadsheet_cell("a=b"), "a=b");
    }
}
