//! The one driver that `build`, `check` and `serve` share. A run has four stages:
//!
//! 1. **the per-page pass**, in parallel: each content page's body is read again
//!    ([`Page::read`]), its notice is evaluated against Art. 13/14, its content rules
//!    run, and it is rendered (comrak → Tera → rewrite) and handed to an [`Output`];
//!    the body is then dropped, and only the page's facts, findings and statuses stay
//!    (made in [`crate::scratch`] memory and copied out of it, so that what stays is
//!    not scattered among what was dropped);
//! 2. beside it, the site-wide content rules (translations, contact records) and the
//!    stylesheet;
//! 3. the generated pages (404, compliance matrix), sitemap and robots;
//! 4. the output rules over every page's facts (links, anchors, resources).
//!
//! A run covers every page, or ([`Selection::Pages`], for `serve`) only some pages
//! with every other page's results taken from the previous run: the same stage
//! functions produce the same findings either way.

use crate::check;
use crate::check::notice;
use crate::error::{Error, Result};
use crate::evidence::Document;
use crate::finding::{self, Finding, Severity, Summary};
use crate::load::page::{Body, Page, PageKind};
use crate::matrix::{Matrix, Row};
use crate::readability;
use crate::render::{context, markdown, sass, templates::Templates};
use crate::rewrite::{self, PageFacts, RewriteOptions};
use crate::site::Site;
use crate::write::Output;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How to run the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Inject this live-reload script URL into every page (serve only).
    pub live_reload: Option<String>,
    /// Keep each page's own findings in [`Outcome::page_findings`], so that a later
    /// run can re-run only some pages ([`Selection::Pages`]; serve only).
    pub keep_page_findings: bool,
}

/// Which pages a run renders and checks.
#[derive(Clone, Copy)]
pub enum Selection<'a> {
    /// Every page.
    All,
    /// Only `pages` (indexes into `site.pages`); every other page's facts, findings
    /// and statuses are taken from `previous`, a run over the same pages (same files
    /// in the same order) made with [`Options::keep_page_findings`]. The stylesheet
    /// is not compiled again: its findings come from `previous` too. The generated
    /// files (404 and matrix pages, feeds, sitemap, robots) are made again only if a
    /// page's front matter changed (`same_fronts` is false) or a notice's row of the
    /// matrix did; otherwise `previous` has them as they would be.
    Pages {
        /// The pages to re-run.
        pages: &'a BTreeSet<usize>,
        /// The run whose results the other pages keep.
        previous: &'a Outcome,
        /// Whether every page in `pages` has the front matter it had in `previous`.
        same_fronts: bool,
    },
}

/// A rendered page's facts, with where it came from and where it went.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Index into `site.pages`, or `None` for generated pages such as 404.
    pub page: Option<usize>,
    /// The output path, e.g. `en/vores-dialog/index.html`.
    pub path: String,
    /// The facts collected by the rewrite pass (shared: a serve rebuild keeps those
    /// of the pages it does not re-run).
    pub facts: Arc<PageFacts>,
}

/// What a run produced.
pub struct Outcome {
    /// Every finding, sorted.
    pub findings: Vec<Finding>,
    /// Rendered HTML pages: the content pages in `site.pages` order, then the
    /// generated ones.
    pub rendered: Vec<Rendered>,
    /// Every file written (HTML, CSS, XML, text), for link resolution.
    pub files: Vec<String>,
    /// Every notice evaluated against every requirement.
    pub matrix: Matrix,
    /// With [`Options::keep_page_findings`]: per content page, the findings of the
    /// per-page pass.
    pub page_findings: Vec<Vec<Finding>>,
    /// Per generated page (after the content pages in `rendered`), its findings.
    pub generated_findings: Vec<Vec<Finding>>,
    /// Per page in `rendered`, the findings of the links that leave it.
    pub link_findings: Vec<Vec<Finding>>,
    /// The stylesheet's output name and its findings, if the site has one.
    pub stylesheet: Option<(String, Vec<Finding>)>,
    /// Number of content pages ([`crate::finding::pages`]) this run rendered; the
    /// generated pages are not counted.
    pub pages_rendered: usize,
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

/// Runs the whole pipeline on every page of a loaded site, writing into `output`.
pub fn run(site: &Site, templates: &Templates, output: &dyn Output, opts: &Options) -> Result<Outcome> {
    run_selected(site, templates, output, opts, Selection::All)
}

/// What the per-page pass learns about one content page.
struct PagePass {
    rendered: Rendered,
    findings: Vec<Finding>,
    /// A notice's row of the matrix.
    row: Option<Row>,
}

impl PagePass {
    /// A copy made in the thread's own heap of a pass made in [`crate::scratch`]
    /// memory (each list exactly as long as it needs to be).
    fn detached(self) -> PagePass {
        PagePass { rendered: self.rendered.detached(), findings: self.findings.clone(), row: self.row.clone() }
    }
}

impl Rendered {
    /// A deep copy (its facts not shared), made where the caller allocates.
    fn detached(&self) -> Rendered {
        Rendered { page: self.page, path: self.path.clone(), facts: Arc::new(PageFacts::clone(&self.facts)) }
    }
}

/// Runs the pipeline on the pages `selection` names (see the module docs).
pub fn run_selected(site: &Site, templates: &Templates, output: &dyn Output, opts: &Options, selection: Selection) -> Result<Outcome> {
    let start = Instant::now();
    let blocks = BlockCache::default();
    let pass = |i: usize| -> Result<PagePass> {
        match selection {
            Selection::Pages { pages, previous, .. } if !pages.contains(&i) => {
                Ok(PagePass { rendered: previous.rendered[i].clone(), findings: previous.page_findings[i].clone(), row: previous.matrix.row(i).cloned() })
            }
            // What the pass keeps is copied out of its scratch memory (see `scratch`).
            _ => crate::scratch::run(|| page_pass(site, templates, output, opts, &blocks, i)).map(PagePass::detached),
        }
    };
    let stylesheet = || -> Result<Option<(String, Vec<Finding>)>> {
        match selection {
            Selection::Pages { previous, .. } => Ok(previous.stylesheet.clone()),
            Selection::All => compile_stylesheet(site, output),
        }
    };
    let ((passes, site_wide), stylesheet) = rayon::join(
        || {
            rayon::join(
                || (0..site.pages.len()).into_par_iter().map(pass).collect::<Result<Vec<_>>>(),
                || {
                    let findings = check::site_wide(site);
                    crate::trace::stage("site-wide rules", start);
                    findings
                },
            )
        },
        stylesheet,
    );
    crate::trace::stage("per-page pass", start);
    let passes = passes?;
    let stylesheet = stylesheet?;

    // Sized once: grown by doubling, the list of a large site's findings would briefly
    // need three times its size.
    let page_total: usize = passes.iter().map(|p| p.findings.len()).sum();
    let mut findings = Vec::with_capacity(site.load_findings.len() + site_wide.len() + page_total + 16);
    findings.extend(site.load_findings.iter().cloned());
    findings.extend(site_wide);
    let mut rendered = Vec::with_capacity(passes.len() + 4);
    let mut page_findings = Vec::with_capacity(if opts.keep_page_findings { passes.len() } else { 0 });
    let mut rows = Vec::with_capacity(passes.iter().filter(|p| p.row.is_some()).count());
    let pages_rendered = match selection {
        Selection::All => passes.len(),
        Selection::Pages { pages, .. } => pages.len(),
    };
    for pass in passes {
        rendered.push(pass.rendered);
        if opts.keep_page_findings {
            findings.extend(pass.findings.iter().cloned());
            page_findings.push(pass.findings);
        } else {
            findings.extend(pass.findings);
        }
        rows.extend(pass.row);
    }
    let matrix = Matrix::new(rows);
    crate::trace::stage("matrix", start);

    // The generated files, made again where what they show changed.
    let regenerate = match selection {
        Selection::Pages { pages, previous, same_fronts: true } => {
            let changed = pages.iter().copied().filter(|&i| previous.matrix.row(i) != matrix.row(i)).collect();
            Regenerate::Matrix { changed, previous }
        }
        _ => Regenerate::All,
    };
    let generated = write_generated(site, templates, output, opts, &matrix, &regenerate)?;
    crate::trace::stage("generated pages", start);
    let mut generated_findings = Vec::with_capacity(generated.len());
    for (r, page_findings) in generated {
        rendered.push(r);
        findings.extend(page_findings.iter().cloned());
        generated_findings.push(page_findings);
    }
    let mut files: Vec<String> = rendered.iter().map(|r| r.path.clone()).collect();
    if let Some((name, css_findings)) = &stylesheet {
        files.push(name.clone());
        findings.extend(css_findings.iter().cloned());
    }
    files.extend(["sitemap.xml", "robots.txt"].map(String::from));
    // Issue 14: the Atom feeds and each notice as TILT JSON.
    files.extend(crate::feed::paths(site));
    files.extend(crate::tilt::paths(site));

    let link_findings = cross_page_links(site, templates, &rendered, &files, selection);
    findings.extend(link_findings.iter().flatten().cloned());
    crate::trace::stage("cross-page output rules", start);
    finding::finalize(&mut findings, opts.deny_warnings);
    Ok(Outcome { findings, rendered, files, matrix, page_findings, generated_findings, link_findings, stylesheet, pages_rendered, elapsed: start.elapsed() })
}

/// The findings of the links between pages, per page in `rendered`. A run over some
/// pages keeps the previous findings of every page it did not make again (same
/// facts), unless the set of files or the ids of a page made again changed; every
/// other page is checked anew.
fn cross_page_links(site: &Site, templates: &Templates, rendered: &[Rendered], files: &[String], selection: Selection) -> Vec<Vec<Finding>> {
    let previous = match selection {
        Selection::Pages { previous, .. } => Some(previous),
        Selection::All => None,
    };
    let same = |r: &Rendered, p: &Rendered| Arc::ptr_eq(&r.facts, &p.facts);
    let previous = previous.filter(|p| p.files == files && rendered.iter().zip(&p.rendered).all(|(r, p)| same(r, p) || r.facts.ids == p.facts.ids));
    let kept = |k: usize| previous.filter(|p| same(&rendered[k], &p.rendered[k]));
    let fresh = check::output::links(site, templates, rendered, files, &|k| kept(k).is_none());
    fresh.into_iter().enumerate().map(|(k, f)| kept(k).map_or(f, |p| p.link_findings[k].clone())).collect()
}

/// The per-page pass over content page `i` (see the module docs).
fn page_pass(site: &Site, templates: &Templates, output: &dyn Output, opts: &Options, blocks: &BlockCache, i: usize) -> Result<PagePass> {
    let page = &site.pages[i];
    let body = page.read(&site.root)?;
    let mut row = None;
    let mut findings;
    if page.kind() == PageKind::Notice {
        let doc = Document::of_page(site, page, &body);
        let statuses = notice::evaluate_page(page, &doc);
        findings = notice::check(page, &body, &statuses);
        // The machine-readable notice counts its Art. 13/14 findings; no rule reads it.
        if !output.discards() {
            output.write(&crate::tilt::path(site, page), crate::tilt::to_json(site, page, &body, &doc, Summary::of(&findings, 1)).as_bytes())?;
        }
        let mut readability = readability::measure(&body.text, &body.headings, site.config.readability.max_sentence_words);
        findings.extend(check::page(site, page, &body, Some(&readability)));
        // The matrix needs the figures, not the long sentences.
        readability.long = Vec::new();
        row = Some(Row { page: i, statuses, readability });
    } else {
        findings = check::page(site, page, &body, None);
    }
    findings.extend(check::templates::check_page(site, templates, page, &body));
    let (rendered, output_findings) = render_content(site, templates, output, opts, blocks, i, &body)?;
    findings.extend(output_findings);
    Ok(PagePass { rendered, findings, row })
}

/// Compiles the site's stylesheet, writes it and checks it; `None` if the site has
/// none.
fn compile_stylesheet(site: &Site, output: &dyn Output) -> Result<Option<(String, Vec<Finding>)>> {
    let Some(css) = sass::compile_site(&site.root, &site.config)? else {
        return Ok(None);
    };
    let name = sass::css_file(&site.config);
    output.write(&name, css.as_bytes())?;
    Ok(Some((name, check::output::stylesheet(site, &css))))
}

/// Shortcode output shared by every page of one run: a contact block depends only
/// on the language, the contact and the unit, so each is rendered once.
#[derive(Default)]
pub struct BlockCache(std::sync::Mutex<std::collections::HashMap<BlockKey, String>>);

/// Language, contact id and unit of a contact block.
type BlockKey = (String, String, Option<String>);

/// Renders content page `i` (with body `body`), rewrites it and hands it to
/// `output`; returns its facts and the findings of its own output rules.
fn render_content(site: &Site, templates: &Templates, output: &dyn Output, opts: &Options, blocks: &BlockCache, i: usize, body: &Body) -> Result<PageOutcome> {
    let page = &site.pages[i];
    let (html, content) = render_page(site, templates, page, body, blocks)?;
    let path = output_path(&page.url(&site.config));
    let (rendered, mut findings) = finish(site, templates, output, Some(i), path, &page.lang, &html, &content.links, opts)?;
    findings.extend(content.dropped.iter().map(|d| d.finding(&page.file, page.file_line(d.line))));
    Ok((rendered, findings))
}

/// Renders one content page with body `body` to HTML (before the rewrite pass), with
/// its Markdown's links and what it left out.
fn render_page(site: &Site, templates: &Templates, page: &Page, body: &Body, blocks: &BlockCache) -> Result<(String, markdown::Content)> {
    let label = site.config.language(&page.lang).and_then(|l| l.ui.get("heading_link")).map_or("", String::as_str);
    let content = markdown::render(&body.text, &body.headings, label, |n| {
        let Some(sc) = body.shortcodes.get(n) else { return String::new() };
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
            Err(e) => format!("<p class=\"shortcode-error\">{}</p>", crate::render::templates::escape_html(&e.to_string())),
        }
    });
    let ctx = context::for_page(site, page, body, &content.html);
    let html = templates.render(&context::template_for(page, templates), &ctx)?;
    Ok((html, markdown::Content { html: String::new(), ..content }))
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

/// Rewrites a rendered page (`html`, of content page `page` if it is one) and writes
/// it to `path`; runs the page's own output rules. `links` are the (URL, body line)
/// of the links its Markdown wrote.
#[allow(clippy::too_many_arguments)]
fn finish(
    site: &Site,
    templates: &Templates,
    output: &dyn Output,
    page: Option<usize>,
    path: String,
    lang: &str,
    html: &str,
    links: &[(String, usize)],
    opts: &Options,
) -> Result<PageOutcome> {
    let ropts = RewriteOptions { live_reload: opts.live_reload.as_deref(), ..rewrite_options(site, lang) };
    let (html, mut facts) = rewrite::rewrite(html, &ropts);
    output.write(&path, html.as_bytes())?;
    facts.attach_lines(links);
    let mut rendered = Rendered { page, path, facts: Arc::new(facts) };
    let findings = check::output::page(site, templates, &mut rendered);
    Ok((rendered, findings))
}

/// How a page in `lang` is rewritten for the site (no live reload, URLs as the site
/// serves them).
fn rewrite_options<'a>(site: &'a Site, lang: &str) -> RewriteOptions<'a> {
    let ui = &site.config.language(lang).expect("declared language").ui;
    let external_label = ui.get("external_link").map_or("", String::as_str);
    RewriteOptions { base_url: &site.config.base_url, external_label, live_reload: None, absolute: false }
}

/// A rendered page's facts with the findings of its own output rules.
type PageOutcome = (Rendered, Vec<Finding>);

/// Which generated files a run makes again.
enum Regenerate<'a> {
    /// All of them.
    All,
    /// Only the matrix pages that show a notice in `changed` (indexes into
    /// `site.pages`); every other generated file is as `previous` made it.
    Matrix { changed: BTreeSet<usize>, previous: &'a Outcome },
}

/// The URL of matrix page `n` (0-based) of a language with URL prefix `prefix`.
fn matrix_url(prefix: &str, n: usize) -> String {
    if n == 0 {
        format!("{prefix}/matrix/")
    } else {
        format!("{prefix}/matrix/{}/", n + 1)
    }
}

/// Renders the generated pages (per language: 404 and the matrix pages) and writes
/// them with the sitemap, robots.txt and the Atom feeds, as far as `regenerate`
/// asks; returns every generated page's facts and own output findings (those not
/// made again taken from the previous run).
fn write_generated(
    site: &Site,
    templates: &Templates,
    output: &dyn Output,
    opts: &Options,
    matrix: &Matrix,
    regenerate: &Regenerate,
) -> Result<Vec<PageOutcome>> {
    let previous: HashMap<&str, (&Rendered, &Vec<Finding>)> = match regenerate {
        Regenerate::All => {
            // Large and gone once written: made in scratch memory (see `scratch`).
            crate::scratch::run(|| -> Result<()> {
                for (name, body) in [("sitemap.xml", crate::sitemap::sitemap(site)), ("robots.txt", crate::sitemap::robots(site))] {
                    output.write(name, body.as_bytes())?;
                }
                // The Atom feeds of the notices' changes (no rule reads them).
                if !output.discards() {
                    crate::feed::write(site, output)?;
                }
                Ok(())
            })?;
            HashMap::new()
        }
        Regenerate::Matrix { previous, .. } => {
            let generated = previous.rendered[site.pages.len()..].iter().zip(&previous.generated_findings);
            generated.map(|(r, f)| (r.path.as_str(), (r, f))).collect()
        }
    };
    let mut pages = Vec::new();
    // One page at a time: its template data is dropped before the page is rewritten.
    let mut page = |lang: &str, url: String, keep: bool, data: &dyn Fn(&mut tera::Context) -> Result<&'static str>| -> Result<()> {
        let path = output_path(&url);
        if let Some((r, f)) = previous.get(path.as_str()).filter(|_| keep) {
            pages.push(((*r).clone(), (*f).clone()));
            return Ok(());
        }
        // Made in scratch memory, like a content page (see `scratch`).
        let (rendered, findings) = crate::scratch::run(|| {
            let mut ctx = context::base(site, lang, &url);
            ctx.insert("translations", &context::translations_generated(site, &url, lang));
            let template = data(&mut ctx)?;
            let html = templates.render(template, &ctx)?;
            finish(site, templates, output, None, path, lang, &html, &[], opts)
        })?;
        pages.push((rendered.detached(), findings.clone()));
        Ok(())
    };
    let incremental = matches!(regenerate, Regenerate::Matrix { .. });
    for lang in &site.config.languages {
        let (lang, prefix) = (lang.code.as_str(), site.config.prefix(&lang.code));
        if templates.has("404.html") {
            page(lang, format!("{prefix}/404.html"), incremental, &|_| Ok("404.html"))?;
        }
        if !templates.has("matrix.html") {
            continue;
        }
        let chunks = matrix.pages(lang, site, site.config.matrix_page_size);
        let total: usize = chunks.iter().map(Vec::len).sum();
        let size = site.config.matrix_page_size.max(1);
        for (n, notices) in chunks.iter().enumerate() {
            let keep = match regenerate {
                Regenerate::All => false,
                Regenerate::Matrix { changed, .. } => !notices.iter().any(|r| changed.contains(&r.page)),
            };
            let pager: Vec<serde_json::Value> = (0..chunks.len())
                .filter(|_| chunks.len() > 1)
                .map(|k| serde_json::json!({"number": k + 1, "url": matrix_url(&prefix, k), "current": k == n}))
                .collect();
            page(lang, matrix_url(&prefix, n), keep, &|ctx| {
                let mut view = matrix.view(lang, site, templates, notices, n == 0)?;
                view["pager"] = pager.clone().into();
                view["first"] = (n * size + 1).min(total).into();
                view["last"] = (n * size + notices.len()).into();
                view["total"] = total.into();
                ctx.extend(matrix_context(view)?);
                Ok("matrix.html")
            })?;
        }
    }
    Ok(pages)
}

/// `matrix` for a template, moved in rather than copied (`Context::insert` would
/// serialise a copy of every row).
fn matrix_context(view: serde_json::Value) -> Result<tera::Context> {
    let view = serde_json::json!({ "matrix": view });
    tera::Context::from_value(view).map_err(|e| Error::Template { template: "matrix.html".into(), message: e.to_string() })
}

/// The compliance matrix as a standalone HTML file (for `check --matrix`), in the
/// default language, with the stylesheet inlined so it opens anywhere.
pub fn render_matrix_file(site: &Site, templates: &Templates, matrix: &Matrix) -> Result<String> {
    let lang = site.config.default_language();
    let mut ctx = context::base(site, lang, "/matrix/");
    ctx.insert("translations", &Vec::<serde_json::Value>::new());
    let view = matrix.view(lang, site, templates, &matrix.columns(lang, site), true)?;
    ctx.extend(matrix_context(view)?);
    let html = templates.render("matrix.html", &ctx)?;
    let css = sass::compile_site(&site.root, &site.config)?.unwrap_or_default();
    let link = format!("<link rel=\"stylesheet\" href=\"/{}\">", sass::css_file(&site.config));
    let html = html.replace(&link, &format!("<style>{css}</style>")).replace("style-src 'self'", "style-src 'unsafe-inline'");
    // Opened from a folder or a mail, not from the site: its links lead to the
    // published pages.
    Ok(rewrite::rewrite(&html, &RewriteOptions { absolute: true, ..rewrite_options(site, lang) }).0)
}
