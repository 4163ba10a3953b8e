//! What triggers keep between runs of the host (a schedule's last fire time, a poller's
//! cursor), by workflow and name.

use crate::error::Result;
use crate::host_db::HostDb;
use crate::inbox::StateUpdate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use switchyard_engine::Timestamp;

/// Writes one value (inside the caller's transaction).
pub(crate) fn put(
    conn: &Connection,
    workflow_id: &str,
    state: &StateUpdate,
    now_ms: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO trigger_state (workflow_id, name, value, updated_at_ms) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![workflow_id, state.name, state.value.to_string(), now_ms])?;
    Ok(())
}

impl HostDb {
    /// A trigger's stored value, if any.
    pub fn trigger_state(&self, workflow_id: &str, name: &str) -> Result<Option<Value>> {
        let text: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM trigger_state WHERE workflow_id = ?1 AND name = ?2",
                params![workflow_id, name],
                |row| row.get(0),
            )
            .optional()
            .map_err(self.file.fail("read trigger state"))?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// Stores a trigger's value on its own (state that goes with an event is written by
    /// [`HostDb::accept`]).
    pub fn set_trigger_state(&self, workflow_id: &str, state: &StateUpdate) -> Result<()> {
        put(
            &self.conn(),
            workflow_id,
            state,
            Timestamp::now().unix_millis(),
        )
        .map_err(self.file.fail("write trigger state"))
    }
}
