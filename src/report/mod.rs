//! Reporters: the same findings printed for people (`human`), programs (`json`),
//! GitHub Actions (`github`) and GitLab/Jenkins (`junit`).

mod github;
mod human;
mod json;
mod junit;

use crate::finding::{Finding, Summary};
use crate::site::Site;
use std::path::Path;

/// An output format for findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style text with the source line and a caret.
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands.
    Github,
    /// JUnit XML, one test case per page and requirement.
    Junit,
}

/// Formats `findings` (already sorted) as `format`, in English. `root` is where the
/// files are, for quoting source lines; `color` applies to `human` only.
pub fn render(format: Format, findings: &[Finding], summary: Summary, site: Option<&Site>, root: &Path, color: bool) -> String {
    render_in(format, findings, summary, site, root, color, "en")
}

/// [`render`] in language `lang` (`da` or `en`): messages, help lines, the human
/// report's labels and summary line (see [`crate::messages`]).
pub fn render_in(format: Format, findings: &[Finding], summary: Summary, site: Option<&Site>, root: &Path, color: bool, lang: &str) -> String {
    let mut findings = findings.to_vec();
    crate::messages::localise_all(&mut findings, lang);
    let findings = &findings[..];
    match format {
        Format::Human => human::render(findings, summary, root, color, lang),
        Format::Json => json::render(findings, summary),
        Format::Github => github::render(findings),
        Format::Junit => junit::render(findings, summary, site),
    }
}
