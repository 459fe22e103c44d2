//! The HTTP side of `serve`: the in-memory site, the live-reload endpoints, and
//! nothing else. Paths are percent-decoded segment by segment and refused (404) if
//! any segment is `.`, `..` or empty or holds `/`, `\` or NUL, so no request can
//! name anything outside the output.
//!
//! One thread runs a single-threaded tokio runtime with hyper's HTTP/1.1 server:
//! each connection is a task, not a thread, so thousands of held live-reload
//! long-polls cost memory, not threads, and once started the server never creates
//! another thread (a process at its thread limit keeps serving). A second thread
//! turns the rebuild thread's condition variable into a channel the long-polls
//! await. Everything is bounded by [`Limits`]:
//!
//! - at most `max_connections` open connections: one more is answered `503` and
//!   closed (and when even that is too many, closed unanswered);
//! - at most `max_long_polls` waiting long-polls: one more is answered `503` with
//!   `Retry-After`, and the live-reload script tries again a second later;
//! - a long-poll answers after `long_poll` at the latest, and at once when a
//!   rebuild finishes or the server stops;
//! - a connection that does not send a complete request head within `idle` (a
//!   slow client, or an idle keep-alive connection) is closed; after `lifetime` a
//!   connection is closed once its current request is answered.

use super::{Shared, Status};
use crate::error::{Error, Result};
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

const SCRIPT: &str = include_str!("livereload.js");

/// How much the server takes on at once, and how long it waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Open connections at most (further ones are answered `503`); lowered to fit
    /// the process's open-file limit.
    pub max_connections: usize,
    /// Waiting live-reload long-polls at most (further ones are answered `503`).
    pub max_long_polls: usize,
    /// How long a long-poll waits before it answers anyway.
    pub long_poll: Duration,
    /// How long a connection may take to send a request head, or sit idle
    /// between requests, before it is closed.
    pub idle: Duration,
    /// How long a connection is kept before it is closed after its current answer.
    pub lifetime: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 4096,
            max_long_polls: 1024,
            long_poll: Duration::from_secs(25),
            idle: Duration::from_secs(15),
            lifetime: Duration::from_secs(300),
        }
    }
}

/// Connections over the limit that are still answered `503` (reading their request
/// first) at one time; beyond this they are closed unanswered.
const MAX_REFUSING: usize = 256;
/// How long a stopping server gives open connections to finish.
const STOP_GRACE: Duration = Duration::from_secs(2);
/// How long the server waits after `accept` fails (e.g. out of file descriptors)
/// before it tries again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// File descriptors kept free for everything else the process opens.
const SPARE_FDS: usize = 64;
/// The answer to a connection over the limit.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 50\r\nRetry-After: 1\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n503 Service Unavailable: too many connections now\n";

/// A running HTTP server; stopping it (or dropping it) answers the waiting
/// long-polls, closes the connections and the port.
pub(crate) struct Server {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
}

impl Server {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving; the thread returned by [`start`] ends within a few seconds.
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// What every request handler needs.
struct Ctx {
    shared: Arc<Shared>,
    limits: Limits,
    /// The latest finished rebuild's version, fed by the bridge thread.
    versions: watch::Receiver<u64>,
    stop: watch::Receiver<bool>,
    long_polls: AtomicUsize,
}

/// Binds `bind` and serves `shared` from a thread of its own; returns the server
/// and that thread (which ends after [`Server::stop`]).
pub(crate) fn start(bind: SocketAddr, shared: Arc<Shared>, limits: Limits) -> Result<(Server, JoinHandle<()>)> {
    let listen_error = |e: std::io::Error| Error::io("listen on", bind.to_string(), e);
    let listener = std::net::TcpListener::bind(bind).map_err(listen_error)?;
    listener.set_nonblocking(true).map_err(listen_error)?;
    let addr = listener.local_addr().unwrap_or(bind);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().enable_time().build().map_err(|e| Error::io("start", "HTTP server", e))?;
    let limits = Limits { max_connections: limits.max_connections.min(fd_budget()).max(1), ..limits };
    let (stop_tx, stop_rx) = watch::channel(false);
    let (version_tx, version_rx) = watch::channel(shared.status().version);
    let server = Server { addr, stop: stop_tx };
    let bridge = {
        let (shared, stop) = (shared.clone(), stop_rx.clone());
        std::thread::Builder::new()
            .name("privacy-site-reload-bridge".into())
            .spawn(move || bridge(&shared, &version_tx, &stop))
            .map_err(|e| Error::io("start", "HTTP server thread", e))?
    };
    let ctx = Arc::new(Ctx { shared, limits, versions: version_rx, stop: stop_rx, long_polls: AtomicUsize::new(0) });
    // If this fails, `server` is dropped, which stops the bridge.
    let thread = std::thread::Builder::new()
        .name("privacy-site-http".into())
        .spawn(move || {
            runtime.block_on(accept_loop(listener, ctx));
            drop(runtime);
            let _ = bridge.join();
        })
        .map_err(|e| Error::io("start", "HTTP server thread", e))?;
    Ok((server, thread))
}

/// Raises the soft open-file limit to the hard one and returns how many
/// connections fit in it.
fn fd_budget() -> usize {
    // SAFETY: getrlimit and setrlimit only read and write the struct passed.
    unsafe {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return usize::MAX;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
        usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX).saturating_sub(SPARE_FDS)
    }
}

/// Forwards each finished rebuild's version from the rebuild thread's condition
/// variable to the long-polls, until the server stops.
fn bridge(shared: &Shared, versions: &watch::Sender<u64>, stop: &watch::Receiver<bool>) {
    let mut seen = *versions.borrow();
    loop {
        let status = shared.status.lock().unwrap_or_else(PoisonError::into_inner);
        let (status, _) = shared
            .changed
            .wait_timeout_while(status, Duration::from_millis(250), |s| s.version == seen && !*stop.borrow())
            .unwrap_or_else(PoisonError::into_inner);
        seen = status.version;
        drop(status);
        versions.send_replace(seen);
        if *stop.borrow() {
            return;
        }
    }
}

/// Accepts connections until the server stops, then gives the open ones a moment
/// to finish.
async fn accept_loop(listener: std::net::TcpListener, ctx: Arc<Ctx>) {
    let Ok(listener) = TcpListener::from_std(listener) else { return };
    let connections = Arc::new(Semaphore::new(ctx.limits.max_connections));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let mut stop = ctx.stop.clone();
    loop {
        if *stop.borrow_and_update() {
            break;
        }
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors or memory: the connection waits in the
                // backlog until some close.
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        if let Ok(permit) = connections.clone().try_acquire_owned() {
            tokio::spawn(connection(stream, ctx.clone(), permit));
        } else if let Ok(permit) = refusing.clone().try_acquire_owned() {
            tokio::spawn(refuse(stream, permit));
        }
    }
    drop(listener);
    let all = u32::try_from(ctx.limits.max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(STOP_GRACE, connections.acquire_many(all)).await;
}

/// Serves one connection until it closes, idles out, outlives its lifetime or the
/// server stops.
async fn connection(stream: TcpStream, ctx: Arc<Ctx>, _permit: OwnedSemaphorePermit) {
    let _ = stream.set_nodelay(true);
    let service = {
        let ctx = ctx.clone();
        hyper::service::service_fn(move |request| {
            let ctx = ctx.clone();
            async move { Ok::<_, Infallible>(ctx.respond(request).await) }
        })
    };
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(ctx.limits.idle)
        .max_buf_size(16 * 1024)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let mut stop = ctx.stop.clone();
    let stopping = async move {
        if !*stop.borrow_and_update() {
            let _ = stop.changed().await;
        }
    };
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = stopping => {}
        _ = tokio::time::sleep(ctx.limits.lifetime) => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout(ctx.limits.long_poll + ctx.limits.idle, conn).await;
}

/// Answers a connection over the limit with `503`: reads its request first, so
/// that closing does not reset the connection before the client reads the answer.
async fn refuse(mut stream: TcpStream, _permit: OwnedSemaphorePermit) {
    let mut buf = [0u8; 2048];
    let _ = tokio::time::timeout(Duration::from_millis(500), stream.read(&mut buf)).await;
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(BUSY)).await;
    let _ = stream.shutdown().await;
}

/// Counts a waiting long-poll while it lives.
struct LongPoll<'a>(&'a AtomicUsize);

impl Drop for LongPoll<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Ctx {
    /// Answers one request.
    async fn respond(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let method = request.method();
        if method != Method::GET && method != Method::HEAD {
            let mut response = reply(StatusCode::METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", b"405 Method Not Allowed\n".to_vec());
            response.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        let query = request.uri().query().unwrap_or_default();
        let base_path = self.shared.base_path.read().unwrap().clone();
        let path = match under_base(request.uri().path(), &base_path) {
            Routed::Path(path) => path,
            Routed::Redirect(to) => {
                let mut response = reply(StatusCode::FOUND, "text/plain; charset=utf-8", format!("302 Found: {to}\n").into_bytes());
                if let Ok(value) = HeaderValue::from_str(&to) {
                    response.headers_mut().insert(LOCATION, value);
                }
                return response;
            }
            Routed::Outside => {
                let text = format!("404 Not Found: this preview serves the site under {base_path}/, as its base_url says\n");
                return reply(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", text.into_bytes());
            }
        };
        match path {
            "/__privacy_site/livereload.js" => reply(StatusCode::OK, "text/javascript; charset=utf-8", SCRIPT.as_bytes().to_vec()),
            "/__privacy_site/version" => {
                let since = query.split('&').find_map(|kv| kv.strip_prefix("since=")).and_then(|v| v.parse().ok()).unwrap_or(0);
                match self.wait_for(since).await {
                    Some(status) => reply(StatusCode::OK, "application/json", state_json(&status).into_bytes()),
                    None => busy(),
                }
            }
            "/__privacy_site/errors.json" => reply(StatusCode::OK, "application/json", state_json(&self.shared.status()).into_bytes()),
            _ => {
                let (status, content_type, body) = serve_file(path, &self.shared);
                reply(StatusCode::from_u16(status).unwrap_or(StatusCode::NOT_FOUND), content_type, body)
            }
        }
    }

    /// Waits until a rebuild newer than `since` finished, the server stops, or the
    /// long-poll times out; `None` if too many long-polls wait already.
    async fn wait_for(&self, since: u64) -> Option<Status> {
        if self.long_polls.fetch_add(1, Ordering::SeqCst) >= self.limits.max_long_polls {
            self.long_polls.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let _counted = LongPoll(&self.long_polls);
        let mut versions = self.versions.clone();
        let mut stop = self.stop.clone();
        let wait = async {
            loop {
                if *versions.borrow_and_update() > since || *stop.borrow_and_update() {
                    return;
                }
                tokio::select! {
                    changed = versions.changed() => if changed.is_err() { return },
                    changed = stop.changed() => if changed.is_err() { return },
                }
            }
        };
        let _ = tokio::time::timeout(self.limits.long_poll, wait).await;
        Some(self.shared.status())
    }
}

/// A response with the headers every answer carries.
fn reply(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response<Full<Bytes>> {
    let length = body.len();
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    // Also for HEAD, which is answered without the body.
    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    response
}

/// The answer to a long-poll over the limit: not JSON, so the live-reload script
/// treats it as a failure and tries again a second later.
fn busy() -> Response<Full<Bytes>> {
    let mut response =
        reply(StatusCode::SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", b"503 Service Unavailable: too many live-reload connections now\n".to_vec());
    response.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// The served state, with the overlay's words in the run's language (`{n}` and
/// `{m}` stand for the counts the live-reload script fills in).
fn state_json(status: &Status) -> String {
    static WORDS: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(|| {
        let say = crate::messages::say;
        serde_json::json!({
            "close": say("Close"),
            "here": say("{n} error(s) on this page"),
            "elsewhere": say(", {m} on other pages (see the terminal)"),
            "shown": say(": the page shows the last version without them"),
            "help": crate::messages::label("help", crate::messages::current()),
            "article": crate::messages::label("GDPR Art.", crate::messages::current()),
        })
    });
    serde_json::json!({ "version": status.version, "output": status.output, "errors": status.errors, "words": *WORDS }).to_string()
}

/// Where a request path leads when the site is served under `base` (a base URL's
/// path such as `/privatliv`, or empty).
#[derive(Debug, PartialEq)]
pub(crate) enum Routed<'a> {
    /// The path within the site (or the preview's own `/__privacy_site/` files).
    Path(&'a str),
    /// The site's root without its path: redirect there.
    Redirect(String),
    /// A path outside the site.
    Outside,
}

/// Routes `path` for a site served under `base`: `/` and `/privatliv` redirect to
/// `/privatliv/`; `/privatliv/x/` is the site's `/x/`; other paths are outside.
pub(crate) fn under_base<'a>(path: &'a str, base: &str) -> Routed<'a> {
    if base.is_empty() || path.starts_with("/__privacy_site/") {
        return Routed::Path(path);
    }
    if path == "/" || path == base {
        return Routed::Redirect(format!("{base}/"));
    }
    match path.strip_prefix(base) {
        Some(rest) if rest.starts_with('/') => Routed::Path(rest),
        _ => Routed::Outside,
    }
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
    let files = shared.live.files.read().unwrap_or_else(PoisonError::into_inner);
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
    let say = crate::messages::say;
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body><h1>{}</h1><p>{}</p><script src=\"{}?gen={generation}\"></script></body></html>\n",
        crate::messages::current(),
        say("Not found"),
        say("Not found"),
        say("There is no such page (yet)."),
        super::LIVE_RELOAD_URL
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::MemoryOutput;
    use std::io::{Read, Write};
    use std::net::TcpStream as StdStream;
    use std::sync::atomic::{AtomicBool, AtomicU64};
    use std::sync::{Condvar, Mutex};
    use std::time::Instant;

    fn shared() -> Arc<Shared> {
        let live = MemoryOutput::default();
        live.files.write().unwrap().insert("index.html".into(), Arc::new(b"<!doctype html><p>home</p>".to_vec()));
        Arc::new(Shared {
            live,
            output_gen: AtomicU64::new(1),
            status: Mutex::new(Status { version: 1, output: 1, ..Status::default() }),
            changed: Condvar::new(),
            stopped: AtomicBool::new(false),
            base_path: std::sync::RwLock::new(String::new()),
        })
    }

    #[test]
    fn a_base_path_is_served_and_the_root_redirects_to_it() {
        assert_eq!(under_base("/x/", ""), Routed::Path("/x/"));
        assert_eq!(under_base("/", "/privatliv"), Routed::Redirect("/privatliv/".into()));
        assert_eq!(under_base("/privatliv", "/privatliv"), Routed::Redirect("/privatliv/".into()));
        assert_eq!(under_base("/privatliv/", "/privatliv"), Routed::Path("/"));
        assert_eq!(under_base("/privatliv/en/a/", "/privatliv"), Routed::Path("/en/a/"));
        assert_eq!(under_base("/privatlivet/", "/privatliv"), Routed::Outside);
        assert_eq!(under_base("/en/", "/privatliv"), Routed::Outside);
        assert_eq!(under_base("/__privacy_site/version", "/privatliv"), Routed::Path("/__privacy_site/version"));
    }

    fn small() -> Limits {
        Limits {
            max_connections: 4,
            max_long_polls: 2,
            long_poll: Duration::from_millis(400),
            idle: Duration::from_millis(400),
            lifetime: Duration::from_secs(60),
        }
    }

    fn serve(limits: Limits) -> (Server, JoinHandle<()>, Arc<Shared>) {
        let shared = shared();
        let (server, thread) = start("127.0.0.1:0".parse().unwrap(), shared.clone(), limits).expect("server starts");
        (server, thread, shared)
    }

    fn connect(addr: SocketAddr) -> StdStream {
        let stream = StdStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        stream
    }

    /// Reads one response: (status, head, body), the body by its Content-Length.
    fn read_response(stream: &mut StdStream) -> Option<(u16, String, Vec<u8>)> {
        let mut raw = Vec::new();
        let mut byte = [0u8; 1];
        while !raw.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte) {
                Ok(1) => raw.push(byte[0]),
                _ => return None,
            }
        }
        let head = String::from_utf8_lossy(&raw).into_owned();
        let status = head.split_whitespace().nth(1)?.parse().ok()?;
        let length: usize = head.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap()))?;
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body).ok()?;
        Some((status, head, body))
    }

    fn get(stream: &mut StdStream, target: &str) -> Option<(u16, String, Vec<u8>)> {
        write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").ok()?;
        read_response(stream)
    }

    /// Whether the peer closed the connection within `within`.
    fn closed_within(stream: &mut StdStream, within: Duration) -> bool {
        stream.set_read_timeout(Some(within)).unwrap();
        matches!(stream.read(&mut [0u8; 64]), Ok(0) | Err(_)) && {
            // A timeout is not a close.
            stream.set_nonblocking(true).unwrap();
            !matches!(stream.read(&mut [0u8; 1]), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
        }
    }

    #[test]
    fn the_busy_answer_has_the_right_length() {
        let text = std::str::from_utf8(BUSY).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("Content-Length: {}\r\n", body.len())), "{head}");
    }

    #[test]
    fn connections_over_the_limit_get_503_and_the_server_recovers() {
        let (server, thread, _shared) = serve(small());
        let held: Vec<StdStream> = (0..4).map(|_| connect(server.addr())).collect();
        std::thread::sleep(Duration::from_millis(100));
        let mut extra = connect(server.addr());
        let (status, head, _) = get(&mut extra, "/").expect("an answer");
        assert_eq!(status, 503, "{head}");
        assert!(head.contains("Retry-After: 1"), "{head}");
        drop(held);
        std::thread::sleep(Duration::from_millis(100));
        let (status, _, body) = get(&mut connect(server.addr()), "/").expect("an answer");
        assert_eq!((status, body.as_slice()), (200, b"<!doctype html><p>home</p>".as_slice()));
        server.stop();
        thread.join().unwrap();
    }

    #[test]
    fn long_polls_are_bounded_and_answer_after_their_timeout() {
        // The long-poll outlasts the idle timeout (400 ms): only an idle connection is closed.
        let (server, thread, _shared) = serve(Limits { max_connections: 16, long_poll: Duration::from_millis(1000), ..small() });
        let started = Instant::now();
        let mut polls: Vec<StdStream> = (0..2).map(|_| connect(server.addr())).collect();
        for p in &mut polls {
            write!(p, "GET /__privacy_site/version?since=1 HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        }
        std::thread::sleep(Duration::from_millis(100));
        let (status, head, _) = get(&mut connect(server.addr()), "/__privacy_site/version?since=1").unwrap();
        assert_eq!(status, 503, "a third long-poll is refused: {head}");
        assert!(started.elapsed() < Duration::from_millis(900), "refused at once");
        for p in &mut polls {
            let (status, _, body) = read_response(p).expect("the long-poll answers");
            assert_eq!(status, 200);
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(json["version"], 1);
        }
        assert!(started.elapsed() >= Duration::from_millis(1000), "held until the timeout");
        // The slots are free again: a new long-poll is held, not refused.
        let (status, _, _) = get(&mut polls[0], "/__privacy_site/version?since=1").unwrap();
        assert_eq!(status, 200);
        server.stop();
        thread.join().unwrap();
    }

    #[test]
    fn a_rebuild_answers_the_waiting_long_polls_at_once() {
        let (server, thread, shared) = serve(Limits { long_poll: Duration::from_secs(20), ..small() });
        let mut poll = connect(server.addr());
        write!(poll, "GET /__privacy_site/version?since=1 HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let started = Instant::now();
        {
            let mut status = shared.status.lock().unwrap();
            status.version = 2;
            shared.changed.notify_all();
        }
        let (status, _, body) = read_response(&mut poll).unwrap();
        assert_eq!(status, 200);
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&body).unwrap()["version"], 2);
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        server.stop();
        thread.join().unwrap();
    }

    #[test]
    fn idle_and_slow_connections_are_closed() {
        let (server, thread, _shared) = serve(small());
        // Sends nothing.
        let mut silent = connect(server.addr());
        // Sends half a request head.
        let mut slow = connect(server.addr());
        slow.write_all(b"GET / HTTP/1.1\r\nHost:").unwrap();
        // Keeps a keep-alive connection idle after one answer.
        let mut idle = connect(server.addr());
        assert_eq!(get(&mut idle, "/").unwrap().0, 200);
        for (name, stream) in [("silent", &mut silent), ("slow", &mut slow), ("idle", &mut idle)] {
            assert!(closed_within(stream, Duration::from_secs(3)), "{name} connection still open");
        }
        server.stop();
        thread.join().unwrap();
    }

    #[test]
    fn stopping_answers_long_polls_and_closes_the_port() {
        let (server, thread, _shared) = serve(Limits { long_poll: Duration::from_secs(20), ..small() });
        let addr = server.addr();
        let mut poll = connect(addr);
        write!(poll, "GET /__privacy_site/version?since=1 HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let started = Instant::now();
        server.stop();
        assert_eq!(read_response(&mut poll).expect("answered on stop").0, 200);
        thread.join().unwrap();
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        assert!(StdStream::connect(addr).is_err(), "the port is closed");
    }

    #[test]
    fn other_methods_are_refused() {
        let (server, thread, _shared) = serve(small());
        let mut stream = connect(server.addr());
        write!(stream, "DELETE / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let (status, head, _) = read_response(&mut stream).unwrap();
        assert_eq!(status, 405);
        assert!(head.to_ascii_lowercase().contains("allow: get, head"), "{head}");
        drop(server);
        thread.join().unwrap();
    }

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
