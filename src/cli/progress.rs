//! A progress line on standard error while documents are read, only when
//! it is a terminal.

use std::io::{self, IsTerminal};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use actorgraph::text::Document;

/// Documents, documents per second, megabytes and megabytes per second.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    bytes: u64,
    docs: u64,
    last: Instant,
}

impl Progress {
    pub(crate) fn new() -> Self {
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
        Progress {
            bar,
            started: now,
            bytes: 0,
            docs: 0,
            last: now,
        }
    }

    /// Counts one document handed on.
    pub(crate) fn add(&mut self, doc: &Document) {
        let Some(bar) = &self.bar else { return };
        self.bytes += doc.text.len() as u64;
        self.docs += 1;
        bar.inc(1);
        let now = Instant::now();
        if now.duration_since(self.last) >= Duration::from_millis(100) {
            self.last = now;
            let secs = now.duration_since(self.started).as_secs_f64().max(1e-9);
            let mb = self.bytes as f64 / 1e6;
            bar.set_message(format!(
                "({:.0}/s), {mb:.1} MB ({:.1} MB/s)",
                self.docs as f64 / secs,
                mb / secs
            ));
        }
    }

    /// Clears the progress line.
    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
