//! Machine-readable notices: each notice as JSON in the structure of TILT 2.0, the
//! Transparency Information Language, published beside the page as
//! `<slug>/notice.json` (`en/<slug>/notice.json`). What goes into each field is
//! specified in `schemas/README.md`; `schemas/notice.schema.json` is the schema every
//! document validates against; `docs/tilt.md` says where we differ from TILT.
//!
//! The document is filled from the front matter, the contact records the notice
//! embeds, its keyed sections (as plain text) and the findings of the same run.

use crate::contacts::ContactRecord;
use crate::evidence::{Analysis, Document};
use crate::finding::Summary;
use crate::legal_basis::LegalBasis;
use crate::load::markup::{Heading, TOKEN_OPEN};
use crate::load::page::{Body, Page};
use crate::requirements;
use crate::site::Site;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// The schema every document names in `$schema`.
pub const SCHEMA: &str = "https://privatliv.lejre.dk/schemas/notice.schema.json";

/// The output path of a notice's document: `vores-dialog/notice.json`.
pub fn path(site: &Site, page: &Page) -> String {
    format!("{}notice.json", crate::pipeline::output_path(&page.url(&site.config)).trim_end_matches("index.html"))
}

/// The output paths of every notice's document.
pub fn paths(site: &Site) -> Vec<String> {
    site.notices().map(|p| path(site, p)).collect()
}

/// The document of notice `page` (body `body`, read as `doc`) as pretty-printed
/// JSON; `checker` counts the notice's Art. 13/14 findings.
pub fn to_json(site: &Site, page: &Page, body: &Body, doc: &Document, checker: Summary) -> String {
    let mut text = serde_json::to_string_pretty(&document(site, page, body, doc, checker)).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// The document of notice `page` (body `body`, read as `doc`), with `meta._hash`
/// computed last.
pub fn document(site: &Site, page: &Page, body: &Body, doc: &Document, checker: Summary) -> Value {
    let sections = Sections::new(body);
    let lang = page.lang.as_str();
    let url = format!("{}{}", site.config.base_url, page.url(&site.config));
    let date = |d: &Option<toml::value::Datetime>| d.map(|d| d.to_string());
    let modified = crate::changes::latest(&page.front.changes).map(|c| c.date.to_string()).or(date(&page.front.updated)).or(date(&page.front.date));

    let (controller, unit) = crate::in_brief::embedded(site, page, body, "controller");
    let unit = unit.and_then(|u| controller.and_then(|c| c.unit(&u)));
    let dpo = crate::in_brief::embedded(site, page, body, "dpo").0;
    let authority = crate::in_brief::embedded(site, page, body, "supervisory-authority").0;

    let mut to_confirm = Vec::new();
    for record in [controller, dpo, authority].into_iter().flatten() {
        for t in &record.to_confirm {
            to_confirm.push(json!({"contact": record.id, "field": t.field, "seen": t.seen, "note": t.note, "since": date(&t.since)}));
        }
    }
    let undeclared: Vec<&str> = [
        ("legal_basis", page.front.legal_basis.is_none()),
        ("sources", page.front.sources.as_ref().is_none_or(|s| s.is_empty())),
        ("third_country_transfers", page.front.third_country_transfers.is_none()),
    ]
    .into_iter()
    .filter(|(_, missing)| *missing)
    .map(|(name, _)| name)
    .collect();
    let meta = json!({
        "_id": url,
        "name": page.front.title,
        "created": date(&page.front.date),
        "modified": modified,
        "version": 1,
        "language": lang,
        "status": "active",
        "url": [url],
        "privacySite": {
            "source": page.file.to_string_lossy().replace('\\', "/"),
            "checker": {"errors": checker.errors, "warnings": checker.warnings, "notes": checker.notes},
            "waivers": page.front.waivers.iter().map(|(k, w)| json!({"requirement": k, "reason": w.reason, "until": date(&w.until)})).collect::<Vec<_>>(),
            "undeclared": undeclared,
            "toConfirm": to_confirm,
            "changes": crate::changes::newest_first(&page.front.changes).iter().map(|c| json!({"date": c.date.to_string(), "summary": c.summary.trim()})).collect::<Vec<_>>(),
        },
    });

    let mut controller_json = Map::new();
    if let Some(c) = controller {
        controller_json.insert("name".into(), json!(c.name));
        if let Some(u) = unit {
            controller_json.insert("division".into(), json!(u.name));
        }
        controller_json.insert("address".into(), address(c));
        controller_json.insert("country".into(), json!("DK"));
        controller_json.insert("representative".into(), Value::Null);
        let email = unit.map(|u| u.email.as_str()).filter(|e| !e.is_empty()).unwrap_or(&c.email);
        let phone = unit.map(|u| u.phone.as_str()).filter(|p| !p.is_empty()).unwrap_or(&c.phone);
        controller_json.insert("email".into(), non_empty(email));
        controller_json.insert("phone".into(), phone_or_null(phone));
        if !c.web.is_empty() {
            controller_json.insert("url".into(), json!([c.web]));
        }
        controller_json.insert("sector".into(), json!("O"));
    }
    let mut dpo_json = Map::new();
    if let Some(d) = dpo {
        dpo_json.insert("name".into(), json!(d.name));
        dpo_json.insert("address".into(), address(d));
        dpo_json.insert("country".into(), json!("DK"));
        dpo_json.insert("email".into(), non_empty(&d.email));
        if !d.phone.is_empty() {
            dpo_json.insert("phone".into(), json!(international(&d.phone)));
        }
    }

    let slug = page.slug.replace('/', "-");
    let purposes_heading = sections.heading("purposes").unwrap_or_default();
    let declared_nonempty_unwaived = page.front.legal_basis.as_ref().is_some_and(|b| !b.is_empty()) && !page.front.waivers.contains_key("legal-basis");
    let has_basis = |codes: &[&str]| codes.iter().filter_map(|c| LegalBasis::parse(c)).any(|b| page.bases.contains(&b));
    let data_disclosed = object([
        ("_id", json!(format!("{slug}-data"))),
        ("category", sections.entries("categories").into_iter().map(|e| Value::String(e.text)).collect()),
        (
            "purposes",
            sections.entries("purposes").into_iter().map(|e| object([("purpose", json!(purposes_heading)), ("description", Value::String(e.text))])).collect(),
        ),
        ("legalBases", page.bases.iter().map(|b| json!({"reference": reference(*b), "description": describe(*b, lang)})).collect()),
        (
            "legitimateInterests",
            match sections.text("legitimate-interests") {
                Some(text) if page.bases.contains(&LegalBasis::Art6('f')) => json!([{"exists": true, "reasoning": text}]),
                _ => json!([]),
            },
        ),
        ("recipients", sections.entries("recipients").into_iter().map(|e| object([("category", Value::String(e.text))])).collect()),
        (
            "storage",
            match sections.text("retention") {
                Some(text) => {
                    json!([{"temporal": [{"description": text, "ttl": null}], "purposeConditional": [], "legalBasisConditional": [], "aggregationFunction": "max"}])
                }
                None => json!([]),
            },
        ),
        (
            "nonDisclosure",
            match sections.text("statutory-requirement") {
                Some(text) => object([
                    ("legalRequirement", Value::Null),
                    ("contractualRegulation", Value::Null),
                    ("obligationToProvide", Value::Null),
                    ("consequences", Value::String(text)),
                ]),
                None => Value::Null,
            },
        ),
    ]);
    let transfers = match sections.text("third-countries") {
        Some(text) if page.front.third_country_transfers == Some(true) => json!([{"description": text}]),
        _ => json!([]),
    };
    let sources = {
        let entries: Vec<Value> =
            sections.entries("source").into_iter().map(|e| json!({"description": e.text, "url": e.links, "publiclyAvailable": null, "origin": null})).collect();
        if entries.is_empty() {
            json!([])
        } else {
            json!([{"_id": format!("{slug}-sources"), "dataCategory": null, "sources": entries}])
        }
    };

    let rights = Rights::of(&sections, lang);
    let access = rights.right(&["access"], None);
    let portability_ruled_out = declared_nonempty_unwaived && !has_basis(&["6.1.a", "6.1.b", "9.2.a"]);
    let consent_ruled_out = declared_nonempty_unwaived && !has_basis(&["6.1.a", "9.2.a"]);
    let withdraw = match sections.text("withdraw-consent") {
        Some(text) => json!({"available": true, "description": text}),
        None if consent_ruled_out => json!({"available": false}),
        None => json!({"available": null}),
    };
    let mut complain = match sections.text("complaint") {
        Some(text) => json!({"available": true, "description": text}),
        None => json!({"available": null}),
    };
    if let Some(a) = authority {
        if !a.web.is_empty() {
            complain["url"] = json!([a.web]);
        }
        let mut sa = Map::new();
        sa.insert("name".into(), json!(a.name));
        if let Value::String(addr) = address(a) {
            sa.insert("address".into(), json!(addr));
        }
        sa.insert("country".into(), json!("DK"));
        if !a.email.is_empty() {
            sa.insert("email".into(), json!(a.email));
        }
        if !a.phone.is_empty() {
            sa.insert("phone".into(), json!(international(&a.phone)));
        }
        complain["supervisoryAuthority"] = Value::Object(sa);
    }

    let mut doc = object([
        ("$schema", json!(SCHEMA)),
        ("meta", meta),
        ("controller", Value::Object(controller_json)),
        ("dataProtectionOfficer", Value::Object(dpo_json)),
        ("dataDisclosed", Value::Array(vec![data_disclosed])),
        ("thirdCountryTransfers", transfers),
        ("accessAndDataPortability", access.clone()),
        ("sources", sources),
        ("rightToInformation", access),
        ("rightToRectificationOrDeletion", rights.right(&["rectification", "erasure"], None)),
        ("rightToDataPortability", rights.right(&["portability"], portability_ruled_out.then_some(false))),
        ("rightToWithdrawConsent", withdraw),
        ("rightToComplain", complain),
        ("automatedDecisionMaking", automated(doc, &sections)),
        ("changesOfPurpose", json!([])),
        ("rightToRestrictionOfProcessing", rights.right(&["restriction"], None)),
        ("rightToObject", rights.right(&["objection"], None)),
    ]);
    let hash = hash(&doc);
    doc["meta"]["_hash"] = json!(hash);
    doc
}

/// The lowercase hex SHA-256 of `doc` without `meta._hash`, serialised with sorted
/// keys, no white space and UTF-8 as it is (`schemas/README.md`, "Hash").
///
/// That is serde_json's compact form: its maps keep their keys sorted (the crate's
/// `preserve_order` feature is off; the test below fails if it is ever turned on), so
/// the document is written straight into the hasher.
pub fn hash(doc: &Value) -> String {
    let mut hasher = Sha256::new();
    let written = match doc.get("meta").and_then(|m| m.get("_hash")) {
        Some(_) => {
            let mut without = doc.clone();
            without["meta"].as_object_mut().map(|m| m.remove("_hash"));
            serde_json::to_writer(&mut hasher, &without)
        }
        None => serde_json::to_writer(&mut hasher, doc),
    };
    written.expect("a JSON value serialises");
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A JSON object of `members`, moved in (the `json!` macro copies each value).
fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// `street, postcode city`, or null without a street.
fn address(c: &ContactRecord) -> Value {
    if c.street.trim().is_empty() {
        return Value::Null;
    }
    json!(format!("{}, {} {}", c.street.trim(), c.postcode.trim(), c.city.trim()).trim_end().to_string())
}

/// A text, or null when it is empty.
fn non_empty(s: &str) -> Value {
    if s.trim().is_empty() {
        Value::Null
    } else {
        json!(s.trim())
    }
}

/// A Danish phone number in international form: `+45 46 46 46 46`.
fn international(phone: &str) -> String {
    let phone = phone.trim();
    if phone.starts_with('+') {
        phone.to_string()
    } else {
        format!("+45 {phone}")
    }
}

fn phone_or_null(phone: &str) -> Value {
    if phone.trim().is_empty() {
        Value::Null
    } else {
        json!(international(phone))
    }
}

/// TILT's reference string of a legal basis: `GDPR-6-1-e`, `GDPR-10`, `DBL-11`.
pub fn reference(b: LegalBasis) -> String {
    match b {
        LegalBasis::Art6(c) => format!("GDPR-6-1-{c}"),
        LegalBasis::Art9(c) => format!("GDPR-9-2-{c}"),
        LegalBasis::Art10 => "GDPR-10".into(),
        LegalBasis::Dbl(n) => format!("DBL-{n}"),
    }
}

/// A legal basis cited in `lang`, naming the GDPR where the citation does not.
fn describe(b: LegalBasis, lang: &str) -> String {
    let cite = b.cite(lang);
    match (b, lang) {
        (LegalBasis::Dbl(_), _) => cite,
        (_, "da") => format!("databeskyttelsesforordningens {cite}"),
        _ => format!("{cite} of the GDPR"),
    }
}

/// Whether automated decisions are made: false when the sentence that evidences the
/// #automated-decisions item holds a negation, true when it does not, null when the
/// section is missing or gives no evidence.
fn automated(whole: &Document, sections: &Sections) -> Value {
    let Some(text) = sections.text("automated-decisions") else { return json!({"inUse": null}) };
    // Only the section's blocks are scanned.
    let Some(h) = whole.keyed("automated-decisions") else { return json!({"inUse": null}) };
    let doc = Document { lang: whole.lang, title: String::new(), blocks: whole.blocks[whole.section(h)].to_vec() };
    let analysis = Analysis::new(&doc);
    let lang = doc.lang;
    let hit = analysis.evidence("automated-decisions", analysis.section(0));
    let group = crate::evidence::data::item("automated-decisions").and_then(|i| i.rules.iter().find_map(|r| r.groups.get(lang).first().copied()));
    match (hit, group) {
        (Some(hit), Some(group)) if analysis.negated(hit.block, group) => json!({"inUse": false}),
        (Some(_), _) => json!({"inUse": true, "logicInvolved": text, "scopeAndIntendedEffects": text}),
        (None, _) => json!({"inUse": null}),
    }
}

/// An entry of a section by the plain-list rule, with the link targets in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The entry as plain text.
    pub text: String,
    /// The link targets in it, each once.
    pub links: Vec<String>,
}

/// A block of a section's plain text.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    /// A paragraph (or table cell, or code block).
    Para(String, Vec<String>),
    /// A list item's own text, with its nesting depth.
    Item(String, Vec<String>),
    /// A sub-heading.
    Heading(String),
    /// Where a list ends.
    ListEnd,
}

/// The keyed sections of a notice, read from its body.
struct Sections<'a> {
    headings: &'a [Heading],
    lines: Vec<&'a str>,
    /// The blocks of each section read so far, by heading index: each is parsed once.
    parsed: std::cell::RefCell<std::collections::HashMap<usize, std::rc::Rc<Vec<Block>>>>,
}

impl<'a> Sections<'a> {
    fn new(body: &'a Body) -> Sections<'a> {
        Sections { headings: &body.headings, lines: body.text.lines().collect(), parsed: Default::default() }
    }

    /// The blocks of the section under heading `i`, with its sub-sections.
    fn blocks(&self, i: usize) -> std::rc::Rc<Vec<Block>> {
        self.parsed.borrow_mut().entry(i).or_insert_with(|| std::rc::Rc::new(blocks(&self.markdown(i)))).clone()
    }

    /// The index of the heading that carries `key`.
    fn find(&self, key: &str) -> Option<usize> {
        self.headings.iter().position(|h| h.ids.iter().any(|id| id == key))
    }

    /// The heading text of the section keyed `key`.
    fn heading(&self, key: &str) -> Option<&str> {
        self.find(key).map(|i| self.headings[i].text.as_str())
    }

    /// The Markdown under heading `i`, to the next heading of the same or a higher level.
    fn markdown(&self, i: usize) -> String {
        let h = &self.headings[i];
        let rest = &self.headings[i + 1..];
        let end = rest.iter().find(|n| n.level <= h.level).map_or(self.lines.len() + 1, |n| n.line);
        self.lines[h.line.min(self.lines.len())..(end - 1).min(self.lines.len())].join("\n")
    }

    /// The plain text of the section keyed `key` (with its sub-sections), `None` if
    /// the notice has no such section or it is empty.
    fn text(&self, key: &str) -> Option<String> {
        let text = join(&self.blocks(self.find(key)?));
        (!text.is_empty()).then_some(text)
    }

    /// The entries of the section keyed `key` by the plain-list rule: one per list
    /// item if the section is a plain list, else one with its whole text.
    fn entries(&self, key: &str) -> Vec<Entry> {
        let Some(i) = self.find(key) else { return Vec::new() };
        let blocks = self.blocks(i);
        let has_sub = blocks.iter().any(|b| matches!(b, Block::Heading(_)));
        let shape: Vec<&Block> = blocks.iter().filter(|b| !matches!(b, Block::Item(..))).collect();
        let plain = !has_sub
            && blocks.iter().any(|b| matches!(b, Block::Item(..)))
            && match shape.as_slice() {
                [Block::ListEnd] | [Block::Para(..), Block::ListEnd] => {
                    // One list: nothing but items between its start and its end.
                    let first_item = blocks.iter().position(|b| matches!(b, Block::Item(..))).unwrap();
                    blocks[first_item..blocks.len() - 1].iter().all(|b| matches!(b, Block::Item(..)))
                }
                _ => false,
            };
        if plain {
            return blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Item(text, links) if !text.is_empty() => Some(Entry { text: text.clone(), links: links.clone() }),
                    _ => None,
                })
                .collect();
        }
        let text = join(&blocks);
        if text.is_empty() {
            return Vec::new();
        }
        let mut links: Vec<String> = Vec::new();
        for b in blocks.iter() {
            if let Block::Para(_, l) | Block::Item(_, l) = b {
                for link in l {
                    if !links.contains(link) {
                        links.push(link.clone());
                    }
                }
            }
        }
        vec![Entry { text, links }]
    }
}

/// Blocks joined as `schemas/README.md` says: list items as `- item`, blank lines
/// between.
fn join(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(t, _) | Block::Heading(t) => Some(t.clone()),
            Block::Item(t, _) => Some(format!("- {t}")),
            Block::ListEnd => None,
        })
        .filter(|t| !t.is_empty() && t != "- ")
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The blocks of a piece of Markdown: paragraphs, list items (their own text, nested
/// items on their own), sub-headings; contact placeholders left out. A list whose
/// items are all read is followed by [`Block::ListEnd`].
fn blocks(markdown: &str) -> Vec<Block> {
    use comrak::nodes::NodeValue;
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.strikethrough = true;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &options);
    let mut out = Vec::new();
    fn walk<'a>(node: &'a comrak::nodes::AstNode<'a>, out: &mut Vec<Block>) {
        let data = node.data();
        match &data.value {
            NodeValue::Heading(_) => out.push(Block::Heading(inline(node).0)),
            NodeValue::Paragraph | NodeValue::TableCell => {
                let (text, links) = inline(node);
                if !text.is_empty() && !text.starts_with(TOKEN_OPEN) {
                    out.push(Block::Para(text, links));
                }
            }
            NodeValue::CodeBlock(code) => {
                let text = crate::text::squash_space(&code.literal);
                if !text.is_empty() {
                    out.push(Block::Para(text, Vec::new()));
                }
            }
            NodeValue::Item(_) => {
                // The item's own text: its paragraphs, without nested lists.
                let mut text = Vec::new();
                let mut links = Vec::new();
                for child in node.children().filter(|c| matches!(c.data().value, NodeValue::Paragraph)) {
                    let (t, l) = inline(child);
                    text.push(t);
                    links.extend(l);
                }
                out.push(Block::Item(text.join(" ").trim().to_string(), links));
                for child in node.children().filter(|c| !matches!(c.data().value, NodeValue::Paragraph)) {
                    walk(child, out);
                }
            }
            NodeValue::List(_) => {
                for child in node.children() {
                    walk(child, out);
                }
                if node.parent().is_some_and(|p| matches!(p.data().value, NodeValue::Document)) {
                    out.push(Block::ListEnd);
                }
            }
            NodeValue::HtmlBlock(_) => {}
            _ => {
                for child in node.children() {
                    walk(child, out);
                }
            }
        }
    }
    walk(root, &mut out);
    out
}

/// The text of an inline container (link texts kept, soft breaks as spaces) and the
/// link targets in it.
fn inline<'a>(node: &'a comrak::nodes::AstNode<'a>) -> (String, Vec<String>) {
    use comrak::nodes::NodeValue;
    let mut text = String::new();
    let mut links = Vec::new();
    for d in node.descendants().skip(1) {
        match &d.data().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
            NodeValue::Link(link) if !links.contains(&link.url) => links.push(link.url.clone()),
            _ => {}
        }
    }
    (crate::text::squash_space(&text), links)
}

/// The rights as the #rights section gives them.
struct Rights {
    /// Per right (mention item): whether the section mentions it, and its description.
    found: Vec<(&'static str, Option<String>)>,
}

impl Rights {
    fn of(sections: &Sections, lang: &str) -> Rights {
        let Some(req) = requirements::find("rights") else { return Rights { found: Vec::new() } };
        let Some(i) = sections.find("rights") else { return Rights { found: Vec::new() } };
        let whole = crate::text::to_lower(&sections.text("rights").unwrap_or_default());
        // The sub-sections of #rights, (heading, own text), from the section's blocks:
        // each sub-heading's own text runs to the next heading of any level.
        let parsed = sections.blocks(i);
        let mut subs: Vec<(String, Vec<Block>)> = Vec::new();
        let mut paragraphs: Vec<String> = Vec::new();
        for b in parsed.iter() {
            match (b, subs.last_mut()) {
                (Block::Heading(h), _) => subs.push((h.clone(), Vec::new())),
                (other, Some((_, own))) => own.push(other.clone()),
                (_, None) => {}
            }
            if let Block::Para(t, _) | Block::Item(t, _) = b {
                paragraphs.push(t.clone());
            }
        }
        // Each text with its lower case, made once for all the rights.
        let lowered = |t: String| {
            let lower = crate::text::to_lower(&t);
            (t, lower)
        };
        let subs: Vec<((String, String), (String, String))> = subs.into_iter().map(|(h, own)| (lowered(h), lowered(join(&own)))).collect();
        let paragraphs: Vec<(String, String)> = paragraphs.into_iter().map(lowered).collect();
        let found = req
            .mentions
            .iter()
            .map(|m| {
                let words = if lang == "da" { m.da } else { m.en };
                let holds = |lower: &str| words.iter().any(|w| crate::check::notice::mentions_word(lower, w));
                if !holds(&whole) {
                    return (m.item, None);
                }
                let description = subs
                    .iter()
                    .find(|((_, h), (own, lower))| !own.is_empty() && (holds(h) || holds(lower)))
                    .map(|(_, (own, _))| own.clone())
                    .or_else(|| paragraphs.iter().find(|(_, lower)| holds(lower)).map(|(p, _)| p.clone()))
                    .or_else(|| sections.text("rights"));
                (m.item, description)
            })
            .collect();
        Rights { found }
    }

    /// The TILT right made of the given rights: available (with the descriptions, each
    /// once, joined by a blank line) if the section gives any; else `otherwise`, or
    /// null.
    fn right(&self, items: &[&str], otherwise: Option<bool>) -> Value {
        let mut texts: Vec<String> = Vec::new();
        for (item, description) in &self.found {
            if let Some(d) = description.as_ref().filter(|_| items.contains(item)) {
                if !texts.contains(d) {
                    texts.push(d.clone());
                }
            }
        }
        if texts.is_empty() {
            json!({"available": otherwise})
        } else {
            json!({"available": true, "description": texts.join("\n\n")})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_list_gives_one_entry_per_item_and_prose_one_entry() {
        let md = "Vi behandler:\n\n- Navn\n  - Adresse\n- [CPR](https://cpr.dk) og *andet*\n";
        let b = blocks(md);
        assert_eq!(join(&b), "Vi behandler:\n\n- Navn\n\n- Adresse\n\n- CPR og andet");
        let items: Vec<_> = b.iter().filter_map(|b| if let Block::Item(t, l) = b { Some((t.as_str(), l.len())) } else { None }).collect();
        assert_eq!(items, [("Navn", 0), ("Adresse", 0), ("CPR og andet", 1)]);
        assert_eq!(b.last(), Some(&Block::ListEnd));
    }

    #[test]
    fn references_follow_tilt() {
        let r = |c: &str| reference(LegalBasis::parse(c).unwrap());
        assert_eq!([r("6.1.e"), r("9.2.a"), r("10"), r("dbl-11")], ["GDPR-6-1-e", "GDPR-9-2-a", "GDPR-10", "DBL-11"]);
        assert_eq!(describe(LegalBasis::Art6('e'), "da"), "databeskyttelsesforordningens artikel 6, stk. 1, litra e");
        assert_eq!(describe(LegalBasis::Art6('e'), "en"), "Article 6(1)(e) of the GDPR");
        assert_eq!(international("72 27 30 02"), "+45 72 27 30 02");
    }

    #[test]
    fn the_hash_is_over_sorted_keys_without_the_hash() {
        let a = json!({"meta": {"b": 1, "a": "æ", "_hash": "x"}, "z": [1, {"y": null, "x": true}]});
        let s = serde_json::to_string(&json!({"meta": {"b": 1, "a": "æ"}, "z": [1, {"y": null, "x": true}]})).unwrap();
        assert_eq!(s, r#"{"meta":{"a":"æ","b":1},"z":[1,{"x":true,"y":null}]}"#);
        let expected: String = Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hash(&a), expected);
        // Only meta._hash is left out: a `_hash` anywhere else counts.
        let elsewhere = json!({"meta": {"b": 1, "a": "æ"}, "z": [1, {"y": null, "x": true, "_hash": "x"}]});
        assert_ne!(hash(&elsewhere), expected);
        let top = json!({"meta": {"b": 1, "a": "æ"}, "z": [1, {"y": null, "x": true}], "_hash": "x"});
        assert_ne!(hash(&top), expected);
    }
}
