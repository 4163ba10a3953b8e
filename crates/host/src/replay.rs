//! Comparing a replayed run with the run it replays.

use serde::Serialize;
use serde_json::Value;
use switchyard_engine::RunReport;

/// A node whose outcome differs between the recorded run and its replay.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct NodeChange {
    pub node_id: String,
    pub before_status: Option<String>,
    pub after_status: Option<String>,
    /// Outputs per port, before and after (null when the node has no record on that side).
    #[ts(type = "JsonValue")]
    pub before: Value,
    #[ts(type = "JsonValue")]
    pub after: Value,
}

/// The replayed run and what changed.
#[derive(Debug, Clone)]
pub struct ReplayOutcome {
    pub report: RunReport,
    pub changes: Vec<NodeChange>,
    /// Nodes whose recorded data was truncated in history, so they could not be compared.
    pub not_compared: Vec<String>,
}

pub(crate) fn compare(
    before: &RunReport,
    after: &RunReport,
    truncated: &[String],
) -> (Vec<NodeChange>, Vec<String>) {
    let mut changes = Vec::new();
    let mut not_compared = Vec::new();
    let mut ids: Vec<&String> = before.nodes.keys().collect();
    for id in after.nodes.keys() {
        if !before.nodes.contains_key(id) {
            ids.push(id);
        }
    }
    for id in ids {
        if truncated.contains(id) {
            not_compared.push(id.clone());
            continue;
        }
        let old = before.nodes.get(id);
        let new = after.nodes.get(id);
        let outputs = |record: Option<&switchyard_engine::NodeRecord>| {
            record.map_or(Value::Null, |r| {
                Value::Object(
                    r.outputs
                        .iter()
                        .map(|(port, items)| (port.clone(), Value::Array(items.to_vec())))
                        .collect(),
                )
            })
        };
        let (old_out, new_out) = (outputs(old), outputs(new));
        let old_status = old.map(|r| r.status.as_str().to_owned());
        let new_status = new.map(|r| r.status.as_str().to_owned());
        if old_out != new_out || old_status != new_status {
            changes.push(NodeChange {
                node_id: id.clone(),
                before_status: old_status,
                after_status: new_status,
                before: old_out,
                after: new_out,
            });
        }
    }
    (changes, not_compared)
}
