//! Reading documents on several threads, with results handed on in input
//! order, and a progress bar on a terminal.
//!
//! Documents are gathered into batches (bounded in count and bytes, so
//! memory stays flat whatever the corpus size); each batch is read by a
//! rayon pool while the caller goes on reading the next one from its input,
//! and its results go to the caller's sink in the order the documents came
//! in. The output is therefore identical for any number of threads. With
//! one thread nothing is batched or copied.

use std::collections::VecDeque;
use std::io::{self, IsTerminal};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use actorgraph::text::Document;

use super::output::{diag, Level};
use super::RunArgs;

/// Most documents in one batch.
const BATCH_DOCS: usize = 1024;
/// Most bytes of text in one batch.
const BATCH_BYTES: usize = 4 << 20;
/// Most batches in the pool while the caller reads the next: enough that
/// the pool stays busy while the caller waits on its output (a disk flush).
const BATCHES_IN_FLIGHT: usize = 3;

/// The work done on each document. Shared with the pool's threads, which
/// read a batch while the caller reads the next one.
pub(crate) type Work<R> = Arc<dyn Fn(&Document) -> R + Send + Sync>;

/// A batch read by the pool: its documents and their results (or the panic
/// of the work, to be resumed on the caller's thread).
type Finished<R> = (Vec<Document>, std::thread::Result<Vec<R>>);

/// Work per document, run in parallel; results reach a sink in input order.
pub(crate) struct Batches<R> {
    pool: Option<rayon::ThreadPool>,
    work: Work<R>,
    pending: Vec<Document>,
    pending_bytes: usize,
    /// Batches handed to the pool whose results are not yet sunk, oldest first.
    in_flight: VecDeque<mpsc::Receiver<Finished<R>>>,
    progress: Progress,
}

impl<R: Send + 'static> Batches<R> {
    /// A runner with `run.threads` threads (all cores by default), at most
    /// as many as there are cores: more would only wait their turn, and
    /// thousands would exhaust the system. A lowered count is said in a
    /// note unless `quiet`.
    pub fn new(run: &RunArgs, work: Work<R>, quiet: bool) -> Result<Self> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = match run.threads {
            Some(0) => anyhow::bail!("--threads must be at least 1"),
            Some(n) if n > cores => {
                if !quiet {
                    diag(Level::Note, format_args!("--threads {n} lowered to {cores}, the number of cores available"));
                }
                cores
            }
            Some(n) => n,
            None => cores,
        };
        let pool = if threads > 1 {
            Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .thread_name(|i| format!("actorgraph-{i}"))
                    .build()
                    .context("starting worker threads")?,
            )
        } else {
            None
        };
        Ok(Batches { pool, work, pending: Vec::new(), pending_bytes: 0, in_flight: VecDeque::new(), progress: Progress::new() })
    }

    /// Takes one document; hands finished results to `sink`, in input order.
    pub fn push(&mut self, doc: &Document, sink: &mut dyn FnMut(&Document, R) -> io::Result<()>) -> io::Result<()> {
        if self.pool.is_none() {
            let result = (self.work)(doc);
            self.progress.add(doc);
            return sink(doc, result);
        }
        self.pending_bytes += doc.text.len();
        self.pending.push(doc.clone());
        if self.pending.len() >= BATCH_DOCS || self.pending_bytes >= BATCH_BYTES {
            self.submit();
            // The batches handed on keep the pool busy while older ones are
            // written out and the next one is read.
            while self.in_flight.len() > BATCHES_IN_FLIGHT {
                self.sink_oldest(sink)?;
            }
        }
        Ok(())
    }

    /// Reads the documents taken so far and hands on all their results.
    pub fn flush(&mut self, sink: &mut dyn FnMut(&Document, R) -> io::Result<()>) -> io::Result<()> {
        self.submit();
        while !self.in_flight.is_empty() {
            self.sink_oldest(sink)?;
        }
        Ok(())
    }

    /// Hands the pending documents to the pool.
    fn submit(&mut self) {
        let Some(pool) = &self.pool else { return };
        if self.pending.is_empty() {
            return;
        }
        let docs = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        let work = Arc::clone(&self.work);
        let (done, finished) = mpsc::sync_channel(1);
        pool.spawn(move || {
            let results = panic::catch_unwind(AssertUnwindSafe(|| docs.par_iter().with_max_len(1).map(|doc| work(doc)).collect()));
            // Nobody waits when the run stopped early: the results are dropped.
            let _ = done.send((docs, results));
        });
        self.in_flight.push_back(finished);
    }

    /// Waits for the oldest batch in the pool and hands its results to `sink`.
    fn sink_oldest(&mut self, sink: &mut dyn FnMut(&Document, R) -> io::Result<()>) -> io::Result<()> {
        let Some(finished) = self.in_flight.pop_front() else { return Ok(()) };
        let (docs, results) = finished.recv().map_err(|_| io::Error::other("a worker thread stopped without its results"))?;
        let results = results.unwrap_or_else(|payload| panic::resume_unwind(payload));
        for (doc, result) in docs.iter().zip(results) {
            self.progress.add(doc);
            sink(doc, result)?;
        }
        Ok(())
    }

    /// Ends the run: clears the progress bar.
    pub fn finish(self) {
        self.progress.finish();
    }
}

/// A progress line on standard error, only when it is a terminal:
/// documents, documents per second, megabytes and megabytes per second.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    bytes: u64,
    docs: u64,
    last: Instant,
}

impl Progress {
    fn new() -> Self {
        let bar = io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {human_pos} documents {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(125));
            bar
        });
        let now = Instant::now();
        Progress { bar, started: now, bytes: 0, docs: 0, last: now }
    }

    fn add(&mut self, doc: &Document) {
        let Some(bar) = &self.bar else { return };
        self.bytes += doc.text.len() as u64;
        self.docs += 1;
        bar.inc(1);
        let now = Instant::now();
        if now.duration_since(self.last) >= Duration::from_millis(100) {
            self.last = now;
            let secs = now.duration_since(self.started).as_secs_f64().max(1e-9);
            let mb = self.bytes as f64 / 1e6;
            bar.set_message(format!("({:.0}/s), {mb:.1} MB ({:.1} MB/s)", self.docs as f64 / secs, mb / secs));
        }
    }

    fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
