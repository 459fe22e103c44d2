//! `check --external`: checks the external `http(s)` links of the rendered site
//! over the network. Each distinct URL (without its `#fragment`) is fetched once,
//! with a timeout, at most `per_host` requests at a time to one host, and answers
//! that worked are cached for `max_age` so that a re-run does not ask again.
//!
//! Without `--external` nothing here touches the network: [`collect`] only lists
//! the links (`check --list-external`).

use crate::finding::Finding;
use crate::pipeline::Rendered;
use crate::render::templates::Templates;
use crate::rewrite::is_external;
use crate::site::Site;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How to check external links.
#[derive(Debug, Clone)]
pub struct Options {
    /// Give up on one URL after this long (connect, redirects and headers).
    pub timeout: Duration,
    /// At most this many requests to one host at a time.
    pub per_host: usize,
    /// At most this many requests in all at a time.
    pub workers: usize,
    /// Where answers are cached between runs; `None` for no cache.
    pub cache: Option<PathBuf>,
    /// How long a cached good answer is trusted.
    pub max_age: Duration,
    /// Links starting with one of these are not fetched (`[link_checker]
    /// skip_prefixes` in config.toml).
    pub skip_prefixes: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options { timeout: Duration::from_secs(10), per_host: 2, workers: 8, cache: None, max_age: Duration::from_secs(24 * 3600), skip_prefixes: Vec::new() }
    }
}

/// One place an external link is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Use {
    /// The source file (Markdown, template or output file).
    pub file: PathBuf,
    /// Its line, 0 if unknown.
    pub line: usize,
    /// The page it appears on, e.g. `/en/vores-dialog/`.
    pub page: String,
}

/// A distinct external URL (fragment removed) and every place it is used.
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalLink {
    /// The URL without `#fragment`.
    pub url: String,
    /// Where it is used, sorted.
    pub uses: Vec<Use>,
}

/// Every external `http(s)` link on the rendered pages, sorted by URL.
pub fn collect(site: &Site, templates: &Templates, rendered: &[Rendered]) -> Vec<ExternalLink> {
    let mut by_url: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for r in rendered {
        for link in &r.facts.links {
            if !is_external(&link.href, &site.config.base_url) {
                continue;
            }
            let url = link.href.split('#').next().unwrap_or_default();
            let url = if url.starts_with("//") { format!("https:{url}") } else { url.to_string() };
            let (file, line) = super::output::locate(site, templates, r, link.body_line, &link.href);
            by_url.entry(url).or_default().push(Use { file, line, page: format!("/{}", r.path.trim_end_matches("index.html")) });
        }
    }
    by_url
        .into_iter()
        .map(|(url, mut uses)| {
            uses.sort();
            uses.dedup();
            ExternalLink { url, uses }
        })
        .collect()
}

/// The links as text for `check --list-external`: each URL (marked if `--external`
/// would skip it), then where it is used.
pub fn list(links: &[ExternalLink], skip_prefixes: &[String]) -> String {
    let mut out = String::new();
    for link in links {
        out.push_str(&link.url);
        if skip_prefixes.iter().any(|p| link.url.starts_with(p.as_str())) {
            out.push_str("  (skipped: [link_checker] skip_prefixes)");
        }
        out.push('\n');
        for u in &link.uses {
            out.push_str(&format!("  {}:{}  {}\n", u.file.display(), u.line, u.page));
        }
    }
    out.push_str(&format!("{} external links; `privacy-site check --external` fetches them\n", links.len()));
    out
}

/// What one URL answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A final status after redirects.
    Status(u16),
    /// No HTTP answer: timeout, unknown host, refused connection, TLS failure.
    Failed(String),
    /// Not a URL that can be fetched.
    Invalid(String),
}

/// What a run of the external check found and did.
#[derive(Debug, Default)]
pub struct Report {
    /// One finding per source line that writes a link that does not work.
    pub findings: Vec<Finding>,
    /// Distinct URLs checked.
    pub urls: usize,
    /// Of those, answered from the cache.
    pub cached: usize,
    /// Distinct hosts checked.
    pub hosts: usize,
    /// Distinct URLs not checked because of `skip_prefixes`.
    pub skipped: usize,
}

/// Checks every link in `links` except the skipped ones, reading and updating the
/// cache in `opts`.
pub fn check(links: &[ExternalLink], opts: &Options) -> Report {
    let (skipped, links): (Vec<&ExternalLink>, Vec<&ExternalLink>) =
        links.iter().partition(|l| opts.skip_prefixes.iter().any(|p| l.url.starts_with(p.as_str())));
    let now = unix_now();
    let mut cache = opts.cache.as_deref().map(Cache::load).unwrap_or_default();
    let mut answers: HashMap<String, Answer> = HashMap::new();
    let mut to_fetch = Vec::new();
    for link in &links {
        match cache.fresh(&link.url, now, opts.max_age) {
            Some(status) => {
                answers.insert(link.url.clone(), Answer::Status(status));
            }
            None => to_fetch.push(link.url.clone()),
        }
    }
    let cached = answers.len();
    let hosts = links.iter().filter_map(|l| host(&l.url)).collect::<std::collections::HashSet<_>>().len();
    for (url, answer) in fetch_all(to_fetch, opts) {
        if let Answer::Status(status) = answer {
            if (200..300).contains(&status) {
                cache.entries.insert(url.clone(), CacheEntry { status, checked: now });
            }
        }
        answers.insert(url, answer);
    }
    if let Some(path) = &opts.cache {
        cache.save(path);
    }
    let findings = links.iter().flat_map(|link| findings_for(link, &answers[&link.url])).collect();
    Report { findings, urls: links.len(), cached, hosts, skipped: skipped.len() }
}

/// The findings for one link, one per source line that writes it (naming the pages
/// it appears on), or none if it works.
fn findings_for(link: &ExternalLink, answer: &Answer) -> Vec<Finding> {
    let url = &link.url;
    let mut places: BTreeMap<(&Path, usize), Vec<&str>> = BTreeMap::new();
    for u in &link.uses {
        places.entry((&u.file, u.line)).or_default().push(&u.page);
    }
    let make = |(file, line): (&Path, usize), pages: Vec<&str>| -> Option<Finding> {
        let on = match pages.as_slice() {
            [one] => (*one).to_string(),
            [first, rest @ ..] => format!("{first} and {} more pages", rest.len()),
            [] => String::new(),
        };
        Some(match answer {
            Answer::Status(200..=299) => return None,
            Answer::Status(s @ (404 | 410)) => {
                Finding::error("external-link-broken", file, line, format!("the link `{url}` on {on} answers {s} {}: the page is gone", reason(*s)))
                    .help("find where the page moved and correct the link, or remove it")
            }
            Answer::Status(s) => Finding::warning("external-link-unverified", file, line, format!("the link `{url}` on {on} answers {s} {}", reason(*s)))
                .help("open the link in a browser; if it works there, the site refuses automated checks and the link can stay"),
            Answer::Failed(why) => Finding::warning("external-link-unreachable", file, line, format!("the link `{url}` on {on} could not be reached: {why}"))
                .help("check the address; if it works in a browser, the host was slow or down and a later run will tell"),
            Answer::Invalid(why) => Finding::error("external-link-invalid", file, line, format!("the link `{url}` on {on} is not a valid address: {why}"))
                .help("write the full address, e.g. https://www.datatilsynet.dk/"),
        })
    };
    places.into_iter().filter_map(|(place, pages)| make(place, pages)).collect()
}

fn reason(status: u16) -> &'static str {
    match status {
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// The lower-cased host of `url`, if it has one.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Fetches every URL: one lane per (host, slot) so that no host ever sees more than
/// `per_host` requests at once, and `workers` threads taking lanes from a queue.
fn fetch_all(urls: Vec<String>, opts: &Options) -> Vec<(String, Answer)> {
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut results = Vec::new();
    for url in urls {
        match host(&url) {
            Some(h) => by_host.entry(h).or_default().push(url),
            None => results.push((url, Answer::Invalid("no host".into()))),
        }
    }
    let per_host = opts.per_host.max(1);
    let mut lanes: Vec<Vec<String>> = Vec::new();
    for urls in by_host.into_values() {
        let mut host_lanes = vec![Vec::new(); per_host.min(urls.len())];
        for (i, url) in urls.into_iter().enumerate() {
            host_lanes[i % per_host].push(url);
        }
        lanes.extend(host_lanes);
    }
    let workers = opts.workers.max(1).min(lanes.len());
    let queue = Mutex::new(lanes);
    let done = Mutex::new(results);
    let agent = agent(opts.timeout);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    // Take the lane in its own statement: a guard in `while let` would
                    // hold the lock for the whole lane.
                    let next = queue.lock().expect("queue").pop();
                    let Some(lane) = next else { break };
                    for url in lane {
                        let answer = fetch(&agent, &url, opts.timeout);
                        done.lock().expect("results").push((url, answer));
                    }
                }
            });
        }
    });
    done.into_inner().expect("results")
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("privacy-site-linkcheck/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// One GET (some servers answer HEAD wrongly); the body is not read.
fn fetch(agent: &ureq::Agent, url: &str, timeout: Duration) -> Answer {
    match agent.get(url).call() {
        Ok(response) => Answer::Status(response.status().as_u16()),
        Err(ureq::Error::BadUri(why)) => Answer::Invalid(why),
        Err(ureq::Error::Http(e)) => Answer::Invalid(e.to_string()),
        Err(ureq::Error::Timeout(_)) => Answer::Failed(format!("no answer within {} s", timeout.as_secs_f32())),
        Err(ureq::Error::HostNotFound) => Answer::Failed("host not found".into()),
        Err(ureq::Error::Io(e)) => Answer::Failed(e.to_string()),
        Err(e) => Answer::Failed(e.to_string()),
    }
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Good answers from earlier runs, by URL.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    entries: BTreeMap<String, CacheEntry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CacheEntry {
    status: u16,
    /// Unix seconds.
    checked: u64,
}

impl Cache {
    /// The cache at `path`; empty if it is missing or unreadable (it is only a cache).
    fn load(path: &Path) -> Cache {
        std::fs::read_to_string(path).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default()
    }

    fn fresh(&self, url: &str, now: u64, max_age: Duration) -> Option<u16> {
        self.entries.get(url).filter(|e| now.saturating_sub(e.checked) < max_age.as_secs()).map(|e| e.status)
    }

    /// Writes the cache through a temporary file; a failure only costs the next run time.
    fn save(&self, path: &Path) {
        let Ok(text) = serde_json::to_string_pretty(self) else { return };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // A cache is a convenience: a failure to keep it does not fail the check.
        let _ = crate::fsx::write_atomic(path, text.as_bytes(), crate::fsx::Existing::Replace);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_is_the_lower_cased_authority_without_user() {
        assert_eq!(host("https://WWW.Lejre.dk/x?y#z").as_deref(), Some("www.lejre.dk"));
        assert_eq!(host("http://user@127.0.0.1:8080/").as_deref(), Some("127.0.0.1:8080"));
        assert_eq!(host("https:///x"), None);
        assert_eq!(host("no-scheme"), None);
    }

    #[test]
    fn cache_trusts_only_young_entries() {
        let mut cache = Cache::default();
        cache.entries.insert("https://a.dk/".into(), CacheEntry { status: 200, checked: 1_000 });
        let day = Duration::from_secs(86_400);
        assert_eq!(cache.fresh("https://a.dk/", 1_000 + 60, day), Some(200));
        assert_eq!(cache.fresh("https://a.dk/", 1_000 + 86_400, day), None);
        assert_eq!(cache.fresh("https://b.dk/", 1_000, day), None);
    }

    #[test]
    fn a_working_link_has_no_finding_and_a_gone_one_an_error_per_source_line() {
        let uses = vec![
            Use { file: "content/a.md".into(), line: 3, page: "/a/".into() },
            Use { file: "content/b.md".into(), line: 9, page: "/b/".into() },
            Use { file: "content/b.md".into(), line: 9, page: "/en/b/".into() },
        ];
        let link = ExternalLink { url: "https://x.dk/".into(), uses };
        assert!(findings_for(&link, &Answer::Status(204)).is_empty());
        let gone = findings_for(&link, &Answer::Status(410));
        assert_eq!(gone.iter().map(|f| (f.rule, f.line)).collect::<Vec<_>>(), [("external-link-broken", 3), ("external-link-broken", 9)]);
        assert!(gone[1].message.contains("on /b/ and 1 more pages"), "{}", gone[1].message);
        let down = findings_for(&link, &Answer::Status(503));
        assert!(down.iter().all(|f| f.rule == "external-link-unverified" && f.severity == crate::finding::Severity::Warning));
    }
}
