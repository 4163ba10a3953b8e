//! Writing a document: stable key order, two-space indentation, and short flat arrays and
//! objects on one line (`"position": [260, 0]`, `{ "from": "a", "to": "b" }`), so that a
//! one-field change is a one-line diff and an edge is one line.

use super::WorkflowDocument;
use serde_json::Value;
use std::fmt::Write;

/// Arrays and objects of scalars whose one-line form is at most this long are written on one line.
const INLINE_WIDTH: usize = 96;

/// The document as the text of a `*.flow.json` file (ends with a newline).
pub fn write_document(doc: &WorkflowDocument) -> String {
    // Serialising our own types to a Value cannot fail: every key is a string.
    let value = serde_json::to_value(doc).unwrap_or(Value::Null);
    let mut out = to_canonical_json(&value);
    out.push('\n');
    out
}

/// Any JSON value in the document style.
pub fn to_canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            if let Some(line) = inline_object(map) {
                out.push_str(&line);
                return;
            }
            out.push_str("{\n");
            for (i, (key, item)) in map.iter().enumerate() {
                indent(out, depth + 1);
                out.push_str(&scalar(&Value::String(key.clone())));
                out.push_str(": ");
                write_value(out, item, depth + 1);
                if i + 1 < map.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(out, depth);
            out.push('}');
        }
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            if let Some(line) = inline_array(items) {
                out.push_str(&line);
                return;
            }
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, depth + 1);
                write_value(out, item, depth + 1);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(out, depth);
            out.push(']');
        }
        scalar_value => out.push_str(&scalar(scalar_value)),
    }
}

fn inline_array(items: &[Value]) -> Option<String> {
    if items.iter().any(|v| v.is_array() || v.is_object()) {
        return None;
    }
    let mut line = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            line.push_str(", ");
        }
        line.push_str(&scalar(item));
        if line.len() > INLINE_WIDTH {
            return None;
        }
    }
    line.push(']');
    Some(line)
}

fn inline_object(map: &serde_json::Map<String, Value>) -> Option<String> {
    if map.values().any(|v| v.is_array() || v.is_object()) {
        return None;
    }
    let mut line = String::from("{ ");
    for (i, (key, value)) in map.iter().enumerate() {
        if i > 0 {
            line.push_str(", ");
        }
        line.push_str(&scalar(&Value::String(key.clone())));
        line.push_str(": ");
        line.push_str(&scalar(value));
        if line.len() > INLINE_WIDTH {
            return None;
        }
    }
    line.push_str(" }");
    Some(line)
}

fn scalar(value: &Value) -> String {
    // serde_json's compact form of a scalar is exactly its JSON text.
    serde_json::to_string(value).unwrap_or_default()
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        let _ = out.write_str("  ");
    }
}
