//! Publishing (issue 12): clean, reproducible output; a base URL with a path,
//! followed link by link through a real HTTP server; fragments for a CMS.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir` (relative path → bytes), in a stable order.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    out
}

/// Builds the site at `root` into `output` with extra arguments; panics unless it exits 0.
fn build(root: &Path, output: &Path, extra: &[&str]) {
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--output", output.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = cli(&args, root);
    assert!(out.status.success(), "build failed: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn output_has_plain_slashes_and_two_builds_are_byte_identical() {
    let site = TempSite::real();
    let (a, b) = (site.path().join("out-a"), site.path().join("out-b"));
    build(site.path(), &a, &[]);
    build(site.path(), &b, &[]);
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 20, "the real site writes more than 20 files, got {}", fa.len());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>(), "the two builds wrote different files");
    for (name, bytes) in &fa {
        assert!(fb[name] == *bytes, "{name} differs between two builds of the same sources");
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("&#x2F;"), "{name} writes a slash as &#x2F;");
    }
    let home = String::from_utf8_lossy(&fa["index.html"]).into_owned();
    assert!(home.contains("href=\"/en/\""), "the language switcher links to /en/ with plain slashes");
}
