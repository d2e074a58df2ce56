//! The dependency parser: greedy arc-hybrid parsing scored by an averaged
//! perceptron over rich features of the configuration (after Zhang and
//! Nivre, 2011), trained with a dynamic oracle and exploration. A class
//! is a move with its label, so that the label informs the choice of move
//! (a separate labeller after an unlabelled move measured a point of LAS
//! worse on the development set).

use super::features::{hash_str, key1, key2, key3, normalise, Rng};
use super::model::{Reader, Writer};
use super::perceptron::{Averaged, Rows, Training, Weights};
use super::transition::{projectivize, Gold, Move, State, NONE};
use super::{SyntaxError, Upos};

/// What the parser reads of each word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Token {
    /// The normalised form's hash.
    pub word: u64,
    /// The tag class, plus one.
    pub tag: u64,
    /// The universal tag, plus one.
    pub coarse: u64,
    /// How many punctuation marks and verbs come before the word.
    pub puncts_before: u32,
    pub verbs_before: u32,
}

const NO_WORD: u64 = 0x6e6f_6e65;
const NO_TAG: u64 = 0;
const ROOT_WORD: u64 = 0x726f_6f74;
const ROOT_TAG: u64 = 0xffff;
const NO_LABEL: u64 = 0xfffe;

/// Reads the parser's tokens from forms and tag classes; `coarse` gives
/// each class's universal tag.
pub(crate) fn tokens(forms: &[&str], tags: &[u16], coarse: &[Upos], out: &mut Vec<Token>, buf: &mut String) {
    out.clear();
    let (mut puncts, mut verbs) = (0, 0);
    for (f, &t) in forms.iter().zip(tags) {
        normalise(f, buf);
        let upos = coarse.get(usize::from(t)).copied().unwrap_or(Upos::X);
        out.push(Token { word: hash_str(buf), tag: u64::from(t) + 1, coarse: upos as u64 + 1, puncts_before: puncts, verbs_before: verbs });
        puncts += u32::from(upos == Upos::Punct);
        verbs += u32::from(matches!(upos, Upos::Verb | Upos::Aux));
    }
}

/// How many punctuation marks, and how many verbs, stand between words
/// `a < b` (each at most 3); for `b` the root, up to the end of the
/// sentence and one more.
#[inline]
fn between(tokens: &[Token], a: u32, b: u32) -> (u64, u64) {
    if a == NONE || b == NONE || a >= b {
        return (0, 0);
    }
    let end = |i: u32| tokens.get(i as usize).map_or_else(|| tokens.last().map_or((0, 0), |t| (t.puncts_before + 1, t.verbs_before + 1)), |t| (t.puncts_before, t.verbs_before));
    let (pa, va) = end(a + 1);
    let (pb, vb) = end(b);
    (u64::from(pb.saturating_sub(pa).min(3)), u64::from(vb.saturating_sub(va).min(3)))
}

/// Distance buckets: 1, 2, 3, 4, 5–6, 7–9, 10+.
#[inline]
fn distance(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => u64::from(d),
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

#[inline]
fn count(n: u16) -> u64 {
    u64::from(n.min(4))
}

/// What `field` says of item `i` of a configuration over `n` words: the
/// given stand-ins for no item and for the root.
#[inline]
fn at(tokens: &[Token], n: u32, i: u32, field: impl Fn(&Token) -> u64, none: u64, root: u64) -> u64 {
    if i == NONE {
        none
    } else if i == n {
        root
    } else {
        field(&tokens[i as usize])
    }
}

/// The features of `state` over `tokens`, for choosing a move.
pub(crate) fn features(state: &State, tokens: &[Token], out: &mut Vec<u64>) {
    out.clear();
    let n = state.n;
    let w = |i: u32| at(tokens, n, i, |t| t.word, NO_WORD, ROOT_WORD);
    let t = |i: u32| at(tokens, n, i, |t| t.tag, NO_TAG, ROOT_TAG);
    let node = |i: u32| (i != NONE).then(|| &state.nodes[i as usize]);
    let lab = |i: u32| node(i).map_or(NO_LABEL, |x| if x.head == NONE { NO_LABEL } else { u64::from(x.label) });
    let l1 = |i: u32| node(i).map_or(NONE, |x| x.left[0]);
    let l2 = |i: u32| node(i).map_or(NONE, |x| x.left[1]);
    let r1 = |i: u32| node(i).map_or(NONE, |x| x.right[0]);
    let r2 = |i: u32| node(i).map_or(NONE, |x| x.right[1]);

    let (s0, s1, s2) = (state.s(0), state.s(1), state.s(2));
    let (b0, b1, b2) = (state.b(0), state.b(1), state.b(2));
    let (s0w, s0t, s1w, s1t, s2w, s2t) = (w(s0), t(s0), w(s1), t(s1), w(s2), t(s2));
    let (b0w, b0t, b1w, b1t, b2w, b2t) = (w(b0), t(b0), w(b1), t(b1), w(b2), t(b2));
    let (s0l1, s0l2, s0r1, s0r2) = (l1(s0), l2(s0), r1(s0), r2(s0));
    let (s1l1, s1r1, s1r2) = (l1(s1), r1(s1), r2(s1));
    let (b0l1, b0l2) = (l1(b0), l2(b0));

    let mut k = 0u32;
    let mut f1 = |out: &mut Vec<u64>, a: u64| {
        k += 1;
        out.push(key1(k, a));
    };
    // Single positions.
    for (pw, pt) in [(s0w, s0t), (s1w, s1t), (s2w, s2t), (b0w, b0t), (b1w, b1t), (b2w, b2t)] {
        f1(out, pw);
        f1(out, pt);
        f1(out, pw ^ pt.wrapping_mul(0x9e37_79b9));
    }
    // Dependents already found.
    for c in [s0l1, s0l2, s0r1, s0r2, s1l1, s1r1, s1r2, b0l1, b0l2] {
        f1(out, w(c));
        f1(out, t(c));
        f1(out, lab(c));
    }
    let mut k = 100u32;
    let mut f2 = |out: &mut Vec<u64>, a: u64, b: u64| {
        k += 1;
        out.push(key2(k, a, b));
    };
    let s0wt = s0w ^ s0t.wrapping_mul(0x9e37_79b9);
    let b0wt = b0w ^ b0t.wrapping_mul(0x9e37_79b9);
    let s1wt = s1w ^ s1t.wrapping_mul(0x9e37_79b9);
    // Pairs.
    f2(out, s0wt, b0wt);
    f2(out, s0wt, b0w);
    f2(out, s0w, b0wt);
    f2(out, s0wt, b0t);
    f2(out, s0t, b0wt);
    f2(out, s0w, b0w);
    f2(out, s0t, b0t);
    f2(out, b0t, b1t);
    f2(out, s1wt, s0wt);
    f2(out, s1w, s0w);
    f2(out, s1t, s0t);
    f2(out, s1t, s0w);
    f2(out, s1w, s0t);
    f2(out, s1wt, b0wt);
    f2(out, s1t, b0t);
    f2(out, b0w, b1w);
    f2(out, s0w, b1w);
    // Distances.
    let d0 = distance(s0, b0);
    let d1 = distance(s1, s0);
    f2(out, s0w, d0);
    f2(out, s0t, d0);
    f2(out, b0w, d0);
    f2(out, b0t, d0);
    f2(out, s1t, d1);
    f2(out, s1w, d1);
    f2(out, s0t, d1);
    // Valencies and label sets.
    let val = |i: u32| node(i).map_or((0, 0, 0, 0), |x| (count(x.n_left), count(x.n_right), x.left_labels, x.right_labels));
    let (s0vl, s0vr, s0ll, s0rl) = val(s0);
    let (_, s1vr, _, s1rl) = val(s1);
    let (b0vl, _, b0ll, _) = val(b0);
    f2(out, s0w, s0vl);
    f2(out, s0t, s0vl);
    f2(out, s0w, s0vr);
    f2(out, s0t, s0vr);
    f2(out, s1w, s1vr);
    f2(out, s1t, s1vr);
    f2(out, b0w, b0vl);
    f2(out, b0t, b0vl);
    f2(out, s0w, s0ll);
    f2(out, s0t, s0ll);
    f2(out, s0w, s0rl);
    f2(out, s0t, s0rl);
    f2(out, s1t, s1rl);
    f2(out, b0w, b0ll);
    f2(out, b0t, b0ll);
    let mut k = 200u32;
    let mut f3 = |out: &mut Vec<u64>, a: u64, b: u64, c: u64| {
        k += 1;
        out.push(key3(k, a, b, c));
    };
    // Tag trigrams.
    f3(out, b0t, b1t, b2t);
    f3(out, s0t, b0t, b1t);
    f3(out, s1t, s0t, b0t);
    f3(out, s2t, s1t, s0t);
    f3(out, s1t, s0t, b1t);
    f3(out, s0t, t(s0l1), b0t);
    f3(out, s0t, t(s0r1), b0t);
    f3(out, s0t, b0t, t(b0l1));
    f3(out, s1t, t(s1r1), s0t);
    f3(out, s1t, s0t, t(s0l1));
    f3(out, s1t, s0t, t(s0r1));
    f3(out, s1t, t(s1l1), s0t);
    f3(out, s0t, t(s0l1), t(s0l2));
    f3(out, s0t, t(s0r1), t(s0r2));
    f3(out, b0t, t(b0l1), t(b0l2));
    f3(out, s1t, t(s1r1), t(s1r2));
    // Word and tags together.
    f3(out, s0w, b0t, b1t);
    f3(out, s0t, b0w, b1t);
    f3(out, s1t, s0w, b0t);
    f3(out, s1w, s0t, b0t);
    f3(out, s0w, b0w, d0);
    f3(out, s0t, b0t, d0);
    f3(out, s1t, s0t, d1);
    // Labels of dependents together.
    f3(out, s0t, lab(s0l1), lab(s0l2));
    f3(out, s0t, lab(s0r1), lab(s0r2));
    f3(out, b0t, lab(b0l1), lab(b0l2));
    f3(out, s1t, lab(s1r1), lab(s1r2));
    // Universal tags, and what lies between the words.
    let c = |i: u32| at(tokens, n, i, |t| t.coarse, NO_TAG, ROOT_TAG);
    f3(out, c(s0), c(b0), c(b1));
    f3(out, c(s1), c(s0), c(b0));
    f3(out, c(s2), c(s1), c(s0));
    f3(out, c(b0), c(b1), c(b2));
    let (p0, v0) = between(tokens, s0, b0);
    let (p1, v1) = between(tokens, s1, s0);
    f3(out, s0t, b0t, p0);
    f3(out, s0t, b0t, v0);
    f3(out, s1t, s0t, p1);
    f3(out, s1t, s0t, v1);
    f3(out, s0w, b0t, p0);
    f3(out, t(state.b(3)), b0t, c(b1));
}

/// A trained parser.
#[derive(Debug, Clone)]
pub(crate) struct DependencyParser {
    /// The arc labels (`nsubj`, `nmod:poss`, …).
    pub labels: Vec<String>,
    /// One class per move: shift, then left and right with each label.
    weights: Weights,
    /// The universal tag of each tag class.
    pub coarse: Vec<Upos>,
}

/// Reusable buffers for parsing.
#[derive(Default)]
pub(crate) struct ParseScratch {
    pub tokens: Vec<Token>,
    state: State,
    feats: Vec<u64>,
    scores: Vec<i32>,
    buf: String,
}

impl DependencyParser {
    /// Parses words of `forms` tagged `tags`: each word's head (`n` = the
    /// root) and label into `heads` and `labels`.
    pub(crate) fn parse(&self, forms: &[&str], tags: &[u16], scratch: &mut ParseScratch, heads: &mut Vec<u32>, labels: &mut Vec<u16>) {
        tokens(forms, tags, &self.coarse, &mut scratch.tokens, &mut scratch.buf);
        let n_labels = self.labels.len();
        let st = &mut scratch.state;
        st.reset(forms.len());
        while !st.is_final() {
            features(st, &scratch.tokens, &mut scratch.feats);
            scratch.scores.clear();
            scratch.scores.resize(1 + 2 * n_labels, 0);
            self.weights.score(&scratch.feats, &mut scratch.scores);
            let m = best_valid(st, &scratch.scores, n_labels, |_| true).expect("a configuration that is not final has a valid move");
            st.apply(m);
        }
        heads.clear();
        labels.clear();
        for node in &st.nodes[..forms.len()] {
            heads.push(node.head);
            labels.push(node.label);
        }
    }

    pub(crate) fn from_rows(labels: Vec<String>, rows: &Rows, coarse: Vec<Upos>) -> Self {
        DependencyParser { labels, weights: rows.compile(), coarse }
    }

    /// Writes the parser, with the weights it was compiled from.
    pub(crate) fn write(&self, rows: &Rows, out: &mut Writer) {
        out.varint(self.labels.len() as u64);
        for l in &self.labels {
            out.str(l);
        }
        rows.write(out);
    }

    pub(crate) fn read(input: &mut Reader, coarse: Vec<Upos>) -> Result<Self, SyntaxError> {
        let n = input.len("the parser's labels")?;
        let labels = (0..n).map(|_| input.str().map(str::to_string)).collect::<Result<Vec<_>, _>>()?;
        let rows = Rows::read(input)?;
        if rows.classes() != 1 + 2 * labels.len() {
            return Err(input.error("the parser's weights do not match its labels"));
        }
        Ok(DependencyParser { labels, weights: rows.compile(), coarse })
    }
}

/// The best-scoring valid move that `allowed` accepts.
fn best_valid<S: PartialOrd + Copy>(st: &State, scores: &[S], n_labels: usize, allowed: impl Fn(Move) -> bool) -> Option<Move> {
    let mut best: Option<(Move, S)> = None;
    let mut consider = |m: Move| {
        if allowed(m) {
            let s = scores[m.class(n_labels)];
            if !best.is_some_and(|(_, b)| s <= b) {
                best = Some((m, s));
            }
        }
    };
    if st.can_shift() {
        consider(Move::Shift);
    }
    if st.can_left() {
        for l in 0..n_labels {
            consider(Move::Left(l as u16));
        }
    }
    if st.can_right() {
        for l in 0..n_labels {
            consider(Move::Right(l as u16));
        }
    }
    best.map(|(m, _)| m)
}

/// One training sentence: forms, (predicted) tag classes, gold heads
/// (`n` = root) and labels.
pub(crate) struct ParseSample<'a> {
    pub forms: Vec<&'a str>,
    pub tags: Vec<u16>,
    pub heads: Vec<u32>,
    pub labels: Vec<u16>,
}

/// How to train the parser.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ParseTraining {
    pub epochs: usize,
    pub seed: u64,
    /// From this epoch on, training follows the model's own moves …
    pub explore_from: usize,
    /// … with this probability (else the oracle's).
    pub explore: f64,
    /// Features updated fewer times are dropped from the model.
    pub min_updates: u32,
}

impl Default for ParseTraining {
    fn default() -> Self {
        ParseTraining { epochs: 15, seed: 1, explore_from: 1, explore: 0.9, min_updates: 1 }
    }
}

/// Trains a parser's weights; `progress` hears of each epoch with the
/// share of moves the model got right and, if `with_parser` says so for
/// that epoch, a parser made of the weights so far.
pub(crate) fn train(
    labels: &[String],
    coarse: &[Upos],
    samples: &[ParseSample],
    settings: &ParseTraining,
    with_parser: impl Fn(usize) -> bool,
    mut progress: impl FnMut(usize, f64, Option<&DependencyParser>),
) -> Averaged {
    let n_labels = labels.len();
    let classes = 1 + 2 * n_labels;
    let mut model = Training::new(classes);
    let golds: Vec<(Vec<u32>, Vec<Vec<u32>>)> = samples
        .iter()
        .map(|s| {
            let mut heads = s.heads.clone();
            projectivize(&mut heads);
            let n = heads.len();
            let mut right = vec![Vec::new(); n + 1];
            for (d, &h) in heads.iter().enumerate() {
                if (h as usize) < n && (d as u32) > h {
                    right[h as usize].push(d as u32);
                }
            }
            (heads, right)
        })
        .collect();
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut rng = Rng::new(settings.seed);
    let mut st = State::default();
    let mut toks = Vec::new();
    let mut feats = Vec::new();
    let mut scores = vec![0.0f32; classes];
    let mut buf = String::new();
    for epoch in 0..settings.epochs {
        rng.shuffle(&mut order);
        let (mut right, mut all) = (0usize, 0usize);
        for &si in &order {
            let s = &samples[si];
            let gold = Gold { heads: &golds[si].0, labels: &s.labels, right_children: &golds[si].1 };
            tokens(&s.forms, &s.tags, coarse, &mut toks, &mut buf);
            st.reset(s.forms.len());
            while !st.is_final() {
                features(&st, &toks, &mut feats);
                scores.iter_mut().for_each(|x| *x = 0.0);
                model.score(&feats, &mut scores);
                let costs = gold.costs(&st);
                let cost_of = |m: Move| -> Option<u32> {
                    let (c, label) = costs[m.kind()];
                    let wrong_label = match (m, label) {
                        (Move::Left(l) | Move::Right(l), Some(g)) => u32::from(l != g),
                        _ => 0,
                    };
                    c.map(|c| c + wrong_label)
                };
                let min = costs.iter().filter_map(|c| c.0).min().expect("a configuration that is not final has a valid move");
                let guess = best_valid(&st, &scores, n_labels, |_| true).expect("a valid move");
                let target = best_valid(&st, &scores, n_labels, |m| cost_of(m) == Some(min)).expect("a cheapest move");
                if guess != target {
                    model.update(&feats, target.class(n_labels), guess.class(n_labels));
                } else {
                    right += 1;
                }
                all += 1;
                model.tick();
                let explore = epoch >= settings.explore_from && (rng.next_u64() as f64 / u64::MAX as f64) < settings.explore;
                st.apply(if explore { guess } else { target });
            }
        }
        let parser = with_parser(epoch).then(|| DependencyParser::from_rows(labels.to_vec(), &model.finish(settings.min_updates), coarse.to_vec()));
        progress(epoch, right as f64 / all.max(1) as f64, parser.as_ref());
    }
    model.average(settings.min_updates)
}
