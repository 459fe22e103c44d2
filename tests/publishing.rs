//! Publishing (issue 12): clean, reproducible output; a base URL with a path,
//! followed link by link through a real HTTP server; fragments for a CMS.

mod common;
use common::*;
use privacy_site::Site;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir` (relative path → bytes), in a stable order.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    out
}

/// Builds the site at `root` into `output` with extra arguments; panics unless it exits 0.
fn build(root: &Path, output: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--output", output.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = cli(&args, root);
    assert!(out.status.success(), "build failed: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn output_has_plain_slashes_and_two_builds_are_byte_identical() {
    let site = TempSite::real();
    let (a, b) = (site.path().join("out-a"), site.path().join("out-b"));
    build(site.path(), &a, &[]);
    build(site.path(), &b, &[]);
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 20, "the real site writes more than 20 files, got {}", fa.len());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>(), "the two builds wrote different files");
    for (name, bytes) in &fa {
        assert!(fb[name] == *bytes, "{name} differs between two builds of the same sources");
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("&#x2F;"), "{name} writes a slash as &#x2F;");
    }
    let home = String::from_utf8_lossy(&fa["index.html"]).into_owned();
    assert!(home.contains("href=\"/en/\""), "the language switcher links to /en/ with plain slashes");
}

/// A static file server (tiny_http) over `root`, like a web server's document root:
/// `/x/` serves `x/index.html`, `/x` redirects to `/x/` if `x` is a folder, anything
/// else is 404. Returns its address; the thread ends with the test process.
fn static_server(root: &Path) -> std::net::SocketAddr {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let addr = server.server_addr().to_ip().unwrap();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().split(['?', '#']).next().unwrap_or_default().to_string();
            let decoded = percent_encoding::percent_decode_str(&path).decode_utf8_lossy().into_owned();
            let response = if decoded.split('/').any(|s| s == "..") {
                tiny_http::Response::from_string("bad").with_status_code(400)
            } else {
                let file = root.join(decoded.trim_start_matches('/'));
                if file.is_dir() && !decoded.ends_with('/') {
                    tiny_http::Response::from_string("")
                        .with_status_code(301)
                        .with_header(tiny_http::Header::from_bytes("Location", format!("{path}/")).unwrap())
                } else {
                    let file = if file.is_dir() { file.join("index.html") } else { file };
                    match std::fs::read(&file) {
                        Ok(bytes) => tiny_http::Response::from_data(bytes),
                        Err(_) => tiny_http::Response::from_string("not found").with_status_code(404),
                    }
                }
            };
            let _ = request.respond(response);
        }
    });
    addr
}

/// The status code of `GET path` (no redirects followed).
fn status_of(addr: std::net::SocketAddr, path: &str) -> u16 {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
    head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn a_site_under_a_path_works_link_by_link_through_a_real_server() {
    const BASE: &str = "https://www.lejre.dk/privatliv";
    let site = TempSite::real();
    // The web server's document root is the parent; the site is its /privatliv/.
    let docroot = site.path().join("docroot");
    let out = docroot.join("privatliv");
    build(site.path(), &out, &["--base-url", &format!("{BASE}/")]);
    let addr = static_server(&docroot);
    let local = url::Url::parse(&format!("http://{addr}/privatliv/")).unwrap();
    let attr = regex::Regex::new(r#"\s(?:href|src|action|srcset)="([^"]*)""#).unwrap();
    let absolute = regex::Regex::new(r#"https?://[^\s"'<>)]+"#).unwrap();
    let mut checked = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    let all = files(&out);
    let pages: Vec<&String> = all.keys().filter(|k| k.ends_with(".html")).collect();
    assert!(pages.len() >= 20, "the real site has at least 20 HTML pages, found {}", pages.len());
    for (name, bytes) in &all {
        let text = String::from_utf8_lossy(bytes);
        // Where the file is served, to resolve its relative links.
        let here = local.join(&name.replace("index.html", "")).unwrap();
        let mut urls: Vec<String> = Vec::new();
        if name.ends_with(".html") {
            urls.extend(attr.captures_iter(&text).map(|c| c[1].to_string()));
        }
        // Absolute URLs anywhere (hreflang, sitemap, feeds, notice.json, robots.txt).
        urls.extend(absolute.find_iter(&text).map(|m| m.as_str().trim_end_matches(['.', ',']).to_string()));
        for raw in urls {
            let raw = raw.replace("&amp;", "&");
            let link = if let Some(rest) = raw.strip_prefix(BASE) {
                // Under the base URL: the same path on the local server.
                if !(rest.is_empty() || rest.starts_with('/')) {
                    continue;
                }
                local.join(&format!("/privatliv{rest}")).unwrap()
            } else if raw.starts_with("http://") || raw.starts_with("https://") || raw.starts_with("//") || raw.contains(':') && !raw.starts_with('/') {
                continue; // another site, mailto:, tel:
            } else {
                here.join(&raw).unwrap()
            };
            if link.path() != "/privatliv" && !link.path().starts_with("/privatliv/") {
                problems.push(format!("{name}: `{raw}` leads outside /privatliv/ ({})", link.path()));
                continue;
            }
            if checked.insert(link.path().to_string()) {
                let status = status_of(addr, link.path());
                if status != 200 {
                    problems.push(format!("{name}: `{raw}` answers {status} ({})", link.path()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} broken:\n{}", problems.len(), problems.join("\n"));
    assert!(checked.len() >= 20, "followed only {} distinct links", checked.len());
    for must in ["/privatliv/", "/privatliv/en/", "/privatliv/sitemap.xml", "/privatliv/vores-dialog/notice.json", "/privatliv/en/atom.xml"] {
        assert!(checked.contains(must), "no page links to {must}; followed: {checked:?}");
    }
    assert!(checked.iter().any(|p| p.ends_with(".css")), "the stylesheet was followed");
    let home = String::from_utf8_lossy(&all["index.html"]).into_owned();
    assert!(home.contains(r#"href="/privatliv/en/""#), "the switcher points under the path");
    assert!(home.contains(r#"hreflang="en" href="https://www.lejre.dk/privatliv/en/""#), "hreflang is absolute under the path");
    let robots = String::from_utf8_lossy(&all["robots.txt"]).into_owned();
    assert!(robots.contains("Sitemap: https://www.lejre.dk/privatliv/sitemap.xml") && robots.contains("Allow: /privatliv/\n"), "{robots}");
}

#[test]
fn a_link_above_the_sites_root_is_broken_and_a_link_under_the_path_is_explained() {
    let site = site_with(&format!("{GOOD_NOTICE}\n[op](../../nope/) og [dobbelt](/privatliv/n/)\n"));
    site.write("config.toml", &site.read("config.toml").replace("base_url = \"https://privatliv.lejre.dk\"", "base_url = \"https://www.lejre.dk/privatliv\""));
    assert!(site.read("config.toml").contains("https://www.lejre.dk/privatliv"), "the fixture's config names the base URL");
    let outcome = site.check();
    let broken = with_rule(&outcome, "link-broken");
    let text = site.read("content/n.md");
    let above = broken.iter().find(|f| f.message.contains("../../nope/")).unwrap_or_else(|| panic!("no finding for ../../nope/: {}", describe(&broken)));
    assert!(above.message.contains("climbs above the site's root"), "{}", above.message);
    assert_eq!((above.file.to_str(), above.line), (Some("content/n.md"), line_of(&text, "../../nope/")));
    let doubled = broken.iter().find(|f| f.message.contains("/privatliv/n/")).unwrap_or_else(|| panic!("no finding for /privatliv/n/: {}", describe(&broken)));
    assert!(doubled.help.contains("write /n/"), "{}", doubled.help);
}

/// Every selector of `css` with the at-rule it sits in (`""` at the top level).
/// A small reader of its own, so that it does not share the scoping code's faults.
fn selectors(css: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut prelude = String::new();
    let mut quote: Option<char> = None;
    let mut depth_paren = 0;
    for c in css.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            prelude.push(c);
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                prelude.push(c);
            }
            '(' | '[' => {
                depth_paren += 1;
                prelude.push(c);
            }
            ')' | ']' => {
                depth_paren -= 1;
                prelude.push(c);
            }
            '{' => {
                let p = prelude.trim().to_string();
                let inside = stack.last().cloned().unwrap_or_default();
                if !p.starts_with('@') && !inside.starts_with("@keyframes") && !inside.starts_with("@font-face") && !inside.starts_with("rule") {
                    let mut depth = 0;
                    let mut start = 0;
                    for (i, ch) in p.char_indices() {
                        match ch {
                            '(' | '[' => depth += 1,
                            ')' | ']' => depth -= 1,
                            ',' if depth == 0 => {
                                out.push((inside.clone(), p[start..i].trim().to_string()));
                                start = i + 1;
                            }
                            _ => {}
                        }
                    }
                    out.push((inside.clone(), p[start..].trim().to_string()));
                }
                stack.push(if p.starts_with('@') { p } else { "rule".into() });
                prelude.clear();
            }
            '}' => {
                stack.pop();
                prelude.clear();
            }
            ';' if depth_paren == 0 => prelude.clear(),
            _ => prelude.push(c),
        }
    }
    out
}

#[test]
fn fragments_hold_each_pages_main_with_its_facts_and_a_scoped_stylesheet() {
    let site = TempSite::real();
    let (out, frag) = (site.path().join("public"), site.path().join("fragments"));
    build(site.path(), &out, &["--fragments", frag.to_str().unwrap(), "--base-url", "https://www.lejre.dk/privatliv"]);
    let all = files(&frag);
    let pages = Site::load(site.path()).unwrap().pages.len();
    let jsons: Vec<&String> = all.keys().filter(|k| k.ends_with(".json")).collect();
    assert_eq!(jsons.len(), pages, "one JSON per content page");
    let url_attr = regex::Regex::new(r#"\s(?:href|src)="([^"]*)""#).unwrap();
    for json_name in jsons {
        let name = json_name.trim_end_matches(".json");
        let meta: serde_json::Value = serde_json::from_slice(&all[json_name.as_str()]).unwrap();
        let html = String::from_utf8(all[&format!("{name}.html")].clone()).unwrap();
        let lang = meta["language"].as_str().unwrap();
        assert!(html.starts_with(&format!("<div class=\"privacy-site\" lang=\"{lang}\">")), "{name}: {}", &html[..80.min(html.len())]);
        assert!(html.trim_end().ends_with("</div>"), "{name}");
        for not in ["<main", "<header", "<footer", "<html", "<head", "<body", "<link", "<script"] {
            assert!(!html.contains(not), "{name} holds {not}");
        }
        assert_eq!(html.matches("<h1").count(), 1, "{name} has its one heading");
        assert!(html.contains(&crate_escape(meta["title"].as_str().unwrap())), "{name} shows its title");
        for href in url_attr.captures_iter(&html) {
            let h = &href[1];
            assert!(
                h.starts_with('#') || h.starts_with("https://") || h.starts_with("mailto:") || h.starts_with("tel:"),
                "{name}: `{h}` is neither absolute nor on the page"
            );
        }
        let url = meta["url"].as_str().unwrap();
        assert!(url.starts_with("https://www.lejre.dk/privatliv/"), "{name}: {url}");
        let expected_url = format!("https://www.lejre.dk/privatliv/{}/", name.trim_end_matches("index").trim_end_matches('/'));
        assert_eq!(url.replace("privatliv//", "privatliv/"), expected_url.replace("privatliv//", "privatliv/"), "{name}");
        let other = &meta["other_language"];
        assert_eq!(other["language"].as_str(), Some(if lang == "da" { "en" } else { "da" }), "{name}");
        let other_url = other["url"].as_str().unwrap();
        let other_name = other_url.trim_start_matches("https://www.lejre.dk/privatliv/").trim_end_matches('/');
        let other_name = if other_name.is_empty() || other_name == "en" {
            format!("{other_name}/index").trim_start_matches('/').to_string()
        } else {
            other_name.to_string()
        };
        assert!(all.contains_key(&format!("{other_name}.json")), "{name}: the other language's page {other_url} has a fragment ({other_name}.json)");
        assert!(meta["title"].as_str().is_some_and(|t| !t.is_empty()) && meta["description"].is_string(), "{name}");
        for key in ["errors", "warnings", "notes"] {
            assert!(meta["findings"][key].is_u64(), "{name}: findings.{key}");
        }
    }
    let notice: serde_json::Value = serde_json::from_slice(&all["vores-dialog.json"]).unwrap();
    // Its latest [[changes]] entry, as the page itself shows it (its date is 2026-11-25).
    assert_eq!(notice["last_change"], "2026-11-26");
    assert_eq!(notice["findings"]["errors"], 0);
    // The stylesheet: every selector under the wrapper.
    let css = String::from_utf8(all["privacy-site.css"].clone()).unwrap();
    let sels = selectors(&css);
    assert!(sels.len() > 30, "the real stylesheet has more than 30 selectors, read {}", sels.len());
    let stray: Vec<_> = sels.iter().filter(|(_, s)| !s.starts_with(".privacy-site")).collect();
    assert!(stray.is_empty(), "selectors outside .privacy-site: {stray:?}");
    assert!(!css.contains("100vh"), "the page layout of body is left out");
    // The reader is not blind: the site's own stylesheet has selectors outside the scope.
    let site_css = files(&out).into_iter().find(|(k, _)| k.ends_with(".css")).unwrap().1;
    assert!(selectors(&String::from_utf8(site_css).unwrap()).iter().any(|(_, s)| s == "body"));
}

/// A title as the templates write it.
fn crate_escape(text: &str) -> String {
    privacy_site::render::templates::escape_html(text)
}

#[test]
fn the_fragments_folder_follows_the_output_folders_rules() {
    let site = TempSite::real();
    let root = site.path().to_str().unwrap();
    for (fragments, says) in [("content", "content"), ("public/fragments", "overlap"), (".", "")] {
        let out = cli(&["build", "--root", root, "--output", "public", "--fragments", fragments], site.path());
        assert_eq!(out.status.code(), Some(2), "--fragments {fragments}: {}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "--fragments {fragments}: {stderr}");
        assert!(!site.path().join("public").exists(), "--fragments {fragments}: nothing was written");
        assert!(!site.path().join("content/index.html").exists() && !site.path().join("content/privacy-site.css").exists());
    }
}

#[test]
fn serve_previews_under_the_base_urls_path() {
    use std::io::{BufRead, BufReader};
    let site = TempSite::real();
    site.write("config.toml", &site.read("config.toml").replace("base_url = \"https://privatliv.lejre.dk\"", "base_url = \"https://www.lejre.dk/privatliv\""));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_privacy-site"))
        .args(["serve", "--port", "0"])
        .current_dir(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let url = first.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_default().to_string();
    let get = |path: &str| -> (u16, String) {
        use std::io::{Read, Write};
        let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        (answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0), answer)
    };
    let results = [get("/"), get("/privatliv/"), get("/privatliv/en/vores-dialog/"), get("/vores-dialog/"), get("/privatliv/nope/")];
    // base_url edited while previewing: the preview moves to the new path.
    site.write("config.toml", &site.read("config.toml").replace("https://www.lejre.dk/privatliv", "https://www.lejre.dk/persondata"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut moved = get("/persondata/");
    while moved.0 != 200 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
        moved = get("/persondata/");
    }
    let old_path = get("/privatliv/");
    let _ = child.kill();
    let _ = child.wait();
    assert!(url.ends_with("/privatliv/"), "serve prints the address under the path: {first}");
    assert_eq!(results[0].0, 302, "/ redirects to the path");
    assert!(results[0].1.to_ascii_lowercase().contains("location: /privatliv/"), "{}", results[0].1);
    assert_eq!(results[1].0, 200);
    assert!(results[1].1.contains("href=\"/privatliv/en/\""), "links in the preview are under the path");
    assert_eq!(results[2].0, 200);
    assert_eq!(results[3].0, 404, "outside the path there is nothing");
    assert_eq!(results[4].0, 404);
    assert!(results[4].1.contains("lang=\"da\""), "the site's own 404 page under the path");
    assert_eq!(moved.0, 200, "the edited base_url's path is served: {}", moved.1);
    assert!(moved.1.contains("href=\"/persondata/en/\""), "its links are under the new path");
    assert_eq!(old_path.0, 404, "the old path is gone");
}

#[test]
fn check_matrix_file_links_to_the_published_pages_under_the_base_url() {
    let site = TempSite::real();
    site.write("config.toml", &site.read("config.toml").replace("base_url = \"https://privatliv.lejre.dk\"", "base_url = \"https://www.lejre.dk/privatliv\""));
    let out = cli(&["check", "--matrix", "matrix.html"], site.path());
    assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let html = site.read("matrix.html");
    let links: Vec<&str> = regex::Regex::new(r##"\s(?:href|src)="([^"#][^"]*)""##).unwrap().captures_iter(&html).map(|c| c.get(1).unwrap().as_str()).collect();
    assert!(links.contains(&"https://www.lejre.dk/privatliv/borgerservice/"), "{links:?}");
    // Opened from a folder or a mail: no link relative to a root it does not have.
    assert!(links.iter().all(|l| l.starts_with("https://")), "{links:?}");
}
