//! The command line: argument parsing with clap. Each command is a few
//! calls into the library (see `commands.rs`).

/// Prints to standard output like `print!`, as a `Result`: a closed
/// standard output (`| head`) stops the run quietly (see [`output::StdoutClosed`]).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::say(format_args!($($arg)*))
    };
}

mod commands;
mod output;
mod import;
mod progress;
mod syntax;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "actorgraph",
    version = env!("ACTORGRAPH_VERSION"),
    about = "Reads news and builds a knowledge graph of who does what to whom",
    long_about = "Reads news and builds a knowledge graph of who does what to whom.\n\n\
        Rules kept as data (schema/*.ron, embedded) turn sentences into actor–relation–actor \
        triples with their modality and the sentence they came from; the triples merge into a \
        graph you can query and draw.",
    after_help = "Examples:\n  \
        actorgraph build examples/news --out-dir out        # graph.json, graph.dot, graph.svg + summary\n  \
        actorgraph merge part-1.json part-2.json -o graph.json   # graphs of parts of a corpus into one\n  \
        actorgraph extract examples/news --format jsonl     # one triple per line\n  \
        actorgraph query out/graph.json --neighbours Iran\n  \
        actorgraph explain \"Seoul warned Moscow it could arm Kyiv.\""
)]
pub(crate) struct Cli {
    /// Load the schema from DIR; files it lacks come from the embedded default.
    #[arg(long, global = true, value_name = "DIR")]
    pub schema: Option<PathBuf>,
    /// Hide notes (what a directory walk passed over, a thread count
    /// lowered to the cores there are); warnings and errors still show.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// Read the rules by their word patterns only, without the dependency
    /// parse: some 50× faster, and fewer triples found (passives, control,
    /// relative clauses, pronouns and descriptions need the parse).
    #[arg(long, global = true)]
    pub shallow: bool,
    /// Colour the `error:`, `warning:` and `note:` of messages: auto (on a
    /// terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
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
        Input: text files (one document each, id = file stem), directories (searched recursively \
        for .txt, .text and .jsonl files; symbolic links to directories are not followed, what is \
        passed over is counted in a note), JSON-lines files with {\"id\", \"text\", \"date\"?, \"source\"?} \
        per line, or - for standard input. A repeated document id is kept as id@file(:line), a date \
        that is not ISO 8601 is dropped, each with a warning.")]
    Extract {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        run: RunArgs,
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
        actorgraph build more-news/ --add graph.json -o graph.json   # add to an existing graph\n  \
        actorgraph build corpus/ -o graph.json --max-evidence 0      # keep every sentence\n\n\
        The graph file format follows the extension: .json or .ron. Each link counts all its \
        mentions (and their dates, documents and spellings) but keeps only its first \
        --max-evidence sentences as evidence, so the graph grows with its distinct links, \
        not with the input.")]
    Build {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        run: RunArgs,
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
        /// Keep at most N pieces of evidence (sentences) per link, the first N
        /// in input order; counts and dates still cover every mention. 0 keeps
        /// all. Default: 20, or with --add the limit the graph was built with.
        #[arg(long, value_name = "N")]
        max_evidence: Option<usize>,
    },
    /// Merge graph files into one: the reduce step of a corpus read in parts.
    #[command(after_help = "Examples:\n  \
        actorgraph merge part-1.json part-2.json part-3.json -o graph.json\n  \
        actorgraph merge parts/*.json -o graph.json\n  \
        actorgraph merge old.json new.ron -o all.ron\n\n\
        The merged file is the same, byte for byte, whatever order the graphs come in and however \
        merges are grouped (merging A and B, then C, gives what merging A with the merge of B and C \
        gives): each link keeps its first --max-evidence sentences by document id, sentence and rule, \
        and the lower evidence limit of the graphs holds. Documents are known by id and content hash: \
        a document in several graphs counts once; an id with two contents keeps the one with the \
        greater hash, as no order tells which is newer (`build --add` keeps the later). A document \
        in two graphs that both kept only part of its evidence cannot be counted once, and the merge \
        is refused with its id; graphs of separate documents, or built with --max-evidence 0, always \
        merge.")]
    Merge {
        /// The graph files (.json or .ron).
        #[arg(required = true, value_name = "GRAPH")]
        graphs: Vec<PathBuf>,
        /// Write the merged graph to FILE (.json or .ron), atomically.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: PathBuf,
    },
    /// Convert a graph file to another format, whole or in part.
    #[command(after_help = "Examples:\n  \
        actorgraph export graph.json --format svg -o graph.svg\n  \
        actorgraph export graph.json -o graph.dot          # format from the extension\n  \
        actorgraph export graph.json --format dot          # DOT to standard output\n  \
        actorgraph export graph.json --format graphml -o graph.graphml\n  \
        actorgraph export graph.json --format neo4j -o neo4j/   # nodes.csv + edges.csv\n  \
        actorgraph export graph.json --format mermaid --around Iran --depth 2\n  \
        actorgraph export graph.json -o top.svg --top 30 --min-mentions 2 --cluster\n  \
        actorgraph export graph.json --format html -o view.html   # the interactive view\n  \
        actorgraph export graph.json --format cypher --dialect kuzu -o graph.cypher\n\n\
        Formats: json, ron, dot, svg, png, pdf, graphml, gexf, node-link, neo4j (a folder of CSVs), \
        cypher, mermaid, html (one self-contained interactive page). SVG, PNG and PDF use Graphviz `dot` when it is installed; SVG falls back \
        to a built-in layout without it. The filters (--relation, --modality, --min-mentions, \
        --from/--to, --doc, --kind), --around and --top cut the graph before any format.")]
    Export {
        /// The graph file (.json or .ron).
        graph: PathBuf,
        /// Output format (default: from the extension of -o).
        #[arg(long, short = 'f')]
        format: Option<String>,
        /// Write to FILE (atomically) instead of standard output; a directory for neo4j.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Drawings: one line per relation and modality instead of one per actor pair.
        #[arg(long)]
        parallel: bool,
        /// Drawings: group actors in one box per kind.
        #[arg(long)]
        cluster: bool,
        /// Cypher: the database the script is for, neo4j (the default) or kuzu.
        #[arg(long, value_name = "DB")]
        dialect: Option<actorgraph::export::CypherDialect>,
        #[command(flatten)]
        cut: CutArgs,
    },
    /// Open a graph in the interactive view: one self-contained HTML file.
    #[command(after_help = "Examples:\n  \
        actorgraph view graph.json                   # writes a temporary file, prints its path, opens it\n  \
        actorgraph view graph.json -o view.html --no-open\n  \
        actorgraph view graph.json --around Iran --depth 2 --min-mentions 2\n\n\
        The page works offline and fetches nothing: Graphviz lays the graph out (a built-in layout \
        without it); pan and zoom, search actors by any name, click an actor for its links or a link \
        for its evidence sentences, and filter by relation, modality, mentions and dates. The file is \
        opened with xdg-open only where a display is available (DISPLAY or WAYLAND_DISPLAY set, CI \
        unset); `actorgraph export GRAPH --format html -o FILE` writes the same page.")]
    View {
        /// The graph file (.json or .ron).
        graph: PathBuf,
        /// Write the page to FILE instead of a temporary file.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only write the page and print its path; do not open a browser.
        #[arg(long)]
        no_open: bool,
        /// Group actors in one box per kind.
        #[arg(long)]
        cluster: bool,
        #[command(flatten)]
        cut: CutArgs,
    },
    /// Ask a graph who is linked to whom, through whom, who matters most, and who fits a pattern.
    #[command(
        after_help = "Examples:\n  \
        actorgraph query graph.json --neighbours \"North Korea\"\n  \
        actorgraph query graph.json --neighbours Pyongyang --direction out --depth 2\n  \
        actorgraph query graph.json --between Seoul Moscow --format json\n  \
        actorgraph query graph.json --path Iran Ukraine --max-len 3\n  \
        actorgraph query graph.json --rank pagerank --relation supply,deploy\n  \
        actorgraph query graph.json --components\n  \
        actorgraph query graph.json '?x supply Russia; ?x deploy ?y' --from 2024-01-01\n\n\
        Actors may be named by any of their names: the canonical name, a name seen in the text, \
        or one from the schema's gazetteer (Pyongyang, DPRK, North Korean, Kim Jong Un).\n\
        Pattern syntax: clauses `subject relation object` separated by `;`; ?x is a variable, \
        names with spaces go in double quotes, the relation may be `*`, `a|b`, and end in \
        `:asserted`, `:negated` or `:hypothetical`.",
        group(clap::ArgGroup::new("question").args(["pattern", "neighbours", "between", "path", "rank", "components"]))
    )]
    Query {
        /// The graph file (.json or .ron).
        graph: PathBuf,
        /// A pattern query, e.g. '?x supply Russia; ?x deploy ?y'.
        pattern: Option<String>,
        /// List the links of ACTOR (its ego network with --depth).
        #[arg(long, visible_alias = "neighbors", value_name = "ACTOR")]
        neighbours: Option<String>,
        /// How many steps --neighbours reaches.
        #[arg(long, default_value_t = 1, value_name = "K")]
        depth: usize,
        /// Which links to follow (--neighbours, --path): out, in or both.
        #[arg(long, default_value = "both")]
        direction: String,
        /// List the links between two actors, both ways.
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        between: Option<Vec<String>>,
        /// Every simple path from A to B (shortest first), each step with its relations and evidence.
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        path: Option<Vec<String>>,
        /// Longest path --path looks for, in steps.
        #[arg(long, default_value_t = 4, value_name = "K")]
        max_len: usize,
        /// With --path: only a shortest path.
        #[arg(long, requires = "path")]
        shortest: bool,
        /// Rank actors: pagerank, degree or weighted-degree.
        #[arg(long, value_name = "MEASURE")]
        rank: Option<String>,
        /// List the connected components (links taken either way).
        #[arg(long)]
        components: bool,
        /// With --rank: how many actors to list (0: all).
        #[arg(long, default_value_t = 20, value_name = "N")]
        top: usize,
        #[command(flatten)]
        filter: FilterArgs,
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
        /// Largest --doc read, in bytes (as for `extract`).
        #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
        max_document_bytes: u64,
    },
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    #[command(after_help = "Examples:\n  \
        actorgraph completions bash > ~/.local/share/bash-completion/completions/actorgraph\n  \
        actorgraph completions zsh > ~/.zfunc/_actorgraph\n  \
        actorgraph completions fish > ~/.config/fish/completions/actorgraph.fish")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Tag and parse text: each word's part of speech, lemma, head and relation (CoNLL-U).
    #[command(after_help = "Examples:\n  \
        actorgraph parse story.txt                          # CoNLL-U, one block per sentence\n  \
        echo 'Seoul warned Moscow.' | actorgraph parse - --format text\n  \
        actorgraph parse --conllu gold.conllu -o parsed.conllu   # re-parse a treebank's own words\n  \
        actorgraph parse --conllu ../shared/ud/en_ewt-ud-test.conllu --evaluate\n\n\
        Input is read as `extract` reads it (.txt files, directories, JSON lines, - for standard \
        input); sentences are split as extraction splits them and words as Universal Dependencies \
        does (don't → do n't). CoNLL-U output has `# doc`, `# sent_id` and `# text` comments and \
        each word's byte span in the document as TokenRange=START:END. The model is the one built \
        into actorgraph (trained on UD English-EWT), or --model FILE from `actorgraph train-parser`.")]
    Parse {
        /// Files, directories or - for standard input (the default).
        #[arg(value_name = "PATH", conflicts_with = "conllu")]
        paths: Vec<PathBuf>,
        /// Re-tag and re-parse the words of this CoNLL-U file, keeping its tokenisation.
        #[arg(long, value_name = "FILE")]
        conllu: Option<PathBuf>,
        /// With --conllu: print the accuracy against the file's own tags and trees (UPOS, UAS, LAS).
        #[arg(long, requires = "conllu")]
        evaluate: bool,
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = ParseFormat::Conllu)]
        format: ParseFormat,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Use this model (from `actorgraph train-parser`) instead of the built-in one.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
    },
    /// Train the tagger, lemmatizer and parser from Universal Dependencies treebanks.
    #[command(after_help = "Example (reproduces the built-in model, models/english.model):\n  \
        actorgraph train-parser --train ../shared/ud/en_ewt-ud-train.conllu \\\n      \
        --dev ../shared/ud/en_ewt-ud-dev.conllu -o models/english.model\n\n\
        Training is deterministic: the same data and settings give the same file, byte for byte. \
        It takes about six minutes on two idle cores. The development set only reports progress; it \
        never changes the model. A model trained on a treebank carries that treebank's licence.")]
    TrainParser {
        /// The training treebank (CoNLL-U).
        #[arg(long, value_name = "FILE")]
        train: PathBuf,
        /// A development treebank to report accuracy on as training goes.
        #[arg(long, value_name = "FILE")]
        dev: Option<PathBuf>,
        /// Where to write the model.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        settings: TrainArgs,
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
        come from the embedded default. Files in DIR/add/ are added on top instead of replacing \
        (see schema/README.md).")]
    Check {
        /// The schema directory (default: the embedded schema, or --schema).
        dir: Option<PathBuf>,
    },
    /// Import dictionaries of another tool into a schema directory.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write the embedded default schema into DIR, to start your own.
    #[command(after_help = "Example:\n  actorgraph schema dump my-schema/ && $EDITOR my-schema/rules.ron")]
    Dump {
        /// Target directory (created if missing; existing schema files are not overwritten).
        dir: PathBuf,
    },
}

/// `--codes` of `schema import petrarch`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ImportCodes {
    Cameo,
    Weis,
}

#[derive(Subcommand)]
pub(crate) enum ImportCommand {
    /// PETRARCH/TABARI dictionaries (Phoenix, CAMEO, PETRARCH's validation set): actors, agents, verbs.
    #[command(after_help = "Examples:\n  \
        actorgraph schema import petrarch --actors Phoenix.Countries.actors.txt \\\n      \
        --actors Phoenix.International.actors.txt --agents Phoenix.agents.txt --extend -o phoenix/\n  \
        actorgraph schema import petrarch --verbs CAMEO.2.0.txt -o cameo/\n  \
        actorgraph extract news/ --schema phoenix/\n\n\
        Actors: an entry whose code names an actor by itself (a country, an organisation, a named \
        group) becomes an actor, its +aliases its names. A code under an actor's whose role stands \
        for the state (GOV, MIL, ...; see the table) adds the names to that actor; with dates \
        ([GONGOV 950601-990815]) it makes people who stand for it only over those dates. Agents \
        become agent nouns (\"Gondor's foreign minister\" stands for Gondor). The report says what \
        was translated, approximated and skipped. Without --extend the actors replace the default \
        ones (DIR/actors.ron); with it they join them by code (DIR/add/actors.ron).\n\n\
        Verbs: each block's code, and each pattern's, becomes a rule over the block's verbs, with its \
        relation class read from the code (--codes). A pattern's `+` and `(PREP +)` name the target; \
        with none, the target is the verb's object, or a phrase after it. Patterns with words before \
        the verb, null codes, and phrases that name a thing but no target are skipped and counted. \
        The rules replace the default ones (DIR/rules.ron), or join them with --extend.")]
    Petrarch {
        /// An actor dictionary (repeat for several; each may use the codes of the others).
        #[arg(long, value_name = "FILE")]
        actors: Vec<PathBuf>,
        /// An agent dictionary (repeatable).
        #[arg(long, value_name = "FILE")]
        agents: Vec<PathBuf>,
        /// A verb dictionary (repeatable): its blocks and patterns become rules.
        #[arg(long, value_name = "FILE")]
        verbs: Vec<PathBuf>,
        /// How the verbs' event codes are read: CAMEO through relations.ron, or WEIS through the table.
        #[arg(long, value_enum, default_value_t = ImportCodes::Cameo)]
        codes: ImportCodes,
        /// A discard list (repeatable): `+PHRASE` discards a story, `PHRASE` a sentence.
        #[arg(long, value_name = "FILE")]
        discards: Vec<PathBuf>,
        /// Add to the default actors (joined by code) instead of replacing them.
        #[arg(long)]
        extend: bool,
        /// How codes are read (default: the embedded schema/import/petrarch.ron).
        #[arg(long, value_name = "FILE")]
        table: Option<PathBuf>,
        /// The schema directory to write (created if missing).
        #[arg(long, short = 'o', value_name = "DIR")]
        output: PathBuf,
    },
}

/// Which part of a graph `export` and `view` draw.
#[derive(Args)]
pub(crate) struct CutArgs {
    /// Keep only the N strongest actor pairs (by mentions).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Keep only the actors within --depth steps of ACTOR (either direction).
    #[arg(long, value_name = "ACTOR")]
    pub around: Option<String>,
    /// How many steps --around reaches.
    #[arg(long, default_value_t = 1, value_name = "K")]
    pub depth: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Args)]
pub(crate) struct InputArgs {
    /// Files, directories (searched recursively) or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Skip unreadable, binary or non-UTF-8 inputs and malformed JSON-lines
    /// records with a warning and exit 0 (by default they are skipped with
    /// a warning and the exit code is 3).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Stop at the first unreadable, binary or non-UTF-8 input or malformed
    /// record: exit code 1, no output file written.
    #[arg(long, conflicts_with = "skip_invalid")]
    pub strict: bool,
    /// Largest document read, in bytes (suffixes k, M, G: powers of 1024):
    /// a text file, or one JSON-lines record. A larger one is skipped with
    /// a warning before it is read whole. 0: no limit.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    pub max_document_bytes: u64,
}

/// A size in bytes: digits, optionally followed by k, M or G (powers of
/// 1024, case-insensitive, an optional `B` or `iB` after them).
fn parse_size(text: &str) -> Result<u64, String> {
    let lower = text.trim().to_ascii_lowercase();
    let number = lower.trim_end_matches("ib").trim_end_matches('b');
    let (digits, shift) = match number.as_bytes().last() {
        Some(b'k') => (&number[..number.len() - 1], 10),
        Some(b'm') => (&number[..number.len() - 1], 20),
        Some(b'g') => (&number[..number.len() - 1], 30),
        _ => (number, 0),
    };
    let invalid = || format!("`{text}` is not a size (write bytes, or a number with k, M or G: 16M)");
    let n: u64 = digits.parse().map_err(|_| invalid())?;
    n.checked_mul(1 << shift).ok_or_else(invalid)
}

/// How `extract` and `build` run: threads and progress.
#[derive(Args, Default, Clone, Copy)]
pub(crate) struct RunArgs {
    /// Worker threads that read documents in parallel (default: all cores).
    /// The output is the same, in the same order, for any number.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

/// Filters shared by `query` and `export`.
#[derive(Args, Default)]
pub(crate) struct FilterArgs {
    /// Keep only these relation classes (comma-separated: supply,deploy).
    #[arg(long = "relation", value_delimiter = ',', value_name = "CLASS")]
    pub relations: Vec<String>,
    /// Keep only these modalities (asserted, negated, hypothetical; comma-separated).
    #[arg(long = "modality", value_delimiter = ',', value_name = "MODALITY")]
    pub modalities: Vec<String>,
    /// Keep only links with at least N mentions.
    #[arg(long, value_name = "N")]
    pub min_mentions: Option<u64>,
    /// Keep only evidence dated on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Keep only evidence dated on or before DATE (inclusive; `2024` means all of 2024).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Keep only evidence from these documents (repeat or comma-separate).
    #[arg(long = "doc", value_delimiter = ',', value_name = "ID")]
    pub documents: Vec<String>,
    /// Keep only actors of these kinds (state, igo, party, armed-group, other).
    #[arg(long = "kind", value_delimiter = ',', value_name = "KIND")]
    pub kinds: Vec<String>,
}

/// Training settings (`train-parser`).
#[derive(Args)]
pub(crate) struct TrainArgs {
    /// Passes over the training data for the tagger.
    #[arg(long, default_value_t = actorgraph::syntax::TrainSettings::default().tagger_epochs, value_name = "N")]
    pub tagger_epochs: usize,
    /// Passes over the training data for the parser.
    #[arg(long, default_value_t = actorgraph::syntax::TrainSettings::default().parser_epochs, value_name = "N")]
    pub parser_epochs: usize,
    /// Folds for the parser's training tags (1: train the parser on gold tags).
    #[arg(long, default_value_t = actorgraph::syntax::TrainSettings::default().folds, value_name = "K")]
    pub folds: usize,
    /// How many parsers to train, each reading the data in another order, and average into one.
    #[arg(long, default_value_t = actorgraph::syntax::TrainSettings::default().ensemble, value_name = "N")]
    pub ensemble: usize,
    /// Drop parser features seen in fewer training updates (smaller, faster model).
    #[arg(long, default_value_t = actorgraph::syntax::TrainSettings::default().min_updates, value_name = "N")]
    pub min_updates: u32,
    /// Store the parser's weights as integers of this many bits (at most 16; fewer: a smaller file).
    #[arg(long, default_value_t = actorgraph::syntax::TrainSettings::default().weight_bits, value_name = "BITS")]
    pub weight_bits: u32,
    /// The seed of every shuffle.
    #[arg(long, default_value_t = actorgraph::syntax::TrainSettings::default().seed)]
    pub seed: u64,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ParseFormat {
    /// CoNLL-U, the Universal Dependencies format.
    Conllu,
    /// A readable table per sentence.
    Text,
}

/// When to colour messages.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set to anything but the empty string.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
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

impl From<TripleFormat> for actorgraph::pipeline::TripleFormat {
    fn from(format: TripleFormat) -> Self {
        match format {
            TripleFormat::Jsonl => actorgraph::pipeline::TripleFormat::Jsonl,
            TripleFormat::Json => actorgraph::pipeline::TripleFormat::Json,
            TripleFormat::Tsv => actorgraph::pipeline::TripleFormat::Tsv,
        }
    }
}

/// Query output. The table is the default everywhere (not only on a
/// terminal), so that a script's output does not change with where it runs.
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
/// (2 for usage errors, from clap; 3 when the run completed but skipped
/// unreadable inputs).
pub fn main() -> ExitCode {
    actorgraph::atomic::clean_up_on_interrupt();
    let cli = Cli::parse();
    output::set_color(cli.color);
    match commands::run(cli) {
        // `| head` closed standard output: nothing more is wanted.
        Err(e) if e.chain().any(|c| c.is::<output::StdoutClosed>()) => ExitCode::SUCCESS,
        Ok(()) if commands::skipped_inputs() > 0 => {
            let n = commands::skipped_inputs();
            let plural = if n == 1 { "" } else { "s" };
            output::diag(output::Level::Warning, format_args!("{n} input{plural} skipped (see above); the rest was read and written"));
            ExitCode::from(3)
        }
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::diag(output::Level::Error, format_args!("{}", one_sentence(&e)));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes joined by `: `, leaving out a cause whose text
/// the message already holds (an I/O error that a layer quoted in its own
/// message and also gave as its source).
fn one_sentence(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("500k"), Ok(500 << 10));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("123"), Ok(123));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }

    #[test]
    fn a_cause_already_quoted_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory (os error 2)");
        let e = anyhow::Error::new(io).context("x.txt: No such file or directory (os error 2)").context("reading");
        assert_eq!(one_sentence(&e), "reading: x.txt: No such file or directory (os error 2)");
    }
}
