//! The actor gazetteer: every name, capital, seat of power, demonym and
//! official of the schema, matched over tokens, longest first.
//!
//! Matching is case-aware: an all-capitals name ("US", "UN", "DPRK") must be
//! written exactly so, so "us" is never the United States; other names
//! match when their capitalised words are capitalised in the text (or the
//! text is in capitals, as headlines sometimes are).

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxHashMap;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use crate::model::{ActorKind, Date};
use crate::schema::Schema;
use crate::text::{is_invisible, tokenize, Token};

/// How a gazetteer name refers to its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// The canonical name or another name of the actor.
    Name,
    /// A capital used as a metonym ("Pyongyang").
    Capital,
    /// A seat of power or agency ("the Kremlin").
    Seat,
    /// A region standing for its state ("the Kursk region").
    Region,
    /// A singular demonym or adjective ("North Korean"): an actor only
    /// when a title or agent noun follows.
    Adjective,
    /// A plural demonym ("Ukrainians"): an actor by itself.
    People,
    /// A named official ("Yoon Suk Yeol", "Putin").
    Person,
    /// A pronoun opening a sentence ("It", "They"), standing for the
    /// previous sentence's leading actor.
    Pronoun,
    /// A name that counts only after certain actors were named ("the South").
    Context,
    /// A phrase standing for several actors named before ("the two sides").
    Collective,
}

/// One actor of the gazetteer.
#[derive(Debug, Clone)]
pub struct GazetteerActor {
    /// Canonical name.
    pub id: String,
    /// Kind.
    pub kind: ActorKind,
}

#[derive(Debug, Clone)]
struct Entry {
    actor: usize,
    how: NameKind,
    /// Written forms of the name's tokens.
    words: Vec<String>,
    acronym: bool,
    /// Which adjacent words are written without a space ([`name_gluing`]).
    glue: Vec<bool>,
    /// When the name stands for the actor (an official's time in office):
    /// first and last day, open where `None`. Always, when `None`.
    period: Option<(Option<Date>, Option<Date>)>,
}

/// Every name as a path of word ids in a trie: one lookup per token gives
/// its word id, and from each token the trie is walked as far as the
/// sentence's words follow a name, whatever the number of names.
#[derive(Debug, Clone, Default)]
struct NameTrie {
    /// The lower-cased, diacritic-free form ([`fold`]) of every word of
    /// every name, and its id.
    words: FxHashMap<Box<str>, u32>,
    /// (node, word id) → the node reached; the root is node 0.
    edges: FxHashMap<(u32, u32), u32>,
    /// The same from the root, by word id ([`NO_NODE`] where none): every
    /// token is looked up there, few further.
    root: Vec<u32>,
    /// The names that end at each node, in the order they were defined.
    ends: Vec<Vec<Entry>>,
}

/// Word id of a token whose form no name has.
pub(crate) const NO_WORD: u32 = u32::MAX;

/// No node of the trie.
const NO_NODE: u32 = u32::MAX;

impl NameTrie {
    /// Adds a name with the given forms, unless the same actor already has
    /// the same written name there (a capital that is also a name); names
    /// that differ in case ("al Qaeda", "Al Qaeda") are both kept.
    fn insert(&mut self, norms: &[String], entry: Entry) {
        if self.ends.is_empty() {
            self.ends.push(Vec::new());
        }
        let mut node = 0;
        for n in norms {
            let next_word = self.words.len() as u32;
            let word = *self.words.entry(n.as_str().into()).or_insert(next_word);
            let next_node = self.ends.len() as u32;
            let from = node;
            node = *self.edges.entry((node, word)).or_insert(next_node);
            if node == next_node {
                self.ends.push(Vec::new());
            }
            if from == 0 {
                if self.root.len() <= word as usize {
                    self.root.resize(word as usize + 1, NO_NODE);
                }
                self.root[word as usize] = node;
            }
        }
        let here = &mut self.ends[node as usize];
        if !here.iter().any(|e| e.actor == entry.actor && e.words == entry.words && e.period == entry.period) {
            here.push(entry);
        }
    }

    /// The word id of a token's normalised form, or [`NO_WORD`].
    fn word(&self, norm: &str) -> u32 {
        self.words.get(fold(norm).as_ref()).copied().unwrap_or(NO_WORD)
    }

    /// The node reached from `node` over word `word`.
    #[inline]
    fn step(&self, node: u32, word: u32) -> Option<u32> {
        if word == NO_WORD {
            return None;
        }
        if node == 0 {
            return self.root.get(word as usize).copied().filter(|&n| n != NO_NODE);
        }
        self.edges.get(&(node, word)).copied()
    }
}

/// A name found in a sentence: tokens `start..end` name actor `actor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameHit {
    /// Index of the actor in [`Gazetteer::actors`].
    pub actor: usize,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// How the name refers to the actor.
    pub how: NameKind,
}

/// The compiled gazetteer.
///
/// ```
/// use actorgraph::{extract::Gazetteer, schema::Schema, text::tokenize};
/// let g = Gazetteer::new(&Schema::embedded().unwrap());
/// let text = "Seoul told us the US and the Kremlin agreed.";
/// let hits = g.find(text, &tokenize(text, 0, text.len()));
/// let names: Vec<&str> = hits.iter().map(|h| g.actors()[h.actor].id.as_str()).collect();
/// assert_eq!(names, ["South Korea", "United States", "Russia"]);
/// ```
#[derive(Debug, Clone)]
pub struct Gazetteer {
    actors: Vec<GazetteerActor>,
    /// One-word context names by their lower-cased word: (actor, actors one of
    /// which must have been named before).
    context: FxHashMap<String, Vec<(usize, Vec<usize>)>>,
    names: NameTrie,
}

impl Gazetteer {
    /// Compiles the gazetteer of a schema.
    pub fn new(schema: &Schema) -> Self {
        let mut g = Gazetteer { actors: Vec::new(), context: FxHashMap::default(), names: NameTrie::default() };
        let mut index: HashMap<&str, usize> = HashMap::new();
        for a in &schema.actors.actors {
            let i = g.actors.len();
            index.insert(a.id.as_str(), i);
            g.actors.push(GazetteerActor { id: a.id.clone(), kind: a.kind });
            g.add(i, &a.id, NameKind::Name);
            for n in &a.names {
                g.add(i, n, NameKind::Name);
            }
            for n in &a.capitals {
                g.add(i, n, NameKind::Capital);
            }
            for n in &a.seats {
                g.add(i, n, NameKind::Seat);
            }
            for n in &a.regions {
                g.add(i, n, NameKind::Region);
            }
            for n in &a.demonyms {
                // A plural demonym is its singular plus "s" ("Ukrainians"); the rest are adjectives.
                let plural = n.strip_suffix('s').is_some_and(|s| a.demonyms.iter().any(|d| d == s));
                g.add(i, n, if plural { NameKind::People } else { NameKind::Adjective });
            }
        }
        for (i, a) in schema.actors.actors.iter().enumerate() {
            for c in &a.context_names {
                let after = c.after.iter().filter_map(|x| index.get(x.as_str()).copied()).collect();
                g.context.entry(c.name.to_lowercase()).or_default().push((i, after));
            }
        }
        for p in &schema.actors.people {
            if let Some(&i) = index.get(p.actor.as_str()) {
                let period = (p.from.is_some() || p.until.is_some()).then_some((p.from, p.until));
                for name in std::iter::once(&p.name).chain(p.surname.iter()) {
                    g.add_for(i, name, NameKind::Person, period);
                }
            }
        }
        g
    }

    fn add(&mut self, actor: usize, name: &str, how: NameKind) {
        self.add_for(actor, name, how, None);
    }

    /// [`add`](Self::add) for a name that stands for the actor only over `period`.
    fn add_for(&mut self, actor: usize, name: &str, how: NameKind, period: Option<(Option<Date>, Option<Date>)>) {
        let toks = tokenize(name, 0, name.len());
        if toks.is_empty() {
            return;
        }
        let words: Vec<String> = toks.iter().map(|t| fold(&straight_apostrophes(t.text(name))).into_owned()).collect();
        let norms: Vec<String> = toks.iter().map(|t| fold(&t.norm).into_owned()).collect();
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        let acronym = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        let glue = name_gluing(&words);
        self.names.insert(&norms, Entry { actor, how, words, acronym, glue, period });
    }

    /// The actors, indexed by [`NameHit::actor`].
    pub fn actors(&self) -> &[GazetteerActor] {
        &self.actors
    }

    /// Finds names in `tokens` (spans into `text`), leftmost-longest, without overlaps.
    /// A name with a period (an official's time in office) counts at any
    /// date here; [`find_on`](Self::find_on) reads a dated document.
    pub fn find(&self, text: &str, tokens: &[Token]) -> Vec<NameHit> {
        self.find_on(text, tokens, None)
    }

    /// Like [`find`](Self::find), in a document of date `on`: a name stands
    /// for an actor only within its period there.
    ///
    /// ```
    /// use actorgraph::extract::Gazetteer;
    /// use actorgraph::model::Date;
    /// use actorgraph::schema::Schema;
    /// use actorgraph::text::tokenize;
    /// let actors = r#"(actors: [(id: "Gondor"), (id: "Rohan")], people: [
    ///     (name: "Grima Wormtongue", actor: "Rohan", until: "3019-03-02"),
    ///     (name: "Grima Wormtongue", actor: "Gondor", from: "3019-03-03")])"#;
    /// let g = Gazetteer::new(&Schema::from_sources(&[("actors.ron", actors)]).unwrap());
    /// let text = "Grima Wormtongue spoke.";
    /// let at = |day: &str| g.find_on(text, &tokenize(text, 0, text.len()), Date::parse(day))[0].actor;
    /// assert_eq!(g.actors()[at("3019-03-01")].id, "Rohan");
    /// assert_eq!(g.actors()[at("3019-04-01")].id, "Gondor");
    /// ```
    pub fn find_on(&self, text: &str, tokens: &[Token], on: Option<Date>) -> Vec<NameHit> {
        let mut hits = Vec::new();
        self.find_into(text, tokens, on, &mut Vec::new(), &mut hits);
        hits
    }

    /// Like [`find`](Self::find), into `hits` (cleared first); `words` is
    /// working memory. Both are the caller's so that it can reuse them.
    pub(crate) fn find_into(&self, text: &str, tokens: &[Token], on: Option<Date>, words: &mut Vec<u32>, hits: &mut Vec<NameHit>) {
        // Each token's word, looked up once: names overlap in their words.
        words.clear();
        words.extend(tokens.iter().map(|t| self.names.word(&t.norm)));
        self.find_by_words(text, tokens, words, on, hits);
    }

    /// The words of every name, lower-cased and without diacritics
    /// ([`fold`]), with their word ids: a caller that looks up each token's
    /// form in a table of its own can map it to the id here, and give
    /// [`find_by_words`](Self::find_by_words) the ids without a second lookup.
    pub(crate) fn name_words(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        self.names.words.iter().map(|(w, &id)| (&**w, id))
    }

    /// The lower-cased words that are context names ([`add_context_names`](Self::add_context_names)
    /// finds no name in a sentence without one).
    pub(crate) fn context_words(&self) -> impl Iterator<Item = &str> + '_ {
        self.context.keys().map(String::as_str)
    }

    /// Like [`find_into`](Self::find_into), where `words` already holds each
    /// token's word id ([`name_words`](Self::name_words), [`NO_WORD`] for a
    /// form no name has) for the fold of its normalised form.
    pub(crate) fn find_by_words(&self, text: &str, tokens: &[Token], words: &[u32], on: Option<Date>, hits: &mut Vec<NameHit>) {
        hits.clear();
        if self.names.ends.is_empty() {
            return;
        }
        let mut i = 0;
        while i < tokens.len() {
            // Most words start no name: they are passed over at once.
            if self.names.step(0, words[i]).is_none() {
                i += 1;
                continue;
            }
            if let Some(hit) = self.longest_at(text, tokens, words, i, on) {
                i = hit.end;
                hits.push(hit);
            } else {
                i += 1;
            }
        }
    }

    /// Adds to `hits` the context names ("the South") whose condition holds:
    /// `named(actor)` tells whether the document has named an actor. A
    /// context name must be capitalised and not followed by another
    /// capitalised word, which would make it part of a longer name ("South
    /// China Sea").
    pub fn add_context_names(&self, text: &str, tokens: &[Token], hits: &mut Vec<NameHit>, named: impl Fn(usize) -> bool) {
        if self.context.is_empty() {
            return;
        }
        let covered = |i: usize, hits: &[NameHit]| hits.iter().any(|h| h.start <= i && i < h.end);
        for (i, t) in tokens.iter().enumerate() {
            // Capitalisation first: it is cheaper than the lookup and rules out most words.
            if !t.is_capitalized(text) {
                continue;
            }
            let Some(candidates) = self.context.get(t.norm.as_str()) else { continue };
            let capitalised_next = tokens.get(i + 1).is_some_and(|n| n.kind == crate::text::TokenKind::Word && n.is_capitalized(text));
            if capitalised_next || covered(i, hits) {
                continue;
            }
            if let Some((actor, _)) = candidates.iter().find(|(_, after)| after.iter().any(|&a| named(a))) {
                hits.push(NameHit { actor: *actor, start: i, end: i + 1, how: NameKind::Context });
            }
        }
        hits.sort_by_key(|h| h.start);
    }

    /// The name that starts at token `i`: of the names whose lower-cased
    /// words follow from there, the longest whose case and spacing fit;
    /// among names of the same length, the one defined first.
    fn longest_at(&self, text: &str, tokens: &[Token], words: &[u32], i: usize, on: Option<Date>) -> Option<NameHit> {
        // Walk the trie as far as the words go; names end at some nodes on the way.
        let mut path: [u32; 8] = [0; 8];
        let mut long_path = Vec::new();
        let mut depth = 0;
        let mut node = 0;
        while let Some(next) = words.get(i + depth).and_then(|&w| self.names.step(node, w)) {
            node = next;
            if depth < path.len() {
                path[depth] = node;
            } else {
                // Names of more than eight words: rare, kept off the stack.
                if long_path.is_empty() {
                    long_path.extend_from_slice(&path);
                }
                long_path.push(node);
            }
            depth += 1;
        }
        let path = if long_path.is_empty() { &path[..depth] } else { &long_path[..] };
        // Longest first.
        path.iter().enumerate().rev().find_map(|(d, &node)| {
            let end = i + d + 1;
            let window = &tokens[i..end];
            // Tokens of a name sit next to each other as in the name ("al-Shabaab" not "al - Shabaab").
            let glued = |k: usize| window[k].end == window[k + 1].start;
            self.names.ends[node as usize].iter().find_map(|e| {
                if let (Some(day), Some((from, until))) = (on, e.period) {
                    if !day.within(from, until) {
                        return None;
                    }
                }
                for (k, t) in window.iter().enumerate() {
                    if !case_fits(&fold(t.text(text)), &e.words[k], e.acronym) {
                        return None;
                    }
                }
                if (0..window.len().saturating_sub(1)).any(|k| glued(k) != e.glue[k]) {
                    return None;
                }
                Some(NameHit { actor: e.actor, start: i, end, how: e.how })
            })
        })
    }
}

/// Drops diacritics, so "Nicolás" matches "Nicolas" and "Zelenskyy" spellings
/// differ only where they really differ. Plain ASCII is returned as is.
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfd().filter(|c| !is_combining_mark(*c)).collect())
    }
}

/// `s` with each curly apostrophe (’) made straight ('), copied only if it has one.
pub(crate) fn straight_apostrophes(s: &str) -> Cow<'_, str> {
    // (The ASCII test first: it is far cheaper than a search for a three-byte character.)
    if s.is_ascii() || !s.contains('\u{2019}') {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.replace('\u{2019}', "'"))
    }
}

/// Which adjacent tokens of a name are written without a space between them.
fn name_gluing(words: &[String]) -> Vec<bool> {
    // A hyphen, dash or apostrophe token glues to both neighbours; words are spaced.
    (0..words.len().saturating_sub(1))
        .map(|k| {
            let joiner = |w: &str| matches!(w, "-" | "–" | "—" | "'s" | "'" | "." | "/");
            joiner(&words[k]) || joiner(&words[k + 1])
        })
        .collect()
}

/// Case-aware comparison of a written token with a name's word (already equal lower-cased).
///
/// Invisible characters in the written token are dropped, as in its
/// normalised form, so "U\u{200B}S" fits the acronym "US".
fn case_fits(written: &str, word: &str, acronym: bool) -> bool {
    let written: Cow<'_, str> = if written.is_ascii() || !written.contains(|c: char| c == '\u{2019}' || is_invisible(c)) {
        Cow::Borrowed(written)
    } else {
        Cow::Owned(written.chars().filter(|c| !is_invisible(*c)).map(|c| if c == '\u{2019}' { '\'' } else { c }).collect())
    };
    if written == word {
        return true;
    }
    if acronym {
        return false;
    }
    let upper = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    // Headlines in capitals, or title case of a lower-case word of the name ("Republic Of").
    let all_caps = written.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    all_caps || !upper(word) || upper(&written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_are_straightened_and_copied_only_when_curly() {
        assert_eq!(straight_apostrophes("Côte d’Ivoire’s"), "Côte d'Ivoire's");
        assert!(matches!(straight_apostrophes("Côte d'Ivoire"), Cow::Borrowed("Côte d'Ivoire")));
    }

    fn ids(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
        let toks = tokenize(text, 0, text.len());
        g.find(text, &toks)
            .into_iter()
            .map(|h| (g.actors()[h.actor].id.clone(), text[toks[h.start].start..toks[h.end - 1].end].to_string()))
            .collect()
    }

    fn gazetteer() -> Gazetteer {
        let actors = r#"(actors: [
            (id: "United States", names: ["US", "U.S.", "America"], capitals: ["Washington"], seats: ["Pentagon"], demonyms: ["American", "Americans"]),
            (id: "North Korea", names: ["DPRK"], capitals: ["Pyongyang"], demonyms: ["North Korean", "North Koreans"]),
            (id: "South Korea", capitals: ["Seoul"], demonyms: ["South Korean"]),
            (id: "al-Shabaab", kind: ArmedGroup),
        ], people: [(name: "Kim Jong Un", actor: "North Korea", surname: "Kim Jong Un")])"#;
        Gazetteer::new(&Schema::from_sources(&[("actors.ron", actors)]).unwrap())
    }

    #[test]
    fn acronyms_are_case_sensitive() {
        let g = gazetteer();
        assert_eq!(ids(&g, "They told us that the US left."), [("United States".into(), "US".into())]);
        assert_eq!(ids(&g, "the U.S. Pentagon"), [("United States".into(), "U.S.".into()), ("United States".into(), "Pentagon".into())]);
    }

    #[test]
    fn acronyms_with_invisible_characters_match() {
        let g = gazetteer();
        assert_eq!(ids(&g, "the U\u{200B}S left"), [("United States".into(), "U\u{200B}S".into())]);
        assert_eq!(ids(&g, "the D\u{200D}PRK\u{00AD} fired"), [("North Korea".into(), "D\u{200D}PRK".into())]);
        // Still case-sensitive.
        assert!(ids(&g, "told u\u{200B}s that").is_empty());
    }

    #[test]
    fn longest_name_wins_and_hyphenated_names_need_no_spaces() {
        let g = gazetteer();
        assert_eq!(ids(&g, "North Korean troops"), [("North Korea".into(), "North Korean".into())]);
        assert_eq!(ids(&g, "al-Shabaab fighters"), [("al-Shabaab".into(), "al-Shabaab".into())]);
        assert!(ids(&g, "al - Shabaab").is_empty());
    }

    #[test]
    fn plural_demonyms_are_people() {
        let g = gazetteer();
        let toks = tokenize("Americans and North Korean", 0, 26);
        let hits = g.find("Americans and North Korean", &toks);
        assert_eq!(hits[0].how, NameKind::People);
        assert_eq!(hits[1].how, NameKind::Adjective);
    }

    #[test]
    fn context_names_need_their_context_and_stand_alone() {
        let actors = r#"(actors: [
            (id: "North Korea"),
            (id: "South Korea", context_names: [(name: "South", after: ["North Korea", "South Korea"])]),
        ])"#;
        let g = Gazetteer::new(&Schema::from_sources(&[("actors.ron", actors)]).unwrap());
        let text = "Talks with the South stalled near the South China Sea.";
        let toks = tokenize(text, 0, text.len());
        let with = |named: bool| {
            let mut hits = g.find(text, &toks);
            g.add_context_names(text, &toks, &mut hits, |a| named && a == 0);
            hits.iter().map(|h| (h.start, h.how)).collect::<Vec<_>>()
        };
        // Only after North Korea was named, and not inside "South China Sea".
        assert_eq!(with(true), [(3, NameKind::Context)]);
        assert!(with(false).is_empty());
    }

    #[test]
    fn diacritics_are_ignored() {
        let actors = r#"(actors: [(id: "Venezuela")], people: [(name: "Nicolas Maduro", actor: "Venezuela")])"#;
        let g = Gazetteer::new(&Schema::from_sources(&[("actors.ron", actors)]).unwrap());
        assert_eq!(ids(&g, "Nicolás Maduro spoke"), [("Venezuela".into(), "Nicolás Maduro".into())]);
    }

    #[test]
    fn lowercase_common_words_do_not_match_names() {
        let g = gazetteer();
        assert!(ids(&g, "a pentagon shape in washington state").is_empty());
        assert_eq!(ids(&g, "WASHINGTON (Reuters)").len(), 1);
    }
}
