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
        tera.set_escape_fn(escape_html);
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

/// Escapes text for HTML and XML, in element content and in quoted attribute
/// values: `&`, `<`, `>`, `"` and `'`, and nothing else. Tera's own escape also
/// writes `/` as `&#x2F;`, which HTML does not need and which makes every URL in
/// the page source unreadable (and trips up simple tools that read it).
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut copied = 0;
    // The five characters are ASCII: the text between them is copied whole.
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&input[copied..]);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_html_needs_and_leaves_slashes() {
        assert_eq!(escape_html("https://x.dk/a/?b=1&c=<\"'>"), "https://x.dk/a/?b=1&amp;c=&lt;&quot;&#39;&gt;");
        assert_eq!(escape_html("æ<ø>å&\u{1F600}\"'"), "æ&lt;ø&gt;å&amp;\u{1F600}&quot;&#39;");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn templates_escape_by_default_with_plain_slashes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.html"), "<a href=\"{{ url }}\" title='{{ t }}'>{{ t }}</a>").unwrap();
        let templates = Templates::load_dir(dir.path()).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("url", "/en/a/\"><script>alert(1)</script>");
        ctx.insert("t", "x' onmouseover='alert(1)");
        let html = templates.render("t.html", &ctx).unwrap();
        assert_eq!(
            html,
            "<a href=\"/en/a/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" title='x&#39; onmouseover=&#39;alert(1)'>x&#39; onmouseover=&#39;alert(1)</a>"
        );
    }
}
