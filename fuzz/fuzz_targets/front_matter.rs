//! A content file's bytes: decoding (UTF-8, BOM, CRLF), front-matter splitting and
//! parsing, and `Page::parse` with the real config.
#![no_main]

use libfuzzer_sys::fuzz_target;
use privacy_site::config::Config;
use privacy_site::load::{front_matter, page::Page};
use std::path::Path;
use std::sync::LazyLock;

static CONFIG: LazyLock<Config> = LazyLock::new(|| Config::parse(include_str!("../../config.toml"), Path::new("config.toml")).expect("the real config parses"));

fuzz_target!(|data: &[u8]| {
    let Ok(source) = privacy_site::error::decode(Path::new("content/x.md"), data.to_vec()) else { return };
    if let Ok(split) = front_matter::split(&source) {
        let _ = front_matter::parse(split.toml);
    }
    let lines = source.lines().count() + 2;
    // The first byte picks the page's kind of path, so one run parses once.
    let (file, rel) = match data.first().map(|b| b % 3) {
        Some(0) => ("content/kontakt/x.en.md", "kontakt/x.en.md"),
        Some(1) => ("content/_index.md", "_index.md"),
        _ => ("content/x.md", "x.md"),
    };
    {
        let (page, findings) = Page::parse(Path::new(file), Path::new(rel), &source, &CONFIG);
        for f in &findings {
            assert!(f.line <= lines, "finding past the end of the file: {f:?}");
        }
        if let Some(page) = page {
            let _ = page.facts();
            let _ = page.kind();
            let _ = page.url(&CONFIG);
        }
    }
});
