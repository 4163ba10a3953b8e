//! The recorder: a [`RunEventSink`] that turns one run's events into queued writes. It never
//! blocks the executor and never touches SQL; the writer thread does the rest.

use crate::error::Result;
use crate::liveness::ProcessIdentity;
use crate::rows::{FinishedRun, StartedRun, Write};
use crate::writer::Writer;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use switchyard_engine::{RunEvent, RunEventSink};

/// What the events of a run do not carry but history keeps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordingInfo {
    /// The exact text of the workflow document that ran (stored once per distinct text).
    pub document_text: String,
    /// The workflow's id (the `RunStarted` event's id is the one stored).
    pub workflow_id: String,
    /// The run this run re-runs, if any.
    pub origin_run_id: Option<String>,
    /// The items that replaced the trigger's output (`--input`, or the event a trigger got).
    pub trigger_items: Option<Vec<Value>>,
    /// The workflow file the document was read from, if any.
    pub source_path: Option<String>,
}

/// A recording's info with its document's hash, shared by all the writes of the run.
pub(crate) struct Recording {
    pub info: RecordingInfo,
    /// sha256 of the document text, lower-case hex.
    pub document_hash: String,
}

impl Recording {
    pub fn new(info: RecordingInfo) -> Self {
        let document_hash = document_hash(&info.document_text);
        Self {
            info,
            document_hash,
        }
    }
}

/// The key a document is stored under: sha256 of its exact text, lower-case hex.
pub fn document_hash(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Records one run into history. Hand it to the executor as its [`RunEventSink`] (or fan events
/// out to it); call [`RunRecorder::flush`] to wait until everything is committed.
pub struct RunRecorder {
    writer: Arc<Writer>,
    recording: Arc<Recording>,
    owner: ProcessIdentity,
    next_seq: AtomicU32,
    run_id: Mutex<Option<String>>,
}

impl RunRecorder {
    pub(crate) fn new(writer: Arc<Writer>, info: RecordingInfo, owner: ProcessIdentity) -> Self {
        Self {
            writer,
            recording: Arc::new(Recording::new(info)),
            owner,
            next_seq: AtomicU32::new(1),
            run_id: Mutex::new(None),
        }
    }

    /// The id of the run being recorded, once its `RunStarted` event has arrived.
    pub fn run_id(&self) -> Option<String> {
        self.run_id.lock().ok().and_then(|id| id.clone())
    }

    /// Blocks until every event emitted so far is committed; reports writes that failed.
    pub fn flush(&self) -> Result<()> {
        self.writer.flush()
    }
}

impl RunEventSink for RunRecorder {
    fn emit(&self, event: &RunEvent) {
        match event {
            RunEvent::RunStarted {
                run_id,
                workflow_id,
                mode,
                trigger,
                started_at,
                dry_run,
            } => {
                if let Ok(mut id) = self.run_id.lock() {
                    *id = Some(run_id.clone());
                }
                self.writer.write(Write::RunStarted(Box::new(StartedRun {
                    run_id: run_id.clone(),
                    workflow_id: workflow_id.clone(),
                    mode: *mode,
                    trigger: trigger.clone(),
                    started_at: *started_at,
                    dry_run: *dry_run,
                    recording: Arc::clone(&self.recording),
                    owner: self.owner,
                })));
            }
            RunEvent::NodeFinished { run_id, record } => {
                self.writer.write(Write::NodeFinished {
                    run_id: run_id.clone(),
                    seq: self.next_seq.fetch_add(1, Ordering::Relaxed),
                    record: record.clone(),
                });
            }
            RunEvent::RunFinished {
                run_id,
                status,
                finished_at,
                duration_ms,
                error,
                response,
            } => {
                self.writer.write(Write::RunFinished(Box::new(FinishedRun {
                    run_id: run_id.clone(),
                    status: *status,
                    finished_at: *finished_at,
                    duration_ms: *duration_ms,
                    error: error.clone(),
                    response: response.clone(),
                })));
            }
            // Live progress only: what a node did is recorded when it finishes.
            RunEvent::NodeStarted { .. } | RunEvent::AttemptFailed { .. } => {}
        }
    }
}
