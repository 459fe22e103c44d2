//! Finds hand-typed contact details that belong to a canonical contact record and
//! replaces them with the record's shortcode. A line is replaced only when all it
//! holds is the record's data (name, address, phone, e-mail, labels); a line with
//! a detail that differs from the record is kept, so that the checker reports the
//! drift.

use super::{Block, Item};
use crate::contacts::ContactRecord;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+").unwrap());

/// Words that label contact details in Danish and English.
const LABELS: &[&str] = &[
    "e",
    "mail",
    "email",
    "telefon",
    "telefonnummer",
    "tlf",
    "tel",
    "phone",
    "cvr",
    "nr",
    "no",
    "via",
    "eller",
    "or",
    "boks",
    "eboks",
    "på",
    "ved",
    "brev",
    "sikker",
    "beskedfunktion",
    "besked",
    "hjemmeside",
    "website",
    "web",
    "att",
    "attn",
    "dpo",
    "by",
    "letter",
    "secure",
    "message",
    "on",
    "at",
    "digital",
    "post",
    "kontakt",
    "contact",
    "adresse",
    "address",
    "www",
    "https",
    "http",
    "dk",
    "com",
    "hos",
    "til",
    "to",
    "mobil",
    "mobile",
];

/// One record, prepared for matching.
pub struct Matcher<'a> {
    /// The record.
    pub record: &'a ContactRecord,
    details: Vec<(Regex, Option<String>)>,
    values: Vec<Regex>,
    words: HashSet<String>,
}

fn value_regex(value: &str) -> Option<Regex> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let digits_only = value.chars().all(|c| c.is_ascii_digit() || c.is_whitespace());
    let pattern = if digits_only {
        value.chars().filter(|c| c.is_ascii_digit()).map(|c| c.to_string()).collect::<Vec<_>>().join(r"\s*")
    } else {
        value.split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"[\s,]*")
    };
    let bounded = if digits_only { format!(r"(?i)(?:^|\D){pattern}(?:\D|$)") } else { format!(r"(?i){pattern}") };
    Regex::new(&bounded).ok()
}

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_lowercase)
}

impl<'a> Matcher<'a> {
    /// Prepares a record.
    pub fn new(record: &'a ContactRecord) -> Matcher<'a> {
        let mut details = Vec::new();
        for (value, unit) in [(&record.email, None), (&record.phone, None), (&record.street, None), (&record.secure_message, None)]
            .into_iter()
            .chain(record.units.iter().map(|u| (&u.email, Some(u.id.clone()))))
        {
            if let Some(re) = value_regex(value) {
                details.push((re, unit));
            }
        }
        let web_bare = record.web.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/').to_string();
        let web_short = web_bare.trim_start_matches("www.").to_string();
        let postcode_city = format!("{} {}", record.postcode, record.city);
        let mut value_texts: Vec<&str> = vec![
            &record.email,
            &record.phone,
            &record.street,
            &record.secure_message,
            &record.web,
            &web_bare,
            &web_short,
            &record.name,
            &record.attention,
            &record.cvr,
            &postcode_city,
        ];
        for u in &record.units {
            value_texts.extend([u.email.as_str(), u.name.as_str(), u.phone.as_str()]);
        }
        value_texts.retain(|v| !v.trim().is_empty());
        // Longest first, so that "https://x/y" goes before "x".
        value_texts.sort_by_key(|v| std::cmp::Reverse(v.len()));
        let values = value_texts.iter().filter_map(|v| value_regex(v)).collect();
        let mut words: HashSet<String> = LABELS.iter().map(|w| w.to_string()).collect();
        for text in [&record.name, &record.attention, &record.city, &record.postcode] {
            words.extend(tokens(text));
            words.extend(text.split_whitespace().map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase()));
        }
        for u in &record.units {
            words.extend(tokens(&u.name));
        }
        for host in [record.email_domain().unwrap_or(""), &web_short] {
            words.extend(tokens(host.split('/').next().unwrap_or("")));
        }
        words.retain(|w| !w.is_empty());
        Matcher { record, details, values, words }
    }

    /// The unit (`Some(Some(id))`) or the record itself (`Some(None)`) whose detail
    /// `line` holds, if any.
    fn detail_in(&self, line: &str) -> Option<Option<String>> {
        self.details.iter().find(|(re, _)| re.is_match(line)).map(|(_, unit)| unit.clone())
    }

    /// Whether `line` holds nothing but this record's data and labels.
    fn covers(&self, line: &str) -> bool {
        let mut rest = line.to_string();
        let mut hit = false;
        for re in &self.values {
            if re.is_match(&rest) {
                hit = true;
                rest = re.replace_all(&rest, " ").into_owned();
            }
        }
        if EMAIL.is_match(&rest) {
            return false;
        }
        let mut any = false;
        for t in tokens(&rest) {
            any = true;
            if !self.words.contains(&t) {
                return false;
            }
        }
        hit || any
    }
}

/// What one replacement did, for the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Replacement {
    /// Source line of the block.
    pub line: usize,
    /// The contact id.
    pub id: String,
    /// The unit, where the block names a unit's e-mail.
    pub unit: Option<String>,
    /// The record's role.
    pub role: String,
    /// Lines of the block that were replaced.
    pub replaced: usize,
    /// Lines of the block that hold details differing from the record, kept as written.
    pub kept: Vec<String>,
}

/// The shortcode line for a contact.
pub fn shortcode(id: &str, unit: Option<&str>) -> String {
    match unit {
        Some(u) => format!("{{{{ contact(id=\"{id}\", unit=\"{u}\") }}}}"),
        None => format!("{{{{ contact(id=\"{id}\") }}}}"),
    }
}

/// Replaces the contact lines of one text block; returns the blocks that take its
/// place (unchanged if it holds no record's details) and what was replaced.
pub fn replace(block: Block, matchers: &[Matcher<'_>]) -> (Vec<Block>, Vec<Replacement>) {
    let (lines, line0): (Vec<String>, usize) = match &block {
        Block::Para { lines, line } => (lines.clone(), *line),
        Block::List { items, line, .. } => (items.iter().map(|i| i.text.clone()).collect(), *line),
        _ => return (vec![block], Vec::new()),
    };
    // For each line: the matcher that covers it.
    let mut owner: Vec<Option<usize>> = vec![None; lines.len()];
    let mut units: Vec<Option<String>> = vec![None; matchers.len()];
    for (m, matcher) in matchers.iter().enumerate() {
        let mut in_block = false;
        for line in &lines {
            if let Some(unit) = matcher.detail_in(line) {
                in_block = true;
                if unit.is_some() && units[m].is_none() {
                    units[m] = unit;
                }
            }
        }
        if !in_block {
            continue;
        }
        for (i, line) in lines.iter().enumerate() {
            if owner[i].is_none() && matcher.covers(line) {
                owner[i] = Some(m);
            }
        }
    }
    if owner.iter().all(Option::is_none) {
        return (vec![block], Vec::new());
    }
    let mut reports: Vec<Replacement> = Vec::new();
    let mut pieces: Vec<Result<usize, usize>> = Vec::new(); // Ok(line index) kept, Err(matcher) shortcode
    for (i, o) in owner.iter().enumerate() {
        match o {
            None => pieces.push(Ok(i)),
            Some(m) => {
                let matcher = &matchers[*m];
                match reports.iter_mut().find(|r| r.id == matcher.record.id) {
                    Some(r) => r.replaced += 1,
                    None => {
                        pieces.push(Err(*m));
                        reports.push(Replacement {
                            line: line0,
                            id: matcher.record.id.clone(),
                            unit: units[*m].clone(),
                            role: matcher.record.role.clone(),
                            replaced: 1,
                            kept: Vec::new(),
                        });
                    }
                }
            }
        }
    }
    // Kept lines that hold contact-like data are drift; name them.
    for (i, o) in owner.iter().enumerate() {
        if o.is_none() {
            let line = &lines[i];
            let contact_like = EMAIL.is_match(line) || line.chars().any(|c| c.is_ascii_digit());
            if contact_like {
                if let Some(r) = reports.first_mut() {
                    r.kept.push(line.clone());
                }
            }
        }
    }
    let mut out: Vec<Block> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, out: &mut Vec<Block>| {
        if run.is_empty() {
            return;
        }
        match &block {
            Block::Para { .. } => out.push(Block::Para { lines: run.iter().map(|i| lines[*i].clone()).collect(), line: line0 }),
            Block::List { ordered, items, .. } => {
                out.push(Block::List { ordered: *ordered, items: run.iter().map(|i| items[*i].clone()).collect::<Vec<Item>>(), line: line0 })
            }
            _ => {}
        }
        run.clear();
    };
    for p in pieces {
        match p {
            Ok(i) => run.push(i),
            Err(m) => {
                flush(&mut run, &mut out);
                let rec = matchers[m].record;
                out.push(Block::Shortcode { id: rec.id.clone(), unit: units[m].clone(), role: rec.role.clone() });
            }
        }
    }
    flush(&mut run, &mut out);
    (out, reports)
}
