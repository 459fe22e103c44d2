//! `privacy-site new`: a scaffolded notice passes every check except its placeholders,
//! and passes completely once each placeholder is replaced by real text.

mod common;

use common::{copy_dir, repo};
use privacy_site::finding::{Finding, Severity};
use privacy_site::render::templates::Templates;
use privacy_site::scaffold::{scaffold, write_new, NewOptions};
use privacy_site::Site;
use std::path::{Path, PathBuf};

/// A site with the config, templates, styles, front pages and contacts, no notices.
fn empty_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let main = repo();
    std::fs::copy(main.join("config.toml"), dir.path().join("config.toml")).unwrap();
    copy_dir(&main.join("templates"), &dir.path().join("templates"));
    copy_dir(&main.join("sass"), &dir.path().join("sass"));
    copy_dir(&main.join("content/kontakt"), &dir.path().join("content/kontakt"));
    for name in ["_index.md", "_index.en.md"] {
        std::fs::copy(main.join("content").join(name), dir.path().join("content").join(name)).unwrap();
    }
    dir
}

fn errors(root: &Path) -> Vec<Finding> {
    let site = Site::load(root).unwrap();
    let templates = Templates::for_site(&site).unwrap();
    let outcome = privacy_site::pipeline::run(&site, &templates, &privacy_site::write::NoOutput, &Default::default()).unwrap();
    outcome.findings.into_iter().filter(|f| f.severity == Severity::Error).collect()
}

fn options(slug: &str, bases: &[&str], sources: &[&str], transfers: bool) -> NewOptions {
    NewOptions {
        slug: slug.into(),
        title: "Parkeringstilladelser".into(),
        title_en: Some("Parking permits".into()),
        bases: bases.iter().map(|s| s.to_string()).collect(),
        sources: sources.iter().map(|s| s.to_string()).collect(),
        transfers: Some(transfers),
        date: None,
    }
}

/// The line is a placeholder (the same form the checker recognises).
fn todo_at(line: &str) -> Option<usize> {
    let rest = line.trim_start().trim_start_matches("- ").trim_start();
    rest.starts_with("TODO:").then(|| line.len() - rest.len())
}

/// The (file, line) of every placeholder in a scaffolded file.
fn placeholders(rel: &Path, text: &str) -> Vec<(PathBuf, usize)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| todo_at(l).is_some() || l.starts_with("description = 'TODO") || l.starts_with("description = \"TODO"))
        .map(|(i, _)| (rel.to_path_buf(), i + 1))
        .collect()
}

/// Real text for a placeholder in section `key`.
fn filler(key: &str, da: bool) -> &'static str {
    match (key, da) {
        ("legal-basis", true) => "Hjemlen følger af færdselsloven og kommunens parkeringsregulativ.",
        ("legal-basis", false) => "The legal basis follows from the Road Traffic Act and the municipality's parking rules.",
        ("rights", true) => "Du kan bruge retten ved at skrive til os; vi svarer inden for en måned.",
        ("rights", false) => "You can use this right by writing to us; we reply within one month.",
        ("retention", true) => "Vi opbevarer oplysningerne i 5 år efter, at tilladelsen er udløbet.",
        ("retention", false) => "We keep the data for 5 years after the permit has expired.",
        ("purposes", true) => "Vi bruger oplysningerne til at behandle din ansøgning om parkeringstilladelse.",
        ("purposes", false) => "We use the data to process your application for a parking permit.",
        ("recipients", true) => "Oplysningerne videregives ikke til andre end vores databehandler, der driver parkeringssystemet.",
        ("recipients", false) => "The data are not shared with anyone but the processor that runs the parking system.",
        (_, true) => "Her står den tekst, som fagområdet har skrevet til dette afsnit.",
        (_, false) => "This is the text the department has written for this section.",
    }
}

/// The scaffolded text with every placeholder replaced.
fn filled(text: &str, da: bool) -> String {
    let mut key = String::new();
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("## ") {
            key = line.rsplit_once("{#").map(|(_, k)| k.trim_end_matches('}').to_string()).unwrap_or_default();
        }
        if line.starts_with("description = ") {
            out.push_str(if da {
                "description = \"Sådan behandler Lejre Kommune dine personoplysninger, når du søger om parkeringstilladelse.\"\n"
            } else {
                "description = \"How Lejre Kommune processes your personal data when you apply for a parking permit.\"\n"
            });
            continue;
        }
        match todo_at(line) {
            Some(at) => {
                out.push_str(&line[..at]);
                out.push_str(filler(&key, da));
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn check_combination(slug: &str, bases: &[&str], sources: &[&str], transfers: bool) {
    let site = empty_site();
    let root = site.path();
    let files = scaffold(&options(slug, bases, sources, transfers)).unwrap();
    write_new(root, &files).unwrap();

    let mut expected: Vec<(PathBuf, usize)> = files.iter().flat_map(|(p, t)| placeholders(p, t)).collect();
    expected.sort();
    let found = errors(root);
    let others: Vec<&Finding> = found.iter().filter(|f| f.rule != "placeholder").collect();
    assert!(others.is_empty(), "{slug}: unexpected errors in the scaffold: {others:#?}");
    let mut at: Vec<(PathBuf, usize)> = found.iter().map(|f| (f.file.clone(), f.line)).collect();
    at.sort();
    assert_eq!(at, expected, "{slug}: placeholder findings");
    assert!(found.iter().all(|f| f.message.contains("placeholder text still to be written") && !f.help.is_empty()));

    for (rel, text) in &files {
        let da = !rel.to_string_lossy().ends_with(".en.md");
        std::fs::write(root.join(rel), filled(text, da)).unwrap();
    }
    let left = errors(root);
    assert!(left.is_empty(), "{slug}: errors after filling in: {left:#?}");
}

#[test]
fn public_task_from_the_person() {
    check_combination("borgerservice-ny", &["6.1.e"], &["subject"], false);
}

#[test]
fn public_task_and_cpr_numbers_from_others() {
    check_combination("cpr-opslag", &["6.1.e,dbl-11"], &["others"], false);
}

#[test]
fn consent_from_both() {
    check_combination("samtykke", &["6.1.a", "9.2.a"], &["subject,others"], false);
}

#[test]
fn legal_obligation_and_legitimate_interests_with_transfers() {
    check_combination("overfoersel", &["6.1.c", "6.1.f"], &["subject", "others"], true);
}

#[test]
fn sections_are_in_table_order_with_their_keys_and_titles() {
    let files = scaffold(&options("x", &["6.1.a", "6.1.e"], &["subject"], false)).unwrap();
    let da = &files[0].1;
    let keys: Vec<&str> = da.lines().filter_map(|l| l.strip_prefix("## ")).filter_map(|l| l.rsplit_once("{#")).map(|(_, k)| k.trim_end_matches('}')).collect();
    let want: Vec<&str> = privacy_site::requirements::REQUIREMENTS
        .iter()
        .filter(|r| !["legitimate-interests", "categories", "third-countries", "source"].contains(&r.key))
        .map(|r| r.key)
        .collect();
    assert_eq!(keys, want);
    assert!(da.contains("## Klage til Datatilsynet {#complaint}"));
    assert!(files[1].1.contains("## Complaints to Datatilsynet {#complaint}"));
    assert!(da.contains("- Ret til dataportabilitet") && da.contains("- Ret til indsigelse"));
    assert!(da.contains("{{ contact(id=\"datatilsynet\") }}"));
}

#[test]
fn refuses_to_overwrite_and_writes_nothing() {
    let site = empty_site();
    let root = site.path();
    std::fs::write(root.join("content/parkering.en.md"), "mine").unwrap();
    let files = scaffold(&options("parkering", &["6.1.e"], &["subject"], false)).unwrap();
    let e = write_new(root, &files).unwrap_err().to_string();
    assert!(e.contains("content/parkering.en.md") && e.contains("nothing was written"), "{e}");
    assert!(!root.join("content/parkering.md").exists());
    assert_eq!(std::fs::read_to_string(root.join("content/parkering.en.md")).unwrap(), "mine");
}

#[test]
fn bad_basis_lists_the_valid_forms() {
    let e = scaffold(&options("parkering", &["6.1.e,6.1.g"], &["subject"], false)).unwrap_err().to_string();
    assert!(e.contains("`6.1.g`") && e.contains(privacy_site::legal_basis::VALID_FORMS), "{e}");
}

#[test]
fn bad_sources_say_what_to_use() {
    let e = scaffold(&options("parkering", &["6.1.e"], &["borger"], false)).unwrap_err().to_string();
    assert!(e.contains("subject,others"), "{e}");
}

#[test]
fn bad_slug_suggests_one() {
    let e = scaffold(&options("Parkering Tilladelser", &["6.1.e"], &["subject"], false)).unwrap_err().to_string();
    assert!(e.contains("`parkering-tilladelser`"), "{e}");
    assert!(scaffold(&options("../x", &["6.1.e"], &["subject"], false)).is_err());
}

#[test]
fn the_command_writes_both_files_and_exits_2_on_a_second_run() {
    let site = empty_site();
    let root = site.path().to_str().unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_privacy-site"))
            .args(["new", "parkering", "--title", "Parkering", "--basis", "6.1.e,dbl-11", "--sources", "subject,others", "--root", root])
            .output()
            .unwrap()
    };
    let first = run();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{first:?}");
    assert!(stdout.contains("content/parkering.md") && stdout.contains("content/parkering.en.md"), "{stdout}");
    assert!(stdout.contains("Næste trin: erstat hver TODO, og kør derefter privacy-site check"), "{stdout}");
    let second = run();
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("findes allerede"));
}
