//! Stage 2, check: every rule the site is held to. Content rules run on the loaded
//! [`Site`] before rendering; output rules run on the facts the rewrite pass
//! collected. Each rule is a module; each returns [`Finding`]s.

pub mod citations;
pub mod consistency;
pub mod contacts;
pub mod external;
pub mod language;
pub mod lints;
pub mod notice;
pub mod output;
pub mod placeholders;
pub mod readability;
pub mod templates;
pub mod translations;

use crate::finding::Finding;
use crate::load::page::{Body, Page};
use crate::readability::Readability;
use crate::site::Site;
use std::path::Path;

/// The content rules that look across pages: UI strings, contact records and
/// translations.
pub fn site_wide(site: &Site) -> Vec<Finding> {
    let mut findings = site.config.check_ui_strings(Path::new("config.toml"));
    findings.extend(contacts::check_records(site));
    findings.extend(crate::contacts::check_urls(site));
    findings.extend(translations::check(site));
    findings
}

/// The content rules of one page with body `body`, other than its notice's Art.
/// 13/14 evaluation ([`notice::check`], which the pipeline runs beside them); a
/// notice's `readability` is measured once, for these rules and the matrix.
pub fn page(site: &Site, page: &Page, body: &Body, readability: Option<&Readability>) -> Vec<Finding> {
    let mut f = contacts::check_page(site, page, body);
    f.extend(language::check(page, body));
    f.extend(lints::check(page, body));
    f.extend(placeholders::check(page, body));
    if let Some(measured) = readability {
        f.extend(readability::check(&site.config.readability, page, body, measured));
    }
    f.extend(crate::changes::check(page, body));
    f
}
