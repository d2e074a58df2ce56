//! The commands: each parses nothing and decides nothing the library could.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{bail, Context, Result};

use actorgraph::atomic::{prepare_destination, write_atomic, write_atomic_with};
use actorgraph::export::{
    draw, export, export_to_path, graphviz_available, most_linked, to_cypher_dialect, to_dot,
    to_html, DotStyle, ExportFormat, HtmlOptions, RenderFormat, Renderer,
};
use actorgraph::extract::{check_examples, Extractor};
use actorgraph::import::CodeScheme;
use actorgraph::graph::{content_hash, DocumentChange, GraphFormat, GraphSummary, KnowledgeGraph, DEFAULT_MAX_EVIDENCE};
use actorgraph::model::{ActorKind, Modality};
use actorgraph::pipeline::{Event, OnInvalid, Pipeline, PipelineError};
use actorgraph::query::{Direction, Filter, Pattern, QueryError, Ranking, Resolver};
use actorgraph::schema::Schema;
use actorgraph::text::{open_documents_with, Document, Inputs, Notice, ReadOptions, ReadSummary, SentenceSplitter, DEFAULT_MAX_DOCUMENT_BYTES};

use super::output::{diag, human_stdout, print_answer, write_stdout, Answer, Level};
use super::progress::Progress;
use super::{Cli, Command, CutArgs, FilterArgs, ImportCodes, ImportCommand, InputArgs, ParseFormat, RunArgs, SchemaCommand, TripleFormat};

pub(crate) fn run(cli: Cli) -> Result<()> {
    let quiet = cli.quiet;
    let parse = !cli.shallow;
    let load_schema = || -> Result<Schema> {
        Ok(match &cli.schema {
            Some(dir) => Schema::load_dir(dir)?,
            None => Schema::embedded()?,
        })
    };
    match cli.command {
        Command::Extract { input, run, format, output } => {
            if let Some(path) = &output {
                prepare_output(path)?;
            }
            let pipeline = pipeline(Extractor::new(&load_schema()?)?.with_parse(parse), &run, &input, quiet)?;
            let mut progress = Progress::new();
            // A reading error (--strict, nothing readable) is kept apart from
            // writing errors, so that it is reported as what it is.
            let mut read_error = None;
            let written = write_output(output.as_deref(), matches!(format, TripleFormat::Tsv), |w| {
                let read = pipeline.write_triples(inputs(&input), format.into(), w, |event| match event {
                    Event::Document(doc, ()) => progress.add(doc),
                    Event::Notice(notice) => report_notice(&notice, quiet),
                    _ => {}
                });
                match read {
                    Ok(summary) => {
                        count_skipped(&summary, &input);
                        Ok(())
                    }
                    Err(PipelineError::Write(e)) => Err(e),
                    Err(e) => {
                        read_error = Some(e);
                        Err(io::Error::other("reading the input stopped"))
                    }
                }
            });
            progress.finish();
            if let Some(e) = read_error {
                return Err(e.into());
            }
            written?;
        }
        Command::Build { input, run, output, out_dir, dot, svg, add, top, max_evidence } => {
            // Where every output goes is settled before any work.
            let (output, dot, svg) = match out_dir {
                Some(dir) => {
                    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
                    (output.or(Some(dir.join("graph.json"))), dot.or(Some(dir.join("graph.dot"))), svg.or(Some(dir.join("graph.svg"))))
                }
                None => (output, dot, svg),
            };
            if let Some(path) = &output {
                GraphFormat::from_path(path)?;
            }
            for path in [&output, &dot, &svg].into_iter().flatten() {
                prepare_output(path)?;
            }
            let schema = load_schema()?;
            let pipeline = pipeline(Extractor::new(&schema)?.with_parse(parse), &run, &input, quiet)?;
            let mut graph = match &add {
                Some(path) => KnowledgeGraph::load(path)?,
                None => KnowledgeGraph::new().with_max_evidence(DEFAULT_MAX_EVIDENCE),
            };
            if let Some(n) = max_evidence {
                graph.set_max_evidence(n);
            }
            // Documents are keyed by id and content hash: the same document
            // again changes nothing; a changed one replaces its old evidence.
            let mut changes = [0usize; 3];
            let mut progress = Progress::new();
            // Documents are read (and hashed) in parallel and added to the graph in input order.
            let work = |extractor: &Extractor, doc: &Document| (content_hash(&doc.text, doc.date.as_deref()), extractor.extract(doc));
            let read = pipeline.map(inputs(&input), work, |event| -> Result<()> {
                match event {
                    Event::Document(doc, (hash, triples)) => {
                        progress.add(doc);
                        let slot = match graph.add_document(&doc.id, &hash, triples) {
                            DocumentChange::Added => 0,
                            DocumentChange::Unchanged => 1,
                            DocumentChange::Replaced => 2,
                        };
                        changes[slot] += 1;
                    }
                    Event::Notice(notice) => report_notice(&notice, quiet),
                    _ => {}
                }
                Ok(())
            });
            progress.finish();
            count_skipped(&read?, &input);
            // Every file is written before anything is printed: a reader
            // that stops early (`| head`) cannot cut the run short.
            let style = DotStyle::from_schema(&schema);
            let mut written = Vec::new();
            if let Some(path) = &output {
                graph.save(path)?;
                written.push(format!("graph written to {}", path.display()));
            }
            // The drawings show the most linked actors (the graph file keeps
            // them all), and say so in the drawing and here.
            let cut = if dot.is_some() || svg.is_some() {
                most_linked(&graph, style.max_actors)
            } else {
                None
            };
            let drawn = cut.as_ref().map_or(&graph, |c| &c.graph);
            let note = cut
                .as_ref()
                .map(|c| c.note(output.as_ref().and_then(|p| p.to_str())));
            let mut notes = Vec::new();
            if let Some(path) = &dot {
                write_atomic(path, to_dot(drawn, &style).as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?;
                written.push(format!("DOT written to {}", path.display()));
            }
            if let Some(path) = &svg {
                let drawing = draw(
                    drawn,
                    &style,
                    RenderFormat::Svg,
                    Renderer::Auto,
                    note.as_deref(),
                )?;
                write_atomic(path, &drawing.image)
                    .with_context(|| format!("writing {}", path.display()))?;
                written.push(format!(
                    "SVG written to {} (layout: {})",
                    path.display(),
                    drawing.engine
                ));
                if drawing.renderer == Renderer::LayoutRs {
                    notes.push(format!(
                        "{} was drawn with the built-in layout (layout-rs), because Graphviz `dot` is not on PATH; \
                         install Graphviz (e.g. `apt-get install graphviz`) for a clearer drawing",
                        path.display()
                    ));
                }
            }
            notes.extend(note);
            if add.is_some() {
                let [added, unchanged, replaced] = changes;
                say!(
                    "documents: {added} {}, {unchanged} {}, {replaced} {}\n",
                    DocumentChange::Added.as_str(),
                    DocumentChange::Unchanged.as_str(),
                    DocumentChange::Replaced.as_str()
                )?;
            }
            say!("{}", GraphSummary::of(&graph, top))?;
            for line in written {
                say!("{line}\n")?;
            }
            for line in notes {
                diag(Level::Note, format_args!("{line}"));
            }
            if output.is_none() && dot.is_none() && svg.is_none() {
                diag(Level::Note, format_args!("nothing written; pass -o graph.json or --out-dir DIR to keep the graph"));
            }
        }
        Command::Merge { graphs, output } => {
            GraphFormat::from_path(&output)?;
            prepare_output(&output)?;
            // One graph is loaded at a time and merged into the graphs before it.
            let mut merged: Option<KnowledgeGraph> = None;
            let mut shared = 0;
            let mut versions = 0;
            for path in &graphs {
                let graph = KnowledgeGraph::load(path)?;
                let Some(into) = &mut merged else {
                    merged = Some(graph);
                    continue;
                };
                let summary = into.merge(&graph).with_context(|| format!("merging {} into the graphs before it", path.display()))?;
                shared += summary.unchanged;
                versions += summary.replaced + summary.kept_ours;
            }
            let merged = merged.context("no graph to merge")?;
            merged.save(&output)?;
            say!(
                "merged {} graph{}: {} documents ({shared} in more than one graph, counted once; {versions} in two versions, the one with the greater content hash kept), {} actors, {} links\ngraph written to {}\n",
                graphs.len(),
                if graphs.len() == 1 { "" } else { "s" },
                merged.documents().len(),
                merged.actor_count(),
                merged.edge_count(),
                output.display()
            )?;
        }
        Command::Export { graph, format, output, parallel, cluster, dialect, cut } => {
            let format = match (&format, &output) {
                (Some(f), _) => f.parse::<ExportFormat>().map_err(anyhow::Error::msg)?,
                (None, Some(path)) => ExportFormat::from_path(path)?,
                (None, None) => bail!(
                    "say which format: --format {}, or -o FILE with that extension",
                    ExportFormat::ALL.map(ExportFormat::name).join("|")
                ),
            };
            if dialect.is_some() && format != ExportFormat::Cypher {
                bail!("--dialect is for the cypher format, not {format}");
            }
            // A folder format (neo4j) makes its folder itself.
            if let Some(path) = output.as_ref().filter(|_| !format.is_directory()) {
                prepare_output(path)?;
            }
            let schema = load_schema()?;
            let loaded = KnowledgeGraph::load(&graph)?;
            let part = cut_graph(&loaded, &cut, &schema)?;
            let selected = part.as_ref().unwrap_or(&loaded);
            let style = DotStyle { parallel, cluster_by_kind: cluster, ..DotStyle::from_schema(&schema) };
            if format == ExportFormat::Html {
                let html = html_view(selected, &graph, &schema, cli.schema.as_deref(), style)?;
                match output {
                    Some(path) => write_atomic(&path, html.as_bytes()).with_context(|| format!("writing {}", path.display()))?,
                    None => write_stdout(html.as_bytes())?,
                }
                return Ok(());
            }
            if let Some(dialect) = dialect {
                let script = to_cypher_dialect(selected, dialect);
                match output {
                    Some(path) => write_atomic(&path, script.as_bytes()).with_context(|| format!("writing {}", path.display()))?,
                    None => write_stdout(script.as_bytes())?,
                }
                return Ok(());
            }
            if format == ExportFormat::Svg && !graphviz_available() {
                diag(
                    Level::Note,
                    format_args!("Graphviz `dot` is not on PATH: the SVG is drawn with the built-in layout (layout-rs); install Graphviz for a clearer drawing"),
                );
            }
            match output {
                Some(path) => export_to_path(selected, format, &path, &style)?,
                None => {
                    if format.is_directory() {
                        bail!("{format} export writes a folder of files: give a directory with -o DIR");
                    }
                    let bytes = export(selected, format, &style)?;
                    if !format.is_text() && io::stdout().is_terminal() {
                        bail!("{} is binary or large; write it to a file with -o FILE", format_name(format));
                    }
                    write_stdout(&bytes)?;
                }
            }
        }
        Command::View { graph, output, no_open, cluster, cut } => {
            if let Some(path) = &output {
                prepare_output(path)?;
            }
            let schema = load_schema()?;
            let loaded = KnowledgeGraph::load(&graph)?;
            let part = cut_graph(&loaded, &cut, &schema)?;
            let selected = part.as_ref().unwrap_or(&loaded);
            let style = DotStyle { cluster_by_kind: cluster, ..DotStyle::from_schema(&schema) };
            let html = html_view(selected, &graph, &schema, cli.schema.as_deref(), style)?;
            let path = output.unwrap_or_else(|| temporary_view_path(&graph));
            write_atomic(&path, html.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
            say!("{}\n", path.display())?;
            if !no_open {
                open_in_browser(&path);
            }
        }
        Command::Query {
            graph,
            pattern,
            neighbours,
            depth,
            direction,
            between,
            path,
            max_len,
            shortest,
            rank,
            components,
            top,
            filter,
            format,
        } => {
            let schema = load_schema()?;
            let loaded = KnowledgeGraph::load(&graph)?;
            let filter = build_filter(&filter, &schema)?;
            let view = filter.view(&loaded);
            let resolver = Resolver::new(&loaded).with_schema(&schema);
            let resolve = |name: &str| -> Result<_> {
                let id = resolver.resolve(name)?;
                if loaded.actor(&id).is_none() {
                    diag(Level::Note, format_args!("`{name}` is {id}, which this graph does not hold"));
                }
                Ok(id)
            };
            let direction: Direction = direction.parse().map_err(anyhow::Error::msg)?;
            let answer = if let Some(name) = neighbours {
                let id = resolve(&name)?;
                Answer::Ego(view.ego(&id, depth, direction))
            } else if let Some(pair) = between {
                let (a, b) = (resolve(&pair[0])?, resolve(&pair[1])?);
                Answer::Links(view.between(&a, &b))
            } else if let Some(pair) = path {
                let (a, b) = (resolve(&pair[0])?, resolve(&pair[1])?);
                if shortest {
                    Answer::Paths(view.shortest_path(&a, &b, direction).into_iter().collect())
                } else {
                    Answer::Paths(view.paths(&a, &b, max_len, direction)?)
                }
            } else if let Some(measure) = rank {
                let ranking: Ranking = measure.parse()?;
                let mut scores = view.rank(ranking);
                if top > 0 {
                    scores.truncate(top);
                }
                Answer::Scores(ranking, scores)
            } else if components {
                Answer::Components(view.components())
            } else if let Some(text) = pattern {
                let parsed = Pattern::parse(&text)?;
                Answer::Matches(parsed.variables(), view.match_pattern(&parsed, &resolver)?)
            } else {
                bail!("say what to ask: --neighbours ACTOR, --between A B, --path A B, --rank MEASURE, --components or a pattern (see --help)");
            };
            print_answer(&answer, format)?;
        }
        Command::Explain { text, doc, sentence, max_document_bytes } => {
            let schema = load_schema()?;
            let extractor = Extractor::new(&schema)?.with_parse(parse);
            match (text, doc, sentence) {
                (Some(text), None, _) => say!("{}", extractor.explain_text(&text))?,
                (_, Some(path), Some(n)) => {
                    let options = ReadOptions { max_document_bytes };
                    let doc = open_documents_with(&path, &options)?.next().transpose()?;
                    let doc = doc.as_ref().with_context(|| format!("{}: no document", path.display()))?;
                    let analyses = extractor.analyse_document(doc);
                    let count = analyses.len();
                    let analysis = analyses
                        .get(n)
                        .with_context(|| format!("{}: sentence {n} does not exist (it has {count}, numbered from 0)", path.display()))?;
                    say!("{}", extractor.explain_analysis(doc, analysis))?;
                }
                _ => bail!("give a sentence, or --doc FILE --sentence N"),
            }
        }
        Command::Parse { paths, conllu, evaluate, format, output, model } => {
            let parser = super::syntax::load_parser(model.as_deref())?;
            match conllu {
                Some(file) => super::syntax::parse_conllu(&parser, &file, evaluate, format, output.as_deref())?,
                None => {
                    let paths = if paths.is_empty() { vec![PathBuf::from("-")] } else { paths };
                    let input = InputArgs { paths, skip_invalid: false, strict: false, max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES };
                    let splitter = SentenceSplitter::new(&load_schema()?.lexicon.abbreviations);
                    if let Some(path) = &output {
                        prepare_output(path)?;
                    }
                    write_output(output.as_deref(), format == ParseFormat::Text, |w| {
                        super::syntax::parse_documents(&parser, &splitter, format, w, |f| {
                            read_inputs(&input, quiet, |doc| Ok(f(doc)?)).map_err(|e| io::Error::other(format!("{e:#}")))
                        })
                    })?;
                }
            }
        }
        Command::TrainParser { train, dev, output, settings } => super::syntax::train_parser(&train, dev.as_deref(), &output, &settings)?,
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "actorgraph", &mut script);
            write_stdout(&script)?;
        }
        Command::Schema(SchemaCommand::Check { dir }) => {
            let (schema, name) = match dir.or(cli.schema) {
                Some(dir) => (Schema::load_dir(&dir)?, dir.display().to_string()),
                None => (Schema::embedded()?, "embedded schema".to_string()),
            };
            let extractor = Extractor::new(&schema)?;
            let failures = check_examples(&schema, &extractor);
            for f in &failures {
                diag(Level::Error, format_args!("example failed: {f}"));
            }
            let examples: usize = schema.rules.rules.iter().map(|r| r.examples.len()).sum();
            if !failures.is_empty() {
                bail!("{name}: {} of {examples} rule examples failed", failures.len());
            }
            say!(
                "{name}: ok — {} actors, {} people, {} relation classes, {} rules, {} rule examples pass\n",
                schema.actors.actors.len(),
                schema.actors.people.len(),
                schema.relations.len(),
                schema.rules.rules.len(),
                examples
            )?;
        }
        Command::Schema(SchemaCommand::Import(ImportCommand::Petrarch { actors, agents, verbs, codes, discards, extend, table, output })) => {
            let codes = match codes {
                ImportCodes::Cameo => CodeScheme::Cameo,
                ImportCodes::Weis => CodeScheme::Weis,
            };
            let sources = super::import::Sources { actors: &actors, agents: &agents, verbs: &verbs, discards: &discards };
            super::import::petrarch(&sources, codes, extend, table.as_deref(), &output, cli.schema.as_deref())?
        }
        Command::Schema(SchemaCommand::Dump { dir }) => {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            for (name, text) in Schema::embedded_files() {
                let path = dir.join(name);
                if path.exists() {
                    diag(Level::Note, format_args!("kept existing {}", path.display()));
                    continue;
                }
                write_atomic(&path, text.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
                say!("wrote {}\n", path.display())?;
            }
        }
    }
    Ok(())
}

/// Inputs skipped by [`read_inputs`] without `--skip-invalid`: the
/// run completes, and `main` then exits with code 3.
static SKIPPED_INPUTS: AtomicUsize = AtomicUsize::new(0);

/// How many inputs were skipped that should make the exit code 3.
pub(crate) fn skipped_inputs() -> usize {
    SKIPPED_INPUTS.load(Ordering::Relaxed)
}

/// The part of `graph` that `--top`, `--around` and the filters select, or
/// `None` when they select all of it.
fn cut_graph(graph: &KnowledgeGraph, cut: &CutArgs, schema: &Schema) -> Result<Option<KnowledgeGraph>> {
    let filter = build_filter(&cut.filter, schema)?;
    if filter.is_empty() && cut.top.is_none() && cut.around.is_none() {
        return Ok(None);
    }
    let mut view = filter.view(graph);
    if let Some(name) = &cut.around {
        let center = Resolver::new(graph).with_schema(schema).resolve(name)?;
        view = view.restrict(&view.ego(&center, cut.depth, Direction::Both).actors());
    }
    if let Some(n) = cut.top {
        view = view.strongest_pairs(n);
    }
    Ok(Some(view.to_graph()))
}

/// Reads every input, handing each document to `f`: problems are printed
/// as warnings (what a directory walk passed over as a note, which
/// `--quiet` hides) and counted for the exit code; `--strict` stops at the
/// first. Errors from `f` (writing output) always stop the run.
fn read_inputs(input: &InputArgs, quiet: bool, f: impl FnMut(&Document) -> Result<()>) -> Result<()> {
    let summary = inputs(input).strict(input.strict).read(f, |notice| report_notice(&notice, quiet))?;
    count_skipped(&summary, input);
    Ok(())
}

/// The inputs named on the command line, read with its options.
fn inputs(input: &InputArgs) -> Inputs {
    Inputs::new(&input.paths).with_options(ReadOptions { max_document_bytes: input.max_document_bytes })
}

/// The library pipeline for `extract` and `build`: `--threads` (a count
/// lowered to the cores there are is said in a note unless `quiet`) and
/// `--strict`.
fn pipeline(extractor: Extractor, run: &RunArgs, input: &InputArgs, quiet: bool) -> Result<Pipeline> {
    let policy = if input.strict { OnInvalid::Stop } else { OnInvalid::Skip };
    let mut pipeline = Pipeline::new(extractor).on_invalid(policy);
    if let Some(n) = run.threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        pipeline = pipeline.threads(n);
        let cores = pipeline.thread_count();
        if cores < n && !quiet {
            diag(Level::Note, format_args!("--threads {n} lowered to {cores}, the number of cores available"));
        }
    }
    Ok(pipeline)
}

/// Prints a reading problem as a warning, or what a walk passed over as a
/// note (unless `quiet`).
fn report_notice(notice: &Notice, quiet: bool) {
    if !notice.is_note() {
        diag(Level::Warning, format_args!("{notice}"));
    } else if !quiet {
        diag(Level::Note, format_args!("{notice}"));
    }
}

/// Counts the inputs a run skipped for the exit code, unless `--skip-invalid`.
fn count_skipped(summary: &ReadSummary, input: &InputArgs) {
    if !input.skip_invalid {
        SKIPPED_INPUTS.fetch_add(summary.skipped, Ordering::Relaxed);
    }
}

/// Checks an output path before the work: its directory is created if
/// missing, and it must not be a directory.
pub(super) fn prepare_output(path: &Path) -> Result<()> {
    prepare_destination(path).with_context(|| format!("cannot write {}", path.display()))
}

/// Writes to a file atomically, or streams to standard output (text for
/// people, `human`, with control characters made visible on a terminal).
pub(super) fn write_output(path: Option<&Path>, human: bool, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    match path {
        Some(p) => write_atomic_with(p, write).with_context(|| format!("writing {}", p.display())),
        None => {
            let mut lock: Box<dyn Write> = if human { human_stdout() } else { Box::new(io::BufWriter::new(io::stdout().lock())) };
            match write(&mut *lock).and_then(|()| lock.flush()) {
                // A closed pipe (`| head`) is not an error.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("writing standard output"),
            }
        }
    }
}

/// The library filter for the filter flags, checked against the schema.
fn build_filter(args: &FilterArgs, schema: &Schema) -> Result<Filter> {
    let known: Vec<String> = schema.relations.iter().map(|r| r.id.clone()).collect();
    for r in &args.relations {
        if !known.contains(r) {
            return Err(QueryError::UnknownRelation { name: r.clone(), known: known.clone() }.into());
        }
    }
    let modalities = args
        .modalities
        .iter()
        .map(|m| m.parse::<Modality>().map_err(anyhow::Error::msg))
        .collect::<Result<Vec<_>>>()?;
    let kinds = args.kinds.iter().map(|k| parse_kind(k)).collect::<Result<Vec<_>, _>>()?;
    let filter = Filter::new()
        .relations(args.relations.iter().cloned())
        .modalities(modalities)
        .min_mentions(args.min_mentions.unwrap_or(0))
        .date_range(args.from.as_deref(), args.to.as_deref())?
        .documents(args.documents.iter().cloned())
        .kinds(kinds);
    Ok(filter)
}

fn parse_kind(text: &str) -> Result<ActorKind, QueryError> {
    ActorKind::ALL
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| QueryError::InvalidValue {
            what: "actor kind",
            value: text.to_string(),
            expected: "state, igo, party, armed-group or other",
        })
}

fn format_name(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Json => "JSON",
        ExportFormat::Ron => "RON",
        ExportFormat::Dot => "DOT",
        ExportFormat::Svg => "SVG",
        ExportFormat::Png => "PNG",
        ExportFormat::Pdf => "PDF",
        ExportFormat::GraphMl => "GraphML",
        ExportFormat::Gexf => "GEXF",
        ExportFormat::NodeLink => "node-link JSON",
        ExportFormat::Neo4j => "Neo4j CSV",
        ExportFormat::Cypher => "Cypher",
        ExportFormat::Mermaid => "Mermaid",
        ExportFormat::Html => "HTML",
        _ => "output",
    }
}

/// The interactive HTML view of `graph`, read from `file`, with the schema's
/// names in its search and a header that says which schema styled it.
fn html_view(
    graph: &KnowledgeGraph,
    file: &Path,
    schema: &Schema,
    schema_dir: Option<&Path>,
    style: DotStyle,
) -> Result<String> {
    let schema_label = match schema_dir {
        Some(dir) => format!("schema in {} (with the embedded default for files it lacks)", dir.display()),
        None => "embedded default schema".to_string(),
    };
    let options = HtmlOptions {
        style,
        title: file.file_name().map(|n| n.to_string_lossy().into_owned()),
        schema: Some(schema),
        schema_label: Some(schema_label),
        ..HtmlOptions::default()
    };
    Ok(to_html(graph, &options)?)
}

/// A fresh file in the temporary directory for `actorgraph view`. It is
/// left in place: the browser reads it after this program has exited.
fn temporary_view_path(graph: &Path) -> PathBuf {
    let stem: String = graph
        .file_stem()
        .map(|s| s.to_string_lossy().chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect())
        .unwrap_or_else(|| "graph".to_string());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    std::env::temp_dir().join(format!("actorgraph-view-{stem}-{}-{nanos:09}.html", std::process::id()))
}

/// Opens the page in the desktop's browser, but only where there is one to
/// see: never under CI, and on Linux only with a display. Never waits for
/// the browser.
fn open_in_browser(path: &Path) {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("CI") {
        diag(Level::Note, format_args!("not opening a browser under CI; the view is at {}", path.display()));
        return;
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
            diag(Level::Note, format_args!("no display (DISPLAY and WAYLAND_DISPLAY are unset); open {} in a browser", path.display()));
            return;
        }
        "xdg-open"
    };
    let started = std::process::Command::new(opener)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match started {
        Ok(_) => diag(Level::Note, format_args!("opening the view with {opener}")),
        Err(e) => diag(Level::Note, format_args!("cannot run {opener} ({e}); open {} in a browser", path.display())),
    }
}
