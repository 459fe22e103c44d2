//! `privacy-site audit` on the municipality's five pages as published (the seeds,
//! copied to tests/fixtures/import/): the command's JSON, its exit code and its
//! matrix, and the verdicts a data protection officer must get from them.

mod common;

use common::{cli, repo};
use serde_json::Value;

fn audit_seeds(extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["audit", "--format", "json", "tests/fixtures/import"];
    args.extend_from_slice(extra);
    let out = cli(&args, &repo());
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), json)
}

fn page<'a>(json: &'a Value, file: &str) -> &'a Value {
    json["pages"].as_array().unwrap().iter().find(|p| p["file"].as_str().unwrap().ends_with(file)).unwrap()
}

fn status<'a>(page: &'a Value, key: &str) -> Option<&'a str> {
    page["items"].as_array().unwrap().iter().find(|i| i["key"] == key).map(|i| i["status"].as_str().unwrap())
}

#[test]
fn the_published_seeds_are_judged_as_the_dpo_needs() {
    let (code, json) = audit_seeds(&[]);
    assert_eq!(code, Some(1), "notices lack items: exit 1");
    assert_eq!(json["pages"].as_array().unwrap().len(), 5);

    // IT & Digitalisering has no controller, DPO, rights or complaint.
    let it = page(&json, "004_41b2d99d55dfacd6.txt");
    assert_eq!(it["notice"], true);
    for key in ["controller", "dpo", "rights", "complaint"] {
        assert_eq!(status(it, key), Some("missing"), "IT & Digitalisering: {key}");
    }
    // Vores Dialog's DPO section is a heading without contact details.
    let vd = page(&json, "000_3cbcaf3e45833872.txt");
    assert!(matches!(status(vd, "dpo"), Some("missing" | "unclear")), "{:?}", status(vd, "dpo"));
    assert_eq!(status(vd, "controller"), Some("met"));
    // Datasikkerhed is an information page: nothing judged as a notice.
    let ds = page(&json, "002_54e6b10dabe09815.txt");
    assert_eq!((ds["notice"].as_bool(), ds["items"].as_array().unwrap().len()), (Some(false), 0));
    // No published page says whether data leave the EU/EEA.
    for p in json["pages"].as_array().unwrap().iter().filter(|p| p["notice"] == true) {
        assert_eq!(status(p, "third-countries"), Some("missing"), "{}", p["file"]);
    }
}

#[test]
fn every_item_has_key_article_status_and_line() {
    let (_, json) = audit_seeds(&[]);
    let borgerservice = page(&json, "001_99e8a0540502ba07.txt");
    let items = borgerservice["items"].as_array().unwrap();
    assert!(items.len() >= 13, "{items:?}");
    for item in items {
        assert!(item["key"].is_string() && item["article"].as_str().unwrap().contains('('), "{item}");
        assert!(["met", "unclear", "missing"].contains(&item["status"].as_str().unwrap()), "{item}");
        if item["status"] == "met" {
            assert!(item["line"].as_u64().unwrap() > 1, "a met item names the line of its evidence: {item}");
        }
    }
    // The retention period is given on the line that names "5 år".
    let retention = items.iter().find(|i| i["key"] == "retention").unwrap();
    let text = std::fs::read_to_string(repo().join("tests/fixtures/import/001_99e8a0540502ba07.txt")).unwrap();
    let line = text.lines().nth(retention["line"].as_u64().unwrap() as usize - 1).unwrap();
    assert!(line.contains("5 år"), "{line}");
}

#[test]
fn the_matrix_is_written_and_escapes_the_pages_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.html"), "<html><body><main><h1>Privatlivspolitik &lt;script&gt;alert(1)&lt;/script&gt;</h1><p>Vi er dataansvarlige og behandler dine personoplysninger for at kunne hjælpe dig.</p></main></body></html>").unwrap();
    let matrix = dir.path().join("matrix.html");
    let out = cli(&["audit", "--matrix", matrix.to_str().unwrap(), dir.path().join("x.html").to_str().unwrap()], &repo());
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(&matrix).unwrap();
    assert!(html.contains("<table>") && html.contains("Privatlivspolitik &lt;script&gt;"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
    let human = String::from_utf8_lossy(&out.stdout);
    // No --lang: the default language of the site in the current folder (Danish).
    assert!(human.contains("privatlivspolitik (da)") && human.contains("mangler"), "{human}");
}

#[test]
fn a_path_that_is_not_there_exits_2() {
    let out = cli(&["audit", "no/such/file.txt"], &repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}

/// The status of `key` when `audit` reads `text` as a plain-text page.
fn item_in(text: &str, key: &str) -> Option<privacy_site::audit::ItemStatus> {
    let page = privacy_site::audit::audit("notice.txt".into(), text, false);
    assert!(page.notice, "read as a notice: {text}");
    page.items.iter().find(|i| i.key == key).map(|i| i.status)
}

/// A notice of `lang` around one paragraph on the legal basis.
fn notice_with(lang: &str, basis: &str) -> String {
    if lang == "da" {
        format!(
            "Privatlivspolitik\n\nForeningen er dataansvarlig for behandlingen af dine personoplysninger. Du kan kontakte os på info@example.dk.\n\nRetsgrundlag\n\n{basis}\n\nDine rettigheder\n\nDu har ret til indsigt, berigtigelse og sletning.\n"
        )
    } else {
        format!(
            "Privacy notice\n\nThe Society is the data controller for your personal data. You can contact us at info@example.org.\n\nLawful basis\n\n{basis}\n\nYour rights\n\nYou have the right of access, rectification and erasure.\n"
        )
    }
}

#[test]
fn legitimate_interests_are_met_only_where_the_interest_is_named() {
    use privacy_site::audit::ItemStatus::{Met, Missing};
    let cases = [
        ("da", "Vi behandler billeder på grundlag af vores legitime interesse i at promovere foreningens aktiviteter.", Met),
        ("da", "Når du besøger hjemmesiden, logges din IP-adresse til statistiske formål. Det sker med grundlag i artikel 6, stk. 1, litra f.", Met),
        (
            "da",
            "Vi kan behandle dine oplysninger, hvis det er nødvendigt af hensyn til en legitim interesse, og dine interesser ikke går forud herfor.",
            Missing,
        ),
        ("da", "Behandlingen sker efter vores berettigede (legitime) interesser i at behandle dine oplysninger (interesseafvejningsreglen).", Missing),
        ("da", "Retsgrundlaget er artikel 6, stk. 1, b), c) og f).", Missing),
        ("en", "We also have a legitimate interest in securing our premises and reducing complaints against our staff.", Met),
        ("en", "We may process your data because it is necessary for our legitimate interests (or those of a third party).", Missing),
        ("en", "It is in our legitimate interests (or those of a third party) provided your interests and fundamental rights do not override this.", Missing),
    ];
    for (lang, basis, want) in cases {
        assert_eq!(item_in(&notice_with(lang, basis), "legitimate-interests"), Some(want), "{basis}");
    }
}

#[test]
fn a_purpose_is_read_beside_a_persons_right_to_help_but_not_in_the_right_of_access() {
    use privacy_site::audit::ItemStatus::{Met, Missing};
    let purpose = notice_with("da", "Vi bruger dine oplysninger til at vurdere, om du har ret til hjælp efter serviceloven.");
    assert_eq!(item_in(&purpose, "purposes"), Some(Met));
    let access = notice_with("da", "Du kan bede om indsigt i, hvilke personoplysninger kommunen behandler om dig, og hvad de bruges til.");
    assert_eq!(item_in(&access, "purposes"), Some(Missing));
}

/// The site's own notices, built: a layered page (a "Kort fortalt" summary that asks
/// "Hvor kan du klage?" and links on, then the full sections) is judged by the
/// sections that give each item, and its headings are read without their permalink
/// signs.
#[test]
fn the_sites_own_layered_pages_are_judged_by_their_full_sections() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let built = cli(&["build", "--output", public.to_str().unwrap()], &repo());
    assert_eq!(built.status.code(), Some(0), "{}", String::from_utf8_lossy(&built.stderr));
    let pages: Vec<String> = ["vores-dialog", "borgerservice", "integration", "it-og-digitalisering", "en/vores-dialog", "en/integration"]
        .iter()
        .map(|p| public.join(p).join("index.html").to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["audit", "--format", "json"];
    args.extend(pages.iter().map(String::as_str));
    let json: Value = serde_json::from_slice(&cli(&args, &repo()).stdout).unwrap();
    for p in json["pages"].as_array().unwrap() {
        assert_eq!(p["notice"], true, "{}", p["file"]);
        // Every page embeds the three contact blocks in its full sections.
        for key in ["controller", "dpo", "complaint"] {
            assert_eq!(status(p, key), Some("met"), "{}: {key}", p["file"]);
        }
    }
    // Imported, the page keeps one complaint key, on the full section, and no "#".
    let site = common::TempSite::real();
    let imported = cli(&["import", &pages[0], "--slug", "layered"], site.path());
    assert_eq!(imported.status.code(), Some(0), "{}", String::from_utf8_lossy(&imported.stderr));
    let text = site.read("content/layered.md");
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with('#') && !l.starts_with("# ")).collect();
    assert!(headings.iter().all(|h| !h.contains("# {#") && !h.trim_end().ends_with('#')), "{headings:?}");
    let complaint: Vec<&&str> = headings.iter().filter(|h| h.contains("{#complaint")).collect();
    assert_eq!(complaint, [&"## Klage til Datatilsynet {#complaint}"], "{headings:?}");
}
