//! `Workflow → Plan`: a petgraph DAG of prepared nodes, ports on the edges, in topological order.

use crate::Items;
use crate::node::{PreparedNode, RegisteredNode};
use crate::registry::Registry;
use petgraph::algo::toposort;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use rustc_hash::FxHashMap;
use serde_json::Value;
use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;
use switchyard_model::{
    Catalog, Diagnostic, NodeDescription, NodeDocument, OnError, ParamProblem, RetryPolicy,
    WorkflowDocument, validate,
};

/// A node ready to run: its params compiled, its ports resolved.
pub struct PlanNode {
    pub id: String,
    pub node_type: String,
    pub is_trigger: bool,
    pub prepared: Arc<dyn PreparedNode>,
    /// Output ports in order; with `on_error: error_port`, `error` is the last one.
    pub ports: Vec<String>,
    pub has_error_port: bool,
    pub inputs: Vec<String>,
    pub on_error: OnError,
    pub retry: Option<RetryPolicy>,
    pub timeout: Option<Duration>,
    pub disabled: bool,
    /// Pinned items (used in test runs only).
    pub pinned: Option<Items>,
    /// The id of the stored credential the node uses.
    pub credential: Option<String>,
}

impl PlanNode {
    /// The ports the node itself emits on (without the `error` port).
    pub fn own_ports(&self) -> &[String] {
        if self.has_error_port {
            &self.ports[..self.ports.len() - 1]
        } else {
            &self.ports
        }
    }
}

/// An edge: from output port `from_port` of its source to input port `to_port` of its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanEdge {
    pub from_port: usize,
    pub to_port: usize,
}

/// A compiled workflow. Immutable; many runs may share one plan.
pub struct Plan {
    pub workflow_id: String,
    pub graph: DiGraph<PlanNode, PlanEdge>,
    /// Every node, parents before children.
    pub order: Vec<NodeIndex>,
    pub trigger: NodeIndex,
    by_id: FxHashMap<String, NodeIndex>,
}

impl Plan {
    pub fn node(&self, id: &str) -> Option<&PlanNode> {
        self.by_id.get(id).map(|&i| &self.graph[i])
    }

    pub fn index_of(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    pub fn trigger_node(&self) -> &PlanNode {
        &self.graph[self.trigger]
    }

    /// The ids of the nodes with an edge into `id`, in edge order.
    pub fn parents(&self, id: &str) -> Vec<&str> {
        let Some(index) = self.index_of(id) else {
            return Vec::new();
        };
        let mut edges: Vec<_> = self
            .graph
            .edges_directed(index, petgraph::Direction::Incoming)
            .collect();
        edges.sort_by_key(|e| e.id());
        let mut parents: Vec<&str> = Vec::new();
        for edge in edges {
            let parent = self.graph[edge.source()].id.as_str();
            if !parents.contains(&parent) {
                parents.push(parent);
            }
        }
        parents
    }

    /// `id` and every node it depends on: what `--until id` runs.
    pub fn ancestors_and_self(&self, id: &str) -> std::collections::HashSet<String> {
        let mut found = std::collections::HashSet::new();
        let Some(start) = self.index_of(id) else {
            return found;
        };
        let mut stack = vec![start];
        while let Some(index) = stack.pop() {
            if found.insert(self.graph[index].id.clone()) {
                stack.extend(
                    self.graph
                        .neighbors_directed(index, petgraph::Direction::Incoming),
                );
            }
        }
        found
    }

    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }
}

/// Validates the document and compiles it. Every problem is returned, none is fatal alone.
/// Each node's params are read once, for validation and the plan alike.
pub fn compile(doc: &WorkflowDocument, registry: &Registry) -> Result<Plan, Vec<Diagnostic>> {
    let prepared = prepare_all(&doc.nodes, registry);
    let catalog = Compiling {
        registry,
        prepared: &prepared,
    };
    let problems = validate(doc, &catalog);
    if !problems.is_empty() {
        return Err(problems);
    }
    build(doc, prepared)
}

/// Below this many nodes, preparing on one thread is quicker than starting others.
const PARALLEL_FROM: usize = 512;

/// Reads every node's params once (deserialising them and compiling their expressions is most
/// of a compile). Large workflows are split across the machine's cores: each node is prepared
/// on its own, so the result does not depend on the split.
fn prepare_all<'r>(nodes: &[NodeDocument], registry: &'r Registry) -> PreparedNodes<'r> {
    let prepare_chunk = |chunk: &[NodeDocument]| -> Vec<(usize, PreparedEntry<'r>)> {
        chunk
            .iter()
            .filter_map(|node| {
                let registered = registry.get(&node.node_type)?;
                Some((key(node), PreparedEntry::new(registry, registered, node)))
            })
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut prepared = PreparedNodes::with_capacity_and_hasher(nodes.len(), Default::default());
    if threads < 2 || nodes.len() < PARALLEL_FROM {
        prepared.extend(prepare_chunk(nodes));
        return prepared;
    }
    let chunk_len = nodes.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut chunks = nodes.chunks(chunk_len);
        let first = chunks.next().unwrap_or_default();
        let others: Vec<_> = chunks
            .map(|chunk| scope.spawn(move || prepare_chunk(chunk)))
            .collect();
        prepared.extend(prepare_chunk(first));
        for other in others {
            match other.join() {
                Ok(entries) => prepared.extend(entries),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    prepared
}

type Prepared = Result<Arc<dyn PreparedNode>, String>;

/// A node's params read once, with the output ports they give (the plan keeps the list, and
/// validation checks every edge against it).
struct PreparedEntry<'r> {
    description: &'r NodeDescription,
    outcome: Prepared,
    /// Without the `error` port; empty when the params did not prepare.
    ports: Vec<String>,
    /// What is wrong with the params (their JSON Schema, then the node's own reading).
    problems: Vec<ParamProblem>,
}

impl<'r> PreparedEntry<'r> {
    fn new(registry: &Registry, registered: &'r dyn RegisteredNode, node: &NodeDocument) -> Self {
        let outcome = registered.prepare(&node.params);
        let ports = match &outcome {
            Ok(prepared) => prepared.output_ports(),
            Err(_) => Vec::new(),
        };
        let problems = registry.param_problems(&node.node_type, &node.params, &outcome);
        Self {
            description: registered.description(),
            outcome,
            ports,
            problems,
        }
    }
}

/// Prepared nodes by [`key`]; the fast hasher, as there is one lookup per node and edge.
type PreparedNodes<'r> = FxHashMap<usize, PreparedEntry<'r>>;

/// Nodes are told apart by address while compiling: ids may be duplicated in a bad document.
fn key(node: &NodeDocument) -> usize {
    node as *const NodeDocument as usize
}

/// The registry, answering from params prepared once.
struct Compiling<'a> {
    registry: &'a Registry,
    prepared: &'a PreparedNodes<'a>,
}

impl Catalog for Compiling<'_> {
    fn describe(&self, node_type: &str) -> Option<&NodeDescription> {
        self.registry.describe(node_type)
    }

    fn output_ports(&self, node: &NodeDocument) -> Vec<String> {
        self.borrowed_output_ports(node).into_owned()
    }

    fn borrowed_output_ports<'a>(&'a self, node: &'a NodeDocument) -> Cow<'a, [String]> {
        match self.prepared.get(&key(node)) {
            Some(PreparedEntry {
                outcome: Ok(_),
                ports,
                ..
            }) => Cow::Borrowed(ports),
            _ => self.registry.borrowed_output_ports(node),
        }
    }

    fn check_params(&self, node: &NodeDocument) -> Vec<ParamProblem> {
        self.prepared
            .get(&key(node))
            .map(|entry| entry.problems.clone())
            .unwrap_or_default()
    }

    fn check_expression(&self, source: &str) -> Result<(), String> {
        self.registry.check_expression(source)
    }
}

/// Builds the plan, taking each node's prepared params and ports out of `prepared_nodes`.
fn build(
    doc: &WorkflowDocument,
    mut prepared_nodes: PreparedNodes<'_>,
) -> Result<Plan, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut graph: DiGraph<PlanNode, PlanEdge> =
        DiGraph::with_capacity(doc.nodes.len(), doc.edges.len());
    let mut by_id = FxHashMap::with_capacity_and_hasher(doc.nodes.len(), Default::default());
    let mut trigger = None;
    for node in &doc.nodes {
        let Some(entry) = prepared_nodes.remove(&key(node)) else {
            continue;
        };
        let description = entry.description;
        let prepared = match entry.outcome {
            Ok(prepared) => prepared,
            Err(message) => {
                problems.push(Diagnostic::node_field(node.id.clone(), "params", message));
                continue;
            }
        };
        let mut ports = entry.ports;
        let has_error_port = node.error_policy() == OnError::ErrorPort;
        if has_error_port {
            ports.push("error".into());
        }
        let pinned = doc
            .pinned
            .get(&node.id)
            .and_then(Value::as_array)
            .map(|items| Arc::new(items.clone()));
        let index = graph.add_node(PlanNode {
            id: node.id.clone(),
            node_type: node.node_type.clone(),
            is_trigger: description.is_trigger(),
            prepared,
            ports,
            has_error_port,
            inputs: description.inputs.clone(),
            on_error: node.error_policy(),
            retry: node.retry,
            timeout: node.timeout_ms.map(Duration::from_millis),
            disabled: node.disabled,
            pinned,
            credential: node.credential.clone(),
        });
        if description.is_trigger() {
            trigger = Some(index);
        }
        by_id.insert(node.id.clone(), index);
    }
    for edge in &doc.edges {
        let (Some(&from), Some(&to)) = (by_id.get(&edge.from), by_id.get(&edge.to)) else {
            continue;
        };
        let from_port = match &edge.port {
            None => 0,
            Some(port) => match graph[from].ports.iter().position(|p| p == port) {
                Some(at) => at,
                None => {
                    problems.push(Diagnostic::node_field(
                        edge.from.clone(),
                        "edges",
                        format!("no output port \"{port}\""),
                    ));
                    continue;
                }
            },
        };
        let to_port = edge
            .to_port
            .as_ref()
            .and_then(|port| graph[to].inputs.iter().position(|p| p == port))
            .unwrap_or(0);
        graph.add_edge(from, to, PlanEdge { from_port, to_port });
    }
    let order = match toposort(&graph, None) {
        Ok(order) => order,
        Err(cycle) => {
            problems.push(Diagnostic::node_field(
                graph[cycle.node_id()].id.clone(),
                "edges",
                "the graph has a cycle",
            ));
            Vec::new()
        }
    };
    let Some(trigger) = trigger else {
        problems.push(Diagnostic::field("nodes", "the workflow has no trigger"));
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Plan {
        workflow_id: doc.id.clone(),
        graph,
        order,
        trigger,
        by_id,
    })
}

/// The catalog check without compiling, for callers that only validate.
pub fn check(doc: &WorkflowDocument, registry: &Registry) -> Vec<Diagnostic> {
    validate(doc, registry as &dyn Catalog)
}
