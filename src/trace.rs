//! Stage timings for profiling: with `PRIVACY_SITE_TRACE=1` in the environment,
//! every stage of a run prints its elapsed time and the process's peak memory to
//! standard error. Off by default; it never changes what a run does.

use std::sync::LazyLock;
use std::time::Instant;

static ON: LazyLock<bool> = LazyLock::new(|| std::env::var_os("PRIVACY_SITE_TRACE").is_some_and(|v| v != "0"));

/// Prints `stage` with the time since `start` and the peak resident memory, if tracing is on.
pub fn stage(stage: &str, start: Instant) {
    if *ON {
        let (rss, peak) = (memory_mib("VmRSS:"), memory_mib("VmHWM:"));
        eprintln!("trace: {stage:<24} {:>8.1} ms  resident {rss} MiB, peak {peak} MiB", start.elapsed().as_secs_f64() * 1000.0);
    }
}

/// A memory figure of the process in MiB, by its `/proc/self/status` name (Linux; 0
/// elsewhere).
fn memory_mib(name: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kib.unwrap_or(0) / 1024
}
