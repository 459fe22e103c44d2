//! Evidence in the text: recognises each Art. 13/14 item in a page's own words, in
//! Danish and English, paragraph by paragraph.
//!
//! The knowledge is data: `requirements/evidence.toml`, compiled by `build.rs` into the
//! tables of [`data`]. A page is read as a [`Document`] of blocks (headings,
//! paragraphs, list items, contact blocks); [`Analysis`] matches every term of the
//! page's language against every block once, and then answers what the users ask:
//! - `check`: does this keyed section evidence its item, which unkeyed line does, does
//!   the text show special-category, criminal-offence or CPR data;
//! - `import`: which items does each section give, which facts does the text support;
//! - `audit`: is the page a notice at all, and how does it stand on each item.

mod analysis;
pub mod data;
mod document;
mod terms;

pub use analysis::{Analysis, Hit};
pub use document::{Block, BlockKind, Document};

/// The two languages the evidence is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Danish.
    Da,
    /// English.
    En,
}

impl Lang {
    /// The language of a page's code: Danish for `da`, English for every other.
    pub fn of(code: &str) -> Lang {
        if code == "da" {
            Lang::Da
        } else {
            Lang::En
        }
    }

    /// The language code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// The language a text is most likely written in, from its commonest small words.
    pub fn detect(text: &str) -> Lang {
        const DA: &[&str] = &["og", "at", "er", "vi", "du", "dig", "dine", "til", "af", "på", "med", "ikke", "den", "det", "som", "kan", "har", "om", "eller"];
        const EN: &[&str] = &["and", "the", "of", "to", "is", "we", "you", "your", "for", "with", "not", "that", "this", "are", "can", "have", "about", "or"];
        let (mut da, mut en) = (0usize, 0usize);
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(5000) {
            let lower = word.to_lowercase();
            da += usize::from(DA.contains(&lower.as_str()));
            en += usize::from(EN.contains(&lower.as_str()));
        }
        if en > da {
            Lang::En
        } else {
            Lang::Da
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_language_of_a_notice() {
        assert_eq!(Lang::detect("Vi behandler dine oplysninger, når du søger om hjælp."), Lang::Da);
        assert_eq!(Lang::detect("We process your personal data when you apply for help."), Lang::En);
    }
}
