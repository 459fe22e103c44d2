//! The rewrite pass (`src/rewrite.rs`) over arbitrary HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use privacy_site::rewrite::{rewrite, RewriteOptions};

fuzz_target!(|html: &str| {
    for live_reload in [None, Some("/__privacy_site/livereload.js")] {
        let opts = RewriteOptions { base_url: "https://privatliv.lejre.dk", external_label: "ekstern", live_reload };
        let (out, facts) = rewrite(html, &opts);
        if live_reload.is_none() {
            assert!(out.len() >= html.len());
        }
        let _ = facts.links.len() + facts.ids.iter().count() + facts.resources.len();
    }
});
