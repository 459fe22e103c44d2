//! One language per run (issue 12): `--lang da` gives Danish help lines and summary,
//! `--lang en` English ones, whatever language the page is written in; without
//! `--lang`, the site's default language (Danish).

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

/// Function words of each language (not shared by the other: no "at", "for", "to").
const EN_WORDS: &[&str] = &[
    "the", "and", "of", "is", "with", "or", "an", "if", "on", "in", "that", "this", "your", "you", "be", "are", "which", "does", "not", "no", "was", "has",
    "cannot", "could", "there", "found", "invalid", "try",
];
const DA_WORDS: &[&str] = &[
    "og",
    "er",
    "til",
    "af",
    "på",
    "med",
    "ikke",
    "den",
    "det",
    "som",
    "eller",
    "om",
    "hvis",
    "skriv",
    "du",
    "dig",
    "din",
    "dit",
    "afsnittet",
    "siden",
    "ingen",
    "intet",
    "angiv",
    "findes",
    "blev",
    "kunne",
    "kan",
    "der",
];

/// The words of `text` outside what quotes an editor, the site or another program:
/// "…", `…`, '…', {{ … }}, {#…}, […], paths and addresses, a contact record's own
/// note (after "notes:"/"noterer:") and the headings a readability help names.
fn own_words(text: &str) -> Vec<String> {
    let mut text = text;
    for marker in ["the record notes: ", "kontaktkortet noterer: ", "the hardest sections: ", "de sværeste afsnit: "] {
        text = text.split(marker).next().unwrap();
    }
    let quoted = r#""[^"]*"|`[^`]*`|\{\{.*?\}\}|\{#[^}]*\}|\[[^\]]*\]|(?:^|[\s(])'[^'\n]*'|(?:^|\s)[/#]\S*|https?://\S*|\S+@\S+"#;
    let stripped = regex::Regex::new(quoted).unwrap().replace_all(text, " ");
    stripped.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn foreign<'a>(text: &str, lang: &str) -> Vec<&'a str> {
    let words = own_words(text);
    let list = if lang == "da" { EN_WORDS } else { DA_WORDS };
    list.iter().copied().filter(|w| words.iter().any(|x| x == w)).collect()
}

/// The seeds as published (Danish) plus the real site (both languages) plus a page
/// with broken, unsafe, malformed and insecure links, raw HTML, an image without a
/// text and a numbering gap: a site with many rules' findings.
fn sites() -> Vec<TempSite> {
    let seeds = TempSite::seeds_as_published();
    let real = TempSite::real();
    real.write(
        "content/lenker.md",
        "+++\ntitle = \"Lenker\"\ndescription = \"d\"\nnotice = false\n+++\n\n## 1. Et\n\n[op](../../nope/) [væk](/findes-ikke/)\n\n## 3. Tre\n\nTekst.\n\n\
         [script](javascript:alert(1)) [post](mailto:ikke-en-adresse) [ring](tel:12) [usikker](http://www.lejre.dk/) [anker](#findes-ikke)\n\n\
         <div>rå HTML</div>\n\n![](/billede.png)\n\n#### For dybt\n",
    );
    // A notice edited without a [[changes]] entry, with a line still to be written.
    let notice = real.read("content/borgerservice.md");
    real.write("content/borgerservice.md", &format!("{notice}\nEt nyt afsnit.\n\nTODO: skriv, hvem der kan svare på spørgsmål\n"));
    vec![seeds, real]
}

#[test]
fn help_lines_and_summaries_come_in_the_runs_language() {
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    for site in sites() {
        for lang in ["da", "en"] {
            let out = cli(&["--lang", lang, "check", "--format", "json"], site.path());
            assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let mut wrong = Vec::new();
            for f in doc["findings"].as_array().unwrap() {
                let (rule, help) = (f["rule"].as_str().unwrap(), f["help"].as_str().unwrap());
                *rules.entry(rule.to_string()).or_default() += 1;
                let bad = foreign(help, lang);
                if !bad.is_empty() {
                    wrong.push(format!("{rule}: {help}  ({bad:?})"));
                }
            }
            wrong.sort();
            wrong.dedup();
            assert!(wrong.is_empty(), "--lang {lang}: {} help line(s) in the other language:\n{}", wrong.len(), wrong.join("\n"));
            let human = cli(&["--lang", lang, "check"], site.path());
            let text = String::from_utf8_lossy(&human.stdout);
            let last = text.lines().last().unwrap_or_default();
            let expected = if lang == "da" { " fejl, " } else { " error(s), " };
            assert!(last.contains(expected), "--lang {lang} summary: {last}");
            assert_eq!(text.contains("= hjælp:"), lang == "da" && text.contains("= "), "--lang {lang}: help label");
        }
    }
    let names: BTreeSet<&String> = rules.keys().collect();
    eprintln!("rules seen on the fixtures: {names:?}");
    assert!(rules.len() >= 12, "the fixtures show at least 12 rules, saw {names:?}");
}

#[test]
fn messages_of_the_common_rules_come_in_danish() {
    const COMMON: &[&str] = &[
        "art13-missing",
        "fact-undeclared",
        "lix-high",
        "sentence-long",
        "heading-numbering-gap",
        "link-insecure",
        "link-broken",
        "contact-hand-typed",
        "contact-drift",
        "waiver",
        "link-unsafe",
        "raw-html-dropped",
        "anchor-missing",
        "mailto-invalid",
        "tel-invalid",
        "html-heading-skip",
        "change-unrecorded",
        "placeholder",
    ];
    let mut seen = BTreeSet::new();
    for site in sites() {
        let out = cli(&["--lang", "da", "check", "--format", "json"], site.path());
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for f in doc["findings"].as_array().unwrap() {
            let (rule, message) = (f["rule"].as_str().unwrap(), f["message"].as_str().unwrap());
            if COMMON.contains(&rule) {
                seen.insert(rule.to_string());
                // A waiver's reason is the editor's text, in the page's language.
                let own = message.split(": ").next().unwrap_or(message);
                let text = if rule == "waiver" { own } else { message };
                assert!(foreign(text, "da").is_empty(), "{rule}: {message} ({:?})", foreign(text, "da"));
            }
        }
    }
    assert_eq!(seen.len(), COMMON.len(), "every common rule was seen: {seen:?}");
}

#[test]
fn the_default_is_the_sites_default_language() {
    let site = TempSite::real();
    let plain = cli(&["check"], site.path());
    let da = cli(&["--lang", "da", "check"], site.path());
    assert_eq!(plain.stdout, da.stdout, "no --lang: the site's default language, Danish");
    let en = cli(&["check", "--lang", "en"], site.path());
    assert_ne!(en.stdout, da.stdout);
    assert_eq!(cli(&["--lang", "fr", "check"], site.path()).status.code(), Some(2), "an unknown language is a usage error");
}

/// `lang`'s own function words found in `text` (so that a test of the other
/// language's absence cannot pass on empty or untranslated output).
fn own<'a>(text: &str, lang: &str) -> Vec<&'a str> {
    let words = own_words(text);
    let list = if lang == "da" { DA_WORDS } else { EN_WORDS };
    list.iter().copied().filter(|w| words.iter().any(|x| x == w)).collect()
}

/// What an editor wrote inside a finding, cut off: a waiver's reason, a contact
/// record's "also seen" and note, the text a placeholder line asks for.
fn without_editor_text(rule: &str, text: &str) -> String {
    let cut = regex::Regex::new(r"(?:until|indtil) \d{4}-\d{2}-\d{2}: .*|\((?:also seen|også set): .*").unwrap();
    let text = cut.replace_all(text, "").into_owned();
    // The ids a help line lists (units, contacts, roles) are the records' own.
    let ids = regex::Regex::new(r"(use one of|brug en af): [a-z0-9_-]+(?:, [a-z0-9_-]+)*").unwrap();
    let text = ids.replace_all(&text, "$1").into_owned();
    match rule {
        "placeholder" => text.split(": ").next().unwrap_or_default().to_string(),
        _ => text,
    }
}

/// A site from one of the `tests/fixtures/translation-*` folders, beside the real
/// templates and Sass.
fn fixture(name: &str) -> TempSite {
    let site = TempSite { dir: tempfile::tempdir().unwrap() };
    copy_dir(&repo().join("templates"), &site.path().join("templates"));
    copy_dir(&repo().join("sass"), &site.path().join("sass"));
    let from = repo().join("tests/fixtures").join(name);
    std::fs::copy(from.join("config.toml"), site.path().join("config.toml")).unwrap();
    copy_dir(&from.join("content"), &site.path().join("content"));
    site
}

/// Every translation fixture, the stale one made stale (reviewed, then its Danish
/// page changed).
fn translation_sites() -> Vec<TempSite> {
    let sites: Vec<TempSite> =
        ["translation-facts", "translation-missing", "translation-sections", "translation-stale", "translation-ui"].into_iter().map(fixture).collect();
    let stale = &sites[3];
    assert_eq!(cli(&["translated", "--all"], stale.path()).status.code(), Some(0));
    let source = stale.read("content/sag.md");
    stale.write("content/sag.md", &format!("{source}\nEn ny sætning til sidst.\n"));
    // A Danish text under an English file name.
    let missing = &sites[1];
    missing.write("content/sprog.en.md", GOOD_NOTICE);
    sites
}

/// A Danish site whose pages break the contact, template, markup, front-matter,
/// waiver, legal-basis and WP260 rules, one page per kind of problem.
fn broken_site() -> TempSite {
    let site = TempSite::danish();
    let automated = "## Automatiske afgørelser {#automated-decisions}\n\nVi træffer ingen automatiske afgørelser.\n";
    let waive = |key: &str, reason: &str, until: &str| format!("[waivers.{key}]\nreason = \"{reason}\"\nuntil = {until}\n");
    site.write(
        "content/kontakter.md",
        &GOOD_NOTICE
            .replace("{{ contact(id=\"dpo\") }}", "{{ kontakt(id=\"dpo\") }}")
            .replace("{{ contact(id=\"controller\") }}", "{{ contact(id=\"borgmester\") }}")
            .replace("{{ contact(id=\"datatilsynet\") }}", "{{ contact(id=\"controller\", unit=\"kantine\") }}")
            .replace("[\"6.1.e\"]", "[\"6.1.e\", \"6.1.f\"]")
            .replace("litra e.", "litra e og f. Vi behandler også helbredsoplysninger.")
            .replace("Vi sletter oplysningerne 5 år efter sagens afslutning.", "Vi opbevarer oplysningerne, så længe det er nødvendigt.")
            .replace("Vi videregiver ikke oplysningerne, og vi overfører dem ikke til lande uden for EU/EØS.", "Kontakt din sagsbehandler."),
    );
    let front_end = "+++\n\nIndledning";
    let waivers =
        format!("{}{}{}{front_end}", waive("automated-decisions", " ", "2099-01-01"), waive("recipients", "x", "2099-01-01"), waive("nope", "x", "2099-01-01"));
    site.write("content/undtagelser.md", &GOOD_NOTICE.replace(automated, "").replace(front_end, &waivers));
    let expired = format!("{}{front_end}", waive("automated-decisions", "Afventer.", "2020-01-01"));
    site.write("content/udloebet.md", &GOOD_NOTICE.replace(automated, "").replace(front_end, &expired));
    let undated = format!("[waivers.automated-decisions]\nreason = \"Afventer.\"\n{front_end}");
    site.write("content/udateret.md", &GOOD_NOTICE.replace(automated, "").replace(front_end, &undated));
    site.write("content/skabelon.md", &GOOD_NOTICE.replace("notice = true", "notice = true\ntemplate = \"nope.html\""));
    site.write("content/skjult.md", &GOOD_NOTICE.replace("notice = true", "notice = true\ntemplate = \"404.html\""));
    site.write(
        "content/opmaerkning.md",
        &GOOD_NOTICE.replace("## Modtagere {#recipients}", "## Modtagere {#recipients nøgle}").replace("Indledning.", "Indledning.\n\n```\nkode uden slut"),
    );
    site.write("content/felt.md", &GOOD_NOTICE.replace("notice = true", "notice = true\nweigth = 3"));
    site.write("content/kode.md", &GOOD_NOTICE.replace("[\"6.1.e\"]", "[\"6.1.g\"]"));
    site.write("content/uden.md", &GOOD_NOTICE.replace("legal_basis = [\"6.1.e\"]", "legal_basis = []"));
    site.write("content/uerklaeret.md", &GOOD_NOTICE.replace("legal_basis = [\"6.1.e\"]\n", ""));
    site.write("content/side.fr.md", "+++\ntitle = \"Page\"\n+++\n\nTexte.\n");
    site.write("content/ingen-front.md", "Bare tekst.\n");
    site.write(
        "content/kontakt/chef.md",
        "+++\ntitle = \"Chef\"\n\n[contact]\nid = \"dpo\"\nrole = \"boss\"\nname = \"Chef\"\nemail = \"chef@lejre.dk\"\n+++\n\nTekst.\n",
    );
    site
}

/// Checks every finding of `site` in `lang` (JSON, the human report's text is the
/// same): no function word of the other language in a message or help line outside
/// what an editor wrote, and the exit code the same in both languages. Returns the
/// rules seen.
fn findings_in(site: &Path, lang: &str, extra: &[&str]) -> BTreeSet<String> {
    let args = [&["--lang", lang, "check", "--format", "json"][..], extra].concat();
    let out = cli(&args, site);
    let other = if lang == "da" { "en" } else { "da" };
    let other_out = cli(&[&["--lang", other, "check", "--format", "json"][..], extra].concat(), site);
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), other_out.status.code(), "the exit code does not depend on the language");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut wrong = Vec::new();
    let mut rules = BTreeSet::new();
    for f in doc["findings"].as_array().unwrap() {
        let rule = f["rule"].as_str().unwrap();
        rules.insert(rule.to_string());
        for field in ["message", "help"] {
            let text = f[field].as_str().unwrap();
            let bad = foreign(&without_editor_text(rule, text), lang);
            if !bad.is_empty() {
                wrong.push(format!("{rule} {field}: {text}  ({bad:?})"));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "--lang {lang}: {} text(s) in the other language:\n{}", wrong.len(), wrong.join("\n"));
    rules
}

#[test]
fn findings_of_every_rule_come_in_the_runs_language() {
    let mut sites = sites();
    sites.extend(translation_sites());
    sites.push(broken_site());
    let mut seen = BTreeSet::new();
    for site in &sites {
        for lang in ["da", "en"] {
            seen.extend(findings_in(site.path(), lang, &[]));
        }
    }
    for rule in [
        "translation-missing",
        "translation-orphan",
        "translation-sections",
        "translation-facts",
        "translation-unreviewed",
        "translation-stale",
        "ui-string-missing",
        "contact-hand-typed",
        "contact-drift",
        "contact-to-confirm",
        "contact-unknown",
        "contact-unit-unknown",
        "contact-role",
        "contact-duplicate",
        "shortcode-unknown",
        "template-unknown",
        "template-hides-content",
        "markup",
        "front-matter",
        "legal-basis-unknown",
        "legal-basis-none",
        "language-unknown",
        "language-mismatch",
        "waiver",
        "waiver-unknown-key",
        "waiver-unneeded",
        "waiver-no-reason",
        "waiver-no-until",
        "waiver-expired",
        "wp260-referral-only",
        "wp260-public-authority-6-1-f",
        "special-category-without-basis",
        "section-without-evidence",
    ] {
        assert!(seen.contains(rule), "the fixtures show {rule}: {seen:?}");
    }
}

/// A loopback web server (no network here): `/gone` 404, `/busy` 503, `/slow`
/// answers after 3 s, anything else 200.
fn link_server() -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let base = format!("http://{}", server.server_addr().to_ip().unwrap());
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            std::thread::spawn(move || {
                let response = match request.url() {
                    "/gone" => tiny_http::Response::from_string("gone").with_status_code(404),
                    "/busy" => tiny_http::Response::from_string("busy").with_status_code(503),
                    "/slow" => {
                        std::thread::sleep(Duration::from_secs(3));
                        tiny_http::Response::from_string("late")
                    }
                    _ => tiny_http::Response::from_string("ok"),
                };
                let _ = request.respond(response);
            });
        }
    });
    base
}

#[test]
fn external_link_findings_and_summaries_come_in_the_runs_language() {
    let base = link_server();
    let site = TempSite::danish();
    let links = format!("Se [væk]({base}/gone), [travl]({base}/busy), [langsom]({base}/slow) og [god]({base}/ok).");
    site.write("content/n.md", &GOOD_NOTICE.replace("Indledning.", &links));
    site.write("content/m.md", &GOOD_NOTICE.replace("Indledning.", &format!("Se også [væk]({base}/gone).")));
    let external = ["--external", "--external-timeout", "1", "--external-cache", "none.json", "--external-max-age", "0"];
    for lang in ["da", "en"] {
        let rules = findings_in(site.path(), lang, &external);
        for rule in ["external-link-broken", "external-link-unverified", "external-link-unreachable"] {
            assert!(rules.contains(rule), "--lang {lang}: {rule} in {rules:?}");
        }
        // The summary on stderr and the human report.
        let out = cli(&[&["--lang", lang, "check"][..], &external].concat(), site.path());
        assert_eq!(out.status.code(), Some(1), "a page that is gone is an error");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(foreign(&err, lang).is_empty() && !own(&err, lang).is_empty(), "--lang {lang}: {err}");
        // The list of links (no network).
        let listed = cli(&["--lang", lang, "check", "--list-external"], site.path());
        assert_eq!(listed.status.code(), Some(0));
        let last = String::from_utf8_lossy(&listed.stdout).lines().last().unwrap_or_default().to_string();
        assert!(last.contains("privacy-site check --external") && foreign(&last, lang).is_empty(), "--lang {lang}: {last}");
    }
    // What the catalogue says for the forms a loopback server cannot produce.
    for (rule, en) in [
        ("external-link-invalid", "the link `https:///x` on /n/ and 2 more pages is not a valid address: no host"),
        ("external-link-invalid", "write the full address, e.g. https://www.datatilsynet.dk/"),
        ("external-link-unreachable", "the link `https://x.dk/` on /n/ and 1 more pages could not be reached: host not found"),
    ] {
        let da = privacy_site::messages::translate(rule, en, "da");
        assert!(foreign(&da, "da").is_empty() && !own(&da, "da").is_empty(), "{en} -> {da}");
        assert_eq!(privacy_site::messages::translate(rule, en, "en"), en);
    }
}

/// Runs `args` with `--lang` `lang` in `cwd`: exit code 2, and an `error:` line on
/// stderr with no function word of the other language (and some of its own).
fn usage_error(args: &[&str], cwd: &Path, lang: &str) {
    let out = cli(&[&["--lang", lang][..], args].concat(), cwd);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.starts_with("error: "), "{args:?}: {err}");
    let bad = foreign(&err, lang);
    assert!(bad.is_empty() && !own(&err, lang).is_empty(), "--lang {lang} {args:?}: {err} ({bad:?})");
}

#[test]
fn usage_errors_come_in_the_runs_language() {
    let site = TempSite::real();
    let empty = tempfile::tempdir().unwrap();
    let seed = repo().join("tests/fixtures/import/000_3cbcaf3e45833872.txt");
    let seed = seed.to_str().unwrap();
    site.write("tom.txt", "");
    for lang in ["da", "en"] {
        for args in [
            &["new", "../x", "--title", "T"][..],
            &["new", "en", "--title", "T"],
            &["new", "vores-dialog", "--title", "T"],
            &["new", "parkering", "--title", "T", "--basis", "6.1.g"],
            &["new", "parkering", "--title", "T", "--sources", "nogen"],
            &["new", "parkering"],
            &["import", seed, "--slug", "../../x"],
            &["import", seed, "--slug", "vores-dialog"],
            &["import", "findes-ikke.txt"],
            &["import", "tom.txt"],
            &["build", "--base-url", "ftp://x"],
            &["build", "--output", "content"],
            &["build", "--deny", "alt"],
            &["check", "--format", "nope"],
            &["check", "--matrix", "m.txt"],
            &["check", "--bogus"],
            &["chek"],
            &["translated", "content/vores-dialog.md"],
            &["translated", "nope.en.md"],
            &["audit", "findes/ikke.txt"],
        ] {
            usage_error(args, site.path(), lang);
        }
        for args in [&["check"][..], &["build"], &["new", "Parkering", "--title", "T"], &["translated", "--all"], &["serve", "--port", "0"]] {
            usage_error(args, empty.path(), lang);
        }
    }
    // Nothing was written by the refused runs.
    assert!(!site.path().join("content/parkering.md").exists() && !site.path().join("public").exists());
}

/// What an editor wrote in a verb's human output: the title and headings the import
/// report names, a page's title in the matrix text and in audit, a waiver's reason,
/// the section keys `translated` lists.
fn without_editor_lines(text: &str) -> String {
    let editor = regex::Regex::new(
        r"(?m)^(?:title|titel): .*$|#+ .*? -> |(?:keyed section\(s\)|afsnit med nøgle): .*\)$|^\S.* \(content/\S+\)$|(?:until|indtil) \d{4}-\d{2}-\d{2}: .*$|(?:privacy notice|privatlivspolitik) \(.*\)$",
    )
    .unwrap();
    editor.replace_all(text, " ").into_owned()
}

/// Checks `text` for the other language's function words outside what an editor
/// wrote, and for some of its own.
fn in_lang(what: &str, text: &str, lang: &str) {
    let checked = without_editor_lines(text);
    let bad = foreign(&checked, lang);
    assert!(bad.is_empty() && !own(&checked, lang).is_empty(), "--lang {lang} {what}: {bad:?}\n{text}");
}

/// The human output of a run (stdout and stderr), checked by [`in_lang`].
fn human(args: &[&str], cwd: &Path, lang: &str, code: i32) -> String {
    let out = cli(&[&["--lang", lang][..], args].concat(), cwd);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(code), "{args:?}: {text}");
    in_lang(&format!("{args:?}"), &text, lang);
    text
}

#[test]
fn audit_import_new_translated_and_summaries_print_in_the_runs_language() {
    let seeds = repo().join("tests/fixtures/import");
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    for lang in ["da", "en"] {
        let site = TempSite::real();
        let build = human(&["build"], site.path(), lang, 0);
        assert!(build.contains(if lang == "da" { "Byggede 18 sider" } else { "Built 18 pages" }), "{build}");
        // The matrix as text, after the JSON report.
        let out = cli(&["--lang", lang, "check", "--format", "json", "--matrix-text"], site.path());
        let stdout = String::from_utf8_lossy(&out.stdout);
        let (_, matrix) = stdout.split_once("\n}\n").unwrap();
        assert!(matrix.contains("controller"), "{matrix}");
        in_lang("check --matrix-text", matrix, lang);

        let audit = human(&["audit", seeds.to_str().unwrap()], site.path(), lang, 1);
        assert!(audit.lines().count() > 10, "{audit}");
        let matrix = site.path().join("audit.html");
        human(&["audit", "--matrix", matrix.to_str().unwrap(), seeds.join("004_41b2d99d55dfacd6.txt").to_str().unwrap()], site.path(), lang, 1);
        let html = std::fs::read_to_string(&matrix).unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
        let body = html.split("</style>").last().unwrap();
        in_lang("audit --matrix", &tags.replace_all(body, " "), lang);

        for file in ["000_3cbcaf3e45833872.txt", "003_1fb0ed7121e4d123.txt", "002_54e6b10dabe09815.txt"] {
            let slug = format!("s{}", file.split('_').next().unwrap());
            human(&["import", seeds.join(file).to_str().unwrap(), "--slug", &slug], site.path(), lang, 0);
        }
        let new = human(&["new", "parkering", "--title", "Parkering"], site.path(), lang, 0);
        assert!(new.contains("content/parkering.en.md"), "{new}");
        human(&["translated", "--all"], site.path(), lang, 0);
        human(&["translated", "content/parkering.en.md"], site.path(), lang, 0);
    }
}

#[test]
fn serve_prints_and_shows_its_overlay_in_the_runs_language() {
    use std::io::{BufRead, BufReader, Read, Write};
    let site = site_with(&GOOD_NOTICE.replace("{{ contact(id=\"dpo\") }}", "{{ contact(id=\"borgmester\") }}"));
    for lang in ["da", "en"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_privacy-site"))
            .args(["--lang", lang, "serve", "--port", "0"])
            .current_dir(site.path())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // The first build's summary and how long it took, on stderr.
        let mut log = Vec::new();
        for line in BufReader::new(child.stderr.take().unwrap()).lines() {
            let line = line.unwrap();
            let done = line.starts_with("built ") || line.starts_with("byggede ");
            if done || line.contains(" page(s)") || line.contains(" side(r)") || line.starts_with('`') {
                log.push(line);
            }
            if done {
                break;
            }
        }
        // Where it serves, on stdout.
        let mut serving = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut serving).unwrap();
        let addr = serving.split_whitespace().find_map(|w| w.strip_prefix("http://")).unwrap().trim_end_matches('/').to_string();
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        write!(stream, "GET /__privacy_site/errors.json HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let _ = child.kill();
        let _ = child.wait();
        let text = format!("{}\n{serving}", log.join("\n"));
        assert!(log.len() >= 2 && foreign(&text, lang).is_empty() && !own(&text, lang).is_empty(), "--lang {lang}: {text}");
        let state: serde_json::Value = serde_json::from_str(response.split_once("\r\n\r\n").unwrap().1).unwrap();
        let errors = state["errors"].as_array().unwrap();
        assert!(errors.iter().any(|e| e["rule"] == "contact-unknown"), "{state}");
        let mut shown: Vec<String> = state["words"].as_object().unwrap().values().map(|v| v.as_str().unwrap().to_string()).collect();
        shown.extend(errors.iter().flat_map(|e| [e["message"].as_str().unwrap().to_string(), e["help"].as_str().unwrap().to_string()]));
        let shown = shown.join("\n");
        assert!(foreign(&shown, lang).is_empty() && !own(&shown, lang).is_empty(), "--lang {lang}: {shown}");
    }
}
