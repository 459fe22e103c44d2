//! The one URL policy: what an `href` written by the site may be.
//!
//! A URL is first read the way a browser reads it (the WHATWG URL Standard, through
//! the `url` crate): leading and trailing C0 controls and spaces are stripped and
//! every tab, line feed and carriage return inside it is removed, so
//! `" javascript:…"`, `"java\tscript:…"` and `"\u{1}javascript:…"` are all
//! `javascript:`. Then its scheme decides:
//!
//! | URL | verdict |
//! |---|---|
//! | `https:` | allowed |
//! | `http:` | allowed with a warning: not encrypted |
//! | `mailto:`, `tel:` | allowed (their form is checked by the output rules) |
//! | relative (`#x`, `?q`, `a/b`, `../a`) and root-relative (`/a/`) | allowed |
//! | `javascript:`, `vbscript:`, `data:`, `file:`, any other scheme | refused |
//! | protocol-relative (`//host/…`, also `/\host/…`) | refused: write `https://` |
//! | anything that is no URL (`https://exa mple.dk`) | refused |

use crate::finding::Finding;
use std::borrow::Cow;
use std::path::Path;
use url::Url;

/// What a URL is, once allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `https:`.
    Https,
    /// `http:` (allowed, warned: not encrypted).
    Http,
    /// `mailto:`.
    Mailto,
    /// `tel:`.
    Tel,
    /// A path on this site, relative or root-relative, or a fragment or query.
    Relative,
}

/// The verdict on one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Written as it is.
    Allowed(Kind),
    /// Never written; says why.
    Refused(Refusal),
}

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A scheme that runs script: `javascript:` or `vbscript:`.
    Script(String),
    /// `data:`, which can hold a whole page or a script.
    Data,
    /// `file:`, a file on the reader's own computer.
    File,
    /// Any other scheme.
    Scheme(String),
    /// `//host/…`: another site, without saying how to reach it.
    ProtocolRelative,
    /// Not a URL at all; the parser's explanation.
    Malformed(String),
}

/// The URL as a browser reads it: leading and trailing C0 controls and spaces
/// stripped, tabs and newlines inside removed.
pub fn normalise(href: &str) -> Cow<'_, str> {
    let trimmed = href.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) {
        Cow::Owned(trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect())
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// The host relative URLs are resolved against, to tell a path on this site from
/// a protocol-relative URL.
const BASE: &str = "https://site.invalid/a/b";

/// Judges `href` (see the module docs). Each thread remembers its last verdicts: the
/// same few addresses (the navigation, the contact pages, Datatilsynet) stand on every
/// page, and parsing each again was a few per cent of a large site's check.
pub fn judge(href: &str) -> Verdict {
    /// Verdicts remembered per thread, at most this many (then forgotten at once).
    const REMEMBERED: usize = 4096;
    thread_local! {
        static JUDGED: std::cell::RefCell<std::collections::HashMap<Box<str>, Verdict>> = Default::default();
    }
    JUDGED.with_borrow_mut(|judged| {
        if let Some(verdict) = judged.get(href) {
            return verdict.clone();
        }
        if judged.len() >= REMEMBERED {
            judged.clear();
        }
        let verdict = judge_anew(href);
        judged.insert(href.into(), verdict.clone());
        verdict
    })
}

fn judge_anew(href: &str) -> Verdict {
    let url = normalise(href);
    match Url::parse(&url) {
        Ok(parsed) => scheme_verdict(parsed.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => relative_verdict(&url),
        Err(e) => {
            // A URL with a scheme that the parser rejects later (e.g. a bad host) is
            // still judged by its scheme first: `javascript:` is refused as script.
            match scheme_of(&url).map(|s| scheme_verdict(&s)) {
                Some(Verdict::Refused(r)) => Verdict::Refused(r),
                _ => Verdict::Refused(Refusal::Malformed(e.to_string())),
            }
        }
    }
}

/// The lower-cased scheme `url` starts with, if it starts with one.
fn scheme_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next()?.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

fn scheme_verdict(scheme: &str) -> Verdict {
    match scheme {
        "https" => Verdict::Allowed(Kind::Https),
        "http" => Verdict::Allowed(Kind::Http),
        "mailto" => Verdict::Allowed(Kind::Mailto),
        "tel" => Verdict::Allowed(Kind::Tel),
        "javascript" | "vbscript" => Verdict::Refused(Refusal::Script(scheme.to_string())),
        "data" => Verdict::Refused(Refusal::Data),
        "file" => Verdict::Refused(Refusal::File),
        other => Verdict::Refused(Refusal::Scheme(other.to_string())),
    }
}

fn relative_verdict(url: &str) -> Verdict {
    let base = Url::parse(BASE).expect("the base URL parses");
    match base.join(url) {
        Ok(joined) if joined.host_str() == Some("site.invalid") => Verdict::Allowed(Kind::Relative),
        Ok(_) => Verdict::Refused(Refusal::ProtocolRelative),
        Err(e) => Verdict::Refused(Refusal::Malformed(e.to_string())),
    }
}

impl Refusal {
    /// What is wrong, to follow "the link `…`".
    pub fn reason(&self) -> String {
        match self {
            Refusal::Script(scheme) => format!("runs script when clicked ({scheme}:)"),
            Refusal::Data => "opens a data: URL, which can hold a whole page or a script".into(),
            Refusal::File => "points to a file on the reader's own computer (file:)".into(),
            Refusal::Scheme(scheme) => format!("uses the scheme {scheme}:, which the site does not link with"),
            Refusal::ProtocolRelative => "leads to another site without saying https:// (it starts with //)".into(),
            Refusal::Malformed(why) => format!("is not a valid URL ({why})"),
        }
    }
}

/// What an author should write instead of a refused URL.
pub const REFUSED_HELP: &str = "write an https:// address, a mailto: or tel: link, or a path on this site (/…); the site never writes any other kind of link";

/// What an author should write instead of an `http:` URL.
pub const INSECURE_HELP: &str =
    "write the address with https:// (a bare www. address becomes an http:// link): over http the resident's visit can be read and altered on the way";

/// `href` as it appears in a message: quoted, with control characters visible,
/// and with the browser's reading beside it where that differs.
pub fn quoted(href: &str) -> String {
    let shown = crate::controls::visible(href);
    let read = normalise(href);
    if read == href {
        format!("`{shown}`")
    } else {
        format!("`{shown}` (which browsers read as `{}`)", crate::controls::visible(&read))
    }
}

/// The finding, if any, about URL `href` written at `file:line`: an error
/// (`link-unsafe`) if it is refused, a warning (`link-insecure`) for `http:`.
/// `subject` names the URL in the message, e.g. "the link `…` on /a/" (see
/// [`quoted`]); it is made only when there is a finding.
pub fn finding(href: &str, subject: impl FnOnce() -> String, file: &Path, line: usize) -> Option<Finding> {
    match judge(href) {
        Verdict::Allowed(Kind::Http) => {
            Some(Finding::warning("link-insecure", file, line, format!("{} is not encrypted (http://)", subject())).help(INSECURE_HELP))
        }
        Verdict::Allowed(_) => None,
        Verdict::Refused(refusal) => Some(Finding::error("link-unsafe", file, line, format!("{} {}", subject(), refusal.reason())).help(REFUSED_HELP)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(href: &str) -> Refusal {
        match judge(href) {
            Verdict::Refused(r) => r,
            other => panic!("{href:?} was not refused: {other:?}"),
        }
    }

    #[test]
    fn allowed_kinds() {
        for (href, kind) in [
            ("https://www.datatilsynet.dk", Kind::Https),
            ("HTTPS://X.DK/", Kind::Https),
            ("http://www.lejre.dk/voresdialog", Kind::Http),
            ("mailto:dpo@lejre.dk", Kind::Mailto),
            ("tel:+4546464646", Kind::Tel),
            ("/vores-dialog/", Kind::Relative),
            ("../kontakt/#dpo", Kind::Relative),
            ("#complaint", Kind::Relative),
            ("?q=1", Kind::Relative),
            ("style.css", Kind::Relative),
            ("", Kind::Relative),
            (" https://x.dk ", Kind::Https),
        ] {
            assert_eq!(judge(href), Verdict::Allowed(kind), "{href:?}");
        }
    }

    #[test]
    fn script_in_every_spelling_is_refused() {
        for href in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "javascript:alert(1) ",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\r\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "\u{0}\u{1f} javascript:alert(1)",
            "\tjavascript:alert(1)\n",
            "vbscript:msgbox(1)",
        ] {
            assert!(matches!(refused(href), Refusal::Script(_)), "{href:?}");
        }
    }

    #[test]
    fn other_schemes_and_non_urls_are_refused() {
        assert_eq!(refused("data:text/html,<script>alert(1)</script>"), Refusal::Data);
        assert_eq!(refused(" DATA:text/html;base64,PHNjcmlwdD4="), Refusal::Data);
        assert_eq!(refused("file:///etc/passwd"), Refusal::File);
        assert_eq!(refused("ftp://x.dk/a"), Refusal::Scheme("ftp".into()));
        assert_eq!(refused("C:\\Users\\x"), Refusal::Scheme("c".into()));
        assert_eq!(refused("//evil.example/x"), Refusal::ProtocolRelative);
        assert_eq!(refused("/\\evil.example/x"), Refusal::ProtocolRelative);
        assert!(matches!(refused("https://exa mple.dk/"), Refusal::Malformed(_)));
        assert!(matches!(refused("http://[::1/"), Refusal::Malformed(_)));
    }

    #[test]
    fn normalises_as_browsers_do() {
        assert_eq!(normalise(" \u{1}java\tscript:a\n "), "javascript:a");
        assert!(matches!(normalise("/a/"), Cow::Borrowed(_)));
        // Spaces inside are kept (a browser encodes them as %20).
        assert_eq!(normalise(" /a b/ "), "/a b/");
    }

    #[test]
    fn findings_name_the_rule_and_show_the_url_visibly() {
        let f = finding("java\tscript:alert(1)", || format!("the link {}", quoted("java\tscript:alert(1)")), Path::new("content/a.md"), 7).unwrap();
        assert_eq!((f.rule, f.line, f.severity), ("link-unsafe", 7, crate::Severity::Error));
        assert!(f.message.contains("`java\\tscript:alert(1)` (which browsers read as `javascript:alert(1)`)"), "{}", f.message);
        assert!(!f.message.contains('\t'));
        let w = finding("http://x.dk", || "the link `http://x.dk` on /a/".into(), Path::new("content/a.md"), 3).unwrap();
        assert_eq!(
            (w.rule, w.severity, w.message.as_str()),
            ("link-insecure", crate::Severity::Warning, "the link `http://x.dk` on /a/ is not encrypted (http://)")
        );
        assert!(finding("https://x.dk", || "x".into(), Path::new("a"), 1).is_none());
    }
}
