//! Graphviz DOT: actors as nodes shaped by kind, relations as edges
//! coloured by class, with a legend.
//!
//! By default each actor pair and direction gets one line, labelled with
//! its relations and counts ("supply ×3, deploy ×2"); with
//! [`DotStyle::parallel`] every relation and modality is drawn apart.
//! [`DotStyle::cluster_by_kind`] groups actors in one box per kind.
//! Shapes, line styles and the Graphviz layout (by the number of actors)
//! come from the schema's `styles.ron`.
//!
//! The DOT is built as a graphviz-rust syntax tree and printed by its
//! printer, never pasted together from strings. graphviz-rust prints ids
//! verbatim, so every id and attribute value goes through [`quoted`] first:
//! user text can never close a string or start an attribute.

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::pairs::{pairs, Pair};
use crate::graph::{EdgeRef, KnowledgeGraph};
use crate::model::{ActorKind, Modality};
use crate::schema::{LayoutDef, StylesFile};

/// Longest evidence sentence quoted in an edge tooltip, in characters.
const TOOLTIP_CHARS: usize = 300;

/// How a graph is drawn: colours per relation class, shapes per actor kind,
/// lines per modality, the layout by size. The default takes shapes, lines,
/// layouts and the actor cap from the embedded `schema/styles.ron`.
///
/// ```
/// use actorgraph::export::DotStyle;
/// use actorgraph::model::Modality;
/// let mut style = DotStyle::default();
/// assert_eq!(style.relation_colors["attack"], "#d62728");
/// assert_eq!(style.line_for(Modality::Hypothetical), Some("dashed"));
/// assert_eq!(style.layout_for(5).unwrap().engine, "dot");
/// style.rankdir = "TB".into();
/// style.relation_colors.insert("trade".into(), "gold".into());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotStyle {
    /// Edge colour per relation class (any Graphviz colour: `red`, `#rrggbb`).
    pub relation_colors: BTreeMap<String, String>,
    /// Node shape per actor kind (any Graphviz shape).
    pub kind_shapes: BTreeMap<ActorKind, String>,
    /// Line style per modality (`solid`, `dashed`, `dotted`, `bold`).
    pub modality_lines: BTreeMap<Modality, String>,
    /// Graphviz layouts by size: the first whose `up_to` admits the number
    /// of actors drawn is used (none: Graphviz's `dot` with its defaults).
    pub layouts: Vec<LayoutDef>,
    /// How many actors a default drawing shows (the most linked; 0: all).
    pub max_actors: usize,
    /// Colour for relation classes not in `relation_colors`.
    pub default_color: String,
    /// Layout direction: `LR`, `TB`, `RL` or `BT`.
    pub rankdir: String,
    /// Draw every (relation, modality) edge as its own line instead of one
    /// line per actor pair and direction.
    pub parallel: bool,
    /// Put the actors of each kind in a box of their own.
    pub cluster_by_kind: bool,
}

impl Default for DotStyle {
    fn default() -> Self {
        // Distinct hues; hostile acts warm, cooperative ones cool.
        let relation_colors = [
            ("supply", "#1f77b4"),
            ("deploy", "#17becf"),
            ("attack", "#d62728"),
            ("threaten", "#ff7f0e"),
            ("meet", "#2ca02c"),
            ("cooperate", "#bcbd22"),
            ("support", "#9467bd"),
            ("criticize", "#e377c2"),
            ("oppose", "#8c564b"),
            ("sanction", "#4b0082"),
            ("urge", "#7f7f7f"),
        ];
        let mut style = DotStyle {
            relation_colors: relation_colors
                .iter()
                .map(|&(r, c)| (r.to_string(), c.to_string()))
                .collect(),
            kind_shapes: BTreeMap::new(),
            modality_lines: BTreeMap::new(),
            layouts: Vec::new(),
            max_actors: 0,
            default_color: "#333333".to_string(),
            rankdir: "LR".to_string(),
            parallel: false,
            cluster_by_kind: false,
        };
        style.apply(&crate::schema::embedded_styles());
        style
    }
}

impl DotStyle {
    /// The default style with the colours the schema's relation classes name.
    ///
    /// ```
    /// # use actorgraph::{export::DotStyle, schema::Schema};
    /// let style = DotStyle::from_schema(&Schema::embedded().unwrap());
    /// assert!(style.relation_colors.contains_key("supply"));
    /// ```
    pub fn from_schema(schema: &crate::schema::Schema) -> DotStyle {
        let mut style = DotStyle::default();
        style.apply(&schema.styles);
        for r in &schema.relations {
            if let Some(c) = &r.color {
                style.relation_colors.insert(r.id.clone(), c.clone());
            }
        }
        style
    }

    /// The colour for a relation class.
    ///
    /// ```
    /// # use actorgraph::export::DotStyle;
    /// let style = DotStyle::default();
    /// assert_eq!(style.color_for("no-such-class"), style.default_color);
    /// ```
    pub fn color_for(&self, relation: &str) -> &str {
        self.relation_colors
            .get(relation)
            .map_or(&self.default_color, String::as_str)
    }

    /// The shape for an actor kind (`ellipse` when the style has none).
    pub fn shape_for(&self, kind: ActorKind) -> &str {
        self.kind_shapes
            .get(&kind)
            .map_or("ellipse", String::as_str)
    }

    /// The Graphviz `style` of a line of this modality: `None` for a solid
    /// line.
    pub fn line_for(&self, modality: Modality) -> Option<&str> {
        self.modality_lines
            .get(&modality)
            .map(String::as_str)
            .filter(|line| *line != "solid")
    }

    /// The layout for a drawing of `actors` actors.
    ///
    /// ```
    /// # use actorgraph::export::DotStyle;
    /// let style = DotStyle::default();
    /// assert_ne!(style.layout_for(5).unwrap().engine, style.layout_for(500).unwrap().engine);
    /// ```
    pub fn layout_for(&self, actors: usize) -> Option<&LayoutDef> {
        self.layouts
            .iter()
            .find(|l| l.up_to.map_or(true, |n| actors <= n))
    }

    /// Takes what `styles` gives.
    fn apply(&mut self, styles: &StylesFile) {
        if let Some(shapes) = &styles.shapes {
            self.kind_shapes = shapes.by_kind();
        }
        if let Some(lines) = &styles.lines {
            self.modality_lines = lines.by_modality();
        }
        if !styles.layouts.is_empty() {
            self.layouts = styles.layouts.clone();
        }
        if let Some(n) = styles.max_actors {
            self.max_actors = n;
        }
    }
}

/// The graph as DOT source for Graphviz.
///
/// Node label: the actor id; shape by kind. One line per actor pair and
/// direction, labelled with its relations and counts (`supply ×3, deploy`),
/// coloured by relation (several colours side by side for several
/// classes); or, with [`DotStyle::parallel`], one line per relation class
/// and modality, labelled `supply ×3`. Hypothetical lines are dashed,
/// negated ones dotted; pen width grows with the log of the mentions. A
/// legend names the colours and line styles used.
///
/// ```
/// use actorgraph::export::{to_dot, DotStyle};
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
///
/// let graph = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(),
///     subject: ActorRef::new("Say \"hi\"", "x", ActorKind::Party),
///     relation: Relation::new("urge"),
///     object: ActorRef::new("United Nations", "UN", ActorKind::Igo),
///     predicate: "urged".into(), modality: Modality::Hypothetical, nominal: false,
///     sentence: 0, span: (0, 10), rule: "urge.verb".into(), text: "...".into(), date: None,
/// }]);
/// let dot = to_dot(&graph, &DotStyle::default());
/// assert!(dot.starts_with("digraph \"actorgraph\" {"));
/// assert!(dot.contains(r#""Say \"hi\"" -> "United Nations""#));
/// assert!(dot.contains(r#"style="dashed""#));
/// assert!(graphviz_rust::parse(&dot).is_ok());
/// ```
pub fn to_dot(graph: &KnowledgeGraph, style: &DotStyle) -> String {
    dot_source(graph, style, true)
}

/// The DOT of [`to_dot`], with or without its legend (a drawing that
/// places the legend itself leaves it out).
pub(crate) fn dot_source(graph: &KnowledgeGraph, style: &DotStyle, with_legend: bool) -> String {
    let mut stmts = layout_stmts(style, graph.actor_count());
    let node = |a: &crate::graph::ActorNode| {
        let shape = style.shape_for(a.kind);
        let record = is_record_shape(shape);
        Stmt::Node(Node::new(
            node_id(a.id.as_str()),
            vec![
                label_attr(a.id.as_str(), record),
                attr("shape", shape),
                attr("tooltip", &actor_tooltip(a)),
            ],
        ))
    };
    if style.cluster_by_kind {
        for kind in ActorKind::ALL {
            let members: Vec<Stmt> = graph.actors().filter(|a| a.kind == kind).map(node).collect();
            if members.is_empty() {
                continue;
            }
            let mut cluster = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
                attr("label", kind.as_str()),
                attr("style", "dashed"),
                attr("color", "#bbbbbb"),
            ]))];
            cluster.extend(members);
            stmts.push(Stmt::Subgraph(Subgraph {
                id: quoted(&format!("cluster_kind_{}", kind.as_str())),
                stmts: cluster,
            }));
        }
    } else {
        stmts.extend(graph.actors().map(node));
    }
    if style.parallel {
        stmts.extend(graph.edges().map(|e| Stmt::Edge(edge_stmt(&e, style))));
    } else {
        stmts.extend(pairs(graph).iter().map(|p| Stmt::Edge(pair_stmt(p, style))));
    }
    if with_legend && graph.edge_count() > 0 {
        stmts.push(Stmt::Subgraph(legend(graph, style)));
    }
    let dot = Graph::DiGraph {
        id: quoted("actorgraph"),
        strict: false,
        stmts,
    };
    dot.print(&mut PrinterContext::default()) + "\n"
}

/// The graph, node and edge defaults: the layout for `actors` actors.
fn layout_stmts(style: &DotStyle, actors: usize) -> Vec<Stmt> {
    let mut graph = vec![attr("rankdir", &style.rankdir), attr("fontsize", "12")];
    let Some(layout) = style.layout_for(actors) else {
        return vec![Stmt::GAttribute(GraphAttributes::Graph(graph))];
    };
    let attributes =
        |map: &BTreeMap<String, String>| map.iter().map(|(k, v)| attr(k, v)).collect::<Vec<_>>();
    graph.push(attr("layout", &layout.engine));
    graph.extend(attributes(&layout.graph));
    let mut stmts = vec![Stmt::GAttribute(GraphAttributes::Graph(graph))];
    if !layout.node.is_empty() {
        stmts.push(Stmt::GAttribute(GraphAttributes::Node(attributes(
            &layout.node,
        ))));
    }
    if !layout.edge.is_empty() {
        stmts.push(Stmt::GAttribute(GraphAttributes::Edge(attributes(
            &layout.edge,
        ))));
    }
    stmts
}

fn edge_stmt(e: &EdgeRef<'_>, style: &DotStyle) -> Edge {
    let relation = e.edge.relation.as_str();
    let color = style.color_for(relation);
    let mut label = relation.to_string();
    if e.edge.mentions > 1 {
        label.push_str(&format!(" ×{}", e.edge.mentions));
    }
    let mut attributes = vec![
        attr("label", &label),
        attr("color", color),
        attr("fontcolor", color),
        attr("penwidth", &pen_width(e.edge.mentions)),
        attr("tooltip", &edge_tooltip(e)),
    ];
    if let Some(line) = style.line_for(e.edge.modality) {
        attributes.push(attr("style", line));
    }
    Edge {
        ty: EdgeTy::Pair(
            Vertex::N(node_id(e.subject.id.as_str())),
            Vertex::N(node_id(e.object.id.as_str())),
        ),
        attributes,
    }
}

fn pair_stmt(pair: &Pair<'_>, style: &DotStyle) -> Edge {
    let relations = pair.relations();
    let colors: Vec<&str> = relations.iter().map(|r| style.color_for(r)).collect();
    let font_color = if colors.len() == 1 { colors[0] } else { style.default_color.as_str() };
    let mut attributes = vec![
        attr("label", &pair.label()),
        attr("color", &colors.join(":")),
        attr("fontcolor", font_color),
        attr("penwidth", &pen_width(pair.mentions())),
        attr("tooltip", &pair_tooltip(pair)),
    ];
    if let Some(line) = style.line_for(pair.modality()) {
        attributes.push(attr("style", line));
    }
    Edge {
        ty: EdgeTy::Pair(
            Vertex::N(node_id(pair.subject.id.as_str())),
            Vertex::N(node_id(pair.object.id.as_str())),
        ),
        attributes,
    }
}

fn pair_tooltip(pair: &Pair<'_>) -> String {
    let mut tip = format!("{} → {}: {} mentions", pair.subject.id, pair.object.id, pair.mentions());
    for e in &pair.edges {
        tip.push_str(&format!("\n{}", super::pairs::edge_label(e)));
        if let Some(ev) = e.evidence.first() {
            let sentence: String = ev.text.chars().take(TOOLTIP_CHARS).collect();
            tip.push_str(&format!(": [{} #{}] {sentence}", ev.doc, ev.sentence));
        }
    }
    tip
}

/// What a legend shows: the shape of each actor kind drawn, the colour of
/// each relation class, the line of each modality.
pub(crate) struct Legend<'s> {
    /// Kinds present, with their shapes.
    pub kinds: Vec<(ActorKind, &'s str)>,
    /// Relation classes present, with their colours.
    pub relations: Vec<(String, &'s str)>,
    /// Modalities present, with their Graphviz line style (`solid` for none).
    pub lines: Vec<(Modality, &'s str)>,
}

impl<'s> Legend<'s> {
    pub fn of(graph: &KnowledgeGraph, style: &'s DotStyle) -> Legend<'s> {
        let kinds: BTreeSet<ActorKind> = graph.actors().map(|a| a.kind).collect();
        let mut relations = BTreeSet::new();
        let mut modalities = BTreeSet::new();
        for e in graph.edges() {
            relations.insert(e.edge.relation.as_str());
            modalities.insert(e.edge.modality);
        }
        Legend {
            kinds: kinds.into_iter().map(|k| (k, style.shape_for(k))).collect(),
            relations: relations
                .into_iter()
                .map(|r| (r.to_string(), style.color_for(r)))
                .collect(),
            lines: modalities
                .into_iter()
                .map(|m| (m, style.line_for(m).unwrap_or("solid")))
                .collect(),
        }
    }
}

/// A cluster with one row: the shape of every actor kind, the colour of
/// every relation class and the line of every modality drawn.
fn legend(graph: &KnowledgeGraph, style: &DotStyle) -> Subgraph {
    let entries = Legend::of(graph, style);
    let prefix = legend_prefix(graph);
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", "Legend"),
            attr("style", "rounded"),
            attr("color", "#999999"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("shape", "box"),
            attr("style", "rounded"),
            attr("fontsize", "10"),
        ])),
    ];
    let mut ids = Vec::new();
    let mut entry = |name: String, attributes: Vec<Attribute>| {
        let id = node_id(&format!("{prefix}{name}"));
        ids.push(id.clone());
        stmts.push(Stmt::Node(Node::new(id, attributes)));
    };
    for (kind, shape) in &entries.kinds {
        entry(
            format!("kind {kind}"),
            vec![
                label_attr(kind.as_str(), is_record_shape(shape)),
                attr("shape", shape),
                attr("style", "solid"),
            ],
        );
    }
    for (relation, color) in &entries.relations {
        entry(
            relation.clone(),
            vec![
                attr("label", relation),
                attr("color", color),
                attr("fontcolor", color),
            ],
        );
    }
    for (modality, line) in &entries.lines {
        entry(
            format!("modality {modality}"),
            vec![
                attr("label", modality.as_str()),
                attr("style", &format!("rounded,{line}")),
            ],
        );
    }
    // One row: across ranks in a left-right layout (invisible links in
    // order), on one rank in a top-down one.
    if matches!(style.rankdir.as_str(), "TB" | "BT") {
        stmts.push(Stmt::GAttribute(GraphAttributes::Graph(vec![attr(
            "rank", "same",
        )])));
    } else {
        for w in ids.windows(2) {
            stmts.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(w[0].clone()), Vertex::N(w[1].clone())),
                attributes: vec![attr("style", "invis")],
            }));
        }
    }
    Subgraph {
        id: quoted("cluster_legend"),
        stmts,
    }
}

/// A node-id prefix for legend entries that no actor id starts with.
pub(crate) fn legend_prefix(graph: &KnowledgeGraph) -> String {
    let mut prefix = String::from("legend: ");
    while graph.actors().any(|a| a.id.as_str().starts_with(&prefix)) {
        prefix.insert(0, '_');
    }
    prefix
}

/// 1 for a single mention, growing slowly: 1 + ln(mentions).
fn pen_width(mentions: u64) -> String {
    let width = 1.0 + (mentions.max(1) as f64).ln();
    format!("{width:.2}")
}

fn actor_tooltip(actor: &crate::graph::ActorNode) -> String {
    let texts: Vec<String> = actor
        .mention_texts
        .iter()
        .map(|(t, n)| format!("{t} ({n})"))
        .collect();
    format!(
        "{} ({}), {} mentions\nas: {}",
        actor.id,
        actor.kind,
        actor.mentions,
        texts.join(", ")
    )
}

fn edge_tooltip(e: &EdgeRef<'_>) -> String {
    let mut tip = format!(
        "{} {} {} ({}), {} mentions",
        e.subject.id, e.edge.relation, e.object.id, e.edge.modality, e.edge.mentions
    );
    if let (Some(first), Some(last)) = (&e.edge.first_date, &e.edge.last_date) {
        tip.push_str(&format!(", {first} to {last}"));
    }
    if let Some(ev) = e.edge.evidence.first() {
        let sentence: String = ev.text.chars().take(TOOLTIP_CHARS).collect();
        let ellipsis = if ev.text.chars().nth(TOOLTIP_CHARS).is_some() {
            "…"
        } else {
            ""
        };
        tip.push_str(&format!(
            "\n[{} #{}] {sentence}{ellipsis}",
            ev.doc, ev.sentence
        ));
    }
    tip
}

pub(crate) fn is_record_shape(shape: &str) -> bool {
    shape.eq_ignore_ascii_case("record") || shape.eq_ignore_ascii_case("mrecord")
}

pub(crate) fn node_id(name: &str) -> NodeId {
    NodeId(quoted(name), None)
}

pub(crate) fn attr(name: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(name.to_string()), quoted(value))
}

/// A label; record shapes give `{}|<>` a meaning, so escape those too.
pub(crate) fn label_attr(text: &str, record_shape: bool) -> Attribute {
    if !record_shape {
        return attr("label", text);
    }
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '{' | '}' | '|' | '<' | '>') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    // The record escapes must survive DOT string escaping as backslashes.
    Attribute(
        Id::Plain("label".to_string()),
        Id::Escaped(format!("\"{}\"", escape_keeping(&escaped))),
    )
}

/// `text` as a double-quoted DOT string: `\\` and `"` escaped, a line
/// break as `\n`; `&` as `&amp;`, because Graphviz reads HTML entities in
/// strings (`&amp;`, `&lt;`, `&#35;` would otherwise be shown decoded);
/// other control characters as spaces, and the characters no XML output
/// may hold ([`xml_unsafe`](super::xml_unsafe)) as U+FFFD, so that the SVG
/// Graphviz writes from it is well-formed XML.
///
/// ```
/// # use actorgraph::export::dot_quote;
/// assert_eq!(dot_quote("a \"b\"\\c\nd\r"), r#""a \"b\"\\c\nd""#);
/// assert_eq!(dot_quote("A &amp; B\u{ffff}"), "\"A &amp;amp; B\u{fffd}\"");
/// ```
pub fn dot_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out.push('"');
    out
}

fn quoted(text: &str) -> Id {
    Id::Escaped(dot_quote(text))
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '"' => out.push_str("\\\""),
        '\n' => out.push_str("\\n"),
        '\r' => {}
        '&' => out.push_str("&amp;"),
        c if super::text::xml_unsafe(c) && !c.is_control() => out.push('\u{fffd}'),
        // Other control characters (NUL, tabs, escapes) have no business in
        // a label and some would cut the C string Graphviz reads.
        c if c.is_control() => out.push(' '),
        c => out.push(c),
    }
}

/// Like `push_escaped` over a whole string, but a backslash that already
/// escapes a record character stays a single escape for Graphviz.
fn escape_keeping(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some('{' | '}' | '|' | '<' | '>')) {
            out.push('\\');
        } else {
            push_escaped(&mut out, c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;
    use crate::model::ActorId;

    #[test]
    fn quoting() {
        assert_eq!(dot_quote(""), "\"\"");
        assert_eq!(dot_quote("plain"), "\"plain\"");
        assert_eq!(dot_quote("a\\"), "\"a\\\\\"");
        assert_eq!(dot_quote("\"]; evil=1"), "\"\\\"]; evil=1\"");
        assert_eq!(dot_quote("x\r\ny"), "\"x\\ny\"");
        assert_eq!(dot_quote("tab\there\0"), "\"tab here \"");
        assert_eq!(dot_quote("Côte d’Ivoire"), "\"Côte d’Ivoire\"");
    }

    #[test]
    fn empty_graph_has_no_legend() {
        let dot = to_dot(&KnowledgeGraph::new(), &DotStyle::default());
        assert!(!dot.contains("cluster_legend"));
        assert!(graphviz_rust::parse(&dot).is_ok(), "{dot}");
    }

    #[test]
    fn styles_edges_by_relation_modality_and_mentions() {
        let mut neg = triple("A", "attack", "B", "d", 5);
        neg.modality = Modality::Negated;
        let mut hyp = triple("A", "sanction", "B", "d", 6);
        hyp.modality = Modality::Hypothetical;
        let g = KnowledgeGraph::from_triples([
            triple("A", "supply", "B", "d", 0),
            triple("A", "supply", "B", "d", 1),
            triple("A", "supply", "B", "d", 2),
            triple("A", "frobnicate", "B", "d", 3),
            neg,
            hyp,
        ]);
        let parallel = DotStyle { parallel: true, ..DotStyle::default() };
        let dot = to_dot(&g, &parallel);
        assert!(
            dot.contains(r##"label="supply ×3" color="#1f77b4""##),
            "{dot}"
        );
        assert!(dot.contains(r#"penwidth="2.10""#), "{dot}");
        assert!(dot.contains(r#"penwidth="1.00""#), "{dot}");
        assert!(
            dot.contains(r##"label="frobnicate" color="#333333""##),
            "{dot}"
        );
        assert!(dot.contains(r#"style="dotted""#), "{dot}");
        assert!(dot.contains(r#"style="dashed""#), "{dot}");
        assert!(dot.contains(r#"subgraph "cluster_legend""#), "{dot}");
        assert!(dot.contains(r#""legend: modality negated""#), "{dot}");
        assert!(graphviz_rust::parse(&dot).is_ok(), "{dot}");
    }

    #[test]
    fn one_line_per_pair_by_default() {
        let mut neg = triple("A", "attack", "B", "d", 5);
        neg.modality = Modality::Negated;
        let mut hyp = triple("B", "attack", "A", "d", 6);
        hyp.modality = Modality::Hypothetical;
        let g = KnowledgeGraph::from_triples([
            triple("A", "supply", "B", "d", 0),
            triple("A", "supply", "B", "d", 1),
            triple("A", "supply", "B", "d", 2),
            triple("A", "deploy", "B", "d", 3),
            triple("A", "deploy", "B", "d", 4),
            neg,
            hyp,
        ]);
        let dot = to_dot(&g, &DotStyle::default());
        let links = |dot: &str| {
            dot.lines()
                .filter(|l| l.contains(" -> ") && !l.contains("legend: "))
                .count()
        };
        assert_eq!(links(&dot), 2, "{dot}");
        assert!(
            dot.contains(r##"label="supply ×3, deploy ×2, attack (negated)" color="#1f77b4:#17becf:#d62728""##),
            "{dot}"
        );
        assert!(dot.contains(r#"label="attack (hypothetical)""#), "{dot}");
        assert!(dot.contains(r#"style="dashed""#), "{dot}");
        assert!(dot.contains(r#"penwidth="2.79""#), "{dot}");
        assert!(graphviz_rust::parse(&dot).is_ok(), "{dot}");
        let parallel = to_dot(
            &g,
            &DotStyle {
                parallel: true,
                ..DotStyle::default()
            },
        );
        assert_eq!(links(&parallel), 4, "{parallel}");
    }

    #[test]
    fn mixed_lines_take_the_dominant_modality() {
        let mut triples: Vec<_> = (0..5)
            .map(|i| {
                let mut t = triple("North Korea", "attack", "Ukraine", "d", i);
                t.modality = Modality::Hypothetical;
                t
            })
            .collect();
        triples.extend((5..7).map(|i| triple("North Korea", "attack", "Ukraine", "d", i)));
        let dot = to_dot(&KnowledgeGraph::from_triples(triples), &DotStyle::default());
        let line = dot
            .lines()
            .find(|l| l.contains("\"North Korea\" -> \"Ukraine\""))
            .unwrap();
        assert!(
            line.contains(r#"label="attack ×5 (hypothetical), attack ×2""#),
            "{line}"
        );
        assert!(line.contains(r#"style="dashed""#), "{line}");
    }

    #[test]
    fn legend_is_one_row_with_node_shapes() {
        let mut t = triple("Hezbollah", "attack", "Israel", "d", 0);
        t.subject.kind = ActorKind::ArmedGroup;
        let g = KnowledgeGraph::from_triples([t, triple("Iran", "support", "Hezbollah", "d", 1)]);
        let dot = to_dot(&g, &DotStyle::default());
        assert!(
            dot.contains(r#""legend: kind armed-group"[label="armed-group" shape="octagon""#),
            "{dot}"
        );
        assert!(
            dot.contains(r#""legend: kind state"[label="state" shape="ellipse""#),
            "{dot}"
        );
        // In a left-to-right layout, invisible links in order make the row.
        assert!(
            dot.contains(r#""legend: kind state" -> "legend: kind armed-group" [style="invis"]"#),
            "{dot}"
        );
        let top_down = to_dot(
            &g,
            &DotStyle {
                rankdir: "TB".into(),
                ..DotStyle::default()
            },
        );
        assert!(
            top_down.contains(r#"rank="same""#) && !top_down.contains("invis"),
            "{top_down}"
        );
        assert!(graphviz_rust::parse(&dot).is_ok() && graphviz_rust::parse(&top_down).is_ok());
    }

    #[test]
    fn layout_follows_the_number_of_actors() {
        let small = KnowledgeGraph::from_triples([triple("A", "meet", "B", "d", 0)]);
        assert!(to_dot(&small, &DotStyle::default()).contains(r#"layout="dot""#));
        let triples = (0..40).map(|i| triple(&format!("A{i}"), "meet", &format!("B{i}"), "d", i));
        let large = to_dot(&KnowledgeGraph::from_triples(triples), &DotStyle::default());
        assert!(
            large.contains(r#"layout="sfdp""#) && large.contains(r#"overlap="prism""#),
            "{large}"
        );
        assert!(large.contains(r#"pack="true""#), "{large}");
    }

    #[test]
    fn clusters_by_kind() {
        let mut t = triple("Hezbollah", "attack", "Israel", "d", 0);
        t.subject.kind = ActorKind::ArmedGroup;
        let g = KnowledgeGraph::from_triples([t, triple("Iran", "support", "Hezbollah", "d", 1)]);
        let dot = to_dot(&g, &DotStyle { cluster_by_kind: true, ..DotStyle::default() });
        assert!(dot.contains(r#"subgraph "cluster_kind_state""#), "{dot}");
        assert!(dot.contains(r#"subgraph "cluster_kind_armed-group""#), "{dot}");
        assert!(!dot.contains("cluster_kind_igo"), "{dot}");
        assert!(graphviz_rust::parse(&dot).is_ok(), "{dot}");
    }

    #[test]
    fn shapes_by_kind() {
        let mut t = triple("Hezbollah", "attack", "UN", "d", 0);
        t.subject.kind = ActorKind::ArmedGroup;
        t.object.kind = ActorKind::Igo;
        let dot = to_dot(&KnowledgeGraph::from_triples([t]), &DotStyle::default());
        assert!(
            dot.contains(r#""Hezbollah"[label="Hezbollah" shape="octagon""#),
            "{dot}"
        );
        assert!(dot.contains(r#""UN"[label="UN" shape="box""#), "{dot}");
    }

    #[test]
    fn legend_ids_never_clash_with_actors() {
        let g = KnowledgeGraph::from_triples([triple("legend: meet", "meet", "B", "d", 0)]);
        let dot = to_dot(&g, &DotStyle::default());
        assert!(dot.contains(r#""_legend: meet"[label="meet""#), "{dot}");
        let parsed = graphviz_rust::parse(&dot).unwrap();
        assert!(format!("{parsed:?}").contains("legend: meet"));
        assert!(g.actor(&ActorId::new("legend: meet")).is_some());
    }

    #[test]
    fn record_shapes_escape_record_syntax() {
        let mut style = DotStyle::default();
        style.kind_shapes.insert(ActorKind::State, "record".into());
        let g = KnowledgeGraph::from_triples([triple("a|b{c}<d>\\", "meet", "B", "d", 0)]);
        let dot = to_dot(&g, &style);
        assert!(dot.contains(r#"label="a\|b\{c\}\<d\>\\""#), "{dot}");
        assert!(graphviz_rust::parse(&dot).is_ok(), "{dot}");
    }

    #[test]
    fn output_is_deterministic() {
        let triples = vec![
            triple("C", "meet", "A", "d", 0),
            triple("A", "urge", "B", "d", 1),
            triple("B", "support", "C", "d", 2),
        ];
        let mut reversed = triples.clone();
        reversed.reverse();
        let style = DotStyle::default();
        assert_eq!(
            to_dot(&KnowledgeGraph::from_triples(triples), &style),
            to_dot(&KnowledgeGraph::from_triples(reversed), &style)
        );
    }
}
