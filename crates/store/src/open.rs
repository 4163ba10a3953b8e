//! Where the history database lives, and opening a connection to it: folders, pragmas,
//! migrations.

use crate::error::{DbFile, Result, StoreError};
use crate::migrations;
use rusqlite::{Connection, OpenFlags};
use std::path::PathBuf;

/// The environment variable that overrides the default database path.
pub const DB_ENV: &str = "SWITCHYARD_DB";

/// The per-user default: `<data folder>/switchyard/history.db` (on Linux
/// `~/.local/share/switchyard/history.db`).
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("switchyard")
        .join("history.db")
}

/// The database to use: the `--db` flag if given, else `SWITCHYARD_DB` if set and not empty,
/// else [`default_db_path`].
pub fn resolve_db_path(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| {
        std::env::var_os(DB_ENV)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    })
    .unwrap_or_else(default_db_path)
}

/// Opens a connection (creating the folder and file if needed) with the busy timeout set, and
/// nothing else changed yet.
pub(crate) fn connect(file: &DbFile) -> Result<Connection> {
    if let Some(folder) = file.path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|source| StoreError::CreateFolder {
            path: file.path.clone(),
            folder: folder.to_owned(),
            source,
        })?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn =
        Connection::open_with_flags(&file.path, flags).map_err(file.fail("open the file"))?;
    conn.busy_timeout(file.busy_timeout)
        .map_err(file.fail("set the busy timeout"))?;
    Ok(conn)
}

/// Sets the connection's pragmas: WAL (readers never wait for the writer, and a killed process
/// leaves the file consistent), `synchronous = NORMAL` (safe with WAL: a crash of the process
/// loses nothing committed; only a power cut may lose the last transactions), foreign keys.
pub(crate) fn configure(conn: &Connection, file: &DbFile) -> Result<()> {
    let fail = file.fail("configure the connection");
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))
        .map_err(&fail)?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(
            path = %file.path.display(),
            mode,
            "the history database could not use write-ahead logging; concurrent use will be slower"
        );
    }
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(&fail)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(&fail)?;
    Ok(())
}

/// The first connection of a store: checks the file is ours and not newer than this build
/// (before anything is written to it), then configures it and applies missing migrations.
pub(crate) fn open_and_migrate(file: &DbFile) -> Result<Connection> {
    let mut conn = connect(file)?;
    let header = migrations::check(&conn, file)?;
    configure(&conn, file)?;
    migrations::migrate(&mut conn, file, &header)?;
    Ok(conn)
}

/// A further connection to a file already opened with [`open_and_migrate`].
pub(crate) fn open_configured(file: &DbFile) -> Result<Connection> {
    let conn = connect(file)?;
    configure(&conn, file)?;
    Ok(conn)
}
