//! Page names (slugs): the one validator `new` and `import` use before they write
//! `content/<slug>.md`, and the one check that they do not overwrite a page.
//!
//! The rule: 1 to [`MAX_LEN`] characters, only lower-case ASCII letters, digits and
//! hyphens, starting and ending with a letter or digit. The name becomes both a file
//! name under `content/` and a URL path segment (`/<slug>/`), so anything else (a
//! path separator, `..`, a leading dot, an absolute path, upper case that a case-
//! insensitive file system would merge) is refused, and so are the names the site
//! uses itself: the language prefixes (`/en/`), the contact folder (`/kontakt/`),
//! the compliance matrix (`/matrix/`) and the section index (`_index.md`).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The longest slug accepted: long enough for any real page name, short enough that
/// `<slug>.<lang>.md` and its temporary files fit every file system's name limit.
pub const MAX_LEN: usize = 80;

/// Names the site's own URLs take, besides the language codes.
const RESERVED: &[&str] = &["kontakt", "matrix", "_index"];

/// Language codes always reserved, whatever the config declares.
const LANGUAGES: &[&str] = &["da", "en"];

/// The rule, as the error messages state it.
const RULE: &str =
    "a page name may hold only lower-case letters a-z, digits and hyphens, must start and end with a letter or digit, and may be at most 80 characters long";

/// Checks `slug`; `languages` are the site's language codes (reserved as URL
/// prefixes). The error states the rule and, where it can, suggests a valid name.
pub fn validate(slug: &str, languages: &[&str]) -> Result<()> {
    let refuse = |why: String| Err(Error::Usage(format!("{why}; {RULE}")));
    if slug.is_empty() {
        return refuse("the page name (slug) is empty: give one, e.g. `--slug parkering`".into());
    }
    if slug.contains(['/', '\\']) || Path::new(slug).is_absolute() {
        return refuse(format!("the page name `{slug}` is a path; a page is always written to content/<name>.md, so give a name without `/` or `\\`"));
    }
    if slug.starts_with('.') {
        return refuse(format!("the page name `{slug}` starts with `.`, which makes a hidden file (or, as `..`, a path out of content/)"));
    }
    if slug.chars().count() > MAX_LEN {
        return refuse(format!("the page name `{}…` is {} characters long", slug.chars().take(30).collect::<String>(), slug.chars().count()));
    }
    let lower = slug.to_ascii_lowercase();
    if RESERVED.contains(&lower.as_str()) || LANGUAGES.contains(&lower.as_str()) || languages.iter().any(|l| l.eq_ignore_ascii_case(slug)) {
        return Err(Error::Usage(format!(
            "the page name `{slug}` is taken by the site's own pages or folders (language prefixes, kontakt/, matrix/, _index); choose another, e.g. `{}-privatliv`",
            lower.trim_start_matches('_')
        )));
    }
    let valid_chars = slug.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-'));
    let valid_ends = !slug.starts_with('-') && !slug.ends_with('-');
    if !valid_chars || !valid_ends {
        let suggestion = from_title(slug);
        return refuse(format!("the page name `{slug}` is not valid (try `{suggestion}`)"));
    }
    Ok(())
}

/// A valid slug made from a title (Danish letters spelled out, words joined by
/// hyphens, cut at a word boundary to at most [`MAX_LEN`] characters); empty if the
/// title has no letters or digits. It may still be reserved, so pass it to
/// [`validate`].
pub fn from_title(title: &str) -> String {
    if !title.chars().any(char::is_alphanumeric) {
        return String::new();
    }
    let mut slug = crate::text::slugify(title);
    if slug.len() > MAX_LEN {
        let cut = slug[..=MAX_LEN].rfind('-').filter(|&i| i > 0).unwrap_or(MAX_LEN);
        slug.truncate(cut);
    }
    slug.trim_matches('-').to_string()
}

/// Refuses, before anything is written, if one of `files` (paths under `root`)
/// exists and `force` is not given; the error names them and says what to do
/// (`rename` says how to choose another name, e.g. "give --slug another name").
pub fn ensure_free(root: &Path, files: &[PathBuf], force: bool, rename: &str) -> Result<()> {
    if force {
        return Ok(());
    }
    let existing: Vec<String> = files.iter().filter(|p| root.join(p).exists()).map(|p| format!("`{}`", p.display())).collect();
    if existing.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{} already {}; nothing was written (pass --force to replace {}, or {rename})",
        existing.join(" and "),
        if existing.len() == 1 { "exists" } else { "exist" },
        if existing.len() == 1 { "it" } else { "them" }
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(slug: &str) -> String {
        validate(slug, &["da", "en", "de"]).unwrap_err().to_string()
    }

    #[test]
    fn good_names_pass() {
        for slug in ["parkering", "vores-dialog", "s-2024", "a", &"a".repeat(MAX_LEN)] {
            validate(slug, &["da", "en"]).unwrap_or_else(|e| panic!("{slug}: {e}"));
        }
    }

    #[test]
    fn paths_and_hidden_names_are_refused() {
        for slug in ["../../x", "/abs/path", "a/b", "a\\b", "..", ".skjult"] {
            let e = refused(slug);
            assert!(e.contains(RULE), "{slug}: {e}");
        }
        assert!(refused("").contains("empty"));
        assert!(refused("../../x").contains("is a path"));
    }

    #[test]
    fn reserved_names_are_refused() {
        for slug in ["en", "da", "de", "kontakt", "matrix", "_index", "EN"] {
            assert!(refused(slug).contains("taken"), "{slug}");
        }
    }

    #[test]
    fn bad_characters_length_and_ends_are_refused_with_a_suggestion() {
        assert!(refused("Parkering Tilladelser").contains("try `parkering-tilladelser`"));
        assert!(refused("-x").contains("not valid"));
        assert!(refused("x-").contains("not valid"));
        assert!(refused("æble").contains("try `aeble`"));
        assert!(refused(&"a".repeat(MAX_LEN + 1)).contains("81 characters"));
        assert!(refused(&"x".repeat(250)).contains("250 characters"));
    }

    #[test]
    fn titles_become_valid_names() {
        assert_eq!(from_title("Vores Dialog"), "vores-dialog");
        assert_eq!(from_title(" – "), "", "no name from a title without letters");
        let long = from_title(&"ord ".repeat(40));
        assert!(long.len() <= MAX_LEN && !long.ends_with('-'), "{long}");
        validate(&long, &[]).unwrap();
    }

    #[test]
    fn existing_pages_need_force() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("content")).unwrap();
        std::fs::write(tmp.path().join("content/x.md"), "").unwrap();
        let files = [PathBuf::from("content/x.md"), PathBuf::from("content/x.en.md")];
        let e = ensure_free(tmp.path(), &files, false, "choose another name").unwrap_err().to_string();
        assert!(e.contains("`content/x.md` already exists") && e.contains("--force"), "{e}");
        ensure_free(tmp.path(), &files, true, "").unwrap();
    }
}
