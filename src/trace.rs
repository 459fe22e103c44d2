//! Stage timings for profiling: with `PRIVACY_SITE_TRACE=1` in the environment,
//! every stage of a run prints its elapsed time and the process's peak memory to
//! standard error. Off by default; it never changes what a run does.

use std::sync::LazyLock;
use std::time::Instant;

static ON: LazyLock<bool> = LazyLock::new(|| std::env::var_os("PRIVACY_SITE_TRACE").is_some_and(|v| v != "0"));

/// Prints `stage` with the time since `start` and the peak resident memory, if tracing is on.
pub fn stage(stage: &str, start: Instant) {
    if *ON {
        eprintln!("trace: {stage:<24} {:>8.1} ms  peak {} MiB", start.elapsed().as_secs_f64() * 1000.0, peak_mib());
    }
}

/// The process's peak resident memory in MiB (Linux; 0 elsewhere).
fn peak_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kib.unwrap_or(0) / 1024
}
