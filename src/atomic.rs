//! Atomic file writes: a reader never sees a half-written file.
//!
//! Every exporter and [`KnowledgeGraph::save`](crate::graph::KnowledgeGraph::save)
//! writes through here. The bytes go to a temporary file in the destination's
//! directory (so the final rename never crosses a file system), the temporary
//! file is synced to disk, then renamed over the destination. If anything
//! fails, the temporary file is removed and the destination is untouched.
//!
//! The temporary file is named `.NAME.tmp-PID-N` (hidden, beside `NAME`).
//! It is removed when the write fails, and, in a program that called
//! [`clean_up_on_interrupt`], when the process is interrupted (SIGINT,
//! SIGTERM, SIGHUP). A process killed outright (SIGKILL, power loss)
//! cannot remove it; the destination still holds its old content, and the
//! next write into the same directory removes such leftovers of processes
//! that no longer run (on systems with `/proc`; elsewhere they stay,
//! harmless, until removed by hand).
//!
//! A destination that is a symbolic link is written through: the link
//! stays and its target gets the new content. A destination that exists
//! keeps its permissions.
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
    let path = &through_links(path);
    let (temp_path, file) = create_temp_beside(path)?;
    let _registered = interrupt::Registered::new(&temp_path);
    let keep_permissions = || match fs::metadata(path) {
        Ok(meta) => file.set_permissions(meta.permissions()),
        Err(_) => Ok(()),
    };
    let written = keep_permissions()
        .and_then(|()| fill_and_sync(&file, write))
        .and_then(|()| fs::rename(&temp_path, path));
    match written {
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

/// The file a write to `path` should replace: `path` itself, or, when it
/// is a symbolic link (to a file that may not exist yet), the end of its
/// chain of links, so that the link is written through, not replaced.
fn through_links(path: &Path) -> PathBuf {
    let mut at = path.to_path_buf();
    // As many links as the kernel follows (ELOOP past that).
    for _ in 0..40 {
        let Ok(target) = fs::read_link(&at) else { break };
        at = match at.parent() {
            Some(parent) if target.is_relative() => parent.join(target),
            _ => target,
        };
    }
    at
}

/// Makes sure `path` can be written as a file before the work that fills
/// it starts: its parent directories are created if missing, and `path`
/// must not be a directory.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("new/deeper/graph.json");
/// actorgraph::atomic::prepare_destination(&path).unwrap();
/// assert!(dir.path().join("new/deeper").is_dir());
/// assert!(actorgraph::atomic::prepare_destination(dir.path()).is_err());
/// ```
pub fn prepare_destination(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "it is a directory; give a file name"));
    }
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => fs::create_dir_all(parent),
        _ => Ok(()),
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
    remove_stale_temps(dir, pid);
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

/// Removes the `.NAME.tmp-PID-N` files in `dir` (of any `NAME`) left by
/// processes that are gone. Best effort: errors are ignored, and nothing
/// is removed where liveness cannot be checked.
fn remove_stale_temps(dir: &Path, own_pid: u32) {
    let proc_dir = Path::new("/proc");
    if !proc_dir.join("self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix('.')).and_then(|n| n.rsplit_once(".tmp-")).and_then(|(name, rest)| (!name.is_empty()).then_some(rest)) else { continue };
        let Some((pid, n)) = rest.split_once('-') else { continue };
        let (Ok(pid), true) = (pid.parse::<u32>(), !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) else { continue };
        if pid != own_pid && !proc_dir.join(pid.to_string()).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn fill_and_sync<F>(file: &File, write: F) -> io::Result<()>
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
struct SyncingFile<'a> {
    file: &'a File,
    unsynced: u64,
}

impl Write for SyncingFile<'_> {
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

/// Makes an interrupt (SIGINT, as from Ctrl-C; SIGTERM; SIGHUP) remove the
/// temporary files of the writes under way before the process ends as the
/// signal would have ended it. A program calls it once, at its start; a
/// signal it ignores (as under `nohup`) stays ignored. Elsewhere than on
/// Unix it does nothing.
///
/// ```
/// actorgraph::atomic::clean_up_on_interrupt();
/// ```
pub fn clean_up_on_interrupt() {
    interrupt::install();
}

/// The temporary files being written, kept where a signal handler can read
/// them: a fixed table of atomics (a handler may not lock or allocate).
#[cfg(unix)]
mod interrupt {
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

    /// Writes under way whose temporary files are known; a write beyond
    /// that many at once is not cleaned up on an interrupt.
    const SLOTS: usize = 32;
    /// Longest path kept, in bytes (with its closing NUL).
    const PATH_BYTES: usize = 4096;

    const FREE: u8 = 0;
    const FILLING: u8 = 1;
    const READY: u8 = 2;

    struct Slot {
        state: AtomicU8,
        len: AtomicUsize,
        bytes: [AtomicU8; PATH_BYTES],
    }

    #[allow(clippy::declare_interior_mutable_const)] // each use is a fresh value
    const ZERO: AtomicU8 = AtomicU8::new(0);
    #[allow(clippy::declare_interior_mutable_const)]
    const EMPTY: Slot = Slot { state: AtomicU8::new(FREE), len: AtomicUsize::new(0), bytes: [ZERO; PATH_BYTES] };
    static TABLE: [Slot; SLOTS] = [EMPTY; SLOTS];

    /// A temporary file listed for removal on an interrupt while this lives.
    pub(super) struct Registered(Option<usize>);

    impl Registered {
        pub(super) fn new(path: &Path) -> Registered {
            let bytes = path.as_os_str().as_bytes();
            if bytes.len() >= PATH_BYTES || bytes.contains(&0) {
                return Registered(None);
            }
            let slot = TABLE.iter().position(|s| s.state.compare_exchange(FREE, FILLING, Ordering::AcqRel, Ordering::Relaxed).is_ok());
            if let Some(i) = slot {
                let s = &TABLE[i];
                for (cell, &b) in s.bytes.iter().zip(bytes) {
                    cell.store(b, Ordering::Relaxed);
                }
                s.len.store(bytes.len(), Ordering::Relaxed);
                s.state.store(READY, Ordering::Release);
            }
            Registered(slot)
        }
    }

    impl Drop for Registered {
        fn drop(&mut self) {
            if let Some(i) = self.0 {
                TABLE[i].state.store(FREE, Ordering::Release);
            }
        }
    }

    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    pub(super) fn install() {
        for signal in SIGNALS {
            // SAFETY: a zeroed `sigaction` is a valid "default" action to
            // fill in; the handler only reads atomics and calls
            // async-signal-safe functions (unlink, raise).
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut old) != 0 || old.sa_sigaction == libc::SIG_IGN {
                    continue;
                }
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
                // Back to the default action once it has run, so that
                // raising the signal again ends the process.
                action.sa_flags = libc::SA_RESETHAND;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }

    extern "C" fn on_signal(signal: libc::c_int) {
        let mut path = [0u8; PATH_BYTES];
        for slot in &TABLE {
            if slot.state.load(Ordering::Acquire) != READY {
                continue;
            }
            let len = slot.len.load(Ordering::Relaxed).min(PATH_BYTES - 1);
            for (b, cell) in path.iter_mut().zip(&slot.bytes[..len]) {
                *b = cell.load(Ordering::Relaxed);
            }
            path[len] = 0;
            // SAFETY: `path` is NUL-terminated; unlink is async-signal-safe.
            unsafe {
                libc::unlink(path.as_ptr().cast());
            }
        }
        // SAFETY: raise is async-signal-safe; the action is the default
        // again (SA_RESETHAND), so the signal ends the process as usual.
        unsafe {
            libc::raise(signal);
        }
    }
}

#[cfg(not(unix))]
mod interrupt {
    pub(super) struct Registered;

    impl Registered {
        pub(super) fn new(_: &std::path::Path) -> Registered {
            Registered
        }
    }

    pub(super) fn install() {}
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
        let unrelated = dir.path().join(".h.json.tmp-x-0");
        fs::write(&unrelated, b"not ours").unwrap();
        write_atomic(&path, b"{}").unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!stale.exists(), "a dead process's temp file is removed");
            assert!(!other.exists(), "so is one it left beside another destination");
        }
        assert!(own.exists(), "a live process's temp file is not touched");
        assert!(unrelated.exists(), "a name not of our making is not touched");
    }

    #[cfg(unix)]
    #[test]
    fn rewriting_keeps_the_mode_and_writes_through_a_symlink() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        fs::write(&target, b"old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600);
        // A link to a file not there yet creates the file.
        let dangling = dir.path().join("later.json");
        std::os::unix::fs::symlink("sub/made.json", &dangling).unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        write_atomic(&dangling, b"made").unwrap();
        assert_eq!(fs::read(dir.path().join("sub/made.json")).unwrap(), b"made");
        assert!(leftover_temp_files(dir.path()).is_empty());
    }

    #[test]
    fn relative_path_in_current_directory() {
        // A bare file name has an empty parent; the temp file must go to ".".
        let (temp, _file) = create_temp_beside(Path::new("bare-name.txt")).unwrap();
        assert_eq!(temp.parent(), Some(Path::new(".")));
        fs::remove_file(temp).unwrap();
    }
}
