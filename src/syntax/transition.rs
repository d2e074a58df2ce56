//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta,
//! 2011) with the root at the end of the buffer, and its dynamic oracle
//! (Goldberg and Nivre, 2013).
//!
//! Words are numbered `0..n`; the root is `n`, the last item of the buffer.
//! Three moves:
//! - `Shift` pushes the buffer's first word onto the stack;
//! - `Left(l)` makes the stack's top a dependent of the buffer's first item
//!   (possibly the root) and pops it;
//! - `Right(l)` makes the stack's top a dependent of the item below it and
//!   pops it.
//!
//! The root takes a dependent only when the stack holds one word, so every
//! parse ends as a tree with one word under the root: every word gets one
//! head, and no move can make a cycle.

/// No word: a missing position or child.
pub(crate) const NONE: u32 = u32::MAX;

/// A move, with the label of the arc it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Left(u16),
    Right(u16),
}

impl Move {
    /// The kind of move, as [`Gold::costs`] orders them: 0 shift, 1 left, 2 right.
    #[inline]
    pub(crate) fn kind(self) -> usize {
        match self {
            Move::Shift => 0,
            Move::Left(_) => 1,
            Move::Right(_) => 2,
        }
    }

    /// The move's class index, for `labels` arc labels.
    #[inline]
    pub(crate) fn class(self, labels: usize) -> usize {
        match self {
            Move::Shift => 0,
            Move::Left(l) => 1 + usize::from(l),
            Move::Right(l) => 1 + labels + usize::from(l),
        }
    }
}

/// What a word has gathered as a head so far, for features.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    pub head: u32,
    pub label: u16,
    /// Leftmost and second leftmost dependents.
    pub left: [u32; 2],
    /// Rightmost and second rightmost dependents.
    pub right: [u32; 2],
    pub n_left: u16,
    pub n_right: u16,
    /// The labels of the left and right dependents, as bit sets.
    pub left_labels: u64,
    pub right_labels: u64,
}

const FRESH: Node = Node { head: NONE, label: 0, left: [NONE; 2], right: [NONE; 2], n_left: 0, n_right: 0, left_labels: 0, right_labels: 0 };

/// A parser configuration.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    /// The number of words; the root is `n`.
    pub n: u32,
    pub stack: Vec<u32>,
    /// The buffer's first item (`n` when only the root is left).
    pub b0: u32,
    /// One node per word and one for the root.
    pub nodes: Vec<Node>,
}

impl State {
    pub(crate) fn reset(&mut self, n: usize) {
        self.n = n as u32;
        self.stack.clear();
        self.b0 = 0;
        self.nodes.clear();
        self.nodes.resize(n + 1, FRESH);
    }

    pub(crate) fn is_final(&self) -> bool {
        self.stack.is_empty() && self.b0 == self.n
    }

    /// The stack item `i` from the top (0 = top), or [`NONE`].
    #[inline]
    pub(crate) fn s(&self, i: usize) -> u32 {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i]
        } else {
            NONE
        }
    }

    /// The buffer item `i` from the front (the root counts), or [`NONE`].
    #[inline]
    pub(crate) fn b(&self, i: usize) -> u32 {
        let p = self.b0 + i as u32;
        if p <= self.n {
            p
        } else {
            NONE
        }
    }

    pub(crate) fn can_shift(&self) -> bool {
        self.b0 < self.n
    }

    pub(crate) fn can_left(&self) -> bool {
        !self.stack.is_empty() && (self.b0 < self.n || self.stack.len() == 1)
    }

    pub(crate) fn can_right(&self) -> bool {
        self.stack.len() >= 2
    }

    pub(crate) fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.b0);
                self.b0 += 1;
            }
            Move::Left(l) => {
                let d = self.stack.pop().expect("a valid move");
                self.attach(self.b0, d, l);
            }
            Move::Right(l) => {
                let d = self.stack.pop().expect("a valid move");
                let h = *self.stack.last().expect("a valid move");
                self.attach(h, d, l);
            }
        }
    }

    fn attach(&mut self, h: u32, d: u32, l: u16) {
        let bit = 1u64 << (l % 64);
        let dep = &mut self.nodes[d as usize];
        dep.head = h;
        dep.label = l;
        let head = &mut self.nodes[h as usize];
        if d < h {
            // Left dependents come nearest first: the newest is the leftmost.
            head.left = [d, head.left[0]];
            head.n_left += 1;
            head.left_labels |= bit;
        } else {
            // Right dependents come in order: the newest is the rightmost.
            head.right = [d, head.right[0]];
            head.n_right += 1;
            head.right_labels |= bit;
        }
    }
}

/// The gold tree of a training sentence, for the oracle.
pub(crate) struct Gold<'a> {
    /// The head of each word (`n` for the root), projective.
    pub heads: &'a [u32],
    pub labels: &'a [u16],
    /// Each word's dependents to its right, in order.
    pub right_children: &'a [Vec<u32>],
}

impl Gold<'_> {
    /// How many gold dependents of `w` are still in the buffer.
    fn in_buffer(&self, w: u32, b0: u32) -> u32 {
        self.right_children[w as usize].iter().filter(|&&d| d >= b0).count() as u32
    }

    /// The cost of each kind of move in `state`: how many gold arcs still
    /// reachable it makes unreachable (`None` for an invalid move), and the
    /// label the arc must have to cost nothing more (when it is a gold arc).
    pub(crate) fn costs(&self, state: &State) -> [(Option<u32>, Option<u16>); 3] {
        let s0 = state.s(0);
        let s1 = state.s(1);
        let b0 = state.b0;
        let n = state.n;
        let mut out = [(None, None); 3];
        if state.can_shift() {
            let mut c = 0;
            for (i, &d) in state.stack.iter().enumerate() {
                if self.heads[d as usize] == b0 {
                    c += 1;
                }
                // b0's head below the top of the stack can no longer take it.
                if i + 1 < state.stack.len() && self.heads[b0 as usize] == d {
                    c += 1;
                }
            }
            out[0] = (Some(c), None);
        }
        if state.can_left() {
            let h = self.heads[s0 as usize];
            let mut c = self.in_buffer(s0, b0);
            if h != b0 && (h == s1 || h > b0) {
                c += 1;
            }
            out[1] = (Some(c), (h == b0).then(|| self.labels[s0 as usize]));
        }
        if state.can_right() {
            let h = self.heads[s0 as usize];
            let mut c = self.in_buffer(s0, b0);
            if h >= b0 && h <= n {
                c += 1;
            }
            out[2] = (Some(c), (h == s1).then(|| self.labels[s0 as usize]));
        }
        out
    }
}

/// Makes a tree projective by lifting: while an arc crosses another, the
/// dependent of the shortest such arc moves up to its head's head.
/// `heads[i]` is word `i`'s head, `n` (= heads.len()) for the root.
pub(crate) fn projectivize(heads: &mut [u32]) {
    let n = heads.len() as u32;
    loop {
        let mut worst: Option<(u32, usize)> = None;
        for d in 0..heads.len() {
            let h = heads[d];
            if h == n {
                continue;
            }
            if !is_projective_arc(heads, h, d as u32) {
                let len = h.abs_diff(d as u32);
                if !worst.is_some_and(|(l, _)| len >= l) {
                    worst = Some((len, d));
                }
            }
        }
        match worst {
            Some((_, d)) => {
                let h = heads[d] as usize;
                heads[d] = heads[h];
            }
            None => return,
        }
    }
}

/// Is every word between `h` and `d` dominated by `h`?
fn is_projective_arc(heads: &[u32], h: u32, d: u32) -> bool {
    let n = heads.len() as u32;
    let (lo, hi) = if h < d { (h, d) } else { (d, h) };
    (lo + 1..hi).all(|k| {
        let mut a = k;
        let mut steps = 0;
        while a != n && a != h && steps <= heads.len() {
            a = heads[a as usize];
            steps += 1;
        }
        a == h
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows the oracle's cheapest move from the start: on a projective
    /// tree it must rebuild the tree exactly.
    fn oracle_parse(heads: &[u32], labels: &[u16]) -> Vec<(u32, u16)> {
        let n = heads.len();
        let mut right_children = vec![Vec::new(); n + 1];
        for (d, &h) in heads.iter().enumerate() {
            if (d as u32) < h && h as usize != n {
                // (right children of h are those after it)
            }
            if (h as usize) < n && (d as u32) > h {
                right_children[h as usize].push(d as u32);
            }
        }
        let gold = Gold { heads, labels, right_children: &right_children };
        let mut st = State::default();
        st.reset(n);
        while !st.is_final() {
            let c = gold.costs(&st);
            let (k, &(cost, label)) = c.iter().enumerate().filter(|(_, c)| c.0.is_some()).min_by_key(|(_, c)| c.0).unwrap();
            assert_eq!(cost, Some(0), "a zero-cost move exists on a projective tree");
            let l = label.unwrap_or(0);
            st.apply([Move::Shift, Move::Left(l), Move::Right(l)][k]);
        }
        (0..n).map(|i| (st.nodes[i].head, st.nodes[i].label)).collect()
    }

    #[test]
    fn the_oracle_rebuilds_projective_trees() {
        // "She gave him a book ." with root = 5 (n = 6 words → root 6).
        let heads = [1, 6, 1, 4, 1, 1];
        let labels = [1, 0, 2, 3, 4, 5];
        let got = oracle_parse(&heads, &labels);
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), heads);
        assert_eq!(got.iter().map(|g| g.1).collect::<Vec<_>>(), labels);
        // Root in the middle, dependents both ways.
        let heads = [2, 2, 5, 4, 2];
        let got = oracle_parse(&heads, &[0; 5]);
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), heads);
    }

    #[test]
    fn lifting_makes_trees_projective() {
        // 0←2 crosses 1→3: word 3 hangs from 1 across 2's arc to 0.
        let mut heads = [2, 4, 4, 1];
        projectivize(&mut heads);
        for d in 0..4u32 {
            if heads[d as usize] != 4 {
                assert!(is_projective_arc(&heads, heads[d as usize], d));
            }
        }
        let mut proj = [1, 3, 1];
        projectivize(&mut proj);
        assert_eq!(proj, [1, 3, 1]);
    }

    #[test]
    fn only_one_word_goes_under_the_root() {
        let mut st = State::default();
        st.reset(2);
        st.apply(Move::Shift);
        st.apply(Move::Shift);
        assert!(!st.can_shift());
        assert!(!st.can_left(), "two words on the stack: the root must wait");
        assert!(st.can_right());
        st.apply(Move::Right(0));
        assert!(st.can_left());
        st.apply(Move::Left(0));
        assert!(st.is_final());
        assert_eq!(st.nodes[0].head, 2);
        assert_eq!(st.nodes[1].head, 0);
    }
}
