//! The data each template sees: `page`, `site`, `lang`, `ui`, `translations` and,
//! on the front page, `pages`. Built from the [`Site`] model only.

use super::markdown::{heading_anchors, TocEntry};
use crate::load::page::{page_url, Body, Page, PageKind};
use crate::site::Site;
use serde_json::{json, Value};

/// The template a page is rendered with: the one its front matter names, if that
/// exists (a name that does not is an error of [`crate::check::templates`]), else
/// its kind's.
pub fn template_for(page: &Page, templates: &crate::render::templates::Templates) -> String {
    if let Some(t) = page.front.template.as_ref().filter(|t| templates.has(t)) {
        return t.clone();
    }
    match page.kind() {
        PageKind::Index => "index.html",
        PageKind::Contact => "contact.html",
        PageKind::Notice => "notice.html",
        PageKind::Info => "page.html",
    }
    .to_string()
}

/// The context shared by every page of a language.
pub fn base(site: &Site, lang: &str, url: &str) -> tera::Context {
    let config = &site.config;
    let language = config.language(lang).expect("pages have declared languages");
    let mut ctx = tera::Context::new();
    ctx.insert("lang", lang);
    ctx.insert("ui", &language.ui);
    ctx.insert(
        "site",
        &json!({
            "title": language.title,
            "base_url": config.base_url,
            "home": page_url(config, lang, ""),
            "stylesheet": format!("/{}", crate::render::sass::css_file(config)),
            "responsible": config.responsible,
            "accessibility_statement_url": config.accessibility_statement_url,
            "privacy_policy_url": config.privacy_policy_url,
            "controller_url": site.contact_page("controller", lang).map(|p| p.url(config)),
        }),
    );
    ctx.insert("url", url);
    ctx.insert("permalink", &format!("{}{url}", config.base_url));
    ctx
}

/// Links to the same page in every language that has it (`exists`), for the
/// switcher and the `hreflang` alternates.
pub fn translations(site: &Site, slug: &str, current: &str) -> Vec<Value> {
    site.config
        .languages
        .iter()
        .filter_map(|l| {
            let page = site.page(slug, &l.code)?;
            let url = page.url(&site.config);
            Some(json!({
                "lang": l.code,
                "url": url,
                "permalink": format!("{}{url}", site.config.base_url),
                "label": l.ui.get("language_name").cloned().unwrap_or_else(|| l.code.clone()),
                "current": l.code == current,
                "default": l.code == site.config.default_language(),
            }))
        })
        .collect()
}

/// The full context of `page` (body `body`), with its rendered body `content`.
pub fn for_page(site: &Site, page: &Page, body: &Body, content: &str) -> tera::Context {
    let config = &site.config;
    let url = page.url(config);
    let mut ctx = base(site, &page.lang, &url);
    let toc: Vec<TocEntry> = body
        .headings
        .iter()
        .zip(heading_anchors(&body.headings))
        .filter(|(h, _)| h.level == 2)
        .map(|(h, (id, _))| TocEntry { level: h.level, id, title: h.text.clone() })
        .collect();
    let waivers: Vec<Value> = page
        .front
        .waivers
        .iter()
        .map(|(key, w)| {
            json!({
                "key": key,
                "title": crate::requirements::find(key).map_or(key, |r| r.title.get(&page.lang)),
                "reason": w.reason,
                "until": w.until.map(|d| d.to_string()),
                "until_display": w.until.map(|d| format_date(&d, &page.lang)),
            })
        })
        .collect();
    let backlinks: Vec<Value> = match &page.front.contact {
        Some(c) => site.backlinks(&c.id, &page.lang).into_iter().map(|p| json!({"title": p.front.title, "url": p.url(config)})).collect(),
        None => Vec::new(),
    };
    put(
        &mut ctx,
        "page",
        json!({
            "title": page.front.title,
            "description": page.front.description,
            "date": page.front.date.map(|d| d.to_string()),
            "date_display": page.front.date.map(|d| format_date(&d, &page.lang)),
            "updated": page.front.updated.map(|d| d.to_string()),
            "updated_display": page.front.updated.map(|d| format_date(&d, &page.lang)),
            "to_confirm": page.front.contact.iter().flat_map(|c| &c.to_confirm).map(|t| json!({
                "note": t.note,
                "since": t.since.map(|d| d.to_string()),
                "since_display": t.since.map(|d| format_date(&d, &page.lang)),
            })).collect::<Vec<_>>(),
            "content": content,
            "toc": toc,
            "kind": format!("{:?}", page.kind()).to_lowercase(),
            "waivers": waivers,
            "contact": page.front.contact,
            "backlinks": backlinks,
            "extra": page.front.extra,
        }),
    );
    put(&mut ctx, "translations", Value::Array(translations(site, &page.slug, &page.lang)));
    // Issue 14: the first layer ("Kort fortalt") and the change history.
    ctx.insert("in_brief", &crate::in_brief::build(site, page, body));
    ctx.insert("changes", &crate::changes::view(page));
    if page.kind() == PageKind::Index {
        let list = |kind: PageKind| -> Vec<Value> {
            let mut pages: Vec<&Page> = site.pages_in(&page.lang).filter(|p| p.kind() == kind).collect();
            pages.sort_by(|a, b| (a.front.weight, &a.front.title).cmp(&(b.front.weight, &b.front.title)));
            pages.iter().map(|p| json!({"title": p.front.title, "description": p.front.description, "url": p.url(config)})).collect()
        };
        ctx.insert("notices", &list(PageKind::Notice));
        ctx.insert("info_pages", &list(PageKind::Info));
        ctx.insert("contacts", &list(PageKind::Contact));
    }
    ctx
}

/// Adds `value` to `ctx` as `key` without the copy that [`tera::Context::insert`]
/// makes (a page's value holds its whole rendered body).
fn put(ctx: &mut tera::Context, key: &str, value: Value) {
    let object = Value::Object(serde_json::Map::from_iter([(key.to_string(), value)]));
    ctx.extend(tera::Context::from_value(object).expect("an object is a context"));
}

/// The context of the contact block shortcode for contact `id` (and `unit`) on a
/// page in `lang`; `None` if there is no such contact.
pub fn contact_block(site: &Site, lang: &str, id: &str, unit: Option<&str>) -> Option<tera::Context> {
    let page = site.contact_page(id, lang)?;
    let record = page.front.contact.as_ref()?;
    let mut ctx = base(site, lang, &page.url(&site.config));
    ctx.insert("contact", record);
    ctx.insert("contact_url", &page.url(&site.config));
    ctx.insert("contact_title", &page.front.title);
    ctx.insert("unit", &unit.and_then(|u| record.unit(u)));
    // Issue 14: details awaiting the municipality's confirmation, noted in the block.
    ctx.insert("to_confirm_note", &crate::to_confirm::note(record, lang));
    Some(ctx)
}

/// Language alternates of a generated page (404, matrix) that exists in every language.
pub fn translations_generated(site: &Site, url: &str, current: &str) -> Vec<Value> {
    let config = &site.config;
    let rest = url.strip_prefix(&config.prefix(current)).unwrap_or(url);
    config
        .languages
        .iter()
        .map(|l| {
            let url = format!("{}{rest}", config.prefix(&l.code));
            json!({
                "lang": l.code,
                "url": url,
                "permalink": format!("{}{url}", config.base_url),
                "label": l.ui.get("language_name").cloned().unwrap_or_else(|| l.code.clone()),
                "current": l.code == current,
                "default": l.code == config.default_language(),
            })
        })
        .collect()
}

/// A date as the page's language writes it: `25.11.2026` or `25 November 2026`.
pub fn format_date(d: &toml::value::Datetime, lang: &str) -> String {
    match crate::load::front_matter::to_date(d) {
        Some(date) if lang == "da" => date.format("%d.%m.%Y").to_string(),
        Some(date) => date.format("%-d %B %Y").to_string(),
        None => d.to_string(),
    }
}
