//! Reads a saved HTML page into blocks: `<h1>` (or `<title>`) is the title; `<h2>`–`<h6>`,
//! `<summary>`, `<dt>`, table headers, accordion buttons and paragraphs that are bold
//! through and through are headings; `<p>`, `<li>`, `<dd>`, `<td>` and loose text are
//! paragraphs (split at `<br>`). The site's furniture is left out: navigation, header,
//! footer, cookie banners, breadcrumbs, skip links, sharing and read-aloud tools, forms
//! and buttons, and everything outside `<main>` when the page has one.

use super::text::group_to_blocks;
use super::{Block, Item, Parsed};
use crate::evidence::Lang;
use lol_html::html_content::Element;
use lol_html::{doc_text, element, rewrite_str, RewriteStrSettings};
use std::cell::RefCell;
use std::rc::Rc;

/// Marks a `<br>` in collected text.
const BREAK: char = '\u{2028}';

/// Elements whose content is never the notice.
const SKIP_TAGS: &[&str] =
    &["nav", "header", "footer", "aside", "script", "style", "noscript", "form", "select", "svg", "template", "iframe", "button", "figure"];
/// Words in a class, id or role that mark the site's furniture.
const SKIP_MARKS: &[&str] = &[
    "cookie",
    "consent",
    "breadcrumb",
    "skip",
    "share",
    "readspeaker",
    "menu",
    "navigation",
    "banner",
    "contentinfo",
    "search",
    "visually-hidden",
    "sr-only",
    "screen-reader",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A heading of this level, or of a level to decide (`None`).
    Heading(Option<u8>),
    Para,
    Item {
        depth: usize,
        ordered: bool,
    },
}

#[derive(Default)]
struct Raw {
    kind: Option<Kind>,
    text: String,
    /// The text inside `<strong>`/`<b>`: a paragraph that is all bold is a heading.
    bold: String,
    /// Read from a `<dt>`.
    tag_dt: bool,
}

#[derive(Default)]
struct State {
    blocks: Vec<Raw>,
    /// Blocks whose end tag has not come yet, innermost last.
    open: Vec<usize>,
    /// Text outside any block goes to this implicit paragraph.
    loose: Option<usize>,
    lists: Vec<bool>,
    skip: usize,
    /// Inside `<main>` (only counted when the page has one).
    main: usize,
    bold: usize,
    title: String,
    in_title: bool,
    h1: Option<usize>,
}

/// Runs `leave` when the element ends (at once for a void element).
fn on_end(el: &mut Element, state: &Rc<RefCell<State>>, leave: impl FnOnce(&mut State) + 'static) {
    let st = state.clone();
    match el.end_tag_handlers() {
        Some(handlers) => {
            let h: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                leave(&mut st.borrow_mut());
                Ok(())
            });
            handlers.push(h);
        }
        None => leave(&mut state.borrow_mut()),
    }
}

fn is_furniture(el: &Element, tag: &str) -> bool {
    if tag == "button" && (el.has_attribute("aria-expanded") || el.has_attribute("aria-controls")) {
        return false; // an accordion's heading
    }
    if SKIP_TAGS.contains(&tag) || el.get_attribute("aria-hidden").is_some_and(|v| v == "true") || el.has_attribute("hidden") {
        return true;
    }
    // The page's own content is never furniture, whatever its class or id says
    // (`<main id="skip">` is a skip link's target).
    if matches!(tag, "html" | "body" | "main" | "article") {
        return false;
    }
    ["class", "id", "role"].iter().filter_map(|a| el.get_attribute(a)).any(|v| {
        let v = v.to_ascii_lowercase();
        SKIP_MARKS.iter().any(|m| v.contains(m))
    })
}

/// Parses saved HTML. Malformed HTML is read as far as it goes.
pub fn parse(source: &str, lang: Lang) -> Parsed {
    let has_main = source.to_ascii_lowercase().contains("<main");
    let state = Rc::new(RefCell::new(State::default()));
    let (s1, s2) = (state.clone(), state.clone());
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", move |el| {
            let tag = el.tag_name().to_ascii_lowercase();
            let mut st = s1.borrow_mut();
            if tag == "title" {
                st.in_title = true;
                drop(st);
                on_end(el, &s1, |st| st.in_title = false);
                return Ok(());
            }
            if st.skip > 0 || is_furniture(el, &tag) {
                st.skip += 1;
                drop(st);
                on_end(el, &s1, |st| st.skip -= 1);
                return Ok(());
            }
            let kind = match tag.as_str() {
                "main" => {
                    st.main += 1;
                    drop(st);
                    on_end(el, &s1, |st| st.main -= 1);
                    return Ok(());
                }
                "ul" | "ol" => {
                    st.lists.push(tag == "ol");
                    st.loose = None;
                    drop(st);
                    on_end(el, &s1, |st| {
                        st.lists.pop();
                    });
                    return Ok(());
                }
                "br" => {
                    if let Some(&b) = st.open.last().or(st.loose.as_ref()) {
                        st.blocks[b].text.push(BREAK);
                    }
                    return Ok(());
                }
                "strong" | "b" => {
                    st.bold += 1;
                    drop(st);
                    on_end(el, &s1, |st| st.bold -= 1);
                    return Ok(());
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading(Some(tag.as_bytes()[1] - b'0')),
                "summary" | "dt" | "th" | "button" | "caption" => Kind::Heading(None),
                "p" | "dd" | "td" | "blockquote" | "figcaption" => Kind::Para,
                "li" => Kind::Item { depth: st.lists.len().saturating_sub(1), ordered: st.lists.last().copied().unwrap_or(false) },
                "div" | "section" | "article" | "table" | "tr" | "dl" | "details" => {
                    st.loose = None;
                    return Ok(());
                }
                _ => return Ok(()),
            };
            if has_main && st.main == 0 && tag != "h1" {
                return Ok(());
            }
            st.loose = None;
            let index = st.blocks.len();
            if tag == "h1" && st.h1.is_none() {
                st.h1 = Some(index);
            }
            st.blocks.push(Raw { kind: Some(kind), tag_dt: tag == "dt", ..Raw::default() });
            st.open.push(index);
            drop(st);
            on_end(el, &s1, move |st| {
                st.open.retain(|b| *b != index);
            });
            Ok(())
        }))
        .append_document_content_handler(doc_text!(move |t| {
            let mut st = s2.borrow_mut();
            if st.in_title {
                st.title.push_str(t.as_str());
                return Ok(());
            }
            if st.skip > 0 || (has_main && st.main == 0 && st.open.is_empty()) {
                return Ok(());
            }
            let target = match st.open.last().copied().or(st.loose) {
                Some(b) => b,
                None if t.as_str().trim().is_empty() => return Ok(()),
                None => {
                    st.blocks.push(Raw { kind: Some(Kind::Para), ..Raw::default() });
                    let b = st.blocks.len() - 1;
                    st.loose = Some(b);
                    b
                }
            };
            let bold = st.bold > 0;
            let block = &mut st.blocks[target];
            block.text.push_str(t.as_str());
            if bold {
                block.bold.push_str(t.as_str());
            }
            Ok(())
        }));
    let _ = rewrite_str(source, settings);
    let mut state = std::mem::take(&mut *state.borrow_mut());
    let h1 = state.h1;
    let blocks = std::mem::take(&mut state.blocks);

    let mut parsed = Parsed::default();
    let mut items: Vec<Item> = Vec::new();
    let mut items_line = 0;
    let mut ordered = false;
    // Blocks come in source order: each is looked for after the previous one.
    let mut cursor = source.find("<body").unwrap_or(0);
    let flush = |items: &mut Vec<Item>, parsed: &mut Parsed, ordered: bool, line: usize| {
        if !items.is_empty() {
            parsed.blocks.push(Block::List { ordered, items: std::mem::take(items), line });
        }
    };
    for (i, block) in blocks.into_iter().enumerate() {
        let lines: Vec<String> = decode(&block.text).split(BREAK).map(squash).filter(|l| !l.is_empty()).collect();
        if lines.is_empty() {
            continue;
        }
        let line = line_of(source, &lines[0], &mut cursor);
        let kind = block.kind.unwrap_or(Kind::Para);
        if let Kind::Item { depth, ordered: o } = kind {
            if items.is_empty() {
                items_line = line;
                ordered = o;
            }
            items.push(Item { depth, number: None, text: lines.join(" ") });
            continue;
        }
        flush(&mut items, &mut parsed, ordered, items_line);
        let text = lines.join(" ");
        if Some(i) == h1 && parsed.title.is_empty() {
            parsed.title = text;
            continue;
        }
        let all_bold = kind == Kind::Para && lines.len() == 1 && squash(&decode(&block.bold)) == text;
        // A definition term of one or two words ("Telefon", "CVR-nummer") labels its
        // value; a longer one ("Why we use your personal data") heads its description.
        let kind = match kind {
            Kind::Heading(None) if block.tag_dt && text.split_whitespace().count() <= 2 => Kind::Para,
            k => k,
        };
        match kind {
            Kind::Heading(level) => {
                // A permalink sign inside the heading ("Klage til Datatilsynet #") is not its text.
                let text = text.trim_matches(|c: char| matches!(c, '#' | '¶' | '🔗') || c.is_whitespace()).trim_end_matches(':').trim().to_string();
                parsed.blocks.push(Block::Heading {
                    text,
                    level: level.map(|l| if l <= 2 { 2 } else { 3 }),
                    line,
                    followed_by_text: false,
                    keys: Vec::new(),
                    added: false,
                });
            }
            Kind::Para if all_bold && super::text::heading_candidate(text.trim_end_matches(':'), false, lang).is_some() => {
                let text = text.trim_end_matches(':').trim().to_string();
                parsed.blocks.push(Block::Heading { text, level: None, line, followed_by_text: true, keys: Vec::new(), added: false });
            }
            // A bold lead-in ("<strong>Retten til indsigt:</strong> I kan …") heads its text.
            Kind::Para if lead_in(&block).is_some() => {
                let head = lead_in(&block).unwrap_or_default();
                let rest = text[head.len()..].trim_start_matches([':', ' ']).to_string();
                parsed.blocks.push(Block::Heading {
                    text: head.trim_end_matches(':').trim().to_string(),
                    level: None,
                    line,
                    followed_by_text: true,
                    keys: Vec::new(),
                    added: false,
                });
                group_to_blocks(&[(line, rest)], true, lang, &mut parsed);
            }
            _ => {
                let group: Vec<(usize, String)> = lines.into_iter().map(|l| (line, l)).collect();
                group_to_blocks(&group, true, lang, &mut parsed);
            }
        }
    }
    flush(&mut items, &mut parsed, ordered, items_line);
    if parsed.title.is_empty() {
        parsed.title = squash(&decode(&state.title));
    }
    parsed.drop_chrome(lang);
    parsed
}

/// The bold words a paragraph opens with, if they end in a colon and are a short
/// label followed by more text.
fn lead_in(block: &Raw) -> Option<String> {
    let text = squash(&decode(&block.text));
    let bold = squash(&decode(&block.bold));
    let label = bold.trim_end();
    (label.ends_with(':') && text.starts_with(label) && text.len() > label.len() + 1 && (1..=8).contains(&label.split_whitespace().count()))
        .then(|| label.to_string())
}

/// White space collapsed to single spaces.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The 1-based source line of (the start of) `text`, looked for from `cursor` on:
/// its first characters up to one that may be written as a character reference.
fn line_of(source: &str, text: &str, cursor: &mut usize) -> usize {
    let probe: String = text.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == ' ').take(20).collect();
    if !probe.trim().is_empty() {
        if let Some(i) = source[*cursor..].find(&probe) {
            *cursor += i + probe.len();
        }
    }
    crate::text::line_of(source, *cursor)
}

/// Decodes character references in text as lol_html hands it over, with
/// non-breaking spaces as plain spaces.
pub fn decode(text: &str) -> String {
    crate::text::decode_entities(text).replace('\u{a0}', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(parsed: &Parsed) -> Vec<&str> {
        parsed.blocks.iter().filter_map(|b| if let Block::Heading { text, .. } = b { Some(text.as_str()) } else { None }).collect()
    }

    #[test]
    fn furniture_is_left_out_and_main_is_the_page() {
        let html = r#"<html><head><title>T</title></head><body>
<div class="cookie-banner"><p>Vi bruger cookies. Du kan trække dit samtykke tilbage.</p><button>Accepter</button></div>
<header><nav><ul><li>Borger</li></ul></nav></header>
<ol class="breadcrumb"><li>Forside</li></ol>
<main><h1>Privatlivspolitik</h1><p>Vi er dataansvarlige.</p>
<ul><li><p>Navn</p></li><li>Adresse</li></ul></main>
<footer><p>Rådhusvej 1</p></footer></body></html>"#;
        let parsed = parse(html, Lang::Da);
        assert_eq!(parsed.title, "Privatlivspolitik");
        let text = format!("{:?}", parsed.blocks);
        assert!(text.contains("Vi er dataansvarlige.") && text.contains("Navn") && text.contains("Adresse"), "{text}");
        for chrome in ["cookies", "Borger", "Forside", "Rådhusvej"] {
            assert!(!text.contains(chrome), "{chrome} in {text}");
        }
        assert_eq!(text.matches("Navn").count(), 1, "nested blocks hold their text once: {text}");
    }

    #[test]
    fn bold_paragraphs_accordions_and_definition_terms_are_headings() {
        let html = r#"<body><h1>Privacy notice</h1>
<p><strong>The purpose of processing</strong></p><p>We use your data to run the library.</p>
<details><summary>Where we get your data</summary><p>From you.</p></details>
<dl><dt>Who we share it with:</dt><dd>Nobody.</dd></dl>
<button aria-expanded="true">How long we keep it</button><div>Five years, then it is deleted.</div></body>"#;
        let parsed = parse(html, Lang::En);
        assert_eq!(headings(&parsed), ["The purpose of processing", "Where we get your data", "Who we share it with", "How long we keep it"]);
        assert!(format!("{:?}", parsed.blocks).contains("Five years, then it is deleted."), "loose text in a div is a paragraph");
    }
}
