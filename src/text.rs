//! Small text helpers shared by the stages: line numbers, slugs, hashing.

use sha2::{Digest, Sha256};

/// The 1-based line of byte offset `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

/// The 1-based line of the first line that contains `needle`, or 1 if none does.
pub fn find_line(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map_or(1, |i| i + 1)
}

/// An id for a heading without one: lower case, ASCII letters and digits, Danish
/// letters spelled out, words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => slug.push(c),
            'æ' => slug.push_str("ae"),
            'ø' => slug.push_str("oe"),
            'å' => slug.push_str("aa"),
            'é' | 'è' => slug.push('e'),
            _ if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            _ => {}
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() || slug.starts_with(|c: char| c.is_ascii_digit()) {
        format!("s-{slug}")
    } else {
        slug
    }
}

/// A short, stable hash of a text (12 hex digits of SHA-256), used to record which
/// version of a Danish page a translation was made from.
pub fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.trim().as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// `text` in lower case, as [`str::to_lowercase`] makes it, faster: runs of ASCII
/// are lower-cased a byte at a time, other characters one by one. (The standard
/// version goes character by character after the first non-ASCII one, and Danish
/// text has one in most lines.) A capital sigma, the one character whose lower
/// case depends on its neighbours, hands the text to the standard version.
pub fn to_lower(text: &str) -> String {
    if text.contains('\u{3a3}') {
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let run = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        push_ascii_lower(&mut out, &rest[..run]);
        rest = &rest[run..];
        if let Some(c) = rest.chars().next() {
            out.extend(c.to_lowercase());
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Appends `ascii` (ASCII text) to `out` in lower case.
pub fn push_ascii_lower(out: &mut String, ascii: &str) {
    let start = out.len();
    out.push_str(ascii);
    out[start..].make_ascii_lowercase();
}

/// Collapses runs of white space to one space.
pub fn squash_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Decodes the character references that HTML escaping produces (numeric and the
/// common named ones, Danish letters included); unknown ones are kept as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "ndash" => Some('–'),
            "mdash" => Some('—'),
            "bull" => Some('•'),
            "aelig" => Some('æ'),
            "AElig" => Some('Æ'),
            "oslash" => Some('ø'),
            "Oslash" => Some('Ø'),
            "aring" => Some('å'),
            "Aring" => Some('Å'),
            "eacute" => Some('é'),
            "Eacute" => Some('É'),
            "sect" => Some('§'),
            "laquo" => Some('«'),
            "raquo" => Some('»'),
            "rdquo" => Some('”'),
            "ldquo" => Some('“'),
            "rsquo" => Some('’'),
            n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_is_the_standard_lower_case() {
        let pieces = ["Dine RETTIGHEDER", "æØÅ", "ΣΑΣ Σ", "İstanbul", "ẞ", "DPO\u{2019}en", "\n\t", "1.", "", "Ǆ", "ΑΣ."];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b} {c}{a}");
                    assert_eq!(to_lower(&text), text.to_lowercase(), "{text:?}");
                }
            }
        }
        let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/content")).unwrap();
        let files: Vec<_> = seeds.map(|f| f.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
        assert!(files.len() > 5, "the site's pages are read");
        for file in files {
            let text = std::fs::read_to_string(file).unwrap();
            assert_eq!(to_lower(&text), text.to_lowercase());
        }
    }

    #[test]
    fn slugs_spell_out_danish_letters() {
        assert_eq!(slugify("Hvor længe opbevarer vi?"), "hvor-laengre-opbevarer-vi".replace("laengre", "laenge"));
        assert_eq!(slugify("Én plan"), "en-plan");
        assert_eq!(slugify("1. Dine rettigheder"), "s-1-dine-rettigheder");
    }

    #[test]
    fn lines_are_one_based() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(find_line("x\ny = 1\n", "y ="), 2);
    }
}
