//! [`HistoryStore`]: one history database, with a reading connection for queries and a writer
//! thread (with its own connection) for everything recorded.

use crate::error::{DbFile, Result, StoreError};
use crate::exchanges::{self, Exchange};
use crate::liveness::{self, ProcessIdentity};
use crate::open;
use crate::queries::{self, RunFilter, RunSummary};
use crate::recorder::{RecordingInfo, RunRecorder};
use crate::retention::{AutoPrune, PruneStats, Retention};
use crate::rows::{ExchangeRow, Write};
use crate::search::{self, SearchHit};
use crate::secrets::mask_secrets;
use crate::show::{self, StoredRun};
use crate::writer::{Writer, WriterSettings};
use rusqlite::Connection;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use switchyard_engine::Timestamp;

/// How a store behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreOptions {
    /// A node run's inputs and outputs together above this size (bytes of JSON) are stored
    /// truncated, with a marker. Default 1 MiB.
    pub max_payload_bytes: usize,
    /// How long to wait for another process's lock before giving up. Default 5 s.
    pub busy_timeout: Duration,
    /// Pruning done by the writer thread; `None` prunes only when [`HistoryStore::prune`] is
    /// called. Default: the default [`Retention`], hourly.
    pub auto_prune: Option<AutoPrune>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_payload_bytes: 1024 * 1024,
            busy_timeout: Duration::from_secs(5),
            auto_prune: Some(AutoPrune::default()),
        }
    }
}

/// The run history database. Share it (it is `Send + Sync`); dropping it waits until everything
/// recorded so far is committed.
pub struct HistoryStore {
    file: DbFile,
    reader: Mutex<Connection>,
    writer: Arc<Writer>,
    owner: ProcessIdentity,
}

impl HistoryStore {
    /// Opens (creating folders and file on first use) and upgrades the database, then marks
    /// runs left `running` by processes that have ended as `interrupted`.
    pub fn open(path: impl AsRef<Path>, options: StoreOptions) -> Result<HistoryStore> {
        let file = DbFile {
            path: path.as_ref().to_owned(),
            busy_timeout: options.busy_timeout,
        };
        let mut reader = open::open_and_migrate(&file)?;
        let interrupted = liveness::mark_interrupted(&mut reader, &file)?;
        if !interrupted.is_empty() {
            tracing::info!(path = %file.path.display(), runs = ?interrupted, "marked runs of ended processes as interrupted");
        }
        let writer_conn = open::open_configured(&file)?;
        let writer = Writer::spawn(
            writer_conn,
            file.clone(),
            WriterSettings {
                max_payload_bytes: options.max_payload_bytes,
                auto_prune: options.auto_prune,
            },
        )?;
        Ok(HistoryStore {
            file,
            reader: Mutex::new(reader),
            writer: Arc::new(writer),
            owner: ProcessIdentity::current(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.file.path
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        // A panic while reading leaves the connection usable: take it back.
        self.reader.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The reading connection, for this crate's other modules (credential metadata writes on
    /// it too: rare, small and synchronous).
    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.reader()
    }

    /// The database file, for naming it in errors.
    pub(crate) fn file(&self) -> &DbFile {
        &self.file
    }

    /// Queues a write for the writer thread (never blocks).
    pub(crate) fn queue(&self, write: Write) {
        self.writer.write(write);
    }

    /// A recorder for one run: give it to the executor as its event sink.
    pub fn start_recording(&self, info: RecordingInfo) -> RunRecorder {
        RunRecorder::new(Arc::clone(&self.writer), info, self.owner)
    }

    /// Blocks until everything recorded so far (by this store and its recorders) is committed;
    /// reports the writes that failed since the last flush. It blocks the calling thread: from
    /// async code, call it inside `spawn_blocking`.
    pub fn flush(&self) -> Result<()> {
        self.writer.flush()
    }

    /// Waits until everything recorded so far is committed, without making the writer commit
    /// sooner than it would (at the end of its commit window).
    pub fn committed(&self) -> Result<()> {
        self.writer.committed()
    }

    /// Runs matching `filter`, newest first.
    pub fn list_runs(&self, filter: &RunFilter) -> Result<Vec<RunSummary>> {
        queries::list_runs(&self.reader(), &self.file, filter)
    }

    /// One run in full, or `None` if there is no such run.
    pub fn get_run(&self, run_id: &str) -> Result<Option<StoredRun>> {
        show::get_run(&self.reader(), &self.file, run_id)
    }

    /// The newest run of a workflow.
    pub fn latest_run(&self, workflow_id: &str) -> Result<Option<StoredRun>> {
        let filter = RunFilter {
            workflow_id: Some(workflow_id.to_owned()),
            limit: 1,
            ..RunFilter::default()
        };
        match self.list_runs(&filter)?.into_iter().next() {
            Some(summary) => self.get_run(&summary.run_id),
            None => Ok(None),
        }
    }

    /// Node runs whose outputs or errors contain every word of `text`, newest first.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchHit>> {
        search::search(&self.reader(), &self.file, text, limit)
    }

    /// Records an HTTP exchange of a run's node (queued like run events; secret headers are
    /// masked before anything is queued). The run must be recorded in this database.
    pub fn record_exchange(&self, run_id: &str, node_id: &str, request: &Value, response: &Value) {
        self.writer.write(Write::Exchange(Box::new(ExchangeRow {
            run_id: run_id.to_owned(),
            node_id: node_id.to_owned(),
            recorded_at: Timestamp::now(),
            request: mask_secrets(request),
            response: mask_secrets(response),
        })));
    }

    /// A run's recorded exchanges, in order. Call [`HistoryStore::flush`] first to see the
    /// latest.
    pub fn exchanges(&self, run_id: &str) -> Result<Vec<Exchange>> {
        exchanges::exchanges(&self.reader(), &self.file, run_id)
    }

    /// Deletes what `retention` no longer keeps (after everything queued is written).
    pub fn prune(&self, retention: &Retention) -> Result<PruneStats> {
        self.writer.prune(*retention, false)
    }

    /// Changes what the periodic prune keeps (when this store prunes on its own) and prunes to
    /// it now.
    pub fn set_retention(&self, retention: &Retention) -> Result<PruneStats> {
        self.writer.prune(*retention, true)
    }

    /// Marks `interrupted` the runs left `running` by processes that have ended (done on open;
    /// a long-lived process may call it again). Returns their ids.
    pub fn mark_interrupted(&self) -> Result<Vec<String>> {
        liveness::mark_interrupted(&mut self.reader(), &self.file)
    }
}

impl Drop for HistoryStore {
    fn drop(&mut self) {
        if let Err(error) = self.writer.flush() {
            tracing::error!(%error, "history was not completely recorded");
        }
    }
}

impl std::fmt::Debug for HistoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HistoryStore")
            .field("path", &self.file.path)
            .finish_non_exhaustive()
    }
}

/// Opens the database that `--db` / `SWITCHYARD_DB` / the default names (see
/// [`crate::resolve_db_path`]) with default options.
pub fn open_default(flag: Option<PathBuf>) -> Result<HistoryStore, StoreError> {
    HistoryStore::open(open::resolve_db_path(flag), StoreOptions::default())
}
