//! Stage 2, check: every rule the site is held to. Content rules run on the loaded
//! [`Site`] before rendering; output rules run on the facts the rewrite pass
//! collected. Each rule is a module; each returns [`Finding`]s.

pub mod citations;
pub mod consistency;
pub mod contacts;
pub mod external;
pub mod lints;
pub mod notice;
pub mod output;
pub mod placeholders;
pub mod templates;
pub mod translations;

use crate::finding::Finding;
use crate::load::page::Page;
use crate::matrix::Matrix;
use crate::pipeline::Rendered;
use crate::render::templates::Templates;
use crate::requirements::Requirement;
use crate::site::Site;
use notice::Status;
use rayon::prelude::*;
use std::path::Path;

/// Every content rule over the whole site; `matrix` holds each notice's evaluation.
/// (The pipeline runs [`site_wide`] once and [`page`] inside its per-page pass.)
pub fn content(site: &Site, matrix: &Matrix) -> Vec<Finding> {
    let mut findings = site_wide(site);
    let per_page: Vec<Finding> = site.pages.par_iter().enumerate().flat_map_iter(|(i, p)| page(site, p, matrix.statuses(i))).collect();
    findings.extend(per_page);
    findings
}

/// The content rules that look across pages: UI strings, contact records and
/// translations.
pub fn site_wide(site: &Site) -> Vec<Finding> {
    let mut findings = site.config.check_ui_strings(Path::new("config.toml"));
    findings.extend(contacts::check_records(site));
    findings.extend(crate::contacts::check_urls(&site.pages));
    findings.extend(translations::check(site));
    findings
}

/// The content rules of one page; `statuses` is its row of the matrix if it is a
/// notice.
pub fn page(site: &Site, page: &Page, statuses: Option<&[(&'static Requirement, Status)]>) -> Vec<Finding> {
    let mut f = statuses.map(|s| notice::check(page, s)).unwrap_or_default();
    f.extend(contacts::check_page(site, page));
    f.extend(lints::check(page));
    f.extend(placeholders::check(page));
    f
}

/// Every output rule over the rendered site.
pub fn output(site: &Site, templates: &Templates, rendered: &[Rendered], files: &[String]) -> Vec<Finding> {
    output::check(site, templates, rendered, files)
}
