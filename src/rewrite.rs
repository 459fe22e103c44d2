//! Stage 4, rewrite: one lol_html pass over every rendered page. It adds anchor
//! links to content headings, marks external links, removes comrak's
//! `data-sourcepos` attributes after turning them into Markdown line numbers, injects
//! the live-reload script in `serve` only, and collects what the output checks need
//! (ids, links, resources, headings) so that no later stage parses the HTML again.

use lol_html::html_content::{ContentType, Element};
use lol_html::{element, rewrite_str, text, RewriteStrSettings};
use std::cell::RefCell;

/// What the rewrite pass needs to know about the page.
pub struct RewriteOptions<'a> {
    /// The site's base URL; links under it are internal.
    pub base_url: &'a str,
    /// Accessible label appended to external links.
    pub external_label: &'a str,
    /// Accessible label of heading anchor links.
    pub heading_link_label: &'a str,
    /// The live-reload script URL, in `serve` only.
    pub live_reload: Option<&'a str>,
}

/// A link found in the output.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRef {
    /// The `href` as written.
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

/// Facts about one rendered page, collected during the rewrite.
#[derive(Debug, Clone, Default)]
pub struct PageFacts {
    /// Every `id` in the page, in order (duplicates kept, for the uniqueness check).
    pub ids: Vec<String>,
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

/// Attributes that load a resource, by element.
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
];

/// The decoded value of attribute `name`.
fn attr(el: &Element, name: &str) -> Option<String> {
    el.get_attribute(name).map(|v| crate::text::decode_entities(&v))
}

fn body_line(el: &Element) -> Option<usize> {
    el.get_attribute("data-sourcepos")?.split(':').next()?.parse().ok()
}

/// Whether `href` leaves the site: an absolute `http(s)` or protocol-relative URL outside `base_url`.
pub fn is_external(href: &str, base_url: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")) && !href.starts_with(base_url)
}

/// Rewrites one page; returns the new HTML and the facts collected.
pub fn rewrite(html: &str, opts: &RewriteOptions) -> Result<(String, PageFacts), lol_html::errors::RewritingError> {
    let facts = RefCell::new(PageFacts::default());
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |el| {
            let mut f = facts.borrow_mut();
            let tag = el.tag_name();
            let line = body_line(el);
            if line.is_some() {
                el.remove_attribute("data-sourcepos");
            }
            if let Some(id) = attr(el, "id") {
                f.ids.push(id);
            }
            match tag.as_str() {
                "html" => f.lang = attr(el, "lang"),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => f.headings.push(tag.as_bytes()[1] - b'0'),
                "img" if !el.has_attribute("alt") => f.images_without_alt += 1,
                "a" => {
                    if let Some(href) = attr(el, "href") {
                        if is_external(&href, opts.base_url) {
                            el.set_attribute("rel", "external noopener noreferrer")?;
                            el.append(&format!("<span class=\"visually-hidden\"> ({})</span>", opts.external_label), ContentType::Html);
                        }
                        f.links.push(LinkRef { href, body_line: line });
                    }
                }
                "link" => {
                    if let Some(href) = attr(el, "href") {
                        let rel = attr(el, "rel").unwrap_or_default();
                        if rel.split_whitespace().any(|r| r != "alternate" && r != "canonical") {
                            f.resources.push(Resource { tag: format!("link rel={rel}"), url: href, body_line: line });
                        }
                    }
                }
                _ => {}
            }
            for (t, name) in RESOURCE_ATTRS {
                if *t == tag {
                    if let Some(url) = attr(el, name) {
                        f.resources.push(Resource { tag: tag.clone(), url, body_line: line });
                    }
                }
            }
            if let Some(srcset) = matches!(tag.as_str(), "img" | "source").then(|| attr(el, "srcset")).flatten() {
                for url in srcset.split(',').filter_map(|c| c.split_whitespace().next()) {
                    f.resources.push(Resource { tag: tag.clone(), url: url.to_string(), body_line: line });
                }
            }
            Ok(())
        }))
        .append_element_content_handler(text!("title", |t| {
            facts.borrow_mut().title.push_str(t.as_str());
            Ok(())
        }))
        .append_element_content_handler(element!(".page-content h2[id], .page-content h3[id]", |el| {
            let id = attr(el, "id").unwrap_or_default();
            el.append(&format!("<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"{}\">#</a>", opts.heading_link_label), ContentType::Html);
            Ok(())
        }))
        .append_element_content_handler(element!("meta[http-equiv=Content-Security-Policy]", |el| {
            if opts.live_reload.is_some() {
                let csp = el.get_attribute("content").unwrap_or_default();
                el.set_attribute("content", &csp.replace("script-src 'none'", "script-src 'self'").replace("connect-src 'none'", "connect-src 'self'"))?;
            }
            Ok(())
        }))
        .append_element_content_handler(element!("body", |el| {
            if let Some(src) = opts.live_reload {
                el.append(&format!("<script src=\"{src}\"></script>"), ContentType::Html);
            }
            Ok(())
        }));
    let out = rewrite_str(html, settings)?;
    // Facts of every page are kept until the end of the run: no spare capacity.
    let mut facts = facts.into_inner();
    facts.ids.shrink_to_fit();
    facts.links.shrink_to_fit();
    facts.resources.shrink_to_fit();
    facts.headings.shrink_to_fit();
    Ok((out, facts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_are_decoded() {
        assert_eq!(crate::text::decode_entities("&#x2F;en&#x2F;a&amp;b&#47;&bogus"), "/en/a&b/&bogus");
    }

    fn opts() -> RewriteOptions<'static> {
        RewriteOptions { base_url: "https://x.dk", external_label: "ekstern", heading_link_label: "link", live_reload: None }
    }

    #[test]
    fn collects_links_with_markdown_lines_and_strips_sourcepos() {
        let (html, facts) = rewrite(r#"<p data-sourcepos="3:1-3:9"><a data-sourcepos="3:1-3:9" href="/a/">a</a></p>"#, &opts()).unwrap();
        assert!(!html.contains("data-sourcepos"));
        assert_eq!(facts.links, [LinkRef { href: "/a/".into(), body_line: Some(3) }]);
    }

    #[test]
    fn marks_external_links_and_records_resources() {
        let src = r#"<a href="https://example.com">x</a><a href="https://x.dk/y/">y</a><script src="https://cdn.example/x.js"></script>"#;
        let (html, facts) = rewrite(src, &opts()).unwrap();
        assert!(
            html.contains(r#"<a href="https://example.com" rel="external noopener noreferrer">x<span class="visually-hidden"> (ekstern)</span></a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="https://x.dk/y/">y</a>"#), "{html}");
        assert_eq!(facts.resources[0].url, "https://cdn.example/x.js");
    }

    #[test]
    fn live_reload_is_injected_only_when_asked() {
        let page = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\"></head><body></body></html>";
        assert!(!rewrite(page, &opts()).unwrap().0.contains("<script"));
        let serve = RewriteOptions { live_reload: Some("/__reload.js"), ..opts() };
        let (html, _) = rewrite(page, &serve).unwrap();
        assert!(html.contains("<script src=\"/__reload.js\"></script></body>"), "{html}");
        assert!(html.contains("script-src 'self'"), "{html}");
    }
}
