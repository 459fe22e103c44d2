//! The TOML front matter of a page: splitting it from the body and deserialising it
//! with every unknown key and wrong type rejected.

use crate::contacts::ContactRecord;
use crate::small_map::SmallMap;
use compact_str::CompactString;
use serde::Deserialize;
use toml::value::Datetime;

/// The front matter, as an editor writes it (see `docs/content-format.md`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title (the `<h1>`).
    pub title: String,
    /// One-sentence summary, used in `<meta name="description">` and the index.
    #[serde(default)]
    pub description: String,
    /// First publication date.
    pub date: Option<Datetime>,
    /// Last update.
    pub updated: Option<Datetime>,
    /// Order on the index page, lower first.
    #[serde(default)]
    pub weight: i64,
    /// A draft is not built.
    #[serde(default)]
    pub draft: bool,
    /// Template under `templates/`, if not the default for the page kind.
    pub template: Option<String>,
    /// Whether this is an Art. 13/14 privacy notice.
    #[serde(default)]
    pub notice: bool,
    /// Declared legal bases (codes such as `6.1.e`); `None` until declared.
    pub legal_basis: Option<Vec<String>>,
    /// Where the data come from: `subject` and/or `others`; `None` (or empty) until
    /// declared.
    pub sources: Option<Vec<DataSource>>,
    /// Whether data are transferred to a third country; `None` until declared.
    pub third_country_transfers: Option<bool>,
    /// Known gaps, by requirement key.
    #[serde(default)]
    pub waivers: SmallMap<Waiver>,
    /// The contact record, on a contact page.
    pub contact: Option<Box<ContactRecord>>,
    /// On a translation: the version of the source page it was made from.
    pub translation_of: Option<TranslationRecord>,
    /// The page's change history (`[[changes]]`), oldest first.
    #[serde(default)]
    pub changes: Vec<crate::changes::Change>,
    /// Free-form values for templates, as in Zola.
    #[serde(default)]
    pub extra: toml::Table,
}

/// Where a notice's data come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DataSource {
    /// The person themself (Art. 13).
    Subject,
    /// Anyone else (Art. 14).
    Others,
}

/// A waived requirement: reported as a note until `until`, then an error again.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// Why the requirement cannot be met yet, and who must act.
    #[serde(default)]
    pub reason: std::sync::Arc<str>,
    /// The date the waiver expires.
    pub until: Option<Datetime>,
}

/// Which version of the source-language page a translation renders.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TranslationRecord {
    /// Hash of the whole source body.
    pub hash: CompactString,
    /// Hash of each keyed section of the source.
    #[serde(default)]
    pub sections: SmallMap<CompactString>,
}

/// A page split into front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub toml: &'a str,
    /// The 1-based file line of the first TOML line.
    pub toml_line: usize,
    /// The Markdown after the closing `+++`.
    pub body: &'a str,
    /// The 1-based file line of the first body line.
    pub body_line: usize,
}

/// Splits `+++`-delimited front matter from the body; `Err` says what is wrong.
pub fn split(source: &str) -> Result<Split<'_>, (usize, String)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let Some(rest) = source.strip_prefix("+++").filter(|r| r.starts_with('\n') || r.starts_with("\r\n")) else {
        return Err((1, "the page does not start with `+++` front matter".into()));
    };
    let toml_start = source.len() - rest.len() + rest.find('\n').unwrap() + 1;
    let mut offset = toml_start;
    for line in source[toml_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_start = offset + line.len();
            return Ok(Split {
                toml: &source[toml_start..offset],
                toml_line: 2,
                body: &source[body_start..],
                body_line: crate::text::line_of(source, body_start.min(source.len())).max(1)
                    + usize::from(body_start == source.len() && !source.ends_with('\n')),
            });
        }
        offset += line.len();
    }
    Err((1, "the front matter is not closed: add a line `+++` after it".into()))
}

/// Parses front matter TOML; on failure returns the 1-based line within the TOML
/// and a message that says what was expected.
pub fn parse(toml_text: &str) -> Result<FrontMatter, (usize, String)> {
    toml::from_str(toml_text).map_err(|e| {
        let line = e.span().map_or(1, |s| crate::text::line_of(toml_text, s.start));
        (line, e.message().trim().to_string())
    })
}

/// Converts a TOML date to a calendar date.
pub fn to_date(d: &Datetime) -> Option<chrono::NaiveDate> {
    let date = d.date?;
    chrono::NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_body_lines() {
        let s = split("+++\ntitle = \"x\"\n+++\n# Hi\n").unwrap();
        assert_eq!(s.toml, "title = \"x\"\n");
        assert_eq!(s.body, "# Hi\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(split("+++\ntitle = 1\n").unwrap_err().0, 1);
        assert!(split("title = 1").unwrap_err().1.contains("+++"));
    }

    #[test]
    fn unknown_key_names_line_and_expected_keys() {
        let (line, msg) = parse("title = \"x\"\nlegal_bases = []\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(msg.contains("unknown field `legal_bases`"), "{msg}");
        assert!(msg.contains("legal_basis"), "{msg}");
    }
}
