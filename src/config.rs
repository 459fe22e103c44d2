//! `config.toml`: the site's base URL, its languages with their UI strings, and the
//! links every page's footer must carry.

use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The UI strings every language must define; templates use them as `ui.<key>`.
pub const UI_KEYS: &[&str] = &[
    "skip_link",
    "toc",
    "contact",
    "last_updated",
    "published",
    "language_switch",
    "language_name",
    "used_on",
    "to_confirm",
    "waivers",
    "waiver_until",
    "all_pages",
    "not_found_title",
    "not_found_text",
    "footer_responsible",
    "accessibility_statement",
    "privacy_policy",
    "phone",
    "email",
    "secure_message",
    "web",
    "cvr",
    "address",
    "see_contact_page",
    "external_link",
    "heading_link",
    "matrix_title",
];

/// The parsed `config.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Absolute URL the site is published under, without a trailing slash.
    pub base_url: String,
    /// The languages, the default (unprefixed) one first.
    pub languages: Vec<Language>,
    /// Link to the accessibility statement (Tilgængelighedserklæring).
    pub accessibility_statement_url: String,
    /// The municipality's general privacy policy, linked from every footer.
    #[serde(default = "default_privacy_policy")]
    pub privacy_policy_url: String,
    /// The authority responsible for the site, shown in the footer.
    pub responsible: String,
    /// Sass entry point under `sass/`, compiled to `/<name>.css`.
    #[serde(default = "default_stylesheet")]
    pub stylesheet: String,
    /// The templates folder, relative to the site root.
    #[serde(default = "default_templates")]
    pub templates_dir: PathBuf,
    /// The Sass folder, relative to the site root.
    #[serde(default = "default_sass")]
    pub sass_dir: PathBuf,
    /// How many notices one page of the compliance matrix shows (`/matrix/`,
    /// `/matrix/2/`, …); default 50, so that a site with thousands of notices gets
    /// pages a browser can show and an edit re-renders only the page it is on.
    #[serde(default = "default_matrix_page_size")]
    pub matrix_page_size: usize,
    /// `check --external` settings.
    #[serde(default)]
    pub link_checker: LinkChecker,
    /// Readability limits (issue 14): `[readability] max_lix`, `max_sentence_words`.
    #[serde(default)]
    pub readability: crate::readability::Settings,
    /// The path of this file (not read from TOML).
    #[serde(skip)]
    pub path: PathBuf,
    /// A hash of the compiled stylesheet, put in its file name
    /// (`style.3f9a1c2e5b.css`) so that a web server can let browsers keep it for a
    /// year; set by `build` ([`crate::render::sass::content_hash`]), `None` for
    /// `check` and `serve`, which write `style.css`. Not read from TOML.
    #[serde(skip)]
    pub stylesheet_hash: Option<String>,
    /// The raw text, for line numbers in findings.
    #[serde(skip)]
    pub source: String,
}

/// `[link_checker]`: external links `check --external` leaves alone.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkChecker {
    /// External links starting with one of these are listed but never fetched
    /// (hosts that refuse automated requests, or pages behind a login).
    #[serde(default)]
    pub skip_prefixes: Vec<String>,
}

fn default_privacy_policy() -> String {
    "/".into()
}

fn default_templates() -> PathBuf {
    "templates".into()
}

fn default_matrix_page_size() -> usize {
    50
}

fn default_sass() -> PathBuf {
    "sass".into()
}

fn default_stylesheet() -> String {
    "style.scss".into()
}

/// Whether `code` looks like a BCP 47 language tag: `^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether `url` can be a base URL: `http(s)://host` with an optional path, no
/// query or fragment. The error says what to write.
pub fn check_base_url(url: &str) -> std::result::Result<(), String> {
    let parsed = url::Url::parse(url).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()));
    match parsed {
        Some(u) if u.query().is_none() && u.fragment().is_none() => Ok(()),
        _ => Err(format!(
            "base_url `{url}` is not a web address to publish under: write https:// and the host, with a path if the site lives under one, e.g. \"https://privatliv.lejre.dk\" or \"https://www.lejre.dk/privatliv\""
        )),
    }
}

/// The path of an absolute URL, without a trailing slash, query or fragment:
/// `https://www.lejre.dk/privatliv/` gives `/privatliv`, `https://x.dk` gives `""`.
pub fn url_path(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[after_scheme..];
    let rest = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
    rest.find('/').map_or("", |i| rest[i..].trim_end_matches('/'))
}

/// Whether `path` (which exists) resolves to a place inside `root`.
fn inside(root: &Path, path: &Path) -> bool {
    match (crate::fsx::resolve(root), crate::fsx::resolve(path)) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
}

/// The 1-based line where `key` is set (to `value`, if given), 0 if it is not.
fn key_line(source: &str, key: &str, value: Option<&str>) -> usize {
    let quoted = format!("\"{key}\"");
    source
        .lines()
        .position(|line| {
            let line = line.trim_start();
            let rest = line.strip_prefix(key).or_else(|| line.strip_prefix(quoted.as_str()));
            let sets = rest.is_some_and(|r| r.trim_start().starts_with('='));
            sets && value.is_none_or(|v| line.contains(v))
        })
        .map_or(0, |i| i + 1)
}

/// One language of the site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// ISO 639-1 code, e.g. `da`.
    pub code: String,
    /// The site's title in this language.
    pub title: String,
    /// How a missing translation into this language is reported.
    #[serde(default = "default_missing")]
    pub missing_translation: Severity,
    /// UI strings; every key in [`UI_KEYS`] must be present.
    #[serde(default)]
    pub ui: BTreeMap<String, String>,
}

fn default_missing() -> Severity {
    Severity::Error
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        match String::deserialize(d)?.as_str() {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            "note" => Ok(Severity::Note),
            other => Err(serde::de::Error::custom(format!("unknown severity `{other}`: use error, warning or note"))),
        }
    }
}

impl Config {
    /// Reads `config.toml` under `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("config.toml");
        let source = crate::error::read_to_string(&path)?;
        Self::parse(&source, &path)
    }

    /// Parses the text of a config file; `path` is used in errors only.
    pub fn parse(source: &str, path: &Path) -> Result<Config> {
        let mut config: Config = toml::from_str(source).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: e.span().map_or(0, |s| crate::text::line_of(source, s.start)),
            message: e.message().to_string(),
        })?;
        if config.languages.is_empty() {
            return Err(Error::Config { path: path.into(), line: 0, message: "declare at least one [[languages]]".into() });
        }
        config.check_paths(source, path)?;
        config.check_language_codes(source, path)?;
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        if let Err(message) = check_base_url(&config.base_url) {
            return Err(Error::Config { path: path.to_path_buf(), line: key_line(source, "base_url", None), message });
        }
        config.path = path.to_path_buf();
        config.source = source.to_string();
        Ok(config)
    }

    /// Refuses `stylesheet`, `templates_dir` and `sass_dir` values that leave the
    /// site: absolute paths, `..`, and symbolic links that resolve outside the folder
    /// holding `path` (the site root). The error names the file, line and key.
    fn check_paths(&self, source: &str, path: &Path) -> Result<()> {
        let root = crate::fsx::parent_of(path);
        let keys = [
            ("templates_dir", self.templates_dir.as_path(), root.join(&self.templates_dir), "templates"),
            ("sass_dir", self.sass_dir.as_path(), root.join(&self.sass_dir), "sass"),
            ("stylesheet", Path::new(&self.stylesheet), root.join(&self.sass_dir).join(&self.stylesheet), "style.scss"),
        ];
        for (key, value, full, example) in keys {
            let error = |message: String| Error::Config { path: path.to_path_buf(), line: key_line(source, key, None), message };
            if !crate::fsx::is_plain_relative(value) {
                return Err(error(format!(
                    "`{key} = \"{}\"` must stay inside the site: give a path relative to the site's folder without `..` and not absolute, e.g. `{key} = \"{example}\"`",
                    value.display()
                )));
            }
            if std::fs::symlink_metadata(&full).is_ok() && !inside(root, &full) {
                return Err(error(format!(
                    "`{key} = \"{}\"` leads outside the site through a symbolic link; copy the files into the site instead of linking to them",
                    value.display()
                )));
            }
        }
        Ok(())
    }

    /// Refuses a language code that is not a BCP 47-like tag (it becomes a URL
    /// prefix and part of file names).
    fn check_language_codes(&self, source: &str, path: &Path) -> Result<()> {
        match self.languages.iter().find(|l| !is_language_code(&l.code)) {
            None => Ok(()),
            Some(lang) => Err(Error::Config {
                path: path.to_path_buf(),
                line: key_line(source, "code", Some(&lang.code)),
                message: format!(
                    "`code = \"{}\"` is not a language tag: use 2-3 lower-case letters, optionally followed by subtags of 2-8 letters or digits after `-` (BCP 47), e.g. `da`, `en` or `en-GB`",
                    lang.code.escape_debug()
                ),
            }),
        }
    }

    /// The path part of `base_url`, without a trailing slash: `""` for a site at
    /// the root of its host, `/privatliv` for `https://www.lejre.dk/privatliv`.
    /// Every root-relative URL the site writes starts with it.
    pub fn base_path(&self) -> &str {
        url_path(&self.base_url)
    }

    /// The default language's code.
    pub fn default_language(&self) -> &str {
        &self.languages[0].code
    }

    /// The language with this code.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The URL prefix of a language: empty for the default, `/en` for the others.
    pub fn prefix(&self, lang: &str) -> String {
        if lang == self.default_language() {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    /// A finding for every UI string a language lacks.
    pub fn check_ui_strings(&self, file: &Path) -> Vec<Finding> {
        let mut findings = Vec::new();
        for lang in &self.languages {
            let line = crate::text::find_line(&self.source, &format!("code = \"{}\"", lang.code));
            for key in UI_KEYS.iter().filter(|k| !lang.ui.contains_key(**k)) {
                findings.push(
                    Finding::error("ui-string-missing", file, line, format!("language `{}` has no UI string `{key}`", lang.code))
                        .help(format!("add `{key} = \"...\"` under [languages.ui] for `{}` in config.toml", lang.code)),
                );
            }
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml")).unwrap()
    }

    fn refused(source: &str) -> String {
        Config::parse(source, Path::new("site/config.toml")).unwrap_err().to_string()
    }

    #[test]
    fn paths_that_leave_the_site_are_refused_at_their_line() {
        let e = refused(&real().replace("stylesheet = \"style.scss\"", "stylesheet = \"../../elsewhere/evil.scss\""));
        assert!(e.starts_with("site/config.toml:6: `stylesheet = \"../../elsewhere/evil.scss\"` must stay inside the site"), "{e}");
        let e = refused(&real().replace("stylesheet = \"style.scss\"", "stylesheet = \"style.scss\"\ntemplates_dir = \"/etc\""));
        assert!(e.starts_with("site/config.toml:7: `templates_dir = \"/etc\"`"), "{e}");
        let e = refused(&real().replace("stylesheet = \"style.scss\"", "stylesheet = \"style.scss\"\nsass_dir = \"sass/../..\""));
        assert!(e.contains(":7: `sass_dir"), "{e}");
    }

    #[test]
    fn language_codes_must_be_tags() {
        let e = refused(&real().replace("code = \"en\"", "code = \"../../x\""));
        let line = real().lines().position(|l| l == "code = \"en\"").unwrap() + 1;
        assert!(e.starts_with(&format!("site/config.toml:{line}: `code = \"../../x\"` is not a language tag")), "{e}");
        for good in ["da", "en", "en-GB", "kal", "zh-Hant-TW"] {
            assert!(is_language_code(good), "{good}");
        }
        for bad in ["", "d", "EN", "english", "en_GB", "en-", "en-x", "../x", "da/", "en-abcdefghi"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_linked_from_outside_the_site_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir_all(tmp.path().join("elsewhere")).unwrap();
        std::fs::create_dir_all(&site).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("elsewhere"), site.join("sass")).unwrap();
        let path = site.join("config.toml");
        let e = Config::parse(&real(), &path).unwrap_err().to_string();
        assert!(e.contains("config.toml:0: `sass_dir = \"sass\"` leads outside the site"), "{e}");
        std::fs::remove_file(site.join("sass")).unwrap();
        std::fs::create_dir_all(site.join("real-sass")).unwrap();
        std::os::unix::fs::symlink("real-sass", site.join("sass")).unwrap();
        Config::parse(&real(), &path).expect("a link inside the site is fine");
    }
}
