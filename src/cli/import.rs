//! `schema import`: calls into `actorgraph::import`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use actorgraph::import::{import_petrarch, CodeScheme, Dictionaries, ImportTable};
use actorgraph::schema::Schema;

/// The dictionary files of `schema import petrarch`, by kind.
pub(crate) struct Sources<'a> {
    pub actors: &'a [PathBuf],
    pub agents: &'a [PathBuf],
    pub verbs: &'a [PathBuf],
    pub discards: &'a [PathBuf],
}

/// `schema import petrarch`: reads the dictionaries, prints the report, writes the schema.
pub(crate) fn petrarch(sources: &Sources<'_>, codes: CodeScheme, extend: bool, table: Option<&Path>, output: &Path, schema: Option<&Path>) -> Result<()> {
    if sources.actors.is_empty() && sources.agents.is_empty() && sources.verbs.is_empty() {
        anyhow::bail!("nothing to import: give --actors FILE, --agents FILE and/or --verbs FILE");
    }
    let read = |paths: &[PathBuf]| -> Result<Vec<(String, String)>> { paths.iter().map(|p| Ok((p.display().to_string(), read_dictionary(p)?))).collect() };
    let dictionaries = Dictionaries { actors: read(sources.actors)?, agents: read(sources.agents)?, verbs: read(sources.verbs)?, codes, discards: read(sources.discards)? };
    let table = match table {
        Some(path) => ImportTable::from_ron(&path.display().to_string(), &std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?)?,
        None => ImportTable::embedded(),
    };
    let base = match schema {
        Some(dir) => Schema::load_dir(dir)?,
        None => Schema::embedded()?,
    };
    let imported = import_petrarch(&dictionaries, &base, &table, extend);
    say!("{}", imported.report)?;
    for path in imported.write(output)? {
        say!("wrote {}\n", path.display())?;
    }
    Ok(())
}

/// A dictionary's text; the files are Latin-1 in places, so bytes that are
/// not UTF-8 are read as Latin-1 rather than refused.
fn read_dictionary(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    })
}
