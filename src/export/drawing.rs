//! Drawings (SVG, PNG, PDF) that stay legible as graphs grow.
//!
//! A drawing is made in two passes. Graphviz first lays out the actors
//! alone, with the engine the style picks for their number (`dot` for a
//! few, a force-directed engine with overlap removal and packed components
//! for many); then the legend is pinned in compact rows under that layout
//! and `neato -n2` draws both as they stand. Without Graphviz, the built-in
//! `layout-rs` lays out the actors and the same legend is drawn below them
//! in SVG. [`most_linked`] cuts a graph to the actors a default drawing
//! shows, with a note saying what was left out.

use std::fmt::Write as _;

use super::dot::{dot_quote, dot_source, is_record_shape, legend_prefix, DotStyle, Legend};
use super::render::{clean_svg, layout_svg, run_graphviz};
use super::{ExportError, RenderFormat, Renderer};
use crate::graph::KnowledgeGraph;
use crate::model::ActorKind;

/// A finished drawing and how it was made.
#[derive(Debug, Clone)]
pub struct Drawing {
    /// The image in the format asked for.
    pub image: Vec<u8>,
    /// What laid it out: [`Renderer::Graphviz`] or [`Renderer::LayoutRs`].
    pub renderer: Renderer,
    /// The Graphviz layout engine used (`dot`, `neato`, …; `layout-rs` for
    /// the built-in layout).
    pub engine: String,
}

/// Draws the graph with its legend, and `note` (a line saying what the
/// drawing leaves out, say) above the legend.
///
/// ```
/// use actorgraph::export::{draw, DotStyle, RenderFormat, Renderer};
/// use actorgraph::graph::KnowledgeGraph;
/// use actorgraph::model::*;
///
/// let graph = KnowledgeGraph::from_triples([Triple {
///     doc: "d".into(),
///     subject: ActorRef::new("Iran", "Iran", ActorKind::State),
///     relation: Relation::new("supply"),
///     object: ActorRef::new("Hezbollah", "Hezbollah", ActorKind::ArmedGroup),
///     predicate: "supplies".into(), modality: Modality::Asserted, nominal: false,
///     sentence: 0, span: (0, 10), rule: "supply.verb".into(), text: "...".into(), date: None,
/// }]);
/// let drawing = draw(&graph, &DotStyle::default(), RenderFormat::Svg, Renderer::LayoutRs, Some("a note")).unwrap();
/// let svg = String::from_utf8(drawing.image).unwrap();
/// assert!(svg.contains("a note") && svg.contains("armed-group"));
/// assert_eq!(drawing.renderer, Renderer::LayoutRs);
/// ```
pub fn draw(
    graph: &KnowledgeGraph,
    style: &DotStyle,
    format: RenderFormat,
    renderer: Renderer,
    note: Option<&str>,
) -> Result<Drawing, ExportError> {
    // The legend's rows wrap at the width of the actors' layout.
    let legend = |width: f64| LegendLayout::new(graph, style, note, width);
    match renderer {
        Renderer::Graphviz => draw_graphviz(graph, style, format, legend),
        Renderer::LayoutRs => draw_layout_rs(graph, style, format, legend),
        Renderer::Auto => match draw_graphviz(graph, style, format, legend) {
            Err(ExportError::GraphvizMissing { .. }) if format == RenderFormat::Svg => {
                draw_layout_rs(graph, style, format, legend)
            }
            result => result,
        },
    }
}

/// A graph cut to the actors a default drawing shows.
#[derive(Debug, Clone)]
pub struct DrawingCut {
    /// The most linked actors and the links among them.
    pub graph: KnowledgeGraph,
    /// Actors of the whole graph.
    pub actors: usize,
    /// Links (edges) of the whole graph.
    pub links: usize,
}

impl DrawingCut {
    /// What the cut leaves out and how to see it all, given the graph
    /// file's name (`GRAPH` when none was written).
    ///
    /// ```
    /// # use actorgraph::export::DrawingCut;
    /// # use actorgraph::graph::KnowledgeGraph;
    /// let cut = DrawingCut { graph: KnowledgeGraph::new(), actors: 53, links: 119 };
    /// let note = cut.note(Some("out/graph.json"));
    /// assert!(note.contains("the 0 most linked of 53 actors") && note.contains("actorgraph view out/graph.json"));
    /// ```
    pub fn note(&self, graph_file: Option<&str>) -> String {
        let file = graph_file.unwrap_or("GRAPH");
        format!(
            "Drawn: the {} most linked of {} actors ({} actors and {} of {} links not drawn). \
             See all: actorgraph view {file}, or actorgraph export {file} -o all.svg (--top N: the N strongest links)",
            self.graph.actor_count(),
            self.actors,
            self.actors - self.graph.actor_count(),
            self.links - self.graph.edge_count(),
            self.links,
        )
    }
}

/// The graph cut to its `max_actors` most linked actors (see
/// [`KnowledgeGraph::most_linked`]), or `None` when it has no more than
/// that (or `max_actors` is 0, for no cap). An actor whose every link goes
/// to a hidden actor is hidden too. The graph itself is untouched.
///
/// ```
/// # use actorgraph::export::most_linked;
/// # use actorgraph::graph::KnowledgeGraph;
/// assert!(most_linked(&KnowledgeGraph::new(), 40).is_none());
/// ```
pub fn most_linked(graph: &KnowledgeGraph, max_actors: usize) -> Option<DrawingCut> {
    if max_actors == 0 || graph.actor_count() <= max_actors {
        return None;
    }
    let kept: std::collections::HashSet<_> = graph
        .most_linked(max_actors)
        .into_iter()
        .map(|(a, _)| &a.id)
        .collect();
    Some(DrawingCut {
        graph: graph.subgraph(|a| kept.contains(&a.id), |_, _| true, false),
        actors: graph.actor_count(),
        links: graph.edge_count(),
    })
}

fn draw_graphviz(
    graph: &KnowledgeGraph,
    style: &DotStyle,
    format: RenderFormat,
    legend: impl Fn(f64) -> LegendLayout,
) -> Result<Drawing, ExportError> {
    let engine = style
        .layout_for(graph.actor_count())
        .map_or("dot", |l| l.engine.as_str())
        .to_string();
    let source = dot_source(graph, style, false);
    let (laid_out, _) = run_graphviz("dot", &["-Tdot"], &source, format)?;
    let laid_out = String::from_utf8_lossy(&laid_out);
    let no_box = || ExportError::Layout {
        message: "Graphviz's laid-out DOT has no bounding box".into(),
    };
    let (_, _, bb) = bounding_box(&laid_out).ok_or_else(no_box)?;
    let pinned = pin_legend(&laid_out, &legend(bb[2] - bb[0])).ok_or_else(no_box)?;
    let (image, _) = run_graphviz(
        "neato",
        &["-n2", &format!("-T{}", format.extension())],
        &pinned,
        format,
    )?;
    Ok(Drawing {
        image: clean_svg(format, image),
        renderer: Renderer::Graphviz,
        engine,
    })
}

fn draw_layout_rs(
    graph: &KnowledgeGraph,
    style: &DotStyle,
    format: RenderFormat,
    legend: impl Fn(f64) -> LegendLayout,
) -> Result<Drawing, ExportError> {
    if format != RenderFormat::Svg {
        return Err(ExportError::Unsupported {
            format,
            renderer: "layout-rs",
        });
    }
    let actors = layout_svg(&dot_source(graph, style, false))?;
    Ok(Drawing {
        image: stack_svg(&actors, legend).into_bytes(),
        renderer: Renderer::LayoutRs,
        engine: "layout-rs".into(),
    })
}

/// Space between the actors and the legend, between rows, and between
/// entries, in points.
const GAP: f64 = 18.0;
const ROW: f64 = 28.0;
const SPACE: f64 = 10.0;
const FONT: f64 = 13.0;
/// A generous average glyph width for the legend font, as a share of its
/// size: an entry may take a little more room than it needs, never less.
const GLYPH: f64 = 0.5;
/// The length of a line sample.
const SWATCH: f64 = 26.0;
/// The legend's rows are no narrower than this, however narrow the drawing.
const MIN_WIDTH: f64 = 480.0;

/// One thing in the legend, at a place measured from the legend's top
/// left corner (y grows downwards) to its centre.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    /// An actor kind in its shape.
    Shape {
        x: f64,
        y: f64,
        width: f64,
        shape: String,
        label: String,
    },
    /// A line sample: colour, Graphviz line style, pen width.
    Line {
        x: f64,
        y: f64,
        color: String,
        line: String,
        pen: f64,
    },
    /// Text, left-aligned at `x`.
    Text {
        x: f64,
        y: f64,
        text: String,
        color: String,
        bold: bool,
    },
}

/// The legend placed in rows: the note, if any, on the first; then the
/// actor kinds, the relation colours and the modality lines, wrapped to
/// the width of the drawing.
struct LegendLayout {
    items: Vec<Item>,
    /// Rows placed so far, for the height.
    rows: usize,
    /// Starts the legend's node ids, which no actor's id starts with.
    prefix: String,
}

fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * FONT * GLYPH
}

impl LegendLayout {
    fn new(
        graph: &KnowledgeGraph,
        style: &DotStyle,
        note: Option<&str>,
        width: f64,
    ) -> LegendLayout {
        let entries = Legend::of(graph, style);
        let mut layout = LegendLayout {
            items: Vec::new(),
            rows: 0,
            prefix: legend_prefix(graph),
        };
        if let Some(note) = note {
            layout.items.push(Item::Text {
                x: 0.0,
                y: ROW / 2.0,
                text: note.to_string(),
                color: "#333333".into(),
                bold: false,
            });
            layout.rows = 1;
        }
        if graph.edge_count() == 0 {
            return layout;
        }
        // Each group is a run of entries (width, items at x = 0) that wraps
        // as a whole when it can.
        let mut entries_of = Vec::new();
        entries_of.push((text_width("actors") + SPACE, vec![title_at(0.0, "actors")]));
        for (kind, shape) in &entries.kinds {
            let label = kind_label(*kind);
            // Room for the label inside pointed or cut-off corners too.
            let width = text_width(&label) + 3.0 * SPACE;
            entries_of.push((
                width + SPACE,
                vec![Item::Shape {
                    x: width / 2.0,
                    y: 0.0,
                    width,
                    shape: shape.to_string(),
                    label,
                }],
            ));
        }
        entries_of.push((
            GAP + text_width("links") + SPACE,
            vec![title_at(GAP, "links")],
        ));
        for (relation, color) in &entries.relations {
            entries_of.push(swatch(color, "solid", 3.0, relation, color));
        }
        entries_of.push((
            GAP + text_width("lines") + SPACE,
            vec![title_at(GAP, "lines")],
        ));
        for (modality, line) in &entries.lines {
            entries_of.push(swatch("#555555", line, 1.5, modality.as_str(), "#333333"));
        }
        layout.place(entries_of, width);
        layout
    }

    /// Places entries left to right, starting a row when the next would
    /// pass `width`.
    fn place(&mut self, entries: Vec<(f64, Vec<Item>)>, width: f64) {
        let width = width.max(MIN_WIDTH);
        let mut x = 0.0;
        let mut row = self.rows;
        for (entry_width, items) in entries {
            if x > 0.0 && x + entry_width > width {
                row += 1;
                x = 0.0;
            }
            let y = row as f64 * ROW + ROW / 2.0;
            for item in items {
                self.items.push(item.moved(x, y));
            }
            x += entry_width;
        }
        self.rows = row + 1;
    }

    fn height(&self) -> f64 {
        self.rows as f64 * ROW
    }

    fn width(&self) -> f64 {
        self.items.iter().map(Item::right).fold(0.0, f64::max)
    }
}

fn title_at(x: f64, text: &str) -> Item {
    Item::Text {
        x,
        y: 0.0,
        text: text.into(),
        color: "#333333".into(),
        bold: true,
    }
}

/// A line sample followed by its label.
fn swatch(color: &str, line: &str, pen: f64, label: &str, label_color: &str) -> (f64, Vec<Item>) {
    let items = vec![
        Item::Line {
            x: 0.0,
            y: 0.0,
            color: color.into(),
            line: line.into(),
            pen,
        },
        Item::Text {
            x: SWATCH + 4.0,
            y: 0.0,
            text: label.into(),
            color: label_color.into(),
            bold: false,
        },
    ];
    (SWATCH + 4.0 + text_width(label) + SPACE, items)
}

fn kind_label(kind: ActorKind) -> String {
    kind.as_str().to_string()
}

impl Item {
    fn moved(self, dx: f64, dy: f64) -> Item {
        match self {
            Item::Shape {
                x,
                y,
                width,
                shape,
                label,
            } => Item::Shape {
                x: x + dx,
                y: y + dy,
                width,
                shape,
                label,
            },
            Item::Line {
                x,
                y,
                color,
                line,
                pen,
            } => Item::Line {
                x: x + dx,
                y: y + dy,
                color,
                line,
                pen,
            },
            Item::Text {
                x,
                y,
                text,
                color,
                bold,
            } => Item::Text {
                x: x + dx,
                y: y + dy,
                text,
                color,
                bold,
            },
        }
    }

    fn right(&self) -> f64 {
        match self {
            Item::Shape { x, width, .. } => x + width / 2.0,
            Item::Line { x, .. } => x + SWATCH,
            Item::Text { x, text, .. } => x + text_width(text),
        }
    }
}

/// The laid-out DOT with the legend pinned under its bounding box, and its
/// own box dropped so that `neato -n2` measures the whole anew.
fn pin_legend(laid_out: &str, legend: &LegendLayout) -> Option<String> {
    let (bb_at, bb_len, bb) = bounding_box(laid_out)?;
    let close = laid_out.rfind('}')?;
    let mut out = String::with_capacity(laid_out.len() + 4096);
    out.push_str(&laid_out[..bb_at]);
    out.push_str(&laid_out[bb_at + bb_len..close]);
    // Pinned positions are in points; the drawing's left edge and the
    // space under its bottom (y = bb's lower edge) are the origin.
    let (left, bottom) = (bb[0], bb[1]);
    let at = |x: f64, y: f64| format!("{:.1},{:.1}", left + x, bottom - GAP - y);
    let q = dot_quote;
    // The root graph's layout may be any engine: -n2 must keep positions.
    out.push_str("graph [layout=\"neato\"];\n");
    out.push_str("subgraph \"legend\" {\n");
    for (i, item) in legend.items.iter().enumerate() {
        let id = q(&format!("{}{i}", legend.prefix));
        match item {
            Item::Shape {
                x,
                y,
                width,
                shape,
                label,
            } => {
                let label = if is_record_shape(shape) {
                    label.replace(['{', '}', '|', '<', '>'], " ")
                } else {
                    label.clone()
                };
                let _ = writeln!(
                    out,
                    "{id} [shape={} label={} pos=\"{}!\" width=\"{:.2}\" height=\"0.28\" fixedsize=true fontsize=\"{FONT}\" style=solid color=black penwidth=1 tooltip={}];",
                    q(shape), q(&label), at(*x, *y), width / 72.0, q(&label)
                );
            }
            Item::Line {
                x,
                y,
                color,
                line,
                pen,
            } => {
                let (from, to) = (
                    q(&format!("{}{i}a", legend.prefix)),
                    q(&format!("{}{i}b", legend.prefix)),
                );
                let (a, b) = (at(*x, *y), at(*x + SWATCH, *y));
                let (third, two_thirds) =
                    (at(*x + SWATCH / 3.0, *y), at(*x + 2.0 * SWATCH / 3.0, *y));
                let _ = writeln!(
                    out,
                    "{from} [shape=point style=invis width=0.01 pos=\"{a}!\"];\n{to} [shape=point style=invis width=0.01 pos=\"{b}!\"];\n\
                     {from} -> {to} [dir=none color={} style={} penwidth=\"{pen}\" pos=\"{a} {third} {two_thirds} {b}\" label=\"\" tooltip=\"\"];",
                    q(color), q(line)
                );
            }
            Item::Text {
                x,
                y,
                text,
                color,
                bold,
            } => {
                let width = text_width(text);
                let font = if *bold { "Times-Bold" } else { "Times-Roman" };
                let _ = writeln!(
                    out,
                    "{id} [shape=plaintext label={} pos=\"{}!\" width=\"{:.2}\" height=\"0.25\" fixedsize=true fontsize=\"{FONT}\" fontname={} fontcolor={} tooltip={}];",
                    q(text), at(*x + width / 2.0, *y), width / 72.0, q(font), q(color), q(text)
                );
            }
        }
    }
    out.push_str("}\n}\n");
    Some(out)
}

/// Where the root graph's `bb="x0,y0,x1,y1"` attribute is in Graphviz's
/// DOT output (offset, length with a trailing comma), and its numbers.
fn bounding_box(laid_out: &str) -> Option<(usize, usize, [f64; 4])> {
    let at = laid_out.find("bb=\"")?;
    let start = at + 4;
    let end = start + laid_out[start..].find('"')?;
    let numbers: Vec<f64> = laid_out[start..end]
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let bb: [f64; 4] = numbers.try_into().ok()?;
    let mut len = end + 1 - at;
    if laid_out[at + len..].starts_with(',') {
        len += 1;
    }
    Some((at, len, bb))
}

/// The built-in layout's SVG with the legend drawn under it.
fn stack_svg(actors_svg: &str, legend: impl Fn(f64) -> LegendLayout) -> String {
    let size = |name: &str| -> f64 {
        let svg = &actors_svg[actors_svg.find("<svg").unwrap_or(0)..];
        let key = format!(" {name}=\"");
        svg.find(&key)
            .and_then(|i| svg[i + key.len()..].split('"').next())
            .and_then(|n| n.trim_end_matches("pt").parse().ok())
            .unwrap_or(0.0)
    };
    let (width, height) = (size("width"), size("height"));
    let legend = legend(width - 2.0 * SPACE);
    let body = actors_svg
        .find("<svg")
        .map_or(actors_svg, |i| &actors_svg[i..]);
    let total_w = width.max(legend.width() + 2.0 * SPACE);
    let total_h = height + GAP + legend.height();
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
         <svg width=\"{total_w:.0}\" height=\"{total_h:.0}\" viewBox=\"0 0 {total_w:.0} {total_h:.0}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    );
    // The built-in layout's drawing as it is, in a nested <svg> of its size.
    out.push_str(body.trim_end());
    let _ = writeln!(
        out,
        "\n<g class=\"legend\" transform=\"translate({SPACE} {:.1})\">",
        height + GAP
    );
    let x = super::text::xml_escape;
    for item in &legend.items {
        match item {
            Item::Shape {
                x: cx,
                y: cy,
                width,
                shape,
                label,
            } => {
                let (w, h) = (*width, 20.0);
                let outline = match shape.to_ascii_lowercase().as_str() {
                    "ellipse" | "oval" | "circle" => {
                        format!(
                            "<ellipse cx=\"{cx:.1}\" cy=\"{cy:.1}\" rx=\"{:.1}\" ry=\"{:.1}\"",
                            w / 2.0,
                            h / 2.0
                        )
                    }
                    "hexagon" | "octagon" => {
                        let sides = if shape.eq_ignore_ascii_case("hexagon") {
                            6
                        } else {
                            8
                        };
                        format!("<polygon points=\"{}\"", polygon(*cx, *cy, w, h, sides))
                    }
                    _ => format!(
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\"",
                        cx - w / 2.0,
                        cy - h / 2.0
                    ),
                };
                let _ = writeln!(
                    out,
                    "{outline} fill=\"none\" stroke=\"black\"/><text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-family=\"Times,serif\" font-size=\"{FONT}\">{}</text>",
                    cy + FONT / 3.0,
                    x(label)
                );
            }
            Item::Line {
                x: lx,
                y: ly,
                color,
                line,
                pen,
            } => {
                let dash = match line.as_str() {
                    "dashed" => " stroke-dasharray=\"5,2\"",
                    "dotted" => " stroke-dasharray=\"1,3\"",
                    _ => "",
                };
                let _ = writeln!(
                    out,
                    "<line x1=\"{lx:.1}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{}\" stroke-width=\"{pen}\"{dash}/>",
                    lx + SWATCH,
                    x(color)
                );
            }
            Item::Text {
                x: tx,
                y: ty,
                text,
                color,
                bold,
            } => {
                let weight = if *bold { " font-weight=\"bold\"" } else { "" };
                let _ = writeln!(
                    out,
                    "<text x=\"{tx:.1}\" y=\"{:.1}\" font-family=\"Times,serif\" font-size=\"{FONT}\" fill=\"{}\"{weight}>{}</text>",
                    ty + FONT / 3.0,
                    x(color),
                    x(text)
                );
            }
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// The corners of a flat-sided hexagon or octagon filling a `w` × `h` box.
fn polygon(cx: f64, cy: f64, w: f64, h: f64, sides: usize) -> String {
    let (rx, ry) = (w / 2.0, h / 2.0);
    // A hexagon has pointed ends left and right; an octagon's cut corners
    // are a third of each side in.
    let points: Vec<(f64, f64)> = if sides == 6 {
        vec![
            (-rx, 0.0),
            (-rx + ry, -ry),
            (rx - ry, -ry),
            (rx, 0.0),
            (rx - ry, ry),
            (-rx + ry, ry),
        ]
    } else {
        let (cx3, cy3) = (ry * 0.6, ry * 0.4);
        vec![
            (-rx, -cy3),
            (-rx + cx3, -ry),
            (rx - cx3, -ry),
            (rx, -cy3),
            (rx, cy3),
            (rx - cx3, ry),
            (-rx + cx3, ry),
            (-rx, cy3),
        ]
    };
    points
        .iter()
        .map(|(px, py)| format!("{:.1},{:.1}", cx + px, cy + py))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::graphviz_available;
    use crate::graph::tests::triple;
    use crate::model::Modality;

    fn sample() -> KnowledgeGraph {
        let mut hyp = triple("A", "attack", "B", "d", 1);
        hyp.modality = Modality::Hypothetical;
        let mut group = triple("C", "support", "A", "d", 2);
        group.subject.kind = ActorKind::ArmedGroup;
        KnowledgeGraph::from_triples([triple("A", "supply", "B", "d", 0), hyp, group])
    }

    #[test]
    fn legend_rows_hold_shapes_colours_and_lines() {
        let style = DotStyle::default();
        let legend = LegendLayout::new(&sample(), &style, Some("note"), 1000.0);
        let shapes: Vec<&str> = legend
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Shape { shape, .. } => Some(shape.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(shapes, ["ellipse", "octagon"]);
        let lines: Vec<&str> = legend
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Line { line, .. } => Some(line.as_str()),
                _ => None,
            })
            .collect();
        // supply, attack and support in their colours; then asserted and hypothetical.
        assert_eq!(lines, ["solid", "solid", "solid", "solid", "dashed"]);
        // The note and one row of entries: compact, not a column.
        assert_eq!(legend.rows, 2, "{legend:?}", legend = legend.items);
    }

    #[test]
    fn wide_legends_wrap_to_the_drawing() {
        let triples =
            (0..30).map(|i| triple(&format!("A{i}"), &format!("relation-{i}"), "B", "d", i));
        let graph = KnowledgeGraph::from_triples(triples);
        let legend = LegendLayout::new(&graph, &DotStyle::default(), None, 300.0);
        assert!(
            legend.rows > 1 && legend.width() <= MIN_WIDTH + 1.0,
            "{}",
            legend.width()
        );
        let wide = LegendLayout::new(&graph, &DotStyle::default(), None, 4000.0);
        assert!(wide.rows < legend.rows);
    }

    #[test]
    fn pins_the_legend_under_the_bounding_box() {
        let laid =
            "digraph x {\n\tgraph [bb=\"0,0,200,100\", rankdir=LR];\n\ta [pos=\"10,10\"];\n}\n";
        let legend = LegendLayout::new(&sample(), &DotStyle::default(), None, 200.0);
        let pinned = pin_legend(laid, &legend).unwrap();
        assert!(!pinned.contains("bb="), "{pinned}");
        assert!(pinned.contains("graph [layout=\"neato\"]"), "{pinned}");
        assert!(
            pinned.contains(&format!(
                "pos=\"{:.1},{:.1}!\"",
                0.0 + text_width("actors") / 2.0,
                -GAP - ROW / 2.0
            )),
            "{pinned}"
        );
        assert!(graphviz_rust::parse(&pinned).is_ok(), "{pinned}");
    }

    #[test]
    fn layout_rs_drawing_keeps_the_legend_below_the_actors() {
        let drawing = draw(
            &sample(),
            &DotStyle::default(),
            RenderFormat::Svg,
            Renderer::LayoutRs,
            Some("n"),
        )
        .unwrap();
        let svg = String::from_utf8(drawing.image).unwrap();
        let legend_at = svg
            .find("<g class=\"legend\" transform=\"translate(")
            .unwrap();
        let inner_height: f64 = {
            let outer = svg.find("<svg").unwrap();
            let inner = &svg[outer + 1 + svg[outer + 1..].find("<svg").unwrap()..];
            let h = inner.split(" height=\"").nth(1).unwrap();
            h[..h.find('"').unwrap()].parse().unwrap()
        };
        let rest = &svg[legend_at + "<g class=\"legend\" transform=\"translate(".len()..];
        let legend_y: f64 = rest[..rest.find(')').unwrap()]
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            legend_y >= inner_height,
            "legend at {legend_y}, actors {inner_height} high\n{svg}"
        );
        assert!(
            svg.contains("<polygon points=") && svg.contains("stroke-dasharray=\"5,2\""),
            "{svg}"
        );
    }

    #[test]
    fn graphviz_drawing_puts_the_legend_apart() {
        if !graphviz_available() {
            eprintln!("note: Graphviz `dot` is not on PATH; skipping graphviz_drawing_puts_the_legend_apart");
            return;
        }
        let drawing = draw(
            &sample(),
            &DotStyle::default(),
            RenderFormat::Svg,
            Renderer::Graphviz,
            Some("note"),
        )
        .unwrap();
        assert_eq!(
            (drawing.renderer, drawing.engine.as_str()),
            (Renderer::Graphviz, "dot")
        );
        let svg = String::from_utf8(drawing.image).unwrap();
        assert!(
            svg.contains(">note</text>") && svg.contains(">armed&#45;group</text>"),
            "{svg}"
        );
        for format in [RenderFormat::Png, RenderFormat::Pdf] {
            let image = draw(
                &sample(),
                &DotStyle::default(),
                format,
                Renderer::Graphviz,
                None,
            )
            .unwrap()
            .image;
            assert!(image.starts_with(b"\x89PNG") || image.starts_with(b"%PDF"));
        }
    }
}
