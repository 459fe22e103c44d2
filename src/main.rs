//! The `privacy-site` command line: parses arguments and hands each verb to its
//! module under `cmd/`. All logic lives in the library.

mod cmd;

/// mimalloc: the pipeline allocates many small strings on two threads, where it is
/// markedly faster than the system allocator (see scripts/bench.sh), and its heaps
/// keep a run's transient memory apart from what it keeps (`privacy_site::scratch`).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Build and check Lejre Kommune's bilingual privacy pages (GDPR Art. 13/14).
///
/// Exit codes: 0 no errors, 1 errors found in the site, 2 the run itself failed
/// (bad config, unreadable file, bad arguments).
#[derive(Parser)]
#[command(name = "privacy-site", version, about, long_about)]
struct Cli {
    /// The language of findings, help lines and summaries (default: the site's
    /// default language, else da).
    #[arg(long, global = true, value_parser = ["da", "en"])]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only if the build succeeds).
    #[command(after_help = "Example:\n  privacy-site build --root . --output public")]
    Build(cmd::build::Args),
    /// Check the site and report every finding; writes nothing.
    #[command(after_help = cmd::check::AFTER_HELP)]
    Check(cmd::check::Args),
    /// Preview the site locally with live reload.
    Serve(cmd::serve::Args),
    /// Scaffold a new notice (Danish and English) with every required section.
    #[command(after_help = "Example:\n  privacy-site new parkering --title \"Parkeringstilladelser\" --basis 6.1.e --basis dbl-11 --sources subject,others")]
    New(cmd::new::Args),
    /// Convert an existing privacy page (plain text or saved HTML) into a page.
    #[command(after_help = "Example:\n  privacy-site import ../shared/seeds/000_3cbcaf3e45833872.txt --slug vores-dialog")]
    Import(cmd::import::Args),
    /// Judge existing pages (text or saved HTML) against Art. 13/14 without importing them.
    #[command(after_help = cmd::audit::AFTER_HELP)]
    Audit(cmd::audit::Args),
    /// Record that a translation has been reviewed against its current Danish page.
    #[command(after_help = "Example:\n  privacy-site translated content/vores-dialog.en.md")]
    Translated(cmd::translated::Args),
}

impl Command {
    /// The site's root folder the verb works on (`audit` has none: the current folder).
    fn root(&self) -> &std::path::Path {
        match self {
            Command::Build(a) => &a.root,
            Command::Check(a) => &a.root,
            Command::Serve(a) => &a.root,
            Command::New(a) => &a.root,
            Command::Import(a) => &a.root,
            Command::Translated(a) => &a.root,
            Command::Audit(_) => std::path::Path::new("."),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return cmd::usage_error(e),
    };
    cmd::set_lang(cli.lang.clone());
    if cli.lang.is_none() {
        cmd::remember_site(cli.command.root());
    }
    let result = match cli.command {
        Command::Build(a) => cmd::build::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::New(a) => cmd::new::run(a),
        Command::Import(a) => cmd::import::run(a),
        Command::Audit(a) => cmd::audit::run(a),
        Command::Translated(a) => cmd::translated::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            cmd::print_error(&e);
            ExitCode::from(2)
        }
    }
}
