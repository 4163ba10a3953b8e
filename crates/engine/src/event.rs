//! What a run reports as it goes: the `RunEvent` stream that the CLI prints, the history
//! recorder stores and the canvas draws.

use crate::Items;
use crate::error::{ErrorKind, NodeError};
use crate::run::{RunMode, WebhookResponse};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    Succeeded,
    Failed,
    Skipped,
    Pinned,
    Disabled,
}

impl NodeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeStatus::Succeeded => "succeeded",
            NodeStatus::Failed => "failed",
            NodeStatus::Skipped => "skipped",
            NodeStatus::Pinned => "pinned",
            NodeStatus::Disabled => "disabled",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Interrupted,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Succeeded => "succeeded",
            RunStatus::Failed => "failed",
            RunStatus::Cancelled => "cancelled",
            RunStatus::Interrupted => "interrupted",
        }
    }

    pub fn parse(text: &str) -> Option<RunStatus> {
        Some(match text {
            "running" => RunStatus::Running,
            "succeeded" => RunStatus::Succeeded,
            "failed" => RunStatus::Failed,
            "cancelled" => RunStatus::Cancelled,
            "interrupted" => RunStatus::Interrupted,
            _ => return None,
        })
    }
}

/// One try at running a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub number: u32,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<NodeError>,
}

/// Everything about one node in one run, once it is over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeRecord {
    pub node_id: String,
    pub node_type: String,
    pub status: NodeStatus,
    /// Node-level attempts (connector-internal retries are not counted).
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attempt_log: Vec<Attempt>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    pub duration_ms: f64,
    /// Items that reached the node, per input port in the type's input order.
    pub inputs: Vec<Items>,
    /// Items the node emitted, per output port in port order.
    pub outputs: Vec<(String, Items)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<NodeError>,
    /// Items that failed but were handled by `continue` or `error_port`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub item_errors: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl NodeRecord {
    /// A node that did not run (skipped, or never reached before the run ended).
    pub fn not_run(node_id: &str, node_type: &str, ports: &[String]) -> Self {
        Self {
            node_id: node_id.to_owned(),
            node_type: node_type.to_owned(),
            status: NodeStatus::Skipped,
            attempts: 0,
            attempt_log: Vec::new(),
            started_at: None,
            duration_ms: 0.0,
            inputs: Vec::new(),
            outputs: ports
                .iter()
                .map(|p| (p.clone(), Items::default()))
                .collect(),
            error: None,
            item_errors: 0,
        }
    }

    pub fn output_count(&self) -> usize {
        self.outputs.iter().map(|(_, items)| items.len()).sum()
    }

    pub fn input_count(&self) -> usize {
        self.inputs.iter().map(|items| items.len()).sum()
    }
}

/// Why a run failed: the node, and its error's kind and message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RunError {
    pub node: String,
    pub kind: ErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum RunEvent {
    RunStarted {
        run_id: String,
        workflow_id: String,
        mode: RunMode,
        /// The trigger node's type, e.g. `trigger.webhook`.
        trigger: String,
        started_at: Timestamp,
        dry_run: bool,
    },
    NodeStarted {
        run_id: String,
        node_id: String,
        started_at: Timestamp,
    },
    AttemptFailed {
        run_id: String,
        node_id: String,
        attempt: Attempt,
        /// How long until the next attempt; `None` when there is none.
        retry_in_ms: Option<u64>,
    },
    NodeFinished {
        run_id: String,
        record: Box<NodeRecord>,
    },
    RunFinished {
        run_id: String,
        status: RunStatus,
        finished_at: Timestamp,
        duration_ms: f64,
        error: Option<RunError>,
        response: Option<WebhookResponse>,
    },
}

/// Whoever listens to a run's events. Emitting must not block: sinks queue or copy.
pub trait RunEventSink: Send + Sync {
    fn emit(&self, event: &RunEvent);
}

/// Ignores every event.
pub struct NoSink;

impl RunEventSink for NoSink {
    fn emit(&self, _: &RunEvent) {}
}

impl RunEventSink for tokio::sync::mpsc::UnboundedSender<RunEvent> {
    fn emit(&self, event: &RunEvent) {
        let _ = self.send(event.clone());
    }
}

/// Keeps every event (tests, and callers that want the whole stream afterwards).
#[derive(Default)]
pub struct CollectSink(pub Mutex<Vec<RunEvent>>);

impl RunEventSink for CollectSink {
    fn emit(&self, event: &RunEvent) {
        if let Ok(mut events) = self.0.lock() {
            events.push(event.clone());
        }
    }
}

impl CollectSink {
    pub fn events(&self) -> Vec<RunEvent> {
        self.0.lock().map(|e| e.clone()).unwrap_or_default()
    }
}

impl<F: Fn(&RunEvent) + Send + Sync> RunEventSink for F {
    fn emit(&self, event: &RunEvent) {
        self(event)
    }
}
