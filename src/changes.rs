//! The change history of a page: `[[changes]]` entries in its front matter, each a
//! date, a one-line summary in the page's language and, on the latest entry, the hash
//! of the body as that change left it:
//!
//! ```toml
//! [[changes]]
//! date = 2026-11-26
//! summary = "Lange sætninger delt op og skrevet i et enklere sprog; intet indhold ændret."
//! hash = "3f2a9c0d41b7"
//! ```
//!
//! The page shows "Senest ændret" / "Last changed" and the list ([`view`]); each
//! language's Atom feed lists every notice's changes ([`crate::feed`]); `check` warns
//! when the body no longer has the hash of the latest entry, that is, when the page
//! changed without a new entry ([`check`]). The hash is the one translation records
//! use ([`crate::translate`]): the body with its shortcodes spelled out.

use crate::finding::Finding;
use crate::load::page::{Body, Page};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use toml::value::Datetime;

/// One `[[changes]]` entry.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// When the change was published.
    pub date: Datetime,
    /// What changed for the reader, in one line in the page's language.
    pub summary: String,
    /// The body hash after the change ([`body_hash`]); needed on the latest entry.
    #[serde(default)]
    pub hash: Option<String>,
}

/// The hash of a page body as `[[changes]]` records it: 12 hex digits of SHA-256 over
/// the body with each shortcode spelled out (so that a changed contact id counts).
pub fn body_hash(body: &Body) -> String {
    crate::text::short_hash(&crate::translate::expand(body, &body.text))
}

/// The entries newest first: by date, and among entries of one date the one written
/// later first (entries are written oldest first).
pub fn newest_first(changes: &[Change]) -> Vec<&Change> {
    let mut list: Vec<&Change> = changes.iter().rev().collect();
    list.sort_by_key(|c| std::cmp::Reverse(sort_key(&c.date)));
    list
}

/// A date's sort key (`YYYY-MM-DD…` sorts as text).
fn sort_key(d: &Datetime) -> String {
    d.to_string()
}

/// The latest entry.
pub fn latest(changes: &[Change]) -> Option<&Change> {
    newest_first(changes).into_iter().next()
}

/// When `page` last changed: the newest of its latest `[[changes]]` entry, its
/// `updated` and its `date` (what the sitemap's `lastmod` and a fragment's
/// `last_change` say).
pub fn last_changed(page: &Page) -> Option<Datetime> {
    let front = &page.front;
    [latest(&front.changes).map(|c| c.date), front.updated, front.date].into_iter().flatten().max_by_key(sort_key)
}

/// The id of the page's list of changes: `aendringer` on Danish pages, `changes` on
/// the others.
pub fn section_id(lang: &str) -> &'static str {
    if lang == "da" {
        "aendringer"
    } else {
        "changes"
    }
}

/// An entry as the page, the feed and the JSON show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The date as written (`2026-11-26`).
    pub date: String,
    /// The date as the page's language writes it.
    pub display: String,
    /// The summary.
    pub summary: String,
    /// The entry's id on the page: `aendring-2026-11-26` (`change-…` in English), with
    /// `-2`, `-3` … for further entries of the same date.
    pub anchor: String,
}

/// The entries of a page, newest first, with their anchors.
pub fn entries(page: &Page) -> Vec<Entry> {
    let prefix = if page.lang == "da" { "aendring" } else { "change" };
    // Anchors follow the file order, so that adding an entry never renames another.
    let mut seen: Vec<String> = Vec::new();
    let mut anchors = Vec::new();
    for c in &page.front.changes {
        let date = c.date.to_string();
        let n = seen.iter().filter(|d| **d == date).count();
        anchors.push(if n == 0 { format!("{prefix}-{date}") } else { format!("{prefix}-{date}-{}", n + 1) });
        seen.push(date);
    }
    let mut list: Vec<(&Change, String)> = page.front.changes.iter().zip(anchors).rev().collect();
    list.sort_by_key(|(c, _)| std::cmp::Reverse(sort_key(&c.date)));
    list.into_iter()
        .map(|(c, anchor)| Entry {
            date: c.date.to_string(),
            display: crate::render::context::format_date(&c.date, &page.lang),
            summary: c.summary.trim().to_string(),
            anchor,
        })
        .collect()
}

/// The template data of a page's history: `changes.id`, `changes.last` (the latest
/// entry) and `changes.entries`, newest first; `null` for a page without entries.
pub fn view(page: &Page) -> Value {
    let entries = entries(page);
    match entries.first() {
        None => Value::Null,
        Some(last) => json!({"id": section_id(&page.lang), "last": last, "entries": entries}),
    }
}

/// The findings about a page's history, whose body is `body`: the latest entry has no
/// hash, or the body has changed since (warnings); an entry without a summary (error).
pub fn check(page: &Page, body: &Body) -> Vec<Finding> {
    let changes = &page.front.changes;
    let mut findings = Vec::new();
    let line = body.front_line("[[changes]]");
    for c in changes.iter().filter(|c| c.summary.trim().is_empty()) {
        findings.push(
            Finding::error("change-summary-empty", &page.file, line, format!("the change of {} has no summary", c.date))
                .help("say in one line, in the page's language, what changed for the reader"),
        );
    }
    let Some(last) = latest(changes) else { return findings };
    let now = body_hash(body);
    let entry = |summary: &str| format!("[[changes]]\ndate = {}\nsummary = \"{summary}\"\nhash = \"{now}\"", crate::check::notice::today().format("%Y-%m-%d"));
    match &last.hash {
        None => findings.push(
            Finding::warning(
                "change-hash-missing",
                &page.file,
                line,
                format!("the latest change ({}) records no hash of the body, so a later edit without a new entry goes unnoticed", last.date),
            )
            .help(format!("if the body is as that change left it, add hash = \"{now}\" to that entry")),
        ),
        Some(hash) if *hash != now => findings.push(
            Finding::warning(
                "change-unrecorded",
                &page.file,
                line,
                format!("the body has changed since the latest recorded change ({}: \"{}\")", last.date, last.summary.trim()),
            )
            .help(format!(
                "readers follow changes on the page and in its Atom feed: add an entry after the others, with a summary of what changed for the reader:\n{}",
                entry(if page.lang == "da" { "Hvad der er ændret for læseren, på én linje." } else { "What changed for the reader, in one line." })
            )),
        ),
        Some(_) => {}
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::path::Path;

    fn page(front: &str, body: &str) -> (Page, Body) {
        let config = Config::parse(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml")).unwrap(), Path::new("config.toml")).unwrap();
        let source = format!("+++\ntitle = \"T\"\nnotice = true\n{front}+++\n{body}");
        let (page, findings) = Page::parse(Path::new("content/n.md"), Path::new("n.md"), &source, &config);
        assert!(findings.is_empty(), "{findings:?}");
        (page.unwrap(), Body::from_source(&source).unwrap())
    }

    const BODY: &str = "## Klage {#complaint}\n\nDu kan klage.\n\n{{ contact(id=\"datatilsynet\") }}\n";

    #[test]
    fn a_page_last_changed_at_its_newest_date() {
        let last = |front: &str| last_changed(&page(front, BODY).0).map(|d| d.to_string());
        assert_eq!(last(""), None);
        assert_eq!(last("date = 2026-01-02\n"), Some("2026-01-02".into()));
        assert_eq!(last("date = 2026-01-02\nupdated = 2026-03-04\n"), Some("2026-03-04".into()));
        let changes = "[[changes]]\ndate = 2026-05-06\nsummary = \"Nyt afsnit.\"\n\n[[changes]]\ndate = 2026-02-03\nsummary = \"Rettet.\"\n";
        assert_eq!(last(&format!("date = 2026-01-02\nupdated = 2026-03-04\n{changes}")), Some("2026-05-06".into()));
        assert_eq!(last(&format!("date = 2026-01-02\nupdated = 2026-09-10\n{changes}")), Some("2026-09-10".into()));
    }

    #[test]
    fn an_unchanged_body_with_its_hash_is_quiet_and_an_edit_is_a_warning() {
        let hash = body_hash(&page("", BODY).1);
        let front = format!(
            "[[changes]]\ndate = 2026-11-25\nsummary = \"Første udgave.\"\n\n[[changes]]\ndate = 2026-11-26\nsummary = \"Nyt afsnit.\"\nhash = \"{hash}\"\n"
        );
        let (p, b) = page(&front, BODY);
        assert!(check(&p, &b).is_empty());
        let (edited, edited_body) = page(&front, &BODY.replace("klage.", "klage til os."));
        let f = check(&edited, &edited_body);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].rule, f[0].severity, f[0].line), ("change-unrecorded", crate::Severity::Warning, 4));
        assert!(f[0].message.contains("2026-11-26") && f[0].message.contains("Nyt afsnit."), "{}", f[0].message);
        let now = body_hash(&edited_body);
        assert_ne!(now, hash);
        assert!(f[0].help.contains(&format!("hash = \"{now}\"")) && f[0].help.contains("[[changes]]"), "{}", f[0].help);
    }

    #[test]
    fn a_changed_shortcode_changes_the_hash() {
        let a = page("", BODY).1;
        let b = page("", &BODY.replace("datatilsynet", "dpo")).1;
        assert_ne!(body_hash(&a), body_hash(&b));
    }

    #[test]
    fn the_latest_entry_needs_a_hash_and_every_entry_a_summary() {
        let (p, b) = page("[[changes]]\ndate = 2026-11-26\nsummary = \" \"\n", BODY);
        let rules: Vec<_> = check(&p, &b).iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["change-summary-empty", "change-hash-missing"]);
        let (none, none_body) = page("", BODY);
        assert!(check(&none, &none_body).is_empty(), "a page without a history is not judged");
    }

    #[test]
    fn entries_are_shown_newest_first_with_stable_anchors() {
        let (p, _) = page(
            "[[changes]]\ndate = 2026-11-25\nsummary = \"a\"\n\n[[changes]]\ndate = 2026-11-26\nsummary = \"b\"\n\n[[changes]]\ndate = 2026-11-26\nsummary = \"c\"\n",
            BODY,
        );
        let e = entries(&p);
        let got: Vec<(&str, &str, &str)> = e.iter().map(|e| (e.summary.as_str(), e.anchor.as_str(), e.display.as_str())).collect();
        assert_eq!(got, [("c", "aendring-2026-11-26-2", "26.11.2026"), ("b", "aendring-2026-11-26", "26.11.2026"), ("a", "aendring-2026-11-25", "25.11.2026")]);
        assert_eq!(view(&p)["last"]["summary"], "c");
        assert_eq!(latest(&p.front.changes).unwrap().summary, "c");
    }
}
