//! Contact details that published pages disagree on (`[[contact.to_confirm]]` in a
//! contact record) are shown as doubtful wherever they are shown: a contact block
//! whose record has such entries carries a short note linking to the contact page
//! ([`note`]), and the compliance matrix lists them with the notices that show them
//! ([`matrix_list`]). An entry is unresolved until the municipality confirms the
//! value and the entry is removed from the record.

use crate::contacts::ContactRecord;
use crate::load::page::PageKind;
use crate::site::Site;
use serde_json::{json, Value};

/// What a record field is part of, as the note names it: `address`, `email`, `phone`
/// or `other`.
fn group(field: &str) -> &'static str {
    match field {
        "street" | "postcode" | "city" | "attention" => "address",
        "email" => "email",
        "phone" => "phone",
        _ => "other",
    }
}

/// A record field as the matrix names it in `lang`: `adresse`, `e-mailadresse`,
/// `telefonnummer` (English: `address`, `email address`, `phone number`), else the
/// field's own name.
pub fn field_name<'a>(field: &'a str, lang: &str) -> &'a str {
    match (group(field), lang == "da") {
        ("address", true) => "adresse",
        ("email", true) => "e-mailadresse",
        ("phone", true) => "telefonnummer",
        ("address", false) => "address",
        ("email", false) => "email address",
        ("phone", false) => "phone number",
        _ => field,
    }
}

/// The parts of a record awaiting confirmation, each once, in the order address,
/// e-mail, phone, other.
pub fn groups(record: &ContactRecord) -> Vec<&'static str> {
    let found: Vec<&str> = record.to_confirm.iter().map(|t| group(&t.field)).collect();
    ["address", "email", "phone", "other"].into_iter().filter(|g| found.contains(g)).collect()
}

/// The note a contact block of `record` shows in `lang`, e.g. "Adressen og
/// e-mailadressen afventer bekræftelse fra kommunen."; `None` if nothing is in doubt.
pub fn note(record: &ContactRecord, lang: &str) -> Option<String> {
    let groups = groups(record);
    if groups.is_empty() {
        return None;
    }
    let da = lang == "da";
    let nouns: Vec<&str> = groups
        .iter()
        .map(|g| match (*g, da) {
            ("address", true) => "adressen",
            ("email", true) => "e-mailadressen",
            ("phone", true) => "telefonnummeret",
            (_, true) => "nogle af oplysningerne",
            ("address", false) => "the address",
            ("email", false) => "the email address",
            ("phone", false) => "the phone number",
            (_, false) => "some of the details",
        })
        .collect();
    let subject = match nouns.as_slice() {
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), if da { "og" } else { "and" }),
        [] => unreachable!(),
    };
    let verb = match (da, nouns.len()) {
        (true, _) => "afventer bekræftelse fra kommunen",
        (false, 1) if groups[0] != "other" => "is awaiting confirmation by the municipality",
        (false, _) => "are awaiting confirmation by the municipality",
    };
    let mut chars = subject.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    Some(format!("{first}{} {verb}.", chars.as_str()))
}

/// Every unresolved entry of the site's contact records, for the matrix in `lang`:
/// the contact (title and URL of its page), the field, the note and date in `lang`,
/// and the notices in `lang` that show the contact's block.
pub fn matrix_list(site: &Site, lang: &str) -> Vec<Value> {
    let mut records: Vec<&ContactRecord> = site.contacts().collect();
    records.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = Vec::new();
    for canonical in records {
        let Some(page) = site.contact_page(&canonical.id, lang) else { continue };
        let record = page.front.contact.as_deref().unwrap_or(canonical);
        if record.to_confirm.is_empty() {
            continue;
        }
        // Every notice that shows the record, once per record, as [URL, title]: on a
        // large site that is thousands of notices.
        let mut notices: Vec<(&str, String)> = site
            .backlinks(&canonical.id, lang)
            .into_iter()
            .filter(|p| p.kind() == PageKind::Notice)
            .map(|p| (p.front.title.as_str(), p.url(&site.config)))
            .collect();
        notices.sort_by(|a, b| a.0.cmp(b.0));
        let items: Vec<Value> = record
            .to_confirm
            .iter()
            .map(|t| json!({"field": field_name(&t.field, lang), "seen": t.seen, "note": t.note, "since": t.since.map(|d| d.to_string())}))
            .collect();
        let notices: Vec<Value> = notices.into_iter().map(|(title, url)| json!([url, title])).collect();
        out.push(json!({"contact": page.front.title, "url": page.url(&site.config), "items": items, "notices": notices}));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::ToConfirm;

    fn record(fields: &[&str]) -> ContactRecord {
        ContactRecord {
            to_confirm: fields.iter().map(|f| ToConfirm { field: f.to_string(), note: "n".into(), ..Default::default() }).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_note_names_what_is_in_doubt() {
        assert_eq!(note(&record(&[]), "da"), None);
        assert_eq!(note(&record(&["street"]), "da").unwrap(), "Adressen afventer bekræftelse fra kommunen.");
        assert_eq!(note(&record(&["email", "street", "city"]), "da").unwrap(), "Adressen og e-mailadressen afventer bekræftelse fra kommunen.");
        assert_eq!(note(&record(&["street"]), "en").unwrap(), "The address is awaiting confirmation by the municipality.");
        assert_eq!(note(&record(&["phone", "email"]), "en").unwrap(), "The email address and the phone number are awaiting confirmation by the municipality.");
    }
}
