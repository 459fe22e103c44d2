//! A page of the site: where it lives, its language, its front matter and the
//! structure of its body. `Page::parse` is pure, so tests run on strings.
//!
//! A page does not hold its body: the stages that need it (evidence, checks,
//! rendering) read it once more as a [`Body`] ([`Page::read`]) in the pipeline's
//! per-page pass, so that a site of tens of thousands of pages never has every body
//! in memory at once. What the cross-page stages need from a body (the section keys,
//! the contacts it embeds, the translation record) is kept from the first read.

use super::front_matter::TranslationRecord;
use super::front_matter::{self, DataSource, FrontMatter, Waiver};
use super::markup::{self, Heading, Shortcode};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::legal_basis::{self, LegalBasis};
use crate::requirements::{Facts, Sources};
use compact_str::CompactString;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// What a page is, which decides its template and its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `_index.md`: the front page of a language.
    Index,
    /// A page with a `[contact]` record.
    Contact,
    /// An Art. 13/14 privacy notice (`notice = true`).
    Notice,
    /// Any other page.
    Info,
}

/// One parsed page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, e.g. `content/vores-dialog.en.md`.
    pub file: PathBuf,
    /// Language code.
    pub lang: String,
    /// Path below `content/` without language and extension: `vores-dialog`,
    /// `kontakt/datatilsynet`, or empty for the front page.
    pub slug: String,
    /// The front matter.
    pub front: FrontMatter,
    /// A hash of the body as loaded, against which [`Page::read`] checks a re-read.
    pub body_hash: u64,
    /// For a page in the default language: its translation record as it is now
    /// (see [`crate::translate`]), against which translations are compared.
    pub record: Option<TranslationRecord>,
    /// File line of the body's first line.
    pub body_line: usize,
    /// Every id of every heading, in order, with the heading's file line: the
    /// section keys that translations are compared by.
    pub keys: Box<[(CompactString, usize)]>,
    /// The ids of the contacts the page embeds (`{{ contact(id="…") }}`), in order.
    pub embeds: Vec<String>,
    /// The declared legal bases that parsed.
    pub bases: Vec<LegalBasis>,
}

/// A page's front matter and body as the per-page pass reads them ([`Page::read`]).
#[derive(Debug, Clone)]
pub struct Body {
    /// The front matter's TOML text, for line numbers.
    pub front: String,
    /// The body prepared for comrak (see [`markup::scan`]).
    pub text: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Shortcodes in order; placeholder `n` in `text` is `shortcodes[n]`.
    pub shortcodes: Vec<Shortcode>,
}

impl Body {
    /// The front matter and body of `split`, with the markup errors of the body.
    fn of(split: &front_matter::Split) -> (Body, Vec<markup::ScanError>) {
        let scanned = markup::scan(split.body);
        let body = Body { front: split.toml.to_string(), text: scanned.prepared, headings: scanned.headings, shortcodes: scanned.shortcodes };
        (body, scanned.errors)
    }

    /// The front matter and body of a page's source text; `None` if its front matter
    /// cannot be told from its body.
    pub fn from_source(source: &str) -> Option<Body> {
        front_matter::split(source).ok().map(|s| Body::of(&s).0)
    }

    /// The sections of the page, one per heading.
    pub fn sections(&self) -> Vec<Section<'_>> {
        let lines: Vec<&str> = self.text.lines().collect();
        (0..self.headings.len()).map(|i| self.section_at(&lines, i)).collect()
    }

    /// The section under heading `i`; `lines` are the body's lines.
    fn section_at(&self, lines: &[&str], i: usize) -> Section<'_> {
        let text_of = |range: std::ops::Range<usize>| lines[range.start.min(lines.len())..range.end.min(lines.len())].join("\n");
        let h = &self.headings[i];
        let rest = &self.headings[i + 1..];
        let end = rest.iter().find(|n| n.level <= h.level).map_or(lines.len() + 1, |n| n.line);
        let own_end = rest.first().map_or(lines.len() + 1, |n| n.line);
        Section { heading: h, lines: h.line..end, text: text_of(h.line..end - 1), own_text: text_of(h.line..own_end - 1) }
    }

    /// The file line where front-matter key `source_key` is written (1 if not found).
    pub fn front_line(&self, source_key: &str) -> usize {
        front_line(&self.front, source_key)
    }
}

/// The file line where `source_key` is written in front matter `front` (1 if not
/// found; the front matter starts on line 2, after the opening `+++`).
pub fn front_line(front: &str, source_key: &str) -> usize {
    crate::text::find_line(front, source_key) + 1
}

/// A section of a page: a heading and the lines under it.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The heading.
    pub heading: &'a Heading,
    /// Body lines from the heading (inclusive) to the next heading of the same or a
    /// higher level (exclusive).
    pub lines: std::ops::Range<usize>,
    /// The text of those lines after the heading.
    pub text: String,
    /// The text before the first sub-heading.
    pub own_text: String,
}

impl Page {
    /// Parses a page from its source text. `file` is relative to the site root and
    /// `content_rel` relative to `content/`. Returns the page (if its front matter
    /// could be read) and the findings about it.
    pub fn parse(file: &Path, content_rel: &Path, source: &str, config: &Config) -> (Option<Page>, Vec<Finding>) {
        let mut findings = Vec::new();
        let (slug, lang) = slug_and_lang(content_rel, config.default_language());
        if config.language(&lang).is_none() {
            let known: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
            findings.push(
                Finding::error("language-unknown", file, 1, format!("language `{lang}` is not declared in config.toml"))
                    .help(format!("name the file `<name>.md` or `<name>.<lang>.md` with one of: {}", known.join(", "))),
            );
            return (None, findings);
        }
        let split = match front_matter::split(source) {
            Ok(s) => s,
            Err((line, msg)) => {
                findings.push(Finding::error("front-matter", file, line, msg).help("start the page with +++, the TOML front matter, and +++"));
                return (None, findings);
            }
        };
        let front = match front_matter::parse(split.toml) {
            Ok(f) => f,
            Err((line, msg)) => {
                findings.push(
                    Finding::error("front-matter", file, split.toml_line + line - 1, msg)
                        .help("see docs/content-format.md for the front-matter keys and their types"),
                );
                return (None, findings);
            }
        };
        let mut bases = Vec::new();
        for code in front.legal_basis.iter().flatten() {
            match LegalBasis::parse(code) {
                Some(b) => bases.push(b),
                None => findings.push(
                    Finding::error(
                        "legal-basis-unknown",
                        file,
                        split.toml_line + crate::text::find_line(split.toml, "legal_basis") - 1,
                        format!("unknown legal-basis code `{code}`"),
                    )
                    .help(format!("valid forms are {}", legal_basis::VALID_FORMS)),
                ),
            }
        }
        let (body, errors) = Body::of(&split);
        for e in &errors {
            findings.push(Finding::error("markup", file, split.body_line + e.line - 1, e.message.clone()));
        }
        let mut page = Page {
            file: file.to_path_buf(),
            lang,
            slug,
            front,
            body_hash: body_hash(&body.text),
            record: None,
            body_line: split.body_line,
            keys: Box::new([]),
            embeds: body.shortcodes.iter().filter(|s| s.name == "contact").filter_map(|s| s.arg("id")).map(str::to_string).collect(),
            bases,
        };
        page.keys = body.headings.iter().flat_map(|h| h.ids.iter().map(|id| (CompactString::new(id), page.file_line(h.line)))).collect();
        if page.lang == config.default_language() {
            page.record = Some(crate::translate::record(&body));
        }
        (Some(page), findings)
    }

    /// The page's front matter and body, read again from the site at `root`. Fails if
    /// the body changed since the page was loaded, so that every stage of a run sees
    /// one version of the page.
    pub fn read(&self, root: &Path) -> Result<Body> {
        let path = root.join(&self.file);
        let source = crate::error::read_to_string(&path)?;
        match front_matter::split(&source).map(|s| Body::of(&s).0) {
            Ok(body) if body_hash(&body.text) == self.body_hash => Ok(body),
            _ => Err(Error::Changed { path }),
        }
    }

    /// The front matter's TOML text, read again from the site at `root` (empty if the
    /// file cannot be read): for the line of a front-matter finding made outside the
    /// per-page pass.
    pub fn read_front(&self, root: &Path) -> String {
        let source = std::fs::read_to_string(root.join(&self.file)).unwrap_or_default();
        front_matter::split(&source).map(|s| s.toml.to_string()).unwrap_or_default()
    }

    /// A deep copy, made where the caller allocates: no part of it, not even a
    /// waiver's shared reason, is left where the original was made (see
    /// [`crate::scratch`]).
    pub fn detached(&self) -> Page {
        let mut page = self.clone();
        page.front.waivers = self.front.waivers.iter().map(|(key, w)| (key, Waiver { reason: std::sync::Arc::from(&*w.reason), until: w.until })).collect();
        page
    }

    /// What kind of page this is.
    pub fn kind(&self) -> PageKind {
        if self.slug.is_empty() {
            PageKind::Index
        } else if self.front.contact.is_some() {
            PageKind::Contact
        } else if self.front.notice {
            PageKind::Notice
        } else {
            PageKind::Info
        }
    }

    /// The page's URL path, e.g. `/en/vores-dialog/`.
    pub fn url(&self, config: &Config) -> String {
        page_url(config, &self.lang, &self.slug)
    }

    /// The file line of body line `line`.
    pub fn file_line(&self, body_line: usize) -> usize {
        self.body_line + body_line.saturating_sub(1)
    }

    /// The facts that decide which requirements apply; a fact the front matter does
    /// not declare is unknown (an empty `sources` list declares nothing).
    pub fn facts(&self) -> Facts {
        let sources = self.front.sources.as_ref().filter(|s| !s.is_empty());
        Facts {
            bases: self.front.legal_basis.as_ref().map(|_| self.bases.clone()),
            sources: sources.map(|s| Sources { subject: s.contains(&DataSource::Subject), others: s.contains(&DataSource::Others) }),
            transfers: self.front.third_country_transfers,
        }
    }

    /// The file line of the heading that carries key `key`, if any.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        self.keys.iter().find(|(id, _)| id == key).map(|(_, line)| *line)
    }
}

/// The hash a body is recognised by (not a content address: it only tells a re-read
/// from the first).
fn body_hash(body: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    h.finish()
}

/// The URL path of page `slug` in `lang`.
pub fn page_url(config: &Config, lang: &str, slug: &str) -> String {
    let prefix = config.prefix(lang);
    if slug.is_empty() {
        format!("{prefix}/")
    } else {
        format!("{prefix}/{slug}/")
    }
}

/// The URL path of the page written in `file` (relative to the site root, e.g.
/// `content/kontakt/dpo.en.md` → `/en/kontakt/dpo/`), even if the file does not
/// parse; `None` for files outside `content/`.
pub fn url_of_source(config: &Config, file: &Path) -> Option<String> {
    let rel = file.strip_prefix("content").ok().filter(|r| r.extension().is_some_and(|e| e == "md"))?;
    let (slug, lang) = slug_and_lang(rel, config.default_language());
    Some(page_url(config, &lang, &slug))
}

/// Splits `kontakt/dpo.en.md` into (`kontakt/dpo`, `en`); `_index.md` is the empty slug.
fn slug_and_lang(content_rel: &Path, default_lang: &str) -> (String, String) {
    let rel = content_rel.to_string_lossy().replace('\\', "/");
    let stem = rel.strip_suffix(".md").unwrap_or(&rel);
    let (stem, lang) = match stem.rsplit_once('.') {
        Some((s, l)) if !l.contains('/') => (s.to_string(), l.to_string()),
        _ => (stem.to_string(), default_lang.to_string()),
    };
    let slug = match stem.strip_suffix("_index") {
        Some(dir) => dir.trim_end_matches('/').to_string(),
        None => stem,
    };
    (slug, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_languages_follow_zola() {
        assert_eq!(slug_and_lang(Path::new("vores-dialog.md"), "da"), ("vores-dialog".into(), "da".into()));
        assert_eq!(slug_and_lang(Path::new("kontakt/dpo.en.md"), "da"), ("kontakt/dpo".into(), "en".into()));
        assert_eq!(slug_and_lang(Path::new("_index.en.md"), "da"), ("".into(), "en".into()));
    }

    #[test]
    fn a_source_file_names_its_page_url_even_unparsed() {
        let config = Config::parse(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml")).unwrap(), Path::new("config.toml")).unwrap();
        let url = |f: &str| url_of_source(&config, Path::new(f));
        assert_eq!(url("content/vores-dialog.md").as_deref(), Some("/vores-dialog/"));
        assert_eq!(url("content/kontakt/datatilsynet.en.md").as_deref(), Some("/en/kontakt/datatilsynet/"));
        assert_eq!(url("content/_index.md").as_deref(), Some("/"));
        assert_eq!(url("templates/base.html"), None);
    }
}
