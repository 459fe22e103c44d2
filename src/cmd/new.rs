//! `privacy-site new`: scaffolds a notice in Danish and English with every section
//! the requirement table demands.

use privacy_site::scaffold::{self, NewOptions};
use privacy_site::Result;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `new`.
#[derive(clap::Args)]
#[command(after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// The page's name in the URL: lower-case letters, digits and hyphens (e.g. parkering).
    pub slug: String,
    /// The Danish title.
    #[arg(long)]
    pub title: String,
    /// The English title (a TODO placeholder if left out).
    #[arg(long)]
    pub title_en: Option<String>,
    /// A legal basis: 6.1.a-f, 9.2.a-j, 10 or dbl-N. Repeat, or separate with commas.
    #[arg(long = "basis", value_name = "CODE")]
    pub basis: Vec<String>,
    /// Where the data come from: subject, others, or subject,others.
    #[arg(long, value_name = "SOURCES")]
    pub sources: Vec<String>,
    /// Whether data are transferred to a country outside the EU/EEA: `--transfers`
    /// (or `--transfers true`) or `--transfers false`. Left out, the page does not
    /// declare it and gets a section on transfers to fill in.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub transfers: Option<bool>,
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Replace the page (both languages) if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Exit codes of `new`, shown by `--help`.
pub const AFTER_LONG_HELP: &str = "Exit codes:\n  0  both pages written\n  2  nothing written: bad arguments (an invalid or reserved page name, an unknown legal basis), an existing page without --force, or a failed write\n\nExample:\n  privacy-site new parkering --title \"Parkeringstilladelser\" --basis 6.1.e --basis dbl-11 --sources subject,others";

pub fn run(args: Args) -> Result<ExitCode> {
    // The site's language codes are reserved too, if its config loads.
    let config = privacy_site::config::Config::load(&args.root).ok();
    let languages: Vec<&str> = config.iter().flat_map(|c| c.languages.iter().map(|l| l.code.as_str())).collect();
    privacy_site::slug::validate(&args.slug, &languages)?;
    let opts = NewOptions {
        slug: args.slug,
        title: args.title,
        title_en: args.title_en,
        bases: args.basis,
        sources: args.sources,
        transfers: args.transfers,
        date: None,
    };
    let files = scaffold::scaffold(&opts)?;
    let written = scaffold::write_pages(&args.root, &files, args.force)?;
    let mut out = String::new();
    for path in &written {
        out.push_str(&format!("wrote {}\n", path.display()));
    }
    if opts.bases.is_empty() {
        out.push_str("note: no --basis given: add legal_basis to both pages' front matter\n");
    }
    if opts.sources.is_empty() {
        out.push_str("note: no --sources given: add sources = [\"subject\"], [\"others\"] or both to both pages\n");
    }
    if opts.transfers.is_none() {
        out.push_str("note: no --transfers given: add third_country_transfers = true or false to both pages\n");
    }
    out.push_str("\nNext: replace every TODO, then run privacy-site check\n");
    print!("{}", super::say(&out));
    Ok(ExitCode::SUCCESS)
}
