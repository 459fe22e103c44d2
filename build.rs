//! Compiles the lawyer-reviewed requirement table (`requirements/art13-14.toml`) into a
//! static Rust table, and fails the build on a malformed entry: an unknown condition
//! or contact role, a duplicate key, or a requirement without an article.

use serde::Deserialize;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

#[path = "src/legal_basis.rs"]
#[allow(dead_code)]
mod legal_basis;

const TABLE: &str = "requirements/art13-14.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    requirement: Vec<Requirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Requirement {
    key: String,
    art13: String,
    art14: String,
    when: String,
    #[serde(default)]
    contact: Option<String>,
    #[serde(default)]
    names_bases: bool,
    title: Text,
    help: Text,
    #[serde(default)]
    mentions: Vec<Mention>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Text {
    da: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Mention {
    item: String,
    when: String,
    da: Vec<String>,
    en: Vec<String>,
}

fn main() {
    println!("cargo:rerun-if-changed={TABLE}");
    println!("cargo:rerun-if-changed=src/legal_basis.rs");
    let source = std::fs::read_to_string(TABLE).unwrap_or_else(|e| panic!("cannot read {TABLE}: {e}"));
    let table: Table = toml::from_str(&source).unwrap_or_else(|e| panic!("{TABLE} is malformed: {e}"));
    let code = generate(&table).unwrap_or_else(|e| panic!("{TABLE}: {e}"));
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("requirements.rs");
    std::fs::write(out, code).unwrap();
}

fn generate(table: &Table) -> Result<String, String> {
    let mut seen = HashSet::new();
    let mut out = String::from("&[\n");
    for r in &table.requirement {
        if !seen.insert(r.key.as_str()) {
            return Err(format!("duplicate requirement key `{}`", r.key));
        }
        if r.art13.is_empty() && r.art14.is_empty() {
            return Err(format!("requirement `{}` names no article (art13 or art14)", r.key));
        }
        let contact = match r.contact.as_deref() {
            None => "None".to_string(),
            Some(role @ ("controller" | "dpo" | "supervisory-authority")) => format!("Some({role:?})"),
            Some(other) => return Err(format!("requirement `{}`: unknown contact role `{other}`", r.key)),
        };
        let mut mentions = String::new();
        for m in &r.mentions {
            writeln!(
                mentions,
                "Mention {{ item: {:?}, when: {}, da: &{:?}, en: &{:?} }},",
                m.item,
                condition(&m.when).map_err(|e| format!("requirement `{}`, mention `{}`: {e}", r.key, m.item))?,
                m.da,
                m.en
            )
            .unwrap();
        }
        writeln!(
            out,
            "Requirement {{ key: {:?}, art13: {:?}, art14: {:?}, when: {}, contact: {contact}, names_bases: {}, \
             title: Text {{ da: {:?}, en: {:?} }}, help: Text {{ da: {:?}, en: {:?} }}, mentions: &[{mentions}] }},",
            r.key,
            r.art13,
            r.art14,
            condition(&r.when).map_err(|e| format!("requirement `{}`: {e}", r.key))?,
            r.names_bases,
            r.title.da,
            r.title.en,
            r.help.da,
            r.help.en,
        )
        .unwrap();
    }
    out.push(']');
    Ok(out)
}

/// Translates a `when` string into a `Condition` expression, or says why it can't.
fn condition(when: &str) -> Result<String, String> {
    Ok(match when {
        "always" => "Condition::Always".into(),
        "subject" => "Condition::FromSubject".into(),
        "others" => "Condition::FromOthers".into(),
        "transfers" => "Condition::Transfers".into(),
        _ => {
            let Some(codes) = when.strip_prefix("basis:") else {
                return Err(format!("unknown condition `{when}`: use always, subject, others, transfers or basis:<code>,..."));
            };
            for code in codes.split(',') {
                if legal_basis::LegalBasis::parse(code).is_none() {
                    return Err(format!("unknown legal basis `{code}` in `{when}`: valid forms are {}", legal_basis::VALID_FORMS));
                }
            }
            let list: Vec<&str> = codes.split(',').collect();
            format!("Condition::AnyBasis(&{list:?})")
        }
    })
}
