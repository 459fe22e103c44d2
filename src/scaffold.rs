//! `privacy-site new`: scaffolds a new notice, Danish (`content/SLUG.md`) and English
//! (`content/SLUG.en.md`), with every section the requirement table demands for the
//! notice's facts, in table order. Contact sections embed the shared contact blocks;
//! every other gap is a line starting with [`MARKER`], which `check` reports as an
//! error (see [`crate::check::placeholders`]) until an editor has written the text.
//!
//! [`scaffold`] is pure (it returns the files to write); [`write_pages`] writes them,
//! both or neither, refusing to overwrite a page without `--force`. Slugs are checked
//! by [`crate::slug::validate`].

use crate::error::{Error, Result};
use crate::legal_basis::{self, LegalBasis};
use crate::requirements::{Facts, Mention, Requirement, Sources, REQUIREMENTS};
use std::path::{Path, PathBuf};

/// The one placeholder form the checker recognises: a line (or list item) that
/// starts with this.
pub const MARKER: &str = "TODO:";

/// What `new` was asked to scaffold.
#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    /// The page's name in the URL (see [`crate::slug`]).
    pub slug: String,
    /// The Danish title.
    pub title: String,
    /// The English title; a placeholder if not given.
    pub title_en: Option<String>,
    /// Legal-basis codes as written on the command line; each entry may hold several
    /// codes separated by commas.
    pub bases: Vec<String>,
    /// Sources as written on the command line (`subject`, `others`), commas allowed.
    pub sources: Vec<String>,
    /// Whether data are transferred to a third country; left undeclared if `None`.
    pub transfers: Option<bool>,
    /// The `date` to write; today if `None`.
    pub date: Option<chrono::NaiveDate>,
}

/// The options, validated.
struct Parsed {
    bases: Vec<LegalBasis>,
    subject: bool,
    others: bool,
}

/// Splits repeated, comma-separated values into trimmed, non-empty items.
fn items(values: &[String]) -> impl Iterator<Item = &str> {
    values.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|s| !s.is_empty())
}

fn parse(opts: &NewOptions) -> Result<Parsed> {
    crate::slug::validate(&opts.slug, &[])?;
    if opts.title.trim().is_empty() {
        return Err(Error::Usage("the title is empty: give --title \"...\"".into()));
    }
    let mut bases = Vec::new();
    let mut bad = Vec::new();
    for code in items(&opts.bases) {
        match LegalBasis::parse(code) {
            Some(b) if !bases.contains(&b) => bases.push(b),
            Some(_) => {}
            None => bad.push(format!("`{code}`")),
        }
    }
    if !bad.is_empty() {
        return Err(Error::Usage(format!("unknown legal-basis code {}; valid forms are {}", bad.join(", "), legal_basis::VALID_FORMS)));
    }
    let (mut subject, mut others) = (false, false);
    for source in items(&opts.sources) {
        match source {
            "subject" => subject = true,
            "others" => others = true,
            other => {
                return Err(Error::Usage(format!(
                    "unknown source `{other}`: use --sources subject (from the person), --sources others (from anyone else) or --sources subject,others"
                )))
            }
        }
    }
    Ok(Parsed { bases, subject, others })
}

/// The files of a new notice, Danish first, as paths relative to the site root and
/// their text. Pure: nothing is read or written.
pub fn scaffold(opts: &NewOptions) -> Result<Vec<(PathBuf, String)>> {
    let parsed = parse(opts)?;
    // What the options leave out stays undeclared: its sections are scaffolded.
    let facts = Facts {
        bases: (!parsed.bases.is_empty()).then(|| parsed.bases.clone()),
        sources: (parsed.subject || parsed.others).then_some(Sources { subject: parsed.subject, others: parsed.others }),
        transfers: opts.transfers,
    };
    let date = opts.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let title_en = match &opts.title_en {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => format!("{MARKER} English title for \"{}\"", opts.title.trim()),
    };
    let mut sources = Vec::new();
    if parsed.subject {
        sources.push("subject");
    }
    if parsed.others {
        sources.push("others");
    }
    let mut files = Vec::new();
    for (lang, suffix, title) in [("da", "", opts.title.trim().to_string()), ("en", ".en", title_en)] {
        let text = page(lang, &title, date, &sources, &facts);
        files.push((PathBuf::from("content").join(format!("{}{suffix}.md", opts.slug)), text));
    }
    Ok(files)
}

/// Writes `files` under `root`, refusing (before writing anything) if any exists.
pub fn write_new(root: &Path, files: &[(PathBuf, String)]) -> Result<Vec<PathBuf>> {
    write_pages(root, files, false)
}

/// Writes `files` under `root`, all or none ([`crate::fsx::write_files`]): each is
/// synced to a temporary file first and renamed into place only when every one of
/// them was written. Existing files are refused unless `force` is given.
pub fn write_pages(root: &Path, files: &[(PathBuf, String)], force: bool) -> Result<Vec<PathBuf>> {
    let rels: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    crate::slug::ensure_free(root, &rels, force, "edit the page, or choose another page name")?;
    let paths: Vec<PathBuf> = rels.iter().map(|p| root.join(p)).collect();
    let set: Vec<(&Path, &[u8])> = paths.iter().zip(files).map(|(p, (_, text))| (p.as_path(), text.as_bytes())).collect();
    let existing = if force { crate::fsx::Existing::Replace } else { crate::fsx::Existing::Keep };
    crate::fsx::write_files(&set, existing)?;
    Ok(rels)
}

/// A TOML string literal.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn page(lang: &str, title: &str, date: chrono::NaiveDate, sources: &[&str], facts: &Facts) -> String {
    let da = lang == "da";
    let list = |items: Vec<String>| items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ");
    let description = if da {
        format!("{MARKER} Én sætning om, hvad siden handler om, fx \"Sådan behandler Lejre Kommune dine personoplysninger, når …\".")
    } else {
        format!("{MARKER} One sentence on what the page covers, e.g. \"How Lejre Kommune processes your personal data when …\".")
    };
    let mut out = String::new();
    out.push_str("+++\n");
    out.push_str(&format!("title = {}\n", quote(title)));
    out.push_str(&format!("description = {}\n", quote(&description)));
    out.push_str(&format!("date = {}\n", date.format("%Y-%m-%d")));
    out.push('\n');
    out.push_str("notice = true\n");
    // A fact is written only when the editor gave it.
    if let Some(bases) = &facts.bases {
        out.push_str(&format!("legal_basis = [{}]\n", list(bases.iter().map(|b| b.to_string()).collect())));
    }
    if !sources.is_empty() {
        out.push_str(&format!("sources = [{}]\n", list(sources.iter().map(|s| s.to_string()).collect())));
    }
    if let Some(transfers) = facts.transfers {
        out.push_str(&format!("third_country_transfers = {transfers}\n"));
    }
    out.push_str("+++\n\n");
    out.push_str(&todo(if da {
        "Skriv en kort indledning: hvem siden er til, og hvilken behandling af personoplysninger den handler om."
    } else {
        "Write a short introduction: who the page is for, and which processing of personal data it covers."
    }));
    out.push_str("\n\n");
    for req in REQUIREMENTS.iter().filter(|r| r.when.holds(facts)) {
        out.push_str(&format!("## {} {{#{}}}\n\n", req.title.get(lang), req.key));
        out.push_str(&section(lang, req, facts));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// A placeholder line.
fn todo(text: &str) -> String {
    // A `{{` on a prose line is a markup error: keep shortcode examples out of it.
    let text = text.replace("{{", "{ {").replace("}}", "} }");
    format!("{MARKER} {text}")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The body of one section (ending with a blank line).
fn section(lang: &str, req: &Requirement, facts: &Facts) -> String {
    let da = lang == "da";
    let text = |d: &str, e: &str| if da { d.to_string() } else { e.to_string() };
    match req.key {
        "controller" => format!(
            "{}\n\n{{{{ contact(id=\"controller\") }}}}\n\n",
            text(
                "Lejre Kommune er dataansvarlig for behandlingen af de personoplysninger, som vi behandler om dig. Du finder vores kontaktoplysninger nedenfor:",
                "Lejre Kommune is the data controller for the personal data we process about you. You can find our contact details below:",
            )
        ),
        "dpo" => format!(
            "{}\n\n{{{{ contact(id=\"dpo\") }}}}\n\n",
            text(
                "Hvis du har spørgsmål til vores behandling af dine oplysninger, er du også velkommen til at kontakte vores databeskyttelsesrådgiver:",
                "If you have questions about how we process your data, you are also welcome to contact our data protection officer:",
            )
        ),
        "complaint" => format!(
            "{}\n\n{{{{ contact(id=\"datatilsynet\") }}}}\n\n",
            text(
                "Du har ret til at klage til Datatilsynet, hvis du er utilfreds med den måde, vi behandler dine personoplysninger på.",
                "You have the right to complain to Datatilsynet, the Danish Data Protection Agency, if you are unhappy with the way we process your personal data.",
            )
        ),
        _ if req.names_bases => legal_basis_section(lang, facts),
        _ if !req.mentions.is_empty() => mentions_section(lang, req, facts),
        _ => format!("{}\n\n", todo(req.help.get(lang))),
    }
}

/// The legal-basis section: each declared basis as a bullet, each followed by what
/// the editor must add to it.
fn legal_basis_section(lang: &str, facts: &Facts) -> String {
    let da = lang == "da";
    if facts.bases().is_empty() {
        return format!(
            "{}\n\n",
            todo(if da {
                "Angiv retsgrundlaget i sidens front matter (legal_basis = [\"6.1.e\"] …), og nævn hvert grundlag her."
            } else {
                "Declare the legal bases in the front matter (legal_basis = [\"6.1.e\"] …) and name each of them here."
            })
        );
    }
    let mut out = String::from(if da {
        "Vi behandler dine personoplysninger med hjemmel i:\n\n"
    } else {
        "We process your personal data on the following legal basis:\n\n"
    });
    for basis in facts.bases() {
        let cite = match (basis, da) {
            (LegalBasis::Dbl(_), _) => capitalise(&basis.cite(lang)),
            (_, true) => format!("Databeskyttelsesforordningens {}", basis.cite(lang)),
            (_, false) => format!("{} of the GDPR", basis.cite(lang)),
        };
        let what = match basis {
            _ if basis.is_consent() => text2(da, "Beskriv, hvad du giver samtykke til.", "Describe what the person consents to."),
            LegalBasis::Dbl(_) => text2(
                da,
                "Beskriv kort, hvad bestemmelsen giver hjemmel til (fx behandling af CPR-nummer).",
                "Say briefly what the provision allows (e.g. processing CPR numbers).",
            ),
            _ => text2(
                da,
                "Tilføj den danske lov og paragraf, der giver kommunen hjemmel til behandlingen.",
                "Add the Danish act and provision that give the municipality the legal basis for the processing.",
            ),
        };
        out.push_str(&format!("- {cite}\n  - {}\n", todo(what)));
    }
    out.push('\n');
    out
}

fn text2(da: bool, d: &'static str, e: &'static str) -> &'static str {
    if da {
        d
    } else {
        e
    }
}

/// What a right is called, using the words the requirement table looks for.
fn mention_label(m: &Mention, lang: &str) -> String {
    let da = lang == "da";
    let known = match m.item {
        "access" => Some(("Ret til indsigt", "Right of access")),
        "rectification" => Some(("Ret til berigtigelse (rettelse)", "Right to rectification")),
        "erasure" => Some(("Ret til sletning", "Right to erasure")),
        "restriction" => Some(("Ret til begrænsning af behandlingen", "Right to restriction of processing")),
        "objection" => Some(("Ret til indsigelse", "Right to object")),
        "portability" => Some(("Ret til dataportabilitet", "Right to data portability")),
        _ => None,
    };
    let words = if da { m.da } else { m.en };
    match known {
        // Use the table's own word if a lawyer changed it and ours no longer counts.
        Some((d, e)) if words.iter().any(|w| (if da { d } else { e }).to_lowercase().contains(w)) => (if da { d } else { e }).to_string(),
        _ => {
            let word = words.first().copied().unwrap_or(m.item);
            if da {
                format!("Ret til {word}")
            } else {
                format!("Right to {word}")
            }
        }
    }
}

/// A section whose table row lists topics to mention (the rights): one bullet per
/// topic that applies, each followed by a placeholder.
fn mentions_section(lang: &str, req: &Requirement, facts: &Facts) -> String {
    let da = lang == "da";
    let mut out = String::new();
    if req.key == "rights" {
        out.push_str(if da {
            "Du har efter databeskyttelsesforordningen en række rettigheder i forhold til vores behandling af oplysninger om dig. Hvis du vil gøre brug af dine rettigheder, skal du kontakte os.\n\n"
        } else {
            "Under the General Data Protection Regulation you have a number of rights in respect of our processing of your data. If you want to use your rights, please contact us.\n\n"
        });
    } else {
        out.push_str(&format!("{}\n\n", todo(req.help.get(lang))));
    }
    for m in req.mentions.iter().filter(|m| m.when.holds(facts)) {
        out.push_str(&format!(
            "- {}\n  - {}\n",
            mention_label(m, lang),
            todo(text2(da, "Beskriv kort, hvad retten indebærer, og hvornår den gælder.", "Describe briefly what the right means and when it applies.",))
        ));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(bases: &[&str], sources: &[&str]) -> NewOptions {
        NewOptions {
            slug: "parkering".into(),
            title: "Parkering".into(),
            bases: bases.iter().map(|s| s.to_string()).collect(),
            sources: sources.iter().map(|s| s.to_string()).collect(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 25),
            ..NewOptions::default()
        }
    }

    #[test]
    fn sections_follow_the_table_and_the_facts() {
        let files = scaffold(&opts(&["6.1.e,dbl-11"], &["others"])).unwrap();
        assert_eq!(files[0].0, PathBuf::from("content/parkering.md"));
        assert_eq!(files[1].0, PathBuf::from("content/parkering.en.md"));
        let da = &files[0].1;
        for key in ["controller", "dpo", "purposes", "legal-basis", "categories", "source", "rights", "complaint"] {
            assert!(da.contains(&format!("{{#{key}}}")), "{key}");
        }
        assert!(!da.contains("{#statutory-requirement}"));
        assert!(!da.contains("{#withdraw-consent}"));
        assert!(da.contains("legal_basis = [\"6.1.e\", \"dbl-11\"]"));
        assert!(da.contains("- Databeskyttelseslovens § 11"));
        assert!(da.contains("- Ret til indsigelse"));
        assert!(!da.contains("dataportabilitet"));
        assert!(files[1].1.contains("- Article 6(1)(e) of the GDPR"));
    }

    #[test]
    fn bad_input_is_refused() {
        let e = scaffold(&opts(&["6.1.x"], &[])).unwrap_err().to_string();
        assert!(e.contains("6.1.x") && e.contains("dbl-N"), "{e}");
        let e = scaffold(&opts(&[], &["me"])).unwrap_err().to_string();
        assert!(e.contains("subject,others"), "{e}");
        let e = scaffold(&NewOptions { slug: "Parkering Tilladelser".into(), ..opts(&[], &[]) }).unwrap_err().to_string();
        assert!(e.contains("parkering-tilladelser"), "{e}");
    }
}
