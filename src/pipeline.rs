//! The pipeline that `build`, `check` and `serve` share: check the content, render
//! every page (comrak → Tera → lol_html) in parallel, hand each file to an
//! [`Output`] as soon as it is ready, then check the output as a whole. Only the
//! small [`PageFacts`] of each page stay in memory for the cross-page checks.

use crate::check;
use crate::error::{Error, Result};
use crate::finding::{self, Finding, Severity};
use crate::load::page::Page;
use crate::matrix::Matrix;
use crate::render::{context, markdown, sass, templates::Templates};
use crate::rewrite::{self, PageFacts, RewriteOptions};
use crate::site::Site;
use crate::write::Output;
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// How to run the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Inject this live-reload script URL into every page (serve only).
    pub live_reload: Option<String>,
}

/// A rendered page's facts, with where it came from and where it went.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Index into `site.pages`, or `None` for generated pages such as 404.
    pub page: Option<usize>,
    /// The output path, e.g. `en/vores-dialog/index.html`.
    pub path: String,
    /// The facts collected by the rewrite pass.
    pub facts: PageFacts,
}

/// What a run produced.
pub struct Outcome {
    /// Every finding, sorted.
    pub findings: Vec<Finding>,
    /// Rendered HTML pages, including generated ones.
    pub rendered: Vec<Rendered>,
    /// Every file written (HTML, CSS, XML, text), for link resolution.
    pub files: Vec<String>,
    /// Every notice evaluated against every requirement.
    pub matrix: Matrix,
    /// Time taken.
    pub elapsed: Duration,
}

impl Outcome {
    /// Number of error findings.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    /// Adds findings from a later stage (such as `check --external`), keeping the
    /// list sorted and free of repeats.
    pub fn add(&mut self, mut findings: Vec<Finding>, deny_warnings: bool) {
        self.findings.append(&mut findings);
        finding::finalize(&mut self.findings, deny_warnings);
    }
}

/// The output path of a URL path: `/en/x/` becomes `en/x/index.html`.
pub fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// Runs the whole pipeline on a loaded site, writing into `output`.
pub fn run(site: &Site, templates: &Templates, output: &dyn Output, opts: &Options) -> Result<Outcome> {
    let start = Instant::now();
    let mut findings = site.load_findings.clone();
    findings.extend(check::site_wide(site));
    // Every notice is evaluated first, so that the generated pages (the matrix is
    // the largest single page) render beside the content pages.
    let matrix = Matrix::of(site);

    // One pass per page, in parallel: check, render, rewrite and write it; keep
    // only its facts and findings.
    let blocks = BlockCache::default();
    let (passes, generated) = rayon::join(
        || {
            site.pages
                .par_iter()
                .enumerate()
                .map(|(i, page)| {
                    let findings = check::page(site, page, matrix.statuses(i));
                    Ok((render_content(site, templates, output, opts, &blocks, i)?, findings))
                })
                .collect::<Result<Vec<_>>>()
        },
        || render_generated(site, templates, output, opts, &matrix),
    );
    let (mut rendered, page_findings): (Vec<Rendered>, Vec<Vec<Finding>>) = passes?.into_iter().unzip();
    findings.extend(page_findings.into_iter().flatten());
    rendered.extend(generated?);

    let mut files: Vec<String> = rendered.iter().map(|r| r.path.clone()).collect();
    if let Some(css) = sass::compile(&site.root, &site.config.sass_dir, &site.config.stylesheet)? {
        let name = sass::css_name(&site.config.stylesheet);
        output.write(&name, css.as_bytes())?;
        findings.extend(check::output::stylesheet(site, &css));
        files.push(name);
    }
    for (name, body) in [("sitemap.xml", crate::sitemap::sitemap(site)), ("robots.txt", crate::sitemap::robots(site))] {
        output.write(name, body.as_bytes())?;
        files.push(name.to_string());
    }

    findings.extend(check::output(site, templates, &rendered, &files));
    finding::finalize(&mut findings, opts.deny_warnings);
    Ok(Outcome { findings, rendered, files, matrix, elapsed: start.elapsed() })
}

/// Shortcode output shared by every page of one run: a contact block depends only
/// on the language, the contact and the unit, so each is rendered once.
#[derive(Default)]
pub struct BlockCache(std::sync::Mutex<std::collections::HashMap<BlockKey, String>>);

/// Language, contact id and unit of a contact block.
type BlockKey = (String, String, Option<String>);

/// Renders content page `i`, rewrites it and hands it to `output`; returns its facts.
pub fn render_content(site: &Site, templates: &Templates, output: &dyn Output, opts: &Options, blocks: &BlockCache, i: usize) -> Result<Rendered> {
    let page = &site.pages[i];
    let (html, links) = render_page(site, templates, page, blocks)?;
    let path = output_path(&page.url(&site.config));
    let mut facts = finish(site, output, &path, &page.lang, &html, opts)?;
    facts.attach_lines(&links);
    Ok(Rendered { page: Some(i), path, facts })
}

/// Renders one content page to HTML (before the rewrite pass), with the body lines of
/// its Markdown's links.
fn render_page(site: &Site, templates: &Templates, page: &Page, blocks: &BlockCache) -> Result<(String, Vec<(String, usize)>)> {
    let label = site.config.language(&page.lang).and_then(|l| l.ui.get("heading_link")).map_or("", String::as_str);
    let content = markdown::render(&page.body, &page.headings, label, |n| {
        let Some(sc) = page.shortcodes.get(n) else { return String::new() };
        let key = (page.lang.clone(), sc.arg("id").unwrap_or_default().to_string(), sc.arg("unit").map(str::to_string));
        if sc.name == "contact" {
            if let Some(html) = blocks.0.lock().expect("block cache").get(&key) {
                return html.clone();
            }
        }
        match render_shortcode(site, templates, page, sc) {
            Ok(html) => {
                blocks.0.lock().expect("block cache").insert(key, html.clone());
                html
            }
            Err(e) => format!("<p class=\"shortcode-error\">{}</p>", tera::escape_html(&e.to_string())),
        }
    });
    let ctx = context::for_page(site, page, &content.html);
    Ok((templates.render(&context::template_for(page), &ctx)?, content.links))
}

fn render_shortcode(site: &Site, templates: &Templates, page: &Page, sc: &crate::load::markup::Shortcode) -> Result<String> {
    match sc.name.as_str() {
        "contact" => {
            let id = sc.arg("id").unwrap_or_default();
            let ctx = context::contact_block(site, &page.lang, id, sc.arg("unit")).ok_or_else(|| Error::Usage(format!("unknown contact `{id}`")))?;
            templates.render("shortcodes/contact.html", &ctx)
        }
        other => Err(Error::Usage(format!("unknown shortcode `{other}`"))),
    }
}

/// Rewrites a rendered page (`html`) and writes it to `path`; returns its facts.
fn finish(site: &Site, output: &dyn Output, path: &str, lang: &str, html: &str, opts: &Options) -> Result<PageFacts> {
    let ui = &site.config.language(lang).expect("declared language").ui;
    let label = |k: &str| ui.get(k).map_or("", String::as_str);
    let ropts = RewriteOptions {
        base_url: &site.config.base_url,
        external_label: label("external_link"),
        live_reload: opts.live_reload.as_deref(),
    };
    let (html, facts) = rewrite::rewrite(html, &ropts);
    output.write(path, html.as_bytes())?;
    Ok(facts)
}

/// The pages not backed by content: a 404 page and a compliance matrix per language.
pub fn render_generated(site: &Site, templates: &Templates, output: &dyn Output, opts: &Options, matrix: &Matrix) -> Result<Vec<Rendered>> {
    let pages: Vec<(&str, &str, String)> = site
        .config
        .languages
        .iter()
        .flat_map(|lang| {
            let prefix = site.config.prefix(&lang.code);
            [("404.html", format!("{prefix}/404.html")), ("matrix.html", format!("{prefix}/matrix/"))].map(|(t, url)| (lang.code.as_str(), t, url))
        })
        .filter(|(_, template, _)| templates.has(template))
        .collect();
    // One at a time: with thousands of notices a matrix page is tens of megabytes,
    // and its template data is dropped before the page is rewritten.
    pages
        .into_iter()
        .map(|(lang, template, url)| {
            let html = {
                let mut ctx = context::base(site, lang, &url);
                ctx.insert("translations", &context::translations_generated(site, &url, lang));
                if template == "matrix.html" {
                    ctx.extend(matrix_context(site, templates, matrix, lang)?);
                }
                templates.render(template, &ctx)?
            };
            let path = output_path(&url);
            let facts = finish(site, output, &path, lang, &html, opts)?;
            Ok(Rendered { page: None, path, facts })
        })
        .collect()
}

/// `matrix` for a template, moved in rather than copied (`Context::insert` would
/// serialise a copy of every row).
fn matrix_context(site: &Site, templates: &Templates, matrix: &Matrix, lang: &str) -> Result<tera::Context> {
    let view = serde_json::json!({ "matrix": matrix.view(lang, site, templates)? });
    tera::Context::from_value(view).map_err(|e| Error::Template { template: "matrix.html".into(), message: e.to_string() })
}

/// The compliance matrix as a standalone HTML file (for `check --matrix`), in the
/// default language, with the stylesheet inlined so it opens anywhere.
pub fn render_matrix_file(site: &Site, templates: &Templates, matrix: &Matrix) -> Result<String> {
    let lang = site.config.default_language();
    let mut ctx = context::base(site, lang, "/matrix/");
    ctx.insert("translations", &Vec::<serde_json::Value>::new());
    ctx.extend(matrix_context(site, templates, matrix, lang)?);
    let html = templates.render("matrix.html", &ctx)?;
    let css = sass::compile(&site.root, &site.config.sass_dir, &site.config.stylesheet)?.unwrap_or_default();
    let link = format!("<link rel=\"stylesheet\" href=\"/{}\">", sass::css_name(&site.config.stylesheet));
    Ok(html.replace(&link, &format!("<style>{css}</style>")).replace("style-src 'self'", "style-src 'unsafe-inline'"))
}
