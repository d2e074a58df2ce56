//! Reading documents: files, directories (recursively, `.txt`), JSON-lines
//! records and standard input.

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
        matches!(self, InputError::BadRecord { .. } | InputError::NotUtf8 { .. })
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

/// Expands `paths` into the list of input files: directories are walked
/// recursively for `.txt` and `.jsonl` files, in sorted order; `-` stands
/// for standard input.
///
/// ```
/// let dir = std::env::temp_dir().join("actorgraph-doc-expand");
/// std::fs::create_dir_all(dir.join("sub")).unwrap();
/// std::fs::write(dir.join("sub/a.txt"), "Seoul met Tokyo.").unwrap();
/// std::fs::write(dir.join("notes.md"), "skipped").unwrap();
/// let files = actorgraph::text::expand_paths(&[dir.clone()]).unwrap();
/// assert_eq!(files, vec![dir.join("sub/a.txt")]);
/// ```
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        let meta = fs::metadata(p).map_err(|source| InputError::Io { path: p.clone(), source })?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let io_err = |source| InputError::Io { path: dir.to_path_buf(), source };
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io_err)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io_err)?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "jsonl")) {
            out.push(path);
        }
    }
    Ok(())
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
/// missing field, bad UTF-8 on its line) yields an error in its place and
/// reading goes on with the next line; a binary file (a NUL byte) or a
/// UTF-16 one yields one error and nothing after it.
///
/// ```
/// let path = std::env::temp_dir().join("actorgraph-doc-open.jsonl");
/// std::fs::write(&path, "{\"id\": 1, \"text\": \"a\"}\n\n{\"id\": 2, \"text\": \"b\"}\n").unwrap();
/// let ids: Vec<String> = actorgraph::text::open_documents(&path).unwrap().map(|d| d.unwrap().id).collect();
/// assert_eq!(ids, ["1", "2"]);
/// ```
pub fn open_documents(path: &Path) -> Result<Documents, InputError> {
    let is_stdin = path.as_os_str() == "-";
    if !is_stdin && path.extension().is_some_and(|e| e == "jsonl") {
        let open = || {
            fs::File::open(path)
                .map(|f| io::BufReader::with_capacity(1 << 16, f))
                .map_err(|source| InputError::Io { path: path.to_path_buf(), source })
        };
        return Ok(Documents(Inner::Lines(JsonLines { reader: open()?, path: path.to_path_buf(), line: 0, offset: 0, buf: Vec::new(), done: false })));
    }
    let bytes = if is_stdin {
        let mut buf = Vec::new();
        io::stdin().read_to_end(&mut buf).map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
        buf
    } else {
        fs::read(path).map_err(|source| InputError::Io { path: path.to_path_buf(), source })?
    };
    let text = decode(path, bytes)?;
    let is_jsonl = is_stdin && text.trim_start().starts_with('{');
    if is_jsonl {
        return Ok(Documents(Inner::Whole(parse_records(path, &text)?.into_iter())));
    }
    let id = if is_stdin {
        "stdin".to_string()
    } else {
        path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
    };
    Ok(Documents(Inner::Whole(vec![Document::new(id, text)].into_iter())))
}

/// The documents of one input, from [`open_documents`], in file order.
pub struct Documents(Inner);

enum Inner {
    Whole(std::vec::IntoIter<Document>),
    Lines(JsonLines<io::BufReader<fs::File>>),
}

impl Iterator for Documents {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Inner::Whole(docs) => docs.next().map(Ok),
            Inner::Lines(lines) => lines.next(),
        }
    }
}

/// Reads the next line into `buf`, without its line break (and a carriage
/// return before it), as [`BufRead::lines`] does. Returns how many bytes
/// it read, line break included: 0 at the end of the input.
fn next_line(reader: &mut impl BufRead, buf: &mut Vec<u8>, path: &Path) -> Result<usize, InputError> {
    buf.clear();
    let n = reader.read_until(b'\n', buf).map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
    if n == 0 {
        return Ok(0);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    Ok(n)
}

/// JSON-lines records read one line at a time.
struct JsonLines<R> {
    reader: R,
    path: PathBuf,
    /// Lines read so far.
    line: usize,
    /// Byte offset of the next line.
    offset: usize,
    buf: Vec<u8>,
    /// Set after an error that ends the file (binary, UTF-16, unreadable).
    done: bool,
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
            match next_line(&mut self.reader, &mut self.buf, path) {
                Ok(0) => return None,
                Ok(n) => self.offset += n,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
            self.line += 1;
            let line = self.line;
            if line == 1 {
                let encoding = match self.buf.get(..2) {
                    Some([0xFF, 0xFE]) => Some("UTF-16LE"),
                    Some([0xFE, 0xFF]) => Some("UTF-16BE"),
                    _ => None,
                };
                if let Some(encoding) = encoding {
                    self.done = true;
                    return Some(Err(InputError::Utf16 { path: path.clone(), encoding }));
                }
            }
            // A NUL byte means a binary file, not one bad record: nothing more is read.
            if let Some(col) = first_nul(&self.buf) {
                self.done = true;
                return Some(Err(InputError::Binary { path: path.clone(), line, column: col + 1, offset: line_start + col }));
            }
            let bom = if line == 1 && self.buf.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
            let text = match std::str::from_utf8(&self.buf[bom..]) {
                Ok(text) => text,
                Err(e) => {
                    let column = bom + e.valid_up_to() + 1;
                    return Some(Err(InputError::NotUtf8 { path: path.clone(), line, column, offset: line_start + column - 1 }));
                }
            };
            match parse_record(path, line, text) {
                Ok(None) => continue,
                Ok(Some(doc)) => return Some(Ok(doc)),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Checks that the bytes are UTF-8 text, dropping a leading byte-order mark.
/// Text with a NUL byte is taken for a binary file. Offsets, lines and
/// columns count from the start of the file, BOM included.
fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String, InputError> {
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some("UTF-16LE"),
        Some([0xFE, 0xFF]) => Some("UTF-16BE"),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        return Err(InputError::Utf16 { path: path.to_path_buf(), encoding });
    }
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
    let position = |bytes: &[u8], offset: usize| {
        let before = &bytes[..offset];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = offset - before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
        (line, column)
    };
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

fn parse_records(path: &Path, text: &str) -> Result<Vec<Document>, InputError> {
    let mut docs = Vec::new();
    for (n, line) in io::Cursor::new(text).lines().enumerate() {
        let line = line.map_err(|source| InputError::Io { path: path.to_path_buf(), source })?;
        if let Some(doc) = parse_record(path, n + 1, &line)? {
            docs.push(doc);
        }
    }
    Ok(docs)
}

/// The document of one JSON-lines record (line `n`, from 1), or `None` for a blank line.
fn parse_record(path: &Path, n: usize, line: &str) -> Result<Option<Document>, InputError> {
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
    doc.date = record.date;
    doc.source = record.source;
    Ok(Some(doc))
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
