//! The import table: how codes are read (`schema/import/petrarch.ron`).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::error::ImportError;
use crate::model::ActorKind;

/// How PETRARCH/TABARI codes map onto actorgraph's actors; data, not code,
/// so that a user can read a dictionary differently (`--table FILE`).
///
/// ```
/// use actorgraph::import::ImportTable;
/// let table = ImportTable::embedded();
/// assert!(table.state_roles.iter().any(|r| r == "GOV"));
/// assert_eq!(table.century_pivot, 30);
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportTable {
    /// A two-digit year below this is 20YY, else 19YY.
    pub century_pivot: u32,
    /// Roles whose people and bodies stand for their state ("GOV", "MIL").
    pub state_roles: Vec<String>,
    /// Roles of groups that are actors of their own when named, with their kind.
    pub group_roles: Vec<(String, ActorKind)>,
    /// Code prefixes of actors without a country ("IGO"), with their kind.
    pub organisation_prefixes: Vec<(String, ActorKind)>,
    /// Prepositions of a phrase that gives a verb's target when a pattern
    /// marks none and the verb's object is a thing ("shipped aid to X").
    pub target_prepositions: Vec<String>,
    /// WEIS codes (by prefix) → relation classes, for `--codes weis`.
    pub weis: BTreeMap<String, String>,
}

/// How a verb dictionary's event codes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CodeScheme {
    /// CAMEO, through the relation classes' `cameo` lists (relations.ron).
    #[default]
    Cameo,
    /// WEIS cue categories, through the import table's `weis` map.
    Weis,
}

impl CodeScheme {
    /// "CAMEO" or "WEIS".
    pub fn name(self) -> &'static str {
        match self {
            CodeScheme::Cameo => "CAMEO",
            CodeScheme::Weis => "WEIS",
        }
    }
}

const EMBEDDED: &str = include_str!("../../schema/import/petrarch.ron");

impl ImportTable {
    /// The table shipped with actorgraph.
    pub fn embedded() -> ImportTable {
        // Checked by a unit test: the embedded file always parses.
        ImportTable::from_ron("schema/import/petrarch.ron", EMBEDDED)
            .expect("the embedded import table parses")
    }

    /// Reads a table from RON text; `file` names it in errors.
    pub fn from_ron(file: &str, text: &str) -> Result<ImportTable, ImportError> {
        let table: ImportTable = ron::from_str(text).map_err(|e| ImportError::Table {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let bad = table
            .state_roles
            .iter()
            .chain(table.group_roles.iter().map(|g| &g.0))
            .chain(table.organisation_prefixes.iter().map(|o| &o.0))
            .find(|c| c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()));
        if let Some(bad) = bad {
            return Err(ImportError::Table {
                file: file.to_string(),
                message: format!("`{bad}` is not a three-letter code block in capitals"),
            });
        }
        if !(1..=100).contains(&table.century_pivot) {
            return Err(ImportError::Table {
                file: file.to_string(),
                message: format!(
                    "century_pivot {} is not a two-digit year (1..=100)",
                    table.century_pivot
                ),
            });
        }
        Ok(table)
    }

    /// The kind of actor a code names by itself, if it does: a country
    /// (three letters), an organisation (a prefix and a block), a named
    /// group (a country, a group role and a block).
    pub(crate) fn actor_kind(&self, code: &str) -> Option<ActorKind> {
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Some(ActorKind::State);
        }
        if code.len() < 6 || code.len() % 3 != 0 || !code.is_ascii() {
            return None;
        }
        if let Some((_, kind)) = self
            .organisation_prefixes
            .iter()
            .find(|(p, _)| code.starts_with(p.as_str()))
        {
            return Some(*kind);
        }
        let role = &code[3..6];
        if code.len() >= 9 && !self.state_roles.iter().any(|r| r == role) {
            return self
                .group_roles
                .iter()
                .find(|(r, _)| r == role)
                .map(|(_, k)| *k);
        }
        None
    }

    /// Whether everything under `code` acts for it (an organisation's agencies).
    pub(crate) fn is_organisation(&self, code: &str) -> bool {
        self.organisation_prefixes
            .iter()
            .any(|(p, _)| code.starts_with(p.as_str()))
    }

    /// Whether `role` (a three-letter block) stands for its state.
    pub(crate) fn is_state_role(&self, role: &str) -> bool {
        self.state_roles.iter().any(|r| r == role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_name_countries_organisations_and_named_groups() {
        let t = ImportTable::embedded();
        assert_eq!(t.actor_kind("GON"), Some(ActorKind::State));
        assert_eq!(t.actor_kind("IGOUNO"), Some(ActorKind::Igo));
        assert_eq!(t.actor_kind("PSEREBHMS"), Some(ActorKind::ArmedGroup));
        // A state's body, and an unnamed group, are not actors of their own.
        assert_eq!(t.actor_kind("GONGOV"), None);
        assert_eq!(t.actor_kind("GONREB"), None);
        assert_eq!(t.actor_kind("GONMILNAV"), None);
    }

    #[test]
    fn a_bad_table_names_its_file() {
        let err = ImportTable::from_ron("t.ron", "(century_pivot: 30, state_roles: [\"gov\"], group_roles: [], organisation_prefixes: [], target_prepositions: [], weis: {})").unwrap_err();
        assert!(err.to_string().starts_with("t.ron: `gov`"), "{err}");
    }
}
