//! Stage 5, write: where rendered files go. `build` writes into a temporary sibling
//! of the output folder and swaps it in atomically only when everything succeeded,
//! so a failed or killed build leaves the previous output untouched, and it only ever
//! replaces a folder it wrote itself ([`StagedDir`]); `serve` keeps files in memory;
//! `check` writes nothing.

use crate::confine::{SiteFolders, OUTPUT_MARKER, OUTPUT_MARKER_TEXT};
use crate::error::{Error, Result};
use crate::fsx::Lock;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// A destination for the site's files; paths are relative, with `/` separators.
pub trait Output: Sync {
    /// Stores one file.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;

    /// Whether written files are thrown away (`check`): files that no rule reads, such
    /// as the machine-readable notices, are then not made at all.
    fn discards(&self) -> bool {
        false
    }
}

/// Discards everything (`check`).
pub struct NoOutput;

impl Output for NoOutput {
    fn write(&self, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
    }

    fn discards(&self) -> bool {
        true
    }
}

/// Files kept in memory (`serve`), shared with the HTTP server.
#[derive(Clone, Default)]
pub struct MemoryOutput {
    /// Path (without leading `/`) to contents.
    pub files: Arc<RwLock<HashMap<String, Arc<Vec<u8>>>>>,
}

impl Output for MemoryOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.files.write().unwrap().insert(rel.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }
}

/// A temporary folder beside the final output, swapped in by [`StagedDir::commit`]
/// and removed if dropped uncommitted.
///
/// Creating one takes the output's lock (`.NAME.lock` beside it, held until the
/// `StagedDir` is dropped, so concurrent builds of one output run one after the
/// other), checks that the output may be replaced ([`SiteFolders::check_output_dir`]),
/// and removes what killed builds left behind (`.NAME-building-PID`,
/// `.NAME-old-PID`). The staging folder carries [`OUTPUT_MARKER`] from the start.
///
/// The swap: on Linux, `renameat2(RENAME_EXCHANGE)` exchanges the staging folder
/// and the output in one step, so there is never a moment without a complete output;
/// the previous output, now under the staging name, is then removed. Where the
/// exchange is not available (other systems, file systems without it) the output is
/// first renamed to `.NAME-old-PID` and the staging folder renamed into its place; a
/// crash between the two renames leaves no output for that moment, and the next build
/// renames `.NAME-old-PID` back before it does anything else.
pub struct StagedDir {
    staging: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Whether to try `renameat2(RENAME_EXCHANGE)` (false tests the fallback).
    exchange: bool,
    /// Released after `Drop::drop` has removed the staging folder.
    _lock: Lock,
}

/// The names of a target's staging folder, moved-aside output and lock file.
struct Names {
    parent: PathBuf,
    name: String,
}

impl Names {
    fn of(target: &Path) -> Names {
        let parent = crate::fsx::parent_of(target).to_path_buf();
        let name = target.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
        Names { parent, name }
    }

    fn building(&self) -> PathBuf {
        self.parent.join(format!(".{}-building-{}", self.name, std::process::id()))
    }

    fn old(&self) -> PathBuf {
        self.parent.join(format!(".{}-old-{}", self.name, std::process::id()))
    }

    fn lock(&self) -> PathBuf {
        self.parent.join(format!(".{}.lock", self.name))
    }

    /// Whether `file` is a staging folder (`Some(false)`) or a moved-aside output
    /// (`Some(true)`) of this target, from any process.
    fn leftover(&self, file: &str) -> Option<bool> {
        let pid = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if let Some(rest) = file.strip_prefix(&format!(".{}-building-", self.name)) {
            // `-PID-old` is where earlier versions moved the previous output.
            return match rest.strip_suffix("-old") {
                Some(p) if pid(p) => Some(true),
                _ => pid(rest).then_some(false),
            };
        }
        file.strip_prefix(&format!(".{}-old-", self.name)).filter(|p| pid(p)).map(|_| true)
    }
}

impl StagedDir {
    /// Creates an empty staging folder (holding only the marker) next to `target`,
    /// after checking `target` against `folders` and taking its lock, waiting at most
    /// `lock_timeout` (`on_wait` is called once if another build holds it).
    pub fn new(target: &Path, folders: &SiteFolders, lock_timeout: Duration, on_wait: &mut dyn FnMut()) -> Result<StagedDir> {
        folders.check_output_dir(target)?;
        let names = Names::of(target);
        std::fs::create_dir_all(&names.parent).map_err(|e| Error::io("create", &names.parent, e))?;
        let lock = Lock::acquire(&names.lock(), lock_timeout, on_wait)?;
        // Checked again under the lock: the previous holder may have changed it.
        folders.check_output_dir(target)?;
        clean_leftovers(&names, target)?;
        let staging = names.building();
        std::fs::create_dir(&staging).map_err(|e| Error::io("create", &staging, e))?;
        let staged = StagedDir { staging, target: target.to_path_buf(), committed: false, exchange: true, _lock: lock };
        staged.write(OUTPUT_MARKER, OUTPUT_MARKER_TEXT.as_bytes())?;
        Ok(staged)
    }

    /// Reads back a file written into the staging folder (e.g. a page, to cut a
    /// fragment from it).
    pub fn read(&self, rel: &str) -> Result<Vec<u8>> {
        if !crate::fsx::is_plain_relative(Path::new(rel)) {
            return Err(Error::Usage(format!("refusing to read `{rel}`: the path would leave the output folder `{}`", self.target.display())));
        }
        let path = self.staging.join(rel);
        std::fs::read(&path).map_err(|e| Error::io("read", &path, e))
    }

    /// Replaces the target folder by the staged one (see the type's documentation).
    pub fn commit(mut self) -> Result<()> {
        let names = Names::of(&self.target);
        if std::fs::symlink_metadata(&self.target).is_err() {
            crate::fsx::rename_noreplace(&self.staging, &self.target).map_err(|e| Error::io("move into place", &self.target, e))?;
            self.committed = true;
            crate::fsx::sync_dir(&names.parent);
            return Ok(());
        }
        let swapped = self.exchange && crate::fsx::exchange(&self.staging, &self.target).map_err(|e| Error::io("swap into place", &self.target, e))?;
        let previous = if swapped {
            // The staging name now holds the previous output.
            self.staging.clone()
        } else {
            let old = names.old();
            std::fs::rename(&self.target, &old).map_err(|e| Error::io("move aside", &self.target, e))?;
            if let Err(e) = std::fs::rename(&self.staging, &self.target) {
                let _ = std::fs::rename(&old, &self.target);
                return Err(Error::io("move into place", &self.target, e));
            }
            old
        };
        self.committed = true;
        crate::fsx::sync_dir(&names.parent);
        // The new output is live; what cannot be removed now, the next build removes.
        let _ = remove_dir_all_parallel(&previous);
        Ok(())
    }
}

/// Removes what killed builds of `target` left beside it; if a build died between
/// the two renames of the fallback swap, first puts the previous output back.
fn clean_leftovers(names: &Names, target: &Path) -> Result<()> {
    let entries = std::fs::read_dir(&names.parent).map_err(|e| Error::io("read", &names.parent, e))?;
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        if let Some(is_old) = names.leftover(&entry.file_name().to_string_lossy()) {
            leftovers.push((entry.path(), is_old));
        }
    }
    if std::fs::symlink_metadata(target).is_err() {
        if let Some(i) = leftovers.iter().position(|(_, is_old)| *is_old) {
            let (old, _) = leftovers.remove(i);
            std::fs::rename(&old, target).map_err(|e| Error::io("restore", &old, e))?;
        }
    }
    for (path, _) in leftovers {
        let removed = if path.is_dir() { remove_dir_all_parallel(&path) } else { std::fs::remove_file(&path) };
        removed.map_err(|e| Error::io("remove the leftover of an earlier build (remove it by hand)", &path, e))?;
    }
    Ok(())
}

/// `remove_dir_all`, one top-level entry per task: removing a large previous output
/// is file-system work that two cores do faster than one.
fn remove_dir_all_parallel(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| if e.file_type()?.is_dir() { std::fs::remove_dir_all(e.path()) } else { std::fs::remove_file(e.path()) })?;
    std::fs::remove_dir(dir)
}

impl Output for StagedDir {
    /// Writes one file under the staging folder; a path that would leave it (`..`,
    /// an absolute path) is refused. The files are not synced one by one: the output
    /// can always be built again, and the swap only happens after every write.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if !crate::fsx::is_plain_relative(Path::new(rel)) {
            return Err(Error::Usage(format!("refusing to write `{rel}`: the path would leave the output folder `{}`", self.target.display())));
        }
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_dir_all_parallel(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(target: &Path) -> StagedDir {
        let site = target.parent().unwrap().join("site");
        StagedDir::new(target, &SiteFolders::new(&site, None).unwrap(), Duration::from_secs(5), &mut || {}).unwrap()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn uncommitted_staging_leaves_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        std::fs::write(target.join(OUTPUT_MARKER), "").unwrap();
        {
            let staged = stage(&target);
            staged.write("new.html", b"new").unwrap();
        }
        assert!(target.join("old.html").exists());
        assert_eq!(names(tmp.path()), ["public"], "staging folder and lock removed");
        let staged = stage(&target);
        staged.write("a/new.html", b"new").unwrap();
        staged.commit().unwrap();
        assert!(target.join("a/new.html").exists() && !target.join("old.html").exists());
        assert!(target.join(OUTPUT_MARKER).exists());
        assert_eq!(names(tmp.path()), ["public"]);
    }

    #[test]
    fn writes_cannot_leave_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let staged = stage(&tmp.path().join("public"));
        for rel in ["../x.html", "/tmp/x.html", "en/../../x.html", ""] {
            assert!(staged.write(rel, b"x").is_err(), "{rel}");
        }
        assert_eq!(names(tmp.path()).len(), 2, "{:?}", names(tmp.path()));
    }

    #[test]
    fn the_fallback_swap_works_and_a_crash_between_its_renames_is_repaired() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let mut staged = stage(&target);
        staged.write("index.html", b"1").unwrap();
        staged.commit().unwrap();
        staged = stage(&target);
        staged.exchange = false;
        staged.write("index.html", b"2").unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "2");
        assert_eq!(names(tmp.path()), ["public"]);
        // A build killed after moving the output aside, before moving the new one in.
        std::fs::rename(&target, tmp.path().join(".public-old-4242")).unwrap();
        std::fs::create_dir(tmp.path().join(".public-building-4242")).unwrap();
        std::fs::create_dir(tmp.path().join(".public-building-77-old")).unwrap();
        std::fs::create_dir(tmp.path().join(".public-building-x")).unwrap();
        let staged = stage(&target);
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "2", "restored before building");
        drop(staged);
        assert_eq!(names(tmp.path()), [".public-building-x", "public"], "only this output's leftovers are removed");
    }
}
