//! Contact records: the controller, the DPO and the supervisory authority exist once,
//! as contact pages, and every other page embeds them with `{{ contact(id="…") }}`.

use serde::{Deserialize, Serialize};
use toml::value::Datetime;

/// The structured front matter of a contact page (`[contact]`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRecord {
    /// The id pages use in the shortcode.
    pub id: String,
    /// `controller`, `dpo` or `supervisory-authority`.
    pub role: String,
    /// The organisation's name.
    pub name: String,
    /// An "Att." line for letters.
    #[serde(default)]
    pub attention: String,
    /// Street and number.
    #[serde(default)]
    pub street: String,
    /// Postcode.
    #[serde(default)]
    pub postcode: String,
    /// City.
    #[serde(default)]
    pub city: String,
    /// Phone number as written in Denmark, e.g. `46 46 46 46`.
    #[serde(default)]
    pub phone: String,
    /// E-mail address.
    #[serde(default)]
    pub email: String,
    /// Address of a secure-message form.
    #[serde(default)]
    pub secure_message: String,
    /// Web site.
    #[serde(default)]
    pub web: String,
    /// CVR number, where the contact has one.
    #[serde(default)]
    pub cvr: String,
    /// Departments with their own e-mail.
    #[serde(default)]
    pub units: Vec<Unit>,
    /// Details the sources disagree on, to be confirmed by the municipality.
    #[serde(default)]
    pub to_confirm: Vec<ToConfirm>,
}

/// A department under a contact, with its own e-mail.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// The id used as `unit="…"`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its e-mail.
    pub email: String,
    /// Its phone, if it has its own.
    #[serde(default)]
    pub phone: String,
}

/// A disagreement between sources, carried visibly until the municipality settles it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ToConfirm {
    /// The field, e.g. `street`.
    pub field: String,
    /// Other values seen in published pages.
    #[serde(default)]
    pub seen: Vec<String>,
    /// Which pages say what, and who must confirm.
    pub note: String,
    /// When the disagreement was recorded.
    pub since: Option<Datetime>,
}

/// The roles a contact may have.
pub const ROLES: &[&str] = &["controller", "dpo", "supervisory-authority"];

impl ContactRecord {
    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// Every detail of the record that, typed by hand in prose, should have been the
    /// shortcode: e-mails (also of units), phone, street, secure-message address.
    pub fn details(&self) -> Vec<&str> {
        let mut details = vec![self.email.as_str(), self.phone.as_str(), self.street.as_str(), self.secure_message.as_str()];
        details.extend(self.units.iter().map(|u| u.email.as_str()));
        details.retain(|d| !d.is_empty());
        details
    }

    /// The e-mail domain, e.g. `bechbruun.com`.
    pub fn email_domain(&self) -> Option<&str> {
        self.email.rsplit_once('@').map(|(_, d)| d)
    }
}

impl ContactRecord {
    /// The record's fields that the templates write as links: (key, value).
    pub fn urls(&self) -> [(&'static str, &str); 2] {
        [("web", self.web.as_str()), ("secure_message", self.secure_message.as_str())]
    }
}

/// The URL policy ([`crate::url_policy`]) applied to the link fields of every
/// contact record, in every language: a refused URL is an error at the line of its
/// key in the contact page's front matter, so the build writes no page with it;
/// `http:` is a warning. The output rules leave links from these fields to this
/// check, so a record embedded on many pages is reported once.
pub fn check_urls(site: &crate::site::Site) -> Vec<crate::Finding> {
    let mut findings = Vec::new();
    for page in &site.pages {
        let Some(record) = &page.front.contact else { continue };
        for (key, value) in record.urls().into_iter().filter(|(_, v)| !v.is_empty()) {
            let subject = || format!("the {key} address {} of contact `{}`", crate::url_policy::quoted(value), crate::controls::visible(&record.id));
            if let Some(finding) = crate::url_policy::finding(value, subject, &page.file, 0) {
                // The front matter is read again only to say where the key is.
                findings.push(crate::Finding { line: crate::check::templates::key_line(&page.read_front(&site.root), key), ..finding });
            }
        }
    }
    findings
}
