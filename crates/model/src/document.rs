//! The document types of `shared/spec/workflow-format.md`, and reading and writing them.
//!
//! Field order in these structs is the order keys are written in; unknown fields are kept in
//! `extra` so that a load → save round trip loses nothing (validation reports them).

mod read;
mod write;

pub use read::{kind_of, read_document, strip_position};
pub use write::{to_canonical_json, write_document};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};
use ts_rs::TS;

/// The only schema this version reads and writes.
pub const SCHEMA_V1: &str = "switchyard/workflow@1";

/// Extra keys found in an object that the spec does not name.
pub type ExtraFields = Map<String, Value>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WorkflowDocument {
    pub schema: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(default)]
    pub active: bool,
    #[serde(default)]
    pub nodes: Vec<NodeDocument>,
    #[serde(default)]
    pub edges: Vec<EdgeDocument>,
    /// Sample output items per node id.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[ts(as = "Option<std::collections::HashMap<String, Vec<Value>>>", optional)]
    pub pinned: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<StickyNote>>", optional)]
    pub notes: Vec<StickyNote>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: ExtraFields,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NodeDocument {
    pub id: String,
    #[serde(rename = "type")]
    pub node_type: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    #[ts(as = "Option<u32>", optional)]
    pub type_version: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(as = "Option<(f64, f64)>", optional)]
    pub position: Option<[Number; 2]>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub disabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub credential: Option<String>,
    /// The node type's params: a JSON object (validation says so when it is not).
    #[serde(default = "empty_object", skip_serializing_if = "is_empty_object")]
    #[ts(as = "Option<std::collections::HashMap<String, Value>>", optional)]
    pub params: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retry: Option<RetryPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub on_error: Option<OnError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub timeout_ms: Option<u64>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: ExtraFields,
}

impl NodeDocument {
    /// The node's error policy, `stop` when the document leaves it out.
    pub fn error_policy(&self) -> OnError {
        self.on_error.unwrap_or_default()
    }

    /// The name to show for this node: its label, or its id when it has none.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EdgeDocument {
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub port: Option<String>,
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub to_port: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: ExtraFields,
}

/// Node-level retry: exponential backoff with jitter between attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    #[serde(default = "default_initial_delay")]
    #[ts(type = "number")]
    pub initial_delay_ms: u64,
    #[serde(default = "default_max_delay")]
    #[ts(type = "number")]
    pub max_delay_ms: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OnError {
    /// The run fails.
    #[default]
    Stop,
    /// Failed items are dropped and the run goes on.
    Continue,
    /// Failed items leave on the node's `error` port.
    ErrorPort,
}

/// A sticky note on the canvas; the engine ignores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StickyNote {
    pub id: String,
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(as = "Option<(f64, f64)>", optional)]
    pub position: Option<[Number; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(as = "Option<(f64, f64)>", optional)]
    pub size: Option<[Number; 2]>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: ExtraFields,
}

fn empty_object() -> Value {
    Value::Object(Map::new())
}

fn is_empty_object(value: &Value) -> bool {
    value.as_object().is_some_and(Map::is_empty)
}

fn one() -> u32 {
    1
}

fn is_one(v: &u32) -> bool {
    *v == 1
}

fn default_initial_delay() -> u64 {
    500
}

fn default_max_delay() -> u64 {
    30_000
}
