//! `privacy-site import`: reads an existing privacy page (plain text or saved HTML),
//! converts it with [`privacy_site::import::import`], writes the page and prints
//! the import report on stderr.

use privacy_site::import::{self, ImportOptions};
use privacy_site::{Error, Result, Site};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `import`.
#[derive(clap::Args)]
pub struct Args {
    /// The page to import: plain text as copied from the website, or saved HTML
    /// (read as HTML if it ends in .html/.htm or starts with `<`).
    pub file: PathBuf,
    /// The site's root folder: its contact records replace hand-typed contact
    /// details, and the page is written under its `content/`.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The page's name in its URL and file name (default: made from the title).
    #[arg(long)]
    pub slug: Option<String>,
    /// The page's language: `da` writes content/<slug>.md, `en` content/<slug>.en.md.
    #[arg(long, default_value = "da", value_parser = ["da", "en"])]
    pub lang: String,
    /// Where to write the page (default: content/<slug>[.en].md under --root).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let source = privacy_site::error::read_to_string(&args.file)?;
    let ext = args.file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let html = matches!(ext.as_deref(), Some("html" | "htm")) || import::looks_like_html(&source);
    let site = match Site::load(&args.root) {
        Ok(site) => Some(site),
        Err(e) => {
            eprintln!("warning: could not load the site at {} ({e}); contact details are kept as written", args.root.display());
            None
        }
    };
    let opts = ImportOptions { lang: args.lang.clone(), html: Some(html), ..ImportOptions::default() };
    let imported = import::import(&source, &opts, site.as_ref());
    let slug = args.slug.clone().unwrap_or_else(|| privacy_site::text::slugify(&imported.report.title));
    let default_lang = site.as_ref().map_or("da", |s| s.config.default_language());
    let output = args.output.clone().unwrap_or_else(|| {
        let name = if args.lang == default_lang { format!("{slug}.md") } else { format!("{slug}.{}.md", args.lang) };
        args.root.join("content").join(name)
    });
    if output.exists() && !args.force {
        return Err(Error::Usage(format!("{} already exists: pass --force to overwrite it, or --slug to import under another name", output.display())));
    }
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
    }
    std::fs::write(&output, &imported.markdown).map_err(|e| Error::io("write", &output, e))?;
    eprint!("{}", imported.report);
    eprintln!("wrote {}; run `privacy-site check` to see what the page still lacks", output.display());
    Ok(ExitCode::SUCCESS)
}
