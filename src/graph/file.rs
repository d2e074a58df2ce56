//! The graph file format: keyed by actor id, never by petgraph index, so
//! files stay valid however the in-memory graph is laid out.
//!
//! A file holds `format` (`"actorgraph-graph"`), `version` (3), the
//! evidence limit (`max_evidence`, absent when all evidence is kept), the
//! documents (id, content hash when added whole, and `evidence`: how many
//! pieces of evidence each gave), the actors (kind, mentions, spellings) and
//! the edges (mentions, first and last date, and the kept evidence together
//! with how each actor was written in that sentence).
//!
//! Since version 3 the counts are the record: an edge may count more
//! mentions than it keeps evidence, so counts, dates and tallies are read
//! from the file and checked against the evidence (a count below what the
//! evidence shows, an actor whose mentions are not those of its edges, a
//! date range that leaves out kept evidence: the file is refused).
//! Version 1 files (no `documents` list) and version 2 files (counts derived
//! from the evidence, which they keep in full) still load, their counts
//! recomputed from the evidence; they are written back as version 3.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use super::{End, GraphError, KnowledgeGraph, Reading};
use crate::model::{ActorId, ActorKind, Modality, Relation};

/// The first version whose counts are authoritative rather than derived.
const COUNTS_RECORDED_SINCE: u64 = 3;

/// The `format` tag of a graph file.
pub const FILE_FORMAT_TAG: &str = "actorgraph-graph";

/// The file format version this build writes (and the newest it reads).
pub const FILE_FORMAT_VERSION: u32 = 3;

/// The oldest file format version this build reads.
pub const OLDEST_FILE_FORMAT_VERSION: u32 = 1;

/// The name used in errors for text that did not come from a file.
const NO_PATH: &str = "<input>";

/// A serialisation a graph file can use, chosen by extension.
///
/// ```
/// use actorgraph::graph::GraphFormat;
/// use std::path::Path;
/// assert_eq!(GraphFormat::from_path(Path::new("g.RON")).unwrap(), GraphFormat::Ron);
/// assert!(GraphFormat::from_path(Path::new("g.yaml")).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// JSON (`.json`).
    Json,
    /// Rusty Object Notation (`.ron`).
    Ron,
}

impl GraphFormat {
    /// The format for a path's extension (case-insensitive).
    pub fn from_path(path: &Path) -> Result<GraphFormat, GraphError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("json") => Ok(GraphFormat::Json),
            Some("ron") => Ok(GraphFormat::Ron),
            _ => Err(GraphError::UnsupportedExtension {
                path: path.to_path_buf(),
            }),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct GraphFile {
    format: String,
    version: u64,
    /// Since version 3: most pieces of evidence kept per edge (absent: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_evidence: Option<usize>,
    /// Since version 2: every document added by id and content hash.
    #[serde(default)]
    documents: Vec<DocumentRecord>,
    #[serde(default)]
    actors: Vec<ActorRecord>,
    #[serde(default)]
    edges: Vec<EdgeRecord>,
}

/// Just enough of a file to explain why the full parse failed.
#[derive(Deserialize)]
struct FileHeader {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct DocumentRecord {
    id: String,
    /// The content hash of a document added whole (always there in version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hash: Option<String>,
    /// Since version 3: pieces of evidence the document gave, kept or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    evidence: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ActorRecord {
    id: ActorId,
    kind: ActorKind,
    /// Before version 3 derived (recomputed from edge evidence on load);
    /// since, the record, checked against the edges.
    #[serde(default)]
    mentions: u64,
    /// As `mentions`.
    #[serde(default)]
    mention_texts: BTreeMap<String, u64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct EdgeRecord {
    subject: ActorId,
    relation: Relation,
    object: ActorId,
    #[serde(default)]
    modality: Modality,
    /// Distinct pieces of evidence, kept or not (before version 3 derived:
    /// the number of evidence items).
    #[serde(default)]
    mentions: u64,
    /// Earliest date over all mentions (derived before version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_date: Option<Arc<str>>,
    /// Latest date over all mentions (derived before version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_date: Option<Arc<str>>,
    #[serde(default)]
    nominal: bool,
    evidence: Vec<EvidenceRecord>,
}

/// [`Evidence`] plus how the two actors were written in that sentence.
#[derive(Debug, Serialize, Deserialize)]
struct EvidenceRecord {
    doc: Arc<str>,
    sentence: usize,
    span: (usize, usize),
    rule: Arc<str>,
    text: Arc<str>,
    predicate: Arc<str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<Arc<str>>,
    subject_text: Arc<str>,
    object_text: Arc<str>,
}

impl KnowledgeGraph {
    /// Writes the graph to `path` atomically, as JSON or RON by extension.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("graph.ron");
    /// let graph = KnowledgeGraph::new();
    /// graph.save(&path).unwrap();
    /// assert_eq!(KnowledgeGraph::load(&path).unwrap(), graph);
    /// assert!(graph.save(&dir.path().join("graph.txt")).is_err());
    /// ```
    pub fn save(&self, path: &Path) -> Result<(), GraphError> {
        let io_error = |source| GraphError::Io { path: path.to_path_buf(), source };
        match GraphFormat::from_path(path)? {
            // Streamed: a large graph is never held as one string.
            GraphFormat::Json => crate::atomic::write_atomic_with(path, |w| {
                serde_json::to_writer_pretty(&mut *w, &self.to_file())?;
                w.write_all(b"\n")
            })
            .map_err(io_error),
            GraphFormat::Ron => {
                let text = self.ron_string(path)?;
                crate::atomic::write_atomic(path, text.as_bytes()).map_err(io_error)
            }
        }
    }

    /// Reads a graph file, as JSON or RON by extension.
    ///
    /// ```
    /// # use actorgraph::graph::{GraphError, KnowledgeGraph};
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("graph.json");
    /// std::fs::write(&path, r#"{"format": "something-else", "version": 1}"#).unwrap();
    /// let err = KnowledgeGraph::load(&path).unwrap_err();
    /// assert!(matches!(err, GraphError::WrongFormat { .. }));
    /// assert!(err.to_string().contains("graph.json"));
    /// ```
    pub fn load(path: &Path) -> Result<KnowledgeGraph, GraphError> {
        let format = GraphFormat::from_path(path)?;
        let text = std::fs::read_to_string(path).map_err(|source| GraphError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        match format {
            GraphFormat::Json => parse_json(&text, path),
            GraphFormat::Ron => parse_ron(&text, path),
        }
    }

    /// The graph as pretty-printed JSON in the graph file format.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// let json = KnowledgeGraph::new().to_json_string();
    /// assert!(json.contains(r#""format": "actorgraph-graph""#));
    /// ```
    pub fn to_json_string(&self) -> String {
        // Plain structs with string keys: serde_json cannot fail on them.
        serde_json::to_string_pretty(&self.to_file()).expect("graph file serialises to JSON") + "\n"
    }

    /// Parses JSON in the graph file format.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// let g = KnowledgeGraph::new();
    /// assert_eq!(KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap(), g);
    /// let err = KnowledgeGraph::from_json_str("{\n  \"format\": ").unwrap_err();
    /// assert!(err.to_string().starts_with("<input>:2:"));
    /// ```
    pub fn from_json_str(text: &str) -> Result<KnowledgeGraph, GraphError> {
        parse_json(text, Path::new(NO_PATH))
    }

    /// The graph as pretty-printed RON in the graph file format.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// let ron = KnowledgeGraph::new().to_ron_string().unwrap();
    /// assert!(ron.contains("actorgraph-graph"));
    /// ```
    pub fn to_ron_string(&self) -> Result<String, GraphError> {
        self.ron_string(Path::new(NO_PATH))
    }

    /// Parses RON in the graph file format.
    ///
    /// ```
    /// # use actorgraph::graph::KnowledgeGraph;
    /// let g = KnowledgeGraph::new();
    /// assert_eq!(KnowledgeGraph::from_ron_str(&g.to_ron_string().unwrap()).unwrap(), g);
    /// ```
    pub fn from_ron_str(text: &str) -> Result<KnowledgeGraph, GraphError> {
        parse_ron(text, Path::new(NO_PATH))
    }

    fn ron_string(&self, path: &Path) -> Result<String, GraphError> {
        let config = ron::ser::PrettyConfig::new().indentor("  ");
        ron::ser::to_string_pretty(&self.to_file(), config)
            .map(|s| s + "\n")
            .map_err(|err| GraphError::Serialize {
                path: path.to_path_buf(),
                message: err.to_string(),
            })
    }

    fn to_file(&self) -> GraphFile {
        let actors = self
            .actors()
            .map(|a| ActorRecord {
                id: a.id.clone(),
                kind: a.kind,
                mentions: a.mentions,
                mention_texts: a.mention_texts.clone(),
            })
            .collect();
        let edges = self
            .edges()
            .map(|e| EdgeRecord {
                subject: e.subject.id.clone(),
                relation: e.edge.relation.clone(),
                object: e.object.id.clone(),
                modality: e.edge.modality,
                mentions: e.edge.mentions,
                first_date: e.edge.first_date.clone(),
                last_date: e.edge.last_date.clone(),
                nominal: e.edge.nominal,
                evidence: e
                    .edge
                    .evidence
                    .iter()
                    .zip(&e.edge.mention_texts)
                    .map(|(ev, (s, o))| EvidenceRecord {
                        doc: ev.doc.clone(),
                        sentence: ev.sentence,
                        span: ev.span,
                        rule: ev.rule.clone(),
                        text: ev.text.clone(),
                        predicate: ev.predicate.clone(),
                        date: ev.date.clone(),
                        subject_text: s.clone(),
                        object_text: o.clone(),
                    })
                    .collect(),
            })
            .collect();
        GraphFile {
            format: FILE_FORMAT_TAG.to_string(),
            version: u64::from(FILE_FORMAT_VERSION),
            max_evidence: (self.max_evidence > 0).then_some(self.max_evidence),
            documents: self
                .documents()
                .into_iter()
                .map(|id| DocumentRecord {
                    id: id.to_string(),
                    hash: self.document_hashes.get(id).cloned(),
                    evidence: Some(self.document_mentions(id)),
                })
                .collect(),
            actors,
            edges,
        }
    }

    fn from_file(file: GraphFile, path: &Path) -> Result<KnowledgeGraph, GraphError> {
        check_header(Some(file.format.as_str()), Some(file.version), path)?;
        let counts_recorded = file.version >= COUNTS_RECORDED_SINCE;
        let inconsistent = |what: String| GraphError::InconsistentCounts { path: path.to_path_buf(), what };
        // Every kept piece of evidence is read back; the limit applies after.
        let mut graph = KnowledgeGraph::new();
        let mut kinds: BTreeMap<&ActorId, ActorKind> = BTreeMap::new();
        for actor in &file.actors {
            if kinds.insert(&actor.id, actor.kind).is_some() {
                return Err(GraphError::DuplicateActor {
                    path: path.to_path_buf(),
                    actor: actor.id.to_string(),
                });
            }
            graph.ensure_actor(&actor.id, actor.kind);
        }
        for edge in &file.edges {
            let describe = || {
                format!(
                    "{} -[{}]-> {} ({})",
                    edge.subject, edge.relation, edge.object, edge.modality
                )
            };
            let kind_of = |id: &ActorId| {
                kinds
                    .get(id)
                    .copied()
                    .ok_or_else(|| GraphError::UnknownActor {
                        path: path.to_path_buf(),
                        edge: describe(),
                        actor: id.to_string(),
                    })
            };
            let (subject_kind, object_kind) = (kind_of(&edge.subject)?, kind_of(&edge.object)?);
            if edge.evidence.is_empty() {
                return Err(GraphError::EdgeWithoutEvidence {
                    path: path.to_path_buf(),
                    edge: describe(),
                });
            }
            if let Some(max) = file.max_evidence.filter(|&m| m > 0 && edge.evidence.len() > m) {
                return Err(inconsistent(format!(
                    "edge `{}` keeps {} pieces of evidence, more than max_evidence {max}",
                    describe(),
                    edge.evidence.len()
                )));
            }
            let subject = End { id: &edge.subject, kind: subject_kind, text: "" };
            let object = End { id: &edge.object, kind: object_kind, text: "" };
            let ix = graph.ensure_edge(&subject, &edge.relation, &object, edge.modality);
            for ev in &edge.evidence {
                graph.observe(
                    ix,
                    &End { text: &ev.subject_text, ..subject },
                    &End { text: &ev.object_text, ..object },
                    edge.nominal,
                    Reading {
                        doc: &ev.doc,
                        sentence: ev.sentence,
                        span: ev.span,
                        rule: &ev.rule,
                        text: &ev.text,
                        predicate: &ev.predicate,
                        date: ev.date.as_deref(),
                    },
                );
            }
            if counts_recorded {
                let read = &mut graph.graph[ix];
                let shown = read.mentions;
                if edge.mentions < shown {
                    return Err(inconsistent(format!(
                        "edge `{}` counts {} mentions but keeps {shown} distinct pieces of evidence",
                        describe(),
                        edge.mentions
                    )));
                }
                let dates_cover = |first: &Option<Arc<str>>, last: &Option<Arc<str>>| {
                    first.as_deref().map_or(true, |f| edge.first_date.as_deref().is_some_and(|d| d <= f))
                        && last.as_deref().map_or(true, |l| edge.last_date.as_deref().is_some_and(|d| d >= l))
                };
                if !dates_cover(&read.first_date, &read.last_date) {
                    return Err(inconsistent(format!(
                        "edge `{}`: its date range leaves out some of its evidence",
                        describe()
                    )));
                }
                read.mentions = edge.mentions;
                read.first_date.clone_from(&edge.first_date);
                read.last_date.clone_from(&edge.last_date);
                let unkept = read.unkept();
                let (s, o) = graph.graph.edge_endpoints(ix).expect("edge has endpoints");
                graph.graph[s].mentions += unkept;
                graph.graph[o].mentions += unkept;
            }
        }
        if counts_recorded {
            for actor in &file.actors {
                let ix = graph.nodes[&actor.id];
                let node = &mut graph.graph[ix];
                // `node.mentions` is now the sum over its edges, which the
                // record must equal; the kept evidence's spellings are a floor.
                let spelled: u64 = actor.mention_texts.values().sum();
                let short = node.mention_texts.iter().any(|(t, &n)| actor.mention_texts.get(t).map_or(true, |&r| r < n));
                if actor.mentions != node.mentions || spelled > actor.mentions || short {
                    return Err(inconsistent(format!(
                        "actor `{}`: its mentions ({}, spelled {spelled}) do not match its edges ({})",
                        actor.id, actor.mentions, node.mentions
                    )));
                }
                node.mention_texts.clone_from(&actor.mention_texts);
            }
        }
        for doc in file.documents {
            if let (true, Some(n)) = (counts_recorded, doc.evidence) {
                let shown = graph.document_mentions(&doc.id);
                if n < shown {
                    return Err(inconsistent(format!(
                        "document `{}` counts {n} pieces of evidence but {shown} are kept",
                        doc.id
                    )));
                }
                if n > 0 {
                    let d = graph.docs.number(&doc.id) as usize;
                    graph.add_doc_mentions(d, n - shown);
                }
            }
            if let Some(hash) = doc.hash {
                graph.document_hashes.insert(doc.id, hash);
            }
        }
        graph.max_evidence = file.max_evidence.unwrap_or(0);
        Ok(graph)
    }
}

fn check_header(format: Option<&str>, version: Option<u64>, path: &Path) -> Result<(), GraphError> {
    if format != Some(FILE_FORMAT_TAG) {
        return Err(GraphError::WrongFormat {
            path: path.to_path_buf(),
            found: format.map(str::to_string),
            expected: FILE_FORMAT_TAG,
        });
    }
    match version {
        Some(v)
            if (u64::from(OLDEST_FILE_FORMAT_VERSION)..=u64::from(FILE_FORMAT_VERSION))
                .contains(&v) =>
        {
            Ok(())
        }
        Some(v) => Err(GraphError::UnsupportedVersion {
            path: path.to_path_buf(),
            found: v,
            supported: FILE_FORMAT_VERSION,
        }),
        // A file with the right tag but no version: let the full parse report it.
        None => Ok(()),
    }
}

fn parse_json(text: &str, path: &Path) -> Result<KnowledgeGraph, GraphError> {
    match serde_json::from_str::<GraphFile>(text) {
        Ok(file) => KnowledgeGraph::from_file(file, path),
        Err(err) => {
            // A well-formed file of another kind deserves a clearer message
            // than "missing field `edges`".
            if let Ok(header) = serde_json::from_str::<FileHeader>(text) {
                check_header(header.format.as_deref(), header.version, path)?;
            }
            Err(GraphError::Json {
                path: path.to_path_buf(),
                line: err.line(),
                column: err.column(),
                message: strip_json_position(&err.to_string()),
            })
        }
    }
}

fn parse_ron(text: &str, path: &Path) -> Result<KnowledgeGraph, GraphError> {
    match ron::from_str::<GraphFile>(text) {
        Ok(file) => KnowledgeGraph::from_file(file, path),
        Err(err) => {
            if let Ok(header) = ron::from_str::<FileHeader>(text) {
                check_header(header.format.as_deref(), header.version, path)?;
            }
            Err(GraphError::Ron {
                path: path.to_path_buf(),
                line: err.span.start.line,
                column: err.span.start.col,
                message: err.code.to_string(),
            })
        }
    }
}

/// serde_json appends " at line L column C" to its messages; the error
/// already puts the position in front.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::triple;

    fn sample() -> KnowledgeGraph {
        let mut hostile = triple("Hamas \"Al-Qassam\"", "attack", "Israël\\IDF", "d\n1", 3);
        hostile.subject.kind = ActorKind::ArmedGroup;
        hostile.subject.text = "al-Qassam <b>Brigades</b>".into();
        hostile.modality = Modality::Hypothetical;
        hostile.nominal = true;
        hostile.date = Some("2024-01-02".into());
        hostile.text = "line one\nline \"two\" ]; evil=1".into();
        let mut dated = triple("United States", "sanction", "Iran", "d2", 0);
        dated.date = Some("2023-05-06".into());
        KnowledgeGraph::from_triples([
            triple("North Korea", "supply", "Russia", "d1", 0),
            triple("North Korea", "supply", "Russia", "d2", 4),
            dated,
            hostile,
        ])
    }

    #[test]
    fn json_round_trip() {
        let g = sample();
        let back = KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap();
        assert_eq!(back, g);
        assert_eq!(back.to_json_string(), g.to_json_string());
    }

    #[test]
    fn ron_round_trip() {
        let g = sample();
        let text = g.to_ron_string().unwrap();
        let back = KnowledgeGraph::from_ron_str(&text).unwrap();
        assert_eq!(back, g);
        assert_eq!(back.to_ron_string().unwrap(), text);
    }

    #[test]
    fn save_load_round_trip_both_formats() {
        let dir = tempfile::tempdir().unwrap();
        let g = sample();
        for name in ["g.json", "g.ron", "G.JSON"] {
            let path = dir.path().join(name);
            g.save(&path).unwrap();
            assert_eq!(KnowledgeGraph::load(&path).unwrap(), g, "{name}");
        }
    }

    #[test]
    fn load_keeps_exact_mention_counts() {
        let g = sample();
        let back = KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap();
        let hamas = back.actor(&ActorId::new("Hamas \"Al-Qassam\"")).unwrap();
        assert_eq!(
            hamas.mention_texts.get("al-Qassam <b>Brigades</b>"),
            Some(&1)
        );
        assert_eq!(hamas.kind, ActorKind::ArmedGroup);
    }

    #[test]
    fn unsupported_extension_names_path_and_formats() {
        let err = KnowledgeGraph::new()
            .save(Path::new("/tmp/graph.yaml"))
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("/tmp/graph.yaml") && msg.contains(".json") && msg.contains(".ron"),
            "{msg}"
        );
        assert!(KnowledgeGraph::load(Path::new("noext")).is_err());
    }

    #[test]
    fn missing_file_is_io_error_with_path() {
        let err = KnowledgeGraph::load(Path::new("/nonexistent/dir/g.json")).unwrap_err();
        assert!(matches!(err, GraphError::Io { .. }));
        assert!(err.to_string().starts_with("/nonexistent/dir/g.json: "));
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.json");
        std::fs::write(
            &path,
            "{\n  \"format\": \"actorgraph-graph\",\n  \"version\": 1,\n  \"actors\": [,]\n}",
        )
        .unwrap();
        let err = KnowledgeGraph::load(&path).unwrap_err();
        match &err {
            GraphError::Json { line, column, .. } => assert_eq!((*line, *column), (4, 14)),
            other => panic!("unexpected {other:?}"),
        }
        assert!(
            err.to_string()
                .starts_with(&format!("{}:4:14: ", path.display())),
            "{err}"
        );
        assert!(!err.to_string().contains(" at line "), "{err}");
    }

    #[test]
    fn ron_syntax_error_has_line_and_column() {
        let err = KnowledgeGraph::from_ron_str(
            "(\n  format: \"actorgraph-graph\",\n  version: 1,\n  actors: [}\n)",
        )
        .unwrap_err();
        match &err {
            GraphError::Ron { line, .. } => assert_eq!(*line, 4),
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().starts_with("<input>:4:"), "{err}");
    }

    #[test]
    fn wrong_format_and_version() {
        let err = KnowledgeGraph::from_json_str(
            r#"{"format":"other","version":1,"actors":[],"edges":[]}"#,
        )
        .unwrap_err();
        assert!(matches!(err, GraphError::WrongFormat { found: Some(ref f), .. } if f == "other"));

        // A triple line is valid JSON but no graph file.
        let err = KnowledgeGraph::from_json_str(r#"{"doc":"d","subject":{}}"#).unwrap_err();
        assert!(
            matches!(err, GraphError::WrongFormat { found: None, .. }),
            "{err:?}"
        );

        let err = KnowledgeGraph::from_json_str(
            r#"{"format":"actorgraph-graph","version":4,"actors":[],"edges":[]}"#,
        )
        .unwrap_err();
        assert!(matches!(
            err,
            GraphError::UnsupportedVersion { found: 4, .. }
        ));
        assert!(err.to_string().contains("versions 1 to 3"), "{err}");

        // A future version with a different shape still reports the version.
        let err = KnowledgeGraph::from_json_str(
            r#"{"format":"actorgraph-graph","version":7,"nodes":{}}"#,
        )
        .unwrap_err();
        assert!(
            matches!(err, GraphError::UnsupportedVersion { found: 7, .. }),
            "{err:?}"
        );

        let err =
            KnowledgeGraph::from_ron_str(r#"(format: "actorgraph-graph", version: 9, stuff: 1)"#)
                .unwrap_err();
        assert!(
            matches!(err, GraphError::UnsupportedVersion { found: 9, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn edge_with_unknown_actor_is_rejected() {
        let text = r#"{"format":"actorgraph-graph","version":1,
            "actors":[{"id":"A","kind":"state"}],
            "edges":[{"subject":"A","relation":"meet","object":"Ghost","modality":"asserted",
                      "evidence":[{"doc":"d","sentence":0,"span":[0,1],"rule":"r","text":"t",
                                   "predicate":"p","subject_text":"A","object_text":"G"}]}]}"#;
        let err = KnowledgeGraph::from_json_str(text).unwrap_err();
        assert!(
            matches!(err, GraphError::UnknownActor { ref actor, .. } if actor == "Ghost"),
            "{err:?}"
        );
        assert!(err.to_string().contains("A -[meet]-> Ghost"), "{err}");
    }

    #[test]
    fn duplicate_actor_and_empty_edge_are_rejected() {
        let dup = r#"{"format":"actorgraph-graph","version":1,
            "actors":[{"id":"A","kind":"state"},{"id":"A","kind":"igo"}],"edges":[]}"#;
        assert!(matches!(
            KnowledgeGraph::from_json_str(dup),
            Err(GraphError::DuplicateActor { .. })
        ));
        let empty = r#"{"format":"actorgraph-graph","version":1,
            "actors":[{"id":"A","kind":"state"}],
            "edges":[{"subject":"A","relation":"meet","object":"A","evidence":[]}]}"#;
        assert!(matches!(
            KnowledgeGraph::from_json_str(empty),
            Err(GraphError::EdgeWithoutEvidence { .. })
        ));
    }

    #[test]
    fn version_1_files_load_and_are_written_as_version_3() {
        let v1 = r#"{"format":"actorgraph-graph","version":1,
            "actors":[{"id":"A","kind":"state"},{"id":"B","kind":"igo"}],
            "edges":[{"subject":"A","relation":"meet","object":"B","modality":"asserted",
                      "evidence":[{"doc":"d","sentence":0,"span":[0,1],"rule":"r","text":"t",
                                   "predicate":"p","subject_text":"A","object_text":"B"}]}]}"#;
        let g = KnowledgeGraph::from_json_str(v1).unwrap();
        assert_eq!(g.edge_count(), 1);
        let json = g.to_json_string();
        assert!(json.contains("\"version\": 3"), "{json}");
        assert_eq!(KnowledgeGraph::from_json_str(&json).unwrap(), g);
    }

    #[test]
    fn document_hashes_round_trip() {
        let mut g = sample();
        g.add_document("d9", "fnv1a128:00", [triple("X", "meet", "Y", "d9", 0)]);
        let json = g.to_json_string();
        assert!(json.contains("fnv1a128:00"), "{json}");
        let back = KnowledgeGraph::from_json_str(&json).unwrap();
        assert_eq!(back.document_hash("d9"), Some("fnv1a128:00"));
        assert_eq!(back, g);
        let ron = KnowledgeGraph::from_ron_str(&g.to_ron_string().unwrap()).unwrap();
        assert_eq!(ron, g);
    }

    #[test]
    fn isolated_actors_survive_round_trip() {
        let text = r#"{"format":"actorgraph-graph","version":1,"actors":[{"id":"Lonely","kind":"igo"}],"edges":[]}"#;
        let g = KnowledgeGraph::from_json_str(text).unwrap();
        assert_eq!(g.actor_count(), 1);
        assert_eq!(
            KnowledgeGraph::from_json_str(&g.to_json_string()).unwrap(),
            g
        );
    }

    #[test]
    fn garbage_never_panics() {
        let inputs = [
            "",
            "null",
            "[]",
            "{}",
            "\"x\"",
            "{\"format\": 5}",
            "((((((",
            "{\"format\":\"actorgraph-graph\"}",
            "{\"format\":\"actorgraph-graph\",\"version\":-1}",
            "\u{feff}{}",
            "(format: \"actorgraph-graph\")",
        ];
        for input in inputs {
            assert!(KnowledgeGraph::from_json_str(input).is_err(), "{input:?}");
            assert!(KnowledgeGraph::from_ron_str(input).is_err(), "{input:?}");
        }
        let deep = "[".repeat(100_000);
        assert!(KnowledgeGraph::from_json_str(&deep).is_err());
        let deep = "(".repeat(100_000);
        assert!(KnowledgeGraph::from_ron_str(&deep).is_err());
    }

    #[test]
    fn failed_save_keeps_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("g.json");
        let err = sample().save(&path).unwrap_err();
        assert!(matches!(err, GraphError::Io { .. }));
        assert!(err.to_string().contains("missing-dir"));
    }
}
