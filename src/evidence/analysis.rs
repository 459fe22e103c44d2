//! One document matched against the evidence tables: every block scanned once for
//! every term; rules, cues and facts are then answered from those hits.

use super::data::{self, Group};
use super::terms::{self, CompiledItem, CompiledRule, Matcher};
use super::{BlockKind, Document, Lang};
use std::cell::Cell;
use std::ops::Range;

/// Where something was found: a block of the document and its file line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into the document's blocks.
    pub block: usize,
    /// The block's 1-based file line.
    pub line: usize,
}

/// One block, scanned.
struct Scanned {
    /// The text with white space collapsed (patterns run on it, case kept).
    norm: String,
    /// `norm` in lower case (terms are matched in it).
    lower: String,
    /// (term id, byte offset in `lower`), sorted.
    hits: Vec<(u32, u32)>,
    /// The groups whose terms occur, as a bit set over group indexes.
    groups: Vec<u64>,
    /// The patterns run on `norm` so far, and those that matched (bit sets over
    /// pattern indexes: patterns run only when a rule asks).
    patterns_run: Cell<u64>,
    patterns_matched: Cell<u64>,
}

/// A document with its blocks scanned.
pub struct Analysis<'d> {
    /// The document.
    pub doc: &'d Document,
    matcher: &'static Matcher,
    blocks: Vec<Scanned>,
    /// Per block, where the innermost section holding it ends.
    ends: Vec<usize>,
}

impl<'d> Analysis<'d> {
    /// Scans every block of `doc`.
    pub fn new(doc: &'d Document) -> Analysis<'d> {
        let matcher = Matcher::of(doc.lang);
        let blocks = doc
            .blocks
            .iter()
            .map(|b| {
                let (norm, lower) = terms::normalize_and_lower(&b.text);
                let (hits, groups) = matcher.scan(&lower);
                Scanned { norm, lower, hits, groups, patterns_run: Cell::new(0), patterns_matched: Cell::new(0) }
            })
            .collect();
        let ends = section_ends(doc);
        let mut analysis = Analysis { doc, matcher, blocks, ends };
        // A section that explains a word ("Hvad er personoplysninger?") evidences nothing.
        let explains = data::EXPLAINS.get(doc.lang);
        for h in (0..doc.blocks.len()).filter(|h| doc.blocks[*h].level().is_some()) {
            if analysis.has(h, explains) {
                for b in h + 1..analysis.ends[h] {
                    let block = &mut analysis.blocks[b];
                    block.hits.clear();
                    block.groups.fill(0);
                    block.norm.clear();
                }
            }
        }
        analysis
    }

    /// The page's language.
    pub fn lang(&self) -> Lang {
        self.doc.lang
    }

    /// The number of blocks.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    /// Whether the document has no blocks.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The hit at block `b`.
    pub fn hit(&self, b: usize) -> Hit {
        Hit { block: b, line: self.doc.blocks[b].line }
    }

    /// The first offset in block `b` where a term of `group` occurs, or `Some(0)` if
    /// only a pattern of it matches.
    fn group_at(&self, b: usize, group: Group) -> Option<u32> {
        let c = self.matcher.group(group);
        if !self.has_index(b, c.index) {
            return None;
        }
        c.terms.iter().filter_map(|t| first_hit(&self.blocks[b].hits, *t)).min().or(Some(0))
    }

    /// Whether block `b` holds a term or pattern of the group with index `g`: a bit
    /// test, and the group's patterns run (once per block) only when no term is there.
    fn has_index(&self, b: usize, g: usize) -> bool {
        let block = &self.blocks[b];
        block.groups[g / 64] & (1 << (g % 64)) != 0 || self.matcher.patterns_of(g).iter().any(|p| block.pattern(*p))
    }

    /// Whether block `b` holds a term or pattern of `group`.
    pub fn has(&self, b: usize, group: Group) -> bool {
        self.has_index(b, self.matcher.group(group).index)
    }

    /// The first block in `range` that holds `group`.
    pub fn find(&self, group: Group, range: Range<usize>) -> Option<Hit> {
        range.into_iter().find(|b| self.has(*b, group)).map(|b| self.hit(b))
    }

    /// Whether `rule` matches in the window that starts at block `start` and ends at
    /// `limit` at the latest; the block of its first matching group.
    fn rule_at(&self, item: &CompiledItem, rule: &CompiledRule, start: usize, limit: usize) -> Option<usize> {
        let groups = &rule.groups;
        if groups.is_empty() {
            return None;
        }
        let need = if rule.rule.min == 0 { groups.len() } else { rule.rule.min };
        let blocks = self.window(rule, start, limit);
        let found = self.rule_matches_at(item, rule, need, start, blocks.clone())?;
        (!blocks.into_iter().any(|b| self.has_index(b, rule.unless))).then_some(found)
    }

    /// The blocks `rule` reads when its window starts at block `start` and ends at
    /// `limit` at the latest: the block itself (one sentence), the text under the
    /// heading (`under_heading`), or `window` blocks of one section.
    fn window(&self, rule: &CompiledRule, start: usize, limit: usize) -> Range<usize> {
        let window = rule.rule.window;
        if rule.rule.sentence {
            start..start + 1
        } else if rule.rule.under_heading {
            start + 1..(start + 1 + window).min(limit).min(self.ends[start])
        } else {
            start..(start + window).min(limit).min(self.ends[start]).max(start + 1)
        }
    }

    /// [`Self::rule_at`] over the blocks `window`, before the rule's `unless` terms are
    /// looked at.
    fn rule_matches_at(&self, item: &CompiledItem, rule: &CompiledRule, need: usize, start: usize, window: Range<usize>) -> Option<usize> {
        let groups = &rule.groups;
        if rule.rule.sentence {
            return self.in_one_sentence(groups, need, start).then_some(start);
        }
        if rule.rule.under_heading {
            if self.doc.blocks[start].level().is_none() || !self.has_index(start, item.heading) {
                return None;
            }
            // The heading's own words announce; the groups must match in the text.
            let matched = groups.iter().filter(|g| window.clone().any(|b| self.has_index(b, **g))).count();
            return (matched >= need).then_some(start);
        }
        let mut first = None;
        let mut matched = 0;
        // A heading may announce the item, but the text under it must give it: at
        // least one group must match outside a heading.
        let mut in_text = false;
        for g in groups {
            if window.clone().any(|b| self.has_index(b, *g)) {
                matched += 1;
                // Where the evidence is: the first paragraph (not heading) that holds a group.
                if let Some(b) = window.clone().find(|b| self.doc.blocks[*b].level().is_none() && self.has_index(*b, *g)) {
                    in_text = true;
                    first = Some(first.map_or(b, |f: usize| f.min(b)));
                }
            }
        }
        (matched >= need && in_text).then(|| first.unwrap_or(start))
    }

    /// Whether `need` of `groups` have terms in one sentence of block `b` (a group of
    /// patterns only needs to match somewhere in the block). A heading is not a
    /// sentence of the text.
    fn in_one_sentence(&self, groups: &[usize], need: usize, b: usize) -> bool {
        if self.doc.blocks[b].level().is_some() || groups.iter().filter(|g| self.has_index(b, **g)).count() < need {
            return false;
        }
        let block = &self.blocks[b];
        let in_group = |t: u32, g: usize| self.matcher.term_in(t, g);
        let mut offset = 0;
        for piece in block.lower.split_inclusive(['.', '!', '?', ';']) {
            let range = offset..offset + piece.len();
            offset += piece.len();
            let matched = groups
                .iter()
                .filter(|g| {
                    block.hits.iter().any(|(t, at)| range.contains(&(*at as usize)) && in_group(*t, **g))
                        || (!self.matcher.patterns_of(**g).is_empty() && self.has_index(b, **g))
                })
                .count();
            if matched >= need {
                return true;
            }
        }
        false
    }

    /// The first place in `range` where text evidences item `key`: a window of
    /// blocks starting in `range`, inside one section and inside `range`.
    pub fn evidence(&self, key: &str, range: Range<usize>) -> Option<Hit> {
        let item = self.matcher.item(key)?;
        let limit = range.end;
        range
            .into_iter()
            .filter(|start| !self.inside(*start, item.item.outside))
            .find_map(|start| item.rules.iter().find_map(|rule| self.rule_at(item, rule, start, limit)))
            .map(|b| self.hit(b))
    }

    /// Whether block `b` lies in a section whose heading announces one of `items`.
    fn inside(&self, b: usize, items: &[&str]) -> bool {
        !items.is_empty()
            && (0..=b)
                .rev()
                .find(|h| self.doc.blocks[*h].level().is_some())
                .is_some_and(|h| items.iter().any(|k| self.matcher.item(k).is_some_and(|i| self.has_index(h, i.heading))))
    }

    /// Every block in `range` that starts a window evidencing `key`.
    pub fn evidence_all(&self, key: &str, range: Range<usize>) -> Vec<Hit> {
        let Some(item) = self.matcher.item(key) else { return Vec::new() };
        let limit = range.end;
        let mut hits: Vec<Hit> = range
            .into_iter()
            .filter(|start| !self.inside(*start, item.item.outside))
            .filter_map(|start| item.rules.iter().find_map(|rule| self.rule_at(item, rule, start, limit)))
            .map(|b| self.hit(b))
            .collect();
        hits.dedup();
        hits
    }

    /// Whether block `b` is a heading whose words announce item `key`.
    pub fn heading_cue(&self, key: &str, b: usize) -> bool {
        self.doc.blocks[b].level().is_some() && self.matcher.item(key).is_some_and(|item| self.has_index(b, item.heading))
    }

    /// The first block in `range` that is about item `key` without necessarily giving
    /// it: a heading that announces it, or text with one of its topic words.
    pub fn cue(&self, key: &str, range: Range<usize>) -> Option<Hit> {
        let item = self.matcher.item(key)?;
        let has_topic = !item.item.topic.get(self.lang()).is_empty();
        range.into_iter().find(|b| self.heading_cue(key, *b) || (has_topic && self.has_index(*b, item.topic))).map(|b| self.hit(b))
    }

    /// Whether the sentence of block `b` that holds the first term of `group` also
    /// holds a negation ("ikke", "not").
    pub fn negated(&self, b: usize, group: Group) -> bool {
        let Some(at) = self.group_at(b, group) else { return false };
        let block = &self.blocks[b];
        let (start, end) = sentence(&block.lower, at as usize);
        let negation = self.matcher.group(data::NEGATION.get(self.lang())).index;
        block.hits.iter().any(|(t, o)| (start..end).contains(&(*o as usize)) && self.matcher.term_in(*t, negation))
    }

    /// Every occurrence of `group`'s terms in block `b` that does not sit in a negated
    /// sentence, as the matched words.
    pub fn affirmed_terms(&self, b: usize, group: Group) -> Vec<&str> {
        let g = self.matcher.group(group).index;
        let negation = self.matcher.group(data::NEGATION.get(self.lang())).index;
        let block = &self.blocks[b];
        let mut words = Vec::new();
        for (t, o) in &block.hits {
            if !self.matcher.term_in(*t, g) {
                continue;
            }
            let (start, end) = sentence(&block.lower, *o as usize);
            if block
                .hits
                .iter()
                .any(|(n, p)| (start..end).contains(&(*p as usize)) && self.matcher.term_in(*n, negation) && negates(&block.lower, *o as usize, *p as usize))
            {
                continue;
            }
            let word_end = block.lower[*o as usize..].find(|c: char| !c.is_alphanumeric() && c != '-').map_or(block.lower.len(), |e| *o as usize + e);
            words.push(&block.lower[*o as usize..word_end]);
        }
        words
    }

    /// The text of block `b` as matched (white space collapsed).
    pub fn text(&self, b: usize) -> &str {
        &self.blocks[b].norm
    }

    /// [`Analysis::text`] of block `b` in lower case.
    pub fn lower(&self, b: usize) -> &str {
        let block = &self.blocks[b];
        if block.norm.is_empty() {
            ""
        } else {
            &block.lower
        }
    }

    /// The blocks of the section heading `h` starts (see [`Document::section`]).
    pub fn section(&self, h: usize) -> Range<usize> {
        h..self.ends[h]
    }

    /// Whether a block of `blocks` is the embedded contact block of `role`.
    pub fn embeds(&self, blocks: Range<usize>, role: &str) -> bool {
        blocks.into_iter().any(|b| matches!(&self.doc.blocks[b].kind, BlockKind::Contact { role: r } if r == role))
    }

    /// Whether `blocks` give a way to reach the contact of `role`: its embedded
    /// block, or a channel (an e-mail address, a phone number, an address, a web
    /// address) in their text.
    pub fn reaches(&self, blocks: Range<usize>, role: &str) -> bool {
        self.embeds(blocks.clone(), role)
            || blocks.into_iter().any(|b| self.doc.blocks[b].kind == BlockKind::Text && self.has(b, data::CHANNEL.get(self.doc.lang)))
    }
}

impl Scanned {
    /// Whether pattern `p` matches the block's text (run once, when first asked).
    fn pattern(&self, p: usize) -> bool {
        let bit = 1u64 << p;
        if self.patterns_run.get() & bit == 0 {
            self.patterns_run.set(self.patterns_run.get() | bit);
            if terms::patterns()[p].1.is_match(&self.norm) {
                self.patterns_matched.set(self.patterns_matched.get() | bit);
            }
        }
        self.patterns_matched.get() & bit != 0
    }
}

/// The first offset of term `t` in sorted `hits`.
fn first_hit(hits: &[(u32, u32)], t: u32) -> Option<u32> {
    let i = hits.partition_point(|(id, _)| *id < t);
    hits.get(i).filter(|(id, _)| *id == t).map(|(_, o)| *o)
}

/// Per block, where the innermost section holding it ends.
fn section_ends(doc: &Document) -> Vec<usize> {
    let n = doc.blocks.len();
    let mut ends = vec![n; n];
    let first_heading = doc.blocks.iter().position(|b| b.level().is_some()).unwrap_or(n);
    let mut owner_end = first_heading;
    for (b, block) in doc.blocks.iter().enumerate() {
        if let Some(level) = block.level() {
            owner_end = doc.blocks[b + 1..].iter().position(|x| x.level().is_some_and(|l| l <= level)).map_or(n, |p| b + 1 + p);
        }
        ends[b] = owner_end;
    }
    ends
}

/// The byte range of the sentence around offset `at` in `text`.
/// Whether a negation at `neg` (in the sentence of a term at `term`) turns the term
/// around: one before it does; one after it only in the same clause. "It is in our
/// legitimate interests, provided your rights do not override them" and "… legitim
/// interesse, og dine interesser ikke går forud herfor" still rely on the interests.
fn negates(lower: &str, term: usize, neg: usize) -> bool {
    neg < term || {
        let between = &lower[term..neg];
        !between.contains([',', '(', ')', ':']) && !["provided", "unless", "medmindre", "forudsat"].iter().any(|w| between.contains(w))
    }
}

fn sentence(text: &str, at: usize) -> (usize, usize) {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | ';');
    let start = text[..at].rfind(is_end).map_or(0, |i| i + 1);
    let end = text[at..].find(is_end).map_or(text.len(), |i| at + i);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::super::{Block, BlockKind};
    use super::*;

    fn doc(lang: Lang, blocks: &[(&str, Option<u8>)]) -> Document {
        let blocks = blocks
            .iter()
            .enumerate()
            .map(|(i, (text, level))| Block {
                kind: level.map_or(BlockKind::Text, |level| BlockKind::Heading { level, keys: Vec::new() }),
                text: text.to_string(),
                line: i + 1,
            })
            .collect();
        Document { lang, title: String::new(), blocks }
    }

    #[test]
    fn a_period_evidences_retention_and_a_vague_promise_does_not() {
        let d =
            doc(Lang::Da, &[("Opbevaring", Some(2)), ("Vi passer godt på dine oplysninger.", None), ("Vi sletter dem 5 år efter sagens afslutning.", None)]);
        let a = Analysis::new(&d);
        assert_eq!(a.evidence("retention", 0..2), None);
        assert_eq!(a.evidence("retention", 0..3).map(|h| h.line), Some(3));
        assert!(a.cue("retention", 0..2).is_some(), "the heading announces it");
    }

    #[test]
    fn evidence_stays_inside_its_section() {
        // The DPO heading's own section is empty: the next section's e-mail is not its.
        let d = doc(Lang::Da, &[("Databeskyttelsesrådgiver", Some(2)), ("Klage", Some(2)), ("Skriv til klage@x.dk", None)]);
        assert_eq!(Analysis::new(&d).evidence("dpo", 0..3), None);
        let d = doc(Lang::Da, &[("Databeskyttelsesrådgiver", Some(2)), ("Du kan skrive til dpo@x.dk.", None)]);
        assert_eq!(Analysis::new(&d).evidence("dpo", 0..2).map(|h| h.line), Some(2), "the paragraph, not the heading");
    }

    #[test]
    fn three_named_rights_evidence_the_rights() {
        let d = doc(Lang::En, &[("You have the right of access, to rectification and to erasure of your data.", None)]);
        assert!(Analysis::new(&d).evidence("rights", 0..1).is_some());
        let d = doc(Lang::En, &[("You have the right of access to your data.", None)]);
        assert!(Analysis::new(&d).evidence("rights", 0..1).is_none());
    }

    #[test]
    fn a_negation_after_a_term_turns_it_around_only_in_its_clause() {
        let group = data::BASIS_LEGITIMATE.en;
        let affirmed = |text: &str| !Analysis::new(&doc(Lang::En, &[(text, None)])).affirmed_terms(0, group).is_empty();
        assert!(affirmed("It is in our legitimate interests (or those of a third party) provided your rights do not override this."));
        assert!(!affirmed("We do not rely on legitimate interests."));
        assert!(!affirmed("Legitimate interests are not a basis we use."));
    }

    #[test]
    fn negation_is_read_per_sentence() {
        let d = doc(Lang::Da, &[("Vi overfører ikke dine oplysninger til tredjelande. Vi bruger leverandører i EU.", None)]);
        let a = Analysis::new(&d);
        let group = data::item("third-countries").unwrap().rules[0].groups.da[0];
        assert!(a.negated(0, group));
        let d = doc(Lang::Da, &[("Oplysningerne kan overføres til tredjelande. Vi gør det ikke uden garantier", None)]);
        assert!(!Analysis::new(&d).negated(0, group));
    }
}
