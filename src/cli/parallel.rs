//! Reading documents on several threads, with results handed on in input
//! order, and a progress bar on a terminal.
//!
//! Documents are gathered into batches (bounded in count and bytes, so
//! memory stays flat whatever the corpus size); each batch is read by a
//! rayon pool, and its results go to the caller's sink in the order the
//! documents came in. The output is therefore identical for any number of
//! threads. With one thread nothing is batched or copied.

use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use actorgraph::text::Document;

use super::RunArgs;

/// Most documents in one batch.
const BATCH_DOCS: usize = 1024;
/// Most bytes of text in one batch.
const BATCH_BYTES: usize = 4 << 20;

/// Work per document, run in parallel; results reach a sink in input order.
pub(crate) struct Batches<'w, R> {
    pool: Option<rayon::ThreadPool>,
    work: &'w (dyn Fn(&Document) -> R + Sync),
    pending: Vec<Document>,
    pending_bytes: usize,
    progress: Progress,
}

impl<'w, R: Send> Batches<'w, R> {
    /// A runner with `run.threads` threads (all cores by default).
    pub fn new(run: &RunArgs, work: &'w (dyn Fn(&Document) -> R + Sync)) -> Result<Self> {
        let threads = match run.threads {
            Some(0) => anyhow::bail!("--threads must be at least 1"),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
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
        Ok(Batches { pool, work, pending: Vec::new(), pending_bytes: 0, progress: Progress::new() })
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
            self.flush(sink)?;
        }
        Ok(())
    }

    /// Reads the documents taken so far and hands on their results.
    pub fn flush(&mut self, sink: &mut dyn FnMut(&Document, R) -> io::Result<()>) -> io::Result<()> {
        let docs = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        if docs.is_empty() {
            return Ok(());
        }
        let work = self.work;
        let results: Vec<R> = match &self.pool {
            Some(pool) => pool.install(|| docs.par_iter().with_max_len(1).map(work).collect()),
            None => docs.iter().map(work).collect(),
        };
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
