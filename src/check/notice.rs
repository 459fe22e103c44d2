//! The Art. 13/14 rules: which sections a notice must have (from the requirement
//! table and the notice's facts), what each must contain, and the waivers that
//! stand in for what only the municipality can write.

use crate::contacts::ContactRecord;
use crate::finding::Finding;
use crate::load::front_matter::{to_date, Waiver};
use crate::load::page::{Page, PageKind, Section};
use crate::requirements::{Facts, Requirement, REQUIREMENTS};
use crate::site::Site;

/// Where a notice stands on one requirement.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// The section is there and holds what it must.
    Met,
    /// The section is missing or lacks something; the strings say what.
    Missing(Vec<String>),
    /// Not required for this notice; the string says why.
    NotRequired(String),
    /// A waiver stands in for it.
    Waived {
        /// The waiver's reason.
        reason: String,
        /// Its expiry date.
        until: String,
    },
}

/// The status of every requirement for `page`, in table order.
pub fn evaluate(site: &Site, page: &Page) -> Vec<(&'static Requirement, Status)> {
    let facts = page.facts();
    let today = today();
    REQUIREMENTS
        .iter()
        .map(|req| {
            if !req.when.holds(&facts) {
                return (req, Status::NotRequired(req.when.explain(&page.lang)));
            }
            let problems = problems(site, page, req, &facts);
            let status = match (problems.is_empty(), page.front.waivers.get(req.key)) {
                (true, _) => Status::Met,
                (false, Some(w)) if waiver_valid(w, today) => {
                    Status::Waived { reason: w.reason.clone(), until: w.until.map(|d| d.to_string()).unwrap_or_default() }
                }
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

/// What is wrong with requirement `req` on `page`; empty if it is met.
fn problems(site: &Site, page: &Page, req: &Requirement, facts: &Facts) -> Vec<String> {
    let Some(section) = page.section(req.key) else {
        return vec![format!("no section is marked {{#{}}}", req.key)];
    };
    let mut problems = Vec::new();
    let text = crate::text::squash_space(&strip_tokens(&section.text));
    let has_shortcode = page.shortcodes.iter().any(|s| section.lines.contains(&s.line));
    if text.is_empty() && !has_shortcode {
        return vec![format!("the section \"{}\" is empty", section.heading.text)];
    }
    if let Some(role) = req.contact {
        if !embeds_contact(site, page, &section, role) {
            problems.push(format!("the section \"{}\" gives no contact details of the {role}", section.heading.text));
        }
    }
    if req.names_bases {
        let cited = super::citations::cited(&section.text);
        let missing: Vec<String> = page.bases.iter().filter(|b| !cited.contains(b)).map(|b| b.cite(&page.lang)).collect();
        if !missing.is_empty() {
            problems.push(format!("the section does not name {}", missing.join(", ")));
        }
    }
    let lower = text.to_lowercase();
    let missing: Vec<&str> = req
        .mentions
        .iter()
        .filter(|m| m.when.holds(facts))
        .filter(|m| {
            let words = if page.lang == "da" { m.da } else { m.en };
            !words.iter().any(|w| mentions_word(&lower, w))
        })
        .map(|m| m.item)
        .collect();
    if !missing.is_empty() {
        problems.push(format!("the section does not mention the right(s) of {}", missing.join(", ")));
    }
    problems
}

/// Whether `word` starts a word in `text` (both lower case).
fn mentions_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| i == 0 || !text[..i].chars().next_back().is_some_and(char::is_alphanumeric))
}

/// The text without shortcode placeholders.
fn strip_tokens(text: &str) -> String {
    static TOKEN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new("\u{E000}\\d+\u{E001}").unwrap());
    TOKEN.replace_all(text, "").into_owned()
}

/// Whether the section embeds a contact block with `role`, or names the contact's
/// details by hand (which the contact lint reports separately).
fn embeds_contact(site: &Site, page: &Page, section: &Section, role: &str) -> bool {
    let records: Vec<&ContactRecord> = site.contacts().filter(|c| c.role == role).collect();
    let by_shortcode = page
        .shortcodes
        .iter()
        .filter(|s| s.name == "contact" && section.lines.contains(&s.line))
        .filter_map(|s| site.contact(s.arg("id")?))
        .any(|c| c.role == role);
    let lower = section.text.to_lowercase();
    by_shortcode
        || records.iter().any(|c| {
            let mut details = c.details();
            details.extend(c.to_confirm.iter().flat_map(|t| t.seen.iter().map(String::as_str)));
            details.iter().any(|d| lower.contains(&d.to_lowercase())) || c.email_domain().is_some_and(|d| lower.contains(&format!("@{d}")))
        })
}

/// The Art. 13/14 findings of one page.
/// `statuses` are the page's row of the [`crate::matrix::Matrix`], so that each
/// notice is evaluated once for both the findings and the matrix.
pub fn check(page: &Page, statuses: &[(&'static Requirement, Status)]) -> Vec<Finding> {
    if page.kind() != PageKind::Notice {
        return Vec::new();
    }
    let file = &page.file;
    let facts = page.facts();
    let notice_line = page.front_line("notice");
    let mut findings = Vec::new();
    if page.front.sources.is_empty() {
        findings.push(
            Finding::error("sources-missing", file, notice_line, "the notice does not say where the data come from")
                .help("add sources = [\"subject\"], [\"others\"] or both to the front matter"),
        );
    }
    // With no legal-basis section at all, the missing-section finding says it all.
    let basis_section = page.section("legal-basis").is_some();
    if page.front.legal_basis.is_empty() && basis_section && !page.front.waivers.contains_key("legal-basis") {
        findings.push(
            Finding::error("legal-basis-none", file, notice_line, "the notice declares no legal basis")
                .article("13(1)(c)", "legal-basis")
                .help("list the bases in front matter, e.g. legal_basis = [\"6.1.e\"], and name them in the legal-basis section"),
        );
    }
    for key in page.front.waivers.keys() {
        if crate::requirements::find(key).is_none() {
            findings.push(
                Finding::error("waiver-unknown-key", file, page.front_line(&format!("[waivers.{key}]")), format!("waiver for unknown requirement `{key}`"))
                    .help("use one of the keys in requirements/art13-14.toml"),
            );
        }
    }
    let today = today();
    for (req, status) in statuses {
        let article = req.article(&facts);
        let waiver = page.front.waivers.get(req.key);
        let waiver_line = page.front_line(&format!("[waivers.{}]", req.key));
        let help = req.help.get(&page.lang);
        match status {
            Status::Met | Status::NotRequired(_) if waiver.is_some() => findings.push(
                Finding::warning(
                    "waiver-unneeded",
                    file,
                    waiver_line,
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
            Status::Waived { reason, until } => findings.push(
                Finding::note("waiver", file, waiver_line, format!("`{}` ({}) is waived until {until}: {reason}", req.key, req.articles(&facts)))
                    .article(article, req.key)
                    .help(help),
            ),
            Status::Missing(problems) => {
                if let Some(w) = waiver {
                    let (rule, why) = if w.reason.trim().is_empty() { ("waiver-no-reason", "has no reason") } else { ("waiver-expired", "has expired") };
                    let expired = w.until.as_ref().and_then(to_date).is_none_or(|d| d < today);
                    if rule == "waiver-no-reason" || expired {
                        findings.push(
                            Finding::error(rule, file, waiver_line, format!("the waiver for `{}` {why}", req.key))
                                .article(article, req.key)
                                .help("give the waiver a reason and a future `until` date, or write the section"),
                        );
                    }
                }
                for problem in problems {
                    let (rule, line) = match page.section(req.key) {
                        None => (if article.starts_with("14") { "art14-missing" } else { "art13-missing" }, notice_line),
                        Some(s) if problem.contains("is empty") => ("art13-empty-section", page.file_line(s.heading.line)),
                        Some(s) if req.contact.is_some() && problem.contains("contact details") => ("art13-contact-missing", page.file_line(s.heading.line)),
                        Some(s) if req.names_bases && problem.contains("does not name") => ("art13-basis-not-named", page.file_line(s.heading.line)),
                        Some(s) => ("art13-incomplete", page.file_line(s.heading.line)),
                    };
                    findings.push(
                        Finding::error(rule, file, line, format!("{} ({}): {problem}", req.title.get(&page.lang), req.articles(&facts)))
                            .article(article, req.key)
                            .help(help),
                    );
                }
            }
        }
    }
    findings
}
