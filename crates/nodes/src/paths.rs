//! Dotted paths into items (`customer.address.city`), for nodes that read or write fields.

use serde_json::{Map, Value};

/// Sets `path` (dot-separated) in `item`, creating objects on the way.
pub fn set_path(item: &mut Value, path: &str, value: Value) {
    let mut current = item;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        if !current.is_object() {
            *current = Value::Object(Map::new());
        }
        let Value::Object(map) = current else { return };
        if parts.peek().is_none() {
            map.insert(part.to_owned(), value);
            return;
        }
        current = map
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Reads `path` (dot-separated) from `item`.
pub fn get_path<'v>(item: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(item, |current, part| match current {
            Value::Object(map) => map.get(part),
            Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_and_get() {
        let mut item = json!({"a": 1});
        set_path(&mut item, "b.c", json!(2));
        set_path(&mut item, "a", json!(3));
        assert_eq!(item, json!({"a": 3, "b": {"c": 2}}));
        assert_eq!(get_path(&item, "b.c"), Some(&json!(2)));
        assert_eq!(get_path(&item, "b.x"), None);
    }
}
