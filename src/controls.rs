//! Control characters from content, made visible before they reach a terminal, a
//! CI log or an XML report. Content is typed by editors and imported from pages
//! written elsewhere: an ESC in it must show as `\u{1b}`, not recolour or rewrite
//! the reader's terminal, and a NUL must not make a report unreadable.

use std::borrow::Cow;

/// Whether `c` is shown escaped: C0 controls (tab, line feed and carriage return
/// included), DEL, C1 controls, and the bidirectional overrides and isolates that
/// can make text read differently from what it is (U+202A–U+202E, U+2066–U+2069).
pub fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The escape written for `c`: `\t`, `\n`, `\r`, or `\u{…}` in Rust's notation.
fn escape(c: char, out: &mut String) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// `text` with every hidden character (see [`is_hidden`]) escaped; unchanged (and
/// not copied) if it has none.
pub fn visible(text: &str) -> Cow<'_, str> {
    visible_except(text, &[])
}

/// Like [`visible`], but the characters in `keep` are left as they are (e.g. tabs
/// in a quoted source line, newlines between the lines of a message).
pub fn visible_except<'a>(text: &'a str, keep: &[char]) -> Cow<'a, str> {
    if !text.chars().any(|c| is_hidden(c) && !keep.contains(&c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden(c) && !keep.contains(&c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether XML 1.0 allows `c` in a document at all (its `Char` production).
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` escaped for an XML 1.0 attribute value (double-quoted): markup
/// characters as entities; tab, line feed and carriage return as character
/// references, so the value keeps them; characters XML forbids (NUL, ESC, …) and
/// the other hidden ones written visibly as `\u{…}`.
pub fn xml_attr(text: &str) -> String {
    xml_escape(text, true)
}

/// `text` escaped for XML 1.0 element content: like [`xml_attr`], but tabs and
/// line feeds are written as they are.
pub fn xml_text(text: &str) -> String {
    xml_escape(text, false)
}

fn xml_escape(text: &str, attr: bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' if !attr => out.push(c),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_hidden(c) || !xml_allowed(c) => escape(c, &mut out),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_plain_text_is_borrowed() {
        assert!(matches!(visible("Formål og æbler"), Cow::Borrowed(_)));
        assert_eq!(visible("a\u{1b}[31mred\u{0}\u{7f}\u{85}"), "a\\u{1b}[31mred\\u{0}\\u{7f}\\u{85}");
        assert_eq!(visible("java\tscript:\r\n"), "java\\tscript:\\r\\n");
        assert_eq!(visible("\u{202E}txt.exe"), "\\u{202e}txt.exe");
        assert_eq!(visible_except("a\tb\u{1b}", &['\t']), "a\tb\\u{1b}");
    }

    #[test]
    fn xml_text_holds_only_characters_xml_allows() {
        let out = xml_attr("<a href=\"x\">&\u{0}\u{1b}\u{b}\u{fffe}\t\n\r");
        assert_eq!(out, "&lt;a href=&quot;x&quot;&gt;&amp;\\u{0}\\u{1b}\\u{b}\\u{fffe}&#9;&#10;&#13;");
        assert!(out.chars().all(xml_allowed));
        assert_eq!(xml_text("a\tb\nc\r\u{1b}"), "a\tb\nc&#13;\\u{1b}");
    }
}
