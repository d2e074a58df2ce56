//! Atomic file writes: a reader never sees a half-written file.
//!
//! Every exporter and [`KnowledgeGraph::save`](crate::graph::KnowledgeGraph::save)
//! writes through here. The bytes go to a temporary file in the destination's
//! directory (so the final rename never crosses a file system), the temporary
//! file is synced to disk, then renamed over the destination. If anything
//! fails, the temporary file is removed and the destination is untouched.
//!
//! The temporary file is named `.NAME.tmp-PID-N` (hidden, beside `NAME`).
//! A process killed mid-write (SIGKILL, power loss) cannot remove it; the
//! destination still holds its old content, and the next write to the same
//! destination removes such leftovers of processes that no longer run
//! (on systems with `/proc`; elsewhere they stay, harmless, until removed
//! by hand).
//!
//! ```
//! use actorgraph::atomic::write_atomic;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("graph.json");
//! write_atomic(&path, b"{}").unwrap();
//! assert_eq!(std::fs::read(&path).unwrap(), b"{}");
//! ```

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Distinguishes temporary files made by concurrent writers in one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically: the file at `path` either keeps its
/// old content or has all of `bytes`, never a prefix.
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out.txt");
/// actorgraph::atomic::write_atomic(&path, b"first").unwrap();
/// actorgraph::atomic::write_atomic(&path, b"second").unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], but lets `write` stream the content into a
/// buffered writer, so large outputs need not be built in memory first.
///
/// If `write` returns an error, the destination is left as it was.
///
/// ```
/// use std::io::Write;
/// # let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("lines.txt");
/// actorgraph::atomic::write_atomic_with(&path, |w| {
///     for i in 0..3 {
///         writeln!(w, "line {i}")?;
///     }
///     Ok(())
/// })
/// .unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 3);
/// ```
pub fn write_atomic_with<F>(path: &Path, write: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let (temp_path, file) = create_temp_beside(path)?;
    match fill_and_sync(file, write).and_then(|()| fs::rename(&temp_path, path)) {
        Ok(()) => {
            sync_parent_dir(path);
            Ok(())
        }
        Err(err) => {
            // Best effort: the original error is what the caller needs.
            let _ = fs::remove_file(&temp_path);
            Err(err)
        }
    }
}

/// Creates a new, uniquely named temporary file next to `path`.
fn create_temp_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{}` does not name a file", path.display()),
        )
    })?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let pid = std::process::id();
    remove_stale_temps(dir, name, pid);
    // `create_new` refuses to reuse a leftover file, so retry a few names.
    let mut last_err = None;
    for _ in 0..16 {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".tmp-{pid}-{n}"));
        let temp_path = dir.join(temp_name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp_path)
        {
            Ok(file) => return Ok((temp_path, file)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => last_err = Some(err),
            Err(err) => return Err(err),
        }
    }
    Err(last_err.unwrap_or_else(|| io::Error::other("could not create a temporary file")))
}

/// Removes `.NAME.tmp-PID-N` files left beside `NAME` by processes that
/// are gone. Best effort: errors are ignored, and nothing is removed where
/// liveness cannot be checked.
fn remove_stale_temps(dir: &Path, name: &std::ffi::OsStr, own_pid: u32) {
    let proc_dir = Path::new("/proc");
    if !proc_dir.join("self").exists() {
        return;
    }
    let Some(name) = name.to_str() else { return };
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        let Some((pid, n)) = rest.split_once('-') else { continue };
        let (Ok(pid), true) = (pid.parse::<u32>(), !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) else { continue };
        if pid != own_pid && !proc_dir.join(pid.to_string()).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn fill_and_sync<F>(file: File, write: F) -> io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let mut out = BufWriter::new(SyncingFile { file, unsynced: 0 });
    write(&mut out)?;
    let file = out.into_inner().map_err(|err| err.into_error())?.file;
    file.sync_all()
}

/// Data written before a file's final sync is flushed to disk every this many bytes.
const SYNC_EVERY: u64 = 32 << 20;

/// A file being filled that flushes its data to disk as it grows, so that
/// a large output is mostly on disk by the time its final sync is asked
/// for: the flushing overlaps whatever else the writer's caller does
/// (extracting the next documents on other threads) rather than following it.
struct SyncingFile {
    file: File,
    unsynced: u64,
}

impl Write for SyncingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n as u64;
        if self.unsynced >= SYNC_EVERY {
            self.file.sync_data()?;
            self.unsynced = 0;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Makes the rename itself durable where the platform allows it.
fn sync_parent_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(parent) = path.parent() {
        let dir = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftover_temp_files(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect()
    }

    #[test]
    fn writes_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"hello").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"hello");
        assert!(leftover_temp_files(dir.path()).is_empty());
    }

    #[test]
    fn replaces_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, b"old content that is longer").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn failed_writer_leaves_destination_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, b"keep me").unwrap();
        let err = write_atomic_with(&path, |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("boom"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "boom");
        assert_eq!(fs::read(&path).unwrap(), b"keep me");
        assert!(leftover_temp_files(dir.path()).is_empty());
    }

    #[test]
    fn missing_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/dir/a.txt");
        let err = write_atomic(&path, b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn path_without_file_name_is_an_error() {
        let err = write_atomic(Path::new("/"), b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn rename_onto_directory_fails_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), b"x").unwrap();
        assert!(write_atomic(&target, b"x").is_err());
        assert!(leftover_temp_files(dir.path()).is_empty());
    }

    #[test]
    fn concurrent_writers_do_not_collide() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.txt");
        std::thread::scope(|s| {
            for i in 0..8 {
                let path = &path;
                s.spawn(move || write_atomic(path, format!("writer {i}").as_bytes()).unwrap());
            }
        });
        let content = fs::read_to_string(&path).unwrap();
        assert!(content.starts_with("writer "));
        assert!(leftover_temp_files(dir.path()).is_empty());
    }

    #[test]
    fn stale_temp_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.json");
        // PIDs above the kernel's maximum (2^22) never run.
        let stale = dir.path().join(".g.json.tmp-4999999-0");
        let other = dir.path().join(".h.json.tmp-4999999-0");
        let own = dir.path().join(format!(".g.json.tmp-{}-999999", std::process::id()));
        for p in [&stale, &other, &own] {
            fs::write(p, b"partial").unwrap();
        }
        write_atomic(&path, b"{}").unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!stale.exists(), "a dead process's temp file is removed");
        }
        assert!(other.exists(), "another destination's temp file is not touched");
        assert!(own.exists(), "a live process's temp file is not touched");
    }

    #[test]
    fn relative_path_in_current_directory() {
        // A bare file name has an empty parent; the temp file must go to ".".
        let (temp, _file) = create_temp_beside(Path::new("bare-name.txt")).unwrap();
        assert_eq!(temp.parent(), Some(Path::new(".")));
        fs::remove_file(temp).unwrap();
    }
}
