//! The checker reads what a page says, not only what its editor declared: undeclared
//! facts keep their sections required, a keyed section must evidence its item, and
//! the text's special-category, criminal-offence and CPR data need declared bases.
//! Mutations of every real notice, as a reviewer would make them by mistake.

mod common;
use common::*;
use privacy_site::{Finding, Severity};
use std::collections::BTreeSet;

/// Every notice of the real site (both languages), as paths under `content/`.
fn real_notices() -> Vec<String> {
    let mut notices: Vec<String> = std::fs::read_dir(repo().join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md") && std::fs::read_to_string(repo().join("content").join(name)).unwrap().contains("\nnotice = true"))
        .map(|name| format!("content/{name}"))
        .collect();
    notices.sort();
    assert!(notices.len() >= 8, "the real site has four notices in two languages: {notices:?}");
    notices
}

fn of_file<'a>(findings: &'a [Finding], file: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.file.to_string_lossy() == file).collect()
}

#[test]
fn an_undeclared_transfer_fact_is_reported_under_article_13_1_f() {
    let site = site_with(GOOD_NOTICE);
    assert!(errors(&site.check()).is_empty());
    site.write("content/n.md", &GOOD_NOTICE.replace("third_country_transfers = false\n", ""));
    let outcome = site.check();
    let found = with_rule(&outcome, "fact-undeclared");
    assert_eq!(found.len(), 1, "{}", describe(&found));
    assert_eq!((found[0].article.as_ref(), found[0].key.as_ref(), found[0].severity), ("13(1)(f)", "third-countries", Severity::Error));
    assert!(found[0].help.contains("third_country_transfers = true or false"), "{}", found[0].help);
    assert_eq!(found[0].line, line_of(GOOD_NOTICE, "notice = true"));
}

#[test]
fn every_real_notice_reports_its_undeclared_transfers() {
    // The published pages say nothing about transfers: the fact is undeclared and the
    // gap is a dated waiver, reported under Art. 13(1)(f) / 14(1)(f).
    let outcome = check_site(&repo());
    for file in real_notices() {
        let text = std::fs::read_to_string(repo().join(&file)).unwrap();
        assert!(!text.lines().any(|l| l.starts_with("third_country_transfers")), "{file} declares a fact its text does not support");
        let articles: Vec<&str> = of_file(&outcome.findings, &file).iter().filter(|f| f.key == "third-countries").map(|f| f.article.as_ref()).collect();
        assert!(articles.iter().any(|a| *a == "13(1)(f)" || *a == "14(1)(f)"), "{file}: {articles:?}");
    }
    // Without the waiver it is an error.
    let site = TempSite::real();
    let text = site.read("content/borgerservice.md");
    let start = text.find("[waivers.third-countries]").unwrap();
    let end = start + text[start..].find("until = ").unwrap() + "until = 2027-03-31\n".len();
    site.write("content/borgerservice.md", &format!("{}{}", &text[..start], &text[end..]));
    let outcome = site.check();
    let errs: Vec<&Finding> = errors(&outcome).into_iter().filter(|f| f.file.ends_with("borgerservice.md") && f.key == "third-countries").collect();
    assert!(errs.iter().any(|f| f.rule == "fact-undeclared" && f.article == "13(1)(f)"), "{}", describe(&errs));
}

/// The keyed sections of a page: (heading line index, keys, end line index).
fn keyed_sections(text: &str) -> Vec<(usize, Vec<String>, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let body = lines.iter().skip(1).position(|l| *l == "+++").unwrap() + 2;
    let level = |l: &str| l.starts_with('#').then(|| l.chars().take_while(|c| *c == '#').count());
    let mut sections = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(body) {
        let (Some(n), Some(open)) = (level(line), line.rfind("{#")) else { continue };
        let keys: Vec<String> = line[open + 1..].trim_end_matches('}').split_whitespace().map(|k| k.trim_start_matches('#').to_string()).collect();
        let keys: Vec<String> = keys.into_iter().filter(|k| privacy_site::requirements::find(k).is_some()).collect();
        if keys.is_empty() {
            continue;
        }
        let end = (i + 1..lines.len()).find(|j| level(lines[*j]).is_some_and(|m| m <= n)).unwrap_or(lines.len());
        sections.push((i, keys, end));
    }
    sections
}

#[test]
fn a_keyed_section_that_says_something_else_is_reported_with_its_key() {
    let site = TempSite::real();
    let before = site.check().findings;
    let seen = |findings: &[Finding], file: &str| -> BTreeSet<(String, String, usize)> {
        of_file(findings, file).iter().filter(|f| f.severity != Severity::Note).map(|f| (f.rule.to_string(), f.key.to_string(), f.line)).collect()
    };
    let mut mutations = 0;
    for file in real_notices() {
        let original = site.read(&file);
        let unrelated = if file.ends_with(".en.md") {
            "The citizen service desk is open Monday to Friday from 10 am to 3 pm, and until 5 pm on Thursdays."
        } else {
            "Borgerservice har åbent mandag til fredag fra kl. 10 til 15, og om torsdagen til kl. 17."
        };
        for (heading, keys, end) in keyed_sections(&original) {
            let lines: Vec<&str> = original.lines().collect();
            let mutated = [&lines[..=heading], &["", unrelated, ""], &lines[end..]].concat().join("\n");
            site.write(&file, &mutated);
            let after = site.check().findings;
            let new: BTreeSet<_> = seen(&after, &file).difference(&seen(&before, &file)).cloned().collect();
            for key in &keys {
                // A new finding, or the one the section already had (Integration's vague retention).
                let at_heading = seen(&after, &file).iter().any(|(_, k, line)| k == key && *line == heading + 1);
                assert!(
                    at_heading || new.iter().any(|(_, k, _)| k == key),
                    "{file}: replacing the section {:?} reported nothing for #{key}: {new:?}",
                    lines[heading]
                );
            }
            mutations += 1;
        }
        site.write(&file, &original);
    }
    assert!(mutations >= 60, "only {mutations} sections mutated");
}

#[test]
fn health_data_in_the_text_need_an_article_9_basis_at_their_line() {
    let text = GOOD_NOTICE.replace(
        "## Modtagere {#recipients}",
        "## Kategorier af personoplysninger {#categories}\n\nVi behandler dit navn og din adresse.\n\n- Helbredsoplysninger\n\n## Modtagere {#recipients}",
    );
    let outcome = site_with(&text).check();
    let found = with_rule(&outcome, "special-category-without-basis");
    assert_eq!(found.len(), 1, "{}", describe(&errors(&outcome)));
    assert_eq!((found[0].line, found[0].article.as_ref(), found[0].key.as_ref()), (line_of(&text, "- Helbredsoplysninger"), "9(2)", "legal-basis"));
    let declared =
        text.replace("legal_basis = [\"6.1.e\"]", "legal_basis = [\"6.1.e\", \"9.2.h\"]").replace("litra e.", "litra e, og artikel 9, stk. 2, litra h.");
    assert!(with_rule(&site_with(&declared).check(), "special-category-without-basis").is_empty());
}

#[test]
fn a_missing_section_names_the_unkeyed_line_that_gives_it() {
    let text = GOOD_NOTICE.replace("## Opbevaring {#retention}", "## Opbevaring");
    let outcome = site_with(&text).check();
    let missing: Vec<&Finding> = with_rule(&outcome, "art13-missing").into_iter().filter(|f| f.key == "retention").collect();
    assert_eq!(missing.len(), 1);
    let line = line_of(&text, "Vi sletter oplysningerne 5 år");
    assert!(missing[0].help.contains(&format!("line {line} reads like")), "{}", missing[0].help);
    assert!(missing[0].help.contains(&format!("add {{#retention}} to the heading on line {}", line_of(&text, "## Opbevaring"))), "{}", missing[0].help);
}

#[test]
fn consent_needs_withdrawal_at_any_time_how_and_lawful_before() {
    let consent = GOOD_NOTICE
        .replace("legal_basis = [\"6.1.e\"]", "legal_basis = [\"6.1.e\", \"6.1.a\"]")
        .replace("litra e.", "litra e, og artikel 6, stk. 1, litra a.")
        .replace("begrænsning og indsigelse.", "begrænsning, indsigelse og dataportabilitet.");
    let with = |section: &str| {
        consent.replace(
            "## Klage til Datatilsynet {#complaint}",
            &format!("## Samtykke {{#withdraw-consent}}\n\n{section}\n\n## Klage til Datatilsynet {{#complaint}}"),
        )
    };
    let partial = site_with(&with("Du kan trække dit samtykke tilbage ved at skrive til os.")).check();
    let found = with_rule(&partial, "art13-incomplete");
    assert_eq!(found.len(), 1, "{}", describe(&errors(&partial)));
    assert!(
        found[0].message.contains("at any time") && found[0].message.contains("lawful before withdrawal") && !found[0].message.contains("how"),
        "{}",
        found[0].message
    );
    let full =
        "Du kan til enhver tid trække dit samtykke tilbage ved at skrive til os. Det påvirker ikke lovligheden af behandlingen, før du trak det tilbage.";
    assert!(errors(&site_with(&with(full)).check()).is_empty());
}
