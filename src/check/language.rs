//! A page's text is in the language its file says: a Danish text copied into
//! `name.en.md` untranslated (or an English one into `name.md`) is one error that
//! says so, rather than a page of warnings about sections that give nothing.
//!
//! The language is read from the commonest small words ([`Lang::votes`]): the text
//! is in the other language when that language's words are at least ten and more
//! than twice as many as its own. On the site's pages and the corpus of real notices
//! the other language's words are at most a quarter of a page's own.

use crate::evidence::Lang;
use crate::finding::Finding;
use crate::load::page::{Body, Page};

/// The fewest small words of the other language that can say a page is in it.
const MIN_WORDS: usize = 10;

/// The finding, if `page` (body `body`) is written in the other of Danish and
/// English than its file says. Pages in other languages are not judged.
pub fn check(page: &Page, body: &Body) -> Option<Finding> {
    let own = match page.lang.as_str() {
        "da" => Lang::Da,
        "en" => Lang::En,
        _ => return None,
    };
    let (da, en) = Lang::votes(&body.text);
    let (own_words, other_words) = if own == Lang::Da { (da, en) } else { (en, da) };
    if other_words < MIN_WORDS || other_words <= 2 * own_words {
        return None;
    }
    let (reads, is) = if own == Lang::Da { ("English", "Danish") } else { ("Danish", "English") };
    Some(
        Finding::error("language-mismatch", &page.file, page.body_line, format!("the text reads as {reads}, but the page is in {is} (its file name says so)"))
            .help("translate the text, or move it to the file of its language: name.md for Danish, name.en.md for English"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each of the site's notices reads as its own language, clearly enough that the
    /// same text under the other language's file name would be reported.
    #[test]
    fn the_sites_notices_read_as_their_language_by_a_wide_margin() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
        for name in ["vores-dialog", "integration", "borgerservice", "it-og-digitalisering", "datasikkerhed"] {
            let (da, en) = Lang::votes(&std::fs::read_to_string(format!("{dir}/{name}.md")).unwrap());
            assert!(da >= MIN_WORDS && da > 4 * en, "{name}.md: {da} Danish, {en} English words");
            let (da, en) = Lang::votes(&std::fs::read_to_string(format!("{dir}/{name}.en.md")).unwrap());
            assert!(en >= MIN_WORDS && en > 4 * da, "{name}.en.md: {da} Danish, {en} English words");
        }
    }
}
