//! Placeholder rule (filled in by the `new` work).

use crate::finding::Finding;
use crate::load::page::Page;

/// Placeholder findings for one page.
pub fn check(_page: &Page) -> Vec<Finding> {
    Vec::new()
}
