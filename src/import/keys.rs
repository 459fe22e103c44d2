//! Heading shapes the importer needs beside the evidence of `requirements/evidence.toml`
//! (which gives headings their keys): a right of its own ("Ret til indsigelse") is a
//! sub-heading of the rights, and hand numbering ("7. …") is not part of the words.

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
    fn rights_and_numbering() {
        assert!(is_right("Ret til indsigelse") && is_right("The right to object"));
        assert!(!is_right("Dine rettigheder"));
        assert_eq!(strip_number("7. Hvor dine personoplysninger stammer fra"), "Hvor dine personoplysninger stammer fra");
    }
}
