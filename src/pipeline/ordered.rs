//! The loop at the heart of a [`Pipeline`](super::Pipeline) run: documents
//! come in from a reader thread, are read by a thread pool in batches, and
//! leave, with their results, in the order they came in.
//!
//! One channel carries everything the loop waits for: documents and notices
//! from the reader, finished batches from the pool. So the loop can block
//! on "whatever comes next", and a result finished while the input is quiet
//! (a pipe that sends a record and waits for its triples) is handed on at
//! once rather than when the next document arrives.
//!
//! Memory is bounded on every side: the reader runs at most [`READ_AHEAD`]
//! documents ahead (it waits for credit), a batch holds at most
//! [`BATCH_DOCS`] documents or [`BATCH_BYTES`] bytes, and while more than
//! [`IN_FLIGHT_DOCS`] documents or [`IN_FLIGHT_BYTES`] bytes are in the pool
//! the reader gets no more credit.

use std::collections::{BTreeMap, VecDeque};
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender, TryRecvError};
use std::sync::Arc;

use rayon::prelude::*;

use super::{DocumentSource, Event, OnInvalid, PipelineError};
use crate::text::{Document, InputError, Notice, ReadSummary};

/// Most documents in one batch.
const BATCH_DOCS: usize = 1024;
/// Most bytes of text in one batch.
const BATCH_BYTES: usize = 4 << 20;
/// Most documents handed to the pool and not yet handed on: enough that
/// the pool stays busy while the caller waits on its output (a disk flush).
const IN_FLIGHT_DOCS: usize = 3 * BATCH_DOCS;
/// Most bytes of text handed to the pool and not yet handed on.
const IN_FLIGHT_BYTES: usize = 3 * BATCH_BYTES;
/// Most documents the reader reads ahead of the loop.
const READ_AHEAD: usize = 16;

/// The work done on each document, shared with the pool's threads.
pub(super) type Work<R> = Arc<dyn Fn(&Document) -> R + Send + Sync>;

/// What the loop waits for.
enum Message<R> {
    Document(Document),
    Notice(Notice),
    /// The reader is done: how reading went, or the panic of the source.
    Read(std::thread::Result<Result<ReadSummary, InputError>>),
    /// A batch read by the pool: its number, documents and results (or
    /// the panic of the work, resumed on the caller's thread).
    Finished(u64, Vec<Document>, std::thread::Result<Vec<R>>),
}

/// Why the reader stopped early.
enum ReadStop {
    Input(InputError),
    /// The loop is gone (its run failed): nothing more is wanted.
    Abandoned,
}

impl From<InputError> for ReadStop {
    fn from(e: InputError) -> Self {
        ReadStop::Input(e)
    }
}

/// Reads `source` on a thread of its own, sending what it finds to `out`,
/// one document per credit taken from `credit`. The thread is not joined:
/// a run that stops early must not wait for an input that may never end
/// (a terminal, a pipe that stays open); it ends at its next document.
fn spawn_reader<S: DocumentSource, R: Send + 'static>(
    source: S,
    policy: OnInvalid,
    out: Sender<Message<R>>,
    credit: Receiver<()>,
) -> Result<(), PipelineError> {
    let read = move || {
        let notices = out.clone();
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            let on_document = &mut |doc: &Document| -> Result<(), ReadStop> {
                credit.recv().map_err(|_| ReadStop::Abandoned)?;
                out.send(Message::Document(doc.clone()))
                    .map_err(|_| ReadStop::Abandoned)
            };
            let on_notice = &mut |notice| {
                let _ = notices.send(Message::Notice(notice));
            };
            source.read_documents(policy, (on_document, on_notice))
        }));
        let result = match result {
            Ok(Err(ReadStop::Abandoned)) => return,
            Ok(Err(ReadStop::Input(e))) => Ok(Err(e)),
            Ok(Ok(summary)) => Ok(Ok(summary)),
            Err(payload) => Err(payload),
        };
        let _ = out.send(Message::Read(result));
    };
    std::thread::Builder::new()
        .name("actorgraph-read".into())
        .spawn(read)
        .map(drop)
        .map_err(PipelineError::Threads)
}

/// Runs `work` on every document of `source`, on `pool` (or on this thread
/// without one), handing events to `on` in input order.
pub(super) fn run<S, R, E>(
    pool: Option<&Arc<rayon::ThreadPool>>,
    policy: OnInvalid,
    source: S,
    work: Work<R>,
    on: &mut dyn FnMut(Event<'_, R>) -> Result<(), E>,
) -> Result<ReadSummary, E>
where
    S: DocumentSource,
    R: Send + 'static,
    E: From<PipelineError>,
{
    let (to_loop, messages) = mpsc::channel();
    let (credit, credits) = mpsc::sync_channel(READ_AHEAD);
    for _ in 0..READ_AHEAD {
        let _ = credit.send(());
    }
    spawn_reader(source, policy, to_loop.clone(), credits)?;
    let mut state = Loop {
        pool: pool.cloned(),
        work,
        to_loop,
        credit,
        owed: 0,
        pending: Vec::new(),
        pending_bytes: 0,
        submitted: 0,
        next: 0,
        finished: BTreeMap::new(),
        in_flight: VecDeque::new(),
        in_flight_bytes: 0,
    };
    let mut read = None;
    loop {
        state.hand_on_finished(on)?;
        if read.is_some() && state.in_flight.is_empty() && state.pending.is_empty() {
            break;
        }
        let message = match messages.try_recv() {
            Ok(message) => message,
            Err(TryRecvError::Empty) => {
                // Nothing has come in: what was read so far goes to the pool
                // now, and what was handed on is flushed, before waiting.
                state.submit();
                on(Event::Idle)?;
                messages.recv().expect("the loop holds a sender")
            }
            Err(TryRecvError::Disconnected) => unreachable!("the loop holds a sender"),
        };
        match message {
            Message::Document(doc) => state.take(doc, on)?,
            Message::Notice(notice) => on(Event::Notice(notice))?,
            Message::Read(result) => {
                state.submit();
                read = Some(result.unwrap_or_else(|payload| panic::resume_unwind(payload)));
            }
            Message::Finished(batch, docs, results) => {
                state.finished.insert(batch, (docs, results));
            }
        }
    }
    on(Event::Idle)?;
    read.expect("the loop ends after the reader")
        .map_err(|e| PipelineError::Input(e).into())
}

/// The state of one run's loop.
struct Loop<R> {
    pool: Option<Arc<rayon::ThreadPool>>,
    work: Work<R>,
    /// For the pool's batches to report back.
    to_loop: Sender<Message<R>>,
    /// Lets the reader read one more document.
    credit: SyncSender<()>,
    /// Credits held back while the pool has enough to do.
    owed: usize,
    pending: Vec<Document>,
    pending_bytes: usize,
    /// Batches handed to the pool so far; the next one's number.
    submitted: u64,
    /// The number of the batch to hand on next.
    next: u64,
    /// Batches finished out of turn, by number.
    finished: BTreeMap<u64, (Vec<Document>, std::thread::Result<Vec<R>>)>,
    /// Documents and bytes of each batch in the pool and not yet handed on, oldest first.
    in_flight: VecDeque<(usize, usize)>,
    in_flight_bytes: usize,
}

impl<R: Send + 'static> Loop<R> {
    /// Takes one document from the reader: read at once without a pool,
    /// else added to the pending batch.
    fn take<E>(
        &mut self,
        doc: Document,
        on: &mut dyn FnMut(Event<'_, R>) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.pool.is_none() {
            let _ = self.credit.send(());
            let result = (self.work)(&doc);
            return on(Event::Document(&doc, result));
        }
        self.pending_bytes += doc.text.len();
        self.pending.push(doc);
        if self.pending.len() >= BATCH_DOCS || self.pending_bytes >= BATCH_BYTES {
            self.submit();
        }
        self.owed += 1;
        self.pay_credit();
        Ok(())
    }

    /// Gives the reader the credit it is owed while the pool has room.
    fn pay_credit(&mut self) {
        let docs: usize =
            self.in_flight.iter().map(|(docs, _)| docs).sum::<usize>() + self.pending.len();
        while self.owed > 0 && docs < IN_FLIGHT_DOCS && self.in_flight_bytes < IN_FLIGHT_BYTES {
            self.owed -= 1;
            let _ = self.credit.send(());
        }
    }

    /// Hands the pending documents to the pool as one batch.
    fn submit(&mut self) {
        let Some(pool) = &self.pool else { return };
        if self.pending.is_empty() {
            return;
        }
        let docs = std::mem::take(&mut self.pending);
        self.in_flight.push_back((docs.len(), self.pending_bytes));
        self.in_flight_bytes += self.pending_bytes;
        self.pending_bytes = 0;
        let (work, report, batch) = (Arc::clone(&self.work), self.to_loop.clone(), self.submitted);
        self.submitted += 1;
        pool.spawn(move || {
            let results = panic::catch_unwind(AssertUnwindSafe(|| {
                docs.par_iter()
                    .with_max_len(1)
                    .map(|doc| work(doc))
                    .collect()
            }));
            // Nobody listens when the run stopped early: the results are dropped.
            let _ = report.send(Message::Finished(batch, docs, results));
        });
    }

    /// Hands on, in order, the results of every batch finished in turn.
    fn hand_on_finished<E>(
        &mut self,
        on: &mut dyn FnMut(Event<'_, R>) -> Result<(), E>,
    ) -> Result<(), E> {
        while let Some((docs, results)) = self.finished.remove(&self.next) {
            self.next += 1;
            let (_, bytes) = self
                .in_flight
                .pop_front()
                .expect("a finished batch was in flight");
            self.in_flight_bytes -= bytes;
            let results = results.unwrap_or_else(|payload| panic::resume_unwind(payload));
            for (doc, result) in docs.iter().zip(results) {
                on(Event::Document(doc, result))?;
            }
            self.pay_credit();
        }
        Ok(())
    }
}
