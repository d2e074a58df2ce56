//! Predicates and roles: who fills a predicate's subject, object and
//! obliques, read from the dependency parse once for every rule.
//!
//! The argument of a role is followed through the constructions that move
//! it away from its verb, so that a rule names roles and never
//! constructions: passives ("X was attacked by Y"), control ("Y agreed to
//! send", "urged Y to send"), relative clauses ("the country that Y
//! invaded", "Y, which has supplied"), reduced relatives ("a truce
//! brokered by Y"), participle clauses ("..., accusing Y") and verb
//! coordination ("Y met X and signed"). An argument word then names
//! actors directly (a mention's head), through coordination ("X and Y"),
//! or through an agent noun ("Chinese troops", "the leaders of X").

use tinyvec::TinyVec;

use crate::syntax::{Parse, Upos, Word};

/// Word indices of a few arguments.
pub(crate) type Words = TinyVec<[usize; 8]>;

/// How far a role is followed up the tree (xcomp and conj chains).
const MAX_DEPTH: usize = 6;

/// One sentence's parse with each word's dependents, as the role finder reads it.
pub(crate) struct Tree<'a> {
    parse: &'a Parse<'a>,
    /// `kids[start[i]..start[i + 1]]` are the dependents of word `i`, in order.
    start: &'a [u32],
    kids: &'a [u32],
}

impl<'a> Tree<'a> {
    /// Indexes the dependents of `parse` into the two (reused) vectors.
    pub fn index(parse: &Parse<'_>, start: &mut Vec<u32>, kids: &mut Vec<u32>) {
        let n = parse.len();
        start.clear();
        start.resize(n + 1, 0);
        let heads: TinyVec<[Option<usize>; 64]> = (0..n).map(|i| parse.word(i).head).collect();
        for h in heads.iter().flatten() {
            start[h + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        kids.clear();
        kids.resize(start[n] as usize, 0);
        let mut fill: TinyVec<[u32; 64]> = start[..n].iter().copied().collect();
        for (d, h) in heads.iter().enumerate() {
            if let Some(h) = h {
                kids[fill[*h] as usize] = d as u32;
                fill[*h] += 1;
            }
        }
    }

    /// The tree over `parse`, with the vectors [`Tree::index`] filled.
    pub fn new(parse: &'a Parse<'a>, start: &'a [u32], kids: &'a [u32]) -> Tree<'a> {
        Tree { parse, start, kids }
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.parse.len()
    }

    /// Word `i`.
    pub fn word(&self, i: usize) -> Word<'_> {
        self.parse.word(i)
    }

    /// The dependents of word `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.kids[self.start[i] as usize..self.start[i + 1] as usize].iter().map(|&k| k as usize)
    }

    /// The dependents of `i` whose relation is `rel` or a subtype of it
    /// (`"obl"` takes `obl:tmod` too).
    fn children_as<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.children(i).filter(move |&k| is_rel(self.word(k).deprel, rel))
    }

    fn child_as(&self, i: usize, rel: &str) -> Option<usize> {
        self.children_as(i, rel).next()
    }

    /// The preposition of a nominal: the lemma of its `case` dependent ("to"
    /// in "to Kyiv"), or of a `case` word at the very start of its phrase,
    /// where a misparse may hang it ("on [radical cleric] Sadr").
    pub fn preposition(&self, i: usize) -> Option<&str> {
        let own = self.children_as(i, "case").map(|k| self.word(k).lemma).find(|l| !matches!(*l, "'s" | "'" | "’s" | "’"));
        own.or_else(|| {
            let first = self.left_edge(i, 0);
            let w = self.word(first);
            (first != i && w.deprel == "case" && w.upos == Upos::Adp).then_some(w.lemma)
        })
    }

    /// The first word of the phrase `i` heads.
    fn left_edge(&self, i: usize, depth: usize) -> usize {
        match self.children(i).next() {
            Some(k) if k < i && depth < self.len() => self.left_edge(k, depth + 1),
            _ => i,
        }
    }

    fn is_verbal(&self, i: usize) -> bool {
        let w = self.word(i);
        w.upos == Upos::Verb || w.xpos.starts_with("VB")
    }

    /// An infinitive: a verb with the marker "to" (tagged TO).
    pub fn is_infinitive(&self, v: usize) -> bool {
        self.children_as(v, "mark").any(|k| self.word(k).xpos == "TO")
    }

    /// A relative pronoun ("which", "who", "that"): its tag is a wh-tag (WDT, WP).
    fn is_relative(&self, i: usize) -> bool {
        self.word(i).xpos.starts_with('W')
    }

    /// A passive verb: with a passive subject or auxiliary, or a past
    /// participle modifying a noun ("a truce brokered by X").
    pub fn is_passive(&self, v: usize) -> bool {
        self.child_as(v, "nsubj:pass").is_some()
            || self.child_as(v, "aux:pass").is_some()
            || (is_rel(self.word(v).deprel, "acl") && self.word(v).xpos == "VBN")
    }

    /// The noun a relative clause's verb `v` modifies, when `w` (a dependent
    /// of `v`) is its relative pronoun or `v` heads a relative clause.
    fn antecedent(&self, v: usize, w: usize) -> usize {
        let clause = self.word(v);
        match clause.head {
            Some(noun) if is_rel(clause.deprel, "acl") && self.is_relative(w) => noun,
            _ => w,
        }
    }

    /// The passive agent of `v`: "by X".
    fn agent(&self, v: usize) -> Option<usize> {
        self.children(v).find(|&k| {
            let w = self.word(k);
            w.deprel == "obl:agent" || (is_rel(w.deprel, "obl") && self.preposition(k) == Some("by"))
        })
    }

    /// Who does what verb `v` says: its logical subjects.
    pub fn subjects(&self, v: usize) -> Words {
        let mut out = Words::new();
        self.subjects_into(v, 0, &mut out);
        out
    }

    fn subjects_into(&self, v: usize, depth: usize, out: &mut Words) {
        if depth > MAX_DEPTH {
            return;
        }
        if self.is_passive(v) {
            out.extend(self.agent(v));
            return;
        }
        if let Some(s) = self.child_as(v, "nsubj").filter(|_| !self.is_passive(v)) {
            out.push(self.antecedent(v, s));
            return;
        }
        let w = self.word(v);
        let Some(head) = w.head else { return };
        match w.deprel {
            // Object control ("urged Seoul to send"), else subject control ("agreed to send").
            "xcomp" => match self.child_as(head, "obj").or_else(|| self.child_as(head, "iobj")) {
                Some(o) if self.is_verbal(head) => out.push(o),
                _ if self.is_verbal(head) => self.subjects_into(head, depth + 1, out),
                _ => {}
            },
            // "Seoul met Tokyo and signed": the first verb's subject (not
            // a participle joined to a finite verb: a misread modifier).
            "conj" if self.is_verbal(head) && !(w.xpos == "VBG" && self.word(head).xpos != "VBG") => {
                self.subjects_into(head, depth + 1, out)
            }
            // "the country that attacked": the noun the clause modifies.
            "acl:relcl" | "acl" => out.push(head),
            // "..., accusing Seoul", "refused this week to condemn": a
            // participle or infinitive clause's subject is the main clause's.
            "advcl" if w.xpos == "VBG" || self.is_infinitive(v) => self.subjects_into(head, depth + 1, out),
            _ => {}
        }
    }

    /// Who verb `v` is done to: its logical objects.
    pub fn objects(&self, v: usize) -> Words {
        let mut out = Words::new();
        self.objects_into(v, 0, &mut out);
        out
    }

    fn objects_into(&self, v: usize, depth: usize, out: &mut Words) {
        if depth > MAX_DEPTH {
            return;
        }
        if self.is_passive(v) {
            if let Some(s) = self.child_as(v, "nsubj:pass") {
                out.push(self.antecedent(v, s));
            } else if let (Some(head), true) = (self.word(v).head, is_rel(self.word(v).deprel, "acl")) {
                // "a proposal dismissed by X".
                out.push(head);
            } else if self.word(v).deprel == "xcomp" {
                // "X wants Y to be punished".
                if let Some(h) = self.word(v).head {
                    self.subjects_into(h, depth + 1, out);
                }
            }
            return;
        }
        // (An object with a preposition is a misread oblique: "fight alongside X".)
        if let Some(o) = self.child_as(v, "obj").filter(|&o| self.preposition(o).is_none()) {
            out.push(self.antecedent(v, o));
            return;
        }
        // "the country Russia invaded": a relative clause with a subject and no object.
        let w = self.word(v);
        if w.deprel == "acl:relcl" && self.child_as(v, "nsubj").is_some_and(|s| !self.is_relative(s)) {
            out.extend(w.head);
        }
    }

    /// The indirect object of `v`: "gave Kyiv tanks".
    pub fn recipients(&self, v: usize) -> Words {
        self.children_as(v, "iobj").collect()
    }

    /// The nominals attached to `v` with one of the prepositions `preps`
    /// (`obl` of a verb, `nmod` of a noun), and those attached so to the
    /// words of `also` (the verb's object: "sent troops to X").
    pub fn with_preposition(&self, v: usize, also: &[usize], preps: &[String]) -> Words {
        let mut out = Words::new();
        for &at in std::iter::once(&v).chain(also) {
            for k in self.children(at) {
                let rel = self.word(k).deprel;
                // (An object with a preposition is a misread oblique.)
                if !(is_rel(rel, "obl") || is_rel(rel, "nmod") || is_rel(rel, "advcl") || rel == "obj") || rel == "nmod:poss" {
                    continue;
                }
                if self.preposition(k).is_some_and(|p| preps.iter().any(|x| x.eq_ignore_ascii_case(p))) {
                    out.push(k);
                }
            }
        }
        out
    }

    /// A noun's owners: "X's", "the X-ian" (an adjective or compound that
    /// names an actor is checked by the caller), "by X".
    pub fn possessors(&self, n: usize) -> Words {
        self.children(n)
            .filter(|&k| {
                let w = self.word(k);
                matches!(w.deprel, "nmod:poss" | "amod" | "compound")
                    || (is_rel(w.deprel, "nmod") && self.preposition(k) == Some("by"))
            })
            .collect()
    }

    /// A noun with the definite article: "the bloc" (tagged DT, lemma "the").
    pub fn is_definite(&self, n: usize) -> bool {
        self.children_as(n, "det").any(|k| self.word(k).lemma.eq_ignore_ascii_case("the"))
    }

    /// A capitalised word with name parts of its own: "Union" in "the
    /// Soviet Union" is a name, not the description "the union".
    pub fn in_name(&self, n: usize) -> bool {
        self.word(n).form.starts_with(char::is_uppercase)
            && self.children(n).any(|k| matches!(self.word(k).deprel, "compound" | "flat" | "amod"))
    }

    /// True when word `a` is `w` or one of its ancestors.
    pub fn dominates(&self, a: usize, w: usize) -> bool {
        let mut at = Some(w);
        for _ in 0..self.len() {
            match at {
                Some(x) if x == a => return true,
                Some(x) => at = self.word(x).head,
                None => return false,
            }
        }
        false
    }

    /// The subjects of the clauses that govern word `p`, nearest first:
    /// where a pronoun looks for what it stands for ("Seoul warned Moscow
    /// it could arm Kyiv": Seoul).
    pub fn governing_subjects(&self, p: usize) -> Words {
        let mut out = Words::new();
        let mut at = self.word(p).head;
        for _ in 0..MAX_DEPTH * 2 {
            let Some(a) = at else { break };
            if self.is_verbal(a) {
                out.extend(self.subjects(a).into_iter().filter(|&s| !self.dominates(s, p)));
            }
            at = self.word(a).head;
        }
        out
    }

    /// The nouns inside the phrase of noun `n`, through its prepositional
    /// modifiers and their conjuncts, a few levels deep: "the resumption of
    /// ties with X and Y" gives "ties", X and Y. Owners ("their") are not
    /// inside the phrase, nor are places: a modifier with one of `venues`
    /// ("an attack in X").
    pub fn phrase_members(&self, n: usize, venues: &[String]) -> Words {
        let mut out = Words::new();
        let mut level = Words::new();
        level.push(n);
        for _ in 0..3 {
            let mut next = Words::new();
            for &at in &level {
                for k in self.children(at) {
                    let rel = self.word(k).deprel;
                    let venue = self.preposition(k).is_some_and(|p| venues.iter().any(|v| v.eq_ignore_ascii_case(p)));
                    if ((is_rel(rel, "nmod") && rel != "nmod:poss") || rel == "conj" || rel == "appos") && !venue {
                        next.push(k);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            out.extend(next.iter().copied());
            level = next;
        }
        out
    }

    /// The words coordinated with `w` ("X, Y and Z" from X), `w` first.
    pub fn conjuncts(&self, w: usize) -> Words {
        let mut out = Words::new();
        out.push(w);
        let mut i = 0;
        while i < out.len() && out.len() < 32 {
            let at = out[i];
            out.extend(self.children_as(at, "conj"));
            i += 1;
        }
        out
    }

    /// The words that modify noun `n` as its owner, part or origin: the
    /// places an agent noun names its actor ("Chinese troops", "Iran's
    /// navy", "the leaders of Ethiopia", "officials from Sudan").
    pub fn owners_of_agent(&self, n: usize) -> Words {
        self.children(n)
            .filter(|&k| {
                let w = self.word(k);
                matches!(w.deprel, "nmod:poss" | "amod" | "compound" | "flat")
                    || (is_rel(w.deprel, "nmod") && matches!(self.preposition(k), Some("of" | "from")))
            })
            .collect()
    }
}

/// True when `deprel` is `rel` or one of its subtypes (`obl:tmod` for `obl`).
fn is_rel(deprel: &str, rel: &str) -> bool {
    deprel == rel || (deprel.len() > rel.len() && deprel.starts_with(rel) && deprel.as_bytes()[rel.len()] == b':')
}

/// Calls `f` with the parse of `sentence` and the index of its first word
/// written `verb` (for tests of the stages that read the parse).
#[cfg(test)]
pub(crate) fn at_verb<R>(sentence: &str, verb: &str, f: impl FnOnce(&Tree<'_>, usize) -> R) -> R {
    let parser = crate::syntax::Parser::embedded();
    let mut parse = parser.new_parse();
    parser.parse_text(sentence, 0, sentence.len(), &mut parse);
    let (mut start, mut kids) = (Vec::new(), Vec::new());
    Tree::index(&parse, &mut start, &mut kids);
    let tree = Tree::new(&parse, &start, &kids);
    let v = (0..tree.len()).find(|&i| tree.word(i).form == verb).expect("the verb is in the sentence");
    f(&tree, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The forms of the words `f` gives for the first word whose form is `verb`.
    fn roles(sentence: &str, verb: &str, f: impl Fn(&Tree<'_>, usize) -> Words) -> Vec<String> {
        at_verb(sentence, verb, |tree, v| f(tree, v).iter().map(|&w| tree.word(w).form.to_string()).collect())
    }

    #[test]
    fn a_phrase_holds_the_nouns_of_its_modifiers() {
        let venues = ["in".to_string()];
        let members = roles("Rohan welcomed the resumption of ties with Gondor and Arnor.", "welcomed", |t, v| t.objects(v).iter().flat_map(|&o| t.phrase_members(o, &venues)).collect());
        assert_eq!(members, vec!["ties", "Gondor", "Arnor"]);
        let members = roles("Rohan condemned the raid by Gondor in Arnor.", "condemned", |t, v| t.objects(v).iter().flat_map(|&o| t.phrase_members(o, &venues)).collect());
        assert_eq!(members, vec!["Gondor"]);
        let members = roles("Rohan welcomed their decision.", "welcomed", |t, v| t.objects(v).iter().flat_map(|&o| t.phrase_members(o, &venues)).collect());
        assert!(members.is_empty(), "{members:?}");
    }

    #[test]
    fn active_subject_and_object() {
        assert_eq!(roles("Chile criticized Peru on Monday.", "criticized", |t, v| t.subjects(v)), ["Chile"]);
        assert_eq!(roles("Chile criticized Peru on Monday.", "criticized", |t, v| t.objects(v)), ["Peru"]);
    }

    #[test]
    fn passive_swaps_the_roles() {
        let s = "Peru was criticized by Chile.";
        assert_eq!(roles(s, "criticized", |t, v| t.subjects(v)), ["Chile"]);
        assert_eq!(roles(s, "criticized", |t, v| t.objects(v)), ["Peru"]);
    }

    #[test]
    fn control_finds_the_subject_of_an_infinitive() {
        assert_eq!(roles("Norway agreed to support Iceland.", "support", |t, v| t.subjects(v)), ["Norway"]);
        assert_eq!(roles("Norway urged Iceland to support Denmark.", "support", |t, v| t.subjects(v)), ["Iceland"]);
    }

    #[test]
    fn coordinated_verbs_share_the_subject() {
        let s = "Ghana met Togo and signed a pact with Benin.";
        assert_eq!(roles(s, "signed", |t, v| t.subjects(v)), ["Ghana"]);
    }

    #[test]
    fn relative_clauses_point_at_their_noun() {
        let s = "The rebels, who attacked the town, fled.";
        assert_eq!(roles(s, "attacked", |t, v| t.subjects(v)), ["rebels"]);
        let s = "Rebels shelled the town that Kenya had defended.";
        assert_eq!(roles(s, "defended", |t, v| t.objects(v)), ["town"]);
    }

    #[test]
    fn reduced_relative_is_passive() {
        let s = "They welcomed a truce brokered by Qatar.";
        assert_eq!(roles(s, "brokered", |t, v| t.subjects(v)), ["Qatar"]);
        assert_eq!(roles(s, "brokered", |t, v| t.objects(v)), ["truce"]);
    }

    #[test]
    fn obliques_by_preposition_on_the_verb_or_its_object() {
        let s = "Japan sent two ships to Fiji.";
        let to = ["to".to_string()];
        assert_eq!(roles(s, "sent", |t, v| { let o = t.objects(v); t.with_preposition(v, &o, &to) }), ["Fiji"]);
    }

    #[test]
    fn conjuncts_list_the_coordination() {
        let s = "Kenya, Uganda and Tanzania signed.";
        assert_eq!(roles(s, "signed", |t, v| t.conjuncts(t.subjects(v)[0])), ["Kenya", "Uganda", "Tanzania"]);
    }

    #[test]
    fn relation_subtypes() {
        assert!(is_rel("obl:tmod", "obl") && is_rel("obl", "obl") && !is_rel("oblx", "obl") && !is_rel("nmod", "obl"));
    }
}
