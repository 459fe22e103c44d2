//! A page as the classifier reads it: blocks in order, each a heading, a paragraph (or
//! list item, or table row) or a contact block, with the file line it starts on.
//! `check` builds one from a parsed Markdown page, `import` and `audit` from the
//! blocks they read out of plain text or saved HTML.

use super::Lang;
use crate::load::page::{Body, Page};
use crate::site::Site;

/// What a block is.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// A heading with its level and the section keys it carries.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Section keys (`{#retention}`), in order.
        keys: Vec<String>,
    },
    /// A paragraph, list item or table row.
    Text,
    /// A line still to be written (`TODO: …`): content whose words do not count.
    Placeholder,
    /// An embedded contact block of this role (its text is the contact's details).
    Contact {
        /// `controller`, `dpo` or `supervisory-authority`.
        role: String,
    },
}

/// One block.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Its text, without Markdown syntax that carries no words.
    pub text: String,
    /// The 1-based line of the source file it starts on.
    pub line: usize,
}

impl Block {
    /// The heading level, if the block is a heading.
    pub fn level(&self) -> Option<u8> {
        match self.kind {
            BlockKind::Heading { level, .. } => Some(level),
            _ => None,
        }
    }

    /// The section keys of a heading (empty for other blocks).
    pub fn keys(&self) -> &[String] {
        match &self.kind {
            BlockKind::Heading { keys, .. } => keys,
            _ => &[],
        }
    }
}

/// A page's blocks.
#[derive(Debug, Clone)]
pub struct Document {
    /// The language the page is written in.
    pub lang: Lang,
    /// The page title, which counts as the text of no section.
    pub title: String,
    /// The blocks in order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// The blocks of a parsed Markdown page (`body` is its body): its headings with their keys, its
    /// paragraphs and list items, and its contact shortcodes as the contact's details
    /// (so that "klage … Datatilsynet" reads across a heading and an embedded block).
    pub fn of_page(site: &Site, page: &Page, body: &Body) -> Document {
        let mut blocks = Vec::new();
        let mut heading = body.headings.iter().peekable();
        let mut shortcode = body.shortcodes.iter().peekable();
        let mut para: Option<(usize, String)> = None;
        let flush = |para: &mut Option<(usize, String)>, blocks: &mut Vec<Block>| {
            if let Some((line, text)) = para.take() {
                blocks.push(Block { kind: BlockKind::Text, text, line: page.file_line(line) });
            }
        };
        let mut fence = false;
        for (i, line) in body.text.lines().enumerate() {
            let n = i + 1;
            let trimmed = line.trim();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                fence = !fence;
                flush(&mut para, &mut blocks);
                continue;
            }
            if fence {
                continue;
            }
            if heading.peek().is_some_and(|h| h.line == n) {
                flush(&mut para, &mut blocks);
                let h = heading.next().unwrap();
                blocks.push(Block { kind: BlockKind::Heading { level: h.level, keys: h.ids.clone() }, text: h.text.clone(), line: page.file_line(n) });
                continue;
            }
            if shortcode.peek().is_some_and(|s| s.line == n) {
                flush(&mut para, &mut blocks);
                let sc = shortcode.next().unwrap();
                if let Some(record) = sc.arg("id").and_then(|id| site.contact(id)).filter(|_| sc.name == "contact") {
                    let details = contact_text(site, record, sc.arg("unit"), &page.lang);
                    blocks.push(Block { kind: BlockKind::Contact { role: record.role.clone() }, text: details, line: page.file_line(n) });
                }
                continue;
            }
            if trimmed.is_empty() {
                flush(&mut para, &mut blocks);
                continue;
            }
            let item = list_item(trimmed);
            // A placeholder is not the page's text (`check` reports it on its own).
            if item.unwrap_or(trimmed).starts_with(crate::scaffold::MARKER) {
                flush(&mut para, &mut blocks);
                blocks.push(Block { kind: BlockKind::Placeholder, text: String::new(), line: page.file_line(n) });
                continue;
            }
            if item.is_some() || trimmed.starts_with('|') {
                flush(&mut para, &mut blocks);
            }
            let text = strip_markdown(item.unwrap_or(trimmed));
            match &mut para {
                Some((_, t)) => {
                    t.push(' ');
                    t.push_str(&text);
                }
                None => para = Some((n, text)),
            }
            if trimmed.starts_with('|') {
                flush(&mut para, &mut blocks);
            }
        }
        flush(&mut para, &mut blocks);
        Document { lang: Lang::of(&page.lang), title: page.front.title.clone(), blocks }
    }

    /// The index of the first heading that carries `key`.
    pub fn keyed(&self, key: &str) -> Option<usize> {
        self.blocks.iter().position(|b| b.keys().iter().any(|k| k == key))
    }

    /// The blocks of the section that heading `h` starts: up to the next heading of the
    /// same or a higher level. For a block that is not a heading, the section it lies
    /// in (from it to the end of that section).
    pub fn section(&self, h: usize) -> std::ops::Range<usize> {
        h..self.section_end(h)
    }

    /// Where the innermost section holding block `b` ends.
    pub fn section_end(&self, b: usize) -> usize {
        let owner = (0..=b).rev().find(|i| self.blocks[*i].level().is_some());
        match owner {
            Some(h) => {
                let level = self.blocks[h].level().unwrap();
                self.blocks[h + 1..].iter().position(|x| x.level().is_some_and(|l| l <= level)).map_or(self.blocks.len(), |p| h + 1 + p)
            }
            // Text before the first heading is a section of its own.
            None => self.blocks.iter().position(|x| x.level().is_some()).unwrap_or(self.blocks.len()),
        }
    }
}

/// The text of a list item without its marker, if `line` is one.
fn list_item(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")).or_else(|| line.strip_prefix("+ "));
    if rest.is_some() {
        return rest;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        return line[digits..].strip_prefix(". ").or_else(|| line[digits..].strip_prefix(") "));
    }
    None
}

/// Markdown syntax that carries no words: emphasis, link brackets, table bars,
/// escapes. A link's target is kept (it may be an e-mail address).
fn strip_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '_' | '`' | '\\' | '[' => {}
            '|' => out.push(' '),
            ']' if chars.peek() == Some(&'(') => {
                chars.next();
                out.push(' ');
                for t in chars.by_ref() {
                    if t == ')' {
                        break;
                    }
                    out.push(t);
                }
                out.push(' ');
            }
            c => out.push(c),
        }
    }
    out
}

/// The words of an embedded contact block: the contact page's title, the name, the
/// unit, the address and every channel, as the rendered block shows them.
fn contact_text(site: &Site, record: &crate::contacts::ContactRecord, unit: Option<&str>, lang: &str) -> String {
    let title = site.contact_page(&record.id, lang).map(|p| p.front.title.as_str()).unwrap_or_default();
    let unit = unit.and_then(|u| record.unit(u));
    let email = unit.map(|u| u.email.as_str()).filter(|e| !e.is_empty()).unwrap_or(&record.email);
    let phone = unit.map(|u| u.phone.as_str()).filter(|p| !p.is_empty()).unwrap_or(&record.phone);
    let parts = [
        title,
        &record.name,
        unit.map(|u| u.name.as_str()).unwrap_or_default(),
        &record.attention,
        &record.street,
        &format!("{} {}", record.postcode, record.city),
        phone,
        email,
        &record.secure_message,
        &record.web,
    ];
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_without_words_is_dropped() {
        assert_eq!(strip_markdown("**Du** kan skrive til [dpo@x.dk](mailto:dpo@x.dk)."), "Du kan skrive til dpo@x.dk mailto:dpo@x.dk .");
        assert_eq!(strip_markdown("Article 6(1)(e)"), "Article 6(1)(e)");
        assert_eq!(list_item("12. Ret til indsigt"), Some("Ret til indsigt"));
        assert_eq!(list_item("- punkt"), Some("punkt"));
        assert_eq!(list_item("2018 var et år"), None);
    }
}
