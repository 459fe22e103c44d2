//! The Art. 13/14 rules, contact rules, lints and waivers: one small site per rule,
//! asserting the exact rule id, article and line.

mod common;
use common::*;

/// A Danish site with one notice at content/n.md.
#[test]
fn a_complete_notice_has_no_errors_or_warnings() {
    let outcome = site_with(GOOD_NOTICE).check();
    let problems: Vec<_> = outcome.findings.iter().filter(|f| f.severity != privacy_site::Severity::Note).collect();
    assert!(problems.is_empty(), "{}", describe(&problems));
}

#[test]
fn deleting_the_complaint_section_is_art_13_2_d() {
    let text = GOOD_NOTICE.replace("## Klage til Datatilsynet {#complaint}", "## Klage til Datatilsynet");
    let outcome = site_with(&text).check();
    let found = with_rule(&outcome, "art13-missing");
    assert_eq!(found.len(), 1, "{}", describe(&found));
    assert_eq!((found[0].article.as_ref(), found[0].key.as_ref()), ("13(2)(d)", "complaint"));
    assert_eq!(found[0].file, std::path::Path::new("content/n.md"));
    assert_eq!(found[0].line, line_of(&text, "notice = true"));
}

#[test]
fn data_from_others_require_categories_and_source_under_art_14() {
    let text = GOOD_NOTICE.replace("sources = [\"subject\"]", "sources = [\"others\"]");
    let outcome = site_with(&text).check();
    let mut keys: Vec<_> = with_rule(&outcome, "art14-missing").iter().map(|f| (f.key.to_string(), f.article.to_string())).collect();
    keys.sort();
    assert_eq!(keys, [("categories".to_string(), "14(1)(d)".to_string()), ("source".into(), "14(2)(f)".into())]);
    // Art. 13(2)(e) is not required for data from others: its section is now surplus, not an error.
    assert!(with_rule(&outcome, "art13-missing").is_empty());
}

#[test]
fn consent_requires_withdrawal_and_portability() {
    let text = GOOD_NOTICE.replace("[\"6.1.e\"]", "[\"6.1.e\", \"6.1.a\"]").replace("litra e.", "litra e og litra a.");
    let outcome = site_with(&text).check();
    let missing = with_rule(&outcome, "art13-missing");
    assert_eq!(missing.len(), 1, "{}", describe(&missing));
    assert_eq!((missing[0].key.as_ref(), missing[0].article.as_ref()), ("withdraw-consent", "13(2)(c)"));
    let rights = with_rule(&outcome, "art13-incomplete");
    assert_eq!(rights.len(), 1, "{}", describe(&rights));
    assert!(rights[0].message.contains("portability"), "{}", rights[0].message);
    assert_eq!(rights[0].line, line_of(&text, "{#rights}"));
}

#[test]
fn legitimate_interests_need_a_section_and_a_public_authority_warning() {
    let text = GOOD_NOTICE.replace("[\"6.1.e\"]", "[\"6.1.e\", \"6.1.f\"]").replace("litra e.", "litra e og f.");
    let outcome = site_with(&text).check();
    assert_eq!(with_rule(&outcome, "art13-missing")[0].key, "legitimate-interests");
    let lint = with_rule(&outcome, "wp260-public-authority-6-1-f");
    assert_eq!(lint.len(), 1);
    assert_eq!(lint[0].line, line_of(&text, "legal_basis"));
    assert!(lint[0].help.contains("Art. 6(1), last subparagraph"));
}

#[test]
fn each_declared_basis_must_be_named() {
    let text = GOOD_NOTICE.replace("[\"6.1.e\"]", "[\"6.1.e\", \"dbl-11\"]");
    let outcome = site_with(&text).check();
    let found = with_rule(&outcome, "art13-basis-not-named");
    assert_eq!(found.len(), 1, "{}", describe(&found));
    assert!(found[0].message.contains("databeskyttelseslovens § 11"), "{}", found[0].message);
    assert_eq!(found[0].line, line_of(&text, "{#purposes #legal-basis}"));
}

#[test]
fn an_unknown_legal_basis_names_the_valid_forms() {
    let text = GOOD_NOTICE.replace("[\"6.1.e\"]", "[\"6.1.e\", \"6.1.x\"]");
    let outcome = site_with(&text).check();
    let found = with_rule(&outcome, "legal-basis-unknown");
    assert_eq!(found[0].line, line_of(&text, "legal_basis"));
    assert!(found[0].help.contains("\"6.1.a\" to \"6.1.f\""), "{}", found[0].help);
}

#[test]
fn an_empty_section_and_a_section_without_contact_details() {
    let text = GOOD_NOTICE
        .replace("{{ contact(id=\"dpo\") }}", "Du kan kontakte vores databeskyttelsesrådgiver på følgende måder:")
        .replace("Vi træffer ingen automatiske afgørelser.", "");
    let outcome = site_with(&text).check();
    let contact = with_rule(&outcome, "art13-contact-missing");
    assert_eq!((contact[0].key.as_ref(), contact[0].article.as_ref(), contact[0].line), ("dpo", "13(1)(b)", line_of(&text, "{#dpo}")));
    let empty = with_rule(&outcome, "art13-empty-section");
    assert_eq!((empty[0].key.as_ref(), empty[0].line), ("automated-decisions", line_of(&text, "{#automated-decisions}")));
}

#[test]
fn contact_drift_is_an_error_and_a_hand_typed_copy_a_warning() {
    let text = GOOD_NOTICE.replace("Du kan klage til Datatilsynet.", "Skriv til lejre@bechbruun.com eller Langelinie Allé 35. Ring 33 19 32 00.");
    let outcome = site_with(&text).check();
    let drift = with_rule(&outcome, "contact-drift");
    assert_eq!(drift.len(), 2, "{}", describe(&drift));
    assert!(drift.iter().all(|f| f.line == line_of(&text, "lejre@bechbruun.com")));
    let typed = with_rule(&outcome, "contact-hand-typed");
    assert_eq!(typed.len(), 1, "{}", describe(&typed));
    assert!(typed[0].help.contains("{{ contact(id=\"datatilsynet\") }}"));
}

#[test]
fn a_department_address_listed_as_a_unit_is_not_drift() {
    let text = GOOD_NOTICE.replace("Lejre Kommune er dataansvarlig.", "Skriv til cjs@lejre.dk eller nogen@lejre.dk.");
    let outcome = site_with(&text).check();
    let drift = with_rule(&outcome, "contact-drift");
    assert_eq!(drift.len(), 1, "{}", describe(&drift));
    assert!(drift[0].message.contains("nogen@lejre.dk"));
}

#[test]
fn unknown_shortcodes_contacts_and_units_are_errors_with_lines() {
    let text = GOOD_NOTICE
        .replace("{{ contact(id=\"dpo\") }}", "{{ kontakt(id=\"dpo\") }}")
        .replace("{{ contact(id=\"controller\") }}", "{{ contact(id=\"borgmester\") }}")
        .replace("{{ contact(id=\"datatilsynet\") }}", "{{ contact(id=\"controller\", unit=\"kantine\") }}");
    let outcome = site_with(&text).check();
    for (rule, needle) in [("shortcode-unknown", "kontakt(id"), ("contact-unknown", "borgmester"), ("contact-unit-unknown", "kantine")] {
        let found = with_rule(&outcome, rule);
        assert_eq!(found.len(), 1, "{rule}: {}", describe(&found));
        assert_eq!(found[0].line, line_of(&text, needle), "{rule}");
    }
}

#[test]
fn waivers_are_notes_until_they_expire() {
    let base = GOOD_NOTICE.replace("## Automatiske afgørelser {#automated-decisions}\n\nVi træffer ingen automatiske afgørelser.\n", "");
    let waive = |until: &str, reason: &str| {
        base.replace("+++\n\nIndledning", &format!("[waivers.automated-decisions]\nreason = \"{reason}\"\nuntil = {until}\n+++\n\nIndledning"))
    };
    let active = site_with(&waive("2099-01-01", "Afventer fagområdet.")).check();
    assert!(errors(&active).is_empty(), "{}", describe(&errors(&active)));
    let note = with_rule(&active, "waiver");
    assert_eq!(note[0].severity, privacy_site::Severity::Note);
    assert!(note[0].text().ends_with(": Afventer fagområdet."), "{}", note[0].text());
    assert_eq!(note[0].quote.as_deref(), Some("Afventer fagområdet."), "the reason is quoted, not copied into the message");

    let text = waive("2020-01-01", "Afventer fagområdet.");
    let expired = site_with(&text).check();
    let found = with_rule(&expired, "waiver-expired");
    assert_eq!(found[0].line, line_of(&text, "[waivers.automated-decisions]"));
    assert_eq!(with_rule(&expired, "art13-missing").len(), 1, "the requirement is an error again");

    let no_reason = site_with(&waive("2099-01-01", " ")).check();
    assert_eq!(with_rule(&no_reason, "waiver-no-reason").len(), 1);

    // Without a date it has not expired: it was never given one.
    let undated = base.replace("+++\n\nIndledning", "[waivers.automated-decisions]\nreason = \"Afventer fagområdet.\"\n+++\n\nIndledning");
    let no_until = site_with(&undated).check();
    let found = with_rule(&no_until, "waiver-no-until");
    assert_eq!(found.len(), 1, "{}", describe(&errors(&no_until)));
    assert!(found[0].message.ends_with("has no `until` date"), "{}", found[0].message);
    assert!(with_rule(&no_until, "waiver-expired").is_empty());
}

#[test]
fn a_waiver_for_a_met_requirement_is_a_warning() {
    let text = GOOD_NOTICE.replace("+++\n\nIndledning", "[waivers.recipients]\nreason = \"x\"\nuntil = 2099-01-01\n+++\n\nIndledning");
    let outcome = site_with(&text).check();
    let found = with_rule(&outcome, "waiver-unneeded");
    assert_eq!((found[0].key.as_ref(), found[0].line), ("recipients", line_of(&text, "[waivers.recipients]")));
}

#[test]
fn vague_retention_and_referral_only_sections_are_warnings() {
    let text = GOOD_NOTICE
        .replace("Vi sletter oplysningerne 5 år efter sagens afslutning.", "Vi opbevarer oplysningerne, så længe det er nødvendigt.")
        .replace("Vi videregiver ikke oplysningerne, og vi overfører dem ikke til lande uden for EU/EØS.", "Kontakt din sagsbehandler.");
    let outcome = site_with(&text).check();
    let vague: Vec<_> = with_rule(&outcome, "section-without-evidence").into_iter().filter(|f| f.key == "retention").collect();
    assert_eq!(vague[0].line, line_of(&text, "{#retention}"));
    assert!(vague[0].message.contains("#retention gives no period or criterion"), "{}", vague[0].message);
    assert_eq!(with_rule(&outcome, "wp260-referral-only")[0].line, line_of(&text, "{#recipients}"));
}

#[test]
fn bad_front_matter_names_the_line_and_the_expected_key() {
    let text = GOOD_NOTICE.replace("sources = [\"subject\"]", "sources = [\"subject\"]\nlegal_bases = []");
    let outcome = site_with(&text).check();
    let found = with_rule(&outcome, "front-matter");
    assert_eq!(found[0].line, line_of(&text, "legal_bases"));
    assert!(found[0].message.contains("unknown field `legal_bases`") && found[0].message.contains("legal_basis"), "{}", found[0].message);
    let wrong_type = site_with(&GOOD_NOTICE.replace("notice = true", "notice = \"ja\"")).check();
    assert!(with_rule(&wrong_type, "front-matter")[0].message.contains("invalid type"));
}

#[test]
fn the_binary_exits_1_on_errors_and_2_on_a_broken_config() {
    let site = site_with(&GOOD_NOTICE.replace("{#complaint}", ""));
    let out = cli(&["check", "--format", "json"], site.path());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = json["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "art13-missing").unwrap();
    assert_eq!((f["file"].as_str(), f["article"].as_str()), (Some("content/n.md"), Some("13(2)(d)")));
    assert_eq!(cli(&["check", "--deny", "warnings"], site_with(GOOD_NOTICE).path()).status.code(), Some(0));
    site.write("config.toml", "base_url = 1\n");
    let out = cli(&["check"], site.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.toml:1"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn deny_warnings_turns_warnings_into_errors() {
    let site = site_with(&GOOD_NOTICE.replace("5 år efter sagens afslutning", "så længe det er nødvendigt"));
    assert_eq!(cli(&["check"], site.path()).status.code(), Some(0));
    assert_eq!(cli(&["check", "--deny", "warnings"], site.path()).status.code(), Some(1));
}
