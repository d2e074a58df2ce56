//! Features as 64-bit keys: stable hashing of strings and of feature
//! templates with their values.
//!
//! A model stores its weights under these keys, so the functions here are
//! part of the model format: changing one changes every key, and a model
//! trained before no longer reads right (the format version in
//! `model.rs` must then change too).

/// Mixes the bits of `x` thoroughly (the MurmurHash3 finaliser).
#[inline]
pub(crate) fn fmix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// A stable hash of a string's bytes, eight at a time.
pub(crate) fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// A stable hash of bytes.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = 0x243f_6a88_85a3_08d3 ^ (bytes.len() as u64);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(buf)).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    }
    fmix(h)
}

/// The key of feature template `template` with one value.
#[inline]
pub(crate) fn key1(template: u32, a: u64) -> u64 {
    fmix(a ^ (u64::from(template) << 56 | 0x9e37))
}

/// The key of feature template `template` with two values.
#[inline]
pub(crate) fn key2(template: u32, a: u64, b: u64) -> u64 {
    fmix(key1(template, a) ^ b.wrapping_mul(0x2545_f491_4f6c_dd1d))
}

/// The key of feature template `template` with three values.
#[inline]
pub(crate) fn key3(template: u32, a: u64, b: u64, c: u64) -> u64 {
    fmix(key2(template, a, b) ^ c.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The form a word's features read: lower-cased, every digit written `0`
/// (so that "1984" and "2025" share their features), into `out`.
pub(crate) fn normalise(form: &str, out: &mut String) {
    out.clear();
    if form.is_ascii() {
        out.extend(form.bytes().map(|b| if b.is_ascii_digit() { '0' } else { char::from(b.to_ascii_lowercase()) }));
    } else {
        for c in form.chars() {
            if c.is_numeric() {
                out.push('0');
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// A word's shape: each run of capitals becomes `X`, of small letters `x`,
/// of digits `d`; other characters stay; runs of length two or more are
/// marked by doubling ("Pyongyang" → "Xxx", "U.S." → "X.X.", "8,000" → "d,dd").
pub(crate) fn shape(form: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in form.chars().take(40) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run == 2 {
                out.push(k);
            }
        } else {
            out.push(k);
            last = k;
            run = 1;
        }
    }
}

/// The last `n` characters of `s` (all of it when shorter).
pub(crate) fn suffix(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ if n == 0 => "",
        _ => s,
    }
}

/// The first `n` characters of `s` (all of it when shorter).
pub(crate) fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A small, seeded, deterministic random number generator (SplitMix64),
/// so that training shuffles the same way on every machine.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        fmix(self.0)
    }

    /// A number in `0..n` (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PINNED_SUPPLY: u64 = 0x95c8_343b_ab53_19cb;
    const PINNED_KEY2: u64 = 0xc7e4_09d0_5c68_270e;

    #[test]
    fn hashes_are_stable_across_builds() {
        // The model's keys depend on these values: they must never change
        // silently (see the module docs).
        assert_eq!(hash_str(""), hash_str(""));
        assert_ne!(hash_str("supply"), hash_str("supplx"));
        assert_ne!(hash_str("abcdefgh"), hash_str("abcdefgh\0"));
        // Pinned values: a change here is a change of model format.
        assert_eq!(hash_str("supply"), PINNED_SUPPLY);
        assert_eq!(key2(7, 1, 2), PINNED_KEY2);
        assert_ne!(key2(1, 2, 3), key2(1, 3, 2));
        assert_ne!(key1(1, 5), key1(2, 5));
    }

    #[test]
    fn shapes_and_affixes() {
        let mut s = String::new();
        shape("Pyongyang", &mut s);
        assert_eq!(s, "Xxx");
        shape("U.S.", &mut s);
        assert_eq!(s, "X.X.");
        shape("8,000", &mut s);
        assert_eq!(s, "d,dd");
        normalise("Year 2025", &mut s);
        assert_eq!(s, "year 0000");
        normalise("İSTANBUL", &mut s);
        assert!(s.starts_with('i'));
        assert_eq!(suffix("talks", 3), "lks");
        assert_eq!(suffix("ok", 3), "ok");
        assert_eq!(suffix("año", 2), "ño");
        assert_eq!(prefix("año", 2), "añ");
        assert_eq!(prefix("a", 3), "a");
    }

    #[test]
    fn the_generator_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let mut v: Vec<u32> = (0..10).collect();
        a.shuffle(&mut v);
        let mut w: Vec<u32> = (0..10).collect();
        b.shuffle(&mut w);
        assert_eq!(v, w);
        assert_ne!(v, (0..10).collect::<Vec<_>>());
    }
}
