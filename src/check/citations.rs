//! Finds legal-basis citations in prose, Danish ("artikel 6, stk. 1, litra c og e",
//! "databeskyttelseslovens § 11") and English ("Article 6(1)(c) and (e)"). The
//! checker uses it to see that a notice names each basis it declares; `import` uses
//! it to detect the bases of an existing page.

use crate::legal_basis::LegalBasis;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// "6, stk. 1, litra c og e", "6, stk. 1, b), c) og f)", "9, stk. 2 litra a eller f".
static DA_PARAGRAPH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([69])\s*,?\s*stk\.?\s*([12])\s*,?\s*((?:litra\s*)?[a-j]\b\)?(?:\s*(?:,|og|eller|-|–)\s*(?:litra\s*)?[a-j]\b\)?)*)").unwrap()
});
/// "6(1)(c) and (e)", "6(1)(a)-(b), (f)".
static EN_PARAGRAPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([69])\s*\(([12])\)\s*((?:\([a-j]\))(?:\s*(?:,|and|or|-|–)?\s*\([a-j]\))*)").unwrap());
/// "Art. 6 para. 1 lit. f", "Article 6.1(f)", "art. 6.1.e".
static POINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([69])\s*(?:\.|\s+para(?:graph)?\.?\s*)([12])\s*(?:,\s*|\.|\s+)?(?:lit(?:\.|era)?\s*|letter\s+|point\s+)?(\(?[a-j]\)?)\b").unwrap()
});
static ART10: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:art\.|artikel|article)\s*10\b").unwrap());
static SECTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?:§|\bsection)\s*(\d+)").unwrap());
static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)(?:^|[\s,(]|litra)([a-j])\b").unwrap());

/// Every legal basis cited in `text`. A `§ N` counts as Databeskyttelsesloven § N
/// only where the text names that act (or "Data Protection Act").
pub fn cited(text: &str) -> BTreeSet<LegalBasis> {
    let mut found = BTreeSet::new();
    for caps in DA_PARAGRAPH.captures_iter(text).chain(EN_PARAGRAPH.captures_iter(text)).chain(POINT.captures_iter(text)) {
        let (article, paragraph) = (&caps[1], &caps[2]);
        for letter in LETTER.captures_iter(&caps[3]) {
            let c = letter[1].to_ascii_lowercase().chars().next().unwrap();
            let basis = match (article, paragraph) {
                ("6", "1") => LegalBasis::parse(&format!("6.1.{c}")),
                ("9", "2") => LegalBasis::parse(&format!("9.2.{c}")),
                _ => None,
            };
            found.extend(basis);
        }
    }
    if ART10.is_match(text) {
        found.insert(LegalBasis::Art10);
    }
    let lower = crate::text::to_lower(text);
    if lower.contains("databeskyttelseslov") || lower.contains("data protection act") {
        for caps in SECTION.captures_iter(text) {
            found.extend(caps[1].parse().ok().map(LegalBasis::Dbl));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        cited(text).iter().map(|b| b.to_string()).collect()
    }

    #[test]
    fn danish_citations_as_the_seeds_write_them() {
        assert_eq!(codes("artikel 6, stk. 1 litra e, artikel 9, stk. 2, litra f og artikel 10. Databeskyttelsesloven §11"), ["6.1.e", "9.2.f", "10", "dbl-11"]);
        assert_eq!(codes("art. 6, stk. 1 litra c og litra e"), ["6.1.c", "6.1.e"]);
        assert_eq!(codes("Databeskyttelsesforordningen 9, stk. 2 litra b, f, g og j"), ["9.2.b", "9.2.f", "9.2.g", "9.2.j"]);
        assert_eq!(codes("artikel 9, stk. 2, litra a eller f"), ["9.2.a", "9.2.f"]);
        assert_eq!(codes("artikel 6, stk. 1, b), c) og f)"), ["6.1.b", "6.1.c", "6.1.f"]);
        assert_eq!(codes("Persondataforordningens art. 6, stk. 1, f), jf."), ["6.1.f"]);
    }

    #[test]
    fn english_citations() {
        assert_eq!(codes("Article 6(1)(c) and (e) of the GDPR"), ["6.1.c", "6.1.e"]);
        assert_eq!(codes("Article 9(2)(b), (f), (g) and (j)"), ["9.2.b", "9.2.f", "9.2.g", "9.2.j"]);
        assert_eq!(codes("section 11 of the Danish Data Protection Act, Article 10"), ["10", "dbl-11"]);
        assert_eq!(codes("GDPR artikel 6(1)(a)-(b), (f)"), ["6.1.a", "6.1.b", "6.1.f"]);
        assert_eq!(codes("Legal basis: GDPR Art. 6 para. 1 lit. f (legitimate interest)"), ["6.1.f"]);
        assert_eq!(codes("art. 6.1.e and Article 6.1(c)"), ["6.1.c", "6.1.e"]);
    }

    #[test]
    fn a_paragraph_sign_of_another_act_is_not_a_basis() {
        assert!(codes("Offentlighedslovens §§ 13 og 15").is_empty());
    }
}
