//! `privacy-site import`.

use privacy_site::{Error, Result};
use std::process::ExitCode;

/// Arguments of `import`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode> {
    Err(Error::Usage("`import` is not available yet".into()))
}
