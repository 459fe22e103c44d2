//! The compliance matrix: every notice against every requirement (met, missing,
//! not required and why, waived with reason and date), for reviewers. It is a page
//! of the built site and, with `check --matrix FILE`, a standalone HTML file.

use crate::check::notice::{evaluate_page, Status};
use crate::error::Result;
use crate::render::templates::Templates;
use crate::requirements::Requirement;
use crate::site::Site;
use rayon::prelude::*;
use serde_json::{json, Value};

/// One cell of the matrix as template data.
fn cell(status: &Status) -> Value {
    match status {
        Status::Met => json!({"status": "met"}),
        Status::Unclear(why) | Status::Missing(why) => json!({"status": status.name(), "detail": detail(why)}),
        Status::NotRequired(why) => json!({"status": "not-required", "detail": why}),
        Status::Waived { reason, until, .. } => json!({"status": "waived", "detail": reason, "until": until}),
    }
}

/// What a requirement lacks, in one line.
fn detail(problems: &[crate::check::notice::Problem]) -> String {
    problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// A notice's page index and its statuses.
type Row = (usize, Vec<(&'static Requirement, Status)>);

/// The matrix of one language's notices.
pub struct Matrix {
    /// Notice page index and its statuses, in page order.
    rows: Vec<(usize, Vec<(&'static Requirement, Status)>)>,
    /// Issue 14: each row's readability (LIX of the notice and of its keyed sections).
    readability: Vec<crate::readability::Readability>,
}

impl Matrix {
    /// Evaluates every notice of the site.
    pub fn of(site: &Site) -> Matrix {
        let (rows, readability) = site
            .pages
            .par_iter()
            .enumerate()
            .filter(|(_, p)| p.kind() == crate::load::page::PageKind::Notice)
            .map(|(i, p)| ((i, evaluate_page(site, p)), crate::readability::measure(&p.body, &p.headings, usize::MAX)))
            .unzip();
        Matrix { rows, readability }
    }

    /// The status of every requirement for notice `page` (an index into
    /// `site.pages`); `None` if the page is not a notice.
    pub fn statuses(&self, page: usize) -> Option<&[(&'static Requirement, Status)]> {
        let row = self.rows.binary_search_by_key(&page, |(i, _)| *i).ok()?;
        Some(&self.rows[row].1)
    }

    /// The template data for `lang`: the notices (columns, by weight then title) and
    /// one row of HTML per requirement, each rendered on its own with
    /// `partials/matrix_row.html` so that only one row's cells exist as template data
    /// at a time.
    pub fn view(&self, lang: &str, site: &Site, templates: &Templates) -> Result<Value> {
        let mut notices: Vec<(&Row, &crate::readability::Readability)> =
            self.rows.iter().zip(&self.readability).filter(|((i, _), _)| site.pages[*i].lang == lang).collect();
        notices.sort_by_key(|((i, _), _)| (site.pages[*i].front.weight, &site.pages[*i].front.title));
        let max_lix = site.config.readability.max_lix;
        let pages: Vec<Value> = notices
            .iter()
            .map(|((i, _), r)| {
                let page = &site.pages[*i];
                json!({"title": page.front.title, "url": page.url(&site.config), "file": page.file,
                       "lix": r.whole.display(), "lix_over": r.whole.lix() > max_lix})
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
                    .map(|((_, cells), read)| {
                        let mut c = cell(&cells[n].1);
                        if let Some(counts) = read.section(r.key) {
                            c["lix"] = json!(counts.display());
                        }
                        c
                    })
                    .collect();
                ctx.insert("cells", &cells);
                templates.render("partials/matrix_row.html", &ctx)
            })
            .collect::<Result<Vec<String>>>()?;
        let to_confirm = crate::to_confirm::matrix_list(site, lang);
        Ok(json!({"pages": pages, "rows": rows, "max_lix": max_lix, "to_confirm": to_confirm}))
    }

    /// A plain-text summary for terminals and closing notes.
    pub fn summary(&self, site: &Site) -> String {
        let mut out = String::new();
        for ((i, cells), r) in self.rows.iter().zip(&self.readability) {
            let page = &site.pages[*i];
            if page.lang != site.config.default_language() {
                continue;
            }
            out.push_str(&format!("{} ({})\n", page.front.title, page.file.display()));
            out.push_str(&format!("  {:<22} {}\n", "LIX", r.whole.display()));
            for (req, s) in cells {
                let key = req.key;
                let line = match s {
                    Status::Met => "met".to_string(),
                    Status::Unclear(why) => format!("UNCLEAR: {}", detail(why)),
                    Status::Missing(why) => format!("MISSING: {}", detail(why)),
                    Status::NotRequired(why) => format!("not required ({why})"),
                    Status::Waived { reason, until, .. } => format!("waived until {until}: {reason}"),
                };
                out.push_str(&format!("  {key:<22} {line}\n"));
            }
        }
        out
    }
}
