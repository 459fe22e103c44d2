//! `--format github`: one workflow command per finding, so findings show as
//! annotations on the pull request.

use crate::finding::{Finding, Severity};

/// Escapes a property value or message as GitHub's runner expects; control
/// characters from content are written visibly (`\u{1b}`), so none reaches the
/// log raw. Line feeds the message puts between its parts stay (as `%0A`).
fn escape(s: &str, property: bool) -> String {
    let s = crate::controls::visible_except(s, &['\n']).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        s.replace(':', "%3A").replace(',', "%2C")
    } else {
        s
    }
}

pub(super) fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let title = if f.article.is_empty() { f.rule.to_string() } else { format!("{} (Art. {})", f.rule, f.article) };
        let mut message = f.text().into_owned();
        if !f.help.is_empty() {
            message.push_str("\nhelp: ");
            message.push_str(&f.help);
        }
        out.push_str(&format!(
            "::{level} file={},line={},title={}::{}\n",
            escape(&f.file.to_string_lossy(), true),
            f.line.max(1),
            escape(&title, true),
            escape(&message, false)
        ));
    }
    out
}
