//! `--format human`: rustc-style findings with the source line and a caret,
//! coloured on a terminal and plain when piped or `NO_COLOR` is set. Control
//! characters from content (an ESC, a NUL, a bidirectional override) are printed
//! visibly, e.g. `\u{1b}`, never raw.

use crate::controls::{visible, visible_except};
use crate::finding::{Finding, Severity};
use anstyle::{AnsiColor, Style};
use std::path::Path;

/// The source file whose lines the report is quoting (findings come sorted by file,
/// so one file's text is held at a time).
#[derive(Default)]
pub(super) struct Source {
    file: Option<std::path::PathBuf>,
    text: Option<String>,
}

/// The findings (without the summary line), quoting their source lines.
pub(super) fn render(findings: &[Finding], root: &Path, color: bool, lang: &str, source: &mut Source) -> String {
    use crate::messages::label as word;
    let paint = |style: Style, text: &str| if color { format!("{}{text}{}", style.render(), style.render_reset()) } else { text.to_string() };
    let bold = Style::new().bold();
    let blue = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();
    let mut out = String::new();
    for f in findings {
        let (label, style) = match f.severity {
            Severity::Error => ("error", Style::new().fg_color(Some(AnsiColor::Red.into())).bold()),
            Severity::Warning => ("warning", Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold()),
            Severity::Note => ("note", Style::new().fg_color(Some(AnsiColor::Cyan.into())).bold()),
        };
        out.push_str(&format!("{}{}\n", paint(style, &format!("{label}[{}]", f.rule)), paint(bold, &format!(": {}", visible(&f.text())))));
        let file = f.file.display().to_string();
        let file = visible(&file);
        let location = match (f.line, f.column) {
            (0, _) => file.to_string(),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        };
        out.push_str(&format!("  {} {location}\n", paint(blue, "-->")));
        if source.file.as_deref() != Some(f.file.as_path()) {
            *source = Source { file: Some(f.file.clone()), text: std::fs::read_to_string(root.join(&f.file)).ok() };
        }
        if let Some(raw) = source.text.as_deref().filter(|_| f.line > 0).and_then(|s| s.lines().nth(f.line - 1)) {
            // Tabs stay (they only move text); other control characters show escaped.
            let text = visible_except(raw, &['\t']);
            let number = f.line.to_string();
            let pad = " ".repeat(number.len());
            let indent = text.len() - text.trim_start().len();
            let before_column = |c: usize| visible_except(&raw.chars().take(c - 1).collect::<String>(), &['\t']).chars().count();
            let start = if f.column > 0 { before_column(f.column) } else { indent };
            let width = if f.column > 0 { 1 } else { text.trim().chars().count().max(1) };
            out.push_str(&format!("{pad} {}\n", paint(blue, "|")));
            out.push_str(&format!("{} {} {text}\n", paint(blue, &number), paint(blue, "|")));
            out.push_str(&format!("{pad} {} {}{}\n", paint(blue, "|"), " ".repeat(start), paint(style, &"^".repeat(width))));
        }
        if !f.article.is_empty() {
            out.push_str(&format!("  = {}: {} {}\n", word("article", lang), word("GDPR Art.", lang), f.article));
        }
        if !f.help.is_empty() {
            out.push_str(&format!("  = {}: {}\n", paint(bold, word("help", lang)), visible(&f.help)));
        }
        out.push('\n');
    }
    out
}
