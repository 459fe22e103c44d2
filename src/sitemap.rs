//! `sitemap.xml` with `xhtml:link` language alternates, and `robots.txt`.

use crate::site::Site;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The sitemap: every page with an alternate link per language it exists in.
pub fn sitemap(site: &Site) -> String {
    let base = &site.config.base_url;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut pages: Vec<_> = site.pages.iter().collect();
    pages.sort_by_cached_key(|a| a.url(&site.config));
    for page in pages {
        out.push_str(&format!("  <url>\n    <loc>{}</loc>\n", escape(&format!("{base}{}", page.url(&site.config)))));
        if let Some(d) = crate::changes::last_changed(page) {
            out.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
        }
        for lang in &site.config.languages {
            if let Some(alt) = site.page(&page.slug, &lang.code) {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    lang.code,
                    escape(&format!("{base}{}", alt.url(&site.config)))
                ));
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything under the base URL may be indexed; the sitemap is named.
pub fn robots(site: &Site) -> String {
    format!("User-agent: *\nAllow: {}/\nSitemap: {}/sitemap.xml\n", site.config.base_path(), site.config.base_url)
}
