//! Compiles the plain-language phrases of `requirements/art13-14.toml` (the first
//! layer, "Kort fortalt" / "In brief") into static Rust tables, and rejects a
//! malformed entry: a point that names an unknown requirement or one twice, a
//! requirement in a point without its phrases, a phrase with an unknown `{placeholder}`
//! or list, a list without its `unlisted` text, a legal basis without its words, a
//! right without its phrase, an empty text.

use super::Text;
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt::Write as _;

/// The placeholders a `says` sentence may use (see `src/in_brief.rs`).
const PLACEHOLDERS: &[&str] = &["controller", "email", "phone", "authority", "sources"];
/// The lists a requirement's phrase may end with.
const LISTS: &[&str] = &["bases", "data", "rights"];

#[derive(Deserialize)]
struct File {
    requirement: Vec<Requirement>,
    #[serde(default)]
    brief: Vec<Point>,
    #[serde(default)]
    basis: Vec<Basis>,
    phrases: Phrases,
}

#[derive(Deserialize)]
struct Requirement {
    key: String,
    #[serde(default)]
    brief: Option<Plain>,
    #[serde(default)]
    mentions: Vec<Mention>,
}

#[derive(Deserialize)]
struct Mention {
    item: String,
    #[serde(default)]
    brief: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    da: Vec<String>,
    en: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Plain {
    says: Texts,
    #[serde(default)]
    list: Option<String>,
    #[serde(default)]
    unlisted: Option<Texts>,
    lacks: Text,
    more: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Point {
    question: Text,
    keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Basis {
    code: String,
    says: Text,
    #[serde(default)]
    data: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Phrases {
    and: Text,
    subject: Text,
    others: Text,
    known_gap: Text,
}

fn text(t: &Text, what: &str) -> Result<String, String> {
    if t.da.trim().is_empty() || t.en.trim().is_empty() {
        return Err(format!("{what}: a text is empty"));
    }
    Ok(format!("Text {{ da: {:?}, en: {:?} }}", t.da, t.en))
}

fn texts(t: &Texts, what: &str) -> Result<String, String> {
    for s in t.da.iter().chain(&t.en) {
        if s.trim().is_empty() {
            return Err(format!("{what}: a sentence is empty"));
        }
        let mut rest = s.as_str();
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').ok_or_else(|| format!("{what}: unclosed `{{` in \"{s}\""))? + open;
            let name = &rest[open + 1..close];
            if !PLACEHOLDERS.contains(&name) {
                return Err(format!("{what}: unknown placeholder `{{{name}}}` in \"{s}\"; known: {}", PLACEHOLDERS.join(", ")));
            }
            rest = &rest[close + 1..];
        }
    }
    if t.da.is_empty() || t.en.is_empty() || t.da.len() != t.en.len() {
        return Err(format!("{what}: give the same number of sentences (at least one) in da and en"));
    }
    Ok(format!("Texts {{ da: &{:?}, en: &{:?} }}", t.da, t.en))
}

/// The Rust source of the first layer's tables; `basis_ok` tells whether a code is a
/// valid legal-basis code.
pub fn generate(source: &str, basis_ok: impl Fn(&str) -> bool) -> Result<String, String> {
    let file: File = toml::from_str(source).map_err(|e| e.to_string())?;
    let keys: HashSet<&str> = file.requirement.iter().map(|r| r.key.as_str()).collect();
    let mut out = String::new();

    let mut used = HashSet::new();
    out.push_str("/// The points of the first layer, in order.\npub static POINTS: &[Point] = &[\n");
    for p in &file.brief {
        for k in &p.keys {
            if !keys.contains(k.as_str()) {
                return Err(format!("[[brief]] \"{}\": unknown requirement `{k}`", p.question.en));
            }
            if !used.insert(k.clone()) {
                return Err(format!("[[brief]]: requirement `{k}` is in more than one point"));
            }
        }
        writeln!(out, "Point {{ question: {}, keys: &{:?} }},", text(&p.question, "[[brief]] question")?, p.keys).unwrap();
    }
    out.push_str("];\n");

    out.push_str("/// The phrases of each requirement in a point.\npub static PLAIN: &[Plain] = &[\n");
    let mut rights = String::new();
    for r in &file.requirement {
        let Some(b) = &r.brief else {
            if used.contains(&r.key) {
                return Err(format!("requirement `{}` is in a [[brief]] point but has no [requirement.brief]", r.key));
            }
            continue;
        };
        let what = format!("requirement `{}` brief", r.key);
        if let Some(list) = &b.list {
            if !LISTS.contains(&list.as_str()) {
                return Err(format!("{what}: unknown list `{list}`; known: {}", LISTS.join(", ")));
            }
            if b.unlisted.is_none() {
                return Err(format!("{what}: a phrase with a list needs `unlisted`, the text for when the list is empty"));
            }
            if list == "rights" {
                for m in &r.mentions {
                    let t =
                        m.brief.as_ref().ok_or_else(|| format!("requirement `{}`, mention `{}`: the rights list needs its `brief` phrase", r.key, m.item))?;
                    writeln!(rights, "({:?}, {}),", m.item, text(t, &format!("mention `{}` brief", m.item))?).unwrap();
                }
            }
        }
        let unlisted = match &b.unlisted {
            Some(u) => format!("Some({})", texts(u, &what)?),
            None => "None".into(),
        };
        writeln!(
            out,
            "Plain {{ key: {:?}, says: {}, list: {:?}, unlisted: {unlisted}, lacks: {}, more: {} }},",
            r.key,
            texts(&b.says, &what)?,
            b.list.as_deref(),
            text(&b.lacks, &what)?,
            text(&b.more, &what)?
        )
        .unwrap();
    }
    out.push_str("];\n");
    writeln!(out, "/// The phrase of each right, by mention item.\npub static RIGHTS: &[(&str, Text)] = &[\n{rights}];").unwrap();

    out.push_str(
        "/// The words of each legal basis (`dbl-*`: any section of databeskyttelsesloven,\n/// `{n}` its number).\npub static BASES: &[BasisWords] = &[\n",
    );
    let mut codes = HashSet::new();
    for b in &file.basis {
        if b.code != "dbl-*" && !basis_ok(&b.code) {
            return Err(format!("[[basis]]: unknown legal-basis code `{}`", b.code));
        }
        if !codes.insert(b.code.clone()) {
            return Err(format!("[[basis]]: `{}` is given twice", b.code));
        }
        let data = match &b.data {
            Some(d) => format!("Some({})", text(d, &format!("[[basis]] {} data", b.code))?),
            None => "None".into(),
        };
        writeln!(out, "BasisWords {{ code: {:?}, says: {}, data: {data} }},", b.code, text(&b.says, &format!("[[basis]] {}", b.code))?).unwrap();
    }
    out.push_str("];\n");
    let every: Vec<String> =
        ('a'..='f').map(|c| format!("6.1.{c}")).chain(('a'..='j').map(|c| format!("9.2.{c}"))).chain(["10".to_string(), "dbl-*".to_string()]).collect();
    for code in every {
        if !codes.contains(&code) {
            return Err(format!("[[basis]]: no words for `{code}`: every legal basis must be named in words"));
        }
    }

    let p = &file.phrases;
    writeln!(
        out,
        "/// Small words the first layer joins phrases with.\npub static PHRASES: Phrases = Phrases {{ and: {}, subject: {}, others: {}, known_gap: {} }};",
        text(&p.and, "[phrases] and")?,
        text(&p.subject, "[phrases] subject")?,
        text(&p.others, "[phrases] others")?,
        text(&p.known_gap, "[phrases] known_gap")?
    )
    .unwrap();
    Ok(out)
}
