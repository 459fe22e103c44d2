//! The wordings the municipality's pages use for the Art. 13/14 sections, in Danish
//! and English, and the section keys they stand for.

/// (wording, key): a heading containing the wording (lower case) treats the item.
const WORDINGS: &[(&str, &str)] = &[
    // controller
    ("dataansvarlig", "controller"),
    ("data controller", "controller"),
    ("controller", "controller"),
    ("who we are", "controller"),
    // dpo
    ("databeskyttelsesrådgiveren", "dpo"),
    ("kontaktoplysninger på databeskyttelsesrådgiver", "dpo"),
    ("data protection officer", "dpo"),
    // purposes
    ("formål", "purposes"),
    ("purpose", "purposes"),
    // legal basis
    ("retsgrundlag", "legal-basis"),
    ("lovhjemmel", "legal-basis"),
    ("behandlingsgrundlag", "legal-basis"),
    ("legal basis", "legal-basis"),
    ("lawful basis", "legal-basis"),
    // legitimate interests
    ("legitime interesse", "legitimate-interests"),
    ("legitimate interest", "legitimate-interests"),
    // categories
    ("kategorier af personoplysninger", "categories"),
    ("kategorier af oplysninger", "categories"),
    ("categories of personal data", "categories"),
    ("categories of data", "categories"),
    // recipients
    ("modtagere", "recipients"),
    ("videregiver vi", "recipients"),
    ("videregivelse", "recipients"),
    ("recipients", "recipients"),
    ("who we share", "recipients"),
    // third countries
    ("tredjeland", "third-countries"),
    ("third countr", "third-countries"),
    // retention
    ("opbevaring af dine", "retention"),
    ("hvor længe opbevarer", "retention"),
    ("hvor længe gemmer", "retention"),
    ("how long we keep", "retention"),
    ("how long do we keep", "retention"),
    ("retention", "retention"),
    ("storage of your", "retention"),
    // rights
    ("dine rettigheder", "rights"),
    ("your rights", "rights"),
    // withdraw consent
    ("samtykke tilbage", "withdraw-consent"),
    ("tilbagekald", "withdraw-consent"),
    ("withdraw", "withdraw-consent"),
    // complaint
    ("klage", "complaint"),
    ("complain", "complaint"),
    // statutory requirement
    ("pligt til at give", "statutory-requirement"),
    ("lovkrav", "statutory-requirement"),
    ("statutory", "statutory-requirement"),
    ("obliged to provide", "statutory-requirement"),
    // source
    ("stammer fra", "source"),
    ("where your data come from", "source"),
    ("where your personal data come from", "source"),
    ("where we get", "source"),
    ("source of", "source"),
    // automated decisions
    ("automatiske afgørelse", "automated-decisions"),
    ("automatisk afgørelse", "automated-decisions"),
    ("automated", "automated-decisions"),
];

/// The keys a heading's wording stands for, in the order the heading names them.
pub fn keys_of(heading: &str) -> Vec<&'static str> {
    let lower = strip_number(heading).to_lowercase();
    let mut hits: Vec<(usize, &'static str)> = Vec::new();
    for (wording, key) in WORDINGS {
        if let Some(pos) = lower.find(wording) {
            match hits.iter_mut().find(|(_, k)| k == key) {
                Some(hit) => hit.0 = hit.0.min(pos),
                None => hits.push((pos, key)),
            }
        }
    }
    hits.sort();
    hits.into_iter().map(|(_, k)| k).collect()
}

/// Whether the heading is one of the rights listed under "Dine rettigheder"
/// ("Ret til indsigelse", "Right to object"): a sub-heading there.
pub fn is_right(heading: &str) -> bool {
    let lower = strip_number(heading).to_lowercase();
    lower.starts_with("ret til ") || lower.starts_with("retten til ") || lower.starts_with("right to ") || lower.starts_with("the right to ")
}

/// `"7. Hvor…"` without its hand numbering.
pub fn strip_number(heading: &str) -> &str {
    let t = heading.trim();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 3 {
        if let Some(rest) = t[digits..].strip_prefix('.') {
            return rest.trim_start();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combined_headings_get_both_keys_in_order() {
        assert_eq!(keys_of("3. Formålene med og retsgrundlaget for behandlingen"), ["purposes", "legal-basis"]);
        assert_eq!(keys_of("Modtagere eller kategorier af modtagere"), ["recipients"]);
        assert_eq!(keys_of("Kontaktoplysninger på databeskyttelsesrådgiveren"), ["dpo"]);
        assert_eq!(keys_of("Ret til at trække samtykke tilbage"), ["withdraw-consent"]);
        assert!(keys_of("Én plan").is_empty());
        assert!(keys_of("Så lang tid opbevarer vi dine oplysninger").is_empty());
    }
}
