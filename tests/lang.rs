//! One language per run (issue 12): `--lang da` gives Danish help lines and summary,
//! `--lang en` English ones, whatever language the page is written in; without
//! `--lang`, the site's default language (Danish).

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};

/// Function words of each language (not shared by the other: no "at", "for", "to").
const EN_WORDS: &[&str] = &["the", "and", "of", "is", "with", "or", "an", "if", "on", "in", "that", "this", "your", "you", "be", "are", "which", "does"];
const DA_WORDS: &[&str] =
    &["og", "er", "til", "af", "på", "med", "ikke", "den", "det", "som", "eller", "om", "hvis", "skriv", "du", "dig", "din", "dit", "afsnittet", "siden"];

/// The words of `text` outside what quotes an editor or the site: "…", `…`,
/// {{ … }}, {#…}, and a contact record's own note (after "notes:"/"noterer:").
fn own_words(text: &str) -> Vec<String> {
    let text = text.split("the record notes: ").next().unwrap().split("kontaktkortet noterer: ").next().unwrap();
    let stripped = regex::Regex::new(r#""[^"]*"|`[^`]*`|\{\{.*?\}\}|\{#[^}]*\}|\[[^\]]*\]"#).unwrap().replace_all(text, " ");
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
