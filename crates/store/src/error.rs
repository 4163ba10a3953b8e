//! What can go wrong with the history database, each error naming the file and saying what to do.

use rusqlite::ErrorCode;
use std::path::{Path, PathBuf};

/// An error of the history store. Every message names the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder that should hold the database could not be created.
    #[error(
        "could not create the folder {} for the history database {}: {source}; check the permissions, or choose another file with --db PATH or SWITCHYARD_DB",
        folder.display(), path.display()
    )]
    CreateFolder {
        /// The database file.
        path: PathBuf,
        /// The folder that could not be created.
        folder: PathBuf,
        /// Why.
        source: std::io::Error,
    },

    /// The file exists but is not an SQLite database, or is damaged.
    #[error(
        "the history database {} is damaged or is not a Switchyard history database ({detail}); move it aside (for example rename it to {}.broken) and Switchyard will start a new, empty history there",
        path.display(), path.display()
    )]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite or the store found.
        detail: String,
    },

    /// The file was written by a newer Switchyard whose schema this build does not know.
    #[error(
        "the history database {} was written by a newer Switchyard (schema version {found}; this build knows up to {supported}); upgrade Switchyard, or point --db / SWITCHYARD_DB at another file. The file was left unchanged",
        path.display()
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },

    /// Another process held the database locked for longer than the busy timeout.
    #[error(
        "the history database {} stayed locked by another process for more than {timeout_ms} ms while trying to {action}; wait for the other Switchyard app or command to finish (or close it) and try again",
        path.display()
    )]
    Busy {
        /// The database file.
        path: PathBuf,
        /// What the store was doing.
        action: &'static str,
        /// How long it waited.
        timeout_ms: u128,
    },

    /// Any other SQLite failure.
    #[error(
        "the history database {} failed while trying to {action}: {source}; if this keeps happening, check free disk space and permissions, or move the file aside",
        path.display()
    )]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What the store was doing.
        action: &'static str,
        /// SQLite's error.
        source: rusqlite::Error,
    },

    /// A stored value could not be read back (a row written by something else, or damage).
    #[error(
        "the history database {} holds an unreadable {what} for run {run_id}: {detail}; the file may be damaged: move it aside if this keeps happening",
        path.display()
    )]
    BadRow {
        /// The database file.
        path: PathBuf,
        /// The run the row belongs to.
        run_id: String,
        /// Which value.
        what: &'static str,
        /// Why it could not be read.
        detail: String,
    },

    /// Writes that the writer thread could not commit (reported by the next `flush`).
    #[error(
        "the history database {} could not record everything: {messages}; the run itself was not affected, but its history may be incomplete",
        path.display()
    )]
    Write {
        /// The database file.
        path: PathBuf,
        /// The failures, joined with "; ".
        messages: String,
    },

    /// The writer thread is gone (it panicked); nothing more can be recorded through this store.
    #[error(
        "the history writer for {} has stopped, so nothing more can be recorded; reopen the history store (restart the app or command)",
        path.display()
    )]
    WriterStopped {
        /// The database file.
        path: PathBuf,
    },
}

impl StoreError {
    /// Classifies an SQLite error: busy and corrupt files get their own, clearer errors.
    pub(crate) fn sqlite(
        path: &Path,
        action: &'static str,
        busy_timeout: std::time::Duration,
        source: rusqlite::Error,
    ) -> Self {
        match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy {
                path: path.to_owned(),
                action,
                timeout_ms: busy_timeout.as_millis(),
            },
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path: path.to_owned(),
                detail: source.to_string(),
            },
            _ => StoreError::Sqlite {
                path: path.to_owned(),
                action,
                source,
            },
        }
    }
}

/// A shorthand for this crate's results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database file a connection belongs to, for naming it in errors.
#[derive(Debug, Clone)]
pub(crate) struct DbFile {
    pub path: PathBuf,
    pub busy_timeout: std::time::Duration,
}

impl DbFile {
    /// Turns an SQLite error met while doing `action` into a [`StoreError`].
    pub fn fail(&self, action: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::sqlite(&self.path, action, self.busy_timeout, source)
    }

    /// A stored value that could not be decoded.
    pub fn bad_row(&self, run_id: &str, what: &'static str, detail: impl ToString) -> StoreError {
        StoreError::BadRow {
            path: self.path.clone(),
            run_id: run_id.to_owned(),
            what,
            detail: detail.to_string(),
        }
    }
}
