//! Compiles the site's Sass with grass, the pure-Rust compiler Zola also uses.

use crate::error::{Error, Result};
use std::path::Path;

/// Compiles `<sass_dir>/<entry>` under `root` to compressed CSS. Returns `None` if
/// the site has no such file.
pub fn compile(root: &Path, sass_dir: &Path, entry: &str) -> Result<Option<String>> {
    let path = root.join(sass_dir).join(entry);
    if !path.exists() {
        return Ok(None);
    }
    let options = grass::Options::default().style(grass::OutputStyle::Compressed);
    grass::from_path(&path, &options)
        .map(Some)
        .map_err(|e| Error::Sass { path: path.strip_prefix(root).unwrap_or(&path).to_path_buf(), message: e.to_string() })
}

/// The output name of a Sass entry: `style.scss` becomes `style.css`.
pub fn css_name(entry: &str) -> String {
    format!("{}.css", entry.trim_end_matches(".scss").trim_end_matches(".sass"))
}
