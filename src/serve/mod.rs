//! `serve`: builds the site in memory, serves it over HTTP on the loopback
//! interface, watches the sources and rebuilds (incrementally where it can), and
//! reloads the open browser tab.
//!
//! Threads: the HTTP server's thread (one async runtime for every connection,
//! see the `http` module) and its bridge to the rebuild status, and one rebuild thread fed
//! by the file watcher through a channel, which debounces events (20 ms of quiet:
//! an editor's save is a burst of events within a millisecond or two) before it
//! rebuilds. No thread is started after `start` returns.
//!
//! The watcher watches the folders [`SitePaths`] names (content, `templates_dir`,
//! `sass_dir`) and the root for `config.toml`. After every full rebuild it watches
//! them afresh: a folder renamed away and back, or made anew, is a new folder to
//! the operating system, whose old watch is gone; and a changed `config.toml` may
//! name other folders.
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
use crate::site::{Site, SitePaths};
use crate::write::MemoryOutput;
use rebuild::{Builder, Changes, ErrorEntry};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Where the live-reload script is served; injected into every page in `serve`.
pub const LIVE_RELOAD_URL: &str = "/__privacy_site/livereload.js";

/// How long the sources must stay quiet before a rebuild, by default.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

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
    /// Defaults: 127.0.0.1:1111, logging on, no colour, [`DEBOUNCE`].
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions { root: root.into(), interface: IpAddr::V4(Ipv4Addr::LOCALHOST), port: 1111, log: true, color: false, debounce: DEBOUNCE }
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
    /// the site under it, as it will be published. Taken from every site a rebuild
    /// publishes, the first build's included.
    pub base_path: RwLock<String>,
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
        // The rebuild thread owns the watcher and drops it when it stops.
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
        // Set by the first build (empty if the site does not load: the build says why).
        base_path: RwLock::default(),
    });
    let pipeline_opts = Options { live_reload: Some(LIVE_RELOAD_URL.into()), ..Options::default() };
    let mut builder = Builder::new(root.clone(), pipeline_opts, opts.color);

    // The first build, before the server answers anything.
    let first = Changes { full: true, ..Changes::default() };
    run_rebuild(&mut builder, &first, &shared, opts.log);

    let bind = SocketAddr::new(opts.interface, opts.port);
    let (server, accept) = http::start(bind, shared.clone(), http::Limits::default())?;
    let addr = server.addr();
    let base_path = shared.base_path.read().unwrap().clone();
    let url = match addr.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}{base_path}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}{base_path}/", addr.port()),
    };

    let (tx, rx) = mpsc::channel::<Msg>();
    let paths = builder.site().map_or_else(|| SitePaths::guess(&root), Site::paths);
    let mut watch = Watch::start(paths, tx.clone())?;

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
                    if changes.full {
                        watch.refresh(builder.site().map(Site::paths));
                    }
                }
            })
            .map_err(|e| Error::io("start", "rebuild thread", e))?
    };

    Ok(ServerHandle { shared, server, addr, url, tx, threads: vec![worker, accept] })
}

/// Rebuilds, publishes the result and logs it.
fn run_rebuild(builder: &mut Builder, changes: &Changes, shared: &Shared, log: bool) {
    let report = builder.rebuild(changes, &shared.live, &|| {
        shared.output_gen.fetch_add(1, Ordering::SeqCst);
    });
    if log {
        eprint!("{}", report.text);
    }
    // Under the served site's base path: a base_url edited while previewing moves the
    // preview with it.
    if let Some(site) = builder.site() {
        *shared.base_path.write().unwrap() = site.config.base_path().to_string();
    }
    let mut status = shared.status.lock().unwrap();
    status.version += 1;
    status.output = shared.output_gen.load(Ordering::SeqCst);
    status.errors = report.errors;
    status.last = RebuildInfo { incremental: report.incremental, committed: report.committed, pages: report.pages, elapsed: report.elapsed };
    shared.changed.notify_all();
}

/// The file watcher and the folders it watches.
struct Watch {
    watcher: notify::RecommendedWatcher,
    /// The site's paths, which the watcher's callback classifies events by.
    paths: Arc<RwLock<SitePaths>>,
    /// The folders watched recursively.
    watched: Vec<PathBuf>,
}

impl Watch {
    /// Watches the site at `paths` (see the module docs); events go to `tx`.
    fn start(paths: SitePaths, tx: Sender<Msg>) -> Result<Watch> {
        use notify::{RecursiveMode, Watcher};
        let root = paths.root.clone();
        let paths = Arc::new(RwLock::new(paths));
        let classify_by = paths.clone();
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(event) = res {
                let changes = classify(&classify_by.read().unwrap(), &event);
                if !changes.is_empty() {
                    let _ = tx.send(Msg::Changes(changes));
                }
            }
        })
        .map_err(|e| Error::io("watch", &root, std::io::Error::other(e.to_string())))?;
        watcher.watch(&root, RecursiveMode::NonRecursive).map_err(|e| Error::io("watch", &root, std::io::Error::other(e.to_string())))?;
        let mut watch = Watch { watcher, paths, watched: Vec::new() };
        watch.refresh(None);
        Ok(watch)
    }

    /// Watches the source folders afresh, those of `paths` if given. A folder is
    /// watched again before any other is let go, so that no edit made meanwhile is
    /// missed (watching a watched folder again changes nothing).
    fn refresh(&mut self, paths: Option<SitePaths>) {
        use notify::{RecursiveMode, Watcher};
        if let Some(paths) = paths {
            *self.paths.write().unwrap() = paths;
        }
        let folders: Vec<PathBuf> = self.paths.read().unwrap().folders().iter().map(|f| f.to_path_buf()).collect();
        // A folder that does not exist (yet) is seen through the root's watch when it
        // is made, which rebuilds everything and calls this again.
        let watched: Vec<PathBuf> = folders.into_iter().filter(|dir| dir.is_dir() && self.watcher.watch(dir, RecursiveMode::Recursive).is_ok()).collect();
        for dir in self.watched.iter().filter(|dir| !watched.contains(dir)) {
            let _ = self.watcher.unwatch(dir);
        }
        self.watched = watched;
    }
}

/// What a file-system event means for the site at `paths`.
fn classify(paths: &SitePaths, event: &notify::Event) -> Changes {
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
        changes.add(paths, path, folder);
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, DataChange, EventKind, ModifyKind};
    use std::path::Path;

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn classifies_events() {
        let root = &SitePaths::guess(Path::new("/site"));
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let page = classify(root, &event(modify, "/site/content/a.md"));
        assert!(!page.full && page.pages.contains(Path::new("content/a.md")));
        assert!(classify(root, &event(modify, "/site/templates/page.html")).full);
        assert!(classify(root, &event(modify, "/site/config.toml")).full);
        assert!(classify(root, &event(modify, "/site/content/.a.md.swp")).is_empty());
        assert!(classify(root, &event(modify, "/site/public/index.html")).is_empty());
        assert!(classify(root, &event(EventKind::Access(AccessKind::Open(AccessMode::Read)), "/site/content/a.md")).is_empty());
        // content/ renamed away or back: the page set may have changed.
        assert!(classify(root, &event(EventKind::Modify(ModifyKind::Name(notify::event::RenameMode::Any)), "/site/content")).full);
    }

    #[test]
    fn classifies_by_the_folders_the_config_names() {
        let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml")).unwrap();
        let source = format!("templates_dir = \"theme/html\"\nsass_dir = \"theme/scss\"\n{source}");
        let config = crate::config::Config::parse(&source, Path::new("config.toml")).unwrap();
        let paths = &SitePaths::new(Path::new("/site"), &config);
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        assert!(classify(paths, &event(modify, "/site/theme/html/notice.html")).full);
        assert!(classify(paths, &event(modify, "/site/theme/scss/_x.scss")).full);
        assert!(classify(paths, &event(modify, "/site/templates/notice.html")).is_empty(), "not a source of this site");
    }
}
