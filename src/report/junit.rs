//! `--format junit`: one test suite per page, one test case per requirement (for
//! notices) and per rule that fired, so GitLab and Jenkins show pass/fail per item.
//! The document is always well-formed XML 1.0, whatever characters the content holds.

use crate::finding::{Finding, Severity, Summary};
use crate::site::Site;
use std::collections::BTreeMap;

use crate::controls::{xml_attr as xml, xml_text};

pub(super) fn render(findings: &[Finding], summary: Summary, site: Option<&Site>) -> String {
    // page -> case name -> failures
    let mut suites: BTreeMap<String, BTreeMap<String, Vec<&Finding>>> = BTreeMap::new();
    if let Some(site) = site {
        for page in site.notices() {
            let cases = suites.entry(page.file.to_string_lossy().into_owned()).or_default();
            for req in crate::requirements::REQUIREMENTS {
                cases.entry(req.key.to_string()).or_default();
            }
        }
    }
    for f in findings {
        let case = if f.key.is_empty() { f.rule.to_string() } else { f.key.to_string() };
        suites.entry(f.file.to_string_lossy().into_owned()).or_default().entry(case).or_default().push(f);
    }
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"privacy-site check\" tests=\"{}\" failures=\"{}\">\n",
        suites.values().map(BTreeMap::len).sum::<usize>(),
        summary.errors
    );
    for (file, cases) in &suites {
        let failures = cases.values().filter(|fs| fs.iter().any(|f| f.severity == Severity::Error)).count();
        out.push_str(&format!("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">\n", xml(file), cases.len()));
        for (case, fs) in cases {
            out.push_str(&format!("    <testcase classname=\"{}\" name=\"{}\"", xml(file), xml(case)));
            if fs.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            for f in fs {
                let text = format!("{}:{}: {}\nhelp: {}", f.file.display(), f.line, f.text(), f.help);
                match f.severity {
                    Severity::Error => {
                        out.push_str(&format!("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", xml(f.rule), xml(&f.text()), xml_text(&text)))
                    }
                    _ => out.push_str(&format!("      <system-out>{}: {}</system-out>\n", f.severity.as_str(), xml_text(&text))),
                }
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
