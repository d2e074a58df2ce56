//! Mermaid flowcharts (`graph LR`) for Markdown documents.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::pairs::pairs;
use super::DotStyle;
use crate::graph::KnowledgeGraph;
use crate::model::{ActorKind, Modality};

/// The graph as a Mermaid flowchart: one node per actor (ids `n0`, `n1`,
/// … in actor order, so any name is safe), shaped by kind; one arrow per
/// actor pair and direction labelled like the DOT drawing (`supply ×3,
/// deploy`), dotted when not asserted, coloured by its first relation.
///
/// A `Relations` legend box (ids `l0`, `l1`, …) names the colour of each
/// relation class drawn and the line of each modality besides asserted.
///
/// Labels are double-quoted with `"`, `#`, `<`, `>`, `&`, `` ` `` and `|`
/// written as Mermaid entity codes (`#quot;`, `#35;`, …) and line breaks as
/// spaces, so a name can neither end its label nor inject HTML.
///
/// ```
/// use actorgraph::export::{to_mermaid, DotStyle};
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
///
/// let g = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(), subject: ActorRef::new("Say \"hi\" <b>", "x", ActorKind::State),
///     relation: Relation::new("meet"), object: ActorRef::new("Mali", "Mali", ActorKind::State),
///     predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 0,
///     span: (0, 1), rule: "r".into(), text: "…".into(), date: None,
/// }]);
/// let mmd = to_mermaid(&g, &DotStyle::default());
/// assert!(mmd.starts_with("graph LR\n"));
/// assert!(mmd.contains(r#"n1("Say #quot;hi#quot; #lt;b#gt;")"#));
/// assert!(mmd.contains(r#"n1 -->|"meet"| n0"#));
/// assert!(mmd.contains("  subgraph legend[\"Relations\"]\n    direction LR\n    l0[\"meet\"]\n  end\n"));
/// assert!(mmd.contains("  style l0 stroke:#2ca02c,color:#2ca02c\n"));
/// ```
pub fn to_mermaid(graph: &KnowledgeGraph, style: &DotStyle) -> String {
    let mut out = String::from("graph LR\n");
    let ids: std::collections::HashMap<&str, String> =
        graph.actors().enumerate().map(|(i, a)| (a.id.as_str(), format!("n{i}"))).collect();
    for a in graph.actors() {
        let label = mermaid_label(a.id.as_str());
        let id = &ids[a.id.as_str()];
        let node = match a.kind {
            ActorKind::State => format!("{id}(\"{label}\")"),
            ActorKind::Igo => format!("{id}[\"{label}\"]"),
            ActorKind::Party => format!("{id}{{{{\"{label}\"}}}}"),
            ActorKind::ArmedGroup => format!("{id}[/\"{label}\"/]"),
            ActorKind::Other => format!("{id}>\"{label}\"]"),
        };
        let _ = writeln!(out, "  {node}");
    }
    let mut styles = Vec::new();
    for (i, pair) in pairs(graph).iter().enumerate() {
        let arrow = if pair.modality() == Modality::Asserted { "-->" } else { "-.->" };
        let _ = writeln!(
            out,
            "  {} {arrow}|\"{}\"| {}",
            ids[pair.subject.id.as_str()],
            mermaid_label(&pair.label()),
            ids[pair.object.id.as_str()]
        );
        let color = style.color_for(pair.relations().first().copied().unwrap_or_default());
        let width = 1.0 + (pair.mentions().max(1) as f64).ln();
        let dash = if pair.modality() == Modality::Negated { ",stroke-dasharray:2 4" } else { "" };
        styles.push(format!("  linkStyle {i} stroke:{},stroke-width:{width:.1}px{dash}", css_color(color)));
    }
    for s in styles {
        out.push_str(&s);
        out.push('\n');
    }
    legend(&mut out, graph, style);
    out
}

/// A `Relations` box naming the colour of every relation class drawn (each
/// entry outlined and written in it) and, for each modality present
/// besides "asserted", its line (outlined dashed or dotted like the
/// arrows). Entries have the ids `l0`, `l1`, …, apart from the actors'.
fn legend(out: &mut String, graph: &KnowledgeGraph, style: &DotStyle) {
    let mut relations = BTreeSet::new();
    let mut modalities = BTreeSet::new();
    for e in graph.edges() {
        relations.insert(e.edge.relation.as_str());
        modalities.insert(e.edge.modality);
    }
    if relations.is_empty() {
        return;
    }
    out.push_str("  subgraph legend[\"Relations\"]\n    direction LR\n");
    let mut looks = Vec::new();
    for (i, relation) in relations.iter().enumerate() {
        let _ = writeln!(out, "    l{i}[\"{}\"]", mermaid_label(relation));
        let color = css_color(style.color_for(relation));
        looks.push(format!("  style l{i} stroke:{color},color:{color}"));
    }
    let mut i = relations.len();
    for modality in modalities {
        let (text, dash) = match modality {
            Modality::Asserted => continue,
            Modality::Hypothetical => ("hypothetical: dotted arrow", "5 4"),
            Modality::Negated => ("negated: thin dotted arrow", "2 4"),
        };
        let _ = writeln!(out, "    l{i}[\"{text}\"]");
        looks.push(format!("  style l{i} stroke:#333333,stroke-dasharray:{dash}"));
        i += 1;
    }
    out.push_str("  end\n");
    for look in looks {
        out.push_str(&look);
        out.push('\n');
    }
}

/// Text for inside a double-quoted Mermaid label.
///
/// ```
/// use actorgraph::export::mermaid_label;
/// assert_eq!(mermaid_label("a\"b#c<d>&`e|\nf"), "a#quot;b#35;c#lt;d#gt;#amp;#96;e#124; f");
/// ```
pub fn mermaid_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A colour safe inside a `linkStyle` line: `#rrggbb` or a plain name;
/// anything else falls back to grey.
fn css_color(color: &str) -> &str {
    let ok = color.chars().all(|c| c.is_ascii_alphanumeric() || c == '#') && !color.is_empty();
    if ok {
        color
    } else {
        "#333333"
    }
}
