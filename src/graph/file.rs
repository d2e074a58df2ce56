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

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::{intern, End, EdgeRef, GraphError, KnowledgeGraph, Reading};
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

/// A graph file as written. The edge records are made one at a time while
/// serialising, borrowing the graph's strings, so that saving a large
/// graph never holds a second copy of it.
#[derive(Serialize)]
struct GraphFile<'g> {
    format: &'static str,
    version: u64,
    /// Since version 3: most pieces of evidence kept per edge (absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    max_evidence: Option<usize>,
    /// Since version 2: every document added by id and content hash.
    documents: Vec<DocumentRecord>,
    actors: Vec<ActorRecord>,
    edges: EdgesOut<'g>,
}

/// The edges of a graph, serialised in key order as [`EdgeRecord`]s.
struct EdgesOut<'g>(&'g KnowledgeGraph);

impl Serialize for EdgesOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.edges().map(EdgeRecord::of))
    }
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

/// One edge as written and read. Strings borrow: from the graph when
/// writing, from the file's text when reading (unless they hold escapes),
/// so that neither copies every sentence.
#[derive(Debug, Serialize, Deserialize)]
struct EdgeRecord<'a> {
    subject: Cow<'a, ActorId>,
    relation: Cow<'a, Relation>,
    object: Cow<'a, ActorId>,
    #[serde(default)]
    modality: Modality,
    /// Distinct pieces of evidence, kept or not (before version 3 derived:
    /// the number of evidence items).
    #[serde(default)]
    mentions: u64,
    /// Earliest date over all mentions (derived before version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_date: Option<Cow<'a, str>>,
    /// Latest date over all mentions (derived before version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_date: Option<Cow<'a, str>>,
    #[serde(default)]
    nominal: bool,
    #[serde(borrow)]
    evidence: Vec<EvidenceRecord<'a>>,
}

/// [`Evidence`](crate::model::Evidence) plus how the two actors were
/// written in that sentence.
#[derive(Debug, Serialize, Deserialize)]
struct EvidenceRecord<'a> {
    #[serde(borrow)]
    doc: Cow<'a, str>,
    sentence: usize,
    span: (usize, usize),
    #[serde(borrow)]
    rule: Cow<'a, str>,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow)]
    predicate: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<Cow<'a, str>>,
    #[serde(borrow)]
    subject_text: Cow<'a, str>,
    #[serde(borrow)]
    object_text: Cow<'a, str>,
}

impl<'g> EdgeRecord<'g> {
    fn of(e: EdgeRef<'g>) -> Self {
        EdgeRecord {
            subject: Cow::Borrowed(&e.subject.id),
            relation: Cow::Borrowed(&e.edge.relation),
            object: Cow::Borrowed(&e.object.id),
            modality: e.edge.modality,
            mentions: e.edge.mentions,
            first_date: e.edge.first_date.as_deref().map(Cow::Borrowed),
            last_date: e.edge.last_date.as_deref().map(Cow::Borrowed),
            nominal: e.edge.nominal,
            evidence: e
                .edge
                .evidence
                .iter()
                .zip(&e.edge.mention_texts)
                .map(|(ev, (s, o))| EvidenceRecord {
                    doc: Cow::Borrowed(&ev.doc),
                    sentence: ev.sentence,
                    span: ev.span,
                    rule: Cow::Borrowed(&ev.rule),
                    text: Cow::Borrowed(&ev.text),
                    predicate: Cow::Borrowed(&ev.predicate),
                    date: ev.date.as_deref().map(Cow::Borrowed),
                    subject_text: Cow::Borrowed(s),
                    object_text: Cow::Borrowed(o),
                })
                .collect(),
        }
    }

    /// `subject -[relation]-> object (modality)`, for errors.
    fn describe(&self) -> String {
        format!("{} -[{}]-> {} ({})", self.subject, self.relation, self.object, self.modality)
    }
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

    fn to_file(&self) -> GraphFile<'_> {
        let actors = self
            .actors()
            .map(|a| ActorRecord {
                id: a.id.clone(),
                kind: a.kind,
                mentions: a.mentions,
                mention_texts: a.mention_texts.clone(),
            })
            .collect();
        GraphFile {
            format: FILE_FORMAT_TAG,
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
            edges: EdgesOut(self),
        }
    }
}

/// Builds a graph from a file's records, one edge at a time, checking them
/// as it goes: the edges stream in while the file is parsed, so a large
/// file is never held as records.
struct FileBuilder<'p> {
    path: &'p Path,
    /// Whether counts are read from the file (version 3 on) or derived.
    counts_recorded: bool,
    /// Every kept piece of evidence is read back; the limit applies after.
    graph: KnowledgeGraph,
}

impl<'p> FileBuilder<'p> {
    /// Checks the header and takes in the actors: what edges need.
    fn new(format: &str, version: u64, actors: &[ActorRecord], path: &'p Path) -> Result<Self, GraphError> {
        check_header(Some(format), Some(version), path)?;
        let mut graph = KnowledgeGraph::new();
        for actor in actors {
            if graph.nodes.contains_key(&actor.id) {
                return Err(GraphError::DuplicateActor {
                    path: path.to_path_buf(),
                    actor: actor.id.to_string(),
                });
            }
            graph.ensure_actor(&actor.id, actor.kind);
        }
        Ok(FileBuilder { path, counts_recorded: version >= COUNTS_RECORDED_SINCE, graph })
    }

    fn add_edge(&mut self, edge: &EdgeRecord<'_>) -> Result<(), GraphError> {
        let graph = &mut self.graph;
        let kind_of = |id: &ActorId| match graph.nodes.get(id) {
            Some(&ix) => Ok(graph.graph[ix].kind),
            None => Err(GraphError::UnknownActor {
                path: self.path.to_path_buf(),
                edge: edge.describe(),
                actor: id.to_string(),
            }),
        };
        let (subject_kind, object_kind) = (kind_of(&edge.subject)?, kind_of(&edge.object)?);
        if edge.evidence.is_empty() {
            return Err(GraphError::EdgeWithoutEvidence {
                path: self.path.to_path_buf(),
                edge: edge.describe(),
            });
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
        if !self.counts_recorded {
            return Ok(());
        }
        let read = &self.graph.graph[ix];
        let shown = read.mentions;
        if edge.mentions < shown {
            return Err(inconsistent(self.path, format!(
                "edge `{}` counts {} mentions but keeps {shown} distinct pieces of evidence",
                edge.describe(),
                edge.mentions
            )));
        }
        let covers = read.first_date.as_deref().map_or(true, |f| edge.first_date.as_deref().is_some_and(|d| d <= f))
            && read.last_date.as_deref().map_or(true, |l| edge.last_date.as_deref().is_some_and(|d| d >= l));
        if !covers {
            return Err(inconsistent(self.path, format!(
                "edge `{}`: its date range leaves out some of its evidence",
                edge.describe()
            )));
        }
        let graph = &mut self.graph;
        let [first, last] = [&edge.first_date, &edge.last_date].map(|d| d.as_deref().map(|d| intern(&mut graph.strings, d)));
        let read = &mut graph.graph[ix];
        read.mentions = edge.mentions;
        read.first_date = first;
        read.last_date = last;
        let unkept = read.unkept();
        let (s, o) = graph.graph.edge_endpoints(ix).expect("edge has endpoints");
        graph.graph[s].mentions += unkept;
        graph.graph[o].mentions += unkept;
        Ok(())
    }

    /// Checks the counts of actors and documents against the edges read,
    /// and applies the evidence limit.
    fn finish(
        self,
        max_evidence: Option<usize>,
        actors: &[ActorRecord],
        documents: Vec<DocumentRecord>,
    ) -> Result<KnowledgeGraph, GraphError> {
        let FileBuilder { path, counts_recorded, mut graph } = self;
        if let Some(max) = max_evidence.filter(|&m| m > 0) {
            // The first offending edge in key order: the order files are written in.
            let over = graph.edge_refs().into_iter().filter(|e| e.edge.evidence.len() > max).min_by(|a, b| a.cmp_key(b));
            if let Some(e) = over {
                return Err(inconsistent(path, format!(
                    "edge `{}` keeps {} pieces of evidence, more than max_evidence {max}",
                    e.key(),
                    e.edge.evidence.len()
                )));
            }
        }
        if counts_recorded {
            for actor in actors {
                let ix = graph.nodes[&actor.id];
                let node = &mut graph.graph[ix];
                // `node.mentions` is now the sum over its edges, which the
                // record must equal; the kept evidence's spellings are a floor.
                let spelled: u64 = actor.mention_texts.values().sum();
                let short = node.mention_texts.iter().any(|(t, &n)| actor.mention_texts.get(t).map_or(true, |&r| r < n));
                if actor.mentions != node.mentions || spelled > actor.mentions || short {
                    return Err(inconsistent(path, format!(
                        "actor `{}`: its mentions ({}, spelled {spelled}) do not match its edges ({})",
                        actor.id, actor.mentions, node.mentions
                    )));
                }
                node.mention_texts.clone_from(&actor.mention_texts);
            }
        }
        for doc in documents {
            if let (true, Some(n)) = (counts_recorded, doc.evidence) {
                let shown = graph.document_mentions(&doc.id);
                if n < shown {
                    return Err(inconsistent(path, format!(
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
        graph.max_evidence = max_evidence.unwrap_or(0);
        Ok(graph)
    }
}

fn inconsistent(path: &Path, what: String) -> GraphError {
    GraphError::InconsistentCounts { path: path.to_path_buf(), what }
}

/// The top-level fields of a graph file.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Format,
    Version,
    MaxEvidence,
    Documents,
    Actors,
    Edges,
    #[serde(other)]
    Other,
}

/// Reads a whole graph file, building the graph while it is parsed: once
/// the header and the actors are in (they come first in files this crate
/// writes), each edge goes into the graph as soon as it is read. Edges
/// that come earlier wait as records.
///
/// A malformed file is a parse error (with its place); a well-formed one
/// that is no valid graph gives the graph error (the outer `Result`).
struct FileSeed<'p> {
    path: &'p Path,
}

type Built = Result<KnowledgeGraph, GraphError>;

impl<'de> DeserializeSeed<'de> for FileSeed<'_> {
    type Value = Built;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Built, D::Error> {
        const FIELDS: &[&str] = &["format", "version", "max_evidence", "documents", "actors", "edges"];
        deserializer.deserialize_struct("GraphFile", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for FileSeed<'_> {
    type Value = Built;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct GraphFile")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Built, A::Error> {
        fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
            match slot.replace(value) {
                Some(_) => Err(E::duplicate_field(name)),
                None => Ok(()),
            }
        }
        let mut format: Option<String> = None;
        let mut version: Option<u64> = None;
        let mut max_evidence: Option<Option<usize>> = None;
        let mut documents: Option<Vec<DocumentRecord>> = None;
        let mut actors: Option<Vec<ActorRecord>> = None;
        let mut builder: Option<Result<FileBuilder<'_>, GraphError>> = None;
        let mut waiting: Option<Vec<EdgeRecord<'de>>> = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Format => once(&mut format, map.next_value()?, "format")?,
                Field::Version => once(&mut version, map.next_value()?, "version")?,
                Field::MaxEvidence => once(&mut max_evidence, map.next_value()?, "max_evidence")?,
                Field::Documents => once(&mut documents, map.next_value()?, "documents")?,
                Field::Actors => once(&mut actors, map.next_value()?, "actors")?,
                Field::Edges if builder.is_some() || waiting.is_some() => return Err(de::Error::duplicate_field("edges")),
                Field::Edges => match (&format, version, &actors) {
                    (Some(format), Some(version), Some(actors)) => {
                        let started = builder.insert(FileBuilder::new(format, version, actors, self.path));
                        map.next_value_seed(EdgesSeed(started))?;
                    }
                    _ => waiting = Some(map.next_value()?),
                },
                Field::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let format = format.ok_or_else(|| de::Error::missing_field("format"))?;
        let version = version.ok_or_else(|| de::Error::missing_field("version"))?;
        let actors = actors.unwrap_or_default();
        let mut builder = builder.unwrap_or_else(|| FileBuilder::new(&format, version, &actors, self.path));
        for edge in waiting.iter().flatten() {
            builder = builder.and_then(|mut b| b.add_edge(edge).map(|()| b));
        }
        Ok(builder.and_then(|b| b.finish(max_evidence.flatten(), &actors, documents.unwrap_or_default())))
    }
}

/// The `edges` list, each edge added to the graph as it is parsed. After
/// the first graph error the rest is only parsed: a syntax error further
/// on still wins, as it would had the file been read whole first.
struct EdgesSeed<'b, 'p>(&'b mut Result<FileBuilder<'p>, GraphError>);

impl<'de> DeserializeSeed<'de> for EdgesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EdgesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of edges")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(edge) = seq.next_element::<EdgeRecord<'de>>()? {
            if let Ok(builder) = self.0 {
                if let Err(err) = builder.add_edge(&edge) {
                    *self.0 = Err(err);
                }
            }
        }
        Ok(())
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
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = FileSeed { path }.deserialize(&mut de).and_then(|built| de.end().map(|()| built));
    match parsed {
        Ok(built) => built,
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
    match ron::Options::default().from_str_seed(text, FileSeed { path }) {
        Ok(built) => built,
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

    impl KnowledgeGraph {
        /// Merges `other` into this graph and returns it: test shorthand.
        fn tap_add(mut self, other: KnowledgeGraph) -> Self {
            self.merge(&other).expect("graphs without shared documents merge");
            self
        }
    }

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
    fn fields_in_any_order_load_the_same() {
        let g = KnowledgeGraph::new().with_max_evidence(5).tap_add(sample());
        let json = g.to_json_string();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        // Edges first: they wait until the header and the actors are read.
        let fields = ["edges", "actors", "documents", "max_evidence", "version", "format"];
        let reordered = format!(
            "{{{}}}",
            fields.iter().map(|f| format!("{:?}: {}", f, value[f])).collect::<Vec<_>>().join(", ")
        );
        assert_eq!(KnowledgeGraph::from_json_str(&reordered).unwrap(), g);
        // The evidence limit is checked wherever it comes.
        let over = reordered.replace("\"max_evidence\": 5", "\"max_evidence\": 1");
        let err = KnowledgeGraph::from_json_str(&over).unwrap_err();
        assert!(err.to_string().contains("more than max_evidence 1"), "{err}");
        let twice = json.replacen("\"version\": 3,", "\"version\": 3, \"version\": 3,", 1);
        let err = KnowledgeGraph::from_json_str(&twice).unwrap_err();
        assert!(err.to_string().contains("duplicate field `version`"), "{err}");
    }

    #[test]
    fn a_syntax_error_after_a_bad_edge_is_reported_as_such() {
        let text = r#"{"format":"actorgraph-graph","version":1,"actors":[{"id":"A","kind":"state"}],
            "edges":[{"subject":"A","relation":"meet","object":"Ghost","evidence":[]},
                     {"subject":"A","relation":"meet","object":"A","evidence":[] oops"#;
        assert!(matches!(KnowledgeGraph::from_json_str(text), Err(GraphError::Json { line: 3, .. })));
        let whole = text.replace("[] oops", "[]}]}");
        assert!(matches!(KnowledgeGraph::from_json_str(&whole), Err(GraphError::UnknownActor { .. })));
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
