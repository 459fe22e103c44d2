//! The URL policy: never panics, and never allows what a browser would read as
//! script, `data:`, `file:` or another site without https.
#![no_main]

use libfuzzer_sys::fuzz_target;
use privacy_site::url_policy::{self, Kind, Verdict};

fuzz_target!(|href: &str| {
    let verdict = url_policy::judge(href);
    let _ = url_policy::quoted(href);
    let _ = url_policy::finding(href, || "the link".to_string(), std::path::Path::new("content/x.md"), 1);
    let read = url_policy::normalise(href).to_ascii_lowercase();
    if let Verdict::Allowed(kind) = verdict {
        for refused in ["javascript:", "vbscript:", "data:", "file:"] {
            assert!(!read.starts_with(refused), "{href:?} allowed as {kind:?}");
        }
        // What the url crate reads agrees with the verdict.
        match url::Url::parse(&url_policy::normalise(href)) {
            Ok(u) => assert!(
                matches!((u.scheme(), kind), ("https", Kind::Https) | ("http", Kind::Http) | ("mailto", Kind::Mailto) | ("tel", Kind::Tel)),
                "{href:?}: {kind:?} vs {}",
                u.scheme()
            ),
            Err(_) => assert_eq!(kind, Kind::Relative, "{href:?}"),
        }
    }
});
