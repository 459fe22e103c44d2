//! `--format json`: `{"findings":[...],"summary":{...}}`. Control characters in
//! strings are written as `\uXXXX` escapes.

use crate::finding::{Finding, Summary};
use serde_json::json;

pub(super) fn render(findings: &[Finding], summary: Summary) -> String {
    let list: Vec<_> = findings
        .iter()
        .map(|f| {
            json!({
                "file": f.file.to_string_lossy().replace('\\', "/"),
                "line": f.line,
                "column": f.column,
                "severity": f.severity,
                "rule": f.rule,
                "article": f.article,
                "key": f.key,
                "message": f.message,
                "help": f.help,
            })
        })
        .collect();
    let out = serde_json::to_string_pretty(&json!({"findings": list, "summary": summary})).unwrap();
    let mut out = escape_hidden(&out);
    out.push('\n');
    out
}

/// serde_json escapes C0 controls (`\u001b`); this escapes the other characters
/// [`crate::controls::is_hidden`] names (DEL, C1 controls, bidirectional overrides)
/// the same way, so none reaches a terminal raw. They occur only inside strings,
/// where the escape decodes to the same text.
fn escape_hidden(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if crate::controls::is_hidden(c) && !c.is_ascii_whitespace() && (c as u32) >= 0x7f {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
