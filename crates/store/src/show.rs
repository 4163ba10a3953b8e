//! One run in full (`history show`): the run row, its document and its node runs, rebuilt
//! into the engine's `RunReport`.

use crate::error::{DbFile, Result};
use crate::payload::{NodeTruncation, OUTPUT_REFERENCE};
use crate::queries::{RunSummary, SUMMARY_COLUMNS, from_json, summary_from_row, time};
use indexmap::IndexMap;
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use std::sync::Arc;
use switchyard_engine::event::Attempt;
use switchyard_engine::report::round_ms;
use switchyard_engine::{NodeRecord, NodeStatus, RunReport, Timestamp};

/// One run in full, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRun {
    /// The run with every node that finished, rebuilt from the stored rows.
    pub report: RunReport,
    /// Node runs whose items were cut to the size limit, by node id.
    pub truncated: IndexMap<String, NodeTruncation>,
    /// The exact workflow document that ran.
    pub document_text: String,
    /// The items that replaced the trigger's output, if any.
    pub trigger_items: Option<Vec<Value>>,
    /// The run this one re-ran.
    pub origin_run_id: Option<String>,
    /// The workflow file the document was read from, if known.
    pub source_path: Option<String>,
}

impl StoredRun {
    /// The run's line in the run list.
    pub fn summary(&self) -> RunSummary {
        let report = &self.report;
        RunSummary {
            run_id: report.run_id.clone(),
            workflow_id: report.workflow_id.clone(),
            mode: report.mode,
            status: report.status,
            trigger: report.trigger.clone(),
            started_at: report.started_at,
            finished_at: report.finished_at,
            duration_ms: report.finished_at.map(|_| round_ms(report.duration_ms)),
            error: report.error.clone(),
            origin_run_id: self.origin_run_id.clone(),
            dry_run: report.dry_run,
        }
    }

    /// `history show --json`: the report's JSON (with inputs when asked), each truncated node
    /// carrying `truncated: {inputs?, outputs?: {original_bytes, kept_items, total_items}}`,
    /// plus `origin_run_id` for re-runs.
    pub fn to_json(&self, with_inputs: bool) -> Value {
        let mut json = self.report.to_json(with_inputs);
        if let Some(origin) = &self.origin_run_id
            && let Value::Object(map) = &mut json
        {
            map.insert("origin_run_id".into(), Value::from(origin.as_str()));
        }
        if let Some(Value::Object(nodes)) = json.get_mut("nodes") {
            for (node_id, truncation) in &self.truncated {
                if let Some(Value::Object(node)) = nodes.get_mut(node_id) {
                    node.insert(
                        "truncated".into(),
                        serde_json::to_value(truncation).unwrap_or(Value::Null),
                    );
                }
            }
        }
        json
    }
}

/// One run with its node runs, or `None` if there is no such run.
pub(crate) fn get_run(conn: &Connection, file: &DbFile, run_id: &str) -> Result<Option<StoredRun>> {
    let read = file.fail("read a run");
    // One read transaction: the run and its node runs from the same snapshot.
    let tx = conn.unchecked_transaction().map_err(&read)?;
    let found = tx
        .prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS}, r.response, r.trigger_items, d.text, r.source_path \
             FROM runs r JOIN documents d ON d.hash = r.document_hash WHERE r.id = ?1"
        ))
        .map_err(&read)?
        .query_row([run_id], |row| {
            Ok((
                summary_from_row(row, 0)?,
                row.get::<_, Option<String>>(11)?,
                row.get::<_, Option<String>>(12)?,
                row.get::<_, String>(13)?,
                row.get::<_, Option<String>>(14)?,
            ))
        })
        .optional()
        .map_err(&read)?;
    let Some((summary, response, trigger_items, document_text, source_path)) = found else {
        return Ok(None);
    };
    let summary = summary.into_summary(file)?;
    let (nodes, truncated) = node_runs(&tx, file, run_id)?;
    tx.finish().map_err(&read)?;
    let report = RunReport {
        run_id: summary.run_id,
        workflow_id: summary.workflow_id,
        mode: summary.mode,
        trigger: summary.trigger,
        dry_run: summary.dry_run,
        status: summary.status,
        started_at: summary.started_at,
        finished_at: summary.finished_at,
        duration_ms: summary.duration_ms.unwrap_or(0.0),
        error: summary.error,
        response: from_json(file, run_id, "webhook response", response.as_deref())?,
        nodes,
    };
    Ok(Some(StoredRun {
        report,
        truncated,
        document_text,
        trigger_items: from_json(file, run_id, "trigger items", trigger_items.as_deref())?,
        origin_run_id: summary.origin_run_id,
        source_path,
    }))
}

struct NodeRow {
    node_id: String,
    node_type: String,
    status: String,
    attempts: u32,
    attempt_log: Option<String>,
    started_at_ms: Option<i64>,
    duration_ms: f64,
    inputs: String,
    outputs: String,
    error: Option<String>,
    item_errors: i64,
    truncated: Option<String>,
}

type Nodes = (
    IndexMap<String, NodeRecord>,
    IndexMap<String, NodeTruncation>,
);

fn node_runs(conn: &Connection, file: &DbFile, run_id: &str) -> Result<Nodes> {
    let read = file.fail("read a run's nodes");
    let mut stmt = conn
        .prepare_cached(
            "SELECT node_id, node_type, status, attempts, attempt_log, started_at_ms, \
             duration_ms, inputs, outputs, error, item_errors, truncated \
             FROM node_runs WHERE run_id = ?1 ORDER BY seq",
        )
        .map_err(&read)?;
    let rows = stmt
        .query_map([run_id], |row| {
            Ok(NodeRow {
                node_id: row.get(0)?,
                node_type: row.get(1)?,
                status: row.get(2)?,
                attempts: row.get(3)?,
                attempt_log: row.get(4)?,
                started_at_ms: row.get(5)?,
                duration_ms: row.get(6)?,
                inputs: row.get(7)?,
                outputs: row.get(8)?,
                error: row.get(9)?,
                item_errors: row.get(10)?,
                truncated: row.get(11)?,
            })
        })
        .map_err(&read)?;
    let mut nodes = IndexMap::new();
    let mut truncated = IndexMap::new();
    for row in rows {
        let row = row.map_err(&read)?;
        if let Some(t) = from_json::<NodeTruncation>(
            file,
            run_id,
            "truncation marker",
            row.truncated.as_deref(),
        )? {
            truncated.insert(row.node_id.clone(), t);
        }
        let (mut record, references) = node_record(file, run_id, row)?;
        resolve(&nodes, &mut record, &references);
        nodes.insert(record.node_id.clone(), record);
    }
    Ok((nodes, truncated))
}

/// The ports of a node run stored as references (see `run_outputs`): per port index, the
/// node and output port whose items it holds.
#[derive(Default)]
struct StoredReferences {
    inputs: Vec<(usize, String, String)>,
    outputs: Vec<(usize, String, String)>,
}

/// Puts the referenced items in place. References point to nodes that finished earlier, which
/// `earlier` holds already resolved; one to an output that is not there (its write was lost)
/// leaves the port empty.
fn resolve(
    earlier: &IndexMap<String, NodeRecord>,
    record: &mut NodeRecord,
    references: &StoredReferences,
) {
    let find = |node: &str, port: &str| {
        earlier
            .get(node)
            .and_then(|n| n.outputs.iter().find(|(p, _)| p == port))
            .map(|(_, items)| Arc::clone(items))
            .unwrap_or_default()
    };
    for (index, node, port) in &references.outputs {
        if let Some((_, slot)) = record.outputs.get_mut(*index) {
            *slot = find(node, port);
        }
    }
    for (index, node, port) in &references.inputs {
        if let Some(slot) = record.inputs.get_mut(*index) {
            *slot = find(node, port);
        }
    }
}

/// Reads one stored port: items, or a reference (`{"$output": [node, port]}`).
fn stored_port(
    file: &DbFile,
    run_id: &str,
    stored: Value,
) -> Result<Result<Vec<Value>, (String, String)>> {
    match stored {
        Value::Array(items) => Ok(Ok(items)),
        Value::Object(reference) => reference
            .get(OUTPUT_REFERENCE)
            .and_then(Value::as_array)
            .and_then(|pair| Some((pair.first()?.as_str()?, pair.get(1)?.as_str()?)))
            .map(|(node, port)| Ok(Err((node.to_owned(), port.to_owned()))))
            .unwrap_or_else(|| {
                Err(file.bad_row(
                    run_id,
                    "node port reference",
                    Value::Object(reference.clone()),
                ))
            }),
        other => Err(file.bad_row(run_id, "node port", other)),
    }
}

fn node_record(
    file: &DbFile,
    run_id: &str,
    row: NodeRow,
) -> Result<(NodeRecord, StoredReferences)> {
    let status: NodeStatus = serde_json::from_value(Value::from(row.status.as_str()))
        .map_err(|_| file.bad_row(run_id, "node status", &row.status))?;
    let stored_inputs: Vec<Value> =
        from_json(file, run_id, "node inputs", Some(&row.inputs))?.unwrap_or_default();
    let stored_outputs: IndexMap<String, Value> =
        from_json(file, run_id, "node outputs", Some(&row.outputs))?.unwrap_or_default();
    let mut references = StoredReferences::default();
    let mut inputs = Vec::with_capacity(stored_inputs.len());
    for (index, stored) in stored_inputs.into_iter().enumerate() {
        match stored_port(file, run_id, stored)? {
            Ok(items) => inputs.push(Arc::new(items)),
            Err((node, port)) => {
                references.inputs.push((index, node, port));
                inputs.push(Arc::default());
            }
        }
    }
    let mut outputs = Vec::with_capacity(stored_outputs.len());
    for (index, (name, stored)) in stored_outputs.into_iter().enumerate() {
        match stored_port(file, run_id, stored)? {
            Ok(items) => outputs.push((name, Arc::new(items))),
            Err((node, port)) => {
                references.outputs.push((index, node, port));
                outputs.push((name, Arc::default()));
            }
        }
    }
    let started_at = row
        .started_at_ms
        .map(|ms| time(file, run_id, "node start time", ms))
        .transpose()?;
    let attempt_log = attempt_log(file, run_id, row.attempt_log.as_deref(), started_at)?;
    let record = NodeRecord {
        node_type: row.node_type,
        status,
        attempts: row.attempts,
        attempt_log,
        started_at,
        duration_ms: row.duration_ms,
        inputs,
        outputs,
        error: from_json(file, run_id, "node error", row.error.as_deref())?,
        item_errors: usize::try_from(row.item_errors).unwrap_or(0),
        node_id: row.node_id,
    };
    Ok((record, references))
}

/// The attempt log as stored (see `rows::stored_attempt_log`): a JSON list, or for the usual
/// single successful attempt only its end time in milliseconds.
fn attempt_log(
    file: &DbFile,
    run_id: &str,
    stored: Option<&str>,
    started_at: Option<Timestamp>,
) -> Result<Vec<Attempt>> {
    let Some(text) = stored else {
        return Ok(Vec::new());
    };
    if let (Ok(finished_ms), Some(started_at)) = (text.parse::<i64>(), started_at) {
        return Ok(vec![Attempt {
            number: 1,
            started_at,
            finished_at: time(file, run_id, "attempt end time", finished_ms)?,
            error: None,
        }]);
    }
    Ok(from_json(file, run_id, "attempt log", Some(text))?.unwrap_or_default())
}
