//! `--format json`: `{"findings":[...],"summary":{...}}`, keys in alphabetical order.
//! The findings are serialised straight from the list, without an intermediate
//! `serde_json::Value` per finding (a site of 20,000 pages has ~85,000 findings).
//! Control characters in strings are written as `\uXXXX` escapes.

use crate::finding::{Finding, Severity, Summary};
use serde::{Serialize, Serializer};

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

/// The findings, serialised one by one.
struct Rows<'a>(&'a [Finding]);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|f| Row {
            article: &f.article,
            column: f.column,
            file: f.file.to_string_lossy().replace('\\', "/"),
            help: &f.help,
            key: &f.key,
            line: f.line,
            message: &f.message,
            rule: f.rule,
            severity: f.severity,
        }))
    }
}

/// The counts, as JSON.
#[derive(Serialize)]
struct Counts {
    errors: usize,
    notes: usize,
    pages: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Document<'a> {
    findings: Rows<'a>,
    summary: Counts,
}

pub(super) fn render(findings: &[Finding], summary: Summary) -> String {
    let summary = Counts { errors: summary.errors, notes: summary.notes, pages: summary.pages, warnings: summary.warnings };
    let mut out = escape_hidden(serde_json::to_string_pretty(&Document { findings: Rows(findings), summary }).expect("findings serialise"));
    out.push('\n');
    out
}

/// serde_json escapes C0 controls (`\u001b`); this escapes the other characters
/// [`crate::controls::is_hidden`] names (DEL, C1 controls, bidirectional overrides)
/// the same way, so none reaches a terminal raw. They occur only inside strings,
/// where the escape decodes to the same text.
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
