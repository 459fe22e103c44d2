//! `privacy-site audit`: judges existing pages (plain text or saved HTML) item by item
//! without importing them, and prints the coverage as text, JSON or an HTML matrix.

use privacy_site::audit::{self, ItemStatus, PageAudit};
use privacy_site::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const AFTER_HELP: &str = "Exit codes:\n  0  every notice gives every item that applies to it\n  1  some notice lacks an item (missing or unclear)\n  2  the run itself failed (unreadable file, bad arguments)\n\nExamples:\n  privacy-site audit saved-pages/\n  privacy-site audit --format json page.txt other.html > audit.json\n  privacy-site audit --matrix audit.html saved-pages/";

/// Output formats of `audit`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// A block per page, a line per item that is not met.
    Human,
    /// `{"pages":[{"file","notice","lang","title","items":[{"key","article","status","line"}]}]}`.
    Json,
}

/// Arguments of `audit`.
#[derive(clap::Args)]
pub struct Args {
    /// Pages to judge: files (plain text, or saved HTML if they end in .html/.htm or
    /// start with `<`), or folders of them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also write the coverage as an HTML table to this file.
    #[arg(long, value_name = "FILE.html")]
    pub matrix: Option<PathBuf>,
}

fn read(path: &Path) -> Result<PageAudit> {
    let source = privacy_site::error::read_to_string(path)?;
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let html = matches!(ext.as_deref(), Some("html" | "htm")) || privacy_site::import::looks_like_html(&source);
    Ok(audit::audit(path.to_path_buf(), &source, html))
}

/// Refuses a matrix file that would replace one of the audited pages or a source of
/// a site in the current folder (the rules of [`privacy_site::confine`]).
fn check_matrix_path(path: &Path, inputs: &[PathBuf]) -> Result<()> {
    privacy_site::confine::SiteFolders::new(Path::new("."), None)?.check_written_file(path, privacy_site::confine::Written::HtmlReport)?;
    let resolve = |p: &Path| privacy_site::fsx::resolve(p).map_err(|e| Error::io("resolve", p, e));
    let target = resolve(path)?;
    for input in inputs {
        if resolve(input)? == target {
            return Err(Error::Usage(format!("refusing to write `{}`: it is one of the pages being audited; nothing was written", path.display())));
        }
    }
    Ok(())
}

/// A block per page and a line per item not met, in the run's language (the items'
/// details are already in it: see [`audit::localise`]).
fn human(pages: &[PageAudit]) -> String {
    let say = super::say;
    let mut out = String::new();
    for page in pages {
        if !page.notice {
            out.push_str(&say(&format!("{}: not a privacy notice ({})\n", page.file.display(), page.title)));
            continue;
        }
        out.push_str(&say(&format!(
            "{}: privacy notice ({}), {} met, {} unclear, {} missing\n",
            page.file.display(),
            page.lang,
            page.count(ItemStatus::Met),
            page.count(ItemStatus::Unclear),
            page.count(ItemStatus::Missing)
        )));
        for item in page.items.iter().filter(|i| i.status != ItemStatus::Met) {
            let status = say(if item.status == ItemStatus::Missing { "missing" } else { "unclear" });
            let line = item.line.map(|l| say(&format!("line {l}: "))).unwrap_or_default();
            out.push_str(&format!("  {status:<8} {:<22} {:<20} {line}{}\n", item.key, item.article, item.detail));
        }
    }
    let notices = pages.iter().filter(|p| p.notice).count();
    let total = |s| pages.iter().map(|p| p.count(s)).sum::<usize>();
    out.push_str(&say(&format!(
        "{} page(s), {notices} notice(s): {} item(s) met, {} unclear, {} missing\n",
        pages.len(),
        total(ItemStatus::Met),
        total(ItemStatus::Unclear),
        total(ItemStatus::Missing)
    )));
    out
}

pub fn run(args: Args) -> Result<ExitCode> {
    let files = audit::files(&args.paths)?;
    let mut pages = files.iter().map(|p| read(p)).collect::<Result<Vec<_>>>()?;
    let lang = super::lang(None);
    audit::localise(&mut pages, lang);
    match args.format {
        Format::Human => print!("{}", human(&pages)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "pages": pages })).map_err(|e| Error::Usage(e.to_string()))?),
    }
    if let Some(path) = &args.matrix {
        check_matrix_path(path, &files)?;
        let html = audit::matrix(&pages, lang)?;
        privacy_site::fsx::write_atomic(path, html.as_bytes(), privacy_site::fsx::Existing::Replace)?;
    }
    let lacking = pages.iter().any(|p| p.items.iter().any(|i| i.status != ItemStatus::Met));
    Ok(if lacking { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
