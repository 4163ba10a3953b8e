//! Helpers: a database in a temporary folder, and run events made by hand.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use switchyard_engine::event::Attempt;
use switchyard_engine::{
    ErrorKind, NodeError, NodeRecord, NodeStatus, RunError, RunEvent, RunEventSink, RunMode,
    RunReport, RunStatus, Timestamp,
};
use switchyard_store::{HistoryStore, RecordingInfo, StoreOptions};

pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn temp_db() -> TempDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested").join("history.db");
    TempDb { dir, path }
}

/// Options for tests: no background pruning, a short busy timeout.
pub fn options() -> StoreOptions {
    StoreOptions {
        auto_prune: None,
        ..StoreOptions::default()
    }
}

pub fn open(db: &TempDb) -> HistoryStore {
    HistoryStore::open(&db.path, options()).expect("open store")
}

pub fn now_ms() -> i64 {
    Timestamp::now().unix_millis()
}

pub fn ts(ms: i64) -> Timestamp {
    Timestamp::from_unix_millis(ms).expect("time in range")
}

pub fn doc(workflow: &str) -> String {
    format!("{{\n  \"schema\": \"switchyard/workflow@1\",\n  \"id\": \"{workflow}\"\n}}\n")
}

pub fn info(workflow: &str) -> RecordingInfo {
    RecordingInfo {
        document_text: doc(workflow),
        workflow_id: workflow.into(),
        origin_run_id: None,
        trigger_items: None,
        source_path: None,
    }
}

pub fn started(run_id: &str, workflow: &str, at_ms: i64) -> RunEvent {
    RunEvent::RunStarted {
        run_id: run_id.into(),
        workflow_id: workflow.into(),
        mode: RunMode::Test,
        trigger: "trigger.manual".into(),
        started_at: ts(at_ms),
        dry_run: false,
    }
}

pub fn items(values: Vec<Value>) -> Arc<Vec<Value>> {
    Arc::new(values)
}

pub fn node(
    run_id: &str,
    node_id: &str,
    inputs: Vec<Value>,
    outputs: Vec<(&str, Vec<Value>)>,
) -> RunEvent {
    RunEvent::NodeFinished {
        run_id: run_id.into(),
        record: Box::new(NodeRecord {
            node_id: node_id.into(),
            node_type: "data.set".into(),
            status: NodeStatus::Succeeded,
            attempts: 1,
            attempt_log: vec![],
            started_at: Some(Timestamp::now()),
            duration_ms: 0.25,
            inputs: vec![items(inputs)],
            outputs: outputs
                .into_iter()
                .map(|(port, values)| (port.to_owned(), items(values)))
                .collect(),
            error: None,
            item_errors: 0,
        }),
    }
}

pub fn failed_node(run_id: &str, node_id: &str, input: Value, at_ms: i64) -> RunEvent {
    let error =
        NodeError::new(ErrorKind::RateLimited, "HubSpot said: too many requests").with_status(429);
    RunEvent::NodeFinished {
        run_id: run_id.into(),
        record: Box::new(NodeRecord {
            node_id: node_id.into(),
            node_type: "hubspot.crm".into(),
            status: NodeStatus::Failed,
            attempts: 2,
            attempt_log: vec![
                Attempt {
                    number: 1,
                    started_at: ts(at_ms),
                    finished_at: ts(at_ms + 5),
                    error: Some(error.clone()),
                },
                Attempt {
                    number: 2,
                    started_at: ts(at_ms + 505),
                    finished_at: ts(at_ms + 510),
                    error: Some(error.clone()),
                },
            ],
            started_at: Some(ts(at_ms)),
            duration_ms: 2107.9,
            inputs: vec![items(vec![input])],
            outputs: vec![("main".into(), items(vec![]))],
            error: Some(error),
            item_errors: 0,
        }),
    }
}

pub fn finished(run_id: &str, status: RunStatus, at_ms: i64, error: Option<RunError>) -> RunEvent {
    RunEvent::RunFinished {
        run_id: run_id.into(),
        status,
        finished_at: ts(at_ms),
        duration_ms: 12.5,
        error,
        response: None,
    }
}

/// Records a whole small run: a trigger and `nodes` data nodes, then its end.
pub fn record_run(
    store: &HistoryStore,
    run_id: &str,
    workflow: &str,
    at_ms: i64,
    status: RunStatus,
    nodes: usize,
) {
    let recorder = store.start_recording(info(workflow));
    recorder.emit(&started(run_id, workflow, at_ms));
    for n in 0..nodes {
        recorder.emit(&node(
            run_id,
            &format!("n{n}"),
            vec![json!({"n": n})],
            vec![("main", vec![json!({"n": n, "run": run_id})])],
        ));
    }
    let error = (status == RunStatus::Failed).then(|| RunError {
        node: "n0".into(),
        kind: ErrorKind::Validation,
        message: "bad email".into(),
    });
    recorder.emit(&finished(run_id, status, at_ms + 13, error));
}

/// The report the live event stream gives, to compare with what history gives back.
pub fn live_report(events: &[RunEvent]) -> RunReport {
    let mut report = RunReport::started(&events[0]).expect("first event starts the run");
    for event in &events[1..] {
        report.apply(event);
    }
    report
}

pub fn raw(db: &TempDb) -> rusqlite::Connection {
    rusqlite::Connection::open(&db.path).expect("raw connection")
}

pub fn count(db: &TempDb, sql: &str) -> i64 {
    raw(db).query_row(sql, [], |row| row.get(0)).expect("count")
}
