//! Walking directories for input files: `.txt`, `.text` and `.jsonl`
//! files (in any case), in sorted order, and an account of everything
//! else that was passed over.
//!
//! A walk never follows a symbolic link to a directory (so a link loop
//! cannot make it run for ever) and never opens anything but a regular
//! file (a FIFO would block it, a device never end); a link to a regular
//! file is read like the file. A directory that cannot be read is
//! reported and skipped alone: the rest of the walk goes on.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use super::input::{is_jsonl_name, InputError};

/// What a directory walk passed over, by kind.
///
/// ```
/// use actorgraph::text::walk_dir;
/// let dir = std::env::temp_dir().join("actorgraph-doc-passed");
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("a.txt"), "Seoul met Tokyo.").unwrap();
/// std::fs::write(dir.join("b.md"), "# notes").unwrap();
/// std::fs::write(dir.join("c.md"), "# more").unwrap();
/// let walk = walk_dir(&dir);
/// assert_eq!(walk.passed_over.to_string(), "2 .md files");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassedOver {
    /// Files of other kinds, counted by extension in lower case (`""` for
    /// a file without one).
    pub by_extension: BTreeMap<String, usize>,
    /// Symbolic links to directories (not followed) or to nothing.
    pub links: usize,
    /// FIFOs, sockets and devices.
    pub special: usize,
}

impl PassedOver {
    /// True when nothing was passed over.
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// How many entries were passed over.
    pub fn total(&self) -> usize {
        self.by_extension.values().sum::<usize>() + self.links + self.special
    }
}

impl fmt::Display for PassedOver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts: Vec<String> = self
            .by_extension
            .iter()
            .map(|(ext, &n)| match ext.as_str() {
                "" => plural(n, "file without an extension", "files without an extension"),
                ext => plural(n, &format!(".{ext} file"), &format!(".{ext} files")),
            })
            .collect();
        if self.links > 0 {
            parts.push(plural(self.links, "link to a directory or to nothing (not followed)", "links to directories or to nothing (not followed)"));
        }
        if self.special > 0 {
            parts.push(plural(self.special, "FIFO, socket or device", "FIFOs, sockets or devices"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// The result of walking one directory.
#[derive(Debug, Default)]
pub struct Walk {
    /// The input files found, in sorted order.
    pub files: Vec<PathBuf>,
    /// Directories (or entries) that could not be read, each skipped alone.
    pub unreadable: Vec<InputError>,
    /// What the walk did not read.
    pub passed_over: PassedOver,
}

/// Whether `path` names a text file: `.txt` or `.text`, in any case.
pub(crate) fn is_text_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("text"))
}

/// Walks `dir` recursively for input files (see the module docs).
///
/// ```
/// let dir = std::env::temp_dir().join("actorgraph-doc-walk");
/// std::fs::create_dir_all(dir.join("sub")).unwrap();
/// std::fs::write(dir.join("sub/a.TXT"), "Seoul met Tokyo.").unwrap();
/// std::fs::write(dir.join("b.jsonl"), "").unwrap();
/// let walk = actorgraph::text::walk_dir(&dir);
/// assert_eq!(walk.files, [dir.join("b.jsonl"), dir.join("sub/a.TXT")]);
/// assert!(walk.unreadable.is_empty());
/// ```
pub fn walk_dir(dir: &Path) -> Walk {
    let mut walk = Walk::default();
    walk_into(dir, &mut walk);
    walk
}

fn walk_into(dir: &Path, walk: &mut Walk) {
    let unreadable = |source| InputError::Io { path: dir.to_path_buf(), source };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return walk.unreadable.push(unreadable(e)),
    };
    let mut listed = Vec::new();
    for entry in entries {
        match entry.and_then(|e| Ok((e.path(), e.file_type()?))) {
            Ok(entry) => listed.push(entry),
            Err(e) => walk.unreadable.push(unreadable(e)),
        }
    }
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in listed {
        if kind.is_dir() {
            walk_into(&path, walk);
            continue;
        }
        let regular = if kind.is_symlink() {
            // A link to a file is read like the file; one to a directory is
            // not followed, so that no link can make the walk loop.
            match fs::metadata(&path) {
                Ok(target) if target.is_file() => true,
                Ok(target) if !target.is_dir() => {
                    walk.passed_over.special += 1;
                    continue;
                }
                _ => {
                    walk.passed_over.links += 1;
                    continue;
                }
            }
        } else {
            kind.is_file()
        };
        if !regular {
            walk.passed_over.special += 1;
        } else if is_text_name(&path) || is_jsonl_name(&path) {
            walk.files.push(path);
        } else {
            let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            *walk.passed_over.by_extension.entry(ext).or_insert(0) += 1;
        }
    }
}

/// Expands `paths` into the list of input files: directories are walked
/// with [`walk_dir`]; other paths, and `-` for standard input, are taken
/// as they are. The first path that does not exist, or directory that
/// cannot be read, is an error.
///
/// ```
/// let dir = std::env::temp_dir().join("actorgraph-doc-expand");
/// std::fs::create_dir_all(dir.join("sub")).unwrap();
/// std::fs::write(dir.join("sub/a.txt"), "Seoul met Tokyo.").unwrap();
/// std::fs::write(dir.join("notes.md"), "skipped").unwrap();
/// let files = actorgraph::text::expand_paths(&[dir.clone()]).unwrap();
/// assert_eq!(files, vec![dir.join("sub/a.txt")]);
/// ```
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        let meta = fs::metadata(p).map_err(|source| InputError::Io { path: p.clone(), source })?;
        if meta.is_dir() {
            let walk = walk_dir(p);
            if let Some(e) = walk.unreadable.into_iter().next() {
                return Err(e);
            }
            out.extend(walk.files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_to_directories_are_not_followed_and_special_files_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("sub")).unwrap();
        fs::write(d.join("sub/a.txt"), "Seoul met Tokyo.").unwrap();
        fs::write(d.join("real.txt"), "Seoul met Tokyo.").unwrap();
        std::os::unix::fs::symlink("..", d.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink("real.txt", d.join("link.txt")).unwrap();
        std::os::unix::fs::symlink("nowhere", d.join("broken.txt")).unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(d.join("pipe.txt")).status();
        let walk = walk_dir(d);
        assert_eq!(walk.files, [d.join("link.txt"), d.join("real.txt"), d.join("sub/a.txt")]);
        assert_eq!(walk.passed_over.links, 2, "{:?}", walk.passed_over);
        if fifo.is_ok_and(|s| s.success()) {
            assert_eq!(walk.passed_over.special, 1, "{:?}", walk.passed_over);
        }
    }
}
