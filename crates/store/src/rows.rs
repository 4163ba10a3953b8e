//! The writes the recorder asks for, and the SQL that turns each into rows. Every JSON value is
//! masked for secrets before it is written.

use crate::liveness::ProcessIdentity;
use crate::payload::{self, EncodedPayload};
use crate::recorder::Recording;
use crate::run_outputs::RunOutputs;
use crate::secrets;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use switchyard_engine::{NodeRecord, RunError, RunMode, RunStatus, Timestamp, WebhookResponse};

/// A run that has started.
pub(crate) struct StartedRun {
    pub run_id: String,
    pub workflow_id: String,
    pub mode: RunMode,
    pub trigger: String,
    pub started_at: Timestamp,
    pub dry_run: bool,
    pub recording: Arc<Recording>,
    pub owner: ProcessIdentity,
}

/// A run that has ended.
pub(crate) struct FinishedRun {
    pub run_id: String,
    pub status: RunStatus,
    pub finished_at: Timestamp,
    pub duration_ms: f64,
    pub error: Option<RunError>,
    pub response: Option<WebhookResponse>,
}

/// An HTTP exchange a connector made (already masked).
pub(crate) struct ExchangeRow {
    pub run_id: String,
    pub node_id: String,
    pub recorded_at: Timestamp,
    pub request: Value,
    pub response: Value,
}

/// One thing to write.
pub(crate) enum Write {
    RunStarted(Box<StartedRun>),
    NodeFinished {
        run_id: String,
        seq: u32,
        record: Box<NodeRecord>,
    },
    RunFinished(Box<FinishedRun>),
    Exchange(Box<ExchangeRow>),
    /// One answer's rate-limit figures, added to its credential's day (see `usage`).
    Usage(Box<crate::usage::UsageRow>),
}

/// Why one write failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WriteFailure {
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    #[error("run {0} finished, but its start was never recorded")]
    UnknownRun(String),
}

/// Serialises a value with secrets masked (`None` for a `None`).
fn masked_json<T: Serialize>(value: Option<&T>) -> Option<String> {
    let value = serde_json::to_value(value?).ok()?;
    Some(secrets::masked(&value).to_string())
}

/// Writes one fact. Called inside the writer's transaction; `outputs` is what the writer
/// remembers of the running runs' outputs.
pub(crate) fn apply(
    conn: &Connection,
    write: &Write,
    max_payload_bytes: usize,
    outputs: &mut RunOutputs,
) -> Result<(), WriteFailure> {
    match write {
        Write::RunStarted(run) => insert_run(conn, run),
        Write::NodeFinished {
            run_id,
            seq,
            record,
        } => {
            let references = outputs.references(run_id, record);
            let payload = payload::encode(record, &references, max_payload_bytes);
            let whole = payload.truncated.is_none_or(|t| t.outputs.is_none());
            insert_node_run(conn, run_id, *seq, record, payload)?;
            if whole {
                outputs.remember(run_id, record);
            }
            Ok(())
        }
        Write::RunFinished(run) => {
            outputs.forget(&run.run_id);
            finish_run(conn, run)
        }
        Write::Exchange(exchange) => insert_exchange(conn, exchange),
        Write::Usage(row) => Ok(crate::usage::apply(conn, row)?),
    }
}

fn insert_run(conn: &Connection, run: &StartedRun) -> Result<(), WriteFailure> {
    let recording = &run.recording;
    let known = conn
        .prepare_cached("SELECT 1 FROM documents WHERE hash = ?1")?
        .query_row([&recording.document_hash], |_| Ok(()))
        .optional()?
        .is_some();
    if !known {
        conn.prepare_cached("INSERT INTO documents (hash, text) VALUES (?1, ?2)")?
            .execute(params![
                recording.document_hash,
                recording.info.document_text
            ])?;
    }
    let trigger_items = masked_json(recording.info.trigger_items.as_ref());
    conn.prepare_cached(
        "INSERT INTO runs (id, workflow_id, document_hash, mode, trigger, status, dry_run, \
         started_at_ms, origin_run_id, trigger_items, owner_pid, owner_start, source_path) \
         VALUES (?1, ?2, ?3, ?4, ?5, 'running', ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        run.run_id,
        run.workflow_id,
        recording.document_hash,
        run.mode.as_str(),
        run.trigger,
        run.dry_run,
        run.started_at.unix_millis(),
        recording.info.origin_run_id,
        trigger_items,
        i64::from(run.owner.pid),
        run.owner.start.and_then(|s| i64::try_from(s).ok()),
        recording.info.source_path,
    ])?;
    Ok(())
}

/// The attempt log as stored: nothing when there was none; for the usual single attempt that
/// started with the node and did not fail, only its end (milliseconds since the epoch, a
/// JSON number; see `show`); else the whole log.
fn stored_attempt_log(record: &NodeRecord) -> Option<String> {
    match record.attempt_log.as_slice() {
        [] => None,
        [only]
            if only.number == 1
                && only.error.is_none()
                && Some(only.started_at) == record.started_at =>
        {
            Some(only.finished_at.unix_millis().to_string())
        }
        log => masked_json(Some(&log)),
    }
}

fn insert_node_run(
    conn: &Connection,
    run_id: &str,
    seq: u32,
    record: &NodeRecord,
    payload: EncodedPayload,
) -> Result<(), WriteFailure> {
    let attempt_log = stored_attempt_log(record);
    conn.prepare_cached(
        "INSERT INTO node_runs (run_id, seq, node_id, node_type, status, attempts, attempt_log, \
         started_at_ms, duration_ms, inputs, outputs, error, item_errors, truncated) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        run_id,
        seq,
        record.node_id,
        record.node_type,
        record.status.as_str(),
        record.attempts,
        attempt_log,
        record.started_at.map(Timestamp::unix_millis),
        record.duration_ms,
        payload.inputs,
        payload.outputs,
        masked_json(record.error.as_ref()),
        i64::try_from(record.item_errors).unwrap_or(i64::MAX),
        payload
            .truncated
            .and_then(|t| serde_json::to_string(&t).ok()),
    ])?;
    Ok(())
}

fn finish_run(conn: &Connection, run: &FinishedRun) -> Result<(), WriteFailure> {
    let changed = conn
        .prepare_cached(
            "UPDATE runs SET status = ?2, finished_at_ms = ?3, duration_ms = ?4, error = ?5, \
             response = ?6 WHERE id = ?1",
        )?
        .execute(params![
            run.run_id,
            run.status.as_str(),
            run.finished_at.unix_millis(),
            run.duration_ms,
            masked_json(run.error.as_ref()),
            masked_json(run.response.as_ref()),
        ])?;
    if changed == 0 {
        return Err(WriteFailure::UnknownRun(run.run_id.clone()));
    }
    Ok(())
}

fn insert_exchange(conn: &Connection, exchange: &ExchangeRow) -> Result<(), WriteFailure> {
    conn.prepare_cached(
        "INSERT INTO exchanges (run_id, node_id, seq, recorded_at_ms, request, response) \
         VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM exchanges WHERE run_id = ?1), \
         ?3, ?4, ?5)",
    )?
    .execute(params![
        exchange.run_id,
        exchange.node_id,
        exchange.recorded_at.unix_millis(),
        exchange.request.to_string(),
        exchange.response.to_string(),
    ])?;
    Ok(())
}
