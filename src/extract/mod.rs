//! Extraction: actor gazetteer, rule compiler and matcher, modality, triples.
//!
//! ```
//! use actorgraph::{extract::Extractor, schema::Schema, text::Document};
//! let extractor = Extractor::new(&Schema::embedded().unwrap()).unwrap();
//! let doc = Document::new("d1", "North Korea has supplied artillery shells to Russia.");
//! let triples = extractor.extract(&doc);
//! assert_eq!(triples[0].subject.id.as_str(), "North Korea");
//! assert_eq!(triples[0].relation.as_str(), "supply");
//! assert_eq!(triples[0].object.id.as_str(), "Russia");
//! ```

mod discard;
mod examples;
mod explain;
mod frame;
mod gazetteer;
mod inflect;
mod mention;
mod modality;
mod roles;
mod rule;
mod vocab;


use rustc_hash::{FxHashMap, FxHashSet};
use tinyvec::TinyVec;

pub use explain::Explanation;
pub use examples::{check_examples, describe, ExampleFailure, ExpectedTriple};
pub use gazetteer::{Gazetteer, GazetteerActor, NameHit, NameKind};

use gazetteer::{fold, NO_WORD};
pub use inflect::Inflector;
pub use mention::{ActorGroup, ActorMention};
pub use rule::{CompiledRule, NearMiss, RuleMatch};

use discard::Discards;
use frame::Frames;
use mention::MentionWords;
use roles::Tree;
use rule::{compile_phrase, link_phrase, phrase_matches, Phrase, PhraseIndex, SentenceView, Unit};
use vocab::{flag, Vocab, UNKNOWN};

use crate::model::{BorrowedActorRef, Date, Modality, Triple, TripleRef};
use crate::schema::{Schema, SchemaError};
use crate::syntax::{Parse, Parser, Upos};
use crate::text::{Document, Sentence, SentenceSplitter, Token, TokenKind};

/// Errors of the extraction layer.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The schema is invalid.
    #[error(transparent)]
    Schema(Box<SchemaError>),
}

impl From<SchemaError> for ExtractError {
    fn from(e: SchemaError) -> Self {
        // Boxed: a schema error carries two file positions, and results stay small.
        ExtractError::Schema(Box::new(e))
    }
}

impl SentenceAnalysis {
    /// The actor this sentence is about, for a pronoun in the next one: the
    /// source of the first relation read, else the first strong mention.
    pub fn leading_actor(&self) -> Option<usize> {
        let from_match = self
            .matches
            .first()
            .and_then(|m| self.groups[m.source].members.first())
            .map(|&mi| self.mentions[mi].actor);
        from_match.or_else(|| self.mentions.iter().find(|m| !m.weak).map(|m| m.actor))
    }
}

/// Everything found in one sentence, for explaining a result.
#[derive(Debug, Clone)]
pub struct SentenceAnalysis {
    /// The sentence.
    pub sentence: Sentence,
    /// Actor mentions.
    pub mentions: Vec<ActorMention>,
    /// Coordinated groups of mentions.
    pub groups: Vec<ActorGroup>,
    /// Rule matches kept after priority.
    pub matches: Vec<RuleMatch>,
    /// Rule matches dropped because a more specific rule read the same words.
    pub shadowed: Vec<RuleMatch>,
    /// Rules whose anchor was found but whose pattern failed around it.
    pub near_misses: Vec<NearMiss>,
    /// The sentence as verb rules see it: tokens and strong groups.
    pub(crate) units: Vec<Unit>,
    /// The sentence as nominal rules see it: tokens and all groups.
    pub(crate) nominal_units: Vec<Unit>,
    /// The triples. ([`Extractor::extract`] and
    /// [`Extractor::for_each_triple`] read them from `parts` instead, and
    /// leave this empty on the analyses they do not return.)
    pub triples: Vec<Triple>,
    /// What each triple is made of, before any text is copied.
    pub(crate) parts: Vec<TripleParts>,
}

/// A triple as read, by index: the mentions of its two actors and the rule
/// that fired, with the words that carried it. Its text is borrowed from the
/// document and the schema only when it is written ([`Extractor::triple_ref`]).
#[derive(Debug, Clone)]
pub(crate) struct TripleParts {
    /// The subject's mention.
    subject: usize,
    /// The object's mention.
    object: usize,
    rule: usize,
    modality: Modality,
    predicate: String,
    /// Read over the dependency parse rather than by the rule's pattern.
    by_parse: bool,
}

/// A compiled schema, ready to read documents.
#[derive(Debug, Clone)]
pub struct Extractor {
    gazetteer: Gazetteer,
    rules: Vec<CompiledRule>,
    relations: Vec<(String, bool)>,
    splitter: SentenceSplitter,
    negation: Vec<Phrase>,
    hypothetical: Vec<Phrase>,
    conditional: Vec<Phrase>,
    asserting: Vec<rule::FormSet>,
    list_heads: Vec<Phrase>,
    /// The list heads by first word.
    list_head_index: PhraseIndex,
    /// Place names that contain an actor's name ("Latin America").
    not_actors: Vec<Phrase>,
    /// Documents and sentences that code no event.
    discards: Discards,
    /// The place names by first word.
    not_actor_index: PhraseIndex,
    /// Phrases standing for the last N actors named ("the two sides"), with N.
    collectives: Vec<(Phrase, usize)>,
    /// How many tokens after its first word a collective's last word
    /// stands at most (see [`collective_end`]).
    collective_reach: usize,
    subject_gap: usize,
    /// Every word the rules and lexicon lists compare tokens with, with its
    /// flags, and every word of the gazetteer's names.
    vocab: Vocab,
    /// For each word id, the gazetteer's id of the same word ([`NO_WORD`]
    /// when no name has it): one lookup of a token's form serves both.
    name_words: Vec<u32>,
    /// For each word id, the verb rules whose anchor can start with it.
    verb_anchors: Vec<Vec<u32>>,
    /// Likewise for the rules that read bare adjectives as actors (nominal
    /// rules and `reads_adjectives` ones).
    nominal_anchors: Vec<Vec<u32>>,
    /// Rules whose anchor can match anywhere (an empty phrase).
    anywhere: Vec<u32>,
    /// For each actor, the first actor with the same id (the schema
    /// forbids two, but a hand-built one may have them): triples are
    /// told apart by these indices rather than by comparing names.
    same_actor: Vec<usize>,
    /// Likewise for relation classes.
    same_relation: Vec<usize>,
    /// The rules as read over the dependency parse.
    frames: Frames,
    /// Modality cues as the parse reads them.
    cues: modality::Cues,
    /// Nouns through which an actor acts ("troops", "minister"): an
    /// argument that is one names the actor that owns it ("Chinese troops").
    agent_nouns: FxHashSet<String>,
    /// Pronouns that stand for an actor named before ("it", "their").
    pronoun_words: FxHashSet<String>,
    /// Nouns that after "the" stand for the actor of a kind named last, with the kind.
    descriptions: FxHashMap<String, crate::model::ActorKind>,
    /// Read the rules over the dependency parse too ([`Extractor::with_parse`]).
    parse: bool,
    /// The irregular past forms of the lexicon ("met", "struck"): a verb
    /// so written is no noun, whatever the tagger says.
    irregular_pasts: FxHashSet<String>,
}

/// What the earlier sentences of a document tell the analysis of the next.
struct SentenceContext<'a> {
    /// The actor an opening pronoun ("It", "They") stands for.
    antecedent: Option<usize>,
    /// `named[actor]`: the document named it before (for context names
    /// such as "the South").
    named: &'a [bool],
    /// The parties it named, the latest last (for collectives such as "the
    /// two sides").
    recent: &'a [usize],
    /// Analyse a sentence that names no actor too (for explaining), rather
    /// than skip it.
    every_sentence: bool,
    /// The document's date, read once: officials' names hold within their dates.
    date: Option<Date>,
}

impl Extractor {
    /// Compiles the gazetteer and rules of a schema.
    pub fn new(schema: &Schema) -> Result<Extractor, ExtractError> {
        let lex = &schema.lexicon;
        let inflector = Inflector::new(lex.irregular_verbs.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())));
        let lower_set = |xs: &[String]| -> FxHashSet<String> { xs.iter().map(|x| x.to_lowercase()).collect() };
        let mut title_words = FxHashSet::default();
        for t in &lex.titles {
            for w in t.split_whitespace() {
                title_words.insert(w.to_lowercase());
            }
        }
        let mut agents = FxHashSet::default();
        for a in &lex.agents {
            // Agent nouns take a plural, never verb forms ("unit" must not match "united").
            agents.extend(inflector.noun_forms(a));
        }
        let mut verb_forms = FxHashSet::default();
        for def in &schema.rules.rules {
            for v in &def.verbs {
                if let Some(first) = v.split_whitespace().next() {
                    verb_forms.extend(inflector.forms(first));
                }
            }
        }
        let words = MentionWords {
            title_words,
            agents,
            conjunctions: lower_set(&lex.conjunctions),
            determiners: lower_set(&lex.determiners),
            fillers: lower_set(&lex.coordination_fillers),
            prepositions: lower_set(&lex.prepositions),
            openers: lower_set(&lex.coordination_openers),
            verb_forms,
        };
        let relations: Vec<(String, bool)> = schema.relations.iter().map(|r| (r.id.clone(), r.symmetric)).collect();
        let mut rules = Vec::new();
        for (i, def) in schema.rules.rules.iter().enumerate() {
            let rel = relations.iter().position(|(id, _)| *id == def.relation).unwrap_or(0);
            let compiled = CompiledRule::compile(def, rel, lex.gap, &inflector, |c| schema.rules.word_classes.get(c))
                .map_err(|message| SchemaError::BadRule {
                    pos: schema.pos_of("rules.ron", &format!("\"{}\"", def.id), 0),
                    rule: def.id.clone(),
                    message,
                })?;
            debug_assert_eq!(i, rules.len());
            rules.push(compiled);
        }
        let frames = Frames::compile(&schema.rules.rules, &inflector, &lower_set(&lex.prepositions), &lex.venue_prepositions, |c| schema.rules.word_classes.get(c));
        let mut agent_nouns: FxHashSet<String> = words.agents.clone();
        for t in &lex.titles {
            if let Some(last) = t.split_whitespace().last() {
                agent_nouns.extend(inflector.noun_forms(last));
            }
        }
        let phrases = |xs: &[String]| -> Vec<Phrase> { xs.iter().map(|x| compile_phrase(x, &inflector, true)).collect() };
        let mut negation = phrases(&lex.modality.negation);
        let mut hypothetical = phrases(&lex.modality.hypothetical);
        let mut conditional = phrases(&lex.modality.conditional);
        let mut asserting: Vec<rule::FormSet> =
            lex.modality.asserting_governors.iter().map(|g| inflector.forms(g).into_iter().collect()).collect();
        let mut list_heads: Vec<Phrase> = lex.list_heads.iter().map(|x| compile_phrase(x, &Inflector::default(), false)).collect();
        let mut not_actors: Vec<Phrase> = lex.not_actors.iter().map(|x| compile_phrase(x, &Inflector::default(), false)).collect();
        // The last words of the collectives ("sides"), to find sentences that may hold one.
        let collective_ends: FxHashSet<String> =
            lex.collectives.iter().flat_map(|c| &c.phrases).filter_map(|p| p.split_whitespace().last()).map(str::to_lowercase).collect();
        let mut collectives: Vec<(Phrase, usize)> = lex
            .collectives
            .iter()
            .flat_map(|c| c.phrases.iter().map(|x| (compile_phrase(x, &Inflector::default(), false), c.count)))
            .collect();
        // Intern every word compared with tokens, and flag the lexicon's word lists.
        let mut vocab = Vocab::default();
        let lists: [(&[String], u32); 10] = [
            (&lex.clause_breaks, flag::SOFT_BREAK),
            (&lex.pronouns, flag::PRONOUN),
            (&lex.relative_pronouns, flag::RELATIVE),
            (&lex.prepositions, flag::PREPOSITION),
            (&lex.venue_prepositions, flag::VENUE_PREPOSITION),
            (&lex.determiners, flag::DETERMINER),
            (&lex.conjunctions, flag::CONJUNCTION),
            (&lex.subordinators, flag::SUBORDINATOR),
            (&lex.opening_pronouns, flag::OPENING_PRONOUN),
            (&lex.modality.infinitive, flag::INFINITIVE),
        ];
        for (list, f) in lists {
            for w in lower_set(list) {
                vocab.mark(&w, f);
            }
        }
        words.mark(&mut vocab);
        let collective_phrases = collectives.iter_mut().map(|(p, _)| p);
        for p in negation.iter_mut().chain(&mut hypothetical).chain(&mut conditional).chain(&mut list_heads).chain(&mut not_actors).chain(collective_phrases) {
            link_phrase(p, &mut vocab);
        }
        for a in &mut asserting {
            a.link(&mut vocab);
        }
        for r in &mut rules {
            r.link(&mut vocab);
        }
        for w in &collective_ends {
            vocab.mark(w, flag::COLLECTIVE_END);
        }
        for w in frames.forms() {
            vocab.mark(w, flag::FRAME_WORD);
        }
        let descriptions: FxHashMap<String, crate::model::ActorKind> = lex
            .descriptions
            .iter()
            .flat_map(|d| d.nouns.iter().flat_map(|n| inflector.noun_forms(n)).map(move |n| (n, d.kind)))
            .collect();
        for w in descriptions.keys() {
            vocab.mark(w, flag::DESCRIPTION);
        }
        // The gazetteer's words join the vocabulary (with no flags and no
        // rules, they match nothing a rule reads), so that one lookup per
        // token gives both ids.
        let gazetteer = Gazetteer::new(schema);
        for w in gazetteer.context_words() {
            vocab.mark(w, flag::CONTEXT_NAME);
        }
        let name_word_ids: Vec<(u32, u32)> = gazetteer.name_words().map(|(w, n)| (vocab.intern(w), n)).collect();
        let mut name_words = vec![NO_WORD; vocab.len()];
        for (id, n) in name_word_ids {
            name_words[id as usize] = n;
        }
        let mut verb_anchors = vec![Vec::new(); vocab.len()];
        let mut nominal_anchors = vec![Vec::new(); vocab.len()];
        let mut anywhere = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            let index = if r.adjective_layout() { &mut nominal_anchors } else { &mut verb_anchors };
            match r.anchor_ids() {
                Some(ids) => ids.into_iter().for_each(|id| index[id as usize].push(i as u32)),
                None => anywhere.push(i as u32),
            }
        }
        // The first words of list heads and modality cues, so that each list
        // is tried only where one of its phrases can start.
        let collective_phrases: Vec<Phrase> = collectives.iter().map(|(p, _)| p.clone()).collect();
        for (list, f) in [
            (&list_heads, flag::LIST_HEAD_START),
            (&negation, flag::NEGATION_START),
            (&hypothetical, flag::HYPOTHETICAL_START),
            (&conditional, flag::CONDITIONAL_START),
            (&not_actors, flag::NOT_ACTOR_START),
            (&collective_phrases, flag::COLLECTIVE_START),
        ] {
            for id in list.iter().filter_map(|p| p.first()).flat_map(|first| first.ids()) {
                vocab.mark_id(*id, f);
            }
        }
        for id in collective_phrases.iter().filter_map(|p| p.last()).flat_map(|last| last.ids()) {
            vocab.mark_id(*id, flag::COLLECTIVE_LAST);
        }
        let first_of = |names: Vec<&str>| -> Vec<usize> {
            let mut first: FxHashMap<&str, usize> = FxHashMap::default();
            names.iter().enumerate().map(|(i, n)| *first.entry(n).or_insert(i)).collect()
        };
        let same_actor = first_of(gazetteer.actors().iter().map(|a| a.id.as_str()).collect());
        let same_relation = first_of(relations.iter().map(|(id, _)| id.as_str()).collect());
        Ok(Extractor {
            gazetteer,
            rules,
            relations,
            splitter: SentenceSplitter::new(&lex.abbreviations),
            negation,
            hypothetical,
            conditional,
            asserting,
            list_head_index: PhraseIndex::of(&list_heads),
            list_heads,
            not_actor_index: PhraseIndex::of(&not_actors),
            not_actors,
            discards: Discards::new(&lex.discard_stories, &lex.discard_sentences),
            // (The head, then up to three modifiers before the last word.)
            collective_reach: collectives.iter().map(|(p, _)| p.len().saturating_sub(1) + 3).max().unwrap_or(0),
            collectives,
            subject_gap: lex.subject_gap,
            vocab,
            name_words,
            verb_anchors,
            nominal_anchors,
            anywhere,
            same_actor,
            same_relation,
            frames,
            cues: modality::Cues::new(&lex.modality),
            agent_nouns,
            pronoun_words: lower_set(&lex.pronouns).into_iter().chain(lower_set(&lex.opening_pronouns)).collect(),
            descriptions,
            parse: true,
            irregular_pasts: lex
                .irregular_verbs
                .iter()
                .flat_map(|(_, past, participle)| past.split('|').chain(participle.split('|')))
                .map(str::to_lowercase)
                .collect(),
        })
    }

    /// Whether the rules are also read over each sentence's dependency
    /// parse (the default), or by their token patterns only: the shallow
    /// reading is tens of times faster and finds fewer triples (passives,
    /// control, relative clauses, pronouns and descriptions need the parse).
    ///
    /// ```
    /// use actorgraph::{extract::Extractor, schema::Schema, text::Document};
    /// let schema = Schema::embedded().unwrap();
    /// let text = "Canada on Friday imposed a sweeping new set of targeted financial sanctions on Iran.";
    /// let doc = Document::new("d", text);
    /// assert_eq!(Extractor::new(&schema).unwrap().extract(&doc)[0].object.id.as_str(), "Iran");
    /// assert!(Extractor::new(&schema).unwrap().with_parse(false).extract(&doc).is_empty());
    /// ```
    pub fn with_parse(mut self, on: bool) -> Extractor {
        self.parse = on;
        self
    }

    /// The compiled gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The sentence splitter configured from the lexicon.
    pub fn splitter(&self) -> &SentenceSplitter {
        &self.splitter
    }

    /// The compiled rules, in schema order.
    pub fn rules(&self) -> &[CompiledRule] {
        &self.rules
    }

    /// Reads a document into triples. Sentences are tokenised and analysed
    /// one at a time, so memory follows the text, not its tokens.
    pub fn extract(&self, doc: &Document) -> Vec<Triple> {
        let mut triples = Vec::new();
        self.for_each_triple(doc, |t| triples.push(t.into()));
        triples
    }

    /// Calls `f` on each triple of a document, in the order of
    /// [`extract`](Self::extract), with its text borrowed rather than
    /// copied: for a caller that writes triples out, as the command line does.
    ///
    /// ```
    /// use actorgraph::{extract::Extractor, schema::Schema, text::Document};
    /// let extractor = Extractor::new(&Schema::embedded().unwrap()).unwrap();
    /// let doc = Document::new("d1", "North Korea has supplied artillery shells to Russia.");
    /// let mut lines = Vec::new();
    /// extractor.for_each_triple(&doc, |t| lines.push(serde_json::to_string(&t).unwrap()));
    /// let owned: Vec<String> = extractor.extract(&doc).iter().map(|t| serde_json::to_string(t).unwrap()).collect();
    /// assert_eq!(lines, owned);
    /// assert!(lines[0].contains(r#""relation":"supply""#));
    /// ```
    pub fn for_each_triple(&self, doc: &Document, mut f: impl FnMut(TripleRef<'_>)) {
        self.for_each_analysis(doc, false, |a| {
            for p in &a.parts {
                f(self.triple_ref(doc, &a, p));
            }
            // The next sentences are read into this one's vectors.
            with_scratch(|scratch| scratch.recycle(a));
        });
    }

    /// Reads every sentence of a document, carrying the leading actor of
    /// each sentence to the next, where an opening pronoun may refer to it.
    pub fn analyse_document(&self, doc: &Document) -> Vec<SentenceAnalysis> {
        let mut out = Vec::new();
        self.for_each_analysis(doc, true, |mut a| {
            a.triples = self.owned_triples(doc, &a);
            out.push(a);
        });
        out
    }

    /// The triples of an analysis, as owned values.
    fn owned_triples(&self, doc: &Document, a: &SentenceAnalysis) -> Vec<Triple> {
        a.parts.iter().map(|p| self.triple_ref(doc, a, p).into()).collect()
    }

    /// One triple of an analysis, its text borrowed from the document, the
    /// analysis and the schema.
    fn triple_ref<'a>(&'a self, doc: &'a Document, a: &SentenceAnalysis, p: &'a TripleParts) -> TripleRef<'a> {
        let rule = &self.rules[p.rule];
        let text = doc.text.as_str();
        let tokens = &a.sentence.tokens;
        let actor = |mi: usize| {
            let mention = &a.mentions[mi];
            let actor = &self.gazetteer.actors()[mention.actor];
            let span_text = &text[tokens[mention.start].start..tokens[mention.end - 1].end];
            BorrowedActorRef { id: &actor.id, text: span_text.trim_end_matches([',', ' ']), kind: actor.kind }
        };
        TripleRef {
            doc: &doc.id,
            subject: actor(p.subject),
            relation: &self.relations[rule.relation].0,
            object: actor(p.object),
            predicate: &p.predicate,
            modality: p.modality,
            nominal: rule.nominal,
            sentence: a.sentence.index,
            span: (a.sentence.start, a.sentence.end),
            rule: &rule.id,
            text: &text[a.sentence.start..a.sentence.end],
            date: doc.date.as_deref(),
        }
    }

    /// Calls `f` on the analysis of each sentence. Unless `every_sentence`,
    /// sentences that name no actor are skipped: with no actor there is no
    /// group to fill a rule's source, so they hold no triple, name nobody
    /// and lead to no one, exactly as their full analysis would tell.
    fn for_each_analysis(&self, doc: &Document, every_sentence: bool, mut f: impl FnMut(SentenceAnalysis)) {
        let mut antecedent: Option<(usize, usize)> = None; // (actor, sentences since)
        // Actors the document has named so far, for context names ("the South").
        let mut named = vec![false; self.gazetteer.actors().len()];
        // The parties named so far, the latest last, for collectives ("the two sides").
        let mut recent: Vec<usize> = Vec::new();
        let spare = || with_scratch(|scratch| std::mem::take(&mut scratch.spare_tokens));
        let date = doc.date.as_deref().and_then(Date::parse);
        // A story the discard list marks codes nothing (`explain` still shows it).
        if !every_sentence && self.discards.story(&doc.text) {
            return;
        }
        for s in doc.iter_sentences_reusing(&self.splitter, spare) {
            let context = SentenceContext { antecedent: antecedent.map(|(actor, _)| actor), named: &named, recent: &recent, every_sentence, date };
            let a = self.analyse_in(doc, s, &context);
            let leading = a.as_ref().and_then(SentenceAnalysis::leading_actor);
            antecedent = match leading {
                Some(actor) => Some((actor, 0)),
                // The centre of attention fades after two sentences without actors.
                None => antecedent.filter(|(_, age)| *age < 1).map(|(actor, age)| (actor, age + 1)),
            };
            if let Some(a) = a {
                for m in &a.mentions {
                    named[m.actor] = true;
                    if m.how != NameKind::Collective && !m.weak && !self.is_venue(m, &a.sentence.tokens) {
                        recent.retain(|&r| r != m.actor);
                        recent.push(m.actor);
                    }
                }
                if every_sentence || !self.discards.sentence(&doc.text[a.sentence.start..a.sentence.end]) {
                    f(a);
                }
            }
        }
    }

    /// Reads one sentence and keeps every intermediate result. `antecedent`
    /// is the actor an opening pronoun ("It", "They") stands for.
    pub fn analyse(&self, doc: &Document, sentence: Sentence, antecedent: Option<usize>) -> SentenceAnalysis {
        let context = SentenceContext { antecedent, named: &[], recent: &[], every_sentence: true, date: doc.date.as_deref().and_then(Date::parse) };
        let mut a = self.analyse_in(doc, sentence, &context).expect("every sentence is analysed");
        a.triples = self.owned_triples(doc, &a);
        a
    }

    /// Like [`analyse`](Self::analyse), in the context of the document's
    /// earlier sentences. Unless `context.every_sentence`, a sentence that
    /// names no actor gives None (see [`Extractor::for_each_analysis`]).
    fn analyse_in(&self, doc: &Document, sentence: Sentence, context: &SentenceContext<'_>) -> Option<SentenceAnalysis> {
        with_scratch(|scratch| self.analyse_with(doc, sentence, context, scratch))
    }

    /// [`analyse_in`](Self::analyse_in) with the working vectors of `scratch`.
    fn analyse_with(&self, doc: &Document, sentence: Sentence, context: &SentenceContext<'_>, scratch: &mut Scratch) -> Option<SentenceAnalysis> {
        let SentenceContext { antecedent, named, recent, every_sentence, date } = *context;
        let Scratch {
            words,
            hits,
            in_sentence,
            ids,
            flags,
            weak,
            group_sizes,
            candidates,
            rule_matches,
            near,
            spare_tokens,
            mentions: spare_mentions,
            groups: spare_groups,
            members: spare_members,
            units: spare_units,
            nominal_units: spare_nominal_units,
            found,
            matches: spare_matches,
            shadowed: spare_shadowed,
            parts: spare_parts,
            predicates,
            seen,
            seen_pairs,
            parse,
            tree_start,
            tree_kids,
            mention_heads,
        } = scratch;
        let text = doc.text.as_str();
        let tokens = &sentence.tokens;
        // Each token's word id and flags, looked up once, and from the id its
        // word in the gazetteer; a form with diacritics is looked up again
        // without them, as the gazetteer's words have none.
        // (With the flags of all of them, so that a pass over the sentence
        // that looks for some flag is made only when it is there.)
        ids.clear();
        flags.clear();
        words.clear();
        let mut sentence_flags = 0;
        for t in tokens {
            let norm = t.norm.as_str();
            let (id, ascii) = self.vocab.get_noting_ascii(norm);
            let f = self.vocab.flags(id);
            ids.push(id);
            flags.push(f);
            sentence_flags |= f;
            let name_id = if ascii { id } else { self.vocab.get(&fold(norm)) };
            words.push(self.name_words.get(name_id as usize).copied().unwrap_or(NO_WORD));
        }
        self.gazetteer.find_by_words(text, tokens, words, date, hits);
        if sentence_flags & flag::CONTEXT_NAME != 0 {
            in_sentence.clear();
            in_sentence.extend(hits.iter().map(|h| h.actor));
            self.gazetteer.add_context_names(text, tokens, hits, |a| {
                named.get(a).copied().unwrap_or(false) || in_sentence.contains(&a)
            });
        }
        if let Some(actor) = antecedent {
            if let Some(p) = self.opening_pronoun(tokens, hits) {
                hits.insert(0, NameHit { actor, start: p, end: p + 1, how: NameKind::Pronoun });
            }
        }
        // A collective ("the two sides") may name actors where no name stands.
        // (A sentence may hold one if one of its words ends one: "sides" in "the two sides".)
        let may_hold_collective = sentence_flags & flag::COLLECTIVE_END != 0;
        if hits.is_empty() && !every_sentence && !(recent.len() >= 2 && may_hold_collective) {
            // The next sentence is tokenised into this one's vector.
            *spare_tokens = sentence.tokens;
            return None;
        }
        let (ids, flags) = (&ids[..], flags);
        // "Latin America" names no actor, though "America" does.
        // (Only where one can start, and only those that start with the word
        // there: an empty phrase matches nowhere here.)
        if !hits.is_empty() && sentence_flags & flag::NOT_ACTOR_START != 0 {
            for i in (0..ids.len()).filter(|&i| flags[i] & flag::NOT_ACTOR_START != 0) {
                for len in phrase_lengths_at(&self.not_actors, &self.not_actor_index, ids, i) {
                    hits.retain(|h| h.end <= i || i + len <= h.start);
                }
            }
        }
        let mut mentions = std::mem::take(spare_mentions);
        mention::compose_mentions(text, tokens, flags, hits, &mut mentions);
        let mut groups = std::mem::take(spare_groups);
        mention::group_mentions(tokens, flags, &mentions, &mut groups, spare_members);
        self.add_collectives(tokens, ids, flags, &mut mentions, &mut groups, recent);
        // A rule relates two groups at different places, or (reciprocal) the
        // members of one: with a single actor named once, no rule can
        // match, so only the mention matters (for the next sentences).
        // (Unless the parse may be read and a pronoun or description may name a second one.)
        let may_read_parse = self.parse && sentence_flags & flag::FRAME_WORD != 0 && !self.frames.is_empty();
        let may_refer = sentence_flags & (flag::PRONOUN | flag::DESCRIPTION) != 0;
        if !every_sentence && groups.len() < 2 && groups.iter().all(|g| g.members.len() < 2) && !(may_read_parse && may_refer) {
            let (units, nominal_units, matches, shadowed, near_misses, triples, parts) = Default::default();
            return Some(SentenceAnalysis { sentence, mentions, groups, units, nominal_units, matches, shadowed, near_misses, triples, parts });
        }
        // Two layouts: nominal rules see bare adjectives as actors ("Venezuelan
        // oil shipments"); verb rules read past them as words.
        weak.clear();
        weak.extend(groups.iter().map(|g| g.members.iter().all(|&m| mentions[m].weak)));
        let mut units = std::mem::take(spare_units);
        units_of(tokens.len(), &groups, |g| !weak[g], &mut units);
        let mut nominal_units = std::mem::take(spare_nominal_units);
        units_of(tokens.len(), &groups, |_| true, &mut nominal_units);
        // Numbers and list heads are skipped before a slot like determiners:
        // "killed 50 militiamen", "ties with nations like China".
        for (f, t) in flags.iter_mut().zip(tokens) {
            if t.kind == TokenKind::Number {
                *f |= flag::DETERMINER;
            }
        }
        // (Only where some list head can start: most tokens start none.)
        if sentence_flags & flag::LIST_HEAD_START != 0 {
            for i in 0..ids.len() {
                if flags[i] & flag::LIST_HEAD_START == 0 {
                    continue;
                }
                for len in phrase_lengths_at(&self.list_heads, &self.list_head_index, ids, i) {
                    flags[i..i + len].iter_mut().for_each(|x| *x |= flag::DETERMINER);
                }
            }
        }
        group_sizes.clear();
        group_sizes.extend(groups.iter().map(|g| g.members.len()));
        let flags = &flags[..];
        let base = SentenceView { units: &units, tokens, ids, flags, group_sizes };
        let nominal_view = SentenceView { units: &nominal_units, ..base };
        // The rules whose anchor word occurs, with the units where it does,
        // in rule order and then unit order (a pair packed as rule << 32 |
        // unit, which sorts in that order as one integer).
        let candidate = |r: u32, u: usize| u64::from(r) << 32 | u as u64;
        candidates.clear();
        for (layout, index) in [(&units, &self.verb_anchors), (&nominal_units, &self.nominal_anchors)] {
            for (u, unit) in layout.iter().enumerate() {
                if let Unit::Token(t) = *unit {
                    let id = ids[t];
                    if id != UNKNOWN {
                        candidates.extend(index[id as usize].iter().map(|&r| candidate(r, u)));
                    }
                }
            }
        }
        for &r in &self.anywhere {
            let n = if self.rules[r as usize].adjective_layout() { nominal_units.len() } else { units.len() };
            candidates.extend((0..n).map(|u| candidate(r, u)));
        }
        candidates.sort_unstable();
        found.clear();
        near.clear();
        let near_misses = near;
        rule_matches.clear();
        let mut rest = &candidates[..];
        while let Some(&first) = rest.first() {
            let r = first >> 32;
            let n = rest.iter().take_while(|&&c| c >> 32 == r).count();
            let (here, after) = rest.split_at(n);
            rest = after;
            let i = r as usize;
            let rule = &self.rules[i];
            let (view, layout) = if rule.adjective_layout() { (&nominal_view, &nominal_units) } else { (&base, &units) };
            rule.find(i, view, here.iter().map(|&c| c as u32 as usize), self.subject_gap, near_misses, rule_matches);
            for mut m in rule_matches.drain(..) {
                m.anchor_tokens = token_span(layout, &groups, m.anchor);
                let named_by = |forms: &Option<rule::FormSet>, g: Option<usize>| match (forms, g) {
                    (None, _) => true,
                    (Some(forms), Some(g)) => groups[g].members.iter().any(|&mi| {
                        let mention = &mentions[mi];
                        ids[mention.start..mention.end].iter().any(|&id| forms.contains_id(id))
                    }),
                    (Some(_), None) => false,
                };
                if !named_by(&rule.source_is, Some(m.source)) {
                    near_misses.push(NearMiss { rule: i, anchor: m.anchor, failed: "the source is not named with the required word" });
                } else if rule.target_is.is_some() && !named_by(&rule.target_is, m.target) {
                    near_misses.push(NearMiss { rule: i, anchor: m.anchor, failed: "the target is not named with the required word" });
                } else {
                    found.push(m);
                }
            }
        }
        self.share_coordinated_subjects(found, &units, &groups, &base);
        let (mut matches, mut shadowed) = (std::mem::take(spare_matches), std::mem::take(spare_shadowed));
        self.prioritise(found, &mut matches, &mut shadowed);
        // The sentence's parse, where a rule may read it: where a word may
        // carry one of their predicates and two actors can meet (two named,
        // or one and a word that may refer to another).
        let parsed = may_read_parse && (may_refer || mentions.iter().any(|m| m.actor != mentions[0].actor));
        if parsed {
            let parse = parse.get_or_insert_with(|| Parser::embedded().new_parse());
            Parser::embedded().parse_text(text, sentence.start, sentence.end, parse);
            // A verb pattern whose verb the parse reads as a noun with a
            // determiner read no verb: "condemned an attack by X" is no
            // passive of "attack". (A bare noun may be a mistagged verb:
            // "U.S. Forces Kill 50".)
            let as_noun = |m: &RuleMatch| {
                let Some(w) = parse.word_at(tokens[m.anchor_tokens.0].start) else { return false };
                let form = parse.word(w).form.to_lowercase();
                let past = form.ends_with("ed") || self.irregular_pasts.contains(&form);
                !self.rules[m.rule].nominal
                    && !past
                    && matches!(parse.word(w).upos, Upos::Noun | Upos::Propn)
                    && parse.dependents(w).any(|d| matches!(d.deprel, "det" | "nmod:poss"))
            };
            for m in matches.iter().filter(|m| as_noun(m)) {
                near_misses.push(NearMiss { rule: m.rule, anchor: m.anchor, failed: "nowhere: the parse reads its verb as a noun" });
            }
            matches.retain(|m| !as_noun(m));
        }
        let mut parts = std::mem::take(spare_parts);
        // One triple per (subject, relation, object), told apart by the
        // indices of their names (see `same_actor`), not by copies of them.
        seen.clear();
        let mut triples = TriplesOf { parts: &mut parts, seen, seen_pairs, predicates };
        for m in &matches {
            let (view, layout) = if self.rules[m.rule].adjective_layout() { (&nominal_view, &nominal_units) } else { (&base, &units) };
            self.triples_of(text, tokens, &mentions, &groups, layout, view, m, &mut triples);
        }
        // The rules read over the parse.
        if let (true, Some(parse)) = (parsed, parse.as_mut()) {
            let syntax = SentenceSyntax { parse, start: tree_start, kids: tree_kids, mention_heads };
            let context = Context { antecedent, recent };
            self.read_parse(&sentence, &mut mentions, context, syntax, &mut triples);
        }
        let triples = Vec::new();
        // Near misses only explain: an analysis read for its triples keeps none
        // (and the scratch keeps its vector).
        let near_misses = if every_sentence { std::mem::take(near_misses) } else { Vec::new() };
        Some(SentenceAnalysis { sentence, mentions, groups, units, nominal_units, matches, shadowed, near_misses, triples, parts })
    }

    /// Verb-phrase coordination: in "the US condemned Russia's invasion of
    /// Ukraine and called on Moscow", the actor just before "and called" is
    /// an object of the first verb; the second verb shares the first one's
    /// subject. A verb match whose subject is followed by a conjunction (so
    /// that the actor ends a verb phrase rather than opening a clause) takes
    /// the subject of the nearest earlier verb match, or else the sentence's
    /// first actor.
    fn share_coordinated_subjects(&self, found: &mut [RuleMatch], units: &[Unit], groups: &[ActorGroup], view: &SentenceView<'_>) {
        let verb_rule = |m: &RuleMatch| !self.rules[m.rule].adjective_layout();
        let first_group = units.iter().find_map(|u| match u {
            Unit::Group(g) => Some(*g),
            Unit::Token(_) => None,
        });
        let mut order: TinyVec<[usize; 16]> = (0..found.len()).collect();
        order.sort_by_key(|&i| found[i].anchor_tokens);
        for (k, &i) in order.iter().enumerate() {
            let m = &found[i];
            if !verb_rule(m) || m.lead_gap.0 >= m.lead_gap.1 {
                continue;
            }
            if !matches!(units.get(m.lead_unit), Some(Unit::Group(g)) if *g == m.source) {
                continue;
            }
            let gap: TinyVec<[usize; 16]> = units[m.lead_gap.0..m.lead_gap.1]
                .iter()
                .filter_map(|u| match u {
                    Unit::Token(t) => Some(*t),
                    Unit::Group(_) => None,
                })
                .filter(|&t| view.ids[t] != vocab::COMMA)
                .collect();
            // "… Ukraine and called on Moscow", "… accused Baku of the attack and called on":
            // a conjunction right after the actor or right before the verb.
            let conjunction = |t: &usize| view.flags[*t] & flag::CONJUNCTION != 0;
            if !(gap.first().is_some_and(conjunction) || gap.last().is_some_and(conjunction)) {
                continue;
            }
            let group_start = groups[m.source].start;
            // A verb inside a subordinate clause ("as Pyongyang aids …") does
            // not share its subject with the main clause's next verb.
            let subordinate = |g: usize| {
                let start = groups[g].start;
                view.flags[start.saturating_sub(2)..start].iter().any(|f| f & flag::SUBORDINATOR != 0)
            };
            let earlier = order[..k]
                .iter()
                .rev()
                .map(|&j| &found[j])
                .find(|p| verb_rule(p) && p.anchor_tokens.1 <= group_start && p.source != m.source && !subordinate(p.source))
                .map(|p| p.source)
                .or(first_group.filter(|&g| g != m.source && groups[g].end <= group_start));
            if let Some(source) = earlier {
                let m = &mut found[i];
                m.source = source;
                m.lead_last_only = false;
            }
        }
    }

    /// A phrase of the lexicon's `collectives` ("those three countries")
    /// stands for the last N parties named before it, in this sentence or,
    /// from `recent` (the latest last), in earlier ones. It becomes a group
    /// of N mentions over the phrase; with fewer parties named it is left alone.
    #[allow(clippy::too_many_arguments)]
    fn add_collectives(
        &self,
        tokens: &[Token],
        ids: &[u32],
        flags: &[u32],
        mentions: &mut Vec<ActorMention>,
        groups: &mut Vec<ActorGroup>,
        recent: &[usize],
    ) {
        // A collective ends in one of its last words: past the last such word
        // none can start (and in most sentences there is none).
        let Some(last_end) = flags.iter().rposition(|f| f & flag::COLLECTIVE_LAST != 0) else { return };
        let mut i = 0;
        // The first word at or after `i` that can end a collective.
        let mut next_last = 0;
        while i <= last_end {
            // Most words start no collective: only where one can start, with
            // a word that can end one close enough after it, are the phrases
            // tried (the schema admits no empty phrase).
            if flags[i] & flag::COLLECTIVE_START == 0 {
                i += 1;
                continue;
            }
            if next_last < i {
                next_last = flags[i..=last_end].iter().position(|f| f & flag::COLLECTIVE_LAST != 0).map_or(last_end, |k| i + k);
            }
            if next_last > i + self.collective_reach {
                i += 1;
                continue;
            }
            let found = self.collectives.iter().find_map(|(p, count)| collective_end(p, ids, flags, i).map(|end| (end, count)));
            let Some((end, count)) = found else {
                i += 1;
                continue;
            };
            if groups.iter().any(|g| g.start < end && i < g.end) {
                i = end;
                continue;
            }
            let here = mentions.iter().rev().filter(|m| m.end <= i && !m.weak && !self.is_venue(m, tokens)).map(|m| m.actor);
            let mut parties: Vec<usize> = Vec::with_capacity(*count);
            for actor in here.chain(recent.iter().rev().copied()) {
                if parties.len() == *count {
                    break;
                }
                if !parties.contains(&actor) {
                    parties.push(actor);
                }
            }
            if parties.len() == *count {
                parties.reverse();
                let first = mentions.len();
                mentions.extend(parties.into_iter().map(|actor| ActorMention { actor, start: i, end, how: NameKind::Collective, weak: false }));
                let at = groups.partition_point(|g| g.start < i);
                groups.insert(at, ActorGroup { members: (first..first + count).collect(), start: i, end });
            }
            i = end;
        }
    }

    /// A capital or region right after a preposition names a place, not a
    /// party: "talks in Havana".
    fn is_venue(&self, m: &ActorMention, tokens: &[Token]) -> bool {
        matches!(m.how, NameKind::Capital | NameKind::Region)
            && m.start > 0
            && self.vocab.flags(self.vocab.get(&tokens[m.start - 1].norm)) & flag::VENUE_PREPOSITION != 0
    }

    /// True when one of `phrases` occurs in `ids`. `start` is the flag that
    /// marks their first words: only where one stands can a phrase start.
    fn contains_phrase(&self, ids: &[u32], phrases: &[Phrase], start: u32) -> bool {
        (0..ids.len()).any(|i| {
            self.vocab.flags(ids[i]) & start != 0
                && phrases.iter().any(|p| !p.is_empty() && i + p.len() <= ids.len() && phrase_matches(p, &ids[i..i + p.len()]))
        })
    }

    /// A pronoun among the first tokens of a sentence, before any name:
    /// "It has warned Moscow", "But they refused", "Its troops".
    fn opening_pronoun(&self, tokens: &[Token], hits: &[NameHit]) -> Option<usize> {
        let first_hit = hits.first().map_or(usize::MAX, |h| h.start);
        tokens.iter().take(3.min(first_hit)).position(|t| self.vocab.flags(self.vocab.get(&t.norm)) & flag::OPENING_PRONOUN != 0)
    }

    /// Keeps, for each anchor and target, only the most specific rules: a
    /// generic "send .. to" yields to "send troops to" on the same words.
    /// `found` is emptied into `keep` and `drop` (cleared first).
    fn prioritise(&self, found: &mut Vec<RuleMatch>, keep: &mut Vec<RuleMatch>, drop: &mut Vec<RuleMatch>) {
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        let beaten = |m: &RuleMatch| {
            let spec = self.rules[m.rule].specificity;
            // "Japan and Korea met with Chile": the pair met Chile, not (only) each other.
            // ("Japan and Korea unite against China" still unites them: only the same relation.)
            let same_relation = |o: &RuleMatch| self.rules[o.rule].relation == self.rules[m.rule].relation;
            let paired_instead = m.target.is_none()
                && found.iter().any(|o| {
                    o.target.is_some() && o.source == m.source && same_relation(o) && overlaps(o.anchor_tokens, m.anchor_tokens)
                });
            paired_instead || found.iter().any(|o| {
                o.anchor_tokens == m.anchor_tokens
                    && o.target == m.target
                    && o.source == m.source
                    && (self.rules[o.rule].specificity > spec
                        || (self.rules[o.rule].specificity == spec
                            && self.rules[o.rule].relation == self.rules[m.rule].relation
                            && o.rule < m.rule))
            })
        };
        // Decided on all matches first, then moved (not copied) to their side.
        let beaten: TinyVec<[bool; 32]> = found.iter().map(beaten).collect();
        keep.clear();
        drop.clear();
        for (m, beaten) in found.drain(..).zip(beaten) {
            if beaten {
                drop.push(m);
            } else {
                keep.push(m);
            }
        }
    }

    /// Adds the triples of a rule match to `out.parts`, but for those of a
    /// (subject, relation, object) it holds already.
    #[allow(clippy::too_many_arguments)]
    fn triples_of(
        &self,
        text: &str,
        tokens: &[Token],
        mentions: &[ActorMention],
        groups: &[ActorGroup],
        units: &[Unit],
        view: &SentenceView<'_>,
        m: &RuleMatch,
        out: &mut TriplesOf<'_>,
    ) {
        let rule = &self.rules[m.rule];
        let (_, symmetric) = &self.relations[rule.relation];
        let modality = rule.modality.unwrap_or_else(|| self.modality_of(m, units, view));
        let lead_group = match units.get(m.lead_unit) {
            Some(Unit::Group(g)) => Some(*g),
            _ => None,
        };
        let members = |g: usize| -> &[usize] {
            let all = &groups[g].members[..];
            if m.lead_last_only && lead_group == Some(g) {
                &all[all.len() - 1..]
            } else {
                all
            }
        };
        let pairs = mention_pairs(members(m.source), m.target.map(members), *symmetric);
        // One triple per pair of actors, decided on actor indices before any
        // text is copied: a long coordination names the same actors often.
        out.seen_pairs.clear();
        let mut predicate: Option<String> = None;
        for (s, o) in pairs {
            let Some((s, o)) = self.admit(mentions, s, o, rule.relation, out) else { continue };
            let predicate = predicate.get_or_insert_with(|| {
                let mut p = out.predicates.pop().unwrap_or_default();
                p.clear();
                let words = m.literal_units.iter().filter_map(|&u| match units[u] {
                    Unit::Token(t) => Some(tokens[t].text(text)),
                    Unit::Group(_) => None,
                });
                for (k, w) in words.enumerate() {
                    if k > 0 {
                        p.push(' ');
                    }
                    p.push_str(w);
                }
                p
            });
            let mut copy = out.predicates.pop().unwrap_or_default();
            copy.clone_from(predicate);
            out.parts.push(TripleParts { subject: s, object: o, rule: m.rule, modality, predicate: copy, by_parse: false });
        }
        if let Some(p) = predicate {
            out.predicates.push(p);
        }
    }

    /// The pair of mentions `(s, o)` as a new triple of `relation`, ordered
    /// (a symmetric relation is one edge whichever actor came first), or
    /// None when the pair names one actor or its triple is there already.
    fn admit(&self, mentions: &[ActorMention], s: usize, o: usize, relation: usize, out: &mut TriplesOf<'_>) -> Option<(usize, usize)> {
        let symmetric = self.relations[relation].1;
        let (a, b) = (mentions[s].actor, mentions[o].actor);
        if a == b || !out.seen_pairs.insert(if symmetric { (a.min(b), a.max(b)) } else { (a, b) }) {
            return None;
        }
        let id = |mi: usize| self.gazetteer.actors()[mentions[mi].actor].id.as_str();
        let (s, o) = if symmetric && id(o) < id(s) { (o, s) } else { (s, o) };
        let key = (self.same_actor[mentions[s].actor], self.same_relation[relation], self.same_actor[mentions[o].actor]);
        out.seen.insert(key).then_some((s, o))
    }

    /// Gives the asserted triple of `pair` and `relation` read already the
    /// `modality` the parse found for it.
    fn reread_modality(&self, mentions: &[ActorMention], pair: (usize, usize), relation: usize, modality: Modality, parts: &mut [TripleParts]) {
        let actor = |mi: usize| self.same_actor[mentions[mi].actor];
        let symmetric = self.relations[relation].1;
        let (a, b) = (actor(pair.0), actor(pair.1));
        for p in parts.iter_mut().filter(|p| p.modality == Modality::Asserted) {
            let (x, y) = (actor(p.subject), actor(p.object));
            let same_pair = (x, y) == (a, b) || (symmetric && (y, x) == (a, b));
            if same_pair && self.same_relation[self.rules[p.rule].relation] == self.same_relation[relation] {
                p.modality = modality;
            }
        }
    }

    /// Reads the rules over the sentence's dependency parse: at each word
    /// that may carry a rule's predicate, the parse gives the words of its
    /// roles, and they the actors (see [`roles`]). A triple the token
    /// patterns found already is not added again.
    fn read_parse(
        &self,
        sentence: &Sentence,
        mentions: &mut Vec<ActorMention>,
        context: Context<'_>,
        syntax: SentenceSyntax<'_>,
        out: &mut TriplesOf<'_>,
    ) {
        let SentenceSyntax { parse, start, kids, mention_heads } = syntax;
        Tree::index(parse, start, kids);
        let tree = Tree::new(parse, start, kids);
        let tokens = &sentence.tokens;
        mention_heads.clear();
        mention_heads.extend(mentions.iter().map(|m| mention_head(&tree, parse, tokens[m.start].start, tokens[m.end - 1].end)));
        let mut reference = Reference { tokens, mentions, heads: mention_heads, context };
        let mut frames: TinyVec<[u32; 8]> = TinyVec::new();
        let mut found: Vec<(u32, frame::FrameMatch)> = Vec::new();
        for w in 0..tree.len() {
            let word = tree.word(w);
            frames.clear();
            frames.extend(self.frames.at(&word.form.to_lowercase()).iter().copied());
            frames.extend(self.frames.at(&word.lemma.to_lowercase()).iter().copied());
            frames.sort_unstable();
            found.clear();
            for (k, &f) in frames.iter().enumerate() {
                if k == 0 || frames[k - 1] != f {
                    found.extend(self.frames.frame(f).find(&tree, w, self.frames.venues()).map(|m| (f, m)));
                }
            }
            // The most specific reading of the word: "called on" over "called".
            let most = found.iter().map(|(_, m)| m.specificity).max().unwrap_or(0);
            for (f, m) in found.iter().filter(|(_, m)| m.specificity == most) {
                let frame = self.frames.frame(*f);
                let sources = self.actors_of(&tree, &m.sources, &mut reference, m.owned_source);
                if sources.is_empty() {
                    continue;
                }
                let targets = self.actors_of(&tree, &m.targets, &mut reference, false);
                let mentions = &reference.mentions[..];
                let rule = &self.rules[frame.rule];
                let modality = rule.modality.unwrap_or_else(|| self.cues.of(&tree, m.anchor, &m.targets));
                let pairs = mention_pairs(&sources, (!m.paired).then_some(&targets[..]), self.relations[rule.relation].1);
                out.seen_pairs.clear();
                for (s, o) in pairs {
                    let Some((s, o)) = self.admit(mentions, s, o, rule.relation, out) else {
                        // Read by a token pattern too: the parse sees the governing verbs
                        // beyond its window ("refused, under pressure, to condemn").
                        if modality != Modality::Asserted {
                            self.reread_modality(mentions, (s, o), rule.relation, modality, out.parts);
                        }
                        continue;
                    };
                    let mut predicate = out.predicates.pop().unwrap_or_default();
                    predicate.clear();
                    for (k, &pw) in m.words.iter().enumerate() {
                        if k > 0 {
                            predicate.push(' ');
                        }
                        predicate.push_str(tree.word(pw).form);
                    }
                    out.parts.push(TripleParts { subject: s, object: o, rule: frame.rule, modality, predicate, by_parse: true });
                }
            }
        }
    }

    /// The mentions the argument words `words` name: a mention headed by
    /// the word or by one coordinated with it, or the owner of an agent
    /// noun there ("Chinese troops", "the leaders of X and Y") — of any
    /// noun when `any_owner` ("Iranian drones were supplied": Iran).
    fn actors_of(&self, tree: &Tree<'_>, words: &[usize], r: &mut Reference<'_, '_>, any_owner: bool) -> TinyVec<[usize; 8]> {
        let mut out: TinyVec<[usize; 8]> = TinyVec::new();
        for &w in words {
            for c in tree.conjuncts(w) {
                if self.named_at(tree, c, r, &mut out) {
                    continue;
                }
                if any_owner || self.agent_nouns.contains(&tree.word(c).lemma.to_lowercase()) {
                    self.owners_into(tree, c, r, &mut out, 0);
                }
            }
        }
        sort_dedup(&mut out);
        out
    }

    /// Adds the actors owning noun `n` ("Chinese troops", "the units of
    /// Russia's army": through agent nouns, two deep at most).
    fn owners_into(&self, tree: &Tree<'_>, n: usize, r: &mut Reference<'_, '_>, out: &mut TinyVec<[usize; 8]>, depth: usize) {
        for owner in tree.owners_of_agent(n) {
            for o in tree.conjuncts(owner) {
                if !self.named_at(tree, o, r, out) && depth < 1 && self.agent_nouns.contains(&tree.word(o).lemma.to_lowercase()) {
                    self.owners_into(tree, o, r, out, depth + 1);
                }
            }
        }
    }

    /// Adds to `out` the mentions headed by word `w`, or, when `w` is a
    /// pronoun no mention covers, the actor it stands for: the subject of a
    /// clause that governs it ("Seoul said it would arm Kyiv"), else the
    /// actor the document was about. True when `w` named any.
    fn named_at(&self, tree: &Tree<'_>, w: usize, r: &mut Reference<'_, '_>, out: &mut TinyVec<[usize; 8]>) -> bool {
        let before = out.len();
        out.extend(r.heads.iter().enumerate().filter(|&(_, &h)| h == w).map(|(mi, _)| mi));
        if out.len() > before {
            return true;
        }
        let word = tree.word(w);
        let form = word.form.to_lowercase();
        let actor = if self.pronoun_words.contains(&form) {
            let governing = tree.governing_subjects(w);
            let named = governing.iter().find_map(|&s| r.heads.iter().position(|&h| h == s)).map(|mi| r.mentions[mi].actor);
            named.or(r.context.antecedent)
        } else if let Some(&kind) = self.descriptions.get(&form).filter(|_| tree.is_definite(w) && !tree.in_name(w)) {
            // The last actor of the kind: in this sentence before the noun, else before it.
            let of_kind = |a: &usize| self.gazetteer.actors()[*a].kind == kind;
            let start = word.span.map_or(0, |s| s.0);
            let here = r.mentions.iter().filter(|m| !m.weak && r.tokens[m.start].start < start).map(|m| m.actor).rfind(of_kind);
            here.or_else(|| r.context.recent.iter().rev().copied().find(of_kind))
        } else {
            None
        };
        let (Some(actor), Some((start, _))) = (actor, word.span) else { return false };
        let Ok(t) = r.tokens.binary_search_by_key(&start, |t| t.start) else { return false };
        r.mentions.push(ActorMention { actor, start: t, end: t + 1, how: NameKind::Pronoun, weak: false });
        r.heads.push(w);
        out.push(r.mentions.len() - 1);
        true
    }

    /// Reads the modality from the words between the leading slot and the
    /// anchor (and the anchor itself), and from a conditional opening the clause.
    fn modality_of(&self, m: &RuleMatch, units: &[Unit], view: &SentenceView<'_>) -> Modality {
        // (Inline: the words of a few units, not worth an allocation.)
        let words = |from: usize, to: usize| -> TinyVec<[u32; 16]> {
            units[from.min(to)..to]
                .iter()
                .filter_map(|u| match u {
                    Unit::Token(t) => Some(view.ids[*t]),
                    Unit::Group(_) => None,
                })
                .collect()
        };
        // The anchor itself is not a cue: "rejected" is a relation, not a negation.
        let lead = words(m.lead_gap.0, m.lead_gap.1);
        // Negation also stands between the verb and its target: "sent no troops to".
        let target_unit = m.target.and_then(|g| units.iter().position(|u| *u == Unit::Group(g)));
        let after = match target_unit {
            Some(t) if t > m.anchor.1 => words(m.anchor.1, t),
            _ => TinyVec::new(),
        };
        // A noun phrase takes its modality from the words just before it:
        // "ahead of a trilateral meeting between …", "the possibility of Russia's …".
        let phrase_start = m.lead_unit.min(m.anchor.0);
        let before = if self.rules[m.rule].nominal { words(phrase_start.saturating_sub(4), phrase_start) } else { TinyVec::new() };
        let negation = |ids: &[u32]| self.contains_phrase(ids, &self.negation, flag::NEGATION_START);
        let hypothetical = |ids: &[u32]| self.contains_phrase(ids, &self.hypothetical, flag::HYPOTHETICAL_START);
        if negation(&lead) || negation(&after) {
            return Modality::Negated;
        }
        if hypothetical(&lead) || hypothetical(&before) {
            return Modality::Hypothetical;
        }
        // An infinitive right before the verb: "allow Warsaw to send", "the first leader to meet Trump";
        // not after verbs that assert the act ("attempt to coordinate", "continue to fight").
        // ("urged Seoul and Tokyo to mend ties": the infinitive alone, after the object of "urged").
        if let Some((to, before)) = lead.split_last() {
            let asserted = before.last().is_some_and(|governor| self.asserting.iter().any(|f| f.contains_id(*governor)));
            if self.vocab.flags(*to) & flag::INFINITIVE != 0 && !asserted {
                return Modality::Hypothetical;
            }
        }
        // A conditional shortly before the leading slot: "if Seoul sends arms".
        let conditional = words(m.lead_unit.saturating_sub(3), m.lead_unit);
        if self.contains_phrase(&conditional, &self.conditional, flag::CONDITIONAL_START) {
            return Modality::Hypothetical;
        }
        Modality::Asserted
    }
}


/// The pairs of mentions a match relates, in order: each source with each
/// target, or (no targets: reciprocal) each source with each later one,
/// both ways unless the relation is symmetric.
fn mention_pairs<'a>(sources: &'a [usize], targets: Option<&'a [usize]>, symmetric: bool) -> impl Iterator<Item = (usize, usize)> + 'a {
    sources.iter().enumerate().flat_map(move |(i, &a)| {
        let (with, both_ways): (&[usize], bool) = match targets {
            Some(t) => (t, false),
            None => (&sources[i + 1..], !symmetric),
        };
        with.iter().flat_map(move |&b| {
            let back = if both_ways { Some((b, a)) } else { None };
            std::iter::once((a, b)).chain(back)
        })
    })
}

/// Sorts a few indices and drops repeats (TinyVec has no `dedup`).
fn sort_dedup(v: &mut TinyVec<[usize; 8]>) {
    v.sort_unstable();
    let mut kept = 0;
    for i in 0..v.len() {
        if kept == 0 || v[kept - 1] != v[i] {
            v[kept] = v[i];
            kept += 1;
        }
    }
    v.truncate(kept);
}

/// What a pronoun of the parse may refer to: the sentence's mentions and
/// their head words (a pronoun resolved becomes a mention of its own),
/// and the actor the document was about before this sentence.
struct Reference<'t, 'm> {
    tokens: &'t [Token],
    mentions: &'m mut Vec<ActorMention>,
    heads: &'m mut Vec<usize>,
    context: Context<'t>,
}

/// What the document said before this sentence.
#[derive(Clone, Copy)]
struct Context<'a> {
    /// The actor it was about.
    antecedent: Option<usize>,
    /// The parties it named, the latest last.
    recent: &'a [usize],
}

/// The head word of the mention over bytes `start..end`: its word whose
/// head is outside it (usize::MAX when the parse has no word there).
fn mention_head(tree: &Tree<'_>, parse: &Parse<'_>, start: usize, end: usize) -> usize {
    let Some(first) = parse.word_at(start) else { return usize::MAX };
    let last = (first..tree.len()).take_while(|&i| tree.word(i).span.is_some_and(|(s, _)| s < end)).last().unwrap_or(first);
    (first..=last).find(|&i| tree.word(i).head.map_or(true, |h| h < first || h > last)).unwrap_or(first)
}

/// The working vectors of reading one sentence that its analysis does not
/// keep, reused from sentence to sentence (one set per thread) so that
/// reading a sentence allocates only what it yields.
#[derive(Default)]
struct Scratch {
    /// Each token's word id in the gazetteer.
    words: Vec<u32>,
    /// The names found.
    hits: Vec<NameHit>,
    /// The actors the gazetteer found (for context names).
    in_sentence: Vec<usize>,
    /// Each token's word id in the vocabulary.
    ids: Vec<u32>,
    /// Each token's flags.
    flags: Vec<u32>,
    /// Whether each group is only bare adjectives.
    weak: Vec<bool>,
    /// Each group's number of members.
    group_sizes: Vec<usize>,
    /// (rule, unit) pairs where a rule's anchor word stands, packed.
    candidates: Vec<u64>,
    /// One rule's matches, before they are checked.
    rule_matches: Vec<RuleMatch>,
    /// Rules whose anchor was found but whose pattern failed around it.
    near: Vec<NearMiss>,
    /// The token vector of a sentence whose analysis is done with, for the
    /// next sentence to be tokenised into.
    spare_tokens: Vec<Token>,
    /// The vectors of an analysis done with ([`Scratch::recycle`]), for the
    /// next one: its mentions, groups, and so on, emptied.
    mentions: Vec<ActorMention>,
    groups: Vec<ActorGroup>,
    /// Emptied vectors of group members.
    members: Vec<Vec<usize>>,
    units: Vec<Unit>,
    nominal_units: Vec<Unit>,
    matches: Vec<RuleMatch>,
    shadowed: Vec<RuleMatch>,
    parts: Vec<TripleParts>,
    /// Emptied predicate strings.
    predicates: Vec<String>,
    /// The rule matches of a sentence, before priority.
    found: Vec<RuleMatch>,
    /// The (subject, relation, object) triples of a sentence.
    seen: FewSet<(usize, usize, usize)>,
    /// The pairs of actors of one rule match.
    seen_pairs: FewSet<(usize, usize)>,
    /// The parse of the sentence, and its index of dependents.
    parse: Option<Parse<'static>>,
    tree_start: Vec<u32>,
    tree_kids: Vec<u32>,
    /// Each mention's head word in the parse.
    mention_heads: Vec<usize>,
}

/// The working vectors of reading a sentence's parse.
struct SentenceSyntax<'a> {
    parse: &'a mut Parse<'static>,
    start: &'a mut Vec<u32>,
    kids: &'a mut Vec<u32>,
    mention_heads: &'a mut Vec<usize>,
}

impl Scratch {
    /// Keeps the vectors of an analysis that is done with, emptied, for the
    /// next sentences to be read into.
    fn recycle(&mut self, a: SentenceAnalysis) {
        let SentenceAnalysis { sentence, mut mentions, mut groups, units, nominal_units, matches, shadowed, near_misses: _, triples: _, parts } = a;
        // (A vector the analysis did not take from here, as on its early
        // returns, has none to give back: the spare is kept then.)
        fn keep<T>(spare: &mut Vec<T>, mut v: Vec<T>) {
            if v.capacity() > spare.capacity() {
                v.clear();
                *spare = v;
            }
        }
        keep(&mut self.spare_tokens, sentence.tokens);
        mentions.clear();
        keep(&mut self.mentions, mentions);
        self.members.extend(groups.drain(..).map(|g| g.members));
        keep(&mut self.groups, groups);
        keep(&mut self.units, units);
        keep(&mut self.nominal_units, nominal_units);
        keep(&mut self.matches, matches);
        keep(&mut self.shadowed, shadowed);
        let mut parts = parts;
        self.predicates.extend(parts.drain(..).map(|p| p.predicate));
        keep(&mut self.parts, parts);
    }
}

/// The vectors [`Extractor::triples_of`] adds triples to.
struct TriplesOf<'a> {
    parts: &'a mut Vec<TripleParts>,
    /// The sentence's (subject, relation, object) triples so far.
    seen: &'a mut FewSet<(usize, usize, usize)>,
    /// Working memory: one match's pairs of actors.
    seen_pairs: &'a mut FewSet<(usize, usize)>,
    /// Emptied strings, for predicates.
    predicates: &'a mut Vec<String>,
}

/// A set of a handful of keys, as a sentence has: a list searched
/// linearly, which turns into a hash set past [`FewSet::LIST`] keys (only
/// an unusually long coordination has as many pairs).
#[derive(Debug)]
struct FewSet<T> {
    list: Vec<T>,
    set: FxHashSet<T>,
}

impl<T> Default for FewSet<T> {
    fn default() -> Self {
        FewSet { list: Vec::new(), set: FxHashSet::default() }
    }
}

impl<T: Copy + Eq + std::hash::Hash> FewSet<T> {
    /// Keys past which a hash set is used.
    const LIST: usize = 32;

    /// Adds `key`; true when it was not there.
    fn insert(&mut self, key: T) -> bool {
        if self.list.len() < Self::LIST {
            if self.list.contains(&key) {
                return false;
            }
            self.list.push(key);
            return true;
        }
        if self.set.is_empty() {
            self.set.extend(self.list.iter().copied());
        }
        self.set.insert(key)
    }

    /// Empties the set.
    fn clear(&mut self) {
        self.list.clear();
        self.set.clear();
    }
}

/// Calls `f` with this thread's [`Scratch`].
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
    }
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        // (Only if a caller's callback reads another document on this thread.)
        Err(_) => f(&mut Scratch::default()),
    })
}

/// The lengths of the phrases of `phrases` (indexed by their first words
/// in `index`) that occur in `ids` at `i`.
fn phrase_lengths_at<'a>(phrases: &'a [Phrase], index: &'a PhraseIndex, ids: &'a [u32], i: usize) -> impl Iterator<Item = usize> + 'a {
    index
        .starting_with(ids[i])
        .iter()
        .map(|&p| &phrases[p as usize])
        .filter(move |p| i + p.len() <= ids.len() && phrase_matches(p, &ids[i..i + p.len()]))
        .map(|p| p.len())
}

/// Where a collective phrase that starts at token `i` ends: its words in
/// order, with up to three modifiers before the last ("the two Horn of
/// Africa nations", "the two nuclear-armed neighbours"), none of them a
/// comma or a clause break.
fn collective_end(phrase: &Phrase, ids: &[u32], flags: &[u32], i: usize) -> Option<usize> {
    let (last, head) = phrase.split_last()?;
    let after_head = i + head.len();
    if after_head >= ids.len() || !head.iter().zip(&ids[i..after_head]).all(|(forms, &id)| forms.contains_id(id)) {
        return None;
    }
    (after_head..ids.len().min(after_head + 4))
        .take_while(|&j| j == after_head || (ids[j - 1] != vocab::COMMA && flags[j - 1] & (flag::HARD_BREAK | flag::SOFT_BREAK) == 0))
        .find(|&j| last.contains_id(ids[j]))
        .map(|j| j + 1)
}

/// The tokens units `span` cover.
fn token_span(units: &[Unit], groups: &[ActorGroup], span: (usize, usize)) -> (usize, usize) {
    let start = |u: &Unit| match *u {
        Unit::Token(t) => t,
        Unit::Group(g) => groups[g].start,
    };
    let end = |u: &Unit| match *u {
        Unit::Token(t) => t + 1,
        Unit::Group(g) => groups[g].end,
    };
    match (units.get(span.0), span.1.checked_sub(1).and_then(|e| units.get(e))) {
        (Some(a), Some(b)) if span.1 > span.0 => (start(a), end(b)),
        _ => (0, 0),
    }
}

/// Lays tokens and groups out as units, into `units` (cleared first): a
/// group for which `keep` holds replaces the tokens it covers.
fn units_of(n_tokens: usize, groups: &[ActorGroup], keep: impl Fn(usize) -> bool, units: &mut Vec<Unit>) {
    units.clear();
    let mut t = 0;
    // (Groups are sorted and disjoint; one that starts inside a group laid
    // out before it is read as tokens.)
    for (g, group) in groups.iter().enumerate() {
        if group.start >= t && group.start < n_tokens && keep(g) {
            units.extend((t..group.start).map(Unit::Token));
            units.push(Unit::Group(g));
            t = group.end;
        }
    }
    units.extend((t..n_tokens).map(Unit::Token));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_set_agrees_with_a_hash_set_past_its_list() {
        let mut few = FewSet::default();
        let mut all = FxHashSet::default();
        for round in 0..2 {
            // Repeats both while the list holds the keys and after it turned into a set.
            for k in (0..100usize).chain(0..50).chain((0..100).rev()) {
                let key = (k % 70, k / 7 + round);
                assert_eq!(few.insert(key), all.insert(key), "{key:?}");
            }
            few.clear();
            all.clear();
        }
    }

    #[test]
    fn units_lay_out_kept_groups_in_place_of_their_tokens() {
        let group = |start, end| ActorGroup { members: vec![0], start, end };
        let groups = [group(0, 2), group(3, 4), group(5, 8)];
        let mut units = vec![Unit::Group(9)];
        units_of(9, &groups, |g| g != 1, &mut units);
        use Unit::{Group as G, Token as T};
        assert_eq!(units, [G(0), T(2), T(3), T(4), G(2), T(8)]);
        units_of(9, &groups, |_| true, &mut units);
        assert_eq!(units, [G(0), T(2), G(1), T(4), G(2), T(8)]);
        units_of(3, &[], |_| true, &mut units);
        assert_eq!(units, [T(0), T(1), T(2)]);
    }

    #[test]
    fn no_collective_starts_out_of_reach_of_a_word_that_ends_one() {
        // Random runs of the collectives' words, commas and other words: where
        // `add_collectives` passes a token over for want of a last word within
        // reach, no collective phrase matches there.
        let extractor = Extractor::new(&Schema::embedded().unwrap()).unwrap();
        let mut words: Vec<u32> = extractor.collectives.iter().flat_map(|(p, _)| p.iter().flat_map(|f| f.ids().iter().copied())).collect();
        words.sort_unstable();
        words.dedup();
        words.extend([vocab::COMMA, extractor.vocab.get("said"), extractor.vocab.get("war"), UNKNOWN]);
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut below = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut passed_over, mut found) = (0, 0);
        for _ in 0..20_000 {
            let mut ids: Vec<u32> = (0..1 + below(16)).map(|_| words[below(words.len())]).collect();
            // A collective planted in the noise, with up to three modifiers
            // before its last word, so that matches at the edge of the reach occur.
            let (phrase, _) = &extractor.collectives[below(extractor.collectives.len())];
            let (last, head) = phrase.split_last().unwrap();
            let mut planted: Vec<u32> = head.iter().map(|f| f.ids()[below(f.ids().len())]).collect();
            planted.extend((0..below(4)).map(|_| extractor.vocab.get("war")));
            planted.push(last.ids()[below(last.ids().len())]);
            let at = below(ids.len() + 1);
            ids.splice(at..at, planted);
            let flags: Vec<u32> = ids.iter().map(|&id| extractor.vocab.flags(id)).collect();
            for i in (0..ids.len()).filter(|&i| flags[i] & flag::COLLECTIVE_START != 0) {
                let next_last = (i..ids.len()).find(|&j| flags[j] & flag::COLLECTIVE_LAST != 0);
                let matching = extractor.collectives.iter().filter(|(p, _)| collective_end(p, &ids, &flags, i).is_some()).count();
                found += usize::from(matching > 0);
                if next_last.map_or(true, |j| j > i + extractor.collective_reach) {
                    passed_over += 1;
                    assert_eq!(matching, 0, "{ids:?} at {i}");
                }
            }
        }
        assert!(passed_over > 1000 && found > 1000, "{passed_over} {found}");
    }

    #[test]
    fn recycled_vectors_give_the_same_analyses() {
        // The same documents read twice on one thread: the second time into
        // the vectors the first left behind.
        let extractor = Extractor::new(&Schema::embedded().unwrap()).unwrap();
        let texts = [
            "Japan, the US and South Korea condemned North Korea's missile launch. The two sides agreed to hold talks.",
            "Russia and China signed a deal. It also sent troops to Syria, Iran and Iraq, which have supplied drones to Moscow.",
            "Nothing here names an actor.",
        ];
        let read = || -> Vec<String> {
            let mut lines = Vec::new();
            for (i, text) in texts.iter().enumerate() {
                let doc = Document::new(format!("d{i}"), *text);
                extractor.for_each_triple(&doc, |t| lines.push(serde_json::to_string(&t).unwrap()));
            }
            lines
        };
        let first = read();
        assert!(first.len() >= 4, "{first:?}");
        assert_eq!(read(), first);
        let owned: Vec<String> = texts
            .iter()
            .enumerate()
            .flat_map(|(i, text)| extractor.extract(&Document::new(format!("d{i}"), *text)))
            .map(|t| serde_json::to_string(&t).unwrap())
            .collect();
        assert_eq!(owned, first);
    }
}
