//! Where privacy-site may write: the one place that decides whether a folder may be
//! replaced by a build ([`SiteFolders::check_output_dir`]) and whether a file a verb
//! writes (a matrix, an imported page) may go where it was asked to
//! ([`SiteFolders::check_written_file`]). Paths are compared after resolving
//! symbolic links, so `public -> content` or `out/../content` is seen for what it is.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::fsx::resolve;
use std::path::{Path, PathBuf};

/// The file every output folder carries, so that a later build knows the folder is
/// its own to replace.
pub const OUTPUT_MARKER: &str = ".privacy-site-output";

/// The marker's text, for whoever finds the file.
pub const OUTPUT_MARKER_TEXT: &str = "This folder was written by `privacy-site build` and is replaced by each build.\n\
Do not keep anything else in it. Delete this file and the build will refuse to touch the folder.\n";

/// What a source path of the site is, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The site's root folder.
    Root,
    /// `content/`.
    Content,
    /// The templates folder.
    Templates,
    /// The Sass folder.
    Sass,
    /// `requirements/`.
    Requirements,
    /// `config.toml`.
    Config,
}

impl Source {
    fn describe(self) -> &'static str {
        match self {
            Source::Root => "the site's root folder",
            Source::Content => "the site's content folder",
            Source::Templates => "the site's templates folder",
            Source::Sass => "the site's Sass folder",
            Source::Requirements => "the site's requirements folder",
            Source::Config => "the site's config.toml",
        }
    }
}

/// What kind of file a verb writes, for [`SiteFolders::check_written_file`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// A report such as the compliance matrix: an `.html` file outside the sources.
    HtmlReport,
    /// A page: a `.md` file, under `content/` or outside the site's sources.
    Page,
}

/// The site's root and source paths, resolved.
#[derive(Debug, Clone)]
pub struct SiteFolders {
    sources: Vec<(PathBuf, Source)>,
}

impl SiteFolders {
    /// The folders of the site at `root`; the templates and Sass folders come from
    /// `config` if it loaded, and are the defaults otherwise.
    pub fn new(root: &Path, config: Option<&Config>) -> Result<SiteFolders> {
        let templates = config.map_or(Path::new("templates"), |c| c.templates_dir.as_path());
        let sass = config.map_or(Path::new("sass"), |c| c.sass_dir.as_path());
        let entries = [
            (Path::new(""), Source::Root),
            (Path::new("content"), Source::Content),
            (templates, Source::Templates),
            (sass, Source::Sass),
            (Path::new("requirements"), Source::Requirements),
            (Path::new("config.toml"), Source::Config),
        ];
        let mut sources = Vec::new();
        for (rel, kind) in entries {
            let path = if rel.as_os_str().is_empty() { root.to_path_buf() } else { root.join(rel) };
            sources.push((resolve(&path).map_err(|e| Error::io("resolve", &path, e))?, kind));
        }
        Ok(SiteFolders { sources })
    }

    /// Refuses an output folder that a build must not replace: `/`, the home
    /// folder, the site root, a source folder, anything holding one or lying inside
    /// one, a symbolic link, a file, and a non-empty folder without
    /// [`OUTPUT_MARKER`]. A missing folder, an empty one and an earlier output pass.
    pub fn check_output_dir(&self, target: &Path) -> Result<()> {
        let refuse = |why: String, todo: &str| Err(Error::Usage(format!("refusing to build into `{}`: {why}. Nothing was written; {todo}", target.display())));
        let own_folder = "choose an output folder of its own, e.g. `--output public` (privacy-site creates it)";
        let resolved = resolve(target).map_err(|e| Error::io("resolve", target, e))?;
        if resolved.parent().is_none() {
            return refuse("it is the file system's root".into(), own_folder);
        }
        if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()).and_then(|h| resolve(Path::new(&h)).ok()) {
            if home.starts_with(&resolved) {
                return refuse(format!("it is or holds your home folder `{}`", home.display()), own_folder);
            }
        }
        for (source, kind) in &self.sources {
            if *source == resolved {
                return refuse(format!("it is {}", kind.describe()), own_folder);
            }
            if source.starts_with(&resolved) {
                return refuse(format!("it holds {} (`{}`)", kind.describe(), source.display()), own_folder);
            }
            if *kind != Source::Root && resolved.starts_with(source) {
                return refuse(format!("it lies inside {} (`{}`)", kind.describe(), source.display()), own_folder);
            }
        }
        let meta = match std::fs::symlink_metadata(target) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io("read", target, e)),
        };
        if meta.file_type().is_symlink() {
            return refuse(format!("it is a symbolic link (to `{}`)", resolved.display()), "give the folder itself, or a new folder");
        }
        if !meta.is_dir() {
            return refuse("it is a file, not a folder".into(), own_folder);
        }
        let empty = std::fs::read_dir(target).map_err(|e| Error::io("read", target, e))?.next().is_none();
        if !empty && !target.join(OUTPUT_MARKER).is_file() {
            return refuse(
                format!("the folder is not empty and was not written by privacy-site (it has no `{OUTPUT_MARKER}` file)"),
                &format!(
                    "choose a new folder; or, if it is an earlier build's output, delete it or mark it as one with `touch {}`",
                    target.join(OUTPUT_MARKER).display()
                ),
            );
        }
        Ok(())
    }

    /// Refuses a file a verb was asked to write where it would replace a source of
    /// the site, a folder, or a file of another kind (see [`Written`]).
    pub fn check_written_file(&self, path: &Path, kind: Written) -> Result<()> {
        let refuse = |why: String| Err(Error::Usage(format!("refusing to write `{}`: {why}; nothing was written", path.display())));
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match kind {
            Written::HtmlReport if !matches!(ext.as_deref(), Some("html" | "htm")) => {
                return refuse("the file must end in .html (a file name such as `matrix.html`)".into())
            }
            Written::Page if ext.as_deref() != Some("md") => return refuse("a page's file must end in .md".into()),
            _ => {}
        }
        if path.is_dir() {
            return refuse("it is a folder; name a file".into());
        }
        let resolved = resolve(path).map_err(|e| Error::io("resolve", path, e))?;
        for (source, source_kind) in &self.sources {
            let inside = if *source_kind == Source::Config { resolved == *source } else { resolved.starts_with(source) };
            let allowed = *source_kind == Source::Root || (kind == Written::Page && *source_kind == Source::Content);
            if inside && !allowed {
                return refuse(format!(
                    "it is in {} (`{}`), whose files are the site's sources; write it somewhere else",
                    source_kind.describe(),
                    source.display()
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf, SiteFolders) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for dir in ["content", "templates", "sass"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(root.join("content/x.md"), "x").unwrap();
        std::fs::write(root.join("config.toml"), "").unwrap();
        let folders = SiteFolders::new(&root, None).unwrap();
        (tmp, root, folders)
    }

    fn refused(folders: &SiteFolders, target: &Path) -> String {
        folders.check_output_dir(target).unwrap_err().to_string()
    }

    #[test]
    fn sources_and_their_ancestors_are_refused() {
        let (tmp, root, f) = site();
        assert!(refused(&f, &root).contains("it is the site's root folder"));
        assert!(refused(&f, &root.join("content")).contains("it is the site's content folder"));
        assert!(refused(&f, &root.join("templates/")).contains("templates folder"));
        assert!(refused(&f, &root.join("requirements")).contains("requirements folder"));
        assert!(refused(&f, &root.join("public/../sass")).contains("Sass folder"));
        assert!(refused(&f, tmp.path()).contains("holds the site's root folder"));
        assert!(refused(&f, &root.join("content/public")).contains("inside the site's content folder"));
        assert!(refused(&f, Path::new("/")).contains("file system's root"));
        let e = refused(&f, &root.join("config.toml"));
        assert!(e.contains("config.toml") && e.contains("Nothing was written"), "{e}");
    }

    #[test]
    fn links_files_and_foreign_folders_are_refused() {
        let (tmp, root, f) = site();
        std::os::unix::fs::symlink(root.join("content"), tmp.path().join("link")).unwrap();
        assert!(refused(&f, &tmp.path().join("link")).contains("content folder"));
        std::fs::create_dir(tmp.path().join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("elsewhere"), tmp.path().join("link2")).unwrap();
        assert!(refused(&f, &tmp.path().join("link2")).contains("symbolic link"));
        std::fs::write(tmp.path().join("file"), "").unwrap();
        assert!(refused(&f, &tmp.path().join("file")).contains("is a file"));
        let other = tmp.path().join("projects");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("notes.txt"), "").unwrap();
        let e = refused(&f, &other);
        assert!(e.contains(OUTPUT_MARKER) && e.contains("touch"), "{e}");
        std::fs::write(other.join(OUTPUT_MARKER), "").unwrap();
        f.check_output_dir(&other).unwrap();
        f.check_output_dir(&tmp.path().join("elsewhere")).unwrap();
        f.check_output_dir(&root.join("public")).unwrap();
    }

    #[test]
    fn written_files_stay_out_of_the_sources() {
        let (tmp, root, f) = site();
        let e = f.check_written_file(&root.join("content/x.md"), Written::HtmlReport).unwrap_err().to_string();
        assert!(e.contains(".html"), "{e}");
        let e = f.check_written_file(&root.join("content/x.html"), Written::HtmlReport).unwrap_err().to_string();
        assert!(e.contains("content folder"), "{e}");
        assert!(f.check_written_file(&root.join("templates/page.html"), Written::HtmlReport).is_err());
        assert!(f.check_written_file(&root.join("config.toml"), Written::Page).is_err());
        assert!(f.check_written_file(&root.join("templates/x.md"), Written::Page).is_err());
        assert!(f.check_written_file(&root.join("content"), Written::Page).is_err());
        f.check_written_file(&root.join("matrix.html"), Written::HtmlReport).unwrap();
        f.check_written_file(&tmp.path().join("matrix.html"), Written::HtmlReport).unwrap();
        f.check_written_file(&root.join("content/new.md"), Written::Page).unwrap();
    }
}
