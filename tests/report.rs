//! Golden output of every reporter on the published seeds. Set UPDATE_GOLDEN=1 to
//! rewrite the expectations after an intended change.

mod common;
use common::*;

fn golden(format: &str, ext: &str) {
    let out = cli(&["check", "--format", format], TempSite::seeds_as_published().path());
    assert_eq!(out.status.code(), Some(1));
    let got = String::from_utf8(out.stdout).unwrap();
    let path = repo().join(format!("tests/fixtures/report/seeds.{ext}"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
    }
    assert_eq!(got, std::fs::read_to_string(&path).unwrap_or_default(), "{format} output differs from {}", path.display());
}

#[test]
fn human_output_is_rustc_like_and_plain_when_piped() {
    golden("human", "txt");
    let text = std::fs::read_to_string(repo().join("tests/fixtures/report/seeds.txt")).unwrap();
    assert!(text.contains("error[art13-missing]: ") && text.contains("  --> content/") && text.contains("^^^"));
    assert!(!text.contains('\u{1b}'), "no colour codes when piped");
}

#[test]
fn json_output() {
    golden("json", "json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(repo().join("tests/fixtures/report/seeds.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["errors"], 29);
    let keys: Vec<_> = json["findings"][0].as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["article", "column", "file", "help", "key", "line", "message", "rule", "severity"]);
}

#[test]
fn github_output() {
    golden("github", "github");
}

#[test]
fn junit_output() {
    golden("junit", "xml");
}
