//! Output rules, run on the facts the rewrite pass collected from every rendered
//! page: internal links and `#fragments` resolve, `mailto:` and `tel:` links are
//! well-formed, nothing is loaded from another origin, and each page has a title,
//! a language, one `<h1>`, no skipped heading levels, unique ids and image alt texts.
//!
//! "Loaded" is everything that makes the browser contact a host without the visitor
//! choosing to follow a link: scripts, stylesheets and every other `<link>` but
//! alternates and the canonical URL (preconnect and prefetch included), images and
//! `srcset`s, frames, media and their posters, objects, SVG images, legacy
//! `background` attributes, `url(…)` and `@import` in the stylesheet, in `<style>`
//! and in `style` attributes, a link's `ping`, a `<base>` elsewhere (every relative
//! URL would load from it) and a `<meta http-equiv="refresh">` that moves the visitor
//! on (see [`crate::rewrite`]).

use crate::finding::Finding;
use crate::load::page::front_line;
use crate::pipeline::Rendered;
use crate::render::templates::Templates;
use crate::rewrite::{Ids, LinkRef};
use crate::site::Site;
use percent_encoding::percent_decode_str;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static MAILTO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^mailto:[A-Z0-9._%+-]+@[A-Z0-9-]+(\.[A-Z0-9-]+)*\.[A-Z]{2,}(\?.*)?$").unwrap());
static TEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^tel:\+?[0-9]{8,15}$").unwrap());

/// Where a finding about a rendered link or resource points: the Markdown line that
/// produced it; else the template line, contact record or config line that holds
/// it; else the page's source file (line 0) or the output file.
pub(crate) fn locate(site: &Site, templates: &Templates, r: &Rendered, body_line: Option<usize>, needle: &str) -> (PathBuf, usize) {
    let page = r.page.map(|i| &site.pages[i]);
    if let (Some(page), Some(line)) = (page, body_line) {
        return (page.file.clone(), page.file_line(line));
    }
    if let Some((file, line)) = templates.locate(needle) {
        return (PathBuf::from(file), line);
    }
    let lang = page.map_or_else(|| site.config.default_language(), |p| p.lang.as_str());
    let contact =
        site.contacts().filter_map(|c| site.contact_page(&c.id, lang)).find_map(|p| Some((p, p.read_front(&site.root))).filter(|(_, f)| f.contains(needle)));
    if let Some((contact, front)) = contact {
        return (contact.file.clone(), front_line(&front, needle));
    }
    if site.config.source.contains(needle) {
        return (PathBuf::from("config.toml"), crate::text::find_line(&site.config.source, needle));
    }
    match page {
        Some(page) => (page.file.clone(), 0),
        None => (PathBuf::from(format!("public/{}", r.path)), 0),
    }
}

/// Where a link leads.
#[derive(Debug, PartialEq)]
enum Target {
    /// Off the site (another host, `mailto:`, …).
    Outside,
    /// Above the site's root: a relative link with more `..` than the page is deep.
    AboveRoot,
    /// An output path and a fragment.
    Page(String, Option<String>),
}

/// Resolves `href` found on the page at output path `from`. A root-relative `href`
/// is relative to the site's root (the rewrite pass moves it under the base URL's
/// path); an absolute one under `base_url` is the site's too.
fn resolve(href: &str, from: &str, base_url: &str) -> Target {
    let href = match href.strip_prefix(base_url) {
        Some("") => "/",
        Some(rest) if rest.starts_with(['/', '#', '?']) => rest,
        _ => href,
    };
    if href.contains("://") || href.starts_with("//") || href.contains(':') && !href.starts_with('/') && !href.starts_with('.') && !href.starts_with('#') {
        return Target::Outside;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode_str(f).decode_utf8_lossy().into_owned())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let from_dir = Path::new(from).parent().unwrap_or(Path::new(""));
    let joined = if path.is_empty() {
        return Target::Page(from.to_string(), fragment);
    } else if let Some(abs) = path.strip_prefix('/') {
        PathBuf::from(abs)
    } else {
        from_dir.join(path)
    };
    let mut parts: Vec<String> = Vec::new();
    for part in percent_decode_str(&joined.to_string_lossy()).decode_utf8_lossy().split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::AboveRoot;
                }
            }
            p => parts.push(p.to_string()),
        }
    }
    let mut target = parts.join("/");
    if path.ends_with('/') || target.is_empty() {
        target = if target.is_empty() { "index.html".into() } else { format!("{target}/index.html") };
    }
    Target::Page(target, fragment)
}

/// The output rules that one page's facts answer alone, run in the per-page pass: the
/// form of `mailto:`, `tel:` and script links, links within the page and their
/// anchors, resources from other origins, and the page's HTML hygiene. Afterwards
/// `r.facts` keeps only what [`links`] needs: the page's ids and the links that leave
/// it.
pub fn page(site: &Site, templates: &Templates, r: &mut Rendered) -> Vec<Finding> {
    let base = site.config.base_url.as_str();
    let mut findings = hygiene(site, r);
    // How messages name the page: its URL path.
    let on = format!("/{}", r.path.trim_end_matches("index.html"));
    let mut leaving = Vec::new();
    let links = std::mem::take(&mut std::sync::Arc::make_mut(&mut r.facts).links);
    for link in links {
        let href = link.href.as_str();
        let at = || locate(site, templates, r, link.body_line, href);
        // The one URL policy; a contact record's links are judged at the record.
        let policy = crate::url_policy::finding(href, || format!("the link {} on {on}", crate::url_policy::quoted(href)), Path::new(""), 0);
        if let Some(finding) = policy.filter(|_| !from_contact_record(site, href)) {
            let (file, line) = at();
            let unsafe_link = finding.rule == "link-unsafe";
            findings.push(Finding { file, line, ..finding });
            if unsafe_link {
                continue;
            }
        }
        let lower = crate::url_policy::normalise(href).to_ascii_lowercase();
        if lower.starts_with("mailto:") {
            if !MAILTO.is_match(href) {
                let (file, line) = at();
                findings.push(
                    Finding::error("mailto-invalid", &file, line, format!("malformed e-mail link `{href}` on {on}")).help("write mailto:name@example.dk"),
                );
            }
            continue;
        }
        if lower.starts_with("tel:") {
            if !TEL.is_match(&href.replace([' ', '-'], "")) {
                let (file, line) = at();
                findings.push(
                    Finding::error("tel-invalid", &file, line, format!("malformed phone link `{href}` on {on}"))
                        .help("write tel:+4546464646 (digits only, country code first)"),
                );
            }
            continue;
        }
        match resolve(href, &r.path, base) {
            Target::Page(target, fragment) if target == r.path => {
                if let Some(message) = anchor_missing(&r.facts.ids, &target, fragment.as_deref(), href, &on) {
                    let (file, line) = at();
                    findings.push(anchor_finding(&file, line, message));
                }
            }
            _ => leaving.push(link),
        }
    }
    let resources = std::mem::take(&mut std::sync::Arc::make_mut(&mut r.facts).resources);
    for res in resources {
        let url = res.url.to_ascii_lowercase();
        let third_party = (url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")) && !res.url.starts_with(base);
        if third_party {
            let (file, line) = locate(site, templates, r, res.body_line, &res.url);
            findings.push(
                Finding::error("third-party-resource", &file, line, format!("{on} loads {} from another origin: {}", res.tag, res.url))
                    .help("serve the file from this site: a privacy page must not hand its visitors' addresses to third parties"),
            );
        }
    }
    let facts = std::sync::Arc::make_mut(&mut r.facts);
    facts.links = leaving;
    facts.links.shrink_to_fit();
    facts.ids.compact();
    facts.headings = Vec::new();
    facts.title = String::new();
    findings
}

/// Whether `href` is one of a contact record's addresses, which
/// [`crate::contacts`] judges at the record.
fn from_contact_record(site: &Site, href: &str) -> bool {
    site.contact_pages().filter_map(|p| p.front.contact.as_ref()).any(|c| c.urls().iter().any(|(_, url)| *url == href))
}

/// What is wrong with a link `href` on page `on` to `#fragment` of the page at output
/// path `target`, which has `ids`, if that page lacks the id.
fn anchor_missing(ids: &Ids, target: &str, fragment: Option<&str>, href: &str, on: &str) -> Option<String> {
    let fragment = fragment.filter(|f| !f.is_empty() && !ids.contains(f))?;
    Some(format!("the link `{href}` on {on} points to #{fragment}, which /{} does not have", target.trim_end_matches("index.html")))
}

fn anchor_finding(file: &Path, line: usize, message: String) -> Finding {
    Finding::error("anchor-missing", file, line, message).help("link to a heading's {#key}, or add the id to the target page")
}

/// The output rules across pages, over the links [`page`] kept: each link to another
/// page of the site leads to a file that was written, and to an id that page has.
/// Returns the findings of each rendered page, for the pages `redo` names (by index
/// into `rendered`; the others get none).
pub fn links(site: &Site, templates: &Templates, rendered: &[Rendered], files: &[String], redo: &(dyn Fn(usize) -> bool + Sync)) -> Vec<Vec<Finding>> {
    use rayon::prelude::*;
    let files: HashSet<&str> = files.iter().map(String::as_str).collect();
    let ids: HashMap<&str, &Ids> = rendered.iter().map(|r| (r.path.as_str(), &r.facts.ids)).collect();
    let base = site.config.base_url.as_str();
    let page_links = |r: &Rendered| {
        let mut findings = Vec::new();
        let on = format!("/{}", r.path.trim_end_matches("index.html"));
        for LinkRef { href, body_line } in &r.facts.links {
            let at = || locate(site, templates, r, *body_line, href);
            let (target, fragment) = match resolve(href, &r.path, base) {
                Target::Outside => continue,
                Target::AboveRoot => {
                    let (file, line) = at();
                    findings.push(
                        Finding::error("link-broken", &file, line, format!("the link `{href}` on {on} climbs above the site's root"))
                            .help("use fewer `../`, or a link from the site's root such as /vores-dialog/"),
                    );
                    continue;
                }
                Target::Page(target, fragment) => (target, fragment),
            };
            let exists = files.contains(target.as_str());
            let target = if !exists && files.contains(format!("{target}/index.html").as_str()) { format!("{target}/index.html") } else { target };
            if !files.contains(target.as_str()) {
                let (file, line) = at();
                let base_path = site.config.base_path();
                // `/privatliv/x/` on a site published under /privatliv: the build
                // already puts the path in front of every link from the root.
                let help = if !base_path.is_empty() && href.starts_with(&format!("{base_path}/")) {
                    format!(
                        "a link from the site's root leaves out the base URL's path ({base_path}), which the build adds: write {}",
                        &href[base_path.len()..]
                    )
                } else {
                    "correct the link, or create the page it points to".to_string()
                };
                findings.push(Finding::error("link-broken", &file, line, format!("the link `{href}` on {on} leads to a page that does not exist")).help(help));
            } else if let Some(message) = ids.get(target.as_str()).and_then(|set| anchor_missing(set, &target, fragment.as_deref(), href, &on)) {
                let (file, line) = at();
                findings.push(anchor_finding(&file, line, message));
            }
        }
        findings
    };
    rendered.par_iter().enumerate().map(|(k, r)| if redo(k) { page_links(r) } else { Vec::new() }).collect()
}

/// Fonts, images and imports that the compiled stylesheet loads from another origin,
/// each pointed at the Sass file and line that names it.
pub fn stylesheet(site: &Site, css: &str) -> Vec<Finding> {
    let urls: Vec<&str> = crate::rewrite::css_urls(css).filter(|url| !url.starts_with(&site.config.base_url)).collect();
    if urls.is_empty() {
        return Vec::new();
    }
    // Only now read the Sass sources, to say where each URL is written.
    let sass_dir = site.paths().sass;
    let sources: Vec<(PathBuf, String)> = ignore::WalkBuilder::new(&sass_dir)
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter_map(|e| Some((e.path().strip_prefix(&site.root).ok()?.to_path_buf(), std::fs::read_to_string(e.path()).ok()?)))
        .collect();
    urls.into_iter()
        .map(|url| {
            let (file, line) = sources
                .iter()
                .find(|(_, text)| text.contains(url))
                .map_or((site.config.sass_dir.clone(), 0), |(file, text)| (file.clone(), crate::text::find_line(text, url)));
            Finding::error("third-party-resource", &file, line, format!("the stylesheet loads {url} from another origin"))
                .help("put the font or image in static/ and load it from this site: a privacy page must not hand its visitors' addresses to third parties")
        })
        .collect()
}

/// Page-level HTML hygiene: title, lang, one h1, heading order, unique ids, alt texts.
fn hygiene(site: &Site, r: &Rendered) -> Vec<Finding> {
    let facts = &r.facts;
    let file = r.page.map_or_else(|| PathBuf::from(format!("public/{}", r.path)), |i| site.pages[i].file.clone());
    let url = format!("/{}", r.path.trim_end_matches("index.html"));
    let mut findings = Vec::new();
    let mut add = |rule, message: String, help: &'static str| findings.push(Finding::error(rule, &file, 0, message).help(help));
    if facts.title.trim().is_empty() {
        add("html-title-missing", format!("{url} has no <title>"), "give the page a title in front matter and keep <title> in the base template");
    }
    if facts.lang.as_deref().is_none_or(str::is_empty) {
        add("html-lang-missing", format!("{url} has no <html lang>"), "set <html lang=\"{{ lang }}\"> in the base template");
    }
    let h1 = facts.headings.iter().filter(|l| **l == 1).count();
    if h1 != 1 {
        add("html-h1-count", format!("{url} has {h1} <h1> elements, not one"), "the page title is the only <h1>: start content headings at ##");
    }
    for pair in facts.headings.windows(2) {
        if pair[1] > pair[0] + 1 {
            add(
                "html-heading-skip",
                format!("{url} skips from <h{}> to <h{}>", pair[0], pair[1]),
                "use the next heading level down (## after the title, ### under ##)",
            );
        }
    }
    let mut seen = HashSet::new();
    for id in facts.ids.iter() {
        if !seen.insert(id) {
            add("html-duplicate-id", format!("{url} has the id `{id}` more than once"), "give each heading a different {#key}");
        }
    }
    if facts.images_without_alt > 0 {
        add("html-img-alt", format!("{url} has {} image(s) without alt text", facts.images_without_alt), "describe each image: ![what it shows](file.png)");
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::{resolve, Target};

    fn page(path: &str, fragment: Option<&str>) -> Target {
        Target::Page(path.into(), fragment.map(str::to_string))
    }

    #[test]
    fn resolves_absolute_relative_and_fragment_links() {
        let base = "https://x.dk";
        let r = |href| resolve(href, "en/a/index.html", base);
        assert_eq!(r("/b/"), page("b/index.html", None));
        assert_eq!(r("../c/#x"), page("en/c/index.html", Some("x")));
        assert_eq!(r("#y"), page("en/a/index.html", Some("y")));
        assert_eq!(r("https://x.dk/d/"), page("d/index.html", None));
        assert_eq!(r("/style.css"), page("style.css", None));
        assert_eq!(r("https://example.com/"), Target::Outside);
        assert_eq!(r("../../../../etc"), Target::AboveRoot);
        assert_eq!(resolve("../../nope/", "a/index.html", base), Target::AboveRoot, "from a top-level page");
        assert_eq!(resolve("../nope/", "a/index.html", base), page("nope/index.html", None));
    }

    #[test]
    fn a_base_url_with_a_path_is_the_sites_root() {
        let base = "https://www.lejre.dk/privatliv";
        let r = |href| resolve(href, "en/a/index.html", base);
        assert_eq!(r("https://www.lejre.dk/privatliv/d/#x"), page("d/index.html", Some("x")));
        assert_eq!(r("https://www.lejre.dk/privatliv"), page("index.html", None));
        assert_eq!(r("https://www.lejre.dk/privatlivet/"), Target::Outside, "a longer path is not under the base URL");
        assert_eq!(r("https://www.lejre.dk/"), Target::Outside, "the host's other pages are not the site's");
        assert_eq!(r("/b/"), page("b/index.html", None), "root-relative links are relative to the site's root");
    }
}
