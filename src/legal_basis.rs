//! Legal-basis codes as they are written in front matter (`"6.1.e"`, `"9.2.a"`,
//! `"10"`, `"dbl-11"`) and what they mean.
//!
//! This module has no dependencies so that `build.rs` can share it to validate the
//! requirement table at compile time.

use std::fmt;

/// One legal basis a notice can declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegalBasis {
    /// GDPR Art. 6(1)(a)–(f); the letter is stored.
    Art6(char),
    /// GDPR Art. 9(2)(a)–(j).
    Art9(char),
    /// GDPR Art. 10 (criminal convictions and offences).
    Art10,
    /// A section of the Danish Databeskyttelsesloven, e.g. § 11.
    Dbl(u16),
}

/// The forms an editor may write, for error messages.
pub const VALID_FORMS: &str = "\"6.1.a\" to \"6.1.f\", \"9.2.a\" to \"9.2.j\", \"10\", or \"dbl-N\" for Databeskyttelsesloven § N";

impl LegalBasis {
    /// Parses a front-matter code; `None` if it is not one of [`VALID_FORMS`].
    pub fn parse(code: &str) -> Option<LegalBasis> {
        let code = code.trim();
        if code == "10" {
            return Some(LegalBasis::Art10);
        }
        if let Some(n) = code.strip_prefix("dbl-") {
            return n.parse().ok().filter(|n| *n > 0).map(LegalBasis::Dbl);
        }
        let letter = |rest: &str, last: char| {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c @ 'a'..='j'), None) if c <= last => Some(c),
                _ => None,
            }
        };
        if let Some(rest) = code.strip_prefix("6.1.") {
            return letter(rest, 'f').map(LegalBasis::Art6);
        }
        if let Some(rest) = code.strip_prefix("9.2.") {
            return letter(rest, 'j').map(LegalBasis::Art9);
        }
        None
    }

    /// Whether this basis is consent (Art. 6(1)(a) or Art. 9(2)(a)).
    pub fn is_consent(self) -> bool {
        matches!(self, LegalBasis::Art6('a') | LegalBasis::Art9('a'))
    }

    /// How the basis is cited in prose of the given language.
    pub fn cite(self, lang: &str) -> String {
        match (self, lang) {
            (LegalBasis::Art6(c), "da") => format!("artikel 6, stk. 1, litra {c}"),
            (LegalBasis::Art9(c), "da") => format!("artikel 9, stk. 2, litra {c}"),
            (LegalBasis::Art10, "da") => "artikel 10".into(),
            (LegalBasis::Dbl(n), "da") => format!("databeskyttelseslovens § {n}"),
            (LegalBasis::Art6(c), _) => format!("Article 6(1)({c})"),
            (LegalBasis::Art9(c), _) => format!("Article 9(2)({c})"),
            (LegalBasis::Art10, _) => "Article 10".into(),
            (LegalBasis::Dbl(n), _) => format!("section {n} of the Danish Data Protection Act"),
        }
    }
}

impl fmt::Display for LegalBasis {
    /// The front-matter code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LegalBasis::Art6(c) => write!(f, "6.1.{c}"),
            LegalBasis::Art9(c) => write!(f, "9.2.{c}"),
            LegalBasis::Art10 => write!(f, "10"),
            LegalBasis::Dbl(n) => write!(f, "dbl-{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_valid_form_and_round_trips() {
        for code in ["6.1.a", "6.1.f", "9.2.a", "9.2.j", "10", "dbl-11"] {
            let basis = LegalBasis::parse(code).unwrap();
            assert_eq!(basis.to_string(), code);
        }
    }

    #[test]
    fn rejects_out_of_range_letters_and_unknown_codes() {
        for code in ["6.1.g", "9.2.k", "6.1", "dbl-", "dbl-0", "11", "6.1.ee", "art6"] {
            assert_eq!(LegalBasis::parse(code), None, "{code}");
        }
    }
}
