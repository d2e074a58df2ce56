//! The schema: actors, relation classes, rules and the lexicon, kept as RON
//! data in `schema/` and embedded in the binary.
//!
//! A schema is five files:
//!
//! | file | holds |
//! |---|---|
//! | `actors.ron` | canonical actors with their names, capitals, seats of power, demonyms; officials tied to their state |
//! | `relations.ron` | the relation classes: display verb, symmetry, CAMEO roots, colour |
//! | `rules.ron` | word classes and the extraction rules (see `schema/README.md`) |
//! | `lexicon.ron` | abbreviations, irregular verbs, titles, agent nouns, modality cues |
//! | `styles.ron` | how drawings look: shapes per actor kind, lines per modality, layout by size, how many actors `build` draws |
//!
//! Loading validates everything and reports the file, line and column of
//! the first problem found.
//!
//! ```
//! use actorgraph::schema::Schema;
//! let schema = Schema::embedded().unwrap();
//! assert!(schema.relation("supply").is_some());
//! assert!(schema.actors.actors.iter().any(|a| a.id == "North Korea"));
//! ```

mod error;
pub mod pattern;
mod styles;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use error::{Location, SchemaError, SourcePos};
use error::{locate, locate_nth};
pub use pattern::{Pattern, PatternElement};
pub use styles::{KindShapes, LayoutDef, ModalityLines, StylesFile, ENGINES, LINES};

use crate::model::{ActorKind, Date, Modality};

/// The names of the schema files, in loading order.
pub const FILE_NAMES: [&str; 5] = [
    "actors.ron",
    "relations.ron",
    "rules.ron",
    "lexicon.ron",
    "styles.ron",
];

const EMBEDDED: [(&str, &str); 5] = [
    ("actors.ron", include_str!("../../schema/actors.ron")),
    ("relations.ron", include_str!("../../schema/relations.ron")),
    ("rules.ron", include_str!("../../schema/rules.ron")),
    ("lexicon.ron", include_str!("../../schema/lexicon.ron")),
    ("styles.ron", include_str!("../../schema/styles.ron")),
];

/// `actors.ron`: the gazetteer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorsFile {
    /// Canonical actors.
    #[serde(default)]
    pub actors: Vec<ActorDef>,
    /// Officials and leaders, each resolved to the actor they act for.
    #[serde(default)]
    pub people: Vec<PersonDef>,
}

/// One canonical actor and every name it goes by.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorDef {
    /// Canonical name ("North Korea").
    pub id: String,
    /// State, Igo, Party, ArmedGroup or Other.
    #[serde(default)]
    pub kind: ActorKind,
    /// ISO 3166-1 alpha-3 or another short code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Other names and abbreviations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Capitals used as metonyms ("Pyongyang").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capitals: Vec<String>,
    /// Seats of power and agencies ("Kremlin", "Pentagon").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<String>,
    /// Adjectival forms and demonyms ("North Korean", "North Koreans").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demonyms: Vec<String>,
    /// Regions that stand for the state in news of conflict ("Kursk").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Names that stand for the actor only in a document that has already
    /// named one of a few actors: "the South" after North or South Korea.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_names: Vec<ContextName>,
}

impl ActorDef {
    /// Every name the actor claims, no two actors sharing one: its id,
    /// names, capitals, seats, demonyms, regions and code.
    pub fn claimed_names(&self) -> impl Iterator<Item = &String> + Clone {
        std::iter::once(&self.id)
            .chain(&self.names)
            .chain(&self.capitals)
            .chain(&self.seats)
            .chain(&self.demonyms)
            .chain(&self.regions)
            .chain(self.code.iter())
    }
}

/// A one-word name that counts only after certain actors were named.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextName {
    /// The word, capitalised as written ("South").
    pub name: String,
    /// The actors one of which the document must have named before.
    pub after: Vec<String>,
}

/// An official or leader who acts for an actor.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonDef {
    /// Full name as written in news.
    pub name: String,
    /// The canonical actor they act for.
    pub actor: String,
    /// Their office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// First year (`2017`) or day (`"2017-05-10"`) in office, when known:
    /// before it, the name stands for no actor in a dated document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last year or day in office; `None` while in office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The surname alone, when news uses it unambiguously ("Putin").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
}

/// `relations.ron`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationsFile {
    /// The relation classes.
    pub relations: Vec<RelationDef>,
}

/// One relation class.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationDef {
    /// Class name ("supply").
    pub id: String,
    /// Display verb ("supplies").
    pub verb: String,
    /// True when A–B is the same relation as B–A (meet, cooperate).
    #[serde(default)]
    pub symmetric: bool,
    /// CAMEO root codes the class covers.
    #[serde(default)]
    pub cameo: Vec<String>,
    /// Colour used by the exporters.
    #[serde(default)]
    pub color: Option<String>,
    /// One line on what the class means.
    #[serde(default)]
    pub description: String,
}

/// `rules.ron`: word classes and rules.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    /// Named word lists usable in patterns as `@NAME` (like PETRARCH's `&SYNSET`).
    #[serde(default)]
    pub word_classes: BTreeMap<String, Vec<String>>,
    /// The rules.
    pub rules: Vec<RuleDef>,
}

/// One extraction rule. See `schema/README.md` for the pattern language.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Unique id, written into every triple the rule yields.
    pub id: String,
    /// The relation class it yields.
    pub relation: String,
    /// Verb lemmas the `*` of the pattern stands for; inflections are generated.
    #[serde(default)]
    pub verbs: Vec<String>,
    /// The pattern: `$` source, `+` target, `*` the verb, `..` a bounded gap,
    /// words (inflected), `a|b` alternatives, `word?` optional, `@CLASS` word classes.
    pub pattern: String,
    /// Largest number of tokens a `..` gap may skip (default from the lexicon).
    #[serde(default)]
    pub gap: Option<usize>,
    /// A coordinated source ("Japan and Korea unite") yields one triple per pair.
    #[serde(default)]
    pub reciprocal: bool,
    /// The relation is carried by a noun phrase ("Russia's war in Ukraine").
    #[serde(default)]
    pub nominal: bool,
    /// A verb rule whose slots, like a nominal rule's, may be bare
    /// adjectives: "condemned the Russian invasion" names Russia.
    #[serde(default)]
    pub reads_adjectives: bool,
    /// Fixes the modality instead of reading it from the context.
    #[serde(default)]
    pub modality: Option<Modality>,
    /// The source must be named with a word of this class: `source_is:
    /// "TROOPS"` accepts "North Korean troops" and not "North Korea".
    #[serde(default)]
    pub source_is: Option<String>,
    /// Likewise for the target.
    #[serde(default)]
    pub target_is: Option<String>,
    /// The syntactic role that fills the source when the rule is read over
    /// the dependency parse. Left out, the roles are read off the pattern
    /// (`$ * +`: subject and object; `$ * .. to +`: subject and the
    /// oblique with "to"; see `schema/README.md`).
    #[serde(default)]
    pub source: Option<Role>,
    /// Likewise for the target.
    #[serde(default)]
    pub target: Option<Role>,
    /// The verb's object must be one of these words or `@CLASS` (a light
    /// verb with its noun: "impose" + `@SANCTION_N`); read off the
    /// pattern when left out.
    #[serde(default)]
    pub object: Option<String>,
    /// The event code the rule was imported with (CAMEO or another
    /// scheme), for users who compare with event data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Sentences this rule must read, each with the triples expected
    /// (`"Source relation Target"`, optionally followed by `/modality`).
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

/// A syntactic role of a predicate, as the dependency parse gives it; the
/// argument is followed through passives, control ("urged X to send"),
/// relative clauses, coordination and agent nouns ("Chinese troops").
///
/// ```
/// use actorgraph::schema::Role;
/// let role: Role = ron::from_str(r#"Via(["to", "into"])"#).unwrap();
/// assert_eq!(role, Role::Via(vec!["to".into(), "into".into()]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Who does it: the subject of an active verb, the agent ("by X") of a
    /// passive one, the controller of an infinitive.
    Subject,
    /// Who it is done to: the object of an active verb, the subject of a
    /// passive one.
    Object,
    /// The object and the actors named inside its phrase: "welcomed the
    /// resumption of ties with X" (how PETRARCH's dictionaries find a target).
    ObjectPhrase,
    /// The indirect object: "gave Kyiv tanks".
    Recipient,
    /// An oblique or a noun's modifier with one of these prepositions:
    /// "sent troops to X", "an attack on X".
    Via(Vec<String>),
    /// A noun's owner: "X's invasion", "the Russian invasion", "an attack by X".
    Possessor,
    /// The members of "between X and Y" (the relation holds between each pair).
    Between,
}

/// A test sentence carried by a rule.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleExample {
    /// The sentence.
    pub text: String,
    /// Expected triples as `"Subject > relation > Object"` with an optional `" / modality"`.
    #[serde(default)]
    pub expect: Vec<String>,
}

/// `lexicon.ron`: word lists the text and extraction stages use.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    /// Abbreviations after which a period does not end a sentence.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Irregular verbs as (lemma, past, past participle); several forms may be `|`-separated.
    #[serde(default)]
    pub irregular_verbs: Vec<(String, String, String)>,
    /// Titles of officials ("President", "Foreign Minister").
    #[serde(default)]
    pub titles: Vec<String>,
    /// Nouns that make an adjectival actor an actor ("troops", "government").
    #[serde(default)]
    pub agents: Vec<String>,
    /// Words that may join coordinated actors besides commas ("and", "or").
    #[serde(default)]
    pub conjunctions: Vec<String>,
    /// Words that may stand inside a coordination besides conjunctions ("as well as", "and now").
    #[serde(default)]
    pub coordination_fillers: Vec<String>,
    /// Words that open a new coordination rather than continue one ("Russia, both Seoul and Tokyo").
    #[serde(default)]
    pub coordination_openers: Vec<String>,
    /// Words skipped before an actor in a slot ("the", "its").
    #[serde(default)]
    pub determiners: Vec<String>,
    /// Phrases introducing a list of actors, skipped before a slot ("nations like").
    #[serde(default)]
    pub list_heads: Vec<String>,
    /// Words a subject gap may not cross ("that", "but").
    #[serde(default)]
    pub clause_breaks: Vec<String>,
    /// Subject pronouns, resolved to an actor earlier in the sentence ("it", "they").
    #[serde(default)]
    pub pronouns: Vec<String>,
    /// Subordinating conjunctions: a clause they open is not the main clause.
    #[serde(default)]
    pub subordinators: Vec<String>,
    /// Relative pronouns: the subject of their clause is the actor just before ("which", "who").
    #[serde(default)]
    pub relative_pronouns: Vec<String>,
    /// Prepositions: an actor right after one is never a verb's subject.
    #[serde(default)]
    pub prepositions: Vec<String>,
    /// Prepositions of place: a capital or region right after one names
    /// where something happens ("talks in Havana"), not a party, so a
    /// collective ("the two sides") does not count it. Other prepositions
    /// leave it a party ("talks between Addis Ababa and Mogadishu").
    #[serde(default)]
    pub venue_prepositions: Vec<String>,
    /// Pronouns that, opening a sentence, stand for the previous sentence's
    /// leading actor ("It has warned Moscow", "Its troops").
    #[serde(default)]
    pub opening_pronouns: Vec<String>,
    /// Names of places that contain an actor's name and are not that actor:
    /// "Latin America" is not the United States, "New Mexico" not Mexico.
    #[serde(default)]
    pub not_actors: Vec<String>,
    /// Phrases that stand for several actors named before them: "the two
    /// sides", "those three countries".
    #[serde(default)]
    pub collectives: Vec<CollectiveDef>,
    /// Phrases that mark a document as coding no event (sports, markets:
    /// "World Cup"): a document with one yields no triple.
    #[serde(default)]
    pub discard_stories: Vec<String>,
    /// Phrases that mark a sentence as coding no event ("years later").
    #[serde(default)]
    pub discard_sentences: Vec<String>,
    /// Definite descriptions that stand for the actor of a kind named last:
    /// "the government" for a state, "the bloc" for an organisation.
    #[serde(default)]
    pub descriptions: Vec<DescriptionDef>,
    /// Cues that make a relation negated or hypothetical.
    #[serde(default)]
    pub modality: ModalityCues,
    /// How many tokens may stand between a subject and its verb.
    #[serde(default = "default_subject_gap")]
    pub subject_gap: usize,
    /// Default bound of a `..` gap.
    #[serde(default = "default_gap")]
    pub gap: usize,
}

fn default_subject_gap() -> usize {
    8
}

fn default_gap() -> usize {
    6
}

/// Nouns that, after "the", stand for the actor of `kind` the document
/// named last: "the bloc" after "ASEAN".
///
/// ```
/// let lexicon: actorgraph::schema::LexiconFile =
///     ron::from_str(r#"(descriptions: [(kind: Igo, nouns: ["bloc", "alliance"])])"#).unwrap();
/// assert_eq!(lexicon.descriptions[0].nouns, ["bloc", "alliance"]);
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DescriptionDef {
    /// The kind of actor the nouns stand for.
    pub kind: ActorKind,
    /// The nouns (singular; plurals are derived).
    pub nouns: Vec<String>,
}

/// Phrases that refer back to the last `count` actors the document named:
/// "the two sides" after "Colombia's government and the FARC rebels".
///
/// ```
/// let lexicon: actorgraph::schema::LexiconFile =
///     ron::from_str(r#"(collectives: [(count: 2, phrases: ["the two sides", "both countries"])])"#).unwrap();
/// assert_eq!(lexicon.collectives[0].count, 2);
/// ```
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectiveDef {
    /// How many actors each phrase stands for (two or more).
    pub count: usize,
    /// The phrases, matched as written (lower-cased).
    pub phrases: Vec<String>,
}

/// Modality cues: phrases (inflected like rule words) found between a
/// source and its verb.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModalityCues {
    /// Negation: "not", "n't", "never", "refuse to".
    #[serde(default)]
    pub negation: Vec<String>,
    /// Modal, future, intent, plan, hope, threat: "could", "will", "plan to".
    #[serde(default)]
    pub hypothetical: Vec<String>,
    /// Conditionals that make the whole clause hypothetical when they open it: "if", "unless".
    #[serde(default)]
    pub conditional: Vec<String>,
    /// Infinitive markers: right before the verb they make it hypothetical ("allowed Warsaw to send").
    #[serde(default)]
    pub infinitive: Vec<String>,
    /// Verbs after which an infinitive is still asserted ("attempt to coordinate", "continue to fight").
    #[serde(default)]
    pub asserting_governors: Vec<String>,
}

/// A loaded, validated schema.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The gazetteer.
    pub actors: ActorsFile,
    /// The relation classes.
    pub relations: Vec<RelationDef>,
    /// Word classes and rules.
    pub rules: RulesFile,
    /// Word lists.
    pub lexicon: LexiconFile,
    /// How drawings look.
    pub styles: StylesFile,
    /// Where each file came from, to point errors at it: the base file,
    /// then the additions made to it (`add/`).
    files: HashMap<&'static str, Vec<SchemaSource>>,
}

#[derive(Debug, Clone)]
struct SchemaSource {
    path: PathBuf,
    text: String,
}

impl Schema {
    /// The default schema compiled into the crate.
    pub fn embedded() -> Result<Schema, SchemaError> {
        Schema::from_sources(&[])
    }

    /// Loads the schema files found in `dir`; files it lacks come from the
    /// embedded default, so a directory holding only `rules.ron` replaces the
    /// rules and keeps the default actors. The files of its folder `add/`
    /// (any of the five) are added on top, see [`Schema::with_additions`]:
    /// `DIR/add/actors.ron` alone adds actors to the default schema.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::create_dir(dir.path().join("add")).unwrap();
    /// std::fs::write(dir.path().join("add/actors.ron"), r#"(actors: [(id: "Atlantis", capitals: ["Poseidonia"])])"#).unwrap();
    /// let schema = actorgraph::schema::Schema::load_dir(dir.path()).unwrap();
    /// assert!(schema.actor("Atlantis").is_some() && schema.actor("North Korea").is_some());
    /// ```
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Schema, SchemaError> {
        let dir = dir.as_ref();
        if !dir.is_dir() {
            return Err(SchemaError::Io {
                file: dir.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
            });
        }
        let read = |dir: &Path| -> Result<Vec<(PathBuf, String)>, SchemaError> {
            let mut files = Vec::new();
            for name in FILE_NAMES {
                let path = dir.join(name);
                if path.exists() {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|source| SchemaError::Io { file: path.clone(), source })?;
                    files.push((path, text));
                }
            }
            Ok(files)
        };
        let added = dir.join("add");
        let additions = if added.is_dir() { read(&added)? } else { Vec::new() };
        Schema::build(read(dir)?, additions)
    }

    /// Builds a schema from file texts given by name (`"rules.ron"`, ...);
    /// files not given come from the embedded default.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Schema, SchemaError> {
        Schema::with_additions(sources, &[])
    }

    /// Like [`from_sources`](Self::from_sources), then adds the entries of
    /// `additions` (files by name) on top: actors and people, relation
    /// classes, rules, word classes (a class already there gets the new
    /// words) and every list of the lexicon. An added actor whose `id` is
    /// already there gets the added names, capitals, seats, demonyms,
    /// regions and context names (and its code, when it has none).
    /// The lexicon's numbers (`gap`, `subject_gap`) stay those of the base.
    ///
    /// ```
    /// use actorgraph::schema::Schema;
    /// let added = r#"(actors: [(id: "Atlantis", names: ["Atlantean Republic"]), (id: "North Korea", names: ["Hermit Kingdom"])])"#;
    /// let schema = Schema::with_additions(&[], &[("actors.ron", added)])?;
    /// assert_eq!(schema.actors.actors.len(), Schema::embedded()?.actors.actors.len() + 1);
    /// assert!(schema.actor("North Korea").unwrap().names.iter().any(|n| n == "Hermit Kingdom"));
    /// # Ok::<(), actorgraph::schema::SchemaError>(())
    /// ```
    pub fn with_additions(sources: &[(&str, &str)], additions: &[(&str, &str)]) -> Result<Schema, SchemaError> {
        let owned = |files: &[(&str, &str)]| files.iter().map(|(n, t)| (PathBuf::from(n), t.to_string())).collect();
        Schema::build(owned(sources), owned(additions))
    }

    fn build(given: Vec<(PathBuf, String)>, additions: Vec<(PathBuf, String)>) -> Result<Schema, SchemaError> {
        let mut files: HashMap<&'static str, Vec<SchemaSource>> = HashMap::new();
        for (name, text) in EMBEDDED {
            files.insert(name, vec![SchemaSource { path: Path::new("<embedded>").join(name), text: text.to_string() }]);
        }
        for (path, text) in given {
            files.insert(schema_file_name(&path)?, vec![SchemaSource { path, text }]);
        }
        let mut added = Vec::new();
        for (path, text) in additions {
            let name = schema_file_name(&path)?;
            let source = SchemaSource { path, text };
            added.push((name, parse_any(name, &source)?));
            if let Some(sources) = files.get_mut(name) {
                sources.push(source);
            }
        }
        let mut actors: ActorsFile = parse(&files["actors.ron"][0])?;
        let mut relations: RelationsFile = parse(&files["relations.ron"][0])?;
        let mut rules: RulesFile = parse(&files["rules.ron"][0])?;
        let mut lexicon: LexiconFile = parse(&files["lexicon.ron"][0])?;
        let mut styles: StylesFile = parse(&files["styles.ron"][0])?;
        for (_, file) in added {
            match file {
                AnyFile::Actors(more) => actors.add(more),
                AnyFile::Relations(more) => relations.relations.extend(more.relations),
                AnyFile::Rules(more) => rules.add(more),
                AnyFile::Lexicon(more) => lexicon.add(*more),
                AnyFile::Styles(more) => styles.add(more),
            }
        }
        let schema = Schema {
            actors,
            relations: relations.relations,
            rules,
            lexicon,
            styles,
            files,
        };
        schema.validate()?;
        Ok(schema)
    }

    /// The embedded default schema files, by name, as text.
    pub fn embedded_files() -> [(&'static str, &'static str); 5] {
        EMBEDDED
    }

    /// The relation class named `id`.
    pub fn relation(&self, id: &str) -> Option<&RelationDef> {
        self.relations.iter().find(|r| r.id == id)
    }

    /// The rule named `id`.
    pub fn rule(&self, id: &str) -> Option<&RuleDef> {
        self.rules.rules.iter().find(|r| r.id == id)
    }

    /// The actor named `id`.
    pub fn actor(&self, id: &str) -> Option<&ActorDef> {
        self.actors.actors.iter().find(|a| a.id == id)
    }

    /// The position of the `n`-th occurrence of `needle` in file `name`
    /// (counted through the base file, then its additions), for error messages.
    pub(crate) fn pos_of(&self, name: &'static str, needle: &str, n: usize) -> SourcePos {
        let sources = &self.files[name];
        let mut left = n;
        for src in sources {
            let found = src.text.matches(needle).count();
            if left < found {
                return SourcePos { file: src.path.clone(), at: locate_nth(&src.text, needle, left) };
            }
            left -= found;
        }
        SourcePos { file: sources[0].path.clone(), at: None }
    }

    /// The position of the first `needle` after the first `anchor` in file
    /// `name` (the base file, or else an addition that has both): points an
    /// error at a field of one definition.
    pub(crate) fn pos_after(&self, name: &'static str, anchor: &str, needle: &str) -> SourcePos {
        for src in &self.files[name] {
            let at = src.text.find(anchor).and_then(|a| {
                let from = a + anchor.len();
                src.text[from..].find(needle).map(|n| error::location_of(&src.text, from + n))
            });
            if let Some(at) = at {
                return SourcePos { file: src.path.clone(), at: Some(at) };
            }
        }
        self.pos_of(name, anchor, 0)
    }

    fn validate(&self) -> Result<(), SchemaError> {
        self.validate_lexicon()?;
        // Relations: unique ids.
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for r in &self.relations {
            let n = seen.entry(r.id.as_str()).or_insert(0);
            if *n > 0 {
                let needle = format!("\"{}\"", r.id);
                return Err(SchemaError::DuplicateId {
                    pos: self.pos_of("relations.ron", &needle, 1),
                    what: "relation",
                    id: r.id.clone(),
                    first: Box::new(self.pos_of("relations.ron", &needle, 0)),
                });
            }
            *n += 1;
        }
        for r in &self.relations {
            if let Some(color) = r.color.as_deref().filter(|c| !is_color(c)) {
                return Err(SchemaError::Invalid {
                    pos: self.pos_after("relations.ron", &format!("id: \"{}\"", r.id), "color"),
                    message: format!(
                        "relation `{}` has colour `{color}`, which Graphviz and the HTML view cannot both draw; write it as #rrggbb (or #rrggbbaa, or a common colour name such as `red`)",
                        r.id
                    ),
                });
            }
        }
        if let Some((needle, message)) = self.styles.problem() {
            return Err(SchemaError::Invalid {
                pos: self.pos_of("styles.ron", &needle, 0),
                message,
            });
        }
        self.validate_actors()?;
        self.validate_rules()
    }

    /// The lexicon's function words (determiners, conjunctions,
    /// prepositions, pronouns, subordinators, clause breaks), lower-cased:
    /// no name may be made of them alone.
    pub(crate) fn function_words(&self) -> std::collections::HashSet<String> {
        let lex = &self.lexicon;
        [
            &lex.determiners,
            &lex.conjunctions,
            &lex.prepositions,
            &lex.venue_prepositions,
            &lex.pronouns,
            &lex.opening_pronouns,
            &lex.relative_pronouns,
            &lex.subordinators,
            &lex.clause_breaks,
        ]
        .into_iter()
        .flatten()
        .map(|w| w.trim().to_lowercase())
        .collect()
    }

    /// Every word list entry has a word: a blank phrase would match
    /// everywhere (a blank cue) or nowhere sensible (a blank list head).
    fn validate_lexicon(&self) -> Result<(), SchemaError> {
        let lex = &self.lexicon;
        for (lemma, past, participle) in &lex.irregular_verbs {
            let forms = [lemma.as_str()].into_iter().chain(past.split('|')).chain(participle.split('|'));
            if forms.into_iter().any(is_blank) {
                return Err(SchemaError::Invalid {
                    pos: self.pos_of("lexicon.ron", &format!("(\"{lemma}\""), 0),
                    message: format!("irregular verb `{lemma}` has an empty form (`{lemma}`, `{past}`, `{participle}`); write every form, several joined by `|`"),
                });
            }
        }
        let lists: [(&str, &[String]); 20] = [
            ("not_actors", &lex.not_actors),
            ("discard_stories", &lex.discard_stories),
            ("discard_sentences", &lex.discard_sentences),
            ("abbreviations", &lex.abbreviations),
            ("titles", &lex.titles),
            ("agents", &lex.agents),
            ("conjunctions", &lex.conjunctions),
            ("coordination_fillers", &lex.coordination_fillers),
            ("coordination_openers", &lex.coordination_openers),
            ("determiners", &lex.determiners),
            ("list_heads", &lex.list_heads),
            ("clause_breaks", &lex.clause_breaks),
            ("pronouns", &lex.pronouns),
            ("opening_pronouns", &lex.opening_pronouns),
            ("relative_pronouns", &lex.relative_pronouns),
            ("prepositions", &lex.prepositions),
            ("venue_prepositions", &lex.venue_prepositions),
            ("subordinators", &lex.subordinators),
            ("modality.negation", &lex.modality.negation),
            ("modality.hypothetical", &lex.modality.hypothetical),
        ];
        for c in &lex.collectives {
            if c.count < 2 {
                return Err(SchemaError::Invalid {
                    pos: self.pos_of("lexicon.ron", &format!("count: {}", c.count), 0),
                    message: format!("a collective stands for two or more actors, not {}", c.count),
                });
            }
        }
        let collectives: Vec<String> = lex.collectives.iter().flat_map(|c| c.phrases.iter().cloned()).collect();
        for (name, list) in lists.into_iter().chain([("collectives", &collectives[..])]) {
            if list.iter().any(|w| w.trim().is_empty() || w.trim() == "=") {
                let field = name.rsplit('.').next().unwrap_or(name);
                return Err(SchemaError::Invalid {
                    pos: self.pos_of("lexicon.ron", &format!("{field}:"), 0),
                    message: format!("`{name}` has an empty entry; remove it (an empty phrase would match everywhere)"),
                });
            }
        }
        Ok(())
    }

    fn validate_actors(&self) -> Result<(), SchemaError> {
        let mut ids: HashMap<&str, ()> = HashMap::new();
        for a in &self.actors.actors {
            if ids.insert(a.id.as_str(), ()).is_some() {
                let needle = format!("id: \"{}\"", a.id);
                return Err(SchemaError::DuplicateId {
                    pos: self.pos_of("actors.ron", &needle, 1),
                    what: "actor",
                    id: a.id.clone(),
                    first: Box::new(self.pos_of("actors.ron", &needle, 0)),
                });
            }
        }
        // Every name resolves to one actor: the gazetteer is a function.
        let mut owner: HashMap<String, &str> = HashMap::new();
        for a in &self.actors.actors {
            let names = a.claimed_names();
            // A set, not a list: an actor may have very many names.
            let mut own: std::collections::HashSet<String> = std::collections::HashSet::new();
            for name in names {
                let key = name_key(name);
                if !own.insert(key.clone()) {
                    continue;
                }
                if let Some(first) = owner.get(&key) {
                    if *first != a.id {
                        return Err(SchemaError::AliasConflict {
                            pos: self.pos_of("actors.ron", &format!("\"{name}\""), 1),
                            alias: name.clone(),
                            first: first.to_string(),
                            second: a.id.clone(),
                        });
                    }
                }
                owner.insert(key, a.id.as_str());
            }
        }
        let function_words = self.function_words();
        for a in &self.actors.actors {
            let names = std::iter::once(&a.id).chain(&a.names).chain(&a.capitals).chain(&a.seats).chain(&a.demonyms).chain(&a.regions);
            let pos = |name: &str| self.pos_after("actors.ron", &format!("id: \"{}\"", a.id), &format!("\"{name}\""));
            if let Some(blank) = names.clone().find(|n| is_blank(n)) {
                return Err(SchemaError::Invalid {
                    pos: pos(blank),
                    message: format!("actor `{}` has an empty name, which would match nothing; remove it", a.id),
                });
            }
            for name in names.chain(a.code.iter()) {
                if let Some(why) = not_a_name(name, &function_words) {
                    return Err(SchemaError::Invalid { pos: pos(name), message: format!("name `{name}` of actor `{}` {why}; remove it", a.id) });
                }
            }
        }
        for p in &self.actors.people {
            let pos = || self.pos_of("actors.ron", &format!("name: \"{}\"", p.name), 0);
            if is_blank(&p.name) || p.surname.as_deref().is_some_and(is_blank) {
                return Err(SchemaError::Invalid {
                    pos: pos(),
                    message: format!("a person acting for `{}` has an empty name or surname; write the name or remove the entry", p.actor),
                });
            }
            for name in std::iter::once(&p.name).chain(p.surname.iter()) {
                if let Some(why) = not_a_name(name, &function_words) {
                    return Err(SchemaError::Invalid { pos: pos(), message: format!("person name `{name}` {why}; remove it") });
                }
            }
        }
        for a in &self.actors.actors {
            for c in &a.context_names {
                let pos = || self.pos_of("actors.ron", &format!("name: \"{}\"", c.name), 0);
                if c.name.split_whitespace().count() != 1 {
                    return Err(SchemaError::Invalid {
                        pos: pos(),
                        message: format!("context name `{}` of `{}` must be one word", c.name, a.id),
                    });
                }
                if let Some(unknown) = c.after.iter().find(|x| !ids.contains_key(x.as_str())) {
                    return Err(SchemaError::Invalid {
                        pos: pos(),
                        message: format!("context name `{}` of `{}` follows unknown actor `{unknown}`", c.name, a.id),
                    });
                }
            }
        }
        for p in &self.actors.people {
            if !ids.contains_key(p.actor.as_str()) {
                return Err(SchemaError::Invalid {
                    pos: self.pos_of("actors.ron", &format!("\"{}\"", p.name), 0),
                    message: format!("person `{}` acts for unknown actor `{}`", p.name, p.actor),
                });
            }
        }
        Ok(())
    }

    fn validate_rules(&self) -> Result<(), SchemaError> {
        for (name, words) in &self.rules.word_classes {
            // Positions are found only for an error: each is a search of the file.
            let pos = || self.pos_of("rules.ron", &format!("\"{name}\""), 0);
            let invalid = |message: String| SchemaError::Invalid { pos: pos(), message };
            if words.is_empty() {
                return Err(invalid(format!("word class `@{name}` is empty; give it at least one word")));
            }
            if words.iter().any(|w| is_blank(w)) {
                return Err(invalid(format!("word class `@{name}` has an empty word, which would match nothing; remove it")));
            }
            if let Some(w) = words.iter().find(|w| w.trim_start().starts_with('@')) {
                return Err(invalid(format!(
                    "word class `@{name}` names `{w}`: a class cannot refer to a class (nor to itself); list the words"
                )));
            }
        }
        let known: Vec<&str> = self.relations.iter().map(|r| r.id.as_str()).collect();
        let mut ids: HashMap<&str, ()> = HashMap::new();
        for rule in &self.rules.rules {
            let needle = format!("\"{}\"", rule.id);
            let pos = || self.pos_of("rules.ron", &needle, 0);
            if ids.insert(rule.id.as_str(), ()).is_some() {
                return Err(SchemaError::DuplicateId {
                    pos: self.pos_of("rules.ron", &needle, 1),
                    what: "rule",
                    id: rule.id.clone(),
                    first: Box::new(pos()),
                });
            }
            if !known.contains(&rule.relation.as_str()) {
                return Err(SchemaError::UnknownRelation {
                    pos: self.pos_after("rules.ron", &needle, &format!("\"{}\"", rule.relation)),
                    rule: rule.id.clone(),
                    relation: rule.relation.clone(),
                    known: known.join(", "),
                });
            }
            let pattern = Pattern::parse(&rule.pattern).map_err(|message| SchemaError::BadRule {
                pos: self.pos_after("rules.ron", &needle, "pattern"),
                rule: rule.id.clone(),
                message,
            })?;
            let bad = |message: String| SchemaError::BadRule { pos: pos(), rule: rule.id.clone(), message };
            if pattern.has_verb() && rule.verbs.is_empty() {
                return Err(bad("the pattern has a verb `*` but `verbs` is empty".into()));
            }
            if !pattern.has_verb() && !rule.verbs.is_empty() {
                return Err(bad("`verbs` is given but the pattern has no `*` to put them".into()));
            }
            if let Some(blank) = rule.verbs.iter().find(|v| is_blank(v)) {
                return Err(SchemaError::BadRule {
                    pos: self.pos_after("rules.ron", &needle, &format!("\"{blank}\"")),
                    rule: rule.id.clone(),
                    message: "a verb is empty: `*` would match no word at all; remove it or write the verb".into(),
                });
            }
            if [&rule.source, &rule.target].into_iter().flatten().any(|r| matches!(r, Role::Via(p) if p.iter().all(|w| is_blank(w)))) {
                return Err(bad("a role `Via([...])` names no preposition; list at least one (\"to\", \"with\")".into()));
            }
            let object_class = rule.object.as_deref().and_then(|o| o.trim().strip_prefix('@'));
            for class in pattern.word_classes().chain(rule.source_is.as_deref()).chain(rule.target_is.as_deref()).chain(object_class) {
                if !self.rules.word_classes.contains_key(class) {
                    return Err(bad(format!("unknown word class `@{class}`")));
                }
            }
            if rule.reciprocal {
                if pattern.count(&PatternElement::Target) > 0 {
                    return Err(bad("a reciprocal rule pairs the members of `$` and has no `+`".into()));
                }
            } else if pattern.count(&PatternElement::Target) != 1 {
                return Err(bad("the pattern needs exactly one target `+` (or `reciprocal: true`)".into()));
            }
        }
        Ok(())
    }
}

/// True when `s` has no letter, digit or punctuation: only white space and
/// invisible characters, which the tokenizer skips.
fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || crate::text::is_invisible(c))
}

/// Why `name` cannot be an actor's or a person's name, if it cannot: it
/// has no letter or digit (`,` would make every list an actor), or every
/// word of it is a function word (`the`, `to`) and it is not an acronym,
/// so it would be found in almost every sentence.
pub(crate) fn not_a_name(name: &str, function_words: &std::collections::HashSet<String>) -> Option<&'static str> {
    if !name.chars().any(char::is_alphanumeric) {
        return Some("has no letter or digit, so it would match punctuation in every text");
    }
    // An acronym ("AND", Andorra's code) matches only as written, in capitals.
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let acronym = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    if !acronym && name.split_whitespace().all(|w| function_words.contains(&w.to_lowercase())) {
        return Some("is made of function words only (the lexicon's determiners, prepositions, pronouns…), so it would match in almost every sentence");
    }
    None
}

/// Colour names both Graphviz (X11 scheme) and CSS know.
const COLOR_NAMES: [&str; 56] = [
    "black", "white", "gray", "grey", "red", "green", "blue", "yellow", "orange", "purple", "brown", "pink", "cyan",
    "magenta", "navy", "maroon", "gold", "violet", "turquoise", "salmon", "tomato", "orchid", "khaki", "coral", "tan",
    "beige", "ivory", "lavender", "plum", "wheat", "chocolate", "firebrick", "darkgreen", "darkblue", "darkred",
    "darkorange", "darkviolet", "forestgreen", "steelblue", "royalblue", "skyblue", "slateblue", "seagreen",
    "limegreen", "olivedrab", "goldenrod", "indianred", "hotpink", "deeppink", "dodgerblue", "midnightblue", "sienna",
    "peru", "crimson", "lightblue", "lightgray",
];

/// Whether a relation colour is one the exporters can draw: `#rrggbb`,
/// `#rrggbbaa`, or a name from [`COLOR_NAMES`] (any case).
fn is_color(color: &str) -> bool {
    match color.strip_prefix('#') {
        Some(hex) => matches!(hex.len(), 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => COLOR_NAMES.iter().any(|n| n.eq_ignore_ascii_case(color)),
    }
}

/// How names are compared for conflicts: case-insensitively, with the
/// typographic apostrophe folded.
pub(crate) fn name_key(name: &str) -> String {
    name.trim().replace('\u{2019}', "'").to_lowercase()
}

/// Which schema file `path` is, by its file name.
fn schema_file_name(path: &Path) -> Result<&'static str, SchemaError> {
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    FILE_NAMES.iter().find(|n| **n == file_name).copied().ok_or_else(|| SchemaError::Invalid {
        pos: SourcePos { file: path.to_path_buf(), at: None },
        message: format!("not a schema file name (expected one of {})", FILE_NAMES.join(", ")),
    })
}

/// A schema file of any of the five kinds.
enum AnyFile {
    Actors(ActorsFile),
    Relations(RelationsFile),
    Rules(RulesFile),
    Lexicon(Box<LexiconFile>),
    Styles(StylesFile),
}

/// Parses `src` as the schema file `name`.
fn parse_any(name: &str, src: &SchemaSource) -> Result<AnyFile, SchemaError> {
    Ok(match name {
        "actors.ron" => AnyFile::Actors(parse(src)?),
        "relations.ron" => AnyFile::Relations(parse(src)?),
        "rules.ron" => AnyFile::Rules(parse(src)?),
        "styles.ron" => AnyFile::Styles(parse(src)?),
        _ => AnyFile::Lexicon(Box::new(parse(src)?)),
    })
}

impl ActorsFile {
    /// Adds the actors and people of `more`; an actor already here gets the
    /// names of its namesake in `more` (see [`Schema::with_additions`]).
    fn add(&mut self, more: ActorsFile) {
        let mut at: HashMap<String, usize> = self.actors.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        for actor in more.actors {
            let Some(&i) = at.get(&actor.id) else {
                at.insert(actor.id.clone(), self.actors.len());
                self.actors.push(actor);
                continue;
            };
            let old = &mut self.actors[i];
            old.names.extend(actor.names);
            old.capitals.extend(actor.capitals);
            old.seats.extend(actor.seats);
            old.demonyms.extend(actor.demonyms);
            old.regions.extend(actor.regions);
            old.context_names.extend(actor.context_names);
            if old.code.is_none() {
                old.code = actor.code;
            }
        }
        self.people.extend(more.people);
    }
}

impl RulesFile {
    /// Adds the rules of `more`, and its word classes (a class already
    /// here gets the new words).
    fn add(&mut self, more: RulesFile) {
        for (class, words) in more.word_classes {
            self.word_classes.entry(class).or_default().extend(words);
        }
        self.rules.extend(more.rules);
    }
}

impl LexiconFile {
    /// Adds every list of `more`; the numbers stay this file's.
    fn add(&mut self, more: LexiconFile) {
        let LexiconFile {
            abbreviations,
            irregular_verbs,
            titles,
            agents,
            conjunctions,
            coordination_fillers,
            coordination_openers,
            determiners,
            list_heads,
            clause_breaks,
            pronouns,
            subordinators,
            relative_pronouns,
            prepositions,
            venue_prepositions,
            opening_pronouns,
            not_actors,
            collectives,
            discard_stories,
            discard_sentences,
            descriptions,
            modality,
            subject_gap: _,
            gap: _,
        } = more;
        self.abbreviations.extend(abbreviations);
        self.irregular_verbs.extend(irregular_verbs);
        self.titles.extend(titles);
        self.agents.extend(agents);
        self.conjunctions.extend(conjunctions);
        self.coordination_fillers.extend(coordination_fillers);
        self.coordination_openers.extend(coordination_openers);
        self.determiners.extend(determiners);
        self.list_heads.extend(list_heads);
        self.clause_breaks.extend(clause_breaks);
        self.pronouns.extend(pronouns);
        self.subordinators.extend(subordinators);
        self.relative_pronouns.extend(relative_pronouns);
        self.prepositions.extend(prepositions);
        self.venue_prepositions.extend(venue_prepositions);
        self.opening_pronouns.extend(opening_pronouns);
        self.not_actors.extend(not_actors);
        self.collectives.extend(collectives);
        self.discard_stories.extend(discard_stories);
        self.discard_sentences.extend(discard_sentences);
        self.descriptions.extend(descriptions);
        self.modality.negation.extend(modality.negation);
        self.modality.hypothetical.extend(modality.hypothetical);
        self.modality.conditional.extend(modality.conditional);
        self.modality.infinitive.extend(modality.infinitive);
        self.modality.asserting_governors.extend(modality.asserting_governors);
    }
}

fn parse<T: serde::de::DeserializeOwned>(src: &SchemaSource) -> Result<T, SchemaError> {
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options.from_str(&src.text).map_err(|e| SchemaError::Syntax {
        pos: SourcePos {
            file: src.path.clone(),
            at: Some(Location { line: e.span.start.line, column: e.span.start.col }),
        },
        message: e.code.to_string(),
    })
}

/// The embedded `styles.ron`, on its own (the default drawing style needs
/// no other file).
pub(crate) fn embedded_styles() -> StylesFile {
    let (name, text) = EMBEDDED[4];
    let source = SchemaSource {
        path: Path::new("<embedded>").join(name),
        text: text.to_string(),
    };
    parse(&source).expect("the embedded styles.ron parses (checked by the schema tests)")
}

/// Locates `needle` in `text` (used by callers that hold a file's text).
pub fn locate_in(text: &str, needle: &str) -> Option<Location> {
    locate(text, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schema_loads() {
        let s = Schema::embedded().unwrap();
        assert!(s.relations.len() >= 11);
        assert!(!s.rules.rules.is_empty());
    }

    #[test]
    fn syntax_error_names_file_line_column() {
        let err = Schema::from_sources(&[("rules.ron", "(\n  rules: [\n    (id: \"x\", relation: )\n  ]\n)")]).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("rules.ron:3:"), "{msg}");
    }

    #[test]
    fn unknown_relation_is_reported_with_position() {
        let rules = "(rules: [\n  (id: \"r1\",\n   relation: \"hug\", verbs: [\"hug\"], pattern: \"$ * +\"),\n])";
        let err = Schema::from_sources(&[("rules.ron", rules)]).unwrap_err();
        assert!(matches!(err, SchemaError::UnknownRelation { .. }), "{err}");
        assert!(err.to_string().starts_with("rules.ron:3:14:"), "{err}");
        assert!(err.to_string().contains("`hug`"));
    }

    #[test]
    fn duplicate_actor_id_is_reported() {
        let actors = "(actors: [\n (id: \"Atlantis\"),\n (id: \"Atlantis\"),\n])";
        let err = Schema::from_sources(&[("actors.ron", actors)]).unwrap_err();
        assert!(matches!(err, SchemaError::DuplicateId { what: "actor", .. }), "{err}");
        assert!(err.to_string().contains("actors.ron:3:"), "{err}");
    }

    #[test]
    fn alias_claimed_twice_is_reported() {
        let actors = "(actors: [\n (id: \"Atlantis\", names: [\"Sunken\"]),\n (id: \"Lemuria\", names: [\"Sunken\"]),\n])";
        let err = Schema::from_sources(&[("actors.ron", actors)]).unwrap_err();
        match &err {
            SchemaError::AliasConflict { first, second, .. } => {
                assert_eq!((first.as_str(), second.as_str()), ("Atlantis", "Lemuria"))
            }
            other => panic!("unexpected {other}"),
        }
    }

    #[test]
    fn context_name_after_unknown_actor_is_reported() {
        let actors = "(actors: [\n (id: \"Atlantis\", context_names: [(name: \"South\", after: [\"Lemuria\"])]),\n])";
        let err = Schema::from_sources(&[("actors.ron", actors)]).unwrap_err();
        assert!(err.to_string().contains("follows unknown actor `Lemuria`"), "{err}");
        assert!(err.to_string().starts_with("actors.ron:2:"), "{err}");
    }

    #[test]
    fn empty_lexicon_entry_is_reported() {
        let lexicon = "(\n  list_heads: [\"nations like\", \"\"],\n)";
        let err = Schema::from_sources(&[("lexicon.ron", lexicon)]).unwrap_err();
        assert!(err.to_string().starts_with("lexicon.ron:2:3:"), "{err}");
        assert!(err.to_string().contains("`list_heads` has an empty entry"), "{err}");
    }

    #[test]
    fn bad_pattern_is_reported() {
        let rules = "(rules: [ (id: \"r\", relation: \"meet\", verbs: [\"meet\"], pattern: \"$ * + +\") ])";
        let err = Schema::from_sources(&[("rules.ron", rules)]).unwrap_err();
        assert!(matches!(err, SchemaError::BadRule { .. }), "{err}");
    }
}
