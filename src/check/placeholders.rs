//! Placeholder rule: `privacy-site new` leaves a line starting with `TODO:` wherever
//! an editor must write something. Every such line, and a `TODO` title or
//! description in the front matter, is an error until it has been replaced.

use crate::finding::Finding;
use crate::load::page::{Body, Page};
use crate::scaffold::MARKER;
use regex::Regex;
use std::sync::LazyLock;

/// A line that starts with the marker, after white space, list markers and `>`.
static TODO_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^((?:\s*(?:[-*+]|\d{1,9}[.)]|>)(?:\s+|$))*\s*)TODO:(.*)$").unwrap());

/// Placeholder findings for one page with body `body`.
pub fn check(page: &Page, body: &Body) -> Vec<Finding> {
    let mut findings = Vec::new();
    let file = &page.file;
    for (key, value) in [("title", &page.front.title), ("description", &page.front.description)] {
        if value.trim_start().starts_with("TODO") {
            findings.push(
                Finding::error("placeholder", file, body.front_line(key), format!("the {key} is placeholder text still to be written"))
                    .help(format!("write the {key}: \"{}\"", value.trim_start().trim_start_matches("TODO").trim_start_matches(':').trim())),
            );
        }
    }
    let mut fence: Option<&str> = None;
    for (i, line) in body.text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        // Most lines hold no marker: look for it before running the regex.
        let Some(caps) = line.contains(MARKER).then(|| TODO_LINE.captures(line)).flatten() else { continue };
        let column = caps[1].chars().count() + 1;
        let what = caps[2].trim();
        findings.push(
            Finding::error("placeholder", file, page.file_line(i + 1), "placeholder text still to be written")
                .column(column)
                .help(format!("replace the {MARKER} line with the text it asks for: \"{what}\"")),
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_lines_are_recognised_after_list_markers() {
        for line in ["TODO: x", "  TODO: x", "- TODO: x", "  - TODO: x", "1. TODO: x", "> TODO: x"] {
            assert!(TODO_LINE.is_match(line), "{line}");
        }
        for line in ["Todo: x", "Vi skal TODO: x", "TODOS", "-TODO: x"] {
            assert!(!TODO_LINE.is_match(line), "{line}");
        }
    }
}
