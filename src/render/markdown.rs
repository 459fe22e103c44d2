//! Markdown to HTML with comrak: tables and autolinks on, raw HTML never passed
//! through, `{#key}` ids on headings, and shortcode placeholders replaced by their
//! rendered HTML.
//!
//! Nothing an editor wrote vanishes silently: raw HTML that is dropped and links
//! that the URL policy ([`crate::url_policy`]) refuses (whose `href` is written
//! empty) are listed in [`Content::dropped`] with their lines, and the pipeline
//! reports them with [`Dropped::finding`].

use crate::finding::Finding;
use crate::load::markup::{Heading, TOKEN_CLOSE, TOKEN_OPEN};
use crate::url_policy::Verdict;
use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::Sourcepos;
use comrak::options::Plugins;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
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
    /// What the HTML does not show as written, in document order.
    pub dropped: Vec<Dropped>,
}

/// Something in the Markdown that the HTML leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// 1-based body line.
    pub line: usize,
    /// What was left out.
    pub what: DroppedKind,
}

/// What [`Dropped`] left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DroppedKind {
    /// Raw HTML (never passed through); the start of it, e.g. `<script>`.
    Html(String),
    /// A link the URL policy refuses; its URL as written. The link text stays,
    /// with an empty `href`.
    Link(String),
}

impl Dropped {
    /// The finding about it at `file:line` (the file line of [`Dropped::line`]): a
    /// `raw-html-dropped` warning, or the URL policy's `link-unsafe` error.
    pub fn finding(&self, file: &Path, line: usize) -> Finding {
        match &self.what {
            DroppedKind::Html(tag) => Finding::warning(
                "raw-html-dropped",
                file,
                line,
                format!("the HTML `{}` is not shown on the page: HTML written in Markdown is left out", crate::controls::visible(tag)),
            )
            .help("write it in Markdown (**bold**, [text](https://…), lists, tables); a contact block is {{ contact(id=\"…\") }}; what Markdown cannot say belongs in a template"),
            DroppedKind::Link(url) => {
                let subject = || format!("the link {}", crate::url_policy::quoted(url));
                crate::url_policy::finding(url, subject, file, line)
                    .unwrap_or_else(|| Finding::error("link-unsafe", file, line, format!("{} is left out", subject())).help(crate::url_policy::REFUSED_HELP))
            }
        }
    }
}

/// The start of a piece of raw HTML worth a warning, e.g. `<script>` or
/// `<div class="x">`; `None` for comments and lone end tags, which show nothing.
fn html_start(raw: &str) -> Option<String> {
    let raw = raw.trim_start();
    let rest = raw.strip_prefix('<')?;
    if rest.starts_with("!--") || rest.starts_with('/') {
        return None;
    }
    let end = raw.find('>').map_or(raw.len(), |i| i + 1);
    let start: String = raw[..end].chars().take(60).collect();
    Some(if start.len() < end { format!("{start}…") } else { start })
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
    let mut dropped: Vec<Dropped> = Vec::new();
    for node in root.descendants() {
        let mut data = node.data_mut();
        let line = data.sourcepos.start.line;
        match &mut data.value {
            NodeValue::Heading(_) => ids.push(by_line.get(&line).cloned()),
            NodeValue::Link(link) if matches!(crate::url_policy::judge(&link.url), Verdict::Refused(_)) => {
                dropped.push(Dropped { line, what: DroppedKind::Link(std::mem::take(&mut link.url)) });
            }
            NodeValue::Link(link) | NodeValue::Image(link) => links.push((link.url.to_string(), line)),
            NodeValue::HtmlBlock(block) => dropped.extend(html_start(&block.literal).map(|tag| Dropped { line, what: DroppedKind::Html(tag) })),
            // One warning per line is enough for `<b>x</b>` and the like.
            NodeValue::HtmlInline(raw) if !dropped.iter().any(|d| d.line == line && matches!(d.what, DroppedKind::Html(_))) => {
                dropped.extend(html_start(raw).map(|tag| Dropped { line, what: DroppedKind::Html(tag) }));
            }
            _ => {}
        }
    }
    let anchors = Anchors { ids, next: Default::default(), current: Default::default(), label: crate::render::templates::escape_html(heading_link_label) };
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&anchors);
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    comrak::format_html_with_plugins(root, &options, &mut html, &plugins).expect("writing to a String cannot fail");
    let html = if html.contains(TOKEN_OPEN) {
        PLACEHOLDER.replace_all(&html, |caps: &regex::Captures| shortcode(caps[1].parse().unwrap_or(usize::MAX))).into_owned()
    } else {
        html
    };
    Content { html, links, dropped }
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

    fn dropped(md: &str) -> Vec<Dropped> {
        let m = scan(md);
        render(&m.prepared, &m.headings, "link", |_| String::new()).dropped
    }

    #[test]
    fn dropped_html_is_listed_with_its_line() {
        let md = "Tekst\n\n<script>alert(1)</script>\n\n<iframe src=\"https://x.example\"></iframe>\n\nEn <b>fed</b> og <i>kursiv</i> linje.\n\n<div class=\"box\">\nIndhold\n</div>\n\n<!-- en kommentar -->\n";
        let got: Vec<(usize, String)> = dropped(md)
            .into_iter()
            .map(|d| match d.what {
                DroppedKind::Html(tag) => (d.line, tag),
                DroppedKind::Link(url) => panic!("unexpected link {url}"),
            })
            .collect();
        assert_eq!(
            got,
            [
                (3, "<script>".to_string()),
                (5, "<iframe src=\"https://x.example\">".to_string()),
                (7, "<b>".to_string()),
                (9, "<div class=\"box\">".to_string())
            ]
        );
        let warning = dropped("x\n\n<script>\u{1b}</script>\n")[0].finding(Path::new("content/a.md"), 12);
        assert_eq!((warning.rule, warning.line, warning.severity), ("raw-html-dropped", 12, crate::Severity::Warning));
    }

    #[test]
    fn refused_links_are_written_empty_and_listed() {
        let m = scan("[a](javascript:alert(1))\n\n[b](foo:bar) [c](//evil.example/) [d](/ok/)\n");
        let content = render(&m.prepared, &m.headings, "link", |_| String::new());
        let urls: Vec<_> = content.dropped.iter().map(|d| (d.line, d.what.clone())).collect();
        assert_eq!(
            urls,
            [(1, DroppedKind::Link("javascript:alert(1)".into())), (3, DroppedKind::Link("foo:bar".into())), (3, DroppedKind::Link("//evil.example/".into()))]
        );
        assert_eq!(content.links, [("/ok/".to_string(), 3)]);
        for bad in ["javascript", "foo:bar", "evil.example"] {
            assert!(!content.html.contains(bad), "{bad} in {}", content.html);
        }
        let error = content.dropped[1].finding(Path::new("content/a.md"), 9);
        assert_eq!((error.rule, error.severity), ("link-unsafe", crate::Severity::Error));
        assert!(error.message.contains("foo:"), "{}", error.message);
    }

    #[test]
    fn fuzz_crash_link_lines_stay_within_the_body() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/markdown-644d99b3");
        let body = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let m = scan(&body);
        let content = render(&m.prepared, &m.headings, "link", |_| String::new());
        let lines = body.split_inclusive('\n').count();
        assert!(content.links.iter().all(|(_, line)| (1..=lines).contains(line)), "{:?} in {lines} lines", content.links);
    }

    #[test]
    fn shortcodes_replace_their_paragraph() {
        let out = html("tekst\n\n{{ contact(id=\"dpo\") }}\n");
        assert!(out.contains("<div class=\"sc\">0</div>"), "{out}");
        assert!(!out.contains("\u{E000}"), "{out}");
    }
}
