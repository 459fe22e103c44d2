//! One module per verb: each parses its flags and calls the library.

pub mod audit;
pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod serve;
pub mod translated;

use std::error::Error as _;

/// Records the global `--lang` (once, at start).
pub fn set_lang(lang: Option<String>) {
    privacy_site::messages::set_flag(lang);
}

/// The run's language: `--lang`, else `site_default` (the site's default language).
pub fn lang(site_default: Option<&str>) -> &'static str {
    privacy_site::messages::for_run(site_default)
}

/// Prints an error with its cause chain, as `error: ...` lines on stderr.
pub fn print_error(e: &privacy_site::Error) {
    let mut message = format!("error: {e}");
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    eprintln!("{message}");
}
