//! Errors that stop a run (exit code 2): the site cannot be loaded, rendered or
//! written at all. Problems in the content itself are [`Finding`](crate::Finding)s.

use std::path::PathBuf;

/// A failure that stops the run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("failed to {action} `{}`", path.display())]
    Io {
        /// What was being done, e.g. "read".
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// `config.toml` is missing or malformed.
    #[error("{}:{line}: {message}", path.display())]
    Config {
        /// The config file.
        path: PathBuf,
        /// 1-based line, 0 if unknown.
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// A template failed to parse or render.
    #[error("template error in `{template}`: {message}")]
    Template {
        /// The template's name.
        template: String,
        /// Tera's explanation, with its cause chain.
        message: String,
    },
    /// The Sass stylesheet failed to compile.
    #[error("failed to compile `{}`: {message}", path.display())]
    Sass {
        /// The stylesheet.
        path: PathBuf,
        /// grass's explanation (with line and column).
        message: String,
    },
    /// The build found errors in the content, so nothing was written.
    #[error("{errors} error(s) found; nothing was written (the previous output is unchanged)")]
    Findings {
        /// How many errors.
        errors: usize,
    },
    /// A page changed on disk while the site was being built from it.
    #[error("`{}` changed while the site was being built from it; run again", path.display())]
    Changed {
        /// The page's file.
        path: PathBuf,
    },
    /// A command-line request that cannot be carried out.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// An I/O error that names its path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { action, path: path.into(), source }
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Reads a file to a string, naming the path on failure.
pub fn read_to_string(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))
}
