//! The GDPR Art. 13/14 requirement table, compiled by `build.rs` from
//! `requirements/art13-14.toml`, and the evaluation of its conditions against a
//! notice's declared facts.

use crate::legal_basis::LegalBasis;

/// A Danish and an English text.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    /// Danish.
    pub da: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`, English for any language but Danish.
    pub fn get(&self, lang: &str) -> &'static str {
        if lang == "da" {
            self.da
        } else {
            self.en
        }
    }
}

/// When a requirement (or a topic inside it) applies.
#[derive(Debug, Clone, Copy)]
pub enum Condition {
    /// Every notice.
    Always,
    /// Data are collected from the person themself (Art. 13).
    FromSubject,
    /// Data come from anyone but the person (Art. 14).
    FromOthers,
    /// A transfer to a third country is declared.
    Transfers,
    /// Any of these legal-basis codes is declared.
    AnyBasis(&'static [&'static str]),
}

/// A topic a section must mention, such as the right of access.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    /// Short name, e.g. `access`.
    pub item: &'static str,
    /// When the topic is required.
    pub when: Condition,
    /// Danish word prefixes (lower case) that count as mentioning it.
    pub da: &'static [&'static str],
    /// English word prefixes (lower case).
    pub en: &'static [&'static str],
}

/// One row of the requirement table.
#[derive(Debug, Clone, Copy)]
pub struct Requirement {
    /// The section key editors put on the heading, e.g. `complaint`.
    pub key: &'static str,
    /// The Art. 13 reference, empty if the item is Art. 14 only.
    pub art13: &'static str,
    /// The Art. 14 reference, empty if the item is Art. 13 only.
    pub art14: &'static str,
    /// When the section is required.
    pub when: Condition,
    /// The role of the contact block the section must embed.
    pub contact: Option<&'static str>,
    /// Whether the section must name each declared legal basis.
    pub names_bases: bool,
    /// The section's usual heading.
    pub title: Text,
    /// What to write.
    pub help: Text,
    /// Topics the section must mention.
    pub mentions: &'static [Mention],
}

/// Every requirement, in the order a notice usually presents them.
pub static REQUIREMENTS: &[Requirement] = include!(concat!(env!("OUT_DIR"), "/requirements.rs"));

/// Looks a requirement up by its section key.
pub fn find(key: &str) -> Option<&'static Requirement> {
    REQUIREMENTS.iter().find(|r| r.key == key)
}

/// Where a notice's data come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sources {
    /// From the person themself (Art. 13).
    pub subject: bool,
    /// From anyone else (Art. 14).
    pub others: bool,
}

/// The facts of a notice that decide which requirements apply. Each is `None` until
/// declared, and an unknown fact never switches a requirement off.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// Declared legal bases.
    pub bases: Option<Vec<LegalBasis>>,
    /// Where the data come from.
    pub sources: Option<Sources>,
    /// Whether data are transferred to a third country.
    pub transfers: Option<bool>,
}

impl Facts {
    /// Every fact declared, as the tests and `new` write them.
    pub fn declared(bases: Vec<LegalBasis>, subject: bool, others: bool, transfers: bool) -> Facts {
        Facts { bases: Some(bases), sources: Some(Sources { subject, others }), transfers: Some(transfers) }
    }

    /// Data are (or may be, if undeclared) collected from the person.
    pub fn from_subject(&self) -> bool {
        self.sources.is_none_or(|s| s.subject)
    }

    /// Data (may) come from others.
    pub fn from_others(&self) -> bool {
        self.sources.is_none_or(|s| s.others)
    }

    /// The declared bases (none if undeclared).
    pub fn bases(&self) -> &[LegalBasis] {
        self.bases.as_deref().unwrap_or_default()
    }
}

/// Whether a condition holds for a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// It holds.
    Yes,
    /// It does not.
    No,
    /// It depends on this undeclared front-matter fact; the requirement applies.
    Unknown(&'static str),
}

impl Condition {
    /// Whether the condition holds for these facts; `Unknown` names the undeclared
    /// fact it depends on.
    pub fn decide(&self, facts: &Facts) -> Decision {
        let known = |fact: &'static str, value: Option<bool>| match value {
            Some(true) => Decision::Yes,
            Some(false) => Decision::No,
            None => Decision::Unknown(fact),
        };
        match self {
            Condition::Always => Decision::Yes,
            Condition::FromSubject => known("sources", facts.sources.map(|s| s.subject)),
            Condition::FromOthers => known("sources", facts.sources.map(|s| s.others)),
            Condition::Transfers => known("third_country_transfers", facts.transfers),
            Condition::AnyBasis(codes) => {
                known("legal_basis", facts.bases.as_ref().map(|bases| codes.iter().filter_map(|c| LegalBasis::parse(c)).any(|b| bases.contains(&b))))
            }
        }
    }

    /// Whether the requirement applies: it holds, or it depends on an unknown fact.
    pub fn holds(&self, facts: &Facts) -> bool {
        self.decide(facts) != Decision::No
    }

    /// Why the condition holds or not, in words, for the matrix and findings.
    pub fn explain(&self, lang: &str) -> crate::finding::Text {
        let da = lang == "da";
        match self {
            Condition::Always => if da { "altid" } else { "always" }.into(),
            Condition::FromSubject => if da { "oplysninger indsamles hos dig" } else { "data collected from the person" }.into(),
            Condition::FromOthers => if da { "oplysninger fra andre end dig" } else { "data from others" }.into(),
            Condition::Transfers => if da { "overførsel til tredjeland" } else { "third-country transfer" }.into(),
            Condition::AnyBasis(codes) => {
                let list = codes.iter().filter_map(|c| LegalBasis::parse(c)).map(|b| b.cite(lang)).collect::<Vec<_>>();
                if da {
                    format!("retsgrundlag {}", list.join(" eller ")).into()
                } else {
                    format!("legal basis {}", list.join(" or ")).into()
                }
            }
        }
    }
}

impl Requirement {
    /// The article reference that applies to a notice with these facts: Art. 13 when
    /// data are collected from the person, Art. 14 otherwise.
    pub fn article(&self, facts: &Facts) -> &'static str {
        if (facts.from_subject() || self.art14.is_empty()) && !self.art13.is_empty() {
            self.art13
        } else {
            self.art14
        }
    }

    /// Every article reference that applies, e.g. `13(2)(d), 14(2)(e)`.
    pub fn articles(&self, facts: &Facts) -> String {
        let mut refs = Vec::new();
        if facts.from_subject() && !self.art13.is_empty() {
            refs.push(self.art13);
        }
        if facts.from_others() && !self.art14.is_empty() {
            refs.push(self.art14);
        }
        if refs.is_empty() {
            refs.push(self.article(facts));
        }
        refs.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_every_design_key_once() {
        let keys: Vec<_> = REQUIREMENTS.iter().map(|r| r.key).collect();
        assert_eq!(keys.len(), 15);
        for key in ["controller", "dpo", "complaint", "statutory-requirement", "source", "automated-decisions"] {
            assert!(find(key).is_some(), "{key}");
        }
    }

    #[test]
    fn consent_requires_withdrawal_and_others_require_source() {
        let facts = Facts::declared(vec![LegalBasis::Art9('a')], false, true, false);
        assert!(find("withdraw-consent").unwrap().when.holds(&facts));
        assert!(find("source").unwrap().when.holds(&facts));
        assert!(!find("statutory-requirement").unwrap().when.holds(&facts));
        assert!(!find("legitimate-interests").unwrap().when.holds(&facts));
    }

    #[test]
    fn article_follows_where_the_data_come_from() {
        let complaint = find("complaint").unwrap();
        let subject = Facts::declared(Vec::new(), true, true, false);
        assert_eq!(complaint.article(&subject), "13(2)(d)");
        assert_eq!(complaint.articles(&subject), "13(2)(d), 14(2)(e)");
        let others = Facts::declared(Vec::new(), false, true, false);
        assert_eq!(complaint.article(&others), "14(2)(e)");
    }

    #[test]
    fn an_undeclared_fact_never_switches_a_requirement_off() {
        let unknown = Facts::default();
        assert_eq!(find("third-countries").unwrap().when.decide(&unknown), Decision::Unknown("third_country_transfers"));
        assert_eq!(find("source").unwrap().when.decide(&unknown), Decision::Unknown("sources"));
        assert_eq!(find("withdraw-consent").unwrap().when.decide(&unknown), Decision::Unknown("legal_basis"));
        assert!(find("statutory-requirement").unwrap().when.holds(&unknown));
        let none = Facts::declared(Vec::new(), true, false, false);
        assert_eq!(find("third-countries").unwrap().when.decide(&none), Decision::No);
        assert_eq!(find("source").unwrap().when.decide(&none), Decision::No);
    }
}
