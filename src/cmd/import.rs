//! `privacy-site import`: reads an existing privacy page (plain text or saved HTML),
//! converts it with [`privacy_site::import::import`], writes the page and prints
//! the import report on stderr.

use privacy_site::confine::{SiteFolders, Written};
use privacy_site::fsx::{self, Existing};
use privacy_site::import::{self, ImportOptions};
use privacy_site::{slug, Error, Result, Site};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes of `import`, shown by `--help`.
pub const AFTER_LONG_HELP: &str = "Exit codes:\n  0  the page was written (run `privacy-site check` to see what it still lacks)\n  2  nothing written: an unreadable file, an invalid or reserved page name (--slug), an existing page without --force, a refused --output, or a failed write\n\nExample:\n  privacy-site import ../shared/seeds/000_3cbcaf3e45833872.txt --slug vores-dialog";

/// Arguments of `import`.
#[derive(clap::Args)]
#[command(after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// The page to import: plain text as copied from the website, or saved HTML
    /// (read as HTML if it ends in .html/.htm or starts with `<`).
    pub file: PathBuf,
    /// The site's root folder: its contact records replace hand-typed contact
    /// details, and the page is written under its `content/`.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The page's name in its URL and file name: lower-case letters a-z, digits and
    /// hyphens (default: made from the title).
    #[arg(long)]
    pub slug: Option<String>,
    /// The page's language: `da` writes content/<slug>.md, `en` content/<slug>.en.md.
    #[arg(long, default_value = "da", value_parser = ["da", "en"])]
    pub lang: String,
    /// Where to write the page, a `.md` file (default: content/<slug>[.en].md under
    /// --root); never a file among the site's templates, Sass or config.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(s) = &args.slug {
        slug::validate(s, &[])?;
    }
    let source = privacy_site::error::read_to_string(&args.file)?;
    let ext = args.file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let html = matches!(ext.as_deref(), Some("html" | "htm")) || import::looks_like_html(&source);
    let site = match Site::load(&args.root) {
        Ok(site) => Some(site),
        Err(e) => {
            let why = super::say(&e.to_string());
            eprintln!("{}", super::say(&format!("warning: could not load the site at {} ({why}); contact details are kept as written", args.root.display())));
            None
        }
    };
    let opts = ImportOptions { lang: args.lang.clone(), html: Some(html), ..ImportOptions::default() };
    let imported = import::try_import(&args.file, &source, &opts, site.as_ref())?;
    let output = output_path(&args, site.as_ref(), &imported.report.title)?;
    SiteFolders::new(&args.root, site.as_ref().map(|s| &s.config))?.check_written_file(&output, Written::Page)?;
    slug::ensure_free(Path::new(""), std::slice::from_ref(&output), args.force, "give --slug another name to import under")?;
    fsx::write_atomic(&output, imported.markdown.as_bytes(), if args.force { Existing::Replace } else { Existing::Keep })?;
    eprint!("{}", super::say(&imported.report.to_string()));
    eprintln!("{}", super::say(&format!("wrote {}; run `privacy-site check` to see what the page still lacks", output.display())));
    Ok(ExitCode::SUCCESS)
}

/// The file to write: `--output`, or `content/<slug>[.<lang>].md` under the root with
/// the slug given or made from the title, checked by [`slug::validate`].
fn output_path(args: &Args, site: Option<&Site>, title: &str) -> Result<PathBuf> {
    if let Some(output) = &args.output {
        return Ok(output.clone());
    }
    let languages: Vec<&str> = site.iter().flat_map(|s| s.config.languages.iter().map(|l| l.code.as_str())).collect();
    let name = match &args.slug {
        Some(s) => {
            slug::validate(s, &languages)?;
            s.clone()
        }
        None => {
            let made = slug::from_title(title);
            slug::validate(&made, &languages)
                .map_err(|e| Error::Usage(format!("cannot make a page name from the title `{title}` ({e}); give one with --slug NAME")))?;
            made
        }
    };
    let default_lang = site.map_or("da", |s| s.config.default_language());
    let file = if args.lang == default_lang { format!("{name}.md") } else { format!("{name}.{}.md", args.lang) };
    Ok(args.root.join("content").join(file))
}
