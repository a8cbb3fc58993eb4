//! Group keys: a group's identity made from its matrix values and `n`, never its position, so
//! its folder, calendar UIDs and CSV rows stay its own when the matrix or `count` grows.
//!
//! The rule: each matrix value as written, letters and digits (any script) and `_` kept, every
//! other character percent-encoded as its UTF-8 bytes (`%2D` for `-`, `%20` for a space), an
//! empty value written `_`; the values joined with `-` in matrix order (at most
//! [`GROUP_KEY_VALUES_MAX_BYTES`], cut before a character), then `-n`. Without a matrix the key
//! is `n`. `成都`, `三年级`, n = 1 → `成都-三年级-1`.

use std::collections::HashMap;

use crate::limits::GROUP_KEY_VALUES_MAX_BYTES;
use crate::spec::MatrixValue;

/// The key of the group numbered `n` within the combination `values`.
pub(crate) fn group_key<'a>(values: impl IntoIterator<Item = &'a MatrixValue>, n: u32) -> String {
    let mut key = String::new();
    'values: for value in values {
        let text = value.to_string();
        let sep = usize::from(!key.is_empty());
        let pieces: Vec<String> = if text.is_empty() { vec!["_".into()] } else { text.chars().map(escape).collect() };
        if key.len() + sep + pieces[0].len() > GROUP_KEY_VALUES_MAX_BYTES {
            break;
        }
        if sep == 1 {
            key.push('-');
        }
        for piece in pieces {
            if key.len() + piece.len() > GROUP_KEY_VALUES_MAX_BYTES {
                break 'values;
            }
            key.push_str(&piece);
        }
    }
    if key.is_empty() { n.to_string() } else { format!("{key}-{n}") }
}

/// A character as it stands in a key: safe in file names, UIDs and CSV cells everywhere.
fn escape(c: char) -> String {
    if c.is_alphanumeric() || c == '_' {
        return c.to_string();
    }
    let mut bytes = [0; 4];
    c.encode_utf8(&mut bytes).bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Finds keys that name one folder on a case-insensitive file system (macOS, Windows): each
/// clash as (earlier group, later group), 0-based, the first clash of each later group.
#[derive(Default)]
pub(crate) struct Keys(HashMap<String, usize>);

impl Keys {
    /// Records group `group`'s key; the earlier group holding the same key, if any.
    pub(crate) fn clash(&mut self, group: usize, key: &str) -> Option<usize> {
        match self.0.entry(key.to_lowercase()) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(group);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(values: &[&str], n: u32) -> String {
        let values: Vec<MatrixValue> = values.iter().map(|v| MatrixValue::Text(v.to_string())).collect();
        group_key(&values, n)
    }

    #[test]
    fn keys_keep_letters_and_digits_of_any_script_and_escape_the_rest() {
        assert_eq!(key(&[], 3), "3");
        assert_eq!(key(&["成都", "三年级"], 1), "成都-三年级-1");
        assert_eq!(group_key(&[MatrixValue::Text("成都".into()), MatrixValue::Int(3)], 2), "成都-3-2");
        assert_eq!(group_key(&[MatrixValue::Int(-3)], 1), "%2D3-1");
        assert_eq!(key(&["K-12", "a b", "x_y"], 1), "K%2D12-a%20b-x_y-1");
        assert_eq!(key(&["../../etc"], 1), "%2E%2E%2F%2E%2E%2Fetc-1");
        assert_eq!(key(&["a/b\\c:d*e?f\"g<h>i|j%"], 1), "a%2Fb%5Cc%3Ad%2Ae%3Ff%22g%3Ch%3Ei%7Cj%25-1");
        assert_eq!(key(&["", "x"], 2), "_-x-2");
        assert_eq!(key(&["🎉", "\u{202e}\n"], 1), "%F0%9F%8E%89-%E2%80%AE%0A-1");
        assert_eq!(key(&["CON"], 1), "CON-1");
    }

    #[test]
    fn keys_are_safe_file_names_and_short() {
        for values in [vec!["很".repeat(500)], vec!["/".repeat(500)], vec!["ab".into(); 200], vec![String::new(); 200]]
        {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let k = key(&values, 10_000);
            assert!(k.len() <= GROUP_KEY_VALUES_MAX_BYTES + "-10000".len(), "{} bytes: {k}", k.len());
            assert!(k.ends_with("-10000"), "{k}");
            assert!(!k.contains(['/', '\\', '.', ' ', ':']), "{k}");
            // Cut before a whole character or escape, never inside one.
            assert!(!k.trim_end_matches("-10000").ends_with(['%', '-']), "{k}");
            assert!(!crate::limits::is_reserved_name(&k), "{k}");
        }
    }

    #[test]
    fn clashes_ignore_case() {
        let mut keys = Keys::default();
        assert_eq!(keys.clash(0, "A-1"), None);
        assert_eq!(keys.clash(1, "B-1"), None);
        assert_eq!(keys.clash(2, "a-1"), Some(0));
    }
}
