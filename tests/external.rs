//! `check --external` against a web server on the loopback interface (CI has no
//! network): gone pages are errors at their Markdown line, slow hosts time out as
//! warnings, good answers are cached, and no host gets more than `per_host`
//! requests at once. Without `--external` nothing is fetched.

mod common;
use common::*;
use privacy_site::check::external::{self, ExternalLink, Use};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A loopback web server that counts requests per path and the most it served at once.
struct Server {
    base: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
    max_active: Arc<AtomicUsize>,
}

impl Server {
    /// `/ok` 200, `/gone` 404, `/moved` 301 to `/ok`, `/slow` answers after 3 s,
    /// `/busy…` after 300 ms.
    fn start() -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let base = format!("http://{}", server.server_addr().to_ip().unwrap());
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let active = Arc::new(AtomicUsize::new(0));
        let max_active = Arc::new(AtomicUsize::new(0));
        let (h, a, m) = (hits.clone(), active.clone(), max_active.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let (h, a, m) = (h.clone(), a.clone(), m.clone());
                std::thread::spawn(move || {
                    let now = a.fetch_add(1, Ordering::SeqCst) + 1;
                    m.fetch_max(now, Ordering::SeqCst);
                    let path = request.url().to_string();
                    *h.lock().unwrap().entry(path.clone()).or_insert(0) += 1;
                    let response = match path.as_str() {
                        "/ok" => tiny_http::Response::from_string("ok"),
                        "/gone" => tiny_http::Response::from_string("gone").with_status_code(404),
                        "/moved" => {
                            tiny_http::Response::from_string("").with_status_code(301).with_header("Location: /ok".parse::<tiny_http::Header>().unwrap())
                        }
                        "/slow" => {
                            std::thread::sleep(Duration::from_secs(3));
                            tiny_http::Response::from_string("late")
                        }
                        p if p.starts_with("/busy") => {
                            std::thread::sleep(Duration::from_millis(300));
                            tiny_http::Response::from_string("busy")
                        }
                        _ => tiny_http::Response::from_string("?").with_status_code(500),
                    };
                    a.fetch_sub(1, Ordering::SeqCst);
                    let _ = request.respond(response);
                });
            }
        });
        Server { base, hits, max_active }
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

/// A Danish site whose notice links to the server's paths; returns it and the page text.
fn site_linking_to(server: &Server) -> (TempSite, String) {
    let site = TempSite::danish();
    let b = &server.base;
    let links = format!("Se [god]({b}/ok), [væk]({b}/gone#afsnit), [flyttet]({b}/moved) og [langsom]({b}/slow).");
    let text = GOOD_NOTICE.replace("Indledning.", &links);
    site.write("content/n.md", &text);
    (site, text)
}

fn json(out: &std::process::Output) -> Vec<serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    // The external-link findings about the loopback server (its http:// links are
    // also `link-insecure` warnings, which are not what these tests are about).
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("external-") && f["message"].as_str().unwrap().contains("127.0.0.1"))
        .cloned()
        .collect()
}

/// The "(N from the cache)" count that `check --external --lang en` prints on stderr.
fn cached(out: &std::process::Output) -> usize {
    let err = String::from_utf8_lossy(&out.stderr);
    let (_, rest) = err.split_once(" hosts (").unwrap_or_else(|| panic!("no external summary in: {err}"));
    rest.split(' ').next().unwrap().parse().unwrap()
}

#[test]
fn gone_links_are_errors_slow_ones_warnings_and_good_answers_are_cached() {
    let server = Server::start();
    let (site, text) = site_linking_to(&server);
    let line = text.lines().position(|l| l.contains("/gone")).unwrap() + 1;
    let args = ["--lang", "en", "check", "--external", "--external-timeout", "1", "--format", "json"];

    let first = cli(&args, site.path());
    assert_eq!(first.status.code(), Some(1), "{}", String::from_utf8_lossy(&first.stderr));
    let findings = json(&first);
    let summary: Vec<(String, String, u64)> =
        findings.iter().map(|f| (f["rule"].as_str().unwrap().into(), f["severity"].as_str().unwrap().into(), f["line"].as_u64().unwrap())).collect();
    assert_eq!(
        summary,
        [("external-link-broken".into(), "error".into(), line as u64), ("external-link-unreachable".into(), "warning".into(), line as u64)],
        "{findings:#?}"
    );
    assert!(findings[0]["message"].as_str().unwrap().contains(&format!("{}/gone", server.base)), "the fragment is dropped, the URL named");
    assert!(findings[0]["file"].as_str().unwrap().ends_with("content/n.md"));
    assert_eq!((server.hits("/ok"), server.hits("/gone"), server.hits("/moved")), (2, 1, 1), "each URL fetched once; /moved followed to /ok");
    assert_eq!(cached(&first), 0);
    assert!(site.path().join(".cache/external-links.json").is_file());

    let second = cli(&args, site.path());
    assert_eq!(json(&second).len(), 2);
    assert_eq!((server.hits("/ok"), server.hits("/gone")), (2, 2), "good answers come from the cache, failures are asked again");
    assert!(cached(&second) >= 2, "/ok and /moved come from the cache");

    let fresh = cli(&[&args[..], &["--external-max-age", "0"]].concat(), site.path());
    assert_eq!(json(&fresh).len(), 2);
    assert_eq!(server.hits("/ok"), 4, "max age 0 asks again");
}

#[test]
fn without_external_nothing_is_fetched_and_the_links_can_be_listed() {
    let server = Server::start();
    let (site, text) = site_linking_to(&server);
    let out = cli(&["check", "--format", "json"], site.path());
    assert!(json(&out).is_empty());
    let listed = cli(&["check", "--list-external"], site.path());
    assert_eq!(listed.status.code(), Some(0));
    let listed = String::from_utf8(listed.stdout).unwrap();
    let line = text.lines().position(|l| l.contains("/gone")).unwrap() + 1;
    assert!(listed.contains(&format!("{}/gone\n  content/n.md:{line}  /n/\n", server.base)), "{listed}");
    assert!(listed.contains("https://www.datatilsynet.dk\n"), "links from contact blocks are listed too: {listed}");
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(server.hits.lock().unwrap().len(), 0, "no request without --external");
}

#[test]
fn links_under_a_skip_prefix_are_listed_but_never_fetched() {
    let server = Server::start();
    let (site, _) = site_linking_to(&server);
    let config = site.read("config.toml");
    site.write("config.toml", &format!("{config}\n[link_checker]\nskip_prefixes = [\"{}/slow\"]\n", server.base));
    let out = cli(&["--lang", "en", "check", "--external", "--external-timeout", "1", "--format", "json"], site.path());
    let rules: Vec<String> = json(&out).iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect();
    assert_eq!(rules, ["external-link-broken"], "the slow link is not reported");
    assert_eq!(server.hits("/slow"), 0, "nor fetched");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 skipped by [link_checker] skip_prefixes"));
    let listed = String::from_utf8(cli(&["--lang", "en", "check", "--list-external"], site.path()).stdout).unwrap();
    assert!(listed.contains(&format!("{}/slow  (skipped: [link_checker] skip_prefixes)\n", server.base)), "{listed}");
}

#[test]
fn no_host_gets_more_than_per_host_requests_at_once() {
    for per_host in [1, 2] {
        let server = Server::start();
        let links: Vec<ExternalLink> = (0..6)
            .map(|i| ExternalLink { url: format!("{}/busy{i}", server.base), uses: vec![Use { file: "content/n.md".into(), line: i, page: "/n/".into() }] })
            .collect();
        let opts = external::Options { per_host, workers: 8, timeout: Duration::from_secs(5), ..external::Options::default() };
        let report = external::check(&links, &opts);
        assert!(report.findings.is_empty(), "{:?}", report.findings);
        assert_eq!((report.urls, report.hosts), (6, 1));
        assert_eq!(server.max_active.load(Ordering::SeqCst), per_host, "per_host = {per_host}");
    }
}
