//! Careless and hostile input (issue 13): unsafe URLs in contact records, templates
//! and config; control characters in reports; bad encodings, BOMs and CRLF; an
//! unclosed code fence; a missing stylesheet; a notice on a template that hides
//! its sections; an empty import.

mod common;

use common::{cli, describe, line_of, site_with, with_rule, TempSite, GOOD_NOTICE};
use privacy_site::import::{self, ImportOptions};
use privacy_site::{Finding, Severity};
use std::path::Path;

const DATATILSYNET: &str = "content/kontakt/datatilsynet.md";
const WEB: &str = "web = \"https://www.datatilsynet.dk\"";

/// Every file under `dir`, recursively, as (path, bytes).
fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

fn text(out: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn a_contact_web_address_in_every_unsafe_spelling_is_one_error_at_its_line() {
    // TOML spellings of the value: a leading space, a tab inside the scheme, a
    // leading control character, and the other refused kinds.
    for value in [
        " javascript:alert(1)",
        "java\\tscript:alert(1)",
        "\\u0001javascript:alert(1)",
        "javascript:alert(1)\\n",
        "JavaScript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "//evil.example/",
        "gopher://x.example/",
    ] {
        let site = TempSite::real();
        let record = site.read(DATATILSYNET);
        site.write(DATATILSYNET, &record.replace(WEB, &format!("web = \"{value}\"")));
        let outcome = site.check();
        let unsafe_links = with_rule(&outcome, "link-unsafe");
        assert_eq!(unsafe_links.len(), 1, "{value}: one error, not one per page that embeds the record:\n{}", describe(&unsafe_links));
        let f = unsafe_links[0];
        assert_eq!((f.file.to_str(), f.line, f.severity), (Some(DATATILSYNET), line_of(&record, "web ="), Severity::Error), "{value}");
        assert!(f.message.contains("web address") && f.message.contains("datatilsynet"), "{}", f.message);
        assert!(!f.message.contains(['\t', '\u{1}']), "control characters are shown escaped: {:?}", f.message);
    }
}

#[test]
fn a_build_with_a_script_url_in_a_contact_record_writes_nothing() {
    let site = TempSite::real();
    site.write(DATATILSYNET, &site.read(DATATILSYNET).replace(WEB, "web = \" javascript:alert(1)\""));
    let out_dir = tempfile::tempdir().unwrap();
    let public = out_dir.path().join("public");
    let out = cli(&["build", "--root", &site.path().to_string_lossy(), "--output", &public.to_string_lossy()], site.path());
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("content/kontakt/datatilsynet.md:13"), "{}", text(&out));
    let leaked: Vec<_> =
        files(out_dir.path()).into_iter().filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("javascript:")).map(|(p, _)| p).collect();
    assert!(leaked.is_empty(), "written with the script URL: {leaked:?}");
}

#[test]
fn unsafe_links_in_templates_and_config_are_errors_at_their_lines() {
    let site = TempSite::real();
    let footer = site.read("templates/partials/footer.html");
    let footer = format!("{footer}<a href=\" javascript:alert(1)\">a</a>\n<a href=\"java\tscript:alert(2)\">b</a>\n<a href=\"/ok/#x\">c</a>\n");
    site.write("templates/partials/footer.html", &footer);
    let config = site
        .read("config.toml")
        .replace("accessibility_statement_url = \"https://www.was.digst.dk/lejre-dk\"", "accessibility_statement_url = \"data:text/html,hi\"");
    site.write("config.toml", &config);
    let outcome = site.check();
    let found: std::collections::BTreeSet<(String, usize)> =
        with_rule(&outcome, "link-unsafe").iter().map(|f| (f.file.to_string_lossy().into_owned(), f.line)).collect();
    let expected: std::collections::BTreeSet<(String, usize)> = [
        ("templates/partials/footer.html".to_string(), line_of(&footer, "alert(1)")),
        ("templates/partials/footer.html".to_string(), line_of(&footer, "alert(2)")),
        ("config.toml".to_string(), line_of(&config, "data:text/html")),
    ]
    .into_iter()
    .collect();
    assert_eq!(found, expected, "{}", describe(&with_rule(&outcome, "link-unsafe")));
}

#[test]
fn unsafe_links_and_raw_html_in_content_are_reported_at_their_lines() {
    let page = GOOD_NOTICE.replace("Indledning.", "Indledning [a](javascript:alert(1)) og [b](foo:bar).\n\n<script>alert(1)</script>");
    let site = site_with(&page);
    let outcome = site.check();
    let line = line_of(&page, "Indledning");
    let links: Vec<_> = with_rule(&outcome, "link-unsafe").iter().map(|f| (f.file.to_string_lossy().into_owned(), f.line)).collect();
    assert_eq!(links, [("content/n.md".to_string(), line), ("content/n.md".to_string(), line)]);
    let html = with_rule(&outcome, "raw-html-dropped");
    assert_eq!(html.len(), 1);
    assert_eq!(html[0].line, line_of(&page, "<script>"));
}

/// A notice whose findings quote control characters: a heading attribute and a
/// legal-basis code that hold ESC, NUL, BEL, VT and a bidi override.
fn site_with_control_characters() -> TempSite {
    let page = GOOD_NOTICE
        .replace("legal_basis = [\"6.1.e\"]", "legal_basis = [\"6.1.e\", \"x\\u0000y\\u001b[31mred\\u000b\\u0007\\u202e\"]")
        .replace("## Modtagere {#recipients}", "## Modtagere {#recipients \u{1b}[2Jbad\u{7}}");
    site_with(&page)
}

#[test]
fn the_junit_report_is_well_formed_xml_whatever_the_content_holds() {
    let site = site_with_control_characters();
    let out = cli(&["check", "--root", &site.path().to_string_lossy(), "--format", "junit"], site.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let xml = String::from_utf8(out.stdout).expect("UTF-8");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("invalid XML ({e}):\n{xml}"));
    let failures: Vec<String> = doc.descendants().filter(|n| n.has_tag_name("failure")).filter_map(|n| n.attribute("message").map(str::to_string)).collect();
    let basis = failures.iter().find(|m| m.contains("ukendt kode for retsgrundlag")).unwrap_or_else(|| panic!("{failures:?}"));
    assert!(basis.contains("x\\u{0}y\\u{1b}[31mred\\u{b}\\u{7}\\u{202e}"), "{basis}");
    assert!(failures.iter().any(|m| m.contains("\\u{1b}[2Jbad\\u{7}")), "{failures:?}");
}

#[test]
fn human_and_github_reports_never_print_control_characters_raw() {
    let site = site_with_control_characters();
    for format in ["human", "github", "json"] {
        let out = cli(&["check", "--root", &site.path().to_string_lossy(), "--format", format], site.path());
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        let stdout = String::from_utf8(out.stdout).expect("UTF-8");
        let raw: Vec<char> = stdout.chars().filter(|c| (c.is_control() && *c != '\n') || *c == '\u{202e}').collect();
        assert!(raw.is_empty(), "{format} prints {raw:?}");
        assert!(stdout.contains("x\\u{0}y\\u{1b}[31mred") || stdout.contains("x\\u0000y\\u001b[31mred"), "{format}:\n{stdout}");
        if format == "json" {
            let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
            let messages: Vec<&str> = json["findings"].as_array().unwrap().iter().filter_map(|f| f["message"].as_str()).collect();
            assert!(messages.iter().any(|m| m.contains("x\u{0}y\u{1b}[31mred\u{b}\u{7}\u{202e}")), "JSON keeps the text: {messages:?}");
        }
    }
}

#[test]
fn invalid_utf8_names_the_file_and_the_line_of_the_first_bad_byte() {
    let site = TempSite::danish();
    let mut bytes = GOOD_NOTICE.as_bytes().to_vec();
    let at = GOOD_NOTICE.find("Indledning").unwrap() + 3;
    bytes[at] = 0xff;
    std::fs::write(site.path().join("content/n.md"), &bytes).unwrap();
    let out = cli(&["check", "--root", &site.path().to_string_lossy()], site.path());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let line = line_of(GOOD_NOTICE, "Indledning");
    assert!(text(&out).contains(&format!("n.md:{line}:4: kunne ikke læse filen: den er ikke gyldig UTF-8")), "{}", text(&out));
}

#[test]
fn a_bom_and_crlf_line_endings_change_no_finding_and_stale_no_translation() {
    let site = TempSite::real();
    let before = site.check().findings;
    for page in ["content/vores-dialog.md", "content/vores-dialog.en.md", "content/kontakt/datatilsynet.md"] {
        let crlf = format!("\u{feff}{}", site.read(page).replace('\n', "\r\n"));
        site.write(page, &crlf);
    }
    let after = site.check().findings;
    let stale: Vec<&Finding> = after.iter().filter(|f| f.rule.starts_with("translation")).collect();
    assert!(stale.iter().all(|f| before.contains(f)), "{}", describe(&stale));
    assert_eq!(before, after, "the same findings at the same lines");
}

#[test]
fn an_unclosed_code_fence_is_one_error_at_its_line() {
    let page = GOOD_NOTICE.replace("Indledning.", "Indledning.\n\n```\nkode uden slut");
    let site = site_with(&page);
    let outcome = site.check();
    let errors: Vec<&Finding> = outcome.findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{}", describe(&errors));
    assert_eq!((errors[0].rule, errors[0].line), ("markup", line_of(&page, "```")));
    assert!(errors[0].message.contains("code fence opened here is never closed"), "{}", errors[0].message);
}

#[test]
fn a_missing_stylesheet_stops_the_build() {
    let site = TempSite::real();
    site.write("config.toml", &site.read("config.toml").replace("stylesheet = \"style.scss\"", "stylesheet = \"stil.scss\""));
    let out_dir = tempfile::tempdir().unwrap();
    let public = out_dir.path().join("public");
    let out = cli(&["build", "--root", &site.path().to_string_lossy(), "--output", &public.to_string_lossy()], site.path());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("sass/stil.scss") && text(&out).contains("no such file"), "{}", text(&out));
    assert!(!public.exists(), "nothing written");
}

/// The template finding `check` reports for page `file` of `site`.
fn template_finding(site: &TempSite, file: &str) -> Option<Finding> {
    let outcome = site.check();
    let mut found = outcome.findings.into_iter().filter(|f| f.rule.starts_with("template-") && f.file == Path::new(file));
    let finding = found.next();
    assert!(found.next().is_none(), "one template finding");
    finding
}

#[test]
fn a_notice_on_a_template_that_hides_its_content_is_an_error() {
    let page = GOOD_NOTICE.replace("notice = true", "notice = true\ntemplate = \"404.html\"");
    let site = site_with(&page);
    let f = template_finding(&site, "content/n.md").expect("a finding");
    assert_eq!((f.rule, f.severity, f.line), ("template-hides-content", Severity::Error, line_of(&page, "template =")));
    assert!(f.message.contains("404.html"), "{}", f.message);

    site.write("content/n.md", &GOOD_NOTICE.replace("notice = true", "notice = true\ntemplate = \"page.html\""));
    assert_eq!(template_finding(&site, "content/n.md"), None, "page.html shows the content");
    site.write("content/n.md", &GOOD_NOTICE.replace("notice = true", "notice = true\ntemplate = \"nope.html\""));
    assert_eq!(template_finding(&site, "content/n.md").map(|f| f.rule), Some("template-unknown"));
    site.write("content/n.md", GOOD_NOTICE);
    assert_eq!(template_finding(&site, "content/n.md"), None);
}

#[test]
fn importing_an_empty_or_untitled_page_is_refused() {
    let opts = |html| ImportOptions { lang: "da".into(), date: "2026-11-25".into(), html: Some(html) };
    for (source, html, says) in [
        ("", false, "the file is empty"),
        ("  \n\t\r\n \n", false, "the file is empty"),
        ("\u{feff}", false, "the file is empty"),
        ("<html><head><title> </title></head><body><p>Tekst uden overskrift.</p></body></html>", true, "no title found"),
    ] {
        let err = import::try_import(Path::new("side.txt"), source, &opts(html), None).err().unwrap_or_else(|| panic!("{source:?} was imported"));
        assert!(matches!(err, privacy_site::Error::Usage(_)), "exit code 2: {err:?}");
        assert!(err.to_string().contains("side.txt") && err.to_string().contains(says), "{err}");
    }
    let ok = import::try_import(Path::new("side.txt"), "Privatlivspolitik\n\nVi behandler dine oplysninger.\n", &opts(false), None).unwrap();
    assert_eq!(ok.report.title, "Privatlivspolitik");
}

#[test]
fn the_import_command_exits_2_on_an_empty_file() {
    let site = TempSite::danish();
    site.write("tom.txt", " \n");
    let out = cli(&["import", "tom.txt", "--root", "."], site.path());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(!site.path().join("content/.md").exists());
    assert!(std::fs::read_dir(site.path().join("content")).unwrap().flatten().all(|e| e.file_name() != ".md"));
}
