//! Stage 5, write: where rendered files go. `build` writes into a temporary sibling
//! of the output folder and swaps it in only when everything succeeded, so a failed
//! build leaves the previous output untouched; `serve` keeps files in memory; `check`
//! writes nothing.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// A destination for the site's files; paths are relative, with `/` separators.
pub trait Output: Sync {
    /// Stores one file.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;
}

/// Discards everything (`check`).
pub struct NoOutput;

impl Output for NoOutput {
    fn write(&self, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
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
pub struct StagedDir {
    staging: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl StagedDir {
    /// Creates an empty staging folder next to `target`.
    pub fn new(target: &Path) -> Result<StagedDir> {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        let name = target.file_name().map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}-building-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io("remove", &staging, e))?;
        }
        std::fs::create_dir(&staging).map_err(|e| Error::io("create", &staging, e))?;
        Ok(StagedDir { staging, target: target.to_path_buf(), committed: false })
    }

    /// Replaces the target folder by the staged one.
    pub fn commit(mut self) -> Result<()> {
        let old = self.staging.with_file_name(format!("{}-old", self.staging.file_name().unwrap().to_string_lossy()));
        if self.target.exists() {
            std::fs::rename(&self.target, &old).map_err(|e| Error::io("move aside", &self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            let _ = std::fs::rename(&old, &self.target);
            return Err(Error::io("move into place", &self.target, e));
        }
        self.committed = true;
        if old.exists() {
            remove_dir_all_parallel(&old).map_err(|e| Error::io("remove", &old, e))?;
        }
        Ok(())
    }
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
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
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
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_staging_leaves_the_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        {
            let staged = StagedDir::new(&target).unwrap();
            staged.write("new.html", b"new").unwrap();
        }
        assert!(target.join("old.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "staging folder removed");
        let staged = StagedDir::new(&target).unwrap();
        staged.write("a/new.html", b"new").unwrap();
        staged.commit().unwrap();
        assert!(target.join("a/new.html").exists() && !target.join("old.html").exists());
    }
}
