//! `privacy-site check`: the build pipeline with writing switched off.

use privacy_site::matrix::Matrix;
use privacy_site::pipeline::{self, Options};
use privacy_site::render::templates::Templates;
use privacy_site::report::{self, Format};
use privacy_site::write::NoOutput;
use privacy_site::{Result, Site, Summary};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

pub const AFTER_HELP: &str = "Exit codes:\n  0  no errors (warnings and notes may be listed)\n  1  errors found\n  2  the run itself failed (bad config, unreadable file)\n\nExamples:\n  privacy-site check\n  privacy-site check --format json > findings.json\n  privacy-site check --deny warnings --format github\n  privacy-site check --matrix matrix.html";

/// Arguments of `check`.
#[derive(clap::Args)]
pub struct Args {
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors.
    #[arg(long, value_parser = ["warnings"])]
    pub deny: Option<String>,
    /// Also write the compliance matrix to this HTML file.
    #[arg(long)]
    pub matrix: Option<PathBuf>,
    /// Print the compliance matrix as text after the findings.
    #[arg(long)]
    pub matrix_text: bool,
}

/// Whether to colour human output: a terminal, and `NO_COLOR` unset.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn run(args: Args) -> Result<ExitCode> {
    let site = Site::load(&args.root)?;
    let templates = Templates::for_site(&site)?;
    let opts = Options { deny_warnings: args.deny.is_some(), ..Options::default() };
    let outcome = pipeline::run(&site, &templates, &NoOutput, &opts)?;
    let summary = Summary::of(&outcome.findings, site.pages.len());
    print!("{}", report::render(args.format, &outcome.findings, summary, Some(&site), &args.root, use_color()));
    if let Some(path) = &args.matrix {
        let html = privacy_site::pipeline::render_matrix_file(&site, &templates)?;
        std::fs::write(path, html).map_err(|e| privacy_site::Error::io("write", path, e))?;
    }
    if args.matrix_text {
        print!("{}", Matrix::of(&site).summary(&site));
    }
    Ok(if summary.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
