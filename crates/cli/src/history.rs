//! The history database as the commands use it: which file, and how it is opened.

use std::path::PathBuf;
use switchyard_store::{HistoryStore, StoreOptions, resolve_db_path};

/// Whether the store may prune old runs on its own while it is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pruning {
    /// The store's default retention, applied by its writer thread (`run` records, so it
    /// also keeps the history bounded).
    Auto,
    /// Nothing is deleted unless asked for (`history list|show|search|prune`).
    Never,
}

/// Opens the database `--db` names, else `SWITCHYARD_DB`, else the per-user default. Its
/// errors (exit 2) name the file and say what to do.
pub fn open(db: Option<&PathBuf>, pruning: Pruning) -> anyhow::Result<HistoryStore> {
    let path = resolve_db_path(db.cloned());
    let mut options = StoreOptions::default();
    if pruning == Pruning::Never {
        options.auto_prune = None;
    }
    Ok(HistoryStore::open(path, options)?)
}
