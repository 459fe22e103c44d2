//! `privacy-site translated`.

use privacy_site::{Error, Result};
use std::process::ExitCode;

/// Arguments of `translated`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode> {
    Err(Error::Usage("`translated` is not available yet".into()))
}
