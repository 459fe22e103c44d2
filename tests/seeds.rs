//! The five seed pages as published (tests/fixtures/seeds-as-published): the checker
//! must catch each fault the municipality's current pages have, and nothing else.

mod common;
use common::*;

#[test]
fn check_finds_exactly_the_published_faults() {
    let outcome = TempSite::seeds_as_published().check();
    let mut got: Vec<(String, String, String)> =
        errors(&outcome).iter().map(|f| (f.file.file_name().unwrap().to_string_lossy().into_owned(), f.rule.to_string(), f.key.to_string())).collect();
    got.sort();
    let expected = [
        // Borgerservice names consent (6.1.a) but states no right to withdraw it, and lists
        // data about criminal offences without an Art. 10 basis.
        ("borgerservice.md", "art13-missing", "automated-decisions"),
        ("borgerservice.md", "art13-missing", "statutory-requirement"),
        ("borgerservice.md", "art13-missing", "third-countries"),
        ("borgerservice.md", "art13-missing", "withdraw-consent"),
        ("borgerservice.md", "criminal-data-without-basis", "legal-basis"),
        // No published page says whether data leave the EU/EEA: the fact stays undeclared.
        ("borgerservice.md", "fact-undeclared", "third-countries"),
        // Datasikkerhed is not a notice: only the DPO's drifted address.
        ("datasikkerhed.md", "contact-drift", ""),
        // Integration names no legal basis although it lists CPR numbers and sensitive data.
        ("integration.md", "art13-missing", "legal-basis"),
        ("integration.md", "art13-missing", "statutory-requirement"),
        ("integration.md", "art13-missing", "third-countries"),
        ("integration.md", "contact-drift", ""),
        ("integration.md", "contact-drift", ""),
        ("integration.md", "cpr-without-basis", "legal-basis"),
        ("integration.md", "fact-undeclared", "third-countries"),
        ("integration.md", "special-category-without-basis", "legal-basis"),
        ("it-og-digitalisering.md", "art13-missing", "automated-decisions"),
        ("it-og-digitalisering.md", "art13-missing", "complaint"),
        ("it-og-digitalisering.md", "art13-missing", "controller"),
        ("it-og-digitalisering.md", "art13-missing", "dpo"),
        ("it-og-digitalisering.md", "art13-missing", "rights"),
        ("it-og-digitalisering.md", "art13-missing", "statutory-requirement"),
        ("it-og-digitalisering.md", "art13-missing", "third-countries"),
        ("it-og-digitalisering.md", "fact-undeclared", "third-countries"),
        // Vores Dialog: the DPO section is a heading with no contact details, and the
        // consent section does not say "at any time" or that earlier processing stays lawful.
        ("vores-dialog.md", "art13-contact-missing", "dpo"),
        ("vores-dialog.md", "art13-incomplete", "withdraw-consent"),
        ("vores-dialog.md", "art13-missing", "automated-decisions"),
        ("vores-dialog.md", "art13-missing", "statutory-requirement"),
        ("vores-dialog.md", "art13-missing", "third-countries"),
        ("vores-dialog.md", "fact-undeclared", "third-countries"),
    ];
    let expected: Vec<_> = expected.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(got, expected, "\n{}", describe(&errors(&outcome)));

    let statutory: Vec<_> = with_rule(&outcome, "art13-missing").into_iter().filter(|f| f.key == "statutory-requirement").collect();
    assert!(statutory.iter().all(|f| f.article == "13(2)(e)"));
    let drift = describe(&with_rule(&outcome, "contact-drift"));
    assert!(drift.contains("Langelinie Allé 35") && drift.contains("lejre@bechbruun.com"), "{drift}");
    let gap = with_rule(&outcome, "heading-numbering-gap");
    assert_eq!(gap.len(), 1);
    assert!(gap[0].file.ends_with("integration.md") && gap[0].message.contains("7 follows 5"));
    // The published pages link to Datatilsynet and Vores Dialog over plain http.
    let insecure: Vec<String> =
        with_rule(&outcome, "link-insecure").iter().map(|f| format!("{}:{}", f.file.file_name().unwrap().to_string_lossy(), f.line)).collect();
    assert_eq!(
        insecure,
        ["borgerservice.md:126", "borgerservice.md:138", "integration.md:100", "integration.md:112", "vores-dialog.md:66", "vores-dialog.md:162"]
    );
}

#[test]
fn the_binary_exits_1_on_the_published_seeds() {
    let out = cli(&["check"], TempSite::seeds_as_published().path());
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
}
