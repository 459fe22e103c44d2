//! The site model every command works from: the config, the parsed pages and the
//! indexes that cross-page stages need (translations, contacts, backlinks). Built
//! once by [`Site::load`]; no later stage re-reads content files.

use crate::config::Config;
use crate::contacts::ContactRecord;
use crate::error::Result;
use crate::finding::Finding;
use crate::load::page::{Page, PageKind};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folders and files a site is built from, as its config names them: the one
/// place that says where templates and Sass live, for the loader, the renderer and
/// `serve`'s watcher alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePaths {
    /// The site's root folder.
    pub root: PathBuf,
    /// `content/`.
    pub content: PathBuf,
    /// The templates folder (`templates_dir`).
    pub templates: PathBuf,
    /// The Sass folder (`sass_dir`).
    pub sass: PathBuf,
    /// `config.toml`.
    pub config: PathBuf,
}

/// What a changed file is to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// A content page, relative to the root (`content/x.md`).
    Page(PathBuf),
    /// A folder under `content/` (a page set may have changed).
    ContentFolder,
    /// A template, stylesheet or the config: everything may have changed.
    Everything,
    /// Not a source of the site.
    Other,
}

impl SitePaths {
    /// The paths of the site at `root` with `config`.
    pub fn new(root: &Path, config: &Config) -> SitePaths {
        SitePaths {
            root: root.to_path_buf(),
            content: root.join("content"),
            templates: root.join(&config.templates_dir),
            sass: root.join(&config.sass_dir),
            config: root.join("config.toml"),
        }
    }

    /// The paths of the site at `root` as far as its `config.toml` can be read; the
    /// default folders if it cannot.
    pub fn guess(root: &Path) -> SitePaths {
        match Config::load(root) {
            Ok(config) => SitePaths::new(root, &config),
            Err(_) => SitePaths {
                root: root.to_path_buf(),
                content: root.join("content"),
                templates: root.join("templates"),
                sass: root.join("sass"),
                config: root.join("config.toml"),
            },
        }
    }

    /// The folders to watch recursively (the config file is watched through the root).
    pub fn folders(&self) -> [&Path; 3] {
        [&self.content, &self.templates, &self.sass]
    }

    /// What `path` (absolute) is to the site; `folder` if the event was about a folder.
    pub fn kind(&self, path: &Path, folder: bool) -> SourceKind {
        if path == self.config {
            return SourceKind::Everything;
        }
        if [&self.templates, &self.sass].iter().any(|dir| path.starts_with(dir)) {
            return SourceKind::Everything;
        }
        if !path.starts_with(&self.content) {
            return SourceKind::Other;
        }
        if folder || path == self.content {
            return SourceKind::ContentFolder;
        }
        match path.strip_prefix(&self.root) {
            Ok(rel) if rel.extension().is_some_and(|e| e == "md") => SourceKind::Page(rel.to_path_buf()),
            _ => SourceKind::Other,
        }
    }
}

/// The loaded site.
#[derive(Clone)]
pub struct Site {
    /// The site's root folder.
    pub root: PathBuf,
    /// `config.toml`.
    pub config: Config,
    /// Every non-draft page that parsed; shared, so that a reload after an edit
    /// copies only the pages that changed.
    pub pages: Vec<Arc<Page>>,
    /// Problems found while loading (front matter, markup, legal-basis codes).
    pub load_findings: Vec<Finding>,
    by_slug: HashMap<(String, String), usize>,
    contacts: HashMap<(String, String), usize>,
    backlinks: HashMap<(String, String), Vec<usize>>,
}

impl Site {
    /// Loads `config.toml` and every page under `root/content`.
    pub fn load(root: &Path) -> Result<Site> {
        let config = Config::load(root)?;
        Self::load_with(root, config)
    }

    /// Loads the pages under `root/content` with a given config.
    pub fn load_with(root: &Path, config: Config) -> Result<Site> {
        let start = std::time::Instant::now();
        let (pages, load_findings) = crate::load::load_pages(root, &config)?;
        crate::trace::stage("load", start);
        Ok(Self::from_pages(root, config, pages, load_findings))
    }

    /// This site with the pages in `files` (relative to the root, `content/x.md`) read
    /// again: changed pages are parsed anew, new ones added, deleted ones (and new
    /// drafts) dropped; every other page is kept as it was loaded.
    pub fn reload(&self, files: &BTreeSet<PathBuf>) -> Result<Site> {
        let content = Path::new("content");
        let mut pages: Vec<Arc<Page>> = self.pages.iter().filter(|p| !files.contains(&p.file)).cloned().collect();
        let mut load_findings: Vec<Finding> = self.load_findings.iter().filter(|f| !files.contains(&f.file)).cloned().collect();
        for file in files {
            let Ok(rel) = file.strip_prefix(content) else { continue };
            if !self.root.join(file).is_file() {
                continue;
            }
            let (page, findings) = crate::load::load_page(&self.root, &self.config, rel)?;
            pages.extend(page.map(Arc::new));
            load_findings.extend(findings);
        }
        // The order `load` gives: the content folder walked depth-first by name.
        pages.sort_by(|a, b| a.file.cmp(&b.file));
        Ok(Self::from_pages(&self.root, self.config.clone(), pages, load_findings))
    }

    /// Where the site's sources are.
    pub fn paths(&self) -> SitePaths {
        SitePaths::new(&self.root, &self.config)
    }

    /// Builds the indexes over already parsed, shared pages.
    pub fn from_pages(root: &Path, config: Config, pages: Vec<Arc<Page>>, load_findings: Vec<Finding>) -> Site {
        let mut site =
            Site { root: root.to_path_buf(), config, pages, load_findings, by_slug: HashMap::new(), contacts: HashMap::new(), backlinks: HashMap::new() };
        for (i, page) in site.pages.iter().enumerate() {
            site.by_slug.insert((page.slug.clone(), page.lang.clone()), i);
            if let Some(c) = &page.front.contact {
                site.contacts.insert((c.id.clone(), page.lang.clone()), i);
            }
            for id in &page.embeds {
                let users = site.backlinks.entry((id.clone(), page.lang.clone())).or_default();
                if users.last() != Some(&i) {
                    users.push(i);
                }
            }
        }
        site
    }

    /// The page `slug` in `lang`.
    pub fn page(&self, slug: &str, lang: &str) -> Option<&Page> {
        self.by_slug.get(&(slug.to_string(), lang.to_string())).map(|i| &*self.pages[*i])
    }

    /// The pages in `lang`.
    pub fn pages_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Page> + 'a {
        self.pages.iter().map(|p| &**p).filter(move |p| p.lang == lang)
    }

    /// The contact page of contact `id` in `lang`, or in the default language.
    pub fn contact_page(&self, id: &str, lang: &str) -> Option<&Page> {
        let find = |l: &str| self.contacts.get(&(id.to_string(), l.to_string())).map(|i| &*self.pages[*i]);
        find(lang).or_else(|| find(self.config.default_language()))
    }

    /// Every contact page the site's blocks draw on, one per contact and language.
    pub fn contact_pages(&self) -> impl Iterator<Item = &Page> {
        self.contacts.values().map(|i| &*self.pages[*i])
    }

    /// The canonical record of contact `id` (from the default language).
    pub fn contact(&self, id: &str) -> Option<&ContactRecord> {
        self.contact_page(id, self.config.default_language())?.front.contact.as_deref()
    }

    /// Every canonical contact record (from the default language's contact pages).
    pub fn contacts(&self) -> impl Iterator<Item = &ContactRecord> {
        let lang = self.config.default_language();
        self.contacts.iter().filter(move |((_, l), _)| l == lang).filter_map(|(_, i)| self.pages[*i].front.contact.as_deref())
    }

    /// The pages in `lang` that embed contact `id`.
    pub fn backlinks(&self, id: &str, lang: &str) -> Vec<&Page> {
        self.backlinks.get(&(id.to_string(), lang.to_string())).map(|v| v.iter().map(|i| &*self.pages[*i]).collect()).unwrap_or_default()
    }

    /// The notices of the site.
    pub fn notices(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().map(|p| &**p).filter(|p| p.kind() == PageKind::Notice)
    }
}
