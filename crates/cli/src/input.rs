//! `--input`: the trigger's items, as JSON given inline or read from `@path` (`@-`: stdin).

use anyhow::Context;
use serde_json::Value;
use std::io::Read;
use switchyard_model::document::{kind_of, strip_position};

/// Reads `--input`: one object (one item) or an array of objects (the items).
pub fn parse_input(arg: &str) -> anyhow::Result<Vec<Value>> {
    let (text, source) = match arg.strip_prefix('@') {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("--input @-: cannot read standard input")?;
            (text, "--input @-".to_owned())
        }
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("--input @{path}: cannot read {path}"))?;
            (text, format!("--input @{path}"))
        }
        None => (arg.to_owned(), "--input".to_owned()),
    };
    let value: Value = serde_json::from_str(&text).map_err(|err| {
        anyhow::anyhow!(
            "{source}: not valid JSON (line {}, column {}): {}",
            err.line(),
            err.column(),
            strip_position(&err.to_string())
        )
    })?;
    items_of(value).map_err(|message| anyhow::anyhow!("{source}: {message}"))
}

fn items_of(value: Value) -> Result<Vec<Value>, String> {
    match value {
        Value::Object(_) => Ok(vec![value]),
        Value::Array(items) => {
            if let Some((at, bad)) = items.iter().enumerate().find(|(_, item)| !item.is_object()) {
                return Err(format!(
                    "item {at} is {}, but every item must be a JSON object",
                    kind_of(bad)
                ));
            }
            Ok(items)
        }
        other => Err(format!(
            "expected a JSON object (one item) or an array of objects, found {}",
            kind_of(&other)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_input;
    use serde_json::json;

    #[test]
    fn an_object_is_one_item() {
        let items = parse_input(r#"{"a": 1}"#).expect("valid input");
        assert_eq!(items, vec![json!({"a": 1})]);
    }

    #[test]
    fn an_array_of_objects_is_the_items() {
        let items = parse_input(r#"[{"a": 1}, {"a": 2}]"#).expect("valid input");
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn other_values_are_refused() {
        let err = parse_input("[1]").expect_err("not objects").to_string();
        assert!(err.contains("item 0 is a number"), "{err}");
        let err = parse_input("42").expect_err("not an object").to_string();
        assert!(err.contains("found a number"), "{err}");
    }

    #[test]
    fn malformed_json_names_the_argument_and_position() {
        let err = parse_input("{\"a\":").expect_err("malformed").to_string();
        assert!(
            err.starts_with("--input: not valid JSON (line 1, column 5)"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_file_is_named() {
        let err = format!(
            "{:#}",
            parse_input("@/nonexistent/items.json").expect_err("missing")
        );
        assert!(err.contains("/nonexistent/items.json"), "{err}");
    }
}
