//! Stage 4, rewrite: one pass over every rendered page. It marks external links,
//! injects the live-reload script in `serve` only, and collects what the output checks
//! need (ids, links, resources, headings, title, language) so that no later stage
//! parses the HTML again.
//!
//! The pages are the tool's own output: Tera templates that escape every value and
//! comrak's HTML with raw HTML switched off. So the pass is a tag scanner, not an HTML5
//! parser: it jumps from `<` to `<`, reads each start tag's name and attributes, and
//! copies everything else through untouched (comments and `<script>`/`<style>`
//! contents are skipped whole; a `<style>`'s is only searched for the URLs its CSS
//! loads). Heading anchors are written by the Markdown stage.

/// Attributes that hold one URL. A root-relative one (`/x/`) is relative to the
/// site's root, so the pass puts the base URL's path in front of it.
const URL_ATTRS: &[&str] = &["href", "src", "action", "formaction", "poster", "cite", "data"];

/// What the rewrite pass needs to know about the page.
pub struct RewriteOptions<'a> {
    /// The site's base URL; links under it are internal. If it has a path
    /// (`https://www.lejre.dk/privatliv`), every root-relative URL in the page is
    /// moved under it (`/x/` becomes `/privatliv/x/`); the facts keep the URLs as
    /// written, relative to the site's root.
    pub base_url: &'a str,
    /// Accessible label appended to external links.
    pub external_label: &'a str,
    /// The live-reload script URL, in `serve` only.
    pub live_reload: Option<&'a str>,
    /// Root-relative URLs become absolute under `base_url` (for a page read outside
    /// the site, such as `check --matrix`'s standalone file).
    pub absolute: bool,
}

/// A link found in the output.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRef {
    /// The `href`, with character references decoded.
    pub href: String,
    /// The Markdown body line that produced it, if it came from content.
    pub body_line: Option<usize>,
}

/// A resource the page loads (script, stylesheet, image, frame, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The element, e.g. `script`.
    pub tag: String,
    /// The URL.
    pub url: String,
    /// The Markdown body line, if it came from content.
    pub body_line: Option<usize>,
}

/// The ids of a page: in order, in one string, while the page's own output rules
/// run; then ([`Ids::compact`]) only as a sorted set of hashes, which is all that
/// links from other pages need (a page has dozens of ids, and the facts of every
/// page are kept until the end of a run).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ids {
    list: String,
    hashes: Box<[u64]>,
}

impl Ids {
    /// Adds an id (ids never contain a line break: HTML ids have no white space).
    pub fn push(&mut self, id: &str) {
        self.list.push_str(id);
        self.list.push('\n');
    }

    /// The ids in order, duplicates kept (none once compacted).
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.list.lines()
    }

    /// Whether the page has id `id`.
    pub fn contains(&self, id: &str) -> bool {
        self.iter().any(|i| i == id) || self.hashes.binary_search(&id_hash(id)).is_ok()
    }

    /// Keeps only the set of hashes.
    pub fn compact(&mut self) {
        let mut hashes: Vec<u64> = self.iter().map(id_hash).collect();
        hashes.sort_unstable();
        hashes.dedup();
        self.hashes = hashes.into_boxed_slice();
        self.list = String::new();
    }
}

/// The hash an id is kept as (64 bits: a page's few dozen ids never collide in
/// practice, and a collision could only hide a missing anchor, never invent one).
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// Facts about one rendered page, collected during the rewrite. The output rules
/// that need only the page itself ([`crate::check::output::page`]) use all of them;
/// then only the ids and the links that leave the page are kept.
#[derive(Debug, Clone, Default)]
pub struct PageFacts {
    /// Every `id` in the page, in order (duplicates kept, for the uniqueness check).
    pub ids: Ids,
    /// Every `<a href>`.
    pub links: Vec<LinkRef>,
    /// Every loaded resource.
    pub resources: Vec<Resource>,
    /// The text of `<title>`.
    pub title: String,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// Heading levels in order.
    pub headings: Vec<u8>,
    /// `<img>` elements without `alt`.
    pub images_without_alt: usize,
}

impl PageFacts {
    /// Records that the page makes the browser load `url` (for element `tag`).
    fn loads(&mut self, tag: impl Into<String>, url: &str) {
        self.resources.push(Resource { tag: tag.into(), url: url.to_string(), body_line: None });
    }

    /// Gives the links and resources that came from the page's Markdown their body
    /// lines: `content` holds (URL, line) of each, in document order, and each is
    /// matched to the first output link with that URL not matched yet.
    pub fn attach_lines(&mut self, content: &[(String, usize)]) {
        let mut used = vec![false; content.len()];
        let mut take = |url: &str| {
            let i = content.iter().enumerate().position(|(i, (u, _))| !used[i] && u == url)?;
            used[i] = true;
            Some(content[i].1)
        };
        for link in &mut self.links {
            link.body_line = take(&link.href);
        }
        for res in &mut self.resources {
            res.body_line = take(&res.url);
        }
    }
}

/// Attributes that load a resource, by element (SVG's `image`, `use`, `feImage` and
/// `script` by `href` or `xlink:href`; the legacy `background` attribute too).
const RESOURCE_ATTRS: &[(&str, &str)] = &[
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("source", "src"),
    ("track", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("object", "data"),
    ("input", "src"),
    ("image", "href"),
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
    ("feimage", "href"),
    ("feimage", "xlink:href"),
    ("script", "href"),
    ("script", "xlink:href"),
    ("body", "background"),
    ("table", "background"),
    ("td", "background"),
    ("th", "background"),
];

/// The absolute and protocol-relative URLs that CSS loads: every `url(…)` and
/// `@import "…"` (a stylesheet, a `<style>` element or a `style` attribute).
pub fn css_urls(css: &str) -> impl Iterator<Item = &str> {
    static CSS_URL: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#"(?i)(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)"#).expect("CSS URL pattern"));
    CSS_URL.captures_iter(css).map(|c| c.get(1).expect("group 1").as_str())
}

/// The URL a `<meta http-equiv="refresh" content="5; url=…">` sends the visitor to.
fn refresh_url(content: &str) -> Option<&str> {
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let url = rest.get(..4).filter(|u| u.eq_ignore_ascii_case("url=")).map_or(rest, |_| &rest[4..]);
    let url = url.trim().trim_matches(['\'', '"']);
    (!url.is_empty()).then_some(url)
}

/// Whether `href` leaves the site: an absolute `http(s)` or protocol-relative URL outside `base_url`.
pub fn is_external(href: &str, base_url: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    let under_base = href.strip_prefix(base_url).is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '#', '?']));
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")) && !under_base
}

/// One attribute of a start tag: its name, its raw value and where the value sits.
struct Attr<'a> {
    name: &'a str,
    value: &'a str,
    /// Byte range of the value in the page (empty for a bare attribute).
    span: std::ops::Range<usize>,
}

/// A start tag read from `html` at `start` (the `<`).
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<Attr<'a>>,
    /// Byte offset of the closing `>` (or of `/>`).
    end: usize,
    /// Byte offset just after the tag.
    after: usize,
}

impl Tag<'_> {
    fn get(&self, name: &str) -> Option<String> {
        self.attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name)).map(|a| crate::text::decode_entities(a.value))
    }

    fn has(&self, name: &str) -> bool {
        self.attrs.iter().any(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// Reads the start tag at `start`; `None` if `<` does not open one.
fn read_tag(html: &str, start: usize) -> Option<Tag<'_>> {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = &html[name_start..i];
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        if bytes[i] == b'>' {
            let end = if bytes[i - 1] == b'/' { i - 1 } else { i };
            return Some(Tag { name, attrs, end, after: i + 1 });
        }
        let attr_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr_name = &html[attr_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let (vs, ve) = match bytes.get(i) {
                Some(q @ (b'"' | b'\'')) => {
                    let close = memchr::memchr(*q, &bytes[i + 1..])? + i + 1;
                    let span = (i + 1, close);
                    i = close + 1;
                    span
                }
                _ => {
                    let vs = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    (vs, i)
                }
            };
            attrs.push(Attr { name: attr_name, value: &html[vs..ve], span: vs..ve });
        } else {
            attrs.push(Attr { name: attr_name, value: "", span: i..i });
        }
    }
}

/// The offset just after the first case-insensitive `</name` … `>` from `from`, or the
/// end of the page.
fn after_end_tag(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(off) = memchr::memmem::find(&bytes[i..], b"</") {
        let at = i + off + 2;
        if html.get(at..at + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name)) {
            return memchr::memchr(b'>', &bytes[at..]).map_or(html.len(), |e| at + e + 1);
        }
        i = at;
    }
    html.len()
}

/// The text of the element whose start tag is `tag` (up to its end tag `</name>`),
/// and the offset just after that end tag.
fn element_text<'h>(html: &'h str, tag: &Tag, name: &str) -> (&'h str, usize) {
    let close = after_end_tag(html, tag.after, name);
    let text_end = html[..close].rfind("</").unwrap_or(close).max(tag.after);
    (&html[tag.after..text_end], close)
}

/// Rewrites one page; returns the new HTML and the facts collected.
pub fn rewrite(html: &str, opts: &RewriteOptions) -> (String, PageFacts) {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 512);
    let mut facts = PageFacts::default();
    let mut copied = 0;
    let mut open_external = 0usize;
    let base_path = if opts.absolute { opts.base_url.trim_end_matches('/') } else { crate::config::url_path(opts.base_url) };
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = memchr::memmem::find(&bytes[start..], b"-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        if let Some(end_name) = rest.strip_prefix("</") {
            let name_len = end_name.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let name = &end_name[..name_len];
            if name.eq_ignore_ascii_case("a") && open_external > 0 {
                out.push_str(&html[copied..start]);
                out.push_str(&format!("<span class=\"visually-hidden\"> ({})</span>", opts.external_label));
                copied = start;
                open_external -= 1;
            } else if name.eq_ignore_ascii_case("body") {
                if let Some(src) = opts.live_reload {
                    out.push_str(&html[copied..start]);
                    out.push_str(&format!("<script src=\"{src}\"></script>"));
                    copied = start;
                }
            }
            i = start + 2;
            continue;
        }
        let Some(tag) = read_tag(html, start) else {
            i = start + 1;
            continue;
        };
        let name = tag.name.to_ascii_lowercase();
        if !base_path.is_empty() {
            for attr in tag.attrs.iter().filter(|a| URL_ATTRS.iter().any(|n| a.name.eq_ignore_ascii_case(n)) || a.name.eq_ignore_ascii_case("srcset")) {
                let srcset = attr.name.eq_ignore_ascii_case("srcset");
                // Each root-relative URL of the value: the value's start, and in a
                // srcset each candidate's start.
                let mut starts = vec![attr.span.start];
                if srcset {
                    starts.extend(
                        attr.value
                            .match_indices(',')
                            .map(|(i, _)| attr.span.start + i + 1 + (attr.value[i + 1..].len() - attr.value[i + 1..].trim_start().len())),
                    );
                }
                for at in starts {
                    if html[at..attr.span.end].starts_with('/') && !html[at..attr.span.end].starts_with("//") {
                        out.push_str(&html[copied..at]);
                        out.push_str(base_path);
                        copied = at;
                    }
                }
            }
        }
        if let Some(id) = tag.get("id") {
            facts.ids.push(&id);
        }
        i = tag.after;
        match name.as_str() {
            "html" => facts.lang = tag.get("lang"),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => facts.headings.push(name.as_bytes()[1] - b'0'),
            "img" if !tag.has("alt") => facts.images_without_alt += 1,
            "title" => {
                let (text, close) = element_text(html, &tag, "title");
                facts.title = crate::text::decode_entities(text);
                i = close;
            }
            "a" => {
                if let Some(href) = tag.get("href") {
                    if is_external(&href, opts.base_url) {
                        out.push_str(&html[copied..tag.end]);
                        if !tag.has("rel") {
                            out.push_str(" rel=\"external noopener noreferrer\"");
                        }
                        copied = tag.end;
                        open_external += 1;
                    }
                    facts.links.push(LinkRef { href, body_line: None });
                }
                // A ping is sent when the link is followed, to a host the visitor did not choose.
                tag.get("ping").iter().flat_map(|p| p.split_whitespace()).for_each(|url| facts.loads("a ping", url));
            }
            "area" => tag.get("ping").iter().flat_map(|p| p.split_whitespace()).for_each(|url| facts.loads("area ping", url)),
            // Every relative URL of the page loads from its base.
            "base" => tag.get("href").iter().for_each(|url| facts.loads("base", url)),
            "link" => {
                if let Some(href) = tag.get("href") {
                    let rel = tag.get("rel").unwrap_or_default();
                    if rel.split_whitespace().any(|r| r != "alternate" && r != "canonical") {
                        facts.loads(format!("link rel={rel}"), &href);
                    }
                }
            }
            "meta" if opts.live_reload.is_some() && tag.get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("Content-Security-Policy")) => {
                if let Some(content) = tag.attrs.iter().find(|a| a.name.eq_ignore_ascii_case("content")) {
                    out.push_str(&html[copied..content.span.start]);
                    out.push_str(&content.value.replace("script-src 'none'", "script-src 'self'").replace("connect-src 'none'", "connect-src 'self'"));
                    copied = content.span.end;
                }
            }
            // A refresh moves the visitor on without a click.
            "meta" if tag.get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) => {
                tag.get("content").iter().filter_map(|c| refresh_url(c)).for_each(|url| facts.loads("meta refresh", url))
            }
            _ => {}
        }
        for (t, attr) in RESOURCE_ATTRS {
            if *t == name {
                if let Some(url) = tag.get(attr) {
                    facts.loads(name.as_str(), &url);
                }
            }
        }
        if matches!(name.as_str(), "img" | "source") {
            if let Some(srcset) = tag.get("srcset") {
                srcset.split(',').filter_map(|c| c.split_whitespace().next()).for_each(|url| facts.loads(name.as_str(), url));
            }
        }
        if let Some(style) = tag.get("style") {
            css_urls(&style).for_each(|url| facts.loads(format!("{name} style"), url));
        }
        if matches!(name.as_str(), "script" | "style") {
            let (text, close) = element_text(html, &tag, &name);
            if name == "style" {
                css_urls(text).for_each(|url| facts.loads("style", url));
            }
            i = close;
        }
    }
    out.push_str(&html[copied..]);
    facts.ids.list.shrink_to_fit();
    (out, facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_are_decoded() {
        assert_eq!(crate::text::decode_entities("&#x2F;en&#x2F;a&amp;b&#47;&bogus"), "/en/a&b/&bogus");
    }

    fn opts() -> RewriteOptions<'static> {
        RewriteOptions { base_url: "https://x.dk", external_label: "ekstern", live_reload: None, absolute: false }
    }

    #[test]
    fn collects_ids_links_title_and_headings() {
        let page = r#"<html lang="da"><head><title>A &amp; B</title><!-- <a href="/no/"> --></head><body><h1 id="t">T</h1><p><a href="/a/&amp;b">a</a><img src="/i.png"></p><h2 id='x'>X</h2></body></html>"#;
        let (html, facts) = rewrite(page, &opts());
        assert_eq!(html, page, "nothing to change");
        assert_eq!(facts.lang.as_deref(), Some("da"));
        assert_eq!(facts.title, "A & B");
        assert_eq!(facts.ids.iter().collect::<Vec<_>>(), ["t", "x"]);
        assert_eq!(facts.links, [LinkRef { href: "/a/&b".into(), body_line: None }]);
        assert_eq!(facts.headings, [1, 2]);
        assert_eq!((facts.images_without_alt, facts.resources[0].url.as_str()), (1, "/i.png"));
    }

    #[test]
    fn content_links_get_their_markdown_lines_in_order() {
        let (_, mut facts) = rewrite(r#"<a href="/">home</a><a href="/a/">a</a><a href="/a/">again</a>"#, &opts());
        facts.attach_lines(&[("/a/".into(), 3), ("/a/".into(), 7)]);
        let lines: Vec<_> = facts.links.iter().map(|l| l.body_line).collect();
        assert_eq!(lines, [None, Some(3), Some(7)]);
    }

    #[test]
    fn marks_external_links_and_records_resources() {
        let src = r#"<a href="https://example.com">x</a><a href="https://x.dk/y/">y</a><script src="https://cdn.example/x.js"></script>"#;
        let (html, facts) = rewrite(src, &opts());
        assert!(
            html.contains(r#"<a href="https://example.com" rel="external noopener noreferrer">x<span class="visually-hidden"> (ekstern)</span></a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="https://x.dk/y/">y</a>"#), "{html}");
        assert_eq!(facts.resources[0].url, "https://cdn.example/x.js");
    }

    #[test]
    fn script_and_style_contents_are_not_read_as_tags() {
        let (_, facts) = rewrite(r#"<style>a[href="/x/"]::before{content:"<a href='/y/'>"}</style><script>if (a<b) {}</script><a href="/z/">z</a>"#, &opts());
        let hrefs: Vec<_> = facts.links.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(hrefs, ["/z/"]);
    }

    #[test]
    fn root_relative_urls_move_under_the_base_path() {
        let opts = RewriteOptions { base_url: "https://www.lejre.dk/privatliv", ..opts() };
        let page = r##"<link rel="stylesheet" href="/style.css"><a href="/en/a/#x">a</a><a href="#y">y</a><a href="../b/">b</a><a href="//cdn.x/">c</a><a href="https://www.lejre.dk/privatliv/c/">d</a><img alt="" src="/i.png" srcset="/i.png 1x, /i2.png 2x"><form action="/s/"></form>"##;
        let (html, facts) = rewrite(page, &opts);
        assert!(html.starts_with(r##"<link rel="stylesheet" href="/privatliv/style.css"><a href="/privatliv/en/a/#x">a</a><a href="#y">y</a><a href="../b/">b</a><a href="//cdn.x/" rel="external noopener noreferrer">c"##), "{html}");
        assert!(html.contains(r##"<a href="https://www.lejre.dk/privatliv/c/">d</a><img alt="" src="/privatliv/i.png" srcset="/privatliv/i.png 1x, /privatliv/i2.png 2x"><form action="/privatliv/s/">"##), "{html}");
        // The facts keep the URLs as written, relative to the site's root.
        assert_eq!(facts.links[0].href, "/en/a/#x");
        assert_eq!(rewrite(page, &self::opts()).0.matches("/privatliv/").count(), 1, "no path, no change");
    }

    #[test]
    fn live_reload_is_injected_only_when_asked() {
        let page = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\"></head><body></body></html>";
        assert!(!rewrite(page, &opts()).0.contains("<script"));
        let serve = RewriteOptions { live_reload: Some("/__reload.js"), ..opts() };
        let (html, _) = rewrite(page, &serve);
        assert!(html.contains("<script src=\"/__reload.js\"></script></body>"), "{html}");
        assert!(html.contains("script-src 'self'"), "{html}");
    }

    #[test]
    fn everything_that_makes_the_browser_contact_a_host_is_a_resource() {
        let page = concat!(
            r#"<head><base href="https://cdn.example/"><meta http-equiv="Refresh" content="5; URL='https://go.example/'">"#,
            r#"<style>@import url("https://fonts.example/css"); body { background: url(/local.png) }</style></head>"#,
            r#"<body background="https://bg.example/b.png"><p style="background-image: url('//img.example/p.png')">x</p>"#,
            r#"<a href="/a/" ping="https://ping.example/1 https://ping.example/2">a</a>"#,
            r#"<svg><image xlink:href="https://svg.example/i.png"/><use href="https://svg.example/u.svg#x"/><script href="https://svg.example/s.js"></script></svg>"#,
            r#"<meta http-equiv="refresh" content="0"><style>p { color: red }</style></body>"#,
        );
        let (html, facts) = rewrite(page, &opts());
        assert_eq!(html, page, "nothing to change");
        let found: Vec<(&str, &str)> = facts.resources.iter().map(|r| (r.tag.as_str(), r.url.as_str())).collect();
        assert_eq!(
            found,
            [
                ("base", "https://cdn.example/"),
                ("meta refresh", "https://go.example/"),
                ("style", "https://fonts.example/css"),
                ("body", "https://bg.example/b.png"),
                ("p style", "//img.example/p.png"),
                ("a ping", "https://ping.example/1"),
                ("a ping", "https://ping.example/2"),
                ("image", "https://svg.example/i.png"),
                ("use", "https://svg.example/u.svg#x"),
                ("script", "https://svg.example/s.js"),
            ]
        );
    }

    #[test]
    fn a_refresh_names_its_url_in_any_of_the_usual_spellings() {
        assert_eq!(refresh_url("5; url=https://a.example/"), Some("https://a.example/"));
        assert_eq!(refresh_url("0;URL=\"/en/\""), Some("/en/"));
        assert_eq!(refresh_url("3, https://b.example/"), Some("https://b.example/"));
        assert_eq!(refresh_url("10"), None);
        assert_eq!(refresh_url("1; url="), None);
    }
}
