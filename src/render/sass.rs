//! Compiles the site's Sass with grass, the pure-Rust compiler Zola also uses.

use crate::error::{Error, Result};
use crate::site::SitePaths;
use std::path::Path;

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

/// Compiles the site's stylesheet for its base URL: as [`compile`], with every
/// root-relative `url(/…)` moved under the base URL's path (`url(/privatliv/…)`),
/// as the rewrite pass does for the pages.
pub fn compile_site(root: &Path, config: &crate::config::Config) -> Result<Option<String>> {
    let css = compile(&SitePaths::new(root, config), &config.stylesheet)?;
    let base = config.base_path();
    Ok(css.map(|css| if base.is_empty() { css } else { under_path(&css, base) }))
}

/// `css` with each root-relative `url(/x)` (quoted or not) written `url(<base>/x)`;
/// `base` is a path (`/privatliv`) or an origin (`https://www.lejre.dk`).
pub fn under_path(css: &str, base: &str) -> String {
    static URL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r#"(url\(\s*['"]?)/([^/])"#).expect("valid regex"));
    URL.replace_all(css, |c: &regex::Captures| format!("{}{base}/{}", &c[1], &c[2])).into_owned()
}

/// The output name of the site's stylesheet: `style.<hash>.css` when the config
/// carries the compiled stylesheet's hash (`build`), else `style.css`.
pub fn css_file(config: &crate::config::Config) -> String {
    let plain = css_name(&config.stylesheet);
    match &config.stylesheet_hash {
        Some(hash) => format!("{}.{hash}.css", plain.trim_end_matches(".css")),
        None => plain,
    }
}

/// The first 10 hex digits of the SHA-256 of the site's compiled stylesheet, for
/// its file name; `None` if the site names no stylesheet.
pub fn content_hash(root: &Path, config: &crate::config::Config) -> Result<Option<String>> {
    use sha2::Digest;
    let Some(css) = compile_site(root, config)? else { return Ok(None) };
    let digest = sha2::Sha256::digest(css.as_bytes());
    Ok(Some(digest.iter().take(5).map(|b| format!("{b:02x}")).collect()))
}

/// The output name of a Sass entry: `style.scss` becomes `style.css`.
pub fn css_name(entry: &str) -> String {
    format!("{}.css", entry.trim_end_matches(".scss").trim_end_matches(".sass"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_relative_css_urls_move_under_the_path() {
        let css = r#"a{background:url(/i.png)}b{background:url("/j.png")}c{background:url(//cdn.x/k.png)}d{background:url(l.png)}"#;
        assert_eq!(
            under_path(css, "/privatliv"),
            r#"a{background:url(/privatliv/i.png)}b{background:url("/privatliv/j.png")}c{background:url(//cdn.x/k.png)}d{background:url(l.png)}"#
        );
    }

    #[test]
    fn the_hashed_name_follows_the_compiled_css() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sass")).unwrap();
        std::fs::write(dir.path().join("sass/style.scss"), "a { color: red }").unwrap();
        let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml")).unwrap();
        let mut config = crate::config::Config::parse(&source, &dir.path().join("config.toml")).unwrap();
        assert_eq!(css_file(&config), "style.css");
        let first = content_hash(dir.path(), &config).unwrap().unwrap();
        assert_eq!(first.len(), 10);
        assert_eq!(content_hash(dir.path(), &config).unwrap().unwrap(), first, "the same CSS, the same name");
        // A change that compiles to the same CSS keeps the name; one that does not, changes it.
        std::fs::write(dir.path().join("sass/style.scss"), "a {\n  color: red;\n}\n").unwrap();
        assert_eq!(content_hash(dir.path(), &config).unwrap().unwrap(), first);
        std::fs::write(dir.path().join("sass/style.scss"), "a { color: blue }").unwrap();
        let second = content_hash(dir.path(), &config).unwrap().unwrap();
        assert_ne!(second, first);
        config.stylesheet_hash = Some(second.clone());
        assert_eq!(css_file(&config), format!("style.{second}.css"));
    }

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
