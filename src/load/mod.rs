//! Stage 1, load: walks `content/`, reads every page and parses it into the
//! [`Site`](crate::site::Site) model. Pages are parsed in parallel; problems in a
//! page are findings, an unreadable file stops the run.

pub mod front_matter;
pub mod markup;
pub mod page;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::Finding;
use page::Page;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Lists the Markdown files under `content/`, skipping hidden files, editor swap
/// files and whatever `.gitignore` excludes. Paths are relative to `content/`.
/// A symbolic link (or `content/` itself) that resolves outside the site folder (the
/// parent of `content/`) is an error naming the link: nothing outside the site is
/// read. Links inside the site are fine; linked folders are not descended into.
pub fn walk(content: &Path) -> Result<Vec<PathBuf>> {
    if !content.is_dir() {
        return Err(Error::Usage(format!("there is no content folder at `{}`: run privacy-site in the site's root or pass --root", content.display())));
    }
    let site = crate::fsx::parent_of(content);
    let site = crate::fsx::resolve(site).map_err(|e| Error::io("resolve", site, e))?;
    let leads_outside = |path: &Path| std::fs::canonicalize(path).map_or(true, |target| !target.starts_with(&site));
    let refuse = |path: &Path| {
        let target = std::fs::read_link(path).map_or_else(|_| "?".to_string(), |t| t.display().to_string());
        Error::Usage(format!(
            "`{}` is a symbolic link to `{target}`, which is outside the site folder `{}` (or does not exist); privacy-site reads nothing outside the site: copy the file into content/ or remove the link",
            path.display(),
            site.display()
        ))
    };
    if leads_outside(content) {
        return Err(refuse(content));
    }
    let mut files = Vec::new();
    let walker = ignore::WalkBuilder::new(content).require_git(false).sort_by_file_name(|a, b| a.cmp(b)).build();
    for entry in walker {
        let entry = entry.map_err(|e| Error::io("walk", content, std::io::Error::other(e.to_string())))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        let swap = name.ends_with('~') || name.starts_with(".#") || (name.starts_with('#') && name.ends_with('#'));
        if entry.path_is_symlink() && !swap && leads_outside(path) {
            return Err(refuse(path));
        }
        if path.extension().is_some_and(|e| e == "md") && !swap && !entry.file_type().is_some_and(|t| t.is_dir()) {
            files.push(path.strip_prefix(content).unwrap_or(path).to_path_buf());
        }
    }
    Ok(files)
}

/// Reads and parses every page under `root/content`. Drafts are left out.
pub fn load_pages(root: &Path, config: &Config) -> Result<(Vec<Arc<Page>>, Vec<Finding>)> {
    let files = walk(&root.join("content"))?;
    // Each page goes into its `Arc` here, once: collecting `Page`s first and sharing
    // them afterwards would keep a second, larger buffer of them alive.
    // Each is parsed in scratch memory (see `scratch`) and copied out of it.
    let parsed: Vec<(Option<Arc<Page>>, Vec<Finding>)> = files
        .par_iter()
        .map(|rel| crate::scratch::run(|| load_page(root, config, rel)).map(|(page, findings)| (page.map(|p| Arc::new(p.detached())), findings)))
        .collect::<Result<_>>()?;
    let mut pages = Vec::with_capacity(parsed.len());
    let mut findings = Vec::new();
    for (page, page_findings) in parsed {
        findings.extend(page_findings);
        pages.extend(page);
    }
    Ok((pages, findings))
}

/// Reads and parses the page at `content_rel` (relative to `root/content`): the page
/// unless it is a draft or does not parse, and the findings about it.
pub fn load_page(root: &Path, config: &Config, content_rel: &Path) -> Result<(Option<Page>, Vec<Finding>)> {
    let source = crate::error::read_to_string(&root.join("content").join(content_rel))?;
    let (page, findings) = Page::parse(&Path::new("content").join(content_rel), content_rel, &source, config);
    Ok((page.filter(|p| !p.front.draft), findings))
}
