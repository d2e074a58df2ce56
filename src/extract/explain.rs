//! Explaining how a sentence was read: tokens, its dependency parse, actor
//! mentions, groups, rules that matched or nearly matched, and why the
//! modality is what it is.

use std::fmt::{self, Write};

use super::rule::Unit;
use super::{Extractor, NameKind, SentenceAnalysis};
use crate::syntax::Parser;
use crate::text::Document;

/// A readable account of one sentence's extraction.
///
/// ```
/// use actorgraph::{extract::Extractor, schema::Schema};
/// let ex = Extractor::new(&Schema::embedded().unwrap()).unwrap();
/// let report = ex.explain_text("Seoul warned Moscow it could arm Kyiv.");
/// let text = report.to_string();
/// assert!(text.contains("South Korea"));
/// assert!(text.contains("threaten.verb"));
/// ```
#[derive(Debug, Clone)]
pub struct Explanation {
    lines: Vec<String>,
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for l in &self.lines {
            writeln!(f, "{l}")?;
        }
        Ok(())
    }
}

impl Extractor {
    /// Explains every sentence of a free text.
    pub fn explain_text(&self, text: &str) -> Explanation {
        let doc = Document::new("explain", text);
        let mut lines = Vec::new();
        for a in self.analyse_document(&doc) {
            lines.extend(self.explain_analysis(&doc, &a).lines);
        }
        Explanation { lines }
    }

    /// Explains one analysed sentence of a document.
    pub fn explain_analysis(&self, doc: &Document, a: &SentenceAnalysis) -> Explanation {
        let text = doc.text.as_str();
        let toks = &a.sentence.tokens;
        let mut out = Vec::new();
        out.push(format!("sentence {} [{}..{}]: {}", a.sentence.index, a.sentence.start, a.sentence.end, a.sentence.text(text)));
        let mut line = String::from("  tokens:");
        for (i, t) in toks.iter().enumerate() {
            let _ = write!(line, " {i}:{}", t.text(text));
        }
        out.push(line);
        out.push("  parse (word: lemma UPOS, relation → head):".into());
        let parser = Parser::embedded();
        let mut parse = parser.new_parse();
        parser.parse_text(text, a.sentence.start, a.sentence.end, &mut parse);
        for w in parse.words() {
            let head = w.head.map_or_else(|| "root".to_string(), |h| format!("{} {}", h + 1, parse.word(h).form));
            out.push(format!("    {:>2} {}: {} {}, {} → {head}", w.index + 1, w.form, w.lemma, w.upos, w.deprel));
        }
        out.push("  actor mentions:".into());
        if a.mentions.is_empty() {
            out.push("    (none)".into());
        }
        for m in &a.mentions {
            let actor = &self.gazetteer().actors()[m.actor];
            let note = match (m.how, m.weak) {
                (NameKind::Pronoun, _) => " — the previous sentence's leading actor",
                (NameKind::Context, _) => " — a context name: the document named its context before",
                (NameKind::Collective, _) => " — a collective: one of the last actors named",
                (_, true) => " — a bare adjective: only nominal rules read it",
                _ => "",
            };
            out.push(format!(
                "    \"{}\" → {} ({}, via {:?}) tokens {}..{}{note}",
                &text[toks[m.start].start..toks[m.end - 1].end],
                actor.id,
                actor.kind,
                m.how,
                m.start,
                m.end
            ));
        }
        for g in a.groups.iter().filter(|g| g.members.len() > 1) {
            let names: Vec<&str> = g.members.iter().map(|&m| self.gazetteer().actors()[a.mentions[m].actor].id.as_str()).collect();
            out.push(format!("    coordinated: {}", names.join(" + ")));
        }
        let unit_text = |u: (usize, usize), nominal: bool| -> String {
            let units = if nominal { &a.nominal_units } else { &a.units };
            // A leading slot right before its anchor leaves an empty gap, written (n + 1, n).
            units[u.0.min(u.1)..u.1]
                .iter()
                .map(|x| match x {
                    Unit::Token(t) => toks[*t].text(text).to_string(),
                    Unit::Group(g) => format!("[{}]", text_of_group(text, toks, a, *g)),
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        out.push("  rules that matched:".into());
        if a.matches.is_empty() {
            out.push("    (none)".into());
        }
        for m in &a.matches {
            let rule = &self.rules()[m.rule];
            let cue = unit_text(m.lead_gap, rule.adjective_layout());
            out.push(format!(
                "    {} ({}) at \"{}\": source [{}] target [{}]; words between source and verb: \"{}\"",
                rule.id,
                self.relation_name(rule.relation),
                unit_text(m.anchor, rule.adjective_layout()),
                text_of_group(text, toks, a, m.source),
                m.target.map(|t| text_of_group(text, toks, a, t)).unwrap_or_else(|| "pairs of the source".into()),
                cue
            ));
        }
        for m in &a.shadowed {
            out.push(format!(
                "    {} at \"{}\": dropped, a more specific rule read the same words",
                self.rules()[m.rule].id,
                unit_text(m.anchor, self.rules()[m.rule].adjective_layout())
            ));
        }
        if !a.near_misses.is_empty() {
            out.push("  rules that nearly matched (anchor found):".into());
            for n in &a.near_misses {
                let rule = &self.rules()[n.rule];
                out.push(format!("    {} at \"{}\": failed {}", rule.id, unit_text(n.anchor, rule.adjective_layout()), n.failed));
            }
        }
        let by_parse: Vec<(usize, &crate::model::Triple)> =
            a.parts.iter().zip(&a.triples).filter(|(p, _)| p.by_parse).map(|(p, t)| (p.rule, t)).collect();
        if !by_parse.is_empty() {
            out.push("  rules read over the parse (roles, see schema/README.md):".into());
            for (rule, t) in by_parse {
                out.push(format!(
                    "    {} ({}) at \"{}\": source \"{}\" target \"{}\"",
                    self.rules()[rule].id,
                    t.relation,
                    t.predicate,
                    t.subject.text,
                    t.object.text
                ));
            }
        }
        out.push("  triples:".into());
        if a.triples.is_empty() {
            out.push("    (none)".into());
        }
        for t in &a.triples {
            out.push(format!(
                "    {} —{}→ {}  [{}; rule {}; predicate \"{}\"]",
                t.subject.id, t.relation, t.object.id, t.modality, t.rule, t.predicate
            ));
        }
        Explanation { lines: out }
    }

    fn relation_name(&self, i: usize) -> &str {
        &self.relations[i].0
    }
}

fn text_of_group(text: &str, toks: &[crate::text::Token], a: &SentenceAnalysis, g: usize) -> String {
    let g = &a.groups[g];
    text[toks[g.start].start..toks[g.end - 1].end].to_string()
}

#[cfg(test)]
mod tests {
    use crate::{extract::Extractor, schema::Schema};

    #[test]
    fn a_match_with_an_empty_leading_gap_is_explained() {
        // "offered to host [the two governments]": the match's leading slot
        // stands right before its anchor.
        let extractor = Extractor::new(&Schema::embedded().unwrap()).unwrap();
        let text = "Norway brokered talks between Bogota and Caracas, and offered to host the two governments again.";
        let explanation = extractor.explain_text(text).to_string();
        assert!(explanation.contains("rules that matched:"), "{explanation}");
        let parsed = extractor.explain_text("Canada on Friday imposed a sweeping new set of targeted financial sanctions on Iran.").to_string();
        assert!(parsed.contains("sanction.impose (sanction) at \"imposed sanctions\": source \"Canada\" target \"Iran\""), "{parsed}");
        assert!(explanation.contains("Colombia"), "{explanation}");
    }
}
