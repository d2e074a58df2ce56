//! Interned word forms: every word the extractor compares a token with
//! (rule words and their inflections, word classes, modality cues, lexicon
//! lists) gets a small integer id once, at compile time. Each token's
//! normalised form is looked up once per sentence; from then on, matching
//! compares integers and reads per-word flags from a table.
//!
//! A token whose form no rule or list mentions gets [`UNKNOWN`], which
//! equals no word of any rule, exactly as its string equals none.

/// The id of a word that the schema never mentions.
pub(crate) const UNKNOWN: u32 = u32::MAX;

/// Hash maps keyed by words or ids, with the fast non-cryptographic Fx
/// hash: the vocabulary is built from the schema, not from untrusted
/// input, and lookups of input words only read it.
pub(crate) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Flags of a word, read from the vocabulary's table.
pub(crate) mod flag {
    /// Punctuation that always ends a clause (`.`, `;`, `(`, …).
    pub const HARD_BREAK: u32 = 1 << 0;
    /// A clause break of the lexicon ("that", "said").
    pub const SOFT_BREAK: u32 = 1 << 1;
    /// A subject pronoun.
    pub const PRONOUN: u32 = 1 << 2;
    /// A relative pronoun.
    pub const RELATIVE: u32 = 1 << 3;
    /// A preposition.
    pub const PREPOSITION: u32 = 1 << 4;
    /// A determiner.
    pub const DETERMINER: u32 = 1 << 5;
    /// A conjunction.
    pub const CONJUNCTION: u32 = 1 << 6;
    /// A subordinator ("as", "while").
    pub const SUBORDINATOR: u32 = 1 << 7;
    /// A pronoun that may open a sentence ("It", "They").
    pub const OPENING_PRONOUN: u32 = 1 << 8;
    /// An infinitive marker ("to").
    pub const INFINITIVE: u32 = 1 << 9;
    /// The first word of a list head ("nations like"): the only tokens where one is tried.
    pub const LIST_HEAD_START: u32 = 1 << 10;
    /// The first word of a negation cue ("not", "no").
    pub const NEGATION_START: u32 = 1 << 11;
    /// The first word of a hypothetical cue ("could", "plans to").
    pub const HYPOTHETICAL_START: u32 = 1 << 12;
    /// The first word of a conditional cue ("if", "in case").
    pub const CONDITIONAL_START: u32 = 1 << 13;
    /// The first word of a place that is no actor ("Latin America").
    pub const NOT_ACTOR_START: u32 = 1 << 14;
    /// The first word of a collective ("the two sides").
    pub const COLLECTIVE_START: u32 = 1 << 15;
    /// The last word of a collective ("sides" in "the two sides").
    pub const COLLECTIVE_END: u32 = 1 << 16;
}

/// Words interned first, in this order, so that their ids are constants.
const FIXED: [&str; 15] = ["'s", "'", "-", "\u{2013}", "\u{2014}", ",", ".", ";", ":", "?", "!", "(", ")", "[", "]"];
/// Id of the possessive "'s".
pub(crate) const POSSESSIVE_S: u32 = 0;
/// Id of a bare apostrophe.
pub(crate) const APOSTROPHE: u32 = 1;
/// Id of a hyphen.
pub(crate) const HYPHEN: u32 = 2;
/// Id of an en dash.
pub(crate) const EN_DASH: u32 = 3;
/// Id of an em dash.
pub(crate) const EM_DASH: u32 = 4;
/// Id of a comma.
pub(crate) const COMMA: u32 = 5;
/// Punctuation that always ends a clause: `. ; : ? ! ( ) [ ]`.
pub(crate) const HARD_BREAKS: [&str; 9] = [".", ";", ":", "?", "!", "(", ")", "[", "]"];

/// The interned words of a compiled schema.
#[derive(Debug, Clone)]
pub(crate) struct Vocab {
    ids: FxMap<Box<str>, u32>,
    flags: Vec<u32>,
}

impl Default for Vocab {
    fn default() -> Self {
        let mut v = Vocab { ids: FxMap::default(), flags: Vec::new() };
        for w in FIXED {
            v.intern(w);
        }
        for w in HARD_BREAKS {
            v.mark(w, flag::HARD_BREAK);
        }
        debug_assert_eq!(v.get(","), COMMA);
        debug_assert_eq!(v.get("\u{2014}"), EM_DASH);
        v
    }
}

impl Vocab {
    /// The id of `word`, adding it when new.
    pub fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.flags.len()).expect("fewer than 2^32 words");
        assert!(id != UNKNOWN, "vocabulary full");
        self.ids.insert(word.into(), id);
        self.flags.push(0);
        id
    }

    /// Interns `word` and sets `flags` on it.
    pub fn mark(&mut self, word: &str, flags: u32) {
        let id = self.intern(word);
        self.flags[id as usize] |= flags;
    }

    /// Sets `flags` on the word with id `id` (which must be interned).
    pub fn mark_id(&mut self, id: u32, flags: u32) {
        self.flags[id as usize] |= flags;
    }

    /// The id of `word`, or [`UNKNOWN`].
    #[inline]
    pub fn get(&self, word: &str) -> u32 {
        self.ids.get(word).copied().unwrap_or(UNKNOWN)
    }

    /// The flags of a word id (none for [`UNKNOWN`]).
    #[inline]
    pub fn flags(&self, id: u32) -> u32 {
        self.flags.get(id as usize).copied().unwrap_or(0)
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.flags.len()
    }
}

/// A set of word ids, small and sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IdSet(Box<[u32]>);

impl IdSet {
    /// The ids of `words`, interned.
    pub fn of<'a>(vocab: &mut Vocab, words: impl IntoIterator<Item = &'a String>) -> IdSet {
        let mut ids: Vec<u32> = words.into_iter().map(|w| vocab.intern(w)).collect();
        ids.sort_unstable();
        ids.dedup();
        IdSet(ids.into_boxed_slice())
    }

    /// True when `id` is in the set ([`UNKNOWN`] never is).
    #[inline]
    pub fn contains(&self, id: u32) -> bool {
        if self.0.len() <= 8 {
            self.0.contains(&id)
        } else {
            self.0.binary_search(&id).is_ok()
        }
    }

    /// The ids.
    pub fn ids(&self) -> &[u32] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable_and_unknown_words_match_nothing() {
        let mut v = Vocab::default();
        assert_eq!((v.get("'s"), v.get("'"), v.get("-"), v.get("–"), v.get("—"), v.get(",")), (POSSESSIVE_S, APOSTROPHE, HYPHEN, EN_DASH, EM_DASH, COMMA));
        let a = v.intern("supply");
        assert_eq!(v.intern("supply"), a);
        v.mark("the", flag::DETERMINER);
        assert_eq!(v.flags(v.get("the")), flag::DETERMINER);
        assert_eq!(v.get("zebra"), UNKNOWN);
        assert_eq!(v.flags(UNKNOWN), 0);
        let set = IdSet::of(&mut v, &["supply".to_string(), "supplies".to_string()]);
        assert!(set.contains(a) && !set.contains(UNKNOWN));
    }
}
