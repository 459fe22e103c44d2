//! `privacy-site build`.

use privacy_site::pipeline::{self, Options};
use privacy_site::render::templates::Templates;
use privacy_site::report::{self, Format};
use privacy_site::write::StagedDir;
use privacy_site::{Error, Result, Severity, Site, Summary};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `build`.
#[derive(clap::Args)]
pub struct Args {
    /// The site's root folder (with config.toml, content/, templates/, sass/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder, relative to the current folder.
    #[arg(long, short, default_value = "public")]
    pub output: PathBuf,
    /// Base URL to publish under (default: base_url in config.toml).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Treat warnings as errors.
    #[arg(long, value_parser = ["warnings"])]
    pub deny: Option<String>,
}

/// Loads the site with an optional base-URL override.
pub fn load(root: &std::path::Path, base_url: Option<&str>) -> Result<Site> {
    let mut config = privacy_site::config::Config::load(root)?;
    if let Some(url) = base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    Site::load_with(root, config)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let site = load(&args.root, args.base_url.as_deref())?;
    let templates = Templates::for_site(&site)?;
    let staged = StagedDir::new(&args.output)?;
    let opts = Options { deny_warnings: args.deny.is_some(), ..Options::default() };
    let outcome = pipeline::run(&site, &templates, &staged, &opts)?;
    let errors = outcome.errors();
    let shown: Vec<_> = outcome.findings.iter().filter(|f| f.severity == Severity::Error).cloned().collect();
    if errors > 0 {
        let summary = Summary::of(&outcome.findings, site.pages.len());
        let color = super::check::use_color();
        eprint!("{}", report::render(Format::Human, &shown, summary, Some(&site), &args.root, color));
        drop(staged);
        return Err(Error::Findings { errors });
    }
    staged.commit()?;
    let summary = Summary::of(&outcome.findings, site.pages.len());
    println!(
        "Built {} pages in {} languages ({} files) into {} in {} ms; {} warning(s), {} note(s) (run `privacy-site check` to see them)",
        site.pages.len(),
        site.config.languages.len(),
        outcome.files.len(),
        args.output.display(),
        outcome.elapsed.as_millis(),
        summary.warnings,
        summary.notes
    );
    Ok(ExitCode::SUCCESS)
}
