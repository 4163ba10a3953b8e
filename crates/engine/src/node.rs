//! The `Node` trait: a node type is a description, a params type (whose JSON Schema the catalog
//! publishes) and one `run` function.

use crate::Items;
use crate::error::{ErrorKind, NodeError};
use crate::expression::{Scope, Template};
use crate::run::RunScope;
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::marker::PhantomData;
use std::sync::Arc;
use switchyard_model::{NodeDescription, NodeGroup};

/// Everything about a node type except its params schema, which is derived from `Params`.
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub node_type: &'static str,
    pub type_version: u32,
    pub label: &'static str,
    pub group: NodeGroup,
    pub description: &'static str,
    pub inputs: &'static [&'static str],
    /// Empty for nodes whose ports come from their params (override `Node::output_ports`).
    pub outputs: &'static [&'static str],
    pub dynamic_outputs: bool,
    pub credential_types: &'static [&'static str],
    pub credential_required: bool,
    pub side_effects: bool,
}

impl NodeInfo {
    /// A node with one `main` input and one `main` output and no credential.
    pub const fn simple(
        node_type: &'static str,
        label: &'static str,
        group: NodeGroup,
        description: &'static str,
    ) -> Self {
        Self {
            node_type,
            type_version: 1,
            label,
            group,
            description,
            inputs: &["main"],
            outputs: &["main"],
            dynamic_outputs: false,
            credential_types: &[],
            credential_required: false,
            side_effects: false,
        }
    }
}

/// A node type. Implement this in one file per type and add it to the registry's list.
#[async_trait]
pub trait Node: Send + Sync + 'static {
    type Params: DeserializeOwned + JsonSchema + Send + Sync + 'static;

    fn info(&self) -> NodeInfo;

    /// The output ports for these params; the default is the fixed list of `info().outputs`.
    fn output_ports(&self, _params: &Self::Params) -> Vec<String> {
        self.info()
            .outputs
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    }

    /// Runs the node once with all its input items. Emit items with `ctx.emit`; report items
    /// that failed on their own with `ctx.fail_item`; return `Err` when the whole node failed.
    async fn run(&self, params: &Self::Params, ctx: &mut NodeContext<'_>) -> Result<(), NodeError>;
}

/// A node type with its params erased: what the registry holds.
pub trait RegisteredNode: Send + Sync {
    fn description(&self) -> &NodeDescription;
    /// Reads and compiles params (expressions included).
    fn prepare(&self, params: &Value) -> Result<Arc<dyn PreparedNode>, String>;
}

/// A node with its params read and compiled: what a plan holds.
#[async_trait]
pub trait PreparedNode: Send + Sync {
    fn output_ports(&self) -> Vec<String>;
    async fn run(&self, ctx: &mut NodeContext<'_>) -> Result<(), NodeError>;
}

pub(crate) struct Registered<N: Node> {
    node: Arc<N>,
    description: NodeDescription,
}

impl<N: Node> Registered<N> {
    pub(crate) fn new(node: N) -> Self {
        let info = node.info();
        let schema = schemars::generate::SchemaSettings::draft2020_12()
            .into_generator()
            .into_root_schema_for::<N::Params>();
        let description = NodeDescription {
            node_type: info.node_type.to_owned(),
            type_version: info.type_version,
            label: info.label.to_owned(),
            group: info.group,
            description: info.description.to_owned(),
            inputs: info.inputs.iter().map(|s| (*s).to_owned()).collect(),
            outputs: info.outputs.iter().map(|s| (*s).to_owned()).collect(),
            dynamic_outputs: info.dynamic_outputs,
            credential_types: info
                .credential_types
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            credential_required: info.credential_required,
            side_effects: info.side_effects,
            params_schema: schema.to_value(),
        };
        Self {
            node: Arc::new(node),
            description,
        }
    }
}

impl<N: Node> RegisteredNode for Registered<N> {
    fn description(&self) -> &NodeDescription {
        &self.description
    }

    fn prepare(&self, params: &Value) -> Result<Arc<dyn PreparedNode>, String> {
        let params = N::Params::deserialize(params).map_err(|e| e.to_string())?;
        Ok(Arc::new(Prepared {
            node: Arc::clone(&self.node),
            params,
            _n: PhantomData,
        }))
    }
}

struct Prepared<N: Node> {
    node: Arc<N>,
    params: N::Params,
    _n: PhantomData<N>,
}

#[async_trait]
impl<N: Node> PreparedNode for Prepared<N> {
    fn output_ports(&self) -> Vec<String> {
        self.node.output_ports(&self.params)
    }

    async fn run(&self, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        self.node.run(&self.params, ctx).await
    }
}

/// An item that failed on its own; the node's `on_error` decides what follows.
#[derive(Debug, Clone)]
pub struct ItemFailure {
    pub index: usize,
    pub error: NodeError,
}

/// What a node sees while it runs, and where it puts what it makes.
pub struct NodeContext<'a> {
    pub node_id: &'a str,
    pub run: &'a RunScope,
    /// Items per input port, in the order of the node type's inputs.
    inputs: &'a [Items],
    ports: &'a [String],
    outputs: Vec<Vec<Value>>,
    failures: Vec<ItemFailure>,
    /// Set by the executor for trigger nodes: the items that replace the trigger's output.
    trigger_items: Option<&'a [Value]>,
    credential: Option<&'a str>,
}

impl<'a> NodeContext<'a> {
    pub(crate) fn new(
        node_id: &'a str,
        run: &'a RunScope,
        inputs: &'a [Items],
        ports: &'a [String],
        trigger_items: Option<&'a [Value]>,
        credential: Option<&'a str>,
    ) -> Self {
        Self {
            node_id,
            run,
            inputs,
            ports,
            outputs: vec![Vec::new(); ports.len()],
            failures: Vec::new(),
            trigger_items,
            credential,
        }
    }

    /// The id of the credential the node names in the document, if any.
    pub fn credential_id(&self) -> Option<&'a str> {
        self.credential
    }

    /// The items on the first input port.
    pub fn input(&self) -> &'a [Value] {
        self.inputs
            .first()
            .map(|items| items.as_slice())
            .unwrap_or(&[])
    }

    /// The items on input port `index` (`flow.merge`: 0 is `a`, 1 is `b`).
    pub fn input_port(&self, index: usize) -> &'a [Value] {
        self.inputs
            .get(index)
            .map(|items| items.as_slice())
            .unwrap_or(&[])
    }

    /// For triggers: the items given for this run (`--input`, or the received event).
    pub fn trigger_items(&self) -> Option<&'a [Value]> {
        self.trigger_items
    }

    /// The expression scope of input item `index` of the first port.
    pub fn scope(&self, index: usize) -> Scope<'a> {
        let input = self.input();
        static EMPTY: Value = Value::Null;
        Scope {
            json: input.get(index).unwrap_or(&EMPTY),
            index,
            input,
            run: self.run,
        }
    }

    /// Evaluates a param for item `index`; an expression error names the node and expression.
    pub fn eval(&self, template: &Template, index: usize) -> Result<Value, NodeError> {
        template
            .evaluate(&self.scope(index))
            .map_err(|e| self.expression_error(e))
    }

    /// An `expression` error for this node.
    pub fn expression_error(&self, message: String) -> NodeError {
        NodeError::new(ErrorKind::Expression, message)
    }

    /// The position of output port `name`, if the node has it.
    pub fn port_index(&self, name: &str) -> Option<usize> {
        self.ports.iter().position(|p| p == name)
    }

    pub fn port_count(&self) -> usize {
        self.ports.len()
    }

    /// Emits an item on output port `port` (an index into the node's ports).
    pub fn emit(&mut self, port: usize, item: Value) {
        if let Some(out) = self.outputs.get_mut(port) {
            out.push(item);
        }
    }

    /// Emits many items on output port `port`.
    pub fn emit_all(&mut self, port: usize, items: impl IntoIterator<Item = Value>) {
        if let Some(out) = self.outputs.get_mut(port) {
            out.extend(items);
        }
    }

    /// Reports that input item `index` failed; the node goes on with the others.
    pub fn fail_item(&mut self, index: usize, error: NodeError) {
        self.failures.push(ItemFailure { index, error });
    }

    pub fn is_dry_run(&self) -> bool {
        self.run.dry_run
    }

    pub(crate) fn finish(self) -> (Vec<Vec<Value>>, Vec<ItemFailure>) {
        (self.outputs, self.failures)
    }
}
