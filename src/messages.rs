//! One language per run (`--lang da|en`): the findings' messages and help lines,
//! the summary lines and the tool's own words, in the language the reader asked for
//! (by default the site's default language, Danish).
//!
//! The rules write their findings in English, quoting the requirement table's and
//! the evidence's texts in the page's language. At report time [`localise_all`] makes a
//! finding speak the run's language: every text of the requirement table and the
//! evidence (titles, help lines, what a section lacks) is swapped for its version
//! in that language, and for Danish the English sentences of the rules are
//! translated by the catalogue below ([`CATALOGUE`], one entry per sentence form).
//! What an editor wrote (a waiver's reason, a quoted heading or sentence) is left
//! as written.
//!
//! The tool's own words (what `audit`, `import`, `new`, `translated`, `build`, `check`
//! and `serve` print, the errors that stop a run, clap's refusals of a command line)
//! are written in English too and go through the same catalogue: its forms of rule
//! [`TOOL`], applied by [`say`] in the run's language ([`current`]). A sentence form
//! missing from the catalogue stays English; `tests/lang.rs` runs every verb and
//! every rule on the fixtures in both languages and fails on a word of the other one.

use crate::finding::{Finding, Summary, Text};
use regex::Regex;
use std::sync::{LazyLock, OnceLock};

/// The languages the tool itself speaks.
pub const LANGS: &[&str] = &["da", "en"];

/// The command line's `--lang`, set once at start ([`set_flag`]).
static FLAG: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// Records the command line's `--lang` for the whole run (the first call wins).
pub fn set_flag(lang: Option<String>) {
    let _ = FLAG.set(lang);
}

/// The default language of the site this run works on, recorded the first time it
/// is known ([`for_run`], [`remember_site_default`]).
static SITE_DEFAULT: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// Records the default language of the site this run works on (the first call
/// wins), so that [`current`] knows it before the site has loaded.
pub fn remember_site_default(lang: &str) {
    if let Some(l) = LANGS.iter().copied().find(|x| *x == lang) {
        let _ = SITE_DEFAULT.set(l);
    }
}

/// The language of this run for a site whose default language is `site_default`:
/// the command line's `--lang` if given, else the site's default (else the one
/// recorded by [`remember_site_default`]).
pub fn for_run(site_default: Option<&str>) -> &'static str {
    if let Some(d) = site_default {
        remember_site_default(d);
    }
    run_lang(FLAG.get().and_then(|l| l.as_deref()), site_default.or_else(|| SITE_DEFAULT.get().copied()))
}

/// The language of this run as far as it is known: `--lang`, else the default
/// language of the site the run works on (if its config loaded), else Danish.
pub fn current() -> &'static str {
    run_lang(FLAG.get().and_then(|l| l.as_deref()), SITE_DEFAULT.get().copied())
}

/// The run's language: `--lang` if given, else the site's default language if the
/// tool speaks it, else Danish.
pub fn run_lang(flag: Option<&str>, site_default: Option<&str>) -> &'static str {
    let pick = |l: &str| LANGS.iter().copied().find(|x| *x == l);
    flag.and_then(pick).or_else(|| site_default.and_then(pick)).unwrap_or("da")
}

/// The rule name of the catalogue's forms for the tool's own words (see [`say`]):
/// what the verbs print and the errors that stop a run.
pub const TOOL: &str = "tool";

/// The rule name of the catalogue's forms for TOML's own words: they apply to a
/// `front-matter` finding and to the tool's words (an error in config.toml).
pub const TOML: &str = "toml";

/// Danish for English sentence forms of the rules: (rule or `*` for any, regex
/// over the English text, Danish replacement with `$1`… for the captures). The
/// forms of rule [`TOOL`] are the tool's own words, not findings.
pub static CATALOGUE: &[(&str, &str, &str)] = &[
    // Art. 13/14 (check/notice.rs)
    ("*", r"no section is marked \{#([a-z-]+)\}", "intet afsnit er mærket {#$1}"),
    ("*", r"the notice does not declare `([a-z_]+)`, so this section is required", "siden erklærer ikke `$1`, så afsnittet er påkrævet"),
    ("*", r"the notice does not declare `legal_basis`$", "siden erklærer ikke `legal_basis`"),
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
    ("*", r"^`([a-z-]+)` \((.*?)\) is waived until ([0-9-]+)$", "`$1` ($2) er undtaget indtil $3"),
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
    ("third-party-resource", r"^(\S+) loads (.+?) from another origin: (\S+)$", "$1 henter $2 fra et andet domæne: $3"),
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
    ),    ("*", r#"line (\d+) reads like "(.*?)": put a heading with \{#([a-z-]+)\} above it"#, "linje $1 lyder som \"$2\": sæt en overskrift med {#$3} over den"),
    ("*", r"; or write the section: ", "; eller skriv afsnittet: "),
    // What the page lacks, as `audit` and the matrix text say it (without a title before it).
    ("*", r"^the page (siger|giver|nævner|navngiver|beskriver) ", "siden $1 "),
    ("legal-basis-none", r"the notice declares no legal basis$", "siden angiver intet retsgrundlag"),
    (
        "legal-basis-none",
        r#"^list the bases in front matter, e\.g\. (legal_basis = \["6\.1\.e"\]), and name them in the legal-basis section$"#,
        "angiv retsgrundlagene i front matter, fx $1, og nævn dem i afsnittet om retsgrundlag",
    ),
    ("*", r"(legal_basis angiver ikke `[^`]+`) or ", "$1 eller "),
    ("*", r"\bArticle 9\(2\) basis$", "et grundlag i artikel 9, stk. 2"),
    // Waivers (check/notice.rs); "the waiver for `…` " is translated above.
    ("waiver-unknown-key", r"^waiver for unknown requirement `(.*)`$", "undtagelse for et ukendt krav `$1`"),
    ("waiver-unknown-key", r"^use one of the keys in requirements/art13-14\.toml$", "brug en af nøglerne i requirements/art13-14.toml"),
    ("waiver-unneeded", r"is not needed: the requirement is met$", "er ikke nødvendig: kravet er opfyldt"),
    ("waiver-unneeded", r"is not needed: the requirement is not required$", "er ikke nødvendig: kravet gælder ikke for siden"),
    ("waiver-unneeded", r"^remove \[waivers\.(.*)\] from the front matter$", "fjern [waivers.$1] fra front matter"),
    ("waiver-no-reason", r"has no reason$", "har ingen begrundelse"),
    ("waiver-expired", r"has expired$", "er udløbet"),
    ("waiver-no-until", r"has no `until` date$", "har ingen `until`-dato"),
    // WP260 lints (check/lints.rs).
    ("wp260-referral-only", r#"^the section "(.*)" only refers the reader elsewhere$"#, "afsnittet \"$1\" henviser kun læseren videre"),
    (
        "wp260-referral-only",
        r"^WP260 rev\.01 para\. 8 and 33: the information must be provided, not pointed to; write it here$",
        "WP260 rev.01, punkt 8 og 33: oplysningerne skal gives, ikke henvises til; skriv dem her",
    ),
    (
        "wp260-public-authority-6-1-f",
        r"^a public authority cites Art\. 6\(1\)\(f\) \(legitimate interests\)$",
        "en offentlig myndighed henviser til art. 6, stk. 1, litra f (legitime interesser)",
    ),
    (
        "wp260-public-authority-6-1-f",
        r"^Art\. 6\(1\), last subparagraph: point \(f\) does not apply to processing by public authorities in the performance of their tasks; use 6\.1\.e or 6\.1\.c with the national law$",
        "art. 6, stk. 1, sidste afsnit: litra f gælder ikke for behandling, som offentlige myndigheder foretager som led i udførelsen af deres opgaver; brug 6.1.e eller 6.1.c sammen med den danske lov",
    ),
    // Translations (check/translations.rs), continued.
    (
        "translation-orphan",
        r"^(`[^`]+`) is a translation of (`[^`]+`), which does not exist \(language `(\S+)`\)$",
        "$1 er en oversættelse af $2, som ikke findes (sprog `$3`)",
    ),
    (
        "translation-sections",
        r"^(`[^`]+`):(\d+) has #(\S+) in a different place than (`[^`]+`):(\d+): the sections are in another order$",
        "$1:$2 har #$3 et andet sted end $4:$5: afsnittene står i en anden rækkefølge",
    ),
    ("translation-sections", r"^(`[^`]+`):(\d+) has #(\S+) where (`[^`]+`):(\d+) has #(\S+)$", "$1:$2 har #$3, hvor $4:$5 har #$6"),
    ("translation-sections", r"^(`[^`]+`) has no #(\S+) \((`[^`]+`):(\d+) has it\)$", "$1 har ikke #$2 ($3:$4 har den)"),
    ("translation-sections", r"^(`[^`]+`):(\d+) has #(\S+), which (`[^`]+`) does not have$", "$1:$2 har #$3, som $4 ikke har"),
    ("translation-facts", r"^(`[^`]+`) differs between the translation and (`[^`]+`):(\d+): ", "$1 er ikke det samme i oversættelsen som i $2:$3: "),
    ("translation-facts", r": waiver `([^`]+)` runs until (.*) in the translation, (.*) in the source$", ": undtagelsen `$1` gælder til $2 i oversættelsen, $3 i originalen"),
    ("translation-facts", r": the translation has no waiver `([^`]+)`$", ": oversættelsen har ingen undtagelse `$1`"),
    ("translation-facts", r": the translation waives `([^`]+)`, the source does not$", ": oversættelsen undtager `$1`, det gør originalen ikke"),
    ("translation-facts", r": the translation has no \[contact\] record$", ": oversættelsen har intet [contact]-kort"),
    ("translation-facts", r": the source has no \[contact\] record$", ": originalen har intet [contact]-kort"),
    ("translation-facts", r": the translation lacks (.*) and adds (.*)$", ": oversættelsen mangler $1 og tilføjer $2"),
    ("translation-facts", r": (.*) in the translation, (.*) in the source$", ": $1 i oversættelsen, $2 i originalen"),
    ("translation-facts", r"\bmangler nothing\b", "mangler intet"),
    ("translation-facts", r"\btilføjer nothing$", "tilføjer intet"),
    ("translation-facts", r"\bnot declared\b", "ikke angivet"),
    ("translation-facts", r"\bno date\b", "ingen dato"),
    ("translation-stale", r"#(\S+) \(removed\)", "#$1 (fjernet)"),
    ("translation-stale", r": text outside keyed sections$", ": tekst uden for afsnittene med nøgler"),
    // Contact blocks and records (check/contacts.rs), continued.
    ("shortcode-unknown", r"^unknown shortcode `(.*)`$", "ukendt shortcode `$1`"),
    ("shortcode-unknown", r"^the site knows one shortcode: ", "webstedet kender én shortcode: "),
    ("contact-unknown", r"^unknown contact `(.*)`$", "ukendt kontakt `$1`"),
    ("contact-unit-unknown", r"^contact `(.*)` has no unit `(.*)`$", "kontakten `$1` har ingen enhed `$2`"),
    ("*", r"^use one of: (.*), or add the unit to the contact record$", "brug en af: $1, eller tilføj enheden i kontaktkortet"),
    ("*", r"^use one of: ", "brug en af: "),
    ("contact-role", r"^unknown contact role `(.*)`$", "ukendt kontaktrolle `$1`"),
    ("contact-duplicate", r"^contact id `(.*)` is used by two pages$", "kontakt-id'et `$1` bruges af to sider"),
    // External links (check/external.rs): the link and where it is, then what its host answered.
    ("*", r"^the link `(.*?)` on (\S+) and 1 more pages (answers|could not be reached|is not a valid address)", "linket `$1` på $2 og 1 side mere $3"),
    ("*", r"^the link `(.*?)` on (\S+) and (\d+) more pages (answers|could not be reached|is not a valid address)", "linket `$1` på $2 og $3 sider mere $4"),
    ("*", r"^the link `(.*?)` on (\S+) (answers|could not be reached|is not a valid address)", "linket `$1` på $2 $3"),
    ("external-link-broken", r" answers (\d{3}) (.*): the page is gone$", " svarer $1 $2: siden findes ikke længere"),
    ("external-link-broken", r"^find where the page moved and correct the link, or remove it$", "find ud af, hvor siden er flyttet hen, og ret linket, eller fjern det"),
    ("external-link-unverified", r" answers (\d{3}) ?(.*)$", " svarer $1 $2"),
    (
        "external-link-unverified",
        r"^open the link in a browser; if it works there, the site refuses automated checks and the link can stay$",
        "åbn linket i en browser; virker det dér, afviser webstedet automatiske tjek, og linket kan blive stående",
    ),
    // HTTP's reason phrases.
    ("*", r" svarer (\d{3}) Not Found\b", " svarer $1 (ikke fundet)"),
    ("*", r" svarer (\d{3}) Gone\b", " svarer $1 (fjernet)"),
    ("*", r" svarer (\d{3}) Unauthorized\b", " svarer $1 (kræver login)"),
    ("*", r" svarer (\d{3}) Forbidden\b", " svarer $1 (adgang nægtet)"),
    ("*", r" svarer (\d{3}) Too Many Requests\b", " svarer $1 (for mange forespørgsler)"),
    ("*", r" svarer (\d{3}) Internal Server Error\b", " svarer $1 (intern fejl på serveren)"),
    ("*", r" svarer (\d{3}) Bad Gateway\b", " svarer $1 (fejl i gateway)"),
    ("*", r" svarer (\d{3}) Service Unavailable\b", " svarer $1 (tjenesten er ikke tilgængelig)"),
    ("*", r" svarer (\d{3}) Gateway Timeout\b", " svarer $1 (gatewayen svarede ikke i tide)"),
    ("external-link-unreachable", r" could not be reached: no answer within ([\d.]+) s$", " kunne ikke nås: intet svar inden for $1 s"),
    ("external-link-unreachable", r" could not be reached: host not found$", " kunne ikke nås: værten findes ikke"),
    (
        "external-link-unreachable",
        r" could not be reached: (?:io: )?failed to lookup address information: (?:Name or service not known|No address associated with hostname|nodename nor servname provided, or not known)$",
        " kunne ikke nås: værtsnavnet kunne ikke slås op",
    ),
    (
        "external-link-unreachable",
        r" could not be reached: (?:io: )?failed to lookup address information: Temporary failure in name resolution$",
        " kunne ikke nås: navneopslaget mislykkedes midlertidigt",
    ),
    ("external-link-unreachable", r" could not be reached: (?:io: )?Connection refused \(os error (\d+)\)$", " kunne ikke nås: forbindelsen blev afvist (os error $1)"),
    ("external-link-unreachable", r" could not be reached: (?:io: )?Network is unreachable \(os error (\d+)\)$", " kunne ikke nås: netværket kan ikke nås (os error $1)"),
    ("external-link-unreachable", r" could not be reached: (?:io: )?Connection reset by peer \(os error (\d+)\)$", " kunne ikke nås: forbindelsen blev afbrudt af modparten (os error $1)"),
    ("external-link-unreachable", r" could not be reached: (.*)$", " kunne ikke nås: $1"),
    (
        "external-link-unreachable",
        r"^check the address; if it works in a browser, the host was slow or down and a later run will tell$",
        "tjek adressen; virker den i en browser, var værten langsom eller nede, og en senere kørsel vil vise det",
    ),
    ("external-link-invalid", r" is not a valid address: no host$", " er ikke en gyldig adresse: der er intet værtsnavn"),
    ("external-link-invalid", r" is not a valid address: (.*)$", " er ikke en gyldig adresse: $1"),
    ("external-link-invalid", r"^write the full address, e\.g\. (\S+)$", "skriv hele adressen, fx $1"),
    // Templates (check/templates.rs).
    ("template-unknown", r"^the template `(.*)` does not exist$", "skabelonen `$1` findes ikke"),
    (
        "template-unknown",
        r"^remove the `template` line to use the page kind's template, or name a template under templates/$",
        "fjern linjen `template` for at bruge skabelonen for sidens type, eller angiv en skabelon under templates/",
    ),
    (
        "template-hides-content",
        r"^the template `(.*)` does not show the page's content, so the notice would be published without its sections$",
        "skabelonen `$1` viser ikke sidens indhold, så privatlivspolitikken ville blive offentliggjort uden sine afsnit",
    ),
    ("template-hides-content", r"^the template `(.*?)` cannot render this notice: ", "skabelonen `$1` kan ikke vise denne privatlivspolitik: "),
    (
        "template-hides-content",
        r"^remove the `template` line to use notice\.html, or use a template that writes (.*)$",
        "fjern linjen `template` for at bruge notice.html, eller brug en skabelon, der skriver $1",
    ),
    ("template-hides-content", r"^remove the `template` line to use notice\.html, or fix the template$", "fjern linjen `template` for at bruge notice.html, eller ret skabelonen"),
    // The site's configuration and the pages' files (config.rs, load/).
    ("ui-string-missing", r"^language `(.*)` has no UI string `(.*)`$", "sproget `$1` har ingen UI-tekst `$2`"),
    ("ui-string-missing", r"^add `(.*)` under \[languages\.ui\] for `(.*)` in config\.toml$", "tilføj `$1` under [languages.ui] for `$2` i config.toml"),
    ("language-unknown", r"^language `(.*)` is not declared in config\.toml$", "sproget `$1` er ikke angivet i config.toml"),
    ("language-mismatch", r"^the text reads as English, but the page is in Danish \(its file name says so\)$", "teksten er på engelsk, men siden er på dansk (det siger filnavnet)"),
    ("language-mismatch", r"^the text reads as Danish, but the page is in English \(its file name says so\)$", "teksten er på dansk, men siden er på engelsk (det siger filnavnet)"),
    (
        "language-mismatch",
        r"^translate the text, or move it to the file of its language: name\.md for Danish, name\.en\.md for English$",
        "oversæt teksten, eller flyt den til filen for dens sprog: navn.md for dansk, navn.en.md for engelsk",
    ),
    (
        "language-unknown",
        r"^name the file `<name>\.md` or `<name>\.<lang>\.md` with one of: (.*)$",
        "kald filen `<navn>.md` eller `<navn>.<sprog>.md` med et af sprogene: $1",
    ),
    ("front-matter", r"^the page does not start with `\+\+\+` front matter$", "siden begynder ikke med front matter mellem `+++`"),
    ("front-matter", r"^the front matter is not closed: add a line `\+\+\+` after it$", "front matter er ikke afsluttet: tilføj en linje `+++` efter den"),
    ("front-matter", r"^start the page with \+\+\+, the TOML front matter, and \+\+\+$", "begynd siden med +++, front matter i TOML og +++"),
    ("front-matter", r"^see docs/content-format\.md for the front-matter keys and their types$", "se docs/content-format.md for front matter-nøglerne og deres typer"),
    // TOML's own words (front matter and config.toml), the common ones; the rest stay English.
    (TOML, r"unknown field (`[^`]*`), expected one of (.*)$", "ukendt felt $1; gyldige felter er $2"),
    (TOML, r"unknown field (`[^`]*`), expected (`[^`]*`)$", "ukendt felt $1; det gyldige felt er $2"),
    (TOML, r"unknown field (`[^`]*`), there are no fields$", "ukendt felt $1; her hører ingen felter til"),
    (TOML, r"missing field (`[^`]*`)$", "feltet $1 mangler"),
    (TOML, r"duplicate key (`[^`]*`)$", "nøglen $1 står der to gange"),
    ("legal-basis-unknown", r"^unknown legal-basis code `(.*)`$", "ukendt kode for retsgrundlag `$1`"),
    (
        "*",
        r#"valid forms are "6\.1\.a" to "6\.1\.f", "9\.2\.a" to "9\.2\.j", "10", or "dbl-N" for Databeskyttelsesloven § N$"#,
        "gyldige former er \"6.1.a\" til \"6.1.f\", \"9.2.a\" til \"9.2.j\", \"10\" eller \"dbl-N\" for databeskyttelseslovens § N",
    ),
    // Markup the page's Markdown cannot hold (load/markup.rs).
    (
        "markup",
        r"^code fence opened here is never closed: add a line with the same ``` \(or ~~~\) after the code, or remove this one$",
        "kodeblokken, der begynder her, bliver aldrig lukket: tilføj en linje med samme ``` (eller ~~~) efter koden, eller fjern denne",
    ),
    (
        "markup",
        r#"^cannot read the arguments of shortcode `(.*)`: write them as name="value", separated by commas$"#,
        "argumenterne til shortcoden `$1` kan ikke læses: skriv dem som navn=\"værdi\", adskilt af kommaer",
    ),
    ("markup", r"^a shortcode must stand on a line of its own, e\.g\. (.*)$", "en shortcode skal stå på sin egen linje, fx $1"),
    ("markup", r"^cannot read this shortcode: write it as (.*), closed with \}\}$", "shortcoden kan ikke læses: skriv den som $1, lukket med }}"),
    (
        "markup",
        r"^(`.*`) in a heading's \{\.\.\.\} is not understood: write `\{#key\}` or `\{#key #second-key\}`$",
        "$1 i en overskrifts {...} forstås ikke: skriv `{#nøgle}` eller `{#nøgle #anden-nøgle}`",
    ),
    // ---- The tool's own words (rule TOOL, see `say`): what the verbs print, and the
    // errors that stop a run. Captures keep paths, page names and what an editor wrote.
    // build
    (TOOL, r"^Built (\d+) pages in (\d+) languages \((\d+) files\) into (.*) in (\d+) ms$", "Byggede $1 sider på $2 sprog ($3 filer) i $4 på $5 ms"),
    (TOOL, r"^`privacy-site check` lists them$", "`privacy-site check` viser dem"),
    (TOOL, r"^Wrote (\d+) page fragments for a CMS into (.*)$", "Skrev $1 sidefragmenter til et CMS i $2"),
    (TOOL, r"^waiting for another build of `(.*)` to finish \(at most (\d+) s\)…$", "venter på, at en anden kørsel af build til `$1` bliver færdig (højst $2 s) …"),
    // serve
    (TOOL, r"^Serving (\S+) \(Ctrl-C to stop\)$", "Forhåndsvisning: $1 (stop med Ctrl-C)"),
    (TOOL, r"^warning: listening on (\S+): anyone who can reach this machine can read the preview$", "warning: lytter på $1: alle, der kan nå denne maskine, kan læse forhåndsvisningen"),
    (TOOL, r"^rebuilt (\d+) pages? in (\d+) ms", "byggede igen $1 sider på $2 ms"),
    (TOOL, r"^built (\d+) pages? in (\d+) ms", "byggede $1 sider på $2 ms"),
    (TOOL, r"^(byggede(?: igen)?) 1 sider ", "$1 1 side "),
    (TOOL, r" — it has new errors, so the previous version is still served$", " — den har nye fejl, så den forrige version vises stadig"),
    (TOOL, r"^build failed after (\d+) ms(; the previous version is still served)?$", "webstedet kunne ikke bygges (efter $1 ms)$2"),
    (TOOL, r"; the previous version is still served$", "; den forrige version vises stadig"),
    (TOOL, r"^`privacy-site check` lists the warnings and notes$", "`privacy-site check` viser advarsler og noter"),
    // serve's error overlay in the browser, and its page for a site without a 404 page
    (TOOL, r"^Close$", "Luk"),
    (TOOL, r"^\{n\} error\(s\) on this page$", "{n} fejl på denne side"),
    (TOOL, r"^, \{m\} on other pages \(see the terminal\)$", ", {m} på andre sider (se terminalen)"),
    (TOOL, r"^: the page shows the last version without them$", ": siden viser den seneste version uden dem"),
    (TOOL, r"^Not found$", "Siden findes ikke"),
    (TOOL, r"^There is no such page \(yet\)\.$", "Der er (endnu) ingen side her."),
    // check
    (
        TOOL,
        r"^checked (\d+) external links on (\d+) hosts \((\d+) from the cache, (\d+) skipped by \[link_checker\] skip_prefixes\)$",
        "tjekkede $1 eksterne links på $2 værter ($3 fra cachen, $4 sprunget over efter [link_checker] skip_prefixes)",
    ),
    (TOOL, r"^(\S+)  \(skipped: \[link_checker\] skip_prefixes\)$", "$1  (springes over: [link_checker] skip_prefixes)"),
    (TOOL, r"^(\d+) external links; `privacy-site check --external` fetches them$", "$1 eksterne links; `privacy-site check --external` henter dem"),
    (TOOL, r"^met$", "opfyldt"),
    (TOOL, r"^unclear$", "uklart"),
    (TOOL, r"^missing$", "mangler"),
    (TOOL, r"^UNCLEAR$", "UKLART"),
    (TOOL, r"^MISSING$", "MANGLER"),
    (TOOL, r"^not required \((.*)\)$", "ikke påkrævet ($1)"),
    (TOOL, r"^waived until (\S+): (.*)$", "undtaget indtil $1: $2"),
    // new
    (TOOL, r"^wrote (.*); run `privacy-site check` to see what the page still lacks$", "skrev $1; kør `privacy-site check` for at se, hvad siden stadig mangler"),
    (TOOL, r"^wrote (.*)$", "skrev $1"),
    (TOOL, r"^note: no --basis given: add legal_basis to both pages' front matter$", "note: intet --basis angivet: tilføj legal_basis i front matter på begge sider"),
    (
        TOOL,
        r#"^note: no --sources given: add sources = \["subject"\], \["others"\] or both to both pages$"#,
        "note: intet --sources angivet: tilføj sources = [\"subject\"], [\"others\"] eller begge dele på begge sider",
    ),
    (
        TOOL,
        r"^note: no --transfers given: add third_country_transfers = true or false to both pages$",
        "note: intet --transfers angivet: tilføj third_country_transfers = true eller false på begge sider",
    ),
    (TOOL, r"^Next: replace every TODO, then run privacy-site check$", "Næste trin: erstat hver TODO, og kør derefter privacy-site check"),
    // import (the report of import/mod.rs, line by line)
    (TOOL, r"^title: (.*)$", "titel: $1"),
    (TOOL, r"^sections:$", "afsnit:"),
    (TOOL, r"^  line (\d+): (.*) -> \(no key\)$", "  linje $1: $2 -> (ingen nøgle)"),
    (TOOL, r"^  line (\d+): (.*) -> (#.*)$", "  linje $1: $2 -> $3"),
    (TOOL, r"^keys assigned: none$", "tildelte nøgler: ingen"),
    (TOOL, r"^keys assigned: (.*)$", "tildelte nøgler: $1"),
    (TOOL, r"^notice: true$", "privatlivspolitik (notice): ja"),
    (TOOL, r"^notice: false$", "privatlivspolitik (notice): nej"),
    (TOOL, r"^legal bases found: none$", "fundne retsgrundlag: ingen"),
    (TOOL, r"^legal bases found: (.*)$", "fundne retsgrundlag: $1"),
    (TOOL, r"^sources: none detected$", "kilder (sources): ingen fundet"),
    (TOOL, r"^sources: (.*)$", "kilder (sources): $1"),
    (TOOL, r"^contacts replaced: none$", "kontaktoplysninger erstattet: ingen"),
    (TOOL, r#"^contact replaced: line (\d+): (\d+) line\(s\) -> (\S+), unit "(.*)"$"#, "kontaktoplysninger erstattet: linje $1: $2 linje(r) -> $3, enhed \"$4\""),
    (TOOL, r"^contact replaced: line (\d+): (\d+) line\(s\) -> (\S+)$", "kontaktoplysninger erstattet: linje $1: $2 linje(r) -> $3"),
    (
        TOOL,
        r"^  kept as written \(differs from the record `(.*?)`; `check` reports it\): '(.*)'$",
        "  beholdt som skrevet (afviger fra kontaktkortet `$1`; `check` melder det): '$2'",
    ),
    (TOOL, r"^not classified: line (\d+): '(.*)' \(kept as text, not a heading\)$", "ikke klassificeret: linje $1: '$2' (beholdt som tekst, ikke en overskrift)"),
    (TOOL, r"^not classified: line (\d+): '(.*)'$", "ikke klassificeret: linje $1: '$2'"),
    (TOOL, r"^note: '(.*)' names (.+) but its section does not give it: #(\S+) not put there$", "note: '$1' nævner \"⟨$2⟩\", men afsnittet giver det ikke: #$3 er ikke sat der"),
    (TOOL, r"^note: the text under '(.*)' gives (.+): #(\S+) added there$", "note: teksten under '$1' giver \"⟨$2⟩\": #$3 er tilføjet der"),
    (TOOL, r"^note: line (\d+) gives (.+) before any heading: heading '(.*)' added above it$", "note: linje $1 giver \"⟨$2⟩\" før den første overskrift: overskriften '$3' er tilføjet over den"),
    (
        TOOL,
        r"^note: the text gives too few Art\. 13/14 items to be a privacy notice: written as an information page \(notice = false\)$",
        "note: teksten giver for få af punkterne i art. 13/14 til at være en privatlivspolitik: skrevet som en informationsside (notice = false)",
    ),
    (
        TOOL,
        r"^warning: could not load the site at (.*) \((.*)\); contact details are kept as written$",
        "warning: kunne ikke indlæse webstedet i $1 ($2); kontaktoplysningerne beholdes som skrevet",
    ),
    // audit
    (TOOL, r"^(.*): not a privacy notice \((.*)\)$", "$1: ikke en privatlivspolitik ($2)"),
    (TOOL, r"^(.*): privacy notice \((\w+)\), (\d+) met, (\d+) unclear, (\d+) missing$", "$1: privatlivspolitik ($2), $3 opfyldt, $4 uklare, $5 mangler"),
    (TOOL, r"^line (\d+): $", "linje $1: "),
    (
        TOOL,
        r"^(\d+) page\(s\), (\d+) notice\(s\): (\d+) item\(s\) met, (\d+) unclear, (\d+) missing$",
        "$1 side(r), $2 privatlivspolitik(ker): $3 punkt(er) opfyldt, $4 uklare, $5 mangler",
    ),
    (TOOL, r"^Audit of privacy pages: GDPR Art\. 13/14$", "Gennemgang af privatlivssider: GDPR art. 13/14"),
    (
        TOOL,
        r"^(\d+) of (\d+) pages read as privacy notices: (\d+) items met, (\d+) unclear, (\d+) missing\. A page that is not a notice has no items\.$",
        "$1 af $2 sider læses som privatlivspolitikker: $3 punkter opfyldt, $4 uklare, $5 mangler. En side, der ikke er en privatlivspolitik, har ingen punkter.",
    ),
    (TOOL, r"^Item$", "Punkt"),
    (TOOL, r"^not a notice$", "ikke en privatlivspolitik"),
    (TOOL, r"^line$", "linje"),
    // translated
    (
        TOOL,
        r"^recorded `(.*)` translates `(.*)` as of hash (\S+) \((\d+) keyed section\(s\): (.*)\)$",
        "registrerede, at `$1` oversætter `$2` i versionen med hash $3 ($4 afsnit med nøgle: $5)",
    ),
    (
        TOOL,
        r"^already current: `(.*)` translates `(.*)` as of hash (\S+) \((\d+) keyed section\(s\): (.*)\)$",
        "allerede ajour: `$1` oversætter `$2` i versionen med hash $3 ($4 afsnit med nøgle: $5)",
    ),
    (TOOL, r"^skipped `(.*)`: it has no (\S+) page to translate$", "sprang `$1` over: den har ingen side på `$2` at oversætte"),
    (TOOL, r"^no translations to mark$", "ingen oversættelser at markere"),
    // Errors that stop a run (error.rs): what failed, then why.
    (TOOL, r"^caused by: ", "årsag: "),
    (TOOL, r"^failed to read `(.*)`$", "kunne ikke læse `$1`"),
    (TOOL, r"^failed to write `(.*)`$", "kunne ikke skrive `$1`"),
    (TOOL, r"^failed to create `(.*)`$", "kunne ikke oprette `$1`"),
    (TOOL, r"^failed to open `(.*)`$", "kunne ikke åbne `$1`"),
    (TOOL, r"^failed to resolve `(.*)`$", "kunne ikke finde `$1`"),
    (TOOL, r"^failed to lock `(.*)`$", "kunne ikke låse `$1`"),
    (TOOL, r"^failed to listen on `(.*)`$", "kunne ikke lytte på `$1`"),
    (TOOL, r"^failed to start `(.*)`$", "kunne ikke starte `$1`"),
    (TOOL, r"^failed to watch `(.*)`$", "kunne ikke overvåge `$1`"),
    (TOOL, r"^failed to walk `(.*)`$", "kunne ikke gennemgå `$1`"),
    (TOOL, r"^failed to back up `(.*)`$", "kunne ikke tage en kopi af `$1`"),
    (TOOL, r"^failed to restore `(.*)`$", "kunne ikke gendanne `$1`"),
    (TOOL, r"^failed to move aside `(.*)`$", "kunne ikke flytte `$1` til side"),
    (TOOL, r"^failed to (?:move|swap) into place `(.*)`$", "kunne ikke sætte `$1` på plads"),
    (TOOL, r"^failed to compile `(.*?)`: ", "kunne ikke oversætte `$1` til CSS: "),
    (TOOL, r"^template error in `(.*?)`: ", "fejl i skabelonen `$1`: "),
    (TOOL, r"^(\d+) error\(s\) found; nothing was written \(the previous output is unchanged\)$", "$1 fejl fundet; intet blev skrevet (det tidligere output er uændret)"),
    (TOOL, r"^`(.*)` changed while the site was being built from it; run again$", "`$1` blev ændret, mens webstedet blev bygget; kør igen"),
    (
        TOOL,
        r"^(.*): failed to read the file: it is not valid UTF-8 \(first bad byte at offset (\d+)\); save it as UTF-8 in your editor$",
        "$1: kunne ikke læse filen: den er ikke gyldig UTF-8 (første ugyldige byte ved position $2); gem den som UTF-8 i din editor",
    ),
    // The operating system's words for the common failures.
    (TOOL, r"^(årsag: )?No such file or directory \(os error 2\)$", "${1}filen eller mappen findes ikke (os error 2)"),
    (TOOL, r"^(årsag: )?Permission denied \(os error 13\)$", "${1}adgang nægtet (os error 13)"),
    (TOOL, r"^(årsag: )?Is a directory \(os error 21\)$", "${1}det er en mappe (os error 21)"),
    (TOOL, r"^(årsag: )?Not a directory \(os error 20\)$", "${1}det er ikke en mappe (os error 20)"),
    (TOOL, r"^(årsag: )?File exists \(os error 17\)$", "${1}filen findes allerede (os error 17)"),
    (TOOL, r"^(årsag: )?Address already in use \(os error 98\)$", "${1}adressen er allerede i brug (os error 98)"),
    (TOOL, r"^(årsag: )?No space left on device \(os error 28\)$", "${1}der er ikke mere plads på disken (os error 28)"),
    // config.toml (config.rs), after `config.toml:LINE: `.
    (TOOL, r"declare at least one \[\[languages\]\]$", "angiv mindst ét [[languages]]"),
    (
        TOOL,
        r"(`\w+ = .*`) must stay inside the site: give a path relative to the site's folder without `\.\.` and not absolute, e\.g\. (`.*`)$",
        "$1 skal blive inde i webstedet: angiv en sti i forhold til webstedets mappe, uden `..` og ikke absolut, fx $2",
    ),
    (
        TOOL,
        r"(`\w+ = .*`) leads outside the site through a symbolic link; copy the files into the site instead of linking to them$",
        "$1 fører uden for webstedet gennem et symbolsk link; kopiér filerne ind i webstedet i stedet for at linke til dem",
    ),
    (
        TOOL,
        r"(`code = .*`) is not a language tag: use 2-3 lower-case letters, optionally followed by subtags of 2-8 letters or digits after `-` \(BCP 47\), e\.g\. `da`, `en` or `en-GB`$",
        "$1 er ikke en sprogkode: brug 2-3 små bogstaver, eventuelt efterfulgt af underkoder på 2-8 bogstaver eller cifre efter `-` (BCP 47), fx `da`, `en` eller `en-GB`",
    ),
    (
        TOOL,
        r#"base_url `(.*)` is not a web address to publish under: write https:// and the host, with a path if the site lives under one, e\.g\. "https://privatliv\.lejre\.dk" or "https://www\.lejre\.dk/privatliv"$"#,
        "base_url `$1` er ikke en webadresse, webstedet kan udgives under: skriv https:// og værtsnavnet, med en sti, hvis webstedet ligger under en, fx \"https://privatliv.lejre.dk\" eller \"https://www.lejre.dk/privatliv\"",
    ),
    // Usage errors: page names (slug.rs), existing pages, `new` and `import`.
    (TOOL, r"^the page name \(slug\) is empty: give one, e\.g\. `--slug parkering`; ", "sidenavnet (slug) er tomt: angiv et, fx `--slug parkering`; "),
    (
        TOOL,
        r"^the page name `(.*)` is a path; a page is always written to content/<name>\.md, so give a name without `/` or `\\`; ",
        "sidenavnet `$1` er en sti; en side skrives altid til content/<navn>.md, så angiv et navn uden `/` og `\\`; ",
    ),
    (
        TOOL,
        r"^the page name `(.*)` starts with `\.`, which makes a hidden file \(or, as `\.\.`, a path out of content/\); ",
        "sidenavnet `$1` begynder med `.`, som giver en skjult fil (eller, som `..`, en sti ud af content/); ",
    ),
    (TOOL, r"^the page name `(.*)` is (\d+) characters long; ", "sidenavnet `$1` er $2 tegn langt; "),
    (TOOL, r"^the page name `(.*)` is not valid \(try `(.*)`\); ", "sidenavnet `$1` er ikke gyldigt (prøv `$2`); "),
    (
        TOOL,
        r"a page name may hold only lower-case letters a-z, digits and hyphens, must start and end with a letter or digit, and may be at most 80 characters long$",
        "et sidenavn må kun indeholde små bogstaver a-z, cifre og bindestreger, skal begynde og slutte med et bogstav eller et ciffer og må højst være 80 tegn langt",
    ),
    (
        TOOL,
        r"^the page name `(.*)` is taken by the site's own pages or folders \(language prefixes, kontakt/, matrix/, _index\); choose another, e\.g\. `(.*)`$",
        "sidenavnet `$1` bruges allerede af webstedets egne sider eller mapper (sprogpræfikser, kontakt/, matrix/, _index); vælg et andet, fx `$2`",
    ),
    (
        TOOL,
        r"^(.*) already exists?; nothing was written \(pass --force to replace (?:it|them), or edit the page, or choose another page name\)$",
        "$1 findes allerede; intet blev skrevet (brug --force for at erstatte, eller redigér siden, eller vælg et andet sidenavn)",
    ),
    (
        TOOL,
        r"^(.*) already exists?; nothing was written \(pass --force to replace (?:it|them), or give --slug another name to import under\)$",
        "$1 findes allerede; intet blev skrevet (brug --force for at erstatte, eller angiv et andet navn med --slug)",
    ),
    (TOOL, r"^(`[^`]*`) and (`[^`]*`) findes allerede", "$1 og $2 findes allerede"),
    (TOOL, r#"^the title is empty: give --title "\.\.\."$"#, "titlen er tom: angiv --title \"...\""),
    (TOOL, r"^unknown legal-basis code (.*); valid forms are ", "ukendt kode for retsgrundlag $1; "),
    (
        TOOL,
        r#"; "6\.1\.a" to "6\.1\.f", "9\.2\.a" to "9\.2\.j", "10", or "dbl-N" for Databeskyttelsesloven § N$"#,
        "; gyldige former er \"6.1.a\" til \"6.1.f\", \"9.2.a\" til \"9.2.j\", \"10\" eller \"dbl-N\" for databeskyttelseslovens § N",
    ),
    (
        TOOL,
        r"^unknown source `(.*)`: use --sources subject \(from the person\), --sources others \(from anyone else\) or --sources subject,others$",
        "ukendt kilde `$1`: brug --sources subject (fra personen selv), --sources others (fra andre) eller --sources subject,others",
    ),
    (
        TOOL,
        r"^cannot import `(.*)`: the file is empty; give the page's text \(copied from the website\) or its saved HTML$",
        "kan ikke importere `$1`: filen er tom; angiv sidens tekst (kopieret fra hjemmesiden) eller dens gemte HTML",
    ),
    (
        TOOL,
        r"^cannot import `(.*)`: no title found \(the HTML has no <h1> or <title> with text\); add the page's title at the top and run import again$",
        "kan ikke importere `$1`: ingen titel fundet (HTML'en har ingen <h1> eller <title> med tekst); tilføj sidens titel øverst, og kør import igen",
    ),
    (
        TOOL,
        r"^cannot import `(.*)`: no title found \(the first line of text is the title\); add the page's title at the top and run import again$",
        "kan ikke importere `$1`: ingen titel fundet (tekstens første linje er titlen); tilføj sidens titel øverst, og kør import igen",
    ),
    (
        TOOL,
        r"^cannot make a page name from the title `(.*)` \((.*)\); give one with --slug NAME$",
        "kan ikke lave et sidenavn ud fra titlen `$1` ($2); angiv et med --slug NAVN",
    ),
    // Folders and files a verb refuses to write (confine.rs, cmd/).
    (TOOL, r"^refusing to build into `(.*?)`: ", "bygger ikke i `$1`: "),
    (TOOL, r"^refusing to write `(.*?)`: ", "skriver ikke `$1`: "),
    (TOOL, r"^refusing to read `(.*?)`: the path would leave the output folder `(.*)`$", "læser ikke `$1`: stien ville føre ud af outputmappen `$2`"),
    (TOOL, r"^skriver ikke `(.*?)`: the path would leave the output folder `(.*)`$", "skriver ikke `$1`: stien ville føre ud af outputmappen `$2`"),
    (TOOL, r": it is the file system's root\. ", ": det er filsystemets rod. "),
    (TOOL, r": it is or holds your home folder `(.*?)`\. ", ": det er eller indeholder din hjemmemappe `$1`. "),
    (TOOL, r": it is the site's (root folder|content folder|templates folder|Sass folder|requirements folder|config\.toml)\. ", ": det er webstedets $1. "),
    (TOOL, r": it holds the site's (root folder|content folder|templates folder|Sass folder|requirements folder|config\.toml) \((`.*?`)\)\. ", ": den indeholder webstedets $1 ($2). "),
    (TOOL, r": it lies inside the site's (root folder|content folder|templates folder|Sass folder|requirements folder|config\.toml) \((`.*?`)\)\. ", ": den ligger i webstedets $1 ($2). "),
    (TOOL, r": it is a symbolic link \(to `(.*?)`\)\. ", ": det er et symbolsk link (til `$1`). "),
    (TOOL, r": it is a file, not a folder\. ", ": det er en fil, ikke en mappe. "),
    (TOOL, r": the folder is not empty and was not written by privacy-site \(it has no `(.*?)` file\)\. ", ": mappen er ikke tom og er ikke skrevet af privacy-site (den har ingen `$1`-fil). "),
    (TOOL, r"\. Nothing was written; choose an output folder of its own, e\.g\. `--output public` \(privacy-site creates it\)$", ". Intet blev skrevet; vælg en mappe kun til output, fx `--output public` (privacy-site opretter den)"),
    (TOOL, r"\. Nothing was written; give the folder itself, or a new folder$", ". Intet blev skrevet; angiv selve mappen eller en ny mappe"),
    (
        TOOL,
        r"\. Nothing was written; choose a new folder; or, if it is an earlier build's output, delete it or mark it as one with `touch (.*)`$",
        ". Intet blev skrevet; vælg en ny mappe, eller, hvis det er output fra en tidligere build, så slet den eller markér den som output med `touch $1`",
    ),
    (TOOL, r": the file must end in \.html \(a file name such as `matrix\.html`\); nothing was written$", ": filen skal ende på .html (et filnavn som `matrix.html`); intet blev skrevet"),
    (TOOL, r": a page's file must end in \.md; nothing was written$", ": en sides fil skal ende på .md; intet blev skrevet"),
    (TOOL, r": it is a folder; name a file; nothing was written$", ": det er en mappe; angiv en fil; intet blev skrevet"),
    (
        TOOL,
        r": it is in the site's (root folder|content folder|templates folder|Sass folder|requirements folder|config\.toml) \((`.*?`)\), whose files are the site's sources; write it somewhere else; nothing was written$",
        ": den ligger i webstedets $1 ($2), hvis filer er webstedets kilder; skriv den et andet sted; intet blev skrevet",
    ),
    (TOOL, r": it is one of the pages being audited; nothing was written$", ": det er en af de sider, der gennemgås; intet blev skrevet"),
    (TOOL, r"(webstedets )root folder\b", "${1}rodmappe"),
    (TOOL, r"(webstedets )content folder\b", "${1}indholdsmappe (content)"),
    (TOOL, r"(webstedets )templates folder\b", "${1}skabelonmappe (templates)"),
    (TOOL, r"(webstedets )Sass folder\b", "${1}Sass-mappe"),
    (TOOL, r"(webstedets )requirements folder\b", "${1}kravmappe (requirements)"),
    (
        TOOL,
        r"^--fragments `(.*)` and --output `(.*)` overlap: give the fragments a folder of their own beside the output, e\.g\. --fragments fragments$",
        "--fragments `$1` og --output `$2` overlapper: giv fragmenterne deres egen mappe ved siden af outputtet, fx --fragments fragments",
    ),
    (
        TOOL,
        r"^another privacy-site run holds the lock `(.*)` and did not finish within (\d+) s; wait for it to finish \(or raise --lock-timeout\) and try again$",
        "en anden kørsel af privacy-site holder låsen `$1` og blev ikke færdig inden for $2 s; vent, til den er færdig (eller hæv --lock-timeout), og prøv igen",
    ),
    // A site that is not there, or not whole (load/, render/, serve/).
    (
        TOOL,
        r"^there is no content folder at `(.*)`: run privacy-site in the site's root or pass --root$",
        "der er ingen indholdsmappe i `$1`: kør privacy-site i webstedets rodmappe, eller angiv --root",
    ),
    (TOOL, r"^there is no templates folder at `(.*)`$", "der er ingen skabelonmappe i `$1`"),
    (
        TOOL,
        r"^there is no config\.toml in `(.*)`: run privacy-site serve in the site's root or pass --root$",
        "der er ingen config.toml i `$1`: kør privacy-site serve i webstedets rodmappe, eller angiv --root",
    ),
    (
        TOOL,
        r"^`(.*)` is a symbolic link to `(.*)`, which is outside the site folder `(.*)` \(or does not exist\); privacy-site reads nothing outside the site: copy the file into content/ or remove the link$",
        "`$1` er et symbolsk link til `$2`, som ligger uden for webstedets mappe `$3` (eller ikke findes); privacy-site læser intet uden for webstedet: kopiér filen ind i content/, eller fjern linket",
    ),
    (TOOL, r"^unknown contact `(.*)`$", "ukendt kontakt `$1`"),
    (TOOL, r"^unknown shortcode `(.*)`$", "ukendt shortcode `$1`"),
    (TOOL, r"^`(.*)` has no <main> element: the fragment cannot be cut from it$", "`$1` har intet <main>-element: fragmentet kan ikke skæres ud af den"),
    (TOOL, r"^cannot read (`.*?`): ", "kan ikke læse $1: "),
    (TOOL, r"^(`.*`) is neither a file nor a folder$", "$1 er hverken en fil eller en mappe"),
    // translated (translate.rs, cmd/translated.rs)
    (
        TOOL,
        r"^`(.*)` is the (\S+) page itself; name its translation instead: (.*)$",
        "`$1` er selv siden på `$2`; angiv i stedet dens oversættelse: $3",
    ),
    (TOOL, r"^(`privacy-site translated [^`]*`) or (`privacy-site translated [^`]*`)", "$1 eller $2"),
    (
        TOOL,
        r"^`(.*)` has no (\S+) page to be a translation of \(expected a page with slug `(.*)`\); create it first, or rename the translation$",
        "`$1` har ingen side på `$2`, den kan være en oversættelse af (der skulle være en side med navnet `$3`); opret den først, eller omdøb oversættelsen",
    ),
    (TOOL, r"^cannot record `(.*?)`: ", "kan ikke registrere `$1`: "),
    (
        TOOL,
        r"^`(.*)` did not load as a page \(a draft, or it has errors: see `privacy-site check`\)$",
        "`$1` kunne ikke indlæses som en side (en kladde, eller den har fejl: se `privacy-site check`)",
    ),
    (
        TOOL,
        r"^no page `(.*)` under `(.*)`: name the translation's file, e\.g\. `(.*)`$",
        "ingen side `$1` under `$2`: angiv oversættelsens fil, fx `$3`",
    ),
    (TOOL, r"^--base-url: ", "--base-url: "),
    // clap's words for a command line it refuses (exit code 2); its --help stays English.
    (TOOL, r"^error: invalid value '(.*)' for '(.*)'$", "error: ugyldig værdi '$1' for '$2'"),
    (TOOL, r"^error: invalid value '(.*)' for '(.*?)': (.*)$", "error: ugyldig værdi '$1' for '$2': $3"),
    (TOOL, r"^  \[possible values: (.*)\]$", "  [mulige værdier: $1]"),
    (TOOL, r"^  tip: a similar value exists: '(.*)'$", "  tip: der findes en lignende værdi: '$1'"),
    (TOOL, r"^error: the following required arguments were not provided:$", "error: disse påkrævede argumenter mangler:"),
    (TOOL, r"^error: unexpected argument '(.*)' found$", "error: uventet argument '$1'"),
    (TOOL, r"^  tip: a similar argument exists: '(.*)'$", "  tip: der findes et lignende argument: '$1'"),
    (TOOL, r"^  tip: to pass '(.*)' as a value, use '(.*)'$", "  tip: skriv '$2' for at give '$1' som værdi"),
    (TOOL, r"^error: unrecognized subcommand '(.*)'$", "error: ukendt kommando '$1'"),
    (TOOL, r"^  tip: a similar subcommand exists: '(.*)'$", "  tip: der findes en lignende kommando: '$1'"),
    (TOOL, r"^  tip: some similar subcommands exist: (.*)$", "  tip: der findes lignende kommandoer: $1"),
    (TOOL, r"^error: the argument '(.*)' cannot be used with '(.*)'$", "error: argumentet '$1' kan ikke bruges sammen med '$2'"),
    (TOOL, r"^error: the argument '(.*)' cannot be used with:$", "error: argumentet '$1' kan ikke bruges sammen med:"),
    (TOOL, r"^error: the argument '(.*)' cannot be used multiple times$", "error: argumentet '$1' må kun gives én gang"),
    (TOOL, r"^error: a value is required for '(.*)' but none was supplied$", "error: '$1' kræver en værdi, men der blev ikke givet nogen"),
    (TOOL, r"^error: the argument '(.*)' requires a value but none was supplied$", "error: argumentet '$1' kræver en værdi, men der blev ikke givet nogen"),
    (TOOL, r"^error: the following required argument was not provided: (.*)$", "error: dette påkrævede argument mangler: $1"),
    (TOOL, r"^Usage: ", "Brug: "),
    (TOOL, r"^For more information, try '(.*)'\.$", "Skriv '$1' for at få mere hjælp."),
    (TOOL, r": invalid digit found in string$", ": ugyldigt ciffer i tallet"),
    (TOOL, r": (\d+) is not in (\S+)$", ": $1 ligger ikke i intervallet $2"),
    (TOOL, r": number too large to fit in target type$", ": tallet er for stort"),
    (TOOL, r": invalid value for one of the arguments$", ": ugyldig værdi"),
];

/// Some forms of the catalogue, with a set that finds in one pass which of them
/// match a text. Each form's own regex is compiled the first time a text needs it:
/// a run meets a few of the hundreds of forms, and compiled ones cost memory.
struct Forms {
    set: regex::RegexSet,
    /// (rule, form as the set has it, its regex once needed, Danish).
    forms: Vec<(&'static str, String, OnceLock<Regex>, &'static str)>,
}

impl Forms {
    /// The catalogue's forms whose rule `keep` accepts, in the catalogue's order.
    fn of(keep: fn(&str) -> bool) -> Forms {
        let chosen: Vec<(&str, String, &str)> =
            CATALOGUE.iter().filter(|(rule, _, _)| keep(rule)).map(|(rule, en, da)| (*rule, ascii_boundaries(en), *da)).collect();
        Forms {
            set: regex::RegexSet::new(chosen.iter().map(|(_, en, _)| en)).expect("catalogue regexes"),
            forms: chosen.into_iter().map(|(rule, en, da)| (rule, en, OnceLock::new(), da)).collect(),
        }
    }

    /// `text` with every form whose rule `applies` accepts put in Danish, in the
    /// catalogue's order. The set is asked again only after a form has changed the
    /// text (a later form may translate what an earlier one wrote).
    fn apply(&self, mut text: String, applies: impl Fn(&str) -> bool) -> String {
        let mut matching = self.set.matches(&text);
        for (k, (rule, form, re, da)) in self.forms.iter().enumerate() {
            if matching.matched(k) && applies(rule) {
                let re = re.get_or_init(|| Regex::new(form).expect("the set compiled it"));
                text = re.replace_all(&text, *da).into_owned();
                matching = self.set.matches(&text);
            }
        }
        text
    }
}

/// The forms of findings (the tool's own, [`TOOL`], never apply to a finding).
static FINDING_FORMS: LazyLock<Forms> = LazyLock::new(|| Forms::of(|rule| rule != TOOL));

/// The forms of the tool's own words (and TOML's, which an error in config.toml quotes).
static TOOL_FORMS: LazyLock<Forms> = LazyLock::new(|| Forms::of(|rule| rule == TOOL || rule == TOML));

/// A form with each `\b` an ASCII word boundary: the forms match English words, and
/// a Unicode `\b` sends every search over Danish text (æ, ø, å) through the regex
/// crate's slowest engine.
fn ascii_boundaries(form: &str) -> String {
    form.replace(r"\b", r"(?-u:\b)")
}

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
                out = replace_unquoted(&out, from, to);
            }
        }
    }
    if lang == "da" {
        out = FINDING_FORMS.apply(out, |r| r == "*" || r == rule || (r == TOML && rule == "front-matter"));
    }
    // "The page does not say …" (check/notice.rs) in Danish.
    if lang == "da" {
        if let Some(rest) = out.split_once("): the page ").map(|(a, b)| format!("{a}): siden {b}")) {
            out = rest;
        }
    }
    out
}

/// A quoted text in a finding: what an editor wrote (a heading, a sentence, a
/// value), unless it follows "reads like ", where it is a requirement's title.
static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""[^"]*""#).expect("quoted"));

/// `text` with `from` replaced by `to` wherever it does not start inside what an
/// editor wrote in quotes (see [`QUOTED`]): a heading named "Klage til Datatilsynet"
/// stays as written in an English report.
fn replace_unquoted(text: &str, from: &str, to: &str) -> String {
    let quoted: Vec<std::ops::Range<usize>> = QUOTED.find_iter(text).filter(|m| !text[..m.start()].ends_with("reads like ")).map(|m| m.range()).collect();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, _) in text.match_indices(from) {
        if i < last || quoted.iter().any(|r| r.start < i && i < r.end) {
            continue;
        }
        out.push_str(&text[last..i]);
        out.push_str(to);
        last = i + from.len();
    }
    out.push_str(&text[last..]);
    out
}

/// The tool's own words (a verb's output, an error that stops the run) in the run's
/// language ([`current`]); see [`say_in`].
pub fn say(text: &str) -> String {
    say_in(text, current())
}

/// The tool's own words in `lang`. They are written in English; for Danish each line
/// goes through the catalogue's [`TOOL`] forms, whose captures keep what an editor,
/// a path or another program wrote as it is. A requirement's English title that a
/// form marks `⟨…⟩` becomes its Danish title.
pub fn say_in(text: &str, lang: &str) -> String {
    if lang != "da" {
        return text.to_string();
    }
    text.split_inclusive('\n')
        .map(|line| {
            let (body, end) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
            let mut out = TOOL_FORMS.apply(body.to_string(), |_| true);
            if out.contains('⟨') {
                out = TITLE_MARK
                    .replace_all(&out, |c: &regex::Captures| {
                        let en = &c[1];
                        crate::requirements::REQUIREMENTS.iter().find(|r| r.title.en == en).map_or(en.to_string(), |r| r.title.da.to_string())
                    })
                    .into_owned();
            }
            out + end
        })
        .collect()
}

/// A requirement's title marked by a [`TOOL`] form.
static TITLE_MARK: LazyLock<Regex> = LazyLock::new(|| Regex::new("⟨(.*?)⟩").expect("title mark"));

/// Puts every finding in `lang`. Findings share texts (a rule's help is one of a
/// few, and many pages miss the same things): each distinct text of a rule is
/// translated once.
pub fn localise_all(findings: &mut [Finding], lang: &str) {
    let mut messages: std::collections::HashMap<(&'static str, String), String> = std::collections::HashMap::new();
    let mut helps: std::collections::HashMap<(&'static str, Text), Text> = std::collections::HashMap::new();
    for f in findings {
        let message = std::mem::take(&mut f.message);
        f.message = match messages.entry((f.rule, message)) {
            std::collections::hash_map::Entry::Occupied(e) => e.get().clone(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let translated = translate(f.rule, &e.key().1, lang);
                e.insert(translated).clone()
            }
        };
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
        let tool_only = TOOL_FORMS.forms.iter().filter(|(r, _, _, _)| *r == TOOL).count();
        assert_eq!(FINDING_FORMS.forms.len() + tool_only, CATALOGUE.len(), "every form is compiled into one set or both");
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
    fn the_tools_own_words_keep_what_they_quote() {
        assert_eq!(say_in("wrote content/vores-dialog.md", "da"), "skrev content/vores-dialog.md");
        assert_eq!(say_in("wrote content/vores-dialog.md", "en"), "wrote content/vores-dialog.md");
        let note = "note: 'The rights of access' names Categories of personal data but its section does not give it: #categories not put there\n";
        let r = crate::requirements::REQUIREMENTS.iter().find(|r| r.key == "categories").unwrap();
        assert_eq!(r.title.en, "Categories of personal data");
        assert_eq!(
            say_in(note, "da"),
            format!("note: 'The rights of access' nævner \"{}\", men afsnittet giver det ikke: #categories er ikke sat der\n", r.title.da)
        );
        assert_eq!(say_in("an English line no form knows", "da"), "an English line no form knows");
    }

    #[test]
    fn a_heading_an_editor_wrote_is_never_translated() {
        let r = crate::requirements::REQUIREMENTS.iter().find(|r| r.key == "complaint").unwrap();
        let message = format!("{} (13(2)(d)): the section \"{}\" is empty", r.title.en, r.title.da);
        assert_eq!(translate("art13-empty-section", &message, "en"), message, "the heading stays as written");
        assert_eq!(translate("art13-empty-section", &message, "da"), format!("{} (13(2)(d)): afsnittet \"{}\" er tomt", r.title.da, r.title.da));
        let hint = format!("line 4 reads like \"{}\": put a heading with {{#complaint}} above it", r.title.en);
        assert_eq!(translate("art13-missing", &hint, "da"), format!("linje 4 lyder som \"{}\": sæt en overskrift med {{#complaint}} over den", r.title.da));
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
