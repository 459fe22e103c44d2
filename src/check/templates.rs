//! A notice's template must show the notice: a page whose front matter picks a
//! template (`template = "…"`) that does not render `page.content` — e.g.
//! `404.html` — would be published without its sections, and every Art. 13/14
//! check of its text would pass on words no visitor sees.
//!
//! The pipeline calls [`check_page`] for each page; only notices that pick a
//! template of their own are rendered once more, with a probe as their content.

use crate::finding::Finding;
use crate::load::page::{Body, Page, PageKind};
use crate::render::templates::Templates;
use crate::site::Site;

/// What the probe render puts in `page.content`; markup, so that a template that
/// escapes the content (`{{ page.content }}` without `| safe`) fails too.
const PROBE: &str = "<span data-privacy-site-probe=\"content\"></span>";

/// The finding, if any, about the template `page` (body `body`) picks: one that
/// does not exist, or, for a notice, one that does not show its content.
pub fn check_page(site: &Site, templates: &Templates, page: &Page, body: &Body) -> Option<Finding> {
    let name = page.front.template.as_deref()?;
    let line = key_line(&body.front, "template");
    let shown = crate::controls::visible(name);
    if !templates.has(name) {
        let finding = Finding::error("template-unknown", &page.file, line, format!("the template `{shown}` does not exist"))
            .help("remove the `template` line to use the page kind's template, or name a template under templates/");
        return Some(finding);
    }
    if page.kind() != PageKind::Notice {
        return None;
    }
    let context = crate::render::context::for_page(site, page, body, PROBE);
    match templates.render(name, &context) {
        Ok(html) if html.contains(PROBE) => None,
        Ok(_) => Some(
            Finding::error(
                "template-hides-content",
                &page.file,
                line,
                format!("the template `{shown}` does not show the page's content, so the notice would be published without its sections"),
            )
            .help("remove the `template` line to use notice.html, or use a template that writes {{ page.content | safe }}"),
        ),
        Err(e) => Some(
            Finding::error("template-hides-content", &page.file, line, format!("the template `{shown}` cannot render this notice: {e}"))
                .help("remove the `template` line to use notice.html, or fix the template"),
        ),
    }
}

/// The file line on which key `key` of front matter `front` is set (a line that
/// starts with `key =`), or the front matter's first line.
pub fn key_line(front: &str, key: &str) -> usize {
    let is_key = |line: &&str| line.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='));
    front.lines().position(|l| is_key(&l)).map_or(2, |i| i + 2)
}
