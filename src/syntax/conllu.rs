//! CoNLL-U, the Universal Dependencies file format: reading and writing.
//!
//! A file is a sequence of sentences, each a block of comment lines
//! (`# text = ...`) and word lines of ten tab-separated fields, ended by a
//! blank line. Multi-word token lines (`3-4`) and empty nodes (`5.1`) are
//! kept as written so that a file reads and writes back byte for byte; the
//! parser reads only the word lines.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::SyntaxError;

/// One word line of a CoNLL-U file: its ten fields.
///
/// ```
/// use actorgraph::syntax::conllu::read_str;
/// let s = &read_str("1\tHi\thi\tINTJ\tUH\t_\t0\troot\t0:root\t_\n\n").unwrap()[0];
/// assert_eq!(s.words[0].form, "Hi");
/// assert_eq!(s.words[0].head, Some(0));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluWord {
    /// The word's 1-based index in its sentence.
    pub id: usize,
    /// The word as written.
    pub form: String,
    /// Its lemma, or `_`.
    pub lemma: String,
    /// Universal part of speech, or `_`.
    pub upos: String,
    /// Language-specific part of speech (Penn Treebank tags for English), or `_`.
    pub xpos: String,
    /// Morphological features, or `_`.
    pub feats: String,
    /// The head's index (0 for the root), or `None` for `_`.
    pub head: Option<usize>,
    /// The relation to the head, with its subtype (`nmod:poss`), or `_`.
    pub deprel: String,
    /// Enhanced dependencies, or `_`.
    pub deps: String,
    /// Anything else (`SpaceAfter=No`, byte spans), or `_`.
    pub misc: String,
}

/// A line of a sentence block that is not a word: a multi-word token range
/// (`3-4 don't`) or an empty node (`5.1`), kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluExtraLine {
    /// How many word lines come before it in the block.
    pub before_word: usize,
    /// The line, without its line end.
    pub line: String,
}

/// One sentence block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluSentence {
    /// The comment lines, without their `#`-prefix removed (`# text = ...`).
    pub comments: Vec<String>,
    /// The word lines, in order.
    pub words: Vec<ConlluWord>,
    /// Range and empty-node lines, with where they stand.
    pub extra: Vec<ConlluExtraLine>,
    /// The 1-based line where the block starts in its file.
    pub line: usize,
}

impl ConlluSentence {
    /// The value of the `# text = ...` comment, if there is one.
    ///
    /// ```
    /// use actorgraph::syntax::conllu::read_str;
    /// let s = &read_str("# text = Hi\n1\tHi\t_\t_\t_\t_\t0\troot\t_\t_\n\n").unwrap()[0];
    /// assert_eq!(s.text(), Some("Hi"));
    /// ```
    pub fn text(&self) -> Option<&str> {
        self.comments.iter().find_map(|c| c.strip_prefix("# text = ").or_else(|| (c == "# text =").then_some("")))
    }

    /// Appends the block, with its blank line, to `out`.
    pub fn write_to(&self, out: &mut String) {
        for c in &self.comments {
            out.push_str(c);
            out.push('\n');
        }
        let mut extra = self.extra.iter().peekable();
        for (i, w) in self.words.iter().enumerate() {
            while let Some(e) = extra.next_if(|e| e.before_word <= i) {
                out.push_str(&e.line);
                out.push('\n');
            }
            let head = w.head.map_or_else(|| "_".to_string(), |h| h.to_string());
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                w.id, w.form, w.lemma, w.upos, w.xpos, w.feats, head, w.deprel, w.deps, w.misc
            );
        }
        for e in extra {
            out.push_str(&e.line);
            out.push('\n');
        }
        out.push('\n');
    }
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<ConlluSentence>, SyntaxError> {
    let text = std::fs::read_to_string(path).map_err(|source| SyntaxError::Io { path: path.to_path_buf(), source })?;
    read(&text, path)
}

/// Reads CoNLL-U text; errors name the line as `<text>:LINE:COLUMN`.
///
/// ```
/// use actorgraph::syntax::conllu::read_str;
/// let err = read_str("1\tHi\thi\n").unwrap_err();
/// assert!(err.to_string().starts_with("<text>:1:"), "{err}");
/// ```
pub fn read_str(text: &str) -> Result<Vec<ConlluSentence>, SyntaxError> {
    read(text, Path::new("<text>"))
}

/// Writes sentences as CoNLL-U text.
///
/// ```
/// use actorgraph::syntax::conllu::{read_str, write_string};
/// let text = "# text = Hi there\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t0:root\t_\n2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t1:advmod\t_\n\n";
/// assert_eq!(write_string(&read_str(text).unwrap()), text);
/// ```
pub fn write_string(sentences: &[ConlluSentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        s.write_to(&mut out);
    }
    out
}

fn read(text: &str, path: &Path) -> Result<Vec<ConlluSentence>, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sentences = Vec::new();
    let mut current = ConlluSentence::default();
    let mut line_no = 0;
    for line in text.split('\n') {
        line_no += 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !current.comments.is_empty() || !current.words.is_empty() || !current.extra.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if current.comments.is_empty() && current.words.is_empty() && current.extra.is_empty() {
            current.line = line_no;
        }
        if line.starts_with('#') {
            if !current.words.is_empty() {
                return Err(malformed(path, line_no, 1, "a comment line inside a sentence's word lines"));
            }
            current.comments.push(line.to_string());
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 10 {
            let column = line.len() + 1;
            return Err(malformed(path, line_no, column, &format!("{} tab-separated fields where CoNLL-U has 10", fields.len())));
        }
        let id = fields[0];
        if id.contains('-') || id.contains('.') {
            current.extra.push(ConlluExtraLine { before_word: current.words.len(), line: line.to_string() });
            continue;
        }
        let id: usize = id.parse().map_err(|_| malformed(path, line_no, 1, &format!("word index `{id}` is not a number")))?;
        if id != current.words.len() + 1 {
            return Err(malformed(path, line_no, 1, &format!("word index {id} where {} was expected", current.words.len() + 1)));
        }
        let head_column = fields[..6].iter().map(|f| f.len() + 1).sum::<usize>() + 1;
        let head = match fields[6] {
            "_" => None,
            h => Some(h.parse().map_err(|_| malformed(path, line_no, head_column, &format!("head `{h}` is not a number")))?),
        };
        if fields[1].is_empty() {
            return Err(malformed(path, line_no, id.to_string().len() + 2, "an empty word form"));
        }
        let f = |i: usize| fields[i].to_string();
        current.words.push(ConlluWord {
            id,
            form: f(1),
            lemma: f(2),
            upos: f(3),
            xpos: f(4),
            feats: f(5),
            head,
            deprel: f(7),
            deps: f(8),
            misc: f(9),
        });
    }
    if !current.comments.is_empty() || !current.words.is_empty() || !current.extra.is_empty() {
        sentences.push(current);
    }
    for s in &sentences {
        let n = s.words.len();
        for (i, w) in s.words.iter().enumerate() {
            if w.head.is_some_and(|h| h > n) {
                return Err(malformed(path, s.line + s.comments.len() + i, 1, &format!("head {} is beyond the sentence's {n} words", w.head.unwrap_or(0))));
            }
        }
    }
    Ok(sentences)
}

fn malformed(path: &Path, line: usize, column: usize, message: &str) -> SyntaxError {
    SyntaxError::Conllu { path: PathBuf::from(path), line, column, message: message.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "# sent_id = a\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t3:nsubj\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t0\troot\t_\t_\n\n# text = Go\n1\tGo\tgo\tVERB\tVB\t_\t0\troot\t0:root\t_\n\n";

    #[test]
    fn reads_and_writes_back_byte_for_byte() {
        let s = read_str(TWO).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words.len(), 4);
        assert_eq!(s[0].extra.len(), 1);
        assert_eq!(s[0].text(), Some("I don't."));
        assert_eq!(s[1].line, 9);
        assert_eq!(write_string(&s), TWO);
    }

    #[test]
    fn errors_name_line_and_column() {
        let bad = TWO.replace("4\taux", "x\taux");
        let e = read_str(&bad).unwrap_err().to_string();
        assert!(e.starts_with("<text>:5:"), "{e}");
        let e = read_str("1\tA\ta\tX\tX\t_\t9\tdep\t_\t_\n").unwrap_err().to_string();
        assert!(e.contains("beyond"), "{e}");
        let e = read_str("1\tA\n").unwrap_err().to_string();
        assert!(e.contains("2 tab-separated fields"), "{e}");
    }

    #[test]
    fn tolerates_crlf_bom_and_a_missing_last_blank_line() {
        let s = read_str("\u{feff}1\tA\ta\tX\tX\t_\t0\troot\t_\t_\r\n").unwrap();
        assert_eq!(s[0].words[0].misc, "_");
    }
}
