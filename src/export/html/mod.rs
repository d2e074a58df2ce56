//! A self-contained interactive HTML view of a graph: one file that works
//! offline, with no server and nothing fetched from the network.
//!
//! Graphviz lays the graph out: the page embeds the SVG of the DOT export
//! drawn with one line per relation and modality ([`DotStyle::parallel`]),
//! with an `id` and `class` on every actor (`actor_N`, `node actor
//! kind_state`) and every link (`link_N`, `edge link rel_supply
//! mod_asserted`). Without `dot` on `PATH`, `layout-rs` draws it instead,
//! with the same ids and classes. The graph data (actors with every name
//! they go by, links with all their evidence) is embedded as JSON in a
//! `<script type="application/json">` block, and a small script written for
//! this page (`view.js`, no framework) adds pan and zoom, search, filters
//! and the side panel.
//!
//! Text from the input never reaches the page as markup: the JSON block
//! escapes `<`, `>`, `&`, U+2028, U+2029, C1 controls and noncharacters as
//! `\u` escapes, so no string can close the `<script>`; the script inserts
//! text with `textContent` only; labels in the SVG are XML-escaped by the
//! renderer, with the characters XML cannot carry replaced
//! ([`xml_clean_markup`](super::xml_clean_markup)); and a
//! Content-Security-Policy forbids loading anything at all.
//!
//! ```
//! use actorgraph::export::{to_html, HtmlOptions};
//! use actorgraph::graph::KnowledgeGraph;
//!
//! let html = to_html(&KnowledgeGraph::new(), &HtmlOptions::default()).unwrap();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains(r#"<script type="application/json" id="graph-data">"#));
//! ```

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};

use graphviz_rust::dot_structures::{
    Attribute, EdgeTy, Graph, GraphAttributes, Id, Stmt, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use serde::Serialize;

use super::dot::{dot_quote, to_dot, DotStyle};
use super::render::{render_with, RenderFormat, Renderer};
use super::text::{xml_clean_markup, xml_escape, xml_unsafe};
use super::ExportError;
use crate::graph::{EdgeRef, KnowledgeGraph};
use crate::model::{ActorKind, Modality};
use crate::schema::Schema;

/// The page's script, written for it: no framework, no library.
const VIEW_JS: &str = include_str!("view.js");
/// The page's style.
const VIEW_CSS: &str = include_str!("view.css");

/// How the HTML view is made.
///
/// ```
/// use actorgraph::export::{DotStyle, HtmlOptions, Renderer};
/// let options = HtmlOptions {
///     title: Some("seeds.json".into()),
///     renderer: Renderer::LayoutRs,
///     ..HtmlOptions::default()
/// };
/// assert_eq!(options.style, DotStyle::default());
/// ```
#[derive(Debug, Clone, Default)]
pub struct HtmlOptions<'s> {
    /// Colours per relation class and shapes per actor kind. The view always
    /// draws one line per relation and modality, so that filters can hide
    /// each one; `parallel` is ignored, `cluster_by_kind` is honoured.
    pub style: DotStyle,
    /// What the page is a view of (shown in the header and the tab title),
    /// such as the graph file's name.
    pub title: Option<String>,
    /// The schema the view was made with: its gazetteer adds each actor's
    /// other names (capitals, codes, demonyms, officials) to the search, and
    /// its relation classes their verbs and descriptions.
    pub schema: Option<&'s Schema>,
    /// How to describe that schema in the header ("embedded default
    /// schema", "schema from my-schema/").
    pub schema_label: Option<String>,
    /// Which engine lays the graph out.
    pub renderer: Renderer,
}

/// The graph as one self-contained interactive HTML page (see the
/// [module documentation](self)).
///
/// ```
/// use actorgraph::export::{to_html, HtmlOptions, Renderer};
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
///
/// let graph = KnowledgeGraph::from_triples([Triple {
///     doc: "d1".into(),
///     subject: ActorRef::new("North Korea", "Pyongyang", ActorKind::State),
///     relation: Relation::new("supply"),
///     object: ActorRef::new("Russia", "Moscow", ActorKind::State),
///     predicate: "sent".into(), modality: Modality::Asserted, nominal: false,
///     sentence: 0, span: (0, 40), rule: "supply.send".into(),
///     text: "Pyongyang sent shells to Moscow </script>".into(), date: None,
/// }]);
/// let options = HtmlOptions { renderer: Renderer::LayoutRs, ..HtmlOptions::default() };
/// let html = to_html(&graph, &options).unwrap();
/// assert!(html.contains(r#"id="actor_0""#) && html.contains(r#"id="link_0""#));
/// assert!(html.contains(r"Moscow \u003c/script\u003e"));
/// assert_eq!(html.matches("</script>").count(), 2);
/// ```
pub fn to_html(graph: &KnowledgeGraph, options: &HtmlOptions<'_>) -> Result<String, ExportError> {
    let (svg, layout) = draw(graph, options)?;
    let data = view_data(graph, options, layout);
    Ok(page(options, &svg, &data))
}

/// Which engine drew the SVG, for the page's script (the fallback's SVG is
/// shaped differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Layout {
    Graphviz,
    LayoutRs,
}

/// The `id` of actor `i` in the SVG.
fn actor_svg_id(i: usize) -> String {
    format!("actor_{i}")
}

/// The `id` of link `i` (in [`KnowledgeGraph::edges`] order) in the SVG.
fn link_svg_id(i: usize) -> String {
    format!("link_{i}")
}

/// A relation class or kind as a CSS class name: `[a-z0-9-]` only.
fn css_name(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect()
}

fn draw(graph: &KnowledgeGraph, options: &HtmlOptions<'_>) -> Result<(String, Layout), ExportError> {
    let graphviz = || -> Result<String, ExportError> {
        let dot = view_dot(graph, &options.style)?;
        let svg = render_with(&dot, RenderFormat::Svg, Renderer::Graphviz)?;
        Ok(String::from_utf8_lossy(&svg).into_owned())
    };
    match options.renderer {
        Renderer::Graphviz => Ok((graphviz()?, Layout::Graphviz)),
        Renderer::LayoutRs => Ok((layout_rs_svg(graph, &options.style)?, Layout::LayoutRs)),
        // Without `dot`, or if the DOT export cannot be read back to add
        // the ids, the pure-Rust layout draws the page.
        Renderer::Auto => match graphviz() {
            Err(ExportError::GraphvizMissing { .. } | ExportError::Layout { .. }) => {
                Ok((layout_rs_svg(graph, &options.style)?, Layout::LayoutRs))
            }
            other => other.map(|svg| (svg, Layout::Graphviz)),
        },
    }
}

/// The DOT export in the parallel style, with ids and classes on actors and
/// links, the view's fonts and fills, short link tooltips, and no legend
/// (the page has its own, which is also the filter).
///
/// The DOT export is parsed back and annotated, so the drawing is exactly
/// the one `export --format dot --parallel` describes.
fn view_dot(graph: &KnowledgeGraph, style: &DotStyle) -> Result<String, ExportError> {
    // The view keeps Graphviz's layered layout: it pans and zooms, and its
    // links, clicked by their labels, need the room `dot` gives labels.
    let style = DotStyle { parallel: true, layouts: Vec::new(), ..style.clone() };
    let source = to_dot(graph, &style);
    let parsed = graphviz_rust::parse(&source).map_err(|message| ExportError::Layout {
        message: format!("cannot read back the DOT export: {message}"),
    })?;
    let Graph::DiGraph { id, strict, mut stmts } = parsed else {
        return Err(ExportError::Layout { message: "the DOT export is not a digraph".into() });
    };

    let actor_index: BTreeMap<String, (usize, ActorKind)> = graph
        .actors()
        .enumerate()
        .map(|(i, a)| (dot_quote(a.id.as_str()), (i, a.kind)))
        .collect();
    let edges: Vec<EdgeRef<'_>> = graph.edges().collect();
    let mut next_edge = 0;
    annotate(&mut stmts, &actor_index, &edges, &mut next_edge)?;
    if next_edge != edges.len() {
        return Err(ExportError::Layout {
            message: format!("the DOT export drew {next_edge} links for {} edges", edges.len()),
        });
    }

    let font = "Helvetica,Arial,sans-serif";
    let defaults = [
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("fontname", font),
            attr("bgcolor", "transparent"),
            attr("pad", "0.3"),
            attr("nodesep", "0.2"),
            attr("ranksep", "0.45"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", font),
            attr("fontsize", "13"),
            attr("style", "filled"),
            attr("fillcolor", "#ffffff"),
            attr("color", "#56606b"),
            attr("margin", "0.12,0.05"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", font),
            attr("fontsize", "10"),
            attr("arrowsize", "0.7"),
        ])),
    ];
    let at = stmts.len().min(1);
    stmts.splice(at..at, defaults);
    let dot = Graph::DiGraph { id, strict, stmts };
    Ok(dot.print(&mut PrinterContext::default()) + "\n")
}

/// Adds ids and classes to the actors and links of `stmts` (recursing into
/// clusters) and drops the legend.
fn annotate(
    stmts: &mut Vec<Stmt>,
    actors: &BTreeMap<String, (usize, ActorKind)>,
    edges: &[EdgeRef<'_>],
    next_edge: &mut usize,
) -> Result<(), ExportError> {
    stmts.retain(|s| !matches!(s, Stmt::Subgraph(g) if id_text(&g.id) == "\"cluster_legend\""));
    for stmt in stmts.iter_mut() {
        match stmt {
            Stmt::Node(node) => {
                if let Some(&(i, kind)) = actors.get(&id_text(&node.id.0)) {
                    node.attributes.push(attr("id", &actor_svg_id(i)));
                    node.attributes.push(attr("class", &format!("actor kind_{}", css_name(kind.as_str()))));
                }
            }
            Stmt::Edge(edge) => {
                let i = *next_edge;
                let e = edges.get(i).ok_or_else(|| ExportError::Layout {
                    message: "the DOT export drew more links than the graph has".into(),
                })?;
                let ends = match &edge.ty {
                    EdgeTy::Pair(Vertex::N(a), Vertex::N(b)) => Some((id_text(&a.0), id_text(&b.0))),
                    _ => None,
                };
                if ends != Some((dot_quote(e.subject.id.as_str()), dot_quote(e.object.id.as_str()))) {
                    return Err(ExportError::Layout {
                        message: format!("link {i} of the DOT export is not {}", e.key()),
                    });
                }
                edge.attributes.retain(|a| id_text(&a.0) != "tooltip");
                edge.attributes.push(attr("id", &link_svg_id(i)));
                edge.attributes.push(attr(
                    "class",
                    &format!(
                        "link rel_{} mod_{}",
                        css_name(e.edge.relation.as_str()),
                        e.edge.modality.as_str()
                    ),
                ));
                edge.attributes.push(attr(
                    "tooltip",
                    &format!(
                        "{} → {}: {} ({}), {} mention{} (click for the evidence)",
                        e.subject.id,
                        e.object.id,
                        e.edge.relation,
                        e.edge.modality,
                        e.edge.mentions,
                        if e.edge.mentions == 1 { "" } else { "s" }
                    ),
                ));
                *next_edge += 1;
            }
            Stmt::Subgraph(sub) => annotate(&mut sub.stmts, actors, edges, next_edge)?,
            _ => {}
        }
    }
    Ok(())
}

fn id_text(id: &Id) -> String {
    match id {
        Id::Html(s) | Id::Escaped(s) | Id::Plain(s) | Id::Anonymous(s) => s.clone(),
    }
}

fn attr(name: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(name.to_string()), Id::Escaped(dot_quote(value)))
}

/// The pure-Rust fallback: `layout-rs` fed directly (not through DOT), so
/// that every actor and link carries its id and classes in the SVG.
fn layout_rs_svg(graph: &KnowledgeGraph, style: &DotStyle) -> Result<String, ExportError> {
    use layout::backends::svg::SVGWriter;
    use layout::core::base::Orientation;
    use layout::core::color::Color;
    use layout::core::style::{LineStyleKind, StyleAttr};
    use layout::std_shapes::render::get_shape_size;
    use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
    use layout::topo::layout::VisualGraph;

    if graph.actor_count() == 0 {
        return Ok(EMPTY_SVG.to_string());
    }
    // layout-rs panics on some inputs instead of returning errors.
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        let dir = if style.rankdir.eq_ignore_ascii_case("LR") {
            Orientation::LeftToRight
        } else {
            Orientation::TopToBottom
        };
        let mut vg = VisualGraph::new(dir);
        let mut handles = BTreeMap::new();
        for (i, a) in graph.actors().enumerate() {
            let label = a.id.as_str().to_string();
            let shape = match a.kind {
                ActorKind::Igo | ActorKind::Other => ShapeKind::Box(label),
                _ => ShapeKind::Circle(label),
            };
            let size = get_shape_size(dir.flip(), &shape, 14, false);
            let look = StyleAttr::new(Color::fast("#56606b"), 1, Some(Color::fast("white")), 0, 14);
            let properties = format!(
                r#"id="{}" class="node actor kind_{}""#,
                actor_svg_id(i),
                css_name(a.kind.as_str())
            );
            let element = Element::create_with_properties(shape, look, dir.flip(), size, properties);
            handles.insert(a.id.clone(), vg.add_node(element));
        }
        for (i, e) in graph.edges().enumerate() {
            let color = Color::fast(style.color_for(e.edge.relation.as_str()));
            let width = (1.0 + (e.edge.mentions.max(1) as f64).ln()).round() as usize;
            let look = StyleAttr::new(color, width.max(1), None, 0, 11);
            let line = match e.edge.modality {
                Modality::Asserted => LineStyleKind::Normal,
                Modality::Hypothetical => LineStyleKind::Dashed,
                Modality::Negated => LineStyleKind::Dotted,
            };
            // No label: layout-rs draws labels as nodes of their own, outside
            // the link's group, where filters could not hide them. The
            // colour names the relation; the panel tells the rest.
            let label = "";
            let properties = format!(
                r#"id="{}" class="edge link rel_{} mod_{}""#,
                link_svg_id(i),
                css_name(e.edge.relation.as_str()),
                e.edge.modality.as_str()
            );
            let arrow = Arrow::with_properties(
                LineEndKind::None,
                LineEndKind::Arrow,
                line,
                label,
                &look,
                properties,
                &None,
                &None,
            );
            vg.add_edge(arrow, handles[&e.subject.id], handles[&e.object.id]);
        }
        let mut svg = SVGWriter::new();
        vg.do_it(false, false, false, &mut svg);
        // layout-rs escapes `<&>"'` only.
        xml_clean_markup(&svg.finalize())
    }));
    outcome.map_err(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "internal error".to_string());
        ExportError::Layout { message: reason }
    })
}

const EMPTY_SVG: &str =
    r#"<svg width="8" height="8" viewBox="0 0 8 8" xmlns="http://www.w3.org/2000/svg"></svg>"#;

/// What the page's script reads.
#[derive(Serialize)]
struct ViewData<'g> {
    meta: Meta,
    relations: Vec<RelationInfo>,
    modalities: Vec<ModalityInfo>,
    kinds: Vec<&'static str>,
    actors: Vec<ActorInfo<'g>>,
    edges: Vec<EdgeInfo<'g>>,
}

#[derive(Serialize)]
struct Meta {
    title: Option<String>,
    generator: String,
    documents: usize,
    actors: usize,
    edges: usize,
    mentions: u64,
    first_date: Option<String>,
    last_date: Option<String>,
    /// The graph file format records no schema; said so rather than guessed.
    schema_recorded: Option<String>,
    /// The schema this view took colours, verbs and names from.
    schema_used: Option<String>,
    rules: usize,
    layout: Layout,
}

#[derive(Serialize)]
struct RelationInfo {
    id: String,
    color: String,
    verb: Option<String>,
    description: Option<String>,
}

#[derive(Serialize)]
struct ModalityInfo {
    id: &'static str,
    line: &'static str,
}

#[derive(Serialize)]
struct ActorInfo<'g> {
    svg: String,
    id: &'g str,
    kind: &'static str,
    mentions: u64,
    /// How the text wrote it, with counts, most frequent first.
    written: Vec<(&'g str, u64)>,
    /// Every name search finds it by: id, texts seen, schema names.
    names: Vec<String>,
}

#[derive(Serialize)]
struct EdgeInfo<'g> {
    svg: String,
    s: usize,
    o: usize,
    relation: &'g str,
    modality: &'static str,
    mentions: u64,
    first: Option<&'g str>,
    last: Option<&'g str>,
    evidence: Vec<EvidenceInfo<'g>>,
}

#[derive(Serialize)]
struct EvidenceInfo<'g> {
    doc: &'g str,
    sentence: usize,
    date: Option<&'g str>,
    rule: &'g str,
    text: &'g str,
    predicate: &'g str,
    subject: Option<&'g str>,
    object: Option<&'g str>,
}

fn view_data<'g>(graph: &'g KnowledgeGraph, options: &HtmlOptions<'_>, layout: Layout) -> ViewData<'g> {
    let index: BTreeMap<&str, usize> =
        graph.actors().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let schema_names = options.schema.map(schema_names).unwrap_or_default();

    let actors = graph
        .actors()
        .enumerate()
        .map(|(i, a)| {
            let mut written: Vec<(&str, u64)> = a.mention_texts.iter().map(|(t, n)| (t.as_str(), *n)).collect();
            written.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
            let mut names: Vec<String> = Vec::new();
            let candidates = std::iter::once(a.id.as_str())
                .chain(written.iter().map(|(t, _)| *t))
                .chain(schema_names.get(a.id.as_str()).into_iter().flatten().map(String::as_str));
            for name in candidates {
                let name = name.trim();
                if !name.is_empty() && !names.iter().any(|n| n.to_lowercase() == name.to_lowercase()) {
                    names.push(name.to_string());
                }
            }
            ActorInfo {
                svg: actor_svg_id(i),
                id: a.id.as_str(),
                kind: a.kind.as_str(),
                mentions: a.mentions,
                written,
                names,
            }
        })
        .collect();

    let mut rules = std::collections::BTreeSet::new();
    let mut relations_seen = std::collections::BTreeSet::new();
    let mut mentions = 0;
    let (mut first_date, mut last_date): (Option<&str>, Option<&str>) = (None, None);
    let edges = graph
        .edges()
        .enumerate()
        .map(|(i, e)| {
            relations_seen.insert(e.edge.relation.as_str());
            mentions += e.edge.mentions;
            if let Some(d) = e.edge.first_date.as_deref() {
                first_date = Some(first_date.map_or(d, |f| f.min(d)));
            }
            if let Some(d) = e.edge.last_date.as_deref() {
                last_date = Some(last_date.map_or(d, |l| l.max(d)));
            }
            let evidence = e
                .edge
                .evidence
                .iter()
                .enumerate()
                .map(|(k, ev)| {
                    rules.insert(&*ev.rule);
                    let texts = e.edge.mention_texts.get(k);
                    EvidenceInfo {
                        doc: &ev.doc,
                        sentence: ev.sentence,
                        date: ev.date.as_deref(),
                        rule: &ev.rule,
                        text: &ev.text,
                        predicate: &ev.predicate,
                        subject: texts.map(|t| &*t.0),
                        object: texts.map(|t| &*t.1),
                    }
                })
                .collect();
            EdgeInfo {
                svg: link_svg_id(i),
                s: index[e.subject.id.as_str()],
                o: index[e.object.id.as_str()],
                relation: e.edge.relation.as_str(),
                modality: e.edge.modality.as_str(),
                mentions: e.edge.mentions,
                first: e.edge.first_date.as_deref(),
                last: e.edge.last_date.as_deref(),
                evidence,
            }
        })
        .collect();

    // Relation classes in the schema's order, then any others the graph has.
    let mut order: Vec<&str> = Vec::new();
    if let Some(schema) = options.schema {
        order.extend(schema.relations.iter().map(|r| r.id.as_str()).filter(|r| relations_seen.contains(r)));
    }
    order.extend(relations_seen.iter().copied().filter(|r| !order.contains(r)).collect::<Vec<_>>());
    let relations = order
        .into_iter()
        .map(|r| {
            let def = options.schema.and_then(|s| s.relations.iter().find(|d| d.id == r));
            RelationInfo {
                id: r.to_string(),
                color: options.style.color_for(r).to_string(),
                verb: def.map(|d| d.verb.clone()).filter(|v| !v.is_empty()),
                description: def.map(|d| d.description.clone()).filter(|v| !v.is_empty()),
            }
        })
        .collect();
    let modalities = Modality::ALL
        .iter()
        .map(|&m| ModalityInfo {
            id: m.as_str(),
            line: match m {
                Modality::Asserted => "solid",
                Modality::Hypothetical => "dashed",
                Modality::Negated => "dotted",
            },
        })
        .collect();

    ViewData {
        meta: Meta {
            title: options.title.clone(),
            generator: format!("actorgraph {}", env!("CARGO_PKG_VERSION")),
            documents: graph.documents().len(),
            actors: graph.actor_count(),
            edges: graph.edge_count(),
            mentions,
            first_date: first_date.map(str::to_string),
            last_date: last_date.map(str::to_string),
            schema_recorded: None,
            schema_used: options.schema_label.clone(),
            rules: rules.len(),
            layout,
        },
        relations,
        modalities,
        kinds: ActorKind::ALL.iter().map(|k| k.as_str()).collect(),
        actors,
        edges,
    }
}

/// Every other name the schema's gazetteer gives each actor.
fn schema_names(schema: &Schema) -> BTreeMap<&str, Vec<String>> {
    let mut names: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for a in &schema.actors.actors {
        let entry = names.entry(a.id.as_str()).or_default();
        entry.extend(
            a.names.iter().chain(&a.code).chain(&a.capitals).chain(&a.seats).chain(&a.demonyms).cloned(),
        );
    }
    for p in &schema.actors.people {
        names.entry(p.actor.as_str()).or_default().push(p.name.clone());
    }
    names
}

/// JSON that is safe inside a `<script>` element: `<`, `>` and `&` as
/// `\u` escapes (no `</script>` or `<!--` can appear), and U+2028/U+2029
/// too; so are C1 controls and the characters no XML output may hold
/// ([`xml_unsafe`]: noncharacters, which an HTML parser reports as
/// errors). They can only occur inside JSON strings, where the escapes
/// mean the same characters, so the data stays exact.
pub(crate) fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("view data serialises to JSON");
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => push_json_escape(&mut out, c),
            c if c.is_control() || xml_unsafe(c) => push_json_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// `c` as JSON `\u` escapes (a surrogate pair beyond the BMP).
fn push_json_escape(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        out.push_str(&format!("\\u{unit:04x}"));
    }
}

/// The SVG element alone: no XML prolog, doctype or comments (Graphviz
/// writes node names into comments).
fn inline_svg(svg: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    let mut body = &svg[start..];
    let mut out = String::with_capacity(body.len());
    while let Some(open) = body.find("<!--") {
        out.push_str(&body[..open]);
        match body[open..].find("-->") {
            Some(close) => body = &body[open + close + 3..],
            None => {
                body = "";
                break;
            }
        }
    }
    out.push_str(body);
    out.trim_end().to_string()
}

fn page(options: &HtmlOptions<'_>, svg: &str, data: &ViewData<'_>) -> String {
    let title = match &options.title {
        Some(t) => format!("{} — actorgraph", xml_escape(t)),
        None => "actorgraph".to_string(),
    };
    let mut html = String::with_capacity(svg.len() + 4096);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may be loaded: not a script, a style sheet, an image or a font.
    html.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    html.push_str("<meta name=\"generator\" content=\"");
    html.push_str(&xml_escape(&data.meta.generator));
    html.push_str("\">\n<title>");
    html.push_str(&title);
    html.push_str("</title>\n<style>\n");
    html.push_str(VIEW_CSS);
    html.push_str("</style>\n</head>\n<body>\n");
    html.push_str(BODY_TOP);
    html.push_str(&inline_svg(svg));
    html.push('\n');
    html.push_str(BODY_BOTTOM);
    html.push_str("<script type=\"application/json\" id=\"graph-data\">");
    html.push_str(&script_json(data));
    html.push_str("</script>\n<script>\n");
    html.push_str(VIEW_JS);
    html.push_str("</script>\n</body>\n</html>\n");
    html
}

/// The page around the drawing; the script fills in every text that comes
/// from the graph.
const BODY_TOP: &str = r#"<header id="top">
  <div class="brand"><span class="logo">actorgraph</span><span id="graph-title"></span></div>
  <ul id="stats" aria-label="What the graph holds"></ul>
  <div id="schema-info"></div>
</header>
<div id="app">
  <aside id="controls" aria-label="Search and filters">
    <section class="search">
      <label for="search">Find an actor</label>
      <input id="search" type="search" autocomplete="off" spellcheck="false" placeholder="any name: Pyongyang, DPRK, Kim…">
      <ul id="search-results" role="listbox"></ul>
    </section>
    <section>
      <h2>Relations <span class="toggles"><button type="button" id="rel-all">all</button><button type="button" id="rel-none">none</button></span></h2>
      <ul id="relation-filters" class="filters"></ul>
    </section>
    <section>
      <h2>Modality</h2>
      <ul id="modality-filters" class="filters"></ul>
    </section>
    <section>
      <h2>Mentions</h2>
      <label class="range">at least <output id="min-mentions-value">1</output> per link<input id="min-mentions" type="range" min="1" max="1" value="1"></label>
    </section>
    <section>
      <h2>Dates</h2>
      <div class="dates">
        <label>from <input id="date-from" type="date"></label>
        <label>to <input id="date-to" type="date"></label>
      </div>
      <p id="date-note" class="note"></p>
    </section>
    <section>
      <button type="button" id="reset">Reset filters</button>
      <p id="shown" class="note"></p>
    </section>
  </aside>
  <main id="stage" aria-label="The graph">
    <div id="zoom-buttons"><button type="button" id="zoom-in" title="Zoom in (+)">+</button><button type="button" id="zoom-out" title="Zoom out (−)">−</button><button type="button" id="zoom-fit" title="Fit the graph (0)">fit</button></div>
    <p id="hint">drag to pan · wheel to zoom · click an actor or a link</p>
"#;

const BODY_BOTTOM: &str = r#"  </main>
  <aside id="panel" aria-live="polite"></aside>
</div>
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;

    #[test]
    fn script_json_escapes_what_could_end_the_script() {
        let json = script_json(&"</script><!-- & \u{2028}\u{2029} \"");
        assert_eq!(json, r#""\u003c/script\u003e\u003c!-- \u0026 \u2028\u2029 \"""#);
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, "</script><!-- & \u{2028}\u{2029} \"");
        let odd = "\u{ffff}\u{fdd0}\u{10fffe}\u{85}\u{9f}";
        let json = script_json(&odd);
        assert_eq!(json, r#""\uffff\ufdd0\udbff\udffe\u0085\u009f""#);
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), odd);
    }

    #[test]
    fn inline_svg_drops_prolog_and_comments() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<!-- a -->\n<svg><!-- x&#45;&gt;y --><g/><!-- unclosed";
        assert_eq!(inline_svg(svg), "<svg><g/>");
    }

    #[test]
    fn css_names_are_plain() {
        assert_eq!(css_name("Armed Group/\"x\""), "armed_group__x_");
    }

    #[test]
    fn view_dot_has_ids_classes_and_no_legend() {
        let g = KnowledgeGraph::from_triples([
            triple("A \"q\"", "supply", "B", "d", 0),
            triple("A \"q\"", "meet", "B", "d", 1),
            triple("B", "attack", "legend: meet", "d", 2),
        ]);
        let dot = view_dot(&g, &DotStyle::default()).unwrap();
        assert!(dot.contains(r#"id="actor_0""#) && dot.contains(r#"id="actor_2""#), "{dot}");
        assert!(dot.contains(r#"class="link rel_meet mod_asserted""#), "{dot}");
        assert_eq!(dot.matches(" -> ").count(), 3, "{dot}");
        assert!(!dot.contains("cluster_legend"), "{dot}");
        assert!(graphviz_rust::parse(&dot).is_ok(), "{dot}");
        let clustered = DotStyle { cluster_by_kind: true, ..DotStyle::default() };
        let dot = view_dot(&g, &clustered).unwrap();
        assert!(dot.contains("cluster_kind_state") && dot.contains(r#"id="actor_1""#), "{dot}");
    }
}
