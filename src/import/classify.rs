//! Gives a page written by someone else its structure: the level and the section keys
//! of every heading, from the heading's words and from what the text under it
//! evidences; the facts its text supports, each with the line that supports it; and
//! whether it is a privacy notice at all. `import` writes the result as a page,
//! `audit` judges it directly; both read it through [`read`].

use super::{keys, Block, Parsed};
use crate::check::citations::cited;
use crate::evidence::data::{self as evidence, FROM_OTHERS, FROM_SUBJECT, NOTICE_TEXT, NOTICE_TITLE};
use crate::evidence::{self as ev, Analysis, BlockKind, Document, Lang};
use crate::legal_basis::LegalBasis;
use crate::requirements::{self, Facts, Sources, REQUIREMENTS};

/// A fact the text supports, with the line and the words that support it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence<T> {
    /// The value.
    pub value: T,
    /// The 1-based source line.
    pub line: usize,
    /// The words, as the page writes them (shortened).
    pub words: String,
}

/// The facts a page's text supports.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Legal bases, in order of first mention.
    pub bases: Vec<Evidence<LegalBasis>>,
    /// Data come from the person.
    pub subject: Option<Evidence<()>>,
    /// Data come from others.
    pub others: Option<Evidence<()>>,
    /// What the page says about transfers outside the EU/EEA.
    pub transfers: Option<Evidence<bool>>,
}

impl Found {
    /// The facts as `audit` judges the page by: what the text supports, and for
    /// sources and transfers, unknown where it says nothing. That data come from the
    /// person says nothing about whether others supply data too (and the reverse), so
    /// `sources` is known only when the text names both.
    pub fn facts(&self) -> Facts {
        Facts { bases: Some(self.bases.iter().map(|b| b.value).collect()), sources: self.sources(), transfers: self.transfers.as_ref().map(|t| t.value) }
    }

    /// Where the data come from, where the text says so for both kinds.
    pub fn sources(&self) -> Option<Sources> {
        (self.subject.is_some() && self.others.is_some()).then_some(Sources { subject: true, others: true })
    }
}

/// A page read and classified.
pub struct Reading {
    /// The blocks, headings with their final levels and keys.
    pub parsed: Parsed,
    /// The language.
    pub lang: Lang,
    /// The facts its text supports.
    pub found: Found,
    /// Whether it is a privacy notice.
    pub notice: bool,
    /// What the classifier decided that a reviewer should see.
    pub notes: Vec<String>,
}

impl Reading {
    /// The page as the classifier and the checker read it.
    pub fn document(&self) -> Document {
        document(&self.parsed, self.lang).0
    }
}

/// Classifies parsed blocks (see the module docs).
pub fn read(mut parsed: Parsed, lang: Lang) -> Reading {
    let mut notes = Vec::new();
    levels_and_cues(&mut parsed, lang);
    assign(&mut parsed, lang, &mut notes);
    let (doc, _) = document(&parsed, lang);
    let analysis = Analysis::new(&doc);
    let found = facts(&analysis);
    let notice = is_notice(&analysis);
    Reading { parsed, lang, found, notice, notes }
}

/// The document of parsed blocks, and for each document block the index of the
/// parsed block it comes from (a list gives one document block per item).
pub fn document(parsed: &Parsed, lang: Lang) -> (Document, Vec<usize>) {
    let mut blocks = Vec::new();
    let mut origin = Vec::new();
    for (i, block) in parsed.blocks.iter().enumerate() {
        match block {
            Block::Heading { text, level, line, keys, added, .. } => {
                // A heading the importer added has no words of the page's own.
                let text = if *added { String::new() } else { text.clone() };
                blocks.push(ev::Block { kind: BlockKind::Heading { level: level.unwrap_or(2), keys: keys.clone() }, text, line: *line });
                origin.push(i);
            }
            Block::Para { lines, line } => {
                blocks.push(ev::Block { kind: BlockKind::Text, text: lines.join(" "), line: *line });
                origin.push(i);
            }
            Block::List { items, line, .. } => {
                for item in items {
                    blocks.push(ev::Block { kind: BlockKind::Text, text: item.text.clone(), line: *line });
                    origin.push(i);
                }
            }
            Block::Shortcode { role, .. } => {
                blocks.push(ev::Block { kind: BlockKind::Contact { role: role.clone() }, text: String::new(), line: 0 });
                origin.push(i);
            }
        }
    }
    (Document { lang, title: parsed.title.clone(), blocks }, origin)
}

/// Decides each heading's level (HTML says it; in text a heading directly above a
/// paragraph under a level-2 heading, or a right under "Dine rettigheder", is level 3)
/// and gives it the keys its words announce. A right of its own ("Ret til
/// indsigelse") is a sub-heading without the rights key.
fn levels_and_cues(parsed: &mut Parsed, lang: Lang) {
    let mut in_rights = false;
    let mut seen_h2 = false;
    for block in &mut parsed.blocks {
        let Block::Heading { text, level, followed_by_text, keys: found, .. } = block else { continue };
        let mut cues: Vec<String> = ev::heading_keys(text, lang).into_iter().map(str::to_string).collect();
        // "Ret til sletning" is the right of erasure, not the retention period: a right
        // of its own announces nothing but, where it says so, the withdrawal of consent.
        let right = keys::is_right(text);
        if right {
            cues.retain(|k| k == "withdraw-consent");
        }
        let decided = level.unwrap_or_else(|| if seen_h2 && ((right && in_rights) || (*followed_by_text && (cues.is_empty() || right))) { 3 } else { 2 });
        *level = Some(decided);
        if decided == 2 {
            seen_h2 = true;
            in_rights = cues.iter().any(|k| k == "rights");
        }
        *found = cues;
    }
}

/// The parsed block index of every heading carrying `key`.
fn headings_with(parsed: &Parsed, key: &str) -> Vec<usize> {
    parsed.blocks.iter().enumerate().filter(|(_, b)| matches!(b, Block::Heading { keys, .. } if keys.iter().any(|k| k == key))).map(|(i, _)| i).collect()
}

fn heading_keys_mut(block: &mut Block) -> Option<&mut Vec<String>> {
    match block {
        Block::Heading { keys, .. } => Some(keys),
        _ => None,
    }
}

/// Gives each item to one heading: a heading that announces it and whose section
/// evidences it; else the heading of the first section whose text evidences it (a
/// new heading if that text stands before every heading); else the heading that
/// announces it, so that the checker can say it is unclear. A heading that announces
/// several items keeps only those its section gives.
fn assign(parsed: &mut Parsed, lang: Lang, notes: &mut Vec<String>) {
    for req in REQUIREMENTS {
        let key = req.key;
        let (doc, origin) = document(parsed, lang);
        let analysis = Analysis::new(&doc);
        let doc_index = |p: usize| origin.iter().position(|o| *o == p).expect("every block has a document block");
        let gives = |d: usize| {
            let range = analysis.section(d);
            analysis.evidence(key, range.clone()).is_some() || req.contact.is_some_and(|role| analysis.embeds(range, role))
        };
        let announced = headings_with(parsed, key);
        // A contact item is best given where the contact details are (a layered page
        // names the complaint in its summary and gives the address below).
        let reachable = |d: usize| req.contact.is_none_or(|role| analysis.reaches(d + 1..analysis.section(d).end, role));
        let giving: Vec<usize> = announced.iter().copied().filter(|p| gives(doc_index(*p))).collect();
        let keep = giving.iter().copied().find(|p| reachable(doc_index(*p))).or(giving.first().copied());
        let elsewhere = || {
            let contact = req.contact.and_then(|role| doc.blocks.iter().position(|b| matches!(&b.kind, BlockKind::Contact { role: r } if r == role)));
            analysis.evidence(key, 0..doc.blocks.len()).map(|h| h.block).into_iter().chain(contact).min()
        };
        let target = match keep {
            Some(p) => Some(p),
            None => match elsewhere() {
                Some(d) => Some(owner(parsed, &doc, &origin, d, req, lang, notes)),
                // Announced but given nowhere: a single-item heading keeps its key
                // (the checker reports it as unclear); a combined one drops it.
                None => announced.iter().copied().find(|p| matches!(&parsed.blocks[*p], Block::Heading { keys, .. } if keys.len() == 1)),
            },
        };
        for p in announced.iter().filter(|p| Some(**p) != target) {
            if let Some(keys) = heading_keys_mut(&mut parsed.blocks[*p]) {
                keys.retain(|k| k != key);
            }
            notes.push(format!("'{}' names {} but its section does not give it: #{key} not put there", heading_text(&parsed.blocks[*p]), req.title.en));
        }
        if let Some(p) = target {
            if let Some(keys) = heading_keys_mut(&mut parsed.blocks[p]) {
                if !keys.iter().any(|k| k == key) {
                    keys.push(key.to_string());
                    notes.push(format!("the text under '{}' gives {}: #{key} added there", heading_text(&parsed.blocks[p]), req.title.en));
                }
            }
        }
    }
}

/// The parsed index of the heading that owns document block `d`: the heading above
/// it, or a new level-2 heading put before it when it stands before every heading.
fn owner(parsed: &mut Parsed, doc: &Document, origin: &[usize], d: usize, req: &requirements::Requirement, lang: Lang, notes: &mut Vec<String>) -> usize {
    if let Some(h) = (0..=d).rev().find(|b| doc.blocks[*b].level().is_some()) {
        return origin[h];
    }
    let at = origin[d];
    let line = match &parsed.blocks[at] {
        Block::Para { line, .. } | Block::List { line, .. } => *line,
        _ => 0,
    };
    let title = req.title.get(lang.code()).to_string();
    notes.push(format!("line {line} gives {} before any heading: heading '{title}' added above it", req.title.en));
    parsed.blocks.insert(at, Block::Heading { text: title, level: Some(2), line, followed_by_text: true, keys: Vec::new(), added: true });
    at
}

fn heading_text(block: &Block) -> String {
    match block {
        Block::Heading { text, .. } => text.clone(),
        _ => String::new(),
    }
}

/// The words of block `b` around its first term of `group`, for a TOML comment.
fn words(analysis: &Analysis, b: usize, group: evidence::Group) -> String {
    let found = analysis.affirmed_terms(b, group).first().map(|w| w.to_string());
    let text = analysis.text(b);
    let short: String = text.chars().take(70).collect();
    match found {
        Some(w) => format!("\"{w}\" ({}{})", short, if text.chars().count() > 70 { "…" } else { "" }),
        None => format!("\"{short}\""),
    }
}

/// The facts the text supports: cited legal bases (and consent or legitimate
/// interests named in words), where the data come from, and what it says about
/// transfers outside the EU/EEA.
pub fn facts(analysis: &Analysis) -> Found {
    let doc = analysis.doc;
    let lang = analysis.lang();
    let mut found = Found::default();
    let text_blocks = || (0..doc.blocks.len()).filter(|b| doc.blocks[*b].kind == BlockKind::Text);
    let add = |basis: LegalBasis, line: usize, words: String, found: &mut Found| {
        if !found.bases.iter().any(|e| e.value == basis) {
            found.bases.push(Evidence { value: basis, line, words });
        }
    };
    // Block by block, so that another act's "§ 13" is not read as Databeskyttelsesloven's.
    for b in text_blocks() {
        for basis in cited(analysis.text(b)) {
            add(basis, doc.blocks[b].line, format!("\"{}\"", basis.cite(lang.code())), &mut found);
        }
    }
    // Consent and legitimate interests named in words, where the page cites no article
    // for them.
    let named = [("consent", LegalBasis::Art6('a')), ("legitimate", LegalBasis::Art6('f'))];
    for (name, basis) in named {
        if found.bases.iter().any(|b| b.value == basis || (name == "consent" && b.value.is_consent())) {
            continue;
        }
        let group = match name {
            "consent" => evidence::BASIS_CONSENT.get(lang),
            _ => evidence::BASIS_LEGITIMATE.get(lang),
        };
        let unless = evidence::BASIS_UNLESS.get(lang);
        if let Some(b) = text_blocks().find(|b| !analysis.affirmed_terms(*b, group).is_empty() && !analysis.has(*b, unless) && !in_rights(analysis, *b)) {
            add(basis, doc.blocks[b].line, words(analysis, b, group), &mut found);
        }
    }
    if let Some(b) = text_blocks().find(|b| !analysis.affirmed_terms(*b, FROM_SUBJECT.get(lang)).is_empty()) {
        found.subject = Some(Evidence { value: (), line: doc.blocks[b].line, words: words(analysis, b, FROM_SUBJECT.get(lang)) });
    }
    let about_source = |b: usize| analysis.evidence("source", b..b + 1).is_some() || keyed_section_holds(analysis, "source", b);
    if let Some(b) = text_blocks().find(|b| about_source(*b) && !analysis.affirmed_terms(*b, FROM_OTHERS.get(lang)).is_empty()) {
        found.others = Some(Evidence { value: (), line: doc.blocks[b].line, words: words(analysis, b, FROM_OTHERS.get(lang)) });
    }
    let transfers = evidence::item("third-countries").expect("in the table").rules[0].groups.get(lang)[0];
    if let Some(b) = text_blocks().find(|b| analysis.has(*b, transfers)) {
        found.transfers = Some(Evidence { value: !analysis.negated(b, transfers), line: doc.blocks[b].line, words: words(analysis, b, transfers) });
    }
    found
}

/// Whether block `b` lies in the section of a heading keyed `key`.
fn keyed_section_holds(analysis: &Analysis, key: &str, b: usize) -> bool {
    let doc = analysis.doc;
    (0..=b).rev().find(|h| doc.blocks[*h].level().is_some()).is_some_and(|h| doc.blocks[h].keys().iter().any(|k| k == key))
}

/// Whether block `b` describes the rights (where "legitime interesser" and "samtykke"
/// describe the right to object or to withdraw, not a basis the page relies on).
fn in_rights(analysis: &Analysis, b: usize) -> bool {
    let doc = analysis.doc;
    (0..=b).rev().find(|h| doc.blocks[*h].level().is_some()).is_some_and(|h| {
        let keys = doc.blocks[h].keys();
        keys.iter().any(|k| k == "rights") || (keys::is_right(&doc.blocks[h].text) && !keys.iter().any(|k| k == "withdraw-consent"))
    })
}

/// What says a page is about the reader's own data being processed: who is
/// responsible, why, or on what basis.
const CORE: &[&str] = &["controller", "purposes", "legal-basis"];

/// Whether the page is a privacy notice: it gives at least two Art. 13/14 items, one
/// of them who is responsible for, why or on what basis the reader's data are
/// processed; or it gives an item and its title says it is about personal data or its
/// text names the controller's duty. A page on data security that names none of
/// these, or a hub of links that gives no item, is not judged as a notice.
pub fn is_notice(analysis: &Analysis) -> bool {
    let doc = analysis.doc;
    let lang = analysis.lang();
    let all = 0..doc.blocks.len();
    let given: Vec<&str> = REQUIREMENTS.iter().map(|r| r.key).filter(|k| analysis.evidence(k, all.clone()).is_some()).collect();
    let core = given.iter().any(|k| CORE.contains(k));
    let title = ev::Document { lang, title: String::new(), blocks: vec![ev::Block { kind: BlockKind::Text, text: doc.title.clone(), line: 0 }] };
    let titled = Analysis::new(&title).has(0, NOTICE_TITLE.get(lang));
    let named = all.clone().any(|b| doc.blocks[b].kind == BlockKind::Text && analysis.has(b, NOTICE_TEXT.get(lang)));
    (given.len() >= 2 && core) || (!given.is_empty() && (titled || named))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(text: &str) -> Reading {
        read(crate::import::read_source(text, false, Lang::Da), Lang::Da)
    }

    #[test]
    fn consent_named_in_words_is_a_basis_but_not_in_the_rights_or_about_cookies() {
        let r = reading("Titel\n\nFormål\n\nDet gør vi for at løse en opgave.\nBehandling kan også ske efter konkret samtykke fra dig, eller hvis du selv henvender dig til os.\n");
        assert!(r.found.bases.iter().any(|b| b.value == LegalBasis::Art6('a') && b.line == 5), "{:?}", r.found.bases);
        let r = reading("Titel\n\nCookies\n\nVi bruger cookies, når du giver samtykke.\n");
        assert!(r.found.bases.is_empty(), "{:?}", r.found.bases);
        let r = reading("Titel\n\nRet til indsigelse\n\nDu kan gøre indsigelse mod vores legitime interesser.\n");
        assert!(r.found.bases.is_empty(), "{:?}", r.found.bases);
    }

    #[test]
    fn a_statement_on_transfers_is_a_fact_either_way() {
        let r = reading("Titel\n\nOverførsel\n\nVi overfører ikke dine oplysninger til lande uden for EU/EØS.\n");
        assert_eq!(r.found.transfers.as_ref().map(|t| (t.value, t.line)), Some((false, 5)));
        let r = reading("Titel\n\nOverførsel\n\nOplysningerne kan blive overført til USA efter EU-U.S. Data Privacy Framework.\n");
        assert_eq!(r.found.transfers.as_ref().map(|t| t.value), Some(true));
    }

    #[test]
    fn an_item_given_before_any_heading_gets_a_heading() {
        let r = reading("Titel\n\nVi sletter dine oplysninger 5 år efter, at sagen er afsluttet.\n\nDine rettigheder\n\nDu har ret til indsigt, berigtigelse og sletning.\n");
        let doc = r.document();
        let h = doc.keyed("retention").expect("a heading for the retention text");
        assert_eq!(doc.blocks[h].text, "", "an added heading has no words of the page");
        assert!(r.notes.iter().any(|n| n.contains("before any heading")), "{:?}", r.notes);
    }
}
