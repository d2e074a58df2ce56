//! Agent dictionaries → the lexicon's agent nouns: "Gondor's foreign
//! minister" and "the Gondorian police" then stand for Gondor.
//!
//! A line is `PHRASE {PLURALS} [CODE]`: `!NAME! = A, B` defines a
//! substitution, `{}` says the phrase takes no regular plural, and codes are
//! `~ROLE` (a role of the actor it follows) or `ROLE~` (one it precedes).

use super::dictionary::{codes_of, lines, phrase_words};
use super::report::{Outcome, Report};

/// The agent nouns of an agent dictionary, lower case, substitutions expanded.
pub(crate) fn read_agents(
    file: &str,
    source: &str,
    pivot: u32,
    report: &mut Report,
) -> Vec<String> {
    let all = lines(source);
    let mut substitutions: Vec<(String, Vec<String>)> = Vec::new();
    for line in &all {
        let text = line.text.trim();
        if let Some((mark, words)) = text.split_once('=').filter(|(m, _)| is_mark(m.trim())) {
            substitutions.push((
                mark.trim().to_string(),
                words
                    .split(',')
                    .map(|w| w.trim().to_string())
                    .filter(|w| !w.is_empty())
                    .collect(),
            ));
        }
    }
    let mut nouns: Vec<String> = Vec::new();
    for line in &all {
        let text = line.text.trim();
        if text.split_once('=').is_some_and(|(m, _)| is_mark(m.trim())) {
            continue;
        }
        let (phrase, codes) = codes_of(line, file, pivot, report);
        if codes.is_empty() {
            report.note(Outcome::Skipped, "agent lines without a code", || {
                format!("{file}:{} {}", line.number, text)
            });
            continue;
        }
        let (head, plurals) = match phrase.split_once('{') {
            Some((head, rest)) => (head, rest.split('}').next().unwrap_or("")),
            None => (phrase.as_str(), ""),
        };
        let mut forms: Vec<String> = std::iter::once(head)
            .chain(plurals.split_whitespace())
            .map(str::to_string)
            .collect();
        for (mark, words) in &substitutions {
            if forms.iter().any(|f| f.contains(mark.as_str())) {
                forms = forms
                    .iter()
                    .flat_map(|f| words.iter().map(move |w| f.replace(mark.as_str(), w)))
                    .collect();
            }
        }
        if forms.iter().any(|f| f.contains('!')) {
            report.note(
                Outcome::Skipped,
                "agents with an undefined !SUBSTITUTION!",
                || format!("{file}:{} {}", line.number, text),
            );
            continue;
        }
        for form in forms {
            let noun = phrase_words(&form).join(" ").to_lowercase();
            if !noun.is_empty() && !nouns.contains(&noun) {
                nouns.push(noun);
            }
        }
        report.note(Outcome::Translated, "agents (as agent nouns)", || {
            format!("{file}:{} {}", line.number, text)
        });
        report.note(
            Outcome::Approximated,
            "agent codes (the noun makes its owner the actor; the role code is not kept)",
            || format!("{file}:{} [{}]", line.number, codes[0].code),
        );
    }
    nouns
}

/// `!PERSON!`: a substitution mark.
fn is_mark(s: &str) -> bool {
    s.len() > 2
        && s.starts_with('!')
        && s.ends_with('!')
        && s[1..s.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_become_nouns_with_plurals_and_substitutions() {
        let text = "!PERSON! = MAN, WOMAN\nFOREIGN_MINISTER [~GOVFRM] # jap\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nCONGRESS!PERSON! [~LEG]\nPOLICE {} [ ~COP]\nHUMAN_RIGHTS_BODY  [NGO~]\nSTRAY LINE\n";
        let mut report = Report::default();
        let nouns = read_agents("g.txt", text, 30, &mut report);
        assert_eq!(
            nouns,
            vec![
                "foreign minister",
                "attorney general",
                "attorneys general",
                "congressman",
                "congresswoman",
                "police",
                "human rights body"
            ]
        );
        assert_eq!(
            report.count(Outcome::Skipped, "agent lines without a code"),
            1
        );
        assert_eq!(
            report.count(Outcome::Translated, "agents (as agent nouns)"),
            5
        );
    }
}
