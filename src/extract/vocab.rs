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
    /// A form the last word of a compiled collective phrase accepts: where
    /// none stands after a word, no collective can start there.
    pub const COLLECTIVE_LAST: u32 = 1 << 17;
    /// A context name of the gazetteer ("south"): a sentence without one
    /// needs no search for them.
    pub const CONTEXT_NAME: u32 = 1 << 18;
    /// A word of an official title ("president", "foreign").
    pub const TITLE: u32 = 1 << 19;
    /// The plural of one ("presidents").
    pub const TITLE_PLURAL: u32 = 1 << 20;
    /// An agent noun ("troops").
    pub const AGENT: u32 = 1 << 21;
    /// A word allowed inside a coordination ("now" in "and now").
    pub const FILLER: u32 = 1 << 22;
    /// A word that opens a new coordination ("both").
    pub const OPENER: u32 = 1 << 23;
    /// A form of a rule's verb.
    pub const VERB_FORM: u32 = 1 << 24;
    /// A preposition of place ("in Havana"): a capital after it is a venue.
    pub const VENUE_PREPOSITION: u32 = 1 << 25;
    /// A form of a word that carries a predicate some rule reads over the parse.
    pub const FRAME_WORD: u32 = 1 << 26;
    /// A noun that after "the" may stand for an actor named before ("the bloc").
    pub const DESCRIPTION: u32 = 1 << 27;
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
    ids: WordTable,
    flags: Vec<u32>,
}

impl Default for Vocab {
    fn default() -> Self {
        let mut v = Vocab { ids: WordTable::default(), flags: Vec::new() };
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
        let id = self.ids.get(word);
        if id != UNKNOWN {
            return id;
        }
        let id = self.ids.insert(word);
        debug_assert_eq!(id as usize, self.flags.len());
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
        self.ids.get(word)
    }

    /// The id of `word` (or [`UNKNOWN`]), and whether the word is all
    /// ASCII: packing a word for the lookup reads every byte of a short
    /// one, which tells that too, so that the one pass over a token's bytes
    /// serves both. (Inlined: it is made once for every token.)
    #[inline(always)]
    pub fn get_noting_ascii(&self, word: &str) -> (u32, bool) {
        let key = Key::of(word.as_bytes());
        let ascii = if word.len() <= Key::EXACT { (key.head | key.tail) & 0x8080_8080_8080_8080 == 0 } else { word.is_ascii() };
        (self.ids.slots[self.ids.find(word, &key)].id, ascii)
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

/// Words by id, and a hash table from word to id built for the one lookup
/// every token makes: a word of up to 16 bytes is packed, whole, into two
/// integers (its key), so that hashing it is two multiplications and
/// comparing it with a stored word three integer comparisons, with no
/// string compared byte by byte. (A general hash map spends twice as long
/// on the short words that are most of a text.)
#[derive(Debug, Clone)]
struct WordTable {
    /// Open addressing with linear probing; a power of two in length, at
    /// most half full, so that every probe sequence reaches an empty slot.
    slots: Vec<Slot>,
    /// The words end to end, by id: word `id` ends at `ends[id]` and starts
    /// where the one before ends. (One allocation for them all: a schema
    /// has thousands, and each boxed on its own cost a `malloc` and a `free`.)
    text: String,
    ends: Vec<usize>,
}

/// A slot of [`WordTable`]: a word's key (its fields side by side, so that
/// a slot takes 24 bytes) and id ([`UNKNOWN`] when empty).
#[derive(Debug, Clone, Copy)]
struct Slot {
    head: u64,
    tail: u64,
    len: u32,
    id: u32,
}

impl Slot {
    const EMPTY: Slot = Slot { head: 0, tail: 0, len: 0, id: UNKNOWN };

    /// The key of the word in the slot.
    fn key(&self) -> Key {
        Key { head: self.head, tail: self.tail, len: self.len }
    }
}

/// A word packed into integers ([`Key::of`]): equal keys mean equal words
/// for words of up to [`Key::EXACT`] bytes, and equal first and last eight
/// bytes for longer ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    head: u64,
    tail: u64,
    /// The length (truncated: longer words are compared in full anyway).
    len: u32,
}

impl Key {
    /// Words of up to this many bytes are told apart by their key alone
    /// (every byte of them is in it).
    const EXACT: usize = 16;

    /// The key of a word. The bytes read depend only on the length, and
    /// together they cover a word of up to 16 bytes (overlapping where it
    /// is shorter than what they span), so that among words of one length
    /// the key determines the word.
    #[inline(always)]
    fn of(word: &[u8]) -> Key {
        let n = word.len();
        let u64_at = |i: usize| u64::from_le_bytes(word[i..i + 8].try_into().expect("eight bytes"));
        let u32_at = |i: usize| u64::from(u32::from_le_bytes(word[i..i + 4].try_into().expect("four bytes")));
        let (head, tail) = match n {
            8.. => (u64_at(0), u64_at(n - 8)),
            4..=7 => (u32_at(0) | u32_at(n - 4) << 32, 0),
            1..=3 => (u64::from(word[0]) | u64::from(word[n / 2]) << 8 | u64::from(word[n - 1]) << 16, 0),
            0 => (0, 0),
        };
        Key { head, tail, len: n as u32 }
    }

    /// A hash of the key, its best bits highest.
    #[inline(always)]
    fn hash(&self) -> u64 {
        const K1: u64 = 0x9e37_79b9_7f4a_7c15;
        const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;
        ((self.head.wrapping_mul(K1) ^ self.tail ^ u64::from(self.len)).wrapping_mul(K2)).rotate_left(26)
    }
}

impl Default for WordTable {
    fn default() -> Self {
        WordTable { slots: vec![Slot::EMPTY; 64], text: String::new(), ends: Vec::new() }
    }
}

impl WordTable {
    /// The slot where `word` (with key `key`) is, or the empty slot where it would go.
    #[inline(always)]
    fn find(&self, word: &str, key: &Key) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = key.hash() as usize & mask;
        loop {
            let slot = &self.slots[i];
            if slot.id == UNKNOWN || (slot.key() == *key && (word.len() <= Key::EXACT || self.is(slot.id, word))) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether word `id` is `word` (for words longer than their key; out of
    /// line, as they are few).
    #[inline(never)]
    fn is(&self, id: u32, word: &str) -> bool {
        self.word(id) == word
    }

    /// Word `id` (which must be in the table).
    fn word(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    /// The id of `word`, or [`UNKNOWN`].
    #[inline(always)]
    fn get(&self, word: &str) -> u32 {
        let key = Key::of(word.as_bytes());
        self.slots[self.find(word, &key)].id
    }

    /// Adds `word`, which must not be in the table yet, and returns its id.
    fn insert(&mut self, word: &str) -> u32 {
        let id = u32::try_from(self.ends.len()).expect("fewer than 2^32 words");
        assert!(id != UNKNOWN, "vocabulary full");
        if 2 * (self.ends.len() + 1) > self.slots.len() {
            // Twice as many slots, and every word placed again.
            let grown = vec![Slot::EMPTY; 2 * self.slots.len()];
            let old = std::mem::replace(&mut self.slots, grown);
            for slot in old.into_iter().filter(|s| s.id != UNKNOWN) {
                let i = self.find(self.word(slot.id), &slot.key());
                self.slots[i] = slot;
            }
        }
        let key = Key::of(word.as_bytes());
        let i = self.find(word, &key);
        debug_assert_eq!(self.slots[i].id, UNKNOWN, "{word:?} is new");
        self.slots[i] = Slot { head: key.head, tail: key.tail, len: key.len, id };
        self.text.push_str(word);
        self.ends.push(self.text.len());
        id
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

    #[test]
    fn a_lookup_tells_whether_the_word_is_ascii() {
        let mut v = Vocab::default();
        v.intern("kyiv");
        // A non-ASCII byte at every position of words of every length.
        for n in 0..40 {
            for at in 0..=n {
                let mut w: String = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"[..n].to_string();
                if at < n {
                    w.replace_range(at..at + 1, "é");
                }
                assert_eq!(v.get_noting_ascii(&w), (v.get(&w), w.is_ascii()), "{w:?}");
            }
        }
        assert_eq!(v.get_noting_ascii("kyiv"), (v.get("kyiv"), true));
        assert_eq!(v.get_noting_ascii("—"), (EM_DASH, false));
    }

    #[test]
    fn word_table_tells_apart_words_of_every_length() {
        // Words that share their first and last bytes, at the lengths where
        // the key reads different bytes, and past the length it covers whole.
        let mut words: Vec<String> = Vec::new();
        for n in 0..=40 {
            for middle in ['a', 'b', 'é'] {
                let mut w: String = (0..n).map(|k| char::from(b'a' + (k % 26) as u8)).collect();
                if n >= 3 {
                    let at = (n / 2).min(w.len() - 2);
                    w.replace_range(at..at + 1, &middle.to_string());
                }
                words.push(w);
            }
        }
        words.extend(["'s", "'", ",", "the", "thé", "sides", "side", "south korea", "\u{2014}"].map(String::from));
        words.sort();
        words.dedup();
        let mut t = WordTable::default();
        let mut map = std::collections::HashMap::new();
        for (k, w) in words.iter().enumerate() {
            // Every other word only, so that lookups of absent ones are tried too.
            if k % 2 == 0 {
                assert_eq!(t.get(w), UNKNOWN);
                map.insert(w.clone(), t.insert(w));
            }
        }
        for w in &words {
            assert_eq!(t.get(w), map.get(w).copied().unwrap_or(UNKNOWN), "{w:?}");
        }
        for (w, &id) in &map {
            assert_eq!(t.word(id), w.as_str());
        }
    }
}
