//! The part-of-speech tagger: a greedy left-to-right averaged perceptron
//! over a word's form, affixes and shape, its neighbours, the tags already
//! given to the words before it, and the tags the training data allows the
//! words after it ("ambiguity classes").
//!
//! A class is a pair of tags, universal and Penn Treebank ("PROPN NNP"),
//! so that one decision gives both.

use rustc_hash::FxHashMap;

use super::features::{hash_str, key1, key2, key3, normalise, prefix, shape, suffix, Rng};
use super::model::{Reader, Writer};
use super::perceptron::{Rows, Training, Weights};
use super::{SyntaxError, Upos};

/// A word's features that do not depend on its context, computed once per sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordKeys {
    /// The normalised form (lower case, digits as 0).
    pub norm: u64,
    /// The form as written.
    pub exact: u64,
    pub suffixes: [u64; 4],
    pub prefixes: [u64; 3],
    pub shape: u64,
    /// The set of classes the training data gave this word, or 0.
    pub ambiguity: u64,
}

/// Stands for a position before the first word or after the last.
const EDGE: u64 = 0x5eed;

/// The tag classes: (UPOS, XPOS) pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagSet {
    pub pairs: Vec<(Upos, String)>,
    index: FxHashMap<(Upos, String), u16>,
}

impl TagSet {
    pub(crate) fn new() -> Self {
        TagSet { pairs: Vec::new(), index: FxHashMap::default() }
    }

    pub(crate) fn intern(&mut self, upos: Upos, xpos: &str) -> u16 {
        if let Some(&i) = self.index.get(&(upos, xpos.to_string())) {
            return i;
        }
        let i = self.pairs.len() as u16;
        self.pairs.push((upos, xpos.to_string()));
        self.index.insert((upos, xpos.to_string()), i);
        i
    }

    pub(crate) fn len(&self) -> usize {
        self.pairs.len()
    }

    fn write(&self, out: &mut Writer) {
        out.varint(self.pairs.len() as u64);
        for (u, x) in &self.pairs {
            out.str(u.as_str());
            out.str(x);
        }
    }

    fn read(input: &mut Reader) -> Result<Self, SyntaxError> {
        let n = input.len("the tag set")?;
        let mut t = TagSet::new();
        for _ in 0..n {
            let u = input.str()?;
            let upos = Upos::parse(u).ok_or_else(|| input.error(&format!("unknown universal tag `{u}`")))?;
            let x = input.str()?;
            t.intern(upos, x);
        }
        Ok(t)
    }
}

/// Computes the context-free keys of a sentence's words.
pub(crate) fn word_keys(forms: &[&str], ambiguity: &FxHashMap<u64, u64>, out: &mut Vec<WordKeys>, buf: &mut String) {
    out.clear();
    for form in forms {
        normalise(form, buf);
        let norm = hash_str(buf);
        let mut k = WordKeys { norm, exact: hash_str(form), ambiguity: ambiguity.get(&norm).copied().unwrap_or(0), ..WordKeys::default() };
        for n in 0..4 {
            k.suffixes[n] = hash_str(suffix(buf, n + 1));
        }
        for n in 0..3 {
            k.prefixes[n] = hash_str(prefix(buf, n + 1));
        }
        shape(form, buf);
        k.shape = hash_str(buf);
        out.push(k);
    }
}

/// The features of word `i`, given the classes of the two words before it.
fn features(words: &[WordKeys], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let w = &words[i];
    let at = |j: isize| -> Option<&WordKeys> { usize::try_from(i as isize + j).ok().and_then(|j| words.get(j)) };
    let norm = |j| at(j).map_or(EDGE, |k| k.norm);
    let suf3 = |j| at(j).map_or(EDGE, |k| k.suffixes[2]);
    let shp = |j| at(j).map_or(EDGE, |k| k.shape);
    let amb = |j| at(j).map_or(EDGE, |k| k.ambiguity);
    out.push(key1(0, 0));
    out.push(key1(1, w.norm));
    out.push(key1(2, w.exact));
    for (n, s) in w.suffixes.iter().enumerate() {
        out.push(key1(3 + n as u32, *s));
    }
    for (n, p) in w.prefixes.iter().enumerate() {
        out.push(key1(7 + n as u32, *p));
    }
    out.push(key1(10, w.shape));
    out.push(key1(11, p1));
    out.push(key2(12, p1, p2));
    out.push(key2(13, p1, w.norm));
    out.push(key1(14, norm(-1)));
    out.push(key1(15, norm(-2)));
    out.push(key1(16, norm(1)));
    out.push(key1(17, norm(2)));
    out.push(key1(18, suf3(-1)));
    out.push(key1(19, suf3(1)));
    out.push(key2(20, shp(-1), w.shape));
    out.push(key2(21, w.shape, shp(1)));
    out.push(key2(22, norm(-1), w.norm));
    out.push(key2(23, w.norm, norm(1)));
    out.push(key1(24, w.ambiguity));
    out.push(key1(25, amb(1)));
    out.push(key2(26, amb(1), amb(2)));
    out.push(key2(27, w.ambiguity, amb(1)));
    out.push(key2(28, u64::from(i == 0), w.shape));
    out.push(key2(29, p1, w.suffixes[2]));
    out.push(key2(30, p1, amb(1)));
    out.push(key3(31, p1, w.ambiguity, amb(1)));
    out.push(key2(32, norm(1), norm(2)));
    out.push(key2(33, norm(-1), norm(-2)));
}

/// A trained tagger.
#[derive(Debug, Clone)]
pub(crate) struct Tagger {
    pub tags: TagSet,
    weights: Weights,
    /// Frequent words the training data always tagged one way: tagged
    /// without scoring.
    sure: FxHashMap<u64, u16>,
    /// Normalised form → the set of classes it had in training.
    pub ambiguity: FxHashMap<u64, u64>,
}

/// Reusable buffers for tagging.
#[derive(Default)]
pub(crate) struct TagScratch {
    pub keys: Vec<WordKeys>,
    feats: Vec<u64>,
    scores: Vec<i32>,
    buf: String,
}

impl Tagger {
    /// Tags `forms` into `out` (class indices).
    pub(crate) fn tag(&self, forms: &[&str], scratch: &mut TagScratch, out: &mut Vec<u16>) {
        out.clear();
        word_keys(forms, &self.ambiguity, &mut scratch.keys, &mut scratch.buf);
        let (mut p1, mut p2) = (EDGE, EDGE);
        for i in 0..forms.len() {
            let class = match self.sure.get(&scratch.keys[i].norm) {
                Some(&c) => c,
                None => {
                    features(&scratch.keys, i, p1, p2, &mut scratch.feats);
                    scratch.scores.clear();
                    scratch.scores.resize(self.tags.len(), 0);
                    self.weights.score(&scratch.feats, &mut scratch.scores);
                    best(&scratch.scores) as u16
                }
            };
            out.push(class);
            p2 = p1;
            p1 = u64::from(class) + 1;
        }
    }

    /// Writes the tagger, with the weights it was compiled from.
    pub(crate) fn write(&self, rows: &Rows, out: &mut Writer) {
        self.tags.write(out);
        let mut sure: Vec<_> = self.sure.iter().collect();
        sure.sort();
        out.varint(sure.len() as u64);
        for (k, c) in sure {
            out.varint(*k);
            out.varint(u64::from(*c));
        }
        let mut amb: Vec<_> = self.ambiguity.iter().collect();
        amb.sort();
        out.varint(amb.len() as u64);
        for (k, c) in amb {
            out.varint(*k);
            out.varint(*c);
        }
        rows.write(out);
    }

    pub(crate) fn read(input: &mut Reader) -> Result<Self, SyntaxError> {
        let tags = TagSet::read(input)?;
        let n = input.len("the tagger's sure words")?;
        let mut sure = FxHashMap::default();
        for _ in 0..n {
            let k = input.varint()?;
            let c = input.varint()?;
            if c as usize >= tags.len() {
                return Err(input.error("a sure word with a tag beyond the tag set"));
            }
            sure.insert(k, c as u16);
        }
        let n = input.len("the tagger's ambiguity classes")?;
        let mut ambiguity = FxHashMap::default();
        for _ in 0..n {
            let k = input.varint()?;
            ambiguity.insert(k, input.varint()?);
        }
        let weights = Rows::read(input)?.compile();
        if weights.classes() != tags.len() {
            return Err(input.error("the tagger's weights do not match its tag set"));
        }
        Ok(Tagger { tags, weights, sure, ambiguity })
    }
}

/// The index of the highest score (the first of equals).
pub(crate) fn best<S: PartialOrd + Copy>(scores: &[S]) -> usize {
    let mut b = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[b] {
            b = i;
        }
    }
    b
}

/// One training sentence for the tagger: forms and gold classes.
pub(crate) struct TagSample<'a> {
    pub forms: Vec<&'a str>,
    pub tags: Vec<u16>,
}

/// How to train a tagger.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TagTraining {
    pub epochs: usize,
    pub seed: u64,
    /// A word seen at least this often …
    pub sure_min_count: u32,
    /// … with one class at least this share of the time is tagged without scoring.
    pub sure_min_share: f64,
}

impl Default for TagTraining {
    fn default() -> Self {
        TagTraining { epochs: 12, seed: 1, sure_min_count: 20, sure_min_share: 0.995 }
    }
}

/// Trains a tagger on `samples`.
pub(crate) fn train(tags: &TagSet, samples: &[TagSample], settings: &TagTraining, mut progress: impl FnMut(usize, f64, &Tagger)) -> (Tagger, Rows) {
    // Counts per normalised form, for sure words and ambiguity classes;
    // training reads the classes of each sentence from the counts of the
    // other folds, so that it sees unknown words as often as new text has them.
    const FOLDS: usize = 10;
    let mut counts: FxHashMap<u64, FxHashMap<u16, u32>> = FxHashMap::default();
    let mut fold_counts: Vec<FxHashMap<u64, FxHashMap<u16, u32>>> = vec![FxHashMap::default(); FOLDS];
    let mut buf = String::new();
    for (si, s) in samples.iter().enumerate() {
        for (f, &t) in s.forms.iter().zip(&s.tags) {
            normalise(f, &mut buf);
            let h = hash_str(&buf);
            *counts.entry(h).or_default().entry(t).or_default() += 1;
            *fold_counts[si % FOLDS].entry(h).or_default().entry(t).or_default() += 1;
        }
    }
    let mut sure = FxHashMap::default();
    for (&w, by_tag) in &counts {
        let total: u32 = by_tag.values().sum();
        let (&top, &n) = by_tag.iter().max_by_key(|&(t, n)| (*n, std::cmp::Reverse(*t))).expect("a counted word has a tag");
        if total >= settings.sure_min_count && f64::from(n) / f64::from(total) >= settings.sure_min_share {
            sure.insert(w, top);
        }
    }
    let ambiguity = ambiguity_classes(&counts);
    let held_out: Vec<FxHashMap<u64, u64>> = (0..FOLDS)
        .map(|k| {
            let mut c = counts.clone();
            for (w, by_tag) in &fold_counts[k] {
                let e = c.get_mut(w).expect("counted");
                for (t, n) in by_tag {
                    let x = e.get_mut(t).expect("counted");
                    *x -= n;
                }
                e.retain(|_, n| *n > 0);
            }
            c.retain(|_, e| !e.is_empty());
            ambiguity_classes(&c)
        })
        .collect();
    let mut model = Training::new(tags.len());
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut rng = Rng::new(settings.seed);
    let mut keys = Vec::new();
    let mut feats = Vec::new();
    let mut scores = vec![0.0f32; tags.len()];
    for epoch in 0..settings.epochs {
        rng.shuffle(&mut order);
        let (mut right, mut all) = (0usize, 0usize);
        for &si in &order {
            let s = &samples[si];
            word_keys(&s.forms, &held_out[si % FOLDS], &mut keys, &mut buf);
            let (mut p1, mut p2) = (EDGE, EDGE);
            for i in 0..s.forms.len() {
                let truth = s.tags[i];
                let guess = match sure.get(&keys[i].norm) {
                    Some(&c) => c,
                    None => {
                        features(&keys, i, p1, p2, &mut feats);
                        scores.iter_mut().for_each(|x| *x = 0.0);
                        model.score(&feats, &mut scores);
                        let g = best(&scores) as u16;
                        model.update(&feats, usize::from(truth), usize::from(g));
                        model.tick();
                        g
                    }
                };
                right += usize::from(guess == truth);
                all += 1;
                p2 = p1;
                p1 = u64::from(guess) + 1;
            }
        }
        let t = Tagger { tags: tags.clone(), weights: model.finish(1).compile(), sure: sure.clone(), ambiguity: ambiguity.clone() };
        progress(epoch, right as f64 / all.max(1) as f64, &t);
    }
    let rows = model.finish(1);
    (Tagger { tags: tags.clone(), weights: rows.compile(), sure, ambiguity }, rows)
}

/// Normalised form → a key for the set of classes it had in `counts`:
/// the classes seen at least twice or for at least a tenth of the word's
/// uses, so that stray annotation errors don't widen the set.
fn ambiguity_classes(counts: &FxHashMap<u64, FxHashMap<u16, u32>>) -> FxHashMap<u64, u64> {
    let mut out = FxHashMap::default();
    for (&w, by_tag) in counts {
        let total: u32 = by_tag.values().sum();
        let mut set: Vec<u16> = by_tag.iter().filter(|&(_, &c)| c >= 2 || c * 10 >= total).map(|(&t, _)| t).collect();
        set.sort();
        if !set.is_empty() {
            out.insert(w, set.iter().fold(0x77u64, |h, &t| key2(90, h, u64::from(t))));
        }
    }
    out
}
