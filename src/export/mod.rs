//! Writing a graph out: one file per format.
//!
//! - [`json`](to_json) and [`ron`](to_ron): the graph file format, readable
//!   back with [`KnowledgeGraph::load`].
//! - [`dot`](to_dot): Graphviz DOT, styled by a [`DotStyle`].
//! - [`render`]: DOT to SVG, PNG or PDF through Graphviz, with a pure-Rust
//!   SVG fallback when Graphviz is not installed.
//!
//! ```
//! use actorgraph::export::{export, DotStyle, ExportFormat};
//! use actorgraph::graph::KnowledgeGraph;
//!
//! let graph = KnowledgeGraph::new();
//! let dot = export(&graph, ExportFormat::Dot, &DotStyle::default()).unwrap();
//! assert!(String::from_utf8(dot).unwrap().starts_with("digraph"));
//! ```

mod dot;
mod json;
mod render;
mod ron;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::graph::{GraphError, KnowledgeGraph};

pub use dot::{dot_quote, to_dot, DotStyle};
pub use json::to_json;
pub use render::{graphviz_available, render, render_with, RenderFormat, Renderer};
pub use ron::to_ron;

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
}

impl ExportFormat {
    /// File extensions recognised by [`ExportFormat::from_path`].
    pub const EXTENSIONS: [&'static str; 7] =
        [".json", ".ron", ".dot", ".gv", ".svg", ".png", ".pdf"];

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
            ExportFormat::Json | ExportFormat::Ron | ExportFormat::Dot => None,
        }
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
            other => Err(format!(
                "unknown export format `{other}` (expected json, ron, dot, svg, png or pdf)"
            )),
        }
    }
}

/// The graph in `format`, as bytes.
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
            let image = format
                .render_format()
                .expect("drawing formats have a render format");
            render(&to_dot(graph, style), image)
        }
    }
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
    let bytes = export(graph, format, style)?;
    crate::atomic::write_atomic(path, &bytes).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })
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
