//! Actor dictionaries → actors with their names, and dated people.
//!
//! An entry is a primary phrase with `+alias` lines and code blocks. A code
//! that names an actor by itself (a country, an organisation, a named
//! group: see [`ImportTable`]) makes the entry's first phrase an actor; the
//! phrases of every entry with that code become its names. A code under an
//! actor's code whose role stands for the state (`GONGOV`), or anything
//! under an organisation's, makes the phrases names of that actor when
//! undated, and people acting for it over their dates when dated
//! (`[HOBGOV 950601-990815]`). Everything else is counted in the report.

use std::collections::{HashMap, HashSet};

use super::dictionary::{codes_of, display_name, lines, CodeBlock};
use super::report::{Outcome, Report};
use super::table::ImportTable;
use crate::schema::{name_key, not_a_name, ActorDef, ActorsFile, PersonDef, Schema};

/// One dictionary entry: its phrases as news writes them, and its codes.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// `file:line`, for the report.
    pub place: String,
    /// The primary phrase first, then the aliases.
    pub names: Vec<String>,
    pub codes: Vec<CodeBlock>,
}

/// Reads the entries of an actor dictionary.
pub(crate) fn read_entries(
    file: &str,
    source: &str,
    pivot: u32,
    report: &mut Report,
) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for line in lines(source) {
        let (phrase, codes) = codes_of(&line, file, pivot, report);
        let phrase = phrase.trim();
        let continues = line
            .text
            .starts_with(|c: char| c.is_whitespace() || c == '+' || c == '[');
        match entries.last_mut() {
            Some(entry) if continues => {
                if let Some(alias) = phrase.strip_prefix('+') {
                    push_name(&mut entry.names, alias);
                } else if !phrase.is_empty() {
                    report.note(
                        Outcome::Skipped,
                        "indented text that is neither a code nor a +alias",
                        || format!("{file}:{} {phrase}", line.number),
                    );
                }
                entry.codes.extend(codes);
            }
            _ => {
                let mut entry = Entry {
                    place: format!("{file}:{}", line.number),
                    names: Vec::new(),
                    codes,
                };
                push_name(&mut entry.names, phrase.trim_start_matches('+'));
                entries.push(entry);
            }
        }
    }
    entries
}

fn push_name(names: &mut Vec<String>, phrase: &str) {
    let name = display_name(phrase);
    if !name.is_empty() && !names.contains(&name) {
        names.push(name);
    }
}

/// Imported actors and people, onto a base schema's actors or alone.
pub(crate) struct ActorImport<'a> {
    table: &'a ImportTable,
    /// Actors the import defines.
    actors: Vec<ActorDef>,
    /// Names added to the base schema's actors, by actor id.
    base_names: Vec<ActorDef>,
    people: Vec<PersonDef>,
    /// Code → the actor with it.
    by_code: HashMap<String, Owner>,
    /// Actor id → the actor.
    by_id: HashMap<String, Owner>,
    /// Name key → the actor id that claims it.
    claimed: HashMap<String, String>,
    function_words: HashSet<String>,
}

#[derive(Debug, Clone)]
struct Owner {
    id: String,
    /// Index into `actors`, or into `base_names` for a base actor.
    index: usize,
    base: bool,
}

impl<'a> ActorImport<'a> {
    /// An import onto `base`'s actors (`extend`: codes and names of the
    /// base count), or alone (the base only lends its function words).
    pub fn new(table: &'a ImportTable, base: &Schema, extend: bool) -> ActorImport<'a> {
        let mut import = ActorImport {
            table,
            actors: Vec::new(),
            base_names: Vec::new(),
            people: Vec::new(),
            by_code: HashMap::new(),
            by_id: HashMap::new(),
            claimed: HashMap::new(),
            function_words: base.function_words(),
        };
        if extend {
            for a in &base.actors.actors {
                for n in a.claimed_names() {
                    import
                        .claimed
                        .entry(name_key(n))
                        .or_insert_with(|| a.id.clone());
                }
                let owner = Owner {
                    id: a.id.clone(),
                    index: import.base_names.len(),
                    base: true,
                };
                import.base_names.push(ActorDef {
                    id: a.id.clone(),
                    kind: a.kind,
                    ..ActorDef::default()
                });
                if let Some(code) = &a.code {
                    import
                        .by_code
                        .entry(code.to_uppercase())
                        .or_insert_with(|| owner.clone());
                }
                import.by_id.insert(a.id.clone(), owner);
            }
        }
        import
    }

    /// Reads `entries` (of every dictionary at once, so that one file may
    /// use the actors of another).
    pub fn read(&mut self, entries: &[Entry], report: &mut Report) {
        // First the actors, so that an entry may come before the actor it acts for.
        for e in entries {
            let Some(own) = e.codes.iter().find(|c| c.is_undated()).or(e.codes.first()) else {
                report.note(Outcome::Skipped, "entries without a code", || {
                    format!("{} {}", e.place, e.names.join(" / "))
                });
                continue;
            };
            let code = first_code(own, e, report);
            if own.is_null() || self.by_code.contains_key(code) {
                continue;
            }
            let Some(kind) = self.table.actor_kind(code) else {
                continue;
            };
            // An actor known by one of the entry's names is the same actor under another code.
            if let Some(owner) = e
                .names
                .iter()
                .find_map(|n| self.claimed.get(&name_key(n)))
                .and_then(|id| self.owner_of(id))
            {
                report.note(
                    Outcome::Translated,
                    "codes of actors known by name (joined to them)",
                    || format!("{} {} [{code}] → {}", e.place, e.names[0], owner.id),
                );
                self.by_code.insert(code.to_string(), owner);
                continue;
            }
            let Some(id) = e.names.iter().find(|n| self.usable(n, None)) else {
                report.note(
                    Outcome::Skipped,
                    "actors whose every name is taken or no name",
                    || format!("{} {}", e.place, e.names.join(" / ")),
                );
                continue;
            };
            let id = id.clone();
            self.claimed.insert(name_key(&id), id.clone());
            self.claimed.insert(name_key(code), id.clone());
            let index = self.actors.len();
            self.actors.push(ActorDef {
                id: id.clone(),
                kind,
                code: Some(code.to_string()),
                ..ActorDef::default()
            });
            let owner = Owner {
                id: id.clone(),
                index,
                base: false,
            };
            self.by_code.insert(code.to_string(), owner.clone());
            self.by_id.insert(id, owner);
            report.note(Outcome::Translated, "actors", || {
                format!("{} {} [{code}]", e.place, e.names[0])
            });
        }
        for e in entries {
            for block in &e.codes {
                if block.is_null() {
                    report.note(
                        Outcome::Skipped,
                        "null codes (the phrase names no actor)",
                        || format!("{} {} [{}]", e.place, e.names[0], block.code),
                    );
                    continue;
                }
                let code = first_code(block, e, report);
                self.read_code(e, block, code, report);
            }
        }
    }

    /// Reads one code block of an entry.
    fn read_code(&mut self, e: &Entry, block: &CodeBlock, code: &str, report: &mut Report) {
        let (owner, role) = match self.by_code.get(code) {
            Some(owner) => (owner.clone(), ""),
            None => {
                let parent = (1..code.len() / 3)
                    .rev()
                    .map(|n| &code[..3 * n])
                    .find_map(|p| self.by_code.get(p).map(|o| (o.clone(), &code[p.len()..])));
                let Some((owner, role)) = parent else {
                    report.note(Outcome::Skipped, "codes under no actor's code", || {
                        format!("{} {} [{code}]", e.place, e.names[0])
                    });
                    return;
                };
                let acts = self.table.is_organisation(&code[..code.len() - role.len()])
                    || self.table.is_state_role(&role[..3.min(role.len())]);
                if !acts {
                    let what = format!(
                        "roles that act for no actor (role {})",
                        &role[..3.min(role.len())]
                    );
                    report.note(Outcome::Skipped, &what, || {
                        format!("{} {} [{code}]", e.place, e.names[0])
                    });
                    return;
                }
                (owner, role)
            }
        };
        if block.is_undated() {
            for name in &e.names {
                self.add_name(&owner, name, e, report);
            }
            return;
        }
        for name in &e.names {
            if not_a_name(name, &self.function_words).is_some() {
                report.note(
                    Outcome::Skipped,
                    "names that are no name (function words, no letter)",
                    || format!("{} {name}", e.place),
                );
                continue;
            }
            self.people.push(PersonDef {
                name: name.clone(),
                actor: owner.id.clone(),
                role: (!role.is_empty()).then(|| role.to_string()),
                from: block.from,
                until: block.until,
                surname: None,
            });
            report.note(
                Outcome::Translated,
                "dated names (people, with their time in office)",
                || {
                    format!(
                        "{} {name} → {} {}–{}",
                        e.place,
                        owner.id,
                        opt(block.from),
                        opt(block.until)
                    )
                },
            );
        }
    }

    fn owner_of(&self, id: &str) -> Option<Owner> {
        self.by_id.get(id).cloned()
    }

    /// Whether `name` may be a name of `owner` (None: of a new actor).
    fn usable(&self, name: &str, owner: Option<&str>) -> bool {
        not_a_name(name, &self.function_words).is_none()
            && self
                .claimed
                .get(&name_key(name))
                .map_or(true, |o| Some(o.as_str()) == owner)
    }

    fn add_name(&mut self, owner: &Owner, name: &str, e: &Entry, report: &mut Report) {
        let why = match self.claimed.get(&name_key(name)) {
            // The actor has the name already.
            Some(other) if *other == owner.id => return,
            Some(_) => "names claimed by another actor (the first keeps them)",
            None if not_a_name(name, &self.function_words).is_some() => {
                "names that are no name (function words, no letter)"
            }
            None => "",
        };
        if !why.is_empty() {
            report.note(Outcome::Skipped, why, || format!("{} {name}", e.place));
            return;
        }
        let def = if owner.base {
            &mut self.base_names[owner.index]
        } else {
            &mut self.actors[owner.index]
        };
        def.names.push(name.to_string());
        self.claimed.insert(name_key(name), owner.id.clone());
        report.add(Outcome::Translated, "names", 1);
    }

    /// The actors file: new actors, the base actors that gained names, people.
    pub fn finish(self) -> ActorsFile {
        let mut actors = self.actors;
        actors.extend(self.base_names.into_iter().filter(|a| !a.names.is_empty()));
        ActorsFile {
            actors,
            people: self.people,
        }
    }
}

/// The code of a block; of `A/B/C` (an actor of several codes) the first.
fn first_code<'c>(block: &'c CodeBlock, e: &Entry, report: &mut Report) -> &'c str {
    match block.code.split_once('/') {
        Some((first, _)) => {
            report.note(
                Outcome::Approximated,
                "actors of several codes (A/B): the first code is kept",
                || format!("{} {} [{}]", e.place, e.names[0], block.code),
            );
            first
        }
        None => &block.code,
    }
}

fn opt(d: Option<crate::model::Date>) -> String {
    d.map_or(String::new(), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActorKind;

    fn import(text: &str, extend: bool) -> (ActorsFile, Report) {
        let table = ImportTable::embedded();
        let base = Schema::embedded().unwrap();
        let mut report = Report::default();
        let entries = read_entries("a.txt", text, table.century_pivot, &mut report);
        let mut import = ActorImport::new(&table, &base, extend);
        import.read(&entries, &mut report);
        (import.finish(), report)
    }

    const DICTIONARY: &str = "\
ARNOR_ [ARN]
+NORTH_KINGDOM
FORNOST_ [ARN]
ARNORIAN_ARMY [ARNMIL]
ARNOR_MERCHANTS [ARNBUS]
RANGERS_OF_THE_NORTH [ARNREBRNG]
KING_ARVEDUI
\t[ARNELI 900101-930101]
\t[ARNGOV 930101-991231]
BOROMIR [---]
WANDERER
";

    #[test]
    fn codes_make_actors_names_and_people() {
        let (actors, report) = import(DICTIONARY, false);
        let arnor = actors.actors.iter().find(|a| a.id == "Arnor").unwrap();
        assert_eq!(arnor.code.as_deref(), Some("ARN"));
        assert_eq!(
            arnor.names,
            vec!["North Kingdom", "Fornost", "Arnorian Army"]
        );
        let rangers = actors
            .actors
            .iter()
            .find(|a| a.id == "Rangers of the North")
            .unwrap();
        assert_eq!(rangers.kind, ActorKind::ArmedGroup);
        // The king acts for Arnor only while in government, not as one of its elite.
        assert_eq!(actors.people.len(), 1);
        let king = &actors.people[0];
        assert_eq!(
            (
                king.name.as_str(),
                king.actor.as_str(),
                king.role.as_deref()
            ),
            ("King Arvedui", "Arnor", Some("GOV"))
        );
        assert_eq!(
            (
                king.from.unwrap().to_string(),
                king.until.unwrap().to_string()
            ),
            ("1993-01-01".to_string(), "1999-12-31".to_string())
        );
        assert_eq!(
            report.count(Outcome::Skipped, "roles that act for no actor (role BUS)"),
            1
        );
        assert_eq!(
            report.count(Outcome::Skipped, "roles that act for no actor (role ELI)"),
            1
        );
        assert_eq!(
            report.count(Outcome::Skipped, "null codes (the phrase names no actor)"),
            1
        );
        assert_eq!(report.count(Outcome::Skipped, "entries without a code"), 1);
    }

    #[test]
    fn extending_joins_the_base_actors_by_code() {
        let (actors, report) = import(
            "AFGHANISTAN_ [AFG]\n+KABUL_\n+AFGHANESTAN_\nAFGHAN_NATIONAL_ARMY [AFGMIL]\n",
            true,
        );
        // Kabul is the default schema's already; the new spellings join Afghanistan.
        assert_eq!(actors.actors.len(), 1);
        assert_eq!(actors.actors[0].id, "Afghanistan");
        assert_eq!(
            actors.actors[0].names,
            vec!["Afghanestan", "Afghan National Army"]
        );
        assert_eq!(report.count(Outcome::Translated, "actors"), 0);
    }

    #[test]
    fn a_name_claimed_twice_stays_with_the_first_actor() {
        let (actors, report) = import(
            "GONDOR [GON]\n+WHITE_CITY\nMORDOR [MOR]\n+WHITE_CITY\n",
            false,
        );
        assert_eq!(actors.actors[1].names, Vec::<String>::new());
        assert_eq!(
            report.count(
                Outcome::Skipped,
                "names claimed by another actor (the first keeps them)"
            ),
            1
        );
    }
}
