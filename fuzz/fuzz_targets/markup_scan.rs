//! The markup scan: headings, `{#keys}`, shortcodes and code fences.
#![no_main]

use libfuzzer_sys::fuzz_target;
use privacy_site::load::markup;

fuzz_target!(|body: &str| {
    let m = markup::scan(body);
    // The scan never moves a line.
    assert_eq!(m.prepared.matches('\n').count(), body.matches('\n').count());
    let lines = body.split_inclusive('\n').count().max(1);
    for h in &m.headings {
        assert!(h.line >= 1 && h.line <= lines);
    }
    for e in &m.errors {
        assert!(e.line >= 1 && e.line <= lines, "{e:?}");
    }
});
