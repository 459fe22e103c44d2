//! `privacy-site check`: the build pipeline with writing switched off.

use privacy_site::check::external;
use privacy_site::pipeline::{self, Options};
use privacy_site::render::templates::Templates;
use privacy_site::report::{self, Format};
use privacy_site::write::NoOutput;
use privacy_site::{Result, Site, Summary};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

pub const AFTER_HELP: &str = "Exit codes:\n  0  no errors (warnings and notes may be listed)\n  1  errors found\n  2  the run itself failed (bad config, unreadable file)\n\nExamples:\n  privacy-site check\n  privacy-site check --format json > findings.json\n  privacy-site check --deny warnings --format github\n  privacy-site check --matrix matrix.html\n  privacy-site check --external --external-timeout 5";

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
    /// Also fetch every external http(s) link and report those that are gone or
    /// unreachable (needs network).
    #[arg(long)]
    pub external: bool,
    /// Print every external link with where it is used, and stop (no network).
    #[arg(long, conflicts_with = "external")]
    pub list_external: bool,
    /// Seconds to wait for one external link.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", requires = "external")]
    pub external_timeout: u64,
    /// At most this many requests to one host at a time.
    #[arg(long, default_value_t = 2, value_name = "N", requires = "external", value_parser = clap::value_parser!(u64).range(1..=16))]
    pub external_per_host: u64,
    /// Trust an earlier good answer for this many hours (0: ask again).
    #[arg(long, default_value_t = 24, value_name = "HOURS", requires = "external")]
    pub external_max_age: u64,
    /// Where good answers are cached between runs (relative to --root).
    #[arg(long, default_value = ".cache/external-links.json", value_name = "FILE", requires = "external")]
    pub external_cache: PathBuf,
}

/// Whether to colour human output: a terminal, and `NO_COLOR` unset.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn external_options(args: &Args, site: &Site) -> external::Options {
    external::Options {
        skip_prefixes: site.config.link_checker.skip_prefixes.clone(),
        timeout: Duration::from_secs(args.external_timeout),
        per_host: args.external_per_host as usize,
        cache: Some(args.root.join(&args.external_cache)),
        max_age: Duration::from_secs(args.external_max_age * 3600),
        ..external::Options::default()
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let site = Site::load(&args.root)?;
    let lang = super::lang(Some(site.config.default_language()));
    let templates = Templates::for_site(&site)?;
    let opts = Options { deny_warnings: args.deny.is_some(), ..Options::default() };
    let mut outcome = pipeline::run(&site, &templates, &NoOutput, &opts)?;
    if args.list_external {
        let links = external::collect(&site, &templates, &outcome.rendered);
        print!("{}", super::say(&external::list(&links, &site.config.link_checker.skip_prefixes)));
        return Ok(ExitCode::SUCCESS);
    }
    if args.external {
        let links = external::collect(&site, &templates, &outcome.rendered);
        let report = external::check(&links, &external_options(&args, &site));
        eprintln!(
            "{}",
            super::say(&format!(
                "checked {} external links on {} hosts ({} from the cache, {} skipped by [link_checker] skip_prefixes)",
                report.urls, report.hosts, report.cached, report.skipped
            ))
        );
        outcome.add(report.findings, opts.deny_warnings);
    }
    // The pages' facts are done with: their memory can take the report.
    drop(std::mem::take(&mut outcome.rendered));
    let summary = Summary::of_site(&outcome.findings, &site);
    // Written as it is made: a large site's report is never held whole.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    report::write_in(&mut out, args.format, &outcome.findings, summary, Some(&site), &args.root, use_color(), lang)
        .and_then(|()| std::io::Write::flush(&mut out))
        .map_err(|source| privacy_site::Error::Io { action: "write the report to", path: "standard output".into(), source })?;
    drop(out);
    if let Some(path) = &args.matrix {
        // Never over a source of the site; atomically (temporary file, sync, rename).
        let folders = privacy_site::confine::SiteFolders::new(&args.root, Some(&site.config))?;
        folders.check_written_file(path, privacy_site::confine::Written::HtmlReport)?;
        let html = privacy_site::pipeline::render_matrix_file(&site, &templates, &outcome.matrix)?;
        privacy_site::fsx::write_atomic(path, html.as_bytes(), privacy_site::fsx::Existing::Replace)?;
    }
    if args.matrix_text {
        print!("{}", outcome.matrix.summary(&site, lang));
    }
    // The process ends here: the operating system takes the memory back at once,
    // where freeing a large site's results piece by piece takes a noticeable while.
    std::mem::forget((site, templates, outcome));
    Ok(if summary.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
