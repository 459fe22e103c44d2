//! One module per verb: each parses its flags and calls the library.

pub mod audit;
pub mod build;
pub mod check;
pub mod import;
pub mod new;
pub mod serve;
pub mod translated;

use std::error::Error as _;

/// Records the global `--lang` (once, at start).
pub fn set_lang(lang: Option<String>) {
    privacy_site::messages::set_flag(lang);
}

/// The run's language: `--lang`, else `site_default` (the site's default language).
pub fn lang(site_default: Option<&str>) -> &'static str {
    privacy_site::messages::for_run(site_default)
}

/// Records the default language of the site at `root` if its config loads, so that
/// what the run prints before the site has loaded (an error, a usage error) is in the
/// site's language too.
pub fn remember_site(root: &std::path::Path) {
    if let Ok(config) = privacy_site::config::Config::load(root) {
        privacy_site::messages::remember_site_default(config.default_language());
    }
}

/// Prints a command line that clap refused (exit code 2), in the run's language as
/// far as it is known: `--lang`, else the default language of the site at `--root`
/// (or here). Help and version requests are printed as clap writes them.
pub fn usage_error(e: clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        e.exit()
    }
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .enumerate()
            .find_map(|(i, a)| a.strip_prefix(&format!("{flag}=")).map(str::to_string).or_else(|| (a == flag).then(|| args.get(i + 1).cloned()).flatten()))
    };
    let lang = value("--lang").filter(|l| privacy_site::messages::LANGS.contains(&l.as_str()));
    if lang.is_none() {
        remember_site(std::path::Path::new(&value("--root").unwrap_or_else(|| ".".into())));
    }
    set_lang(lang);
    if privacy_site::messages::current() == "en" {
        e.exit()
    }
    eprint!("{}", say(&e.render().to_string()));
    std::process::ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// The tool's own words in the run's language (see `privacy_site::messages::say`).
pub fn say(text: &str) -> String {
    privacy_site::messages::say(text)
}

/// Prints an error with its cause chain, as `error: ...` lines on stderr, in the
/// run's language.
pub fn print_error(e: &privacy_site::Error) {
    let mut message = format!("error: {}", say(&e.to_string()));
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(&format!("\n  {}", say(&format!("caused by: {s}"))));
        source = s.source();
    }
    eprintln!("{message}");
}
