//! `privacy-site audit`: judges existing pages (plain text or saved HTML) item by item
//! without importing them, for the data protection officer who must know what the
//! municipality's current pages lack before they are migrated.
//!
//! A page is read and classified exactly as `import` reads it
//! ([`crate::import::classify`]) and judged by the same rules as `check`
//! ([`crate::check::notice::evaluate`]), with its facts taken from its own text.

use crate::check::notice::{self, Judge, Notice, Problem, Status};
use crate::error::{Error, Result};
use crate::evidence::{Analysis, Lang};
use crate::import::{self, classify};
use crate::small_map::SmallMap;
use serde::Serialize;
use std::path::PathBuf;

/// Where a page stands on one Art. 13/14 item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemStatus {
    /// The page gives it.
    Met,
    /// The page has a section for it whose text does not clearly give it.
    Unclear,
    /// The page does not give it.
    Missing,
}

/// One item of one page.
#[derive(Debug, Clone, Serialize)]
pub struct ItemAudit {
    /// The requirement key, e.g. `retention`.
    pub key: &'static str,
    /// The Art. 13 and/or Art. 14 references that apply.
    pub article: String,
    /// Met, unclear or missing.
    pub status: ItemStatus,
    /// The line of the evidence (met), of the section (unclear), or of the text that
    /// reads like it (missing), if any.
    pub line: Option<usize>,
    /// What is wrong, for unclear and missing items (in English; [`localise`] puts
    /// it in the run's language).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// The problems that make up `detail`.
    #[serde(skip)]
    pub problems: Vec<Problem>,
}

/// One page.
#[derive(Debug, Clone, Serialize)]
pub struct PageAudit {
    /// The file as given.
    pub file: PathBuf,
    /// Whether it is a privacy notice (only a notice has items).
    pub notice: bool,
    /// The language it is written in.
    pub lang: &'static str,
    /// Its title.
    pub title: String,
    /// The items that apply to it, in the requirement table's order.
    pub items: Vec<ItemAudit>,
}

impl PageAudit {
    /// The number of items with `status`.
    pub fn count(&self, status: ItemStatus) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }
}

/// Judges one page's source; `html` says how to read it.
pub fn audit(file: PathBuf, source: &str, html: bool) -> PageAudit {
    let lang = language(source, html);
    let reading = classify::read(import::read_source(source, html, lang), lang);
    let mut page = PageAudit { file, notice: reading.notice, lang: lang.code(), title: reading.parsed.title.clone(), items: Vec::new() };
    if !reading.notice {
        return page;
    }
    let doc = reading.document();
    let facts = reading.found.facts();
    let statuses = notice::evaluate(&Notice { doc: &doc, facts: &facts, waivers: &SmallMap::default(), judge: Judge::Text });
    let analysis = Analysis::new(&doc);
    for (req, status) in &statuses {
        let keyed = doc.keyed(req.key);
        let (item, line) = match status {
            Status::NotRequired(_) | Status::Waived { .. } => continue,
            Status::Met => {
                (ItemStatus::Met, keyed.and_then(|h| analysis.evidence(req.key, analysis.section(h))).map(|hit| hit.line).or(keyed.map(|h| doc.blocks[h].line)))
            }
            Status::Unclear(_) => (ItemStatus::Unclear, keyed.map(|h| doc.blocks[h].line)),
            Status::Missing(problems) => (ItemStatus::Missing, problems.iter().map(|p| p.line).find(|l| *l > 0)),
        };
        let problems = status.problems().to_vec();
        page.items.push(ItemAudit { key: req.key, article: req.articles(&facts), status: item, line, detail: notice::details(&problems), problems });
    }
    page
}

/// Puts every item's `detail` in `lang` (see [`crate::messages::translate`]).
pub fn localise(pages: &mut [PageAudit], lang: &str) {
    for item in pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
        item.detail = notice::details_in(&item.problems, lang);
    }
}

/// The language of a page: its `<html lang>` if it has one, else its words.
fn language(source: &str, html: bool) -> Lang {
    if html {
        // The first 4 KiB, cut where a character starts.
        let end = (0..=source.len().min(4096)).rev().find(|i| source.is_char_boundary(*i)).unwrap_or(0);
        let head = &source[..end].to_ascii_lowercase();
        if let Some(at) = head.find("<html") {
            let tag = &head[at..head[at..].find('>').map_or(head.len(), |e| at + e)];
            if let Some(l) = tag.split("lang=").nth(1) {
                return Lang::of(l.trim_start_matches(['"', '\'']).get(..2).unwrap_or("da"));
            }
        }
    }
    Lang::detect(source)
}

/// The pages as an HTML table (items by pages), escaped, with its own style, in
/// language `lang` (the pages' details as they are: see [`localise`]).
pub fn matrix(pages: &[PageAudit], lang: &str) -> Result<String> {
    let say = |text: &str| crate::messages::say_in(text, lang);
    let rows: Vec<serde_json::Value> = crate::requirements::REQUIREMENTS
        .iter()
        .map(|req| {
            let cells: Vec<serde_json::Value> = pages
                .iter()
                .map(|p| p.items.iter().find(|i| i.key == req.key).map_or(serde_json::json!({}), |i| serde_json::to_value(i).unwrap_or_default()))
                .collect();
            serde_json::json!({"key": req.key, "title": req.title.get(lang), "cells": cells})
        })
        .collect();
    let total = |s: ItemStatus| pages.iter().map(|p| p.count(s)).sum::<usize>();
    let notices = pages.iter().filter(|p| p.notice).count();
    let mut ctx = tera::Context::new();
    ctx.insert("pages", pages);
    ctx.insert("rows", &rows);
    ctx.insert("lang", lang);
    ctx.insert("title", &say("Audit of privacy pages: GDPR Art. 13/14"));
    ctx.insert(
        "intro",
        &say(&format!(
            "{notices} of {} pages read as privacy notices: {} items met, {} unclear, {} missing. A page that is not a notice has no items.",
            pages.len(),
            total(ItemStatus::Met),
            total(ItemStatus::Unclear),
            total(ItemStatus::Missing)
        )),
    );
    let words: std::collections::HashMap<&str, String> =
        ["Item", "not a notice", "line", "met", "unclear", "missing"].into_iter().map(|w| (w, say(w))).collect();
    ctx.insert("words", &words);
    let error = |e: tera::Error| Error::Template { template: "audit matrix".into(), message: e.to_string() };
    let mut tera = tera::Tera::default();
    tera.add_raw_template("matrix.html", include_str!("matrix.html")).map_err(error)?;
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(crate::render::templates::escape_html);
    tera.render("matrix.html", &ctx).map_err(error)
}

/// The files to audit under `paths`: each file as given, and in each folder every
/// `.txt`, `.html` and `.htm` file (recursively, in name order).
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            for entry in ignore::WalkBuilder::new(path).standard_filters(false).hidden(true).build() {
                let entry = entry.map_err(|e| Error::Usage(format!("cannot read `{}`: {e}", path.display())))?;
                let p = entry.path();
                if p.is_file() && p.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "txt" | "html" | "htm")) {
                    found.push(p.to_path_buf());
                }
            }
            found.sort();
            out.extend(found);
        } else if path.is_file() {
            out.push(path.clone());
        } else {
            return Err(Error::Usage(format!("`{}` is neither a file nor a folder", path.display())));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_of_saved_html_is_read_whatever_character_the_first_4_kib_end_in() {
        // Two-byte letters after an odd and an even number of bytes: one of the two
        // puts a letter across the 4 KiB mark.
        for odd in ["", "x"] {
            let page = format!("<!DOCTYPE html>\n<!--{odd}{}-->\n<html lang=\"en\"><body><p>æøå</p></body></html>", "æ".repeat(2100));
            assert_eq!(language(&page, true), Lang::Da, "the lang attribute lies beyond 4 KiB: the words decide");
            let page = format!("<html lang=\"en\"><!--{odd}{}--><body><p>Vi og du</p></body></html>", "å".repeat(2100));
            assert_eq!(language(&page, true), Lang::En);
        }
    }
}
