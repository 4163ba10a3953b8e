//! Items waiting at each node's inputs until every edge into it has delivered.

use crate::Items;
use crate::plan::Plan;
use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};
use std::sync::Arc;

struct Waiting {
    /// Edges still to deliver.
    pending: usize,
    /// Per input port: what each edge delivered, tagged by edge so the order is the document's.
    ports: Vec<Vec<(EdgeIndex, Items)>>,
}

pub(super) struct Inbox {
    nodes: Vec<Waiting>,
}

impl Inbox {
    pub fn new(plan: &Plan) -> Self {
        let nodes = plan
            .graph
            .node_indices()
            .map(|index| Waiting {
                pending: plan
                    .graph
                    .edges_directed(index, Direction::Incoming)
                    .count(),
                ports: vec![Vec::new(); plan.graph[index].inputs.len().max(1)],
            })
            .collect();
        Self { nodes }
    }

    /// Delivers what one edge carries; true when that was the node's last pending edge.
    pub fn deliver(&mut self, node: NodeIndex, edge: EdgeIndex, port: usize, items: Items) -> bool {
        let waiting = &mut self.nodes[node.index()];
        if let Some(slot) = waiting.ports.get_mut(port) {
            slot.push((edge, items));
        }
        waiting.pending = waiting.pending.saturating_sub(1);
        waiting.pending == 0
    }

    pub fn has_items(&self, node: NodeIndex) -> bool {
        self.nodes[node.index()]
            .ports
            .iter()
            .flatten()
            .any(|(_, items)| !items.is_empty())
    }

    /// The items per input port, each port's deliveries joined in edge order.
    pub fn take(&mut self, node: NodeIndex) -> Vec<Items> {
        let ports = std::mem::take(&mut self.nodes[node.index()].ports);
        ports.into_iter().map(join).collect()
    }

    /// All input items of all ports in one list (for pass-through of disabled nodes).
    pub fn concat(&self, node: NodeIndex) -> Items {
        let mut all = Vec::new();
        for port in &self.nodes[node.index()].ports {
            let mut deliveries: Vec<&(EdgeIndex, Items)> = port.iter().collect();
            deliveries.sort_by_key(|(edge, _)| *edge);
            for (_, items) in deliveries {
                all.extend(items.iter().cloned());
            }
        }
        Arc::new(all)
    }
}

fn join(mut deliveries: Vec<(EdgeIndex, Items)>) -> Items {
    deliveries.retain(|(_, items)| !items.is_empty());
    match deliveries.len() {
        0 => Items::default(),
        1 => deliveries.pop().map(|(_, items)| items).unwrap_or_default(),
        _ => {
            deliveries.sort_by_key(|(edge, _)| *edge);
            Arc::new(
                deliveries
                    .iter()
                    .flat_map(|(_, items)| items.iter().cloned())
                    .collect(),
            )
        }
    }
}
