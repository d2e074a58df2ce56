//! Compiling rule patterns and matching them over a sentence.
//!
//! A sentence is seen as a sequence of units: single tokens, and actor
//! groups (coordinated mentions) that fill a slot as one unit. A rule is
//! anchored at its verb (or, for nominal rules, its first word) and matched
//! outwards: rightwards over the elements after the anchor, leftwards over
//! the elements before it. Gaps are lazy, so the nearest actor fills a slot.


use tinyvec::TinyVec;

use super::gazetteer::straight_apostrophes;
use super::inflect::Inflector;
use super::vocab::{self, flag, IdSet, Vocab};
use crate::model::Modality;
use crate::schema::{Pattern, PatternElement, RuleDef};
use crate::text::Token;

/// A word position in a compiled pattern: the forms that may stand there,
/// as written and, once linked to a vocabulary, as word ids.
#[derive(Debug, Clone, Default)]
pub(crate) struct FormSet {
    /// The forms as written, possibly repeated: linking dedups their ids,
    /// and nothing else reads them, so no hashing is spent on them.
    words: Vec<String>,
    ids: IdSet,
}

impl FormSet {
    /// True when the word with id `id` is one of the forms (needs [`FormSet::link`]).
    #[inline]
    pub fn contains_id(&self, id: u32) -> bool {
        self.ids.contains(id)
    }

    /// Interns the forms.
    pub fn link(&mut self, vocab: &mut Vocab) {
        self.ids = IdSet::of(vocab, &self.words);
    }

    /// The forms' ids (after [`FormSet::link`]).
    pub fn ids(&self) -> &[u32] {
        self.ids.ids()
    }
}

impl FromIterator<String> for FormSet {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        FormSet { words: iter.into_iter().collect(), ids: IdSet::default() }
    }
}

/// Interns every form of a phrase.
pub(crate) fn link_phrase(phrase: &mut Phrase, vocab: &mut Vocab) {
    for forms in phrase {
        forms.link(vocab);
    }
}

/// True when the phrase matches the word ids `w` (of the same length).
#[inline]
pub(crate) fn phrase_matches(phrase: &Phrase, w: &[u32]) -> bool {
    w.iter().zip(phrase).all(|(&id, forms)| forms.contains_id(id))
}

/// A sequence of words, each given by its accepted forms.
pub(crate) type Phrase = Vec<FormSet>;

/// One compiled pattern element.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    Source,
    Target,
    /// The verb (`verb: true`), a word, alternatives or a class: any of these phrases.
    Phrases { phrases: Vec<Phrase>, verb: bool, index: PhraseIndex },
    Gap(usize),
    Possessive,
    Dash,
    Optional(Box<Step>),
}

/// The phrases of a step by the id of their first word, for matching
/// only the phrases that can start at a token.
///
/// A bit per word id says whether some phrase starts with that word, and
/// the number of set bits below it (its rank) says where those phrases are
/// listed: finding them takes a few integer operations, no search. Most
/// tokens a step is tried at start none of its phrases, and are turned away
/// by the one bit. (Rule words are interned before the gazetteer's many
/// names, so their ids are small, and the bits few.)
#[derive(Debug, Clone, Default)]
pub(crate) struct PhraseIndex {
    /// Bit `id % 64` of word `id / 64` is set when some phrase starts with word `id`.
    bits: Vec<u64>,
    /// The number of bits set in the words of `bits` before each one.
    ranks: Vec<u32>,
    /// The phrases starting with the first word of rank `r` are
    /// `phrases[starts[r]..starts[r + 1]]`.
    starts: Vec<u32>,
    /// Phrase indices, grouped by first word in increasing id order.
    phrases: Vec<u32>,
    /// Like `bits`, for the words that only one-word phrases start with:
    /// there a match is one word long, with nothing more to compare.
    single: Vec<u64>,
    /// Some phrase has no words (and so matches anywhere, with length 0).
    empty: bool,
}

impl PhraseIndex {
    /// Indexes phrases by their first words' ids (after [`FormSet::link`]).
    pub(crate) fn of(phrases: &[Phrase]) -> PhraseIndex {
        let mut by_first: Vec<(u32, u32)> = Vec::new();
        let mut empty = false;
        for (i, p) in phrases.iter().enumerate() {
            match p.first() {
                Some(first) => by_first.extend(first.ids().iter().map(|&id| (id, i as u32))),
                None => empty = true,
            }
        }
        by_first.sort_unstable();
        let n_words = by_first.last().map_or(0, |&(id, _)| id as usize / 64 + 1);
        let mut index =
            PhraseIndex { bits: vec![0; n_words], ranks: vec![0; n_words], single: vec![0; n_words], empty, ..PhraseIndex::default() };
        for (k, &(id, p)) in by_first.iter().enumerate() {
            let bit = 1 << (id % 64);
            if k == 0 || by_first[k - 1].0 != id {
                index.bits[id as usize / 64] |= bit;
                index.single[id as usize / 64] |= bit;
                index.starts.push(k as u32);
            }
            if phrases[p as usize].len() > 1 {
                index.single[id as usize / 64] &= !bit;
            }
            index.phrases.push(p);
        }
        index.starts.push(by_first.len() as u32);
        let mut rank = 0;
        for (r, w) in index.ranks.iter_mut().zip(&index.bits) {
            *r = rank;
            rank += w.count_ones();
        }
        index
    }

    /// Whether some phrase starts with word `id` ([`UNKNOWN`](vocab::UNKNOWN) never does).
    #[inline]
    fn starts_with(&self, id: u32) -> bool {
        self.bits.get(id as usize / 64).is_some_and(|w| w >> (id % 64) & 1 != 0)
    }

    /// Whether the phrases that start with word `id` are all one word long
    /// (false when there are none).
    #[inline]
    fn only_single_with(&self, id: u32) -> bool {
        self.single.get(id as usize / 64).is_some_and(|w| w >> (id % 64) & 1 != 0)
    }

    /// The indices of the phrases that start with word `id`, in increasing
    /// order (none of them empty).
    #[inline]
    pub(crate) fn starting_with(&self, id: u32) -> &[u32] {
        let w = id as usize / 64;
        let Some(&bits) = self.bits.get(w) else { return &[] };
        let bit = 1u64 << (id % 64);
        if bits & bit == 0 {
            return &[];
        }
        let r = (self.ranks[w] + (bits & (bit - 1)).count_ones()) as usize;
        &self.phrases[self.starts[r] as usize..self.starts[r + 1] as usize]
    }

    /// The ids of the words some phrase starts with, in increasing order.
    fn first_ids(&self) -> Vec<u32> {
        let mut ids = Vec::new();
        for (w, &bits) in self.bits.iter().enumerate() {
            ids.extend((0..64).filter(|b| bits >> b & 1 != 0).map(|b| (w * 64 + b) as u32));
        }
        ids
    }
}

impl Step {
    fn is_literal(&self) -> bool {
        matches!(self, Step::Phrases { .. } | Step::Possessive | Step::Dash)
    }

    /// Interns the words of the step and indexes its phrases.
    fn link(&mut self, vocab: &mut Vocab) {
        match self {
            Step::Phrases { phrases, index, .. } => {
                for p in phrases.iter_mut() {
                    link_phrase(p, vocab);
                }
                *index = PhraseIndex::of(phrases);
            }
            Step::Optional(inner) => inner.link(vocab),
            _ => {}
        }
    }

    /// The ids of the words a literal step can start with, or None when it
    /// can match anywhere (an empty phrase) or is no literal.
    fn first_ids(&self) -> Option<Vec<u32>> {
        match self {
            Step::Phrases { index, .. } if !index.empty => Some(index.first_ids()),
            Step::Possessive => Some(vec![vocab::POSSESSIVE_S, vocab::APOSTROPHE]),
            Step::Dash => Some(vec![vocab::HYPHEN, vocab::EN_DASH, vocab::EM_DASH]),
            _ => None,
        }
    }
}

/// A rule ready to match.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    /// The rule id.
    pub id: String,
    /// Index of the relation class in the schema's relation list.
    pub relation: usize,
    pub(crate) steps: Vec<Step>,
    /// Index of the anchor step.
    pub(crate) anchor: usize,
    /// Pairs the members of the source group.
    pub reciprocal: bool,
    /// Carried by a noun phrase.
    pub nominal: bool,
    /// Reads bare adjectives as actors ("condemned the Russian invasion").
    pub reads_adjectives: bool,
    /// Fixed modality, if the rule sets one.
    pub modality: Option<Modality>,
    /// Number of literal elements: more is more specific.
    pub specificity: usize,
    /// Words one of which must name the source ("troops"), from `source_is`.
    pub(crate) source_is: Option<FormSet>,
    /// Likewise for the target.
    pub(crate) target_is: Option<FormSet>,
}

/// Compiles a phrase written in a rule ("hold talks") into per-word form
/// sets. A word written `=word` is taken exactly, as in patterns.
pub(crate) fn compile_phrase(text: &str, inflector: &Inflector, inflect: bool) -> Phrase {
    text.split_whitespace()
        .map(|w| {
            let w = straight_apostrophes(w);
            match w.strip_prefix('=') {
                Some(exact) => std::iter::once(exact.to_lowercase()).collect(),
                None if inflect => inflector.forms(&w).into_iter().collect(),
                None => std::iter::once(w.to_lowercase()).collect(),
            }
        })
        .collect()
}

impl CompiledRule {
    /// Compiles a validated rule. `relation` is the class's index;
    /// `classes` looks up word classes by name.
    pub fn compile<'a>(
        def: &RuleDef,
        relation: usize,
        default_gap: usize,
        inflector: &Inflector,
        classes: impl Fn(&str) -> Option<&'a Vec<String>>,
    ) -> Result<CompiledRule, String> {
        let pattern = Pattern::parse(&def.pattern)?;
        let gap = def.gap.unwrap_or(default_gap);
        let compile_el = |e: &PatternElement| -> Result<Step, String> { compile_element(e, def, gap, inflector, &classes) };
        let steps = pattern.elements.iter().map(compile_el).collect::<Result<Vec<_>, _>>()?;
        let anchor = steps
            .iter()
            .position(|s| matches!(s, Step::Phrases { verb: true, .. }))
            .or_else(|| steps.iter().position(|s| matches!(s, Step::Phrases { .. })))
            .or_else(|| steps.iter().position(Step::is_literal))
            .ok_or("the pattern has nothing to anchor it")?;
        let qualifier = |class: &Option<String>| -> Result<Option<FormSet>, String> {
            class
                .as_deref()
                .map(|c| {
                    let words = classes(c).ok_or_else(|| format!("unknown word class `{c}`"))?;
                    Ok(words.iter().flat_map(|w| inflector.forms(w)).collect())
                })
                .transpose()
        };
        let source_is = qualifier(&def.source_is)?;
        let target_is = qualifier(&def.target_is)?;
        // A qualified slot is as specific as a word.
        let specificity = steps
            .iter()
            .filter(|s| s.is_literal() || matches!(s, Step::Optional(inner) if inner.is_literal()))
            .count()
            + usize::from(source_is.is_some())
            + usize::from(target_is.is_some());
        Ok(CompiledRule {
            id: def.id.clone(),
            relation,
            steps,
            anchor,
            reciprocal: def.reciprocal,
            nominal: def.nominal,
            reads_adjectives: def.reads_adjectives,
            modality: def.modality,
            specificity,
            source_is,
            target_is,
        })
    }

    /// Interns the rule's words in `vocab`; a rule matches only once linked.
    pub(crate) fn link(&mut self, vocab: &mut Vocab) {
        for s in &mut self.steps {
            s.link(vocab);
        }
        for q in [&mut self.source_is, &mut self.target_is].into_iter().flatten() {
            q.link(vocab);
        }
    }

    /// Whether the rule reads the sentence with bare adjectives as actors
    /// (nominal rules, and verb rules that ask for it).
    pub(crate) fn adjective_layout(&self) -> bool {
        self.nominal || self.reads_adjectives
    }

    /// The word ids the rule's anchor can start with; None when it can
    /// start anywhere.
    pub(crate) fn anchor_ids(&self) -> Option<Vec<u32>> {
        self.steps[self.anchor].first_ids()
    }
}

fn compile_element<'a>(
    e: &PatternElement,
    def: &RuleDef,
    gap: usize,
    inflector: &Inflector,
    classes: &impl Fn(&str) -> Option<&'a Vec<String>>,
) -> Result<Step, String> {
    Ok(match e {
        PatternElement::Source => Step::Source,
        PatternElement::Target => Step::Target,
        PatternElement::Verb => Step::Phrases {
            phrases: def.verbs.iter().map(|v| compile_phrase(v, inflector, true)).collect(),
            verb: true,
            index: PhraseIndex::default(),
        },
        PatternElement::Gap(n) => Step::Gap(n.unwrap_or(gap)),
        PatternElement::Words { alternatives, exact } => Step::Phrases {
            phrases: alternatives.iter().map(|a| compile_phrase(a, inflector, !exact)).collect(),
            verb: false,
            index: PhraseIndex::default(),
        },
        PatternElement::Class(name) => {
            let words = classes(name).ok_or_else(|| format!("unknown word class `@{name}`"))?;
            Step::Phrases { phrases: words.iter().map(|w| compile_phrase(w, inflector, true)).collect(), verb: false, index: PhraseIndex::default() }
        }
        PatternElement::Possessive => Step::Possessive,
        PatternElement::Dash => Step::Dash,
        PatternElement::Optional(inner) => Step::Optional(Box::new(compile_element(inner, def, gap, inflector, classes)?)),
    })
}

/// A unit of a sentence as rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A token (index into the sentence's tokens).
    Token(usize),
    /// An actor group (index into the sentence's groups).
    Group(usize),
}

/// Whether a token ends a clause for the matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Break {
    /// An ordinary token.
    No,
    /// A word that opens a new clause ("that", "said"): a subject search
    /// crosses it only to find the antecedent of a pronoun.
    Soft,
    /// Punctuation that ends a clause (";", ":", "(").
    Hard,
}

/// What the matcher needs to know about a sentence.
#[derive(Clone, Copy)]
pub(crate) struct SentenceView<'a> {
    pub units: &'a [Unit],
    /// The tokens (for their normalised forms).
    pub tokens: &'a [Token],
    /// Word id of each token ([`UNKNOWN`](vocab::UNKNOWN) for words no rule or list names).
    pub ids: &'a [u32],
    /// Flags of each token ([`flag`]): breaks, pronouns, relatives,
    /// prepositions, and the tokens skipped before a slot (determiners,
    /// numbers, list heads).
    pub flags: &'a [u32],
    /// Number of members of each group.
    pub group_sizes: &'a [usize],
}

impl SentenceView<'_> {
    #[inline]
    fn norm(&self, t: usize) -> &str {
        self.tokens[t].norm.as_str()
    }

    /// Whether token `t` ends a clause.
    #[inline]
    fn brk(&self, t: usize) -> Break {
        let f = self.flags[t];
        if f & flag::HARD_BREAK != 0 {
            Break::Hard
        } else if f & flag::SOFT_BREAK != 0 {
            Break::Soft
        } else {
            Break::No
        }
    }

    #[inline]
    fn is(&self, t: usize, f: u32) -> bool {
        self.flags[t] & f != 0
    }

    #[inline]
    fn token(&self, u: usize) -> Option<usize> {
        match self.units.get(u)? {
            Unit::Token(t) => Some(*t),
            Unit::Group(_) => None,
        }
    }

    fn group_size(&self, g: usize) -> usize {
        self.group_sizes[g]
    }

    fn group(&self, u: usize) -> Option<usize> {
        match self.units.get(u)? {
            Unit::Group(g) => Some(*g),
            Unit::Token(_) => None,
        }
    }
}

/// A rule whose anchor was found but whose pattern did not match around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    /// Index of the rule.
    pub rule: usize,
    /// Units of the anchor.
    pub anchor: (usize, usize),
    /// Which side failed.
    pub failed: &'static str,
}

/// A rule matched at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMatch {
    /// Index of the rule.
    pub rule: usize,
    /// The source group.
    pub source: usize,
    /// The target group (None for reciprocal rules).
    pub target: Option<usize>,
    /// Units of the anchor (verb or first word).
    pub anchor: (usize, usize),
    /// Tokens of the anchor: comparable across rules.
    pub anchor_tokens: (usize, usize),
    /// Units matched by literal elements (the predicate).
    pub literal_units: Vec<usize>,
    /// Units skipped between the leading slot and the anchor: where modality cues are read.
    pub lead_gap: (usize, usize),
    /// Unit of the leading slot.
    pub lead_unit: usize,
    /// The leading slot was reached through a relative pronoun after a
    /// coordination ("China, Iran and North Korea, which has supplied"):
    /// only the last member is meant.
    pub lead_last_only: bool,
}

#[derive(Debug, Clone, Default)]
struct Binding {
    source: Option<usize>,
    target: Option<usize>,
    /// The units the pattern's words matched. Kept inline (few patterns
    /// have more than eight words): a binding is copied at every gap and
    /// optional word tried, and a heap vector would make each copy an allocation.
    literals: TinyVec<[usize; 8]>,
    /// The leading slot stands for the last member of its group only.
    lead_last_only: bool,
}

/// Largest number of determiners skipped before a slot.
const MAX_DETERMINERS: usize = 2;

impl CompiledRule {
    /// All matches of this rule in a sentence (one per anchor position at
    /// most); anchors found where the rest of the pattern failed go to `near`.
    ///
    /// `positions` are the units where the anchor may start, in increasing
    /// order: at least every unit where it matches (see [`CompiledRule::anchor_ids`]).
    pub(crate) fn find(
        &self,
        rule_index: usize,
        view: &SentenceView<'_>,
        positions: impl IntoIterator<Item = usize>,
        subject_gap: usize,
        near: &mut Vec<NearMiss>,
        out: &mut Vec<RuleMatch>,
    ) {
        let anchor = &self.steps[self.anchor];
        // (One binding, cleared at each anchor: a new one is 80 bytes to set.)
        let mut b = Binding::default();
        for u in positions {
            let Some(len) = match_literal(anchor, view, u) else { continue };
            b.clear();
            for unit in u..u + len {
                b.literals.push(unit);
            }
            let right = &self.steps[self.anchor + 1..];
            let miss = |side: &'static str| NearMiss { rule: rule_index, anchor: (u, u + len), failed: side };
            if !fwd(right, view, u + len, &mut b) {
                near.push(miss("after the anchor"));
                continue;
            }
            let left = &self.steps[..self.anchor];
            // The implicit subject gap belongs to a leading slot that stands
            // right before the anchor ("$ *", "$ in +"); a slot followed by
            // other words ("+ ,? which $ ..2 *") is matched where it stands.
            let leading_gap = if self.nominal || self.anchor != 1 || left.is_empty() { 0 } else { subject_gap };
            let Some((lead_unit, gap_end)) = bwd(left, view, u, &mut b, leading_gap) else {
                near.push(miss("before the anchor"));
                continue;
            };
            let Some(source) = b.source else { continue };
            if b.target.is_none() && !self.reciprocal {
                continue;
            }
            if self.reciprocal && b.target.is_none() && view.group_size(source) < 2 {
                near.push(miss("the source is a single actor, a reciprocal rule needs two or more"));
                continue;
            }
            let mut literal_units = b.literals.to_vec();
            literal_units.sort_unstable();
            literal_units.dedup();
            out.push(RuleMatch {
                rule: rule_index,
                source,
                target: b.target,
                anchor: (u, u + len),
                anchor_tokens: (0, 0),
                literal_units,
                lead_gap: (lead_unit + 1, gap_end),
                lead_unit,
                lead_last_only: b.lead_last_only,
            });
        }
    }
}

/// Matches a literal step at unit `u`; returns how many units it covers.
#[inline]
fn match_literal(step: &Step, view: &SentenceView<'_>, u: usize) -> Option<usize> {
    match step {
        Step::Phrases { phrases, index, .. } => {
            let mut best = if index.empty { Some(0) } else { None };
            let Some(t) = view.token(u) else { return best };
            let id = view.ids[t];
            // (The longest phrase wins, and an empty one is shorter.)
            if index.only_single_with(id) {
                return Some(1);
            }
            for &p in index.starting_with(id) {
                let p = &phrases[p as usize];
                let fits = p[1..].iter().enumerate().all(|(k, forms)| view.token(u + 1 + k).is_some_and(|t| forms.contains_id(view.ids[t])));
                if fits && best.map_or(true, |b| p.len() > b) {
                    best = Some(p.len());
                }
            }
            best
        }
        Step::Possessive => view.token(u).filter(|&t| matches!(view.ids[t], vocab::POSSESSIVE_S | vocab::APOSTROPHE)).map(|_| 1),
        Step::Dash => view.token(u).filter(|&t| matches!(view.ids[t], vocab::HYPHEN | vocab::EN_DASH | vocab::EM_DASH)).map(|_| 1),
        _ => None,
    }
}

/// Matches `steps` forwards from unit `u`, binding into `b`. On failure `b`
/// is left as it was: alternatives (gap lengths, optional words) are tried
/// one after the other on the same binding, which is never copied.
fn fwd(steps: &[Step], view: &SentenceView<'_>, u: usize, b: &mut Binding) -> bool {
    let Some((step, rest)) = steps.split_first() else { return true };
    match step {
        Step::Source | Step::Target => {
            let mut v = u;
            for _ in 0..=MAX_DETERMINERS {
                if let Some(g) = view.group(v) {
                    let source = matches!(step, Step::Source);
                    let before = b.slot(source).replace(g);
                    if fwd(rest, view, v + 1, b) {
                        return true;
                    }
                    *b.slot(source) = before;
                    return false;
                }
                match view.token(v) {
                    Some(t) if view.is(t, flag::DETERMINER) => v += 1,
                    _ => return false,
                }
            }
            false
        }
        Step::Gap(n) => {
            for k in 0..=*n {
                if k > 0 {
                    // The unit just skipped must be a plain token that does not end a clause.
                    let Some(t) = view.token(u + k - 1) else { return false };
                    if view.brk(t) != Break::No {
                        return false;
                    }
                }
                // (Most positions of a gap start nothing the rest can match:
                // they are turned away without a call.)
                if may_start(rest, view, u + k) && fwd(rest, view, u + k, b) {
                    return true;
                }
            }
            false
        }
        Step::Optional(inner) => {
            if let Some(len) = match_literal(inner, view, u) {
                if b.with_literals(u..u + len, |b| fwd(rest, view, u + len, b)) {
                    return true;
                }
            }
            fwd(rest, view, u, b)
        }
        literal => match match_literal(literal, view, u) {
            Some(len) => b.with_literals(u..u + len, |b| fwd(rest, view, u + len, b)),
            None => false,
        },
    }
}

/// False when `fwd(steps, view, u, ..)` certainly fails, seen from unit
/// `u` alone: the first step is a word that does not stand there, or a slot
/// where neither an actor nor a determiner stands. (A cheap test before a
/// call; true whenever it cannot tell.)
#[inline]
fn may_start(steps: &[Step], view: &SentenceView<'_>, u: usize) -> bool {
    let id = |u| view.token(u).map(|t| view.ids[t]);
    match steps.first() {
        Some(Step::Phrases { index, .. }) => index.empty || id(u).is_some_and(|id| index.starts_with(id)),
        Some(Step::Possessive) => matches!(id(u), Some(vocab::POSSESSIVE_S | vocab::APOSTROPHE)),
        Some(Step::Dash) => matches!(id(u), Some(vocab::HYPHEN | vocab::EN_DASH | vocab::EM_DASH)),
        Some(Step::Source | Step::Target) => match view.units.get(u) {
            Some(Unit::Group(_)) => true,
            Some(Unit::Token(t)) => view.is(*t, flag::DETERMINER),
            None => false,
        },
        Some(Step::Gap(_) | Step::Optional(_)) | None => true,
    }
}

impl Binding {
    /// Empties the binding, as new.
    #[inline]
    fn clear(&mut self) {
        self.source = None;
        self.target = None;
        self.literals.clear();
        self.lead_last_only = false;
    }

    /// The source slot, or the target one.
    #[inline]
    fn slot(&mut self, source: bool) -> &mut Option<usize> {
        if source {
            &mut self.source
        } else {
            &mut self.target
        }
    }

    /// Adds the units `units` to the literals and matches on with `then`;
    /// takes them back off when it fails.
    #[inline]
    fn with_literals(&mut self, units: std::ops::Range<usize>, then: impl FnOnce(&mut Binding) -> bool) -> bool {
        let n = self.literals.len();
        for unit in units {
            self.literals.push(unit);
        }
        let matched = then(self);
        if !matched {
            self.literals.truncate(n);
        }
        matched
    }
}

/// Matches `steps` backwards, last step first, ending just before unit `u`,
/// binding into `b` (left as it was on failure, as in [`fwd`]).
/// The first step may be reached over a gap of `leading_gap` tokens.
/// Returns the unit of the leading element and the end of the gap after it.
fn bwd(steps: &[Step], view: &SentenceView<'_>, u: usize, b: &mut Binding, leading_gap: usize) -> Option<(usize, usize)> {
    let Some((step, rest)) = steps.split_last() else { return Some((u, u)) };
    let leading = rest.is_empty();
    match step {
        Step::Source | Step::Target => {
            let source = matches!(step, Step::Source);
            if !leading {
                // Only determiners may stand between an inner slot and its neighbour.
                let mut v = u;
                while v > 0 {
                    v -= 1;
                    if let Some(g) = view.group(v) {
                        let before = b.slot(source).replace(g);
                        let found = bwd(rest, view, v, b, leading_gap);
                        if found.is_none() {
                            *b.slot(source) = before;
                        }
                        return found;
                    }
                    if !view.is(view.token(v)?, flag::DETERMINER) {
                        return None;
                    }
                }
                return None;
            }
            let (g, last_only) = find_subject(view, u, leading_gap)?;
            let lead_unit = g_unit(view, g)?;
            *b.slot(source) = Some(g);
            b.lead_last_only = last_only;
            Some((lead_unit, u))
        }
        Step::Gap(n) => {
            for k in 0..=*n {
                if k > 0 {
                    let t = view.token(u.checked_sub(k)?)?;
                    if view.brk(t) != Break::No {
                        return None;
                    }
                }
                if let Some(found) = bwd(rest, view, u.checked_sub(k)?, b, leading_gap) {
                    return Some(found);
                }
            }
            None
        }
        Step::Optional(inner) => {
            if let Some(start) = literal_ending_at(inner, view, u) {
                let mut found = None;
                b.with_literals(start..u, |b| {
                    found = bwd(rest, view, start, b, leading_gap);
                    found.is_some()
                });
                if found.is_some() {
                    return found;
                }
            }
            bwd(rest, view, u, b, leading_gap)
        }
        literal => {
            let start = literal_ending_at(literal, view, u)?;
            let mut found = None;
            b.with_literals(start..u, |b| {
                found = bwd(rest, view, start, b, leading_gap);
                found.is_some()
            });
            found
        }
    }
}

/// The actor group that a verb at unit `u` takes as its subject: the
/// nearest group to the left within `max_skip` tokens and the same clause.
///
/// A subject pronoun between them changes the search: in "Seoul warned the
/// Kremlin it could arm Kyiv", "it" is the one who arms, the group just
/// before it ("the Kremlin") is the one warned, and the pronoun stands for
/// the group before that ("Seoul"); in "Russia said it would", the pronoun
/// stands for "Russia" across the reporting verb.
///
/// An actor right after a preposition is not a subject ("its soldiers
/// deployed to Somalia to train …": Somalia does not train), and a
/// relative pronoun ("North Korea – which has supplied …") stands for the
/// actor just before it.
///
/// Returns the group and whether only its last member is meant (a relative
/// pronoun after a coordination refers to the nearest conjunct).
fn find_subject(view: &SentenceView<'_>, u: usize, max_skip: usize) -> Option<(usize, bool)> {
    let mut v = u;
    let mut skipped = 0;
    let mut pronoun_at: Option<usize> = None;
    let mut max_skip_after_pronoun = max_skip;
    // A gerund after "by" ("… by strengthening ties") belongs to a verb or
    // noun further back ("Russia's strategy of … by strengthening"): its
    // subject may stand a phrase further left.
    let by_gerund = u > 0
        && view.token(u - 1).is_some_and(|b| view.norm(b) == "by")
        && view.token(u).is_some_and(|t| view.norm(t).ends_with("ing"));
    let max_skip = if by_gerund { max_skip * 2 } else { max_skip };
    while v > 0 {
        v -= 1;
        if let Some(g) = view.group(v) {
            // Just before the pronoun (or before the relative that it follows)
            // stands an object: "warned the Kremlin it could", "Russia, which it could use".
            let object_of_speech = pronoun_at.is_some_and(|p| p == v + 1 || (p == v + 2 && view.token(v + 1).is_some_and(|c| view.ids[c] == vocab::COMMA)));
            if object_of_speech {
                pronoun_at = None;
                continue;
            }
            // (Only for a verb's subject across some words: a nominal source,
            // or one right before its anchor — "with US troops in Australia" —
            // is read where it stands.)
            // An owner is the agent of what it owns, wherever it stands:
            // "in line with Putin's strategy of … strengthening ties with".
            let owner = view.token(v + 1).is_some_and(|p| matches!(view.ids[p], vocab::POSSESSIVE_S | vocab::APOSTROPHE));
            if max_skip > 0 && v + 1 < u && !owner && after_preposition(view, v) {
                skipped += 1;
                continue;
            }
            return Some((g, false));
        }
        let t = view.token(v)?;
        if view.is(t, flag::RELATIVE) && pronoun_at == Some(v + 1) {
            // "Russia, which it could use": an object relative; the pronoun is
            // the subject, so the relative's antecedent is passed over too.
            pronoun_at = Some(v);
            continue;
        }
        if view.is(t, flag::RELATIVE) {
            // The antecedent stands just before, perhaps after a comma or dash.
            // After a coordination, a singular verb ("which has") means the
            // last conjunct; a plural one ("which make up") all of them.
            let singular = view
                .token(v + 1)
                .is_some_and(|n| matches!(view.norm(n), "has" | "is" | "was" | "does") || view.norm(n).ends_with('s'));
            let mut w = v;
            while w > 0 {
                w -= 1;
                match view.token(w) {
                    Some(p) if matches!(view.ids[p], vocab::COMMA | vocab::EN_DASH | vocab::EM_DASH | vocab::HYPHEN) => continue,
                    Some(_) => return None,
                    None => return view.group(w).map(|g| (g, singular)),
                }
            }
            return None;
        }
        if view.is(t, flag::PRONOUN) {
            if pronoun_at.is_some() {
                return None; // two pronouns: too far to resolve
            }
            pronoun_at = Some(v);
            // The antecedent may sit a whole reporting clause further left:
            // "Putin and Kim … in June, when they met".
            skipped = 0;
            max_skip_after_pronoun = max_skip * 2;
            continue;
        }
        // "North Korea deployed troops to Russia, aiming to … take part in":
        // a participle clause after a comma shares the main clause's subject.
        if max_skip > 0 && pronoun_at.is_none() && view.ids[t] == vocab::COMMA && participle_at(view, v + 1) {
            return clause_subject(view, v, max_skip * 3).map(|g| (g, false));
        }
        match view.brk(t) {
            Break::Hard => return None,
            Break::Soft if pronoun_at.is_none() => return None,
            _ => {}
        }
        let limit = if pronoun_at.is_some() { max_skip_after_pronoun } else { max_skip };
        if skipped >= limit && !view.is(t, flag::DETERMINER) {
            return None;
        }
        skipped += 1;
    }
    None
}

/// Whether unit `u` is a word that can open a participle clause
/// ("aiming", "labeling"): an -ing form that is no preposition
/// ("including", "during") or determiner.
fn participle_at(view: &SentenceView<'_>, u: usize) -> bool {
    view.token(u).is_some_and(|t| {
        let w = view.norm(t);
        w.len() > 5 && w.ends_with("ing") && !view.is(t, flag::PREPOSITION | flag::DETERMINER | flag::CONJUNCTION)
    })
}

/// The subject of the clause that ends at unit `end` (a comma): its
/// leftmost actor not governed by a preposition, looking back over at most
/// `limit` tokens and stopping at a comma or a clause-breaking word. Quote
/// marks and dashes inside the clause are read past ("characterized it as a
/// “significant escalation”, labeling …").
fn clause_subject(view: &SentenceView<'_>, end: usize, limit: usize) -> Option<usize> {
    let mut subject = None;
    let mut seen = 0;
    let mut v = end;
    while v > 0 && seen < limit {
        v -= 1;
        match view.token(v) {
            None => {
                if !after_preposition(view, v) {
                    subject = view.group(v);
                }
            }
            Some(t) => {
                let word_break = view.brk(t) == Break::Soft && view.norm(t).chars().next().is_some_and(char::is_alphanumeric);
                if view.brk(t) == Break::Hard || view.ids[t] == vocab::COMMA || word_break {
                    break;
                }
                seen += 1;
            }
        }
    }
    subject
}

/// True when the unit before `v` (past determiners) is a preposition.
fn after_preposition(view: &SentenceView<'_>, v: usize) -> bool {
    let mut w = v;
    while w > 0 {
        w -= 1;
        match view.token(w) {
            Some(t) if view.is(t, flag::DETERMINER) => continue,
            Some(t) => return view.is(t, flag::PREPOSITION),
            None => return false,
        }
    }
    false
}

/// The unit of group `g`.
fn g_unit(view: &SentenceView<'_>, g: usize) -> Option<usize> {
    view.units.iter().position(|u| *u == Unit::Group(g))
}

/// Where a literal step that ends just before unit `u` starts, if it does.
fn literal_ending_at(step: &Step, view: &SentenceView<'_>, u: usize) -> Option<usize> {
    (1..=u.min(6)).rev().map(|len| u - len).find(|&s| match_literal(step, view, s) == Some(u - s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TokenKind;

    /// A small deterministic generator (xorshift), for sentences and patterns.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    fn phrases(vocab: &mut Vocab, alternatives: &[&str]) -> Vec<Phrase> {
        let mut ps: Vec<Phrase> = alternatives.iter().map(|a| compile_phrase(a, &Inflector::default(), false)).collect();
        for p in &mut ps {
            link_phrase(p, vocab);
        }
        ps
    }

    /// Words far apart in the vocabulary, so that the index spans several
    /// 64-bit words, with phrases sharing first words.
    fn spread_vocab() -> (Vocab, Vec<String>) {
        let mut vocab = Vocab::default();
        let words: Vec<String> = (0..300).map(|k| format!("w{k}")).collect();
        for w in &words {
            vocab.intern(w);
        }
        (vocab, words)
    }

    #[test]
    fn phrase_index_finds_what_a_scan_of_the_phrases_finds() {
        let (mut vocab, w) = spread_vocab();
        let alternatives = [
            format!("{} {}", w[3], w[4]),
            w[3].clone(),
            w[70].clone(),
            format!("{} {} {}", w[200], w[1], w[2]),
            w[299].clone(),
            format!("{} {}", w[70], w[71]),
            w[3].clone(),
        ];
        let alternatives: Vec<&str> = alternatives.iter().map(String::as_str).collect();
        let ps = phrases(&mut vocab, &alternatives);
        let index = PhraseIndex::of(&ps);
        assert!(!index.empty);
        let mut firsts = Vec::new();
        for id in (0..vocab.len() as u32 + 200).chain([vocab::UNKNOWN, vocab::UNKNOWN - 1]) {
            let scanned: Vec<u32> = (0..ps.len() as u32).filter(|&p| ps[p as usize][0].contains_id(id)).collect();
            let mut found = index.starting_with(id).to_vec();
            found.sort_unstable();
            assert_eq!(found, scanned, "id {id}");
            assert_eq!(index.starts_with(id), !scanned.is_empty(), "id {id}");
            let single = !scanned.is_empty() && scanned.iter().all(|&p| ps[p as usize].len() == 1);
            assert_eq!(index.only_single_with(id), single, "id {id}");
            if !scanned.is_empty() {
                firsts.push(id);
            }
        }
        assert_eq!(index.first_ids(), firsts);
        let with_empty = PhraseIndex::of(&[Vec::new(), ps[2].clone()]);
        assert!(with_empty.empty && with_empty.starts_with(ps[2][0].ids()[0]));
        assert!(PhraseIndex::of(&[]).first_ids().is_empty());
    }

    #[test]
    fn a_gap_turns_away_only_positions_where_the_rest_cannot_match() {
        // Random patterns after a gap, over random sentences of a few words,
        // determiners, breaks and groups: wherever `may_start` says no, the
        // full match fails too.
        let mut vocab = Vocab::default();
        let words = ["send", "sends", "to", "into", "arms", "the", "a", "troops", "weapons", ";", "'s", "-", "said"];
        for w in words {
            vocab.intern(w);
        }
        vocab.mark("the", flag::DETERMINER);
        vocab.mark("a", flag::DETERMINER);
        vocab.mark("said", flag::SOFT_BREAK);
        let step_of = |vocab: &mut Vocab, k: usize| -> Step {
            let word_step = |vocab: &mut Vocab, alts: &[&str]| {
                let ps = phrases(vocab, alts);
                let index = PhraseIndex::of(&ps);
                Step::Phrases { phrases: ps, verb: false, index }
            };
            match k {
                0 => Step::Source,
                1 => Step::Target,
                2 => word_step(vocab, &["to", "into"]),
                3 => word_step(vocab, &["arms", "troops to", "weapons into the"]),
                4 => word_step(vocab, &["", "to"]),
                5 => Step::Possessive,
                6 => Step::Dash,
                7 => Step::Gap(2),
                _ => Step::Optional(Box::new(word_step(vocab, &["the"]))),
            }
        };
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let (mut tried, mut turned_away, mut matched) = (0, 0, 0);
        for _ in 0..3000 {
            let steps: Vec<Step> = (0..1 + rng.below(4)).map(|_| step_of(&mut vocab, rng.below(9))).collect();
            let n = 1 + rng.below(10);
            let mut units = Vec::new();
            let mut tokens = Vec::new();
            let mut group_sizes = Vec::new();
            for _ in 0..n {
                if rng.below(4) == 0 {
                    units.push(Unit::Group(group_sizes.len()));
                    group_sizes.push(1 + rng.below(2));
                } else {
                    units.push(Unit::Token(tokens.len()));
                    let w = words[rng.below(words.len())];
                    tokens.push(Token { start: 0, end: 0, kind: TokenKind::Word, norm: w.into() });
                }
            }
            let ids: Vec<u32> = tokens.iter().map(|t| vocab.get(&t.norm)).collect();
            let flags: Vec<u32> = ids.iter().map(|&id| vocab.flags(id)).collect();
            let view = SentenceView { units: &units, tokens: &tokens, ids: &ids, flags: &flags, group_sizes: &group_sizes };
            for u in 0..=n + 1 {
                let mut b = Binding::default();
                let full = fwd(&steps, &view, u, &mut b);
                tried += 1;
                matched += usize::from(full);
                if !may_start(&steps, &view, u) {
                    turned_away += 1;
                    assert!(!full, "{steps:?} at {u} of {units:?} {tokens:?}");
                }
            }
        }
        // (The test means something: both outcomes occur often.)
        assert!(turned_away > tried / 4 && matched > tried / 20, "{tried} {turned_away} {matched}");
    }
}
