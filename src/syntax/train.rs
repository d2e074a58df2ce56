//! Training a model from CoNLL-U treebanks, in four steps: the tag set and
//! gold classes; the parser's training tags, each fold tagged by a tagger
//! trained on the other folds; the tagger and lemmatizer; the parsers,
//! whose mean is the model's parser.
//!
//! Every step is deterministic: shuffles are seeded, and work that runs on
//! two threads (folds, parsers) is independent and joined in a fixed order.

use std::sync::Mutex;

use super::conllu::ConlluSentence;
use super::lemmatizer::Lemmatizer;
use super::parser::{self, DependencyParser, ParseSample, ParseScratch, ParseTraining};
use super::perceptron::Averaged;
use super::tagger::{self, TagSample, TagScratch, TagSet, TagTraining, Tagger};
use super::{evaluate, Parser, SyntaxError, Upos};

/// How to train. The defaults are the settings of the shipped model.
///
/// ```
/// let s = actorgraph::syntax::TrainSettings::default();
/// assert!(s.parser_epochs > s.folds);
/// ```
#[derive(Debug, Clone)]
pub struct TrainSettings {
    /// Passes over the training data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the training data for the parser.
    pub parser_epochs: usize,
    /// Folds for the parser's training tags: each fold is tagged by a
    /// tagger trained on the others, so that the parser learns from tags
    /// as good as it will see (1 = train on gold tags).
    pub folds: usize,
    /// The seed of every shuffle.
    pub seed: u64,
    /// How many parsers to train (each reading the data in another order)
    /// and average into the model.
    pub ensemble: usize,
    /// The parser's weights are stored as integers of this many bits (at
    /// most 16): fewer make a smaller file.
    pub weight_bits: u32,
    /// Parser features updated fewer times than this in training are
    /// dropped from the model (smaller and faster, a little less accurate).
    pub min_updates: u32,
}

impl Default for TrainSettings {
    fn default() -> Self {
        TrainSettings { tagger_epochs: 12, parser_epochs: 15, folds: 5, seed: 1, ensemble: 4, weight_bits: 8, min_updates: 4 }
    }
}

/// Trains a model from the sentences of `train`, and returns the model
/// file's bytes; `dev`, which may be empty, only reports progress; `log`
/// hears of each step.
pub fn train(settings: &TrainSettings, train: &[ConlluSentence], dev: &[ConlluSentence], log: &mut (dyn FnMut(&str) + Send)) -> Result<Vec<u8>, SyntaxError> {
    if train.is_empty() {
        return Err(SyntaxError::Training("the training treebank has no sentences".into()));
    }
    let mut tags = TagSet::new();
    let train_tags = tag_classes(train, &mut tags)?;
    let dev_tags = tag_classes(dev, &mut tags)?;
    let tag_settings = TagTraining { epochs: settings.tagger_epochs, seed: settings.seed, ..TagTraining::default() };
    let samples: Vec<TagSample> = train.iter().zip(&train_tags).map(|(s, t)| TagSample { forms: forms(s), tags: t.clone() }).collect();
    let log = Mutex::new(log);
    let say = |line: &str| (log.lock().expect("a log that does not panic"))(line);

    // The parser's training tags.
    let k = settings.folds.max(1);
    let parser_tags = if k == 1 {
        train_tags.clone()
    } else {
        let by_fold = two_at_a_time(k, |fold| {
            let rest: Vec<TagSample> = samples
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != fold)
                .map(|(_, s)| TagSample { forms: s.forms.clone(), tags: s.tags.clone() })
                .collect();
            let (tagger, _) = tagger::train(&tags, &rest, &tag_settings, |_, _, _| {});
            let held: Vec<&ConlluSentence> = train.iter().enumerate().filter(|(i, _)| i % k == fold).map(|(_, s)| s).collect();
            say(&format!("parser training tags: fold {} of {k} tagged", fold + 1));
            tag_all(&tagger, held)
        });
        // Sentence i is the (i / k)-th of fold i % k.
        (0..train.len()).map(|i| by_fold[i % k][i / k].clone()).collect()
    };
    let right: usize = parser_tags.iter().zip(&train_tags).map(|(a, b)| a.iter().zip(b).filter(|(x, y)| x == y).count()).sum();
    let all: usize = train_tags.iter().map(Vec::len).sum();
    say(&format!("parser training tags: {:.2}% right", 100.0 * right as f64 / all as f64));

    // The tagger and lemmatizer.
    let (tagger, tag_rows) = tagger::train(&tags, &samples, &tag_settings, |e, acc, t| {
        let mut line = format!("tagger epoch {e}: {:.2}% of training words right", acc * 100.0);
        if !dev.is_empty() {
            let (pair, upos) = tag_accuracy(t, &tags, dev, &dev_tags);
            line += &format!(", dev tags {pair:.2}, UPOS {upos:.2}");
        }
        say(&line);
    });
    let lemmatizer = Lemmatizer::train(
        train.iter().zip(&train_tags).flat_map(|(s, t)| s.words.iter().zip(t).map(|(w, &c)| (w.form.as_str(), c, w.lemma.as_str()))),
        2,
    );

    // The parsers, alike but for the order they read the data in; their
    // mean generalises better than any one of them.
    let mut labels: Vec<String> = Vec::new();
    let parse_samples = parse_samples(train, &parser_tags, &mut labels)?;
    let coarse: Vec<Upos> = tags.pairs.iter().map(|p| p.0).collect();
    let dev_predicted = tag_all(&tagger, dev.iter().collect());
    let words: usize = dev.iter().map(|s| s.words.len()).sum();
    let members = two_at_a_time(settings.ensemble.max(1), |member| {
        let member_settings = ParseTraining {
            epochs: settings.parser_epochs,
            seed: settings.seed + member as u64,
            min_updates: settings.min_updates,
            ..ParseTraining::default()
        };
        let evaluate_epoch = |_| member == 0 && !dev.is_empty();
        parser::train(&labels, &coarse, &parse_samples, &member_settings, evaluate_epoch, |e, acc, p| {
            let mut line = format!("parser {member} epoch {e}: {:.2}% of moves right", acc * 100.0);
            if let Some(p) = p {
                let t = std::time::Instant::now();
                let (uas, las) = parse_accuracy(p, dev, &dev_predicted);
                line += &format!(", dev UAS {uas:.2} LAS {las:.2} ({:.0} words/s)", words as f64 / t.elapsed().as_secs_f64());
            }
            say(&line);
        })
    });
    let parse_rows = Averaged::mean(&members).quantise(settings.weight_bits);
    let parser = DependencyParser::from_rows(labels, &parse_rows, coarse);
    say(&format!("parser: the mean of {} parsers, {} features, {} weights", members.len(), parse_rows.features(), parse_rows.weights()));

    let about = format!(
        "trained on {} sentences ({} words); tagger epochs {}, parser epochs {}, folds {}, seed {}, parsers {}, min updates {}, weight bits {}",
        train.len(),
        all,
        settings.tagger_epochs,
        settings.parser_epochs,
        settings.folds,
        settings.seed,
        settings.ensemble,
        settings.min_updates,
        settings.weight_bits,
    );
    let bytes = Parser::write_model(&about, (&tagger, &tag_rows), &lemmatizer, (&parser, &parse_rows));
    let model = Parser::from_bytes(&bytes)?;
    if !dev.is_empty() {
        say(&format!("dev, the model read back: {}", evaluate(&model, dev)));
    }
    Ok(bytes)
}

/// Runs `job(0..n)` two at a time on two threads, and gives the results
/// in order.
fn two_at_a_time<T: Send>(n: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let mut out = Vec::with_capacity(n);
    for pair in (0..n).collect::<Vec<_>>().chunks(2) {
        std::thread::scope(|scope| {
            let job = &job;
            let handles: Vec<_> = pair.iter().map(|&i| scope.spawn(move || job(i))).collect();
            out.extend(handles.into_iter().map(|h| h.join().expect("a training job does not panic")));
        });
    }
    out
}

/// The gold tag class of every word, growing the tag set.
fn tag_classes(sentences: &[ConlluSentence], tags: &mut TagSet) -> Result<Vec<Vec<u16>>, SyntaxError> {
    sentences
        .iter()
        .map(|s| {
            s.words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let upos = Upos::parse(&w.upos).ok_or_else(|| {
                        SyntaxError::Training(format!("line {}: unknown universal tag `{}`", s.line + s.comments.len() + i, w.upos))
                    })?;
                    Ok(tags.intern(upos, &w.xpos))
                })
                .collect()
        })
        .collect()
}

/// The parser's training sentences: heads with the root as `n`, labels
/// as indices into `labels` (grown as they come).
fn parse_samples<'a>(train: &'a [ConlluSentence], tags: &[Vec<u16>], labels: &mut Vec<String>) -> Result<Vec<ParseSample<'a>>, SyntaxError> {
    let mut label_of = |l: &str| -> u16 {
        let i = labels.iter().position(|x| x == l).unwrap_or_else(|| {
            labels.push(l.to_string());
            labels.len() - 1
        });
        i as u16
    };
    train
        .iter()
        .zip(tags)
        .map(|(s, t)| {
            let n = s.words.len() as u32;
            let mut heads = Vec::with_capacity(s.words.len());
            let mut labs = Vec::with_capacity(s.words.len());
            for (i, w) in s.words.iter().enumerate() {
                let h = w.head.ok_or_else(|| SyntaxError::Training(format!("line {}: a word without a head", s.line + s.comments.len() + i)))? as u32;
                heads.push(if h == 0 { n } else { h - 1 });
                labs.push(label_of(&w.deprel));
            }
            Ok(ParseSample { forms: forms(s), tags: t.clone(), heads, labels: labs })
        })
        .collect()
}

fn forms(s: &ConlluSentence) -> Vec<&str> {
    s.words.iter().map(|w| w.form.as_str()).collect()
}

fn tag_all(tagger: &Tagger, sentences: Vec<&ConlluSentence>) -> Vec<Vec<u16>> {
    let mut scratch = TagScratch::default();
    sentences
        .into_iter()
        .map(|s| {
            let mut out = Vec::new();
            tagger.tag(&forms(s), &mut scratch, &mut out);
            out
        })
        .collect()
}

/// UAS and LAS (labels without subtypes) of a parser on tagged sentences.
fn parse_accuracy(p: &DependencyParser, dev: &[ConlluSentence], tags: &[Vec<u16>]) -> (f64, f64) {
    let mut scratch = ParseScratch::default();
    let (mut heads, mut labels) = (Vec::new(), Vec::new());
    let (mut u, mut l, mut all) = (0, 0, 0);
    for (s, t) in dev.iter().zip(tags) {
        p.parse(&forms(s), t, &mut scratch, &mut heads, &mut labels);
        let n = s.words.len() as u32;
        for (i, w) in s.words.iter().enumerate() {
            let h = if heads[i] == n { 0 } else { heads[i] as usize + 1 };
            if Some(h) == w.head {
                u += 1;
                let base = |x: &str| x.split(':').next().unwrap_or("").to_string();
                l += usize::from(base(&w.deprel) == base(&p.labels[usize::from(labels[i])]));
            }
            all += 1;
        }
    }
    (100.0 * u as f64 / all.max(1) as f64, 100.0 * l as f64 / all.max(1) as f64)
}

/// The share of tag pairs and of universal tags right.
fn tag_accuracy(tagger: &Tagger, tags: &TagSet, dev: &[ConlluSentence], dev_tags: &[Vec<u16>]) -> (f64, f64) {
    let mut scratch = TagScratch::default();
    let mut out = Vec::new();
    let (mut right, mut upos_right, mut all) = (0, 0, 0);
    for (s, gold) in dev.iter().zip(dev_tags) {
        tagger.tag(&forms(s), &mut scratch, &mut out);
        for (g, p) in gold.iter().zip(&out) {
            right += usize::from(g == p);
            upos_right += usize::from(tags.pairs[usize::from(*g)].0 == tagger.tags.pairs[usize::from(*p)].0);
            all += 1;
        }
    }
    (100.0 * right as f64 / all.max(1) as f64, 100.0 * upos_right as f64 / all.max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::conllu::read_str;

    /// A treebank of sentences written for this test.
    const TINY: &str = "\
1\tSeoul\tSeoul\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\twarned\twarn\tVERB\tVBD\t_\t0\troot\t_\t_
3\tMoscow\tMoscow\tPROPN\tNNP\t_\t2\tobj\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tsent\tsend\tVERB\tVBD\t_\t0\troot\t_\t_
3\tdrones\tdrone\tNOUN\tNNS\t_\t2\tobj\t_\t_
4\tto\tto\tADP\tIN\t_\t5\tcase\t_\t_
5\tRussia\tRussia\tPROPN\tNNP\t_\t2\tobl\t_\t_
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

    fn settings() -> TrainSettings {
        TrainSettings { tagger_epochs: 3, parser_epochs: 4, folds: 2, seed: 7, ensemble: 2, weight_bits: 12, min_updates: 1 }
    }

    #[test]
    fn training_is_deterministic_and_learns_its_data() {
        let data = read_str(TINY).unwrap();
        let a = train(&settings(), &data, &data, &mut |_| {}).unwrap();
        let b = train(&settings(), &data, &[], &mut |_| {}).unwrap();
        assert_eq!(a, b, "the same data and settings give the same bytes (the dev set changes nothing)");
        let model = Parser::from_bytes(&a).unwrap();
        let acc = evaluate(&model, &data);
        assert_eq!(acc.upos, 100.0, "{acc}");
        assert!(acc.uas >= 90.0, "{acc}");
        assert!(model.about().contains("trained on 3 sentences"));
        let other = train(&TrainSettings { seed: 8, ..settings() }, &data, &[], &mut |_| {}).unwrap();
        assert_ne!(a, other, "another seed, another model");
    }

    #[test]
    fn bad_training_data_is_an_error() {
        assert!(train(&settings(), &[], &[], &mut |_| {}).is_err());
        let bad = read_str("1\tHi\thi\tHELLO\tUH\t_\t0\troot\t_\t_\n\n").unwrap();
        let e = train(&settings(), &bad, &[], &mut |_| {}).unwrap_err().to_string();
        assert!(e.contains("HELLO") && e.contains("line 1"), "{e}");
        let headless = read_str("1\tHi\thi\tINTJ\tUH\t_\t_\troot\t_\t_\n\n").unwrap();
        assert!(train(&settings(), &headless, &[], &mut |_| {}).unwrap_err().to_string().contains("without a head"));
    }
}
