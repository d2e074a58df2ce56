//! Reading the TABARI/PETRARCH line format shared by actor, agent and verb
//! dictionaries: comments, phrases with `_` joins, and `[CODE dates]` blocks.

use super::error::ImportError;
use super::report::{Outcome, Report};
use crate::model::Date;

/// One line of a dictionary with its comments removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the file.
    pub number: usize,
    /// The text, comments removed, right-trimmed; leading white space kept
    /// (an indented line continues the entry above).
    pub text: &'a str,
    /// The byte offset of `text` in its line, for columns.
    pub offset: usize,
}

/// The non-blank lines of `source`, without `#` comments and `<!-- -->`
/// blocks (which may span lines; the files also write `<! --`).
pub(crate) fn lines(source: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, raw) in source.lines().enumerate() {
        let mut start = 0;
        let mut text = raw;
        if in_block {
            match raw.find("-->") {
                Some(end) => {
                    in_block = false;
                    start = end + 3;
                    text = &raw[start..];
                }
                None => continue,
            }
        }
        // A block opened on this line: what precedes it is kept.
        if let Some(open) = text
            .find("<!")
            .filter(|&o| text[o..].starts_with("<!--") || text[o..].starts_with("<! --"))
        {
            match text[open..].find("-->") {
                Some(close)
                    if text[..open].trim().is_empty()
                        && text[open + close + 3..].trim().is_empty() =>
                {
                    continue
                }
                Some(_) => text = &text[..open],
                None => {
                    in_block = true;
                    text = &text[..open];
                }
            }
        }
        let text = text.split('#').next().unwrap_or("").trim_end();
        if !text.trim().is_empty() {
            out.push(Line {
                number: i + 1,
                text,
                offset: start,
            });
        }
    }
    out
}

/// A code block: `[HOBGOV 950601-990815]`, `[HOB <950601]`, `[~GOV]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeBlock {
    /// The code, upper-cased ("HOBGOV"; "~GOV" for an agent).
    pub code: String,
    /// First day the code holds, if bounded.
    pub from: Option<Date>,
    /// Last day the code holds, if bounded.
    pub until: Option<Date>,
}

impl CodeBlock {
    /// Whether the code holds at all times.
    pub fn is_undated(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    /// A null code (`---`, `+++`, `###`): the phrase names no actor.
    pub fn is_null(&self) -> bool {
        self.code
            .chars()
            .all(|c| matches!(c, '-' | '+' | '#' | '~'))
    }
}

/// Splits a line into the text outside brackets and its code blocks.
/// `pivot`: a two-digit year below it is 20YY, else 19YY.
/// A malformed block is left out and its error returned with the rest, so
/// that one typo in a dictionary of thousands of entries costs one code.
pub(crate) fn split_codes(
    line: &Line<'_>,
    file: &str,
    pivot: u32,
) -> (String, Vec<CodeBlock>, Vec<ImportError>) {
    let mut rest = String::new();
    let mut codes = Vec::new();
    let mut errors = Vec::new();
    let mut chars = line.text.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '[' {
            rest.push(c);
            continue;
        }
        let Some(len) = line.text[i..].find(']') else {
            errors.push(ImportError::at(
                file,
                line.number,
                line.offset + i + 1,
                "a `[` code block is not closed with `]`",
            ));
            break;
        };
        let inner = &line.text[i + 1..i + len];
        match parse_code_block(inner, file, line, line.offset + i + 2, pivot) {
            Ok(code) => codes.push(code),
            Err(e) => errors.push(e),
        }
        for _ in 0..inner.chars().count() + 1 {
            chars.next();
        }
    }
    (rest, codes, errors)
}

/// [`split_codes`], with malformed blocks counted in `report` (skipped, with the message).
pub(crate) fn codes_of(
    line: &Line<'_>,
    file: &str,
    pivot: u32,
    report: &mut Report,
) -> (String, Vec<CodeBlock>) {
    let (rest, codes, errors) = split_codes(line, file, pivot);
    for e in errors {
        report.note(Outcome::Skipped, "malformed code blocks", || e.to_string());
    }
    (rest, codes)
}

/// The inside of a code block: `CODE`, `CODE >DATE`, `CODE <DATE`, `CODE DATE-DATE`.
fn parse_code_block(
    inner: &str,
    file: &str,
    line: &Line<'_>,
    column: usize,
    pivot: u32,
) -> Result<CodeBlock, ImportError> {
    let inner = inner.trim();
    let (code, dates) = match inner.find(|c: char| c.is_whitespace()) {
        Some(at) => (&inner[..at], inner[at..].trim()),
        None => (inner, ""),
    };
    let date = |text: &str| {
        dictionary_date(text.trim(), pivot).ok_or_else(|| {
            ImportError::at(
                file,
                line.number,
                column,
                format!(
                    "`{}` is not a date (YYMMDD or YYYYMMDD) in `[{inner}]`",
                    text.trim()
                ),
            )
        })
    };
    let (from, until) = if dates.is_empty() {
        (None, None)
    } else if let Some(d) = dates.strip_prefix('<') {
        (None, Some(date(d)?))
    } else if let Some(d) = dates.strip_prefix('>') {
        (Some(date(d)?), None)
    } else if let Some((a, b)) = dates.split_once('-') {
        (Some(date(a)?), Some(date(b)?))
    } else {
        return Err(ImportError::at(
            file,
            line.number,
            column,
            format!("`{dates}` is not a date range (<DATE, >DATE or DATE-DATE) in `[{inner}]`"),
        ));
    };
    Ok(CodeBlock {
        code: code.to_uppercase(),
        from,
        until,
    })
}

/// A dictionary date: `YYMMDD` (a year below `pivot` is 20YY, else 19YY)
/// or `YYYYMMDD`.
fn dictionary_date(text: &str, pivot: u32) -> Option<Date> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match text.len() {
        6 => {
            let yy: u32 = text[..2].parse().ok()?;
            (if yy < pivot { 2000 + yy } else { 1900 + yy }, &text[2..])
        }
        8 => (text[..4].parse().ok()?, &text[4..]),
        _ => return None,
    };
    Date::parse(&format!("{year:04}-{}-{}", &rest[..2], &rest[2..]))
}

/// The words of a dictionary phrase: `MINAS_TIRITH_` → ["MINAS", "TIRITH"].
/// `_` joins words; a trailing `_` marks the end of a word and is dropped.
pub(crate) fn phrase_words(phrase: &str) -> Vec<&str> {
    phrase
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect()
}

/// A dictionary phrase as news writes it: `MINAS_TIRITH` → "Minas Tirith",
/// `THE_HAGUE` → "The Hague". Words of one to three letters with no
/// lower-case counterpart in the name stay capitals when the name is one
/// word ("UN", "PLO"); small words inside a name are lower case ("Republic
/// of Korea").
pub(crate) fn display_name(phrase: &str) -> String {
    let words = phrase_words(phrase);
    let single = words.len() == 1;
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let keep =
            (single && letters <= 3) || w.contains('.') || w.chars().any(|c| c.is_ascii_digit());
        let lower = w.to_lowercase();
        if keep {
            out.push_str(w);
        } else if i > 0
            && matches!(
                lower.as_str(),
                "of" | "the" | "and" | "for" | "de" | "du" | "al"
            )
        {
            out.push_str(&lower);
        } else {
            out.push_str(&title_case(&lower));
        }
    }
    out
}

/// "pyongyang-moscow" → "Pyongyang-Moscow": each part after a hyphen capitalised.
fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        // "O'Brien" and "d'Ivoire", but not "People'S".
        start = c == '-' || (c == '\'' && out.chars().filter(|c| c.is_alphabetic()).count() == 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blocks_are_removed_with_line_numbers_kept() {
        let text = "<!-- header\n still header -->\nGONDOR [GON] # a note\n\n<! -- one line -->\n\t[GONGOV]\n";
        let got: Vec<(usize, &str)> = lines(text).iter().map(|l| (l.number, l.text)).collect();
        assert_eq!(got, vec![(3, "GONDOR [GON]"), (6, "\t[GONGOV]")]);
    }

    #[test]
    fn code_blocks_read_their_dates() {
        let line = Line {
            number: 4,
            text: "\t[HOBGOV 19950601 - 19990815] [HOB <950601] [HOBREB >990816]",
            offset: 0,
        };
        let (rest, codes, errors) = split_codes(&line, "a.txt", 30);
        assert!(errors.is_empty());
        assert_eq!(rest.trim(), "");
        assert_eq!(codes[0].code, "HOBGOV");
        assert_eq!(codes[0].from, Date::parse("1995-06-01"));
        assert_eq!(codes[0].until, Date::parse("1999-08-15"));
        assert_eq!(
            (codes[1].from, codes[1].until),
            (None, Date::parse("1995-06-01"))
        );
        assert_eq!(
            (codes[2].from, codes[2].until),
            (Date::parse("1999-08-16"), None)
        );
        // Two-digit years below the pivot are this century's.
        let line = Line {
            number: 1,
            text: "X [ABC 011222-130101]",
            offset: 0,
        };
        let (_, codes, _) = split_codes(&line, "a.txt", 30);
        assert_eq!(
            (codes[0].from, codes[0].until),
            (Date::parse("2001-12-22"), Date::parse("2013-01-01"))
        );
    }

    #[test]
    fn a_bad_code_block_names_its_place() {
        let line = Line {
            number: 7,
            text: "GONDOR [GON 95x601] [GONGOV]",
            offset: 0,
        };
        let (rest, codes, errors) = split_codes(&line, "actors.txt", 30);
        assert_eq!((rest.trim(), codes.len()), ("GONDOR", 1));
        let err = errors[0].to_string();
        assert!(err.starts_with("actors.txt:7:9: "), "{err}");
        let line = Line {
            number: 2,
            text: "GONDOR [GON",
            offset: 0,
        };
        assert!(split_codes(&line, "actors.txt", 30).2[0]
            .to_string()
            .contains("not closed"));
    }

    #[test]
    fn phrases_become_names_as_news_writes_them() {
        assert_eq!(display_name("MINAS_TIRITH_"), "Minas Tirith");
        assert_eq!(display_name("REPUBLIC_OF_KOREA"), "Republic of Korea");
        assert_eq!(display_name("UN"), "UN");
        assert_eq!(display_name("GUINEA-BISSAU"), "Guinea-Bissau");
        assert_eq!(display_name("O'BRIEN"), "O'Brien");
        assert_eq!(display_name("PEOPLE'S_ARMY"), "People's Army");
        assert_eq!(
            display_name("PRESIDENT_GEORGE_W._BUSH"),
            "President George W. Bush"
        );
        assert_eq!(phrase_words("KLM_NOP RST"), vec!["KLM", "NOP", "RST"]);
    }
}
