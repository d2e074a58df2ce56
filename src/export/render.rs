//! Rendering DOT to SVG, PNG or PDF.
//!
//! Graphviz's `dot` does the work when it is on `PATH`. Without it, SVG
//! falls back to the pure-Rust `layout-rs` crate (plainer, but needs nothing
//! installed); PNG and PDF need Graphviz.

use std::io::{self, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::process::{Command, Stdio};

use super::ExportError;

/// The Graphviz program run to render.
const DOT_PROGRAM: &str = "dot";

/// An image format.
///
/// ```
/// use actorgraph::export::RenderFormat;
/// assert_eq!(RenderFormat::Png.extension(), "png");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenderFormat {
    /// Scalable Vector Graphics.
    Svg,
    /// Portable Network Graphics.
    Png,
    /// Portable Document Format.
    Pdf,
}

impl RenderFormat {
    /// The file extension, also Graphviz's `-T` name.
    pub fn extension(self) -> &'static str {
        match self {
            RenderFormat::Svg => "svg",
            RenderFormat::Png => "png",
            RenderFormat::Pdf => "pdf",
        }
    }
}

impl std::fmt::Display for RenderFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

/// Which engine lays out and draws the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Renderer {
    /// Graphviz if `dot` is on `PATH`, else `layout-rs` for SVG.
    #[default]
    Auto,
    /// Graphviz's `dot` only.
    Graphviz,
    /// The pure-Rust `layout-rs` crate only (SVG only).
    LayoutRs,
}

/// Whether Graphviz's `dot` can be run.
///
/// ```
/// let _ = actorgraph::export::graphviz_available();
/// ```
pub fn graphviz_available() -> bool {
    Command::new(DOT_PROGRAM)
        .arg("-V")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Renders DOT source to an image, with Graphviz when available.
///
/// ```
/// use actorgraph::export::{render, RenderFormat};
/// let svg = render("digraph { a -> b }", RenderFormat::Svg).unwrap();
/// assert!(String::from_utf8_lossy(&svg).contains("<svg"));
/// ```
pub fn render(dot_source: &str, format: RenderFormat) -> Result<Vec<u8>, ExportError> {
    render_with(dot_source, format, Renderer::Auto)
}

/// Renders DOT source to an image with a chosen engine.
///
/// ```
/// use actorgraph::export::{render_with, ExportError, RenderFormat, Renderer};
/// let svg = render_with("digraph { a -> b }", RenderFormat::Svg, Renderer::LayoutRs).unwrap();
/// assert!(String::from_utf8(svg).unwrap().contains("<svg"));
/// let png = render_with("digraph { a -> b }", RenderFormat::Png, Renderer::LayoutRs);
/// assert!(matches!(png, Err(ExportError::Unsupported { .. })));
/// ```
pub fn render_with(
    dot_source: &str,
    format: RenderFormat,
    renderer: Renderer,
) -> Result<Vec<u8>, ExportError> {
    let graphviz = || run_dot(dot_source, format).map(|(out, _warnings)| clean_svg(format, out));
    match renderer {
        Renderer::Graphviz => graphviz(),
        Renderer::LayoutRs => match format {
            RenderFormat::Svg => layout_svg(dot_source).map(String::into_bytes),
            other => Err(ExportError::Unsupported {
                format: other,
                renderer: "layout-rs",
            }),
        },
        Renderer::Auto => match graphviz() {
            Err(ExportError::GraphvizMissing { .. }) if format == RenderFormat::Svg => {
                layout_svg(dot_source).map(String::into_bytes)
            }
            result => result,
        },
    }
}

/// Graphviz's SVG with the characters no XML output may hold replaced and
/// the line separators as character references
/// ([`xml_clean_markup`](super::xml_clean_markup)): Graphviz writes
/// whatever characters its input strings hold.
pub(crate) fn clean_svg(format: RenderFormat, out: Vec<u8>) -> Vec<u8> {
    if format != RenderFormat::Svg {
        return out;
    }
    match String::from_utf8(out) {
        Ok(svg) => super::text::xml_clean_markup(&svg).into_bytes(),
        Err(not_utf8) => not_utf8.into_bytes(),
    }
}

/// Runs `dot -T<format>`, returning its output and whatever it printed on
/// stderr (warnings) when it succeeds.
pub(crate) fn run_dot(
    dot_source: &str,
    format: RenderFormat,
) -> Result<(Vec<u8>, String), ExportError> {
    run_graphviz(
        DOT_PROGRAM,
        &[&format!("-T{}", format.extension())],
        dot_source,
        format,
    )
}

/// Runs a Graphviz `program` with `args` on `dot_source`, as [`run_dot`];
/// `format` is what the caller is making (for the error when Graphviz is
/// missing).
pub(crate) fn run_graphviz(
    program: &str,
    args: &[&str],
    dot_source: &str,
    format: RenderFormat,
) -> Result<(Vec<u8>, String), ExportError> {
    let mut child = match Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(ExportError::GraphvizMissing { format })
        }
        Err(source) => return Err(ExportError::GraphvizIo { source }),
    };
    // Feed stdin from another thread: dot may fill its stdout pipe before
    // it has read all its input, and both sides would wait forever.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot_source.as_bytes().to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let stderr_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        stderr.read_to_end(&mut text).map(|_| text)
    });
    let mut stdout = Vec::new();
    let read_result = child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_end(&mut stdout);
    let status = child
        .wait()
        .map_err(|source| ExportError::GraphvizIo { source })?;
    let fed = feeder
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("stdin writer panicked")));
    let stderr = stderr_reader
        .join()
        .unwrap_or_else(|_| Ok(Vec::new()))
        .unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr).trim_end().to_string();
    if !status.success() {
        return Err(ExportError::Graphviz {
            status: status.to_string(),
            stderr,
        });
    }
    // With a successful exit, a failed read or write is still a failure:
    // the output may be truncated.
    read_result.map_err(|source| ExportError::GraphvizIo { source })?;
    fed.map_err(|source| ExportError::GraphvizIo { source })?;
    Ok((stdout, stderr))
}

/// Lays out and draws DOT with `layout-rs`.
pub(crate) fn layout_svg(dot_source: &str) -> Result<String, ExportError> {
    use layout::backends::svg::SVGWriter;
    use layout::gv::{DotParser, GraphBuilder};

    // layout-rs panics on some inputs instead of returning errors; keep a
    // bad graph from taking the whole program down.
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        let ast = DotParser::new(dot_source)
            .process()
            .map_err(|message| ExportError::Layout {
                message: format!("cannot parse the DOT: {message}"),
            })?;
        let mut builder = GraphBuilder::new();
        builder.visit_graph(&ast);
        let mut graph = builder.get();
        if graph.num_nodes() == 0 {
            // layout-rs refuses to lay out an empty graph.
            return Ok(EMPTY_SVG.to_string());
        }
        let mut svg = SVGWriter::new();
        graph.do_it(false, false, false, &mut svg);
        Ok(layout_svg_text(&svg.finalize()))
    }));
    outcome.unwrap_or_else(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "internal error".to_string());
        Err(ExportError::Layout { message: reason })
    })
}

/// layout-rs's SVG read as Graphviz reads DOT strings: Graphviz decodes
/// `&amp;` in labels (the DOT export writes every `&` so), layout-rs does
/// not and escapes the `&` again, so `&amp;amp;` in its SVG stands for one
/// `&`. Then the same character rule as every XML output.
fn layout_svg_text(svg: &str) -> String {
    super::text::xml_clean_markup(&svg.replace("&amp;amp;", "&amp;"))
}

const EMPTY_SVG: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>"#,
    r#"<svg width="8" height="8" viewBox="0 0 8 8" xmlns="http://www.w3.org/2000/svg"></svg>"#,
    "\n"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn note_skip(what: &str) {
        eprintln!("note: Graphviz `dot` is not on PATH; skipping {what}");
    }

    #[test]
    fn layout_rs_renders_small_graph() {
        let svg = render_with(
            "digraph { rankdir=\"LR\" \"a \\\"q\\\" <b>\" -> b [label=\"x\"] b -> b }",
            RenderFormat::Svg,
            Renderer::LayoutRs,
        )
        .unwrap();
        let svg = String::from_utf8(svg).unwrap();
        assert!(svg.contains("<svg"), "{svg}");
        assert!(svg.contains("&lt;b&gt;") || svg.contains("&lt;b>"), "{svg}");
    }

    #[test]
    fn layout_rs_shows_ampersands_as_graphviz_does() {
        // "A &amp; B" as the DOT export quotes it, a line separator and a noncharacter.
        let dot = format!("digraph {{ {} -> b }}", crate::export::dot_quote("A &amp; B\u{2028}\u{ffff}"));
        let svg = render_with(&dot, RenderFormat::Svg, Renderer::LayoutRs).unwrap();
        let svg = String::from_utf8(svg).unwrap();
        assert!(svg.contains("A &amp;amp; B&#8232;\u{fffd}"), "{svg}");
        assert!(!svg.contains('\u{ffff}') && !svg.contains('\u{2028}'), "{svg}");
    }

    #[test]
    fn layout_rs_empty_graph_is_an_empty_svg() {
        let svg = render_with("digraph { }", RenderFormat::Svg, Renderer::LayoutRs).unwrap();
        assert!(String::from_utf8(svg).unwrap().contains("<svg"));
    }

    #[test]
    fn layout_rs_bad_dot_is_an_error() {
        let err =
            render_with("digraph { a -> ", RenderFormat::Svg, Renderer::LayoutRs).unwrap_err();
        assert!(matches!(err, ExportError::Layout { .. }), "{err:?}");
    }

    #[test]
    fn layout_rs_has_no_png() {
        let err = render_with("digraph { a }", RenderFormat::Pdf, Renderer::LayoutRs).unwrap_err();
        assert!(err.to_string().contains("pdf"), "{err}");
    }

    #[test]
    fn missing_graphviz_message() {
        let err = ExportError::GraphvizMissing {
            format: RenderFormat::Png,
        };
        assert!(
            err.to_string()
                .contains("install Graphviz (e.g. `apt-get install graphviz`)"),
            "{err}"
        );
    }

    #[test]
    fn graphviz_renders_all_formats() {
        if !graphviz_available() {
            return note_skip("graphviz_renders_all_formats");
        }
        let dot = "digraph { a -> b }";
        let svg = render_with(dot, RenderFormat::Svg, Renderer::Graphviz).unwrap();
        assert!(String::from_utf8_lossy(&svg).contains("<svg"));
        let png = render_with(dot, RenderFormat::Png, Renderer::Graphviz).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        let pdf = render_with(dot, RenderFormat::Pdf, Renderer::Graphviz).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }

    #[test]
    fn graphviz_error_carries_stderr() {
        if !graphviz_available() {
            return note_skip("graphviz_error_carries_stderr");
        }
        let err =
            render_with("digraph { a -> }", RenderFormat::Svg, Renderer::Graphviz).unwrap_err();
        match &err {
            ExportError::Graphviz { stderr, .. } => {
                assert!(stderr.contains("syntax error"), "{stderr}")
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("syntax error"), "{err}");
    }

    #[test]
    fn graphviz_handles_large_input_without_deadlock() {
        if !graphviz_available() {
            return note_skip("graphviz_handles_large_input_without_deadlock");
        }
        let mut dot = String::from("digraph {\n");
        for i in 0..1000 {
            dot.push_str(&format!(
                "n{i} [tooltip=\"{}\"]\nn{i} -> n{};\n",
                "x".repeat(80),
                i + 1
            ));
        }
        dot.push('}');
        // Input and output both exceed a pipe buffer (64 KiB on Linux).
        assert!(dot.len() > 65_536);
        let svg = render_with(&dot, RenderFormat::Svg, Renderer::Graphviz).unwrap();
        assert!(svg.len() > 65_536, "{}", svg.len());
    }
}
