//! Reads a page as plain text (as copied from the municipal website): the first
//! line is the title, blank lines separate blocks, and a short line of its own (or
//! a short line directly above a paragraph) is a heading candidate.

use super::{Block, Item, Parsed};
use crate::evidence::{self, Lang};
use regex::Regex;
use std::sync::LazyLock;

static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\s*)[•●◦▪‣∙·\-\*–]\s+(.*)$").unwrap());
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\s*)(\d{1,2})[.)]\s+(\S.*)$").unwrap());

/// Parses plain text; lines that are the web page's furniture (skip links,
/// breadcrumbs, cookie banners) are left out.
pub fn parse(source: &str, lang: Lang) -> Parsed {
    let lines: Vec<(usize, String)> = source
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.replace(['\u{a0}', '\u{feff}'], " ").trim_end().to_string()))
        .map(|(n, l)| if evidence::chrome(&l, lang) { (n, String::new()) } else { (n, l) })
        .collect();
    let mut parsed = Parsed::default();
    let mut rest = lines.as_slice();
    while let Some(((_, first), tail)) = rest.split_first() {
        rest = tail;
        if !first.trim().is_empty() {
            parsed.title = first.trim().to_string();
            break;
        }
    }
    let mut group: Vec<(usize, String)> = Vec::new();
    for (n, line) in rest.iter().chain(std::iter::once(&(0, String::new()))) {
        if line.trim().is_empty() {
            if !group.is_empty() {
                group_to_blocks(&group, false, lang, &mut parsed);
                group.clear();
            }
        } else {
            group.push((*n, line.clone()));
        }
    }
    keep_names_with_their_contacts(&mut parsed, lang);
    parsed
}

/// A short line on its own directly above contact details ("Konst. rektor Mogens
/// Pold", then "Mail: … Tlf.: …") is the first line of an address, not a heading.
fn keep_names_with_their_contacts(parsed: &mut Parsed, lang: Lang) {
    for i in 0..parsed.blocks.len().saturating_sub(1) {
        let Block::Heading { text, line, followed_by_text: false, .. } = &parsed.blocks[i] else { continue };
        let next_is_contact = matches!(&parsed.blocks[i + 1], Block::Para { lines, .. } if lines.first().is_some_and(|l| evidence::has_channel(l, lang)));
        let announces = !evidence::heading_keys(text, lang).is_empty() || super::keys::is_right(text);
        if next_is_contact && !announces && text.split_whitespace().count() <= 5 {
            parsed.blocks[i] = Block::Para { lines: vec![text.clone()], line: *line };
        }
    }
}

/// Turns one group of consecutive non-blank lines into blocks. `html`: the group is
/// a `<p>` of saved HTML, promoted to a heading only where its wording is known.
pub fn group_to_blocks(group: &[(usize, String)], html: bool, lang: Lang, parsed: &mut Parsed) {
    let Some((first_line, first)) = group.first() else { return };
    if group.len() == 1 {
        if let Some(heading) = heading_candidate(first, html, lang) {
            parsed.blocks.push(Block::Heading { text: heading, level: None, line: *first_line, followed_by_text: false, keys: Vec::new(), added: false });
            return;
        }
        if !html && near_heading(first) {
            parsed.kept_as_text.push((*first_line, first.trim().to_string()));
        }
    } else if !html && first.chars().count() <= 60 && !is_item(first) {
        let next = &group[1].1;
        let sentence = !is_item(next) && (next.trim().chars().count() > 60 || next.trim_end().ends_with('.'));
        if sentence {
            if let Some(heading) = heading_candidate(first, html, lang) {
                parsed.blocks.push(Block::Heading { text: heading, level: None, line: *first_line, followed_by_text: true, keys: Vec::new(), added: false });
                group_to_blocks(&group[1..], html, lang, parsed);
                return;
            }
        }
    }
    // A heading inside the group (text pasted without blank lines): a line in capitals,
    // or a known heading wording, directly above a sentence.
    if !html {
        if let Some(at) = (1..group.len()).find(|i| inner_heading(group, *i, lang)) {
            group_to_blocks(&group[..at], html, lang, parsed);
            group_to_blocks(&group[at..], html, lang, parsed);
            return;
        }
    }
    // Runs of list items and of text lines.
    let mut i = 0;
    while i < group.len() {
        let start = i;
        if is_item(&group[i].1) {
            while i < group.len() && is_item(&group[i].1) {
                i += 1;
            }
            parsed.blocks.push(list_block(&group[start..i]));
        } else {
            while i < group.len() && !is_item(&group[i].1) {
                i += 1;
            }
            let lines = group[start..i].iter().map(|(_, l)| l.trim().to_string()).collect();
            parsed.blocks.push(Block::Para { lines, line: group[start].0 });
        }
    }
}

/// Whether line `i` of a group heads the lines after it: it reads as a heading, is
/// followed by a sentence, and is written in capitals or in a known heading wording.
fn inner_heading(group: &[(usize, String)], i: usize, lang: Lang) -> bool {
    let line = group[i].1.trim();
    let Some(next) = group.get(i + 1).map(|(_, l)| l.trim()) else { return false };
    let sentence = !is_item(next) && (next.chars().count() > 60 || next.ends_with('.'));
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase());
    let known = !evidence::heading_keys(line, lang).is_empty() || super::keys::is_right(line);
    sentence && !is_item(line) && looks_like_heading(line) && (capitals || known)
}

fn is_item(line: &str) -> bool {
    BULLET.is_match(line) || NUMBERED.is_match(line)
}

fn list_block(lines: &[(usize, String)]) -> Block {
    let mut raw = Vec::new();
    for (_, line) in lines {
        if let Some(c) = BULLET.captures(line) {
            raw.push((indent(&c[1]), None, c[2].trim().to_string()));
        } else if let Some(c) = NUMBERED.captures(line) {
            raw.push((indent(&c[1]), Some(c[2].to_string()), c[3].trim().to_string()));
        }
    }
    let mut indents: Vec<usize> = raw.iter().map(|r| r.0).collect();
    indents.sort_unstable();
    indents.dedup();
    let ordered = raw.first().is_some_and(|r| r.1.is_some());
    let items = raw.into_iter().map(|(ind, number, text)| Item { depth: indents.iter().position(|i| *i == ind).unwrap_or(0), number, text }).collect();
    Block::List { ordered, items, line: lines[0].0 }
}

fn indent(ws: &str) -> usize {
    ws.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// The heading text if `line` reads as a heading: a hand-numbered heading at the
/// margin ("7. Hvor…"), or a short line without closing punctuation. In HTML only
/// known wordings count.
pub fn heading_candidate(line: &str, html: bool, lang: Lang) -> Option<String> {
    if line.starts_with(char::is_whitespace) && !html {
        return None;
    }
    let t = line.trim();
    let known = !evidence::heading_keys(t, lang).is_empty() || super::keys::is_right(t);
    if html && !known {
        return None;
    }
    if let Some(c) = NUMBERED.captures(t) {
        let rest = &c[3];
        let ok = rest.chars().count() <= 110 && !rest.ends_with(['.', ',', ';', ':']) && rest.starts_with(char::is_uppercase);
        return ok.then(|| t.to_string());
    }
    if BULLET.is_match(t) || !looks_like_heading(t) {
        return None;
    }
    Some(t.to_string())
}

fn looks_like_heading(t: &str) -> bool {
    let chars = t.chars().count();
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    let lower = t.to_lowercase();
    (2..=100).contains(&chars)
        && t.starts_with(char::is_uppercase)
        && !t.ends_with(['.', ',', ';', ':'])
        && !t.contains('@')
        && !lower.contains("http")
        && !lower.contains("www.")
        && t.split_whitespace().count() <= 14
        && digits * 10 < chars * 3
        && !two_sentences(t)
}

/// Whether a line holds the end of one sentence and the start of another ("… til.
/// Mere om formålene"): a paragraph, not a heading.
fn two_sentences(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    chars.windows(4).any(|w| w[0].is_lowercase() && matches!(w[1], '.' | '!' | '?') && w[2] == ' ' && w[3].is_uppercase())
}

/// A line on its own that reads almost like a heading (indented, or a little too
/// long): kept as text, but named in the report.
fn near_heading(line: &str) -> bool {
    let t = line.trim();
    let chars = t.chars().count();
    !is_item(line)
        && (line.starts_with(char::is_whitespace) || chars > 100)
        && chars <= 140
        && t.starts_with(char::is_uppercase)
        && !t.ends_with(['.', ',', ';', ':'])
        && !t.contains('@')
        && !t.to_lowercase().contains("www.")
}
