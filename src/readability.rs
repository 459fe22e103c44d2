//! Readability: LIX, the Danish readability index (Björnsson), of a page's body and of
//! each of its keyed sections, and the sentences that are too long.
//!
//! ```text
//! LIX = words / sentences + 100 × long words / words
//! ```
//!
//! where a long word has more than six letters. The formula is the same for every
//! language. Bands for Danish: under 25 very easy, 25–34 easy, 35–44 medium, 45–54
//! hard, 55 and over very hard.
//!
//! # Tokenisation
//!
//! The body is read as Markdown, without rendering it:
//! - **Left out**: the front matter, the headings' `{#…}` keys, shortcode lines
//!   (`{{ … }}`, `{% … %}`: a contact block is not the page's prose), fenced code,
//!   HTML comments, link reference definitions, link and image targets, HTML tags,
//!   emphasis marks and backslash escapes. A link counts as its text.
//! - **Blocks**: a heading, a list item (with its indented continuation lines), a
//!   table cell and a paragraph each end a sentence at their end.
//! - **Sentences**: inside a block, a sentence ends at a run of `.`, `!`, `?`, `:` or
//!   `;` followed by white space or the end, except that a full stop does not end one
//!   after an abbreviation ([`NEVER_END`]: "jf.", "stk.", "f.eks.", "art." …) or before
//!   a lower-case letter, a digit or one of `( § , – -` ("stk. 1", "27. april").
//! - **Words**: the white-space separated tokens that hold a letter or a digit; a `/`
//!   between two letters splits a token ("Dialogteamet/Vores" is two words, "2016/679"
//!   and "www.lejre.dk" one). A word is long when it has more than six letters
//!   (digits and punctuation do not count: "e-mailadresse" has 12 letters).
//!
//! This is the single implementation: the checker, the compliance matrix and the
//! tests of the first layer ([`crate::in_brief`]) all measure with it.

use crate::load::markup::{Heading, TOKEN_CLOSE, TOKEN_OPEN};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::LazyLock;

/// Abbreviations after which a full stop does not end the sentence, even before a
/// capital letter ("jf. GDPR art. 6"), in lower case without their last dot.
pub const NEVER_END: &[&str] = &[
    "jf", "jvf", "f.eks", "fx", "bl.a", "pkt", "stk", "nr", "art", "hhv", "ca", "dvs", "evt", "inkl", "ekskl", "el", "cf", "e.g", "i.e", "att", "tlf", "ift",
    "iht", "vedr", "mht", "pga", "ang", "st", "dr", "mr", "mrs", "ms", "no", "vs", "kap", "afs",
];

/// `[readability]` in `config.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// A notice whose LIX is above this is a warning.
    pub max_lix: f64,
    /// A sentence with more words than this is a note.
    pub max_sentence_words: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { max_lix: 45.0, max_sentence_words: 35 }
    }
}

/// Word, sentence and long-word counts of a text, from which its LIX follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Words.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Words of more than six letters.
    pub long_words: usize,
}

impl Counts {
    /// The LIX; 0 for a text without words.
    pub fn lix(&self) -> f64 {
        let per_sentence = if self.sentences == 0 { 0.0 } else { self.words as f64 / self.sentences as f64 };
        let long = if self.words == 0 { 0.0 } else { 100.0 * self.long_words as f64 / self.words as f64 };
        per_sentence + long
    }

    /// The LIX to one decimal, as the matrix and the findings show it.
    pub fn display(&self) -> String {
        format!("{:.1}", self.lix())
    }

    /// Adds the counts of one sentence.
    pub fn add_sentence(&mut self, sentence: &str) {
        let (words, long) = count(sentence);
        self.sentences += 1;
        self.words += words;
        self.long_words += long;
    }

    /// The counts of a text given as blocks (paragraphs, list items, headings), each
    /// of which ends a sentence.
    pub fn of_blocks<'a>(blocks: impl IntoIterator<Item = &'a str>) -> Counts {
        let mut counts = Counts::default();
        for block in blocks {
            for s in sentences(block) {
                counts.add_sentence(s);
            }
        }
        counts
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.words += o.words;
        self.sentences += o.sentences;
        self.long_words += o.long_words;
    }
}

/// A sentence that is too long.
#[derive(Debug, Clone, PartialEq)]
pub struct LongSentence {
    /// The 1-based body line it starts on.
    pub line: usize,
    /// Its number of words.
    pub words: usize,
    /// The sentence.
    pub text: String,
}

/// The readability of one page body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Readability {
    /// The whole body.
    pub whole: Counts,
    /// Each section whose heading carries keys, under each of its keys, in order; a
    /// section runs to the next heading of the same or a higher level.
    pub sections: Vec<(compact_str::CompactString, Counts)>,
    /// The sentences with more words than the limit asked for.
    pub long: Vec<LongSentence>,
}

impl Readability {
    /// The counts of the section keyed `key`.
    pub fn section(&self, key: &str) -> Option<&Counts> {
        self.sections.iter().find(|(k, _)| k == key).map(|(_, c)| c)
    }
}

/// A block of text: the body line it starts on, its text reduced to words, and its
/// lines (to find the line a long sentence starts on).
struct Block<'a> {
    line: usize,
    text: Cow<'a, str>,
    lines: Vec<(usize, Cow<'a, str>)>,
}

impl Block<'_> {
    /// The body line on which the block's word number `word` stands.
    fn line_of_word(&self, word: usize) -> usize {
        let mut count = 0;
        let mut line = self.line;
        for (l, text) in &self.lines {
            if count > word {
                break;
            }
            line = *l;
            count += count_words(&inline_text(text));
        }
        line
    }
}

/// Measures a page body (`body`, as loaded: headings' keys blanked, shortcodes as
/// placeholder lines) with its `headings`; sentences with more than `max_words` words
/// are listed.
pub fn measure(body: &str, headings: &[Heading], max_words: usize) -> Readability {
    let blocks = blocks(body);
    // Each keyed heading's body-line range.
    let ranges: Vec<(&Heading, std::ops::Range<usize>)> = headings
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.ids.is_empty())
        .map(|(i, h)| {
            let end = headings[i + 1..].iter().find(|n| n.level <= h.level).map_or(usize::MAX, |n| n.line);
            (h, h.line..end)
        })
        .collect();
    let mut section_counts = vec![Counts::default(); ranges.len()];
    let mut out = Readability::default();
    for block in &blocks {
        let mut word_index = 0;
        for sentence in sentences(&block.text) {
            let (n, long) = count(sentence);
            let counts = Counts { words: n, sentences: 1, long_words: long };
            out.whole += counts;
            for (i, (_, range)) in ranges.iter().enumerate() {
                if range.contains(&block.line) {
                    section_counts[i] += counts;
                }
            }
            if n > max_words {
                out.long.push(LongSentence { line: block.line_of_word(word_index), words: n, text: sentence.to_string() });
            }
            word_index += n;
        }
    }
    for ((h, _), counts) in ranges.iter().zip(section_counts) {
        for key in &h.ids {
            out.sections.push((key.into(), counts));
        }
    }
    out
}

static ATTRS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\{#[^}]*\}\s*$").unwrap());
static TABLE_SEP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$").unwrap());
static REF_DEF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s{0,3}\[[^\]]+\]:\s+\S+").unwrap());
static TEMPLATE_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\{\{.*\}\}|\{%.*%\})\s*$").unwrap());
static QUOTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(>\s*)+").unwrap());
static IMAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!\[([^\]]*)\]\([^)]*\)").unwrap());
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)").unwrap());
static REF_LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\[[^\]]*\]").unwrap());
static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<(https?://[^>]+|[^>@\s]+@[^>\s]+)>").unwrap());
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[A-Za-z][^>]*>").unwrap());
static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\*\*|__|\*|`+|~~)").unwrap());

/// The text of an ATX heading line (`## Text ##`): up to three spaces, one to six `#`,
/// white space, the text without closing `#`s.
fn heading_text(line: &str) -> Option<&str> {
    if line.chars().take_while(|c| c.is_whitespace()).count() > 3 {
        return None;
    }
    let rest = line.trim_start();
    let hashes = rest.bytes().take_while(|b| *b == b'#').count();
    let after = &rest[hashes..];
    if !(1..=6).contains(&hashes) || !after.starts_with(char::is_whitespace) {
        return None;
    }
    Some(after.trim().trim_end_matches('#').trim_end())
}

/// The text of a list item line (`- text`, `* text`, `+ text`, `1. text`, `1) text`).
fn list_item_text(line: &str) -> Option<&str> {
    let rest = line.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = match rest.as_bytes().first()? {
        b'-' | b'*' | b'+' => &rest[1..],
        _ if (1..=9).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) => &rest[digits + 1..],
        _ => return None,
    };
    after.starts_with(char::is_whitespace).then(|| after.trim_start())
}

/// Whether a prepared body line is a shortcode placeholder or a template tag.
fn is_shortcode(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with(TOKEN_OPEN) && t.ends_with(TOKEN_CLOSE)) || (t.starts_with('{') && TEMPLATE_LINE.is_match(line))
}

/// Blanks HTML comments, which may span lines, keeping the line count.
fn blank_comments(body: &str) -> std::borrow::Cow<'_, str> {
    if !body.contains("<!--") {
        return body.into();
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => {
                let comment = &rest[start..start + 4 + end + 3];
                out.extend(std::iter::repeat_n('\n', comment.matches('\n').count()));
                rest = &rest[start + comment.len()..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The blocks of a body: headings, list items, table cells and paragraphs, each with
/// its text reduced to words ([`inline_text`]).
fn blocks(body: &str) -> Vec<Block<'_>> {
    type Lines<'a> = Vec<(usize, Cow<'a, str>)>;
    let mut out: Vec<(usize, Lines)> = Vec::new();
    let mut para: Lines = Vec::new();
    let mut item: Lines = Vec::new();
    let mut fence = false;
    fn flush<'a>(buf: &mut Lines<'a>, out: &mut Vec<(usize, Lines<'a>)>) {
        if !buf.is_empty() {
            out.push((buf[0].0, std::mem::take(buf)));
        }
    }
    let mut lines: Vec<(usize, Cow<'_, str>)> = Vec::new();
    if body.contains("<!--") {
        // Comments may span lines: blank them, keeping the line count.
        let blanked = blank_comments(body).into_owned();
        lines.extend(blanked.lines().enumerate().map(|(i, l)| (i + 1, Cow::Owned(l.to_string()))));
    } else {
        lines.extend(body.lines().enumerate().map(|(i, l)| (i + 1, Cow::Borrowed(l))));
    }
    for (n, raw) in lines {
        let line: Cow<'_, str> = match raw {
            Cow::Borrowed(l) => Cow::Borrowed(l.trim_end_matches('\r')),
            Cow::Owned(l) => Cow::Owned(l.trim_end_matches('\r').to_string()),
        };
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut para, &mut out);
            flush(&mut item, &mut out);
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        let first = trimmed.chars().next();
        if line.trim().is_empty() || is_shortcode(&line) || (first == Some('[') && REF_DEF.is_match(&line)) {
            flush(&mut para, &mut out);
            flush(&mut item, &mut out);
            continue;
        }
        if let Some(text) = heading_text(&line) {
            flush(&mut para, &mut out);
            flush(&mut item, &mut out);
            let text = if text.contains("{#") { ATTRS.replace(text, "").into_owned() } else { text.to_string() };
            out.push((n, vec![(n, Cow::Owned(text))]));
            continue;
        }
        if trimmed.starts_with('|') {
            flush(&mut para, &mut out);
            flush(&mut item, &mut out);
            if !TABLE_SEP.is_match(&line) {
                for cell in line.trim().trim_matches('|').split('|').map(str::trim).filter(|c| !c.is_empty()) {
                    out.push((n, vec![(n, Cow::Owned(cell.to_string()))]));
                }
            }
            continue;
        }
        let sub = |s: &str| -> Cow<'_, str> {
            match &line {
                Cow::Borrowed(l) => {
                    // `s` is a slice of `l`: keep borrowing the body.
                    let start = s.as_ptr() as usize - l.as_ptr() as usize;
                    Cow::Borrowed(&l[start..start + s.len()])
                }
                Cow::Owned(_) => Cow::Owned(s.to_string()),
            }
        };
        if let Some(text) = list_item_text(&line) {
            flush(&mut para, &mut out);
            flush(&mut item, &mut out);
            item.push((n, sub(text)));
            continue;
        }
        let stripped: Cow<'_, str> = if first == Some('>') { Cow::Owned(QUOTE.replace(&line, "").trim().to_string()) } else { sub(line.trim()) };
        if !item.is_empty() && line.starts_with(char::is_whitespace) {
            // A list item's continuation line.
            item.push((n, stripped));
            continue;
        }
        flush(&mut item, &mut out);
        para.push((n, stripped));
    }
    flush(&mut para, &mut out);
    flush(&mut item, &mut out);
    out.into_iter()
        .map(|(line, lines)| {
            let text = match lines.as_slice() {
                [(_, only)] => match inline_text(only) {
                    Cow::Borrowed(_) => only.clone(),
                    Cow::Owned(t) => Cow::Owned(t),
                },
                _ => {
                    let joined: Vec<&str> = lines.iter().map(|(_, t)| t.as_ref()).collect();
                    Cow::Owned(inline_text(&joined.join(" ")).into_owned())
                }
            };
            Block { line, text, lines }
        })
        .collect()
}

/// Markdown inline syntax off: link and image texts kept, their targets, HTML tags,
/// emphasis marks, lone underscores and backslashes dropped.
pub fn inline_text(s: &str) -> Cow<'_, str> {
    if !s.contains(['[', '<', '*', '_', '`', '~', '\\']) {
        return Cow::Borrowed(s);
    }
    let s = IMAGE.replace_all(s, "$1");
    let s = LINK.replace_all(&s, "$1");
    let s = REF_LINK.replace_all(&s, "$1");
    let s = AUTOLINK.replace_all(&s, "$1");
    let s = HTML_TAG.replace_all(&s, " ");
    let s = EMPHASIS.replace_all(&s, "");
    Cow::Owned(drop_lone_underscores(&s).replace('\\', ""))
}

/// Removes each run of `_` that does not stand between two word characters.
fn drop_lone_underscores(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '_' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '_' {
            i += 1;
        }
        let inside = start > 0 && word(chars.get(start - 1)) && word(chars.get(i));
        if inside {
            out.extend(&chars[start..i]);
        }
    }
    out
}

/// The sentences of one block's text (see the module docs).
pub fn sentences(text: &str) -> Vec<&str> {
    // The marks are ASCII, and no byte of a longer UTF-8 character is: the text is
    // searched byte by byte.
    let is_punct = |b: u8| matches!(b, b'.' | b'!' | b'?' | b':' | b';');
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut next = 0;
    while let Some(found) = bytes[next..].iter().position(|b| is_punct(*b)) {
        let at = next + found;
        // The whole run of punctuation, which must be followed by white space or the end.
        let end = at + bytes[at..].iter().take_while(|b| is_punct(**b)).count();
        let last = char::from(bytes[end - 1]);
        next = end;
        if text[end..].chars().next().is_some_and(|n| !n.is_whitespace()) {
            continue;
        }
        let rest = text[end..].trim_start();
        if last == '.' && !rest.is_empty() {
            let before = text[start..at].split_whitespace().next_back().unwrap_or("");
            // The abbreviations are ASCII: compare without allocating.
            let word = before.trim_matches(['(', '"', '\'', '“', '”', '‘', '’']);
            if NEVER_END.iter().any(|a| a.eq_ignore_ascii_case(word)) {
                continue;
            }
            let first = rest.chars().next().unwrap();
            if first.is_lowercase() || first.is_numeric() || "(§,–-".contains(first) {
                continue;
            }
        }
        out.push(&text[start..end]);
        start = end;
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|s| has_word(s)).collect()
}

/// Calls `f` with each word of a text (see the module docs).
fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let mut emit = |w: &'a str| {
        if w.bytes().any(|b| b.is_ascii_alphanumeric()) || (!w.is_ascii() && w.chars().any(char::is_alphanumeric)) {
            f(w);
        }
    };
    for token in text.split_whitespace() {
        // Most words hold no `/` to split at.
        if !token.contains('/') {
            emit(token);
            continue;
        }
        let mut start = 0;
        let mut prev: Option<char> = None;
        let mut chars = token.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c == '/' && prev.is_some_and(char::is_alphabetic) && chars.peek().is_some_and(|(_, n)| n.is_alphabetic()) {
                emit(&token[start..at]);
                start = at + 1;
            }
            prev = Some(c);
        }
        emit(&token[start..]);
    }
}

/// The words of a text (see the module docs).
pub fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w));
    out
}

/// Whether a text has a word: a character that is a letter or a digit.
fn has_word(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// The number of words in a text.
fn count_words(text: &str) -> usize {
    let mut n = 0;
    for_each_word(text, |_| n += 1);
    n
}

/// The number of words and of long words in a text.
fn count(text: &str) -> (usize, usize) {
    let (mut n, mut long) = (0, 0);
    for_each_word(text, |w| {
        n += 1;
        long += usize::from(is_long(w));
    });
    (n, long)
}

/// Whether a word has more than six letters.
pub fn is_long(word: &str) -> bool {
    if word.is_ascii() {
        return word.bytes().filter(u8::is_ascii_alphabetic).nth(6).is_some();
    }
    word.chars().filter(|c| c.is_alphabetic()).nth(6).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::markup::scan;

    fn lix(body: &str) -> Counts {
        let m = scan(body);
        measure(&m.prepared, &m.headings, 35).whole
    }

    #[test]
    fn counts_words_sentences_and_long_words() {
        // 9 words, 2 sentences, 3 long words (behandler, oplysninger, Datatilsynet).
        let c = lix("Vi behandler dine oplysninger. Du kan klage til Datatilsynet.\n");
        assert_eq!(c, Counts { words: 9, sentences: 2, long_words: 3 });
        assert_eq!(c.display(), format!("{:.1}", 9.0 / 2.0 + 100.0 * 3.0 / 9.0));
    }

    #[test]
    fn abbreviations_numbers_and_lower_case_do_not_end_a_sentence() {
        let text = "Vi behandler dem efter art. 6, stk. 1, litra e. Det står i forordningen af 27. april 2016, jf. GDPR. Se fx. Datatilsynet.";
        assert_eq!(sentences(text).len(), 3, "{:?}", sentences(text));
        assert_eq!(sentences("Tre ting: navn, adresse og cpr-nummer."), ["Tre ting:", "navn, adresse og cpr-nummer."]);
    }

    #[test]
    fn headings_list_items_and_table_cells_end_sentences() {
        let c = lix("## Dine rettigheder {#rights}\n\n- Ret til indsigt\n- Ret til\n  sletning\n\n| a | b |\n|---|---|\n| c | d |\n\nTekst uden punktum\n");
        assert_eq!(c.sentences, 1 + 2 + 4 + 1);
        assert_eq!(c.words, 2 + 3 + 3 + 4 + 3);
    }

    #[test]
    fn markup_link_targets_and_shortcodes_carry_no_words() {
        let c = lix("Læs **mere** på [Datatilsynets side](https://www.datatilsynet.dk/a/b_c).\n\n{{ contact(id=\"dpo\") }}\n\n<!-- en\nkommentar -->\n");
        assert_eq!(c, Counts { words: 5, sentences: 1, long_words: 1 });
    }

    #[test]
    fn a_slash_between_letters_splits_words() {
        assert_eq!(words("Dialogteamet/Vores Dialog 2016/679 www.lejre.dk –"), ["Dialogteamet", "Vores", "Dialog", "2016/679", "www.lejre.dk"]);
        assert!(is_long("e-mailadresse") && !is_long("cpr-nr.") && !is_long("1234567890"));
    }

    #[test]
    fn sections_are_measured_under_each_key_and_include_sub_sections() {
        let m = scan("Intro.\n\n## Formål {#purposes #legal-basis}\n\nEt formål.\n\n### Under {#under}\n\nMere tekst her.\n\n## Andet\n\nSlut.\n");
        let r = measure(&m.prepared, &m.headings, 35);
        assert_eq!(r.section("purposes"), r.section("legal-basis"));
        assert_eq!(r.section("purposes").unwrap().sentences, 4);
        assert_eq!(r.section("under").unwrap().sentences, 2);
        assert_eq!(r.whole.sentences, 7);
    }

    #[test]
    fn a_long_sentence_is_found_on_its_own_line() {
        let long = (1..=36).map(|i| format!("Ord{i}")).collect::<Vec<_>>().join(" ");
        let m = scan(&format!("Kort sætning. Endnu en\nkort.\n{long}.\n"));
        let r = measure(&m.prepared, &m.headings, 35);
        assert_eq!(r.long, [LongSentence { line: 3, words: 36, text: format!("{long}.") }]);
    }
}
