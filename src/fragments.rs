//! `build --fragments DIR`: every content page handed to a CMS as a piece of HTML.
//!
//! Per page, `<slug>.html` (English under `en/`) holds the page's `<main>` content
//! wrapped in `<div class="privacy-site">`, with every link made absolute (a CMS
//! serves it at another address); `<slug>.json` holds what the CMS needs around it
//! (title, description, language, URLs, last change, findings); `privacy-site.css`
//! is the site's stylesheet with every rule scoped to `.privacy-site`, so it cannot
//! restyle the host page. The fragments are cut from the pages as written, so they
//! are the same HTML the site publishes.

use crate::error::{Error, Result};
use crate::finding::Summary;
use crate::load::page::Page;
use crate::pipeline::Outcome;
use crate::site::Site;
use crate::write::Output;
use regex::Regex;
use std::sync::LazyLock;

/// The class of the wrapper every fragment and every stylesheet rule is scoped to.
pub const SCOPE: &str = "privacy-site";

/// The stylesheet's name in the fragments folder.
pub const STYLESHEET: &str = "privacy-site.css";

/// A URL attribute in the tool's own output (always double-quoted).
static URL_ATTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(\s(?:href|src|action|poster|cite)=")([^"]*)""#).expect("valid regex"));

/// Writes the fragments of every content page of a finished run into `out`:
/// `read` gives the bytes the run wrote at an output path. Returns the number of
/// pages written.
pub fn write(site: &Site, outcome: &Outcome, read: &dyn Fn(&str) -> Result<Vec<u8>>, out: &dyn Output) -> Result<usize> {
    let mut count = 0;
    for rendered in &outcome.rendered {
        let Some(i) = rendered.page else { continue };
        let page = &site.pages[i];
        let html = String::from_utf8_lossy(&read(&rendered.path)?).into_owned();
        let main = main_of(&html).ok_or_else(|| Error::Usage(format!("`{}` has no <main> element: the fragment cannot be cut from it", rendered.path)))?;
        let permalink = format!("{}{}", site.config.base_url, page.url(&site.config));
        let name = file_stem(site, page);
        let fragment = format!("<div class=\"{SCOPE}\" lang=\"{}\">\n{}\n</div>\n", page.lang, absolutise(main.trim(), &permalink));
        out.write(&format!("{name}.html"), fragment.as_bytes())?;
        let findings: Vec<_> = outcome.findings.iter().filter(|f| f.file == page.file).cloned().collect();
        out.write(&format!("{name}.json"), metadata(site, page, &permalink, &name, Summary::of(&findings, 1)).as_bytes())?;
        count += 1;
    }
    // The stylesheet the run wrote (not compiled again).
    if let Some((name, _)) = &outcome.stylesheet {
        let css = String::from_utf8_lossy(&read(name)?).into_owned();
        // A CMS serves the stylesheet elsewhere: its URLs of the site become absolute.
        let origin = site.config.base_url.strip_suffix(site.config.base_path()).unwrap_or(&site.config.base_url);
        let css = crate::render::sass::under_path(&css, origin);
        out.write(STYLESHEET, scope_css(&css, &format!(".{SCOPE}")).as_bytes())?;
    }
    Ok(count)
}

/// The fragment's file name without extension: `vores-dialog`, `en/vores-dialog`,
/// `index` for a language's front page.
fn file_stem(site: &Site, page: &Page) -> String {
    let slug = if page.slug.is_empty() { "index" } else { page.slug.as_str() };
    match site.config.prefix(&page.lang).trim_start_matches('/') {
        "" => slug.to_string(),
        folder => format!("{folder}/{slug}"),
    }
}

/// The JSON beside a fragment.
fn metadata(site: &Site, page: &Page, permalink: &str, name: &str, summary: Summary) -> String {
    let other = site
        .config
        .languages
        .iter()
        .filter(|l| l.code != page.lang)
        .find_map(|l| site.page(&page.slug, &l.code))
        .map(|p| serde_json::json!({"language": p.lang, "url": format!("{}{}", site.config.base_url, p.url(&site.config))}));
    let last_change = crate::changes::last_changed(page).map(|d| d.to_string());
    let value = serde_json::json!({
        "title": page.front.title,
        "description": page.front.description,
        "language": page.lang,
        "url": permalink,
        "other_language": other,
        "last_change": last_change,
        "fragment": format!("{}.html", name.rsplit('/').next().unwrap_or(name)),
        "stylesheet": STYLESHEET,
        "wrapper_class": SCOPE,
        "findings": {"errors": summary.errors, "warnings": summary.warnings, "notes": summary.notes},
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The content of the page's `<main>` element (without the element itself).
pub fn main_of(html: &str) -> Option<&str> {
    let open = html.find("<main")?;
    let start = open + html[open..].find('>')? + 1;
    let end = html.rfind("</main>")?;
    (end >= start).then(|| &html[start..end])
}

/// Makes every link and resource URL in `html` absolute against `page_url`, except
/// links within the page (`#id`) and URLs that are absolute already (`https:`,
/// `mailto:`, `tel:`).
pub fn absolutise(html: &str, page_url: &str) -> String {
    let Ok(base) = url::Url::parse(page_url) else { return html.to_string() };
    URL_ATTR
        .replace_all(html, |c: &regex::Captures| {
            let value = &c[2];
            let has_scheme = value
                .split_once(':')
                .is_some_and(|(s, _)| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.'));
            if value.starts_with('#') || value.is_empty() || has_scheme {
                return c[0].to_string();
            }
            match base.join(value) {
                Ok(url) => format!("{}{}\"", &c[1], url),
                Err(_) => c[0].to_string(),
            }
        })
        .into_owned()
}

/// Scopes compiled CSS to `scope` (e.g. `.privacy-site`): every selector is put
/// under it; `html` and `:root` become the scope itself (the wrapper takes the
/// page's base font and colours); rules for `body` (the whole page's layout) are
/// left out. `@media` and `@supports` blocks are scoped inside; `@font-face`,
/// `@keyframes` and other at-rules are kept as they are.
pub fn scope_css(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    scope_block(css, scope, &mut out);
    out
}

/// Scopes the rules of one block (the sheet, or an `@media` body) into `out`.
fn scope_block(css: &str, scope: &str, out: &mut String) {
    let mut rest = css;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return;
        }
        let Some(open) = find_top(rest, b'{') else {
            // A statement without a block (@charset, @import): keep it.
            out.push_str(rest);
            return;
        };
        // A statement before the block (`@import …;`) ends at a `;`.
        if let Some(semi) = find_top(&rest[..open], b';') {
            out.push_str(&rest[..=semi]);
            rest = &rest[semi + 1..];
            continue;
        }
        let prelude = rest[..open].trim();
        let close = matching_close(rest, open).unwrap_or(rest.len());
        let body = &rest[open + 1..close.min(rest.len())];
        if let Some(at) = prelude.strip_prefix('@') {
            let name = at.split(|c: char| !c.is_ascii_alphanumeric() && c != '-').next().unwrap_or_default().to_ascii_lowercase();
            if matches!(name.as_str(), "media" | "supports" | "layer" | "container" | "document") {
                out.push_str(prelude);
                out.push('{');
                scope_block(body, scope, out);
                out.push('}');
            } else {
                out.push_str(&rest[..=close.min(rest.len() - 1)]);
            }
        } else {
            let selectors: Vec<String> = split_top(prelude, b',').into_iter().filter_map(|s| scope_selector(s.trim(), scope)).collect();
            if !selectors.is_empty() {
                out.push_str(&selectors.join(","));
                out.push('{');
                out.push_str(body);
                out.push('}');
            }
        }
        rest = rest.get(close + 1..).unwrap_or("");
    }
}

/// One selector under `scope`; `None` for a `body` selector (left out).
fn scope_selector(selector: &str, scope: &str) -> Option<String> {
    let starts_with_word = |s: &str, word: &str| {
        s.len() >= word.len()
            && s[..word.len()].eq_ignore_ascii_case(word)
            && s[word.len()..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
    };
    let mut rest = selector;
    let mut root = false;
    for word in ["html", ":root"] {
        if starts_with_word(rest, word) {
            rest = rest[word.len()..].trim_start();
            root = true;
        }
    }
    if starts_with_word(rest, "body") {
        return None;
    }
    if root {
        // `html.x` stays on the wrapper; `html h1` is inside it.
        let joined = if rest.is_empty() || rest.starts_with(['.', ':', '[', '#']) { format!("{scope}{rest}") } else { format!("{scope} {rest}") };
        return Some(joined);
    }
    Some(format!("{scope} {selector}"))
}

/// The first `byte` at nesting depth 0 outside strings and parentheses.
fn find_top(s: &str, byte: u8) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'(' | b'[') => depth += 1,
            (None, b')' | b']') => depth -= 1,
            (None, _) if b == byte && depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// The `}` that closes the `{` at `open`.
fn matching_close(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote = None;
    for (i, b) in s.bytes().enumerate().skip(open) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'{') => depth += 1,
            (None, b'}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `s` split at every top-level `sep` (not inside parentheses, brackets or strings).
fn split_top(s: &str, sep: u8) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = s;
    while let Some(i) = find_top(rest, sep) {
        parts.push(&rest[..i]);
        rest = &rest[i + 1..];
    }
    parts.push(rest);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_scoped_and_body_layout_is_left_out() {
        let css = "*,*::before{box-sizing:border-box}html{font-size:100%}body{margin:0;min-height:100vh}html body .x{a:b}h1,:is(h2,h3){color:red}a[href^=\"/\"]::after{content:\"{x}\"}@media (max-width:40rem){.c,body{d:e}}@keyframes f{from{opacity:0}to{opacity:1}}@font-face{font-family:x}";
        assert_eq!(
            scope_css(css, ".privacy-site"),
            ".privacy-site *,.privacy-site *::before{box-sizing:border-box}.privacy-site{font-size:100%}.privacy-site h1,.privacy-site :is(h2,h3){color:red}.privacy-site a[href^=\"/\"]::after{content:\"{x}\"}@media (max-width:40rem){.privacy-site .c{d:e}}@keyframes f{from{opacity:0}to{opacity:1}}@font-face{font-family:x}"
        );
    }

    #[test]
    fn html_and_root_become_the_wrapper() {
        assert_eq!(scope_selector("html", ".s").as_deref(), Some(".s"));
        assert_eq!(scope_selector(":root", ".s").as_deref(), Some(".s"));
        assert_eq!(scope_selector("html.dark h1", ".s").as_deref(), Some(".s.dark h1"));
        assert_eq!(scope_selector("html h1", ".s").as_deref(), Some(".s h1"));
        assert_eq!(scope_selector("htmlx", ".s").as_deref(), Some(".s htmlx"));
        assert_eq!(scope_selector("body", ".s"), None);
        assert_eq!(scope_selector("body.x p", ".s"), None);
        assert_eq!(scope_selector(".bodyline", ".s").as_deref(), Some(".s .bodyline"));
    }

    #[test]
    fn main_is_cut_and_links_made_absolute() {
        let html = "<body><header><a href=\"/\">x</a></header><main id=\"indhold\" tabindex=\"-1\">\n<h1>T</h1><a href=\"/privatliv/a/#b\">a</a><a href=\"#c\">c</a><a href=\"../d/\">d</a><a href=\"mailto:x@y.dk\">m</a><a href=\"https://e.dk/\">e</a></main><footer></footer></body>";
        let main = main_of(html).unwrap();
        assert!(main.starts_with("\n<h1>T</h1>") && !main.contains("header") && !main.contains("footer"), "{main}");
        assert_eq!(
            absolutise(main, "https://www.lejre.dk/privatliv/en/x/"),
            "\n<h1>T</h1><a href=\"https://www.lejre.dk/privatliv/a/#b\">a</a><a href=\"#c\">c</a><a href=\"https://www.lejre.dk/privatliv/en/d/\">d</a><a href=\"mailto:x@y.dk\">m</a><a href=\"https://e.dk/\">e</a>"
        );
        assert_eq!(main_of("<p>no main</p>"), None);
    }
}
