//! Verb dictionaries → rules: each verb block's default code, and each of
//! its patterns, becomes a rule over the block's verbs, its roles named
//! for the parse and its word pattern for the token reader.
//!
//! A block is `--- NAME [CODE] ---`, then its verbs (`HURRY {HURRIES
//! HURRIED}`, `+CRACK_DOWN` for a verb of several words), then patterns
//! `- * WORDS (PREP WORDS) {NOUN PHRASE} [CODE]`, where `*` is the verb, `$`
//! the source, `+` the target, `%` a compound (both sides at once), `^` a
//! skipped phrase and `&NAME` a synset (`&NAME` then `+WORD` lines). The
//! code is read as a relation class by the import table; a pattern whose
//! code has none, or that the rule language cannot say, is counted in the
//! report with the reason.

use std::collections::{BTreeMap, HashSet};

use super::dictionary::{codes_of, lines, phrase_words, CodeBlock, Line};
use super::report::{Outcome, Report};
use super::table::{CodeScheme, ImportTable};
use crate::schema::{Pattern, PatternElement, RelationDef, Role, RuleDef, RulesFile};

/// A verb block as read.
#[derive(Debug, Default)]
struct Block {
    name: String,
    place: String,
    code: Option<String>,
    /// Verbs sharing the block's patterns, lower case ("crack down").
    verbs: Vec<String>,
    /// Verbs with a code of their own.
    own: Vec<(String, String)>,
    patterns: Vec<(String, String, String)>,
}

/// Reads a verb dictionary into word classes and rules.
/// `prepositions` (the lexicon's) are read as the head of a phrase when a
/// pattern writes one bare (`* WITH %`, as `* (WITH %)`).
pub(crate) fn read_verbs(file: &str, source: &str, table: &ImportTable, scheme: CodeScheme, relations: &[RelationDef], prepositions: &[String], report: &mut Report) -> RulesFile {
    let mut synsets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut blocks: Vec<Block> = Vec::new();
    // The synset whose `+` lines are being read, if the last header was one.
    let mut synset: Option<String> = None;
    for line in lines(source) {
        let text = line.text.trim();
        let place = || format!("{file}:{}", line.number);
        if text.starts_with("---") {
            synset = None;
            let (head, codes) = codes_of(&Line { text: text.trim_matches('-'), ..line.clone() }, file, table.century_pivot, report);
            let name = phrase_words(head.trim()).join(" ");
            blocks.push(Block { name, place: place(), code: event_code(&codes), ..Block::default() });
        } else if let Some(name) = text.strip_prefix('&') {
            let name = synset_name(name);
            synsets.entry(name.clone()).or_default();
            synset = Some(name);
        } else if let (Some(member), Some(name)) = (text.strip_prefix('+'), &synset) {
            let words = phrase_words(member.split('{').next().unwrap_or("")).join(" ");
            if !words.is_empty() {
                synsets.entry(name.clone()).or_default().push(words);
            }
        } else if let Some(pattern) = text.strip_prefix('-') {
            let (body, codes) = codes_of(&Line { text: pattern, ..line.clone() }, file, table.century_pivot, report);
            match blocks.last_mut() {
                Some(block) => match event_code(&codes) {
                    Some(code) => block.patterns.push((body.trim().to_string(), code, place())),
                    None => report.note(Outcome::Skipped, "patterns with a null code (they stop a code in PETRARCH; actorgraph has no stop rules)", || format!("{} - {}", place(), body.trim())),
                },
                None => report.note(Outcome::Skipped, "patterns outside a verb block", || format!("{} {text}", place())),
            }
        } else if let Some(block) = blocks.last_mut().filter(|_| synset.is_none()) {
            let (head, codes) = codes_of(&line, file, table.century_pivot, report);
            let phrase = head.split('{').next().unwrap_or("").trim();
            // "+CRACK_DOWN": the verb and the words after it; "KLM_+RST": words before it.
            let (verb, before) = match phrase.find('+') {
                Some(0) => (phrase_words(&phrase[1..]).join(" ").to_lowercase(), false),
                Some(_) => (String::new(), true),
                None => (phrase_words(phrase).join(" ").to_lowercase(), false),
            };
            if before {
                report.note(Outcome::Skipped, "verbs with words before the verb (KLM_+RST)", || format!("{} {phrase}", place()));
            } else if !verb.is_empty() {
                match event_code(&codes) {
                    Some(code) => block.own.push((verb, code)),
                    None => block.verbs.push(verb),
                }
                if head.contains('{') {
                    report.note(Outcome::Approximated, "irregular verb forms in { } (actorgraph inflects verbs itself)", || format!("{} {}", place(), head.trim()));
                }
            }
        } else {
            synset = None;
            report.note(Outcome::Skipped, "lines outside a block or synset", || format!("{} {text}", place()));
        }
    }
    let word_classes = expand_synsets(&synsets, report);
    let mut rules = Vec::new();
    let mut ids = HashSet::new();
    for block in &blocks {
        let mut translate = |verbs: &[String], pattern: &str, code: &str, place: &str, id: String| {
            let Some(relation) = class_of(code, scheme, table, relations, place, report) else { return };
            for rule in to_rules(verbs, pattern, code, relation, table, &word_classes, prepositions, place, report) {
                let id = unique(&mut ids, format!("{id}{}", rule.id));
                rules.push(RuleDef { id, ..rule });
            }
        };
        let base = format!("petrarch.{}", block.name.to_lowercase().replace(' ', "-"));
        if block.verbs.is_empty() && block.own.is_empty() {
            report.note(Outcome::Skipped, "verb blocks without a verb", || format!("{} {}", block.place, block.name));
            continue;
        }
        if let Some(code) = &block.code {
            if !block.verbs.is_empty() {
                translate(&block.verbs, "*", code, &block.place, base.clone());
            }
        }
        for (verb, code) in &block.own {
            translate(std::slice::from_ref(verb), "*", code, &block.place, format!("{base}.{}", verb.replace(' ', "-")));
        }
        let all: Vec<String> = block.verbs.iter().chain(block.own.iter().map(|(v, _)| v)).cloned().collect();
        for (n, (pattern, code, place)) in block.patterns.iter().enumerate() {
            translate(&all, pattern, code, place, format!("{base}.{}", n + 1));
        }
    }
    RulesFile { word_classes, rules }
}

/// `&PREPOSIT1_` → "PREPOSIT1".
fn synset_name(raw: &str) -> String {
    raw.split_whitespace().next().unwrap_or("").trim_end_matches('_').to_uppercase()
}

/// The event code of a line's code blocks: of `[a:b]` the first (the
/// second codes the other direction of a compound, which is not kept);
/// None for a null code (`---`) or none.
fn event_code(codes: &[CodeBlock]) -> Option<String> {
    let code = codes.first()?;
    let first = code.code.split(':').next().unwrap_or("").trim();
    (!first.is_empty() && !code.is_null()).then(|| first.to_string())
}

/// Synsets with the synsets they name (`+&TIETYPES`) expanded.
fn expand_synsets(synsets: &BTreeMap<String, Vec<String>>, report: &mut Report) -> BTreeMap<String, Vec<String>> {
    fn expand(name: &str, synsets: &BTreeMap<String, Vec<String>>, seen: &mut Vec<String>, out: &mut Vec<String>) {
        if seen.iter().any(|s| s == name) {
            return;
        }
        seen.push(name.to_string());
        for w in synsets.get(name).into_iter().flatten() {
            match w.strip_prefix('&') {
                Some(inner) => expand(&synset_name(inner), synsets, seen, out),
                None => {
                    let w = w.to_lowercase();
                    if !out.contains(&w) {
                        out.push(w);
                    }
                }
            }
        }
    }
    let mut classes = BTreeMap::new();
    for name in synsets.keys() {
        let mut words = Vec::new();
        expand(name, synsets, &mut Vec::new(), &mut words);
        if words.is_empty() {
            report.note(Outcome::Skipped, "empty synsets", || format!("&{name}"));
            continue;
        }
        report.add(Outcome::Translated, "synsets (as word classes)", 1);
        classes.insert(name.clone(), words);
    }
    classes
}

/// The relation class of an event code, or None (counted in the report).
fn class_of<'r>(code: &str, scheme: CodeScheme, table: &'r ImportTable, relations: &'r [RelationDef], place: &str, report: &mut Report) -> Option<&'r str> {
    let found = match scheme {
        CodeScheme::Cameo => (1..=code.len()).rev().find_map(|n| relations.iter().find(|r| r.cameo.iter().any(|c| c == &code[..n])).map(|r| r.id.as_str())),
        CodeScheme::Weis => (1..=code.len()).rev().find_map(|n| table.weis.get(&code[..n]).map(String::as_str)),
    };
    if found.is_none() {
        let root: String = code.chars().take(2).collect();
        report.note(Outcome::Skipped, &format!("codes with no relation class ({} {root})", scheme.name()), || format!("{place} [{code}]"));
    }
    found
}

/// One piece of a pattern after the verb.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// A word or `@CLASS`, in the rule language.
    Word(String),
    Source,
    Target,
    /// A prepositional phrase: the preposition and what follows it.
    Phrase(String, Vec<Piece>),
}

/// The rules one pattern says (none when it cannot be said; the report
/// counts why). Ids are suffixes for the caller to prefix.
#[allow(clippy::too_many_arguments)]
fn to_rules(verbs: &[String], pattern: &str, code: &str, relation: &str, table: &ImportTable, classes: &BTreeMap<String, Vec<String>>, prepositions: &[String], place: &str, report: &mut Report) -> Vec<RuleDef> {
    let skip = |report: &mut Report, why: &str| {
        report.note(Outcome::Skipped, why, || format!("{place} - {pattern} [{code}]"));
        Vec::new()
    };
    let tokens = pattern_tokens(pattern);
    let Some(at) = tokens.iter().position(|t| t == "*") else { return skip(report, "patterns without the verb `*`") };
    let (before, after) = (&tokens[..at], &tokens[at + 1..]);
    if before.iter().any(|t| !matches!(t.as_str(), "$" | "+" | "%" | "^")) {
        return skip(report, "patterns with words before the verb (actorgraph reads negation and modality from its own cues)");
    }
    if tokens.iter().any(|t| t == "^") {
        report.note(Outcome::Approximated, "skipped phrases `^` (dropped)", || format!("{place} - {pattern}"));
    }
    let reciprocal = before.iter().any(|t| t == "%");
    let Some(pieces) = pieces(after, classes) else { return skip(report, "patterns the rule language cannot say (unbalanced brackets, unknown synset)") };
    let pieces = bare_phrases(pieces, prepositions);
    let target_before = before.iter().any(|t| t == "+");
    let source_after = contains(&pieces, &Piece::Source);
    let target_after = contains(&pieces, &Piece::Target);
    // The object the verb must have: the head (last word) of the words right after it.
    let run: Vec<&String> = pieces.iter().map_while(|p| match p { Piece::Word(w) => Some(w), _ => None }).collect();
    let object = run.last().map(|w| w.to_string());
    if run.len() > 1 {
        report.note(Outcome::Approximated, "noun phrases of several words (the parse checks the head; the word pattern all)", || format!("{place} - {pattern}"));
    }
    // The phrase that holds the target, else (with no `+` at all) the last empty one: `* (TO)`.
    let phrase_target = pieces
        .iter()
        .find_map(|p| match p {
            Piece::Phrase(prep, inner) if inner == &[Piece::Target] => Some(prep.clone()),
            _ => None,
        })
        .or_else(|| {
            pieces.iter().rev().find_map(|p| match p {
                Piece::Phrase(prep, inner) if inner.is_empty() && !target_after => Some(prep.clone()),
                _ => None,
            })
        });
    let (source, target) = if reciprocal {
        (Role::Subject, None)
    } else if target_before && source_after {
        // "+ * BY $": the passive; the roles follow it.
        (Role::Subject, Some(Role::Object))
    } else if source_after {
        return skip(report, "patterns with the source after the verb and no target before it");
    } else if let Some(prep) = phrase_target {
        (Role::Subject, Some(Role::Via(vec![prep])))
    } else if target_after && object.is_none() {
        (Role::Subject, Some(Role::Object))
    } else if pieces.iter().any(|p| matches!(p, Piece::Phrase(_, inner) if !inner.is_empty())) {
        return skip(report, "patterns whose phrase names a thing and no target (* (TO BORDER))");
    } else if object.is_some() {
        (Role::Subject, Some(Role::Via(table.target_prepositions.clone())))
    } else {
        // The verb alone: PETRARCH looks for the target inside the object's phrase too.
        (Role::Subject, Some(Role::ObjectPhrase))
    };
    let mut words = String::from(if target_before && source_after { "+ *" } else { "$ *" });
    let last_empty = pieces.iter().rposition(|p| matches!(p, Piece::Phrase(_, inner) if inner.is_empty()));
    for (i, p) in pieces.iter().enumerate() {
        write_piece(&mut words, p, !target_after && Some(i) == last_empty);
    }
    let rule = |suffix: &str, pattern: String, target: Option<Role>| RuleDef {
        id: suffix.to_string(),
        relation: relation.to_string(),
        verbs: verbs.to_vec(),
        pattern,
        reciprocal,
        source: Some(source.clone()),
        target,
        object: object.clone().filter(|_| !target_before),
        code: Some(code.to_string()),
        ..RuleDef::default()
    };
    // An empty phrase (`(TO)`) is written with its target.
    let target_written = target_after || last_empty.is_some();
    let mut out = Vec::new();
    match (&target, reciprocal) {
        (_, true) => out.push(rule("", words, None)),
        (Some(Role::Via(preps)), false) if !target_written => {
            out.push(rule("", format!("{words} ..4 {} +", preps.join("|")), target.clone()));
        }
        (Some(Role::ObjectPhrase), false) => {
            // The verb alone: its object, or with no object the first phrase of the table's.
            out.push(rule("", format!("{words} +"), target.clone()));
            let preps = table.target_prepositions.join("|");
            out.push(rule(".oblique", format!("$ * {preps} +"), Some(Role::Via(table.target_prepositions.clone()))));
        }
        _ => out.push(rule("", words, target.clone())),
    }
    // What the shapes above miss (a compound with a source after the verb) is not guessed at.
    let says = |r: &RuleDef| {
        Pattern::parse(&r.pattern).is_ok_and(|p| p.count(&PatternElement::Source) == 1 && p.count(&PatternElement::Target) == usize::from(!r.reciprocal))
    };
    if !out.iter().all(says) {
        return skip(report, "patterns the rule language cannot say (a compound with a source after the verb, two targets)");
    }
    report.note(Outcome::Translated, "patterns (as rules)", || format!("{place} - {pattern} [{code}] → {}", out[0].pattern));
    out
}

/// Writes a piece in the rule language after `out`; `target_here`: an
/// empty phrase takes the target.
fn write_piece(out: &mut String, p: &Piece, target_here: bool) {
    match p {
        Piece::Word(w) => {
            out.push_str(" ..3 ");
            out.push_str(w);
        }
        Piece::Source => out.push_str(" ..4 $"),
        Piece::Target => out.push_str(" +"),
        Piece::Phrase(prep, inner) => {
            out.push_str(" ..4 ");
            out.push_str(prep);
            for q in inner {
                write_piece(out, q, false);
            }
            if inner.is_empty() && target_here {
                out.push_str(" +");
            }
        }
    }
}

/// Reads a bare preposition and what follows it, up to the next
/// preposition or phrase, as a phrase: `* WITH %` as `* (WITH %)`.
fn bare_phrases(pieces: Vec<Piece>, prepositions: &[String]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut open = false;
    for p in pieces {
        match p {
            Piece::Word(w) if prepositions.contains(&w) => {
                out.push(Piece::Phrase(w, Vec::new()));
                open = true;
            }
            Piece::Phrase(..) => {
                out.push(p);
                open = false;
            }
            p if open => {
                if let Some(Piece::Phrase(_, inner)) = out.last_mut() {
                    inner.push(p);
                }
            }
            p => out.push(p),
        }
    }
    out
}

fn contains(pieces: &[Piece], what: &Piece) -> bool {
    pieces.iter().any(|p| p == what || matches!(p, Piece::Phrase(_, inner) if contains(inner, what)))
}

/// `NEW_&TIETYPES_RELATIONS (TO +)` → ["NEW", "&TIETYPES", "RELATIONS", "(", "TO", "+", ")"].
fn pattern_tokens(pattern: &str) -> Vec<String> {
    let mut spaced = String::new();
    for c in pattern.chars() {
        match c {
            '(' | ')' | '{' | '}' | '*' => {
                spaced.push(' ');
                spaced.push(c);
                spaced.push(' ');
            }
            '_' => spaced.push(' '),
            c => spaced.push(c),
        }
    }
    spaced.split_whitespace().map(str::to_string).collect()
}

/// The pieces after the verb; None when brackets do not balance or a
/// synset is unknown. `{A B}` is a noun phrase: its head (last word) stands.
fn pieces(tokens: &[String], classes: &BTreeMap<String, Vec<String>>) -> Option<Vec<Piece>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        match t {
            "(" => {
                let close = i + tokens[i..].iter().position(|t| t == ")")?;
                let prep = tokens.get(i + 1).filter(|p| p.chars().all(char::is_alphabetic))?.to_lowercase();
                out.push(Piece::Phrase(prep, pieces(&tokens[i + 2..close], classes)?));
                i = close;
            }
            "{" => {
                let close = i + tokens[i..].iter().position(|t| t == "}")?;
                let head = tokens[i + 1..close].last()?;
                out.extend(pieces(std::slice::from_ref(head), classes)?);
                i = close;
            }
            ")" | "}" => return None,
            "$" => out.push(Piece::Source),
            "+" | "%" => out.push(Piece::Target),
            "^" => {}
            _ => match t.strip_prefix('&') {
                Some(name) => {
                    let name = synset_name(name);
                    classes.get(&name)?;
                    out.push(Piece::Word(format!("@{name}")));
                }
                None => out.push(Piece::Word(t.to_lowercase())),
            },
        }
        i += 1;
    }
    Some(out)
}

/// `id`, or `id-2`, `id-3`… when taken.
fn unique(ids: &mut HashSet<String>, id: String) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while !ids.insert(candidate.clone()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;

    fn read(text: &str, scheme: CodeScheme) -> (RulesFile, Report) {
        let mut report = Report::default();
        let schema = Schema::embedded().unwrap();
        let rules = read_verbs("v.txt", text, &ImportTable::embedded(), scheme, &schema.relations, &schema.lexicon.prepositions, &mut report);
        (rules, report)
    }

    fn rule<'a>(rules: &'a RulesFile, id: &str) -> &'a RuleDef {
        rules.rules.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no rule {id} in {:?}", rules.rules.iter().map(|r| &r.id).collect::<Vec<_>>()))
    }

    const VERBS: &str = "\
&WEAPON
+RIFLES
+&HEAVY
&HEAVY
+TANKS
+HEAVY_GUNS

--- SHIP  [070] ---
SHIP
DELIVER {DELIVERED}
- * &WEAPON  [072]
- * (TO +) [071]
- * (TO BORDER) [154]
- NOT * [140]
- * STATEMENT [010]
- * WITH + [073]

--- MEET [040] ---
MEET
- % * [040]
";

    #[test]
    fn blocks_and_patterns_become_rules() {
        let (rules, report) = read(VERBS, CodeScheme::Cameo);
        // The verb alone: its object, or an oblique when it has none.
        let ship = rule(&rules, "petrarch.ship");
        assert_eq!((ship.relation.as_str(), ship.pattern.as_str()), ("supply", "$ * +"));
        assert_eq!(ship.target, Some(Role::ObjectPhrase));
        assert_eq!(ship.verbs, vec!["ship", "deliver"]);
        assert_eq!(ship.code.as_deref(), Some("070"));
        assert!(matches!(&rule(&rules, "petrarch.ship.oblique").target, Some(Role::Via(p)) if p.contains(&"to".to_string())));
        // An object from a synset, nested synsets expanded.
        let arms = rule(&rules, "petrarch.ship.1");
        assert_eq!(arms.object.as_deref(), Some("@WEAPON"));
        assert_eq!(rules.word_classes["WEAPON"], vec!["rifles", "tanks", "heavy guns"]);
        assert!(arms.pattern.starts_with("$ * ..3 @WEAPON ..4 to|"), "{}", arms.pattern);
        // A target in a prepositional phrase.
        let to = rule(&rules, "petrarch.ship.2");
        assert_eq!((to.target.clone(), to.pattern.as_str()), (Some(Role::Via(vec!["to".into()])), "$ * ..4 to +"));
        // What cannot be said is counted, not guessed.
        assert_eq!(report.count(Outcome::Skipped, "patterns whose phrase names a thing and no target (* (TO BORDER))"), 1);
        assert_eq!(report.count(Outcome::Skipped, "patterns with words before the verb (actorgraph reads negation and modality from its own cues)"), 1);
        assert_eq!(report.count(Outcome::Skipped, "codes with no relation class (CAMEO 01)"), 1);
        // A bare preposition heads a phrase.
        assert_eq!(rule(&rules, "petrarch.ship.6").target, Some(Role::Via(vec!["with".into()])));
        // A compound: both sides at once.
        let meet = rule(&rules, "petrarch.meet.1");
        assert!(meet.reciprocal && meet.pattern == "$ *", "{meet:?}");
    }

    #[test]
    fn weis_codes_read_through_the_table() {
        let (rules, _) = read("--- CONDEMN [122] ---\nCONDEMN\n", CodeScheme::Weis);
        assert_eq!(rule(&rules, "petrarch.condemn").relation, "criticize");
        let (rules, _) = read("--- CONDEMN [122] ---\nCONDEMN\n", CodeScheme::Cameo);
        assert_eq!(rule(&rules, "petrarch.condemn").relation, "oppose");
    }

    #[test]
    fn the_passive_pattern_keeps_its_roles() {
        let (rules, _) = read("--- ATTACK [190] ---\nATTACK\n- + * BY $ [190]\n", CodeScheme::Cameo);
        let passive = rule(&rules, "petrarch.attack.1");
        assert_eq!(passive.pattern, "+ * ..3 by ..4 $");
        assert_eq!((passive.source.clone(), passive.target.clone()), (Some(Role::Subject), Some(Role::Object)));
    }
}
