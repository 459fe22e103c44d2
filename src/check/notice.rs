//! The Art. 13/14 rules: which sections a notice must have (from the requirement
//! table and the notice's facts), what each must contain, whether its text evidences
//! the item, and the waivers that stand in for what only the municipality can write.
//!
//! [`evaluate`] judges a [`Notice`]: a [`Document`] with its facts and waivers. `check`
//! builds one from a Markdown page ([`evaluate_page`]); `audit` from a page it read
//! and classified, so both judge by the same rules.

use super::consistency;
use crate::evidence::data::{self as evidence};
use crate::evidence::{Analysis, BlockKind, Document, Lang};
use crate::finding::{Finding, Severity, Text};
use crate::load::front_matter::{to_date, Waiver};
use crate::load::page::{Body, Page, PageKind};
use crate::requirements::{Decision, Facts, Requirement, REQUIREMENTS};
use crate::small_map::SmallMap;

/// Where a notice stands on one requirement.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The section is there, holds what it must and its text evidences the item.
    Met,
    /// The section is there but its text does not clearly give the item (warnings).
    Unclear(Vec<Problem>),
    /// The section is missing or lacks something required (at least one error).
    Missing(Vec<Problem>),
    /// Not required for this notice; the string says why.
    NotRequired(Text),
    /// A waiver stands in for what is missing.
    Waived {
        /// The waiver's reason (shared with the page's front matter).
        reason: std::sync::Arc<str>,
        /// Its expiry date.
        until: compact_str::CompactString,
        /// Warnings a waiver does not hide: a section whose text says nothing about
        /// its item is reported even while the missing content is waived.
        warnings: Vec<Problem>,
    },
}

impl Status {
    /// What the requirement lacks (empty unless unclear or missing).
    pub fn problems(&self) -> &[Problem] {
        match self {
            Status::Unclear(p) | Status::Missing(p) => p,
            _ => &[],
        }
    }

    /// The short name used in the matrix, JSON and `audit`: `met`, `unclear`,
    /// `missing`, `not-required` or `waived`.
    pub fn name(&self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Unclear(_) => "unclear",
            Status::Missing(_) => "missing",
            Status::NotRequired(_) => "not-required",
            Status::Waived { .. } => "waived",
        }
    }
}

/// Something a requirement lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The finding's rule id.
    pub rule: &'static str,
    /// Error, or warning where the text only falls short.
    pub severity: Severity,
    /// The 1-based file line it concerns; 0 for the notice's front matter.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// The article, where it is not the requirement's own (e.g. Art. 9).
    pub article: Option<&'static str>,
    /// What to do, where the requirement's help does not say it.
    pub help: Option<String>,
}

/// What `problems` say, in one line, as the rules wrote it (the matrix's cells, an
/// audited item's detail before [`details_in`]).
pub fn details(problems: &[Problem]) -> String {
    problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// [`details`] with each problem in `lang` (see [`crate::messages::translate`]).
pub fn details_in(problems: &[Problem], lang: &str) -> String {
    problems.iter().map(|p| crate::messages::translate(p.rule, &p.message, lang)).collect::<Vec<_>>().join("; ")
}

impl Problem {
    fn error(rule: &'static str, line: usize, message: impl Into<String>) -> Problem {
        Problem { rule, severity: Severity::Error, line, message: message.into(), article: None, help: None }
    }

    fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// What a notice is judged on.
pub struct Notice<'a> {
    /// Its text.
    pub doc: &'a Document,
    /// The facts it declares, or that its text supports.
    pub facts: &'a Facts,
    /// Known gaps it waives, by requirement key.
    pub waivers: &'a SmallMap<Waiver>,
    /// How strictly it is judged.
    pub judge: Judge,
}

/// How strictly a notice is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judge {
    /// A page of the site (`check`): its facts are declared in front matter, and it
    /// must also name each declared basis, mention every right and every part of the
    /// consent withdrawal, and declare bases for the data its text shows.
    Declared,
    /// A page read as it stands (`audit`): its facts are what its text supports, and
    /// each item is judged only by whether the text gives it.
    Text,
}

/// The status of every requirement for a Markdown notice, read as `doc`.
pub fn evaluate_page(page: &Page, doc: &Document) -> Vec<(&'static Requirement, Status)> {
    evaluate(&Notice { doc, facts: &page.facts(), waivers: &page.front.waivers, judge: Judge::Declared })
}

/// The status of every requirement for `notice`, in table order.
pub fn evaluate(notice: &Notice) -> Vec<(&'static Requirement, Status)> {
    let analysis = Analysis::new(notice.doc);
    let lang = notice.doc.lang.code();
    let today = today();
    REQUIREMENTS
        .iter()
        .map(|req| {
            let decision = req.when.decide(notice.facts);
            if decision == Decision::No {
                return (req, Status::NotRequired(req.when.explain(lang)));
            }
            let problems = problems(notice, &analysis, req, decision);
            let status = match (problems.is_empty(), notice.waivers.get(req.key)) {
                (true, _) => Status::Met,
                (false, Some(w)) if waiver_valid(w, today) => Status::Waived {
                    reason: w.reason.clone(),
                    until: w.until.map(|d| compact_str::format_compact!("{d}")).unwrap_or_default(),
                    warnings: problems.into_iter().filter(|p| p.severity == Severity::Warning).collect(),
                },
                (false, _) if problems.iter().all(|p| p.severity == Severity::Warning) => Status::Unclear(problems),
                (false, _) => Status::Missing(problems),
            };
            (req, status)
        })
        .collect()
}

/// Today's date, against which waivers expire.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn waiver_valid(w: &Waiver, today: chrono::NaiveDate) -> bool {
    !w.reason.trim().is_empty() && w.until.as_ref().and_then(to_date).is_some_and(|d| d >= today)
}

/// What to declare for an undeclared fact.
fn declare(fact: &str) -> &'static str {
    match fact {
        "third_country_transfers" => "declare third_country_transfers = true or false in the front matter, as the page's text says",
        "sources" => "declare sources = [\"subject\"], [\"others\"] or both in the front matter",
        _ => "declare legal_basis = [\"6.1.e\", …] in the front matter",
    }
}

/// What is wrong with requirement `req` on the notice; empty if it is met.
fn problems(notice: &Notice, analysis: &Analysis, req: &Requirement, decision: Decision) -> Vec<Problem> {
    let doc = notice.doc;
    let declared = notice.judge == Judge::Declared;
    let mut problems = Vec::new();
    if let (Decision::Unknown(fact), true) = (decision, declared) {
        problems.push(Problem::error("fact-undeclared", 0, format!("the notice does not declare `{fact}`, so this section is required")).help(declare(fact)));
    }
    if req.names_bases && declared {
        match &notice.facts.bases {
            None => problems.push(Problem::error("fact-undeclared", 0, "the notice does not declare `legal_basis`").help(declare("legal_basis"))),
            // With no legal-basis section at all, the missing-section finding says it all.
            Some(b) if b.is_empty() && doc.keyed(req.key).is_some() => problems.push(
                Problem::error("legal-basis-none", 0, "the notice declares no legal basis")
                    .help("list the bases in front matter, e.g. legal_basis = [\"6.1.e\"], and name them in the legal-basis section"),
            ),
            Some(_) => {}
        }
        problems.extend(consistency::check(analysis, notice.facts));
    }
    let Some(h) = doc.keyed(req.key) else {
        let rule = if req.article(notice.facts).starts_with("14") { "art14-missing" } else { "art13-missing" };
        let message = match notice.judge {
            Judge::Declared => format!("no section is marked {{#{}}}", req.key),
            Judge::Text => format!("the page {}", evidence::item(req.key).map_or("does not give it", |i| i.without.en)),
        };
        let mut problem = Problem::error(rule, 0, message);
        if let Some(hint) = unkeyed_evidence(analysis, req) {
            problem.help = Some(format!("{hint}; or write the section: {}", req.help.get(doc.lang.code())));
        }
        problems.push(problem);
        return problems;
    };
    let range = analysis.section(h);
    let heading = &doc.blocks[h];
    let line = heading.line;
    let body = h + 1..range.end;
    if body.clone().any(|b| doc.blocks[b].kind == BlockKind::Placeholder) {
        // Still being written: the placeholder findings say what to write.
        return problems;
    }
    if !body.clone().any(|b| !analysis.text(b).is_empty() && doc.blocks[b].level().is_none()) {
        problems.push(Problem::error("art13-empty-section", line, format!("the section \"{}\" is empty", heading.text)));
        return problems;
    }
    // An embedded contact block of the section's role is the evidence: the shared
    // record names the contact and how to reach it.
    let mut evidenced = false;
    if let Some(role) = req.contact {
        evidenced = analysis.embeds(body.clone(), role);
        if !evidenced && !analysis.reaches(body.clone(), role) {
            evidenced = true;
            problems.push(Problem::error("art13-contact-missing", line, format!("the section \"{}\" gives no contact details of the {role}", heading.text)));
        }
    }
    // The section's text in lower case, made only where a rule reads it.
    let text = if declared && (req.names_bases || !req.mentions.is_empty()) {
        body.clone().map(|b| analysis.lower(b)).collect::<Vec<_>>().join(" ")
    } else {
        String::new()
    };
    if req.names_bases && declared {
        let cited = super::citations::cited(&text);
        let missing: Vec<String> = notice.facts.bases().iter().filter(|b| !cited.contains(b)).map(|b| b.cite(doc.lang.code())).collect();
        if !missing.is_empty() {
            problems.push(Problem::error("art13-basis-not-named", line, format!("the section does not name {}", missing.join(", "))));
        }
    }
    let missing: Vec<&str> = req
        .mentions
        .iter()
        .filter(|_| declared)
        .filter(|m| m.when.holds(notice.facts))
        .filter(|m| {
            let words = if doc.lang == Lang::Da { m.da } else { m.en };
            !words.iter().any(|w| mentions_word(&text, w))
        })
        .map(|m| m.item)
        .collect();
    if !missing.is_empty() {
        problems.push(Problem::error("art13-incomplete", line, format!("the section does not mention: {}", missing.join(", "))));
    }
    if !evidenced && analysis.evidence(req.key, range).is_none() {
        let without = evidence::item(req.key).map_or("", |i| i.without.en);
        let mut problem = Problem { severity: Severity::Warning, ..Problem::error("section-without-evidence", line, format!("#{} {without}", req.key)) };
        problem.help = unkeyed_evidence(analysis, req).map(|hint| format!("{hint}, or write it in this section: {}", req.help.get(doc.lang.code())));
        problems.push(problem);
    }
    problems
}

/// Where text outside every section keyed with `req.key` evidences the item, as
/// advice: "line 42 reads like …: add {#retention} to the heading on line 40".
fn unkeyed_evidence(analysis: &Analysis, req: &Requirement) -> Option<String> {
    let doc = analysis.doc;
    let keyed: Vec<std::ops::Range<usize>> =
        (0..doc.blocks.len()).filter(|b| doc.blocks[*b].keys().iter().any(|k| k == req.key)).map(|b| analysis.section(b)).collect();
    let hit = analysis.evidence_all(req.key, 0..analysis.len()).into_iter().find(|h| !keyed.iter().any(|r| r.contains(&h.block)))?;
    let title = req.title.en;
    // Name the text, and the heading above it that should carry the key.
    let text = (hit.block..doc.blocks.len()).find(|b| doc.blocks[*b].level().is_none()).map_or(hit.line, |b| doc.blocks[b].line);
    Some(match (0..=hit.block).rev().find(|b| doc.blocks[*b].level().is_some()) {
        Some(h) => format!("line {text} reads like \"{title}\": add {{#{}}} to the heading on line {}", req.key, doc.blocks[h].line),
        None => format!("line {text} reads like \"{title}\": put a heading with {{#{}}} above it", req.key),
    })
}

/// Whether `word` starts a word in `text` (both lower case).
pub fn mentions_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| i == 0 || !text[..i].chars().next_back().is_some_and(char::is_alphanumeric))
}

/// The Art. 13/14 findings of one page.
/// `statuses` are the page's row of the [`crate::matrix::Matrix`], so that each
/// notice is evaluated once for both the findings and the matrix.
pub fn check(page: &Page, body: &Body, statuses: &[(&'static Requirement, Status)]) -> Vec<Finding> {
    if page.kind() != PageKind::Notice {
        return Vec::new();
    }
    let file = &page.file;
    let facts = page.facts();
    let mut findings = Vec::new();
    for key in page.front.waivers.keys() {
        if crate::requirements::find(key).is_none() {
            findings.push(
                Finding::error("waiver-unknown-key", file, body.front_line(&format!("[waivers.{key}]")), format!("waiver for unknown requirement `{key}`"))
                    .help("use one of the keys in requirements/art13-14.toml"),
            );
        }
    }
    for (req, status) in statuses {
        let article = req.article(&facts);
        let waiver = page.front.waivers.get(req.key);
        // Looked up only for a finding about the waiver.
        let waiver_line = || body.front_line(&format!("[waivers.{}]", req.key));
        let help = req.help.get(&page.lang);
        match status {
            Status::Met | Status::NotRequired(_) if waiver.is_some() => findings.push(
                Finding::warning(
                    "waiver-unneeded",
                    file,
                    waiver_line(),
                    format!(
                        "the waiver for `{}` is not needed: the requirement is {}",
                        req.key,
                        if matches!(status, Status::Met) { "met" } else { "not required" }
                    ),
                )
                .article(article, req.key)
                .help(format!("remove [waivers.{}] from the front matter", req.key)),
            ),
            Status::Met | Status::NotRequired(_) => {}
            Status::Waived { reason, until, warnings } => {
                findings.push(
                    Finding::note("waiver", file, waiver_line(), format!("`{}` ({}) is waived until {until}", req.key, req.articles(&facts)))
                        .quoting(reason.clone())
                        .article(article, req.key)
                        .help(help),
                );
                findings.extend(warnings.iter().map(|p| problem_finding(page, body, req, &facts, p)));
            }
            Status::Unclear(problems) | Status::Missing(problems) => {
                if let Some(w) = waiver {
                    let (rule, why) = if w.reason.trim().is_empty() {
                        ("waiver-no-reason", "has no reason")
                    } else if w.until.as_ref().and_then(to_date).is_none() {
                        ("waiver-no-until", "has no `until` date")
                    } else {
                        ("waiver-expired", "has expired")
                    };
                    findings.push(
                        Finding::error(rule, file, waiver_line(), format!("the waiver for `{}` {why}", req.key))
                            .article(article, req.key)
                            .help("give the waiver a reason and a future `until` date, or write the section"),
                    );
                }
                findings.extend(problems.iter().map(|p| problem_finding(page, body, req, &facts, p)));
            }
        }
    }
    findings
}

/// The finding for problem `p` of requirement `req` on `page`.
fn problem_finding(page: &Page, body: &Body, req: &'static Requirement, facts: &Facts, p: &Problem) -> Finding {
    let line = if p.line == 0 { body.front_line("notice") } else { p.line };
    Finding::new(p.severity, p.rule, &page.file, line, format!("{} ({}): {}", req.title.get(&page.lang), req.articles(facts), p.message))
        .article(p.article.unwrap_or(req.article(facts)), req.key)
        .help(p.help.clone().map_or(Text::Borrowed(req.help.get(&page.lang)), Text::Owned))
}
