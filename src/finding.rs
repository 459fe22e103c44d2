//! Findings: what `check` (and `build`) report about the site, as plain values that
//! every reporter prints in its own format.

use serde::Serialize;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Text of a finding that is often a constant of the tool (a requirement's help, an
/// article, a key): borrowed then, so that tens of thousands of findings do not each
/// carry a copy.
pub type Text = Cow<'static, str>;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks `build` and makes `check` exit 1.
    Error,
    /// Worth fixing; an error under `--deny warnings`.
    Warning,
    /// Information for reviewers, such as an active waiver.
    Note,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One thing the checker found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// 1-based line; 0 when the finding concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// Error, warning or note.
    pub severity: Severity,
    /// Stable rule id, e.g. `art13-missing`.
    pub rule: &'static str,
    /// The GDPR article (e.g. `13(2)(d)`), empty where none applies.
    pub article: Text,
    /// The requirement key (e.g. `complaint`), empty where none applies.
    pub key: Text,
    /// What is wrong (see [`Finding::text`]).
    pub message: String,
    /// What an editor wrote that the message ends by quoting, after `: ` (a waiver's
    /// reason): shared with the page, not copied into each message, and never
    /// translated. Reports print [`Finding::text`].
    pub quote: Option<Arc<str>>,
    /// What to write or do about it.
    pub help: Text,
}

impl Finding {
    /// A finding with the given severity and rule at `file:line`.
    pub fn new(severity: Severity, rule: &'static str, file: &Path, line: usize, message: impl Into<String>) -> Self {
        Finding {
            file: file.to_path_buf(),
            line,
            column: 0,
            severity,
            rule,
            article: Text::Borrowed(""),
            key: Text::Borrowed(""),
            message: message.into(),
            quote: None,
            help: Text::Borrowed(""),
        }
    }

    /// An error finding.
    pub fn error(rule: &'static str, file: &Path, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, rule, file, line, message)
    }

    /// A warning finding.
    pub fn warning(rule: &'static str, file: &Path, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, rule, file, line, message)
    }

    /// A note.
    pub fn note(rule: &'static str, file: &Path, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, rule, file, line, message)
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<Text>) -> Self {
        self.help = help.into();
        self
    }

    /// Sets the article and requirement key.
    pub fn article(mut self, article: impl Into<Text>, key: impl Into<Text>) -> Self {
        self.article = article.into();
        self.key = key.into();
        self
    }

    /// Ends the message with `text`, an editor's words (see [`Finding::quote`]).
    pub fn quoting(mut self, text: Arc<str>) -> Self {
        self.quote = Some(text);
        self
    }

    /// The message as reports print it: with its quote, if it has one.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.quote {
            None => Cow::Borrowed(&self.message),
            Some(quote) => Cow::Owned(format!("{}: {quote}", self.message)),
        }
    }

    /// Sets the column.
    pub fn column(mut self, column: usize) -> Self {
        self.column = column;
        self
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of notes.
    pub notes: usize,
    /// Number of pages checked.
    pub pages: usize,
}

/// The one definition of "page" that every count uses (`build`'s and `serve`'s
/// summaries, `check`'s report, the tests): a content page, i.e. one Markdown file
/// under `content/` in one language, contact and index pages included. Generated
/// pages (404, the compliance matrix) and other files (sitemap, feeds,
/// `notice.json`) are not counted.
pub fn pages(site: &crate::site::Site) -> usize {
    site.pages.len()
}

impl Summary {
    /// Counts `findings` over the site's [`pages`].
    pub fn of_site(findings: &[Finding], site: &crate::site::Site) -> Self {
        Self::of(findings, pages(site))
    }

    /// Counts `findings` over `pages` pages.
    pub fn of(findings: &[Finding], pages: usize) -> Self {
        let count = |s| findings.iter().filter(|f| f.severity == s).count();
        Summary { errors: count(Severity::Error), warnings: count(Severity::Warning), notes: count(Severity::Note), pages }
    }
}

/// Sorts findings by file, line, severity and rule, so that output is stable.
pub fn sort(findings: &mut [Finding]) {
    // Most neighbours name the same file: equal bytes are an equal path, without
    // comparing the paths component by component.
    let file = |a: &Finding, b: &Finding| if a.file.as_os_str() == b.file.as_os_str() { std::cmp::Ordering::Equal } else { a.file.cmp(&b.file) };
    // By the text as printed; only a finding that quotes needs it made.
    findings.sort_by(|a, b| {
        file(a, b).then_with(|| (a.line, a.severity, a.rule).cmp(&(b.line, b.severity, b.rule))).then_with(|| match (&a.quote, &b.quote) {
            (None, None) => a.message.cmp(&b.message),
            _ => a.text().cmp(&b.text()),
        })
    });
}

/// Turns every warning into an error (`--deny warnings`).
pub fn deny_warnings(findings: &mut [Finding]) {
    for f in findings.iter_mut().filter(|f| f.severity == Severity::Warning) {
        f.severity = Severity::Error;
    }
}

/// Readies findings for a report: warnings raised to errors if `deny` is set,
/// sorted, and repeats removed.
pub fn finalize(findings: &mut Vec<Finding>, deny: bool) {
    if deny {
        deny_warnings(findings);
    }
    sort(findings);
    findings.dedup();
}
