//! A node run's items as stored: masked, serialised, and cut to the size limit when they are
//! too big. A truncated side keeps its leading items and says how much was left out.

use crate::secrets;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use switchyard_engine::NodeRecord;

/// How one side (inputs or outputs) of a node run was cut to fit the size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Truncation {
    /// The side's size in bytes of JSON before it was cut.
    pub original_bytes: u64,
    /// How many leading items were kept.
    pub kept_items: usize,
    /// How many items there were.
    pub total_items: usize,
}

/// Which sides of a node run were truncated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeTruncation {
    /// Set when the input items were cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<Truncation>,
    /// Set when the output items were cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outputs: Option<Truncation>,
}

/// A node run's items, ready to store.
pub(crate) struct EncodedPayload {
    /// JSON array (one per input port) of arrays of items.
    pub inputs: String,
    /// JSON object: port name → array of items.
    pub outputs: String,
    /// Present when something was cut.
    pub truncated: Option<NodeTruncation>,
}

/// One group of a side: an input port, or an output port with its JSON-quoted name.
struct Group {
    name: Option<String>,
    /// The serialised items.
    items: Vec<String>,
    /// Instead of items: where the same items are stored (an input port that received exactly
    /// what one upstream port emitted), as JSON text.
    reference: Option<String>,
}

/// One side: its groups, in order.
struct Side {
    groups: Vec<Group>,
}

impl Side {
    fn total_items(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }

    /// The JSON text keeping at most `keep` leading items (across groups, in order).
    fn render(&self, keep: usize) -> String {
        let is_object = self.groups.first().is_some_and(|g| g.name.is_some());
        let mut out = String::from(if is_object { "{" } else { "[" });
        let mut left = keep;
        for (index, group) in self.groups.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            if let Some(name) = &group.name {
                out.push_str(name);
                out.push(':');
            }
            if let Some(reference) = &group.reference {
                out.push_str(reference);
                continue;
            }
            out.push('[');
            let take = left.min(group.items.len());
            out.push_str(&group.items[..take].join(","));
            left -= take;
            out.push(']');
        }
        out.push(if is_object { '}' } else { ']' });
        out
    }

    /// How many leading items fit in `budget` bytes (with their separators).
    fn fitting(&self, budget: usize) -> usize {
        let mut used = 2;
        let mut kept = 0;
        for group in &self.groups {
            used += group.name.as_ref().map_or(0, |n| n.len() + 1) + 3;
            used += group.reference.as_ref().map_or(0, String::len);
            for item in &group.items {
                used += item.len() + 1;
                if used > budget {
                    return kept;
                }
                kept += 1;
            }
        }
        kept
    }
}

fn encode_item(item: &Value) -> String {
    secrets::masked(item).to_string()
}

/// Serialises a node run's items (secret headers masked), keeping inputs and outputs together
/// within about `max_bytes`: a side within half the limit is kept whole and the other side gets
/// the rest; each cut side keeps as many leading items as fit. An input port with a
/// `references` entry is stored as that reference (see [`input_reference`]), not as items.
pub(crate) fn encode(
    record: &NodeRecord,
    references: &References,
    max_bytes: usize,
) -> EncodedPayload {
    let inputs = Side {
        groups: record
            .inputs
            .iter()
            .enumerate()
            .map(
                |(port, items)| match references.inputs.get(port).cloned().flatten() {
                    Some(reference) => Group {
                        name: None,
                        items: Vec::new(),
                        reference: Some(reference),
                    },
                    None => Group {
                        name: None,
                        items: items.iter().map(encode_item).collect(),
                        reference: None,
                    },
                },
            )
            .collect(),
    };
    let outputs = Side {
        groups: record
            .outputs
            .iter()
            .enumerate()
            .map(
                |(index, (port, items))| match references.outputs.get(index).cloned().flatten() {
                    Some(reference) => Group {
                        name: Some(Value::from(port.as_str()).to_string()),
                        items: Vec::new(),
                        reference: Some(reference),
                    },
                    None => Group {
                        name: Some(Value::from(port.as_str()).to_string()),
                        items: items.iter().map(encode_item).collect(),
                        reference: None,
                    },
                },
            )
            .collect(),
    };
    let in_text = inputs.render(usize::MAX);
    let out_text = if outputs.groups.is_empty() {
        "{}".to_owned()
    } else {
        outputs.render(usize::MAX)
    };
    if in_text.len() + out_text.len() <= max_bytes {
        return EncodedPayload {
            inputs: in_text,
            outputs: out_text,
            truncated: None,
        };
    }
    let half = max_bytes / 2;
    let (in_budget, out_budget) = if in_text.len() <= half {
        (in_text.len(), max_bytes - in_text.len())
    } else if out_text.len() <= half {
        (max_bytes - out_text.len(), out_text.len())
    } else {
        (half, max_bytes - half)
    };
    let mut truncated = NodeTruncation::default();
    let (inputs_text, outputs_text);
    if in_text.len() > in_budget {
        let kept = inputs.fitting(in_budget);
        truncated.inputs = Some(Truncation {
            original_bytes: in_text.len() as u64,
            kept_items: kept,
            total_items: inputs.total_items(),
        });
        inputs_text = inputs.render(kept);
    } else {
        inputs_text = in_text;
    }
    if out_text.len() > out_budget {
        let kept = outputs.fitting(out_budget);
        truncated.outputs = Some(Truncation {
            original_bytes: out_text.len() as u64,
            kept_items: kept,
            total_items: outputs.total_items(),
        });
        outputs_text = outputs.render(kept);
    } else {
        outputs_text = out_text;
    }
    EncodedPayload {
        inputs: inputs_text,
        outputs: outputs_text,
        truncated: Some(truncated),
    }
}

/// Per input port and per output port (in order): the reference to store instead of the items.
#[derive(Debug, Default)]
pub(crate) struct References {
    pub inputs: Vec<Option<String>>,
    pub outputs: Vec<Option<String>>,
}

/// The key of a stored reference: `{"$output": [node id, port]}` stands for the items node
/// `node id` emitted on `port` in the same run (in an input port, or an output port that passed
/// its input on unchanged).
pub(crate) const OUTPUT_REFERENCE: &str = "$output";

/// The JSON text of a reference to `node`'s output `port`.
pub(crate) fn input_reference(node: &str, port: &str) -> String {
    serde_json::json!({ OUTPUT_REFERENCE: [node, port] }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::Arc;
    use switchyard_engine::NodeStatus;

    fn record(inputs: Vec<Value>, outputs: Vec<(&str, Vec<Value>)>) -> NodeRecord {
        NodeRecord {
            node_id: "n".into(),
            node_type: "data.set".into(),
            status: NodeStatus::Succeeded,
            attempts: 1,
            attempt_log: vec![],
            started_at: None,
            duration_ms: 1.0,
            inputs: vec![Arc::new(inputs)],
            outputs: outputs
                .into_iter()
                .map(|(p, items)| (p.to_owned(), Arc::new(items)))
                .collect(),
            error: None,
            item_errors: 0,
        }
    }

    #[test]
    fn small_payloads_are_kept_whole_and_parse_back() {
        let r = record(
            vec![json!({"a": 1})],
            vec![("true", vec![json!({"b": 2})]), ("false", vec![])],
        );
        let p = encode(&r, &References::default(), 1 << 20);
        assert!(p.truncated.is_none());
        let inputs: Value = serde_json::from_str(&p.inputs).unwrap();
        let outputs: Value = serde_json::from_str(&p.outputs).unwrap();
        assert_eq!(inputs, json!([[{"a": 1}]]));
        assert_eq!(outputs, json!({"true": [{"b": 2}], "false": []}));
        assert_eq!(p.outputs, r#"{"true":[{"b":2}],"false":[]}"#);
    }

    #[test]
    fn big_outputs_keep_leading_items_within_the_limit() {
        let items: Vec<Value> = (0..100)
            .map(|i| json!({"i": i, "pad": "x".repeat(100)}))
            .collect();
        let r = record(vec![json!({"small": true})], vec![("main", items)]);
        let p = encode(&r, &References::default(), 2000);
        let t = p.truncated.unwrap();
        assert!(t.inputs.is_none());
        let out = t.outputs.unwrap();
        assert_eq!(out.total_items, 100);
        assert!(out.kept_items > 0 && out.kept_items < 100, "{out:?}");
        assert!(p.inputs.len() + p.outputs.len() <= 2000);
        let outputs: Value = serde_json::from_str(&p.outputs).unwrap();
        assert_eq!(outputs["main"].as_array().unwrap().len(), out.kept_items);
        assert_eq!(outputs["main"][0]["i"], 0);
    }

    #[test]
    fn a_referenced_input_port_is_stored_as_its_reference() {
        let r = record(vec![json!({"a": 1})], vec![("main", vec![json!({"a": 1})])]);
        let references = References {
            inputs: vec![Some(input_reference("up", "small"))],
            outputs: vec![Some(input_reference("up", "small"))],
        };
        let p = encode(&r, &references, 1 << 20);
        assert_eq!(p.inputs, r#"[{"$output":["up","small"]}]"#);
        assert_eq!(p.outputs, r#"{"main":{"$output":["up","small"]}}"#);
    }
}
