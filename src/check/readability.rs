//! Readability of a notice, measured with LIX ([`crate::readability`]): a sentence of
//! more than `[readability] max_sentence_words` words (35) is a note at its line, and
//! a notice whose LIX is above `[readability] max_lix` (45) is a warning that names
//! its hardest sections.

use crate::finding::Finding;
use crate::load::page::{Body, Page};
use crate::readability::{self, Readability, Settings};

/// The readability findings of notice `page`, whose body is `body` and whose
/// readability was `measured` with `settings.max_sentence_words`.
pub fn check(settings: &Settings, page: &Page, body: &Body, measured: &Readability) -> Vec<Finding> {
    let mut findings: Vec<Finding> = measured
        .long
        .iter()
        .map(|s| {
            Finding::note(
                "sentence-long",
                &page.file,
                page.file_line(s.line),
                format!("a sentence of {} words (more than {}): \"{}\"", s.words, settings.max_sentence_words, excerpt(&s.text)),
            )
            .help("split it into two or more sentences, each with one point; a reader keeps about 15 to 20 words in mind at a time")
        })
        .collect();
    let lix = measured.whole.lix();
    if lix > settings.max_lix {
        let mut hardest: Vec<&(compact_str::CompactString, readability::Counts)> =
            measured.sections.iter().filter(|(k, c)| crate::requirements::find(k).is_some() && c.lix() > settings.max_lix).collect();
        hardest.sort_by(|a, b| b.1.lix().total_cmp(&a.1.lix()));
        let named: Vec<String> = hardest.iter().take(3).map(|(k, c)| format!("#{k} {}", c.display())).collect();
        let help = if named.is_empty() {
            "write shorter sentences and, where a plainer word says the same, shorter words".to_string()
        } else {
            format!("write shorter sentences and, where a plainer word says the same, shorter words; the hardest sections: {}", named.join(", "))
        };
        findings.push(
            Finding::warning(
                "lix-high",
                &page.file,
                body.front_line("notice"),
                format!(
                    "the notice's LIX is {} ({} words, {} sentences, {:.0} % long words), above the limit of {} ([readability] max_lix in config.toml)",
                    measured.whole.display(),
                    measured.whole.words,
                    measured.whole.sentences,
                    100.0 * measured.whole.long_words as f64 / measured.whole.words.max(1) as f64,
                    settings.max_lix
                ),
            )
            .help(help),
        );
    }
    findings
}

/// The first words of a sentence, for a message.
fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{} …", words[..12].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::path::Path;

    fn page(body: &str) -> (Page, Body) {
        let config = Config::parse(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml")).unwrap(), Path::new("config.toml")).unwrap();
        let source = format!("+++\ntitle = \"T\"\nnotice = true\n+++\n{body}");
        (Page::parse(Path::new("content/n.md"), Path::new("n.md"), &source, &config).0.unwrap(), Body::from_source(&source).unwrap())
    }

    /// The findings of notice `p` with `settings`, measured as the pipeline does.
    fn findings(settings: &Settings, (p, b): &(Page, Body)) -> Vec<Finding> {
        check(settings, p, b, &readability::measure(&b.text, &b.headings, settings.max_sentence_words))
    }

    #[test]
    fn a_long_sentence_is_a_note_at_its_file_line() {
        let long = vec!["ord"; 36].join(" ");
        let p = page(&format!("Kort.\n\n{long}.\n"));
        let f = findings(&Settings::default(), &p);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].rule, f[0].severity, f[0].line), ("sentence-long", crate::Severity::Note, 7));
        assert!(f[0].message.contains("36 words"), "{}", f[0].message);
    }

    #[test]
    fn a_hard_notice_is_a_warning_that_names_its_hardest_section() {
        let p = page(
            "## Opbevaring {#retention}\n\nPersonoplysningerne opbevares efter arkivlovgivningens bestemmelser.\n\n## Klage {#complaint}\n\nDu kan klage.\n",
        );
        let f = findings(&Settings::default(), &p);
        let lix = f.iter().find(|f| f.rule == "lix-high").expect("a warning");
        assert_eq!(lix.severity, crate::Severity::Warning);
        assert!(lix.help.contains("#retention"), "{}", lix.help);
        assert!(!lix.help.contains("#complaint"), "{}", lix.help);
        let lenient = Settings { max_lix: 200.0, ..Settings::default() };
        assert!(findings(&lenient, &p).is_empty());
    }
}
