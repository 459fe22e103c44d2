//! Markdown to HTML with comrak: tables and autolinks on, raw HTML never passed
//! through, `{#key}` ids on headings, and shortcode placeholders replaced by their
//! rendered HTML.

use crate::load::markup::{Heading, TOKEN_CLOSE, TOKEN_OPEN};
use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::Sourcepos;
use comrak::options::Plugins;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

/// An entry of a page's table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    /// Heading level.
    pub level: u8,
    /// The anchor id.
    pub id: String,
    /// The heading text.
    pub title: String,
}

/// The anchor of each heading: its first `{#key}`, or a slug of its text, made
/// unique within the page. Returns (anchor, extra keys) per heading, in order.
pub fn heading_anchors(headings: &[Heading]) -> Vec<(String, Vec<String>)> {
    let mut used: HashSet<String> = headings.iter().flat_map(|h| h.ids.iter().cloned()).collect();
    headings
        .iter()
        .map(|h| match h.ids.split_first() {
            Some((first, rest)) => (first.clone(), rest.to_vec()),
            None => {
                let base = crate::text::slugify(&h.text);
                let mut id = base.clone();
                let mut n = 1;
                while !used.insert(id.clone()) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
                (id, Vec::new())
            }
        })
        .collect()
}

/// Writes `<hN id="…">` for each heading, in document order (ids by the heading's
/// source line, found when the tree was walked), and after a level-2 or level-3
/// heading's text the anchor link to it.
struct Anchors {
    /// Per heading in document order: its id, extra keys, and level.
    ids: Vec<Option<(String, Vec<String>)>>,
    next: std::sync::atomic::AtomicUsize,
    current: std::sync::Mutex<Option<String>>,
    label: String,
}

impl HeadingAdapter for Anchors {
    fn enter(&self, out: &mut dyn fmt::Write, heading: &HeadingMeta, _sourcepos: Option<Sourcepos>) -> fmt::Result {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        write!(out, "<h{}", heading.level)?;
        let id = self.ids.get(n).cloned().flatten();
        if let Some((id, extra)) = &id {
            write!(out, " id=\"{id}\">")?;
            for key in extra {
                write!(out, "<span id=\"{key}\"></span>")?;
            }
        } else {
            out.write_str(">")?;
        }
        *self.current.lock().expect("heading state") = id.map(|(id, _)| id);
        Ok(())
    }

    fn exit(&self, out: &mut dyn fmt::Write, heading: &HeadingMeta) -> fmt::Result {
        if let Some(id) = self.current.lock().expect("heading state").take().filter(|_| matches!(heading.level, 2 | 3)) {
            write!(out, "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"{}\">#</a>", self.label)?;
        }
        write!(out, "</h{}>", heading.level)
    }
}

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("(?:<p[^>]*>)?{TOKEN_OPEN}(\\d+){TOKEN_CLOSE}(?:</p>)?")).unwrap());

/// A page's Markdown as HTML, with the URL and body line of every link and image it
/// writes (the rewrite stage gives the output's links these lines).
pub struct Content {
    /// The HTML.
    pub html: String,
    /// (URL, 1-based body line) of each link and image, in document order.
    pub links: Vec<(String, usize)>,
}

/// Renders a prepared body to HTML. `shortcode(n)` returns the HTML of the n-th
/// shortcode; `heading_link_label` labels the anchor link after each section heading.
pub fn render(body: &str, headings: &[Heading], heading_link_label: &str, shortcode: impl Fn(usize) -> String) -> Content {
    use comrak::nodes::NodeValue;
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, body, &options);
    let by_line: HashMap<usize, (String, Vec<String>)> = headings.iter().map(|h| h.line).zip(heading_anchors(headings)).collect();
    let mut ids = Vec::new();
    let mut links = Vec::new();
    for node in root.descendants() {
        let data = node.data();
        match &data.value {
            NodeValue::Heading(_) => ids.push(by_line.get(&data.sourcepos.start.line).cloned()),
            NodeValue::Link(link) | NodeValue::Image(link) => links.push((link.url.to_string(), data.sourcepos.start.line)),
            _ => {}
        }
    }
    let anchors = Anchors { ids, next: Default::default(), current: Default::default(), label: tera::escape_html(heading_link_label) };
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&anchors);
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    comrak::format_html_with_plugins(root, &options, &mut html, &plugins).expect("writing to a String cannot fail");
    let html = if html.contains(TOKEN_OPEN) {
        PLACEHOLDER.replace_all(&html, |caps: &regex::Captures| shortcode(caps[1].parse().unwrap_or(usize::MAX))).into_owned()
    } else {
        html
    };
    Content { html, links }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::markup::scan;

    fn html(md: &str) -> String {
        let m = scan(md);
        render(&m.prepared, &m.headings, "link", |n| format!("<div class=\"sc\">{n}</div>")).html
    }

    #[test]
    fn headings_get_their_keys_as_ids() {
        let out = html("## Formål {#purposes #legal-basis}\n\n## Andet\n");
        assert!(out.contains("<h2 id=\"purposes\""), "{out}");
        assert!(out.contains("<span id=\"legal-basis\"></span>Formål<a class=\"heading-anchor\" href=\"#purposes\" aria-label=\"link\">#</a></h2>"), "{out}");
        assert!(out.contains("<h2 id=\"andet\""), "{out}");
    }

    #[test]
    fn links_and_images_carry_their_body_lines() {
        let m = scan("tekst\n\n[a](/a/) og ![b](/b.png)\n\nSetext\n======\n\n<https://x.dk>\n");
        let content = render(&m.prepared, &m.headings, "link", |_| String::new());
        assert_eq!(content.links, [("/a/".to_string(), 3), ("/b.png".to_string(), 3), ("https://x.dk".to_string(), 8)]);
        assert!(content.html.contains("<h1 id=\"setext\">") || content.html.contains("<h1>"), "{}", content.html);
    }

    #[test]
    fn raw_html_and_script_urls_do_not_pass_through() {
        let out = html("<script>alert(1)</script>\n\n[x](javascript:alert(1))\n");
        assert!(!out.contains("<script>"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
    }

    #[test]
    fn shortcodes_replace_their_paragraph() {
        let out = html("tekst\n\n{{ contact(id=\"dpo\") }}\n");
        assert!(out.contains("<div class=\"sc\">0</div>"), "{out}");
        assert!(!out.contains("\u{E000}"), "{out}");
    }
}
