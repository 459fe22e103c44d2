//! Issue 14, for residents: the first layer ("Kort fortalt" / "In brief"), readability
//! (LIX), the change history and its Atom feeds, disputed contact details shown where
//! they are shown, and each notice as TILT JSON. Most tests read one build of the real
//! site.

mod common;
use common::*;
use privacy_site::readability::{self, Counts};
use privacy_site::Site;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const NOTICES: [&str; 4] = ["vores-dialog", "borgerservice", "integration", "it-og-digitalisering"];

/// The real site, built once into a temporary folder.
fn public() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, public) = BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let public = dir.path().join("public");
        let out = cli(&["build", "--output", &public.to_string_lossy()], &repo());
        assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (dir, public)
    });
    public
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The output page of a notice in a language.
fn page_path(slug: &str, lang: &str) -> String {
    if lang == "da" {
        format!("{slug}/index.html")
    } else {
        format!("{lang}/{slug}/index.html")
    }
}

/// The HTML from `start` to the end of the element it opens (`</tag>`).
fn element<'a>(html: &'a str, start: &str, tag: &str) -> &'a str {
    let at = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let end = html[at..].find(&format!("</{tag}>")).unwrap() + at + tag.len() + 3;
    &html[at..end]
}

/// The texts of the headings, paragraphs and list items in `html`, as a reader sees them.
fn texts(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r"(?s)<(h2|h3|p|li)\b[^>]*>(.*?)</(?:h2|h3|p|li)>").unwrap();
    let tags = regex::Regex::new(r"<[^>]+>").unwrap();
    re.captures_iter(html).map(|c| privacy_site::text::decode_entities(&tags.replace_all(&c[2], "")).trim().to_string()).collect()
}

/// Every `id="…"` in a page.
fn ids(html: &str) -> Vec<String> {
    regex::Regex::new(r#"\bid="([^"]+)""#).unwrap().captures_iter(html).map(|c| c[1].to_string()).collect()
}

#[test]
fn the_first_layer_is_on_every_real_notice_before_the_contents_easy_to_read_and_linked() {
    let codes = regex::Regex::new(r"\b(6\.1\.|9\.2\.|dbl-)").unwrap();
    let anchors = regex::Regex::new(r##"href="#([^"]+)""##).unwrap();
    for slug in NOTICES {
        for lang in ["da", "en"] {
            let html = read(&page_path(slug, lang));
            let id = if lang == "da" { "kort-fortalt" } else { "in-brief" };
            let start = format!("<section class=\"in-brief\" id=\"{id}\"");
            let layer = element(&html, &start, "section");
            assert!(html.find(&start).unwrap() < html.find("<nav class=\"toc\"").unwrap(), "{slug} {lang}: the layer comes before the table of contents");
            let blocks = texts(layer);
            let counts = Counts::of_blocks(blocks.iter().map(String::as_str));
            eprintln!("first layer {slug} ({lang}): LIX {} ({} words, {} sentences)", counts.display(), counts.words, counts.sentences);
            if lang == "da" {
                assert!(counts.lix() <= 35.0, "{slug}: the Danish first layer has LIX {}", counts.display());
            }
            for point in [
                if lang == "da" { "Hvem har ansvaret?" } else { "Who is responsible?" },
                if lang == "da" { "Hvor kan du klage?" } else { "Where can you complain?" },
            ] {
                assert!(blocks.iter().any(|b| b == point), "{slug} {lang}: {point}");
            }
            // Bases in words, never as codes.
            let text = blocks.join(" ");
            assert!(!codes.is_match(&text), "{slug} {lang}: {text}");
            // Every link leads to a section or waiver of the page.
            let page_ids = ids(&html);
            let links: Vec<String> = anchors.captures_iter(layer).map(|c| c[1].to_string()).collect();
            assert!(links.len() >= 7, "{slug} {lang}: {links:?}");
            for link in links {
                assert!(page_ids.contains(&link), "{slug} {lang}: #{link} is not on the page");
            }
        }
    }
}

#[test]
fn a_missing_item_is_said_plainly_and_links_to_its_waiver() {
    let html = read("it-og-digitalisering/index.html");
    let layer = element(&html, "<section class=\"in-brief\"", "section");
    assert!(layer.contains("<p class=\"in-brief-lacks\">Siden beskriver endnu ikke dine rettigheder. <a href=\"#waiver-rights\">"), "{layer}");
    assert!(html.contains("<li id=\"waiver-rights\">"));
    assert!(!layer.contains("Du har ret til:"), "no rights are listed where the notice gives none");
    let html = read("en/borgerservice/index.html");
    let layer = element(&html, "<section class=\"in-brief\"", "section");
    assert!(layer.contains("The notice does not yet name the whole legal basis. <a href=\"#waiver-legal-basis\">"), "{layer}");
}

#[test]
fn the_layer_says_only_what_the_phrases_and_the_facts_give() {
    // A notice for 6.1.e with data from the person: no sources, no categories, no
    // withdrawal; the retention section removed without a waiver.
    let site = site_with(&GOOD_NOTICE.replace("## Opbevaring {#retention}\n\nVi sletter oplysningerne 5 år efter sagens afslutning.\n\n", ""));
    let loaded = Site::load(site.path()).unwrap();
    let page = loaded.page("n", "da").unwrap();
    let brief = privacy_site::in_brief::build(&loaded, page, &page.read(&loaded.root).unwrap()).unwrap();
    let questions: Vec<&str> = brief.points.iter().map(|p| p.question).collect();
    assert_eq!(
        questions,
        [
            "Hvem har ansvaret?",
            "Hvorfor bruger vi dine oplysninger?",
            "Hvem får oplysningerne?",
            "Hvor længe gemmer vi dem?",
            "Dine rettigheder",
            "Hvor kan du klage?"
        ]
    );
    let who = &brief.points[0].parts[0];
    assert_eq!(who.says, ["Lejre Kommune har ansvaret for dine oplysninger.", "Du kan skrive til post@lejre.dk.", "Du kan også ringe på 46 46 46 46."]);
    assert_eq!(who.link.as_ref().unwrap().href, "#controller");
    let why = &brief.points[1].parts[1];
    assert_eq!(why.list, ["vi har brug for dem til vores opgaver som myndighed"]);
    let kept = &brief.points[3].parts[0];
    assert_eq!(
        (kept.says.as_slice(), kept.lacks, kept.link.is_none()),
        (&["Siden siger endnu ikke, hvor længe vi gemmer dine oplysninger.".to_string()][..], true, true)
    );
    let rights = &brief.points[4].parts[0];
    assert_eq!(rights.list.len(), 5, "access, rectification, erasure, restriction and objection under 6.1.e: {:?}", rights.list);
    assert_eq!(brief.points[5].parts[0].says[1], "Så kan du klage til Datatilsynet.");
    // Not a notice: no layer.
    let contact = loaded.page("kontakt/datatilsynet", "da").unwrap();
    assert!(privacy_site::in_brief::build(&loaded, contact, &contact.read(&loaded.root).unwrap()).is_none());
}

#[test]
fn lix_is_pinned_on_the_published_seeds() {
    // The figures of the earlier scripts/lix.py on the same texts: (words, sentences,
    // long words, LIX, sentences over 35 words).
    let site = Site::load(&repo().join("tests/fixtures/seeds-as-published")).unwrap();
    let expected = [
        ("borgerservice", 1192, 93, 416, "47.7", 2),
        ("datasikkerhed", 690, 50, 202, "43.1", 1),
        ("integration", 737, 73, 278, "47.8", 2),
        ("it-og-digitalisering", 449, 34, 173, "51.7", 0),
        ("vores-dialog", 1549, 128, 500, "44.4", 4),
    ];
    for (slug, words, sentences, long, lix, over) in expected {
        let page = site.page(slug, "da").unwrap();
        let body = page.read(&site.root).unwrap();
        let r = readability::measure(&body.text, &body.headings, 35);
        assert_eq!(
            (r.whole.words, r.whole.sentences, r.whole.long_words, r.whole.display().as_str(), r.long.len()),
            (words, sentences, long, lix, over),
            "{slug}"
        );
    }
}

#[test]
fn every_real_notice_is_within_the_lix_limit_and_the_matrix_shows_its_lix() {
    let site = Site::load(&repo()).unwrap();
    let outcome = check_site(&repo());
    assert!(with_rule(&outcome, "lix-high").is_empty(), "{}", describe(&with_rule(&outcome, "lix-high")));
    for lang in ["da", "en"] {
        let matrix = read(&if lang == "da" { "matrix/index.html".to_string() } else { "en/matrix/index.html".to_string() });
        let row = element(&matrix, "<tr class=\"lix-row\">", "tr");
        for slug in NOTICES {
            let page = site.page(slug, lang).unwrap();
            let body = page.read(&site.root).unwrap();
            let r = readability::measure(&body.text, &body.headings, 35);
            eprintln!(
                "LIX {slug} ({lang}): {} ({} words, {} sentences, {} long words)",
                r.whole.display(),
                r.whole.words,
                r.whole.sentences,
                r.whole.long_words
            );
            assert!(r.whole.lix() <= site.config.readability.max_lix, "{slug} {lang}");
            assert!(row.contains(&format!("LIX {}", r.whole.display())), "{slug} {lang} in {row}");
            let retention = r.section("retention").unwrap();
            assert!(matrix.contains(&format!("<small class=\"lix\">LIX {}</small>", retention.display())), "{slug} {lang}: the #retention cell shows its LIX");
        }
    }
}

#[test]
fn a_long_sentence_is_a_note_and_the_lix_limit_comes_from_config() {
    let long = vec!["ord"; 40].join(" ");
    let site = site_with(&GOOD_NOTICE.replace("Indledning.", &format!("Indledning.\n\n{long}.")));
    let outcome = site.check();
    let notes = with_rule(&outcome, "sentence-long");
    assert_eq!(notes.len(), 1, "{}", describe(&notes));
    assert_eq!((notes[0].severity, notes[0].line), (privacy_site::Severity::Note, line_of(&site.read("content/n.md"), &long)));
    assert!(with_rule(&outcome, "lix-high").is_empty());
    let config = site.read("config.toml");
    site.write("config.toml", &format!("{config}\n[readability]\nmax_lix = 20\nmax_sentence_words = 50\n"));
    let outcome = site.check();
    assert_eq!(with_rule(&outcome, "lix-high").len(), 1);
    assert!(with_rule(&outcome, "sentence-long").is_empty(), "the sentence limit is 50 now");
}

#[test]
fn the_atom_feeds_parse_and_list_every_recorded_change() {
    let site = Site::load(&repo()).unwrap();
    for lang in ["da", "en"] {
        let rel = if lang == "da" { "atom.xml" } else { "en/atom.xml" };
        let feed: atom_syndication::Feed = read(rel).parse().unwrap_or_else(|e| panic!("{rel} is not Atom: {e}"));
        assert_eq!(feed.id(), format!("https://privatliv.lejre.dk/{rel}"));
        assert!(!feed.title().value.is_empty() && !feed.authors().is_empty());
        assert!(feed.links().iter().any(|l| l.rel() == "self" && l.href() == feed.id()));
        let recorded: usize = site.notices().filter(|p| p.lang == lang).map(|p| p.front.changes.len()).sum();
        assert!(recorded >= 9, "{lang}: {recorded}");
        assert_eq!(feed.entries().len(), recorded, "{rel}");
        let mut seen = std::collections::HashSet::new();
        for entry in feed.entries() {
            assert!(seen.insert(entry.id().to_string()), "unique ids: {}", entry.id());
            assert!(!entry.title().value.is_empty() && entry.summary().is_some_and(|s| !s.value.is_empty()));
            assert!(feed.updated() >= entry.updated());
            let link = entry.links().iter().find(|l| l.rel() == "alternate").expect("an alternate link").href();
            let (page, fragment) = link.strip_prefix("https://privatliv.lejre.dk/").unwrap().split_once('#').unwrap();
            let html = read(&format!("{page}index.html"));
            assert!(ids(&html).iter().any(|id| id == fragment), "{link}");
        }
        let summaries: Vec<&str> = feed.entries().iter().filter_map(|e| e.summary().map(|s| s.value.as_str())).collect();
        let rewrite = if lang == "da" {
            "Lange sætninger delt op og skrevet i et enklere sprog; intet indhold ændret."
        } else {
            "Long sentences split and written in plainer language; no content changed."
        };
        assert_eq!(summaries.iter().filter(|s| **s == rewrite).count(), 4, "the rewrite on all four notices");
    }
    // Every page links to its language's feed.
    for page in ["index.html", "vores-dialog/index.html", "kontakt/datatilsynet/index.html", "matrix/index.html", "404.html"] {
        assert!(read(page).contains(r#"<link rel="alternate" type="application/atom+xml" href="/atom.xml""#), "{page}");
    }
    assert!(read("en/integration/index.html").contains(r#"<link rel="alternate" type="application/atom+xml" href="/en/atom.xml""#));
}

#[test]
fn a_notice_shows_its_history_newest_first() {
    let html = read("it-og-digitalisering/index.html");
    assert!(html.contains("Senest ændret: <a href=\"#aendringer\"><time datetime=\"2026-11-26\">26.11.2026</time></a>"), "page meta");
    let list = element(&html, "<section class=\"changes\" id=\"aendringer\"", "section");
    let items = texts(list);
    assert_eq!(items[0], "Ændringer");
    assert!(items[1].starts_with("26.11.2026: Stederne") && items[3].starts_with("25.11.2026: Afsnit om den dataansvarlige"), "{items:?}");
    assert!(list.contains("id=\"aendring-2026-11-26-2\"") && list.contains("id=\"aendring-2026-11-25\""));
}

#[test]
fn an_edited_body_without_a_new_change_is_a_warning_that_says_what_to_add() {
    let site = site_with(GOOD_NOTICE);
    let hash = {
        let loaded = Site::load(site.path()).unwrap();
        let page = loaded.page("n", "da").unwrap();
        privacy_site::changes::body_hash(&page.read(&loaded.root).unwrap())
    };
    let entry = format!("[[changes]]\ndate = 2026-11-26\nsummary = \"Første udgave.\"\nhash = \"{hash}\"\n+++");
    let recorded = GOOD_NOTICE.replacen("+++\n\nIndledning", &format!("{entry}\n\nIndledning"), 1);
    site.write("content/n.md", &recorded);
    assert!(with_rule(&site.check(), "change-unrecorded").is_empty());

    site.write("content/n.md", &recorded.replace("5 år efter", "10 år efter"));
    let outcome = site.check();
    let warnings = with_rule(&outcome, "change-unrecorded");
    assert_eq!(warnings.len(), 1, "{}", describe(&warnings));
    let help = &warnings[0].help;
    let new_hash = regex::Regex::new(r#"hash = "([0-9a-f]{12})""#).unwrap().captures(help).unwrap()[1].to_string();
    assert_ne!(new_hash, hash);
    site.write(
        "content/n.md",
        &recorded.replace("5 år efter", "10 år efter").replace(
            "+++\n\nIndledning",
            &format!("\n[[changes]]\ndate = 2026-11-27\nsummary = \"Opbevaringen er 10 år.\"\nhash = \"{new_hash}\"\n+++\n\nIndledning"),
        ),
    );
    assert!(with_rule(&site.check(), "change-unrecorded").is_empty(), "the entry the help names settles it");
}

#[test]
fn a_disputed_contact_shows_its_note_in_every_block_and_in_the_matrix() {
    for slug in NOTICES {
        for lang in ["da", "en"] {
            let html = read(&page_path(slug, lang));
            let dpo = element(&html, "<div class=\"contact-block\" data-contact=\"dpo\">", "div");
            let prefix = if lang == "da" { "" } else { "/en" };
            let note = if lang == "da" {
                "Adressen og e-mailadressen afventer bekræftelse fra kommunen."
            } else {
                "The address and the email address are awaiting confirmation by the municipality."
            };
            assert!(
                dpo.contains(&format!(
                    "<p class=\"contact-to-confirm\"><a href=\"{prefix}/kontakt/databeskyttelsesraadgiver/#to-confirm-title\">{note}</a></p>"
                )),
                "{slug} {lang}: {dpo}"
            );
            let authority = element(&html, "<div class=\"contact-block\" data-contact=\"datatilsynet\">", "div");
            assert!(!authority.contains("contact-to-confirm"), "an undisputed contact has no note");
        }
    }
    assert!(ids(&read("kontakt/databeskyttelsesraadgiver/index.html")).contains(&"to-confirm-title".to_string()));
    let matrix = read("matrix/index.html");
    let list = element(&matrix, "<section class=\"matrix-to-confirm\"", "section");
    assert!(list.contains("Databeskyttelsesrådgiver</a> (adresse") && list.contains("Databeskyttelsesrådgiver</a> (e-mailadresse"), "{list}");
    for title in
        ["IT &amp; Digitalisering", "Vores Dialog – privatlivspolitik for borgere", "Integration – privatlivspolitik", "Privatlivspolitik Borgerservice"]
    {
        assert!(list.contains(title), "{title}");
    }
}

/// The project's schema, compiled with format checks.
fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(repo().join("schemas/notice.schema.json")).unwrap()).unwrap();
    jsonschema::draft202012::meta::validate(&schema).expect("the schema is valid draft 2020-12");
    jsonschema::draft202012::options().should_validate_formats(true).build(&schema).unwrap()
}

fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator.iter_errors(doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

#[test]
fn every_notice_json_validates_and_holds_the_pages_bases_and_contacts() {
    let validator = validator();
    let site = Site::load(&repo()).unwrap();
    for slug in NOTICES {
        for lang in ["da", "en"] {
            let page = site.page(slug, lang).unwrap();
            let prefix = if lang == "da" { String::new() } else { format!("{lang}/") };
            let json_rel = format!("{prefix}{slug}/notice.json");
            let doc: Value = serde_json::from_str(&read(&json_rel)).unwrap();
            let errors = schema_errors(&validator, &doc);
            assert!(errors.is_empty(), "{json_rel}:\n{}", errors.join("\n"));
            let html = read(&page_path(slug, lang));
            assert!(html.contains(&format!(r#"<link rel="alternate" type="application/json" href="/{prefix}{slug}/notice.json""#)));
            // The same legal bases as the front matter, in order.
            let references: Vec<&str> = doc["dataDisclosed"][0]["legalBases"].as_array().unwrap().iter().map(|b| b["reference"].as_str().unwrap()).collect();
            let declared: Vec<String> = page.bases.iter().map(|b| privacy_site::tilt::reference(*b)).collect();
            assert_eq!(references, declared, "{json_rel}");
            // The contacts the page shows.
            let controller = element(&html, "<div class=\"contact-block\" data-contact=\"controller\">", "div");
            let email = doc["controller"]["email"].as_str().unwrap();
            assert!(controller.contains(&format!("mailto:{email}")), "{json_rel}: {email}");
            let dpo = element(&html, "<div class=\"contact-block\" data-contact=\"dpo\">", "div");
            assert!(
                dpo.contains(doc["dataProtectionOfficer"]["email"].as_str().unwrap()) && dpo.contains(doc["dataProtectionOfficer"]["name"].as_str().unwrap())
            );
            assert_eq!(doc["rightToComplain"]["supervisoryAuthority"]["name"], "Datatilsynet");
            assert_eq!(doc["meta"]["privacySite"]["toConfirm"].as_array().unwrap().len(), 2, "the DPO's disputed street and e-mail");
            assert_eq!(doc["meta"]["_hash"].as_str().unwrap(), privacy_site::tilt::hash(&doc), "{json_rel}: the hash is over the document without it");
            assert_eq!(doc["meta"]["privacySite"]["changes"].as_array().unwrap().len(), page.front.changes.len());
        }
    }
    let integration: Value = serde_json::from_str(&read("integration/notice.json")).unwrap();
    assert_eq!(integration["automatedDecisionMaking"]["inUse"], false, "\"bruger vi ikke automatiske afgørelser\"");
    assert_eq!(integration["dataDisclosed"][0]["category"].as_array().unwrap().len(), 17, "one category per list item");
    let dialog: Value = serde_json::from_str(&read("vores-dialog/notice.json")).unwrap();
    assert_eq!(
        dialog["rightToRectificationOrDeletion"]["description"],
        "Du har ret til at få urigtige oplysninger om dig selv rettet.\n\nI særlige tilfælde har du ret til at få slettet oplysninger om dig, før vi normalt ville slette dem.",
        "each right's own sub-section"
    );
    assert_eq!(dialog["sources"][0]["sources"].as_array().unwrap().len(), 10, "one source per list item");
    let it: Value = serde_json::from_str(&read("it-og-digitalisering/notice.json")).unwrap();
    assert_eq!(it["accessAndDataPortability"]["available"], Value::Null, "IT & Digitalisering does not describe the rights (waived)");
    assert_eq!(it["rightToWithdrawConsent"]["available"], true);
}

#[test]
fn the_schema_accepts_its_example_and_rejects_what_it_must() {
    let validator = validator();
    let example: Value = serde_json::from_str(&std::fs::read_to_string(repo().join("schemas/example-notice.json")).unwrap()).unwrap();
    assert!(schema_errors(&validator, &example).is_empty(), "{:?}", schema_errors(&validator, &example));
    assert_eq!(example["meta"]["_hash"].as_str().unwrap(), privacy_site::tilt::hash(&example));
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut doc = example.clone();
        edit(&mut doc);
        schema_errors(&validator, &doc)
    };
    assert!(!broken(&|d| {
        d["meta"].as_object_mut().unwrap().remove("language");
    })
    .is_empty());
    assert!(
        !broken(&|d| {
            d["meta"].as_object_mut().unwrap().remove("_hash");
        })
        .is_empty(),
        "TILT requires the hash"
    );
    assert!(!broken(&|d| d["controller"]["emial"] = "x@y.dk".into()).is_empty(), "closed: a typo fails");
    assert!(!broken(&|d| d["dataDisclosed"][0]["legalBases"][0]["reference"] = "6.1.e".into()).is_empty(), "TILT's reference form");
    assert!(!broken(&|d| d["dataProtectionOfficer"]["email"] = "not an address".into()).is_empty(), "e-mail format");
    assert!(!broken(&|d| d["rightToComplain"] = serde_json::json!({"available": true, "description": "x"})).is_empty(), "a complaint names its authority");
}
