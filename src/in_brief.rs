//! The first layer of a notice: "Kort fortalt" (Danish) / "In brief" (English), the
//! essentials in a few short sentences at the top of the page, each linking to the
//! section that gives the details (WP260 rev.01, para. 35–37).
//!
//! Nothing in it is free text: its sentences are the plain-language phrases of the
//! requirement table (`requirements/art13-14.toml`, "The first layer", compiled by
//! `build.rs`), filled with the notice's own facts: the contact records its sections
//! embed, its declared legal bases and sources, which keyed sections it has and which
//! it waives. Where the notice lacks an item, the layer says so and links to the
//! waiver. The template `partials/in_brief.html` lays it out.

use crate::contacts::ContactRecord;
use crate::legal_basis::LegalBasis;
use crate::load::page::{Body, Page, PageKind};
use crate::requirements::{self, Decision, Text};
use crate::site::Site;
use serde::Serialize;

/// Sentences in Danish and in English.
#[derive(Debug, Clone, Copy)]
pub struct Texts {
    /// Danish.
    pub da: &'static [&'static str],
    /// English.
    pub en: &'static [&'static str],
}

impl Texts {
    /// The sentences in `lang` (English for any language but Danish).
    pub fn get(&self, lang: &str) -> &'static [&'static str] {
        if lang == "da" {
            self.da
        } else {
            self.en
        }
    }
}

/// One point of the layer: a question and the requirements that answer it.
#[derive(Debug, Clone, Copy)]
pub struct Point {
    /// The point's question, e.g. "Hvem har ansvaret?".
    pub question: Text,
    /// The requirement keys whose phrases answer it, in order.
    pub keys: &'static [&'static str],
}

/// The phrases of one requirement (`[requirement.brief]`).
#[derive(Debug, Clone, Copy)]
pub struct Plain {
    /// The requirement key.
    pub key: &'static str,
    /// What the layer says when the notice has the section.
    pub says: Texts,
    /// The list that follows: `bases`, `data` or `rights`.
    pub list: Option<&'static str>,
    /// What it says instead when that list is empty.
    pub unlisted: Option<Texts>,
    /// What it says when the notice lacks the item.
    pub lacks: Text,
    /// The text of the link to the section.
    pub more: Text,
}

/// A legal basis in words (`[[basis]]`).
#[derive(Debug, Clone, Copy)]
pub struct BasisWords {
    /// The front-matter code, or `dbl-*` for any section of databeskyttelsesloven.
    pub code: &'static str,
    /// The basis as the end of "Vi må behandle dine oplysninger, fordi:".
    pub says: Text,
    /// The kind of data the basis covers.
    pub data: Option<Text>,
}

/// Small words the layer joins phrases with (`[phrases]`).
#[derive(Debug, Clone, Copy)]
pub struct Phrases {
    /// "og" / "and".
    pub and: Text,
    /// Where data come from: the person.
    pub subject: Text,
    /// Where data come from: anyone else.
    pub others: Text,
    /// The start of a link to a waiver.
    pub known_gap: Text,
}

include!(concat!(env!("OUT_DIR"), "/brief.rs"));

/// The layer as template data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// The section's id: `kort-fortalt` on Danish pages, `in-brief` on the others.
    pub id: &'static str,
    /// The points, in order; a point with nothing to say is left out.
    pub points: Vec<PointView>,
}

/// One point as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointView {
    /// The question.
    pub question: &'static str,
    /// What the notice gives or lacks, one part per requirement (or waiver).
    pub parts: Vec<Part>,
}

/// Sentences, an optional list after them, and a link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// The sentences.
    pub says: Vec<String>,
    /// The list after them (empty: none).
    pub list: Vec<String>,
    /// Where to read more: the section, or the waiver.
    pub link: Option<Link>,
    /// Whether the part says what the notice lacks.
    pub lacks: bool,
}

/// A link within the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// `#key` or `#waiver-key`.
    pub href: String,
    /// The link text.
    pub text: String,
}

impl Brief {
    /// Every text of the layer as the page shows it, block by block (question,
    /// sentences with their link, list items), for measuring its readability.
    pub fn blocks(&self, heading: &str) -> Vec<String> {
        let mut out = vec![heading.to_string()];
        for p in &self.points {
            out.push(p.question.to_string());
            for part in &p.parts {
                let link = part.link.as_ref().map(|l| l.text.as_str());
                let mut text = part.says.join(" ");
                if part.list.is_empty() {
                    text.extend(link.map(|l| format!(" {l}")));
                    out.push(text);
                } else {
                    out.push(text);
                    out.extend(part.list.iter().cloned());
                    out.extend(link.map(str::to_string));
                }
            }
        }
        out
    }
}

/// The id of the layer on a page in `lang`.
pub fn section_id(lang: &str) -> &'static str {
    if lang == "da" {
        "kort-fortalt"
    } else {
        "in-brief"
    }
}

/// The first layer of `page`, or `None` if it is not a notice.
pub fn build(site: &Site, page: &Page, body: &Body) -> Option<Brief> {
    if page.kind() != PageKind::Notice {
        return None;
    }
    let lang = page.lang.as_str();
    let facts = page.facts();
    let fill = Fill::of(site, page, body);
    let mut points = Vec::new();
    for point in POINTS {
        let mut parts = Vec::new();
        for key in point.keys {
            let (Some(plain), Some(req)) = (PLAIN.iter().find(|p| p.key == *key), requirements::find(key)) else { continue };
            let has_section = page.key_line(key).is_some();
            let waived = page.front.waivers.contains_key(key);
            if has_section {
                let list = match plain.list {
                    Some("bases") => bases(&page.bases, lang),
                    Some("data") => data(&page.bases, lang),
                    Some("rights") => rights(req, &facts, lang),
                    _ => Vec::new(),
                };
                let sentences = match plain.unlisted {
                    Some(unlisted) if list.is_empty() => unlisted.get(lang),
                    _ => plain.says.get(lang),
                };
                let says: Vec<String> = sentences.iter().filter_map(|s| fill.apply(s)).collect();
                if !says.is_empty() {
                    let link = Link { href: format!("#{key}"), text: plain.more.get(lang).to_string() };
                    parts.push(Part { says, list, link: Some(link), lacks: false });
                }
            }
            if waived {
                let link = Link { href: format!("#waiver-{key}"), text: format!("{}: {}", PHRASES.known_gap.get(lang), req.title.get(lang)) };
                parts.push(Part { says: vec![plain.lacks.get(lang).to_string()], list: Vec::new(), link: Some(link), lacks: true });
            } else if !has_section && req.when.decide(&facts) != Decision::No {
                parts.push(Part { says: vec![plain.lacks.get(lang).to_string()], list: Vec::new(), link: None, lacks: true });
            }
        }
        if !parts.is_empty() {
            points.push(PointView { question: point.question.get(lang), parts });
        }
    }
    Some(Brief { id: section_id(lang), points })
}

/// The values the placeholders of a `says` sentence take on a page.
struct Fill {
    controller: String,
    email: String,
    phone: String,
    authority: String,
    sources: String,
}

impl Fill {
    fn of(site: &Site, page: &Page, body: &Body) -> Fill {
        let lang = page.lang.as_str();
        let (controller, unit) = embedded(site, page, body, "controller");
        let unit = unit.and_then(|u| controller.and_then(|c| c.unit(&u)));
        let pick =
            |unit_value: Option<&String>, record_value: Option<&String>| unit_value.filter(|v| !v.is_empty()).or(record_value).cloned().unwrap_or_default();
        let facts = page.facts();
        let mut sources = Vec::new();
        if let Some(s) = facts.sources {
            if s.subject {
                sources.push(PHRASES.subject.get(lang));
            }
            if s.others {
                sources.push(PHRASES.others.get(lang));
            }
        }
        Fill {
            controller: controller.map(|c| c.name.clone()).unwrap_or_default(),
            email: pick(unit.map(|u| &u.email), controller.map(|c| &c.email)),
            phone: pick(unit.map(|u| &u.phone), controller.map(|c| &c.phone)),
            authority: embedded(site, page, body, "supervisory-authority").0.map(|c| c.name.clone()).unwrap_or_default(),
            sources: join(&sources, lang),
        }
    }

    /// `sentence` with its placeholders filled; `None` if one has no value.
    fn apply(&self, sentence: &str) -> Option<String> {
        let mut out = sentence.to_string();
        for (name, value) in
            [("controller", &self.controller), ("email", &self.email), ("phone", &self.phone), ("authority", &self.authority), ("sources", &self.sources)]
        {
            let placeholder = format!("{{{name}}}");
            if out.contains(&placeholder) {
                if value.is_empty() {
                    return None;
                }
                out = out.replace(&placeholder, value);
            }
        }
        Some(out)
    }
}

/// The record (in the page's language) of the contact with `role` that the page
/// embeds, and the unit it names; failing that, the site's record with that role.
pub fn embedded<'a>(site: &'a Site, page: &Page, body: &Body, role: &str) -> (Option<&'a ContactRecord>, Option<String>) {
    let record = |id: &str| site.contact_page(id, &page.lang).and_then(|p| p.front.contact.as_deref());
    for sc in body.shortcodes.iter().filter(|s| s.name == "contact") {
        if let Some(r) = sc.arg("id").and_then(record).filter(|r| r.role == role) {
            return (Some(r), sc.arg("unit").map(str::to_string));
        }
    }
    (site.contacts().find(|c| c.role == role).and_then(|c| record(&c.id)), None)
}

/// "a, b og c".
fn join(items: &[&str], lang: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), PHRASES.and.get(lang)),
    }
}

/// The words of a legal basis.
fn basis_words(basis: LegalBasis) -> Option<&'static BasisWords> {
    let code = basis.to_string();
    BASES.iter().find(|b| b.code == code).or_else(|| matches!(basis, LegalBasis::Dbl(_)).then(|| BASES.iter().find(|b| b.code == "dbl-*")).flatten())
}

/// The declared legal bases in words, each once.
fn bases(declared: &[LegalBasis], lang: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for b in declared {
        let Some(words) = basis_words(*b) else { continue };
        let n = if let LegalBasis::Dbl(n) = b { n.to_string() } else { String::new() };
        let text = words.says.get(lang).replace("{n}", &n);
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// The kinds of data the declared bases cover, each once, in the order ordinary,
/// sensitive, criminal offences, CPR number.
fn data(declared: &[LegalBasis], lang: &str) -> Vec<String> {
    let mut sorted = declared.to_vec();
    sorted.sort();
    let mut out: Vec<String> = Vec::new();
    for words in sorted.into_iter().filter_map(basis_words) {
        if let Some(d) = words.data.map(|d| d.get(lang).to_string()).filter(|d| !out.contains(d)) {
            out.push(d);
        }
    }
    out
}

/// The rights of requirement `req` that apply on these facts (not those that only may).
fn rights(req: &requirements::Requirement, facts: &requirements::Facts, lang: &str) -> Vec<String> {
    req.mentions
        .iter()
        .filter(|m| m.when.decide(facts) == Decision::Yes)
        .filter_map(|m| RIGHTS.iter().find(|(item, _)| *item == m.item))
        .map(|(_, t)| t.get(lang).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_basis_has_words_and_the_kinds_of_data_are_shown_once() {
        let declared: Vec<LegalBasis> = ["9.2.f", "6.1.e", "10", "dbl-11", "9.2.a", "6.1.a"].iter().map(|c| LegalBasis::parse(c).unwrap()).collect();
        assert_eq!(data(&declared, "da"), ["almindelige oplysninger", "følsomme oplysninger", "oplysninger om strafbare forhold", "dit cpr-nummer"]);
        assert_eq!(bases(&declared, "en")[0], "it is needed to establish, exercise or defend legal claims");
        let other = bases(&[LegalBasis::Dbl(8)], "da");
        assert_eq!(other, ["databeskyttelseslovens § 8 giver os lov til det"]);
    }

    #[test]
    fn lists_join_with_and() {
        assert_eq!(join(&["dig selv", "andre"], "da"), "dig selv og andre");
        assert_eq!(join(&["a", "b", "c"], "en"), "a, b and c");
        assert_eq!(join(&[], "en"), "");
    }

    #[test]
    fn rights_follow_the_declared_bases() {
        let rights_req = requirements::find("rights").unwrap();
        let public_task = requirements::Facts::declared(vec![LegalBasis::Art6('e')], true, true, false);
        let got = rights(rights_req, &public_task, "da");
        assert!(got.iter().any(|r| r.contains("indsigelse")), "{got:?}");
        assert!(!got.iter().any(|r| r.contains("format")), "no portability under 6.1.e: {got:?}");
        let unknown = requirements::Facts::default();
        assert_eq!(rights(rights_req, &unknown, "da").len(), 4, "only the rights that always apply when the bases are unknown");
    }
}
