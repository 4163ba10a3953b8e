//! What the nodes of each running run emitted, as the writer recorded it. The engine hands an
//! upstream port's items on to the next node as the same shared list, so an input port that
//! received exactly one port's items is stored as a reference to that output
//! (`{"$output": [node, port]}`, see [`crate::payload`]) rather than as a second copy, and so is
//! an output port that passes such an input on unchanged; reading a run resolves them (see
//! `show`).

use crate::payload::{References, input_reference};
use std::collections::HashMap;
use std::sync::Arc;
use switchyard_engine::NodeRecord;

/// Runs whose end never came (a crash of the engine, not of this process) are forgotten in
/// bulk past this many, so the map cannot grow without end.
const MAX_RUNS: usize = 10_000;

struct Emitted {
    items: switchyard_engine::Items,
    node: String,
    port: String,
}

#[derive(Default)]
pub(crate) struct RunOutputs {
    runs: HashMap<String, Vec<Emitted>>,
}

impl RunOutputs {
    /// What of `record` to store as references: each input port that received exactly what an
    /// earlier node of the run emitted (the same list, stored whole), and each output port that
    /// passes such an input on unchanged (`logic.switch`, `logic.if`, `flow.respond` routing
    /// their items).
    pub fn references(&self, run_id: &str, record: &NodeRecord) -> References {
        let Some(emitted) = self.runs.get(run_id) else {
            return References::default();
        };
        let sources: Vec<Option<&Emitted>> = record
            .inputs
            .iter()
            .map(|items| {
                if items.is_empty() {
                    return None;
                }
                emitted.iter().find(|e| Arc::ptr_eq(&e.items, items))
            })
            .collect();
        let outputs = record
            .outputs
            .iter()
            .map(|(_, items)| {
                if items.is_empty() {
                    return None;
                }
                sources
                    .iter()
                    .flatten()
                    .find(|source| Arc::ptr_eq(&source.items, items) || source.items == *items)
                    .map(|source| input_reference(&source.node, &source.port))
            })
            .collect();
        References {
            inputs: sources
                .iter()
                .map(|source| source.map(|e| input_reference(&e.node, &e.port)))
                .collect(),
            outputs,
        }
    }

    /// Keeps `record`'s outputs for the run's later nodes (those stored whole only).
    pub fn remember(&mut self, run_id: &str, record: &NodeRecord) {
        if self.runs.len() >= MAX_RUNS && !self.runs.contains_key(run_id) {
            self.runs.clear();
        }
        let emitted = self.runs.entry(run_id.to_owned()).or_default();
        for (port, items) in &record.outputs {
            if !items.is_empty() {
                emitted.push(Emitted {
                    items: Arc::clone(items),
                    node: record.node_id.clone(),
                    port: port.clone(),
                });
            }
        }
    }

    /// The run ended: its outputs are referenced no more.
    pub fn forget(&mut self, run_id: &str) {
        self.runs.remove(run_id);
    }
}
