//! Rebuilds for `serve`, the shape of Zola's `rebuild` component: this module only
//! decides *what* to run — every page, or the pages that depend on what changed —
//! and whether to publish the result; [`pipeline::run_selected`] runs it, with the
//! same stage functions as `build` and `check`.
//!
//! Every rebuild renders into a fresh [`MemoryOutput`] and is copied into the served
//! one only if it brought no new errors, so a broken edit keeps the last good version
//! on screen.
//!
//! What a page's output depends on, and so when it is re-run:
//! - its own source file;
//! - the contact records it embeds, and every record through the drift check: a
//!   changed record re-runs every page;
//! - for the front page of a language, the title, description and weight of every
//!   page it lists; for a contact page, the pages that embed its contact;
//! - templates, Sass and `config.toml`: everything;
//! - the set of pages (a page added, deleted, renamed, or changing its kind, slug or
//!   contact id): everything.
//!
//! The cross-page stages (translations, links and anchors, the matrix, sitemap) run
//! on every rebuild over every page's kept facts.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity, Summary};
use crate::load::page::{Page, PageKind};
use crate::pipeline::{self, Options, Outcome, Selection};
use crate::render::templates::Templates;
use crate::report::{self, Format};
use crate::site::{Site, SitePaths, SourceKind};
use crate::write::MemoryOutput;
use std::collections::{BTreeSet, HashSet};
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

    /// Adds a change of `path` (absolute; `folder` if the event was about a folder)
    /// to the site at `paths`. Editor droppings (`.x.swp`, `x~`, `#x#`, …) change
    /// nothing.
    pub fn add(&mut self, paths: &SitePaths, path: &Path, folder: bool) {
        let scratch = path.file_name().is_some_and(|n| is_scratch(&n.to_string_lossy()));
        match paths.kind(path, folder) {
            SourceKind::Everything | SourceKind::ContentFolder if folder || !scratch => self.full = true,
            SourceKind::Page(rel) if !scratch => {
                self.pages.insert(rel);
            }
            _ => {}
        }
    }

    /// Adds `other` to these changes.
    pub fn merge(&mut self, other: &Changes) {
        self.pages.extend(other.pages.iter().cloned());
        self.full |= other.full;
    }
}

/// Editor droppings that never change the site.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
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
            article: f.article.to_string(),
            message: f.text().into_owned(),
            help: f.help.to_string(),
        }
    }

    fn of_error(e: &Error, root: &Path, lang: &str) -> Self {
        use std::error::Error as _;
        let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/");
        let (file, line) = match e {
            Error::Config { path, line, .. } => (rel(path), *line),
            Error::Sass { path, .. } => (rel(path), 0),
            Error::Io { path, .. } => (rel(path), 0),
            Error::Template { template, message } => tera_location(message, root).unwrap_or_else(|| {
                let file = SitePaths::guess(root).templates.join(template);
                if file.is_file() {
                    (rel(&file), 0)
                } else {
                    (template.clone(), 0)
                }
            }),
            _ => (String::new(), 0),
        };
        let say = |text: &str| crate::messages::say_in(text, lang);
        let mut message = say(&e.to_string());
        let mut source = e.source();
        while let Some(s) = source {
            message.push_str(&format!("; {}", say(&format!("caused by: {s}"))));
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
    /// Content pages rendered ([`crate::finding::pages`]).
    pub pages: usize,
    /// Time taken.
    pub elapsed: Duration,
    /// The errors standing after this rebuild (findings or the build error).
    pub errors: Vec<ErrorEntry>,
    /// What to print on the terminal.
    pub text: String,
}

/// Per page, what decides whether the page set is the same: its file, slug,
/// language, kind and contact id.
fn same_page_set(a: &Site, b: &Site) -> bool {
    fn signature(p: &Page) -> (&PathBuf, &str, &str, PageKind, Option<&str>) {
        (&p.file, &p.slug, &p.lang, p.kind(), p.front.contact.as_ref().map(|c| c.id.as_str()))
    }
    a.pages.len() == b.pages.len() && a.pages.iter().zip(&b.pages).all(|(p, q)| signature(p) == signature(q))
}

/// The contact ids a page embeds.
fn embeds(page: &Page) -> BTreeSet<&str> {
    page.embeds.iter().map(String::as_str).collect()
}

/// What a page shows of itself on other pages (the front page's lists, a contact
/// page's backlinks).
fn listing(page: &Page) -> (&str, &str, i64) {
    (&page.front.title, &page.front.description, page.front.weight)
}

/// The pages of `new` to re-run after `files` changed, given the site as it was
/// (`old`, with the same page set); `None` if every page must be re-run.
fn dependents(old: &Site, new: &Site, files: &BTreeSet<PathBuf>) -> Option<BTreeSet<usize>> {
    let mut pages = BTreeSet::new();
    for (i, (before, after)) in old.pages.iter().zip(&new.pages).enumerate() {
        if !files.contains(&after.file) {
            continue;
        }
        pages.insert(i);
        if before.front.contact != after.front.contact {
            return None;
        }
        let listed = listing(before) != listing(after);
        let embedded: BTreeSet<&str> = embeds(before).union(&embeds(after)).copied().collect();
        // A contact page's title is shown in every block of its contact.
        let shown_in = after.front.contact.as_ref().filter(|_| listed).map(|c| c.id.as_str());
        let changed_embeds = embeds(before) != embeds(after);
        for (j, other) in new.pages.iter().enumerate().filter(|(_, p)| p.lang == after.lang) {
            let front = other.kind() == PageKind::Index && listed;
            let contact = other.front.contact.as_ref().is_some_and(|c| embedded.contains(c.id.as_str()) && (listed || changed_embeds));
            let embeds_changed_contact = shown_in.is_some_and(|id| other.embeds.iter().any(|e| e == id));
            if front || contact || embeds_changed_contact {
                pages.insert(j);
            }
        }
    }
    Some(pages)
}

type ErrorKey = (PathBuf, &'static str, String);

fn error_keys(findings: &[Finding]) -> HashSet<ErrorKey> {
    findings.iter().filter(|f| f.severity == Severity::Error).map(|f| (f.file.clone(), f.rule, f.text().into_owned())).collect()
}

/// What the served output was built from.
struct Committed {
    site: Site,
    templates: Templates,
    outcome: Outcome,
    errors: HashSet<ErrorKey>,
}

/// Rebuilds the site into a served [`MemoryOutput`].
pub struct Builder {
    root: PathBuf,
    opts: Options,
    color: bool,
    committed: Option<Committed>,
    pending: Changes,
}

impl Builder {
    /// A builder for the site at `root`, injecting `opts.live_reload`.
    pub fn new(root: PathBuf, opts: Options, color: bool) -> Builder {
        let opts = Options { keep_page_findings: true, ..opts };
        Builder { root, opts, color, committed: None, pending: Changes { full: true, ..Changes::default() } }
    }

    /// The site of the served output, if a build has been committed.
    pub fn site(&self) -> Option<&Site> {
        self.committed.as_ref().map(|c| &c.site)
    }

    /// Every finding of the served output (as `check` reports them), if a build has
    /// been committed.
    pub fn findings(&self) -> Option<&[Finding]> {
        self.committed.as_ref().map(|c| c.outcome.findings.as_slice())
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
                let (pages, ms) = (report.pages, elapsed.as_millis());
                let what = if report.incremental { "rebuilt" } else { "built" };
                let status = if report.committed { "" } else { " — it has new errors, so the previous version is still served" };
                let line = format!("{what} {pages} page{} in {ms} ms{status}\n", if pages == 1 { "" } else { "s" });
                report.text.push_str(&crate::messages::say_in(&line, self.lang()));
                report
            }
            Err(e) => {
                let entry = ErrorEntry::of_error(&e, &self.root, self.lang());
                let kept = if self.committed.is_some() { "; the previous version is still served" } else { "" };
                // A failed build may have read half-written sources: rebuild it all next time.
                self.pending.full = true;
                Report {
                    committed: false,
                    incremental: false,
                    pages: 0,
                    elapsed,
                    text: format!(
                        "error: {}\n{}",
                        entry.message,
                        crate::messages::say_in(&format!("build failed after {} ms{kept}\n", elapsed.as_millis()), self.lang())
                    ),
                    errors: vec![entry],
                }
            }
        }
    }

    /// The run's language (`--lang`, else the site's default language).
    fn lang(&self) -> &'static str {
        let default = self.committed.as_ref().map(|c| c.site.config.default_language().to_string());
        crate::messages::for_run(default.as_deref())
    }

    fn try_rebuild(&mut self, live: &MemoryOutput, publish: &dyn Fn()) -> Result<Report> {
        let start = Instant::now();
        let staging = MemoryOutput::default();
        // What to run: the pages that depend on the changed files, or every page.
        let plan = match &self.committed {
            Some(c) if !self.pending.full => {
                let site = c.site.reload(&self.pending.pages)?;
                let pages = if same_page_set(&site, &c.site) { dependents(&c.site, &site, &self.pending.pages) } else { None };
                Some((site, pages))
            }
            _ => None,
        };
        crate::trace::stage("rebuild plan", start);
        let (site, templates, outcome, incremental) = match plan {
            Some((site, Some(pages))) => {
                let c = self.committed.as_ref().expect("planned from a commit");
                let same_fronts = pages.iter().all(|&i| c.site.pages[i].front == site.pages[i].front);
                let selection = Selection::Pages { pages: &pages, previous: &c.outcome, same_fronts };
                let outcome = pipeline::run_selected(&site, &c.templates, &staging, &self.opts, selection)?;
                (site, None, outcome, true)
            }
            Some((site, None)) => {
                let c = self.committed.as_ref().expect("planned from a commit");
                let outcome = pipeline::run(&site, &c.templates, &staging, &self.opts)?;
                (site, None, outcome, false)
            }
            None => {
                let site = Site::load(&self.root)?;
                let templates = Templates::for_site(&site)?;
                let outcome = pipeline::run(&site, &templates, &staging, &self.opts)?;
                (site, Some(templates), outcome, false)
            }
        };

        let mut errors: Vec<Finding> = outcome.findings.iter().filter(|f| f.severity == Severity::Error).cloned().collect();
        let keys = error_keys(&outcome.findings);
        let committed = self.committed.as_ref().is_none_or(|c| keys.iter().all(|k| c.errors.contains(k)));
        // The same counts and summary line as `check` (errors listed, the rest counted).
        let summary = Summary::of_site(&outcome.findings, &site);
        let lang = crate::messages::for_run(Some(site.config.default_language()));
        let mut text = if errors.is_empty() {
            format!("{}\n", crate::messages::summary_line(&summary, lang))
        } else {
            report::render_in(Format::Human, &errors, summary, Some(&site), &self.root, self.color, lang)
        };
        if summary.warnings > 0 || summary.notes > 0 {
            text.push_str(&crate::messages::say_in("`privacy-site check` lists the warnings and notes\n", lang));
        }
        let report = Report {
            committed,
            incremental,
            pages: outcome.pages_rendered,
            elapsed: Duration::ZERO,
            errors: {
                // The overlay's findings in the run's language, as the terminal's.
                crate::messages::localise_all(&mut errors, lang);
                errors.iter().map(|f| ErrorEntry::of_finding(f, &site.config)).collect()
            },
            text,
        };
        if committed {
            {
                let mut served = live.files.write().unwrap();
                let fresh = std::mem::take(&mut *staging.files.write().unwrap());
                if incremental {
                    served.extend(fresh);
                } else {
                    *served = fresh;
                }
                publish();
            }
            let (templates, previous) = match (templates, self.committed.take()) {
                (Some(t), previous) => (t, previous.map(|c| (c.site, c.outcome))),
                (None, Some(c)) => (c.templates, Some((c.site, c.outcome))),
                (None, None) => unreachable!("an incremental plan needs a commit"),
            };
            self.committed = Some(Committed { site, templates, outcome, errors: keys });
            // Freeing a large site's previous results takes a while: not before the
            // browser hears of the new version.
            rayon::spawn(move || drop(previous));
            self.pending = Changes::default();
        }
        crate::trace::stage("rebuild committed", start);
        Ok(report)
    }
}
