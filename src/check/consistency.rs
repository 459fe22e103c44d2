//! Facts against text: a notice whose text shows special-category data, data on
//! criminal offences or CPR numbers must declare a legal basis for them (GDPR Art. 9,
//! Art. 10 / databeskyttelseslovens § 8, databeskyttelseslovens § 11). The words and
//! the bases each needs are the `[[consistency]]` rules of `requirements/evidence.toml`.

use super::notice::Problem;
use crate::evidence::data::{Consistency, CONSISTENCY};
use crate::evidence::Analysis;
use crate::finding::Severity;
use crate::legal_basis::LegalBasis;
use crate::requirements::Facts;

/// One problem per rule whose processing the text shows (outside a negated sentence)
/// while the declared bases hold none it needs; nothing while `legal_basis` is
/// undeclared (that is reported on its own).
pub fn check(analysis: &Analysis, facts: &Facts) -> Vec<Problem> {
    let Some(bases) = &facts.bases else { return Vec::new() };
    let lang = analysis.lang();
    CONSISTENCY
        .iter()
        .filter(|rule| !satisfied(rule, bases))
        .filter_map(|rule| {
            let terms = rule.terms.get(lang);
            (0..analysis.len()).find_map(|b| {
                let words = analysis.affirmed_terms(b, terms);
                let word = words.first()?;
                let hit = analysis.hit(b);
                Some(Problem {
                    rule: rule.rule,
                    severity: Severity::Error,
                    line: hit.line,
                    message: format!("line {} shows {} (\"{word}\"), but legal_basis declares no {}", hit.line, rule.what.en, needs(rule)),
                    article: Some(rule.article),
                    help: Some(rule.help.get(lang.code()).to_string()),
                })
            })
        })
        .collect()
}

/// Whether the declared bases hold one that `rule` needs.
fn satisfied(rule: &Consistency, bases: &[LegalBasis]) -> bool {
    rule.needs.iter().any(|need| match *need {
        "9.2.*" => bases.iter().any(|b| matches!(b, LegalBasis::Art9(_))),
        code => LegalBasis::parse(code).is_some_and(|n| bases.contains(&n)),
    })
}

/// The bases a rule needs, in words.
fn needs(rule: &Consistency) -> String {
    rule.needs.iter().map(|n| if *n == "9.2.*" { "Article 9(2) basis".to_string() } else { format!("`{n}`") }).collect::<Vec<_>>().join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{Block, BlockKind, Document, Lang};

    fn problems(text: &str, bases: &[&str]) -> Vec<Problem> {
        let doc = Document { lang: Lang::Da, title: String::new(), blocks: vec![Block { kind: BlockKind::Text, text: text.into(), line: 7 }] };
        let facts = Facts { bases: Some(bases.iter().filter_map(|c| LegalBasis::parse(c)).collect()), ..Facts::default() };
        check(&Analysis::new(&doc), &facts)
    }

    #[test]
    fn health_data_need_an_article_9_basis() {
        let p = problems("Vi behandler helbredsoplysninger om dig.", &["6.1.e"]);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].rule, p[0].line, p[0].article), ("special-category-without-basis", 7, Some("9(2)")));
        assert!(problems("Vi behandler helbredsoplysninger om dig.", &["6.1.e", "9.2.h"]).is_empty());
    }

    #[test]
    fn criminal_offences_and_cpr_numbers_need_their_bases() {
        let rules: Vec<_> = problems("Vi behandler oplysninger om strafbare forhold og dit cpr-nummer.", &["6.1.e"]).iter().map(|p| p.rule).collect();
        assert_eq!(rules, ["criminal-data-without-basis", "cpr-without-basis"]);
        assert!(problems("Vi behandler oplysninger om strafbare forhold og dit cpr-nummer.", &["6.1.e", "dbl-8", "dbl-11"]).is_empty());
    }

    #[test]
    fn a_negated_sentence_shows_nothing() {
        assert!(problems("Vi behandler ikke helbredsoplysninger.", &["6.1.e"]).is_empty());
    }
}
