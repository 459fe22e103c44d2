//! The HTTP side of `serve`: the in-memory site, the live-reload endpoints, and
//! nothing else. Paths are percent-decoded segment by segment and refused (404) if
//! any segment is `.`, `..` or empty or holds `/`, `\` or NUL, so no request can
//! name anything outside the output.

use super::{Shared, Status};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tiny_http::{Header, Method, Request, Response, StatusCode};

const SCRIPT: &str = include_str!("livereload.js");
/// How long a live-reload long-poll waits before answering anyway.
const LONG_POLL: Duration = Duration::from_secs(25);

/// Answers one request.
pub(crate) fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::from_string("405 Method Not Allowed\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"))
            .with_header(header("Content-Type", "text/plain; charset=utf-8"));
        let _ = request.respond(response);
        return;
    }
    let raw = request.url().to_string();
    let (path, query) = match raw.split_once('?') {
        Some((p, q)) => (p, q),
        None => (raw.as_str(), ""),
    };
    let path = path.split('#').next().unwrap_or_default();
    let (status, content_type, body) = match path {
        "/__privacy_site/livereload.js" => (200, "text/javascript; charset=utf-8", SCRIPT.as_bytes().to_vec()),
        "/__privacy_site/version" => {
            let since = query.split('&').find_map(|kv| kv.strip_prefix("since=")).and_then(|v| v.parse().ok()).unwrap_or(0);
            (200, "application/json", state_json(&wait_for(shared, since)).into_bytes())
        }
        "/__privacy_site/errors.json" => (200, "application/json", state_json(&shared.status()).into_bytes()),
        _ => serve_file(path, shared),
    };
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    // tiny_http sends the headers (with Content-Length) but no body for HEAD.
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Waits until a rebuild newer than `since` finished, the server stops, or the
/// long-poll times out.
fn wait_for(shared: &Shared, since: u64) -> Status {
    let deadline = Instant::now() + LONG_POLL;
    let mut status = shared.status.lock().unwrap();
    while status.version <= since && !shared.stopped.load(Ordering::SeqCst) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        status = shared.changed.wait_timeout(status, left.min(Duration::from_secs(1))).unwrap().0;
    }
    status.clone()
}

fn state_json(status: &Status) -> String {
    serde_json::json!({ "version": status.version, "output": status.output, "errors": status.errors }).to_string()
}

/// The output key of a request path, or `None` if it could name anything outside
/// the output. A trailing `/` means `index.html`.
pub(crate) fn normalise(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    if path.contains('\\') || path.contains('\0') {
        return None;
    }
    let (rest, dir) = match rest.strip_suffix('/') {
        Some(r) => (r, true),
        None => (rest, rest.is_empty()),
    };
    let mut segments = Vec::new();
    if !rest.is_empty() {
        for raw in rest.split('/') {
            let seg = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?;
            if seg.is_empty() || seg == "." || seg == ".." || seg.contains(['/', '\\', '\0']) || seg.contains(':') {
                return None;
            }
            segments.push(seg.into_owned());
        }
    }
    let mut key = segments.join("/");
    if dir {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

fn content_type(key: &str) -> &'static str {
    match key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// A file of the site, or the (language's) 404 page.
fn serve_file(path: &str, shared: &Shared) -> (u16, &'static str, Vec<u8>) {
    let files = shared.live.files.read().unwrap();
    let generation = shared.output_gen.load(Ordering::SeqCst);
    let key = normalise(path);
    let found = key.as_ref().and_then(|k| {
        files.get_key_value(k.as_str()).or_else(|| if k.ends_with("index.html") { None } else { files.get_key_value(format!("{k}/index.html").as_str()) })
    });
    let (status, key, body): (u16, String, Option<Arc<Vec<u8>>>) = match found {
        Some((k, body)) => (200, k.clone(), Some(body.clone())),
        None => {
            let lang_404 = key.as_deref().and_then(|k| k.split_once('/')).map(|(first, _)| format!("{first}/404.html"));
            let page = lang_404.filter(|p| files.contains_key(p.as_str())).unwrap_or_else(|| "404.html".to_string());
            let body = files.get(page.as_str()).cloned();
            (404, page, body)
        }
    };
    drop(files);
    let ty = content_type(&key);
    let body = match body {
        Some(b) if ty.starts_with("text/html") => with_generation(&b, generation),
        Some(b) => b.to_vec(),
        None => fallback_page(generation),
    };
    (status, if status == 404 && ty != "text/html; charset=utf-8" { "text/html; charset=utf-8" } else { ty }, body)
}

/// Tags the live-reload script of a page with the output generation it belongs to,
/// so the script can tell whether a newer output exists.
fn with_generation(html: &[u8], generation: u64) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let from = format!("src=\"{}\"", super::LIVE_RELOAD_URL);
    let to = format!("src=\"{}?gen={generation}\"", super::LIVE_RELOAD_URL);
    html.replacen(&from, &to, 1).into_bytes()
}

/// A bare 404 page for when the site has none (e.g. the first build failed); it
/// still loads the live-reload script, which shows the errors.
fn fallback_page(generation: u64) -> Vec<u8> {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\
         <body><h1>Not found</h1><p>There is no such page (yet).</p><script src=\"{}?gen={generation}\"></script></body></html>\n",
        super::LIVE_RELOAD_URL
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_paths() {
        assert_eq!(normalise("/").as_deref(), Some("index.html"));
        assert_eq!(normalise("/en/").as_deref(), Some("en/index.html"));
        assert_eq!(normalise("/style.css").as_deref(), Some("style.css"));
        assert_eq!(normalise("/kontakt/datatilsynet").as_deref(), Some("kontakt/datatilsynet"));
        assert_eq!(normalise("/%C3%A6bler/").as_deref(), Some("æbler/index.html"));
        for bad in [
            "/../config.toml",
            "/%2e%2e/config.toml",
            "/%2E%2E/config.toml",
            "/..%2fconfig.toml",
            "/..%5cconfig.toml",
            "//etc/passwd",
            "/en/../../Cargo.toml",
            "/en/./x",
            "/a\\b",
            "/a%00b",
            "relative",
            "http://x/y",
            "/C:/x",
            "/%ff",
        ] {
            assert_eq!(normalise(bad), None, "{bad}");
        }
    }
}
