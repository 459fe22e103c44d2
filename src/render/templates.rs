//! The Tera templates under `templates/`, loaded once with autoescape on for HTML
//! and XML. Template errors carry the template name and Tera's cause chain.

use crate::error::{Error, Result};
use std::error::Error as _;
use std::path::Path;

/// The loaded templates and their sources (for finding the line of a link written
/// in a template).
pub struct Templates {
    tera: tera::Tera,
    sources: Vec<(String, String)>,
}

impl Templates {
    /// Loads the templates of a site (its `templates_dir`).
    pub fn for_site(site: &crate::site::Site) -> Result<Templates> {
        Self::load_dir(&site.paths().templates)
    }

    /// Loads every template under `dir`.
    pub fn load_dir(dir: &Path) -> Result<Templates> {
        let dir = dir.to_path_buf();
        if !dir.is_dir() {
            return Err(Error::Usage(format!("there is no templates folder at `{}`", dir.display())));
        }
        let glob = format!("{}/**/*", dir.display());
        let mut tera = tera::Tera::new(&glob).map_err(|e| Error::Template { template: "templates/".into(), message: chain(&e) })?;
        tera.autoescape_on(vec![".html", ".xml"]);
        let mut sources = Vec::new();
        for name in tera.get_template_names() {
            let text = crate::error::read_to_string(&dir.join(name))?;
            sources.push((name.to_string(), text));
        }
        sources.sort();
        Ok(Templates { tera, sources })
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String> {
        self.tera.render(name, context).map_err(|e| Error::Template { template: name.to_string(), message: chain(&e) })
    }

    /// Whether a template with this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|(n, _)| n == name)
    }

    /// The first template (and 1-based line) whose source contains `needle`.
    pub fn locate(&self, needle: &str) -> Option<(String, usize)> {
        self.sources.iter().find(|(_, s)| s.contains(needle)).map(|(n, s)| (format!("templates/{n}"), crate::text::find_line(s, needle)))
    }
}

/// Tera's error with every cause, which is where the useful part usually is.
fn chain(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}
