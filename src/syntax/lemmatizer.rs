//! The lemmatizer: edit rules learned from the treebank.
//!
//! A rule says how a word becomes its lemma: keep or lower its case, strip
//! so many characters from its end, append a string ("supplied" → lower,
//! strip 3, append "y" → "supply"). Words of the training data keep the
//! rule they had there (with their tag: "saw" as a verb and as a noun
//! differ); an unseen word takes the commonest rule of the longest ending
//! it shares, with its tag, with words of the training data.

use rustc_hash::FxHashMap;

use super::features::{hash_str, key2, normalise, suffix};
use super::model::{Reader, Writer};
use super::SyntaxError;

/// How a form becomes its lemma.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct EditRule {
    lower: bool,
    strip: u8,
    append: String,
}

impl EditRule {
    /// The rule that turns `form` into `lemma`, the shortest edit of the
    /// two choices of case (lowering it when both are as short, so that "The" and "the" share a rule).
    pub(crate) fn between(form: &str, lemma: &str) -> EditRule {
        let lower = form.to_lowercase();
        let keep = Self::from_base(form, lemma, false);
        let low = Self::from_base(&lower, lemma, true);
        if low.cost() <= keep.cost() {
            low
        } else {
            keep
        }
    }

    fn from_base(base: &str, lemma: &str, lower: bool) -> EditRule {
        let common: usize = base.chars().zip(lemma.chars()).take_while(|(a, b)| a == b).count();
        let strip = base.chars().count() - common;
        let append: String = lemma.chars().skip(common).collect();
        EditRule { lower, strip: strip.min(255) as u8, append }
    }

    fn cost(&self) -> usize {
        usize::from(self.strip) + self.append.chars().count()
    }

    /// Can the rule apply to `form` (does it have the characters to strip)?
    fn fits(&self, form: &str) -> bool {
        form.chars().count() >= usize::from(self.strip)
    }

    /// Writes the lemma of `form` onto `out`.
    pub(crate) fn apply(&self, form: &str, out: &mut String) {
        let start = out.len();
        if self.lower {
            out.extend(form.chars().flat_map(char::to_lowercase));
        } else {
            out.push_str(form);
        }
        for _ in 0..self.strip {
            if out.len() > start {
                out.pop();
            }
        }
        out.push_str(&self.append);
    }
}

/// The longest word ending the lemmatizer learns rules for.
const MAX_ENDING: usize = 5;

/// A trained lemmatizer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lemmatizer {
    rules: Vec<EditRule>,
    /// (normalised form, tag class) → rule, for the words of the training data.
    words: FxHashMap<u64, u32>,
    /// (ending, tag class) → rule, for words not seen.
    endings: FxHashMap<u64, u32>,
}

#[inline]
fn word_key(norm: &str, class: u16) -> u64 {
    key2(300, hash_str(norm), u64::from(class))
}

#[inline]
fn ending_key(ending: &str, class: u16) -> u64 {
    key2(301, hash_str(ending), u64::from(class))
}

impl Lemmatizer {
    /// Learns from (form, tag class, lemma) triples; endings seen fewer
    /// than `min_count` times make no rule.
    pub(crate) fn train<'a>(examples: impl Iterator<Item = (&'a str, u16, &'a str)>, min_count: u32) -> Lemmatizer {
        let mut rule_ids: FxHashMap<EditRule, u32> = FxHashMap::default();
        let mut rules = Vec::new();
        let mut by_word: FxHashMap<u64, FxHashMap<u32, u32>> = FxHashMap::default();
        let mut by_ending: FxHashMap<u64, FxHashMap<u32, u32>> = FxHashMap::default();
        let mut norm = String::new();
        for (form, class, lemma) in examples {
            if lemma == "_" {
                continue;
            }
            let rule = EditRule::between(form, lemma);
            let id = *rule_ids.entry(rule.clone()).or_insert_with(|| {
                rules.push(rule);
                (rules.len() - 1) as u32
            });
            normalise(form, &mut norm);
            *by_word.entry(word_key(&norm, class)).or_default().entry(id).or_default() += 1;
            for n in 0..=MAX_ENDING.min(norm.chars().count()) {
                *by_ending.entry(ending_key(suffix(&norm, n), class)).or_default().entry(id).or_default() += 1;
            }
        }
        let top = |counts: &FxHashMap<u32, u32>| counts.iter().max_by_key(|&(id, n)| (*n, std::cmp::Reverse(*id))).map(|(&id, &n)| (id, n));
        let words = by_word.iter().filter_map(|(&k, c)| top(c).map(|(id, _)| (k, id))).collect();
        let endings = by_ending.iter().filter_map(|(&k, c)| top(c).filter(|&(_, n)| n >= min_count).map(|(id, _)| (k, id))).collect();
        Lemmatizer { rules, words, endings }
    }

    /// Writes the lemma of `form`, tagged `class`, onto `out`.
    pub(crate) fn lemma(&self, form: &str, class: u16, norm: &mut String, out: &mut String) {
        normalise(form, norm);
        let rule = self.words.get(&word_key(norm, class)).or_else(|| {
            (0..=MAX_ENDING.min(norm.chars().count()))
                .rev()
                .filter_map(|n| self.endings.get(&ending_key(suffix(norm, n), class)))
                .find(|&&id| self.rules[id as usize].fits(form))
        });
        match rule {
            Some(&id) if self.rules[id as usize].fits(form) => self.rules[id as usize].apply(form, out),
            _ => out.push_str(form),
        }
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        out.varint(self.rules.len() as u64);
        for r in &self.rules {
            out.varint(u64::from(r.lower));
            out.varint(u64::from(r.strip));
            out.str(&r.append);
        }
        for map in [&self.words, &self.endings] {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort();
            out.varint(entries.len() as u64);
            for (k, id) in entries {
                out.varint(*k);
                out.varint(u64::from(*id));
            }
        }
    }

    pub(crate) fn read(input: &mut Reader) -> Result<Self, SyntaxError> {
        let n = input.len("the lemmatizer's rules")?;
        let mut rules = Vec::with_capacity(n);
        for _ in 0..n {
            let lower = input.varint()? != 0;
            let strip = u8::try_from(input.varint()?).map_err(|_| input.error("a lemma rule strips too much"))?;
            rules.push(EditRule { lower, strip, append: input.str()?.to_string() });
        }
        let mut maps = [FxHashMap::default(), FxHashMap::default()];
        for map in &mut maps {
            let n = input.len("the lemmatizer's table")?;
            for _ in 0..n {
                let k = input.varint()?;
                let id = input.varint()?;
                if id >= rules.len() as u64 {
                    return Err(input.error("a lemma rule beyond the rules"));
                }
                map.insert(k, id as u32);
            }
        }
        let [words, endings] = maps;
        Ok(Lemmatizer { rules, words, endings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lemma(l: &Lemmatizer, form: &str, class: u16) -> String {
        let (mut norm, mut out) = (String::new(), String::new());
        l.lemma(form, class, &mut norm, &mut out);
        out
    }

    #[test]
    fn rules_are_the_shortest_edit() {
        let r = EditRule::between("Supplied", "supply");
        assert_eq!(r, EditRule { lower: true, strip: 3, append: "y".into() });
        let mut out = String::new();
        r.apply("Denied", &mut out);
        assert_eq!(out, "deny");
        assert_eq!(EditRule::between("Kyiv", "Kyiv"), EditRule { lower: false, strip: 0, append: String::new() });
        assert_eq!(EditRule::between("met", "meet").cost(), 3);
    }

    #[test]
    fn unseen_words_take_the_rule_of_their_ending() {
        const VERB: u16 = 1;
        const NOUN: u16 = 2;
        let data = [
            ("supplied", VERB, "supply"),
            ("denied", VERB, "deny"),
            ("carried", VERB, "carry"),
            ("talks", NOUN, "talk"),
            ("ships", NOUN, "ship"),
            ("went", VERB, "go"),
            ("Talks", VERB, "talk"),
        ];
        let l = Lemmatizer::train(data.iter().copied(), 2);
        assert_eq!(lemma(&l, "went", VERB), "go", "a known word keeps its own rule");
        assert_eq!(lemma(&l, "Worried", VERB), "worry", "an unseen word takes its ending's rule");
        assert_eq!(lemma(&l, "tanks", NOUN), "tank");
        assert_eq!(lemma(&l, "Seoul", 9), "Seoul", "no rule: the form itself");
        let mut w = Writer::default();
        l.write(&mut w);
        let bytes = w.into_bytes();
        let back = Lemmatizer::read(&mut Reader::new(&bytes)).unwrap();
        assert_eq!(lemma(&back, "Worried", VERB), "worry");
    }
}
