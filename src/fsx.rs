//! File-system primitives that never leave a half-written file or folder behind:
//!
//! - [`write_atomic`] and [`write_files`]: every file a verb writes (pages, records,
//!   reports) goes to a temporary file in the same folder, is synced, and is renamed
//!   into place. A set of files is written all or nothing.
//! - [`exchange`] and [`rename_noreplace`]: the atomic renames the output swap needs
//!   (`renameat2` on Linux).
//! - [`Lock`]: an exclusive lock on a lock file, waited for with a bound.
//! - [`resolve`]: an absolute path with every symbolic link of its existing part
//!   resolved, for deciding whether a path lies inside another.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Distinguishes the temporary files of one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Whether a file being written may replace an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse (the caller has checked; this closes the race where it can).
    Keep,
    /// Replace it atomically, keeping its permissions.
    Replace,
}

/// The folder a path lives in (`.` for a bare file name).
pub fn parent_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A name for a temporary file in `dir`: hidden (so the content walker skips it),
/// short (so that it fits wherever the final name fits) and unique in this process.
fn temp_path(dir: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".privacy-site-{}-{n}.tmp", std::process::id()))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder is
/// written, synced and renamed over `path`; readers see the old file or the new one,
/// never a truncated one, and a failure leaves the old file untouched.
pub fn write_atomic(path: &Path, bytes: &[u8], existing: Existing) -> Result<()> {
    write_files(&[(path, bytes)], existing)
}

/// A file of a set staged by [`write_files`].
struct Staged<'a> {
    target: &'a Path,
    temp: PathBuf,
    /// A hard link (or copy) of the file this one replaces, for a rollback.
    backup: Option<PathBuf>,
    /// Whether the rename into place has happened.
    placed: bool,
}

/// Writes every file or none: each is first written to a synced temporary file
/// beside it (a full disk or a bad folder fails here, before anything is in place);
/// then each is renamed into place, and if one rename fails the files already placed
/// are removed again (or, if they replaced a file, the old file is put back).
pub fn write_files(files: &[(&Path, &[u8])], existing: Existing) -> Result<()> {
    let mut staged: Vec<Staged> = Vec::with_capacity(files.len());
    let result = stage_all(files, &mut staged).and_then(|()| place_all(&mut staged, existing));
    if result.is_err() {
        roll_back(&mut staged);
    } else {
        for s in &staged {
            if let Some(b) = &s.backup {
                let _ = std::fs::remove_file(b);
            }
        }
        sync_parents(staged.iter().map(|s| s.target));
    }
    result
}

/// Phase one of [`write_files`]: every temporary file written and synced.
fn stage_all<'a>(files: &[(&'a Path, &[u8])], staged: &mut Vec<Staged<'a>>) -> Result<()> {
    for (target, bytes) in files {
        let dir = parent_of(target);
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        let temp = temp_path(dir);
        staged.push(Staged { target, temp: temp.clone(), backup: None, placed: false });
        let mut file = OpenOptions::new().write(true).create_new(true).open(&temp).map_err(|e| Error::io("create", &temp, e))?;
        file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| Error::io("write", *target, e))?;
        if let Ok(meta) = std::fs::metadata(target) {
            let _ = std::fs::set_permissions(&temp, meta.permissions());
        }
    }
    Ok(())
}

/// Phase two of [`write_files`]: every temporary file renamed into place.
fn place_all(staged: &mut [Staged], existing: Existing) -> Result<()> {
    // A single file needs no backup: its rename is the only step that can fail.
    let back_up = staged.len() > 1;
    for s in staged.iter_mut() {
        if existing == Existing::Keep {
            rename_noreplace(&s.temp, s.target).map_err(|e| Error::io("create", s.target, e))?;
        } else {
            if back_up && s.target.exists() {
                let backup = temp_path(parent_of(s.target));
                std::fs::hard_link(s.target, &backup)
                    .or_else(|_| std::fs::copy(s.target, &backup).map(|_| ()))
                    .map_err(|e| Error::io("back up", s.target, e))?;
                s.backup = Some(backup);
            }
            std::fs::rename(&s.temp, s.target).map_err(|e| Error::io("write", s.target, e))?;
        }
        s.placed = true;
    }
    Ok(())
}

/// Undoes a failed [`write_files`]: placed files removed or restored, temporary
/// files and backups removed.
fn roll_back(staged: &mut [Staged]) {
    for s in staged.iter_mut().rev() {
        if s.placed {
            match &s.backup {
                Some(b) => {
                    let _ = std::fs::rename(b, s.target);
                }
                None => {
                    let _ = std::fs::remove_file(s.target);
                }
            }
        } else {
            let _ = std::fs::remove_file(&s.temp);
            if let Some(b) = &s.backup {
                let _ = std::fs::remove_file(b);
            }
        }
    }
}

/// Syncs the folders of `paths`, so that the renames survive a power cut.
fn sync_parents<'a>(paths: impl Iterator<Item = &'a Path>) {
    let mut done: Vec<&Path> = Vec::new();
    for p in paths {
        let dir = parent_of(p);
        if !done.contains(&dir) {
            sync_dir(dir);
            done.push(dir);
        }
    }
}

/// Syncs a folder's entries to disk; best effort (not every platform can).
pub fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Renames `from` to `to`, failing with `AlreadyExists` if `to` exists (atomically
/// on Linux; elsewhere checked just before the rename).
pub fn rename_noreplace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        match renameat2(from, to, libc::RENAME_NOREPLACE) {
            Err(e) if unsupported(&e) => {}
            other => return other,
        }
    }
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "the file exists"));
    }
    std::fs::rename(from, to)
}

/// Swaps `a` and `b` (both must exist) in one atomic step. `Ok(false)` when the
/// platform or file system cannot: the caller then falls back to two renames.
pub fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        match renameat2(a, b, libc::RENAME_EXCHANGE) {
            Ok(()) => Ok(true),
            Err(e) if unsupported(&e) => Ok(false),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Whether a `renameat2` failure means "not supported here" (old kernel, or a file
/// system without the flag) rather than a real error.
#[cfg(target_os = "linux")]
fn unsupported(e: &std::io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP))
}

/// `renameat2(2)` through the system call, so that it works with any C library.
#[cfg(target_os = "linux")]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput));
    let (from, to) = (c(from)?, c(to)?);
    // SAFETY: both pointers are valid NUL-terminated strings for the call's duration.
    let r = unsafe { libc::syscall(libc::SYS_renameat2, libc::AT_FDCWD, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), flags) };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// An exclusive lock held on a lock file (`flock` on Unix, `LockFileEx` on
/// Windows) until dropped. Dropping it removes the lock file while still holding the
/// lock; [`Lock::acquire`] checks after locking that the path still names the file
/// it locked, so a lock file removed under a waiter never lets two holders in.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

/// How often a waiting [`Lock::acquire`] tries again.
const LOCK_POLL: Duration = Duration::from_millis(25);

impl Lock {
    /// Takes the lock on `path` (created if missing), waiting at most `timeout`;
    /// `on_wait` is called once if the lock is busy. A timeout is a
    /// [`Error::Usage`] that names the lock file.
    pub fn acquire(path: &Path, timeout: Duration, on_wait: &mut dyn FnMut()) -> Result<Lock> {
        let deadline = Instant::now() + timeout;
        let mut waited = false;
        loop {
            let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path).map_err(|e| Error::io("open", path, e))?;
            loop {
                match file.try_lock() {
                    Ok(()) => break,
                    Err(std::fs::TryLockError::WouldBlock) => {
                        if Instant::now() >= deadline {
                            return Err(Error::Usage(format!(
                                "another privacy-site run holds the lock `{}` and did not finish within {} s; wait for it to finish (or raise --lock-timeout) and try again",
                                path.display(),
                                timeout.as_secs()
                            )));
                        }
                        if !waited {
                            waited = true;
                            on_wait();
                        }
                        std::thread::sleep(LOCK_POLL);
                    }
                    Err(std::fs::TryLockError::Error(e)) => return Err(Error::io("lock", path, e)),
                }
            }
            if same_file(&file, path) {
                return Ok(Lock { file, path: path.to_path_buf() });
            }
            // The holder before us removed the file: lock the one now at `path`.
        }
    }
}

/// Whether the open `file` is the one `path` names now.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Unlink first, then unlock by closing: see the type's documentation.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// `path` made absolute with every symbolic link in its existing part resolved and
/// `.`/`..` applied, the way the kernel would walk it; the part that does not exist
/// yet is appended as written.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let abs = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut cur = PathBuf::new();
    let mut exists = true;
    for comp in abs.components() {
        match comp {
            Component::Prefix(_) | Component::RootDir => cur.push(comp.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                cur.pop();
            }
            Component::Normal(name) => {
                let next = cur.join(name);
                match std::fs::symlink_metadata(&next) {
                    Ok(meta) if exists && meta.file_type().is_symlink() => cur = std::fs::canonicalize(&next).unwrap_or(next),
                    Ok(_) if exists => cur = next,
                    _ => {
                        exists = false;
                        cur = next;
                    }
                }
            }
        }
    }
    Ok(cur)
}

/// Whether `rel` is a plain relative path that stays below its base: not empty, not
/// absolute, no `..`, no drive prefix.
pub fn is_plain_relative(rel: &Path) -> bool {
    !rel.as_os_str().is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[cfg(unix)]
    #[test]
    fn an_atomic_write_replaces_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("a.md");
        std::fs::write(&f, "old").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&f, b"new", Existing::Replace).unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "new");
        assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(names(tmp.path()), ["a.md"], "no temporary file left");
        let e = write_atomic(&f, b"again", Existing::Keep).unwrap_err().to_string();
        assert!(e.contains("a.md"), "{e}");
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "new");
        assert_eq!(names(tmp.path()), ["a.md"]);
    }

    #[test]
    fn a_set_whose_second_file_cannot_be_placed_writes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let first = tmp.path().join("x.md");
        // Fits as a temporary file, but the final name is longer than NAME_MAX.
        let second = tmp.path().join(format!("{}.en.md", "x".repeat(250)));
        let e = write_files(&[(&first, b"da"), (&second, b"en")], Existing::Keep).unwrap_err();
        assert!(e.to_string().contains(".en.md"), "{e}");
        assert!(names(tmp.path()).is_empty(), "{:?}", names(tmp.path()));
    }

    #[test]
    fn a_failed_set_puts_replaced_files_back() {
        let tmp = tempfile::tempdir().unwrap();
        let first = tmp.path().join("x.md");
        std::fs::write(&first, "old").unwrap();
        let second = tmp.path().join(format!("{}.en.md", "x".repeat(250)));
        write_files(&[(&first, b"new"), (&second, b"en")], Existing::Replace).unwrap_err();
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "old");
        assert_eq!(names(tmp.path()), ["x.md"]);
    }

    #[test]
    fn a_set_in_a_folder_that_cannot_hold_files_writes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let first = tmp.path().join("x.md");
        std::fs::write(tmp.path().join("file"), "").unwrap();
        let second = tmp.path().join("file/x.en.md");
        write_files(&[(&first, b"da"), (&second, b"en")], Existing::Keep).unwrap_err();
        assert_eq!(names(tmp.path()), ["file"]);
    }

    #[test]
    fn exchange_swaps_two_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("1"), "").unwrap();
        let swapped = exchange(&a, &b).unwrap();
        assert_eq!(swapped, cfg!(target_os = "linux"), "renameat2(RENAME_EXCHANGE) works on Linux's usual file systems");
        if swapped {
            assert!(b.join("1").exists() && !a.join("1").exists());
        }
        let c = tmp.path().join("c");
        std::fs::create_dir(&c).unwrap();
        assert_eq!(rename_noreplace(&c, &a).unwrap_err().kind(), std::io::ErrorKind::AlreadyExists);
    }

    #[test]
    fn a_second_lock_waits_then_times_out_and_the_file_goes_with_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(".x.lock");
        let held = Lock::acquire(&path, Duration::ZERO, &mut || {}).unwrap();
        let mut waited = 0;
        let e = Lock::acquire(&path, Duration::from_millis(100), &mut || waited += 1).unwrap_err().to_string();
        assert!(e.contains(".x.lock") && e.contains("--lock-timeout"), "{e}");
        assert_eq!(waited, 1);
        drop(held);
        assert!(!path.exists());
        let again = Lock::acquire(&path, Duration::ZERO, &mut || {}).unwrap();
        drop(again);
    }

    #[cfg(unix)]
    #[test]
    fn resolve_follows_links_and_keeps_the_missing_part() {
        let tmp = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::create_dir(real.join("d")).unwrap();
        std::os::unix::fs::symlink(real.join("d"), real.join("l")).unwrap();
        assert_eq!(resolve(&real.join("l/new/../x")).unwrap(), real.join("d/x"));
        assert_eq!(resolve(&real.join("d/./..")).unwrap(), real);
    }

    #[test]
    fn plain_relative_paths() {
        assert!(is_plain_relative(Path::new("a/b.css")));
        for bad in ["", "/a", "../a", "a/../../b"] {
            assert!(!is_plain_relative(Path::new(bad)), "{bad}");
        }
    }
}
