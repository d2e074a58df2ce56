//! Accuracy against a treebank: the parser reads each sentence's gold
//! words, and its tags, lemmas, heads and labels are compared with the
//! gold ones.

use super::conllu::ConlluSentence;
use super::Parser;

/// How well a parser reproduced a treebank, in per cent of words.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Accuracy {
    /// Sentences read.
    pub sentences: usize,
    /// Words read.
    pub words: usize,
    /// Universal part-of-speech tags right.
    pub upos: f64,
    /// Penn Treebank tags right.
    pub xpos: f64,
    /// Lemmas right.
    pub lemma: f64,
    /// Heads right (unlabelled attachment score).
    pub uas: f64,
    /// Heads and relations right, relations compared without their
    /// subtype (labelled attachment score).
    pub las: f64,
    /// Heads and relations right, with their subtypes.
    pub las_full: f64,
}

impl std::fmt::Display for Accuracy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} sentences, {} words: UPOS {:.2}  XPOS {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2}  (LAS with subtypes {:.2})",
            self.sentences, self.words, self.upos, self.xpos, self.lemma, self.uas, self.las, self.las_full
        )
    }
}

/// Parses the gold words of `sentences` and scores the result.
///
/// ```
/// use actorgraph::syntax::{conllu::read_str, evaluate, Parser};
/// let gold = read_str("1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_\n\n")?;
/// let acc = evaluate(Parser::embedded(), &gold);
/// assert_eq!(acc.words, 2);
/// assert_eq!(acc.uas, 100.0);
/// # Ok::<(), actorgraph::syntax::SyntaxError>(())
/// ```
pub fn evaluate(parser: &Parser, sentences: &[ConlluSentence]) -> Accuracy {
    let mut parse = parser.new_parse();
    let mut counts = [0usize; 6];
    let mut words = 0;
    let mut forms: Vec<&str> = Vec::new();
    for s in sentences {
        forms.clear();
        forms.extend(s.words.iter().map(|w| w.form.as_str()));
        parser.parse(&forms, &mut parse);
        for (gold, got) in s.words.iter().zip(parse.words()) {
            words += 1;
            counts[0] += usize::from(got.upos.as_str() == gold.upos);
            counts[1] += usize::from(got.xpos == gold.xpos);
            counts[2] += usize::from(got.lemma == gold.lemma);
            let head = got.head.map_or(0, |h| h + 1);
            if Some(head) == gold.head {
                counts[3] += 1;
                let base = |l: &str| l.split(':').next().unwrap_or("").to_string();
                counts[4] += usize::from(base(got.deprel) == base(&gold.deprel));
                counts[5] += usize::from(got.deprel == gold.deprel);
            }
        }
    }
    let pct = |n: usize| if words == 0 { 0.0 } else { 100.0 * n as f64 / words as f64 };
    Accuracy {
        sentences: sentences.len(),
        words,
        upos: pct(counts[0]),
        xpos: pct(counts[1]),
        lemma: pct(counts[2]),
        uas: pct(counts[3]),
        las: pct(counts[4]),
        las_full: pct(counts[5]),
    }
}
