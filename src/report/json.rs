//! `--format json`: `{"findings":[...],"summary":{...}}`.

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
    let mut out = serde_json::to_string_pretty(&json!({"findings": list, "summary": summary})).unwrap();
    out.push('\n');
    out
}
