//! One language per run (`--lang da|en`): the findings' messages and help lines
//! and the summary lines, in the language the reader asked for.
//!
//! The rules write their findings in English, quoting the requirement table's and
//! the evidence's texts in the page's language. At report time [`localise_all`] makes a
//! finding speak the run's language: every text of the requirement table and the
//! evidence (titles, help lines, what a section lacks) is swapped for its version
//! in that language, and for Danish the English sentences of the rules are
//! translated by the catalogue below ([`CATALOGUE`], one entry per sentence form).
//! What an editor wrote (a waiver's reason, a heading, a quoted sentence) is left
//! as written. A sentence form missing from the catalogue stays English; the test
//! `tests/lang.rs` lists every rule the checker emits on the fixtures and fails on
//! a help line in the wrong language.

use crate::finding::{Finding, Summary, Text};
use regex::Regex;
use std::sync::LazyLock;

/// The languages the tool itself speaks.
pub const LANGS: &[&str] = &["da", "en"];

/// The command line's `--lang`, set once at start ([`set_flag`]).
static FLAG: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// Records the command line's `--lang` for the whole run (the first call wins).
pub fn set_flag(lang: Option<String>) {
    let _ = FLAG.set(lang);
}

/// The language of this run for a site whose default language is `site_default`:
/// the command line's `--lang` if given, else the site's default.
pub fn for_run(site_default: Option<&str>) -> &'static str {
    run_lang(FLAG.get().and_then(|l| l.as_deref()), site_default)
}

/// The run's language: `--lang` if given, else the site's default language if the
/// tool speaks it, else Danish.
pub fn run_lang(flag: Option<&str>, site_default: Option<&str>) -> &'static str {
    let pick = |l: &str| LANGS.iter().copied().find(|x| *x == l);
    flag.and_then(pick).or_else(|| site_default.and_then(pick)).unwrap_or("da")
}

/// Danish for English sentence forms of the rules: (rule or `*` for any, regex
/// over the English text, Danish replacement with `$1`… for the captures).
pub static CATALOGUE: &[(&str, &str, &str)] = &[
    // Art. 13/14 (check/notice.rs)
    ("*", r"no section is marked \{#([a-z-]+)\}", "intet afsnit er mærket {#$1}"),
    ("*", r"the notice does not declare `([a-z_]+)`, so this section is required", "siden erklærer ikke `$1`, så afsnittet er påkrævet"),
    ("*", r"^the notice does not declare `legal_basis`$", "siden erklærer ikke `legal_basis`"),
    ("*", r#"the section "(.*)" gives no contact details of the (.+)$"#, "afsnittet \"$1\" giver ingen kontaktoplysninger på $2"),
    ("art13-contact-missing", r"kontaktoplysninger på dpo$", "kontaktoplysninger på databeskyttelsesrådgiveren"),
    ("art13-contact-missing", r"kontaktoplysninger på controller$", "kontaktoplysninger på den dataansvarlige"),
    ("art13-contact-missing", r"kontaktoplysninger på datatilsynet$", "kontaktoplysninger på Datatilsynet"),
    ("*", r"the section does not mention: (.*)$", "afsnittet nævner ikke: $1"),
    ("art13-incomplete", r"\baccess\b", "indsigt"),
    ("art13-incomplete", r"\brectification\b", "berigtigelse"),
    ("art13-incomplete", r"\berasure\b", "sletning"),
    ("art13-incomplete", r"\brestriction\b", "begrænsning"),
    ("art13-incomplete", r"\bobjection\b", "indsigelse"),
    ("art13-incomplete", r"\bportability\b", "dataportabilitet"),
    ("art13-incomplete", r"\bat any time\b", "til enhver tid"),
    ("art13-incomplete", r"(: |, )how\b", "${1}hvordan"),
    ("art13-incomplete", r"\blawful before withdrawal\b", "lovlig behandling før tilbagetrækningen"),
    ("*", r#"the section "(.*)" is empty$"#, "afsnittet \"$1\" er tomt"),
    ("*", r"the section does not name (.*)$", "afsnittet nævner ikke $1"),
    ("*", r"^`([a-z-]+)` \((.*?)\) is waived until ([0-9-]+): ", "`$1` ($2) er undtaget indtil $3: "),
    ("*", r"^the waiver for `([a-z-]+)` ", "undtagelsen for `$1` "),
    (
        "*",
        r"line (\d+) reads like \x22(.*?)\x22: add \{#([a-z-]+)\} to the heading on line (\d+); or write the section: ",
        "linje $1 lyder som \"$2\": tilføj {#$3} til overskriften i linje $4; eller skriv afsnittet: ",
    ),
    ("*", r", or write it in this section: ", ", eller skriv det i dette afsnit: "),
    (
        "*",
        r"^declare third_country_transfers = true or false in the front matter, as the page's text says$",
        "angiv third_country_transfers = true eller false i front matter, som sidens tekst siger",
    ),
    (
        "*",
        r#"^declare sources = \["subject"\], \["others"\] or both in the front matter$"#,
        "angiv sources = [\"subject\"], [\"others\"] eller begge i front matter",
    ),
    ("*", r#"^declare legal_basis = \["6.1.e", …\] in the front matter$"#, "angiv legal_basis = [\"6.1.e\", …] i front matter"),
    (
        "*",
        r"^give the waiver a reason and a future `until` date, or write the section$",
        "giv undtagelsen en begrundelse og en fremtidig `until`-dato, eller skriv afsnittet",
    ),
    // Contacts (check/contacts.rs)
    ("contact-hand-typed", r"^(.*) of (.*) is typed by hand$", "$1 for $2 er skrevet i hånden"),
    ("contact-hand-typed", r"^the e-mail address ", "e-mailadressen "),
    ("contact-hand-typed", r"^the phone number ", "telefonnummeret "),
    ("contact-hand-typed", r"^the secure-message address ", "adressen til sikker besked "),
    ("contact-hand-typed", r"^the address ", "adressen "),
    ("*", r"^replace the hand-typed details with (.*)$", "erstat de håndskrevne oplysninger med $1"),
    ("contact-drift", r"^the e-mail address (\S+) differs from (.*)'s record \((.*)\)$", "e-mailadressen $1 afviger fra kontaktkortet for $2 ($3)"),
    ("contact-drift", r#"^the (\w+) "(.*)" differs from (.*)'s record \((.*)\)$"#, "feltet $1 \"$2\" afviger fra kontaktkortet for $3 ($4)"),
    (
        "*",
        r"^use (\{\{ contact\(id=\x22[a-z-]+\x22\) \}\}); if (\S+) is a department's address, add it as a unit in the contact record$",
        "brug $1; er $2 en afdelings adresse, så tilføj den som en enhed i kontaktkortet",
    ),
    ("*", r"^use (\{\{ contact\(id=\x22[a-z-]+\x22\) \}\}); the record notes: ", "brug $1; kontaktkortet noterer: "),
    ("contact-to-confirm", r"^([a-z-]+): (\w+) of (.*) is to be confirmed \(also seen: (.*?)\): ", "$1: $2 for $3 afventer bekræftelse (også set: $4): "),
    (
        "*",
        r"^when the municipality confirms, correct the record and remove the \[\[contact.to_confirm\]\] entry$",
        "når kommunen bekræfter, så ret kontaktkortet og fjern [[contact.to_confirm]]-posten",
    ),
    // Consistency of the declared bases with the text (check/consistency.rs)
    ("*", r#"line (\d+) shows (.*) \("(.*)"\), but legal_basis declares no (.*)$"#, "linje $1 viser $2 (\"$3\"), men legal_basis angiver ikke $4"),
    // Readability (check/readability.rs)
    ("sentence-long", r"^a sentence of (\d+) words \(more than (\d+)\): ", "en sætning på $1 ord (mere end $2): "),
    (
        "*",
        r"^split it into two or more sentences, each with one point; a reader keeps about 15 to 20 words in mind at a time$",
        "del den i to eller flere sætninger med én pointe hver; en læser husker omkring 15 til 20 ord ad gangen",
    ),
    (
        "lix-high",
        r"^the notice's LIX is ([\d.]+) \((\d+) words, (\d+) sentences, (\d+) % long words\), above the limit of ([\d.]+) \(\[readability\] max_lix in config.toml\)$",
        "sidens LIX er $1 ($2 ord, $3 sætninger, $4 % lange ord), over grænsen på $5 ([readability] max_lix i config.toml)",
    ),
    (
        "*",
        r"^write shorter sentences and, where a plainer word says the same, shorter words; the hardest sections: ",
        "skriv kortere sætninger og, hvor et enklere ord siger det samme, kortere ord; de sværeste afsnit: ",
    ),
    // Lints (check/lints.rs)
    ("heading-numbering-gap", r"^section number (\d+) follows (\d+)$", "afsnit nummer $1 følger efter $2"),
    (
        "*",
        r"^renumber the level-(\d) headings, or drop the numbers: the page has a table of contents$",
        "nummerér overskrifterne på niveau $1 igen, eller fjern numrene: siden har en indholdsfortegnelse",
    ),
    // Translations (check/translations.rs)
    (
        "*",
        r"^create (`[^`]+`) with the same section keys \(\{#…\}\) and front-matter facts, then run (`privacy-site translated [^`]+`)$",
        "opret $1 med de samme afsnitsnøgler ({#…}) og front matter-fakta, og kør derefter $2",
    ),
    ("*", r"^create (`[^`]+`), or rename (`[^`]+`) after the page it translates$", "opret $1, eller omdøb $2 efter den side, den oversætter"),
    (
        "*",
        r"^give (`[^`]+`) the same headings with the same \{#…\} keys, in the same order, as (`[^`]+`)$",
        "giv $1 de samme overskrifter med de samme {#…}-nøgler i samme rækkefølge som $2",
    ),
    (
        "*",
        r"^the facts are the same in every language: copy (`[^`]+`) from (`[^`]+`) to (`[^`]+`)$",
        "fakta er de samme på alle sprog: kopiér $1 fra $2 til $3",
    ),
    ("*", r"^run (`privacy-site translated [^`]+`) after checking the translation$", "kør $1, når oversættelsen er gennemset"),
    ("*", r"^update (`[^`]+`), then run (`privacy-site translated [^`]+`)$", "opdatér $1, og kør derefter $2"),
    ("translation-missing", r"^(`[^`]+`) has no (.+) translation: (`[^`]+`) does not exist$", "$1 har ingen oversættelse ($2): $3 findes ikke"),
    ("translation-stale", r"^(`[^`]+`) changed since (`[^`]+`) was translated from it: ", "$1 er ændret, siden $2 blev oversat fra den: "),
    (
        "translation-unreviewed",
        r"^(`[^`]+`) does not record which version of (`[^`]+`) it translates$",
        "$1 oplyser ikke, hvilken version af $2 den oversætter",
    ),
    // Links (url_policy.rs, check/output.rs)
    ("*", r"^the link (.*) on (\S+) is not encrypted \(http://\)$", "linket $1 på $2 er ikke krypteret (http://)"),
    ("*", r"^the link `(.*)` on (\S+) leads to a page that does not exist$", "linket `$1` på $2 fører til en side, der ikke findes"),
    ("*", r"^the link `(.*)` on (\S+) climbs above the site's root$", "linket `$1` på $2 går op over sidens rod"),
    ("*", r"^the link `(.*)` on (\S+) points to #(.*), which (\S+) does not have$", "linket `$1` på $2 peger på #$3, som $4 ikke har"),
    (
        "*",
        r"^write the address with https:// \(a bare www\. address becomes an http:// link\): over http the resident's visit can be read and altered on the way$",
        "skriv adressen med https:// (en bar www.-adresse bliver et http://-link): over http kan borgerens besøg læses og ændres undervejs",
    ),
    ("*", r"^correct the link, or create the page it points to$", "ret linket, eller opret den side, det peger på"),
    // The URL policy (url_policy.rs): the subject, then the reason.
    ("*", r"^the link (.*?) on (/\S*) (runs script|opens a data|points to a file|uses the scheme|leads to another site|is not a valid URL)", "linket $1 på $2 $3"),
    ("*", r"^the link (.*?) (runs script|opens a data|points to a file|uses the scheme|leads to another site|is not a valid URL)", "linket $1 $2"),
    ("*", r"^the link (.*) is left out$", "linket $1 er udeladt"),
    ("*", r"runs script when clicked \((\w+):\)$", "kører et script, når man klikker på det ($1:)"),
    ("*", r"opens a data: URL, which can hold a whole page or a script$", "åbner en data:-adresse, som kan rumme en hel side eller et script"),
    ("*", r"points to a file on the reader's own computer \(file:\)$", "peger på en fil på læserens egen computer (file:)"),
    ("*", r"uses the scheme (\S+), which the site does not link with$", "bruger skemaet $1, som siden ikke linker med"),
    ("*", r"leads to another site without saying https:// \(it starts with //\)$", "fører til et andet websted uden at skrive https:// (den begynder med //)"),
    ("*", r"is not a valid URL \((.*)\)$", "er ikke en gyldig adresse ($1)"),
    (
        "*",
        r"^write an https:// address, a mailto: or tel: link, or a path on this site \(/…\); the site never writes any other kind of link$",
        "skriv en https://-adresse, et mailto:- eller tel:-link eller en sti på dette websted (/…); siden skriver aldrig andre slags links",
    ),
    // Change history (changes.rs).
    ("change-summary-empty", r"^the change of (\S+) has no summary$", "ændringen af $1 har ingen opsummering"),
    ("change-summary-empty", r"^say in one line, in the page's language, what changed for the reader$", "skriv på én linje, på sidens sprog, hvad der er ændret for læseren"),
    (
        "change-hash-missing",
        r"^the latest change \((\S+)\) records no hash of the body, so a later edit without a new entry goes unnoticed$",
        "den seneste ændring ($1) har ingen hash af brødteksten, så en senere redigering uden en ny indførsel bliver ikke opdaget",
    ),
    ("change-hash-missing", r"^if the body is as that change left it, add (hash = \S+) to that entry$", "hvis brødteksten er, som den ændring efterlod den, så tilføj $1 til den indførsel"),
    ("change-unrecorded", r"^the body has changed since the latest recorded change \((\S+): (.*)\)$", "brødteksten er ændret siden den seneste registrerede ændring ($1: $2)"),
    (
        "change-unrecorded",
        r"^readers follow changes on the page and in its Atom feed: add an entry after the others, with a summary of what changed for the reader:",
        "læserne følger ændringerne på siden og i dens Atom-feed: tilføj en indførsel efter de andre med en opsummering af, hvad der er ændret for læseren:",
    ),
    // Placeholders (check/placeholders.rs).
    ("placeholder", r"^the (\S+) is placeholder text still to be written$", "$1 er pladsholdertekst, der endnu skal skrives"),
    ("placeholder", r"^placeholder text still to be written$", "pladsholdertekst, der endnu skal skrives"),
    ("placeholder", r"^write the (\S+): (.*)$", "skriv $1: $2"),
    ("placeholder", r"^replace the (\S+) line with the text it asks for: (.*)$", "erstat $1-linjen med den tekst, den beder om: $2"),
    // Resources from other origins and the page's HTML (check/output.rs).
    ("third-party-resource", r"^(\S+) loads (\S+) from another origin: (\S+)$", "$1 henter $2 fra et andet domæne: $3"),
    ("third-party-resource", r"^the stylesheet loads (\S+) from another origin$", "stylesheetet henter $1 fra et andet domæne"),
    (
        "third-party-resource",
        r"^serve the file from this site: a privacy page must not hand its visitors' addresses to third parties$",
        "læg filen på dette websted: en side om privatliv må ikke give sine besøgendes adresser til tredjeparter",
    ),
    (
        "third-party-resource",
        r"^put the font or image in static/ and load it from this site: a privacy page must not hand its visitors' addresses to third parties$",
        "læg skrifttypen eller billedet i static/, og hent det fra dette websted: en side om privatliv må ikke give sine besøgendes adresser til tredjeparter",
    ),
    ("html-title-missing", r"^(\S+) has no <title>$", "$1 har ingen <title>"),
    ("html-title-missing", r"^give the page a title in front matter and keep <title> in the base template$", "giv siden en titel i front matter, og behold <title> i grundskabelonen"),
    ("html-lang-missing", r"^(\S+) has no <html lang>$", "$1 har ingen <html lang>"),
    ("html-lang-missing", r#"^set <html lang="\{\{ lang \}\}"> in the base template$"#, "sæt <html lang=\"{{ lang }}\"> i grundskabelonen"),
    ("html-h1-count", r"^(\S+) has (\d+) <h1> elements, not one$", "$1 har $2 <h1>-elementer, ikke ét"),
    ("html-h1-count", r"^the page title is the only <h1>: start content headings at ##$", "sidens titel er den eneste <h1>: begynd indholdets overskrifter med ##"),
    ("html-heading-skip", r"^(\S+) skips from (<h\d>) to (<h\d>)$", "$1 springer fra $2 til $3"),
    ("html-heading-skip", r"^use the next heading level down \(## after the title, ### under ##\)$", "brug det næste overskriftsniveau (## efter titlen, ### under ##)"),
    ("html-duplicate-id", r"^(\S+) has the id (`.*`) more than once$", "$1 har id'et $2 mere end én gang"),
    ("html-duplicate-id", r"^give each heading a different \{#key\}$", "giv hver overskrift sin egen {#nøgle}"),
    ("html-img-alt", r"^(\S+) has (\d+) image\(s\) without alt text$", "$1 har $2 billede(r) uden alternativ tekst"),
    ("html-img-alt", r"^describe each image: !\[what it shows\]\(file\.png\)$", "beskriv hvert billede: ![hvad det viser](fil.png)"),
    // E-mail and phone links (check/output.rs).
    ("mailto-invalid", r"^malformed e-mail link (`.*`) on (\S+)$", "e-maillinket $1 på $2 er ikke gyldigt"),
    ("mailto-invalid", r"^write mailto:name@example\.dk$", "skriv mailto:navn@eksempel.dk"),
    ("tel-invalid", r"^malformed phone link (`.*`) on (\S+)$", "telefonlinket $1 på $2 er ikke gyldigt"),
    ("tel-invalid", r"^write tel:\+4546464646 \(digits only, country code first\)$", "skriv tel:+4546464646 (kun cifre, landekoden først)"),
    // Raw HTML in Markdown (render/markdown.rs).
    ("raw-html-dropped", r"^the HTML (`.*`) is not shown on the page: HTML written in Markdown is left out$", "HTML'en $1 vises ikke på siden: HTML skrevet i Markdown udelades"),
    (
        "raw-html-dropped",
        r#"^write it in Markdown \(\*\*bold\*\*, \[text\]\(https://…\), lists, tables\); a contact block is (\{\{ contact\(id="…"\) \}\}); what Markdown cannot say belongs in a template$"#,
        "skriv det i Markdown (**fed**, [tekst](https://…), lister, tabeller); en kontaktblok er $1; det, Markdown ikke kan udtrykke, hører hjemme i en skabelon",
    ),
    ("*", r"^use fewer `\.\./`, or a link from the site's root such as /vores-dialog/$", "brug færre `../`, eller et link fra sidens rod som /vores-dialog/"),
    ("*", r"^link to a heading's \{#key\}, or add the id to the target page$", "link til en overskrifts {#nøgle}, eller tilføj id'et på målsiden"),
    (
        "*",
        r"^a link from the site's root leaves out the base URL's path \((\S+)\), which the build adds: write (\S+)$",
        "et link fra sidens rod udelader basisadressens sti ($1), som build tilføjer: skriv $2",
    ),
];

/// The catalogue, compiled.
static COMPILED: LazyLock<Vec<(&'static str, Regex, &'static str)>> =
    LazyLock::new(|| CATALOGUE.iter().map(|(rule, en, da)| (*rule, Regex::new(en).expect("catalogue regex"), *da)).collect());

/// Every text of the requirement table and the evidence, as (Danish, English).
static PAIRS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let mut pairs = Vec::new();
    for r in crate::requirements::REQUIREMENTS {
        pairs.push((r.title.da, r.title.en));
        pairs.push((r.help.da, r.help.en));
    }
    for i in crate::evidence::data::ITEMS {
        pairs.push((i.without.da, i.without.en));
    }
    for c in crate::evidence::data::CONSISTENCY {
        pairs.push((c.what.da, c.what.en));
        pairs.push((c.help.da, c.help.en));
    }
    pairs.retain(|(da, en)| !da.is_empty() && !en.is_empty() && da != en);
    // Longest first, so that a text is never replaced by a shorter one inside it.
    pairs.sort_by_key(|(da, en)| std::cmp::Reverse(da.len().max(en.len())));
    pairs.dedup();
    pairs
});

/// Finds, in one pass, whether a text holds any table text of the other language:
/// index 0 looks for the English texts (for a Danish run), 1 for the Danish ones.
static PAIRS_IN: LazyLock<[aho_corasick::AhoCorasick; 2]> = LazyLock::new(|| {
    let automaton = |texts: Vec<&str>| aho_corasick::AhoCorasick::new(texts).expect("the table's texts");
    [automaton(PAIRS.iter().map(|(_, en)| *en).collect()), automaton(PAIRS.iter().map(|(da, _)| *da).collect())]
});

/// Finds, in one pass, whether a text matches any sentence form of the catalogue.
static ANY_FORM: LazyLock<regex::RegexSet> = LazyLock::new(|| regex::RegexSet::new(CATALOGUE.iter().map(|(_, en, _)| *en)).expect("catalogue regexes"));

/// `text` in `lang`: every requirement or evidence text swapped for its version in
/// `lang`, then (Danish only) the catalogue's Danish for the rule's English
/// sentence forms.
pub fn translate(rule: &str, text: &str, lang: &str) -> String {
    let mut out = text.to_string();
    // The table's texts first, so that the sentence forms below never touch a
    // requirement's title or help in the other language.
    if PAIRS_IN[usize::from(lang != "da")].is_match(&out) {
        for (da, en) in PAIRS.iter() {
            let (from, to) = if lang == "da" { (en, da) } else { (da, en) };
            if out.contains(from) {
                out = out.replace(from, to);
            }
        }
    }
    if lang == "da" && ANY_FORM.is_match(&out) {
        for (r, re, da) in COMPILED.iter() {
            if (*r == "*" || *r == rule) && re.is_match(&out) {
                out = re.replace(&out, *da).into_owned();
            }
        }
    }
    // "The page does not say …" (check/notice.rs) in Danish.
    if lang == "da" {
        if let Some(rest) = out.split_once("): the page ").map(|(a, b)| format!("{a}): siden {b}")) {
            out = rest;
        }
    }
    out
}

/// Puts every finding in `lang`. Findings share help lines (a rule's help is one of a
/// few texts): each distinct help line is translated once.
pub fn localise_all(findings: &mut [Finding], lang: &str) {
    let mut helps: std::collections::HashMap<(&'static str, Text), Text> = std::collections::HashMap::new();
    for f in findings {
        f.message = translate(f.rule, &f.message, lang);
        let help = helps.entry((f.rule, f.help.clone())).or_insert_with(|| {
            let help = translate(f.rule, &f.help, lang);
            if help == f.help {
                f.help.clone()
            } else {
                Text::Owned(help)
            }
        });
        f.help = help.clone();
    }
}

/// `3 error(s), 1 warning(s), 0 note(s) in 18 page(s)` in `lang`.
pub fn summary_line(summary: &Summary, lang: &str) -> String {
    if lang == "da" {
        format!("{} fejl, {} advarsel(er), {} note(r) på {} side(r)", summary.errors, summary.warnings, summary.notes, summary.pages)
    } else {
        format!("{} error(s), {} warning(s), {} note(s) in {} page(s)", summary.errors, summary.warnings, summary.notes, summary.pages)
    }
}

/// A label of the human report (`help`, `article`) in `lang`.
pub fn label(name: &'static str, lang: &str) -> &'static str {
    match (name, lang) {
        ("help", "da") => "hjælp",
        ("article", "da") => "artikel",
        ("GDPR Art.", "da") => "GDPR art.",
        (name, _) => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_language_is_the_flag_then_the_sites_default() {
        assert_eq!(run_lang(Some("en"), Some("da")), "en");
        assert_eq!(run_lang(None, Some("en")), "en");
        assert_eq!(run_lang(None, Some("fr")), "da");
        assert_eq!(run_lang(None, None), "da");
    }

    #[test]
    fn every_catalogue_entry_compiles_and_is_used_for_danish_only() {
        assert_eq!(COMPILED.len(), CATALOGUE.len());
        let en = "section number 7 follows 5";
        assert_eq!(translate("heading-numbering-gap", en, "da"), "afsnit nummer 7 følger efter 5");
        assert_eq!(translate("heading-numbering-gap", en, "en"), en);
        assert_eq!(translate("other-rule", en, "da"), en, "a rule's own forms apply to that rule only");
    }

    #[test]
    fn a_title_in_english_is_not_taken_for_a_sentence_form() {
        let r = crate::requirements::REQUIREMENTS.iter().find(|r| r.key == "rights").unwrap();
        let message = format!("{} (13(2)(b)): the section does not mention: access, objection", r.title.en);
        assert_eq!(translate("art13-incomplete", &message, "da"), format!("{} (13(2)(b)): afsnittet nævner ikke: indsigt, indsigelse", r.title.da));
    }

    #[test]
    fn requirement_texts_follow_the_run_language() {
        let r = crate::requirements::REQUIREMENTS.iter().find(|r| r.key == "complaint").unwrap();
        let message = format!("{} (13(2)(d)): no section is marked {{#complaint}}", r.title.en);
        assert_eq!(translate("art13-missing", &message, "da"), format!("{} (13(2)(d)): intet afsnit er mærket {{#complaint}}", r.title.da));
        assert_eq!(translate("art13-missing", r.help.da, "en"), r.help.en);
        assert_eq!(translate("art13-missing", r.help.en, "da"), r.help.da);
    }
}
