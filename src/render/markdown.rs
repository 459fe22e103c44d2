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

/// Writes `<hN id="…">` for each heading, found by its source line.
struct Anchors(HashMap<usize, (String, Vec<String>)>);

impl HeadingAdapter for Anchors {
    fn enter(&self, out: &mut dyn fmt::Write, heading: &HeadingMeta, sourcepos: Option<Sourcepos>) -> fmt::Result {
        let line = sourcepos.map_or(0, |s| s.start.line);
        write!(out, "<h{}", heading.level)?;
        if let Some((id, extra)) = self.0.get(&line) {
            write!(out, " id=\"{id}\" data-sourcepos=\"{line}:1-{line}:1\">")?;
            for key in extra {
                write!(out, "<span id=\"{key}\"></span>")?;
            }
            Ok(())
        } else {
            out.write_str(">")
        }
    }

    fn exit(&self, out: &mut dyn fmt::Write, heading: &HeadingMeta) -> fmt::Result {
        write!(out, "</h{}>", heading.level)
    }
}

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("(?:<p[^>]*>)?{TOKEN_OPEN}(\\d+){TOKEN_CLOSE}(?:</p>)?")).unwrap());

/// Renders a prepared body to HTML. Every element carries `data-sourcepos` (body
/// lines), which the rewrite stage turns into link lines and then removes.
/// `shortcode(n)` returns the HTML of the n-th shortcode.
pub fn render(body: &str, headings: &[Heading], shortcode: impl Fn(usize) -> String) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    options.render.sourcepos = true;
    let anchors = Anchors(headings.iter().map(|h| h.line).zip(heading_anchors(headings)).collect());
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&anchors);
    let html = comrak::markdown_to_html_with_plugins(body, &options, &plugins);
    PLACEHOLDER.replace_all(&html, |caps: &regex::Captures| shortcode(caps[1].parse().unwrap_or(usize::MAX))).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::markup::scan;

    fn html(md: &str) -> String {
        let m = scan(md);
        render(&m.prepared, &m.headings, |n| format!("<div class=\"sc\">{n}</div>"))
    }

    #[test]
    fn headings_get_their_keys_as_ids() {
        let out = html("## Formål {#purposes #legal-basis}\n\n## Andet\n");
        assert!(out.contains("<h2 id=\"purposes\""), "{out}");
        assert!(out.contains("<span id=\"legal-basis\"></span>Formål</h2>"), "{out}");
        assert!(out.contains("<h2 id=\"andet\""), "{out}");
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
