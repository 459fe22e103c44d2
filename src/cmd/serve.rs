//! `privacy-site serve`: builds the site in memory, serves it locally, rebuilds on
//! every change and reloads the browser.

use privacy_site::serve::{self, ServeOptions};
use privacy_site::Result;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes and what serve does with a broken site, shown by `--help`.
pub const AFTER_LONG_HELP: &str = "Exit codes:
  0  stopped (Ctrl-C)
  2  could not start: bad arguments, no config.toml in --root, the port is taken

A site with errors, even a config.toml that does not parse, is served: the errors
show on the pages, and serve rebuilds when you fix them. With a base_url that has a
path (https://www.lejre.dk/privatliv), the preview serves the site under that path
(http://127.0.0.1:1111/privatliv/) and / redirects there.

Example:
  privacy-site serve --open";

/// Arguments of `serve`.
#[derive(clap::Args)]
#[command(after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// The site's root folder (with config.toml, content/, templates/, sass/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on (0 picks a free one).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// The interface to listen on; keep the default unless you mean to share the
    /// preview on the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let opts =
        ServeOptions { root: args.root, interface: args.interface, port: args.port, log: true, color: super::check::use_color(), debounce: serve::DEBOUNCE };
    if !args.interface.is_loopback() {
        eprintln!("{}", super::say(&format!("warning: listening on {}: anyone who can reach this machine can read the preview", args.interface)));
    }
    let handle = serve::start(opts)?;
    println!("{}", super::say(&format!("Serving {} (Ctrl-C to stop)", handle.url())));
    if args.open {
        open_browser(handle.url());
    }
    // Ctrl-C ends the process; everything is in memory, so nothing is left behind.
    handle.wait();
    Ok(ExitCode::SUCCESS)
}

/// Opens `url` with the platform's opener, if there is one; failure is fine.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
