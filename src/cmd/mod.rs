//! One module per verb: each parses its flags and calls the library.

pub mod audit;
pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod serve;
pub mod translated;

use std::error::Error as _;

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
