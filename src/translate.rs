//! Translation records: which version of a default-language page a translation was
//! reviewed against. A translation's front matter carries
//!
//! ```toml
//! [translation_of]
//! hash = "3f2a9c0d41b7"            # the whole source body
//! [translation_of.sections]
//! controller = "9b1e0c55d2aa"      # each keyed section of the source
//! ```
//!
//! `privacy-site translated` writes the record ([`mark`]); `check` compares it with
//! the source page as it is now ([`changes`]) and reports a stale translation with
//! the sections that changed.

use crate::error::{Error, Result};
use crate::load::front_matter::{self, TranslationRecord};
use crate::load::markup::{TOKEN_CLOSE, TOKEN_OPEN};
use crate::load::page::{Body, Page};
use crate::site::Site;
use crate::text::short_hash;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file of the translation into `lang` of the page in `file`:
/// `content/x.md` → `content/x.en.md`.
pub fn translation_file(file: &Path, lang: &str) -> PathBuf {
    let s = file.to_string_lossy();
    let stem = s.strip_suffix(".md").unwrap_or(&s);
    PathBuf::from(format!("{stem}.{lang}.md"))
}

/// The source (default-language) page of a translation, if there is one.
pub fn source_of<'a>(site: &'a Site, translation: &Page) -> Option<&'a Page> {
    let default = site.config.default_language();
    if translation.lang == default {
        return None;
    }
    site.page(&translation.slug, default)
}

/// `text` with each shortcode placeholder spelled out again, so that a changed
/// shortcode argument changes the hash.
pub fn expand(body: &Body, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(TOKEN_OPEN) {
        out.push_str(&rest[..open]);
        let after = &rest[open + TOKEN_OPEN.len_utf8()..];
        let Some(close) = after.find(TOKEN_CLOSE) else {
            out.push_str(&rest[open..]);
            return out;
        };
        match after[..close].parse::<usize>().ok().and_then(|n| body.shortcodes.get(n)) {
            Some(sc) => {
                let args: Vec<String> = sc.args.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
                out.push_str(&format!("{{{{ {}({}) }}}}", sc.name, args.join(", ")));
            }
            None => out.push_str(&rest[open..open + TOKEN_OPEN.len_utf8() + close + TOKEN_CLOSE.len_utf8()]),
        }
        rest = &after[close + TOKEN_CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// The record of `source` as it is now: the hash of its whole body, and for each
/// heading with ids, keyed by its first id, the hash of the heading text and the
/// text under it up to the next heading (sub-sections are hashed on their own, so a
/// change is attributed to the innermost keyed section).
pub fn record(source: &Body) -> TranslationRecord {
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for section in source.sections() {
        if let Some(key) = section.heading.ids.first() {
            let entry = texts.entry(key.clone()).or_default();
            entry.push_str(&section.heading.text);
            entry.push('\n');
            entry.push_str(&expand(source, &section.own_text));
            entry.push('\n');
        }
    }
    TranslationRecord { hash: short_hash(&expand(source, &source.text)).into(), sections: texts.into_iter().map(|(k, t)| (k, short_hash(&t).into())).collect() }
}

/// How a source page changed since a translation's record was made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Keys whose section text changed.
    pub changed: Vec<String>,
    /// Keys the source has now but did not have.
    pub added: Vec<String>,
    /// Keys the source had but no longer has.
    pub removed: Vec<String>,
}

impl Changes {
    /// Whether only text outside keyed sections changed.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }

    /// Every key involved, in the order changed, added, removed.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.changed.iter().chain(&self.added).chain(&self.removed)
    }
}

/// `None` if `recorded` matches `current`; otherwise which sections differ.
pub fn changes(recorded: &TranslationRecord, current: &TranslationRecord) -> Option<Changes> {
    if recorded.hash == current.hash {
        return None;
    }
    let mut c = Changes::default();
    for (key, hash) in &current.sections {
        match recorded.sections.get(key) {
            Some(old) if old != hash => c.changed.push(key.to_string()),
            Some(_) => {}
            None => c.added.push(key.to_string()),
        }
    }
    c.removed = recorded.sections.keys().filter(|k| !current.sections.contains_key(k)).map(String::from).collect();
    Some(c)
}

/// The front-matter text of a record, a `[translation_of]` table.
pub fn record_toml(record: &TranslationRecord, newline: &str) -> String {
    let mut s = format!("[translation_of]{newline}hash = \"{}\"{newline}", record.hash);
    if !record.sections.is_empty() {
        s.push_str(&format!("{newline}[translation_of.sections]{newline}"));
        for (key, hash) in &record.sections {
            s.push_str(&format!("{key} = \"{hash}\"{newline}"));
        }
    }
    s
}

/// The name of the table a header line opens (`[a.b]` → `a.b`, `[[a]]` → `a`).
fn table_header(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t.strip_prefix("[[").and_then(|r| r.split("]]").next()).or_else(|| t.strip_prefix('[').and_then(|r| r.split(']').next()))?;
    Some(inner.split('.').map(|p| p.trim().trim_matches('"')).collect::<Vec<_>>().join("."))
}

fn is_record_table(name: &str) -> bool {
    name == "translation_of" || name.starts_with("translation_of.")
}

fn is_record_key(line: &str) -> bool {
    let t = line.trim_start();
    let Some(rest) = t.strip_prefix("translation_of").or_else(|| t.strip_prefix("\"translation_of\"")) else {
        return false;
    };
    let rest = rest.trim_start();
    rest.starts_with('=') || rest.starts_with('.')
}

/// The page source `text` with its `[translation_of]` record set to `record`: any
/// existing record (a table or a `translation_of = …` key) is removed and the table
/// is written at the end of the front matter; everything else is kept byte for byte.
pub fn set_record(text: &str, record: &TranslationRecord) -> std::result::Result<String, String> {
    let split = front_matter::split(text).map_err(|(line, msg)| format!("line {line}: {msg}"))?;
    // `split.toml` is a slice of `text`.
    let toml_start = split.toml.as_ptr() as usize - text.as_ptr() as usize;
    let toml_end = toml_start + split.toml.len();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };

    let mut kept = String::with_capacity(split.toml.len());
    let mut in_record = false;
    let mut in_table = false;
    for line in split.toml.split_inclusive('\n') {
        if let Some(name) = table_header(line) {
            in_table = true;
            in_record = is_record_table(&name);
        } else if !in_table && is_record_key(line) {
            continue;
        }
        if !in_record {
            kept.push_str(line);
        }
    }
    // Drop blank lines the removed record leaves at the end.
    while kept.ends_with(&format!("{newline}{newline}")) {
        kept.truncate(kept.len() - newline.len());
    }
    if !kept.is_empty() && !kept.ends_with('\n') {
        kept.push_str(newline);
    }
    if !kept.trim().is_empty() {
        kept.push_str(newline);
    }
    kept.push_str(&record_toml(record, newline));

    let parsed = front_matter::parse(&kept).map_err(|(line, msg)| format!("the new front matter does not parse (line {}): {msg}", line + 1))?;
    if parsed.translation_of.as_ref() != Some(record) {
        return Err("the new front matter does not hold the record; edit the `translation_of` entry by hand".into());
    }
    Ok(format!("{}{}{}", &text[..toml_start], kept, &text[toml_end..]))
}

/// What [`mark`] did.
#[derive(Debug, Clone)]
pub struct Marked {
    /// The translation, relative to the site root.
    pub file: PathBuf,
    /// Its source page, relative to the site root.
    pub source: PathBuf,
    /// The record written.
    pub record: TranslationRecord,
    /// Whether the file changed (false when the record was already current).
    pub changed: bool,
}

/// Records in `translation`'s front matter that it renders its source page as the
/// source is now, and writes the file atomically ([`crate::fsx::write_atomic`]).
pub fn mark(site: &Site, translation: &Page) -> Result<Marked> {
    let default = site.config.default_language();
    if translation.lang == default {
        let others: Vec<String> = site
            .config
            .languages
            .iter()
            .filter(|l| l.code != default)
            .map(|l| format!("`privacy-site translated {}`", translation_file(&translation.file, &l.code).display()))
            .collect();
        return Err(Error::Usage(format!(
            "`{}` is the {default} page itself; name its translation instead: {}",
            translation.file.display(),
            others.join(" or ")
        )));
    }
    let Some(source) = source_of(site, translation) else {
        return Err(Error::Usage(format!(
            "`{}` has no {default} page to be a translation of (expected a page with slug `{}`); create it first, or rename the translation",
            translation.file.display(),
            translation.slug
        )));
    };
    let record = source.record.clone().expect("a default-language page has its record");
    let path = site.root.join(&translation.file);
    let text = crate::error::read_to_string(&path)?;
    let new = set_record(&text, &record).map_err(|msg| Error::Usage(format!("cannot record `{}`: {msg}", translation.file.display())))?;
    let changed = new != text;
    if changed {
        // Never truncated in place: a full disk leaves the page as it was.
        crate::fsx::write_atomic(&path, new.as_bytes(), crate::fsx::Existing::Replace)?;
    }
    Ok(Marked { file: translation.file.clone(), source: source.file.clone(), record, changed })
}

/// Finds the page that `arg` names: a path relative to the current folder, to the
/// site root, or to `content/` (`content/x.en.md` or `x.en.md`).
pub fn find_page<'a>(site: &'a Site, arg: &Path) -> Option<&'a Page> {
    let norm = |p: &Path| p.to_string_lossy().replace('\\', "/").trim_start_matches("./").to_string();
    let mut candidates = vec![norm(arg), format!("content/{}", norm(arg))];
    if let (Ok(abs), Ok(root)) = (std::fs::canonicalize(arg), std::fs::canonicalize(&site.root)) {
        if let Ok(rel) = abs.strip_prefix(&root) {
            candidates.insert(0, norm(rel));
        }
    }
    candidates.iter().find_map(|c| site.pages.iter().find(|p| norm(&p.file) == *c)).map(|p| &**p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec() -> TranslationRecord {
        TranslationRecord { hash: "aaaaaaaaaaaa".into(), sections: [("dpo", "bbbbbbbbbbbb".into())].into_iter().collect() }
    }

    #[test]
    fn record_goes_at_the_end_and_replaces_an_old_one() {
        let page = "+++\ntitle = \"x\"\n\n[waivers.dpo]\nreason = \"r\"\n+++\nbody\n";
        let once = set_record(page, &rec()).unwrap();
        assert_eq!(
            once,
            "+++\ntitle = \"x\"\n\n[waivers.dpo]\nreason = \"r\"\n\n[translation_of]\nhash = \"aaaaaaaaaaaa\"\n\n[translation_of.sections]\ndpo = \"bbbbbbbbbbbb\"\n+++\nbody\n"
        );
        assert_eq!(set_record(&once, &rec()).unwrap(), once);
        let mut other = rec();
        other.hash = "cccccccccccc".into();
        let twice = set_record(&once, &other).unwrap();
        assert_eq!(twice, once.replace("aaaaaaaaaaaa", "cccccccccccc"));
    }

    #[test]
    fn an_inline_record_key_is_replaced() {
        let page = "+++\ntitle = \"x\"\ntranslation_of = { hash = \"old\" }\nweight = 1\n+++\nbody\n";
        let out = set_record(page, &rec()).unwrap();
        assert!(out.starts_with("+++\ntitle = \"x\"\nweight = 1\n\n[translation_of]\n"), "{out}");
        assert!(!out.contains("old"));
    }

    #[test]
    fn a_record_table_in_the_middle_is_moved_to_the_end() {
        let page = "+++\ntitle = \"x\"\n\n[translation_of]\nhash = \"old\"\n\n[extra]\na = 1\n+++\n";
        let out = set_record(page, &rec()).unwrap();
        assert!(out.starts_with("+++\ntitle = \"x\"\n\n[extra]\na = 1\n\n[translation_of]\nhash = \"aaaaaaaaaaaa\"\n"), "{out}");
    }

    #[test]
    fn translation_files_sit_beside_their_source() {
        assert_eq!(translation_file(Path::new("content/x.md"), "en"), PathBuf::from("content/x.en.md"));
        assert_eq!(translation_file(Path::new("content/_index.md"), "en"), PathBuf::from("content/_index.en.md"));
    }
}
