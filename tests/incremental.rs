//! Property test of `serve`'s incremental rebuild: random sequences of edits to a
//! copy of the real site (body edits, renamed heading ids, broken front matter and
//! its repair, a contact record change, a template change, a title change, a new
//! page and a deleted one), each followed by the rebuild `serve` runs for it.
//! After every step, what `serve` holds must be what a fresh full run gives:
//!
//! - when the rebuild was published, the served files are byte for byte those of a
//!   fresh `build`, and its findings are those of a fresh `check`;
//! - when it was held back (it brought new errors), the errors it shows are those a
//!   fresh `check` (or the failed fresh build) reports, and the served files are
//!   the previous ones, unchanged.
//!
//! The sequences are reproducible: `INCREMENTAL_SEEDS=7,8` runs those seeds,
//! `INCREMENTAL_STEPS` sets their length.

mod common;

use common::TempSite;
use privacy_site::pipeline::{self, Options};
use privacy_site::render::templates::Templates;
use privacy_site::serve::rebuild::{Builder, Changes, Report};
use privacy_site::write::MemoryOutput;
use privacy_site::{Finding, Severity, Site};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A small deterministic generator (xorshift64*), so a failing seed can be rerun.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The files of an output, by path.
type Files = HashMap<String, Arc<Vec<u8>>>;

/// What a fresh full run of the site at `root` gives: its files and findings, or
/// the error that stopped it.
fn fresh(root: &Path) -> Result<(Files, Vec<Finding>), String> {
    let site = Site::load(root).map_err(|e| e.to_string())?;
    let templates = Templates::for_site(&site).map_err(|e| e.to_string())?;
    let output = MemoryOutput::default();
    let outcome = pipeline::run(&site, &templates, &output, &Options::default()).map_err(|e| e.to_string())?;
    let files = std::mem::take(&mut *output.files.write().unwrap());
    Ok((files, outcome.findings))
}

/// An edit, and the files it touched.
struct Edit {
    what: String,
    files: Vec<PathBuf>,
}

impl Edit {
    fn of(what: impl Into<String>, file: PathBuf) -> Edit {
        Edit { what: what.into(), files: vec![file] }
    }
}

/// The site under edit, with what the edits left to undo.
struct Editor {
    site: TempSite,
    rng: Rng,
    step: usize,
    /// A page whose front matter is broken, with its text before.
    broken: Option<(PathBuf, String)>,
    /// Pages the edits added, in pairs of translations.
    added: Vec<[PathBuf; 2]>,
    /// Every content page of the real site, to restore them.
    original: Vec<(PathBuf, String)>,
}

impl Editor {
    fn read(&self, rel: &Path) -> String {
        std::fs::read_to_string(self.site.path().join(rel)).unwrap()
    }

    fn write(&self, rel: &Path, text: &str) {
        std::fs::write(self.site.path().join(rel), text).unwrap();
    }

    /// The content pages now on disk, relative to the root.
    fn pages(&self) -> Vec<PathBuf> {
        let mut pages: Vec<PathBuf> = walk(&self.site.path().join("content"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(|p| p.strip_prefix(self.site.path()).unwrap().to_path_buf())
            .collect();
        pages.sort();
        pages
    }

    /// Applies one random edit.
    fn edit(&mut self) -> Edit {
        self.step += 1;
        let n = self.step;
        // A broken page is repaired half of the time before anything else.
        if self.rng.below(2) == 0 {
            if let Some((file, text)) = self.broken.take() {
                self.write(&file, &text);
                return Edit::of("repair the front matter", file);
            }
        }
        let pages = self.pages();
        let page = self.rng.pick(&pages).clone();
        let text = self.read(&page);
        match self.rng.below(10) {
            0 | 1 => {
                self.write(&page, &format!("{text}\nEt afsnit tilføjet i trin {n}.\n"));
                Edit::of("append a paragraph", page)
            }
            2 => {
                // Rename a heading id, or give back a renamed one.
                let ids: Vec<&str> = text.match_indices("{#").map(|(i, _)| &text[i + 2..]).map(|rest| &rest[..rest.find(['}', ' ']).unwrap_or(0)]).collect();
                let Some(id) = ids.get(self.rng.below(ids.len().max(1))).filter(|id| !id.is_empty()) else {
                    return Edit::of("nothing (no heading id)", page);
                };
                let renamed = match id.strip_suffix("-x") {
                    Some(back) => back.to_string(),
                    None => format!("{id}-x"),
                };
                let rename = |text: &str| text.replacen(&format!("{{#{id}"), &format!("{{#{renamed}"), 1);
                self.write(&page, &rename(&text));
                // Half of the time in the translation too, as an editor would.
                let other = translation(&page);
                if self.rng.below(2) == 0 && self.site.path().join(&other).is_file() {
                    let text = self.read(&other);
                    self.write(&other, &rename(&text));
                    return Edit { what: format!("rename #{id} to #{renamed} in both languages"), files: vec![page, other] };
                }
                Edit::of(format!("rename #{id} to #{renamed}"), page)
            }
            3 if self.broken.is_none() => {
                self.broken = Some((page.clone(), text.clone()));
                let broken = text.replacen("\ntitle = ", "\ntitle = = ", 1);
                self.write(&page, &broken);
                Edit::of("break the front matter", page)
            }
            4 => {
                // The controller's phone, in the record of both languages.
                let files: Vec<PathBuf> = ["content/kontakt/lejre-kommune.md", "content/kontakt/lejre-kommune.en.md"]
                    .into_iter()
                    .map(PathBuf::from)
                    .filter(|f| self.site.path().join(f).is_file())
                    .collect();
                let Some(first) = files.first() else { return Edit::of("nothing (no controller record)", page) };
                let phone = if self.read(first).contains("phone = \"46 46 46 46\"") { "46 46 46 47" } else { "46 46 46 46" };
                for file in &files {
                    let text = self.read(file);
                    let changed: String =
                        text.lines().map(|l| if l.starts_with("phone = ") { format!("phone = \"{phone}\"\n") } else { format!("{l}\n") }).collect();
                    self.write(file, &changed);
                }
                Edit { what: format!("set the controller's phone to {phone}"), files }
            }
            5 => {
                let file = PathBuf::from("templates/notice.html");
                let text = self.read(&file);
                self.write(&file, &format!("{text}{{# trin {n} #}}\n"));
                let base = PathBuf::from("templates/base.html");
                let html = self.read(&base);
                self.write(&base, &html.replacen("</body>", &format!("<p hidden>Skabelon, trin {n}</p>\n</body>"), 1));
                Edit::of("change the templates", base)
            }
            6 => {
                let changed = match text.lines().find(|l| l.starts_with("title = \"")) {
                    Some(line) => text.replacen(line, &line.replacen("title = \"", &format!("title = \"Trin {n}: "), 1), 1),
                    None => text.clone(),
                };
                self.write(&page, &changed);
                Edit::of("change the title", page)
            }
            7 => {
                let pair = [PathBuf::from(format!("content/ny-side-{n}.md")), PathBuf::from(format!("content/ny-side-{n}.en.md"))];
                self.write(
                    &pair[0],
                    &format!("+++\ntitle = \"Ny side {n}\"\ndescription = \"En side lagt til i trin {n}.\"\n+++\n\nSe [opbevaring](/vores-dialog/#retention) og [kontakt](/kontakt/lejre-kommune/).\n"),
                );
                self.write(
                    &pair[1],
                    &format!("+++\ntitle = \"New page {n}\"\ndescription = \"A page added in step {n}.\"\n+++\n\nSee [retention](/en/vores-dialog/#retention) and [contact](/en/kontakt/lejre-kommune/).\n"),
                );
                self.added.push(pair.clone());
                Edit { what: "add a page in both languages".into(), files: pair.into() }
            }
            8 => {
                // Delete a pair that an edit added, else one page of the real site.
                let files: Vec<PathBuf> = match self.added.pop() {
                    Some(pair) => pair.into(),
                    None => vec![page],
                };
                if self.broken.as_ref().is_some_and(|(b, _)| files.contains(b)) {
                    self.broken = None;
                }
                for file in &files {
                    std::fs::remove_file(self.site.path().join(file)).unwrap();
                }
                Edit { what: "delete a page".into(), files }
            }
            _ => {
                // Every page of the real site back as it was; the added ones stay.
                self.broken = None;
                for (file, text) in &self.original {
                    std::fs::write(self.site.path().join(file), text).unwrap();
                }
                Edit { what: "restore the real site's pages".into(), files: self.original.iter().map(|(f, _)| f.clone()).collect() }
            }
        }
    }
}

/// The other language's file of page `file` (Danish ↔ English).
fn translation(file: &Path) -> PathBuf {
    let name = file.to_string_lossy();
    match name.strip_suffix(".en.md") {
        Some(stem) => PathBuf::from(format!("{stem}.md")),
        None => PathBuf::from(format!("{}.en.md", name.strip_suffix(".md").unwrap_or(&name))),
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The (file, line, rule, message) of each error, sorted.
fn error_keys<'a>(errors: impl Iterator<Item = (String, usize, String, String)> + 'a) -> Vec<(String, usize, String, String)> {
    let mut keys: Vec<_> = errors.collect();
    keys.sort();
    keys
}

/// A fresh check's errors, in the run's language as serve shows them.
fn finding_errors(findings: &[Finding]) -> Vec<(String, usize, String, String)> {
    let lang = privacy_site::messages::current();
    error_keys(
        findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.file.to_string_lossy().into_owned(), f.line, f.rule.to_string(), privacy_site::messages::translate(f.rule, &f.message, lang))),
    )
}

fn report_errors(report: &Report) -> Vec<(String, usize, String, String)> {
    error_keys(report.errors.iter().map(|e| (e.file.clone(), e.line, e.rule.clone(), e.message.clone())))
}

/// Runs one sequence of `steps` random edits from `seed`; returns how many
/// rebuilds were incremental and how many were held back.
fn run_sequence(seed: u64, steps: usize) -> (usize, usize) {
    let site = TempSite::real();
    // Two notices per matrix page, so that edits re-render some matrix pages and
    // keep others.
    let config = site.read("config.toml");
    site.write("config.toml", &format!("matrix_page_size = 2\n{config}"));
    let root = site.path().canonicalize().unwrap();
    let original =
        walk(&root.join("content")).into_iter().map(|p| (p.strip_prefix(&root).unwrap().to_path_buf(), std::fs::read_to_string(&p).unwrap())).collect();
    let mut editor = Editor { site, rng: Rng::new(seed), step: 0, broken: None, added: Vec::new(), original };
    let live = MemoryOutput::default();
    let mut builder = Builder::new(root.clone(), Options::default(), false);
    let first = builder.rebuild(&Changes { full: true, ..Changes::default() }, &live, &|| {});
    assert!(first.committed, "{}", first.text);
    let (mut incremental, mut held) = (0, 0);
    for step in 1..=steps {
        let edit = editor.edit();
        let shown: Vec<String> = edit.files.iter().take(3).map(|f| f.display().to_string()).collect();
        let context = format!("seed {seed}, step {step}: {} ({})", edit.what, shown.join(", "));
        let before = live.files.read().unwrap().clone();
        let mut changes = Changes::default();
        let paths = Site::load(&root).map_or_else(|_| privacy_site::site::SitePaths::guess(&root), |s| s.paths());
        for file in &edit.files {
            changes.add(&paths, &root.join(file), false);
        }
        let report = builder.rebuild(&changes, &live, &|| {});
        incremental += usize::from(report.incremental);
        let served = live.files.read().unwrap().clone();
        match fresh(&root) {
            Ok((files, findings)) if report.committed => {
                let mut names: Vec<&String> = files.keys().collect();
                names.sort();
                let mut served_names: Vec<&String> = served.keys().collect();
                served_names.sort();
                assert_eq!(served_names, names, "{context}: the served files are a fresh build's");
                for (name, body) in &files {
                    assert!(served[name] == *body, "{context}: {name} differs from a fresh build's");
                }
                let served_findings = builder.findings().expect("a committed build");
                assert_eq!(served_findings, findings.as_slice(), "{context}: serve's findings are a fresh check's");
            }
            Ok((_, findings)) => {
                held += 1;
                if std::env::var_os("INCREMENTAL_VERBOSE").is_some() {
                    eprintln!("{context}: held back: {:?}", report_errors(&report).iter().map(|e| &e.2).collect::<Vec<_>>());
                }
                assert_eq!(report_errors(&report), finding_errors(&findings), "{context}: serve shows a fresh check's errors");
                assert!(served == before, "{context}: a held-back rebuild leaves the served files");
            }
            Err(message) => {
                held += 1;
                assert!(!report.committed, "{context}: a failed build is not published");
                assert_eq!(report.errors.len(), 1, "{context}: {:?}", report.errors);
                let message = privacy_site::messages::say(&message);
                assert!(report.errors[0].message.starts_with(&message), "{context}: {} vs {message}", report.errors[0].message);
                assert!(served == before, "{context}: a failed rebuild leaves the served files");
            }
        }
    }
    (incremental, held)
}

#[test]
fn serve_holds_what_a_fresh_build_and_check_give_after_every_edit() {
    let seeds: Vec<u64> = match std::env::var("INCREMENTAL_SEEDS") {
        Ok(list) => list.split(',').map(|s| s.trim().parse().expect("INCREMENTAL_SEEDS: numbers")).collect(),
        Err(_) => (1..=6).collect(),
    };
    let steps = std::env::var("INCREMENTAL_STEPS").map_or(14, |s| s.parse().expect("INCREMENTAL_STEPS: a number"));
    let (mut incremental, mut held) = (0, 0);
    for seed in seeds {
        let (i, h) = run_sequence(seed, steps);
        incremental += i;
        held += h;
    }
    eprintln!("{incremental} incremental rebuilds, {held} held back");
    // The sequences exercised both paths the property is about.
    assert!(incremental > 0 && held > 0, "{incremental} incremental, {held} held back");
}
