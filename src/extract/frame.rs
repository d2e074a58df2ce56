//! Rules read over the parse: each rule's predicate and the roles that fill
//! its source and target, compiled once, then matched at the words that
//! carry a predicate.
//!
//! A rule's roles are given (`source: Subject, target: Via(["to"])`) or
//! read off its pattern, whose common shapes say them plainly: `$ * +` is
//! subject and object, `$ * .. to +` subject and the oblique with "to",
//! `$ * .. @SANCTION_N on +` a light verb with its noun, `$ 's @ATTACK_N on
//! +` a noun with its owner, `@TALKS_N between $` a noun between a pair.
//! The same rule then reads "X was supplied by Y", "Y agreed to supply X"
//! and "the shells that Y supplied to X", which its pattern does not.

use rustc_hash::{FxHashMap, FxHashSet};

use super::inflect::Inflector;
use super::roles::{Tree, Words};
use crate::schema::{Pattern, PatternElement, Role, RuleDef};
use crate::syntax::Upos;

/// What kind of word carries a frame's predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    Verb,
    Noun,
}

/// One rule's predicate and roles (one per verb of the rule).
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    /// The rule, by index.
    pub rule: usize,
    head: Head,
    source: Role,
    /// None: the members of the source are paired (a reciprocal rule).
    target: Option<Role>,
    /// The forms the verb's object must have ("impose" + sanctions), if any.
    object: Option<FxHashSet<String>>,
    /// The other words of a multi-word verb, each as its forms, that must
    /// depend on the verb ("talks" of "hold talks", "fire" of "open fire").
    with_words: Vec<FxHashSet<String>>,
    /// The last word of a multi-word verb when it is a preposition or
    /// particle ("call on", "cut off"): the target is the oblique with it,
    /// or the object when the parse reads it as a particle.
    particle: Option<String>,
    /// The pattern reads the passive only (`+ * by $`).
    passive: bool,
    /// The pattern has its preposition right after the verb (`$ * into
    /// +`): the verb takes no object ("poured into" and not "poured
    /// money into").
    intransitive: bool,
}

/// A frame's arguments at one predicate: the words that name the source
/// and the target, and the words the predicate is made of.
#[derive(Debug, Default)]
pub(crate) struct FrameMatch {
    pub sources: Words,
    /// Empty for a reciprocal frame: the sources are paired.
    pub targets: Words,
    /// True when the sources are to be paired with each other.
    pub paired: bool,
    /// The predicate's words, in sentence order.
    pub words: Words,
    /// Where modality is read.
    pub anchor: usize,
    /// The sources are the things acted on, whose owners did it (an
    /// agentless passive: "Russia's troops were sent").
    pub owned_source: bool,
    /// How much of the predicate the reading used: its words and particle
    /// ("called on" over "called").
    pub specificity: usize,
}

/// The frames of a schema, indexed by the forms of their predicate words.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frames {
    frames: Vec<Frame>,
    /// Lower-case form → the frames whose predicate word it may be.
    by_form: FxHashMap<String, Vec<u32>>,
    /// Prepositions of places ("in", "at"): a phrase with one names where,
    /// not whom (the lexicon's `venue_prepositions`).
    venues: Vec<String>,
}

impl Frames {
    /// The frames of `rules` (those whose roles are given or can be read
    /// off the pattern). `class` looks up a word class.
    pub fn compile<'a>(
        rules: &[RuleDef],
        inflector: &Inflector,
        prepositions: &FxHashSet<String>,
        venues: &[String],
        class: impl Fn(&str) -> Option<&'a Vec<String>>,
    ) -> Frames {
        let mut out = Frames { venues: venues.to_vec(), ..Frames::default() };
        for (i, def) in rules.iter().enumerate() {
            let Ok(pattern) = Pattern::parse(&def.pattern) else { continue };
            // Named roles stand for a verb rule of any shape.
            let named = (!def.nominal && def.source.is_some())
                .then_some(Shape { head: Head::Verb, source: Role::Subject, target: None, object: None, nouns: None, passive: false, intransitive: false });
            // (Roles the rule names replace the shape's, its object too.)
            let Some(shape) = named.or_else(|| Shape::of(def, &pattern)) else { continue };
            let words_of = |spec: &Spec| -> Vec<String> {
                match spec {
                    Spec::Class(c) => class(c).cloned().unwrap_or_default(),
                    Spec::Words(w) => w.clone(),
                }
            };
            let object = def
                .object
                .as_deref()
                .map(|o| match o.strip_prefix('@') {
                    Some(c) => Spec::Class(c.to_string()),
                    None => Spec::Words(o.split('|').map(str::to_string).collect()),
                })
                .or(shape.object);
            let object = object.map(|spec| noun_forms(&words_of(&spec), inflector));
            let source = def.source.clone().unwrap_or(shape.source);
            let target = def.target.clone().or(shape.target);
            match shape.head {
                Head::Noun => {
                    let Some(nouns) = &shape.nouns else { continue };
                    let frame =
                        Frame { rule: i, head: Head::Noun, source, target, object: None, with_words: Vec::new(), particle: None, passive: false, intransitive: false };
                    out.add(frame, noun_forms(&words_of(nouns), inflector));
                }
                Head::Verb => {
                    for verb in &def.verbs {
                        let mut words = verb.split_whitespace().filter(|w| !matches!(*w, "a" | "an" | "the"));
                        let Some(first) = words.next() else { continue };
                        let mut rest: Vec<&str> = words.collect();
                        let particle = match rest.last() {
                            Some(last) if prepositions.contains(*last) || matches!(*last, "off" | "up" | "out" | "down" | "back" | "upon" | "by" | "of") => {
                                rest.pop().map(str::to_string)
                            }
                            _ => None,
                        };
                        let with_words = rest.iter().map(|w| noun_forms(&[w.to_string()], inflector).into_iter().chain(inflector.forms(w)).collect()).collect();
                        let frame = Frame {
                            rule: i,
                            head: Head::Verb,
                            source: source.clone(),
                            target: target.clone(),
                            object: object.clone(),
                            with_words,
                            particle,
                            passive: shape.passive,
                            intransitive: shape.intransitive,
                        };
                        out.add(frame, inflector.forms(first).into_iter().collect());
                    }
                }
            }
        }
        out
    }

    /// The prepositions of places, for [`Frame::find`].
    pub fn venues(&self) -> &[String] {
        &self.venues
    }

    fn add(&mut self, frame: Frame, forms: FxHashSet<String>) {
        let id = self.frames.len() as u32;
        for f in forms {
            self.by_form.entry(f).or_default().push(id);
        }
        self.frames.push(frame);
    }

    /// True when no rule reads the parse.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// Every form some frame's predicate word may take (to mark sentences worth parsing).
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        self.by_form.keys().map(String::as_str)
    }

    /// The frames whose predicate word may be `form` (lower case).
    pub fn at(&self, form: &str) -> &[u32] {
        self.by_form.get(form).map_or(&[], Vec::as_slice)
    }

    /// Frame `i`.
    pub fn frame(&self, i: u32) -> &Frame {
        &self.frames[i as usize]
    }
}

impl Frame {
    /// The frame's arguments at word `w`, if the parse gives them there;
    /// `venues` are the prepositions of places ([`Frames::venues`]).
    pub fn find(&self, tree: &Tree<'_>, w: usize, venues: &[String]) -> Option<FrameMatch> {
        let word = tree.word(w);
        let lower = |i: usize| tree.word(i).form.to_lowercase();
        let of = ["of".to_string()];
        let mut m = FrameMatch { anchor: w, ..FrameMatch::default() };
        m.words.push(w);
        match self.head {
            Head::Verb => {
                if (word.upos != Upos::Verb && !word.xpos.starts_with("VB")) || (self.passive && !tree.is_passive(w)) {
                    return None;
                }
                for forms in &self.with_words {
                    let k = tree.children(w).find(|&k| forms.contains(&lower(k)))?;
                    m.words.push(k);
                }
                let objects = tree.objects(w);
                if self.intransitive && !objects.is_empty() && !tree.is_passive(w) {
                    return None;
                }
                if let Some(forms) = &self.object {
                    let noun = |i: &usize| forms.contains(&lower(*i)) || forms.contains(&tree.word(*i).lemma.to_lowercase());
                    // The object itself, or what it counts: "a new package of sanctions".
                    let o = *objects.first()?;
                    let counted = tree.with_preposition(o, &[], &of);
                    let noun = std::iter::once(o).chain(counted).find(noun)?;
                    m.words.push(noun);
                }
                m.sources = match self.fill(tree, w, venues, &self.source, &m.words) {
                    Some(words) => words,
                    // "Russia's troops were sent to Syria": a passive with no
                    // agent is done by whoever owns what it moves.
                    None if self.source == Role::Subject && self.object.is_some() && tree.is_passive(w) => {
                        m.owned_source = true;
                        objects.clone()
                    }
                    None => return None,
                };
                match (&self.target, &self.particle) {
                    (None, _) => m.paired = true,
                    // "call on X": the oblique with "on", or "cut off X" read with a particle.
                    (Some(Role::Object), Some(p)) => {
                        m.specificity += 1;
                        let as_particle = tree.children(w).any(|k| tree.word(k).deprel == "compound:prt" && tree.word(k).lemma == p);
                        m.targets = if as_particle { objects } else { tree.with_preposition(w, &m.words[1..], std::slice::from_ref(p)) };
                    }
                    (Some(role), _) => m.targets = self.fill(tree, w, venues, role, &m.words)?,
                }
            }
            Head::Noun => {
                if !matches!(word.upos, Upos::Noun | Upos::Propn) {
                    return None;
                }
                m.sources = self.fill(tree, w, venues, &self.source, &[])?;
                match &self.target {
                    None => m.paired = true,
                    Some(role) => m.targets = self.fill(tree, w, venues, role, &[])?,
                }
            }
        }
        if self.source == Role::Between {
            m.paired = true;
        }
        if m.paired {
            m.targets.clear();
        } else if m.targets.is_empty() {
            return None;
        }
        m.words.sort_unstable();
        m.specificity += m.words.len();
        Some(m)
    }

    /// The words that fill `role` of the predicate at `w`; `attached` are
    /// the predicate's other words (a light verb's noun), whose modifiers
    /// count as the verb's ("imposed sanctions on X"). None when empty.
    fn fill(&self, tree: &Tree<'_>, w: usize, venues: &[String], role: &Role, attached: &[usize]) -> Option<Words> {
        let between = ["between".to_string(), "among".to_string()];
        let of = ["of".to_string()];
        let words = match (self.head, role) {
            (Head::Verb, Role::Subject) => tree.subjects(w),
            (Head::Verb, Role::Object) => tree.objects(w),
            (Head::Verb, Role::ObjectPhrase) => tree.objects(w).iter().flat_map(|&o| std::iter::once(o).chain(tree.phrase_members(o, venues))).collect(),
            (Head::Verb, Role::Recipient) => tree.recipients(w),
            // The owner of the verb's noun, or the noun itself when it names one ("hosts Russian troops").
            (Head::Verb, Role::Possessor) => attached.iter().skip(1).flat_map(|&a| std::iter::once(a).chain(tree.possessors(a))).collect(),
            (_, Role::Via(preps)) => {
                let mut also: Words = attached.iter().skip(1).copied().collect();
                if self.head == Head::Verb {
                    also.extend(tree.objects(w));
                }
                tree.with_preposition(w, &also, preps)
            }
            (_, Role::Between) => tree.with_preposition(w, &attached[attached.len().min(1)..], &between),
            (Head::Noun, Role::Subject | Role::Possessor) => tree.possessors(w),
            (Head::Noun, Role::Object) => tree.with_preposition(w, &[], &of),
            (Head::Noun, Role::Recipient) => Words::new(),
            (Head::Noun, Role::ObjectPhrase) => tree.phrase_members(w, venues),
        };
        (!words.is_empty()).then_some(words)
    }
}

/// A word list of a pattern: a class by name or the words themselves.
#[derive(Debug, Clone)]
enum Spec {
    Class(String),
    Words(Vec<String>),
}

/// The roles a pattern's shape gives.
struct Shape {
    head: Head,
    source: Role,
    target: Option<Role>,
    /// A verb's required object.
    object: Option<Spec>,
    /// A noun frame's nouns.
    nouns: Option<Spec>,
    /// Passive voice only.
    passive: bool,
    /// No object.
    intransitive: bool,
}

impl Shape {
    /// The roles `pattern` says plainly, if it has one of the shapes the
    /// module documents (gaps and optional words aside).
    fn of(def: &RuleDef, pattern: &Pattern) -> Option<Shape> {
        use PatternElement as E;
        let quote = |c: &str| c == "QUOTE";
        let elements: Vec<&E> = pattern
            .elements
            .iter()
            .filter(|e| !matches!(e, E::Gap(_) | E::Optional(_)) && !matches!(e, E::Class(c) if quote(c)))
            .collect();
        let spec = |e: &E| match e {
            E::Class(c) => Some(Spec::Class(c.clone())),
            E::Words { alternatives, .. } => Some(Spec::Words(alternatives.clone())),
            _ => None,
        };
        let preps = |e: &E| match e {
            E::Words { alternatives, .. } => Some(alternatives.clone()),
            _ => None,
        };
        let verb = |source, target, object| Some(Shape { head: Head::Verb, source, target, object, nouns: None, passive: false, intransitive: false });
        let noun = |source, target, nouns| Some(Shape { head: Head::Noun, source, target, object: None, nouns, passive: false, intransitive: false });
        if def.nominal {
            return match elements[..] {
                [E::Source, E::Possessive, n, p, E::Target] | [E::Source, n, p, E::Target] => {
                    noun(Role::Possessor, Some(Role::Via(preps(p)?)), Some(spec(n)?))
                }
                [n, E::Words { alternatives, .. }, E::Source] if alternatives.iter().all(|a| a == "between" || a == "among") => {
                    noun(Role::Between, None, Some(spec(n)?))
                }
                _ => None,
            };
        }
        if def.source_is.is_some() || def.target_is.is_some() {
            return None;
        }
        match elements[..] {
            [E::Source, E::Verb, E::Target] => verb(Role::Subject, Some(Role::Object), None),
            [E::Target, E::Verb, E::Words { alternatives, .. }, E::Source] if alternatives.len() == 1 && alternatives[0] == "by" => {
                verb(Role::Subject, Some(Role::Object), None).map(|s| Shape { passive: true, ..s })
            }
            [E::Source, E::Verb, p @ E::Words { .. }, E::Target] => {
                let verb_at = pattern.elements.iter().position(|e| *e == E::Verb)?;
                let adjacent = matches!(pattern.elements.get(verb_at + 1), Some(E::Words { .. }));
                verb(Role::Subject, Some(Role::Via(preps(p)?)), None).map(|s| Shape { intransitive: adjacent, ..s })
            }
            [E::Source, E::Verb, o, p @ E::Words { .. }, E::Target] => verb(Role::Subject, Some(Role::Via(preps(p)?)), Some(spec(o)?)),
            // "condemned the Russian invasion": the object's owner.
            [E::Source, E::Verb, E::Target, o @ E::Class(_)] => verb(Role::Subject, Some(Role::Possessor), Some(spec(o)?)),
            // "Syria hosts Russian troops": the subject receives, the object's owner sends.
            [E::Target, E::Verb, E::Source, o @ E::Class(_)] => verb(Role::Possessor, Some(Role::Subject), Some(spec(o)?)),
            [E::Target, E::Verb, E::Source] => verb(Role::Object, Some(Role::Subject), None),
            [E::Source, E::Verb] if def.reciprocal => verb(Role::Subject, None, None),
            [E::Source, E::Verb, o] if def.reciprocal => verb(Role::Subject, None, Some(spec(o)?)),
            _ => None,
        }
    }
}

/// The lower-case forms of single-word nouns (singular and plural; `=word`
/// as written). Multi-word entries are left to the token reader.
fn noun_forms(words: &[String], inflector: &Inflector) -> FxHashSet<String> {
    let mut out = FxHashSet::default();
    for w in words {
        if w.contains(' ') {
            continue;
        }
        match w.strip_prefix('=') {
            Some(exact) => {
                out.insert(exact.to_lowercase());
            }
            None => out.extend(inflector.noun_forms(w)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(pattern: &str, nominal: bool, reciprocal: bool) -> Option<(Head, Role, Option<Role>)> {
        let def = RuleDef { pattern: pattern.into(), nominal, reciprocal, ..RuleDef::default() };
        Shape::of(&def, &Pattern::parse(pattern).unwrap()).map(|s| (s.head, s.source, s.target))
    }

    #[test]
    fn shapes_read_off_patterns() {
        assert_eq!(shape("$ * +", false, false), Some((Head::Verb, Role::Subject, Some(Role::Object))));
        assert_eq!(shape("+ * by $", false, false), Some((Head::Verb, Role::Subject, Some(Role::Object))));
        assert_eq!(shape("$ * ..6 to|into +", false, false), Some((Head::Verb, Role::Subject, Some(Role::Via(vec!["to".into(), "into".into()])))));
        assert_eq!(shape("$ * ..3 @X on +", false, false).map(|s| s.2), Some(Some(Role::Via(vec!["on".into()]))));
        assert_eq!(shape("$ *", false, true), Some((Head::Verb, Role::Subject, None)));
        assert_eq!(shape("$ 's ..3 @X ..2 on|of +", true, false).map(|s| (s.0, s.1)), Some((Head::Noun, Role::Possessor)));
        assert_eq!(shape("@X ..4 between|among $", true, false), Some((Head::Noun, Role::Between, None)));
    }

    #[test]
    fn named_roles_read_what_the_pattern_cannot() {
        use crate::extract::Extractor;
        use crate::schema::Schema;
        use crate::text::Document;
        let rule = r#"(rules: [(id: "supply.entrust", relation: "supply", verbs: ["entrust"], pattern: "$ * + ..3 to",
            source: Subject, target: Via(["to"]))])"#;
        let schema = Schema::with_additions(&[], &[("rules.ron", rule)]).unwrap();
        let extractor = Extractor::new(&schema).unwrap();
        let triples = extractor.extract(&Document::new("d", "Chile entrusted its two oldest frigates to Peru."));
        let read: Vec<(&str, &str, &str)> = triples.iter().map(|t| (t.subject.id.as_str(), t.rule.as_str(), t.object.id.as_str())).collect();
        assert_eq!(read, [("Chile", "supply.entrust", "Peru")]);
        let bad = r#"(rules: [(id: "x", relation: "supply", verbs: ["entrust"], pattern: "$ * +", target: Via([]))])"#;
        let err = Schema::with_additions(&[], &[("rules.ron", bad)]).unwrap_err().to_string();
        assert!(err.contains("names no preposition"), "{err}");
    }

    #[test]
    fn object_owner_shapes() {
        assert_eq!(shape("$ * + ..2 @X", false, false), Some((Head::Verb, Role::Subject, Some(Role::Possessor))));
        assert_eq!(shape("+ * $ ..2 @X", false, false), Some((Head::Verb, Role::Possessor, Some(Role::Subject))));
        assert_eq!(shape("+ * $", false, false), Some((Head::Verb, Role::Object, Some(Role::Subject))));
        assert_eq!(shape("pro - + $", true, false), None);
        assert_eq!(shape("$ ..4 its|their ..2 @X in|on +", true, false), None);
    }
}
