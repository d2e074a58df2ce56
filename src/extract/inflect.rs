//! Generating the inflected forms of a lemma, so rules list "supply" and
//! match "supplies", "supplied", "supplying".
//!
//! Regular forms follow English spelling rules; irregular verbs come from
//! the lexicon's table (send/sent, fight/fought, meet/met).

use std::collections::HashMap;

/// Inflects lemmas using the regular rules plus an irregular-verb table.
///
/// ```
/// use actorgraph::extract::Inflector;
/// let inf = Inflector::new([("send", "sent", "sent")]);
/// assert!(inf.forms("send").contains(&"sent".to_string()));
/// assert!(inf.forms("supply").contains(&"supplied".to_string()));
/// assert!(inf.forms("ship").contains(&"shipping".to_string()));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Inflector {
    irregular: HashMap<String, Vec<String>>,
}

impl Inflector {
    /// Builds an inflector from (lemma, past, participle) rows; a cell may
    /// hold several `|`-separated forms ("dreamt|dreamed").
    pub fn new<I, S>(irregular: I) -> Self
    where
        I: IntoIterator<Item = (S, S, S)>,
        S: AsRef<str>,
    {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (lemma, past, participle) in irregular {
            let forms = map.entry(lemma.as_ref().to_lowercase()).or_default();
            for cell in [past.as_ref(), participle.as_ref()] {
                for f in cell.split('|').map(str::trim).filter(|f| !f.is_empty()) {
                    forms.push(f.to_lowercase());
                }
            }
        }
        Inflector { irregular: map }
    }

    /// The singular and plural of a noun ("troop", "troops"; "militia", "militias").
    ///
    /// ```
    /// let inf = actorgraph::extract::Inflector::default();
    /// assert_eq!(inf.noun_forms("army"), ["army", "armies"]);
    /// ```
    pub fn noun_forms(&self, noun: &str) -> Vec<String> {
        let w = noun.to_lowercase();
        if !w.chars().all(char::is_alphabetic) {
            return vec![w];
        }
        let plural = third_person(&w);
        if plural == w {
            vec![w]
        } else {
            vec![w, plural]
        }
    }

    /// Every form of a single-word lemma: the lemma, -s, past, participle, -ing.
    /// Multi-word lemmas are handled by the caller word by word.
    pub fn forms(&self, lemma: &str) -> Vec<String> {
        let w = lemma.to_lowercase();
        if !w.chars().all(char::is_alphabetic) || w.chars().nth(1).is_none() {
            return vec![w];
        }
        let irregular = self.irregular.get(&w).map_or(&[][..], Vec::as_slice);
        // At most: lemma, -s, two pasts, two gerunds.
        let mut out = Vec::with_capacity(6 + irregular.len());
        out.push(third_person(&w));
        past_regular(&w, &mut out);
        gerund(&w, &mut out);
        out.extend(irregular.iter().cloned());
        out.push(w);
        out.sort();
        out.dedup();
        out
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

fn third_person(w: &str) -> String {
    if w.ends_with('s') || w.ends_with('x') || w.ends_with('z') || w.ends_with("ch") || w.ends_with("sh") || w.ends_with('o') {
        [w, "es"].concat()
    } else if let Some(stem) = consonant_y(w) {
        [stem, "ies"].concat()
    } else {
        [w, "s"].concat()
    }
}

/// "supply" → Some("suppl"): a consonant before a final y.
fn consonant_y(w: &str) -> Option<&str> {
    let stem = w.strip_suffix('y')?;
    stem.chars().last().filter(|c| !is_vowel(*c)).map(|_| stem)
}

/// A short word ending consonant–vowel–consonant doubles its last letter
/// ("ship" → "shipped"): the letter to double. Stress is unknown, so for
/// longer words both spellings are produced ("patrolled", "visited"); the
/// wrong one never occurs in text.
fn doubled(w: &str) -> Option<char> {
    let mut last = w.chars().rev();
    let (c, b, a) = (last.next()?, last.next()?, last.next()?);
    let cvc = !is_vowel(a) && is_vowel(b) && !is_vowel(c) && !matches!(c, 'w' | 'x' | 'y');
    cvc.then_some(c)
}

/// `w`, its last letter doubled, then `suffix` ("ship" → "shipped").
fn join_doubled(w: &str, c: char, suffix: &str) -> String {
    [w, c.encode_utf8(&mut [0; 4]), suffix].concat()
}

fn past_regular(w: &str, out: &mut Vec<String>) {
    if w.ends_with('e') {
        out.push([w, "d"].concat());
    } else if let Some(stem) = consonant_y(w) {
        out.push([stem, "ied"].concat());
    } else {
        out.push([w, "ed"].concat());
        if let Some(c) = doubled(w) {
            out.push(join_doubled(w, c, "ed"));
        }
    }
}

fn gerund(w: &str, out: &mut Vec<String>) {
    if let Some(stem) = w.strip_suffix("ie") {
        out.push([stem, "ying"].concat());
    } else if w.ends_with('e') && !w.ends_with("ee") && !w.ends_with("ye") && !w.ends_with("oe") {
        out.push([&w[..w.len() - 1], "ing"].concat());
    } else {
        out.push([w, "ing"].concat());
        if let Some(c) = doubled(w) {
            out.push(join_doubled(w, c, "ing"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(inf: &Inflector, lemma: &str, form: &str) -> bool {
        inf.forms(lemma).iter().any(|f| f == form)
    }

    #[test]
    fn regular_forms() {
        let inf = Inflector::default();
        for (l, f) in [
            ("supply", "supplies"),
            ("supply", "supplied"),
            ("supply", "supplying"),
            ("deploy", "deployed"),
            ("provide", "providing"),
            ("provide", "provided"),
            ("attack", "attacks"),
            ("ship", "shipped"),
            ("arm", "arming"),
            ("visit", "visited"),
            ("push", "pushes"),
            ("veto", "vetoes"),
            ("tie", "tying"),
            ("agree", "agreeing"),
        ] {
            assert!(has(&inf, l, f), "{l} → {f}: {:?}", inf.forms(l));
        }
    }

    #[test]
    fn forms_are_sorted_and_complete() {
        let inf = Inflector::default();
        assert_eq!(inf.forms("Ship"), ["ship", "shiped", "shiping", "shipped", "shipping", "ships"]);
        assert_eq!(inf.forms("visit"), ["visit", "visited", "visiting", "visits", "visitted", "visitting"]);
        assert_eq!(inf.forms("supply"), ["supplied", "supplies", "supply", "supplying"]);
        assert_eq!(inf.forms("tie"), ["tie", "tied", "ties", "tying"]);
        assert_eq!(inf.forms("agree"), ["agree", "agreed", "agreeing", "agrees"]);
        assert_eq!(inf.forms("go"), ["go", "goed", "goes", "going"]);
        assert_eq!(inf.forms("x"), ["x"]);
        assert_eq!(inf.forms("co-operate"), ["co-operate"]);
        assert_eq!(inf.forms("café"), ["café", "caféed", "caféing", "cafés"]);
    }

    #[test]
    fn irregular_forms_come_from_the_table() {
        let inf = Inflector::new([("fight", "fought", "fought"), ("meet", "met", "met"), ("dream", "dreamt|dreamed", "dreamt")]);
        assert!(has(&inf, "fight", "fought"));
        assert!(has(&inf, "meet", "met"));
        assert!(has(&inf, "dream", "dreamt"));
        assert!(!has(&Inflector::default(), "fight", "fought"));
    }
}
