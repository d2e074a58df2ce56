//! Modality over the parse: whether a predicate the parse found is
//! asserted, negated or hypothetical, from its own dependents and from
//! the verbs that govern it ("refused to send", "threatened to strike").
//! The cue words are the lexicon's (`modality` in `lexicon.ron`).

use rustc_hash::FxHashSet;

use super::roles::Tree;
use crate::model::Modality;
use crate::schema::ModalityCues;

/// How far up the tree governors are read.
const MAX_DEPTH: usize = 6;

/// The lexicon's modality cues, as single words of the parse.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cues {
    /// Words that negate as a dependent ("not", "never", "no") or as a
    /// governor ("deny", "refuse" of "refuse to").
    negation: FxHashSet<String>,
    /// Likewise for hypothetical: modals, and governors of intent ("plan" of "plan to").
    hypothetical: FxHashSet<String>,
    /// Subordinators that make their clause hypothetical ("if").
    conditional: FxHashSet<String>,
    /// Infinitive markers ("to").
    infinitive: FxHashSet<String>,
    /// Governors after which an infinitive is asserted ("continue to").
    asserting: FxHashSet<String>,
}

impl Cues {
    /// The single words of the lexicon's cues: "refuse to" gives "refuse",
    /// "=barred" gives "barred"; phrases of other shapes stay with the
    /// token reader.
    pub fn new(cues: &ModalityCues) -> Cues {
        let words = |list: &[String]| -> FxHashSet<String> {
            list.iter()
                .filter_map(|c| {
                    let c = c.trim().trim_start_matches('=').to_lowercase();
                    let mut parts = c.split_whitespace();
                    let first = parts.next()?.to_string();
                    match parts.next() {
                        None => Some(first),
                        Some("to" | "from" | "of") if parts.next().is_none() => Some(first),
                        Some(_) => None,
                    }
                })
                .collect()
        };
        Cues {
            negation: words(&cues.negation),
            hypothetical: words(&cues.hypothetical),
            conditional: words(&cues.conditional),
            infinitive: words(&cues.infinitive),
            asserting: words(&cues.asserting_governors),
        }
    }

    /// The modality of the predicate at word `w` (a verb or a noun), whose
    /// arguments are `args` (a "no" on them negates: "sent no troops").
    pub fn of(&self, tree: &Tree<'_>, w: usize, args: &[usize]) -> Modality {
        let (mut negated, mut hypothetical) = (false, false);
        let lower = |i: usize| tree.word(i).lemma.to_lowercase();
        for &a in args {
            negated |= tree.children(a).any(|k| tree.word(k).deprel == "det" && self.negation.contains(&lower(k)));
        }
        let mut at = w;
        for _ in 0..MAX_DEPTH {
            for k in tree.children(at) {
                let rel = tree.word(k).deprel;
                let lemma = lower(k);
                match rel {
                    "advmod" | "det" | "cc:preconj" => negated |= self.negation.contains(&lemma),
                    "aux" => hypothetical |= self.hypothetical.contains(&lemma),
                    "mark" => hypothetical |= self.conditional.contains(&lemma),
                    "amod" => hypothetical |= self.hypothetical.contains(&lemma),
                    _ => {}
                }
            }
            let word = tree.word(at);
            let Some(governor) = word.head else { break };
            let infinitive = tree.children(at).any(|k| tree.word(k).deprel == "mark" && self.infinitive.contains(&lower(k)));
            let g = lower(governor);
            match word.deprel {
                // "refused to send", "threatened to strike", "continued to fight".
                "xcomp" => {
                    negated |= self.negation.contains(&g);
                    if self.hypothetical.contains(&g) || (infinitive && !self.asserting.contains(&g)) {
                        hypothetical = true;
                    }
                }
                // "denied supplying", "considered sending".
                "ccomp" | "obj" if tree.word(at).xpos == "VBG" => {
                    negated |= self.negation.contains(&g);
                    hypothetical |= self.hypothetical.contains(&g);
                    break;
                }
                // "will meet and sign": the first verb's auxiliaries; a
                // conjunct with its own subject is a clause of its own.
                "conj" if !tree.children(at).any(|k| tree.word(k).deprel.starts_with("nsubj")) => {}
                // "the first leader to meet", "a plan to attack".
                "acl" | "advcl" if infinitive => {
                    negated |= self.negation.contains(&g);
                    hypothetical = true;
                    break;
                }
                _ => break,
            }
            at = governor;
        }
        if negated {
            Modality::Negated
        } else if hypothetical {
            Modality::Hypothetical
        } else {
            Modality::Asserted
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::roles::at_verb;
    use crate::schema::Schema;

    fn modality(sentence: &str, verb: &str) -> Modality {
        let cues = Cues::new(&Schema::embedded().unwrap().lexicon.modality);
        at_verb(sentence, verb, |tree, v| cues.of(tree, v, &tree.objects(v)))
    }

    #[test]
    fn plain_verbs_are_asserted() {
        assert_eq!(modality("Chile criticized Peru.", "criticized"), Modality::Asserted);
        assert_eq!(modality("Chile continued to criticize Peru.", "criticize"), Modality::Asserted);
    }

    #[test]
    fn negation_on_the_verb_or_its_governor() {
        assert_eq!(modality("Chile did not criticize Peru.", "criticize"), Modality::Negated);
        assert_eq!(modality("Chile refused to criticize Peru.", "criticize"), Modality::Negated);
        assert_eq!(modality("Chile sent no troops to Peru.", "sent"), Modality::Negated);
        assert_eq!(modality("Austria, under heavy pressure at home, refused once again this week to arm Hungary.", "arm"), Modality::Negated);
    }

    #[test]
    fn modals_intent_and_conditions_are_hypothetical() {
        assert_eq!(modality("Chile could criticize Peru.", "criticize"), Modality::Hypothetical);
        assert_eq!(modality("Chile threatened to attack Peru.", "attack"), Modality::Hypothetical);
        assert_eq!(modality("If Chile attacks Peru, prices will rise.", "attacks"), Modality::Hypothetical);
        assert_eq!(modality("Chile will meet Peru and sign a deal.", "sign"), Modality::Hypothetical);
    }
}
