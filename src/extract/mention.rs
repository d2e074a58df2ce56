//! From gazetteer hits to actor mentions and coordinated groups.
//!
//! A hit becomes a mention, and a mention grows over what names an official
//! or a body of its actor: "South Korean President Yoon Suk Yeol", "Japan's
//! foreign minister, Takeshi Iwaya", "North Korean troops". A singular
//! adjective alone ("Ukrainian counterpart" has a title, "Ukrainian grain"
//! has none) is not an actor. Mentions joined by commas, conjunctions or a
//! hyphen form one group ("Japan, the US and South Korea").


use rustc_hash::FxHashSet;
use tinyvec::TinyVec;

use super::gazetteer::{NameHit, NameKind};
use super::vocab::{flag, Vocab};
use crate::text::{Token, TokenKind};

/// An actor named in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    /// Index of the actor in the gazetteer.
    pub actor: usize,
    /// First token of the whole mention ("South Korean President Yoon").
    pub start: usize,
    /// One past its last token.
    pub end: usize,
    /// How the core name refers to the actor.
    pub how: NameKind,
    /// A bare adjective ("Venezuelan oil shipments"): it names an actor for
    /// nominal rules only, and verb rules read past it.
    pub weak: bool,
}

/// Coordinated mentions that fill one slot together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorGroup {
    /// Indices into the sentence's mentions.
    pub members: Vec<usize>,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// Word lists that shape mentions and groups. Mentions and groups read them
/// as flags of each token's word ([`MentionWords::mark`]), not as sets of strings.
#[derive(Debug, Clone, Default)]
pub struct MentionWords {
    /// Words of official titles, lower-cased ("president", "foreign", "minister").
    pub title_words: FxHashSet<String>,
    /// Agent nouns ("troops", "government").
    pub agents: FxHashSet<String>,
    /// Coordinating words ("and", "or").
    pub conjunctions: FxHashSet<String>,
    /// Determiners skipped inside a coordination ("the").
    pub determiners: FxHashSet<String>,
    /// Other words allowed inside a coordination ("as well as", "and now").
    pub fillers: FxHashSet<String>,
    /// Words that open a new coordination ("both", "either").
    pub openers: FxHashSet<String>,
    /// Prepositions: never a modifier inside a mention ("met with representatives of").
    pub prepositions: FxHashSet<String>,
    /// Every form of every rule verb: a capitalised one after a title is a
    /// headline's verb, not a person's name ("U.S. Envoy Visits Seoul").
    pub verb_forms: FxHashSet<String>,
}

impl MentionWords {
    /// Each word of the lists with the flag it sets; a title's plural
    /// ("ministers") is flagged apart, so that no token's form is cut to find it.
    fn lists(&self) -> Vec<(String, u32)> {
        let mut all = Vec::new();
        for (words, f) in [
            (&self.title_words, flag::TITLE),
            (&self.agents, flag::AGENT),
            (&self.conjunctions, flag::CONJUNCTION),
            (&self.determiners, flag::DETERMINER),
            (&self.fillers, flag::FILLER),
            (&self.openers, flag::OPENER),
            (&self.prepositions, flag::PREPOSITION),
            (&self.verb_forms, flag::VERB_FORM),
        ] {
            all.extend(words.iter().map(|w| (w.clone(), f)));
        }
        all.extend(self.title_words.iter().map(|w| (format!("{w}s"), flag::TITLE_PLURAL)));
        all
    }

    /// Flags the words of the lists in `vocab`: [`compose_mentions`] and
    /// [`group_mentions`] read each token's flags from there.
    pub(crate) fn mark(&self, vocab: &mut Vocab) {
        for (w, f) in self.lists() {
            vocab.mark(&w, f);
        }
    }

    /// The flags of each token, from the lists themselves (what `vocab`
    /// gives after [`MentionWords::mark`], for tests).
    #[cfg(test)]
    pub(crate) fn flags_of(&self, tokens: &[Token]) -> Vec<u32> {
        let all = self.lists();
        tokens.iter().map(|t| all.iter().filter(|(w, _)| *w == t.norm).fold(0, |acc, (_, f)| acc | f)).collect()
    }
}

/// True when a word may modify a title or agent noun inside a mention:
/// not a verb, determiner, conjunction or preposition.
fn can_modify(flags: u32) -> bool {
    flags & (flag::VERB_FORM | flag::DETERMINER | flag::CONJUNCTION | flag::PREPOSITION) == 0
}

/// Builds mentions from hits, into `mentions` (cleared first). `flags` are
/// the tokens' word flags ([`MentionWords::mark`]).
pub fn compose_mentions(text: &str, tokens: &[Token], flags: &[u32], hits: &[NameHit], mentions: &mut Vec<ActorMention>) {
    mentions.clear();
    let hits_at = HitsAt(hits);
    // First, how far each hit extends over a title or agent noun.
    let extents: TinyVec<[Option<usize>; 16]> = hits
        .iter()
        .map(|h| {
            let mut after = h.end;
            let possessive = tokens.get(after).is_some_and(|t| t.norm == "'s" || t.norm == "'") && h.how != NameKind::Person;
            if possessive {
                after += 1;
            }
            // Modifiers before the noun ("special forces") only where an adjective or possessive leads.
            let modifiers = if possessive || matches!(h.how, NameKind::Adjective | NameKind::People) { 2 } else { 0 };
            extend_title(text, tokens, flags, after, modifiers, &hits_at, h.actor)
        })
        .collect();
    // An adjective without a noun of its own may share the noun of the next
    // coordinated actor: "Israeli and Hamas negotiators", "U.S. and Iraqi troops".
    let mut keep: TinyVec<[bool; 16]> = std::iter::repeat(false).take(hits.len()).collect();
    for i in (0..hits.len()).rev() {
        keep[i] = hits[i].how != NameKind::Adjective
            || extents[i].is_some()
            || (i + 1 < hits.len() && keep[i + 1] && coordinated_adjacent(tokens, flags, hits[i].end, hits[i + 1].start)
                && (extents[i + 1].is_some() || hits[i + 1].how != NameKind::Adjective || shares_noun(&hits[i + 1..], &extents[i + 1..], tokens, flags)));
    }
    let mut covered_until = 0;
    for (i, h) in hits.iter().enumerate() {
        if h.start < covered_until {
            continue;
        }
        let end = extents[i].unwrap_or(h.end);
        let start = extend_left(text, tokens, flags, h, covered_until);
        covered_until = end;
        mentions.push(ActorMention { actor: h.actor, start, end, how: h.how, weak: !keep[i] });
    }
}

/// The hits of a sentence by their first token. Hits come sorted by
/// start, so a binary search finds one without building a map; of hits
/// with the same start (none in practice), the last is found, as a map
/// built from them in order would keep.
#[derive(Clone, Copy)]
struct HitsAt<'a>(&'a [NameHit]);

impl<'a> HitsAt<'a> {
    /// The hit that starts at token `i`.
    fn get(&self, i: usize) -> Option<&'a NameHit> {
        debug_assert!(self.0.windows(2).all(|w| w[0].start <= w[1].start));
        let after = self.0.partition_point(|h| h.start <= i);
        after.checked_sub(1).map(|k| &self.0[k]).filter(|h| h.start == i)
    }
}

/// Whether token `k` is a title word that can head a title, or a title's plural.
fn is_title(tokens: &[Token], flags: &[u32], k: usize) -> bool {
    flags[k] & flag::TITLE != 0 && !TITLE_CONNECTIVES.contains(&tokens[k].norm.as_str()) || flags[k] & flag::TITLE_PLURAL != 0
}

/// Extends a mention leftwards over what names its holder: the title
/// before a person ("Shiite cleric Muqtada al-Sadr") and an "X of" head
/// ("the presidents of France", "representatives of the cleric", "delegates at the conference").
fn extend_left(text: &str, tokens: &[Token], flags: &[u32], h: &NameHit, floor: usize) -> usize {
    let mut start = h.start;
    if h.how == NameKind::Person {
        // Up to three words before the name, one of them a title, the others
        // modifiers ("radical Shiite cleric Muqtada al-Sadr"); never a verb or
        // a determiner.
        let mut k = start;
        let mut titled = false;
        while k > floor && start - k < 3 {
            let t = &tokens[k - 1];
            let modifier = t.kind == TokenKind::Word
                && can_modify(flags[k - 1])
                && (t.is_capitalized(text) || t.norm.chars().all(char::is_lowercase));
            if !modifier {
                break;
            }
            titled |= is_title(tokens, flags, k - 1);
            k -= 1;
        }
        if titled {
            // Keep only as far left as the words stay plausible modifiers of the title.
            start = k;
        }
    }
    // "X of (the) NAME" where X is a title or agent noun ("the presidents of
    // France", "representatives of the cleric"), and "X at NAME" where X is a
    // title ("delegates at Iraq's National Conference"); not "in" or "from",
    // which rules read ("troops in Russia", "ambassador from Mexico").
    let mut k = start;
    if k > floor && flags[k - 1] & flag::DETERMINER != 0 {
        k -= 1;
    }
    if k >= floor + 2 && matches!(tokens[k - 1].norm.as_str(), "of" | "at") {
        let agent = tokens[k - 1].norm == "of" && flags[k - 2] & flag::AGENT != 0;
        if agent || is_title(tokens, flags, k - 2) {
            start = k - 2;
            // One lower-case modifier of the head: "leftist rebels of the FARC".
            if let Some(m) = start.checked_sub(1).filter(|&m| m >= floor) {
                let t = &tokens[m];
                let modifier = t.kind == TokenKind::Word && t.norm.chars().all(char::is_lowercase) && can_modify(flags[m]);
                if modifier {
                    start -= 1;
                }
            }
        }
    }
    start
}

/// True when only a comma or conjunction stands between two hits.
fn coordinated_adjacent(tokens: &[Token], flags: &[u32], from: usize, to: usize) -> bool {
    to > from && to - from <= 2 && (from..to).all(|k| tokens[k].norm == "," || flags[k] & flag::CONJUNCTION != 0)
}

/// True when the chain of coordinated hits starting at `hits[0]` ends in one with a noun.
fn shares_noun(hits: &[NameHit], extents: &[Option<usize>], tokens: &[Token], flags: &[u32]) -> bool {
    for k in 0..hits.len() {
        if extents[k].is_some() {
            return true;
        }
        if k + 1 >= hits.len() || !coordinated_adjacent(tokens, flags, hits[k].end, hits[k + 1].start) {
            return false;
        }
    }
    false
}

/// Words of multi-word titles that only join other title words.
const TITLE_CONNECTIVES: [&str; 5] = ["of", "the", "for", "and", "on"];

/// Extends over a title or agent noun and the name of the person that
/// follows: "President Yoon Suk Yeol", "foreign minister, Takeshi Iwaya,",
/// "special forces". Returns the new end when a title or agent noun was found.
fn extend_title(
    text: &str,
    tokens: &[Token],
    flags: &[u32],
    from: usize,
    max_modifiers: usize,
    hits_at: &HitsAt<'_>,
    actor: usize,
) -> Option<usize> {
    let mut i = from;
    let mut found = false;
    let mut titled = false;
    let mut last_good = from;
    // A few modifiers before an agent noun ("armed forces", "special operations forces").
    let mut modifiers = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.kind != TokenKind::Word {
            break;
        }
        if flags[i] & flag::AGENT != 0 {
            found = true;
            titled = false;
            i += 1;
            last_good = i;
            // Agent nouns end the mention ("troops"), unless a title continues ("army chief").
            continue;
        }
        if flags[i] & flag::TITLE != 0 {
            // Connectives inside titles ("Secretary of State") continue a title but never start one.
            if TITLE_CONNECTIVES.contains(&t.norm.as_str()) {
                if !found {
                    break;
                }
                i += 1;
                continue;
            }
            found = true;
            titled = true;
            i += 1;
            last_good = i;
            continue;
        }
        if !found && modifiers < max_modifiers && t.norm.chars().all(char::is_lowercase) && hits_at.get(i).is_none() {
            modifiers += 1;
            i += 1;
            continue;
        }
        break;
    }
    if !found {
        return None;
    }
    if !titled {
        return Some(last_good); // "troops", "government": no name follows an agent noun
    }
    // A person's name after the title: capitalised words, possibly as an apposition in commas.
    let mut j = last_good;
    let comma = tokens.get(j).is_some_and(|t| t.norm == ",");
    if comma {
        j += 1;
    }
    let name_start = j;
    while j < tokens.len() && j - name_start < 5 {
        // The official's name may be a known person of the same actor: "Russian President Vladimir Putin".
        if let Some(h) = hits_at.get(j) {
            if h.how == NameKind::Person && h.actor == actor && j == name_start {
                j = h.end;
            }
            break;
        }
        let t = &tokens[j];
        let glued_dash = t.kind == TokenKind::Punct
            && matches!(t.norm.as_str(), "-" | "–")
            && j > name_start
            && tokens[j - 1].end == t.start;
        // The lower-case half of a hyphenated given name counts too: "Choe Son-hui", "Cho Tae-yeol".
        let after_glued_dash = j > name_start
            && matches!(tokens[j - 1].norm.as_str(), "-" | "–")
            && tokens[j - 1].end == t.start;
        let name_word = t.kind == TokenKind::Word
            && (t.is_capitalized(text) || after_glued_dash)
            && flags[j] & flag::VERB_FORM == 0;
        if name_word || glued_dash {
            j += 1;
        } else if j > name_start && tokens[j - 1].kind == TokenKind::Punct {
            j -= 1;
            break;
        } else {
            break;
        }
    }
    if j > name_start {
        // Take the closing comma of an apposition along.
        if comma && tokens.get(j).is_some_and(|t| t.norm == ",") {
            j += 1;
        }
        return Some(j);
    }
    Some(last_good)
}

/// How two neighbouring mentions are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Join {
    /// Not coordinated.
    #[default]
    No,
    /// Only a comma: a list in a headline, or an apposition in running text.
    Comma,
    /// A conjunction ("and", "or", ", and").
    Conjunction,
    /// A hyphen without spaces ("Pyongyang-Moscow").
    Dash,
}

/// Groups coordinated mentions ("Japan, the US and South Korea";
/// "Pyongyang-Moscow"), into `groups` (cleared first). Members' vectors
/// are taken from `spare` (and vectors no longer needed put back), so
/// that a caller that recycles them allocates none.
///
/// Commas alone list actors only in headlines ("Japan, US, South Korea
/// unite"); in running text "Moscow, U.S. officials said" is not a list, so
/// a comma joins only on the way to a conjunction, and a comma after the
/// conjunction ends the list.
pub fn group_mentions(tokens: &[Token], flags: &[u32], mentions: &[ActorMention], groups: &mut Vec<ActorGroup>, spare: &mut Vec<Vec<usize>>) {
    spare.extend(groups.drain(..).map(|g| g.members));
    let headline = !tokens
        .last()
        .is_some_and(|t| matches!(t.norm.as_str(), "." | "!" | "?" | "\"" | "”" | "'" | ")"));
    let mut joins_of_last: TinyVec<[Join; 8]> = TinyVec::new();
    let single = |spare: &mut Vec<Vec<usize>>, m: usize| {
        let mut members = spare.pop().unwrap_or_default();
        members.clear();
        members.push(m);
        ActorGroup { members, start: mentions[m].start, end: mentions[m].end }
    };
    let close = |groups: &mut Vec<ActorGroup>, joins: &mut TinyVec<[Join; 8]>, spare: &mut Vec<Vec<usize>>| {
        if let Some(last) = groups.last_mut() {
            // A comma-only list in running text, or of two in a headline ("from
            // BRICS, South Korea mulls"): split it back into single mentions.
            let comma_only = !joins.is_empty() && joins.iter().all(|j| *j == Join::Comma);
            if comma_only && (!headline || joins.len() < 2) {
                let members = std::mem::take(&mut last.members);
                groups.pop();
                for &m in &members {
                    groups.push(single(spare, m));
                }
                spare.push(members);
            } else {
                // "the Revolutionary Armed Forces of Colombia, or FARC": one actor named twice.
                let mut seen: TinyVec<[usize; 8]> = TinyVec::new();
                last.members.retain(|&m| {
                    let fresh = !seen.contains(&mentions[m].actor);
                    seen.push(mentions[m].actor);
                    fresh
                });
            }
        }
        joins.clear();
    };
    for (m_idx, m) in mentions.iter().enumerate() {
        if let Some(last) = groups.last() {
            let same_weight = mentions[*last.members.last().expect("groups have members")].weak == m.weak;
            let join = if same_weight { joins(tokens, flags, last.end, m.start) } else { Join::No };
            let after_conjunction = joins_of_last.contains(&Join::Conjunction);
            if join != Join::No && !(join == Join::Comma && after_conjunction) {
                let last = groups.last_mut().expect("checked above");
                last.members.push(m_idx);
                last.end = m.end;
                joins_of_last.push(join);
                continue;
            }
        }
        close(groups, &mut joins_of_last, spare);
        groups.push(single(spare, m_idx));
    }
    close(groups, &mut joins_of_last, spare);
}

/// How the tokens `from..to` join two mentions: commas, conjunctions and
/// determiners, or a hyphen written without spaces.
fn joins(tokens: &[Token], flags: &[u32], from: usize, to: usize) -> Join {
    if from >= to || to - from > 4 {
        return Join::No;
    }
    let between = &tokens[from..to];
    if between.len() == 1 && matches!(between[0].norm.as_str(), "-" | "–" | "—") {
        let dash = &between[0];
        let glued = tokens[from - 1].end == dash.start && dash.end == tokens[to].start;
        return if glued { Join::Dash } else { Join::No };
    }
    let mut join = Join::No;
    let words = || (from..to).filter(|&k| tokens[k].norm != ",");
    if between.len() >= 3 && words().map(|k| tokens[k].norm.as_str()).eq(["as", "well", "as"]) {
        return Join::Conjunction;
    }
    // "Russia, both Pyongyang and Moscow": "both" opens a new coordination.
    if words().any(|k| flags[k] & flag::OPENER != 0) {
        return Join::No;
    }
    for (t, f) in between.iter().zip(&flags[from..to]) {
        if f & flag::CONJUNCTION != 0 || t.norm == "&" {
            join = Join::Conjunction;
        } else if t.norm == "," {
            if join == Join::No {
                join = Join::Comma;
            }
        } else if f & (flag::DETERMINER | flag::FILLER) == 0 {
            return Join::No;
        }
    }
    join
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::gazetteer::Gazetteer;
    use crate::schema::Schema;
    use crate::text::tokenize;

    fn setup() -> (Gazetteer, MentionWords) {
        let actors = r#"(actors: [
            (id: "Japan", capitals: ["Tokyo"], demonyms: ["Japanese"]),
            (id: "South Korea", capitals: ["Seoul"], demonyms: ["South Korean"]),
            (id: "Ukraine", capitals: ["Kyiv"], demonyms: ["Ukrainian", "Ukrainians"]),
            (id: "United States", names: ["US"]),
            (id: "North Korea", capitals: ["Pyongyang"]),
            (id: "Russia", capitals: ["Moscow"]),
        ])"#;
        let g = Gazetteer::new(&Schema::from_sources(&[("actors.ron", actors)]).unwrap());
        let set = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<FxHashSet<String>>();
        let words = MentionWords {
            title_words: set(&["president", "foreign", "minister", "counterpart"]),
            agents: set(&["troops", "forces", "government"]),
            conjunctions: set(&["and", "or"]),
            determiners: set(&["the"]),
            fillers: set(&["now"]),
            prepositions: set(&["with", "in"]),
            openers: set(&["both"]),
            verb_forms: set(&["visits"]),
        };
        (g, words)
    }

    fn spans(text: &str) -> Vec<String> {
        let (g, w) = setup();
        let toks = tokenize(text, 0, text.len());
        let hits = g.find(text, &toks);
        let mut mentions = Vec::new();
        compose_mentions(text, &toks, &w.flags_of(&toks), &hits, &mut mentions);
        mentions
            .iter()
            .filter(|m| !m.weak)
            .map(|m| text[toks[m.start].start..toks[m.end - 1].end].to_string())
            .collect()
    }

    #[test]
    fn officials_and_bodies_grow_the_mention() {
        assert_eq!(spans("South Korean President Yoon Suk Yeol said"), ["South Korean President Yoon Suk Yeol"]);
        assert_eq!(spans("Japan's foreign minister, Takeshi Iwaya, met his Ukrainian counterpart, Andrii Sybiha, in Kyiv"),
            ["Japan's foreign minister, Takeshi Iwaya,", "Ukrainian counterpart, Andrii Sybiha,", "Kyiv"]);
        assert_eq!(spans("Pyongyang's troops"), ["Pyongyang's troops"]);
        assert_eq!(spans("Japanese Troops Leave"), ["Japanese Troops"]);
        assert_eq!(spans("Ukrainian President Visits Tokyo"), ["Ukrainian President", "Tokyo"]);
    }

    #[test]
    fn bare_adjectives_are_not_actors_but_plural_demonyms_are() {
        assert_eq!(spans("Ukrainian grain reached Japanese ports"), Vec::<String>::new());
        assert_eq!(spans("engage Ukrainians soon"), ["Ukrainians"]);
    }

    #[test]
    fn coordination_and_hyphen_pairs_group() {
        let (g, w) = setup();
        let groups_of = |text: &str| {
            let toks = tokenize(text, 0, text.len());
            let flags = w.flags_of(&toks);
            let (mut ms, mut groups) = (Vec::new(), Vec::new());
            compose_mentions(text, &toks, &flags, &g.find(text, &toks), &mut ms);
            group_mentions(&toks, &flags, &ms, &mut groups, &mut Vec::new());
            groups
        };
        let groups = groups_of("Japan, the US and South Korea oppose Pyongyang-Moscow ties, Russia says");
        let sizes: Vec<usize> = groups.iter().map(|g| g.members.len()).collect();
        assert_eq!(sizes, [3, 2, 1]);
        // Commas alone list actors in a headline, not in running text.
        assert_eq!(groups_of("Seoul sent aid to Moscow, Tokyo officials said.").len(), 3);
        assert_eq!(groups_of("Japan, US, South Korea unite").len(), 1);
        // A spaced dash is a parenthesis, not a pair.
        assert_eq!(groups_of("Pyongyang – Moscow").len(), 2);
    }

    #[test]
    fn groups_reuse_spare_member_vectors() {
        let (g, w) = setup();
        let text = "Japan and the US met Russia, Ukraine and Seoul.";
        let toks = tokenize(text, 0, text.len());
        let flags = w.flags_of(&toks);
        let mut ms = Vec::new();
        compose_mentions(text, &toks, &flags, &g.find(text, &toks), &mut ms);
        let mut fresh = Vec::new();
        group_mentions(&toks, &flags, &ms, &mut fresh, &mut Vec::new());
        // Groups left from another sentence, and spare vectors holding stale members.
        let mut reused = fresh.clone();
        reused.reverse();
        let mut spare = vec![vec![7, 8, 9]; 3];
        group_mentions(&toks, &flags, &ms, &mut reused, &mut spare);
        assert_eq!(reused, fresh);
        assert_eq!(fresh.iter().map(|g| g.members.len()).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn flags_of_the_vocabulary_are_those_of_the_lists() {
        let (_, w) = setup();
        let mut vocab = Vocab::default();
        w.mark(&mut vocab);
        let text = "Presidents and ministers, the foreign troops now Visits with both counterparts";
        let toks = tokenize(text, 0, text.len());
        let from_vocab: Vec<u32> = toks.iter().map(|t| vocab.flags(vocab.get(&t.norm))).collect();
        assert_eq!(from_vocab, w.flags_of(&toks));
        assert_eq!(from_vocab[0], flag::TITLE_PLURAL);
        assert_eq!(from_vocab[2], flag::TITLE_PLURAL);
    }
}
