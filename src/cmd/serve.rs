//! `privacy-site serve`.

use privacy_site::{Error, Result};
use std::process::ExitCode;

/// Arguments of `serve`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode> {
    Err(Error::Usage("`serve` is not available yet".into()))
}
