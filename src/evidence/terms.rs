//! Term matching: every term of every evidence table of one language in one
//! Aho-Corasick automaton, so that a block is scanned once whatever the number of
//! terms; patterns (`@name`) are regular expressions run only when a rule asks.

use super::data::{self, Group, PerLang};
use super::Lang;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// A group resolved to term ids and pattern ids.
#[derive(Debug, Default)]
pub struct Compiled {
    /// The group's index (a bit in each block's set of matched groups).
    pub index: usize,
    /// Ids of its terms in the language's automaton, sorted.
    pub terms: Vec<u32>,
    /// Indexes into [`patterns`].
    pub patterns: Vec<usize>,
}

/// An evidence rule with its groups resolved to indexes.
#[derive(Debug)]
pub struct CompiledRule {
    /// The rule as written.
    pub rule: &'static data::Rule,
    /// Its groups' indexes, in the rule's order.
    pub groups: Vec<usize>,
    /// The index of its `unless` group (empty: never matches).
    pub unless: usize,
}

/// An item's evidence with its groups resolved to indexes.
#[derive(Debug)]
pub struct CompiledItem {
    /// The item as written.
    pub item: &'static data::ItemEvidence,
    /// Its heading group.
    pub heading: usize,
    /// Its topic group.
    pub topic: usize,
    /// Its rules.
    pub rules: Vec<CompiledRule>,
}

/// The automaton of one language and every group resolved against it.
pub struct Matcher {
    ac: AhoCorasick,
    /// Per term id: whether it must end at a word boundary (`$`).
    whole: Vec<bool>,
    /// Per term id: whether it starts with a letter or digit (then it must start a word).
    starts_word: Vec<bool>,
    /// Per term id: the groups it belongs to, as a bit set.
    term_groups: Vec<Vec<u64>>,
    groups: HashMap<(usize, usize), Compiled>,
    /// Per group index: its patterns.
    group_patterns: Vec<Vec<usize>>,
    /// The items, in the order of [`data::ITEMS`].
    pub items: Vec<CompiledItem>,
}

/// The patterns of `[patterns]`, compiled once.
pub fn patterns() -> &'static [(&'static str, Regex)] {
    static COMPILED: LazyLock<Vec<(&'static str, Regex)>> =
        LazyLock::new(|| data::PATTERNS.iter().map(|(name, re)| (*name, Regex::new(re).expect("checked by build.rs"))).collect());
    &COMPILED
}

/// Every group of every table, in one list, for `lang`.
fn all_groups(lang: Lang) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    groups.extend(data::TABLES.iter().map(|table| table.get(lang)));
    for item in data::ITEMS {
        groups.push(item.heading.get(lang));
        groups.push(item.topic.get(lang));
        for rule in item.rules {
            groups.extend(rule.groups.get(lang).iter().copied());
            groups.push(rule.unless.get(lang));
        }
    }
    groups.extend(data::CONSISTENCY.iter().map(|c| c.terms.get(lang)));
    groups
}

fn key(group: Group) -> (usize, usize) {
    (group.as_ptr() as usize, group.len())
}

impl Matcher {
    /// The matcher of `lang`, built on first use.
    pub fn of(lang: Lang) -> &'static Matcher {
        static MATCHERS: PerLang<OnceLock<Matcher>> = PerLang { da: OnceLock::new(), en: OnceLock::new() };
        let cell = match lang {
            Lang::Da => &MATCHERS.da,
            Lang::En => &MATCHERS.en,
        };
        cell.get_or_init(|| Matcher::build(lang))
    }

    fn build(lang: Lang) -> Matcher {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut texts: Vec<&str> = Vec::new();
        let mut whole = Vec::new();
        let mut compiled: HashMap<(usize, usize), Compiled> = HashMap::new();
        let mut group_patterns = Vec::new();
        for group in all_groups(lang) {
            if compiled.contains_key(&key(group)) {
                continue;
            }
            let mut c = Compiled { index: group_patterns.len(), ..Compiled::default() };
            for term in group {
                if let Some(name) = term.strip_prefix('@') {
                    c.patterns.push(patterns().iter().position(|(n, _)| *n == name).expect("checked by build.rs"));
                    continue;
                }
                let (text, is_whole) = match term.strip_suffix('$') {
                    Some(t) => (t, true),
                    None => (*term, false),
                };
                let id = *ids.entry(term).or_insert_with(|| {
                    texts.push(text);
                    whole.push(is_whole);
                    (texts.len() - 1) as u32
                });
                c.terms.push(id);
            }
            c.terms.sort_unstable();
            c.terms.dedup();
            group_patterns.push(c.patterns.clone());
            compiled.insert(key(group), c);
        }
        let words = group_patterns.len().div_ceil(64);
        let mut term_groups = vec![vec![0u64; words]; texts.len()];
        for c in compiled.values() {
            for t in &c.terms {
                term_groups[*t as usize][c.index / 64] |= 1 << (c.index % 64);
            }
        }
        let starts_word = texts.iter().map(|t| t.starts_with(char::is_alphanumeric)).collect();
        let ac = AhoCorasick::builder().match_kind(MatchKind::Standard).kind(Some(AhoCorasickKind::DFA)).build(&texts).expect("terms build an automaton");
        let index = |g: Group| compiled[&key(g)].index;
        let items = data::ITEMS
            .iter()
            .map(|item| CompiledItem {
                item,
                heading: index(item.heading.get(lang)),
                topic: index(item.topic.get(lang)),
                rules: item
                    .rules
                    .iter()
                    .map(|rule| CompiledRule { rule, groups: rule.groups.get(lang).iter().map(|g| index(g)).collect(), unless: index(rule.unless.get(lang)) })
                    .collect(),
            })
            .collect();
        Matcher { ac, whole, starts_word, term_groups, groups: compiled, group_patterns, items }
    }

    /// The compiled form of `group` (one of the tables' groups).
    pub fn group(&self, group: Group) -> &Compiled {
        self.groups.get(&key(group)).expect("every group of the evidence tables is compiled (data::TABLES lists the tables)")
    }

    /// Whether term `t` belongs to the group with index `g`.
    pub fn term_in(&self, t: u32, g: usize) -> bool {
        self.term_groups[t as usize][g / 64] & (1 << (g % 64)) != 0
    }

    /// The patterns of group `index`.
    pub fn patterns_of(&self, index: usize) -> &[usize] {
        &self.group_patterns[index]
    }

    /// The compiled item `key`.
    pub fn item(&self, key: &str) -> Option<&CompiledItem> {
        self.items.iter().find(|i| i.item.key == key)
    }

    /// Every term occurrence in `lower` (lower-case text) that starts a word (and ends
    /// one, for whole-word terms): (term id, byte offset), sorted by term id; and the
    /// set of groups those terms belong to.
    pub fn scan(&self, lower: &str) -> (Vec<(u32, u32)>, Vec<u64>) {
        let mut hits = Vec::new();
        let mut groups = vec![0u64; self.group_patterns.len().div_ceil(64)];
        for m in self.ac.find_overlapping_iter(lower) {
            let id = m.pattern().as_usize();
            if self.starts_word[id] && lower[..m.start()].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            if self.whole[id] && lower[m.end()..].chars().next().is_some_and(char::is_alphanumeric) {
                continue;
            }
            hits.push((id as u32, m.start() as u32));
            for (w, bits) in groups.iter_mut().zip(&self.term_groups[id]) {
                *w |= bits;
            }
        }
        hits.sort_unstable();
        (hits, groups)
    }
}

/// Text as the matcher reads it: typographic apostrophes and odd spaces made plain,
/// soft hyphens removed, white space collapsed to single spaces.
pub fn normalize(text: &str) -> String {
    normalize_into(text, None)
}

/// [`normalize`]d text and the same in lower case, made in one pass.
pub fn normalize_and_lower(text: &str) -> (String, String) {
    let mut lower = String::with_capacity(text.len());
    let norm = normalize_into(text, Some(&mut lower));
    (norm, lower)
}

/// Normalises `text`; with `lower`, also writes its lower case there.
fn normalize_into(text: &str, mut lower: Option<&mut String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        // A run of ASCII letters, digits and punctuation, the bulk of any text, is
        // copied whole; every other character goes through the match below.
        let run = rest.bytes().position(|b| !b.is_ascii_graphic()).unwrap_or(rest.len());
        if run > 0 {
            pending_space(&mut space, &mut out, &mut lower);
            out.push_str(&rest[..run]);
            if let Some(l) = lower.as_mut() {
                crate::text::push_ascii_lower(l, &rest[..run]);
            }
            rest = &rest[run..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        let c = match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => '\'',
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        pending_space(&mut space, &mut out, &mut lower);
        out.push(c);
        if let Some(l) = lower.as_mut() {
            l.extend(c.to_lowercase());
        }
    }
    out
}

/// Writes the space that white space before the next visible text left pending.
fn pending_space(space: &mut bool, out: &mut String, lower: &mut Option<&mut String>) {
    if std::mem::take(space) {
        out.push(' ');
        if let Some(l) = lower.as_mut() {
            l.push(' ');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(lang: Lang, group: Group, text: &str) -> bool {
        let m = Matcher::of(lang);
        let (_, groups) = m.scan(&normalize(text).to_lowercase());
        let i = m.group(group).index;
        groups[i / 64] & (1 << (i % 64)) != 0
    }

    #[test]
    fn terms_match_word_beginnings_and_whole_words() {
        let dpo = data::item("dpo").unwrap().heading.da;
        assert!(matches(Lang::Da, dpo, "Kontakt vores DPO"));
        assert!(matches(Lang::Da, dpo, "Databeskyttelsesrådgiveren"));
        assert!(!matches(Lang::Da, dpo, "dpoer"), "dpo$ is a whole word");
        let retention = data::item("retention").unwrap().heading.da;
        assert!(matches(Lang::Da, retention, "Opbevaring af dine oplysninger"));
        assert!(!matches(Lang::Da, retention, "genopbevaring"), "a term starts a word");
    }

    #[test]
    fn normalising_and_lower_casing_agree_with_their_definitions() {
        let pieces = ["Dine", " ", "\n\t", "RETTIGHEDER", "æØÅ", "\u{2019}", "\u{ad}", "\u{a0}", "Ærø", "DPO'en", "ΣΑΣ", "1.", "", "\u{200b}", "İ"];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}{a}");
                    let words: Vec<String> = text
                        .split(char::is_whitespace)
                        .map(|w| {
                            w.chars()
                                .filter(|c| !"\u{ad}\u{200b}\u{200c}\u{200d}\u{feff}".contains(*c))
                                .collect::<String>()
                                .replace(['\u{2019}', '\u{2018}', '\u{02bc}'], "'")
                        })
                        .filter(|w| !w.is_empty())
                        .collect();
                    let norm = words.join(" ");
                    let (got, lower) = normalize_and_lower(&text);
                    assert_eq!(got, norm, "{text:?}");
                    assert_eq!(lower, norm.chars().flat_map(char::to_lowercase).collect::<String>(), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn normalising_collapses_space_and_plain_apostrophes() {
        assert_eq!(normalize("  DPO\u{2019}en\u{a0} og\n\nsoft\u{ad}hyphen "), "DPO'en og softhyphen");
    }
}
