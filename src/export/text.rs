//! Escaping shared by the text exporters: XML (GraphML, GEXF, the SVG
//! drawings, the HTML view; the DOT quoting keeps to the same character
//! rule), CSV (RFC 4180), Cypher string literals.

/// `text` made safe for XML character data and attribute values: `&`, `<`,
/// `>`, `"` and `'` as entities; tab, newline and carriage return as
/// character references (so that attribute-value normalisation cannot turn
/// them into spaces), and the line separators U+0085, U+2028 and U+2029 too
/// (XML 1.1 and some readers would turn them into newlines); characters
/// [`xml_unsafe`] names (those XML 1.0 forbids and the Unicode
/// noncharacters) as U+FFFD.
///
/// Every XML-bearing export uses this, or [`xml_unsafe`] and
/// [`xml_line_separator`] on text that is already markup
/// ([`xml_clean_markup`]), so the rule lives here alone.
///
/// ```
/// use actorgraph::export::xml_escape;
/// assert_eq!(xml_escape("a<b & \"c\"\n\u{1}"), "a&lt;b &amp; &quot;c&quot;&#10;\u{fffd}");
/// assert_eq!(xml_escape("\u{2028}\u{ffff}\u{fdd0}"), "&#8232;\u{fffd}\u{fffd}");
/// ```
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => push_char_reference(&mut out, c),
            c if xml_line_separator(c) => push_char_reference(&mut out, c),
            c if xml_unsafe(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn push_char_reference(out: &mut String, c: char) {
    out.push_str("&#");
    out.push_str(itoa::Buffer::new().format(c as u32));
    out.push(';');
}

/// Characters no XML-bearing export writes: those XML 1.0 documents cannot
/// contain even as references (C0 controls other than tab, line feed and
/// carriage return; U+FFFE; U+FFFF), and the other Unicode noncharacters
/// (U+FDD0–U+FDEF and the last two code points of every plane), which XML
/// discourages and some readers refuse. Each becomes U+FFFD.
///
/// ```
/// use actorgraph::export::xml_unsafe;
/// assert!(xml_unsafe('\u{0}') && xml_unsafe('\u{fffe}') && xml_unsafe('\u{fdd0}') && xml_unsafe('\u{10ffff}'));
/// assert!(!xml_unsafe('\t') && !xml_unsafe('\u{2028}') && !xml_unsafe('北'));
/// ```
pub fn xml_unsafe(c: char) -> bool {
    let n = c as u32;
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fdd0}'..='\u{fdef}')
        || n & 0xfffe == 0xfffe
}

/// The line separators U+0085 (NEL), U+2028 and U+2029: legal XML 1.0
/// characters that XML 1.1 and some readers treat as line ends. XML
/// outputs write them as character references, which every reader keeps.
///
/// ```
/// use actorgraph::export::xml_line_separator;
/// assert!(xml_line_separator('\u{85}') && xml_line_separator('\u{2029}') && !xml_line_separator('\n'));
/// ```
pub fn xml_line_separator(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// XML (or SVG) markup that a renderer wrote, with every [`xml_unsafe`]
/// character replaced by U+FFFD and every [`xml_line_separator`] written
/// as a character reference. Neither can be part of a name or of the
/// markup itself, so only text, attribute values and comments change.
///
/// ```
/// use actorgraph::export::xml_clean_markup;
/// assert_eq!(xml_clean_markup("<text a=\"\u{ffff}\">x\u{2028}y</text>"), "<text a=\"\u{fffd}\">x&#8232;y</text>");
/// ```
pub fn xml_clean_markup(markup: &str) -> String {
    if !markup.chars().any(|c| xml_unsafe(c) || xml_line_separator(c)) {
        return markup.to_string();
    }
    let mut out = String::with_capacity(markup.len() + 16);
    for c in markup.chars() {
        if xml_line_separator(c) {
            push_char_reference(&mut out, c);
        } else if xml_unsafe(c) {
            out.push('\u{fffd}');
        } else {
            out.push(c);
        }
    }
    out
}

/// What an XML reader gives back for `text` after [`xml_escape`]:
/// [`xml_unsafe`] characters become U+FFFD, everything else is kept.
///
/// ```
/// use actorgraph::export::xml_text;
/// assert_eq!(xml_text("a\u{0}b\n\u{2028}\u{1fffe}"), "a\u{fffd}b\n\u{2028}\u{fffd}");
/// ```
pub fn xml_text(text: &str) -> String {
    text.chars().map(|c| if xml_unsafe(c) { '\u{fffd}' } else { c }).collect()
}

/// One CSV field per RFC 4180: quoted when it holds a comma, a double
/// quote, a carriage return or a line feed (or leading/trailing spaces),
/// with inner double quotes doubled.
///
/// ```
/// use actorgraph::export::csv_field;
/// assert_eq!(csv_field("plain"), "plain");
/// assert_eq!(csv_field("say \"hi\", twice"), "\"say \"\"hi\"\", twice\"");
/// assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
/// ```
pub fn csv_field(text: &str) -> String {
    let needs_quotes = text.contains([',', '"', '\r', '\n'])
        || text.starts_with(' ')
        || text.ends_with(' ')
        || text.is_empty();
    if needs_quotes {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A CSV record: fields joined by commas, ended by CRLF (RFC 4180).
pub(crate) fn csv_record<I, S>(fields: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let fields: Vec<String> = fields.into_iter().map(|f| csv_field(f.as_ref())).collect();
    fields.join(",") + "\r\n"
}

/// A single-quoted Cypher string literal.
///
/// ```
/// use actorgraph::export::cypher_string;
/// assert_eq!(cypher_string("it's a \\ test\n"), r"'it\'s a \\ test\n'");
/// ```
pub fn cypher_string(text: &str) -> String {
    single_quoted(text, |c, out| match c {
        '"' => out.push_str("\\\""),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
        c => out.push(c),
    })
}

/// A single-quoted Kuzu string literal: Kuzu reads `\\`, `\'` and `\"`
/// and no other escape (`\n` is read as `n`), so only the backslash and
/// the quote are escaped and every other character, line breaks and
/// control characters among them, is written as it is.
///
/// ```
/// use actorgraph::export::kuzu_string;
/// assert_eq!(kuzu_string("it's a \\ test\n"), "'it\\'s a \\\\ test\n'");
/// ```
pub fn kuzu_string(text: &str) -> String {
    single_quoted(text, |c, out| out.push(c))
}

/// `text` in single quotes with the backslash and the quote escaped, as
/// both Cypher dialects read them; `write` writes every other character.
fn single_quoted(text: &str, mut write: impl FnMut(char, &mut String)) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c => write(c, &mut out),
        }
    }
    out.push('\'');
    out
}

/// A name usable as a Neo4j relationship type or label: upper case ASCII
/// letters, digits and `_` (`armed-group` → `ARMED_GROUP`).
pub(crate) fn neo4j_type(name: &str) -> String {
    let t: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
        .collect();
    if t.is_empty() || t.starts_with(|c: char| c.is_ascii_digit()) {
        format!("R_{t}")
    } else {
        t
    }
}

/// A Neo4j label for an actor kind (`armed-group` → `ArmedGroup`).
pub(crate) fn kind_label(kind: crate::model::ActorKind) -> &'static str {
    use crate::model::ActorKind;
    match kind {
        ActorKind::State => "State",
        ActorKind::Igo => "Igo",
        ActorKind::Party => "Party",
        ActorKind::ArmedGroup => "ArmedGroup",
        ActorKind::Other => "Other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_round_trip_set() {
        assert_eq!(xml_escape("'\t\r"), "&apos;&#9;&#13;");
        assert_eq!(xml_escape("Côte d’Ivoire 北朝鮮 🚀"), "Côte d’Ivoire 北朝鮮 🚀");
        assert_eq!(xml_escape("\u{ffff}\u{b}"), "\u{fffd}\u{fffd}");
        assert_eq!(xml_escape("\u{85}\u{2028}\u{2029}"), "&#133;&#8232;&#8233;");
        for c in ['\u{fffe}', '\u{ffff}', '\u{fdd0}', '\u{fdef}', '\u{1fffe}', '\u{10ffff}', '\u{1f}', '\u{0}'] {
            assert_eq!(xml_escape(&c.to_string()), "\u{fffd}", "{c:?}");
            assert_eq!(xml_clean_markup(&c.to_string()), "\u{fffd}", "{c:?}");
        }
        for c in ['\u{fdcf}', '\u{fdf0}', '\u{fffd}', '\u{1fffd}', '\u{7f}', '\u{9f}', '\u{d7ff}', '\u{e000}'] {
            assert_eq!(xml_escape(&c.to_string()), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn csv_records() {
        assert_eq!(csv_record(["a", "b,c", ""]), "a,\"b,c\",\"\"\r\n");
        assert_eq!(csv_field(" x"), "\" x\"");
        assert_eq!(csv_field("\r"), "\"\r\"");
    }

    #[test]
    fn cypher_literals_and_types() {
        assert_eq!(cypher_string("\u{0}"), "'\\u0000'");
        assert_eq!(cypher_string("北"), "'北'");
        assert_eq!(neo4j_type("supply"), "SUPPLY");
        assert_eq!(neo4j_type("x y-z"), "X_Y_Z");
        assert_eq!(neo4j_type("1st"), "R_1ST");
        assert_eq!(neo4j_type(""), "R_");
    }
}
