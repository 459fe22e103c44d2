//! Compiles the site's Sass with grass, the pure-Rust compiler Zola also uses.

use crate::error::{Error, Result};
use crate::site::SitePaths;

/// Compiles `entry` in the site's Sass folder (`paths.sass`) to compressed CSS.
/// Returns `None` if the site names no stylesheet (`stylesheet = ""`); a stylesheet
/// that is named but missing is an error, so the site is never published unstyled.
pub fn compile(paths: &SitePaths, entry: &str) -> Result<Option<String>> {
    if entry.is_empty() {
        return Ok(None);
    }
    let root = paths.root.as_path();
    let path = paths.sass.join(entry);
    if !path.is_file() {
        return Err(Error::Sass {
            path: path.strip_prefix(root).unwrap_or(&path).to_path_buf(),
            message: "there is no such file: config.toml's `stylesheet` (and `sass_dir`) name it; create it, or correct the name".into(),
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_stylesheet_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sass")).unwrap();
        let err = compile(&SitePaths::guess(dir.path()), "style.scss").unwrap_err();
        assert!(err.to_string().starts_with("failed to compile `sass/style.scss`: there is no such file"), "{err}");
        std::fs::write(dir.path().join("sass/style.scss"), "a { b { color: red } }").unwrap();
        assert_eq!(compile(&SitePaths::guess(dir.path()), "style.scss").unwrap().as_deref(), Some("a b{color:red}"));
        assert_eq!(compile(&SitePaths::guess(dir.path()), "").unwrap(), None);
    }
}
