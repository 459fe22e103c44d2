//! A small map kept as a sorted list. Front matter's maps (waivers, a translation's
//! section hashes) hold a handful of entries each, on every one of tens of thousands
//! of pages: a `BTreeMap` allocates a node with room for eleven entries and each key
//! on its own, where this holds the entries in one allocation and keys of up to 24
//! bytes inline.

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// A map from short text keys to `V`, sorted by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmallMap<V>(Box<[(CompactString, V)]>);

impl<V> Default for SmallMap<V> {
    fn default() -> Self {
        SmallMap(Box::new([]))
    }
}

impl<V> SmallMap<V> {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &self.0[i].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a, V> IntoIterator for &'a SmallMap<V> {
    type Item = (&'a str, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (CompactString, V)>, fn(&'a (CompactString, V)) -> (&'a str, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl<K: AsRef<str>, V> FromIterator<(K, V)> for SmallMap<V> {
    /// The map of `entries`; of two entries with one key, the last is kept (as a
    /// `BTreeMap` keeps it).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let sorted: BTreeMap<CompactString, V> = entries.into_iter().map(|(k, v)| (CompactString::new(k.as_ref()), v)).collect();
        SmallMap(sorted.into_iter().collect())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SmallMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<CompactString, V>::deserialize(deserializer)?;
        Ok(SmallMap(map.into_iter().collect()))
    }
}

impl<V: Serialize> Serialize for SmallMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_found_in_key_order_and_the_last_of_two_is_kept() {
        let map: SmallMap<u32> = [("dpo", 1), ("complaint", 2), ("rights", 3), ("dpo", 4)].into_iter().collect();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["complaint", "dpo", "rights"]);
        assert_eq!(map.get("dpo"), Some(&4));
        assert_eq!(map.get("purposes"), None);
        assert!(map.contains_key("rights") && !map.contains_key(""));
        assert_eq!(map.len(), 3);
        assert!(SmallMap::<u32>::default().is_empty());
    }

    #[test]
    fn it_reads_and_writes_as_a_toml_table() {
        #[derive(Deserialize, Serialize)]
        struct Doc {
            sections: SmallMap<String>,
        }
        let doc: Doc = toml::from_str("[sections]\nrights = \"b\"\ndpo = \"a\"\n").unwrap();
        assert_eq!(doc.sections.get("dpo").map(String::as_str), Some("a"));
        assert_eq!(toml::to_string(&doc).unwrap(), "[sections]\ndpo = \"a\"\nrights = \"b\"\n");
        assert!(toml::from_str::<Doc>("sections = 3").is_err());
    }
}
