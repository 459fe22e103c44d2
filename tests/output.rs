//! Output rules on the rendered HTML: links, anchors, mail and phone links,
//! third-party resources and page structure, each with its file and line.

mod common;
use common::*;

fn site_with_body(extra: &str) -> (TempSite, String) {
    let site = TempSite::danish();
    let text = GOOD_NOTICE.replace("Indledning.", extra);
    site.write("content/n.md", &text);
    (site, text)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn broken_internal_relative_and_anchor_links_point_at_their_markdown_line() {
    let (site, text) = site_with_body(
        "Se [siden](/findes-ikke/).\n\nSe [relativ](../mangler/).\n\nSe [afsnit](#ukendt) og [klage](#complaint).\n\nSe [DPO](/kontakt/databeskyttelsesraadgiver/#nope).",
    );
    let outcome = site.check();
    let broken = with_rule(&outcome, "link-broken");
    assert_eq!(broken.len(), 2, "{}", describe(&broken));
    assert_eq!(broken[0].line, line_of(&text, "/findes-ikke/"));
    assert_eq!(broken[1].line, line_of(&text, "../mangler/"));
    let anchors = with_rule(&outcome, "anchor-missing");
    assert_eq!(anchors.len(), 2, "{}", describe(&anchors));
    assert!(anchors.iter().all(|f| f.file == std::path::Path::new("content/n.md")));
    assert_eq!(anchors[0].line, line_of(&text, "#ukendt"));
    assert_eq!(anchors[1].line, line_of(&text, "#nope"));
}

#[test]
fn an_unencrypted_external_link_is_a_warning_at_its_line() {
    let (site, text) = site_with_body("Læs [mere](http://www.example.dk/) og [her](https://www.example.dk/).");
    let outcome = site.check();
    let insecure = with_rule(&outcome, "link-insecure");
    assert_eq!(insecure.len(), 1, "{}", describe(&insecure));
    assert_eq!((insecure[0].line, insecure[0].severity), (line_of(&text, "http://www.example.dk/"), privacy_site::Severity::Warning));
}

#[test]
fn malformed_mailto_and_tel_links_are_errors() {
    let (site, text) = site_with_body("Skriv til [os](mailto:post@@lejre) eller ring [her](tel:12).");
    let outcome = site.check();
    assert_eq!(with_rule(&outcome, "mailto-invalid")[0].line, line_of(&text, "mailto:"));
    assert_eq!(with_rule(&outcome, "tel-invalid")[0].line, line_of(&text, "tel:12"));
}

#[test]
fn a_link_in_a_template_to_a_missing_page_names_the_template_line() {
    let (site, _) = site_with_body("Indledning.");
    let footer = site.read("templates/partials/footer.html").replace("</ul>", "<li><a href=\"/om-cookies/\">Cookies</a></li>\n    </ul>");
    site.write("templates/partials/footer.html", &footer);
    let outcome = site.check();
    let broken = with_rule(&outcome, "link-broken");
    assert!(!broken.is_empty());
    assert!(broken.iter().all(|f| f.file == std::path::Path::new("templates/partials/footer.html")), "{}", describe(&broken));
    assert_eq!(broken[0].line, line_of(&footer, "/om-cookies/"));
}

#[test]
fn scripts_and_fonts_from_other_hosts_are_errors() {
    let (site, _) = site_with_body("Indledning.");
    let base = site.read("templates/base.html").replace(
        "</head>",
        "<script src=\"https://cdn.example.com/track.js\"></script>\n<link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css2?family=Roboto\">\n</head>",
    );
    site.write("templates/base.html", &base);
    let outcome = site.check();
    let found = with_rule(&outcome, "third-party-resource");
    assert!(found.iter().any(|f| f.message.contains("cdn.example.com") && f.line == line_of(&base, "track.js")), "{}", describe(&found));
    assert!(found.iter().any(|f| f.message.contains("fonts.googleapis.com") && f.line == line_of(&base, "googleapis")), "{}", describe(&found));
    assert!(found.iter().all(|f| f.file == std::path::Path::new("templates/base.html")));
}

#[test]
fn styles_pings_svg_images_a_base_and_a_refresh_to_other_hosts_are_errors_at_their_template_lines() {
    let (site, _) = site_with_body("Indledning.");
    // Each put on a line of its own, before the tag named.
    let leaks = [
        ("</head>", "<style>body { background: url(https://bg.example.com/a.png) }</style>"),
        ("</head>", "<base href=\"https://cdn.example.com/\">"),
        ("</head>", "<meta http-equiv=\"refresh\" content=\"30; url=https://away.example.com/\">"),
        ("<main", "<p style=\"background: url('//img.example.com/p.png')\">x</p>"),
        ("<main", "<a href=\"/\" ping=\"https://ping.example.com/\">x</a>"),
        ("<main", "<svg aria-hidden=\"true\"><image href=\"https://svg.example.com/i.png\"/></svg>"),
    ];
    let mut base = site.read("templates/base.html");
    for (at, leak) in leaks {
        base = base.replacen(at, &format!("{leak}\n{at}"), 1);
    }
    site.write("templates/base.html", &base);
    let outcome = site.check();
    let found = with_rule(&outcome, "third-party-resource");
    for host in ["bg.example.com", "cdn.example.com", "away.example.com", "img.example.com", "ping.example.com", "svg.example.com"] {
        assert!(
            found.iter().any(|f| f.message.contains(host) && f.file == std::path::Path::new("templates/base.html") && f.line == line_of(&base, host)),
            "{host}: {}",
            describe(&found)
        );
    }
}

#[test]
fn a_web_font_from_another_host_in_the_sass_is_an_error_at_its_line() {
    let (site, _) = site_with_body("Indledning.");
    let sass = format!(
        "{}\n@font-face {{\n  font-family: Roboto;\n  src: url(\"https://fonts.gstatic.com/s/roboto.woff2\") format(\"woff2\");\n}}\n",
        site.read("sass/style.scss")
    );
    site.write("sass/style.scss", &sass);
    let outcome = site.check();
    let found = with_rule(&outcome, "third-party-resource");
    assert_eq!(found.len(), 1, "{}", describe(&found));
    assert_eq!(found[0].file, std::path::Path::new("sass/style.scss"));
    assert_eq!(found[0].line, line_of(&sass, "fonts.gstatic.com"));
    assert!(found[0].message.contains("https://fonts.gstatic.com/s/roboto.woff2"));
}

#[test]
fn content_cannot_inject_script_or_raw_html() {
    let (site, _) = site_with_body("<script src=\"https://evil.example/x.js\"></script>\n\n[klik](javascript:alert(1))");
    let outcome = site.check();
    assert!(with_rule(&outcome, "third-party-resource").is_empty(), "raw HTML is not passed through");
    assert_eq!(with_rule(&outcome, "raw-html-dropped").len(), 1, "but its author hears of it");
    assert_eq!(with_rule(&outcome, "link-unsafe").len(), 1, "the script link is an error");
    // Even the page check renders (and discards) does not hold them.
    let loaded = privacy_site::Site::load(site.path()).unwrap();
    let templates = privacy_site::render::templates::Templates::for_site(&loaded).unwrap();
    let output = privacy_site::write::MemoryOutput::default();
    privacy_site::pipeline::run(&loaded, &templates, &output, &Default::default()).unwrap();
    let html = String::from_utf8(output.files.read().unwrap()["n/index.html"].to_vec()).unwrap();
    assert!(html.contains(">klik<") && !html.contains("evil.example") && !html.contains("javascript:"));
}

#[test]
fn two_h1_and_skipped_heading_levels_are_errors() {
    let (site, _) = site_with_body("# Endnu en titel\n\n#### For dybt");
    let outcome = site.check();
    let h1 = with_rule(&outcome, "html-h1-count");
    assert_eq!(h1.len(), 1);
    assert!(h1[0].message.contains("2 <h1>"), "{}", h1[0].message);
    assert!(!with_rule(&outcome, "html-heading-skip").is_empty());
}

#[test]
fn every_page_of_the_real_site_resolves_its_links_and_loads_nothing_foreign() {
    let site = privacy_site::Site::load(&repo()).unwrap();
    let templates = privacy_site::render::templates::Templates::for_site(&site).unwrap();
    let output = privacy_site::write::MemoryOutput::default();
    let outcome = privacy_site::pipeline::run(&site, &templates, &output, &Default::default()).unwrap();
    // The checker had links to check: every `<a href` of the written pages.
    let files = output.files.read().unwrap();
    let links: usize = files.values().map(|html| String::from_utf8_lossy(html).matches("<a href").count()).sum();
    assert!(outcome.rendered.len() >= 22 && links > 300, "{} pages, {links} links", outcome.rendered.len());
    let bad: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("link-") || f.rule.starts_with("anchor") || f.rule.starts_with("html-") || f.rule == "third-party-resource")
        .collect();
    assert!(bad.is_empty(), "{}", describe(&bad));
    println!("checked {} pages and {links} links", outcome.rendered.len());
}
