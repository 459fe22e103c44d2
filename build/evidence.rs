//! Compiles `requirements/evidence.toml` (the words and patterns that evidence each
//! Art. 13/14 item) into static Rust tables, and rejects a malformed file: an unknown
//! requirement key, a pattern that is not defined or does not compile, a term in upper
//! case, an empty group, a rule whose `min` exceeds its groups.

use super::Text;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    patterns: BTreeMap<String, String>,
    negation: Langs,
    explains: Explains,
    contact: Contact,
    bases: Bases,
    notice: Notice,
    sources: Sources,
    item: Vec<Item>,
    consistency: Vec<Consistency>,
    chrome: Chrome,
}

/// Groups of terms per language; either may be left out.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Langs {
    #[serde(default)]
    da: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Explains {
    heading: Langs,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Contact {
    channel: Langs,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bases {
    consent: Langs,
    legitimate: Langs,
    unless: Langs,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Notice {
    title: Langs,
    text: Langs,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sources {
    subject: Langs,
    others: Langs,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    key: String,
    heading: Langs,
    #[serde(default)]
    topic: Langs,
    #[serde(default)]
    outside: Vec<String>,
    without: Text,
    evidence: Vec<Rule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    #[serde(default = "one")]
    window: usize,
    #[serde(default)]
    sentence: bool,
    #[serde(default)]
    under_heading: bool,
    #[serde(default)]
    min: usize,
    #[serde(default)]
    unless: Langs,
    #[serde(default)]
    da: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

fn one() -> usize {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Consistency {
    id: String,
    rule: String,
    article: String,
    needs: Vec<String>,
    da: Vec<String>,
    en: Vec<String>,
    what: Text,
    help: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Chrome {
    starts: Langs,
    alone: Langs,
    contains: Langs,
}

/// Generates the tables; `keys` are the requirement keys of the requirement table.
pub fn generate(file: &File, keys: &HashSet<String>, basis_ok: impl Fn(&str) -> bool) -> Result<String, String> {
    let mut patterns = BTreeMap::new();
    for (name, pattern) in &file.patterns {
        let fast = ascii_boundaries(pattern).map_err(|e| format!("pattern `{name}`: {e}"))?;
        regex::Regex::new(&fast).map_err(|e| format!("pattern `{name}` does not compile: {e}"))?;
        patterns.insert(name.clone(), fast);
    }
    let terms = |what: &str, groups: &[String]| -> Result<String, String> {
        let mut out = String::from("&[");
        for group in groups {
            out.push_str(&group_code(what, group, &file.patterns)?);
            out.push(',');
        }
        out.push(']');
        Ok(out)
    };
    // A list of groups read as one group: every term of every string.
    let flat = |what: &str, groups: &[String]| -> Result<String, String> { group_code(what, &groups.join(" | "), &file.patterns) };
    let langs_flat = |what: &str, l: &Langs| -> Result<String, String> {
        let da = if l.da.is_empty() { "&[]".to_string() } else { flat(what, &l.da)? };
        let en = if l.en.is_empty() { "&[]".to_string() } else { flat(what, &l.en)? };
        Ok(format!("PerLang {{ da: {da}, en: {en} }}"))
    };

    let mut out = String::new();
    writeln!(out, "/// Named regular expressions, `@name` in a group.").unwrap();
    writeln!(out, "pub static PATTERNS: &[(&str, &str)] = &{:?};", patterns.iter().collect::<Vec<_>>()).unwrap();
    writeln!(out, "/// Words that turn a sentence around.").unwrap();
    writeln!(out, "pub static NEGATION: PerLang<Group> = {};", langs_flat("negation", &file.negation)?).unwrap();
    writeln!(
        out,
        "/// Headings of sections that explain words.\npub static EXPLAINS: PerLang<Group> = {};",
        langs_flat("explains.heading", &file.explains.heading)?
    )
    .unwrap();
    writeln!(out, "/// A way to reach someone.\npub static CHANNEL: PerLang<Group> = {};", langs_flat("contact.channel", &file.contact.channel)?).unwrap();
    writeln!(
        out,
        "/// Bases named in words.\npub static BASIS_CONSENT: PerLang<Group> = {};\npub static BASIS_LEGITIMATE: PerLang<Group> = {};\npub static BASIS_UNLESS: PerLang<Group> = {};",
        langs_flat("bases.consent", &file.bases.consent)?,
        langs_flat("bases.legitimate", &file.bases.legitimate)?,
        langs_flat("bases.unless", &file.bases.unless)?
    )
    .unwrap();
    writeln!(
        out,
        "/// What makes a page a notice.\npub static NOTICE_TITLE: PerLang<Group> = {};\npub static NOTICE_TEXT: PerLang<Group> = {};",
        langs_flat("notice.title", &file.notice.title)?,
        langs_flat("notice.text", &file.notice.text)?
    )
    .unwrap();
    writeln!(
        out,
        "/// Where the data come from.\npub static FROM_SUBJECT: PerLang<Group> = {};\npub static FROM_OTHERS: PerLang<Group> = {};",
        langs_flat("sources.subject", &file.sources.subject)?,
        langs_flat("sources.others", &file.sources.others)?
    )
    .unwrap();
    writeln!(
        out,
        "/// Web-page furniture.\npub static CHROME_STARTS: PerLang<Group> = {};\npub static CHROME_ALONE: PerLang<Group> = {};\npub static CHROME_CONTAINS: PerLang<Group> = {};",
        langs_flat("chrome.starts", &file.chrome.starts)?,
        langs_flat("chrome.alone", &file.chrome.alone)?,
        langs_flat("chrome.contains", &file.chrome.contains)?
    )
    .unwrap();

    writeln!(
        out,
        "/// Every single-group table, for the matcher.\npub static TABLES: &[&PerLang<Group>] = &[&NEGATION, &EXPLAINS, &CHANNEL, &BASIS_CONSENT, &BASIS_LEGITIMATE, &BASIS_UNLESS, &NOTICE_TITLE, &NOTICE_TEXT, &FROM_SUBJECT, &FROM_OTHERS, &CHROME_STARTS, &CHROME_ALONE, &CHROME_CONTAINS];"
    )
    .unwrap();
    let mut seen = HashSet::new();
    writeln!(out, "/// The evidence of every item, in the order of the requirement table's keys as written here.\npub static ITEMS: &[ItemEvidence] = &[")
        .unwrap();
    for item in &file.item {
        if !keys.contains(&item.key) {
            return Err(format!("item `{}` is not a key of the requirement table", item.key));
        }
        if !seen.insert(item.key.as_str()) {
            return Err(format!("item `{}` is given twice", item.key));
        }
        if item.evidence.is_empty() {
            return Err(format!("item `{}` has no [[item.evidence]] rule", item.key));
        }
        let what = format!("item `{}`", item.key);
        for other in &item.outside {
            if !keys.contains(other) {
                return Err(format!("{what}: `outside` names `{other}`, which is not a requirement key"));
            }
        }
        let mut rules = String::new();
        for (n, rule) in item.evidence.iter().enumerate() {
            let what = format!("{what}, evidence rule {}", n + 1);
            if rule.window == 0 {
                return Err(format!("{what}: window must be at least 1"));
            }
            if rule.sentence && rule.window != 1 {
                return Err(format!("{what}: a rule within one sentence has window = 1"));
            }
            if rule.under_heading && rule.sentence {
                return Err(format!("{what}: a rule is either under_heading or within one sentence"));
            }
            if rule.da.is_empty() && rule.en.is_empty() {
                return Err(format!("{what}: give groups for da, en or both"));
            }
            for groups in [&rule.da, &rule.en] {
                if rule.min > groups.len() && !groups.is_empty() {
                    return Err(format!("{what}: min = {} but only {} groups", rule.min, groups.len()));
                }
            }
            write!(
                rules,
                "Rule {{ window: {}, sentence: {}, under_heading: {}, min: {}, unless: {}, groups: PerLang {{ da: {}, en: {} }} }},",
                rule.window,
                rule.sentence,
                rule.under_heading,
                rule.min,
                langs_flat(&what, &rule.unless)?,
                terms(&what, &rule.da)?,
                terms(&what, &rule.en)?
            )
            .unwrap();
        }
        writeln!(
            out,
            "ItemEvidence {{ key: {:?}, heading: {}, topic: {}, outside: &{:?}, without: Text {{ da: {:?}, en: {:?} }}, rules: &[{rules}] }},",
            item.key,
            langs_flat(&what, &item.heading)?,
            langs_flat(&what, &item.topic)?,
            item.outside,
            item.without.da,
            item.without.en,
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();

    writeln!(out, "/// Rules that compare declared facts with the text.\npub static CONSISTENCY: &[Consistency] = &[").unwrap();
    for c in &file.consistency {
        let what = format!("consistency rule `{}`", c.id);
        for need in &c.needs {
            if need != "9.2.*" && !basis_ok(need) {
                return Err(format!("{what}: `{need}` in needs is not a legal-basis code"));
            }
        }
        writeln!(
            out,
            "Consistency {{ id: {:?}, rule: {:?}, article: {:?}, needs: &{:?}, terms: PerLang {{ da: {}, en: {} }}, what: Text {{ da: {:?}, en: {:?} }}, help: Text {{ da: {:?}, en: {:?} }} }},",
            c.id,
            c.rule,
            c.article,
            c.needs,
            group_code(&what, &c.da.join(" | "), &file.patterns)?,
            group_code(&what, &c.en.join(" | "), &file.patterns)?,
            c.what.da,
            c.what.en,
            c.help.da,
            c.help.en
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    Ok(out)
}

/// The pattern with each `\\b` made an ASCII word boundary (`(?-u:\\b)`), which the
/// regex crate's fast engines support on any text, where a Unicode `\\b` sends every
/// search through the slow one. Refuses a `\\b` beside a literal non-ASCII letter,
/// where the ASCII boundary would not match.
fn ascii_boundaries(pattern: &str) -> Result<String, String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' && chars.get(i + 1) == Some(&'b') && (i == 0 || chars[i - 1] != '\\') {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 2).copied();
            if [before, after].iter().flatten().any(|c| c.is_alphabetic() && !c.is_ascii()) {
                return Err(format!("\\b beside a non-ASCII letter at character {i}: it would never match there"));
            }
            out.push_str("(?-u:\\b)");
            i += 2;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    Ok(out)
}

/// One group ("a | b | @pattern") as a Rust slice expression of its terms.
fn group_code(what: &str, group: &str, patterns: &BTreeMap<String, String>) -> Result<String, String> {
    let mut terms = Vec::new();
    for term in group.split(" | ").map(str::trim) {
        if term.is_empty() {
            return Err(format!("{what}: empty term in \"{group}\""));
        }
        if let Some(name) = term.strip_prefix('@') {
            if !patterns.contains_key(name) {
                return Err(format!("{what}: unknown pattern `@{name}` (define it under [patterns])"));
            }
        } else if term.to_lowercase() != term {
            return Err(format!("{what}: term \"{term}\" must be lower case"));
        } else if term.contains('|') {
            return Err(format!("{what}: separate terms with \" | \" (spaces around the bar) in \"{group}\""));
        }
        terms.push(term);
    }
    Ok(format!("{terms:?}").replacen('[', "&[", 1))
}
