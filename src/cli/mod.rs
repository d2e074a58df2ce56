//! The command line: argument parsing with clap. Each command is a few
//! calls into the library (see `commands.rs`).

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "actorgraph",
    version,
    about = "Reads news and builds a knowledge graph of who does what to whom",
    long_about = "Reads news and builds a knowledge graph of who does what to whom.\n\n\
        Rules kept as data (schema/*.ron, embedded) turn sentences into actor–relation–actor \
        triples with their modality and the sentence they came from; the triples merge into a \
        graph you can query and draw.",
    after_help = "Examples:\n  \
        actorgraph build examples/news --out-dir out        # graph.json, graph.dot, graph.svg + summary\n  \
        actorgraph extract examples/news --format jsonl     # one triple per line\n  \
        actorgraph query out/graph.json --neighbours Iran\n  \
        actorgraph explain \"Seoul warned Moscow it could arm Kyiv.\""
)]
pub(crate) struct Cli {
    /// Load the schema from DIR; files it lacks come from the embedded default.
    #[arg(long, global = true, value_name = "DIR")]
    pub schema: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Extract triples from news text.
    #[command(after_help = "Examples:\n  \
        actorgraph extract story.txt\n  \
        actorgraph extract corpus/ --format tsv -o triples.tsv\n  \
        cat records.jsonl | actorgraph extract -\n\n\
        Input: .txt files (one document each, id = file stem), directories (searched recursively \
        for .txt and .jsonl), JSON-lines files with {\"id\", \"text\", \"date\"?, \"source\"?} per line, \
        or - for standard input.")]
    Extract {
        #[command(flatten)]
        input: InputArgs,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = TripleFormat::Jsonl)]
        format: TripleFormat,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Build a graph from news text, print a summary, and write the graph and its drawings.
    #[command(after_help = "Examples:\n  \
        actorgraph build examples/news --out-dir out\n  \
        actorgraph build corpus/ -o graph.json --dot graph.dot --svg graph.svg\n  \
        actorgraph build more-news/ --add graph.json -o graph.json   # add to an existing graph\n\n\
        The graph file format follows the extension: .json or .ron.")]
    Build {
        #[command(flatten)]
        input: InputArgs,
        /// Write the graph to FILE (.json or .ron).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Write graph.json, graph.dot and graph.svg into DIR.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// Also write the DOT source to FILE.
        #[arg(long, value_name = "FILE")]
        dot: Option<PathBuf>,
        /// Also draw the graph as SVG to FILE.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        /// Start from this existing graph file and add the new documents to it.
        #[arg(long, value_name = "GRAPH")]
        add: Option<PathBuf>,
        /// How many strongest links the summary lists.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Convert a graph file to another format.
    #[command(after_help = "Examples:\n  \
        actorgraph export graph.json --format svg -o graph.svg\n  \
        actorgraph export graph.json -o graph.dot          # format from the extension\n  \
        actorgraph export graph.json --format dot          # DOT to standard output\n\n\
        Formats: json, ron, dot, svg, png, pdf. SVG, PNG and PDF use Graphviz `dot` when it is \
        installed; SVG falls back to a built-in layout without it.")]
    Export {
        /// The graph file (.json or .ron).
        graph: PathBuf,
        /// Output format (default: from the extension of -o).
        #[arg(long, short = 'f')]
        format: Option<String>,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Ask a graph who is linked to whom.
    #[command(after_help = "Examples:\n  \
        actorgraph query graph.json --neighbours \"North Korea\"\n  \
        actorgraph query graph.json --neighbours Pyongyang --direction out\n  \
        actorgraph query graph.json --between Seoul Moscow --format json\n\n\
        Actors may be named by any name seen in the text (Pyongyang, DPRK, North Korean).")]
    Query {
        /// The graph file (.json or .ron).
        graph: PathBuf,
        /// List the links of ACTOR.
        #[arg(long, value_name = "ACTOR", conflicts_with = "between")]
        neighbours: Option<String>,
        /// Which links of --neighbours: out, in or both.
        #[arg(long, default_value = "both")]
        direction: String,
        /// List the links between two actors, both ways.
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        between: Option<Vec<String>>,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
    },
    /// Show how a sentence is read: tokens, actors, rules that matched or nearly matched, modality.
    #[command(after_help = "Examples:\n  \
        actorgraph explain \"Seoul warned Moscow it could begin supplying weapons to Kyiv.\"\n  \
        actorgraph explain --doc story.txt --sentence 3")]
    Explain {
        /// The sentence or text to explain.
        #[arg(required_unless_present = "doc")]
        text: Option<String>,
        /// Explain a sentence of this document instead.
        #[arg(long, value_name = "FILE", requires = "sentence")]
        doc: Option<PathBuf>,
        /// Index of the sentence in --doc (from 0, as in `extract` output).
        #[arg(long, value_name = "N")]
        sentence: Option<usize>,
    },
    /// Work with schemas: check one, or dump the default to start your own.
    #[command(subcommand, after_help = "Examples:\n  \
        actorgraph schema check my-schema/\n  \
        actorgraph schema dump my-schema/")]
    Schema(SchemaCommand),
}

#[derive(Subcommand)]
pub(crate) enum SchemaCommand {
    /// Validate a schema directory: RON syntax, relation classes, ids, aliases, rule patterns, rule examples.
    #[command(after_help = "Examples:\n  \
        actorgraph schema check my-schema/\n  \
        actorgraph schema check                 # the embedded default\n\n\
        A directory may hold any of actors.ron, relations.ron, rules.ron, lexicon.ron; the others \
        come from the embedded default.")]
    Check {
        /// The schema directory (default: the embedded schema, or --schema).
        dir: Option<PathBuf>,
    },
    /// Write the embedded default schema into DIR, to start your own.
    #[command(after_help = "Example:\n  actorgraph schema dump my-schema/ && $EDITOR my-schema/rules.ron")]
    Dump {
        /// Target directory (created if missing; existing schema files are not overwritten).
        dir: PathBuf,
    },
}

#[derive(Args)]
pub(crate) struct InputArgs {
    /// Files, directories (searched recursively) or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Skip unreadable or non-UTF-8 files with a warning instead of stopping.
    #[arg(long)]
    pub skip_invalid: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum TripleFormat {
    /// One JSON object per triple and line (the contract other tools read).
    Jsonl,
    /// One JSON array.
    Json,
    /// Tab-separated: doc, sentence, subject, relation, object, modality, rule, predicate.
    Tsv,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum QueryFormat {
    /// A readable table.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Runs the command line and turns errors into a message and exit code 1
/// (2 for usage errors, from clap).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("actorgraph: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
