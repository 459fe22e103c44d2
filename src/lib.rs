//! privacy-site: builds Lejre Kommune's bilingual privacy pages and checks that
//! every privacy notice holds what GDPR Art. 13 and 14 require.
//!
//! The pipeline, one module per stage:
//! [`load`] → [`check`] → [`render`] → [`rewrite`] → [`write`](mod@write), driven by
//! [`pipeline::run`] over the [`site::Site`] model.

pub mod audit;
pub mod changes;
pub mod check;
pub mod config;
pub mod confine;
pub mod contacts;
pub mod controls;
pub mod error;
pub mod evidence;
pub mod feed;
pub mod finding;
pub mod fragments;
pub mod fsx;
pub mod import;
pub mod in_brief;
pub mod legal_basis;
pub mod load;
pub mod matrix;
pub mod messages;
pub mod pipeline;
pub mod readability;
pub mod render;
pub mod report;
pub mod requirements;
pub mod rewrite;
pub mod scaffold;
pub mod scratch;
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod slug;
pub mod small_map;
pub mod text;
pub mod tilt;
pub mod to_confirm;
pub mod trace;
pub mod translate;
pub mod url_policy;
pub mod write;

pub use error::{Error, Result};
pub use finding::{Finding, Severity, Summary};
pub use site::Site;
