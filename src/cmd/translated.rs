//! `privacy-site translated`: records in a translation's front matter which version
//! of its Danish page it was reviewed against (see `privacy_site::translate`).

use privacy_site::load::page::Page;
use privacy_site::{translate, Error, Finding, Result, Site};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes of `translated`, shown by `--help`.
pub const AFTER_LONG_HELP: &str = "Exit codes:\n  0  the record was written (or was already current)\n  2  nothing written: no such page, the page is not a translation, the site does not load, or a failed write (the page is replaced atomically, never truncated)\n\nExample:\n  privacy-site translated content/vores-dialog.en.md";

/// Arguments of `translated`.
#[derive(clap::Args)]
#[command(after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// The translation, e.g. `content/vores-dialog.en.md` (or `vores-dialog.en.md`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub page: Option<PathBuf>,
    /// Mark every translation as reviewed against its current Danish page.
    #[arg(long)]
    pub all: bool,
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let site = Site::load(&args.root)?;
    let default = site.config.default_language().to_string();
    let lang = super::lang(Some(&default));
    let say = super::say;
    let targets: Vec<&Page> = if args.all {
        site.pages.iter().map(|p| &**p).filter(|p| p.lang != default && translate::source_of(&site, p).is_some()).collect()
    } else {
        let arg = args.page.as_deref().expect("clap requires PAGE without --all");
        vec![find(&site, arg)?]
    };
    if args.all {
        for p in site.pages.iter().filter(|p| p.lang != default && translate::source_of(&site, p).is_none()) {
            eprintln!("{}", say(&format!("skipped `{}`: it has no {default} page to translate", p.file.display())));
        }
        if targets.is_empty() {
            println!("{}", say("no translations to mark"));
        }
    }
    let structural: Vec<Finding> =
        privacy_site::check::translations::check(&site).into_iter().filter(|f| matches!(f.rule, "translation-sections" | "translation-facts")).collect();
    for page in targets {
        let marked = translate::mark(&site, page)?;
        let verb = if marked.changed { "recorded" } else { "already current:" };
        println!(
            "{}",
            say(&format!(
                "{verb} `{}` translates `{}` as of hash {} ({} keyed section(s): {})",
                marked.file.display(),
                marked.source.display(),
                marked.record.hash,
                marked.record.sections.len(),
                marked.record.sections.keys().collect::<Vec<_>>().join(", ")
            ))
        );
        let mut warnings: Vec<Finding> = structural.iter().filter(|f| f.file == page.file).cloned().collect();
        privacy_site::messages::localise_all(&mut warnings, lang);
        for f in &warnings {
            eprintln!("warning: {}:{}: {}: {}", f.file.display(), f.line, f.rule, f.text());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The page `arg` names, or an error that says what to type instead.
fn find<'a>(site: &'a Site, arg: &Path) -> Result<&'a Page> {
    let default = site.config.default_language();
    let Some(page) = translate::find_page(site, arg) else {
        let exists = arg.is_file() || site.root.join(arg).is_file() || site.root.join("content").join(arg).is_file();
        let example = site.pages.iter().find(|p| p.lang != default).map_or("content/<name>.en.md".to_string(), |p| p.file.display().to_string());
        return Err(Error::Usage(if exists {
            format!("`{}` did not load as a page (a draft, or it has errors: see `privacy-site check`)", arg.display())
        } else {
            format!(
                "no page `{}` under `{}`: name the translation's file, e.g. `privacy-site translated {example}`",
                arg.display(),
                site.root.join("content").display()
            )
        }));
    };
    if page.lang == default {
        // `mark` explains which file to name instead.
        translate::mark(site, page)?;
    }
    Ok(page)
}
