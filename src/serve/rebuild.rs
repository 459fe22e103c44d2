//! Rebuilds for `serve`: a full pipeline run, or — when only content pages changed
//! and the set of pages stayed the same — a re-render of just the pages that show
//! what changed. Every rebuild renders into a fresh [`MemoryOutput`] and is copied
//! into the served one only if it brought no new errors, so a broken edit keeps the
//! last good version on screen.

use crate::check;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::{self, Finding, Severity, Summary};
use crate::load::page::PageKind;
use crate::pipeline::{self, Options, Rendered};
use crate::render::templates::Templates;
use crate::report::{self, Format};
use crate::site::Site;
use crate::write::MemoryOutput;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What changed on disk since the last rebuild, relative to the site root.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Changed content pages (`content/x.md`).
    pub pages: BTreeSet<PathBuf>,
    /// Something else changed (templates, Sass, config, folders): rebuild it all.
    pub full: bool,
}

impl Changes {
    /// Whether nothing relevant changed.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && !self.full
    }

    /// Adds `other` to these changes.
    pub fn merge(&mut self, other: &Changes) {
        self.pages.extend(other.pages.iter().cloned());
        self.full |= other.full;
    }
}

/// One error as the browser overlay shows it.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct ErrorEntry {
    /// File relative to the site root, empty if unknown.
    pub file: String,
    /// 1-based line, 0 if unknown.
    pub line: usize,
    /// 1-based column, 0 if unknown.
    pub column: usize,
    /// Rule id, or `build` for an error that stopped the build.
    pub rule: String,
    /// GDPR article, if any.
    pub article: String,
    /// What is wrong.
    pub message: String,
    /// The URL path of the page whose source holds the error (`/en/x/`), which
    /// alone shows it; empty for site-wide errors (templates, config, Sass), which
    /// every page shows.
    pub page: String,
    /// What to do about it.
    pub help: String,
}

impl ErrorEntry {
    fn of_finding(f: &Finding, config: &Config) -> Self {
        ErrorEntry {
            page: crate::load::page::url_of_source(config, &f.file).unwrap_or_default(),
            file: f.file.to_string_lossy().replace('\\', "/"),
            line: f.line,
            column: f.column,
            rule: f.rule.to_string(),
            article: f.article.clone(),
            message: f.message.clone(),
            help: f.help.clone(),
        }
    }

    fn of_error(e: &Error, root: &Path) -> Self {
        use std::error::Error as _;
        let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/");
        let (file, line) = match e {
            Error::Config { path, line, .. } => (rel(path), *line),
            Error::Sass { path, .. } => (rel(path), 0),
            Error::Io { path, .. } => (rel(path), 0),
            Error::Template { template, message } => tera_location(message, root).unwrap_or_else(|| {
                if root.join("templates").join(template).is_file() {
                    (format!("templates/{template}"), 0)
                } else {
                    (template.clone(), 0)
                }
            }),
            _ => (String::new(), 0),
        };
        let mut message = e.to_string();
        let mut source = e.source();
        while let Some(s) = source {
            message.push_str(&format!("; caused by: {s}"));
            source = s.source();
        }
        ErrorEntry { file, line, column: 0, rule: "build".into(), article: String::new(), message, help: String::new(), page: String::new() }
    }
}

/// The file and line of a Tera parse error (`Failed to parse "/x/templates/a.html"`
/// followed by `--> 23:7`).
fn tera_location(message: &str, root: &Path) -> Option<(String, usize)> {
    let re = regex::Regex::new(r#"Failed to parse "([^"]+)"\s*\n\s*--> (\d+):"#).ok()?;
    let caps = re.captures(message)?;
    let path = Path::new(&caps[1]);
    let file = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
    Some((file, caps[2].parse().unwrap_or(0)))
}

/// The result of one rebuild.
#[derive(Debug)]
pub struct Report {
    /// Whether the new output replaced the served one.
    pub committed: bool,
    /// Whether only some pages were re-rendered.
    pub incremental: bool,
    /// Number of HTML pages rendered.
    pub pages: usize,
    /// Time taken.
    pub elapsed: Duration,
    /// The errors standing after this rebuild (findings or the build error).
    pub errors: Vec<ErrorEntry>,
    /// What to print on the terminal.
    pub text: String,
}

/// Per page, what decides whether an incremental rebuild is safe.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct PageSig {
    file: PathBuf,
    slug: String,
    lang: String,
    contact: Option<String>,
    kind: u8,
}

fn signature(site: &Site) -> Vec<PageSig> {
    let mut sig: Vec<PageSig> = site
        .pages
        .iter()
        .map(|p| PageSig {
            file: p.file.clone(),
            slug: p.slug.clone(),
            lang: p.lang.clone(),
            contact: p.front.contact.as_ref().map(|c| c.id.clone()),
            kind: match p.kind() {
                PageKind::Index => 0,
                PageKind::Contact => 1,
                PageKind::Notice => 2,
                PageKind::Info => 3,
            },
        })
        .collect();
    sig.sort();
    sig
}

fn embeds_contacts(site: &Site) -> HashSet<PathBuf> {
    site.pages.iter().filter(|p| p.shortcodes.iter().any(|s| s.name == "contact")).map(|p| p.file.clone()).collect()
}

type ErrorKey = (PathBuf, &'static str, String);

fn error_keys(findings: &[Finding]) -> HashSet<ErrorKey> {
    findings.iter().filter(|f| f.severity == Severity::Error).map(|f| (f.file.clone(), f.rule, f.message.clone())).collect()
}

/// What one rebuild rendered: the findings of the whole site, every page's facts,
/// every file and the number of pages rendered this time.
struct Built {
    findings: Vec<Finding>,
    rendered: Vec<Rendered>,
    files: Vec<String>,
    pages: usize,
}

/// What the served output was built from.
struct Committed {
    sig: Vec<PageSig>,
    embeds: HashSet<PathBuf>,
    rendered: Vec<Rendered>,
    files: Vec<String>,
    errors: HashSet<ErrorKey>,
    build_failed: bool,
}

/// Rebuilds the site into a served [`MemoryOutput`].
pub struct Builder {
    root: PathBuf,
    opts: Options,
    color: bool,
    templates: Option<Templates>,
    committed: Option<Committed>,
    pending: Changes,
}

impl Builder {
    /// A builder for the site at `root`, injecting `opts.live_reload`.
    pub fn new(root: PathBuf, opts: Options, color: bool) -> Builder {
        Builder { root, opts, color, templates: None, committed: None, pending: Changes { full: true, ..Changes::default() } }
    }

    /// Rebuilds after `changes` (plus whatever earlier rebuilds left uncommitted) and
    /// copies the result into `live` unless it brought new errors; `publish` is
    /// called with the live output's write lock held, after a commit.
    pub fn rebuild(&mut self, changes: &Changes, live: &MemoryOutput, publish: &dyn Fn()) -> Report {
        self.pending.merge(changes);
        let start = Instant::now();
        let result = self.try_rebuild(live, publish);
        let elapsed = start.elapsed();
        match result {
            Ok(mut report) => {
                report.elapsed = elapsed;
                let what = if report.incremental { "rebuilt" } else { "built" };
                let status = if report.committed { String::new() } else { " — it has new errors, so the previous version is still served".to_string() };
                report.text.push_str(&format!(
                    "{what} {} page{} in {} ms{status}\n",
                    report.pages,
                    if report.pages == 1 { "" } else { "s" },
                    elapsed.as_millis()
                ));
                report
            }
            Err(e) => {
                let entry = ErrorEntry::of_error(&e, &self.root);
                let kept = if self.committed.is_some() { "; the previous version is still served" } else { "" };
                if let Some(c) = &mut self.committed {
                    c.build_failed = true;
                }
                Report {
                    committed: false,
                    incremental: false,
                    pages: 0,
                    elapsed,
                    text: format!("error: {}\nbuild failed after {} ms{kept}\n", entry.message, elapsed.as_millis()),
                    errors: vec![entry],
                }
            }
        }
    }

    fn try_rebuild(&mut self, live: &MemoryOutput, publish: &dyn Fn()) -> Result<Report> {
        let site = Site::load(&self.root)?;
        let sig = signature(&site);
        let incremental = !self.pending.full && self.templates.is_some() && self.committed.as_ref().is_some_and(|c| c.sig == sig && !c.build_failed);
        let staging = MemoryOutput::default();
        let Built { findings, rendered, files, pages } = if incremental {
            self.render_incremental(&site, &staging)?
        } else {
            let templates = Templates::load(&self.root)?;
            let outcome = pipeline::run(&site, &templates, &staging, &self.opts)?;
            self.templates = Some(templates);
            Built { pages: outcome.rendered.len(), findings: outcome.findings, rendered: outcome.rendered, files: outcome.files }
        };

        let errors: Vec<Finding> = findings.iter().filter(|f| f.severity == Severity::Error).cloned().collect();
        let keys = error_keys(&findings);
        let committed = match &self.committed {
            None => true,
            Some(c) => keys.iter().all(|k| c.errors.contains(k)),
        };
        if committed {
            {
                let mut served = live.files.write().unwrap();
                let mut fresh = std::mem::take(&mut *staging.files.write().unwrap());
                if incremental {
                    served.extend(fresh.drain());
                } else {
                    *served = fresh;
                }
                publish();
            }
            self.committed = Some(Committed { sig, embeds: embeds_contacts(&site), rendered, files, errors: keys, build_failed: false });
            self.pending = Changes::default();
        }
        let text = if errors.is_empty() {
            String::new()
        } else {
            let summary = Summary::of(&errors, site.pages.len());
            report::render(Format::Human, &errors, summary, Some(&site), &self.root, self.color)
        };
        Ok(Report {
            committed,
            incremental,
            pages,
            elapsed: Duration::ZERO,
            errors: errors.iter().map(|f| ErrorEntry::of_finding(f, &site.config)).collect(),
            text,
        })
    }

    /// Re-renders the pending pages and what shows them; returns the findings of
    /// the whole site, the merged rendered list, the file list and the page count.
    fn render_incremental(&self, site: &Site, staging: &MemoryOutput) -> Result<Built> {
        let templates = self.templates.as_ref().expect("incremental only after a full build");
        let committed = self.committed.as_ref().expect("incremental only after a commit");
        let index: HashMap<(&str, &str), usize> = site.pages.iter().enumerate().map(|(i, p)| ((p.slug.as_str(), p.lang.as_str()), i)).collect();
        let mut targets = BTreeSet::new();
        let mut all_contacts = false;
        for (i, page) in site.pages.iter().enumerate() {
            if !self.pending.pages.contains(&page.file) {
                continue;
            }
            targets.insert(i);
            for (j, other) in site.pages.iter().enumerate() {
                if other.slug == page.slug || other.kind() == PageKind::Index {
                    targets.insert(j);
                }
            }
            if let Some(c) = &page.front.contact {
                all_contacts = true;
                for lang in &site.config.languages {
                    for user in site.backlinks(&c.id, &lang.code) {
                        targets.extend(index.get(&(user.slug.as_str(), user.lang.as_str())));
                    }
                }
            }
            if page.shortcodes.iter().any(|s| s.name == "contact") || committed.embeds.contains(&page.file) {
                all_contacts = true;
            }
        }
        if all_contacts {
            targets.extend(site.pages.iter().enumerate().filter(|(_, p)| p.kind() == PageKind::Contact).map(|(i, _)| i));
        }

        let blocks = pipeline::BlockCache::default();
        let fresh: Vec<Rendered> =
            targets.par_iter().map(|&i| pipeline::render_content(site, templates, staging, &self.opts, &blocks, i)).collect::<Result<_>>()?;
        let matrix = crate::matrix::Matrix::of(site);
        let generated = pipeline::render_generated(site, templates, staging, &self.opts, &matrix)?;
        for (name, body) in [("sitemap.xml", crate::sitemap::sitemap(site)), ("robots.txt", crate::sitemap::robots(site))] {
            crate::write::Output::write(staging, name, body.as_bytes())?;
        }
        let pages = fresh.len() + generated.len();

        // The facts of every page: new where re-rendered, the committed ones elsewhere.
        let mut by_path: HashMap<String, Rendered> = committed.rendered.iter().map(|r| (r.path.clone(), r.clone())).collect();
        for r in fresh.into_iter().chain(generated) {
            by_path.insert(r.path.clone(), r);
        }
        let mut rendered = Vec::with_capacity(by_path.len());
        for (i, page) in site.pages.iter().enumerate() {
            let path = pipeline::output_path(&page.url(&site.config));
            if let Some(mut r) = by_path.remove(&path) {
                r.page = Some(i);
                rendered.push(r);
            }
        }
        let mut rest: Vec<Rendered> = by_path.into_values().filter(|r| r.page.is_none()).collect();
        rest.sort_by(|a, b| a.path.cmp(&b.path));
        rendered.extend(rest);

        let files = committed.files.clone();
        let mut findings = site.load_findings.clone();
        findings.extend(check::content(site, &matrix));
        findings.extend(check::output(site, templates, &rendered, &files));
        finding::finalize(&mut findings, self.opts.deny_warnings);
        Ok(Built { findings, rendered, files, pages })
    }
}
