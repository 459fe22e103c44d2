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
    /// A text file is not valid UTF-8.
    #[error("{}:{line}:{column}: failed to read the file: it is not valid UTF-8 (first bad byte at offset {offset}); save it as UTF-8 in your editor", path.display())]
    Encoding {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (in characters) of the first bad byte.
        column: usize,
        /// 0-based byte offset of the first bad byte in the file.
        offset: usize,
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

/// Reads a text file (a page, a template, the config, a page to import) to a
/// string, naming the path on failure. Invalid UTF-8 is an [`Error::Encoding`]
/// with the line and column of the first bad byte. A UTF-8 byte-order mark is
/// dropped and CRLF line endings become LF, so that a file saved by a Windows
/// editor reads (and hashes, for translations) the same as before; line numbers
/// do not change.
pub fn read_to_string(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    decode(path, bytes)
}

/// The text of file `path` from its bytes (see [`read_to_string`]).
pub fn decode(path: &std::path::Path, bytes: Vec<u8>) -> Result<String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..offset];
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        // `valid` is valid UTF-8 up to `offset`, so this never fails.
        let column = std::str::from_utf8(&valid[line_start..]).map_or(0, |s| s.chars().count()) + 1;
        Error::Encoding { path: path.to_path_buf(), line: valid.iter().filter(|b| **b == b'\n').count() + 1, column, offset }
    })?;
    Ok(normalise_text(text))
}

/// Drops a leading byte-order mark and turns CRLF line endings into LF.
pub fn normalise_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn invalid_utf8_names_line_column_and_offset() {
        let bytes = b"+++\ntitle = \"x\"\n+++\nF\xc3\xb8rste linje\nanden \xff linje\n".to_vec();
        match decode(Path::new("content/a.md"), bytes) {
            Err(e @ Error::Encoding { line: 5, column: 7, offset: 40, .. }) => {
                assert_eq!(
                    e.to_string(),
                    "content/a.md:5:7: failed to read the file: it is not valid UTF-8 (first bad byte at offset 40); save it as UTF-8 in your editor"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bom_and_crlf_are_normalised_without_moving_lines() {
        let text = decode(Path::new("a.md"), "\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\nA\rB\r\n".as_bytes().to_vec()).unwrap();
        assert_eq!(text, "+++\ntitle = \"x\"\n+++\nA\rB\n");
        assert_eq!(decode(Path::new("a.md"), b"plain\n".to_vec()).unwrap(), "plain\n");
    }
}
