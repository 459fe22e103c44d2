//! Translation checks and the `translated` record, on small fixture sites under
//! `tests/fixtures/translation-*` (each copied with the real templates and Sass into
//! a temporary folder) and on the real site.

mod common;

use common::{copy_dir, repo};
use privacy_site::finding::{Finding, Severity};
use privacy_site::pipeline::{self, Options};
use privacy_site::render::templates::Templates;
use privacy_site::write::NoOutput;
use privacy_site::{translate, Site};
use std::path::Path;

/// A fixture site in a temporary folder: its config.toml and content, with the real
/// templates and Sass.
fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = repo().join("tests/fixtures").join(name);
    std::fs::copy(src.join("config.toml"), dir.path().join("config.toml")).unwrap();
    copy_dir(&src.join("content"), &dir.path().join("content"));
    copy_dir(&repo().join("templates"), &dir.path().join("templates"));
    copy_dir(&repo().join("sass"), &dir.path().join("sass"));
    dir
}

/// The findings of `rule`, as (severity, file, line, message).
fn of(findings: &[Finding], rule: &str) -> Vec<(Severity, String, usize, String)> {
    let mut v: Vec<_> =
        findings.iter().filter(|f| f.rule == rule).map(|f| (f.severity, f.file.to_string_lossy().replace('\\', "/"), f.line, f.message.clone())).collect();
    v.sort();
    v
}

fn content_findings(root: &Path) -> Vec<Finding> {
    let site = Site::load(root).unwrap();
    let templates = Templates::for_site(&site).unwrap();
    pipeline::run(&site, &templates, &NoOutput, &Options::default()).unwrap().findings
}

#[test]
fn a_missing_translation_has_the_configured_severity_and_names_the_file_to_create() {
    let dir = fixture("translation-missing");
    let findings = content_findings(dir.path());
    let missing: Vec<&Finding> = findings.iter().filter(|f| f.rule == "translation-missing").collect();
    assert_eq!(missing.len(), 1, "{missing:#?}");
    let f = missing[0];
    assert_eq!((f.severity, f.file.as_path(), f.line), (Severity::Warning, Path::new("content/cookies.md"), 1));
    assert!(f.message.contains("English") && f.message.contains("content/cookies.en.md"), "{}", f.message);
    assert!(f.help.contains("create `content/cookies.en.md`"), "{}", f.help);

    let orphans = of(&findings, "translation-orphan");
    assert_eq!(orphans.len(), 1, "{orphans:#?}");
    assert_eq!((orphans[0].0, orphans[0].1.as_str(), orphans[0].2), (Severity::Error, "content/gammel.en.md", 1));
    assert!(orphans[0].3.contains("content/gammel.md"), "{}", orphans[0].3);

    // The translation that exists has never been reviewed.
    let unreviewed = of(&findings, "translation-unreviewed");
    assert_eq!(unreviewed.len(), 1, "{unreviewed:#?}");
    assert_eq!((unreviewed[0].0, unreviewed[0].1.as_str(), unreviewed[0].2), (Severity::Warning, "content/om.en.md", 1));
    let help = &findings.iter().find(|f| f.rule == "translation-unreviewed").unwrap().help;
    assert!(help.contains("privacy-site translated content/om.en.md"), "{help}");
}

#[test]
fn the_missing_translation_severity_follows_config() {
    let dir = fixture("translation-missing");
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    std::fs::write(dir.path().join("config.toml"), config.replace("missing_translation = \"warning\"", "missing_translation = \"note\"")).unwrap();
    let findings = content_findings(dir.path());
    let missing = of(&findings, "translation-missing");
    assert_eq!(missing.iter().map(|m| m.0).collect::<Vec<_>>(), [Severity::Note]);
}

#[test]
fn sections_in_another_order_or_with_other_keys_are_named_with_both_lines() {
    let dir = fixture("translation-sections");
    let findings = content_findings(dir.path());
    let sections = of(&findings, "translation-sections");
    assert_eq!(
        sections,
        [
            (
                Severity::Error,
                "content/sag.en.md".to_string(),
                15,
                "`content/sag.en.md`:15 has #dpo in a different place than `content/sag.md`:11: the sections are in another order".to_string()
            ),
            (Severity::Error, "content/sag.en.md".to_string(), 19, "`content/sag.en.md`:19 has #retention where `content/sag.md`:19 has #rights".to_string()),
        ]
    );
}

#[test]
fn a_missing_section_is_reported_at_the_next_english_heading() {
    let dir = fixture("translation-sections");
    let en = dir.path().join("content/sag.en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    // Put #dpo back in place and drop #retention: only #rights is then missing.
    let fixed = text
        .replace(
            "## Purposes and legal basis {#purposes #legal-basis}\n\nThe purpose.\n\n## Data protection officer {#dpo}\n\nThe officer.\n",
            "## Data protection officer {#dpo}\n\nThe officer.\n\n## Purposes and legal basis {#purposes #legal-basis}\n\nThe purpose.\n",
        )
        .replace("## Retention {#retention}\n\nHow long.\n\n", "");
    std::fs::write(&en, fixed).unwrap();
    let findings = content_findings(dir.path());
    let sections = of(&findings, "translation-sections");
    assert_eq!(
        sections,
        [(Severity::Error, "content/sag.en.md".to_string(), 19, "`content/sag.en.md` has no #rights (`content/sag.md`:19 has it)".to_string())]
    );
}

#[test]
fn differing_facts_are_reported_at_the_english_front_matter_line() {
    let dir = fixture("translation-facts");
    let findings = content_findings(dir.path());
    let facts = of(&findings, "translation-facts");
    let got: Vec<(&str, usize)> = facts.iter().map(|f| (f.1.as_str(), f.2)).collect();
    assert_eq!(
        got,
        [("content/kontakt/raadgiver.en.md", 8), ("content/parkering.en.md", 4), ("content/parkering.en.md", 6), ("content/parkering.en.md", 10),],
        "{facts:#?}"
    );
    assert!(facts.iter().all(|f| f.0 == Severity::Error));
    let msg = |file: &str, line: usize| facts.iter().find(|f| f.1 == file && f.2 == line).unwrap().3.clone();
    let email = msg("content/kontakt/raadgiver.en.md", 8);
    assert!(email.contains("contact.email") && email.contains("dpo@example.com") && email.contains("content/kontakt/raadgiver.md`:8"), "{email}");
    let basis = msg("content/parkering.en.md", 4);
    assert!(basis.contains("legal_basis") && basis.contains("lacks `9.2.a`") && basis.contains("content/parkering.md`:4"), "{basis}");
    assert!(msg("content/parkering.en.md", 6).contains("third_country_transfers"));
    let waiver = msg("content/parkering.en.md", 10);
    assert!(waiver.contains("`dpo`") && waiver.contains("2027-06-30") && waiver.contains("2027-03-31"), "{waiver}");
    // Sources are compared as sets: the order does not matter.
    assert!(!facts.iter().any(|f| f.3.contains("`sources`")));
}

#[test]
fn a_reviewed_translation_becomes_stale_when_a_danish_sentence_changes() {
    let dir = fixture("translation-stale");
    let root = dir.path();
    let site = Site::load(root).unwrap();
    let en = site.page("sag", "en").unwrap();
    let marked = translate::mark(&site, en).unwrap();
    assert!(marked.changed);
    assert_eq!(marked.source, Path::new("content/sag.md"));
    assert_eq!(marked.record.sections.keys().collect::<Vec<_>>(), ["complaint", "controller", "ret-til-indsigt", "rights"]);

    // Reviewed: no staleness finding at all; the rest of the front matter is untouched.
    let text = std::fs::read_to_string(root.join("content/sag.en.md")).unwrap();
    assert!(text.starts_with("+++\ntitle = \"Case handling\"\nweight = 5\n\n[translation_of]\nhash = \""), "{text}");
    assert!(text.ends_with("+++\n\nIntroduction.\n\n## Data controller {#controller}\n\nLejre Kommune is the data controller.\n\n## Your rights {#rights}\n\nYou have a number of rights.\n\n### Right of access {#ret-til-indsigt}\n\nYou have the right to see your data.\n\n## Complaints {#complaint}\n\nYou can complain to Datatilsynet.\n"));
    let findings = content_findings(root);
    assert!(of(&findings, "translation-stale").is_empty() && of(&findings, "translation-unreviewed").is_empty());

    // Marking again changes nothing.
    let site = Site::load(root).unwrap();
    assert!(!translate::mark(&site, site.page("sag", "en").unwrap()).unwrap().changed);
    assert_eq!(std::fs::read_to_string(root.join("content/sag.en.md")).unwrap(), text);

    // One Danish sentence changes: the finding names that section, at its heading.
    let da = root.join("content/sag.md");
    let source = std::fs::read_to_string(&da).unwrap();
    std::fs::write(&da, source.replace("Du har ret til at se dine oplysninger.", "Du har ret til at se og få en kopi af dine oplysninger.")).unwrap();
    let findings = content_findings(root);
    let stale: Vec<&Finding> = findings.iter().filter(|f| f.rule == "translation-stale").collect();
    assert_eq!(stale.len(), 1, "{stale:#?}");
    assert_eq!((stale[0].severity, stale[0].file.as_path(), stale[0].line), (Severity::Warning, Path::new("content/sag.md"), 15));
    assert!(stale[0].message.contains("#ret-til-indsigt"), "{}", stale[0].message);
    assert!(!stale[0].message.contains("#rights"), "{}", stale[0].message);
    assert!(stale[0].help.contains("update `content/sag.en.md`") && stale[0].help.contains("privacy-site translated content/sag.en.md"));

    // Marking it reviewed clears the finding.
    let site = Site::load(root).unwrap();
    translate::mark(&site, site.page("sag", "en").unwrap()).unwrap();
    assert!(of(&content_findings(root), "translation-stale").is_empty());

    // Text outside every keyed section.
    let source = std::fs::read_to_string(&da).unwrap();
    std::fs::write(&da, source.replace("Indledning.", "En ny indledning.")).unwrap();
    let stale = of(&content_findings(root), "translation-stale");
    assert_eq!(stale.len(), 1, "{stale:#?}");
    assert_eq!(stale[0].1, "content/sag.en.md");
    assert!(stale[0].3.contains("text outside keyed sections"), "{}", stale[0].3);

    // Two sections change: both are named, at the record in the translation.
    let site = Site::load(root).unwrap();
    translate::mark(&site, site.page("sag", "en").unwrap()).unwrap();
    let source = std::fs::read_to_string(&da).unwrap();
    std::fs::write(&da, source.replace("Lejre Kommune er", "Kommunen er").replace("Du kan klage", "Du kan altid klage")).unwrap();
    let stale = of(&content_findings(root), "translation-stale");
    assert_eq!(stale.len(), 1, "{stale:#?}");
    assert_eq!((stale[0].1.as_str(), stale[0].2), ("content/sag.en.md", 5));
    assert!(stale[0].3.contains("#complaint") && stale[0].3.contains("#controller"), "{}", stale[0].3);
}

#[test]
fn a_missing_ui_string_names_the_key_and_the_language() {
    let dir = fixture("translation-ui");
    let findings = content_findings(dir.path());
    let ui = of(&findings, "ui-string-missing");
    assert_eq!(ui.len(), 1, "{ui:#?}");
    assert_eq!((ui[0].0, ui[0].1.as_str(), ui[0].2), (Severity::Error, "config.toml", 43));
    assert!(ui[0].3.contains("`en`") && ui[0].3.contains("`toc`"), "{}", ui[0].3);
}

#[test]
fn the_full_pipeline_reports_translation_findings() {
    let dir = fixture("translation-sections");
    let site = Site::load(dir.path()).unwrap();
    let templates = Templates::for_site(&site).unwrap();
    let outcome = pipeline::run(&site, &templates, &NoOutput, &Options::default()).unwrap();
    assert_eq!(of(&outcome.findings, "translation-sections").len(), 2);
}

#[test]
fn the_real_site_has_every_translation_and_no_translation_finding_above_note() {
    let site = Site::load(&repo()).unwrap();
    let default = site.config.default_language().to_string();
    for page in &site.pages {
        let counterparts: Vec<&str> = if page.lang == default {
            site.config.languages.iter().map(|l| l.code.as_str()).filter(|c| *c != default).collect()
        } else {
            vec![default.as_str()]
        };
        for lang in counterparts {
            assert!(site.page(&page.slug, lang).is_some(), "{} has no `{lang}` counterpart", page.file.display());
        }
    }
    let templates = Templates::for_site(&site).unwrap();
    let findings: Vec<Finding> = pipeline::run(&site, &templates, &NoOutput, &Options::default())
        .unwrap()
        .findings
        .into_iter()
        .filter(|f| f.rule.starts_with("translation-") && f.severity != Severity::Note)
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn a_page_whose_text_is_in_the_other_language_is_an_error_at_its_first_body_line() {
    let site = common::TempSite::real();
    let body = |file: &str| site.read(file).splitn(3, "+++").nth(2).unwrap().to_string();
    let front = |file: &str| {
        let text = site.read(file);
        let end = text[3..].find("+++").unwrap() + 6;
        text[..end].to_string()
    };
    // The Danish text pasted untranslated into the English page, and the English text
    // into the Danish one of another notice.
    let english = format!("{}{}", front("content/integration.en.md"), body("content/integration.md"));
    site.write("content/integration.en.md", &english);
    let danish = format!("{}{}", front("content/borgerservice.md"), body("content/borgerservice.en.md"));
    site.write("content/borgerservice.md", &danish);
    let found = of(&site.check().findings, "language-mismatch");
    // The line after the front matter's closing `+++`.
    let body_line = |text: &str| text[3..].find("+++").map(|i| text[..i + 6].lines().count() + 1).unwrap();
    assert_eq!(
        found,
        [
            (
                Severity::Error,
                "content/borgerservice.md".into(),
                body_line(&danish),
                "the text reads as English, but the page is in Danish (its file name says so)".into()
            ),
            (
                Severity::Error,
                "content/integration.en.md".into(),
                body_line(&english),
                "the text reads as Danish, but the page is in English (its file name says so)".into()
            ),
        ]
    );
}
