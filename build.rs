//! Compiles the lawyer-reviewed data the checker works from into static Rust tables,
//! and fails the build on a malformed entry:
//! - `requirements/art13-14.toml`, the requirement table: an unknown condition or
//!   contact role, a duplicate key, or a requirement without an article;
//! - `requirements/evidence.toml`, the words that evidence each item (see
//!   `build/evidence.rs`);
//! - the plain-language phrases of the first layer in the requirement table
//!   (`[requirement.brief]`, `[[brief]]`, `[[basis]]`, `[phrases]`; see `build/brief.rs`).

use serde::Deserialize;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

#[path = "src/legal_basis.rs"]
#[allow(dead_code)]
mod legal_basis;

#[path = "build/evidence.rs"]
mod evidence;

#[path = "build/brief.rs"]
mod brief;

const TABLE: &str = "requirements/art13-14.toml";
const EVIDENCE: &str = "requirements/evidence.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    requirement: Vec<Requirement>,
    // The first layer's phrases, compiled by build/brief.rs.
    #[serde(default)]
    #[allow(dead_code)]
    brief: Vec<toml::Value>,
    #[serde(default)]
    #[allow(dead_code)]
    basis: Vec<toml::Value>,
    #[serde(default)]
    #[allow(dead_code)]
    phrases: Option<toml::Value>,
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
    /// The first layer's phrases (build/brief.rs).
    #[serde(default)]
    #[allow(dead_code)]
    brief: Option<toml::Value>,
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
    /// The right's phrase in the first layer (build/brief.rs).
    #[serde(default)]
    #[allow(dead_code)]
    brief: Option<toml::Value>,
}

fn main() {
    println!("cargo:rerun-if-changed={TABLE}");
    println!("cargo:rerun-if-changed={EVIDENCE}");
    println!("cargo:rerun-if-changed=build/evidence.rs");
    println!("cargo:rerun-if-changed=build/brief.rs");
    println!("cargo:rerun-if-changed=src/legal_basis.rs");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let source = std::fs::read_to_string(TABLE).unwrap_or_else(|e| panic!("cannot read {TABLE}: {e}"));
    let table: Table = toml::from_str(&source).unwrap_or_else(|e| panic!("{TABLE} is malformed: {e}"));
    let code = generate(&table).unwrap_or_else(|e| panic!("{TABLE}: {e}"));
    std::fs::write(Path::new(&out_dir).join("requirements.rs"), code).unwrap();
    let code = brief::generate(&source, |code| legal_basis::LegalBasis::parse(code).is_some()).unwrap_or_else(|e| panic!("{TABLE}: {e}"));
    std::fs::write(Path::new(&out_dir).join("brief.rs"), code).unwrap();

    let source = std::fs::read_to_string(EVIDENCE).unwrap_or_else(|e| panic!("cannot read {EVIDENCE}: {e}"));
    let file: evidence::File = toml::from_str(&source).unwrap_or_else(|e| panic!("{EVIDENCE} is malformed: {e}"));
    let keys = table.requirement.iter().map(|r| r.key.clone()).collect();
    let code = evidence::generate(&file, &keys, |code| legal_basis::LegalBasis::parse(code).is_some()).unwrap_or_else(|e| panic!("{EVIDENCE}: {e}"));
    std::fs::write(Path::new(&out_dir).join("evidence.rs"), code).unwrap();
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
