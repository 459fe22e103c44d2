//! The command-line contract (issue 12 item 5): every verb exits 0 when it did what
//! was asked, 1 when it found errors in what it judged (the site for `build` and
//! `check`, the pages for `audit`), and 2 when the run itself failed (bad arguments,
//! bad config, a refused path, an unreadable file). Each case runs the real binary on
//! a fixture site copied into a temporary folder. `--nocapture` prints the table.

mod common;
use common::*;
use std::path::Path;

/// Runs `args` in `cwd`, asserts the exit code and records the case.
struct Contract {
    verb: &'static str,
    rows: Vec<String>,
}

impl Contract {
    fn new(verb: &'static str) -> Contract {
        Contract { verb, rows: Vec::new() }
    }

    fn expect(&mut self, code: i32, case: &str, cwd: &Path, args: &[&str]) -> std::process::Output {
        let out = cli(args, cwd);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{} {case}: {args:?}\nstdout: {}\nstderr: {}",
            self.verb,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if code == 2 {
            assert!(!out.stderr.is_empty(), "{} {case}: exit 2 says what failed on stderr", self.verb);
        }
        self.rows.push(format!("{:<10} {code}  {case}", self.verb));
        out
    }
}

impl Drop for Contract {
    fn drop(&mut self) {
        eprintln!("{}", self.rows.join("\n"));
    }
}

/// A site whose notice lacks a required section: an error in the site.
fn broken_site() -> TempSite {
    site_with(&GOOD_NOTICE.replace("{#complaint}", ""))
}

/// A site whose config.toml does not parse.
fn bad_config_site() -> TempSite {
    let site = site_with(GOOD_NOTICE);
    site.write("config.toml", "base_url = 1\n");
    site
}

/// A site with a page that is not UTF-8.
fn unreadable_site() -> TempSite {
    let site = site_with(GOOD_NOTICE);
    std::fs::write(site.path().join("content/broken.md"), [0xff, 0xfe, 0x00]).unwrap();
    site
}

/// A copy of `site` at `<tmp>/site`, so that a path escaping the site (`../../x`)
/// would land in `<tmp>`, where the test can see it.
fn nested(site: TempSite) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(site.path(), &dir.path().join("site"));
    let root = dir.path().join("site");
    (dir, root)
}

/// The names in a folder.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn build() {
    let mut c = Contract::new("build");
    let out_dir = tempfile::tempdir().unwrap();
    let public = out_dir.path().join("public");
    let public = public.to_str().unwrap();
    let good = site_with(GOOD_NOTICE);
    c.expect(0, "a good site into a new folder", good.path(), &["build", "--output", public]);
    c.expect(0, "again, into its own earlier output", good.path(), &["build", "--output", public]);
    c.expect(0, "the real site", &repo(), &["build", "--output", out_dir.path().join("real").to_str().unwrap()]);
    let before = std::fs::read_to_string(out_dir.path().join("public/n/index.html")).unwrap();
    c.expect(1, "a site with errors", broken_site().path(), &["build", "--output", public]);
    assert_eq!(std::fs::read_to_string(out_dir.path().join("public/n/index.html")).unwrap(), before, "exit 1 writes nothing");
    let warned = site_with(&GOOD_NOTICE.replace("5 år efter sagens afslutning", "så længe det er nødvendigt"));
    c.expect(0, "a site with warnings", warned.path(), &["build", "--output", "public"]);
    c.expect(1, "a site with warnings, --deny warnings", warned.path(), &["build", "--output", "public", "--deny", "warnings"]);
    c.expect(2, "an unknown flag", good.path(), &["build", "--bogus"]);
    c.expect(2, "a bad --deny value", good.path(), &["build", "--deny", "errors"]);
    c.expect(2, "a bad --lock-timeout", good.path(), &["build", "--lock-timeout", "soon"]);
    c.expect(2, "a config that does not parse", bad_config_site().path(), &["build"]);
    c.expect(2, "a root that does not exist", good.path(), &["build", "--root", "no-such-site"]);
    c.expect(2, "a page that is not UTF-8", unreadable_site().path(), &["build"]);
    c.expect(2, "--output the site root", good.path(), &["build", "--output", "."]);
    c.expect(2, "--output content/", good.path(), &["build", "--output", "content"]);
    c.expect(2, "--output a file", good.path(), &["build", "--output", "config.toml"]);
    let no_templates = site_with(GOOD_NOTICE);
    std::fs::remove_dir_all(no_templates.path().join("templates")).unwrap();
    c.expect(2, "no templates folder", no_templates.path(), &["build"]);
}

#[test]
fn check() {
    let mut c = Contract::new("check");
    let good = site_with(GOOD_NOTICE);
    c.expect(0, "a good site", good.path(), &["check"]);
    c.expect(0, "a good site, JSON", good.path(), &["check", "--format", "json"]);
    c.expect(0, "a good site, --matrix matrix.html", good.path(), &["check", "--matrix", "matrix.html"]);
    c.expect(1, "a site with errors", broken_site().path(), &["check"]);
    c.expect(1, "a site with errors, JUnit", broken_site().path(), &["check", "--format", "junit"]);
    let warned = site_with(&GOOD_NOTICE.replace("5 år efter sagens afslutning", "så længe det er nødvendigt"));
    c.expect(0, "a site with warnings", warned.path(), &["check"]);
    c.expect(1, "a site with warnings, --deny warnings", warned.path(), &["check", "--deny", "warnings"]);
    c.expect(2, "an unknown flag", good.path(), &["check", "--bogus"]);
    c.expect(2, "an unknown format", good.path(), &["check", "--format", "xml"]);
    c.expect(2, "a config that does not parse", bad_config_site().path(), &["check"]);
    c.expect(2, "a root that does not exist", good.path(), &["check", "--root", "no-such-site"]);
    c.expect(2, "a page that is not UTF-8", unreadable_site().path(), &["check"]);
    c.expect(2, "--matrix over a source page", good.path(), &["check", "--matrix", "content/n.md"]);
}

#[test]
fn new() {
    let mut c = Contract::new("new");
    let (dir, root) = nested(site_with(GOOD_NOTICE));
    let root = root.as_path();
    c.expect(0, "a new page", root, &["new", "parkering", "--title", "Parkering", "--basis", "6.1.e", "--sources", "subject"]);
    assert!(root.join("content/parkering.md").is_file() && root.join("content/parkering.en.md").is_file());
    c.expect(2, "the same page again", root, &["new", "parkering", "--title", "Parkering"]);
    c.expect(0, "the same page again, --force", root, &["new", "parkering", "--title", "Parkering", "--force"]);
    c.expect(2, "a slug that is a path", root, &["new", "../x", "--title", "X"]);
    c.expect(2, "an empty slug", root, &["new", "", "--title", "X"]);
    c.expect(2, "a reserved slug", root, &["new", "kontakt", "--title", "X"]);
    c.expect(2, "a 250-character slug", root, &["new", &"x".repeat(250), "--title", "X"]);
    c.expect(2, "no --title", root, &["new", "cykler"]);
    c.expect(2, "an unknown legal basis", root, &["new", "cykler", "--title", "Cykler", "--basis", "6.1.x"]);
    c.expect(2, "an unknown source", root, &["new", "cykler", "--title", "Cykler", "--sources", "me"]);
    assert!(!root.join("content/cykler.md").exists() && !root.join("x.md").exists());
    assert_eq!(names(dir.path()), ["site"], "nothing written outside the site");
}

#[test]
fn import() {
    let mut c = Contract::new("import");
    let (dir, root) = nested(site_with(GOOD_NOTICE));
    let root = root.as_path();
    let seed = repo().join("tests/fixtures/import/000_3cbcaf3e45833872.txt");
    let seed = seed.to_str().unwrap();
    let before: Vec<_> = std::fs::read_dir(root.join("content")).unwrap().map(|e| e.unwrap().file_name()).collect();
    c.expect(2, "--slug ../../x", root, &["import", seed, "--slug", "../../x"]);
    c.expect(2, "--slug /abs/path", root, &["import", seed, "--slug", "/abs/path"]);
    c.expect(2, "--slug \"\"", root, &["import", seed, "--slug", ""]);
    c.expect(2, "--slug en", root, &["import", seed, "--slug", "en"]);
    c.expect(2, "a file that does not exist", root, &["import", "no-such-page.txt", "--slug", "x"]);
    c.expect(2, "an unknown --lang", root, &["import", seed, "--lang", "fr"]);
    c.expect(2, "--output over a template", root, &["import", seed, "--output", "templates/x.md"]);
    std::fs::write(root.join("empty.txt"), "").unwrap();
    let out = c.expect(2, "an empty file, no --slug", root, &["import", "empty.txt"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.txt`: filen er tom"), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(root.join("empty.txt")).unwrap();
    let after: Vec<_> = std::fs::read_dir(root.join("content")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(before, after, "nothing written by a refused import");
    assert_eq!(names(dir.path()), ["site"], "nothing written outside the site");
    assert!(!root.join("x.md").exists());
    c.expect(0, "a plain-text page", root, &["import", seed, "--slug", "vores-dialog"]);
    c.expect(2, "the same page again", root, &["import", seed, "--slug", "vores-dialog"]);
    c.expect(0, "the same page again, --force", root, &["import", seed, "--slug", "vores-dialog", "--force"]);
    c.expect(0, "a slug made from the title", root, &["import", seed]);
}

#[test]
fn audit() {
    let mut c = Contract::new("audit");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hello.txt"), "Hej verden.\n").unwrap();
    let seed = repo().join("tests/fixtures/import/000_3cbcaf3e45833872.txt");
    let seed = seed.to_str().unwrap();
    c.expect(0, "a page that is not a notice", dir.path(), &["audit", "hello.txt"]);
    c.expect(1, "a published notice that lacks items", dir.path(), &["audit", seed]);
    c.expect(1, "the same, JSON, --matrix", dir.path(), &["audit", seed, "--format", "json", "--matrix", "audit.html"]);
    assert!(dir.path().join("audit.html").is_file());
    c.expect(2, "no pages given", dir.path(), &["audit"]);
    c.expect(2, "a path that does not exist", dir.path(), &["audit", "no-such-page.txt"]);
    c.expect(2, "an unknown format", dir.path(), &["audit", "hello.txt", "--format", "xml"]);
    std::fs::write(dir.path().join("page.html"), "<p>Hej</p>").unwrap();
    c.expect(2, "--matrix over an audited page", dir.path(), &["audit", "page.html", "--matrix", "page.html"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("page.html")).unwrap(), "<p>Hej</p>");
}

#[test]
fn translated() {
    let mut c = Contract::new("translated");
    let site = TempSite::real();
    let root = site.path();
    c.expect(0, "a translation", root, &["translated", "content/vores-dialog.en.md"]);
    c.expect(0, "the same, already current", root, &["translated", "vores-dialog.en.md"]);
    c.expect(0, "--all", root, &["translated", "--all"]);
    c.expect(2, "the Danish page", root, &["translated", "content/vores-dialog.md"]);
    c.expect(2, "a page that does not exist", root, &["translated", "content/nope.en.md"]);
    c.expect(2, "no page and no --all", root, &["translated"]);
    c.expect(2, "a page and --all", root, &["translated", "content/vores-dialog.en.md", "--all"]);
    c.expect(2, "a config that does not parse", bad_config_site().path(), &["translated", "--all"]);
}

#[test]
fn serve_with_bad_arguments() {
    let mut c = Contract::new("serve");
    let site = site_with(GOOD_NOTICE);
    c.expect(2, "a port that is not a number", site.path(), &["serve", "--port", "http"]);
    c.expect(2, "a port out of range", site.path(), &["serve", "--port", "70000"]);
    c.expect(2, "an interface that is not an address", site.path(), &["serve", "--interface", "localhost:80"]);
    c.expect(2, "an unknown flag", site.path(), &["serve", "--bogus"]);
    c.expect(2, "a root without config.toml", site.path(), &["serve", "--root", "content", "--port", "0"]);
}

#[test]
fn the_command_line_itself() {
    let mut c = Contract::new("(none)");
    let dir = tempfile::tempdir().unwrap();
    c.expect(2, "no verb", dir.path(), &[]);
    c.expect(2, "an unknown verb", dir.path(), &["publish"]);
    let help = c.expect(0, "--help", dir.path(), &["--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("Exit codes: 0 no errors, 1 errors found in the site, 2 the run itself failed"), "{text}");
    c.expect(0, "--version", dir.path(), &["--version"]);
    for verb in ["build", "check", "serve", "new", "import", "audit", "translated"] {
        let help = c.expect(0, "VERB --help", dir.path(), &[verb, "--help"]);
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(text.contains("Exit codes:\n  0  "), "{verb} --help states its exit codes: {text}");
        assert_eq!(text.contains("\n  1  "), matches!(verb, "build" | "check" | "audit"), "{verb}: exit 1 only where findings are judged");
    }
}

/// The last line of `check`'s human report and the summary line `serve` prints
/// after its first build, for the site at `root`.
fn check_and_serve_summaries(root: &Path, lang: &str) -> (String, String) {
    use std::io::{BufRead, BufReader};
    let check = cli(&["--lang", lang, "check"], root);
    let check_line = String::from_utf8_lossy(&check.stdout).lines().last().unwrap_or_default().to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_privacy-site"))
        .args(["--lang", lang, "serve", "--port", "0"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        let done = line.starts_with("built ") || line.starts_with("byggede ");
        lines.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let serve_line =
        lines.iter().find(|l| l.contains(" page(s)") || l.contains(" side(r)")).cloned().unwrap_or_else(|| panic!("serve printed no summary: {lines:?}"));
    (check_line, serve_line)
}

#[test]
fn build_check_and_serve_count_the_same_pages_and_findings() {
    let site = TempSite::real();
    let pages = privacy_site::finding::pages(&privacy_site::Site::load(site.path()).unwrap());
    let (check_da, serve_da) = check_and_serve_summaries(site.path(), "da");
    assert_eq!(check_da, serve_da, "serve's summary is check's");
    assert!(check_da.ends_with(&format!(" på {pages} side(r)")), "{check_da}");
    let (check_en, serve_en) = check_and_serve_summaries(site.path(), "en");
    assert_eq!(check_en, serve_en);
    assert!(check_en.ends_with(&format!(" in {pages} page(s)")) && check_en.contains(" warning(s), "), "{check_en}");
    let out = cli(&["--lang", "en", "build", "--output", "public"], site.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("Built {pages} pages in 2 languages")), "{text}");
    assert!(text.contains(&check_en), "build's summary line is check's: {text}");
}

#[test]
fn serve_startup_errors_and_help() {
    let mut c = Contract::new("serve");
    let site = site_with(GOOD_NOTICE);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    c.expect(2, "a port in use", site.path(), &["serve", "--port", &port]);
    let help = c.expect(0, "--help", site.path(), &["serve", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--port"));
    let preview = std::fs::read_to_string(repo().join("scripts/preview.sh")).unwrap();
    let compile = preview.lines().find(|l| l.starts_with("cargo build")).expect("preview.sh compiles");
    assert!(!compile.contains("--quiet") && !compile.contains("2>"), "preview.sh shows cargo's progress: {compile}");
    c.expect(2, "an unknown --lang", site.path(), &["--lang", "fr", "serve"]);
}

#[test]
fn build_fragments_and_base_url() {
    let mut c = Contract::new("build");
    let good = site_with(GOOD_NOTICE);
    c.expect(0, "--fragments fragments", good.path(), &["build", "--output", "public", "--fragments", "fragments"]);
    c.expect(0, "--fragments again, into its own earlier fragments", good.path(), &["build", "--output", "public", "--fragments", "fragments"]);
    c.expect(2, "--fragments content/", good.path(), &["build", "--output", "public", "--fragments", "content"]);
    c.expect(2, "--fragments inside the output", good.path(), &["build", "--output", "public", "--fragments", "public/f"]);
    c.expect(0, "--base-url with a path", good.path(), &["build", "--output", "public", "--base-url", "https://www.lejre.dk/privatliv/"]);
    c.expect(2, "--base-url that is not an http(s) URL", good.path(), &["build", "--output", "public", "--base-url", "www.lejre.dk/privatliv"]);
    c.expect(1, "a link above the site's root", site_with(&format!("{GOOD_NOTICE}\n[op](../../nope/)\n")).path(), &["build", "--output", "public"]);
}
