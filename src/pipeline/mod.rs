//! Reading many documents on several threads, with results handed on in
//! input order: the one code path the command line, the Python package
//! and a Spark job share.
//!
//! A [`Pipeline`] holds a compiled [`Extractor`] (read-only, shared by every
//! thread; each thread keeps its own scratch space) and how to run it: how
//! many threads, and what to do with an input that cannot be read
//! ([`OnInvalid`]). Documents come from a [`DocumentSource`] — the
//! [`Inputs`] of a run (files, directories, standard input) or any iterator
//! of documents — and every result reaches the caller in the order its
//! document came in, so the output is the same, byte for byte, for any
//! number of threads.
//!
//! ```
//! use actorgraph::{extract::Extractor, pipeline::{Event, Pipeline, TripleFormat}, schema::Schema, text::Document};
//!
//! let pipeline = Pipeline::new(Extractor::new(&Schema::embedded()?)?).threads(2);
//! let docs = vec![
//!     Ok(Document::new("a", "Pyongyang has sent artillery shells to Moscow.")),
//!     Ok(Document::new("b", "Seoul warned the Kremlin on Monday.")),
//! ];
//! let mut out = Vec::new();
//! let summary = pipeline.write_triples(docs, TripleFormat::Jsonl, &mut out, |_| ())?;
//! assert_eq!(summary.documents, 2);
//! let lines: Vec<&str> = std::str::from_utf8(&out)?.lines().collect();
//! assert!(lines[0].starts_with(r#"{"doc":"a","subject":{"id":"North Korea""#), "{}", lines[0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Memory stays flat whatever the size of the input: documents are read
//! a few at a time ahead of the pool and handed to it in batches bounded in
//! count and bytes. When the input has nothing ready, what was read so far
//! goes to the pool at once and the caller is told ([`Event::Idle`]), so
//! that a writer flushes: `actorgraph extract -` works as a streaming
//! filter behind a pipe that sends a record and waits for its triples.

mod ordered;
mod triple_format;

use std::io::{self, Write};
use std::sync::Arc;

pub use triple_format::TripleFormat;

use crate::extract::Extractor;
use crate::model::Triple;
use crate::text::{Document, InputError, Inputs, Notice, ReadSummary};

/// Errors of a pipeline run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// Reading the input failed: under [`OnInvalid::Stop`], the first bad
    /// input; in any case, inputs of which nothing could be read. The
    /// error names the file (and line and column for a record).
    #[error(transparent)]
    Input(#[from] InputError),
    /// Writing the output failed.
    #[error("writing the output: {0}")]
    Write(#[source] io::Error),
    /// The system would not start the threads of a run.
    #[error("starting worker threads: {0}")]
    Threads(#[source] io::Error),
}

/// What a run does with an input it cannot read (missing, a directory it
/// cannot list, binary, not UTF-8, UTF-16, over the size limit) and with a
/// malformed JSON-lines record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OnInvalid {
    /// Report it as an [`Event::Notice`] ([`Notice::Skipped`]), count it in
    /// [`ReadSummary::skipped`], and go on with the rest.
    #[default]
    Skip,
    /// End the run at it with [`InputError::Strict`], after handing on the
    /// results of the documents read before it. Under this policy a
    /// document read with a change (a date that is not ISO 8601, an id
    /// already used) also ends the run instead of being kept with a notice.
    Stop,
}

/// What a run hands to its caller, in input order.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a, R> {
    /// A document and the result of the work on it.
    Document(&'a Document, R),
    /// A problem with the input: skipped, read with a change, or passed
    /// over (see [`Notice`]). It comes as soon as it is found, which may be
    /// before the results of the documents read before it.
    Notice(Notice),
    /// The input has nothing ready, and everything finished so far has been
    /// handed on: a caller that writes should flush now.
    Idle,
}

/// Where a run's documents come from: the [`Inputs`] of a run, or any
/// iterator of documents (`Vec<Result<Document, InputError>>`, an
/// [`open_documents`](crate::text::open_documents) reader, a mapped
/// iterator of records). The source is read on a thread of its own.
///
/// ```
/// use actorgraph::pipeline::{DocumentSource, OnInvalid};
/// use actorgraph::text::{Document, InputError};
/// let docs = vec![Ok(Document::new("a", "Seoul met Tokyo.")), Err(InputError::NothingRead { tried: "x".into() })];
/// let (mut ids, mut notices) = (Vec::new(), 0);
/// let summary = docs.read_documents::<InputError>(OnInvalid::Skip, (&mut |d: &Document| Ok(ids.push(d.id.clone())), &mut |_| notices += 1))?;
/// assert_eq!((ids, notices, summary.skipped), (vec!["a".to_string()], 1, 1));
/// # Ok::<(), InputError>(())
/// ```
pub trait DocumentSource: Send + 'static {
    /// Hands each document to `on.0` and each problem to `on.1`, in
    /// order, applying `policy` to bad inputs; an error from `on.0` stops
    /// the reading.
    fn read_documents<E: From<InputError>>(
        self,
        policy: OnInvalid,
        on: Callbacks<'_, E>,
    ) -> Result<ReadSummary, E>;
}

impl DocumentSource for Inputs {
    fn read_documents<E: From<InputError>>(
        self,
        policy: OnInvalid,
        on: Callbacks<'_, E>,
    ) -> Result<ReadSummary, E> {
        let (on_document, on_notice) = on;
        self.strict(policy == OnInvalid::Stop)
            .read(on_document, on_notice)
    }
}

impl<I> DocumentSource for I
where
    I: IntoIterator<Item = Result<Document, InputError>> + Send + 'static,
{
    fn read_documents<E: From<InputError>>(
        self,
        policy: OnInvalid,
        on: Callbacks<'_, E>,
    ) -> Result<ReadSummary, E> {
        let (on_document, on_notice) = on;
        let mut summary = ReadSummary::default();
        for doc in self {
            match doc {
                Ok(doc) => {
                    summary.documents += 1;
                    on_document(&doc)?;
                }
                Err(e) if policy == OnInvalid::Stop => {
                    return Err(InputError::Strict(Box::new(e)).into())
                }
                Err(e) => {
                    summary.skipped += 1;
                    on_notice(Notice::Skipped(e));
                }
            }
        }
        Ok(summary)
    }
}

/// What a [`DocumentSource`] hands its documents and its notices to.
pub type Callbacks<'a, E> = (
    &'a mut dyn FnMut(&Document) -> Result<(), E>,
    &'a mut dyn FnMut(Notice),
);

/// A compiled extractor and how to run it over many documents.
///
/// Cloning is cheap: the extractor is shared.
#[derive(Clone)]
pub struct Pipeline {
    extractor: Arc<Extractor>,
    threads: usize,
    on_invalid: OnInvalid,
}

impl Pipeline {
    /// A pipeline running `extractor` on every core, skipping bad inputs.
    ///
    /// ```
    /// # use actorgraph::{extract::Extractor, pipeline::Pipeline, schema::Schema};
    /// let pipeline = Pipeline::new(Extractor::new(&Schema::embedded()?)?);
    /// assert!(pipeline.thread_count() >= 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(extractor: impl Into<Arc<Extractor>>) -> Pipeline {
        Pipeline {
            extractor: extractor.into(),
            threads: cores(),
            on_invalid: OnInvalid::default(),
        }
    }

    /// Runs on `n` threads; 0 means one per core. More threads than cores
    /// would only wait their turn (and thousands would exhaust the system),
    /// so `n` is lowered to the number of cores: see
    /// [`thread_count`](Self::thread_count). With one thread, documents
    /// are read on the caller's thread, one at a time.
    ///
    /// ```
    /// # use actorgraph::{extract::Extractor, pipeline::Pipeline, schema::Schema};
    /// let pipeline = Pipeline::new(Extractor::new(&Schema::embedded()?)?);
    /// assert_eq!(pipeline.clone().threads(1).thread_count(), 1);
    /// assert_eq!(pipeline.clone().threads(100_000).thread_count(), pipeline.threads(0).thread_count());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn threads(mut self, n: usize) -> Pipeline {
        self.threads = if n == 0 { cores() } else { n.min(cores()) };
        self
    }

    /// The number of threads a run uses.
    pub fn thread_count(&self) -> usize {
        self.threads
    }

    /// What to do with inputs that cannot be read (see [`OnInvalid`]).
    ///
    /// ```
    /// use actorgraph::{extract::Extractor, pipeline::{OnInvalid, Pipeline}, schema::Schema, text::{Document, InputError}};
    /// let pipeline = Pipeline::new(Extractor::new(&Schema::embedded()?)?);
    /// let docs = || vec![
    ///     Ok(Document::new("a", "Seoul met Tokyo.")),
    ///     Err(InputError::BadRecord { path: "in.jsonl".into(), line: 2, column: 1, message: "EOF".into() }),
    ///     Ok(Document::new("c", "Tokyo met Seoul.")),
    /// ];
    /// let mut seen = Vec::new();
    /// let summary = pipeline.map(docs(), |_, doc| doc.id.clone(), |event| -> Result<(), actorgraph::pipeline::PipelineError> {
    ///     if let actorgraph::pipeline::Event::Document(_, id) = event { seen.push(id) }
    ///     Ok(())
    /// })?;
    /// assert_eq!((seen, summary.skipped), (vec!["a".to_string(), "c".to_string()], 1));
    ///
    /// let stop = pipeline.on_invalid(OnInvalid::Stop).map(docs(), |_, _| (), |_| Ok::<_, actorgraph::pipeline::PipelineError>(()));
    /// assert!(stop.unwrap_err().to_string().starts_with("in.jsonl:2:1: "));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn on_invalid(mut self, policy: OnInvalid) -> Pipeline {
        self.on_invalid = policy;
        self
    }

    /// The extractor every thread shares.
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }

    /// Runs `work` on every document of `source`, on the pipeline's
    /// threads, and hands each result to `on` (as [`Event::Document`]) in
    /// input order, with the notices and idle moments of the run between
    /// them. An error from `on` stops the run and is returned; so is a
    /// [`PipelineError`] (a bad input under [`OnInvalid::Stop`], nothing
    /// readable), once the documents read before it have been handed on.
    ///
    /// `work` runs on the pool's threads: do there what can be done per
    /// document (serialising, hashing), and keep `on` for what must be done
    /// in order.
    ///
    /// ```
    /// use actorgraph::{extract::Extractor, pipeline::{Event, Pipeline, PipelineError}, schema::Schema, text::Document};
    /// let pipeline = Pipeline::new(Extractor::new(&Schema::embedded()?)?).threads(2);
    /// let docs: Vec<_> = (0..50).map(|i| Ok(Document::new(format!("d{i}"), "Seoul met Tokyo. ".repeat(i % 3)))).collect();
    /// let mut counts = Vec::new();
    /// pipeline.map(docs, |extractor, doc| extractor.extract(doc).len(), |event| {
    ///     if let Event::Document(doc, n) = event { counts.push((doc.id.clone(), n)) }
    ///     Ok::<(), PipelineError>(())
    /// })?;
    /// assert_eq!(counts.len(), 50);
    /// assert_eq!(counts[7], ("d7".to_string(), 1), "in input order");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn map<S, R, E>(
        &self,
        source: S,
        work: impl Fn(&Extractor, &Document) -> R + Send + Sync + 'static,
        mut on: impl FnMut(Event<'_, R>) -> Result<(), E>,
    ) -> Result<ReadSummary, E>
    where
        S: DocumentSource,
        R: Send + 'static,
        E: From<PipelineError>,
    {
        let extractor = Arc::clone(&self.extractor);
        let work: ordered::Work<R> = Arc::new(move |doc: &Document| work(&extractor, doc));
        let pool = self.pool()?;
        ordered::run(pool.as_ref(), self.on_invalid, source, work, &mut on)
    }

    /// Extracts the triples of every document of `source`, handing each
    /// document's triples to `on` in input order (see [`map`](Self::map)).
    ///
    /// ```
    /// use actorgraph::{extract::Extractor, pipeline::{Event, Pipeline, PipelineError}, schema::Schema, text::Document, KnowledgeGraph};
    /// let pipeline = Pipeline::new(Extractor::new(&Schema::embedded()?)?);
    /// let mut graph = KnowledgeGraph::new();
    /// let docs = vec![Ok(Document::new("a", "North Korea has supplied artillery shells to Russia."))];
    /// pipeline.for_each_triple(docs, |event| {
    ///     if let Event::Document(_, triples) = event { graph.extend(triples) }
    ///     Ok::<(), PipelineError>(())
    /// })?;
    /// assert_eq!(graph.edge_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn for_each_triple<S, E>(
        &self,
        source: S,
        on: impl FnMut(Event<'_, Vec<Triple>>) -> Result<(), E>,
    ) -> Result<ReadSummary, E>
    where
        S: DocumentSource,
        E: From<PipelineError>,
    {
        self.map(source, |extractor, doc| extractor.extract(doc), on)
    }

    /// Extracts the triples of every document of `source` and writes them
    /// to `out` in `format`, in input order, flushing `out` whenever the
    /// input has nothing ready. `on` sees each document once its triples
    /// are written (for progress), and every notice.
    ///
    /// Triples are serialised on the pool's threads; the output is the same,
    /// byte for byte, for any number of threads. After a reading error the
    /// triples read before it are written (and a JSON array is closed)
    /// before the error is returned.
    ///
    /// ```
    /// use actorgraph::{extract::Extractor, pipeline::{Pipeline, TripleFormat}, schema::Schema, text::Document};
    /// let pipeline = Pipeline::new(Extractor::new(&Schema::embedded()?)?);
    /// let docs = || vec![Ok(Document::new("a", "North Korea has supplied artillery shells to Russia."))];
    /// let mut json = Vec::new();
    /// pipeline.write_triples(docs(), TripleFormat::Json, &mut json, |_| ())?;
    /// assert!(json.starts_with(b"[{\"doc\":\"a\"") && json.ends_with(b"}]\n"));
    /// let mut tsv = Vec::new();
    /// pipeline.write_triples(docs(), TripleFormat::Tsv, &mut tsv, |_| ())?;
    /// assert!(String::from_utf8(tsv)?.starts_with("doc\tsentence\tsubject\trelation\tobject\tmodality\trule\tpredicate\na\t0\tNorth Korea\tsupply\tRussia\t"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_triples<S>(
        &self,
        source: S,
        format: TripleFormat,
        out: &mut dyn Write,
        mut on: impl FnMut(Event<'_, ()>),
    ) -> Result<ReadSummary, PipelineError>
    where
        S: DocumentSource,
    {
        let mut writer =
            triple_format::TripleWriter::new(out, format).map_err(PipelineError::Write)?;
        let read = self.map(
            source,
            move |extractor, doc| triple_format::encode_document(extractor, doc, format),
            |event| -> Result<(), PipelineError> {
                match event {
                    Event::Document(doc, bytes) => {
                        writer
                            .write_document(&bytes)
                            .map_err(PipelineError::Write)?;
                        on(Event::Document(doc, ()));
                    }
                    Event::Notice(notice) => on(Event::Notice(notice)),
                    Event::Idle => {
                        writer.flush().map_err(PipelineError::Write)?;
                        on(Event::Idle);
                    }
                }
                Ok(())
            },
        );
        match read {
            Err(PipelineError::Write(e)) => Err(PipelineError::Write(e)),
            // What was read before a reading error is written out whole.
            read => {
                writer.finish().map_err(PipelineError::Write)?;
                read
            }
        }
    }

    /// The pool of a run, or none for one thread.
    fn pool(&self) -> Result<Option<Arc<rayon::ThreadPool>>, PipelineError> {
        if self.threads <= 1 {
            return Ok(None);
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .thread_name(|i| format!("actorgraph-{i}"))
            .build()
            .map_err(|e| PipelineError::Threads(io::Error::other(e)))?;
        Ok(Some(Arc::new(pool)))
    }
}

/// The cores this process may use.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
