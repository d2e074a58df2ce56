//! Training a model from CoNLL-U treebanks.

use super::conllu::ConlluSentence;
use super::parser::{self, DependencyParser, ParseSample, ParseScratch, ParseTraining};
use super::perceptron::Averaged;
use super::lemmatizer::Lemmatizer;
use super::tagger::{self, TagSample, TagScratch, TagSet, TagTraining, Tagger};
use super::{evaluate, Parser};
use super::{SyntaxError, Upos};

/// How to train.
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
        TrainSettings { tagger_epochs: 12, parser_epochs: 15, folds: 5, seed: 1, ensemble: 2, min_updates: 3, weight_bits: 16 }
    }
}

fn tag_classes(sentences: &[ConlluSentence], tags: &mut TagSet) -> Result<Vec<Vec<u16>>, SyntaxError> {
    sentences
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| {
                    let upos = Upos::parse(&w.upos)
                        .ok_or_else(|| SyntaxError::Training(format!("line {}: unknown universal tag `{}`", s.line, w.upos)))?;
                    Ok(tags.intern(upos, &w.xpos))
                })
                .collect()
        })
        .collect()
}

fn forms(s: &ConlluSentence) -> Vec<&str> {
    s.words.iter().map(|w| w.form.as_str()).collect()
}

fn tag_all(tagger: &Tagger, sentences: &[&ConlluSentence]) -> Vec<Vec<u16>> {
    let mut scratch = TagScratch::default();
    sentences
        .iter()
        .map(|s| {
            let mut out = Vec::new();
            tagger.tag(&forms(s), &mut scratch, &mut out);
            out
        })
        .collect()
}

/// Trains a model; `log` hears of each step.
pub fn train(settings: &TrainSettings, train: &[ConlluSentence], dev: &[ConlluSentence], log: &mut (dyn FnMut(&str) + Send)) -> Result<Vec<u8>, SyntaxError> {
    let mut tags = TagSet::new();
    let train_tags = tag_classes(train, &mut tags)?;
    let dev_tags = tag_classes(dev, &mut tags)?;
    let tag_settings = TagTraining { epochs: settings.tagger_epochs, seed: settings.seed, ..TagTraining::default() };
    let samples: Vec<TagSample> =
        train.iter().zip(&train_tags).map(|(s, t)| TagSample { forms: forms(s), tags: t.clone() }).collect();

    // The parser's training tags, by folds, two at a time.
    let k = settings.folds.max(1);
    let jackknifed: Vec<Vec<u16>> = if k == 1 {
        train_tags.clone()
    } else {
        let mut by_fold: Vec<Vec<Vec<u16>>> = Vec::new();
        for pair in (0..k).collect::<Vec<_>>().chunks(2) {
            let done: Vec<Vec<Vec<u16>>> = std::thread::scope(|scope| {
                let handles: Vec<_> = pair
                    .iter()
                    .map(|&fold| {
                        let (samples, tags, train) = (&samples, &tags, train);
                        scope.spawn(move || {
                            let rest: Vec<TagSample> = samples
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| i % k != fold)
                                .map(|(_, s)| TagSample { forms: s.forms.clone(), tags: s.tags.clone() })
                                .collect();
                            let (t, _) = tagger::train(tags, &rest, &tag_settings, |_, _, _| {});
                            let held: Vec<&ConlluSentence> = train.iter().enumerate().filter(|(i, _)| i % k == fold).map(|(_, s)| s).collect();
                            tag_all(&t, &held)
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().expect("a fold's tagger does not panic")).collect()
            });
            by_fold.extend(done);
            log(&format!("parser training tags: {} of {k} folds", by_fold.len()));
        }
        let mut next = vec![0usize; k];
        (0..train.len())
            .map(|i| {
                let f = i % k;
                next[f] += 1;
                by_fold[f][next[f] - 1].clone()
            })
            .collect()
    };
    let right: usize = jackknifed.iter().zip(&train_tags).map(|(a, b)| a.iter().zip(b).filter(|(x, y)| x == y).count()).sum();
    let all: usize = train_tags.iter().map(Vec::len).sum();
    log(&format!("parser training tags: {:.2}% right", 100.0 * right as f64 / all as f64));

    let (tagger, tag_rows) = tagger::train(&tags, &samples, &tag_settings, |e, acc, t| {
        let (a, b) = tag_accuracy(t, &tags, dev, &dev_tags);
        log(&format!("tagger epoch {e}: train accuracy {:.2} dev {a:.2} {b:.2}", acc * 100.0))
    });
    let dev_refs: Vec<&ConlluSentence> = dev.iter().collect();
    let dev_predicted = tag_all(&tagger, &dev_refs);

    let mut labels: Vec<String> = Vec::new();
    let mut label_of = |l: &str| -> u16 {
        match labels.iter().position(|x| x == l) {
            Some(i) => i as u16,
            None => {
                labels.push(l.to_string());
                (labels.len() - 1) as u16
            }
        }
    };
    let mut parse_samples = Vec::new();
    for (s, t) in train.iter().zip(&jackknifed) {
        let n = s.words.len() as u32;
        let mut heads = Vec::new();
        let mut labs = Vec::new();
        for w in &s.words {
            let h = w.head.ok_or_else(|| SyntaxError::Training(format!("line {}: a word without a head", s.line)))? as u32;
            heads.push(if h == 0 { n } else { h - 1 });
            labs.push(label_of(&w.deprel));
        }
        parse_samples.push(ParseSample { forms: forms(s), tags: t.clone(), heads, labels: labs });
    }
    let coarse: Vec<Upos> = tags.pairs.iter().map(|p| p.0).collect();
    let parse_settings = ParseTraining { epochs: settings.parser_epochs, seed: settings.seed, min_updates: settings.min_updates, ..ParseTraining::default() };
    let lemmatizer = Lemmatizer::train(
        train.iter().zip(&train_tags).flat_map(|(s, t)| s.words.iter().zip(t).map(|(w, &c)| (w.form.as_str(), c, w.lemma.as_str()))),
        2,
    );
    // Several parsers alike but for the order they read the data in; the
    // model is their mean, which generalises better than any one of them.
    let words: usize = dev.iter().map(|s| s.words.len()).sum();
    let log = std::sync::Mutex::new(log);
    let members: Vec<Averaged> = (0..settings.ensemble.max(1))
        .collect::<Vec<_>>()
        .chunks(2)
        .flat_map(|pair| {
            std::thread::scope(|scope| {
                let handles: Vec<_> = pair
                    .iter()
                    .map(|&member| {
                        let (labels, coarse, parse_samples, log, dev_predicted) = (&labels, &coarse, &parse_samples, &log, &dev_predicted);
                        scope.spawn(move || {
                            let settings = ParseTraining { seed: settings.seed + member as u64, ..parse_settings };
                            let evaluate_epoch = |_| member == 0 && !dev.is_empty();
                            parser::train(labels, coarse, parse_samples, &settings, evaluate_epoch, |e, acc, p| {
                                let mut line = format!("parser {member} epoch {e}: moves right {:.2}", acc * 100.0);
                                if let Some(p) = p {
                                    let t = std::time::Instant::now();
                                    let (uas, las) = parse_accuracy(p, dev, dev_predicted);
                                    line += &format!(", dev UAS {uas:.2} LAS {las:.2} ({:.0} words/s)", words as f64 / t.elapsed().as_secs_f64());
                                }
                                (log.lock().expect("a log that does not panic"))(&line);
                            })
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().expect("a parser's training does not panic")).collect::<Vec<_>>()
            })
        })
        .collect();
    let mean = Averaged::mean(&members);
    let log = log.into_inner().expect("a log that does not panic");
    if !dev.is_empty() {
        for bits in [8, 10, 12] {
            let rows = mean.quantise(bits);
            let (uas, las) = parse_accuracy(&DependencyParser::from_rows(labels.clone(), &rows, coarse.clone()), dev, &dev_predicted);
            log(&format!("parser with {bits}-bit weights: {} weights, dev UAS {uas:.2} LAS {las:.2}", rows.weights()));
        }
    }
    let parse_rows = mean.quantise(settings.weight_bits);
    let parser = DependencyParser::from_rows(labels.clone(), &parse_rows, coarse.clone());
    log(&format!("parser: {} members, {} features, {} weights", members.len(), parse_rows.features(), parse_rows.weights()));
    let about = format!(
        "trained on {} sentences ({} words); tagger epochs {}, parser epochs {}, folds {}, seed {}, parsers {}, min updates {}",
        train.len(),
        train.iter().map(|s| s.words.len()).sum::<usize>(),
        settings.tagger_epochs,
        settings.parser_epochs,
        settings.folds,
        settings.seed,
        settings.ensemble,
        settings.min_updates
    );
    let bytes = Parser::write_model(&about, (&tagger, &tag_rows), &lemmatizer, (&parser, &parse_rows));
    let model = Parser::from_bytes(&bytes)?;
    log(&format!("dev, read back: {}", evaluate(&model, dev)));
    Ok(bytes)
}

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
                let gold = w.deprel.split(':').next().unwrap_or("");
                let got = p.labels[usize::from(labels[i])].split(':').next().unwrap_or("");
                l += usize::from(gold == got);
            }
            all += 1;
        }
    }
    (100.0 * u as f64 / all as f64, 100.0 * l as f64 / all as f64)
}

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
    (100.0 * right as f64 / all as f64, 100.0 * upos_right as f64 / all as f64)
}
