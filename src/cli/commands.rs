//! The commands: each parses nothing and decides nothing the library could.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};

use actorgraph::atomic::{write_atomic, write_atomic_with};
use actorgraph::export::{export, DotStyle, ExportFormat};
use actorgraph::extract::{check_examples, Extractor};
use actorgraph::graph::{GraphSummary, KnowledgeGraph};
use actorgraph::model::Triple;
use actorgraph::query::{between, neighbours, resolve_actor, Direction, Link};
use actorgraph::schema::Schema;
use actorgraph::text::{expand_paths, read_documents, Document};

use super::{Cli, Command, InputArgs, QueryFormat, SchemaCommand, TripleFormat};

pub(crate) fn run(cli: Cli) -> Result<()> {
    let load_schema = || -> Result<Schema> {
        Ok(match &cli.schema {
            Some(dir) => Schema::load_dir(dir)?,
            None => Schema::embedded()?,
        })
    };
    match cli.command {
        Command::Extract { input, format, output } => {
            let schema = load_schema()?;
            let extractor = Extractor::new(&schema)?;
            let write = |w: &mut dyn Write| -> io::Result<()> {
                let mut first = true;
                if matches!(format, TripleFormat::Json) {
                    w.write_all(b"[")?;
                }
                let result = for_each_document(&input, |doc| {
                    for t in extractor.extract(doc) {
                        write_triple(w, &t, format, &mut first)?;
                    }
                    Ok(())
                });
                if matches!(format, TripleFormat::Json) {
                    w.write_all(b"]\n")?;
                }
                result.map_err(|e| io::Error::other(format!("{e:#}")))
            };
            write_output(output.as_deref(), write)?;
        }
        Command::Build { input, output, out_dir, dot, svg, add, top } => {
            let schema = load_schema()?;
            let extractor = Extractor::new(&schema)?;
            let mut graph = match &add {
                Some(path) => KnowledgeGraph::load(path)?,
                None => KnowledgeGraph::new(),
            };
            for_each_document(&input, |doc| {
                graph.extend(extractor.extract(doc));
                Ok(())
            })?;
            let (output, dot, svg) = match out_dir {
                Some(dir) => {
                    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
                    (output.or(Some(dir.join("graph.json"))), dot.or(Some(dir.join("graph.dot"))), svg.or(Some(dir.join("graph.svg"))))
                }
                None => (output, dot, svg),
            };
            print!("{}", GraphSummary::of(&graph, top));
            let style = DotStyle::from_schema(&schema);
            if let Some(path) = &output {
                graph.save(path)?;
                println!("graph written to {}", path.display());
            }
            for (path, format) in [(&dot, ExportFormat::Dot), (&svg, ExportFormat::Svg)] {
                if let Some(path) = path {
                    let bytes = export(&graph, format, &style)?;
                    write_atomic(path, &bytes).with_context(|| format!("writing {}", path.display()))?;
                    println!("{} written to {}", format_name(format), path.display());
                }
            }
            if output.is_none() && dot.is_none() && svg.is_none() {
                eprintln!("note: nothing written; pass -o graph.json or --out-dir DIR to keep the graph");
            }
        }
        Command::Export { graph, format, output } => {
            let schema = load_schema()?;
            let loaded = KnowledgeGraph::load(&graph)?;
            let format = match (&format, &output) {
                (Some(f), _) => f.parse::<ExportFormat>().map_err(anyhow::Error::msg)?,
                (None, Some(path)) => ExportFormat::from_path(path)?,
                (None, None) => bail!("say which format: --format json|ron|dot|svg|png|pdf, or -o FILE with that extension"),
            };
            let bytes = export(&loaded, format, &DotStyle::from_schema(&schema))?;
            match output {
                Some(path) => write_atomic(&path, &bytes).with_context(|| format!("writing {}", path.display()))?,
                None => {
                    if !matches!(format, ExportFormat::Json | ExportFormat::Ron | ExportFormat::Dot) && io::stdout().is_terminal() {
                        bail!("{} is binary or large; write it to a file with -o FILE", format_name(format));
                    }
                    io::stdout().write_all(&bytes)?;
                }
            }
        }
        Command::Query { graph, neighbours: actor, direction, between: pair, format } => {
            let loaded = KnowledgeGraph::load(&graph)?;
            let links = if let Some(name) = actor {
                let id = resolve_actor(&loaded, &name)?;
                let direction: Direction = direction.parse().map_err(anyhow::Error::msg)?;
                neighbours(&loaded, &id, direction)
            } else if let Some(pair) = pair {
                let a = resolve_actor(&loaded, &pair[0])?;
                let b = resolve_actor(&loaded, &pair[1])?;
                between(&loaded, &a, &b)
            } else {
                bail!("say what to ask: --neighbours ACTOR or --between A B (see --help)");
            };
            print_links(&links, format)?;
        }
        Command::Explain { text, doc, sentence } => {
            let schema = load_schema()?;
            let extractor = Extractor::new(&schema)?;
            match (text, doc, sentence) {
                (Some(text), None, _) => print!("{}", extractor.explain_text(&text)),
                (_, Some(path), Some(n)) => {
                    let docs = read_documents(&path)?;
                    let doc = docs.first().with_context(|| format!("{}: no document", path.display()))?;
                    let analyses = extractor.analyse_document(doc);
                    let count = analyses.len();
                    let analysis = analyses
                        .get(n)
                        .with_context(|| format!("{}: sentence {n} does not exist (it has {count}, numbered from 0)", path.display()))?;
                    print!("{}", extractor.explain_analysis(doc, analysis));
                }
                _ => bail!("give a sentence, or --doc FILE --sentence N"),
            }
        }
        Command::Schema(SchemaCommand::Check { dir }) => {
            let (schema, name) = match dir.or(cli.schema) {
                Some(dir) => (Schema::load_dir(&dir)?, dir.display().to_string()),
                None => (Schema::embedded()?, "embedded schema".to_string()),
            };
            let extractor = Extractor::new(&schema)?;
            let failures = check_examples(&schema, &extractor);
            for f in &failures {
                eprintln!("example failed: {f}");
            }
            let examples: usize = schema.rules.rules.iter().map(|r| r.examples.len()).sum();
            if !failures.is_empty() {
                bail!("{name}: {} of {examples} rule examples failed", failures.len());
            }
            println!(
                "{name}: ok — {} actors, {} people, {} relation classes, {} rules, {} rule examples pass",
                schema.actors.actors.len(),
                schema.actors.people.len(),
                schema.relations.len(),
                schema.rules.rules.len(),
                examples
            );
        }
        Command::Schema(SchemaCommand::Dump { dir }) => {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            for (name, text) in Schema::embedded_files() {
                let path = dir.join(name);
                if path.exists() {
                    eprintln!("kept existing {}", path.display());
                    continue;
                }
                write_atomic(&path, text.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
                println!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}

/// Calls `f` on each input document; with `--skip-invalid`, unreadable
/// files are reported and skipped.
fn for_each_document(input: &InputArgs, mut f: impl FnMut(&Document) -> io::Result<()>) -> Result<()> {
    for file in expand_paths(&input.paths)? {
        let docs = match read_documents(&file) {
            Ok(d) => d,
            Err(e) if input.skip_invalid => {
                eprintln!("actorgraph: warning: skipped {e}");
                continue;
            }
            Err(e) => return Err(e).context("stopping (pass --skip-invalid to skip such files)"),
        };
        for doc in &docs {
            f(doc)?;
        }
    }
    Ok(())
}

/// Writes to a file atomically, or streams to standard output.
fn write_output(path: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    match path {
        Some(p) => write_atomic_with(p, write).with_context(|| format!("writing {}", p.display())),
        None => {
            let stdout = io::stdout();
            let mut lock = io::BufWriter::new(stdout.lock());
            match write(&mut lock).and_then(|()| lock.flush()) {
                // A closed pipe (`| head`) is not an error.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("writing standard output"),
            }
        }
    }
}

fn write_triple(w: &mut dyn Write, t: &Triple, format: TripleFormat, first: &mut bool) -> io::Result<()> {
    match format {
        TripleFormat::Jsonl => {
            serde_json::to_writer(&mut *w, t)?;
            w.write_all(b"\n")
        }
        TripleFormat::Json => {
            if !*first {
                w.write_all(b",\n")?;
            }
            *first = false;
            serde_json::to_writer(&mut *w, t).map_err(io::Error::from)
        }
        TripleFormat::Tsv => {
            if *first {
                writeln!(w, "doc\tsentence\tsubject\trelation\tobject\tmodality\trule\tpredicate")?;
                *first = false;
            }
            let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                clean(&t.doc),
                t.sentence,
                clean(t.subject.id.as_str()),
                t.relation,
                clean(t.object.id.as_str()),
                t.modality,
                clean(&t.rule),
                clean(&t.predicate)
            )
        }
    }
}

fn print_links(links: &[Link], format: QueryFormat) -> Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let json = |l: &Link| {
        serde_json::json!({
            "subject": l.subject, "relation": l.relation, "object": l.object, "modality": l.modality,
            "mentions": l.mentions, "first_date": l.first_date, "last_date": l.last_date,
            "direction": l.direction.as_str(), "evidence": l.evidence,
        })
    };
    match format {
        QueryFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &links.iter().map(json).collect::<Vec<_>>())?;
            writeln!(out)?;
        }
        QueryFormat::Jsonl => {
            for l in links {
                serde_json::to_writer(&mut out, &json(l))?;
                writeln!(out)?;
            }
        }
        QueryFormat::Table => {
            if links.is_empty() {
                writeln!(out, "(no links)")?;
            }
            for l in links {
                let dates = match (&l.first_date, &l.last_date) {
                    (Some(a), Some(b)) if a != b => format!(" {a}…{b}"),
                    (Some(a), _) => format!(" {a}"),
                    _ => String::new(),
                };
                writeln!(out, "{} —{}→ {}  [{}, ×{}{}]", l.subject, l.relation, l.object, l.modality, l.mentions, dates)?;
                writeln!(out, "    {}: \"{}\"", l.evidence.doc, l.evidence.text.replace('\n', " "))?;
            }
        }
    }
    Ok(())
}

fn format_name(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Json => "JSON",
        ExportFormat::Ron => "RON",
        ExportFormat::Dot => "DOT",
        ExportFormat::Svg => "SVG",
        ExportFormat::Png => "PNG",
        ExportFormat::Pdf => "PDF",
        _ => "output",
    }
}
