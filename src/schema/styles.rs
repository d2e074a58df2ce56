//! `styles.ron`: how graphs are drawn — shapes per actor kind, lines per
//! modality, the Graphviz layout by size, and how many actors `build` draws.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{ActorKind, Modality};

/// The Graphviz layout programs a style may name.
pub const ENGINES: [&str; 8] = [
    "dot",
    "neato",
    "sfdp",
    "fdp",
    "circo",
    "twopi",
    "osage",
    "patchwork",
];

/// The line styles a modality may be drawn with (in Graphviz, SVG and the view).
pub const LINES: [&str; 4] = ["solid", "dashed", "dotted", "bold"];

/// `styles.ron`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StylesFile {
    /// Node shape per actor kind.
    #[serde(default)]
    pub shapes: Option<KindShapes>,
    /// Line style per modality.
    #[serde(default)]
    pub lines: Option<ModalityLines>,
    /// Layouts by size, the first that fits the drawing is used.
    #[serde(default)]
    pub layouts: Vec<LayoutDef>,
    /// How many actors `build` draws by default (0: all).
    #[serde(default)]
    pub max_actors: Option<usize>,
}

/// A Graphviz shape per actor kind.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct KindShapes {
    pub state: String,
    pub igo: String,
    pub party: String,
    pub armed_group: String,
    pub other: String,
}

/// A line style per modality.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ModalityLines {
    pub asserted: String,
    pub hypothetical: String,
    pub negated: String,
}

/// A layout for drawings of up to `up_to` actors.
///
/// ```
/// use actorgraph::schema::Schema;
/// let schema = Schema::embedded().unwrap();
/// let layouts = &schema.styles.layouts;
/// assert_eq!(layouts[0].engine, "dot");
/// assert!(layouts.last().unwrap().up_to.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutDef {
    /// The largest number of actors this layout is for (none: any number).
    #[serde(default)]
    pub up_to: Option<usize>,
    /// The Graphviz layout program: `dot`, `neato`, `sfdp`, …
    pub engine: String,
    /// Graph attributes (`overlap`, `pack`, …).
    #[serde(default)]
    pub graph: BTreeMap<String, String>,
    /// Default node attributes.
    #[serde(default)]
    pub node: BTreeMap<String, String>,
    /// Default edge attributes.
    #[serde(default)]
    pub edge: BTreeMap<String, String>,
}

impl KindShapes {
    /// The shapes as a map by kind.
    pub fn by_kind(&self) -> BTreeMap<ActorKind, String> {
        let shapes = [
            &self.state,
            &self.igo,
            &self.party,
            &self.armed_group,
            &self.other,
        ];
        ActorKind::ALL
            .into_iter()
            .zip(shapes.map(String::clone))
            .collect()
    }
}

impl ModalityLines {
    /// The lines as a map by modality.
    pub fn by_modality(&self) -> BTreeMap<Modality, String> {
        [
            (Modality::Asserted, &self.asserted),
            (Modality::Hypothetical, &self.hypothetical),
            (Modality::Negated, &self.negated),
        ]
        .into_iter()
        .map(|(m, line)| (m, line.clone()))
        .collect()
    }

    fn all(&self) -> [(&'static str, &str); 3] {
        [
            ("asserted", &self.asserted),
            ("hypothetical", &self.hypothetical),
            ("negated", &self.negated),
        ]
    }
}

impl StylesFile {
    /// Adds `more` on top: its shapes, lines and cap replace these when
    /// given, and its layouts replace these when it has any (a list of
    /// thresholds only makes sense whole).
    pub(crate) fn add(&mut self, more: StylesFile) {
        if more.shapes.is_some() {
            self.shapes = more.shapes;
        }
        if more.lines.is_some() {
            self.lines = more.lines;
        }
        if !more.layouts.is_empty() {
            self.layouts = more.layouts;
        }
        if more.max_actors.is_some() {
            self.max_actors = more.max_actors;
        }
    }

    /// The first problem: a needle to point at and a message.
    pub(crate) fn problem(&self) -> Option<(String, String)> {
        for layout in &self.layouts {
            if !ENGINES.contains(&layout.engine.as_str()) {
                return Some((
                    format!("\"{}\"", layout.engine),
                    format!(
                        "unknown layout engine `{}` (expected one of {})",
                        layout.engine,
                        ENGINES.join(", ")
                    ),
                ));
            }
        }
        let sizes: Vec<usize> = self
            .layouts
            .iter()
            .map(|l| l.up_to.unwrap_or(usize::MAX))
            .collect();
        if sizes.windows(2).any(|w| w[0] >= w[1]) {
            return Some((
                "up_to".to_string(),
                "layouts must go from small to large: each `up_to` above the one before, the last may have none".to_string(),
            ));
        }
        for (modality, line) in self.lines.iter().flat_map(ModalityLines::all) {
            if !LINES.contains(&line) {
                return Some((
                    format!("{modality}:"),
                    format!(
                        "line `{line}` for {modality} is not one of {}",
                        LINES.join(", ")
                    ),
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::schema::{Schema, SchemaError};

    #[test]
    fn embedded_styles_are_complete() {
        let styles = Schema::embedded().unwrap().styles;
        assert!(styles.shapes.is_some() && styles.lines.is_some());
        assert!(styles.max_actors.is_some_and(|n| n > 0));
        assert!(styles.layouts.len() >= 2);
    }

    #[test]
    fn bad_styles_are_located() {
        let err =
            Schema::from_sources(&[("styles.ron", "(layouts: [(engine: \"dott\")])")]).unwrap_err();
        assert!(matches!(err, SchemaError::Invalid { .. }), "{err}");
        assert!(
            err.to_string().contains("styles.ron:1:") && err.to_string().contains("dott"),
            "{err}"
        );
        let unordered = "(layouts: [(up_to: 50, engine: \"dot\"), (up_to: 10, engine: \"neato\")])";
        let err = Schema::from_sources(&[("styles.ron", unordered)]).unwrap_err();
        assert!(err.to_string().contains("small to large"), "{err}");
        let line = "(lines: (asserted: \"solid\", hypothetical: \"wavy\", negated: \"dotted\"))";
        let err = Schema::from_sources(&[("styles.ron", line)]).unwrap_err();
        assert!(err.to_string().contains("wavy"), "{err}");
    }

    #[test]
    fn added_styles_replace_what_they_give() {
        let schema = Schema::with_additions(&[], &[("styles.ron", "(max_actors: 7)")]).unwrap();
        assert_eq!(schema.styles.max_actors, Some(7));
        assert_eq!(
            schema.styles.layouts,
            Schema::embedded().unwrap().styles.layouts
        );
    }
}
