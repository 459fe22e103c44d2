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

/// Whether a line or block is a web page's furniture rather than its text: a short
/// one that starts with a skip link, breadcrumb, share or print button, or cookie
/// button, or a cookie banner (`[chrome]` in `requirements/evidence.toml`).
pub fn chrome(text: &str, lang: Lang) -> bool {
    let lower = terms::normalize(text).to_lowercase();
    let words = lower.split_whitespace().count();
    if words == 0 || words > 80 {
        return false;
    }
    let matcher = terms::Matcher::of(lang);
    let (hits, _) = matcher.scan(&lower);
    let has = |group: data::Group, at_start: bool| {
        let g = matcher.group(group).index;
        hits.iter().any(|(t, at)| (!at_start || *at == 0) && matcher.term_in(*t, g))
    };
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    let alone = data::CHROME_ALONE.get(lang).contains(&bare);
    alone || (words <= 15 && has(data::CHROME_STARTS.get(lang), true)) || has(data::CHROME_CONTAINS.get(lang), false)
}

/// Whether a line gives a way to reach someone (an e-mail address, a phone number, a
/// postal address, a web address; `[contact] channel` in `requirements/evidence.toml`).
pub fn has_channel(text: &str, lang: Lang) -> bool {
    let doc = Document { lang, title: String::new(), blocks: vec![Block { kind: BlockKind::Text, text: text.to_string(), line: 0 }] };
    Analysis::new(&doc).has(0, data::CHANNEL.get(lang))
}

/// The items a heading's words announce, in the order the heading names them
/// ("Formålene med og retsgrundlaget for …" → purposes, legal-basis).
pub fn heading_keys(heading: &str, lang: Lang) -> Vec<&'static str> {
    let matcher = terms::Matcher::of(lang);
    let (hits, _) = matcher.scan(&terms::normalize(heading).to_lowercase());
    let mut found: Vec<(u32, &'static str)> = matcher
        .items
        .iter()
        .filter_map(|item| hits.iter().filter(|(t, _)| matcher.term_in(*t, item.heading)).map(|(_, at)| *at).min().map(|at| (at, item.item.key)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, key)| key).collect()
}

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
        let (da, en) = Lang::votes(text);
        if en > da {
            Lang::En
        } else {
            Lang::Da
        }
    }

    /// How many of a text's first 5,000 words are common small words of Danish and
    /// of English: (Danish, English).
    pub fn votes(text: &str) -> (usize, usize) {
        let (mut da, mut en) = (0usize, 0usize);
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(5000) {
            // No listed word is longer than five bytes: most words are skipped unread.
            if word.len() > 5 {
                continue;
            }
            let mut buf = [0u8; 5];
            buf[..word.len()].copy_from_slice(word.as_bytes());
            buf.make_ascii_lowercase();
            let lower = match std::str::from_utf8(&buf[..word.len()]) {
                Ok(ascii) if word.is_ascii() => std::borrow::Cow::Borrowed(ascii),
                _ => std::borrow::Cow::Owned(word.to_lowercase()),
            };
            match lower.as_ref() {
                "og" | "at" | "er" | "vi" | "du" | "dig" | "dine" | "til" | "af" | "på" | "med" | "ikke" | "den" | "det" | "som" | "kan" | "har" | "om"
                | "eller" => da += 1,
                "and" | "the" | "of" | "to" | "is" | "we" | "you" | "your" | "for" | "with" | "not" | "that" | "this" | "are" | "can" | "have" | "about"
                | "or" => en += 1,
                _ => {}
            }
        }
        (da, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_announces_its_items_in_order() {
        assert_eq!(heading_keys("3. Formålene med og retsgrundlaget for behandlingen", Lang::Da), ["purposes", "legal-basis"]);
        assert_eq!(heading_keys("Hvor længe gemmer vi dine persondata?", Lang::Da), ["retention"]);
        assert_eq!(heading_keys("Who we share your information with", Lang::En), ["recipients"]);
        assert!(heading_keys("Én plan for alle", Lang::Da).is_empty());
    }

    #[test]
    fn furniture_is_recognised_and_text_is_not() {
        for line in ["Gå til hovedindhold", "Slå adgang med tegn til/fra", "Del på Facebook", "Sidst opdateret 12. marts 2024", "Søg", "Menu"] {
            assert!(chrome(line, Lang::Da), "{line}");
        }
        assert!(chrome("We use cookies to make this website work. Accept all cookies", Lang::En));
        for line in ["Søg om aktindsigt", "Dine rettigheder", "Print dine oplysninger ud og send dem til os"] {
            assert!(!chrome(line, Lang::Da), "{line}");
        }
    }

    #[test]
    fn detects_the_language_of_a_notice() {
        assert_eq!(Lang::detect("Vi behandler dine oplysninger, når du søger om hjælp."), Lang::Da);
        assert_eq!(Lang::detect("We process your personal data when you apply for help."), Lang::En);
    }
}
