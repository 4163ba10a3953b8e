//! Reading a document from JSON text, collecting every structural problem in one pass.

use super::{EdgeDocument, NodeDocument, StickyNote, WorkflowDocument};
use crate::Diagnostic;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Reads a document. Returns the document (with whatever nodes and edges could be read) and the
/// problems met on the way; the document is `None` only when the text is not a JSON object.
pub fn read_document(text: &str) -> (Option<WorkflowDocument>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let root: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            let message = format!("malformed JSON: {}", strip_position(&err.to_string()));
            problems.push(Diagnostic::document(message).at(err.line(), err.column()));
            return (None, problems);
        }
    };
    let Value::Object(mut root) = root else {
        problems.push(Diagnostic::document("the document must be a JSON object"));
        return (None, problems);
    };

    let nodes = take_list::<NodeDocument>(&mut root, "nodes", &mut problems);
    let edges = take_list::<EdgeDocument>(&mut root, "edges", &mut problems);
    let notes = take_list::<StickyNote>(&mut root, "notes", &mut problems);
    // Missing `schema` and `id` are reported by validation; read them as empty.
    for key in ["schema", "id"] {
        root.entry(key)
            .or_insert_with(|| Value::String(String::new()));
    }
    if let Some(Value::Null) = root.get("pinned") {
        root.remove("pinned");
    }
    let mut doc = match serde_json::from_value::<WorkflowDocument>(Value::Object(root)) {
        Ok(doc) => doc,
        Err(err) => {
            problems.push(top_level_problem(&err.to_string()));
            return (None, problems);
        }
    };
    doc.nodes = nodes;
    doc.edges = edges;
    doc.notes = notes;
    (Some(doc), problems)
}

/// Takes `key` out of `root` as a list of `T`, reading each element on its own so that one bad
/// element does not hide the problems of the others.
fn take_list<T: DeserializeOwned>(
    root: &mut Map<String, Value>,
    key: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let Some(value) = root.remove(key) else {
        return Vec::new();
    };
    let Value::Array(elements) = value else {
        problems.push(Diagnostic::field(
            key,
            format!("must be an array, found {}", kind_of(&value)),
        ));
        return Vec::new();
    };
    let mut out = Vec::with_capacity(elements.len());
    for (index, element) in elements.into_iter().enumerate() {
        let node_id = element.get("id").and_then(Value::as_str).map(str::to_owned);
        match serde_json::from_value::<T>(element) {
            Ok(item) => out.push(item),
            Err(err) => {
                let field = format!("{key}[{index}]");
                let message = strip_position(&err.to_string()).to_owned();
                problems.push(match node_id.filter(|_| key == "nodes") {
                    Some(id) => Diagnostic::node_field(id, field, message),
                    None => Diagnostic::field(field, message),
                });
            }
        }
    }
    out
}

fn top_level_problem(message: &str) -> Diagnostic {
    let message = strip_position(message);
    // serde names the field in its message; keep the message whole, it is already specific.
    Diagnostic::document(format!("the document's top level: {message}"))
}

/// serde_json appends " at line L column C" to its messages; we report position separately.
pub fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    }
}

/// "a string", "an object", …: a value's kind as error messages name it.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
