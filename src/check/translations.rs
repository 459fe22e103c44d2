//! Translation rules: every default-language page has its counterpart in every other
//! declared language, each pair has the same section keys in the same order and the
//! same front-matter facts, and each translation records which version of its source
//! it was reviewed against (see [`crate::translate`]).
//!
//! Rules: `translation-missing`, `translation-orphan`, `translation-sections`,
//! `translation-facts`, `translation-unreviewed`, `translation-stale`.

use crate::finding::{Finding, Severity};
use crate::load::front_matter::DataSource;
use crate::load::page::Page;
use crate::site::Site;
use crate::translate;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

/// Translation findings for the whole site.
pub fn check(site: &Site) -> Vec<Finding> {
    site.pages.par_iter().flat_map_iter(|page| check_page(site, page)).collect()
}

/// Translation findings for one page: a source without its translations, or a
/// translation against its source.
fn check_page(site: &Site, page: &Page) -> Vec<Finding> {
    let default = site.config.default_language();
    if page.lang == default {
        return site
            .config
            .languages
            .iter()
            .filter(|l| l.code != default && site.page(&page.slug, &l.code).is_none())
            .map(|l| missing(site, page, &l.code, l.missing_translation))
            .collect();
    }
    match site.page(&page.slug, default) {
        None => vec![orphan(page, default)],
        Some(source) => {
            let (src, tr) = (Front::new(&site.root, source), Front::new(&site.root, page));
            let mut findings = sections(source, page);
            findings.extend(facts(&src, &tr));
            findings.extend(staleness(&src, &tr));
            findings
        }
    }
}

fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn language_name(site: &Site, code: &str) -> String {
    site.config.language(code).and_then(|l| l.ui.get("language_name")).map_or_else(|| format!("`{code}`"), |n| n.clone())
}

fn missing(site: &Site, page: &Page, lang: &str, severity: Severity) -> Finding {
    let target = display(&translate::translation_file(&page.file, lang));
    Finding::new(
        severity,
        "translation-missing",
        &page.file,
        1,
        format!("`{}` has no {} translation: `{target}` does not exist", display(&page.file), language_name(site, lang)),
    )
    .help(format!("create `{target}` with the same section keys ({{#…}}) and front-matter facts, then run `privacy-site translated {target}`"))
}

fn orphan(page: &Page, default: &str) -> Finding {
    let expected = display(&page.file).replace(&format!(".{}.md", page.lang), ".md");
    Finding::error(
        "translation-orphan",
        &page.file,
        1,
        format!("`{}` is a translation of `{expected}`, which does not exist (language `{default}`)", display(&page.file)),
    )
    .help(format!("create `{expected}`, or rename `{}` after the page it translates", display(&page.file)))
}

/// An explicit heading id with its file line.
#[derive(Debug, Clone)]
struct Key<'a> {
    id: &'a str,
    line: usize,
}

fn keys(page: &Page) -> Vec<Key<'_>> {
    page.keys.iter().map(|(id, line)| Key { id, line: *line }).collect()
}

/// The longest common subsequence of two id lists, as index pairs.
fn lcs(a: &[Key], b: &[Key]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i].id == b[j].id { t[i + 1][j + 1] + 1 } else { t[i + 1][j].max(t[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i].id == b[j].id {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

fn sections(source: &Page, tr: &Page) -> Vec<Finding> {
    let (da, en) = (keys(source), keys(tr));
    let (sf, tf) = (display(&source.file), display(&tr.file));
    let common = lcs(&da, &en);
    // Runs of unmatched ids between consecutive matches.
    let mut da_only: Vec<usize> = Vec::new();
    let mut en_only: Vec<usize> = Vec::new();
    let mut gaps: Vec<(Vec<usize>, Vec<usize>, usize)> = Vec::new(); // (da, en, en index of the next match)
    let (mut i, mut j) = (0, 0);
    for &(mi, mj) in common.iter().chain(std::iter::once(&(da.len(), en.len()))) {
        let d: Vec<usize> = (i..mi).collect();
        let e: Vec<usize> = (j..mj).collect();
        da_only.extend(&d);
        en_only.extend(&e);
        if !d.is_empty() || !e.is_empty() {
            gaps.push((d, e, mj));
        }
        i = mi + 1;
        j = mj + 1;
    }
    let da_ids: BTreeSet<&str> = da_only.iter().map(|&k| da[k].id).collect();
    let en_ids: BTreeSet<&str> = en_only.iter().map(|&k| en[k].id).collect();
    let moved: BTreeSet<&str> = da_ids.intersection(&en_ids).copied().collect();
    let help = format!("give `{tf}` the same headings with the same {{#…}} keys, in the same order, as `{sf}`");
    let mut findings = Vec::new();
    for (d, e, next) in gaps {
        let d: Vec<&Key> = d.iter().map(|&k| &da[k]).collect();
        let e: Vec<&Key> = e.iter().map(|&k| &en[k]).collect();
        for k in e.iter().filter(|k| moved.contains(k.id)) {
            let at = da.iter().find(|x| x.id == k.id).map_or(0, |x| x.line);
            findings.push(
                Finding::error(
                    "translation-sections",
                    &tr.file,
                    k.line,
                    format!("`{tf}`:{} has #{} in a different place than `{sf}`:{at}: the sections are in another order", k.line, k.id),
                )
                .help(help.clone()),
            );
        }
        let d: Vec<&Key> = d.into_iter().filter(|k| !moved.contains(k.id)).collect();
        let e: Vec<&Key> = e.into_iter().filter(|k| !moved.contains(k.id)).collect();
        for n in 0..d.len().max(e.len()) {
            let f = match (d.get(n), e.get(n)) {
                (Some(dk), Some(ek)) => Finding::error(
                    "translation-sections",
                    &tr.file,
                    ek.line,
                    format!("`{tf}`:{} has #{} where `{sf}`:{} has #{}", ek.line, ek.id, dk.line, dk.id),
                ),
                (Some(dk), None) => {
                    let line = en.get(next).or(en.last()).map_or(tr.body_line, |k| k.line);
                    Finding::error("translation-sections", &tr.file, line, format!("`{tf}` has no #{} (`{sf}`:{} has it)", dk.id, dk.line))
                }
                (None, Some(ek)) => {
                    Finding::error("translation-sections", &tr.file, ek.line, format!("`{tf}`:{} has #{}, which `{sf}` does not have", ek.line, ek.id))
                }
                (None, None) => unreachable!(),
            };
            findings.push(f.help(help.clone()));
        }
    }
    findings
}

/// A page of a translation pair, with its front matter read from disk when a finding
/// first needs one of its lines.
struct Front<'a> {
    page: &'a Page,
    root: &'a Path,
    text: std::cell::OnceCell<String>,
}

impl<'a> Front<'a> {
    fn new(root: &'a Path, page: &'a Page) -> Self {
        Front { page, root, text: std::cell::OnceCell::new() }
    }

    /// The file line of the first front-matter line that sets `key` (`key =` or
    /// `[key]`), searching from the line that contains `after`; 1 if none does.
    fn line(&self, key: &str, after: Option<&str>) -> usize {
        key_line(self.text.get_or_init(|| self.page.read_front(self.root)), key, after)
    }
}

/// The file line of the first line of front matter `front` that sets `key` (`key =`
/// or `[key]`), searching from the line that contains `after`; 1 if none does.
fn key_line(front: &str, key: &str, after: Option<&str>) -> usize {
    let lines: Vec<&str> = front.lines().collect();
    let start = after.and_then(|a| lines.iter().position(|l| l.trim() == a)).unwrap_or(0);
    lines[start..]
        .iter()
        .position(|l| {
            let t = l.trim_start();
            t.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')) || t == format!("[{key}]")
        })
        .map_or(1, |i| start + i + 2)
}

fn list(items: &BTreeSet<String>) -> String {
    if items.is_empty() {
        "nothing".into()
    } else {
        items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
    }
}

/// A declared set in words, or "not declared".
fn shown(items: Option<&BTreeSet<String>>) -> String {
    items.map_or("not declared".to_string(), list)
}

/// "the translation lacks … and adds …" for a set in the source and in the translation.
fn lacks_and_adds(source: &BTreeSet<String>, translation: &BTreeSet<String>) -> String {
    let lacks: BTreeSet<String> = source.difference(translation).cloned().collect();
    let adds: BTreeSet<String> = translation.difference(source).cloned().collect();
    format!("the translation lacks {} and adds {}", list(&lacks), list(&adds))
}

fn facts(src: &Front, trf: &Front) -> Vec<Finding> {
    let (source, tr) = (src.page, trf.page);
    let (sf, tf) = (display(&source.file), display(&tr.file));
    let mut findings = Vec::new();
    let mut push = |key: &str, tr_line: usize, src_line: usize, what: String| {
        findings.push(
            Finding::error("translation-facts", &tr.file, tr_line, format!("`{key}` differs between the translation and `{sf}`:{src_line}: {what}"))
                .help(format!("the facts are the same in every language: copy `{key}` from `{sf}` to `{tf}`")),
        );
    };
    let (s, t) = (&source.front, &tr.front);

    if s.notice != t.notice {
        push("notice", trf.line("notice", None), src.line("notice", None), format!("{} in the translation, {} in the source", t.notice, s.notice));
    }
    let set = |v: &Option<Vec<String>>| v.as_ref().map(|v| v.iter().cloned().collect::<BTreeSet<String>>());
    let (sb, tb) = (set(&s.legal_basis), set(&t.legal_basis));
    if sb != tb {
        let what = match (&sb, &tb) {
            (Some(sb), Some(tb)) => lacks_and_adds(sb, tb),
            _ => format!("{} in the translation, {} in the source", shown(tb.as_ref()), shown(sb.as_ref())),
        };
        push("legal_basis", trf.line("legal_basis", None), src.line("legal_basis", None), what);
    }
    let sources = |v: &Option<Vec<DataSource>>| {
        v.as_ref().map(|v| {
            v.iter()
                .map(|d| match d {
                    DataSource::Subject => "subject".to_string(),
                    DataSource::Others => "others".to_string(),
                })
                .collect::<BTreeSet<String>>()
        })
    };
    let (ss, ts) = (sources(&s.sources), sources(&t.sources));
    if ss != ts {
        push(
            "sources",
            trf.line("sources", None),
            src.line("sources", None),
            format!("{} in the translation, {} in the source", shown(ts.as_ref()), shown(ss.as_ref())),
        );
    }
    if s.third_country_transfers != t.third_country_transfers {
        let show = |v: Option<bool>| v.map_or("not declared".to_string(), |v| v.to_string());
        push(
            "third_country_transfers",
            trf.line("third_country_transfers", None),
            src.line("third_country_transfers", None),
            format!("{} in the translation, {} in the source", show(t.third_country_transfers), show(s.third_country_transfers)),
        );
    }
    let (sw, tw): (BTreeSet<String>, BTreeSet<String>) = (s.waivers.keys().map(String::from).collect(), t.waivers.keys().map(String::from).collect());
    for key in sw.union(&tw) {
        let header = format!("waivers.{key}");
        let (tl, sl) = (|| trf.line(&header, None), || src.line(&header, None));
        match (s.waivers.get(key), t.waivers.get(key)) {
            (Some(_), None) => push("waivers", trf.line("waivers", None).max(1), sl(), format!("the translation has no waiver `{key}`")),
            (None, Some(_)) => push("waivers", tl(), sl(), format!("the translation waives `{key}`, the source does not")),
            (Some(a), Some(b)) if a.until != b.until => {
                let show = |d: &Option<toml::value::Datetime>| d.as_ref().map_or("no date".to_string(), |d| d.to_string());
                let line = trf.line("until", Some(&format!("[{header}]")));
                push(
                    "waivers",
                    if line > 1 { line } else { tl() },
                    sl(),
                    format!("waiver `{key}` runs until {} in the translation, {} in the source", show(&b.until), show(&a.until)),
                );
            }
            _ => {}
        }
    }
    match (&s.contact, &t.contact) {
        (Some(a), Some(b)) => {
            let fields: [(&str, &String, &String); 8] = [
                ("id", &a.id, &b.id),
                ("role", &a.role, &b.role),
                ("email", &a.email, &b.email),
                ("phone", &a.phone, &b.phone),
                ("street", &a.street, &b.street),
                ("postcode", &a.postcode, &b.postcode),
                ("city", &a.city, &b.city),
                ("cvr", &a.cvr, &b.cvr),
            ];
            for (name, sv, tv) in fields {
                if sv != tv {
                    let mut what = String::new();
                    let _ = write!(what, "\"{tv}\" in the translation, \"{sv}\" in the source");
                    push(&format!("contact.{name}"), trf.line(name, Some("[contact]")), src.line(name, Some("[contact]")), what);
                }
            }
            let units = |c: &crate::contacts::ContactRecord| c.units.iter().map(|u| format!("{} <{}>", u.id, u.email)).collect::<BTreeSet<String>>();
            let (su, tu) = (units(a), units(b));
            if su != tu {
                push("contact.units", trf.line("[contact.units]]", None), src.line("[contact.units]]", None), lacks_and_adds(&su, &tu));
            }
        }
        (Some(_), None) => push("contact", 1, src.line("contact", None), "the translation has no [contact] record".into()),
        (None, Some(_)) => push("contact", trf.line("contact", None), 1, "the source has no [contact] record".into()),
        (None, None) => {}
    }
    findings
}

fn staleness(src: &Front, trf: &Front) -> Vec<Finding> {
    let (source, tr) = (src.page, trf.page);
    let (sf, tf) = (display(&source.file), display(&tr.file));
    let Some(recorded) = &tr.front.translation_of else {
        return vec![Finding::warning("translation-unreviewed", &tr.file, 1, format!("`{tf}` does not record which version of `{sf}` it translates"))
            .help(format!("run `privacy-site translated {tf}` after checking the translation"))];
    };
    let Some(current) = &source.record else { return Vec::new() };
    let Some(changes) = translate::changes(recorded, current) else {
        return Vec::new();
    };
    let help = format!("update `{tf}`, then run `privacy-site translated {tf}`");
    let heading_line = |key: &str| source.key_line(key);
    let names: Vec<String> = changes
        .changed
        .iter()
        .chain(&changes.added)
        .map(|k| match heading_line(k) {
            Some(l) => format!("#{k} (`{sf}`:{l})"),
            None => format!("#{k}"),
        })
        .chain(changes.removed.iter().map(|k| format!("#{k} (removed)")))
        .collect();
    let what = if changes.is_empty() { "text outside keyed sections".to_string() } else { names.join(", ") };
    let message = format!("`{sf}` changed since `{tf}` was translated from it: {what}");
    let single = match (changes.changed.as_slice(), changes.added.as_slice(), changes.removed.as_slice()) {
        ([k], [], []) | ([], [k], []) => heading_line(k),
        _ => None,
    };
    let finding = match single {
        Some(line) => Finding::warning("translation-stale", &source.file, line, message),
        None => Finding::warning("translation-stale", &tr.file, trf.line("translation_of", None).max(1), message),
    };
    vec![finding.help(help)]
}
