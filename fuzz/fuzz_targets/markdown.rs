//! Markdown to HTML (scan, comrak, heading anchors, shortcodes), then the rewrite
//! pass over the result, as the pipeline runs them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use privacy_site::load::markup;
use privacy_site::render::markdown;
use privacy_site::rewrite::{rewrite, RewriteOptions};

fuzz_target!(|body: &str| {
    let m = markup::scan(body);
    let content = markdown::render(&m.prepared, &m.headings, "link", |n| format!("<address id=\"c{n}\">contact</address>"));
    let lines = body.split_inclusive('\n').count().max(1);
    for (_, line) in &content.links {
        assert!(*line >= 1 && *line <= lines);
    }
    for d in &content.dropped {
        let _ = d.finding(std::path::Path::new("content/x.md"), d.line);
    }
    let page = format!("<!doctype html><html lang=\"da\"><head><title>T</title></head><body><h1>T</h1>{}</body></html>", content.html);
    let opts = RewriteOptions { base_url: "https://privatliv.lejre.dk", external_label: "ekstern", live_reload: Some("/__privacy_site/livereload.js") };
    let (_, mut facts) = rewrite(&page, &opts);
    facts.attach_lines(&content.links);
    // No link the renderer writes runs script.
    for link in &facts.links {
        let url = privacy_site::url_policy::normalise(&link.href).to_ascii_lowercase();
        assert!(!url.starts_with("javascript:") && !url.starts_with("vbscript:"), "{:?}", link.href);
    }
});
