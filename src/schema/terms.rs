//! The words operators use for keys: each key's Chinese terms, read from the parentheses of
//! its schema description ("Planned members per group (群容量)"), and the places each key is
//! known, so an unknown key can be named in the language's words (`群容量` is `capacity`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value as Json;

use super::description;

/// A key known somewhere in the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Home {
    /// Where the key goes, as people read it (`groups`, `roles[]`; empty for the top level).
    pub(super) place: String,
    /// The English key.
    pub(super) key: String,
}

/// The key among `properties` (a schema's `properties` object) that `word` is a Chinese term
/// for, if any.
pub(super) fn key_for(root: &Json, properties: Option<&Json>, word: &str) -> Option<String> {
    let properties = properties?.as_object()?;
    properties
        .iter()
        .find(|(_, node)| description(root, node).is_some_and(|d| terms(&d).any(|t| t == word)))
        .map(|(key, _)| key.clone())
}

/// The one place of the schema where `word` is a key or a key's Chinese term; None when it is
/// known in none or in several (a common key such as `id` or `title` says nothing of where).
pub(super) fn home(word: &str) -> Option<&'static Home> {
    static HOMES: OnceLock<BTreeMap<String, Vec<Home>>> = OnceLock::new();
    let homes = HOMES.get_or_init(|| {
        let (root, mut homes) = (&super::compiled().schema, BTreeMap::new());
        walk(root, root, "", 0, &mut homes);
        homes
    });
    match homes.get(word)?.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The Chinese terms in a description's parentheses: `(愿景/口号)` names two.
pub(super) fn terms(description: &str) -> impl Iterator<Item = &str> {
    description
        .split(['(', '（'])
        .skip(1)
        .filter_map(|rest| rest.split_once([')', '）']).map(|(inside, _)| inside))
        .filter(|inside| !inside.is_ascii())
        .flat_map(|inside| inside.split(['/', '、']))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Deep enough for every object of the language; a bound, should a definition ever refer to
/// itself.
const MAX_DEPTH: usize = 12;

/// Records every property under `node`, at `place`, by its key and by each of its terms.
fn walk(root: &Json, node: &Json, place: &str, depth: usize, homes: &mut BTreeMap<String, Vec<Home>>) {
    if depth > MAX_DEPTH {
        return;
    }
    let resolved = node.get("$ref").and_then(Json::as_str).and_then(|r| root.pointer(r.strip_prefix('#')?));
    if let Some(target) = resolved {
        walk(root, target, place, depth + 1, homes);
    }
    if let Some(properties) = node.get("properties").and_then(Json::as_object) {
        for (key, child) in properties {
            let home = Home { place: place.to_string(), key: key.clone() };
            let words = description(root, child).map(|d| terms(&d).map(str::to_string).collect()).unwrap_or_default();
            for word in std::iter::once(key.clone()).chain::<Vec<String>>(words) {
                let known = homes.entry(word).or_default();
                if !known.contains(&home) {
                    known.push(home.clone());
                }
            }
            let below = if place.is_empty() { key.clone() } else { format!("{place}.{key}") };
            walk(root, child, &below, depth + 1, homes);
        }
    }
    if let Some(items) = node.get("items") {
        walk(root, items, &format!("{place}[]"), depth + 1, homes);
    }
    for branches in ["anyOf", "oneOf", "allOf"].iter().filter_map(|k| node.get(*k).and_then(Json::as_array)) {
        branches.iter().for_each(|b| walk(root, b, place, depth + 1, homes));
    }
}

#[cfg(test)]
mod tests {
    use super::super::SCHEMA_JSON;
    use super::*;

    #[test]
    fn terms_are_the_chinese_in_parentheses() {
        assert_eq!(terms("Planned members per group (群容量).").collect::<Vec<_>>(), ["群容量"]);
        assert_eq!(terms("The vision in one line (愿景/口号); what…").collect::<Vec<_>>(), ["愿景", "口号"]);
        assert_eq!(terms("One theme, or (a smell) several.").count(), 0);
        assert_eq!(terms("m (minutes), 分钟 (时长).").collect::<Vec<_>>(), ["时长"]);
        assert_eq!(terms("unclosed (群容量").count(), 0);
    }

    #[test]
    fn keys_are_found_by_their_terms_where_they_are_known() {
        let root: Json = serde_json::from_str(SCHEMA_JSON).unwrap();
        let groups = root.pointer("/$defs/Groups/properties");
        assert_eq!(key_for(&root, groups, "群容量").as_deref(), Some("capacity"));
        assert_eq!(key_for(&root, groups, "容量"), None);
        let home = |w| home(w).map(|h| (h.place.as_str(), h.key.as_str()));
        assert_eq!(home("capacity"), Some(("groups", "capacity")));
        assert_eq!(home("群容量"), Some(("groups", "capacity")));
        assert_eq!(home("active_target"), Some(("groups", "active_target")));
        // Known in many places: no one home.
        assert_eq!(home("id"), None);
        assert_eq!(home("no-such-key"), None);
    }
}
