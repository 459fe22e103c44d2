//! Reads a saved HTML page: `<h1>` is the title, `<h2>`–`<h6>` are headings, `<p>`
//! paragraphs (split at `<br>`) and `<li>` list items (nested by their lists).

use super::text::group_to_blocks;
use super::{Block, Item, Parsed};
use lol_html::{element, rewrite_str, text, RewriteStrSettings};
use std::cell::RefCell;
use std::rc::Rc;

/// Marks a `<br>` in collected text.
const BREAK: char = '\u{2028}';

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Heading(u8),
    Para,
    Item { depth: usize, ordered: bool },
    Title,
}

#[derive(Default)]
struct State {
    blocks: Vec<(Kind, String)>,
    lists: Vec<bool>,
    /// Inside navigation, header, footer or aside: not content.
    skip: usize,
}

/// Parses saved HTML. Malformed HTML is read as far as it goes.
pub fn parse(source: &str) -> Parsed {
    let state = Rc::new(RefCell::new(State::default()));
    let (s1, s2, s3, s4, s5, s6) = (state.clone(), state.clone(), state.clone(), state.clone(), state.clone(), state.clone());
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("nav, header, footer, aside, script, style, noscript", move |el| {
            s6.borrow_mut().skip += 1;
            let st = s6.clone();
            if let Some(handlers) = el.end_tag_handlers() {
                let leave: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                    let mut st = st.borrow_mut();
                    st.skip = st.skip.saturating_sub(1);
                    Ok(())
                });
                handlers.push(leave);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("h1, h2, h3, h4, h5, h6, p, li, title", move |el| {
            let tag = el.tag_name().to_ascii_lowercase();
            let mut st = s1.borrow_mut();
            if st.skip > 0 && tag != "title" {
                return Ok(());
            }
            let kind = match tag.as_str() {
                "p" => Kind::Para,
                "li" => Kind::Item { depth: st.lists.len().saturating_sub(1), ordered: st.lists.last().copied().unwrap_or(false) },
                "title" => Kind::Title,
                h => Kind::Heading(h.as_bytes()[1] - b'0'),
            };
            st.blocks.push((kind, String::new()));
            Ok(())
        }))
        .append_element_content_handler(element!("ul, ol", move |el| {
            let ordered = el.tag_name().eq_ignore_ascii_case("ol");
            s2.borrow_mut().lists.push(ordered);
            let st = s2.clone();
            if let Some(handlers) = el.end_tag_handlers() {
                let pop: lol_html::EndTagHandler<'static> = Box::new(move |_end| {
                    st.borrow_mut().lists.pop();
                    Ok(())
                });
                handlers.push(pop);
            }
            Ok(())
        }))
        .append_element_content_handler(element!("br", move |_el| {
            let mut st = s3.borrow_mut();
            if st.skip == 0 {
                if let Some(last) = st.blocks.last_mut() {
                    last.1.push(BREAK);
                }
            }
            Ok(())
        }))
        .append_element_content_handler(text!("h1, h2, h3, h4, h5, h6, p, li", move |t| {
            let mut st = s4.borrow_mut();
            if st.skip == 0 {
                if let Some(last) = st.blocks.last_mut() {
                    last.1.push_str(t.as_str());
                }
            }
            Ok(())
        }))
        .append_element_content_handler(text!("title", move |t| {
            if let Some(last) = s5.borrow_mut().blocks.last_mut() {
                if last.0 == Kind::Title {
                    last.1.push_str(t.as_str());
                }
            }
            Ok(())
        }));
    let _ = rewrite_str(source, settings);
    let blocks = std::mem::take(&mut state.borrow_mut().blocks);

    let mut parsed = Parsed::default();
    let mut page_title = String::new();
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
    for (kind, raw) in blocks {
        let lines: Vec<String> = decode(&raw).split(BREAK).map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect();
        if lines.is_empty() {
            continue;
        }
        let line = line_of(source, &lines[0], &mut cursor);
        match kind {
            Kind::Item { depth, ordered: o } => {
                if items.is_empty() {
                    items_line = line;
                    ordered = o;
                }
                items.push(Item { depth, number: None, text: lines.join(" ") });
                continue;
            }
            _ => flush(&mut items, &mut parsed, ordered, items_line),
        }
        match kind {
            Kind::Title => page_title = lines.join(" "),
            Kind::Heading(1) if parsed.title.is_empty() => parsed.title = lines.join(" "),
            Kind::Heading(n) => {
                let level = if n <= 2 { 2 } else { 3 };
                parsed.blocks.push(Block::Heading { text: lines.join(" "), level: Some(level), line, followed_by_text: false });
            }
            Kind::Para | Kind::Item { .. } => {
                let group: Vec<(usize, String)> = lines.into_iter().map(|l| (line, l)).collect();
                group_to_blocks(&group, true, &mut parsed);
            }
        }
    }
    flush(&mut items, &mut parsed, ordered, items_line);
    if parsed.title.is_empty() {
        parsed.title = page_title;
    }
    parsed
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
