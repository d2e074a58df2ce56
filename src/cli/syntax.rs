//! `parse` and `train-parser`: calls into `actorgraph::syntax`.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result};

use actorgraph::atomic::write_atomic;
use actorgraph::syntax::{conllu, evaluate, train, Parse, Parser, TrainSettings};
use actorgraph::text::{Document, SentenceSplitter};

use super::commands::{prepare_output, write_output};
use super::output::{diag, Level};
use super::{ParseFormat, TrainArgs};

/// The parser of `--model FILE`, or the built-in one.
pub(crate) enum LoadedParser {
    Embedded(&'static Parser),
    Loaded(Box<Parser>),
}

impl std::ops::Deref for LoadedParser {
    type Target = Parser;
    fn deref(&self) -> &Parser {
        match self {
            LoadedParser::Embedded(p) => p,
            LoadedParser::Loaded(p) => p,
        }
    }
}

pub(crate) fn load_parser(model: Option<&Path>) -> Result<LoadedParser> {
    Ok(match model {
        Some(path) => LoadedParser::Loaded(Box::new(Parser::from_file(path)?)),
        None => LoadedParser::Embedded(Parser::embedded()),
    })
}

/// Parses every sentence of the documents that `read` hands over.
pub(crate) fn parse_documents(
    parser: &Parser,
    splitter: &SentenceSplitter,
    format: ParseFormat,
    w: &mut dyn Write,
    read: impl FnOnce(&mut dyn FnMut(&Document) -> io::Result<()>) -> io::Result<()>,
) -> io::Result<()> {
    let mut parse = parser.new_parse();
    let mut out = String::new();
    read(&mut |doc: &Document| {
        for (i, (start, end)) in splitter.split(&doc.text).into_iter().enumerate() {
            parser.parse_text(&doc.text, start, end, &mut parse);
            if parse.is_empty() {
                continue;
            }
            out.clear();
            let text = &doc.text[start..end];
            let id = format!("{}-{i}", doc.id);
            match format {
                ParseFormat::Conllu => parse.write_conllu(&[("doc", &doc.id), ("sent_id", &id), ("text", text)], &mut out),
                ParseFormat::Text => write_table(&parse, &id, text, &mut out),
            }
            w.write_all(out.as_bytes())?;
        }
        Ok(())
    })
}

/// Re-parses the words of a CoNLL-U file, or scores the parser on it.
pub(crate) fn parse_conllu(parser: &Parser, file: &Path, evaluate_only: bool, format: ParseFormat, output: Option<&Path>) -> Result<()> {
    let gold = conllu::read_file(file)?;
    if evaluate_only {
        let accuracy = evaluate(parser, &gold);
        let report = format!("{}: {accuracy}\n", file.display());
        return write_output(output, true, |w| w.write_all(report.as_bytes()));
    }
    if let Some(path) = output {
        prepare_output(path)?;
    }
    let mut parse = parser.new_parse();
    write_output(output, format == ParseFormat::Text, |w| {
        let mut out = String::new();
        let mut forms: Vec<&str> = Vec::new();
        for s in &gold {
            forms.clear();
            forms.extend(s.words.iter().map(|w| w.form.as_str()));
            parser.parse(&forms, &mut parse);
            out.clear();
            let comments: Vec<(&str, &str)> = s.comments.iter().filter_map(|c| c.strip_prefix("# ")?.split_once(" = ")).collect();
            let id = format!("{}", s.line);
            match format {
                ParseFormat::Conllu => parse.write_conllu(&comments, &mut out),
                ParseFormat::Text => write_table(&parse, &id, s.text().unwrap_or(""), &mut out),
            }
            w.write_all(out.as_bytes())?;
        }
        Ok(())
    })
}

/// A readable table: one line per word, its head named.
fn write_table(parse: &Parse<'_>, id: &str, text: &str, out: &mut String) {
    use std::fmt::Write as _;
    let _ = writeln!(out, "# {id}: {text}");
    let width = parse.words().map(|w| w.form.chars().count()).max().unwrap_or(0).min(24);
    for w in parse.words() {
        let head = match w.head {
            Some(h) => format!("{:>3} {}", h + 1, parse.word(h).form),
            None => "  0 (root)".to_string(),
        };
        let _ = writeln!(out, "{:>3}  {:<width$}  {:<12} {:<5} {:<4}  {:<12} → {head}", w.index + 1, w.form, w.lemma, w.upos, w.xpos, w.deprel);
    }
    out.push('\n');
}

/// Trains a model and writes it (atomically).
pub(crate) fn train_parser(train_file: &Path, dev_file: Option<&Path>, output: &Path, args: &TrainArgs) -> Result<()> {
    let train_set = conllu::read_file(train_file)?;
    let dev_set = match dev_file {
        Some(f) => conllu::read_file(f)?,
        None => Vec::new(),
    };
    let settings = TrainSettings {
        tagger_epochs: args.tagger_epochs,
        parser_epochs: args.parser_epochs,
        folds: args.folds,
        seed: args.seed,
        ensemble: args.ensemble,
        weight_bits: args.weight_bits,
        min_updates: args.min_updates,
    };
    prepare_output(output)?;
    let started = std::time::Instant::now();
    let bytes = train(&settings, &train_set, &dev_set, &mut |m| diag(Level::Note, format_args!("[{:>6.1} s] {m}", started.elapsed().as_secs_f64())))?;
    write_atomic(output, &bytes).with_context(|| format!("writing {}", output.display()))?;
    diag(Level::Note, format_args!("wrote {} ({:.1} MB) in {:.0} s", output.display(), bytes.len() as f64 / 1e6, started.elapsed().as_secs_f64()));
    Ok(())
}
