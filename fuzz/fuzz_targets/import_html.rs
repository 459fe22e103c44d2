//! `import` of saved HTML: the HTML reader, classification and the Markdown writer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use privacy_site::import::{self, ImportOptions};

fuzz_target!(|html: &str| {
    let opts = ImportOptions { lang: "en".into(), date: "2026-11-25".into(), html: Some(true) };
    if let Ok(imported) = import::try_import(std::path::Path::new("page.html"), html, &opts, None) {
        let split = privacy_site::load::front_matter::split(&imported.markdown).expect("import writes front matter");
        assert!(privacy_site::load::front_matter::parse(split.toml).is_ok(), "{}", imported.markdown);
    }
});
