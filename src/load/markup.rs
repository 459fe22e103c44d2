//! Scans a page body for the structure the checker and renderer need: headings with
//! their `{#key}` attributes, and `{{ shortcode(...) }}` lines. The scan also
//! prepares the body for comrak: attribute blocks are blanked and each shortcode
//! line becomes a placeholder token, without changing any line number.

use regex::Regex;
use std::sync::LazyLock;

/// A Markdown heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading text without its attribute block.
    pub text: String,
    /// Ids from `{#a #b}`: the first is the anchor, all are section keys.
    pub ids: Vec<String>,
    /// 1-based line within the body.
    pub line: usize,
}

/// A shortcode call on a line of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    /// The shortcode's name, e.g. `contact`.
    pub name: String,
    /// Its arguments, in order.
    pub args: Vec<(String, String)>,
    /// 1-based line within the body.
    pub line: usize,
}

impl Shortcode {
    /// The value of argument `name`.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A problem found while scanning, at a body line.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanError {
    /// 1-based body line.
    pub line: usize,
    /// What is wrong and what to write instead.
    pub message: String,
}

/// The result of scanning a body.
#[derive(Debug, Clone, Default)]
pub struct Markup {
    /// Headings in document order.
    pub headings: Vec<Heading>,
    /// Shortcodes in document order; placeholder `n` is `shortcodes[n]`.
    pub shortcodes: Vec<Shortcode>,
    /// The body as comrak should see it.
    pub prepared: String,
    /// Malformed attribute blocks or shortcode calls.
    pub errors: Vec<ScanError>,
}

/// Marks the start and end of a shortcode placeholder in prepared text (Unicode
/// private-use characters, which content never contains by accident).
pub const TOKEN_OPEN: char = '\u{E000}';
/// See [`TOKEN_OPEN`].
pub const TOKEN_CLOSE: char = '\u{E001}';

static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*\}\}\s*$").unwrap());
static ARG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"([^"]*)"\s*(?:,|$)"#).unwrap());
static ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9_-]*$").unwrap());

/// How many unclosed code fences [`scan`] reads past before it gives up (each
/// costs a scan of the rest of the body).
const MAX_UNCLOSED_FENCES: usize = 64;

/// Scans `body` (see the module docs). A code fence that is never closed is one
/// error at its line, and the fence line is then read as text (and escaped for
/// comrak), so the headings and shortcodes after it are still found instead of
/// every section going missing.
pub fn scan(body: &str) -> Markup {
    // CommonMark (and so comrak) ends a line at a lone carriage return too; the
    // scan and every line number of the site count line feeds only. So that both
    // see the same lines, a lone carriage return becomes a space.
    let body = without_lone_cr(body);
    let body = body.as_ref();
    let mut not_fences = Vec::new();
    loop {
        let (mut markup, unclosed) = scan_with(body, &not_fences);
        match unclosed {
            Some(line) if not_fences.len() < MAX_UNCLOSED_FENCES => not_fences.push(line),
            _ => {
                for &line in &not_fences {
                    markup.errors.push(ScanError {
                        line,
                        message: "code fence opened here is never closed: add a line with the same ``` (or ~~~) after the code, or remove this one".into(),
                    });
                }
                markup.errors.sort_by_key(|e| e.line);
                return markup;
            }
        }
    }
}

/// One scan of `body`, reading the lines in `not_fences` as text; also returns the
/// line of a code fence left open at the end.
fn scan_with(body: &str, not_fences: &[usize]) -> (Markup, Option<usize>) {
    let mut markup = Markup { prepared: String::with_capacity(body.len()), ..Markup::default() };
    let mut fence: Option<(String, usize)> = None;
    for (i, raw) in body.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches(['\n', '\r']);
        let newline = &raw[line.len()..];
        let trimmed = line.trim_start();
        if let Some((open, _)) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            markup.prepared.push_str(raw);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if not_fences.contains(&line_no) {
                markup.prepared.push_str(&line[..line.len() - trimmed.len()]);
                markup.prepared.push('\\');
                markup.prepared.push_str(&raw[line.len() - trimmed.len()..]);
            } else {
                fence = Some((trimmed[..3].to_string(), line_no));
                markup.prepared.push_str(raw);
            }
            continue;
        }
        // The regexes run only on lines that can match: most lines are prose.
        if let Some((hashes, content)) = trimmed.starts_with('#').then(|| atx_heading(line)).flatten() {
            let level = hashes.len() as u8;
            let (text, ids) = match heading_attributes(content) {
                Some((text, attrs)) => (text, parse_ids(attrs, line_no, &mut markup.errors)),
                None => (content, Vec::new()),
            };
            let text = text.trim_end_matches('#').trim();
            markup.headings.push(Heading { level, text: text.to_string(), ids, line: line_no });
            markup.prepared.push_str(hashes);
            markup.prepared.push(' ');
            markup.prepared.push_str(text);
            markup.prepared.push_str(newline);
            continue;
        }
        if let Some(caps) = trimmed.starts_with("{{").then(|| SHORTCODE.captures(line)).flatten() {
            match parse_args(&caps[2]) {
                Some(args) => {
                    let n = markup.shortcodes.len();
                    markup.shortcodes.push(Shortcode { name: caps[1].to_string(), args, line: line_no });
                    markup.prepared.push_str(&format!("{TOKEN_OPEN}{n}{TOKEN_CLOSE}"));
                }
                None => markup.errors.push(ScanError {
                    line: line_no,
                    message: format!("cannot read the arguments of shortcode `{}`: write them as name=\"value\", separated by commas", &caps[1]),
                }),
            }
            markup.prepared.push_str(newline);
            continue;
        }
        if trimmed.starts_with("{{") {
            // It opens a shortcode but is not one: unclosed, or without its (...).
            markup
                .errors
                .push(ScanError { line: line_no, message: "cannot read this shortcode: write it as {{ contact(id=\"dpo\") }}, closed with }}".into() });
        } else if line.contains("{{") && line.contains("}}") {
            markup.errors.push(ScanError { line: line_no, message: "a shortcode must stand on a line of its own, e.g. {{ contact(id=\"dpo\") }}".into() });
        }
        if line.contains([TOKEN_OPEN, TOKEN_CLOSE]) {
            markup.prepared.push_str(&line.replace([TOKEN_OPEN, TOKEN_CLOSE], ""));
        } else {
            markup.prepared.push_str(line);
        }
        markup.prepared.push_str(newline);
    }
    (markup, fence.map(|(_, line)| line))
}

/// An ATX heading line (CommonMark: up to three spaces, one to six `#`, then white
/// space or the end of the line): its `#`s and its content without the white space
/// around it.
fn atx_heading(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return None;
    }
    let after = rest.trim_start_matches('#');
    let hashes = &rest[..rest.len() - after.len()];
    if hashes.is_empty() || hashes.len() > 6 || !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    Some((hashes, after.trim_matches([' ', '\t'])))
}

/// A heading's trailing attribute block (`Title {#key .class}`): the text before it
/// (white space before the `{` excluded) and what is between the braces.
fn heading_attributes(content: &str) -> Option<(&str, &str)> {
    let inner = content.trim_end_matches([' ', '\t']).strip_suffix('}')?;
    let open = inner.rfind(['{', '}']).filter(|i| inner.as_bytes()[*i] == b'{')?;
    Some((content[..open].trim_end_matches([' ', '\t']), &inner[open + 1..]))
}

/// `body` with each carriage return that does not start a CRLF replaced by a space.
fn without_lone_cr(body: &str) -> std::borrow::Cow<'_, str> {
    let lone = |(i, b): (usize, &u8)| *b == b'\r' && body.as_bytes().get(i + 1) != Some(&b'\n');
    if !body.as_bytes().iter().enumerate().any(lone) {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') { ' ' } else { c });
    }
    std::borrow::Cow::Owned(out)
}

fn parse_ids(attrs: &str, line: usize, errors: &mut Vec<ScanError>) -> Vec<String> {
    let mut ids = Vec::new();
    for token in attrs.split_whitespace() {
        match token.strip_prefix('#') {
            Some(id) if ID.is_match(id) => ids.push(id.to_string()),
            _ if token.starts_with('.') => {}
            _ => errors
                .push(ScanError { line, message: format!("`{token}` in a heading's {{...}} is not understood: write `{{#key}}` or `{{#key #second-key}}`") }),
        }
    }
    ids
}

fn parse_args(mut text: &str) -> Option<Vec<(String, String)>> {
    let mut args = Vec::new();
    while !text.trim().is_empty() {
        let caps = ARG.captures(text)?;
        args.push((caps[1].to_string(), caps[2].to_string()));
        text = &text[caps.get(0).unwrap().end()..];
    }
    Some(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_keys_are_read_and_blanked() {
        let m = scan("## Formål og retsgrundlag {#purposes #legal-basis}\ntekst\n");
        assert_eq!(m.headings[0].ids, ["purposes", "legal-basis"]);
        assert_eq!(m.headings[0].text, "Formål og retsgrundlag");
        assert_eq!(m.prepared, "## Formål og retsgrundlag\ntekst\n");
    }

    #[test]
    fn shortcodes_become_tokens_on_the_same_line() {
        let m = scan("a\n\n{{ contact(id=\"dpo\", unit=\"x\") }}\n\nb\n");
        assert_eq!(m.shortcodes[0].line, 3);
        assert_eq!(m.shortcodes[0].arg("unit"), Some("x"));
        assert_eq!(m.prepared.lines().nth(2).unwrap(), "\u{E000}0\u{E001}");
    }

    #[test]
    fn code_fences_are_left_alone() {
        let m = scan("```\n# not a heading {#x}\n{{ contact(id=\"dpo\") }}\n```\n");
        assert!(m.headings.is_empty() && m.shortcodes.is_empty());
    }

    #[test]
    fn an_unclosed_fence_is_one_error_and_the_rest_is_still_read() {
        let m = scan("## Formål {#purposes}\n\n```\nkode\n\n## Klage {#complaint}\n\n{{ contact(id=\"datatilsynet\") }}\n");
        assert_eq!(m.errors.len(), 1, "{:?}", m.errors);
        assert_eq!(m.errors[0].line, 3);
        assert!(m.errors[0].message.contains("code fence opened here is never closed"), "{}", m.errors[0].message);
        let keys: Vec<_> = m.headings.iter().flat_map(|h| h.ids.clone()).collect();
        assert_eq!(keys, ["purposes", "complaint"]);
        assert_eq!(m.shortcodes.len(), 1);
        assert_eq!(m.prepared.lines().nth(2), Some("\\```"), "the fence is text for comrak too");
        assert_eq!(m.prepared.lines().count(), 8, "line numbers unchanged");
    }

    #[test]
    fn closed_fences_and_many_unclosed_ones_stay_bounded() {
        assert!(scan("```\na\n```\n~~~\nb\n~~~\n").errors.is_empty());
        let many = "```x\n~~~\n".repeat(500);
        let m = scan(&many);
        assert!(!m.errors.is_empty() && m.errors.len() <= MAX_UNCLOSED_FENCES, "{}", m.errors.len());
    }

    #[test]
    fn a_lone_carriage_return_does_not_start_a_line() {
        // Found by the markdown fuzz target: comrak counted the lone CR as a line
        // ending, so link and heading lines disagreed with the scan's.
        let m = scan("a\rb [x](/y/)\r\n## H {#k}\r");
        assert_eq!(m.prepared, "a b [x](/y/)\r\n## H");
        let content = crate::render::markdown::render(&m.prepared, &m.headings, "l", |_| String::new());
        assert_eq!(content.links, [("/y/".to_string(), 1)]);
        assert_eq!(m.headings[0].line, 2);
    }

    #[test]
    fn malformed_calls_are_reported_with_their_line() {
        let m = scan("x\n{{ contact(id=dpo) }}\ntext {{ contact(id=\"dpo\") }} more\n## H {#ok bad}\n{{ contact(id=\"dpo\")\n{{ contact }}\n");
        let lines: Vec<_> = m.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6]);
        assert!(m.errors[3].message.starts_with("cannot read this shortcode"), "{:?}", m.errors[3]);
    }
}

#[cfg(test)]
mod heading_parser_tests {
    use super::*;

    /// The regular expressions the hand-written readers replaced (they cost a
    /// backtracking search per heading): both must read every line alike.
    #[test]
    fn headings_are_read_as_the_regular_expressions_read_them() {
        let atx = Regex::new(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$").unwrap();
        let attrs = Regex::new(r"[ \t]*\{([^{}]*)\}[ \t]*$").unwrap();
        let pieces = ["#", "##", "#######", " ", "  ", "    ", "\t", "Titel", "{#key}", "{#a #b .c}", "{", "}", "{x}y", " # ", "æ", "{#k} ", "}{"];
        let mut lines = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    lines.push(format!("{a}{b}{c}"));
                    lines.push(format!("{a}{b} {c}"));
                }
            }
        }
        for line in &lines {
            let expected = atx.captures(line).map(|c| (c.get(1).unwrap().as_str(), c.get(2).map_or("", |m| m.as_str())));
            assert_eq!(atx_heading(line), expected, "ATX heading {line:?}");
            let expected = attrs.captures(line).map(|c| (&line[..c.get(0).unwrap().start()], c.get(1).unwrap().as_str()));
            assert_eq!(heading_attributes(line), expected, "attributes of {line:?}");
        }
    }
}
