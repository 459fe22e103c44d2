//! `privacy-site import`: converts an existing privacy page, as plain text or saved
//! HTML, into a structured page. It recognises the section headings and gives them
//! their Art. 13/14 keys, detects the legal bases and the sources of the data,
//! replaces hand-typed contact details with the shared contact blocks, and reports
//! what it did and what it could not classify. The result is a normal page that
//! `privacy-site check` then judges.
//!
//! [`import`] is pure (text in, Markdown and report out); the command does the I/O.

pub mod contacts;
pub mod html;
pub mod keys;
pub mod text;

use crate::check::citations::cited;
use crate::legal_basis::LegalBasis;
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

/// The key a contact role fills.
fn role_key(role: &str) -> Option<&'static str> {
    match role {
        "controller" => Some("controller"),
        "dpo" => Some("dpo"),
        "supervisory-authority" => Some("complaint"),
        _ => None,
    }
}

static FROM_SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bfra dig\b|\bdig selv\b|^\s*dig\b|\bdu selv\b|\bfrom you\b|\byourself\b|\byou provide\b|\byou give\b").unwrap());
static FROM_OTHERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bandre\b|registr|\bregister|myndighed|netværk|arbejdsgiver|pårørende|\bothers?\b|authorit|relatives|employer").unwrap());
static ABOUT_SOURCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)stammer fra|indhent|kommer fra|hente[rs]? |come[s]? from|obtain|collect").unwrap());

/// The text of a block, for citations and sources.
fn block_text(block: &Block) -> String {
    match block {
        Block::Para { lines, .. } => lines.join("\n"),
        Block::List { items, .. } => items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>().join("\n"),
        _ => String::new(),
    }
}

/// A heading as the writer will render it.
#[derive(Debug, Clone)]
struct Head {
    block: usize,
    level: u8,
    keys: Vec<String>,
}

/// Imports one page. `site` supplies the canonical contact records; without it no
/// contact details are replaced.
pub fn import(source: &str, opts: &ImportOptions, site: Option<&Site>) -> Imported {
    let html = opts.html.unwrap_or_else(|| looks_like_html(source));
    let parsed = if html { html::parse(source) } else { text::parse(source) };
    let mut report = Report { title: parsed.title.clone(), ..Report::default() };
    report.kept_as_text = parsed.kept_as_text.clone();

    // Contact blocks.
    let records: Vec<_> = site.map(|s| s.contacts().collect()).unwrap_or_default();
    let matchers: Vec<contacts::Matcher> = records.iter().map(|r| contacts::Matcher::new(r)).collect();
    let mut blocks: Vec<Block> = Vec::new();
    for block in parsed.blocks {
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

    // Headings: levels and keys.
    let mut heads: Vec<Head> = Vec::new();
    let mut current_h2: Option<usize> = None;
    for (i, b) in blocks.iter().enumerate() {
        let Block::Heading { text, level, line, followed_by_text } = b else { continue };
        let found = keys::keys_of(text);
        let right = keys::is_right(text);
        let in_rights = current_h2.is_some_and(|h: usize| heads[h].keys.iter().any(|k| k == "rights"));
        let level = level.unwrap_or_else(|| {
            let sub = current_h2.is_some() && ((right && in_rights) || (*followed_by_text && (found.is_empty() || right)));
            if sub {
                3
            } else {
                2
            }
        });
        if found.is_empty() && !right {
            report.unclassified.push((*line, text.clone()));
        }
        heads.push(Head { block: i, level, keys: found.iter().map(|k| k.to_string()).collect() });
        if level == 2 {
            current_h2 = Some(heads.len() - 1);
        }
    }
    // The blocks of each heading's section (up to the next heading of the same or a higher level).
    let span = |h: usize, heads: &[Head]| {
        let end = heads[h + 1..].iter().find(|n| n.level <= heads[h].level).map_or(blocks.len(), |n| n.block);
        heads[h].block + 1..end
    };

    // Legal bases, in order of first mention, block by block (so that another
    // act's "§ 13" is not read as Databeskyttelsesloven's).
    let block_bases: Vec<BTreeSet<LegalBasis>> = blocks.iter().map(|b| cited(&block_text(b))).collect();
    let mut bases: Vec<LegalBasis> = Vec::new();
    for set in &block_bases {
        for b in set {
            if !bases.contains(b) {
                bases.push(*b);
            }
        }
    }
    report.bases = bases.iter().map(|b| b.to_string()).collect();
    let section_bases = |h: usize, heads: &[Head]| -> BTreeSet<LegalBasis> { span(h, heads).flat_map(|i| block_bases[i].iter().copied()).collect() };

    let is_notice = |heads: &[Head]| heads.iter().any(|h| !h.keys.is_empty());
    if is_notice(&heads) {
        // A combined heading ("Formålene med og retsgrundlaget …") treats the legal
        // basis only if its section names one.
        for h in 0..heads.len() {
            if heads[h].keys.len() > 1 && heads[h].keys.iter().any(|k| k == "legal-basis") && section_bases(h, &heads).is_empty() {
                heads[h].keys.retain(|k| k != "legal-basis");
                let text = heading_text(&blocks[heads[h].block]);
                report.notes.push(format!("'{text}' names the legal basis but its section cites none: #legal-basis left off"));
            }
        }
        // No heading for the legal basis: the level-2 section that cites the most bases treats it.
        if !bases.is_empty() && !heads.iter().any(|h| h.keys.iter().any(|k| k == "legal-basis")) {
            let best =
                (0..heads.len()).filter(|h| heads[*h].level == 2).map(|h| (section_bases(h, &heads).len(), std::cmp::Reverse(h))).filter(|(n, _)| *n > 0).max();
            if let Some((_, std::cmp::Reverse(h))) = best {
                heads[h].keys.push("legal-basis".into());
                let text = heading_text(&blocks[heads[h].block]);
                report.notes.push(format!("the legal bases are cited under '{text}': #legal-basis added there"));
            }
        }
        // A contact block in a section without that contact's heading: the section treats it.
        for h in 0..heads.len() {
            if heads[h].level != 2 {
                continue;
            }
            for i in span(h, &heads) {
                let Block::Shortcode { role, .. } = &blocks[i] else { continue };
                let Some(key) = role_key(role) else { continue };
                if !heads.iter().any(|x| x.keys.iter().any(|k| k == key)) {
                    heads[h].keys.push(key.into());
                    let text = heading_text(&blocks[heads[h].block]);
                    report.notes.push(format!("'{text}' holds the {role} contact block: #{key} added there"));
                }
            }
        }
    }
    report.notice = is_notice(&heads);
    if !report.notice {
        report.notes.push("no Art. 13/14 section recognised: written as an information page (notice = false)".into());
    }

    // Sources.
    let source_heads: Vec<usize> = (0..heads.len()).filter(|h| heads[*h].keys.iter().any(|k| k == "source")).collect();
    let scope: String = if source_heads.is_empty() {
        blocks.iter().map(block_text).filter(|t| ABOUT_SOURCE.is_match(t)).collect::<Vec<_>>().join("\n")
    } else {
        source_heads.iter().flat_map(|h| span(*h, &heads)).map(|i| block_text(&blocks[i])).collect::<Vec<_>>().join("\n")
    };
    if scope.lines().any(|l| FROM_SUBJECT.is_match(l)) {
        report.sources.push("subject".into());
    }
    if FROM_OTHERS.is_match(&scope) {
        report.sources.push("others".into());
    }

    for h in &heads {
        let (text, line) = match &blocks[h.block] {
            Block::Heading { text, line, .. } => (text.clone(), *line),
            _ => continue,
        };
        report.headings.push(HeadingReport { line, level: h.level, text, keys: h.keys.clone() });
    }
    report.unclassified.sort();

    let markdown = render(&blocks, &heads, &report, opts);
    Imported { markdown, report }
}

fn heading_text(block: &Block) -> String {
    match block {
        Block::Heading { text, .. } => text.clone(),
        _ => String::new(),
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| toml_string(s)).collect::<Vec<_>>().join(", "))
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

fn render(blocks: &[Block], heads: &[Head], report: &Report, opts: &ImportOptions) -> String {
    let mut out = String::from("+++\n");
    out.push_str(&format!("title = {}\n", toml_string(&report.title)));
    out.push_str(&format!("date = {}\n", opts.date));
    out.push('\n');
    out.push_str(&format!("notice = {}\n", report.notice));
    if report.notice {
        out.push_str(&format!("legal_basis = {}\n", toml_list(&report.bases)));
        out.push_str(&format!("sources = {}\n", toml_list(&report.sources)));
    }
    out.push_str("+++\n");
    for (i, b) in blocks.iter().enumerate() {
        out.push('\n');
        match b {
            Block::Heading { text, .. } => {
                let head = heads.iter().find(|h| h.block == i);
                let level = head.map_or(2, |h| h.level);
                let attrs = head
                    .filter(|h| !h.keys.is_empty())
                    .map(|h| format!(" {{{}}}", h.keys.iter().map(|k| format!("#{k}")).collect::<Vec<_>>().join(" ")))
                    .unwrap_or_default();
                out.push_str(&format!("{} {}{}\n", "#".repeat(level as usize), text.replace(['{', '}'], ""), attrs));
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
