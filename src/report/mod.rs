//! Reporters: the same findings printed for people (`human`), programs (`json`),
//! GitHub Actions (`github`) and GitLab/Jenkins (`junit`).

mod github;
mod human;
mod json;
mod junit;

use crate::finding::{Finding, Summary};
use crate::site::Site;
use std::io::Write;
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
    let mut out = Vec::new();
    write_in(&mut out, format, findings, summary, site, root, color, lang).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("reports are UTF-8")
}

/// Findings localised and written a block at a time: a large site's report is never
/// held whole, nor its findings copied whole.
const BLOCK: usize = 1024;

/// Copies of `findings` localised into `lang`, a block at a time and in order; the
/// blocks are localised as many at a time as there are threads.
fn localised_blocks<'a>(findings: &'a [Finding], lang: &'a str) -> impl Iterator<Item = Vec<Finding>> + 'a {
    use rayon::prelude::*;
    let group = BLOCK * rayon::current_num_threads().max(1);
    findings.chunks(group).flat_map(move |group| {
        let blocks: Vec<Vec<Finding>> = group
            .par_chunks(BLOCK)
            .map(|block| {
                // Transient: made in scratch memory, beside what the run has freed.
                crate::scratch::run(|| {
                    let mut block = block.to_vec();
                    crate::messages::localise_all(&mut block, lang);
                    block
                })
            })
            .collect();
        blocks
    })
}

/// [`render_in`] written to `out` as it is made (what `check` prints).
#[allow(clippy::too_many_arguments)]
pub fn write_in(
    out: &mut dyn Write,
    format: Format,
    findings: &[Finding],
    summary: Summary,
    site: Option<&Site>,
    root: &Path,
    color: bool,
    lang: &str,
) -> std::io::Result<()> {
    // Everything made here is gone when the report is written (see `scratch`).
    crate::scratch::run(|| match format {
        Format::Human => {
            let mut source = human::Source::default();
            for block in localised_blocks(findings, lang) {
                out.write_all(human::render(&block, root, color, lang, &mut source).as_bytes())?;
            }
            writeln!(out, "{}", crate::messages::summary_line(&summary, lang))
        }
        Format::Github => localised_blocks(findings, lang).try_for_each(|block| out.write_all(github::render(&block).as_bytes())),
        Format::Json => {
            out.write_all(json::HEAD.as_bytes())?;
            for (i, block) in localised_blocks(findings, lang).enumerate() {
                out.write_all(json::rows(&block, i == 0).as_bytes())?;
            }
            out.write_all(json::tail(findings.is_empty(), summary).as_bytes())
        }
        Format::Junit => out.write_all(junit::render(&localised_blocks(findings, lang).flatten().collect::<Vec<_>>(), summary, site).as_bytes()),
    })
}
