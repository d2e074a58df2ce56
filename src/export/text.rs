//! Escaping shared by the text exporters: XML (GraphML, GEXF), CSV
//! (RFC 4180), Cypher string literals.

/// `text` made safe for XML character data and attribute values: `&`, `<`,
/// `>`, `"` and `'` as entities; tab, newline and carriage return as
/// character references (so that attribute-value normalisation cannot turn
/// them into spaces); characters XML 1.0 forbids (other C0 controls,
/// U+FFFE, U+FFFF) as U+FFFD.
///
/// ```
/// use actorgraph::export::xml_escape;
/// assert_eq!(xml_escape("a<b & \"c\"\n\u{1}"), "a&lt;b &amp; &quot;c&quot;&#10;\u{fffd}");
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
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_forbidden(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Characters that XML 1.0 documents cannot contain, even as references.
pub(crate) fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// What an XML reader gives back for `text` after [`xml_escape`]:
/// forbidden characters become U+FFFD, everything else is kept.
///
/// ```
/// use actorgraph::export::xml_text;
/// assert_eq!(xml_text("a\u{0}b\n"), "a\u{fffd}b\n");
/// ```
pub fn xml_text(text: &str) -> String {
    text.chars().map(|c| if xml_forbidden(c) { '\u{fffd}' } else { c }).collect()
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
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
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
