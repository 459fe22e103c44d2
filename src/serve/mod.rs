//! `serve`: builds the site in memory, serves it over HTTP on the loopback
//! interface, watches the sources and rebuilds (incrementally where it can), and
//! reloads the open browser tab.
//!
//! Threads: the HTTP server's thread (one async runtime for every connection,
//! see [`http`]) and its bridge to the rebuild status, and one rebuild thread fed
//! by the file watcher through a channel, which debounces events (~150 ms of
//! quiet) before it rebuilds. No thread is started after `start` returns.
//!
//! Live reload: every page loads [`LIVE_RELOAD_URL`], which long-polls
//! `/__privacy_site/version?since=N`. The answer is `{"version", "output",
//! "errors"}`: `version` counts finished rebuilds, `output` counts the ones that
//! replaced the served files. The script reloads the page when `output` differs
//! from the one the page was served with, and otherwise shows `errors` in an
//! overlay (`/__privacy_site/errors.json` has the same list).

mod http;
pub mod rebuild;

use crate::error::{Error, Result};
use crate::pipeline::Options;
use crate::write::MemoryOutput;
use rebuild::{Builder, Changes, ErrorEntry};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Where the live-reload script is served; injected into every page in `serve`.
pub const LIVE_RELOAD_URL: &str = "/__privacy_site/livereload.js";

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's root folder.
    pub root: PathBuf,
    /// The interface to bind (loopback by default).
    pub interface: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Print rebuilds and errors on the terminal.
    pub log: bool,
    /// Colour the findings printed on the terminal.
    pub color: bool,
    /// How long the sources must stay quiet before a rebuild.
    pub debounce: Duration,
}

impl ServeOptions {
    /// Defaults: 127.0.0.1:1111, logging on, no colour, 150 ms debounce.
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            interface: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            log: true,
            color: false,
            debounce: Duration::from_millis(150),
        }
    }
}

/// What the last rebuild did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RebuildInfo {
    /// Only the pages showing a changed content file were re-rendered.
    pub incremental: bool,
    /// The result replaced the served output.
    pub committed: bool,
    /// Content pages rendered ([`crate::finding::pages`]: generated pages not counted).
    pub pages: usize,
    /// Time taken.
    pub elapsed: Duration,
}

/// What the browser and the tests see of the rebuilds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Status {
    /// Finished rebuilds (the first build is version 1).
    pub version: u64,
    /// Rebuilds that replaced the served output.
    pub output: u64,
    /// The errors standing after the last rebuild.
    pub errors: Vec<ErrorEntry>,
    /// The last rebuild.
    pub last: RebuildInfo,
}

/// State shared by the HTTP threads and the rebuild thread.
pub(crate) struct Shared {
    /// The served files.
    pub live: MemoryOutput,
    /// `Status::output`, readable under the files' lock.
    pub output_gen: AtomicU64,
    pub status: Mutex<Status>,
    pub changed: Condvar,
    pub stopped: AtomicBool,
    /// The path of the site's base URL (`/privatliv`, or empty): the preview serves
    /// the site under it, as it will be published. Read from config.toml at start.
    pub base_path: String,
}

impl Shared {
    pub fn status(&self) -> Status {
        self.status.lock().unwrap().clone()
    }
}

enum Msg {
    Changes(Changes),
    Stop,
}

/// A running server; [`ServerHandle::stop`] (or dropping it) shuts it down.
pub struct ServerHandle {
    shared: Arc<Shared>,
    server: http::Server,
    addr: SocketAddr,
    url: String,
    tx: Sender<Msg>,
    watcher: Option<notify::RecommendedWatcher>,
    threads: Vec<JoinHandle<()>>,
}

impl ServerHandle {
    /// The site's URL, e.g. `http://127.0.0.1:1111/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Finished rebuilds so far (1 after the first build).
    pub fn version(&self) -> u64 {
        self.shared.status().version
    }

    /// The errors standing after the last rebuild.
    pub fn errors(&self) -> Vec<ErrorEntry> {
        self.shared.status().errors
    }

    /// What the last rebuild did.
    pub fn last_rebuild(&self) -> RebuildInfo {
        self.shared.status().last
    }

    /// Waits until at least `n` rebuilds have finished; false on timeout.
    pub fn wait_for_version(&self, n: u64, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut status = self.shared.status.lock().unwrap();
        while status.version < n {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            status = self.shared.changed.wait_timeout(status, left).unwrap().0;
        }
        true
    }

    /// Blocks until the server stops (for the command line: until Ctrl-C).
    pub fn wait(mut self) {
        if let Some(accept) = self.threads.pop() {
            let _ = accept.join();
        }
    }

    /// Stops serving, watching and rebuilding, and waits for the threads.
    pub fn stop(self) {
        drop(self);
    }

    fn shutdown(&mut self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        self.watcher = None;
        let _ = self.tx.send(Msg::Stop);
        self.server.stop();
        {
            let _status = self.shared.status.lock().unwrap();
            self.shared.changed.notify_all();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Builds the site, starts serving it and watching its sources; returns at once.
pub fn start(opts: ServeOptions) -> Result<ServerHandle> {
    let root = opts.root.canonicalize().map_err(|e| Error::io("open", &opts.root, e))?;
    if !root.join("config.toml").is_file() {
        return Err(Error::Usage(format!("there is no config.toml in `{}`: run privacy-site serve in the site's root or pass --root", opts.root.display())));
    }
    let shared = Arc::new(Shared {
        live: MemoryOutput::default(),
        output_gen: AtomicU64::new(0),
        status: Mutex::new(Status::default()),
        changed: Condvar::new(),
        stopped: AtomicBool::new(false),
        base_path: privacy_base_path(&root),
    });
    let pipeline_opts = Options { live_reload: Some(LIVE_RELOAD_URL.into()), ..Options::default() };
    let mut builder = Builder::new(root.clone(), pipeline_opts, opts.color);

    // The first build, before the server answers anything.
    let first = Changes { full: true, ..Changes::default() };
    run_rebuild(&mut builder, &first, &shared, opts.log);

    let bind = SocketAddr::new(opts.interface, opts.port);
    let (server, accept) = http::start(bind, shared.clone(), http::Limits::default())?;
    let addr = server.addr();
    let url = match addr.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}{}/", addr.port(), shared.base_path),
        IpAddr::V4(ip) => format!("http://{ip}:{}{}/", addr.port(), shared.base_path),
    };

    let (tx, rx) = mpsc::channel::<Msg>();
    let watcher = watch(&root, tx.clone())?;

    let worker = {
        let shared = shared.clone();
        let (log, debounce) = (opts.log, opts.debounce);
        std::thread::Builder::new()
            .name("privacy-site-rebuild".into())
            .spawn(move || loop {
                let mut changes = match rx.recv() {
                    Ok(Msg::Changes(c)) => c,
                    Ok(Msg::Stop) | Err(_) => return,
                };
                loop {
                    match rx.recv_timeout(debounce) {
                        Ok(Msg::Changes(c)) => changes.merge(&c),
                        Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                        Err(RecvTimeoutError::Timeout) => break,
                    }
                }
                if !changes.is_empty() && !shared.stopped.load(Ordering::SeqCst) {
                    run_rebuild(&mut builder, &changes, &shared, log);
                }
            })
            .map_err(|e| Error::io("start", "rebuild thread", e))?
    };

    Ok(ServerHandle { shared, server, addr, url, tx, watcher: Some(watcher), threads: vec![worker, accept] })
}

/// The path of the base URL in the site's config.toml; empty if it does not load
/// (the first build then reports why).
fn privacy_base_path(root: &Path) -> String {
    crate::config::Config::load(root).map(|c| c.base_path().to_string()).unwrap_or_default()
}

/// Rebuilds, publishes the result and logs it.
fn run_rebuild(builder: &mut Builder, changes: &Changes, shared: &Shared, log: bool) {
    let report = builder.rebuild(changes, &shared.live, &|| {
        shared.output_gen.fetch_add(1, Ordering::SeqCst);
    });
    if log {
        eprint!("{}", report.text);
    }
    let mut status = shared.status.lock().unwrap();
    status.version += 1;
    status.output = shared.output_gen.load(Ordering::SeqCst);
    status.errors = report.errors;
    status.last = RebuildInfo { incremental: report.incremental, committed: report.committed, pages: report.pages, elapsed: report.elapsed };
    shared.changed.notify_all();
}

/// Watches `content/`, `templates/`, `sass/` and `config.toml`.
fn watch(root: &Path, tx: Sender<Msg>) -> Result<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let base = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            let changes = classify(&base, &event);
            if !changes.is_empty() {
                let _ = tx.send(Msg::Changes(changes));
            }
        }
    })
    .map_err(|e| Error::io("watch", root, std::io::Error::other(e.to_string())))?;
    watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| Error::io("watch", root, std::io::Error::other(e.to_string())))?;
    for dir in ["content", "templates", "sass"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive).map_err(|e| Error::io("watch", &path, std::io::Error::other(e.to_string())))?;
        }
    }
    Ok(watcher)
}

/// Editor droppings that never change the site.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// What a file-system event means for the site.
fn classify(root: &Path, event: &notify::Event) -> Changes {
    use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind};
    use notify::EventKind;
    let mut changes = Changes::default();
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
        EventKind::Access(_) | EventKind::Other | EventKind::Modify(ModifyKind::Metadata(_)) => return changes,
        _ => {}
    }
    let folder = matches!(event.kind, EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder));
    for path in &event.paths {
        let Ok(rel) = path.strip_prefix(root) else { continue };
        let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
        match top.as_str() {
            "config.toml" if rel.components().count() == 1 => changes.full = true,
            "templates" | "sass" if folder || !is_scratch(&name) => changes.full = true,
            "content" if folder => changes.full = true,
            "content" if rel.extension().is_some_and(|e| e == "md") && !is_scratch(&name) => {
                changes.pages.insert(rel.to_path_buf());
            }
            _ => {}
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, DataChange, EventKind, ModifyKind};

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn classifies_events() {
        let root = Path::new("/site");
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let page = classify(root, &event(modify, "/site/content/a.md"));
        assert!(!page.full && page.pages.contains(Path::new("content/a.md")));
        assert!(classify(root, &event(modify, "/site/templates/page.html")).full);
        assert!(classify(root, &event(modify, "/site/config.toml")).full);
        assert!(classify(root, &event(modify, "/site/content/.a.md.swp")).is_empty());
        assert!(classify(root, &event(modify, "/site/public/index.html")).is_empty());
        assert!(classify(root, &event(EventKind::Access(AccessKind::Open(AccessMode::Read)), "/site/content/a.md")).is_empty());
    }
}
