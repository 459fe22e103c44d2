//! `privacy-site import`: converts an existing privacy page, as plain text or saved
//! HTML, into a structured page. It recognises the section headings and gives them
//! their Art. 13/14 keys, detects the legal bases and the sources of the data,
//! replaces hand-typed contact details with the shared contact blocks, and reports
//! what it did and what it could not classify. The result is a normal page that
//! `privacy-site check` then judges.
//!
//! [`import`] is pure (text in, Markdown and report out); the command does the I/O.

pub mod classify;
pub mod contacts;
pub mod html;
pub mod keys;
pub mod text;

use crate::evidence::Lang;
use crate::site::Site;
use regex::Regex;
use std::collections::BTreeSet;
use std::fmt;
use std::sync::LazyLock;

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The page's language code (`da` or `en`).
    pub lang: String,
    /// The publication date written as `date`, e.g. `2026-11-25`.
    pub date: String,
    /// Read the source as HTML (`Some(true)`), as text (`Some(false)`), or decide
    /// from its first character (`None`: HTML if it starts with `<`).
    pub html: Option<bool>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { lang: "da".into(), date: chrono::Local::now().date_naive().to_string(), html: None }
    }
}

/// The imported page and what the import did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The page: TOML front matter and Markdown body.
    pub markdown: String,
    /// What was recognised, replaced and left unclassified.
    pub report: Report,
}

/// What an import did, printed by the command.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The page title (the source's first line or `<h1>`).
    pub title: String,
    /// Every heading written, in order.
    pub headings: Vec<HeadingReport>,
    /// Legal-basis codes found, in order of first mention.
    pub bases: Vec<String>,
    /// `subject` and/or `others`.
    pub sources: Vec<String>,
    /// Whether the page was made a notice.
    pub notice: bool,
    /// Contact blocks replaced by shortcodes.
    pub contacts: Vec<contacts::Replacement>,
    /// Headings that got no key: (source line, text).
    pub unclassified: Vec<(usize, String)>,
    /// Lines that read almost like headings but were kept as text: (source line, text).
    pub kept_as_text: Vec<(usize, String)>,
    /// Decisions worth a reviewer's eye.
    pub notes: Vec<String>,
}

/// One heading of the imported page.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingReport {
    /// Source line (0 if unknown).
    pub line: usize,
    /// 2 or 3.
    pub level: u8,
    /// The heading text as written.
    pub text: String,
    /// The section keys it carries.
    pub keys: Vec<String>,
}

impl Report {
    /// Every key assigned, in page order.
    pub fn keys(&self) -> Vec<&str> {
        self.headings.iter().flat_map(|h| h.keys.iter().map(String::as_str)).collect()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "title: {}", self.title)?;
        writeln!(f, "sections:")?;
        for h in &self.headings {
            let keys = if h.keys.is_empty() { "(no key)".to_string() } else { h.keys.iter().map(|k| format!("#{k}")).collect::<Vec<_>>().join(" ") };
            writeln!(f, "  line {}: {} {} -> {}", h.line, "#".repeat(h.level as usize), h.text, keys)?;
        }
        let keys = self.keys();
        writeln!(f, "keys assigned: {}", if keys.is_empty() { "none".to_string() } else { keys.join(", ") })?;
        writeln!(f, "notice: {}", self.notice)?;
        writeln!(f, "legal bases found: {}", if self.bases.is_empty() { "none".to_string() } else { self.bases.join(", ") })?;
        writeln!(f, "sources: {}", if self.sources.is_empty() { "none detected".to_string() } else { self.sources.join(", ") })?;
        if self.contacts.is_empty() {
            writeln!(f, "contacts replaced: none")?;
        }
        for c in &self.contacts {
            let unit = c.unit.as_ref().map(|u| format!(", unit \"{u}\"")).unwrap_or_default();
            writeln!(f, "contact replaced: line {}: {} line(s) -> {}{}", c.line, c.replaced, c.id, unit)?;
            for k in &c.kept {
                writeln!(f, "  kept as written (differs from the record `{}`; `check` reports it): '{}'", c.id, k)?;
            }
        }
        for (line, text) in &self.unclassified {
            writeln!(f, "not classified: line {line}: '{text}'")?;
        }
        for (line, text) in &self.kept_as_text {
            writeln!(f, "not classified: line {line}: '{text}' (kept as text, not a heading)")?;
        }
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        Ok(())
    }
}

/// A block of the source, as the readers produce it and the writer renders it.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; `level` is set by HTML, decided later for text.
    Heading {
        /// As written, with its hand numbering.
        text: String,
        /// `Some` for an HTML heading.
        level: Option<u8>,
        /// Source line.
        line: usize,
        /// In text: the heading sat directly above its paragraph.
        followed_by_text: bool,
        /// The section keys it is given (see [`classify`]).
        keys: Vec<String>,
        /// Added by the importer above text that gives an item before any heading.
        added: bool,
    },
    /// Lines of a paragraph (rendered with hard line breaks).
    Para {
        /// The lines, trimmed.
        lines: Vec<String>,
        /// Source line of the first.
        line: usize,
    },
    /// A list.
    List {
        /// Numbered.
        ordered: bool,
        /// The items.
        items: Vec<Item>,
        /// Source line of the first.
        line: usize,
    },
    /// A contact block.
    Shortcode {
        /// Contact id.
        id: String,
        /// Unit id.
        unit: Option<String>,
        /// The contact's role.
        role: String,
    },
}

/// A list item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Nesting depth, 0 at the top.
    pub depth: usize,
    /// The number as written, in a numbered list.
    pub number: Option<String>,
    /// The text.
    pub text: String,
}

/// What a reader produces.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The title.
    pub title: String,
    /// The blocks after the title.
    pub blocks: Vec<Block>,
    /// Lines that read almost like headings but were kept as text.
    pub kept_as_text: Vec<(usize, String)>,
}

/// Whether `source` should be read as HTML: it starts with `<`.
pub fn looks_like_html(source: &str) -> bool {
    source.trim_start_matches('\u{feff}').trim_start().starts_with('<')
}

/// Reads a page's source as HTML or plain text into blocks, without the web page's
/// furniture. Control characters (see [`without_controls`]) are left out first.
pub fn read_source(source: &str, html: bool, lang: Lang) -> Parsed {
    let source = without_controls(source);
    if html {
        html::parse(&source, lang)
    } else {
        text::parse(&source, lang)
    }
}

/// `text` without control characters other than tab and line feed (a CRLF becomes
/// a line feed): a page's text has no use for them, and the TOML front matter that
/// import writes refuses them even in comments.
pub fn without_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unwanted = |c: char| c.is_control() && c != '\t' && c != '\n';
    if !text.contains(unwanted) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace(unwanted, ""))
}

impl Parsed {
    /// Drops blocks (and list items) that are the web page's furniture.
    pub fn drop_chrome(&mut self, lang: Lang) {
        self.blocks.retain_mut(|block| match block {
            Block::Heading { text, .. } => !crate::evidence::chrome(text, lang),
            Block::Para { lines, .. } => {
                lines.retain(|l| !crate::evidence::chrome(l, lang));
                !lines.is_empty()
            }
            Block::List { items, .. } => {
                items.retain(|i| !crate::evidence::chrome(&i.text, lang));
                !items.is_empty()
            }
            Block::Shortcode { .. } => true,
        });
    }
}

/// Imports one page. `site` supplies the canonical contact records; without it no
/// contact details are replaced.
pub fn import(source: &str, opts: &ImportOptions, site: Option<&Site>) -> Imported {
    let lang = Lang::of(&opts.lang);
    let html = opts.html.unwrap_or_else(|| looks_like_html(source));
    let mut parsed = read_source(source, html, lang);
    let mut report = Report { title: parsed.title.clone(), kept_as_text: parsed.kept_as_text.clone(), ..Report::default() };

    // Contact blocks.
    let records: Vec<_> = site.map(|s| s.contacts().collect()).unwrap_or_default();
    let matchers: Vec<contacts::Matcher> = records.iter().map(|r| contacts::Matcher::new(r)).collect();
    let mut blocks: Vec<Block> = Vec::new();
    for block in std::mem::take(&mut parsed.blocks) {
        let (replaced, reps) = contacts::replace(block, &matchers);
        blocks.extend(replaced);
        report.contacts.extend(reps);
    }
    // One block per contact per section is enough.
    let mut seen: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    blocks.retain(|b| match b {
        Block::Heading { .. } => {
            seen.clear();
            true
        }
        Block::Shortcode { id, unit, .. } => seen.insert((id.clone(), unit.clone())),
        _ => true,
    });
    parsed.blocks = blocks;

    let reading = classify::read(parsed, lang);
    report.notice = reading.notice;
    report.notes = reading.notes.clone();
    if !report.notice {
        report.notes.push("the text gives too few Art. 13/14 items to be a privacy notice: written as an information page (notice = false)".into());
    }
    report.bases = reading.found.bases.iter().map(|b| b.value.to_string()).collect();
    report.sources = [("subject", reading.found.subject.is_some()), ("others", reading.found.others.is_some())]
        .into_iter()
        .filter(|(_, found)| *found)
        .map(|(s, _)| s.to_string())
        .collect();
    for block in &reading.parsed.blocks {
        if let Block::Heading { text, level, line, keys, .. } = block {
            let level = level.unwrap_or(2);
            report.headings.push(HeadingReport { line: *line, level, text: text.clone(), keys: keys.clone() });
            if keys.is_empty() && !keys::is_right(text) {
                report.unclassified.push((*line, text.clone()));
            }
        }
    }
    report.unclassified.sort();
    let markdown = render(&reading, &report, opts);
    Imported { markdown, report }
}

/// Imports the page read from `file` like [`import`], but refuses (as a usage
/// error, exit code 2) a source with no text, or one in which no title is found,
/// instead of writing a page with an empty title.
pub fn try_import(file: &std::path::Path, source: &str, opts: &ImportOptions, site: Option<&Site>) -> crate::Result<Imported> {
    let name = file.display();
    if source.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(crate::Error::Usage(format!(
            "cannot import `{name}`: the file is empty; give the page's text (copied from the website) or its saved HTML"
        )));
    }
    let imported = import(source, opts, site);
    if imported.report.title.trim().is_empty() {
        let html = opts.html.unwrap_or_else(|| looks_like_html(source));
        let hint = if html { "the HTML has no <h1> or <title> with text" } else { "the first line of text is the title" };
        return Err(crate::Error::Usage(format!("cannot import `{name}`: no title found ({hint}); add the page's title at the top and run import again")));
    }
    Ok(imported)
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| toml_string(s)).collect::<Vec<_>>().join(", "))
}

/// A TOML comment line naming the evidence of a fact.
fn evidence_comment<T>(fact: &str, evidence: &[&classify::Evidence<T>]) -> String {
    let lines: Vec<String> = evidence.iter().map(|e| format!("line {} {}", e.line, without_controls(&e.words).replace(['\n', '\t'], " "))).collect();
    format!("# {fact}: {}\n", lines.join("; "))
}

static NEEDS_ESCAPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[#>+*-]|\d{1,9}[.)]\s|\{\{|=+\s*$|\+\+\+)").unwrap());

/// A text line as Markdown that reads as text.
fn escape_line(line: &str) -> String {
    if NEEDS_ESCAPE.is_match(line) {
        format!("\\{line}")
    } else {
        line.to_string()
    }
}

fn render(reading: &classify::Reading, report: &Report, opts: &ImportOptions) -> String {
    let found = &reading.found;
    let mut out = String::from("+++\n");
    out.push_str(&format!("title = {}\n", toml_string(&report.title)));
    out.push_str(&format!("date = {}\n", opts.date));
    out.push('\n');
    out.push_str(&format!("notice = {}\n", report.notice));
    // A fact is written only where the text supports it, with the evidence beside it.
    if report.notice {
        if found.bases.is_empty() {
            out.push_str("# legal_basis: the page names no legal basis; declare it (legal_basis = [\"6.1.e\", …]) when the department has said which\n");
        } else {
            out.push_str(&evidence_comment("legal_basis", &found.bases.iter().collect::<Vec<_>>()));
            out.push_str(&format!("legal_basis = {}\n", toml_list(&report.bases)));
        }
        let sources: Vec<&classify::Evidence<()>> = found.subject.iter().chain(found.others.iter()).collect();
        match found.sources() {
            Some(_) => {
                out.push_str(&evidence_comment("sources", &sources));
                out.push_str(&format!("sources = {}\n", toml_list(&report.sources)));
            }
            None if sources.is_empty() => {
                out.push_str("# sources: the page does not say where the data come from; declare sources = [\"subject\"], [\"others\"] or both\n")
            }
            None => {
                let which = if found.subject.is_some() {
                    "data come from you, not whether others supply data too"
                } else {
                    "others supply data, not whether you do too"
                };
                out.push_str(&evidence_comment(&format!("sources (the page says only that {which}; declare sources)"), &sources));
            }
        }
        match &found.transfers {
            Some(t) => {
                out.push_str(&evidence_comment("third_country_transfers", &[t]));
                out.push_str(&format!("third_country_transfers = {}\n", t.value));
            }
            None => out.push_str("# third_country_transfers: the page does not say whether data leave the EU/EEA; declare true or false\n"),
        }
    }
    out.push_str("+++\n");
    let blocks = &reading.parsed.blocks;
    for b in blocks {
        out.push('\n');
        match b {
            Block::Heading { text, level, keys, .. } => {
                let attrs =
                    if keys.is_empty() { String::new() } else { format!(" {{{}}}", keys.iter().map(|k| format!("#{k}")).collect::<Vec<_>>().join(" ")) };
                out.push_str(&format!("{} {}{}\n", "#".repeat(level.unwrap_or(2) as usize), text.replace(['{', '}'], ""), attrs));
            }
            Block::Para { lines, .. } => {
                let lines: Vec<String> = lines.iter().map(|l| escape_line(l)).collect();
                out.push_str(&lines.join("  \n"));
                out.push('\n');
            }
            Block::List { ordered, items, .. } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered { format!("{}.", item.number.clone().unwrap_or_else(|| (n + 1).to_string())) } else { "-".into() };
                    let indent = if *ordered { "   " } else { "  " }.repeat(item.depth);
                    out.push_str(&format!("{indent}{marker} {}\n", item.text));
                }
            }
            Block::Shortcode { id, unit, .. } => {
                out.push_str(&contacts::shortcode(id, unit.as_deref()));
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The front matter of what import wrote, parsed.
    fn front_matter_parses(imported: &Imported) {
        let split = crate::load::front_matter::split(&imported.markdown).unwrap_or_else(|e| panic!("{e:?}: {}", imported.markdown));
        crate::load::front_matter::parse(split.toml).unwrap_or_else(|e| panic!("{e:?}: {}", imported.markdown));
    }

    #[test]
    fn control_characters_never_reach_the_written_page() {
        // Found by the import_text and import_html fuzz targets: a control character
        // quoted in an evidence comment made the front matter unreadable.
        let source = "Privatlivspolitik\n\nGenere\u{3}\u{0}lt: vi behandler dine oplysninger med dit samtykke.\r\nDu kan \u{1b}[31mklage.\u{7f}\u{85}\n";
        let imported = import(source, &ImportOptions { html: Some(false), ..ImportOptions::default() }, None);
        assert!(!imported.markdown.contains(|c: char| c.is_control() && c != '\n'), "{:?}", imported.markdown);
        front_matter_parses(&imported);
        let html = "<html><body><h1>Privacy</h1><p>The personal data C,\u{0}mission provided&#0;&#27; with your consent.</p></body></html>";
        front_matter_parses(&import(html, &ImportOptions { html: Some(true), lang: "en".into(), ..ImportOptions::default() }, None));
    }

    #[test]
    fn fuzz_crashes_import_to_readable_pages() {
        for (file, html) in [("import_text-74f99387", false), ("import_html-acd6156d", true)] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(file);
            let source = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            let lang = if html { "en" } else { "da" };
            front_matter_parses(&import(&source, &ImportOptions { html: Some(html), lang: lang.into(), ..ImportOptions::default() }, None));
        }
    }
}
