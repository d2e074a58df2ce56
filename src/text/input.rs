//! Reading documents: text files, JSON-lines records and standard input,
//! each checked before it is read whole (its first block sniffed for a
//! binary or UTF-16 file, its size held to [`ReadOptions::max_document_bytes`]).

use std::fs;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Document;

/// Why input could not be read. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The bytes are not UTF-8.
    #[error("{path}:{line}:{column}: not valid UTF-8 (byte offset {offset}); convert the file to UTF-8")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in bytes) of the first bad byte.
        column: usize,
        /// Byte offset of the first bad byte.
        offset: usize,
    },
    /// The file holds a NUL byte: it is binary, not text.
    #[error("{path}:{line}:{column}: a NUL byte (byte offset {offset}): this looks like a binary file, not text")]
    Binary {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first NUL byte.
        line: usize,
        /// 1-based column (in bytes) of the first NUL byte.
        column: usize,
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// The file starts with a UTF-16 byte-order mark.
    #[error("{path}: UTF-16 text ({encoding} byte-order mark); convert the file to UTF-8")]
    Utf16 {
        /// The file.
        path: PathBuf,
        /// "UTF-16LE" or "UTF-16BE".
        encoding: &'static str,
    },
    /// A JSON-lines record is malformed.
    #[error("{path}:{line}:{column}: bad JSON-lines record: {message} (each line must be {{\"id\": ..., \"text\": ...}})")]
    BadRecord {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A document (a text file, or one JSON-lines record) larger than the limit.
    #[error("{path}{}: larger than the limit of {limit} bytes per document; raise it with --max-document-bytes", line.map(|l| format!(":{l}:1")).unwrap_or_default())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The record's line, for a JSON-lines record.
        line: Option<usize>,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A record's `date` that is not an ISO 8601 date: the document is kept, undated.
    #[error("{path}:{line}:{column}: `date` {value:?} is not an ISO 8601 date (YYYY-MM-DD, YYYY-MM, YYYY, or a date-time such as 2024-06-19T08:30:00Z); the document is read without a date")]
    BadDate {
        /// The file.
        path: PathBuf,
        /// 1-based line of the record.
        line: usize,
        /// 1-based column of the date's value.
        column: usize,
        /// The date as written.
        value: String,
    },
    /// A document id already used by an earlier document of the same run.
    #[error("{origin}: document id `{id}` was already used by {first}; {}", match qualified {
        Some(q) => format!("this one is kept as `{q}`"),
        None => "two documents may not share an id".to_string(),
    })]
    DuplicateId {
        /// Where the second document is (`file`, or `file:line` for a record).
        origin: String,
        /// The id.
        id: String,
        /// Where the first document with that id is.
        first: String,
        /// The id the second document is given instead, when it is kept.
        qualified: Option<String>,
    },
    /// Nothing at all could be read from the inputs given.
    #[error("no input could be read (tried {tried})")]
    NothingRead {
        /// What was tried, and what came of it.
        tried: String,
    },
    /// An input problem that stops a `--strict` run.
    #[error("{0} (stopping here: --strict)")]
    Strict(Box<InputError>),
}

impl InputError {
    /// Whether the error concerns one JSON-lines record (a line that is
    /// not a record, or not UTF-8) rather than the whole input: the records
    /// after it can still be read.
    ///
    /// ```
    /// use actorgraph::text::InputError;
    /// let bad = InputError::BadRecord { path: "a.jsonl".into(), line: 2, column: 1, message: "EOF".into() };
    /// assert!(bad.is_record_error());
    /// assert!(!InputError::Utf16 { path: "a.jsonl".into(), encoding: "UTF-16LE" }.is_record_error());
    /// ```
    pub fn is_record_error(&self) -> bool {
        matches!(self, InputError::BadRecord { .. } | InputError::NotUtf8 { .. } | InputError::TooLarge { line: Some(_), .. })
    }
}

/// One JSON-lines input record.
#[derive(Debug, Deserialize)]
struct Record {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// The default of [`ReadOptions::max_document_bytes`]: 16 MiB, a hundred
/// times a long news article. Memory while reading one document grows
/// with its size (its text, its sentences, then its triples), so the limit
/// bounds it.
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 16 << 20;

/// How much of a file is looked at before it is read whole: a binary file
/// (a NUL byte) or a UTF-16 one is refused from this first block.
const SNIFF_BYTES: usize = 8 << 10;

/// How documents are read.
///
/// ```
/// use actorgraph::text::{open_documents_with, InputError, ReadOptions};
/// let path = std::env::temp_dir().join("actorgraph-doc-limit.txt");
/// std::fs::write(&path, "Seoul met Tokyo. ".repeat(10)).unwrap();
/// let small = ReadOptions { max_document_bytes: 100 };
/// assert!(matches!(open_documents_with(&path, &small), Err(InputError::TooLarge { limit: 100, .. })));
/// assert!(open_documents_with(&path, &ReadOptions::default()).is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Largest document, in bytes: a text file, or one JSON-lines record's
    /// line. A larger one is refused with [`InputError::TooLarge`] before
    /// it is read whole. 0 means no limit.
    pub max_document_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES }
    }
}

impl ReadOptions {
    fn limit(&self) -> u64 {
        if self.max_document_bytes == 0 {
            u64::MAX
        } else {
            self.max_document_bytes
        }
    }
}

/// Whether `path` names a JSON-lines file (`.jsonl`, in any case).
pub(crate) fn is_jsonl_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

/// Reads one input file (or `-` for stdin) into its documents: one for a
/// text file, one per line for a `.jsonl` file (or stdin whose first
/// non-blank character is `{`).
///
/// ```
/// let path = std::env::temp_dir().join("actorgraph-doc-read.jsonl");
/// std::fs::write(&path, "{\"id\": \"n1\", \"text\": \"Seoul met Tokyo.\", \"date\": \"2024-06-01\"}\n").unwrap();
/// let docs = actorgraph::text::read_documents(&path).unwrap();
/// assert_eq!(docs[0].id, "n1");
/// assert_eq!(docs[0].date.as_deref(), Some("2024-06-01"));
/// ```
pub fn read_documents(path: &Path) -> Result<Vec<Document>, InputError> {
    open_documents(path)?.collect()
}

/// Like [`read_documents`], but gives the documents one at a time, so that
/// a JSON-lines file of any size is read in one pass, in memory
/// proportional to its longest line. A bad record (malformed JSON, a
/// missing field, bad UTF-8 on its line, a line over the size limit)
/// yields an error in its place and reading goes on with the next line; a
/// binary file (a NUL byte) or a UTF-16 one yields one error and nothing
/// after it. Reads with the default [`ReadOptions`].
///
/// ```
/// let path = std::env::temp_dir().join("actorgraph-doc-open.jsonl");
/// std::fs::write(&path, "{\"id\": 1, \"text\": \"a\"}\n\n{\"id\": 2, \"text\": \"b\"}\n").unwrap();
/// let ids: Vec<String> = actorgraph::text::open_documents(&path).unwrap().map(|d| d.unwrap().id).collect();
/// assert_eq!(ids, ["1", "2"]);
/// ```
pub fn open_documents(path: &Path) -> Result<Documents, InputError> {
    open_documents_with(path, &ReadOptions::default())
}

/// [`open_documents`] with options. The first block of the input is
/// looked at before anything else is read: a binary or UTF-16 input is
/// refused from it, and a regular file over the size limit from its size,
/// so neither is ever read whole; a text input of unknown size (standard
/// input, a pipe) is read up to the limit and refused past it.
///
/// ```
/// use actorgraph::text::{open_documents_with, InputError, ReadOptions};
/// let path = std::env::temp_dir().join("actorgraph-doc-sniff.txt");
/// let mut bytes = vec![0u8; 4];
/// bytes.extend(std::iter::repeat(b'a').take(1 << 20));
/// std::fs::write(&path, &bytes).unwrap();
/// let err = open_documents_with(&path, &ReadOptions::default()).err().unwrap();
/// assert!(matches!(err, InputError::Binary { offset: 0, .. }));
/// ```
pub fn open_documents_with(path: &Path, options: &ReadOptions) -> Result<Documents, InputError> {
    let is_stdin = path.as_os_str() == "-";
    let io_err = |source| InputError::Io { path: path.to_path_buf(), source };
    let limit = options.limit();
    let mut reader: Box<dyn BufRead + Send> = if is_stdin {
        Box::new(io::BufReader::with_capacity(1 << 16, io::stdin()))
    } else {
        let file = fs::File::open(path).map_err(io_err)?;
        let meta = file.metadata().map_err(io_err)?;
        if meta.is_file() && meta.len() > limit && !is_jsonl_name(path) {
            return Err(InputError::TooLarge { path: path.to_path_buf(), line: None, limit });
        }
        Box::new(io::BufReader::with_capacity(1 << 16, file))
    };
    let head = sniff(&mut reader, is_stdin).map_err(io_err)?;
    if let Some(encoding) = utf16_bom(&head) {
        return Err(InputError::Utf16 { path: path.to_path_buf(), encoding });
    }
    if let Some(offset) = first_nul(&head) {
        let (line, column) = position(&head, offset);
        return Err(InputError::Binary { path: path.to_path_buf(), line, column, offset });
    }
    let opens_record = head.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(&head).iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let rest = io::Cursor::new(head).chain(reader);
    if is_jsonl_name(path) || (is_stdin && opens_record) {
        let reader: Box<dyn BufRead + Send> = Box::new(rest);
        let lines = JsonLines { reader, path: path.to_path_buf(), limit, line: 0, offset: 0, buf: Vec::new(), done: false, warnings: Vec::new() };
        return Ok(Documents(Inner::Lines(lines)));
    }
    let mut bytes = Vec::new();
    rest.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(io_err)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { path: path.to_path_buf(), line: None, limit });
    }
    let text = decode(path, bytes)?;
    let id = if is_stdin {
        "stdin".to_string()
    } else {
        path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
    };
    Ok(Documents(Inner::Whole(Some(Document::new(id, text)))))
}

/// The first block of an input, up to [`SNIFF_BYTES`]. Standard input
/// stops early once its first JSON-lines record is whole: a pipe that sends
/// one record and waits for its triples must not wait for more input.
fn sniff(reader: &mut dyn BufRead, is_stdin: bool) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    while head.len() < SNIFF_BYTES {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len().min(SNIFF_BYTES - head.len());
        head.extend_from_slice(&chunk[..n]);
        reader.consume(n);
        if is_stdin && first_record_is_whole(&head) {
            break;
        }
    }
    Ok(head)
}

/// Whether `head` opens with a JSON-lines record (after a byte-order mark
/// and blanks) whose line has ended.
fn first_record_is_whole(head: &[u8]) -> bool {
    let text = head.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(head);
    match text.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(start) => text[start] == b'{' && text[start..].contains(&b'\n'),
        None => false,
    }
}

/// The documents of one input, from [`open_documents`], in file order.
pub struct Documents(Inner);

enum Inner {
    Whole(Option<Document>),
    Lines(JsonLines<Box<dyn BufRead + Send>>),
}

impl Documents {
    /// The line of the last record given, for a JSON-lines input (`None`
    /// for a text input).
    pub fn line(&self) -> Option<usize> {
        match &self.0 {
            Inner::Whole(_) => None,
            Inner::Lines(lines) => Some(lines.line),
        }
    }

    /// Problems found in the documents given so far that did not stop one
    /// from being read (a `date` that is not ISO 8601, dropped): each an
    /// [`InputError::BadDate`] naming file, line and column.
    ///
    /// ```
    /// let path = std::env::temp_dir().join("actorgraph-doc-dates.jsonl");
    /// std::fs::write(&path, "{\"id\": 1, \"text\": \"a\", \"date\": \"19/06/2024\"}\n").unwrap();
    /// let mut docs = actorgraph::text::open_documents(&path).unwrap();
    /// let doc = docs.next().unwrap().unwrap();
    /// assert_eq!(doc.date, None);
    /// let warnings = docs.take_warnings();
    /// assert!(warnings[0].to_string().contains("actorgraph-doc-dates.jsonl:1:32"), "{}", warnings[0]);
    /// ```
    pub fn take_warnings(&mut self) -> Vec<InputError> {
        match &mut self.0 {
            Inner::Whole(_) => Vec::new(),
            Inner::Lines(lines) => std::mem::take(&mut lines.warnings),
        }
    }
}

impl Iterator for Documents {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Inner::Whole(doc) => doc.take().map(Ok),
            Inner::Lines(lines) => lines.next(),
        }
    }
}

/// Reads the next line into `buf`, without its line break (and a carriage
/// return before it), as [`BufRead::lines`] does, keeping at most `limit`
/// bytes of it: a longer line is read to its end but not kept. Returns how
/// many bytes it read, line break included (0 at the end of the input),
/// and whether the line was too long. A NUL byte past the limit is a
/// binary file (line `line`, starting at byte `offset`).
fn next_line(reader: &mut impl BufRead, buf: &mut Vec<u8>, path: &Path, limit: u64, line: usize, offset: usize) -> Result<(usize, bool), InputError> {
    let io_err = |source| InputError::Io { path: path.to_path_buf(), source };
    buf.clear();
    let (mut n, mut too_long) = (0usize, false);
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_err(e)),
        };
        if chunk.is_empty() {
            break;
        }
        let (len, ends) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let piece = &chunk[..len];
        // The line break (and a carriage return) does not count.
        if !too_long && (buf.len() + piece.len()) as u64 > limit.saturating_add(2) {
            too_long = true;
            buf.clear();
        }
        if too_long {
            if let Some(i) = first_nul(piece) {
                return Err(InputError::Binary { path: path.to_path_buf(), line, column: n + i + 1, offset: offset + n + i });
            }
        } else {
            buf.extend_from_slice(piece);
        }
        n += len;
        reader.consume(len);
        if ends {
            break;
        }
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    if !too_long && buf.len() as u64 > limit {
        too_long = true;
    }
    Ok((n, too_long))
}

/// JSON-lines records read one line at a time.
struct JsonLines<R> {
    reader: R,
    path: PathBuf,
    /// Largest record line, in bytes.
    limit: u64,
    /// Lines read so far.
    line: usize,
    /// Byte offset of the next line.
    offset: usize,
    buf: Vec<u8>,
    /// Set after an error that ends the file (binary, UTF-16, unreadable).
    done: bool,
    /// Problems of records that were read all the same (bad dates).
    warnings: Vec<InputError>,
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        let path = &self.path;
        loop {
            if self.done {
                return None;
            }
            let line_start = self.offset;
            let too_long = match next_line(&mut self.reader, &mut self.buf, path, self.limit, self.line + 1, line_start) {
                Ok((0, _)) => return None,
                Ok((n, too_long)) => {
                    self.offset += n;
                    too_long
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            self.line += 1;
            let line = self.line;
            if line == 1 {
                if let Some(encoding) = utf16_bom(&self.buf) {
                    self.done = true;
                    return Some(Err(InputError::Utf16 { path: path.clone(), encoding }));
                }
            }
            // A NUL byte means a binary file, not one bad record: nothing more is read.
            if let Some(col) = first_nul(&self.buf) {
                self.done = true;
                return Some(Err(InputError::Binary { path: path.clone(), line, column: col + 1, offset: line_start + col }));
            }
            if too_long {
                return Some(Err(InputError::TooLarge { path: path.clone(), line: Some(line), limit: self.limit }));
            }
            let bom = if line == 1 && self.buf.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
            let text = match std::str::from_utf8(&self.buf[bom..]) {
                Ok(text) => text,
                Err(e) => {
                    let column = bom + e.valid_up_to() + 1;
                    return Some(Err(InputError::NotUtf8 { path: path.clone(), line, column, offset: line_start + column - 1 }));
                }
            };
            match parse_record(path, line, text, &mut self.warnings) {
                Ok(None) => continue,
                Ok(Some(doc)) => return Some(Ok(doc)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The encoding a UTF-16 byte-order mark at the start of `bytes` names.
fn utf16_bom(bytes: &[u8]) -> Option<&'static str> {
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some("UTF-16LE"),
        Some([0xFE, 0xFF]) => Some("UTF-16BE"),
        _ => None,
    }
}

/// The 1-based line and column (in bytes) of byte `offset` of `bytes`.
fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = offset - before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, column)
}

/// Checks that the bytes are UTF-8 text, dropping a leading byte-order mark.
/// Text with a NUL byte is taken for a binary file. Offsets, lines and
/// columns count from the start of the file, BOM included.
fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String, InputError> {
    if let Some(encoding) = utf16_bom(&bytes) {
        return Err(InputError::Utf16 { path: path.to_path_buf(), encoding });
    }
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
    if let Some(offset) = first_nul(&bytes) {
        let (line, column) = position(&bytes, offset);
        return Err(InputError::Binary { path: path.to_path_buf(), line, column, offset });
    }
    if let Err(e) = std::str::from_utf8(&bytes[bom..]) {
        let offset = bom + e.valid_up_to();
        let (line, column) = position(&bytes, offset);
        return Err(InputError::NotUtf8 { path: path.to_path_buf(), line, column, offset });
    }
    bytes.drain(..bom);
    // Checked just above.
    String::from_utf8(bytes).map_err(|e| {
        let offset = bom + e.utf8_error().valid_up_to();
        InputError::NotUtf8 { path: path.to_path_buf(), line: 0, column: 0, offset }
    })
}

/// The offset of the first NUL byte in `bytes`, if any. (`contains` looks
/// for a byte a word at a time; text has no NUL, so `position`, a byte at
/// a time, rarely runs.)
fn first_nul(bytes: &[u8]) -> Option<usize> {
    if bytes.contains(&0) {
        bytes.iter().position(|b| *b == 0)
    } else {
        None
    }
}

/// The document of one JSON-lines record (line `n`, from 1), or `None` for
/// a blank line. A `date` that is not ISO 8601 is dropped, with a warning
/// pushed on `warnings`.
fn parse_record(path: &Path, n: usize, line: &str, warnings: &mut Vec<InputError>) -> Result<Option<Document>, InputError> {
    if line.trim().is_empty() {
        return Ok(None);
    }
    let record: Record = serde_json::from_str(line).map_err(|e| InputError::BadRecord {
        path: path.to_path_buf(),
        line: n,
        column: e.column(),
        message: e.to_string(),
    })?;
    let id = match record.id {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        other => {
            return Err(InputError::BadRecord {
                path: path.to_path_buf(),
                line: n,
                column: 1,
                message: format!("`id` must be a string or a number, not {other}"),
            })
        }
    };
    let mut doc = Document::new(id, record.text);
    match record.date {
        Some(date) if !is_iso_date(&date) => {
            // The value's opening quote, after the key (found again in the line: serde gives no positions).
            let column = line
                .find("\"date\"")
                .and_then(|k| line[k + 6..].find('"').map(|q| k + 6 + q))
                .map_or(1, |byte| line[..byte].chars().count() + 1);
            warnings.push(InputError::BadDate { path: path.to_path_buf(), line: n, column, value: date });
        }
        date => doc.date = date,
    }
    doc.source = record.source;
    Ok(Some(doc))
}

/// Whether `text` is an ISO 8601 date as documents may carry: `YYYY`,
/// `YYYY-MM`, `YYYY-MM-DD`, or a date and time `YYYY-MM-DDThh:mm`,
/// with seconds (`:ss`, a fraction `.sss`) and a zone (`Z`, `+hh:mm`,
/// `-hhmm`, `+hh`) optional. The day must exist in its month.
///
/// ```
/// use actorgraph::text::is_iso_date;
/// for ok in ["2024", "2024-06", "2024-06-19", "2024-02-29", "2024-06-19T08:30", "2024-06-19T08:30:15.5Z", "2024-06-19T08:30:00+02:00"] {
///     assert!(is_iso_date(ok), "{ok}");
/// }
/// for bad in ["19/06/2024", "2024-6-19", "2023-02-29", "2024-13", "2024-06-19T25:00", "June 2024", "", "2024-06-19T"] {
///     assert!(!is_iso_date(bad), "{bad}");
/// }
/// ```
pub fn is_iso_date(text: &str) -> bool {
    let (date, time) = match text.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (text, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let date_ok = match parts[..] {
        [y] => digits(y, 4).is_some() && time.is_none(),
        [y, m] => digits(y, 4).is_some() && digits(m, 2).is_some_and(|m| (1..=12).contains(&m)) && time.is_none(),
        [y, m, d] => match (digits(y, 4), digits(m, 2), digits(d, 2)) {
            (Some(y), Some(m), Some(d)) => (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m),
            _ => false,
        },
        _ => false,
    };
    date_ok && time.map_or(true, is_iso_time)
}

/// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff`, then an optional zone.
fn is_iso_time(time: &str) -> bool {
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => (time, ""),
    };
    let zone_ok = match zone.as_bytes() {
        [] | [b'Z'] => true,
        [b'+' | b'-', rest @ ..] => {
            let rest = std::str::from_utf8(rest).unwrap_or("");
            let (h, m) = match rest.split_once(':') {
                Some((h, m)) => (h, m),
                None if rest.len() == 4 => rest.split_at(2),
                None => (rest, "00"),
            };
            digits(h, 2).is_some_and(|h| h <= 23) && digits(m, 2).is_some_and(|m| m <= 59)
        }
        _ => false,
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let fraction_ok = fraction.map_or(true, |f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let parts: Vec<&str> = hms.split(':').collect();
    let hour_minute = |h: &str, m: &str| digits(h, 2).is_some_and(|h| h <= 23) && digits(m, 2).is_some_and(|m| m <= 59);
    let clock_ok = match parts[..] {
        [h, m] => hour_minute(h, m) && fraction.is_none(),
        // 60: a leap second.
        [h, m, s] => hour_minute(h, m) && digits(s, 2).is_some_and(|s| s <= 60),
        _ => false,
    };
    zone_ok && fraction_ok && clock_ok
}

/// The number written by exactly `len` ASCII digits.
fn digits(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_utf8_names_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.txt");
        fs::write(&p, b"ok line\nab\xffcd").unwrap();
        let err = read_documents(&p).unwrap_err();
        match err {
            InputError::NotUtf8 { line, column, offset, .. } => assert_eq!((line, column, offset), (2, 3, 10)),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn bom_is_dropped_and_id_is_stem() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("story.txt");
        fs::write(&p, b"\xEF\xBB\xBFSeoul met Tokyo.").unwrap();
        let docs = read_documents(&p).unwrap();
        assert_eq!(docs[0].id, "story");
        assert_eq!(docs[0].text, "Seoul met Tokyo.");
    }

    #[test]
    fn bad_record_names_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        fs::write(&p, "{\"id\": 1, \"text\": \"a\"}\n{\"id\": 2}\n").unwrap();
        let err = read_documents(&p).unwrap_err();
        assert!(matches!(err, InputError::BadRecord { line: 2, .. }), "{err}");
        assert!(err.to_string().contains("r.jsonl:2:"));
    }
}
