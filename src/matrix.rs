//! The compliance matrix: every notice against every requirement (met, missing,
//! not required and why, waived with reason and date), for reviewers. It is a page
//! of the built site and, with `check --matrix FILE`, a standalone HTML file.

use crate::check::notice::{evaluate, Status};
use crate::site::Site;
use serde_json::{json, Value};

/// The matrix of one language's notices.
pub struct Matrix {
    rows: Vec<(usize, Vec<(&'static str, Status)>)>,
}

impl Matrix {
    /// Evaluates every notice of the site.
    pub fn of(site: &Site) -> Matrix {
        let rows = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind() == crate::load::page::PageKind::Notice)
            .map(|(i, p)| (i, evaluate(site, p).into_iter().map(|(r, s)| (r.key, s)).collect()))
            .collect();
        Matrix { rows }
    }

    /// The template data for `lang`: requirement columns and one row per notice.
    pub fn view(&self, lang: &str, site: &Site) -> Value {
        let columns: Vec<Value> = crate::requirements::REQUIREMENTS
            .iter()
            .map(|r| {
                let articles: Vec<&str> = [r.art13, r.art14].into_iter().filter(|a| !a.is_empty()).collect();
                json!({"key": r.key, "title": r.title.get(lang), "articles": articles.join(", ")})
            })
            .collect();
        let mut rows: Vec<(&crate::load::page::Page, Value)> = self
            .rows
            .iter()
            .map(|(i, cells)| (&site.pages[*i], cells))
            .filter(|(p, _)| p.lang == lang)
            .map(|(page, cells)| {
                let cells: Vec<Value> = cells
                    .iter()
                    .map(|(key, s)| match s {
                        Status::Met => json!({"key": key, "status": "met"}),
                        Status::Missing(why) => json!({"key": key, "status": "missing", "detail": why.join("; ")}),
                        Status::NotRequired(why) => json!({"key": key, "status": "not-required", "detail": why}),
                        Status::Waived { reason, until } => json!({"key": key, "status": "waived", "detail": reason, "until": until}),
                    })
                    .collect();
                (page, json!({"title": page.front.title, "url": page.url(&site.config), "file": page.file, "cells": cells}))
            })
            .collect();
        rows.sort_by_key(|(p, _)| (p.front.weight, p.front.title.clone()));
        json!({"columns": columns, "rows": rows.into_iter().map(|(_, v)| v).collect::<Vec<_>>()})
    }

    /// A plain-text summary for terminals and closing notes.
    pub fn summary(&self, site: &Site) -> String {
        let mut out = String::new();
        for (i, cells) in &self.rows {
            let page = &site.pages[*i];
            if page.lang != site.config.default_language() {
                continue;
            }
            out.push_str(&format!("{} ({})\n", page.front.title, page.file.display()));
            for (key, s) in cells {
                let line = match s {
                    Status::Met => "met".to_string(),
                    Status::Missing(why) => format!("MISSING: {}", why.join("; ")),
                    Status::NotRequired(why) => format!("not required ({why})"),
                    Status::Waived { reason, until } => format!("waived until {until}: {reason}"),
                };
                out.push_str(&format!("  {key:<22} {line}\n"));
            }
        }
        out
    }
}
