//! `import` of plain text: the text reader, classification and the Markdown writer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use privacy_site::import::{self, ImportOptions};

fuzz_target!(|text: &str| {
    let opts = ImportOptions { lang: "da".into(), date: "2026-11-25".into(), html: Some(false) };
    if let Ok(imported) = import::try_import(std::path::Path::new("page.txt"), text, &opts, None) {
        // What import writes is a page the site can read.
        assert!(privacy_site::load::front_matter::split(&imported.markdown).is_ok(), "{}", imported.markdown);
        assert!(
            privacy_site::load::front_matter::parse(privacy_site::load::front_matter::split(&imported.markdown).unwrap().toml).is_ok(),
            "{}",
            imported.markdown
        );
    }
});
