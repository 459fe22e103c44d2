//! An Atom feed (RFC 4287) per language of every notice's recorded changes
//! (`[[changes]]`, [`crate::changes`]): `/atom.xml` for Danish, `/en/atom.xml` for
//! English, so that residents, journalists and staff can follow what changed. Every
//! page links to its language's feed with `<link rel="alternate">`.

use crate::error::Result;
use crate::load::page::PageKind;
use crate::site::Site;
use crate::write::Output;
use toml::value::Datetime;

/// Writes the feed of every language to `output`.
pub fn write(site: &Site, output: &dyn Output) -> Result<()> {
    for lang in &site.config.languages {
        output.write(&path(site, &lang.code), atom(site, &lang.code).as_bytes())?;
    }
    Ok(())
}

/// The output paths of the feeds, one per language.
pub fn paths(site: &Site) -> Vec<String> {
    site.config.languages.iter().map(|l| path(site, &l.code)).collect()
}

/// The output path of the feed of `lang`: `atom.xml` or `en/atom.xml`.
pub fn path(site: &Site, lang: &str) -> String {
    crate::pipeline::output_path(&format!("{}/atom.xml", site.config.prefix(lang)))
}

/// Escapes text for XML content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A TOML date as an RFC 3339 timestamp: a date alone is midnight UTC.
fn timestamp(d: &Datetime) -> String {
    match (d.date, d.time, d.offset) {
        (Some(date), Some(time), Some(offset)) => format!("{date}T{time}{offset}"),
        (Some(date), Some(time), None) => format!("{date}T{time}Z"),
        (Some(date), None, _) => format!("{date}T00:00:00Z"),
        _ => "1970-01-01T00:00:00Z".to_string(),
    }
}

/// The feed's title in `lang`.
fn title(lang: &str, responsible: &str) -> String {
    if lang == "da" {
        format!("Ændringer i privatlivspolitikkerne – {responsible}")
    } else {
        format!("Changes to the privacy notices – {responsible}")
    }
}

/// The Atom feed of `lang`: one entry per recorded change of each notice in that
/// language, newest first. The output is the same for the same sources: the feed's
/// `updated` is its newest entry (or, without entries, the newest page date).
pub fn atom(site: &Site, lang: &str) -> String {
    let config = &site.config;
    let base = &config.base_url;
    let self_url = format!("{base}/{}", path(site, lang));
    let home = format!("{base}{}/", config.prefix(lang));
    let mut entries: Vec<(String, &str, String, String)> = Vec::new();
    for page in site.pages_in(lang).filter(|p| p.kind() == PageKind::Notice) {
        let permalink = format!("{base}{}", page.url(config));
        // Both lists are newest first, in the same order.
        for (entry, change) in crate::changes::entries(page).into_iter().zip(crate::changes::newest_first(&page.front.changes)) {
            let url = format!("{permalink}#{}", entry.anchor);
            entries.push((timestamp(&change.date), page.front.title.as_str(), entry.summary, url));
        }
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)).then_with(|| a.3.cmp(&b.3)));
    let updated = entries.first().map(|e| e.0.clone()).unwrap_or_else(|| {
        site.pages_in(lang).filter_map(|p| p.front.updated.or(p.front.date)).map(|d| timestamp(&d)).max().unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
    });
    // Sized once (an entry is its texts and some 250 bytes of markup): a large
    // site's feed grown by doubling would briefly need its size twice over.
    let size = entries.iter().map(|(_, title, summary, url)| 300 + title.len() + 2 * (summary.len() + url.len())).sum::<usize>();
    let mut out = String::with_capacity(1024 + size);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", escape(lang)));
    out.push_str(&format!("  <id>{}</id>\n", escape(&self_url)));
    out.push_str(&format!("  <title>{}</title>\n", escape(&title(lang, &config.responsible))));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str(&format!("  <author><name>{}</name></author>\n", escape(&config.responsible)));
    out.push_str(&format!("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n", escape(&self_url)));
    out.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&home)));
    for (updated, page_title, summary, url) in &entries {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", escape(url)));
        out.push_str(&format!("    <title>{}</title>\n", escape(&format!("{page_title}: {summary}"))));
        out.push_str(&format!("    <updated>{updated}</updated>\n"));
        out.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(url)));
        out.push_str(&format!("    <summary type=\"text\">{}</summary>\n", escape(summary)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_rfc_3339_and_text_is_escaped() {
        let d: Datetime = "2026-11-26".parse().unwrap();
        assert_eq!(timestamp(&d), "2026-11-26T00:00:00Z");
        let t: Datetime = "2026-11-26T10:30:00+01:00".parse().unwrap();
        assert_eq!(timestamp(&t), "2026-11-26T10:30:00+01:00");
        assert_eq!(escape("IT & \"Digitalisering\" <a>"), "IT &amp; &quot;Digitalisering&quot; &lt;a&gt;");
    }
}
