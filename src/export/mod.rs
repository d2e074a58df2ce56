//! Writing a graph out: one module per format.
//!
//! - [`json`](to_json) and [`ron`](to_ron): the graph file format, readable
//!   back with [`KnowledgeGraph::load`].
//! - [`dot`](to_dot): Graphviz DOT, styled by a [`DotStyle`].
//! - [`render`]: DOT to SVG, PNG or PDF through Graphviz, with a pure-Rust
//!   SVG fallback when Graphviz is not installed; [`draw`] makes the
//!   drawings of the SVG, PNG and PDF exports (layout by size, a compact
//!   legend apart from the actors), and [`most_linked`] cuts a graph to
//!   what a default drawing shows.
//! - [`graphml`](to_graphml) and [`gexf`](to_gexf): Gephi, yEd, Cytoscape,
//!   NetworkX, with typed attributes.
//! - [`node-link`](to_node_link) JSON: NetworkX's `node_link_data`, D3.
//! - [`neo4j`](to_neo4j_csv) CSV for `neo4j-admin database import`, and a
//!   [`cypher`](to_cypher) script.
//! - [`mermaid`](to_mermaid): `graph LR` for Markdown.
//! - [`csv`](to_spreadsheet_csv): a table of relations for spreadsheets, formulas neutralised.
//! - [`html`](to_html): one self-contained interactive page (pan, zoom,
//!   search, filters, evidence), laid out by Graphviz.
//!
//! Every exporter escapes what it writes for its format: names and
//! evidence may hold quotes, backslashes, `<`, `&`, line breaks and any
//! Unicode. To export part of a graph, cut it first with a
//! [`query::View`](crate::query::View) and [`View::to_graph`](crate::query::View::to_graph).
//!
//! ```
//! use actorgraph::export::{export, DotStyle, ExportFormat};
//! use actorgraph::graph::KnowledgeGraph;
//!
//! let graph = KnowledgeGraph::new();
//! let dot = export(&graph, ExportFormat::Dot, &DotStyle::default()).unwrap();
//! assert!(String::from_utf8(dot).unwrap().starts_with("digraph"));
//! ```

mod attributes;
mod cypher;
mod dot;
mod drawing;
mod gexf;
mod graphml;
mod html;
mod json;
mod mermaid;
mod spreadsheet;
mod neo4j;
mod node_link;
mod pairs;
mod render;
mod ron;
mod text;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::graph::{GraphError, KnowledgeGraph};

pub use cypher::{to_cypher, to_cypher_dialect, CypherDialect};
pub use dot::{dot_quote, to_dot, DotStyle};
pub use drawing::{draw, most_linked, Drawing, DrawingCut};
pub use gexf::to_gexf;
pub use graphml::to_graphml;
pub use html::{to_html, HtmlOptions};
pub use json::to_json;
pub use mermaid::{mermaid_label, to_mermaid};
pub use spreadsheet::{spreadsheet_cell, to_spreadsheet_csv, SPREADSHEET_HEADER};
pub use neo4j::{to_neo4j_csv, Neo4jCsv};
pub use node_link::to_node_link;
pub use render::{graphviz_available, render, render_with, RenderFormat, Renderer};
pub use ron::to_ron;
pub use text::{csv_field, cypher_string, kuzu_string, xml_clean_markup, xml_escape, xml_line_separator, xml_text, xml_unsafe};

/// Everything that can go wrong exporting a graph.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Graphviz's `dot` is needed and not on `PATH`.
    #[error(
        "rendering {format} needs Graphviz's `dot`, which is not on PATH: \
         install Graphviz (e.g. `apt-get install graphviz`)"
    )]
    GraphvizMissing {
        /// The format asked for.
        format: RenderFormat,
    },
    /// `dot` ran and failed.
    #[error("Graphviz `dot` failed ({status}): {stderr}")]
    Graphviz {
        /// How it exited.
        status: String,
        /// What it printed on stderr.
        stderr: String,
    },
    /// `dot` could not be started or talked to.
    #[error("cannot run Graphviz `dot`: {source}")]
    GraphvizIo {
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The `layout-rs` fallback could not draw the graph.
    #[error("layout-rs could not render the graph: {message}")]
    Layout {
        /// What went wrong.
        message: String,
    },
    /// The chosen renderer cannot produce this format.
    #[error("{renderer} cannot render {format}; use Graphviz")]
    Unsupported {
        /// The format asked for.
        format: RenderFormat,
        /// The renderer that was chosen.
        renderer: &'static str,
    },
    /// The output file name has no extension this crate can export to.
    #[error(
        "{}: cannot tell the export format from the extension (supported: {})",
        path.display(),
        ExportFormat::EXTENSIONS.join(", ")
    )]
    UnsupportedExtension {
        /// The file.
        path: PathBuf,
    },
    /// The output file could not be written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Serialising the graph file format failed.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// The format writes several files: give a directory.
    #[error("{format} export writes a folder of files: give a directory with -o DIR")]
    NeedsDirectory {
        /// The format asked for.
        format: ExportFormat,
    },
}

/// A format a graph can be exported to.
///
/// ```
/// use actorgraph::export::ExportFormat;
/// use std::path::Path;
/// assert_eq!(ExportFormat::from_path(Path::new("out/graph.svg")).unwrap(), ExportFormat::Svg);
/// assert_eq!("gv".parse::<ExportFormat>().unwrap(), ExportFormat::Dot);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExportFormat {
    /// The graph file format as JSON.
    Json,
    /// The graph file format as RON.
    Ron,
    /// Graphviz DOT source.
    Dot,
    /// An SVG drawing.
    Svg,
    /// A PNG drawing (needs Graphviz).
    Png,
    /// A PDF drawing (needs Graphviz).
    Pdf,
    /// GraphML with typed attributes.
    GraphMl,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// Node-link JSON (NetworkX `node_link_data`, D3).
    NodeLink,
    /// A folder with `nodes.csv` and `edges.csv` for `neo4j-admin database import`.
    Neo4j,
    /// A Cypher script.
    Cypher,
    /// A Mermaid flowchart.
    Mermaid,
    /// A CSV table of relations for spreadsheets, formulas neutralised.
    Csv,
    /// A self-contained interactive HTML view.
    Html,
}

impl ExportFormat {
    /// Every format, in the order help texts list them.
    pub const ALL: [ExportFormat; 14] = [
        ExportFormat::Json,
        ExportFormat::Ron,
        ExportFormat::Dot,
        ExportFormat::Svg,
        ExportFormat::Png,
        ExportFormat::Pdf,
        ExportFormat::GraphMl,
        ExportFormat::Gexf,
        ExportFormat::NodeLink,
        ExportFormat::Neo4j,
        ExportFormat::Cypher,
        ExportFormat::Mermaid,
        ExportFormat::Csv,
        ExportFormat::Html,
    ];

    /// File extensions recognised by [`ExportFormat::from_path`].
    pub const EXTENSIONS: [&'static str; 15] = [
        ".json", ".ron", ".dot", ".gv", ".svg", ".png", ".pdf", ".graphml", ".gexf", ".cypher", ".cql", ".mmd",
        ".csv", ".html", ".htm",
    ];

    /// The name used by `--format` (`json`, `node-link`, `neo4j`, …).
    ///
    /// ```
    /// use actorgraph::export::ExportFormat;
    /// for f in ExportFormat::ALL {
    ///     assert_eq!(f.name().parse::<ExportFormat>().unwrap(), f);
    /// }
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Ron => "ron",
            ExportFormat::Dot => "dot",
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::Pdf => "pdf",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Gexf => "gexf",
            ExportFormat::NodeLink => "node-link",
            ExportFormat::Neo4j => "neo4j",
            ExportFormat::Cypher => "cypher",
            ExportFormat::Mermaid => "mermaid",
            ExportFormat::Csv => "csv",
            ExportFormat::Html => "html",
        }
    }

    /// True for formats written as a folder of files (Neo4j CSV).
    pub fn is_directory(self) -> bool {
        self == ExportFormat::Neo4j
    }

    /// True for formats that are text a terminal can show.
    pub fn is_text(self) -> bool {
        !matches!(self, ExportFormat::Png | ExportFormat::Pdf | ExportFormat::Neo4j)
    }

    /// The format for a path's extension (case-insensitive).
    pub fn from_path(path: &Path) -> Result<ExportFormat, ExportError> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(|e| e.parse().ok())
            .ok_or_else(|| ExportError::UnsupportedExtension {
                path: path.to_path_buf(),
            })
    }

    /// The drawing format, for the formats that are drawings.
    pub fn render_format(self) -> Option<RenderFormat> {
        match self {
            ExportFormat::Svg => Some(RenderFormat::Svg),
            ExportFormat::Png => Some(RenderFormat::Png),
            ExportFormat::Pdf => Some(RenderFormat::Pdf),
            _ => None,
        }
    }
}

impl std::fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Ok(ExportFormat::Json),
            "ron" => Ok(ExportFormat::Ron),
            "dot" | "gv" => Ok(ExportFormat::Dot),
            "svg" => Ok(ExportFormat::Svg),
            "png" => Ok(ExportFormat::Png),
            "pdf" => Ok(ExportFormat::Pdf),
            "graphml" => Ok(ExportFormat::GraphMl),
            "gexf" => Ok(ExportFormat::Gexf),
            "node-link" | "nodelink" | "node_link" => Ok(ExportFormat::NodeLink),
            "neo4j" | "neo4j-csv" => Ok(ExportFormat::Neo4j),
            "cypher" | "cql" => Ok(ExportFormat::Cypher),
            "mermaid" | "mmd" => Ok(ExportFormat::Mermaid),
            "csv" => Ok(ExportFormat::Csv),
            "html" | "htm" => Ok(ExportFormat::Html),
            other => Err(format!(
                "unknown export format `{other}` (expected {})",
                ExportFormat::ALL.map(ExportFormat::name).join(", ")
            )),
        }
    }
}

/// The graph in `format`, as bytes. Neo4j CSV is a folder of files: use
/// [`export_to_path`] or [`to_neo4j_csv`] for it.
///
/// ```
/// # use actorgraph::export::{export, DotStyle, ExportFormat};
/// # use actorgraph::graph::KnowledgeGraph;
/// let json = export(&KnowledgeGraph::new(), ExportFormat::Json, &DotStyle::default()).unwrap();
/// assert!(json.starts_with(b"{"));
/// ```
pub fn export(
    graph: &KnowledgeGraph,
    format: ExportFormat,
    style: &DotStyle,
) -> Result<Vec<u8>, ExportError> {
    match format {
        ExportFormat::Json => Ok(to_json(graph).into_bytes()),
        ExportFormat::Ron => Ok(to_ron(graph)?.into_bytes()),
        ExportFormat::Dot => Ok(to_dot(graph, style).into_bytes()),
        ExportFormat::Svg | ExportFormat::Png | ExportFormat::Pdf => {
            let image = format.render_format().unwrap_or(RenderFormat::Svg);
            Ok(draw(graph, style, image, Renderer::Auto, None)?.image)
        }
        ExportFormat::GraphMl => Ok(to_graphml(graph).into_bytes()),
        ExportFormat::Gexf => Ok(to_gexf(graph).into_bytes()),
        ExportFormat::NodeLink => Ok(to_node_link(graph).into_bytes()),
        ExportFormat::Cypher => Ok(to_cypher(graph).into_bytes()),
        ExportFormat::Mermaid => Ok(to_mermaid(graph, style).into_bytes()),
        ExportFormat::Csv => Ok(to_spreadsheet_csv(graph).into_bytes()),
        ExportFormat::Html => {
            let options = HtmlOptions { style: style.clone(), ..HtmlOptions::default() };
            Ok(to_html(graph, &options)?.into_bytes())
        }
        ExportFormat::Neo4j => Err(ExportError::NeedsDirectory { format }),
    }
}

/// Exports the graph in `format` to `path`, atomically: a file, or for
/// Neo4j CSV a directory (created if missing) holding `nodes.csv` and
/// `edges.csv`.
///
/// ```
/// # use actorgraph::export::{export_to_path, DotStyle, ExportFormat};
/// # use actorgraph::graph::KnowledgeGraph;
/// let dir = tempfile::tempdir().unwrap();
/// let out = dir.path().join("neo4j");
/// export_to_path(&KnowledgeGraph::new(), ExportFormat::Neo4j, &out, &DotStyle::default()).unwrap();
/// assert!(out.join("nodes.csv").is_file() && out.join("edges.csv").is_file());
/// ```
pub fn export_to_path(
    graph: &KnowledgeGraph,
    format: ExportFormat,
    path: &Path,
    style: &DotStyle,
) -> Result<(), ExportError> {
    if format == ExportFormat::Neo4j {
        return to_neo4j_csv(graph).write_to_dir(path);
    }
    let bytes = export(graph, format, style)?;
    crate::atomic::write_atomic(path, &bytes).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Exports the graph to `path`, atomically, in the format its extension
/// names.
///
/// ```
/// # use actorgraph::export::{export_to_file, DotStyle};
/// # use actorgraph::graph::KnowledgeGraph;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("graph.dot");
/// export_to_file(&KnowledgeGraph::new(), &path, &DotStyle::default()).unwrap();
/// assert!(std::fs::read_to_string(&path).unwrap().starts_with("digraph"));
/// ```
pub fn export_to_file(
    graph: &KnowledgeGraph,
    path: &Path,
    style: &DotStyle,
) -> Result<(), ExportError> {
    let format = ExportFormat::from_path(path)?;
    export_to_path(graph, format, path, style)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;
    use crate::model::{ActorKind, Modality};

    const HOSTILE: [&str; 9] = [
        "Say \"hi\"",
        "back\\slash\\",
        "two\nlines",
        "carriage\r\nreturn",
        "<b>bold</b>",
        "x\"]; evil=1; y=\"",
        "Côte d’Ivoire — 北朝鮮",
        "\\N \\G \\l",
        "}; digraph { z",
    ];

    fn hostile_graph() -> KnowledgeGraph {
        let mut triples = Vec::new();
        for (i, name) in HOSTILE.iter().enumerate() {
            let next = HOSTILE[(i + 1) % HOSTILE.len()];
            let mut t = triple(name, name, next, name, i);
            t.subject.kind = ActorKind::ALL[i % ActorKind::ALL.len()];
            t.subject.text = format!("{name} as written");
            t.text = format!("Evidence with {name} and \"quotes\" \\ and\nnewlines");
            t.modality = Modality::ALL[i % Modality::ALL.len()];
            t.date = Some(format!("2024-01-0{}", i % 9 + 1));
            triples.push(t.clone());
            t.sentence += 100;
            triples.push(t);
        }
        KnowledgeGraph::from_triples(triples)
    }

    #[test]
    fn hostile_dot_parses_without_injection() {
        let graph = hostile_graph();
        let dot = to_dot(&graph, &DotStyle::default());
        let parsed = graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("{e}\n{dot}"));
        let ast = format!("{parsed:?}");
        assert!(
            !ast.contains("Plain(\"evil\")"),
            "attribute injected: {ast}"
        );
        assert!(!ast.contains("Plain(\"z\")"), "statement injected: {ast}");
        // The graph is one digraph: nothing closed it early.
        assert!(matches!(
            parsed,
            graphviz_rust::dot_structures::Graph::DiGraph { .. }
        ));
        assert!(!dot.contains('\r'));
    }

    #[test]
    fn hostile_dot_renders_cleanly_with_graphviz() {
        if !graphviz_available() {
            eprintln!("note: Graphviz `dot` is not on PATH; skipping hostile_dot_renders_cleanly_with_graphviz");
            return;
        }
        let dot = to_dot(&hostile_graph(), &DotStyle::default());
        for format in [RenderFormat::Svg, RenderFormat::Png] {
            let (out, warnings) =
                render::run_dot(&dot, format).unwrap_or_else(|e| panic!("{e}\n{dot}"));
            assert!(warnings.is_empty(), "dot warned: {warnings}\n{dot}");
            assert!(!out.is_empty());
        }
        let (svg, _) = render::run_dot(&dot, RenderFormat::Svg).unwrap();
        let svg = String::from_utf8(svg).unwrap();
        assert!(svg.contains("&lt;b&gt;bold&lt;/b&gt;"), "{svg}");
        assert!(svg.contains("Côte d’Ivoire"), "{svg}");
        assert!(
            svg.contains("\\N \\G \\l"),
            "Graphviz escapes were expanded: {svg}"
        );
    }

    #[test]
    fn hostile_dot_renders_with_layout_rs() {
        let dot = to_dot(&hostile_graph(), &DotStyle::default());
        let svg = render_with(&dot, RenderFormat::Svg, Renderer::LayoutRs).unwrap();
        assert!(String::from_utf8(svg).unwrap().contains("<svg"));
    }

    #[test]
    fn export_to_file_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let graph = KnowledgeGraph::from_triples([triple("A", "meet", "B", "d", 0)]);
        let style = DotStyle::default();
        for name in ["g.json", "g.ron", "g.dot", "g.gv", "g.svg"] {
            let path = dir.path().join(name);
            export_to_file(&graph, &path, &style).unwrap();
            assert!(std::fs::metadata(&path).unwrap().len() > 0, "{name}");
        }
        assert_eq!(
            KnowledgeGraph::load(&dir.path().join("g.json")).unwrap(),
            graph
        );
        assert_eq!(
            KnowledgeGraph::load(&dir.path().join("g.ron")).unwrap(),
            graph
        );
        let err = export_to_file(&graph, &dir.path().join("g.xlsx"), &style).unwrap_err();
        assert!(
            err.to_string().contains("g.xlsx") && err.to_string().contains(".svg"),
            "{err}"
        );
    }

    #[test]
    fn png_export_needs_graphviz_or_says_so() {
        let graph = KnowledgeGraph::from_triples([triple("A", "meet", "B", "d", 0)]);
        match export(&graph, ExportFormat::Png, &DotStyle::default()) {
            Ok(png) => assert!(png.starts_with(b"\x89PNG")),
            Err(err) => {
                assert!(!graphviz_available());
                assert!(
                    err.to_string().contains("apt-get install graphviz"),
                    "{err}"
                );
            }
        }
    }
}
