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

/// Formats `findings` (already sorted) as `format`. `root` is where the files are,
/// for quoting source lines; `color` applies to `human` only.
pub fn render(format: Format, findings: &[Finding], summary: Summary, site: Option<&Site>, root: &Path, color: bool) -> String {
    match format {
        Format::Human => human::render(findings, summary, root, color),
        Format::Json => json::render(findings, summary),
        Format::Github => github::render(findings),
        Format::Junit => junit::render(findings, summary, site),
    }
}
