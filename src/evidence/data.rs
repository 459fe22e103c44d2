//! The evidence tables, compiled by `build.rs` from `requirements/evidence.toml`
//! (see that file for what each table means).

use super::Lang;
pub use crate::requirements::Text;

/// A group: terms (lower-case word beginnings, phrases, `$` for a whole word, `@name`
/// for a pattern), any one of which matches.
pub type Group = &'static [&'static str];

/// A value per language.
#[derive(Debug, Clone, Copy)]
pub struct PerLang<T: 'static> {
    /// Danish.
    pub da: T,
    /// English.
    pub en: T,
}

impl<T: Copy> PerLang<T> {
    /// The value for `lang`.
    pub fn get(&self, lang: Lang) -> T {
        match lang {
            Lang::Da => self.da,
            Lang::En => self.en,
        }
    }
}

/// One way of evidencing an item: groups that must match (all, or at least `min`)
/// within `window` consecutive blocks of one section.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Blocks the groups may be spread over.
    pub window: usize,
    /// The groups' terms must stand in one sentence (patterns: in the block).
    pub sentence: bool,
    /// The window starts at a heading that announces the item, and the groups must
    /// match in the text under it.
    pub under_heading: bool,
    /// Groups that must match; 0 means all.
    pub min: usize,
    /// Terms that void the rule in the blocks it matched (an interest "i at behandle
    /// dine oplysninger" names no interest); empty: none.
    pub unless: PerLang<Group>,
    /// The groups, per language (empty: the rule does not apply in that language).
    pub groups: PerLang<&'static [Group]>,
}

/// What evidences one Art. 13/14 item.
#[derive(Debug, Clone, Copy)]
pub struct ItemEvidence {
    /// The requirement key.
    pub key: &'static str,
    /// Terms that, in a heading, announce the item.
    pub heading: PerLang<Group>,
    /// Terms that show text is about the item without giving it.
    pub topic: PerLang<Group>,
    /// Items in whose sections text does not evidence this one (the description of
    /// the right of access names purposes and recipients without giving them).
    pub outside: &'static [&'static str],
    /// What a section lacks when no rule matches.
    pub without: Text,
    /// The rules; any one gives the item.
    pub rules: &'static [Rule],
}

/// A rule comparing the declared legal bases with what the text shows.
#[derive(Debug, Clone, Copy)]
pub struct Consistency {
    /// Short name.
    pub id: &'static str,
    /// The finding's rule id.
    pub rule: &'static str,
    /// The article the finding cites.
    pub article: &'static str,
    /// Legal-basis codes, any one of which must be declared (`9.2.*`: any Art. 9(2)).
    pub needs: &'static [&'static str],
    /// The words that show the processing.
    pub terms: PerLang<Group>,
    /// What the words show, for the message.
    pub what: Text,
    /// What to do.
    pub help: Text,
}

include!(concat!(env!("OUT_DIR"), "/evidence.rs"));

/// The evidence of item `key`.
pub fn item(key: &str) -> Option<&'static ItemEvidence> {
    ITEMS.iter().find(|i| i.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_requirement_has_evidence() {
        for req in crate::requirements::REQUIREMENTS {
            assert!(item(req.key).is_some(), "no evidence for {}", req.key);
        }
    }
}
