//! The site model every command works from: the config, the parsed pages and the
//! indexes that cross-page stages need (translations, contacts, backlinks). Built
//! once by [`Site::load`]; no later stage re-reads content files.

use crate::config::Config;
use crate::contacts::ContactRecord;
use crate::error::Result;
use crate::finding::Finding;
use crate::load::page::{Page, PageKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The loaded site.
pub struct Site {
    /// The site's root folder.
    pub root: PathBuf,
    /// `config.toml`.
    pub config: Config,
    /// Every non-draft page that parsed.
    pub pages: Vec<Page>,
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
        let (pages, load_findings) = crate::load::load_pages(root, &config)?;
        Ok(Self::from_pages(root, config, pages, load_findings))
    }

    /// Builds the indexes over already parsed pages.
    pub fn from_pages(root: &Path, config: Config, pages: Vec<Page>, load_findings: Vec<Finding>) -> Site {
        let mut site =
            Site { root: root.to_path_buf(), config, pages, load_findings, by_slug: HashMap::new(), contacts: HashMap::new(), backlinks: HashMap::new() };
        for (i, page) in site.pages.iter().enumerate() {
            site.by_slug.insert((page.slug.clone(), page.lang.clone()), i);
            if let Some(c) = &page.front.contact {
                site.contacts.insert((c.id.clone(), page.lang.clone()), i);
            }
            for sc in page.shortcodes.iter().filter(|s| s.name == "contact") {
                if let Some(id) = sc.arg("id") {
                    let users = site.backlinks.entry((id.to_string(), page.lang.clone())).or_default();
                    if users.last() != Some(&i) {
                        users.push(i);
                    }
                }
            }
        }
        site
    }

    /// The page `slug` in `lang`.
    pub fn page(&self, slug: &str, lang: &str) -> Option<&Page> {
        self.by_slug.get(&(slug.to_string(), lang.to_string())).map(|i| &self.pages[*i])
    }

    /// The pages in `lang`.
    pub fn pages_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Page> + 'a {
        self.pages.iter().filter(move |p| p.lang == lang)
    }

    /// The contact page of contact `id` in `lang`, or in the default language.
    pub fn contact_page(&self, id: &str, lang: &str) -> Option<&Page> {
        let find = |l: &str| self.contacts.get(&(id.to_string(), l.to_string())).map(|i| &self.pages[*i]);
        find(lang).or_else(|| find(self.config.default_language()))
    }

    /// The canonical record of contact `id` (from the default language).
    pub fn contact(&self, id: &str) -> Option<&ContactRecord> {
        self.contact_page(id, self.config.default_language())?.front.contact.as_ref()
    }

    /// Every canonical contact record (from the default language's contact pages).
    pub fn contacts(&self) -> impl Iterator<Item = &ContactRecord> {
        let lang = self.config.default_language();
        self.contacts.iter().filter(move |((_, l), _)| l == lang).filter_map(|(_, i)| self.pages[*i].front.contact.as_ref())
    }

    /// The pages in `lang` that embed contact `id`.
    pub fn backlinks(&self, id: &str, lang: &str) -> Vec<&Page> {
        self.backlinks.get(&(id.to_string(), lang.to_string())).map(|v| v.iter().map(|i| &self.pages[*i]).collect()).unwrap_or_default()
    }

    /// The notices of the site.
    pub fn notices(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(|p| p.kind() == PageKind::Notice)
    }
}
