//! The averaged perceptron: a linear model over hashed sparse features,
//! trained online (`Training`) and compiled into a read-only table of
//! quantised weights (`Weights`) that scores a feature set with one lookup
//! per feature.

use rustc_hash::FxHashMap;

use super::model::{Reader, Writer};
use super::SyntaxError;

/// One class's weight under one feature, while training.
#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u16,
    weight: f32,
    /// The sum of the weight over all instances seen, up to `stamp`.
    total: f64,
    /// The instance at which `total` was last brought up to date.
    stamp: u32,
}

#[derive(Debug, Default, Clone)]
struct Row {
    entries: Vec<Entry>,
    /// How many updates touched this feature (for pruning rare ones).
    updates: u32,
}

/// An averaged perceptron being trained.
pub(crate) struct Training {
    classes: usize,
    rows: FxHashMap<u64, Row>,
    /// Instances seen so far.
    now: u32,
}

impl Training {
    pub(crate) fn new(classes: usize) -> Self {
        Training { classes, rows: FxHashMap::default(), now: 1 }
    }

    /// Adds the current weights of `features` into `scores` (one per class).
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        debug_assert_eq!(scores.len(), self.classes);
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for e in &row.entries {
                    scores[usize::from(e.class)] += e.weight;
                }
            }
        }
    }

    /// Counts one more training instance (the clock the averages run on).
    pub(crate) fn tick(&mut self) {
        self.now += 1;
    }

    /// Moves the weights of `features` towards `truth` and away from `guess`.
    pub(crate) fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let now = self.now;
        for &f in features {
            let row = self.rows.entry(f).or_default();
            row.updates += 1;
            for (class, delta) in [(truth as u16, 1.0f32), (guess as u16, -1.0)] {
                let e = match row.entries.iter().position(|e| e.class == class) {
                    Some(i) => &mut row.entries[i],
                    None => {
                        row.entries.push(Entry { class, weight: 0.0, total: 0.0, stamp: now });
                        row.entries.last_mut().expect("just pushed")
                    }
                };
                e.total += f64::from(now - e.stamp) * f64::from(e.weight);
                e.stamp = now;
                e.weight += delta;
            }
        }
    }

    /// The averaged weights, quantised to 16 bits, without features
    /// updated fewer than `min_updates` times.
    pub(crate) fn finish(&self, min_updates: u32) -> Rows {
        self.average(min_updates).quantise(16)
    }

    /// The averaged weights, without features updated fewer than
    /// `min_updates` times.
    pub(crate) fn average(&self, min_updates: u32) -> Averaged {
        let now = self.now;
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(self.rows.len());
        for (&key, row) in &self.rows {
            if row.updates < min_updates {
                continue;
            }
            let mut entries: Vec<(u16, f32)> = row
                .entries
                .iter()
                .map(|e| {
                    let total = e.total + f64::from(now - e.stamp) * f64::from(e.weight);
                    (e.class, (total / f64::from(now)) as f32)
                })
                .filter(|&(_, w)| w != 0.0)
                .collect();
            if entries.is_empty() {
                continue;
            }
            entries.sort_by_key(|&(c, _)| c);
            rows.push((key, entries));
        }
        rows.sort_by_key(|&(k, _)| k);
        Averaged { classes: self.classes, rows }
    }
}

/// Averaged weights in key order, before quantising.
#[derive(Debug, Clone)]
pub(crate) struct Averaged {
    classes: usize,
    rows: Vec<(u64, Vec<(u16, f32)>)>,
}

impl Averaged {
    /// The mean of models trained alike (with other seeds): a weight a
    /// model lacks counts as 0. All must have the same classes.
    pub(crate) fn mean(members: &[Averaged]) -> Averaged {
        let classes = members.first().map_or(0, |m| m.classes);
        let mut merged: std::collections::BTreeMap<u64, Vec<(u16, f32)>> = std::collections::BTreeMap::new();
        for m in members {
            debug_assert_eq!(m.classes, classes);
            for (k, entries) in &m.rows {
                let row = merged.entry(*k).or_default();
                for &(c, w) in entries {
                    match row.binary_search_by_key(&c, |e| e.0) {
                        Ok(i) => row[i].1 += w,
                        Err(i) => row.insert(i, (c, w)),
                    }
                }
            }
        }
        let n = members.len().max(1) as f32;
        let rows = merged.into_iter().map(|(k, e)| (k, e.into_iter().map(|(c, w)| (c, w / n)).collect())).collect();
        Averaged { classes, rows }
    }

    /// The weights as integers of `bits` bits (at most 16), scaled so that
    /// the largest is the largest such integer; weights that round to 0
    /// are dropped. Fewer bits make a smaller model: most weights then fit
    /// in one byte of the file.
    pub(crate) fn quantise(&self, bits: u32) -> Rows {
        let top = ((1u32 << (bits.clamp(2, 16) - 1)) - 1) as f32;
        let max = self.rows.iter().flat_map(|(_, e)| e.iter().map(|&(_, w)| w.abs())).fold(0.0f32, f32::max);
        let scale = if max > 0.0 { top / max } else { 1.0 };
        let rows = self
            .rows
            .iter()
            .map(|(k, e)| (*k, e.iter().map(|&(c, w)| (c, (w * scale).round() as i16)).filter(|&(_, w)| w != 0).collect::<Vec<_>>()))
            .filter(|(_, e)| !e.is_empty())
            .collect();
        Rows { classes: self.classes, rows }
    }
}

/// Averaged, quantised weights in key order: what a model file stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rows {
    classes: usize,
    rows: Vec<(u64, Vec<(u16, i16)>)>,
}

impl Rows {
    /// Writes the rows, keys as deltas.
    pub(crate) fn write(&self, out: &mut Writer) {
        out.varint(self.classes as u64);
        out.varint(self.rows.len() as u64);
        let mut last = 0u64;
        for (key, entries) in &self.rows {
            out.varint(key - last);
            last = *key;
            out.varint(entries.len() as u64);
            let mut last_class = 0u16;
            for &(c, w) in entries {
                out.varint(u64::from(c - last_class));
                last_class = c;
                out.signed(i64::from(w));
            }
        }
    }

    /// Reads rows written by [`Rows::write`].
    pub(crate) fn read(input: &mut Reader) -> Result<Self, SyntaxError> {
        let classes = input.varint()? as usize;
        if classes == 0 || classes > usize::from(u16::MAX) {
            return Err(input.error("a weight table with no classes or too many"));
        }
        let n = input.varint()? as usize;
        if n > input.remaining() {
            return Err(input.error("more weight rows than the model has bytes"));
        }
        let mut rows = Vec::with_capacity(n);
        let mut key = 0u64;
        for i in 0..n {
            let delta = input.varint()?;
            if i > 0 && delta == 0 {
                return Err(input.error("feature keys out of order"));
            }
            key = key.checked_add(delta).ok_or_else(|| input.error("feature key overflows"))?;
            let len = input.varint()? as usize;
            if len > classes {
                return Err(input.error("a feature with more weights than classes"));
            }
            let mut entries = Vec::with_capacity(len);
            let mut class = 0u64;
            for j in 0..len {
                let d = input.varint()?;
                if j > 0 && d == 0 {
                    return Err(input.error("a feature's classes out of order"));
                }
                class += d;
                if class >= classes as u64 {
                    return Err(input.error("a weight for a class beyond the model's classes"));
                }
                let w = i16::try_from(input.signed()?).map_err(|_| input.error("a weight beyond 16 bits"))?;
                entries.push((class as u16, w));
            }
            rows.push((key, entries));
        }
        Ok(Rows { classes, rows })
    }

    /// The number of features.
    pub(crate) fn features(&self) -> usize {
        self.rows.len()
    }

    /// The number of weights.
    pub(crate) fn weights(&self) -> usize {
        self.rows.iter().map(|r| r.1.len()).sum()
    }

    /// The number of classes.
    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    /// The lookup table.
    pub(crate) fn compile(&self) -> Weights {
        Weights::new(self)
    }
}

/// How many weights a slot holds itself; a longer row lives in
/// `Weights::sparse`, or, when it has weights for at least `DENSE_SHARE`
/// of the classes, in `Weights::dense` with one weight per class, where
/// adding it is a vectorised loop without a scattered store.
const INLINE: usize = 2;
const DENSE_SHARE: usize = 4;
/// Marks a slot whose row is dense.
const DENSE: u16 = 0x8000;

/// One feature's place in the table: a quarter of a cache line.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Slot {
    /// The low 32 bits of the key, never 0 (0 marks an empty slot); the
    /// high bits chose the slot.
    check: u32,
    /// The number of weights, or [`DENSE`].
    len: u16,
    /// The weights (class << 16 | weight as u16), or the start of the row
    /// in `sparse` or `dense` in the first element.
    weights: [u32; INLINE],
}

/// Compiled weights: an open-addressing table from feature key to that
/// feature's (class, weight) pairs.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    classes: usize,
    slots: Vec<Slot>,
    sparse: Vec<u32>,
    dense: Vec<i16>,
    shift: u32,
}

#[inline]
fn check_of(key: u64) -> u32 {
    (key as u32).max(1)
}

#[inline]
fn pack(class: u16, weight: i16) -> u32 {
    u32::from(class) << 16 | u32::from(weight as u16)
}

impl Weights {
    fn new(rows: &Rows) -> Self {
        let size = (rows.rows.len() * 3 / 2).next_power_of_two().max(16);
        let shift = 64 - size.trailing_zeros();
        let mut w = Weights { classes: rows.classes, slots: vec![Slot::default(); size], sparse: Vec::new(), dense: Vec::new(), shift };
        for (key, entries) in &rows.rows {
            if entries.is_empty() {
                continue;
            }
            let check = check_of(*key);
            let mut i = (key >> shift) as usize;
            while w.slots[i].check != 0 && w.slots[i].check != check {
                i = (i + 1) & (size - 1);
            }
            if w.slots[i].check == check {
                // Two keys alike in their slot and their low 32 bits: so
                // rare that keeping the first does no harm.
                continue;
            }
            let slot = &mut w.slots[i];
            slot.check = check;
            if entries.len() <= INLINE {
                slot.len = entries.len() as u16;
                for (j, &(c, v)) in entries.iter().enumerate() {
                    slot.weights[j] = pack(c, v);
                }
            } else if entries.len() * DENSE_SHARE >= w.classes {
                slot.len = DENSE;
                slot.weights[0] = (w.dense.len() / w.classes) as u32;
                let start = w.dense.len();
                w.dense.resize(start + w.classes, 0);
                for &(c, v) in entries {
                    w.dense[start + usize::from(c)] = v;
                }
            } else {
                slot.len = entries.len() as u16;
                slot.weights[0] = w.sparse.len() as u32;
                w.sparse.extend(entries.iter().map(|&(c, v)| pack(c, v)));
            }
        }
        w
    }

    /// The number of classes.
    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    /// The slot of `key`, if it has one.
    #[inline]
    fn find(&self, key: u64) -> Option<&Slot> {
        let mask = self.slots.len() - 1;
        let check = check_of(key);
        let mut i = (key >> self.shift) as usize;
        loop {
            let slot = &self.slots[i];
            if slot.check == check {
                return Some(slot);
            }
            if slot.check == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds the weights of `features` into `scores` (one per class).
    ///
    /// Its time goes to memory, so it works in three passes over a batch
    /// of features: touch every slot, then find the slots and touch the
    /// rows that live outside them, then add. The loads of each pass are
    /// independent of each other, so the memory system serves them
    /// together rather than one after another.
    pub(crate) fn score(&self, features: &[u64], scores: &mut [i32]) {
        const BATCH: usize = 64;
        let classes = self.classes;
        let scores = &mut scores[..classes];
        for batch in features.chunks(BATCH) {
            let mut touched = 0u32;
            for &f in batch {
                touched ^= self.slots[(f >> self.shift) as usize].check;
            }
            let mut found = [Slot::default(); BATCH];
            let mut n = 0;
            for &f in batch {
                if let Some(slot) = self.find(f) {
                    found[n] = *slot;
                    n += 1;
                    touched ^= match slot.len {
                        DENSE => self.dense[slot.weights[0] as usize * classes] as u32,
                        len if usize::from(len) <= INLINE => 0,
                        _ => self.sparse[slot.weights[0] as usize],
                    };
                }
            }
            std::hint::black_box(touched);
            for slot in &found[..n] {
                let add = |scores: &mut [i32], p: u32| scores[(p >> 16) as usize] += i32::from(p as u16 as i16);
                match slot.len {
                    DENSE => {
                        let start = slot.weights[0] as usize * classes;
                        for (s, &w) in scores.iter_mut().zip(&self.dense[start..start + classes]) {
                            *s += i32::from(w);
                        }
                    }
                    len if usize::from(len) <= INLINE => {
                        for &p in &slot.weights[..usize::from(len)] {
                            add(scores, p);
                        }
                    }
                    len => {
                        let start = slot.weights[0] as usize;
                        for &p in &self.sparse[start..start + usize::from(len)] {
                            add(scores, p);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_scores_the_same_after_writing() {
        // Two classes told apart by one feature each, and a shared bias.
        let mut t = Training::new(2);
        for _ in 0..5 {
            for (feats, truth) in [([1u64, 10], 0usize), ([2, 10], 1)] {
                let mut s = [0.0f32; 2];
                t.score(&feats, &mut s);
                let guess = if s[1] > s[0] { 1 } else { 0 };
                t.update(&feats, truth, guess);
                t.tick();
            }
        }
        let rows = t.finish(0);
        let w = rows.compile();
        let best = |w: &Weights, f: &[u64]| {
            let mut s = [0i32; 2];
            w.score(f, &mut s);
            if s[1] > s[0] { 1 } else { 0 }
        };
        assert_eq!(best(&w, &[1, 10]), 0);
        assert_eq!(best(&w, &[2, 10]), 1);
        let mut out = Writer::default();
        rows.write(&mut out);
        let bytes = out.into_bytes();
        let back_rows = Rows::read(&mut Reader::new(&bytes)).unwrap();
        assert_eq!(back_rows, rows);
        let back = back_rows.compile();
        for f in [[1u64, 10], [2, 10], [3, 10]] {
            let (mut a, mut b) = ([0i32; 2], [0i32; 2]);
            w.score(&f, &mut a);
            back.score(&f, &mut b);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn pruning_drops_rare_features() {
        let mut t = Training::new(2);
        t.update(&[1, 2], 0, 1);
        t.tick();
        t.update(&[1], 0, 1);
        t.tick();
        assert_eq!(t.finish(2).features(), 1);
        assert_eq!(t.finish(1).features(), 2);
    }

    #[test]
    fn long_rows_and_many_features_score_as_written() {
        // Rows longer than a slot holds, and enough keys to collide in slots.
        let classes = 20;
        let rows: Vec<(u64, Vec<(u16, i16)>)> = (1..2000u64)
            .map(|k| (k.wrapping_mul(0x9e37_79b9_7f4a_7c15), (0..(k % 12) as u16 + 1).map(|c| (c, (k as i16 % 7) - 3 + c as i16)).collect()))
            .collect();
        let mut sorted = rows.clone();
        sorted.sort_by_key(|r| r.0);
        let w = Rows { classes, rows: sorted }.compile();
        for (k, entries) in &rows {
            let mut s = vec![0i32; classes];
            w.score(&[*k], &mut s);
            let mut want = vec![0i32; classes];
            for &(c, v) in entries {
                want[usize::from(c)] += i32::from(v);
            }
            assert_eq!(s, want);
        }
        let mut s = vec![0i32; classes];
        w.score(&[12345], &mut s);
        assert!(s.iter().all(|&x| x == 0), "an unknown feature scores nothing");
    }
}
