//! `privacy-site serve` end to end: the real site, copied into a temporary folder,
//! served on a free port and fetched with a minimal HTTP/1.0 client.

mod common;

use common::{repo, TempSite};
use privacy_site::pipeline::{self, Options};
use privacy_site::render::templates::Templates;
use privacy_site::serve::{self, ServeOptions, ServerHandle};
use privacy_site::write::MemoryOutput;
use privacy_site::Site;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

fn start(root: &Path) -> ServerHandle {
    let opts = ServeOptions { port: 0, log: false, ..ServeOptions::new(root) };
    serve::start(opts).expect("serve starts")
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Sends `METHOD target HTTP/1.0` exactly as given (no normalisation).
fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    write!(stream, "{method} {target} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    Reply { status, head, body: raw[split + 4..].to_vec() }
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target)
}

fn state(addr: SocketAddr) -> serde_json::Value {
    serde_json::from_slice(&get(addr, "/__privacy_site/errors.json").body).unwrap()
}

#[test]
fn serves_the_site_and_nothing_else() {
    let site = TempSite::real();
    let server = start(site.path());
    let addr = server.addr();
    assert!(addr.ip().is_loopback());
    assert!(server.url().starts_with("http://127.0.0.1:"), "{}", server.url());

    let page = get(addr, "/vores-dialog/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("Content-Type").as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(page.header("Cache-Control").as_deref(), Some("no-store"));
    let html = page.text();
    assert!(html.contains("Vores Dialog"), "{html}");
    assert!(html.contains("<script src=\"/__privacy_site/livereload.js?gen=1\"></script>"), "live-reload script");
    assert!(html.contains("script-src 'self'") && html.contains("connect-src 'self'"), "relaxed CSP in serve");

    // Without the trailing slash, and the English translation.
    assert_eq!(get(addr, "/vores-dialog").status, 200);
    assert_eq!(get(addr, "/en/vores-dialog/").status, 200);
    let css = get(addr, "/style.css");
    assert_eq!((css.status, css.header("Content-Type").as_deref()), (200, Some("text/css; charset=utf-8")));
    assert_eq!(get(addr, "/sitemap.xml").header("Content-Type").as_deref(), Some("application/xml; charset=utf-8"));
    let script = get(addr, "/__privacy_site/livereload.js");
    assert_eq!(script.header("Content-Type").as_deref(), Some("text/javascript; charset=utf-8"));
    assert!(script.text().contains("location.reload()"));

    // HEAD: same headers, no body.
    let head = request(addr, "HEAD", "/vores-dialog/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(head.header("Content-Type"), page.header("Content-Type"));
    assert_eq!(head.header("Content-Length").map(|l| l.parse::<usize>().unwrap()), Some(page.body.len()));
    assert_eq!(request(addr, "POST", "/vores-dialog/").status, 405);

    // Nothing outside the output, however it is spelt.
    let secret = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
    for target in [
        "/../config.toml",
        "/%2e%2e/config.toml",
        "/%2E%2E/config.toml",
        "/..%2fconfig.toml",
        "/..%2Fconfig.toml",
        "/..\\config.toml",
        "/%5c..%5cconfig.toml",
        "//etc/passwd",
        "/en/../../Cargo.toml",
        "/en/%2e%2e/%2e%2e/Cargo.toml",
        "/config.toml",
        "/content/vores-dialog.md",
        "/a%00b",
    ] {
        let reply = get(addr, target);
        assert_eq!(reply.status, 404, "{target}");
        assert!(!reply.text().contains("base_url"), "{target} leaked {secret:.40}");
    }

    // The 404 page, in the language of the path.
    let da = get(addr, "/findes-ikke/");
    assert_eq!(da.status, 404);
    assert!(da.text().contains("Siden findes ikke"), "{}", da.text());
    let en = get(addr, "/en/no-such-page/");
    assert_eq!(en.status, 404);
    assert!(en.text().contains("Page not found"), "{}", en.text());
    assert!(request(addr, "HEAD", "/en/no-such-page/").body.is_empty());

    server.stop();
    // Stopped: the port no longer answers.
    let answered = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok().is_some_and(|mut s| {
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let _ = s.write_all(b"GET / HTTP/1.0\r\n\r\n");
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).is_ok_and(|n| n > 0)
    });
    assert!(!answered, "the server still answers after stop()");
}

#[test]
fn edits_rebuild_and_reload_and_broken_edits_keep_the_old_page() {
    let site = TempSite::real();
    let server = start(site.path());
    let addr = server.addr();
    let file = site.path().join("content/vores-dialog.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let old_sentence = "Her kan du læse, hvordan Lejre Kommune";
    let new_sentence = "Her kan du nu læse præcis, hvordan Lejre Kommune";
    assert!(original.contains(old_sentence));
    assert!(get(addr, "/vores-dialog/").text().contains(old_sentence));
    assert_eq!(server.version(), 1);
    assert!(server.errors().is_empty(), "the real site builds without errors: {:?}", server.errors());

    // A browser tab waiting for the next version, as the live-reload script does.
    let poll = std::thread::spawn(move || {
        let reply = get(addr, "/__privacy_site/version?since=1");
        (Instant::now(), serde_json::from_slice::<serde_json::Value>(&reply.body).unwrap())
    });
    std::thread::sleep(Duration::from_millis(300));
    let saved = Instant::now();
    std::fs::write(&file, original.replace(old_sentence, new_sentence)).unwrap();
    let (reloaded, event) = poll.join().unwrap();
    let took = reloaded - saved;
    eprintln!("save → reload event: {} ms", took.as_millis());
    assert!(took < WAIT, "{took:?}");
    assert_eq!(event["version"], 2, "{event}");
    assert_eq!(event["output"], 2, "the served output changed, so the tab reloads: {event}");
    assert_eq!(event["errors"], serde_json::json!([]));
    let last = server.last_rebuild();
    eprintln!("incremental rebuild: {} pages in {} ms", last.pages, last.elapsed.as_millis());
    assert!(last.incremental && last.committed, "{last:?}");
    // Content pages only (privacy_site::finding::pages): the edited page, not all 18.
    assert!(last.pages >= 1 && last.pages < 18, "the edited page and what shows it, not all: {last:?}");
    let html = get(addr, "/vores-dialog/").text();
    assert!(html.contains(new_sentence) && !html.contains(old_sentence));
    assert!(html.contains("livereload.js?gen=2"));
    // The incremental rebuild serves exactly what a full build of the edited site gives.
    let full = full_build(site.path(), Some(serve::LIVE_RELOAD_URL));
    for (name, body) in full.files.read().unwrap().iter() {
        let target = format!("/{}", name.strip_suffix("index.html").unwrap_or(name));
        let served = get(addr, &target);
        assert_eq!(served.status, 200, "{target}");
        assert_eq!(served.text().replace("livereload.js?gen=2", "livereload.js"), String::from_utf8_lossy(body), "{target}");
    }

    // A broken edit: the error is listed with file and line, the old page stays.
    let fixed = std::fs::read_to_string(&file).unwrap();
    let title_line = fixed.lines().position(|l| l.starts_with("title = ")).unwrap() + 1;
    let broken: String = fixed.lines().map(|l| if l.starts_with("title = ") { "title = " } else { l }).collect::<Vec<_>>().join("\n");
    std::fs::write(&file, broken.replace(new_sentence, "Denne tekst må ikke blive vist")).unwrap();
    assert!(server.wait_for_version(3, WAIT), "rebuilt after the broken edit");
    let status = state(addr);
    assert_eq!(status["version"], 3);
    assert_eq!(status["output"], 2, "the broken build did not replace the output: {status}");
    let errors = status["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["file"] == "content/vores-dialog.md" && e["line"] == title_line && e["rule"] == "front-matter" && e["page"] == "/vores-dialog/"),
        "{status}"
    );
    let page = get(addr, "/vores-dialog/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains(new_sentence) && !page.text().contains("Denne tekst"));
    // The long-poll answers at once for an older version and carries the errors.
    let poll: serde_json::Value = serde_json::from_slice(&get(addr, "/__privacy_site/version?since=2").body).unwrap();
    assert_eq!(poll["errors"], status["errors"]);

    // Fixing it clears the errors and serves the fixed page.
    std::fs::write(&file, fixed.replace(new_sentence, "Her kan du igen læse, hvordan Lejre Kommune")).unwrap();
    assert!(server.wait_for_version(4, WAIT), "rebuilt after the fix");
    assert!(server.last_rebuild().incremental, "the page set is back to the served one: {:?}", server.last_rebuild());
    let status = state(addr);
    assert_eq!(status["errors"], serde_json::json!([]), "{status}");
    assert_eq!(status["output"], 3);
    assert!(get(addr, "/vores-dialog/").text().contains("Her kan du igen læse"));
    server.stop();
}

#[test]
fn template_errors_are_reported_and_keep_the_old_site() {
    let site = TempSite::real();
    let server = start(site.path());
    let addr = server.addr();
    let before = get(addr, "/").text();
    let base = site.path().join("templates/base.html");
    let original = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, format!("{original}\n{{% if %}}\n")).unwrap();
    assert!(server.wait_for_version(2, WAIT));
    let errors = server.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].file.as_str(), errors[0].rule.as_str(), errors[0].page.as_str()),
        ("templates/base.html", "build", ""),
        "a template error shows on every page"
    );
    assert_eq!(errors[0].line, original.lines().count() + 2);
    assert_eq!(get(addr, "/").text(), before);
    std::fs::write(&base, &original).unwrap();
    assert!(server.wait_for_version(3, WAIT));
    assert!(server.errors().is_empty());
    server.stop();
}

/// The whole site built in memory, as `build` (no live reload) or `serve` does.
fn full_build(root: &Path, live_reload: Option<&str>) -> MemoryOutput {
    let site = Site::load(root).unwrap();
    let templates = Templates::for_site(&site).unwrap();
    let output = MemoryOutput::default();
    let opts = Options { live_reload: live_reload.map(str::to_string), ..Options::default() };
    pipeline::run(&site, &templates, &output, &opts).unwrap();
    output
}

#[test]
fn build_output_has_no_live_reload_script() {
    let output = full_build(&repo(), None);
    let files = output.files.read().unwrap();
    let page = String::from_utf8_lossy(&files["vores-dialog/index.html"]).into_owned();
    assert!(page.contains("script-src 'none'"));
    for (name, body) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = String::from_utf8_lossy(body);
        assert!(!html.contains("<script") && !html.contains("__privacy_site"), "{name}");
    }
}

/// The errors a fresh `check` of the site at `root` reports, as serve lists them.
fn check_errors(root: &Path) -> Vec<(String, usize, String, String)> {
    let site = Site::load(root).unwrap();
    let templates = Templates::for_site(&site).unwrap();
    let outcome = pipeline::run(&site, &templates, &privacy_site::write::NoOutput, &Options::default()).unwrap();
    let mut errors: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.severity == privacy_site::Severity::Error)
        // In the run's language, as serve shows them.
        .map(|f| {
            let message = privacy_site::messages::translate(f.rule, &f.message, privacy_site::messages::current());
            (f.file.to_string_lossy().into_owned(), f.line, f.rule.to_string(), message)
        })
        .collect();
    errors.sort();
    errors
}

fn served_errors(server: &ServerHandle) -> Vec<(String, usize, String, String)> {
    let mut errors: Vec<_> = server.errors().into_iter().map(|e| (e.file, e.line, e.rule, e.message)).collect();
    errors.sort();
    errors
}

#[test]
fn a_third_party_font_stays_reported_across_content_edits() {
    let site = TempSite::real();
    let style = site.path().join("sass/style.scss");
    let sass = std::fs::read_to_string(&style).unwrap();
    std::fs::write(&style, format!("{sass}\n@font-face {{ font-family: Fremmed; src: url(\"https://fonts.example.com/f.woff2\"); }}\n")).unwrap();
    let server = start(site.path());
    let expected = check_errors(site.path());
    assert!(expected.iter().any(|e| e.2 == "third-party-resource" && e.0 == "sass/style.scss"), "{expected:?}");
    assert_eq!(served_errors(&server), expected);

    let page = site.path().join("content/borgerservice.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nEn ny sætning.\n")).unwrap();
    assert!(server.wait_for_version(2, WAIT));
    assert!(server.last_rebuild().incremental, "{:?}", server.last_rebuild());
    assert_eq!(served_errors(&server), check_errors(site.path()), "the font is still reported after an edit");
    server.stop();
}

#[test]
fn serves_from_the_folders_the_config_names_and_survives_a_replaced_content_folder() {
    let site = TempSite::real();
    let root = site.path();
    std::fs::create_dir(root.join("theme")).unwrap();
    std::fs::rename(root.join("templates"), root.join("theme/html")).unwrap();
    std::fs::rename(root.join("sass"), root.join("theme/scss")).unwrap();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    std::fs::write(root.join("config.toml"), format!("templates_dir = \"theme/html\"\nsass_dir = \"theme/scss\"\n{config}")).unwrap();
    let server = start(root);
    assert!(server.errors().is_empty(), "{:?}", server.errors());
    assert_eq!(get(server.addr(), "/vores-dialog/").status, 200);

    // A template under templates_dir is watched.
    let base = root.join("theme/html/base.html");
    let html = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, html.replace("</body>", "<p>Tema-markør</p>\n</body>")).unwrap();
    assert!(eventually(|| get(server.addr(), "/").text().contains("Tema-markør")), "a template under templates_dir is watched");

    // content/ renamed away and back (as some editors and sync tools do) …
    let before = server.version();
    std::fs::rename(root.join("content"), root.join("content-away")).unwrap();
    assert!(server.wait_for_version(before + 1, WAIT), "the folder's disappearance is seen");
    std::fs::rename(root.join("content-away"), root.join("content")).unwrap();
    assert!(eventually(|| server.errors().is_empty() && get(server.addr(), "/vores-dialog/").status == 200), "its return is seen");
    // … and a later edit in it still reloads.
    let page = root.join("content/vores-dialog.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Her kan du læse, hvordan Lejre Kommune", "Her kan du nu læse, hvordan Lejre Kommune")).unwrap();
    assert!(eventually(|| get(server.addr(), "/vores-dialog/").text().contains("Her kan du nu læse")), "the watch was renewed");
    server.stop();
}

/// Whether `condition` holds within [`WAIT`], asked every 20 ms.
fn eventually(condition: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}
