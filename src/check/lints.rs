//! Quality lints from the EDPB transparency guidelines (WP260 rev.01) and the
//! seeds' own faults, reported as warnings with the guideline cited.

use crate::finding::Finding;
use crate::legal_basis::LegalBasis;
use crate::load::page::{Body, Page, PageKind};
use regex::Regex;
use std::sync::LazyLock;

static REFERRAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(kontakt(e)? (din|jeres|vores) (sagsbehandler|leder|tovholder|fagområde)|læs mere på|contact your (case ?worker|manager|caseworker)|read more at)").unwrap()
});
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d+)\.\s").unwrap());

/// The lints for one page with body `body`.
pub fn check(page: &Page, body: &Body) -> Vec<Finding> {
    let mut findings = numbering(page, body);
    if page.kind() != PageKind::Notice {
        return findings;
    }
    let file = &page.file;
    for section in body.sections() {
        let line = page.file_line(section.heading.line);
        if !section.heading.ids.iter().any(|k| crate::requirements::find(k).is_some()) {
            continue;
        }
        // Sentences longer than three characters once white space is collapsed; only
        // a section of at most two is read further.
        let squashed_len = |s: &str| s.split_whitespace().fold(0, |n, w| n + w.len() + usize::from(n > 0));
        let sentences = section.text.split(['.', '!', '?']).filter(|s| squashed_len(s) > 3).take(3).count();
        if sentences <= 2 && REFERRAL.is_match(&crate::text::squash_space(&section.text)) {
            findings.push(
                Finding::warning("wp260-referral-only", file, line, format!("the section \"{}\" only refers the reader elsewhere", section.heading.text))
                    .help("WP260 rev.01 para. 8 and 33: the information must be provided, not pointed to; write it here"),
            );
        }
    }
    if page.bases.contains(&LegalBasis::Art6('f')) {
        findings.push(
            Finding::warning("wp260-public-authority-6-1-f", file, body.front_line("legal_basis"), "a public authority cites Art. 6(1)(f) (legitimate interests)")
                .article("6(1)", "legal-basis")
                .help("Art. 6(1), last subparagraph: point (f) does not apply to processing by public authorities in the performance of their tasks; use 6.1.e or 6.1.c with the national law"),
        );
    }
    findings
}

/// Hand-numbered headings that skip a number (the Integration seed jumps from 5 to 7).
fn numbering(page: &Page, body: &Body) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut last: Option<(u8, u32)> = None;
    for h in &body.headings {
        let Some(n) = NUMBERED.captures(&h.text).and_then(|c| c[1].parse::<u32>().ok()) else { continue };
        if let Some((level, prev)) = last.filter(|(l, _)| *l == h.level) {
            if n != prev + 1 {
                findings.push(
                    Finding::warning("heading-numbering-gap", &page.file, page.file_line(h.line), format!("section number {n} follows {prev}"))
                        .help(format!("renumber the level-{level} headings, or drop the numbers: the page has a table of contents")),
                );
            }
        }
        last = Some((h.level, n));
    }
    findings
}
