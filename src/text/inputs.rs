//! Reading every input of a run: files, directories and standard input,
//! with every problem reported and nothing lost without a word.
//!
//! An input that cannot be read, and a malformed JSON-lines record, is
//! skipped with a [`Notice`] and the run goes on (a `strict` run stops at
//! it instead). A document is never dropped silently: a second document
//! with an id already used is kept under an id qualified by where it came
//! from (`id@file` or `id@file:line`), a `date` that is not ISO 8601 is
//! dropped and the document kept undated, each with a notice. What a
//! directory walk passes over is counted in a notice, and a run that
//! could read nothing at all is an error that says what it tried.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::input::{open_documents_with, InputError, ReadOptions};
use super::walk::{walk_dir, PassedOver};
use super::Document;

/// Problems of one kind reported one by one, per file (bad records) or
/// per run (changed documents); past that they are counted.
const WARNINGS: usize = 10;

/// What reading the inputs reports besides documents.
#[derive(Debug)]
#[non_exhaustive]
pub enum Notice {
    /// An input, or one record, that could not be read and was skipped.
    Skipped(InputError),
    /// More bad records in one file than were reported one by one.
    SkippedMore {
        /// The file.
        path: PathBuf,
        /// How many more.
        count: usize,
    },
    /// A document read with a change: its date dropped
    /// ([`InputError::BadDate`]) or its id qualified ([`InputError::DuplicateId`]).
    Changed(InputError),
    /// More changed documents than were reported one by one.
    ChangedMore {
        /// How many more.
        count: usize,
    },
    /// Entries of a directory that its walk did not read.
    PassedOver {
        /// The directory given.
        dir: PathBuf,
        /// What was passed over.
        passed_over: PassedOver,
    },
    /// A file given by name that looks like HTML: it is read as text, tags and all.
    Markup(PathBuf),
}

impl Notice {
    /// Whether the notice is for information only (what a walk passed
    /// over), not about data that was skipped or changed.
    pub fn is_note(&self) -> bool {
        matches!(self, Notice::PassedOver { .. })
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Skipped(e) => write!(f, "skipped {e}"),
            Notice::SkippedMore { path, count } => write!(f, "skipped {count} more bad records in {}", path.display()),
            Notice::Changed(e) => write!(f, "{e}"),
            Notice::ChangedMore { count } => {
                write!(f, "{count} more documents were read with a date dropped or an id qualified")
            }
            Notice::PassedOver { dir, passed_over } => write!(
                f,
                "passed over {passed_over} in {}; only .txt, .text and .jsonl files are read (--quiet hides this)",
                dir.display()
            ),
            Notice::Markup(path) => write!(
                f,
                "{} looks like HTML: it is read as text, markup and all; give its text as a .txt file",
                path.display()
            ),
        }
    }
}

/// How a run's reading went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadSummary {
    /// Documents handed on.
    pub documents: usize,
    /// Inputs and records skipped (and reported).
    pub skipped: usize,
}

/// The inputs of a run and how to read them.
///
/// ```
/// use actorgraph::text::{Inputs, Notice};
/// let dir = std::env::temp_dir().join("actorgraph-doc-inputs");
/// std::fs::create_dir_all(dir.join("b")).unwrap();
/// std::fs::write(dir.join("a.jsonl"), "{\"id\": \"x\", \"text\": \"Seoul met Tokyo.\"}\n").unwrap();
/// std::fs::write(dir.join("b/x.txt"), "Tokyo met Seoul.").unwrap();
/// let (mut ids, mut notices) = (Vec::new(), Vec::new());
/// let summary = Inputs::new(&[dir.clone()]).read(
///     |doc| -> Result<(), actorgraph::text::InputError> { Ok(ids.push(doc.id.clone())) },
///     |notice| notices.push(notice.to_string()),
/// )?;
/// assert_eq!(summary.documents, 2);
/// // Both documents are kept: the second `x` is qualified by its file.
/// assert_eq!(ids, ["x".to_string(), format!("x@{}", dir.join("b/x.txt").display())]);
/// assert!(notices[0].contains("document id `x` was already used"), "{notices:?}");
/// # Ok::<(), actorgraph::text::InputError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Inputs {
    paths: Vec<PathBuf>,
    options: ReadOptions,
    strict: bool,
}

impl Inputs {
    /// The inputs: files, directories (walked, see [`walk_dir`]) and `-`
    /// for standard input, read with the default [`ReadOptions`].
    pub fn new(paths: &[PathBuf]) -> Inputs {
        Inputs { paths: paths.to_vec(), options: ReadOptions::default(), strict: false }
    }

    /// Reads with `options`.
    pub fn with_options(mut self, options: ReadOptions) -> Inputs {
        self.options = options;
        self
    }

    /// Whether the first problem stops the run (an unreadable input, a bad
    /// record, a bad date, a duplicate id) as an [`InputError::Strict`]
    /// error, instead of a notice.
    pub fn strict(mut self, strict: bool) -> Inputs {
        self.strict = strict;
        self
    }

    /// Reads every input in order, handing each document to `on_document`
    /// and each problem to `on_notice`. An error from `on_document` stops
    /// the run; so does, under [`strict`](Self::strict), the first problem.
    /// When no document at all could be read and something was tried and
    /// failed (or nothing was found), the result is
    /// [`InputError::NothingRead`].
    pub fn read<E: From<InputError>>(
        &self,
        mut on_document: impl FnMut(&Document) -> Result<(), E>,
        mut on_notice: impl FnMut(Notice),
    ) -> Result<ReadSummary, E> {
        let mut run = Run { inputs: self, on_notice: &mut on_notice, summary: ReadSummary::default(), ids: HashMap::new(), files: Vec::new(), changed: 0 };
        let mut tried = Vec::new();
        let mut found = 0;
        for path in &self.paths {
            let before = run.summary;
            let (files, outcome) = run.expand(path)?;
            found += files.len();
            for file in &files {
                run.read_file(file, &mut on_document)?;
            }
            let read = run.summary.documents - before.documents;
            tried.push(match outcome {
                Some(outcome) => format!("`{}` ({outcome})", path.display()),
                None if read == 0 && run.summary.skipped > before.skipped => format!("`{}` (skipped)", path.display()),
                None => format!("`{}`", path.display()),
            });
        }
        if run.changed > WARNINGS {
            (run.on_notice)(Notice::ChangedMore { count: run.changed - WARNINGS });
        }
        let summary = run.summary;
        if summary.documents == 0 && (summary.skipped > 0 || found == 0) {
            let mut tried = tried.join(", ");
            if summary.skipped > 0 {
                tried.push_str("; see the warnings above");
            }
            return Err(InputError::NothingRead { tried }.into());
        }
        Ok(summary)
    }
}

/// The state of one [`Inputs::read`].
struct Run<'a> {
    inputs: &'a Inputs,
    on_notice: &'a mut dyn FnMut(Notice),
    summary: ReadSummary,
    /// Document id → where it was first seen: file (an index into
    /// `files`) and record line.
    ids: HashMap<String, (usize, Option<usize>)>,
    files: Vec<PathBuf>,
    /// Documents changed so far (a date dropped, an id qualified).
    changed: usize,
}

impl Run<'_> {
    /// A problem that skips an input or a record: reported, or under
    /// `strict` the end of the run.
    fn skip<E: From<InputError>>(&mut self, e: InputError) -> Result<(), E> {
        if self.inputs.strict {
            return Err(InputError::Strict(Box::new(e)).into());
        }
        self.summary.skipped += 1;
        (self.on_notice)(Notice::Skipped(e));
        Ok(())
    }

    /// A document read with a change: reported (the first few), or under
    /// `strict` the end of the run.
    fn change<E: From<InputError>>(&mut self, e: InputError) -> Result<(), E> {
        if self.inputs.strict {
            return Err(InputError::Strict(Box::new(e)).into());
        }
        self.changed += 1;
        if self.changed <= WARNINGS {
            (self.on_notice)(Notice::Changed(e));
        }
        Ok(())
    }

    /// The files of one path argument, and what to say of it if nothing
    /// in it can be read.
    fn expand<E: From<InputError>>(&mut self, path: &Path) -> Result<(Vec<PathBuf>, Option<String>), E> {
        if path.as_os_str() == "-" {
            return Ok((vec![path.to_path_buf()], None));
        }
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(source) => {
                self.skip(InputError::Io { path: path.to_path_buf(), source })?;
                return Ok((Vec::new(), Some("cannot be read".into())));
            }
        };
        if !meta.is_dir() {
            let html = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
            if html {
                (self.on_notice)(Notice::Markup(path.to_path_buf()));
            }
            return Ok((vec![path.to_path_buf()], None));
        }
        let walk = walk_dir(path);
        for e in walk.unreadable {
            self.skip(e)?;
        }
        let outcome = walk.files.is_empty().then(|| match walk.passed_over.is_empty() {
            true => "no .txt, .text or .jsonl file in it".to_string(),
            false => format!("no .txt, .text or .jsonl file in it; passed over {}", walk.passed_over),
        });
        if !walk.passed_over.is_empty() {
            (self.on_notice)(Notice::PassedOver { dir: path.to_path_buf(), passed_over: walk.passed_over });
        }
        Ok((walk.files, outcome))
    }

    /// Reads one file's documents. A bad record is skipped and the records
    /// after it are read, once the file has shown it holds records at all
    /// (a text file named .jsonl is skipped whole, not line by line); past
    /// a few warnings, the rest are counted.
    fn read_file<E: From<InputError>>(&mut self, file: &Path, on_document: &mut impl FnMut(&Document) -> Result<(), E>) -> Result<(), E> {
        let mut docs = match open_documents_with(file, &self.inputs.options) {
            Ok(docs) => docs,
            Err(e) => return self.skip(e),
        };
        let (mut good, mut bad) = (0usize, 0usize);
        while let Some(doc) = docs.next() {
            for warning in docs.take_warnings() {
                self.change(warning)?;
            }
            match doc {
                Ok(mut doc) => {
                    good += 1;
                    self.admit(&mut doc, file, docs.line())?;
                    self.summary.documents += 1;
                    on_document(&doc)?;
                }
                Err(e) if good > 0 && e.is_record_error() => {
                    bad += 1;
                    if bad <= WARNINGS || self.inputs.strict {
                        self.skip(e)?;
                    }
                }
                Err(e) => {
                    self.skip(e)?;
                    break;
                }
            }
        }
        if bad > WARNINGS {
            (self.on_notice)(Notice::SkippedMore { path: file.to_path_buf(), count: bad - WARNINGS });
        }
        Ok(())
    }

    /// Gives a document whose id an earlier one took an id of its own,
    /// qualified by its file (and line): `id@file`, `id@file:line`.
    fn admit<E: From<InputError>>(&mut self, doc: &mut Document, file: &Path, line: Option<usize>) -> Result<(), E> {
        if self.files.last().map(PathBuf::as_path) != Some(file) {
            self.files.push(file.to_path_buf());
        }
        let here = (self.files.len() - 1, line);
        let Some(&first) = self.ids.get(&doc.id) else {
            self.ids.insert(doc.id.clone(), here);
            return Ok(());
        };
        let place = |(file, line): (usize, Option<usize>), sep: &str| match line {
            Some(line) => format!("{}{sep}{line}", self.files[file].display()),
            None => self.files[file].display().to_string(),
        };
        let mut qualified = format!("{}@{}", doc.id, place(here, ":"));
        let mut n = 1;
        while self.ids.contains_key(&qualified) {
            n += 1;
            qualified = format!("{}@{}#{n}", doc.id, place(here, ":"));
        }
        let problem = InputError::DuplicateId {
            origin: place(here, ":"),
            id: doc.id.clone(),
            first: place(first, ":"),
            qualified: (!self.inputs.strict).then(|| qualified.clone()),
        };
        self.change(problem)?;
        self.ids.insert(qualified.clone(), here);
        doc.id = qualified;
        Ok(())
    }
}
