//! Switchyard's run history in SQLite.
//!
//! `RunEvent stream --record--> SQLite history`: a [`RunRecorder`] (one per run, made by
//! [`HistoryStore::start_recording`]) is the executor's event sink; it queues writes for the
//! store's writer thread, which commits them in batches on its own connection. The executor
//! never touches SQL. Queries ([`HistoryStore::list_runs`], [`HistoryStore::get_run`],
//! [`HistoryStore::search`]) read on a second connection; with WAL, reading never waits for
//! writing, and several processes (the desktop app and a CLI) can share one file.
//!
//! Files: `open` (paths, pragmas), `migrations` (the schema), `recorder` and `writer` (events to
//! rows, via `rows` and `payload`), `queries`, `show` and `search` (reading), `retention` (pruning),
//! `liveness` (interrupted runs), `secrets` (masking), `exchanges` (recorded HTTP exchanges);
//! for the always-on host, `host_db` (its connection and status record), `inbox` (accepted
//! trigger events and dedupe keys) and `trigger_state`; `credentials` (credential metadata,
//! never a secret) and `usage` (per-credential request counters per day).

#![warn(missing_docs)]

mod credentials;
mod error;
mod exchanges;
mod host_db;
mod inbox;
mod liveness;
mod migrations;
mod open;
mod payload;
mod queries;
mod recorder;
mod retention;
mod rows;
mod run_outputs;
mod search;
mod secrets;
mod show;
mod store;
mod trigger_state;
mod usage;
mod writer;

pub use credentials::{CREDENTIAL_ENVS, CredentialMeta, NewCredentialMeta};
pub use error::StoreError;
pub use exchanges::Exchange;
pub use host_db::{HostDb, HostStatusRecord};
pub use inbox::{Admission, DedupeKey, InboxCounts, NewEvent, PendingEvent, StateUpdate};
pub use liveness::{INTERRUPTED_MESSAGE, ProcessIdentity, interrupted_error};
pub use migrations::SCHEMA_VERSION;
pub use open::{DB_ENV, default_db_path, resolve_db_path};
pub use payload::{NodeTruncation, Truncation};
pub use queries::{RunCursor, RunFilter, RunSummary};
pub use recorder::{RecordingInfo, RunRecorder, document_hash};
pub use retention::{AutoPrune, PruneStats, Retention};
pub use search::{SearchHit, fts_query};
pub use secrets::{MASK, is_secret_name, mask_secrets};
pub use show::StoredRun;
pub use store::{HistoryStore, StoreOptions, open_default};
pub use usage::{StoreUsage, UsageDay, utc_day};

#[cfg(test)]
mod tests {
    fn shareable<T: Send + Sync>() {}

    #[test]
    fn the_store_its_recorders_and_errors_can_cross_threads() {
        shareable::<crate::HistoryStore>();
        shareable::<crate::RunRecorder>();
        shareable::<crate::StoreError>();
        shareable::<crate::HostDb>();
    }
}
