//! Contact rules: shortcodes must name known contacts, contact records must be
//! well-formed, and contact details typed by hand in prose are flagged: a copy of a
//! canonical detail is a warning (use the shortcode), a detail that belongs to a
//! known contact but differs from its record is drift, an error.

use crate::contacts::{ContactRecord, ToConfirm, ROLES};
use crate::finding::Finding;
use crate::load::page::{front_line, Body, Page, PageKind};
use crate::site::Site;
use regex::Regex;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}\b").unwrap());
static PHONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\+45\s?)?\b\d{2} ?\d{2} ?\d{2} ?\d{2}\b").unwrap());

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Shortcode and drift findings for one page with body `body`.
pub fn check_page(site: &Site, page: &Page, body: &Body) -> Vec<Finding> {
    let mut findings = Vec::new();
    let file = &page.file;
    let known: Vec<&str> = site.contacts().map(|c| c.id.as_str()).collect();
    for sc in &body.shortcodes {
        let line = page.file_line(sc.line);
        if sc.name != "contact" {
            findings.push(
                Finding::error("shortcode-unknown", file, line, format!("unknown shortcode `{}`", sc.name))
                    .help("the site knows one shortcode: {{ contact(id=\"...\") }}"),
            );
            continue;
        }
        let id = sc.arg("id").unwrap_or_default();
        match site.contact(id) {
            None => findings
                .push(Finding::error("contact-unknown", file, line, format!("unknown contact `{id}`")).help(format!("use one of: {}", known.join(", ")))),
            Some(c) => {
                if let Some(unit) = sc.arg("unit").filter(|u| c.unit(u).is_none()) {
                    let units: Vec<&str> = c.units.iter().map(|u| u.id.as_str()).collect();
                    findings.push(
                        Finding::error("contact-unit-unknown", file, line, format!("contact `{id}` has no unit `{unit}`"))
                            .help(format!("use one of: {}, or add the unit to the contact record", units.join(", "))),
                    );
                }
            }
        }
    }
    if page.kind() != PageKind::Contact {
        findings.extend(drift(site, page, body));
    }
    findings
}

/// Hand-typed contact details in the prose of a page.
fn drift(site: &Site, page: &Page, body: &Body) -> Vec<Finding> {
    let records: Vec<&ContactRecord> = site.contacts().collect();
    let mut findings = Vec::new();
    let file = &page.file;
    let typed = |f: &mut Vec<Finding>, line, what: &str, c: &ContactRecord| {
        f.push(
            Finding::warning("contact-hand-typed", file, line, format!("{what} of {} is typed by hand", c.name))
                .help(format!("replace the hand-typed details with {{{{ contact(id=\"{}\") }}}}", c.id)),
        )
    };
    // What is looked for in lower case, made once per page: each record's street,
    // secure-message address, and the street of each postal detail awaiting
    // confirmation with that detail (an e-mail address is not a street).
    let needles: Vec<Needles> = records
        .iter()
        .map(|c| {
            let seen = c
                .to_confirm
                .iter()
                .flat_map(|t| t.seen.iter().map(move |seen| (t, seen.as_str())))
                .filter(|(_, seen)| !seen.contains('@'))
                .map(|(t, seen)| (t, seen, seen.split(',').next().unwrap_or(seen).trim().to_lowercase()))
                .filter(|(_, _, street)| !street.is_empty())
                .collect();
            Needles { street: c.street.to_lowercase(), secure: c.secure_message.to_lowercase(), awaiting: seen }
        })
        .collect();
    let lower_body = crate::text::to_lower(&body.text);
    for (i, (text, lower)) in body.text.lines().zip(lower_body.lines()).enumerate() {
        let line = page.file_line(i + 1);
        // The regexes are the slow part of a large build: skip lines that cannot match.
        let emails = if text.contains('@') { EMAIL.find_iter(text).collect() } else { Vec::new() };
        for m in emails {
            let email = m.as_str().to_lowercase();
            let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
            for c in &records {
                let canonical = c.email.eq_ignore_ascii_case(&email) || c.units.iter().any(|u| u.email.eq_ignore_ascii_case(&email));
                if canonical {
                    typed(&mut findings, line, &format!("the e-mail address {email}"), c);
                } else if c.email_domain().is_some_and(|d| d.eq_ignore_ascii_case(domain)) {
                    findings.push(
                        Finding::error("contact-drift", file, line, format!("the e-mail address {email} differs from {}'s record ({})", c.name, c.email))
                            .column(m.start() + 1)
                            .help(format!(
                                "use {{{{ contact(id=\"{}\") }}}}; if {email} is a department's address, add it as a unit in the contact record",
                                c.id
                            )),
                    );
                }
            }
        }
        let phones = if text.bytes().filter(u8::is_ascii_digit).count() >= 8 { PHONE.find_iter(text).collect() } else { Vec::new() };
        for m in phones {
            if let Some(c) = records.iter().find(|c| !c.phone.is_empty() && digits(&c.phone) == digits(m.as_str()).trim_start_matches("45")) {
                typed(&mut findings, line, &format!("the phone number {}", m.as_str()), c);
            }
        }
        for (c, Needles { street, secure, awaiting }) in records.iter().zip(&needles) {
            if !street.is_empty() && lower.contains(street.as_str()) {
                typed(&mut findings, line, &format!("the address {}", c.street), c);
            }
            if !secure.is_empty() && lower.contains(secure.as_str()) {
                typed(&mut findings, line, "the secure-message address", c);
            }
            for (t, seen, _) in awaiting.iter().filter(|(_, _, street)| lower.contains(street.as_str())) {
                findings.push(
                    Finding::error(
                        "contact-drift",
                        file,
                        line,
                        format!("the {} \"{seen}\" differs from {}'s record ({})", t.field, c.name, field(c, &t.field)),
                    )
                    .help(format!("use {{{{ contact(id=\"{}\") }}}}; the record notes: {}", c.id, t.note)),
                );
            }
        }
    }
    findings
}

/// One record's details as contact drift looks for them in a page, in lower case.
struct Needles<'a> {
    street: String,
    secure: String,
    /// Each postal detail awaiting confirmation, with its street.
    awaiting: Vec<(&'a ToConfirm, &'a str, String)>,
}

fn field<'a>(c: &'a ContactRecord, name: &str) -> &'a str {
    match name {
        "street" => &c.street,
        "email" => &c.email,
        "phone" => &c.phone,
        "postcode" => &c.postcode,
        "city" => &c.city,
        _ => "",
    }
}

/// Findings about the contact records themselves: unknown roles, duplicate ids, and
/// a note for every detail still to be confirmed.
pub fn check_records(site: &Site) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for page in site.pages.iter().filter(|p| p.lang == site.config.default_language()) {
        let Some(c) = &page.front.contact else { continue };
        let front = page.read_front(&site.root);
        let line = front_line(&front, "[contact]");
        if !ROLES.contains(&c.role.as_str()) {
            findings.push(
                Finding::error("contact-role", &page.file, front_line(&front, "role"), format!("unknown contact role `{}`", c.role))
                    .help(format!("use one of: {}", ROLES.join(", "))),
            );
        }
        if !seen.insert(c.id.clone()) {
            findings.push(Finding::error("contact-duplicate", &page.file, line, format!("contact id `{}` is used by two pages", c.id)));
        }
        for t in &c.to_confirm {
            findings.push(
                Finding::note(
                    "contact-to-confirm",
                    &page.file,
                    front_line(&front, "[[contact.to_confirm]]"),
                    format!("{}: {} of {} is to be confirmed (also seen: {}): {}", c.id, t.field, c.name, t.seen.join("; "), t.note),
                )
                .help("when the municipality confirms, correct the record and remove the [[contact.to_confirm]] entry"),
            );
        }
    }
    findings
}
