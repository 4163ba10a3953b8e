//! What the window sees of runs: live progress while one runs (small: counts, never items),
//! and a recorded run in full for the inspector (items per port, attempts, HTTP exchanges).
//! The TypeScript types are generated from these (ts-rs).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use switchyard_engine::event::Attempt;
use switchyard_engine::{
    NodeError, NodeRecord, NodeStatus, RunError, RunEvent, RunStatus, Timestamp,
};
use switchyard_model::WorkflowDocument;
use switchyard_store::{RunSummary, StoredRun};
use ts_rs::TS;

/// Which part of the workflow to run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RunSelection {
    /// The whole workflow ("Run once").
    #[default]
    Whole,
    /// The node and everything before it ("Run up to here").
    Until { node: String },
    /// Only the node, on the last run's (or pinned) data before it ("Run this node").
    Node { node: String },
}

/// A run that has started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RunStarted {
    pub run_id: String,
}

/// Items leaving a node by one port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PortCount {
    pub port: String,
    pub items: u32,
}

/// One step of a run as it happens, sent to the window as the `run-progress` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RunProgress {
    RunStarted {
        run_id: String,
        workflow_id: String,
        trigger: String,
        started_at: Timestamp,
        dry_run: bool,
    },
    NodeStarted {
        run_id: String,
        node_id: String,
    },
    AttemptFailed {
        run_id: String,
        node_id: String,
        attempt: u32,
        error: Option<NodeError>,
        retry_in_ms: Option<u64>,
    },
    NodeFinished {
        run_id: String,
        node_id: String,
        status: NodeStatus,
        duration_ms: f64,
        input_items: u32,
        outputs: Vec<PortCount>,
        error: Option<NodeError>,
        item_errors: u32,
    },
    RunFinished {
        run_id: String,
        status: RunStatus,
        duration_ms: f64,
        error: Option<RunError>,
    },
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<&RunEvent> for RunProgress {
    fn from(event: &RunEvent) -> Self {
        match event {
            RunEvent::RunStarted {
                run_id,
                workflow_id,
                trigger,
                started_at,
                dry_run,
                ..
            } => RunProgress::RunStarted {
                run_id: run_id.clone(),
                workflow_id: workflow_id.clone(),
                trigger: trigger.clone(),
                started_at: *started_at,
                dry_run: *dry_run,
            },
            RunEvent::NodeStarted {
                run_id, node_id, ..
            } => RunProgress::NodeStarted {
                run_id: run_id.clone(),
                node_id: node_id.clone(),
            },
            RunEvent::AttemptFailed {
                run_id,
                node_id,
                attempt,
                retry_in_ms,
            } => RunProgress::AttemptFailed {
                run_id: run_id.clone(),
                node_id: node_id.clone(),
                attempt: attempt.number,
                error: attempt.error.clone(),
                retry_in_ms: *retry_in_ms,
            },
            RunEvent::NodeFinished { run_id, record } => RunProgress::NodeFinished {
                run_id: run_id.clone(),
                node_id: record.node_id.clone(),
                status: record.status,
                duration_ms: record.duration_ms,
                input_items: count(record.input_count()),
                outputs: record
                    .outputs
                    .iter()
                    .map(|(port, items)| PortCount {
                        port: port.clone(),
                        items: count(items.len()),
                    })
                    .collect(),
                error: record.error.clone(),
                item_errors: count(record.item_errors),
            },
            RunEvent::RunFinished {
                run_id,
                status,
                duration_ms,
                error,
                ..
            } => RunProgress::RunFinished {
                run_id: run_id.clone(),
                status: *status,
                duration_ms: *duration_ms,
                error: error.clone(),
            },
        }
    }
}

/// Items on one port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PortData {
    pub port: String,
    #[ts(type = "Array<JsonValue>")]
    pub items: Vec<Value>,
}

/// One HTTP exchange a connector node made (secrets already masked by the history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExchangeView {
    #[ts(type = "JsonValue")]
    pub request: Value,
    #[ts(type = "JsonValue")]
    pub response: Value,
}

/// What one node did in a recorded run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NodeRunView {
    pub node_id: String,
    pub node_type: String,
    pub status: NodeStatus,
    pub started_at: Option<Timestamp>,
    pub duration_ms: f64,
    /// Items that came in, one list per input port (`a`/`b` on a merge).
    #[ts(type = "Array<Array<JsonValue>>")]
    pub inputs: Vec<Vec<Value>>,
    pub outputs: Vec<PortData>,
    pub attempts: Vec<AttemptView>,
    pub error: Option<NodeError>,
    pub item_errors: u32,
    /// The items were cut to the history's size limit.
    pub truncated: bool,
    pub exchanges: Vec<ExchangeView>,
}

/// One try of a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AttemptView {
    pub number: u32,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    pub error: Option<NodeError>,
}

impl From<&Attempt> for AttemptView {
    fn from(attempt: &Attempt) -> Self {
        Self {
            number: attempt.number,
            started_at: attempt.started_at,
            finished_at: attempt.finished_at,
            error: attempt.error.clone(),
        }
    }
}

/// A recorded run in full: its line in the list, the document exactly as it ran, and each
/// node's record.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RunDetail {
    pub summary: RunSummary,
    pub document: Option<WorkflowDocument>,
    pub source_path: Option<String>,
    pub nodes: Vec<NodeRunView>,
}

impl NodeRunView {
    pub fn from_record(record: &NodeRecord, truncated: bool, exchanges: Vec<ExchangeView>) -> Self {
        Self {
            node_id: record.node_id.clone(),
            node_type: record.node_type.clone(),
            status: record.status,
            started_at: record.started_at,
            duration_ms: record.duration_ms,
            inputs: record.inputs.iter().map(|items| items.to_vec()).collect(),
            outputs: record
                .outputs
                .iter()
                .map(|(port, items)| PortData {
                    port: port.clone(),
                    items: items.to_vec(),
                })
                .collect(),
            attempts: record.attempt_log.iter().map(AttemptView::from).collect(),
            error: record.error.clone(),
            item_errors: count(record.item_errors),
            truncated,
            exchanges,
        }
    }
}

impl RunDetail {
    pub fn from_stored(stored: &StoredRun, exchanges: &[(String, ExchangeView)]) -> Self {
        let document = switchyard_model::read_document(&stored.document_text).0;
        let nodes = stored
            .report
            .nodes
            .values()
            .map(|record| {
                let mine = exchanges
                    .iter()
                    .filter(|(node, _)| *node == record.node_id)
                    .map(|(_, exchange)| exchange.clone())
                    .collect();
                NodeRunView::from_record(
                    record,
                    stored.truncated.contains_key(&record.node_id),
                    mine,
                )
            })
            .collect();
        Self {
            summary: stored.summary(),
            document,
            source_path: stored.source_path.clone(),
            nodes,
        }
    }
}
