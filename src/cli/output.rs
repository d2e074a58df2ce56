//! Printing query answers: a readable table, one JSON array, or JSON lines.

use std::fmt;
use std::io::{self, IsTerminal, Write};

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::{json, Value};

use actorgraph::model::{ActorId, Modality};
use actorgraph::query::{EgoNetwork, Link, Path, PatternMatch, Ranking, Score};

use std::sync::atomic::{AtomicBool, Ordering};

use super::{ColorChoice, QueryFormat};

/// Whether messages on standard error are coloured.
static COLOR: AtomicBool = AtomicBool::new(false);

/// Settles, once, whether messages are coloured.
pub(crate) fn set_color(choice: ColorChoice) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !no_color && io::stderr().is_terminal(),
    };
    COLOR.store(on, Ordering::Relaxed);
}

/// How serious a message is.
#[derive(Clone, Copy)]
pub(crate) enum Level {
    Error,
    Warning,
    Note,
}

/// Prints `actorgraph: LEVEL: message` on standard error, the level
/// coloured when [`set_color`] says so. A closed standard error is no
/// reason to stop (nor to panic, as `eprintln!` would).
pub(crate) fn diag(level: Level, message: fmt::Arguments<'_>) {
    let (name, colour) = match level {
        Level::Error => ("error", "1;31"),
        Level::Warning => ("warning", "1;33"),
        Level::Note => ("note", "1;36"),
    };
    let mut err = io::stderr().lock();
    let _ = if COLOR.load(Ordering::Relaxed) {
        writeln!(err, "actorgraph: \x1b[{colour}m{name}:\x1b[0m {message}")
    } else {
        writeln!(err, "actorgraph: {name}: {message}")
    };
}

/// Standard output was closed by its reader (`| head`): the run stops
/// quietly, with exit code 0, once every file output is written.
#[derive(Debug)]
pub(crate) struct StdoutClosed;

impl fmt::Display for StdoutClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("standard output was closed")
    }
}

impl std::error::Error for StdoutClosed {}

/// Writes to standard output at once (see the `say!` macro), with control
/// characters made visible on a terminal.
pub(crate) fn say(args: fmt::Arguments<'_>) -> Result<()> {
    let mut out = human_stdout();
    stdout_result(out.write_fmt(args).and_then(|()| out.flush()))
}

/// Standard output for text meant for people (summaries, tables, explain,
/// TSV): on a terminal, control characters from the input are rendered
/// visibly ([`Visible`]), so that a document cannot move the cursor,
/// recolour the screen or set the window title; elsewhere, bytes as they are.
pub(crate) fn human_stdout() -> Box<dyn Write> {
    let stdout = io::stdout();
    if stdout.is_terminal() {
        Box::new(Visible::new(io::BufWriter::new(stdout.lock())))
    } else {
        Box::new(io::BufWriter::new(stdout.lock()))
    }
}

/// A writer that renders control characters visibly, as `ls` and ripgrep
/// do on a terminal: C0 controls (but line feed and tab), DEL and invalid
/// UTF-8 as `\x1b`, C1 controls and the bidirectional embedding, override
/// and isolate characters as `\u{202e}`. A character split across writes
/// is held until it is whole.
pub(crate) struct Visible<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Visible<W> {
    pub(crate) fn new(inner: W) -> Self {
        Visible { inner, pending: Vec::new() }
    }
}

/// `text` with its control characters made visible (see [`Visible`]).
fn visible_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\0'..='\x1f' | '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
}

impl<W: Write> Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let mut out = String::new();
        let mut rest = &self.pending[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    visible_text(text, &mut out);
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    visible_text(std::str::from_utf8(valid).unwrap_or_default(), &mut out);
                    match e.error_len() {
                        Some(n) => {
                            for b in &after[..n] {
                                out.push_str(&format!("\\x{b:02x}"));
                            }
                            rest = &after[n..];
                        }
                        // A character cut short: its end comes with the next write.
                        None => {
                            rest = after;
                            break;
                        }
                    }
                }
            }
        }
        let kept = rest.len();
        self.pending.drain(..self.pending.len() - kept);
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `bytes` to standard output.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    stdout_result(out.write_all(bytes).and_then(|()| out.flush()))
}

/// A closed pipe becomes [`StdoutClosed`]; another error says it was standard output.
fn stdout_result(result: io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
        other => other.context("writing standard output"),
    }
}

/// Evidence sentences shown per link in the table.
const TABLE_EVIDENCE: usize = 3;

/// What a query found.
pub(crate) enum Answer {
    Ego(EgoNetwork),
    Links(Vec<Link>),
    Paths(Vec<Path>),
    Scores(Ranking, Vec<Score>),
    Components(Vec<Vec<ActorId>>),
    /// The pattern's variables, in order, and its matches.
    Matches(Vec<String>, Vec<PatternMatch>),
}

pub(crate) fn print_answer(answer: &Answer, format: QueryFormat) -> Result<()> {
    let mut out = human_stdout();
    let result = match format {
        QueryFormat::Table => table(&mut *out, answer),
        QueryFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &records(answer)).map_err(io::Error::from)?;
            writeln!(out)
        }
        QueryFormat::Jsonl => records(answer).iter().try_for_each(|r| {
            serde_json::to_writer(&mut out, r).map_err(io::Error::from)?;
            writeln!(out)
        }),
    };
    match result.and_then(|()| out.flush()) {
        // A closed pipe (`| head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// One JSON value per record: a link, a path, a score, a component, a match.
fn records(answer: &Answer) -> Vec<Value> {
    fn to_values<T: Serialize>(items: &[T]) -> Vec<Value> {
        items.iter().map(|i| serde_json::to_value(i).unwrap_or(Value::Null)).collect()
    }
    match answer {
        Answer::Ego(ego) => to_values(&ego.links),
        Answer::Links(links) => to_values(links),
        Answer::Paths(paths) => to_values(paths),
        Answer::Scores(ranking, scores) => scores
            .iter()
            .enumerate()
            .map(|(i, s)| json!({"rank": i + 1, "actor": s.actor, ranking.as_str(): s.score}))
            .collect(),
        Answer::Components(parts) => {
            parts.iter().map(|c| json!({"size": c.len(), "actors": c})).collect()
        }
        Answer::Matches(_, matches) => to_values(matches),
    }
}

fn table(out: &mut dyn Write, answer: &Answer) -> io::Result<()> {
    match answer {
        Answer::Ego(ego) => {
            if ego.links.is_empty() {
                writeln!(out, "(no links)")?;
            }
            let mut hop = 0;
            for l in &ego.links {
                if ego.links.iter().any(|l| l.hop > 1) && l.hop != hop {
                    hop = l.hop;
                    writeln!(out, "── {hop} step{} from {}", if hop > 1 { "s" } else { "" }, ego.center)?;
                }
                link_row(out, &l.link, "")?;
            }
        }
        Answer::Links(links) => {
            if links.is_empty() {
                writeln!(out, "(no links)")?;
            }
            for l in links {
                link_row(out, l, "")?;
            }
        }
        Answer::Paths(paths) => {
            if paths.is_empty() {
                writeln!(out, "(no path)")?;
            }
            for (i, p) in paths.iter().enumerate() {
                let mut line = p.actors.first().map(ToString::to_string).unwrap_or_default();
                for step in &p.steps {
                    line.push_str(&format!(" —[{}]→ {}", step.describe(), step.to));
                }
                writeln!(out, "{}. {line}", i + 1)?;
                for step in &p.steps {
                    for l in &step.links {
                        link_row(out, l, "   ")?;
                    }
                }
            }
        }
        Answer::Scores(ranking, scores) => {
            writeln!(out, "{:>4}  {:<32} {}", "#", "actor", ranking)?;
            for (i, s) in scores.iter().enumerate() {
                let score = match ranking {
                    Ranking::PageRank => format!("{:.4}", s.score),
                    _ => format!("{}", s.score),
                };
                writeln!(out, "{:>4}  {:<32} {score}", i + 1, s.actor.to_string())?;
            }
        }
        Answer::Components(parts) => {
            if parts.is_empty() {
                writeln!(out, "(no actors)")?;
            }
            for (i, c) in parts.iter().enumerate() {
                let names: Vec<&str> = c.iter().map(ActorId::as_str).collect();
                writeln!(out, "{}. ({} actors) {}", i + 1, c.len(), names.join(", "))?;
            }
        }
        Answer::Matches(variables, matches) => {
            if matches.is_empty() {
                writeln!(out, "(no matches)")?;
            }
            for (i, m) in matches.iter().enumerate() {
                let bound: Vec<String> =
                    variables.iter().map(|v| format!("?{v} = {}", m.bindings[v])).collect();
                let head = if bound.is_empty() { "(the pattern holds)".to_string() } else { bound.join(", ") };
                writeln!(out, "{}. {head}", i + 1)?;
                for links in &m.clauses {
                    for l in links {
                        link_row(out, l, "   ")?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// `Iran —supply→ Russia  [asserted, ×2, 2024-01-02…2024-03-04]` and up to
/// three evidence sentences.
fn link_row(out: &mut dyn Write, l: &Link, indent: &str) -> io::Result<()> {
    let dates = match (&l.first_date, &l.last_date) {
        (Some(a), Some(b)) if a != b => format!(", {a}…{b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    let modality = if l.modality == Modality::Asserted { String::new() } else { format!("{}, ", l.modality) };
    writeln!(out, "{indent}{} —{}→ {}  [{modality}×{}{dates}]", l.subject, l.relation, l.object, l.mentions)?;
    for ev in l.evidence.iter().take(TABLE_EVIDENCE) {
        let text = ev.text.replace(['\n', '\r'], " ");
        writeln!(out, "{indent}    {} #{}: \"{}\"", ev.doc, ev.sentence, text)?;
    }
    if l.evidence.len() > TABLE_EVIDENCE {
        writeln!(out, "{indent}    … {} more", l.evidence.len() - TABLE_EVIDENCE)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visible(bytes: &[u8], chunk: usize) -> String {
        let mut v = Visible::new(Vec::new());
        for piece in bytes.chunks(chunk) {
            v.write_all(piece).unwrap();
        }
        String::from_utf8(v.inner).unwrap()
    }

    #[test]
    fn control_characters_are_rendered_visibly_even_when_split() {
        let text = "a\x1b[31mred\x07\r\n\tb\u{9b}c\u{202e}d\u{2069}é\x7f".as_bytes();
        let want = "a\\x1b[31mred\\x07\\x0d\n\tb\\u{9b}c\\u{202e}d\\u{2069}é\\x7f";
        for chunk in 1..=text.len() {
            assert_eq!(visible(text, chunk), want, "in chunks of {chunk}");
        }
        assert_eq!(visible(b"x\xffy", 1), "x\\xffy");
    }
}
