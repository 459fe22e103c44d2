//! Translation rules (filled in by the bilingual work).

use crate::finding::Finding;
use crate::site::Site;

/// Translation findings for the whole site.
pub fn check(_site: &Site) -> Vec<Finding> {
    Vec::new()
}
