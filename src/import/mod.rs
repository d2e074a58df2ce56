//! Importing the event-data world's dictionaries: PETRARCH/TABARI actor
//! and agent files (the Phoenix dictionaries, PETRARCH's validation
//! dictionaries) become a schema directory that `--schema DIR` loads.
//!
//! The stages: [`dictionary`] reads the shared line format (comments,
//! phrases, `[CODE dates]` blocks), `actors` and `agents` translate
//! entries, and [`ImportedSchema::write`] checks the result as a schema and
//! writes it. Every construct is counted in a [`Report`]: translated,
//! approximated (with the loss named) or skipped (with the reason).
//!
//! ```
//! use actorgraph::import::{import_petrarch, Dictionaries, ImportTable};
//! use actorgraph::schema::Schema;
//!
//! let dictionaries = Dictionaries {
//!     actors: vec![("a.txt".into(), "GONDOR [GON]\n+MINAS_TIRITH\nKING_ELESSAR\n\t[GONGOV 30190101-31200101]\n".into())],
//!     agents: vec![("g.txt".into(), "STEWARD [~GOV]\n".into())],
//!     ..Dictionaries::default()
//! };
//! let imported = import_petrarch(&dictionaries, &Schema::embedded().unwrap(), &ImportTable::embedded(), false);
//! let actors = imported.actors.as_ref().unwrap();
//! assert_eq!(actors.actors[0].id, "Gondor");
//! assert_eq!(actors.actors[0].names, vec!["Minas Tirith"]);
//! assert_eq!(actors.people[0].name, "King Elessar");
//! assert_eq!(imported.agents, vec!["steward"]);
//! ```

mod actors;
mod agents;
pub(crate) mod dictionary;
mod error;
mod report;
mod table;
mod verbs;

use std::path::{Path, PathBuf};

pub use error::ImportError;
pub use report::{Outcome, Report};
pub use table::{CodeScheme, ImportTable};

use crate::atomic::write_atomic;
use crate::schema::{ActorsFile, LexiconFile, RulesFile, Schema, SchemaError};

/// The dictionaries to import, each as (name for messages, text).
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    /// Actor dictionaries (`PETR.Validate.actors.txt`, `Phoenix.Countries.actors.txt`).
    pub actors: Vec<(String, String)>,
    /// Agent dictionaries (`Phoenix.agents.txt`).
    pub agents: Vec<(String, String)>,
    /// Verb dictionaries (`CAMEO.2.0.txt`).
    pub verbs: Vec<(String, String)>,
    /// How the verbs' event codes are read.
    pub codes: CodeScheme,
    /// Discard lists: `+PHRASE` discards a story, `PHRASE` a sentence.
    pub discards: Vec<(String, String)>,
}

/// What an import produced, before it is written.
#[derive(Debug, Clone)]
pub struct ImportedSchema {
    /// The actors and people, when actor dictionaries were given.
    pub actors: Option<ActorsFile>,
    /// Agent nouns, lower case.
    pub agents: Vec<String>,
    /// Phrases that discard a story.
    pub discard_stories: Vec<String>,
    /// Phrases that discard a sentence.
    pub discard_sentences: Vec<String>,
    /// Word classes and rules, when verb dictionaries were given.
    pub rules: Option<RulesFile>,
    /// What was translated, approximated and skipped.
    pub report: Report,
    /// Whether the actors extend the base schema's (`add/`) or replace them.
    pub extend: bool,
}

/// Translates `dictionaries` against `base` (the schema whose function
/// words judge names; with `extend`, whose actors the imported codes and
/// names join).
pub fn import_petrarch(
    dictionaries: &Dictionaries,
    base: &Schema,
    table: &ImportTable,
    extend: bool,
) -> ImportedSchema {
    let mut report = Report::default();
    let mut actors = None;
    if !dictionaries.actors.is_empty() {
        let mut entries = Vec::new();
        for (name, text) in &dictionaries.actors {
            entries.extend(actors::read_entries(
                name,
                text,
                table.century_pivot,
                &mut report,
            ));
        }
        let mut import = actors::ActorImport::new(table, base, extend);
        import.read(&entries, &mut report);
        actors = Some(import.finish());
    }
    let mut agents = Vec::new();
    for (name, text) in &dictionaries.agents {
        for noun in agents::read_agents(name, text, table.century_pivot, &mut report) {
            if !agents.contains(&noun) && !base.lexicon.agents.contains(&noun) {
                agents.push(noun);
            }
        }
    }
    let mut rules: Option<RulesFile> = None;
    for (name, text) in &dictionaries.verbs {
        let read = verbs::read_verbs(name, text, table, dictionaries.codes, &base.relations, &base.lexicon.prepositions, &mut report);
        let all = rules.get_or_insert_with(RulesFile::default);
        for (class, words) in read.word_classes {
            all.word_classes.entry(class).or_default().extend(words);
        }
        all.rules.extend(read.rules);
    }
    let (mut discard_stories, mut discard_sentences) = (Vec::new(), Vec::new());
    for (name, text) in &dictionaries.discards {
        for line in dictionary::lines(text) {
            let phrase = line.text.trim();
            let (list, body, what) = match phrase.strip_prefix('+') {
                Some(story) => (&mut discard_stories, story, "story discards (a document with one codes nothing)"),
                None => (&mut discard_sentences, phrase, "sentence discards"),
            };
            let words = dictionary::phrase_words(body).join(" ");
            if !words.is_empty() && !list.contains(&words) {
                list.push(words);
                report.note(Outcome::Translated, what, || format!("{name}:{} {phrase}", line.number));
            }
        }
    }
    ImportedSchema {
        actors,
        agents,
        rules,
        discard_stories,
        discard_sentences,
        report,
        extend,
    }
}

impl ImportedSchema {
    /// The schema files to write, as (path under the directory, RON text).
    pub fn files(&self) -> Vec<(&'static str, String)> {
        let pretty = || ron::ser::PrettyConfig::new().struct_names(false);
        let header =
            "// Written by `actorgraph schema import petrarch`: re-import rather than edit.\n";
        let mut files = Vec::new();
        if let Some(actors) = &self.actors {
            let text =
                ron::ser::to_string_pretty(actors, pretty()).expect("schema types serialise");
            files.push((
                if self.extend {
                    "add/actors.ron"
                } else {
                    "actors.ron"
                },
                format!("{header}{text}\n"),
            ));
        }
        if let Some(rules) = &self.rules {
            let text = ron::ser::to_string_pretty(rules, pretty()).expect("schema types serialise");
            files.push((if self.extend { "add/rules.ron" } else { "rules.ron" }, format!("{header}{text}\n")));
        }
        if !self.agents.is_empty() || !self.discard_stories.is_empty() || !self.discard_sentences.is_empty() {
            let lexicon = LexiconFile {
                agents: self.agents.clone(),
                discard_stories: self.discard_stories.clone(),
                discard_sentences: self.discard_sentences.clone(),
                ..LexiconFile::default()
            };
            let text =
                ron::ser::to_string_pretty(&lexicon, pretty()).expect("schema types serialise");
            files.push(("add/lexicon.ron", format!("{header}{text}\n")));
        }
        files
    }

    /// Checks the files as a schema over the embedded default, then writes
    /// them into `dir` (each atomically); returns the paths written.
    pub fn write(&self, dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
        let files = self.files();
        self.check(&files)?;
        let mut written = Vec::new();
        for (name, text) in &files {
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| ImportError::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            write_atomic(&path, text.as_bytes()).map_err(|source| ImportError::Io {
                path: path.clone(),
                source,
            })?;
            written.push(path);
        }
        Ok(written)
    }

    /// Loads `files` as `--schema DIR` would, so that nothing invalid is written.
    fn check(&self, files: &[(&'static str, String)]) -> Result<(), ImportError> {
        let embedded = Schema::embedded_files();
        let replaced: Vec<(&str, &str)> = files
            .iter()
            .filter(|(n, _)| !n.starts_with("add/"))
            .map(|(n, t)| (*n, t.as_str()))
            .collect();
        let sources: Vec<(&str, &str)> = embedded
            .iter()
            .filter(|(n, _)| !replaced.iter().any(|(r, _)| r == n))
            .copied()
            .chain(replaced.iter().copied())
            .collect();
        let additions: Vec<(&str, &str)> = files
            .iter()
            .filter_map(|(n, t)| n.strip_prefix("add/").map(|n| (n, t.as_str())))
            .collect();
        Schema::with_additions(&sources, &additions)
            .map(drop)
            .map_err(|e: SchemaError| ImportError::Invalid(Box::new(e)))
    }
}
