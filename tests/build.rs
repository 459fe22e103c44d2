//! `build` on the real site, on a golden fixture site, and on broken sites.

mod common;
use common::*;
use std::path::Path;

fn build(root: &Path, output: &Path) -> std::process::Output {
    cli(&["build", "--root", &root.to_string_lossy(), "--output", &output.to_string_lossy()], root)
}

#[test]
fn the_real_site_builds_with_contact_blocks_and_backlinks() {
    let out_dir = tempfile::tempdir().unwrap();
    let public = out_dir.path().join("public");
    let out = build(&repo(), &public);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Byggede 18 sider på 2 sprog"), "{}", String::from_utf8_lossy(&out.stdout));
    let read = |p: &str| std::fs::read_to_string(public.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let css: Vec<String> =
        std::fs::read_dir(&public).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".css")).collect();
    let hashed = regex::Regex::new(r"^style\.[0-9a-f]{10}\.css$").unwrap();
    assert!(css.len() == 1 && hashed.is_match(&css[0]), "one stylesheet named after its content: {css:?}");
    assert!(read("index.html").contains(&format!("<link rel=\"stylesheet\" href=\"/{}\">", css[0])), "pages link the hashed stylesheet");
    for file in ["index.html", "en/index.html", "404.html", "sitemap.xml", "robots.txt", "matrix/index.html"] {
        assert!(public.join(file).exists(), "{file}");
    }
    for slug in ["vores-dialog", "borgerservice", "integration", "it-og-digitalisering"] {
        for prefix in ["", "en/"] {
            let html = read(&format!("{prefix}{slug}/index.html"));
            for contact in ["lejre-kommune", "databeskyttelsesraadgiver", "datatilsynet"] {
                assert!(html.contains(&format!("href=\"/{prefix}kontakt/{contact}/\"")), "{prefix}{slug} links {contact}");
            }
            assert!(!html.contains("<script"), "no script in build output");
        }
    }
    assert!(read("datasikkerhed/index.html").contains("data-contact=\"dpo\""));
    let dpo = read("kontakt/databeskyttelsesraadgiver/index.html");
    for user in ["vores-dialog", "borgerservice", "datasikkerhed", "integration", "it-og-digitalisering"] {
        assert!(dpo.contains(&format!("\"/{user}/\"")), "the DPO page lists {user}");
    }
    assert!(dpo.contains("Langelinie Allé 35"), "the disagreement is visible");
}

#[test]
fn no_content_page_types_a_contact_detail_by_hand() {
    let outcome = check_site(&repo());
    let typed: Vec<_> = outcome.findings.iter().filter(|f| f.rule == "contact-hand-typed" && !f.message.contains("secure-message")).collect();
    assert!(typed.is_empty(), "{}", describe(&typed));
    assert!(errors(&outcome).is_empty(), "{}", describe(&errors(&outcome)));
}

#[test]
fn a_failed_build_leaves_the_previous_output_and_names_file_and_line() {
    let site = TempSite::danish();
    site.write("content/n.md", GOOD_NOTICE);
    let public = site.path().join("public");
    assert!(build(site.path(), &public).status.success());
    let before = std::fs::read_to_string(public.join("n/index.html")).unwrap();
    site.write("content/n.md", &GOOD_NOTICE.replace("notice = true", "notice = true\nweigth = 3"));
    let out = build(site.path(), &public);
    assert_eq!(out.status.code(), Some(1), "errors in the site: exit 1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/n.md:6") && stderr.contains("ukendt felt `weigth`"), "{stderr}");
    assert_eq!(std::fs::read_to_string(public.join("n/index.html")).unwrap(), before);
    let leftovers: Vec<_> =
        std::fs::read_dir(site.path()).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().starts_with('.')).collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");
}

#[test]
fn an_unreadable_file_stops_the_run_with_its_path() {
    let site = TempSite::danish();
    std::fs::write(site.path().join("content/broken.md"), [0xff, 0xfe, 0x00]).unwrap();
    let out = cli(&["check"], site.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kunne ikke læse") && String::from_utf8_lossy(&out.stderr).contains("broken.md"));
}

#[test]
fn hidden_ignored_and_swap_files_are_skipped() {
    let site = TempSite::danish();
    site.write(".gitignore", "kladde.md\n");
    for name in ["content/kladde.md", "content/.skjult.md", "content/n.md~", "content/.#n.md"] {
        site.write(name, "not front matter");
    }
    assert!(errors(&site.check()).is_empty(), "{}", describe(&errors(&site.check())));
}

/// Golden output: the rendered HTML of a small site, compared with committed files.
/// Set UPDATE_GOLDEN=1 to rewrite the expectations after an intended change.
#[test]
fn golden_site_renders_as_expected() {
    let fixture = repo().join("tests/fixtures/golden");
    let site = TempSite::danish();
    copy_dir(&fixture.join("content"), &site.path().join("content"));
    std::fs::copy(fixture.join("config.toml"), site.path().join("config.toml")).unwrap();
    let public = site.path().join("public");
    let out = build(site.path(), &public);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let hashed_css = regex::Regex::new(r"style\.[0-9a-f]{10}\.css").unwrap();
    for page in ["parkering/index.html", "en/parkering/index.html", "kontakt/datatilsynet/index.html", "matrix/index.html", "en/matrix/index.html"] {
        // The stylesheet's hash changes with every Sass edit; the goldens are about the pages.
        let got = hashed_css.replace_all(&std::fs::read_to_string(public.join(page)).unwrap(), "style.css").into_owned();
        let expected_path = fixture.join("expected").join(page);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
            std::fs::write(&expected_path, &got).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        assert_eq!(got, expected, "{page} differs from {}", expected_path.display());
    }
}

#[test]
fn every_page_and_its_translation_point_at_each_other() {
    let out_dir = tempfile::tempdir().unwrap();
    let public = out_dir.path().join("public");
    assert!(build(&repo(), &public).status.success());
    let alternate = regex::Regex::new(r#"<link rel="alternate" hreflang="(da|en)" href="https://privatliv.lejre.dk([^"]*)">"#).unwrap();
    let switcher = regex::Regex::new(r#"<a href="([^"]*)" lang="(da|en)" hreflang="(da|en)">"#).unwrap();
    let page_of = |url: &str| public.join(url.trim_start_matches('/')).join("index.html");
    let mut pairs = 0;
    for lang_prefix in ["", "/en"] {
        for slug in ["", "vores-dialog/", "borgerservice/", "datasikkerhed/", "integration/", "it-og-digitalisering/", "kontakt/datatilsynet/"] {
            let url = format!("{lang_prefix}/{slug}");
            let html = std::fs::read_to_string(page_of(&url)).unwrap();
            assert!(html.contains(&format!("<html lang=\"{}\">", if lang_prefix.is_empty() { "da" } else { "en" })), "{url}");
            assert!(html.contains("hreflang=\"x-default\""), "{url} has x-default");
            for caps in alternate.captures_iter(&html) {
                let target = caps[2].to_string();
                let other = std::fs::read_to_string(page_of(&target)).unwrap_or_else(|_| panic!("{url} alternate {target} exists"));
                let back: Vec<String> = alternate.captures_iter(&other).map(|c| c[2].to_string()).collect();
                assert!(back.contains(&url), "{target} points back to {url}: {back:?}");
                pairs += 1;
            }
            let links: Vec<_> = switcher.captures_iter(&html).map(|c| c[1].to_string()).collect();
            assert_eq!(links.len(), 1, "{url} has one language switcher link");
            assert!(page_of(&links[0]).exists(), "{url} switches to {}", links[0]);
        }
    }
    assert_eq!(pairs, 28);
}

#[test]
fn a_matrix_of_many_notices_is_cut_into_linked_pages() {
    let site = TempSite::real();
    let config = site.read("config.toml");
    site.write("config.toml", &format!("matrix_page_size = 3\n{config}"));
    let out_dir = tempfile::tempdir().unwrap();
    let public = out_dir.path().join("public");
    let out = build(site.path(), &public);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Plain slashes, however the build escapes them.
    let read = |p: &str| std::fs::read_to_string(public.join(p)).unwrap_or_else(|e| panic!("{p}: {e}")).replace("&#x2F;", "/");
    for prefix in ["", "en/"] {
        // Four notices per language: pages of three and one.
        let first = read(&format!("{prefix}matrix/index.html"));
        let second = read(&format!("{prefix}matrix/2/index.html"));
        assert!(!public.join(format!("{prefix}matrix/3/index.html")).exists());
        let columns = |html: &str| html.matches("<th scope=\"col\"><a href=").count();
        assert_eq!((columns(&first), columns(&second)), (3, 1), "{prefix}");
        for (html, current) in [(&first, 1), (&second, 2)] {
            assert!(
                html.contains(&format!("href=\"/{prefix}matrix/\"")) && html.contains(&format!("href=\"/{prefix}matrix/2/\"")),
                "each page links every page"
            );
            assert_eq!(html.matches("aria-current=\"page\"").count(), 1);
            let marked = if current == 1 { format!("href=\"/{prefix}matrix/\" aria-current") } else { format!("href=\"/{prefix}matrix/2/\" aria-current") };
            assert!(html.contains(&marked), "{prefix} page {current} is marked current");
        }
        assert!(first.contains("matrix-to-confirm") && !second.contains("matrix-to-confirm"), "the contact notes once, on the first page");
        assert!(second.contains(if prefix.is_empty() { "Viser privatlivspolitik 4–4 af 4." } else { "Showing privacy notices 4–4 of 4." }));
    }
    // The pager's links resolve: check finds nothing new.
    assert!(site.check().findings.iter().all(|f| f.rule != "link-broken" && f.rule != "anchor-missing"));
}
