//! Partial runs: which nodes run, and what the others are taken to have output.

use crate::error::HostError;
use serde_json::Value;
use std::collections::HashMap;
use switchyard_engine::{NodeStatus, Plan, RunReport};
use switchyard_model::WorkflowDocument;

pub(crate) type Seeds = HashMap<String, Vec<(String, Vec<Value>)>>;

/// For running `node` alone: the outputs of the nodes before it, from the latest recorded run
/// of the workflow or else their pins. Every direct parent must have one or the other.
pub(crate) fn seeds_for_node(
    plan: &Plan,
    doc: &WorkflowDocument,
    node: &str,
    latest: Option<&RunReport>,
) -> Result<Seeds, HostError> {
    let mut seeds = Seeds::new();
    for ancestor in plan.ancestors_and_self(node) {
        if ancestor == node {
            continue;
        }
        if let Some(ports) =
            recorded_outputs(latest, &ancestor).or_else(|| pinned_outputs(plan, doc, &ancestor))
        {
            seeds.insert(ancestor, ports);
        }
    }
    for parent in plan.parents(node) {
        if !seeds.contains_key(parent) {
            return Err(HostError::NeedsUpstreamRun {
                node: node.to_owned(),
                upstream: parent.to_owned(),
            });
        }
    }
    Ok(seeds)
}

fn recorded_outputs(latest: Option<&RunReport>, node: &str) -> Option<Vec<(String, Vec<Value>)>> {
    let record = latest?.nodes.get(node)?;
    let produced = matches!(
        record.status,
        NodeStatus::Succeeded | NodeStatus::Pinned | NodeStatus::Disabled
    );
    produced.then(|| {
        record
            .outputs
            .iter()
            .map(|(port, items)| (port.clone(), items.to_vec()))
            .collect()
    })
}

fn pinned_outputs(
    plan: &Plan,
    doc: &WorkflowDocument,
    node: &str,
) -> Option<Vec<(String, Vec<Value>)>> {
    let items = doc.pinned.get(node)?.as_array()?.clone();
    let port = plan.node(node)?.ports.first()?.clone();
    Some(vec![(port, items)])
}
