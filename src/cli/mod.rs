//! Command-line argument parsing; every command calls the library.
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use actorgraph::extract::Extractor;
use actorgraph::schema::Schema;
use actorgraph::text::{expand_paths, read_documents};

#[derive(Parser)]
#[command(name = "actorgraph", version, about = "Reads news and builds a knowledge graph of who does what to whom")]
struct Cli {
    /// Load the schema from DIR (files it lacks come from the embedded default).
    #[arg(long, global = true, value_name = "DIR")]
    schema: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show how a sentence is read: tokens, actors, rules, modality.
    Explain {
        /// The sentence (or text) to explain.
        text: String,
    },
    /// Extract triples from text.
    Extract {
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("actorgraph: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let schema = match &cli.schema {
        Some(dir) => Schema::load_dir(dir)?,
        None => Schema::embedded()?,
    };
    match cli.command {
        Command::Explain { text } => {
            let ex = Extractor::new(&schema)?;
            print!("{}", ex.explain_text(&text));
        }
        Command::Extract { paths } => {
            let ex = Extractor::new(&schema)?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for file in expand_paths(&paths)? {
                for doc in read_documents(&file)? {
                    for t in ex.extract(&doc) {
                        serde_json::to_writer(&mut out, &t).context("writing output")?;
                        out.write_all(b"\n")?;
                    }
                }
            }
        }
    }
    Ok(())
}
