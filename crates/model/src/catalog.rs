//! What validation needs to know about node types, supplied by the engine's registry.

use crate::NodeDocument;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use ts_rs::TS;

/// Where a node type sits in the palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NodeGroup {
    Trigger,
    Logic,
    Data,
    Flow,
    App,
}

/// A node type's description: what `switchyard nodes --json` prints and the canvas draws from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NodeDescription {
    #[serde(rename = "type")]
    pub node_type: String,
    pub type_version: u32,
    pub label: String,
    pub group: NodeGroup,
    /// One sentence on what the node does.
    pub description: String,
    pub inputs: Vec<String>,
    /// Empty when `dynamic_outputs` is set: the ports then come from the params.
    pub outputs: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub dynamic_outputs: bool,
    /// Credential types the node accepts; empty when it takes none.
    pub credential_types: Vec<String>,
    /// Whether the node cannot run without a credential.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub credential_required: bool,
    /// Whether the node changes data in another system (and so is simulated by `--dry-run`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub side_effects: bool,
    /// JSON Schema (draft 2020-12) of `params`.
    #[ts(type = "JsonSchema")]
    pub params_schema: Value,
}

impl NodeDescription {
    pub fn is_trigger(&self) -> bool {
        self.group == NodeGroup::Trigger
    }
}

/// A param that does not match its schema. `field` is a path such as `params.rules[0].port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamProblem {
    pub field: String,
    pub message: String,
}

/// The node types validation checks a document against.
pub trait Catalog {
    fn describe(&self, node_type: &str) -> Option<&NodeDescription>;
    /// The output ports of this node (for a Switch, computed from its rules), in order, without
    /// the `error` port. Only called for nodes of a known type.
    fn output_ports(&self, node: &NodeDocument) -> Vec<String>;
    /// [`Catalog::output_ports`], borrowed when the catalog already holds the list: validation
    /// asks once per edge, and copying every list was a large part of its cost.
    fn borrowed_output_ports<'a>(&'a self, node: &'a NodeDocument) -> Cow<'a, [String]> {
        Cow::Owned(self.output_ports(node))
    }
    /// Every way the node's params fail to match its type's schema.
    fn check_params(&self, node: &NodeDocument) -> Vec<ParamProblem>;
    /// Whether `source` parses as one JavaScript expression; the error says why not.
    fn check_expression(&self, source: &str) -> Result<(), String>;
}
