//! The compliance matrix: every notice against every requirement (met, missing,
//! not required and why, waived with reason and date), for reviewers. It is a page
//! of the built site and, with `check --matrix FILE`, a standalone HTML file.

use crate::check::notice::{self, Status};
use crate::error::Result;
use crate::readability::Readability;
use crate::render::templates::Templates;
use crate::requirements::Requirement;
use crate::site::Site;
use rayon::prelude::*;
use serde_json::{json, Value};

/// One cell of the matrix as template data.
fn cell(status: &Status) -> Value {
    match status {
        Status::Met => json!({"status": "met"}),
        Status::Unclear(why) | Status::Missing(why) => json!({"status": status.name(), "detail": notice::details(why)}),
        Status::NotRequired(why) => json!({"status": "not-required", "detail": why}),
        Status::Waived { reason, until, .. } => json!({"status": "waived", "detail": reason, "until": until}),
    }
}

/// One notice's row of the matrix.
#[derive(Debug, Clone)]
pub struct Row {
    /// The notice's index in `site.pages`.
    pub page: usize,
    /// Its status on every requirement, in table order.
    pub statuses: Vec<(&'static Requirement, Status)>,
    /// Its readability: the LIX of the notice and of its keyed sections.
    pub readability: Readability,
}

impl PartialEq for Row {
    /// The same notice with the same statuses (requirement by requirement) and the
    /// same readability: the matrix shows it the same.
    fn eq(&self, other: &Row) -> bool {
        self.page == other.page
            && self.readability == other.readability
            && self.statuses.len() == other.statuses.len()
            && self.statuses.iter().zip(&other.statuses).all(|((a, x), (b, y))| std::ptr::eq(*a, *b) && x == y)
    }
}

/// Every notice evaluated against every requirement.
pub struct Matrix {
    /// One row per notice, in page order.
    rows: Vec<Row>,
}

impl Matrix {
    /// The matrix of the notices' rows (in page order).
    pub fn new(rows: Vec<Row>) -> Matrix {
        Matrix { rows }
    }

    /// The row of notice `page` (an index into `site.pages`); `None` if the page is
    /// not a notice.
    pub fn row(&self, page: usize) -> Option<&Row> {
        self.rows.binary_search_by_key(&page, |r| r.page).ok().map(|i| &self.rows[i])
    }

    /// The status of every requirement for notice `page`; `None` if the page is not
    /// a notice.
    pub fn statuses(&self, page: usize) -> Option<&[(&'static Requirement, Status)]> {
        self.row(page).map(|r| r.statuses.as_slice())
    }

    /// The notices of `lang` in column order: by weight, then title.
    pub fn columns(&self, lang: &str, site: &Site) -> Vec<&Row> {
        let mut notices: Vec<&Row> = self.rows.iter().filter(|r| site.pages[r.page].lang == lang).collect();
        notices.sort_by_key(|r| (site.pages[r.page].front.weight, &site.pages[r.page].front.title));
        notices
    }

    /// The columns of `lang` cut into matrix pages of at most `per_page` notices;
    /// always at least one page (which may be empty).
    pub fn pages<'a>(&'a self, lang: &str, site: &Site, per_page: usize) -> Vec<Vec<&'a Row>> {
        let columns = self.columns(lang, site);
        if columns.is_empty() {
            return vec![Vec::new()];
        }
        columns.chunks(per_page.max(1)).map(<[&Row]>::to_vec).collect()
    }

    /// The template data for `lang` of the columns `notices`: one heading per notice
    /// and one row of HTML per requirement, each rendered on its own with
    /// `partials/matrix_row.html` so that only one row's cells exist as template data
    /// at a time. The contact details awaiting confirmation are listed if
    /// `to_confirm`. `pager` (links to the other matrix pages), `first`, `last` and
    /// `total` describe one page showing every column given; the pipeline sets them
    /// for its matrix pages.
    pub fn view(&self, lang: &str, site: &Site, templates: &Templates, notices: &[&Row], to_confirm: bool) -> Result<Value> {
        let max_lix = site.config.readability.max_lix;
        let pages: Vec<Value> = notices
            .iter()
            .map(|r| {
                let page = &site.pages[r.page];
                let whole = &r.readability.whole;
                json!({"title": page.front.title, "url": page.url(&site.config), "file": page.file,
                       "lix": whole.display(), "lix_over": whole.lix() > max_lix})
            })
            .collect();
        let rows = crate::requirements::REQUIREMENTS
            .par_iter()
            .enumerate()
            .map(|(n, r)| {
                let articles: Vec<&str> = [r.art13, r.art14].into_iter().filter(|a| !a.is_empty()).collect();
                let mut ctx = tera::Context::new();
                ctx.insert("lang", lang);
                ctx.insert("req", &json!({"key": r.key, "title": r.title.get(lang), "articles": articles.join(", ")}));
                let cells: Vec<Value> = notices
                    .iter()
                    .map(|row| {
                        let mut c = cell(&row.statuses[n].1);
                        if let Some(counts) = row.readability.section(r.key) {
                            c["lix"] = json!(counts.display());
                        }
                        c
                    })
                    .collect();
                ctx.insert("cells", &cells);
                templates.render("partials/matrix_row.html", &ctx)
            })
            .collect::<Result<Vec<String>>>()?;
        let to_confirm = if to_confirm { crate::to_confirm::matrix_list(site, lang) } else { Vec::new() };
        let shown = notices.len();
        Ok(json!({"pages": pages, "rows": rows, "max_lix": max_lix, "to_confirm": to_confirm,
                  "pager": [], "first": shown.min(1), "last": shown, "total": shown}))
    }

    /// A plain-text summary for terminals and closing notes.
    pub fn summary(&self, site: &Site, lang: &str) -> String {
        use crate::messages::say_in;
        let mut out = String::new();
        for row in &self.rows {
            let page = &site.pages[row.page];
            if page.lang != site.config.default_language() {
                continue;
            }
            out.push_str(&format!("{} ({})\n", page.front.title, page.file.display()));
            out.push_str(&format!("  {:<22} {}\n", "LIX", row.readability.whole.display()));
            for (req, s) in &row.statuses {
                let key = req.key;
                let line = match s {
                    Status::Met => say_in("met", lang),
                    Status::Unclear(why) => format!("{}: {}", say_in("UNCLEAR", lang), notice::details_in(why, lang)),
                    Status::Missing(why) => format!("{}: {}", say_in("MISSING", lang), notice::details_in(why, lang)),
                    // Why, in the run's language (the status holds it in the page's).
                    Status::NotRequired(_) => say_in(&format!("not required ({})", &*req.when.explain(lang)), lang),
                    Status::Waived { reason, until, .. } => say_in(&format!("waived until {until}: {reason}"), lang),
                };
                out.push_str(&format!("  {key:<22} {line}\n"));
            }
        }
        out
    }
}
