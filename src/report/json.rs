//! `--format json`: `{"findings":[...],"summary":{...}}`, keys in alphabetical order.
//! The findings are serialised straight from the list, a block at a time, without an
//! intermediate `serde_json::Value` per finding (a site of 20,000 pages has ~85,000
//! findings).
//! Control characters in strings are written as `\uXXXX` escapes.

use crate::finding::{Finding, Severity, Summary};
use serde::Serialize;

/// One finding as JSON.
#[derive(Serialize)]
struct Row<'a> {
    article: &'a str,
    column: usize,
    file: String,
    help: &'a str,
    key: &'a str,
    line: usize,
    message: &'a str,
    rule: &'a str,
    severity: Severity,
}

/// The summary's counts.
#[derive(Serialize)]
struct Counts {
    errors: usize,
    notes: usize,
    pages: usize,
    warnings: usize,
}

/// The document's start, up to its list of findings.
pub(super) const HEAD: &str = "{\n  \"findings\": [";

/// A block of the list of findings (`first`: the list's first block), laid out as
/// `serde_json`'s pretty printer lays out the whole document.
pub(super) fn rows(findings: &[Finding], first: bool) -> String {
    let mut out = String::new();
    for (i, f) in findings.iter().enumerate() {
        out.push_str(if first && i == 0 { "\n" } else { ",\n" });
        let row = Row {
            article: &f.article,
            column: f.column,
            file: f.file.to_string_lossy().replace('\\', "/"),
            help: &f.help,
            key: &f.key,
            line: f.line,
            message: &f.text(),
            rule: f.rule,
            severity: f.severity,
        };
        let pretty = serde_json::to_string_pretty(&row).expect("findings serialise");
        for (n, line) in pretty.lines().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
    }
    escape_hidden(out)
}

/// The document's end: the list closed (`empty`: it had no findings) and the summary.
pub(super) fn tail(empty: bool, summary: Summary) -> String {
    let counts = Counts { errors: summary.errors, notes: summary.notes, pages: summary.pages, warnings: summary.warnings };
    let counts = serde_json::to_string_pretty(&counts).expect("counts serialise").replace('\n', "\n  ");
    format!("{}],\n  \"summary\": {counts}\n}}\n", if empty { "" } else { "\n  " })
}

fn escape_hidden(json: String) -> String {
    let needs_escape = |c: char| crate::controls::is_hidden(c) && !c.is_ascii_whitespace() && (c as u32) >= 0x7f;
    if !json.chars().any(needs_escape) {
        return json;
    }
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;

    /// The document put together from its parts, as `serde_json` lays out the whole.
    fn document(findings: &[Finding]) -> String {
        let summary = Summary { errors: 1, warnings: 0, notes: 0, pages: 2 };
        let mut out = HEAD.to_string();
        for (i, block) in findings.chunks(1).enumerate() {
            out.push_str(&rows(block, i == 0));
        }
        out + &tail(findings.is_empty(), summary)
    }

    #[test]
    fn the_document_made_in_blocks_is_laid_out_as_serde_json_lays_it_out() {
        let one = Finding::error("link-broken", std::path::Path::new("content/a.md"), 3, "a \"quoted\" message");
        let two = Finding::warning("sentence-long", std::path::Path::new("content/b.md"), 0, "another");
        for findings in [vec![], vec![one.clone()], vec![one, two]] {
            let made = document(&findings);
            let value: serde_json::Value = serde_json::from_str(&made).unwrap();
            assert_eq!(made, serde_json::to_string_pretty(&value).unwrap() + "\n");
            assert_eq!(value["findings"].as_array().unwrap().len(), findings.len());
        }
    }
}
