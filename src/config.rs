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
    /// `check --external` settings.
    #[serde(default)]
    pub link_checker: LinkChecker,
    /// Readability limits (issue 14): `[readability] max_lix`, `max_sentence_words`.
    #[serde(default)]
    pub readability: crate::readability::Settings,
    /// The path of this file (not read from TOML).
    #[serde(skip)]
    pub path: PathBuf,
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

fn default_sass() -> PathBuf {
    "sass".into()
}

fn default_stylesheet() -> String {
    "style.scss".into()
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
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        config.path = path.to_path_buf();
        config.source = source.to_string();
        Ok(config)
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
