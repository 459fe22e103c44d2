//! `serve` under load: thousands of held connections, and a process that can no
//! longer create threads. Traffic goes to the loopback interface only, and every
//! loop is bounded.

mod common;

use common::TempSite;
use privacy_site::serve::{self, ServeOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

/// Held live-reload connections in the load test.
const HELD: usize = 2000;

/// Reads one response from a keep-alive connection: (status, body).
fn read_response(stream: &mut TcpStream) -> Option<(u16, Vec<u8>)> {
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
    let length: usize = head.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").and_then(|v| v.trim().parse().ok()))?;
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    Some((status, body))
}

/// GETs `target` on a new connection; the status, or `None` if nothing came back.
fn get(addr: SocketAddr, target: &str) -> Option<u16> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").ok()?;
    read_response(&mut stream).map(|(status, _)| status)
}

/// Opens a connection and sends a live-reload long-poll on it.
fn long_poll(addr: SocketAddr, since: u64) -> TcpStream {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    write!(stream, "GET /__privacy_site/version?since={since} HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("send a long-poll (did the server close the connection?)");
    stream
}

/// Whether an answer is waiting on `stream` (without blocking).
fn answered(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let ready = matches!(stream.peek(&mut [0u8; 1]), Ok(n) if n > 0);
    stream.set_nonblocking(false).unwrap();
    ready
}

/// Pages fetched from `threads` threads at once, `each` per thread: their statuses.
fn pages_meanwhile(addr: SocketAddr, threads: usize, each: usize) -> Vec<Option<u16>> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(move || (0..each).map(|_| get(addr, "/vores-dialog/")).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}

#[test]
fn two_thousand_held_connections_leave_the_server_answering() {
    let site = TempSite::real();
    let server = serve::start(ServeOptions { port: 0, log: false, ..ServeOptions::new(site.path()) }).expect("serve starts");
    let addr = server.addr();
    let since = server.version();

    let mut polls: Vec<TcpStream> = (0..HELD).map(|_| long_poll(addr, since)).collect();
    let statuses = pages_meanwhile(addr, 8, 50);
    assert!(statuses.iter().all(|s| *s == Some(200)), "pages while {HELD} connections are held: {statuses:?}");

    let started = Instant::now();
    assert_eq!(get(addr, "/"), Some(200));
    assert!(started.elapsed() < Duration::from_secs(2), "the front page took {:?}", started.elapsed());

    // Each long-poll is held (no answer yet) or, past the limit of waiting ones,
    // answered 503 at once; none is dropped.
    std::thread::sleep(Duration::from_millis(200));
    let (refused, held): (Vec<&mut TcpStream>, Vec<&mut TcpStream>) = polls.iter_mut().partition(|p| answered(p));
    for p in refused {
        p.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        assert_eq!(read_response(p).map(|r| r.0), Some(503));
    }
    assert!(held.len() >= 1000, "only {} of {HELD} long-polls held", held.len());

    // Stopping answers every held long-poll.
    let stop = std::thread::spawn(move || server.stop());
    for p in held {
        p.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        assert_eq!(read_response(p).map(|r| r.0), Some(200), "a held long-poll is answered when the server stops");
    }
    stop.join().unwrap();
}

/// Makes the site readable by the unprivileged user the child runs as.
fn open_up(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = if path.is_dir() { 0o755 } else { 0o644 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            open_up(&entry.unwrap().path());
        }
    }
}

/// Drops everything but `nobody` (uid and gid 65534) when running as root: the
/// thread limit does not bind root, and only the same user may lower another
/// process's limits without CAP_SYS_RESOURCE.
fn as_nobody(command: &mut std::process::Command) -> &mut std::process::Command {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        command.pre_exec(|| {
            if libc::geteuid() == 0 && (libc::setgroups(0, std::ptr::null()) != 0 || libc::setgid(65534) != 0 || libc::setuid(65534) != 0) {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

/// Sets the process limit (threads count) of process `pid` to 1, as the user it runs as.
fn limit_threads(pid: u32) {
    let status = as_nobody(std::process::Command::new("prlimit").args(["--pid", &pid.to_string(), "--nproc=1:1"])).status().expect("run prlimit");
    assert!(status.success(), "prlimit failed");
}

/// Ends the child when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `privacy-site serve` in a child process (as `nobody` when run as root);
/// returns it and its address. `PRIVACY_SITE_BIN` names another binary to try.
fn serve_child(site: &Path) -> (Child, SocketAddr) {
    // A copy beside the site, which `nobody` can run wherever the build folder is.
    let binary: std::path::PathBuf = std::env::var_os("PRIVACY_SITE_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_privacy-site").into()).into();
    let copy = site.join("privacy-site");
    std::fs::copy(&binary, &copy).expect("copy the binary");
    open_up(&copy);
    std::fs::set_permissions(&copy, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut command = std::process::Command::new(&copy);
    command.args(["serve", "--port", "0", "--root"]).arg(site).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::null());
    as_nobody(&mut command);
    let mut child = Child(command.spawn().expect("start privacy-site serve"));
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("no URL in {line:?}"));
    let addr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    (child, addr)
}

#[test]
fn a_server_that_cannot_create_threads_keeps_answering() {
    let site = TempSite::real();
    open_up(site.path());
    let (child, addr) = serve_child(site.path());
    assert_eq!(get(addr, "/"), Some(200));

    // From now on the child cannot start a single thread (or process).
    limit_threads(child.0.id());
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.0.id())).unwrap();
    assert!(limits.lines().any(|l| l.starts_with("Max processes") && l.split_whitespace().nth(2) == Some("1")), "{limits}");

    let polls: Vec<TcpStream> = (0..300).map(|_| long_poll(addr, 1)).collect();
    let statuses = pages_meanwhile(addr, 4, 25);
    assert!(statuses.iter().all(|s| *s == Some(200)), "pages under the thread limit: {statuses:?}");
    drop(polls);
    let started = Instant::now();
    assert_eq!(get(addr, "/en/vores-dialog/"), Some(200));
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    let mut child = child;
    assert!(child.0.try_wait().unwrap().is_none(), "the server is still running");
}
