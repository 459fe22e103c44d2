//! `privacy-site new`.

use privacy_site::{Error, Result};
use std::process::ExitCode;

/// Arguments of `new`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode> {
    Err(Error::Usage("`new` is not available yet".into()))
}
