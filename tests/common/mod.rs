//! Helpers shared by the integration tests: temporary sites built from the real
//! templates, Sass and contact records plus the pages a test writes.
#![allow(dead_code)]

use privacy_site::pipeline::{self, Options, Outcome};
use privacy_site::render::templates::Templates;
use privacy_site::write::NoOutput;
use privacy_site::{Finding, Severity, Site};
use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary site: the real config, templates, Sass and contact records, no pages.
pub struct TempSite {
    pub dir: tempfile::TempDir,
}

impl TempSite {
    /// A Danish-only site (English declared optional) with the three contact records.
    pub fn danish() -> TempSite {
        let site = Self::bare();
        let config = std::fs::read_to_string(repo().join("tests/fixtures/seeds-as-published/config.toml")).unwrap();
        site.write("config.toml", &config.replace("../../../templates", "templates").replace("../../../sass", "sass"));
        for name in ["lejre-kommune", "databeskyttelsesraadgiver", "datatilsynet"] {
            let text = std::fs::read_to_string(repo().join(format!("content/kontakt/{name}.md"))).unwrap();
            site.write(&format!("content/kontakt/{name}.md"), &text);
        }
        site.write("content/_index.md", "+++\ntitle = \"Forside\"\n+++\n\nVelkommen.\n");
        site
    }

    /// The five seed pages as published (tests/fixtures/seeds-as-published), Danish
    /// only, beside the real templates and Sass.
    pub fn seeds_as_published() -> TempSite {
        let site = Self::bare();
        let fixture = repo().join("tests/fixtures/seeds-as-published");
        std::fs::copy(fixture.join("config.toml"), site.path().join("config.toml")).unwrap();
        copy_dir(&fixture.join("content"), &site.path().join("content"));
        site
    }

    /// A copy of the real site (both languages).
    pub fn real() -> TempSite {
        let site = Self::bare();
        std::fs::copy(repo().join("config.toml"), site.path().join("config.toml")).unwrap();
        copy_dir(&repo().join("content"), &site.path().join("content"));
        site
    }

    fn bare() -> TempSite {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("templates"), &dir.path().join("templates"));
        copy_dir(&repo().join("sass"), &dir.path().join("sass"));
        TempSite { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file under the site root.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Reads a file under the site root.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    /// Runs the whole pipeline without writing.
    pub fn check(&self) -> Outcome {
        check_site(self.path())
    }
}

/// A Danish site with one page, `content/n.md`.
pub fn site_with(notice: &str) -> TempSite {
    let site = TempSite::danish();
    site.write("content/n.md", notice);
    site
}

/// The 1-based line of the first line of `text` that contains `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// Runs the pipeline on a site folder without writing.
pub fn check_site(root: &Path) -> Outcome {
    let site = Site::load(root).expect("site loads");
    let templates = Templates::for_site(&site).expect("templates load");
    pipeline::run(&site, &templates, &NoOutput, &Options::default()).expect("pipeline runs")
}

/// The findings with `rule`.
pub fn with_rule<'a>(outcome: &'a Outcome, rule: &str) -> Vec<&'a Finding> {
    outcome.findings.iter().filter(|f| f.rule == rule).collect()
}

/// The error findings.
pub fn errors(outcome: &Outcome) -> Vec<&Finding> {
    outcome.findings.iter().filter(|f| f.severity == Severity::Error).collect()
}

/// A compact `rule file:line` list for assertion messages.
pub fn describe(findings: &[&Finding]) -> String {
    findings.iter().map(|f| format!("{} {}:{} {}", f.rule, f.file.display(), f.line, f.message)).collect::<Vec<_>>().join("\n")
}

/// Runs the built binary.
pub fn cli(args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_privacy-site")).args(args).current_dir(cwd).env("NO_COLOR", "1").output().unwrap()
}

/// A complete, valid Danish notice with all sections for 6.1.e and data from the subject.
pub const GOOD_NOTICE: &str = r#"+++
title = "Parkering"
description = "Sådan behandler vi dine oplysninger om parkering."
date = 2026-11-25
notice = true
legal_basis = ["6.1.e"]
sources = ["subject"]
third_country_transfers = false
+++

Indledning.

## Dataansvarlig {#controller}

Lejre Kommune er dataansvarlig.

{{ contact(id="controller") }}

## Databeskyttelsesrådgiver {#dpo}

{{ contact(id="dpo") }}

## Formål og retsgrundlag {#purposes #legal-basis}

Vi behandler oplysningerne for at udstede parkeringstilladelser efter artikel 6, stk. 1, litra e.

## Modtagere {#recipients}

Vi videregiver ikke oplysningerne, og vi overfører dem ikke til lande uden for EU/EØS.

## Opbevaring {#retention}

Vi sletter oplysningerne 5 år efter sagens afslutning.

## Dine rettigheder {#rights}

Du har ret til indsigt, berigtigelse, sletning, begrænsning og indsigelse.

## Klage til Datatilsynet {#complaint}

Du kan klage til Datatilsynet.

{{ contact(id="datatilsynet") }}

## Pligt til at give oplysninger {#statutory-requirement}

Du har pligt til at give oplysningerne; ellers kan vi ikke behandle din ansøgning.

## Automatiske afgørelser {#automated-decisions}

Vi træffer ingen automatiske afgørelser.
"#;
