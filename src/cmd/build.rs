//! `privacy-site build`.

use privacy_site::config::Config;
use privacy_site::confine::SiteFolders;
use privacy_site::pipeline::{self, Options};
use privacy_site::render::templates::Templates;
use privacy_site::report::{self, Format};
use privacy_site::write::StagedDir;
use privacy_site::{Error, Result, Severity, Site, Summary};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Exit codes and the output rules, shown by `--help`.
pub const AFTER_LONG_HELP: &str = "Exit codes:
  0  built; the output folder was replaced
  1  errors found in the site; nothing was written (the previous output is unchanged)
  2  the run itself failed: bad arguments, bad config, a refused output folder,
     an unreadable file, or another build holding the output past --lock-timeout

The output folder:
  build only replaces a folder it created (it holds a .privacy-site-output file), an
  empty folder, or one that does not exist yet. It refuses the site's root, its
  content, templates, Sass and requirements folders and config.toml, any folder that
  holds them or lies inside them, a file, a symbolic link, / and your home folder.
  The new output replaces the old one in one atomic step; two builds of one output
  run one after the other.

Example:
  privacy-site build --root . --output public";

/// Arguments of `build`.
#[derive(clap::Args)]
#[command(after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// The site's root folder (with config.toml, content/, templates/, sass/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder, relative to the current folder: new, empty, or an earlier
    /// build's output (see below).
    #[arg(long, short, default_value = "public")]
    pub output: PathBuf,
    /// Base URL to publish under (default: base_url in config.toml).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Treat warnings as errors.
    #[arg(long, value_parser = ["warnings"])]
    pub deny: Option<String>,
    /// Also write each page as an HTML fragment for a CMS, with a JSON file per
    /// page and a stylesheet scoped to `.privacy-site`, into this folder (same rules
    /// as the output folder; see docs/publishing.md).
    #[arg(long, value_name = "DIR")]
    pub fragments: Option<PathBuf>,
    /// Seconds to wait for another build of the same output folder to finish.
    #[arg(long, default_value_t = 600, value_name = "SECONDS")]
    pub lock_timeout: u64,
}

/// Loads `config.toml` with an optional base-URL override, and names the
/// stylesheet after its compiled content.
fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        privacy_site::config::check_base_url(url.trim_end_matches('/')).map_err(|m| Error::Usage(format!("--base-url: {m}")))?;
        config.base_url = url.trim_end_matches('/').to_string();
    }
    // The published stylesheet's name carries its content's hash (long caching).
    config.stylesheet_hash = privacy_site::render::sass::content_hash(root, &config)?;
    Ok(config)
}

/// Refuses a fragments folder that is the output folder, inside it or holds it: one
/// atomic swap would undo the other.
fn apart(fragments: &Path, output: &Path) -> Result<()> {
    let resolve = |p: &Path| privacy_site::fsx::resolve(p).map_err(|e| Error::io("resolve", p, e));
    let (f, o) = (resolve(fragments)?, resolve(output)?);
    if f.starts_with(&o) || o.starts_with(&f) {
        return Err(Error::Usage(format!(
            "--fragments `{}` and --output `{}` overlap: give the fragments a folder of their own beside the output, e.g. --fragments fragments",
            fragments.display(),
            output.display()
        )));
    }
    Ok(())
}

/// Builds the site: exit 0 when the output was replaced, 1 when the site has errors
/// (nothing written); an `Err` (exit 2) when the run itself failed.
pub fn run(args: Args) -> Result<ExitCode> {
    let config = load_config(&args.root, args.base_url.as_deref())?;
    // The output is checked, locked and staged before the site is read, so that a
    // refused folder or a busy lock is reported at once.
    let folders = SiteFolders::new(&args.root, Some(&config))?;
    let mut on_wait =
        || eprintln!("{}", super::say(&format!("waiting for another build of `{}` to finish (at most {} s)…", args.output.display(), args.lock_timeout)));
    let staged = StagedDir::new(&args.output, &folders, Duration::from_secs(args.lock_timeout), &mut on_wait)?;
    let fragments = match &args.fragments {
        Some(dir) => {
            apart(dir, &args.output)?;
            Some((dir, StagedDir::new(dir, &folders, Duration::from_secs(args.lock_timeout), &mut on_wait)?))
        }
        None => None,
    };
    let site = Site::load_with(&args.root, config)?;
    let templates = Templates::for_site(&site)?;
    let opts = Options { deny_warnings: args.deny.is_some(), ..Options::default() };
    let outcome = pipeline::run(&site, &templates, &staged, &opts)?;
    let errors = outcome.errors();
    if errors > 0 {
        let shown: Vec<_> = outcome.findings.iter().filter(|f| f.severity == Severity::Error).cloned().collect();
        let summary = Summary::of_site(&outcome.findings, &site);
        let color = super::check::use_color();
        let lang = super::lang(Some(site.config.default_language()));
        eprint!("{}", report::render_in(Format::Human, &shown, summary, Some(&site), &args.root, color, lang));
        drop(staged);
        super::print_error(&Error::Findings { errors });
        return Ok(ExitCode::from(1));
    }
    let fragment_pages = match &fragments {
        Some((_, out)) => privacy_site::fragments::write(&site, &outcome, &|rel| staged.read(rel), out)?,
        None => 0,
    };
    staged.commit()?;
    if let Some((dir, out)) = fragments {
        out.commit()?;
        println!("{}", super::say(&format!("Wrote {fragment_pages} page fragments for a CMS into {}", dir.display())));
    }
    let summary = Summary::of_site(&outcome.findings, &site);
    let lang = super::lang(Some(site.config.default_language()));
    let (pages, languages, files, output, ms) =
        (privacy_site::finding::pages(&site), site.config.languages.len(), outcome.files.len(), args.output.display(), outcome.elapsed.as_millis());
    println!("{}", super::say(&format!("Built {pages} pages in {languages} languages ({files} files) into {output} in {ms} ms")));
    println!("{} ({})", privacy_site::messages::summary_line(&summary, lang), super::say("`privacy-site check` lists them"));
    // As in `check`: the operating system takes the memory back faster at exit.
    std::mem::forget((site, templates, outcome));
    Ok(ExitCode::SUCCESS)
}
