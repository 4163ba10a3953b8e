//! A run's outcome, folded from its events: what `run --json` and `history show --json` print.

use crate::event::{NodeRecord, RunError, RunEvent, RunStatus};
use crate::run::{RunMode, WebhookResponse};
use crate::time::Timestamp;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, PartialEq)]
pub struct RunReport {
    pub run_id: String,
    pub workflow_id: String,
    pub mode: RunMode,
    pub trigger: String,
    pub dry_run: bool,
    pub status: RunStatus,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub duration_ms: f64,
    pub error: Option<RunError>,
    pub response: Option<WebhookResponse>,
    /// Node records in the order the nodes finished.
    pub nodes: IndexMap<String, NodeRecord>,
}

impl RunReport {
    /// The report of a run that has just started.
    pub fn started(event: &RunEvent) -> Option<Self> {
        match event {
            RunEvent::RunStarted {
                run_id,
                workflow_id,
                mode,
                trigger,
                started_at,
                dry_run,
            } => Some(Self {
                run_id: run_id.clone(),
                workflow_id: workflow_id.clone(),
                mode: *mode,
                trigger: trigger.clone(),
                dry_run: *dry_run,
                status: RunStatus::Running,
                started_at: *started_at,
                finished_at: None,
                duration_ms: 0.0,
                error: None,
                response: None,
                nodes: IndexMap::new(),
            }),
            _ => None,
        }
    }

    pub fn apply(&mut self, event: &RunEvent) {
        match event {
            RunEvent::NodeFinished { record, .. } => {
                self.nodes
                    .insert(record.node_id.clone(), (**record).clone());
            }
            RunEvent::RunFinished {
                status,
                finished_at,
                duration_ms,
                error,
                response,
                ..
            } => {
                self.status = *status;
                self.finished_at = Some(*finished_at);
                self.duration_ms = *duration_ms;
                self.error = error.clone();
                self.response = response.clone();
            }
            RunEvent::RunStarted { .. }
            | RunEvent::NodeStarted { .. }
            | RunEvent::AttemptFailed { .. } => {}
        }
    }

    /// The spec's JSON shape; `with_inputs` adds each node's input items.
    pub fn to_json(&self, with_inputs: bool) -> Value {
        let mut nodes = Map::new();
        for (id, record) in &self.nodes {
            nodes.insert(id.clone(), node_json(record, with_inputs));
        }
        let mut out = json!({
            "run_id": self.run_id,
            "workflow_id": self.workflow_id,
            "mode": self.mode.as_str(),
            "status": self.status.as_str(),
            "trigger": self.trigger,
            "started_at": self.started_at.to_string(),
            "finished_at": self.finished_at.map(|t| t.to_string()),
            "duration_ms": round_ms(self.duration_ms),
        });
        if let Value::Object(map) = &mut out {
            if self.dry_run {
                map.insert("dry_run".into(), Value::Bool(true));
            }
            if let Some(error) = &self.error {
                map.insert(
                    "error".into(),
                    serde_json::to_value(error).unwrap_or(Value::Null),
                );
            }
            if let Some(response) = &self.response {
                map.insert(
                    "response".into(),
                    serde_json::to_value(response).unwrap_or(Value::Null),
                );
            }
            map.insert("nodes".into(), Value::Object(nodes));
        }
        out
    }
}

/// One node in the spec's shape: `{status, attempts, duration_ms, inputs?, outputs, error?, item_errors?}`.
pub fn node_json(record: &NodeRecord, with_inputs: bool) -> Value {
    let mut map = Map::new();
    map.insert("status".into(), Value::from(record.status.as_str()));
    map.insert("attempts".into(), Value::from(record.attempts));
    map.insert("duration_ms".into(), json!(round_ms(record.duration_ms)));
    if with_inputs {
        let inputs: Vec<Value> = record
            .inputs
            .iter()
            .flat_map(|items| items.iter().cloned())
            .collect();
        map.insert("inputs".into(), Value::Array(inputs));
    }
    let mut outputs = Map::new();
    for (port, items) in &record.outputs {
        outputs.insert(port.clone(), Value::Array(items.to_vec()));
    }
    map.insert("outputs".into(), Value::Object(outputs));
    if let Some(error) = &record.error {
        map.insert("error".into(), error.to_value());
    }
    if record.item_errors > 0 {
        map.insert("item_errors".into(), Value::from(record.item_errors));
    }
    if record.attempt_log.iter().any(|a| a.error.is_some()) {
        map.insert(
            "attempt_log".into(),
            serde_json::to_value(&record.attempt_log).unwrap_or(Value::Null),
        );
    }
    Value::Object(map)
}

/// Milliseconds with three decimals (microseconds): enough to see fast nodes, short to read.
pub fn round_ms(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}
