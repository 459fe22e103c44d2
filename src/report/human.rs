//! `--format human`: rustc-style findings with the source line and a caret,
//! coloured on a terminal and plain when piped or `NO_COLOR` is set.

use crate::finding::{Finding, Severity, Summary};
use anstyle::{AnsiColor, Style};
use std::path::Path;

pub(super) fn render(findings: &[Finding], summary: Summary, root: &Path, color: bool) -> String {
    let paint = |style: Style, text: &str| if color { format!("{}{text}{}", style.render(), style.render_reset()) } else { text.to_string() };
    let bold = Style::new().bold();
    let blue = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();
    // Findings come sorted by file, so one file's text is held at a time.
    let mut source: (Option<&Path>, Option<String>) = (None, None);
    let mut out = String::new();
    for f in findings {
        let (label, style) = match f.severity {
            Severity::Error => ("error", Style::new().fg_color(Some(AnsiColor::Red.into())).bold()),
            Severity::Warning => ("warning", Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold()),
            Severity::Note => ("note", Style::new().fg_color(Some(AnsiColor::Cyan.into())).bold()),
        };
        out.push_str(&format!("{}{}\n", paint(style, &format!("{label}[{}]", f.rule)), paint(bold, &format!(": {}", f.message))));
        let location = match (f.line, f.column) {
            (0, _) => f.file.display().to_string(),
            (l, 0) => format!("{}:{l}", f.file.display()),
            (l, c) => format!("{}:{l}:{c}", f.file.display()),
        };
        out.push_str(&format!("  {} {location}\n", paint(blue, "-->")));
        if source.0 != Some(f.file.as_path()) {
            source = (Some(&f.file), std::fs::read_to_string(root.join(&f.file)).ok());
        }
        if let Some(text) = source.1.as_deref().filter(|_| f.line > 0).and_then(|s| s.lines().nth(f.line - 1)) {
            let number = f.line.to_string();
            let pad = " ".repeat(number.len());
            let indent = text.len() - text.trim_start().len();
            let start = if f.column > 0 { f.column - 1 } else { indent };
            let width = if f.column > 0 { 1 } else { text.trim().chars().count().max(1) };
            out.push_str(&format!("{pad} {}\n", paint(blue, "|")));
            out.push_str(&format!("{} {} {text}\n", paint(blue, &number), paint(blue, "|")));
            out.push_str(&format!("{pad} {} {}{}\n", paint(blue, "|"), " ".repeat(start), paint(style, &"^".repeat(width))));
        }
        if !f.article.is_empty() {
            out.push_str(&format!("  = article: GDPR Art. {}\n", f.article));
        }
        if !f.help.is_empty() {
            out.push_str(&format!("  = {}: {}\n", paint(bold, "help"), f.help));
        }
        out.push('\n');
    }
    out.push_str(&format!("{} error(s), {} warning(s), {} note(s) in {} page(s)\n", summary.errors, summary.warnings, summary.notes, summary.pages));
    out
}
