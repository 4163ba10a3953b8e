//! [`HostDb`]: the always-on host's own tables in the history database (the inbox, dedupe keys,
//! trigger state, the status record), on a connection of its own. Its writes are synchronous:
//! when a call returns, the row is committed (WAL, `synchronous = NORMAL`: safe against a
//! crash of the process).

use crate::error::{DbFile, Result};
use crate::liveness::ProcessIdentity;
use crate::open;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use switchyard_engine::Timestamp;

/// The host's tables. Share it (`Send + Sync`); each call takes the connection briefly.
pub struct HostDb {
    pub(crate) file: DbFile,
    conn: Mutex<Connection>,
}

/// The status record a serving host writes and `switchyard status` reads.
#[derive(Debug, Clone, PartialEq)]
pub struct HostStatusRecord {
    /// The serving process.
    pub process: ProcessIdentity,
    /// When it started serving.
    pub started_at: Timestamp,
    /// When it last wrote this record.
    pub updated_at: Timestamp,
    /// When it stopped, if it stopped cleanly.
    pub stopped_at: Option<Timestamp>,
    /// The webhook listener's address, if it listens.
    pub listen: Option<String>,
    /// Everything else (workflows, triggers, counters), as the host shapes it.
    pub state: Value,
}

/// The busy handler: retry every quarter millisecond, for about 5 s.
fn retry_soon(tries: i32) -> bool {
    if tries >= 20_000 {
        return false;
    }
    std::thread::sleep(Duration::from_micros(250));
    true
}

impl HostDb {
    /// Opens (creating and upgrading if needed) the database at `path`.
    pub fn open(path: impl AsRef<Path>, busy_timeout: Duration) -> Result<HostDb> {
        let file = DbFile {
            path: path.as_ref().to_owned(),
            busy_timeout,
        };
        let mut conn = open::open_and_migrate(&file)?;
        // This connection answers webhooks: it waits for the history writer in short steps
        // (SQLite's default busy wait backs off to 100 ms sleeps), and leaves WAL
        // checkpoints (an fsync) to the history writer's connection.
        conn.busy_handler(Some(retry_soon))
            .map_err(file.fail("configure the connection"))?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(file.fail("configure the connection"))?;
        Ok(HostDb {
            file,
            conn: Mutex::new(conn),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.file.path
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the connection leaves it usable: take it back.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Writes (replaces) the status record.
    pub fn write_status(&self, record: &HostStatusRecord) -> Result<()> {
        let conn = self.conn();
        conn.prepare_cached(
            "INSERT OR REPLACE INTO host_status (id, pid, pid_start, started_at_ms, updated_at_ms, \
             stopped_at_ms, listen, state) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .and_then(|mut statement| {
            statement.execute(params![
                i64::from(record.process.pid),
                record.process.start.map(|s| s as i64),
                record.started_at.unix_millis(),
                record.updated_at.unix_millis(),
                record.stopped_at.map(Timestamp::unix_millis),
                record.listen,
                record.state.to_string(),
            ])
        })
        .map_err(self.file.fail("write the host status"))?;
        Ok(())
    }

    /// The status record, if a host ever served from this database.
    pub fn read_status(&self) -> Result<Option<HostStatusRecord>> {
        let conn = self.conn();
        let row = conn
            .query_row(
                "SELECT pid, pid_start, started_at_ms, updated_at_ms, stopped_at_ms, listen, state \
                 FROM host_status WHERE id = 1",
                [],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, Option<i64>>(1)?,
                        row.get::<_, i64>(2)?,
                        row.get::<_, i64>(3)?,
                        row.get::<_, Option<i64>>(4)?,
                        row.get::<_, Option<String>>(5)?,
                        row.get::<_, String>(6)?,
                    ))
                },
            )
            .optional()
            .map_err(self.file.fail("read the host status"))?;
        let Some((pid, start, started, updated, stopped, listen, state)) = row else {
            return Ok(None);
        };
        let time = |ms: i64| {
            Timestamp::from_unix_millis(ms)
                .ok_or_else(|| self.file.bad_row("host", "status time", ms))
        };
        Ok(Some(HostStatusRecord {
            process: ProcessIdentity {
                pid: u32::try_from(pid).unwrap_or_default(),
                start: start.and_then(|s| u64::try_from(s).ok()),
            },
            started_at: time(started)?,
            updated_at: time(updated)?,
            stopped_at: stopped.map(time).transpose()?,
            listen,
            state: serde_json::from_str(&state)
                .map_err(|e| self.file.bad_row("host", "status state", e))?,
        }))
    }
}

impl std::fmt::Debug for HostDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostDb")
            .field("path", &self.file.path)
            .finish_non_exhaustive()
    }
}
