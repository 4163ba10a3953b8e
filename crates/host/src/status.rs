//! The status record: a serving host writes it to its database every second (and when it
//! stops); `switchyard status` reads it and tells whether that process still runs.

use crate::manager::RunManager;
use serde::Serialize;
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;
use switchyard_engine::Timestamp;
use switchyard_store::{HostDb, HostStatusRecord, ProcessIdentity, StoreError};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// How often the record is written.
const EVERY: Duration = Duration::from_secs(1);

/// The state part of the record: workflows, run counts, counters.
pub fn state_json(manager: &RunManager, phase: &str) -> Value {
    let counts = manager.counts();
    let mut state = json!({
        "phase": phase,
        "workflows": manager.workflows(),
        "runs": { "running": counts.running, "queued": counts.queued, "finished": counts.finished },
    });
    if let (Value::Object(state), Value::Object(counters)) =
        (&mut state, manager.counters().to_json())
    {
        state.extend(counters);
    }
    state
}

/// Writes the record every second until stopped, then once more as stopped.
pub struct StatusWriter {
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl StatusWriter {
    pub fn start(manager: RunManager, listen: Option<String>) -> StatusWriter {
        let stop = CancellationToken::new();
        let stopped = stop.clone();
        let started_at = Timestamp::now();
        let task = tokio::spawn(async move {
            let process = ProcessIdentity::current();
            let record = |phase: &str, stopped_at: Option<Timestamp>| HostStatusRecord {
                process,
                started_at,
                updated_at: Timestamp::now(),
                stopped_at,
                listen: listen.clone(),
                state: state_json(&manager, phase),
            };
            let write = |record: HostStatusRecord, db: std::sync::Arc<HostDb>| async move {
                let written = tokio::task::spawn_blocking(move || db.write_status(&record)).await;
                if let Ok(Err(error)) = written {
                    tracing::warn!(%error, "could not write the host status");
                }
            };
            let db = std::sync::Arc::clone(manager.db());
            loop {
                let phase = if manager.is_stopping() {
                    "stopping"
                } else {
                    "running"
                };
                write(record(phase, None), std::sync::Arc::clone(&db)).await;
                tokio::select! {
                    () = stopped.cancelled() => break,
                    () = tokio::time::sleep(EVERY) => {}
                }
            }
            write(record("stopped", Some(Timestamp::now())), db).await;
        });
        StatusWriter { stop, task }
    }

    /// Writes the final (stopped) record and ends.
    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.task.await;
    }
}

/// What `switchyard status` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HostStatus {
    /// The process that wrote the record is still running.
    pub running: bool,
    pub pid: u32,
    pub listen: Option<String>,
    pub started_at: Timestamp,
    pub updated_at: Timestamp,
    pub stopped_at: Option<Timestamp>,
    /// `phase`, `workflows`, `runs`, `accepted`, `skipped_duplicates`, `rejected`.
    pub state: Value,
}

/// Reads the status record of the database at `path`; `None` if no host ever served from it
/// (or the file does not exist: it is not created).
pub fn read_status(path: &Path) -> Result<Option<HostStatus>, StoreError> {
    if !path.exists() {
        return Ok(None);
    }
    let db = HostDb::open(path, Duration::from_secs(5))?;
    Ok(db.read_status()?.map(|record| HostStatus {
        running: record.stopped_at.is_none() && record.process.is_alive(),
        pid: record.process.pid,
        listen: record.listen,
        started_at: record.started_at,
        updated_at: record.updated_at,
        stopped_at: record.stopped_at,
        state: record.state,
    }))
}
