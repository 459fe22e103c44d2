//! A notice's template must show the notice: a page whose front matter picks a
//! template (`template = "…"`) that does not render `page.content` — e.g.
//! `404.html` — would be published without its sections, and every Art. 13/14
//! check of its text would pass on words no visitor sees.
//!
//! The pipeline calls [`check_page`] for each page; only notices that pick a
//! template of their own are rendered once more, with a probe as their content.

use crate::finding::Finding;
use crate::load::page::{Page, PageKind};
use crate::render::templates::Templates;
use crate::site::Site;

/// What the probe render puts in `page.content`; markup, so that a template that
/// escapes the content (`{{ page.content }}` without `| safe`) fails too.
const PROBE: &str = "<span data-privacy-site-probe=\"content\"></span>";

/// The finding, if any, about the template notice `page` picks.
pub fn check_page(site: &Site, templates: &Templates, page: &Page) -> Option<Finding> {
    let name = page.front.template.as_deref().filter(|_| page.kind() == PageKind::Notice)?;
    let line = key_line(page, "template");
    let shown = crate::controls::visible(name);
    if !templates.has(name) {
        let finding = Finding::error("template-unknown", &page.file, line, format!("the template `{shown}` does not exist"))
            .help("remove the `template` line to use notice.html, or name a template under templates/");
        return Some(finding);
    }
    let context = crate::render::context::for_page(site, page, PROBE);
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

/// The file line on which front-matter key `key` is set (a line that starts with
/// `key =`), or the front matter's first line.
pub fn key_line(page: &Page, key: &str) -> usize {
    let is_key = |line: &&str| line.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='));
    page.front_source.lines().position(|l| is_key(&l)).map_or(2, |i| i + 2)
}
