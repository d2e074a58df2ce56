//! The public face of the syntax layer: a [`Parser`] (read-only, shared by
//! threads) runs tagging, lemmatizing and parsing over one sentence's
//! words into a [`Parse`] (a reusable buffer, one per thread).

use std::sync::OnceLock;

use super::lemmatizer::Lemmatizer;
use super::model::{Reader, Writer, MAGIC, VERSION};
use super::parser::{DependencyParser, ParseScratch};
use super::perceptron::Rows;
use super::tagger::{TagScratch, Tagger};
use super::{SyntaxError, Upos};
use crate::text::{split_words_into, Word as TextWord};

/// The model shipped with the crate, trained on UD English-EWT (see
/// `models/README.md` for how it was made and its licence).
static EMBEDDED: &[u8] = include_bytes!("../../models/english.model");

/// The longest run of words parsed as one: a longer sentence is parsed in
/// consecutive windows of this many words, each its own tree, whose roots
/// hang from the first window's root as `parataxis`, so that time and
/// memory stay bounded and the result is still one tree.
pub const MAX_PARSE_WORDS: usize = 250;

/// A tagger, lemmatizer and dependency parser, loaded once.
///
/// `Parser` is read-only, `Send` and `Sync`: one serves every thread, each
/// with its own [`Parse`].
///
/// ```
/// use actorgraph::syntax::Parser;
/// let parser = Parser::embedded();
/// let mut parse = parser.new_parse();
/// parser.parse(&["Seoul", "condemned", "the", "launch", "."], &mut parse);
/// assert_eq!(parse.len(), 5);
/// assert_eq!(parse.word(0).deprel, "nsubj");
/// assert_eq!(parse.word(0).head, Some(1));
/// ```
#[derive(Debug)]
pub struct Parser {
    tagger: Tagger,
    lemmatizer: Lemmatizer,
    parser: DependencyParser,
    /// What the model file says of itself (training data, settings, scores).
    about: String,
}

impl Parser {
    /// The model shipped with the crate, loaded on first use.
    pub fn embedded() -> &'static Parser {
        static PARSER: OnceLock<Parser> = OnceLock::new();
        PARSER.get_or_init(|| Parser::from_bytes(EMBEDDED).expect("the embedded syntax model is valid (tests load it)"))
    }

    /// Loads a model written by `actorgraph train-parser`.
    ///
    /// ```
    /// use actorgraph::syntax::Parser;
    /// assert!(Parser::from_bytes(b"not a model").is_err());
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, SyntaxError> {
        let mut r = Reader::new(bytes);
        if r.raw(MAGIC.len()).ok() != Some(&MAGIC[..]) {
            return Err(r.error("not an actorgraph syntax model (it does not start with AGSYNTAX)"));
        }
        let version = r.varint()?;
        if version != VERSION {
            return Err(r.error(&format!("model format version {version}, but this build reads version {VERSION}")));
        }
        let about = r.str()?.to_string();
        let tagger = Tagger::read(&mut r)?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let coarse = tagger.tags.pairs.iter().map(|p| p.0).collect();
        let parser = DependencyParser::read(&mut r, coarse)?;
        if r.remaining() != 0 {
            return Err(r.error("bytes after the end of the model"));
        }
        Ok(Parser { tagger, lemmatizer, parser, about })
    }

    /// Loads a model file.
    pub fn from_file(path: &std::path::Path) -> Result<Parser, SyntaxError> {
        let bytes = std::fs::read(path).map_err(|source| SyntaxError::Io { path: path.to_path_buf(), source })?;
        Parser::from_bytes(&bytes)
    }

    /// What the model says of itself: the data and settings it was trained with.
    pub fn about(&self) -> &str {
        &self.about
    }

    /// The dependency labels the parser gives, in the model's order.
    pub fn labels(&self) -> &[String] {
        &self.parser.labels
    }

    /// An empty buffer to parse sentences into.
    pub fn new_parse(&self) -> Parse<'_> {
        Parse {
            parser: self,
            forms: String::new(),
            ends: Vec::new(),
            spans: Vec::new(),
            lemmas: String::new(),
            lemma_ends: Vec::new(),
            analysis: Vec::new(),
            work: Work::default(),
        }
    }

    /// Tags, lemmatizes and parses one sentence's words into `out`
    /// (whatever it held before is replaced).
    pub fn parse<S: AsRef<str>>(&self, words: &[S], out: &mut Parse<'_>) {
        out.spans.clear();
        self.fill(words, out);
        self.analyse(out);
    }

    /// Splits `text[start..end]` (one sentence) into words as Universal
    /// Dependencies does for English ("don't" → do, n't), then tags,
    /// lemmatizes and parses them into `out`; each word keeps its byte
    /// span in `text`.
    ///
    /// ```
    /// use actorgraph::syntax::Parser;
    /// let parser = Parser::embedded();
    /// let mut parse = parser.new_parse();
    /// let text = "Then: Seoul warned Pyongyang.";
    /// parser.parse_text(text, 6, text.len(), &mut parse);
    /// let w = parse.word(0);
    /// assert_eq!((w.form, w.span), ("Seoul", Some((6, 11))));
    /// ```
    pub fn parse_text(&self, text: &str, start: usize, end: usize, out: &mut Parse<'_>) {
        let mut words = std::mem::take(&mut out.work.words);
        split_words_into(text, start, end, &mut words);
        out.spans.clear();
        out.spans.extend(words.iter().map(|w| (w.start, w.end)));
        let forms: Vec<&str> = words.iter().map(|w| &text[w.start..w.end]).collect();
        self.fill(&forms, out);
        out.work.words = words;
        self.analyse(out);
    }

    /// Copies the words into `out`'s buffer.
    fn fill<S: AsRef<str>>(&self, words: &[S], out: &mut Parse<'_>) {
        out.forms.clear();
        out.ends.clear();
        for w in words {
            // A word is never empty and holds no line break, so that every
            // parse can be written as CoNLL-U.
            let w = w.as_ref();
            if w.is_empty() {
                out.forms.push('_');
            } else {
                out.forms.extend(w.chars().map(|c| if c.is_whitespace() { '_' } else { c }));
            }
            out.ends.push(out.forms.len() as u32);
        }
    }

    fn analyse(&self, out: &mut Parse<'_>) {
        let Parse { forms, ends, lemmas, lemma_ends, analysis, work, .. } = out;
        let mut start = 0usize;
        let mut views: Vec<&str> = Vec::with_capacity(ends.len());
        for &e in ends.iter() {
            views.push(&forms[start..e as usize]);
            start = e as usize;
        }
        analysis.clear();
        lemmas.clear();
        lemma_ends.clear();
        let mut first_root: Option<u32> = None;
        for (w, window) in views.chunks(MAX_PARSE_WORDS).enumerate() {
            let offset = (w * MAX_PARSE_WORDS) as u32;
            self.tagger.tag(window, &mut work.tag, &mut work.tags);
            self.parser.parse(window, &work.tags, &mut work.parse, &mut work.heads, &mut work.labels);
            let n = window.len() as u32;
            for (i, form) in window.iter().enumerate() {
                let class = work.tags[i];
                self.lemmatizer.lemma(form, class, &mut work.norm, lemmas);
                lemma_ends.push(lemmas.len() as u32);
                let head = work.heads[i];
                let (head, label) = if head == n {
                    match first_root {
                        None => {
                            first_root = Some(offset + i as u32);
                            (ROOT, work.labels[i])
                        }
                        Some(r) => (r, self.parataxis()),
                    }
                } else {
                    (offset + head, work.labels[i])
                };
                analysis.push(Analysis { class, head, label });
            }
        }
    }

    fn parataxis(&self) -> u16 {
        self.parser.labels.iter().position(|l| l == "parataxis").unwrap_or(0) as u16
    }

    /// Writes a model: the tagger, lemmatizer and parser with the weight
    /// rows they were compiled from.
    pub(crate) fn write_model(about: &str, tagger: (&Tagger, &Rows), lemmatizer: &Lemmatizer, parser: (&DependencyParser, &Rows)) -> Vec<u8> {
        let mut w = Writer::default();
        w.raw(MAGIC);
        w.varint(VERSION);
        w.str(about);
        tagger.0.write(tagger.1, &mut w);
        lemmatizer.write(&mut w);
        parser.0.write(parser.1, &mut w);
        w.into_bytes()
    }
}

/// The head of the root word.
const ROOT: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Analysis {
    class: u16,
    head: u32,
    label: u16,
}

#[derive(Default)]
struct Work {
    tag: TagScratch,
    tags: Vec<u16>,
    parse: ParseScratch,
    heads: Vec<u32>,
    labels: Vec<u16>,
    norm: String,
    words: Vec<TextWord>,
}

impl std::fmt::Debug for Work {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Work")
    }
}

/// One sentence's words with their tags, lemmas and dependency tree: a
/// buffer that [`Parser::parse`] fills, reused from sentence to sentence
/// so that parsing allocates nothing per word once it has grown.
///
/// ```
/// use actorgraph::syntax::{Parser, Upos};
/// let parser = Parser::embedded();
/// let mut parse = parser.new_parse();
/// parser.parse(&["Troops", "were", "sent", "."], &mut parse);
/// let sent = parse.word(2);
/// assert_eq!((sent.upos, sent.lemma, sent.head), (Upos::Verb, "send", None));
/// assert_eq!(parse.word(0).deprel, "nsubj:pass");
/// assert_eq!(parse.root(), Some(2));
/// ```
#[derive(Debug)]
pub struct Parse<'p> {
    parser: &'p Parser,
    /// The words end to end, and where each ends.
    forms: String,
    ends: Vec<u32>,
    /// Each word's byte span in the text it was read from, when it was
    /// read from a text ([`Parser::parse_text`]).
    spans: Vec<(usize, usize)>,
    lemmas: String,
    lemma_ends: Vec<u32>,
    analysis: Vec<Analysis>,
    work: Work,
}

/// One word of a [`Parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// The word's index in the sentence, from 0.
    pub index: usize,
    /// The word as given.
    pub form: &'a str,
    /// Its lemma ("supplied" → "supply").
    pub lemma: &'a str,
    /// Its universal part of speech.
    pub upos: Upos,
    /// Its Penn Treebank tag ("VBD").
    pub xpos: &'a str,
    /// The index of its head, or `None` for the root of the sentence.
    pub head: Option<usize>,
    /// Its relation to the head, as UD writes it ("nsubj", "nmod:poss", "root").
    pub deprel: &'a str,
    /// Its byte span in the text, when it was read from one ([`Parser::parse_text`]).
    pub span: Option<(usize, usize)>,
}

impl<'p> Parse<'p> {
    /// The number of words.
    pub fn len(&self) -> usize {
        self.analysis.len()
    }

    /// True when the sentence has no words.
    pub fn is_empty(&self) -> bool {
        self.analysis.is_empty()
    }

    fn span(ends: &[u32], i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        start..ends[i] as usize
    }

    /// Word `i` (panics when `i >= len()`, as indexing does).
    pub fn word(&self, i: usize) -> Word<'_> {
        let a = self.analysis[i];
        let (upos, xpos) = &self.parser.tagger.tags.pairs[usize::from(a.class)];
        let root = a.head == ROOT;
        Word {
            index: i,
            form: &self.forms[Self::span(&self.ends, i)],
            lemma: &self.lemmas[Self::span(&self.lemma_ends, i)],
            upos: *upos,
            xpos,
            head: (!root).then_some(a.head as usize),
            deprel: if root { "root" } else { &self.parser.parser.labels[usize::from(a.label)] },
            span: self.spans.get(i).copied(),
        }
    }

    /// The words in order.
    pub fn words(&self) -> impl Iterator<Item = Word<'_>> + '_ {
        (0..self.len()).map(|i| self.word(i))
    }

    /// The index of the root word, if the sentence has words.
    pub fn root(&self) -> Option<usize> {
        self.analysis.iter().position(|a| a.head == ROOT)
    }

    /// The word whose span holds byte `offset` of the text it was read
    /// from ([`Parser::parse_text`]), if one does: how a later stage finds
    /// the parse of a token or an actor mention by its byte span.
    ///
    /// ```
    /// use actorgraph::syntax::Parser;
    /// let parser = Parser::embedded();
    /// let mut parse = parser.new_parse();
    /// let text = "Beijing's navy sailed.";
    /// parser.parse_text(text, 0, text.len(), &mut parse);
    /// let w = parse.word_at(text.find("navy").unwrap()).unwrap();
    /// assert_eq!(parse.word(w).form, "navy");
    /// assert_eq!(parse.word_at(7).map(|i| parse.word(i).form), Some("'s"));
    /// assert_eq!(parse.word_at(14), None, "a space is in no word");
    /// ```
    pub fn word_at(&self, offset: usize) -> Option<usize> {
        let i = self.spans.partition_point(|&(_, end)| end <= offset);
        self.spans.get(i).filter(|&&(start, _)| start <= offset).map(|_| i)
    }

    /// The dependents of word `i`, in order.
    ///
    /// ```
    /// use actorgraph::syntax::Parser;
    /// let parser = Parser::embedded();
    /// let mut parse = parser.new_parse();
    /// parser.parse(&["Iran", "and", "Iraq", "signed", "a", "pact", "."], &mut parse);
    /// let deps: Vec<&str> = parse.dependents(3).map(|w| w.deprel).collect();
    /// assert_eq!(deps, ["nsubj", "obj", "punct"]);
    /// ```
    pub fn dependents(&self, i: usize) -> impl Iterator<Item = Word<'_>> + '_ {
        self.analysis.iter().enumerate().filter(move |(_, a)| a.head == i as u32).map(|(d, _)| self.word(d))
    }

    /// Appends the sentence as a CoNLL-U block: `comments` as `# key = value`
    /// lines, then one line per word (head 0 for the root), with each
    /// word's byte span (`TokenRange=START:END`) and `SpaceAfter=No` in the
    /// last column when the words came from a text.
    ///
    /// ```
    /// use actorgraph::syntax::Parser;
    /// let parser = Parser::embedded();
    /// let mut parse = parser.new_parse();
    /// parser.parse_text("Iran protested.", 0, 15, &mut parse);
    /// let mut out = String::new();
    /// parse.write_conllu(&[("text", "Iran protested.")], &mut out);
    /// assert!(out.starts_with("# text = Iran protested.\n1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\tTokenRange=0:4\n"), "{out}");
    /// assert!(out.contains("SpaceAfter=No"));
    /// ```
    pub fn write_conllu(&self, comments: &[(&str, &str)], out: &mut String) {
        use std::fmt::Write as _;
        for (k, v) in comments {
            // A comment is one line.
            let v: String = v.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
            let _ = writeln!(out, "# {k} = {v}");
        }
        for w in self.words() {
            let head = w.head.map_or(0, |h| h + 1);
            let misc = match w.span {
                Some((start, end)) => {
                    let joined = self.spans.get(w.index + 1).is_some_and(|next| next.0 == end);
                    format!("TokenRange={start}:{end}{}", if joined { "|SpaceAfter=No" } else { "" })
                }
                None => "_".to_string(),
            };
            let _ = writeln!(out, "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}", w.index + 1, w.form, w.lemma, w.upos, w.xpos, head, w.deprel, misc);
        }
        out.push('\n');
    }
}
