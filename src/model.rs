//! The types that cross stages: actors, relation classes, modality, triples
//! and their evidence.
//!
//! This module sits at the bottom of the pipeline. The extractor produces
//! [`Triple`]s, the graph consumes them; neither depends on the other, so a
//! graph can be built from triples that came from anywhere.
//!
//! ```
//! use actorgraph::model::{ActorId, ActorKind, ActorRef, Modality, Relation, Triple};
//!
//! let t = Triple {
//!     doc: "note".into(),
//!     subject: ActorRef::new("North Korea", "Pyongyang", ActorKind::State),
//!     relation: Relation::new("supply"),
//!     object: ActorRef::new("Russia", "Moscow", ActorKind::State),
//!     predicate: "supplied".into(),
//!     modality: Modality::Asserted,
//!     nominal: false,
//!     sentence: 0,
//!     span: (0, 30),
//!     rule: "supply.give-to".into(),
//!     text: "Pyongyang supplied arms to Moscow.".into(),
//!     date: None,
//! };
//! assert_eq!(t.subject.id, ActorId::new("North Korea"));
//! assert_eq!(t.modality.as_str(), "asserted");
//! ```

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The canonical name of an actor ("North Korea", "United Nations").
///
/// Canonical names are the identity of a node in the graph: every alias,
/// capital, demonym or official resolves to one of these.
///
/// ```
/// use actorgraph::model::ActorId;
/// assert_eq!(ActorId::new("Japan").as_str(), "Japan");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActorId(pub String);

impl ActorId {
    /// Wraps a canonical name.
    pub fn new(name: impl Into<String>) -> Self {
        ActorId(name.into())
    }

    /// The canonical name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of actor a canonical name denotes.
///
/// ```
/// use actorgraph::model::ActorKind;
/// assert_eq!(ActorKind::ArmedGroup.as_str(), "armed-group");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ActorKind {
    /// A sovereign or de-facto state.
    #[default]
    #[serde(alias = "State")]
    State,
    /// An international (intergovernmental) organisation.
    #[serde(alias = "Igo")]
    Igo,
    /// A political party.
    #[serde(alias = "Party")]
    Party,
    /// A rebel, militant or paramilitary group.
    #[serde(alias = "ArmedGroup")]
    ArmedGroup,
    /// Anything else a user's schema defines.
    #[serde(alias = "Other")]
    Other,
}

impl ActorKind {
    /// All kinds, in display order.
    pub const ALL: [ActorKind; 5] = [
        ActorKind::State,
        ActorKind::Igo,
        ActorKind::Party,
        ActorKind::ArmedGroup,
        ActorKind::Other,
    ];

    /// The kind's name as written in files (`state`, `igo`, `party`, `armed-group`, `other`).
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Igo => "igo",
            ActorKind::Party => "party",
            ActorKind::ArmedGroup => "armed-group",
            ActorKind::Other => "other",
        }
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One end of a triple: the canonical actor, the words that named it, its kind.
///
/// ```
/// use actorgraph::model::{ActorKind, ActorRef};
/// let a = ActorRef::new("Russia", "the Kremlin", ActorKind::State);
/// assert_eq!(a.id.as_str(), "Russia");
/// assert_eq!(a.text, "the Kremlin");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActorRef {
    /// Canonical name.
    pub id: ActorId,
    /// The mention as written in the text.
    pub text: String,
    /// Kind of the canonical actor.
    pub kind: ActorKind,
}

impl ActorRef {
    /// Builds a reference from a canonical name, the mention text and a kind.
    pub fn new(id: impl Into<String>, text: impl Into<String>, kind: ActorKind) -> Self {
        ActorRef { id: ActorId::new(id), text: text.into(), kind }
    }
}

/// A relation class ("supply", "meet", ...), as named in `schema/relations.ron`.
///
/// Classes are data, so this is a name rather than a closed enum; the
/// default schema defines the eleven classes of the annotation guidelines.
///
/// ```
/// use actorgraph::model::Relation;
/// assert_eq!(Relation::new("attack").as_str(), "attack");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Relation(pub String);

impl Relation {
    /// Wraps a class name.
    pub fn new(name: impl Into<String>) -> Self {
        Relation(name.into())
    }

    /// The class name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a relation is stated as fact, denied, or only possible.
///
/// ```
/// use actorgraph::model::Modality;
/// assert_eq!("hypothetical".parse::<Modality>().unwrap(), Modality::Hypothetical);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated or reported as happening or having happened.
    #[default]
    #[serde(alias = "Asserted")]
    Asserted,
    /// Stated as not happening.
    #[serde(alias = "Negated")]
    Negated,
    /// Possible, planned, expected, threatened, conditional or future.
    #[serde(alias = "Hypothetical")]
    Hypothetical,
}

impl Modality {
    /// All modalities, in display order.
    pub const ALL: [Modality; 3] = [Modality::Asserted, Modality::Negated, Modality::Hypothetical];

    /// The name as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
        }
    }
}

impl fmt::Display for Modality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Modality {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "asserted" => Ok(Modality::Asserted),
            "negated" => Ok(Modality::Negated),
            "hypothetical" => Ok(Modality::Hypothetical),
            other => Err(format!(
                "unknown modality `{other}` (expected asserted, negated or hypothetical)"
            )),
        }
    }
}

/// A calendar date known to a year, a month or a day: the bounds of an
/// official's time in office, a document's date.
///
/// As a bound, a year or month stands for its whole length: an office held
/// `until: 2022` covers every day of 2022.
///
/// ```
/// use actorgraph::model::Date;
/// let office = (Date::parse("2017-05-10"), Date::parse("2022"));
/// let day = Date::parse("2022-12-31T08:00:00Z").unwrap();
/// assert!(day.within(office.0, office.1));
/// assert!(!Date::parse("2017-04").unwrap().within(office.0, office.1));
/// // A month that straddles a bound is within it.
/// assert!(Date::parse("2017-05").unwrap().within(office.0, office.1));
/// assert_eq!(Date::parse("2022-06").unwrap().to_string(), "2022-06");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// 1–12, when known.
    pub month: Option<u8>,
    /// 1–31, when known (only with a month).
    pub day: Option<u8>,
}

impl Date {
    /// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date-time from its date part.
    pub fn parse(text: &str) -> Option<Date> {
        let date = text.split('T').next()?;
        let mut parts = date.split('-');
        let number = |p: Option<&str>, len: usize| {
            p.filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u32>().ok())
        };
        let year = number(parts.next(), 4)? as i32;
        let (month, day) = match (parts.next(), parts.next(), parts.next()) {
            (None, None, None) => (None, None),
            (m, None, None) => (Some(number(m, 2)?), None),
            (m, d, None) => (Some(number(m, 2)?), Some(number(d, 2)?)),
            _ => return None,
        };
        let valid = month.map_or(true, |m| (1..=12).contains(&m))
            && day.map_or(true, |d| (1..=31).contains(&d));
        valid.then(|| Date {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        })
    }

    /// The first day the date covers, as (year, month, day).
    fn first(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date covers.
    fn last(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31))
    }

    /// Whether every day of `self` falls within `from` ..= `until` (an
    /// open bound holds for all time). A date that straddles a bound (the
    /// month an official took office) is within it.
    pub fn within(&self, from: Option<Date>, until: Option<Date>) -> bool {
        from.map_or(true, |f| self.last() >= f.first())
            && until.map_or(true, |u| self.first() <= u.last())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Written as a year (`2022`) when that is all it is, else as `"2022-06-01"`.
impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.month.is_none() {
            s.serialize_i32(self.year)
        } else {
            s.collect_str(self)
        }
    }
}

/// Read from a year (`2022`) or an ISO 8601 date string (`"2022-06-01"`).
impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a year (2022) or a date (\"2022-06-01\")")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Date, E> {
                i32::try_from(v)
                    .map(|year| Date {
                        year,
                        month: None,
                        day: None,
                    })
                    .map_err(|_| E::custom(format!("{v} is not a year")))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Date, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).ok_or_else(|| {
                    E::custom(format!("`{v}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
                })
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Where a relation was read: the document, the sentence, the rule that fired.
///
/// The strings are shared (`Arc<str>`): a graph keeps one copy of each
/// document id, rule id, sentence and date however many edges cite it.
///
/// ```
/// use actorgraph::model::Evidence;
/// let e = Evidence { doc: "d1".into(), sentence: 2, span: (10, 40), rule: "r".into(),
///                    text: "Seoul met Tokyo.".into(), predicate: "met".into(), date: None };
/// assert_eq!(e.span.1 - e.span.0, 30);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id (file stem or JSONL record id).
    pub doc: Arc<str>,
    /// Index of the sentence in its document.
    pub sentence: usize,
    /// Byte start and end of the sentence in the document.
    pub span: (usize, usize),
    /// Id of the rule that fired.
    pub rule: Arc<str>,
    /// The sentence text.
    pub text: Arc<str>,
    /// The words that carried the relation, as written.
    pub predicate: Arc<str>,
    /// The document's date (ISO 8601), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Arc<str>>,
}

/// One actor–relation–actor statement read from one sentence.
///
/// Serialised as one JSON object per line, this is the output contract of
/// `actorgraph extract --format jsonl` (see DESIGN.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Triple {
    /// Document id.
    pub doc: String,
    /// Who acts.
    pub subject: ActorRef,
    /// The relation class.
    pub relation: Relation,
    /// Who is acted on or with.
    pub object: ActorRef,
    /// The words that carried the relation, as written.
    pub predicate: String,
    /// Asserted, negated or hypothetical.
    pub modality: Modality,
    /// True when a noun phrase carried the relation ("Russia's war in Ukraine").
    #[serde(default)]
    pub nominal: bool,
    /// Index of the sentence in its document.
    pub sentence: usize,
    /// Byte start and end of the sentence in the document.
    pub span: (usize, usize),
    /// Id of the rule that fired.
    pub rule: String,
    /// The sentence text.
    pub text: String,
    /// The document's date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Triple {
    /// The provenance of this triple, as kept on a graph edge.
    ///
    /// ```
    /// # use actorgraph::model::*;
    /// # let t = Triple { doc: "d".into(), subject: ActorRef::new("Japan", "Tokyo", ActorKind::State),
    /// #   relation: Relation::new("meet"), object: ActorRef::new("India", "India", ActorKind::State),
    /// #   predicate: "met".into(), modality: Modality::Asserted, nominal: false, sentence: 1,
    /// #   span: (5, 20), rule: "meet.verb".into(), text: "Tokyo met India.".into(), date: None };
    /// let e = t.evidence();
    /// assert_eq!((&*e.doc, e.sentence), ("d", 1));
    /// ```
    pub fn evidence(&self) -> Evidence {
        Evidence {
            doc: self.doc.as_str().into(),
            sentence: self.sentence,
            span: self.span,
            rule: self.rule.as_str().into(),
            text: self.text.as_str().into(),
            predicate: self.predicate.as_str().into(),
            date: self.date.as_deref().map(Into::into),
        }
    }
}

/// A [`Triple`] whose text is borrowed: from the document, the sentence and
/// the compiled schema it was read with. It serialises to exactly the JSON
/// of the owned triple, so a caller that only writes triples out
/// ([`Extractor::for_each_triple`](crate::extract::Extractor::for_each_triple))
/// copies no string; [`Triple::from`] makes the owned one.
///
/// ```
/// use actorgraph::model::{ActorKind, ActorRef, BorrowedActorRef, Modality, Relation, Triple, TripleRef};
///
/// let text = "Pyongyang supplied arms to Moscow.";
/// let t = TripleRef {
///     doc: "note",
///     subject: BorrowedActorRef { id: "North Korea", text: "Pyongyang", kind: ActorKind::State },
///     relation: "supply",
///     object: BorrowedActorRef { id: "Russia", text: "Moscow", kind: ActorKind::State },
///     predicate: "supplied",
///     modality: Modality::Asserted,
///     nominal: false,
///     sentence: 0,
///     span: (0, text.len()),
///     rule: "supply.give-to",
///     text,
///     date: None,
/// };
/// let owned = Triple::from(t);
/// assert_eq!(owned.relation, Relation::new("supply"));
/// assert_eq!(owned.object, ActorRef::new("Russia", "Moscow", ActorKind::State));
/// assert_eq!(serde_json::to_string(&t).unwrap(), serde_json::to_string(&owned).unwrap());
/// assert_eq!(TripleRef::from(&owned), t);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TripleRef<'a> {
    /// Document id.
    pub doc: &'a str,
    /// Who acts.
    pub subject: BorrowedActorRef<'a>,
    /// The relation class.
    pub relation: &'a str,
    /// Who is acted on or with.
    pub object: BorrowedActorRef<'a>,
    /// The words that carried the relation, as written.
    pub predicate: &'a str,
    /// Asserted, negated or hypothetical.
    pub modality: Modality,
    /// True when a noun phrase carried the relation.
    pub nominal: bool,
    /// Index of the sentence in its document.
    pub sentence: usize,
    /// Byte start and end of the sentence in the document.
    pub span: (usize, usize),
    /// Id of the rule that fired.
    pub rule: &'a str,
    /// The sentence text.
    pub text: &'a str,
    /// The document's date, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
}

/// An [`ActorRef`] whose text is borrowed, as in a [`TripleRef`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BorrowedActorRef<'a> {
    /// Canonical name.
    pub id: &'a str,
    /// The mention as written in the text.
    pub text: &'a str,
    /// Kind of the canonical actor.
    pub kind: ActorKind,
}

impl TripleRef<'_> {
    /// Appends the triple's JSON to `out`: exactly the bytes `serde_json`
    /// writes for it, written directly, because writing triples is a hot
    /// path of extraction: each string is checked for characters to escape
    /// a word at a time and, having none (nearly always), copied whole.
    ///
    /// ```
    /// use actorgraph::model::{ActorKind, BorrowedActorRef, Modality, TripleRef};
    /// let text = "Seoul said \"no\" to Tokyo.";
    /// let t = TripleRef {
    ///     doc: "d1",
    ///     subject: BorrowedActorRef { id: "South Korea", text: "Seoul", kind: ActorKind::State },
    ///     relation: "reject",
    ///     object: BorrowedActorRef { id: "Japan", text: "Tokyo", kind: ActorKind::State },
    ///     predicate: "said no to",
    ///     modality: Modality::Asserted,
    ///     nominal: false,
    ///     sentence: 3,
    ///     span: (10, 10 + text.len()),
    ///     rule: "reject.say-no",
    ///     text,
    ///     date: Some("2024-05-01"),
    /// };
    /// let mut out = Vec::new();
    /// t.write_json(&mut out);
    /// assert_eq!(out, serde_json::to_vec(&t).unwrap());
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) {
        // Field by field in declaration order, as `#[derive(Serialize)]`
        // writes them. Each constant piece holds the quotes around the
        // strings next to it, so that a string costs one copy of its bytes.
        let strings = [
            self.doc,
            self.subject.id,
            self.subject.text,
            self.relation,
            self.object.id,
            self.object.text,
            self.predicate,
            self.rule,
            self.text,
            self.date.unwrap_or(""),
        ];
        // Nearly every triple needs no escape: then this is its length
        // (give or take the digits), and `out` grows at most once.
        out.reserve(strings.iter().map(|s| s.len()).sum::<usize>() + JSON_OVERHEAD);
        let mut number = itoa::Buffer::new();
        // An actor's object, from its id's opening quote to the closing brace.
        let actor = |out: &mut Vec<u8>, a: &BorrowedActorRef<'_>| {
            push_json_contents(out, a.id);
            out.extend_from_slice(b"\",\"text\":\"");
            push_json_contents(out, a.text);
            out.extend_from_slice(b"\",\"kind\":\"");
            out.extend_from_slice(a.kind.as_str().as_bytes());
            out.extend_from_slice(b"\"}");
        };
        out.extend_from_slice(b"{\"doc\":\"");
        push_json_contents(out, self.doc);
        out.extend_from_slice(b"\",\"subject\":{\"id\":\"");
        actor(out, &self.subject);
        out.extend_from_slice(b",\"relation\":\"");
        push_json_contents(out, self.relation);
        out.extend_from_slice(b"\",\"object\":{\"id\":\"");
        actor(out, &self.object);
        out.extend_from_slice(b",\"predicate\":\"");
        push_json_contents(out, self.predicate);
        out.extend_from_slice(b"\",\"modality\":\"");
        out.extend_from_slice(self.modality.as_str().as_bytes());
        out.extend_from_slice(if self.nominal { b"\",\"nominal\":true,\"sentence\":" } else { b"\",\"nominal\":false,\"sentence\":" });
        out.extend_from_slice(number.format(self.sentence).as_bytes());
        out.extend_from_slice(b",\"span\":[");
        out.extend_from_slice(number.format(self.span.0).as_bytes());
        out.push(b',');
        out.extend_from_slice(number.format(self.span.1).as_bytes());
        out.extend_from_slice(b"],\"rule\":\"");
        push_json_contents(out, self.rule);
        out.extend_from_slice(b"\",\"text\":\"");
        push_json_contents(out, self.text);
        if let Some(date) = self.date {
            out.extend_from_slice(b"\",\"date\":\"");
            push_json_contents(out, date);
        }
        out.extend_from_slice(b"\"}");
    }
}

/// An upper bound on the bytes of a triple's JSON besides its strings'
/// contents: field names, punctuation, the longest kind (twice), modality
/// and `nominal` value, and three numbers of up to twenty digits.
const JSON_OVERHEAD: usize = 300;

/// Does JSON require `b` escaped in a string? (A quote, a backslash or a control character.)
#[inline]
fn needs_json_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Does any byte of `bytes` need escaping ([`needs_json_escape`])?
///
/// Reads whole words rather than bytes, since most strings written are
/// short (names, ids, dates) and have nothing to escape: sixteen bytes at a
/// time as vector compares, or eight (or four) bytes at a time within a
/// `u64`. A string that is not a multiple of the step ends with a step
/// overlapping the one before it.
#[inline]
fn has_json_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::MAX / 255; // 0x0101…01
    const HIGH: u64 = ONES << 7; // 0x8080…80
    // A byte's high bit is set in the result iff some byte of `w` is below
    // 0x20, a quote or a backslash (exactly: a borrow only starts at such a
    // byte, and a byte of 0x80 or more never sets its own high bit).
    let word = |w: u64| {
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        (w.wrapping_sub(ONES * 0x20) & !w | quote.wrapping_sub(ONES) & !quote | backslash.wrapping_sub(ONES) & !backslash) & HIGH != 0
    };
    let u64_at = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
    let u32_at = |i: usize| u64::from(u32::from_le_bytes(bytes[i..i + 4].try_into().expect("four bytes")));
    let chunk16 = |chunk: &[u8]| chunk.iter().fold(false, |any, &b| any | needs_json_escape(b));
    let n = bytes.len();
    match n {
        0..=3 => bytes.iter().any(|&b| needs_json_escape(b)),
        4..=7 => word(u32_at(0) | u32_at(n - 4) << 32),
        8..=16 => word(u64_at(0)) || word(u64_at(n - 8)),
        _ => {
            // A chunk's fold compiles to vector compares.
            let mut chunks = bytes.chunks_exact(16);
            let ragged = !chunks.remainder().is_empty();
            chunks.any(chunk16) || (ragged && chunk16(&bytes[n - 16..]))
        }
    }
}

/// Appends `s` as the contents of a JSON string (no quotes), escaped as
/// `serde_json` escapes it.
#[inline]
fn push_json_contents(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if has_json_escape(bytes) {
        push_escaped(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
}

/// [`push_json_contents`] for a string with something to escape.
#[cold]
fn push_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut run = 0; // start of the bytes not yet written
    for (i, &b) in bytes.iter().enumerate() {
        if !needs_json_escape(b) {
            continue;
        }
        out.extend_from_slice(&bytes[run..i]);
        let short = match b {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            0x08 => Some(b'b'),
            0x0C => Some(b'f'),
            b'\n' => Some(b'n'),
            b'\r' => Some(b'r'),
            b'\t' => Some(b't'),
            _ => None,
        };
        match short {
            Some(c) => out.extend_from_slice(&[b'\\', c]),
            None => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
            }
        }
        run = i + 1;
    }
    out.extend_from_slice(&bytes[run..]);
}

impl From<BorrowedActorRef<'_>> for ActorRef {
    fn from(a: BorrowedActorRef<'_>) -> Self {
        ActorRef::new(a.id, a.text, a.kind)
    }
}

impl<'a> From<&'a ActorRef> for BorrowedActorRef<'a> {
    fn from(a: &'a ActorRef) -> Self {
        BorrowedActorRef { id: a.id.as_str(), text: &a.text, kind: a.kind }
    }
}

impl From<TripleRef<'_>> for Triple {
    fn from(t: TripleRef<'_>) -> Self {
        Triple {
            doc: t.doc.to_string(),
            subject: t.subject.into(),
            relation: Relation::new(t.relation),
            object: t.object.into(),
            predicate: t.predicate.to_string(),
            modality: t.modality,
            nominal: t.nominal,
            sentence: t.sentence,
            span: t.span,
            rule: t.rule.to_string(),
            text: t.text.to_string(),
            date: t.date.map(str::to_string),
        }
    }
}

impl<'a> From<&'a Triple> for TripleRef<'a> {
    fn from(t: &'a Triple) -> Self {
        TripleRef {
            doc: &t.doc,
            subject: (&t.subject).into(),
            relation: t.relation.as_str(),
            object: (&t.object).into(),
            predicate: &t.predicate,
            modality: t.modality,
            nominal: t.nominal,
            sentence: t.sentence,
            span: t.span,
            rule: &t.rule,
            text: &t.text,
            date: t.date.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_json_escape_agrees_with_a_byte_loop() {
        // Every byte value at every place in strings of every length up to
        // three vector chunks, the other bytes plain or just past special.
        for n in 1..=48 {
            for filler in [b'a', b' ', b'#', b']', 0x80, 0xFF] {
                for at in 0..n {
                    for b in 0..=255u8 {
                        let mut bytes = vec![filler; n];
                        bytes[at] = b;
                        assert_eq!(has_json_escape(&bytes), bytes.iter().any(|&b| needs_json_escape(b)), "{bytes:?}");
                    }
                }
            }
            assert!(!has_json_escape(&vec![b'a'; n]));
        }
        assert!(!has_json_escape(b""));
    }

    #[test]
    fn json_overhead_bounds_the_bytes_besides_strings() {
        let empty = [(); 9].map(|()| String::new());
        let mut t = triple(&empty, (usize::MAX, usize::MAX, usize::MAX), (false, true, 3));
        t.modality = Modality::Hypothetical;
        t.object.kind = ActorKind::ArmedGroup;
        let mut out = Vec::new();
        t.write_json(&mut out);
        assert!(out.len() <= JSON_OVERHEAD, "{}", out.len());
    }

    fn triple<'a>(strings: &'a [String; 9], numbers: (usize, usize, usize), flags: (bool, bool, u8)) -> TripleRef<'a> {
        let kinds = [ActorKind::State, ActorKind::Igo, ActorKind::Party, ActorKind::ArmedGroup, ActorKind::Other];
        let modalities = [Modality::Asserted, Modality::Negated, Modality::Hypothetical];
        let k = usize::from(flags.2);
        TripleRef {
            doc: &strings[0],
            subject: BorrowedActorRef { id: &strings[1], text: &strings[2], kind: kinds[k % kinds.len()] },
            relation: &strings[3],
            object: BorrowedActorRef { id: &strings[4], text: &strings[5], kind: kinds[(k / 5) % kinds.len()] },
            predicate: &strings[6],
            modality: modalities[k % modalities.len()],
            nominal: flags.0,
            sentence: numbers.0,
            span: (numbers.1, numbers.2),
            rule: &strings[7],
            text: &strings[8],
            date: flags.1.then_some(&strings[0][..]),
        }
    }

    #[test]
    fn json_of_a_triple_escapes_as_serde_json_does() {
        // Every escape, at every place relative to the sixteen-byte chunks.
        let specials = ["\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{c}", "\u{0}", "\u{1f}", "\u{7f}", "/", "é", "’", "😀"];
        for special in specials {
            for at in 0..40 {
                let text = format!("{}{special}{}", "a".repeat(at), "b".repeat(40 - at));
                let strings: [String; 9] = std::array::from_fn(|i| if i == 8 { text.clone() } else { format!("{special}{i}") });
                let t = triple(&strings, (at, 0, usize::MAX), (at % 2 == 0, at % 3 == 0, at as u8));
                let mut out = Vec::new();
                t.write_json(&mut out);
                assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&t).unwrap(), "{special:?} at {at}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn json_of_any_triple_is_serde_json(
            strings in proptest::array::uniform9("(?s).{0,70}"),
            numbers in proptest::prelude::any::<(usize, usize, usize)>(),
            flags in proptest::prelude::any::<(bool, bool, u8)>(),
        ) {
            let t = triple(&strings, numbers, flags);
            let mut out = Vec::new();
            t.write_json(&mut out);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&t).unwrap());
        }
    }
}
