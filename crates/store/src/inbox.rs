//! The durable inbox: every event a trigger accepted, committed before it is answered, with
//! deduplication by key and an optional trigger-state update in the same transaction.

use crate::StoreError;
use crate::error::Result;
use crate::host_db::HostDb;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde_json::Value;
use switchyard_engine::{RunStatus, Timestamp};

/// A key that makes an event a duplicate when it was seen within `window_ms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DedupeKey {
    /// The evaluated key.
    pub key: String,
    /// How long a key is remembered, in milliseconds.
    pub window_ms: i64,
}

/// A trigger-state value to write together with the event (a schedule's last fire time, a
/// poller's cursor), so the event and the state advance together or not at all.
#[derive(Debug, Clone, PartialEq)]
pub struct StateUpdate {
    /// The state's name, e.g. `schedule.last_fire`.
    pub name: String,
    /// Its new value.
    pub value: Value,
}

/// An event to put in the inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// The workflow it starts.
    pub workflow_id: String,
    /// The trigger node's type.
    pub trigger: String,
    /// The id its run will have.
    pub run_id: String,
    /// The trigger item.
    pub item: Value,
    /// When it arrived.
    pub received_at: Timestamp,
    /// Its dedupe key, if the trigger has one.
    pub dedupe: Option<DedupeKey>,
    /// State written in the same transaction.
    pub state: Option<StateUpdate>,
}

/// What the inbox made of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Stored as pending: it is to run.
    Accepted {
        /// The inbox row.
        inbox_id: i64,
    },
    /// Its key was seen within the window: stored as skipped, not to run.
    Duplicate {
        /// The inbox row.
        inbox_id: i64,
        /// When the key was first accepted.
        first_seen: Timestamp,
    },
}

/// An event whose run has not been recorded finished.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingEvent {
    /// The inbox row.
    pub inbox_id: i64,
    /// The workflow it starts.
    pub workflow_id: String,
    /// The trigger node's type.
    pub trigger: String,
    /// The run that handles it (its latest attempt).
    pub run_id: String,
    /// The trigger item.
    pub item: Value,
    /// When it arrived.
    pub received_at: Timestamp,
    /// What history says of `run_id`: `None` when the run was never recorded.
    pub run_status: Option<RunStatus>,
}

/// How many inbox rows are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxCounts {
    /// Waiting for their run to be recorded finished.
    pub pending: u64,
    /// Run.
    pub done: u64,
    /// Duplicates.
    pub skipped: u64,
}

impl HostDb {
    /// Commits the event (or, for a duplicate, a skipped row) and any state update, in one
    /// transaction; returns once it is on disk.
    pub fn accept(&self, event: &NewEvent) -> Result<Admission> {
        let mut admissions = self.accept_all(std::slice::from_ref(event))?;
        admissions.pop().ok_or_else(|| StoreError::Write {
            path: self.file.path.clone(),
            messages: "the event was not stored".into(),
        })
    }

    /// [`HostDb::accept`] for several events in one transaction (a group commit: events that
    /// arrive together cost one write to disk). In order: a later event's dedupe key sees an
    /// earlier one's. Either all are stored or none.
    pub fn accept_all(&self, events: &[NewEvent]) -> Result<Vec<Admission>> {
        let mut conn = self.conn();
        let fail = self.file.fail("store an incoming event");
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&fail)?;
        let mut admissions = Vec::with_capacity(events.len());
        for event in events {
            admissions.push(admit(&tx, event, &fail)?);
        }
        tx.commit().map_err(&fail)?;
        Ok(admissions)
    }

    /// Marks events done (their runs are recorded finished) and clears their items.
    pub fn mark_done(&self, inbox_ids: &[i64]) -> Result<()> {
        if inbox_ids.is_empty() {
            return Ok(());
        }
        let mut conn = self.conn();
        let fail = self.file.fail("mark incoming events done");
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&fail)?;
        let now = Timestamp::now().unix_millis();
        {
            let mut statement = tx
                .prepare_cached(
                    "UPDATE inbox SET status = 'done', item = NULL, done_at_ms = ?2 \
                     WHERE id = ?1 AND status = 'pending'",
                )
                .map_err(&fail)?;
            for id in inbox_ids {
                statement.execute(params![id, now]).map_err(&fail)?;
            }
        }
        tx.commit().map_err(&fail)
    }

    /// Gives a pending event a new run id (its earlier run was interrupted).
    pub fn reassign_run(&self, inbox_id: i64, run_id: &str) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE inbox SET run_id = ?2 WHERE id = ?1",
                params![inbox_id, run_id],
            )
            .map_err(self.file.fail("retry an incoming event"))?;
        Ok(())
    }

    /// The pending events of a workflow (all workflows when `None`), oldest first, with what
    /// history says of their runs.
    pub fn pending(&self, workflow_id: Option<&str>) -> Result<Vec<PendingEvent>> {
        let conn = self.conn();
        let fail = self.file.fail("read pending incoming events");
        let mut statement = conn
            .prepare_cached(
                "SELECT i.id, i.workflow_id, i.trigger, i.run_id, i.item, i.received_at_ms, r.status \
                 FROM inbox i LEFT JOIN runs r ON r.id = i.run_id \
                 WHERE i.status = 'pending' AND (?1 IS NULL OR i.workflow_id = ?1) ORDER BY i.id",
            )
            .map_err(&fail)?;
        let rows = statement
            .query_map(params![workflow_id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, i64>(5)?,
                    row.get::<_, Option<String>>(6)?,
                ))
            })
            .map_err(&fail)?;
        let mut events = Vec::new();
        for row in rows {
            let (inbox_id, workflow_id, trigger, run_id, item, received, status) =
                row.map_err(&fail)?;
            let item = match item.as_deref().map(serde_json::from_str) {
                Some(Ok(item)) => item,
                _ => {
                    tracing::warn!(
                        inbox_id,
                        "an inbox event has no readable item; it runs with null"
                    );
                    Value::Null
                }
            };
            events.push(PendingEvent {
                inbox_id,
                workflow_id,
                trigger,
                run_id,
                item,
                received_at: Timestamp::from_unix_millis(received).unwrap_or_else(Timestamp::now),
                run_status: status.as_deref().and_then(RunStatus::parse),
            });
        }
        Ok(events)
    }

    /// How many rows are in each state.
    pub fn inbox_counts(&self) -> Result<InboxCounts> {
        let conn = self.conn();
        let mut counts = InboxCounts::default();
        let mut statement = conn
            .prepare_cached("SELECT status, count(*) FROM inbox GROUP BY status")
            .map_err(self.file.fail("count incoming events"))?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })
            .map_err(self.file.fail("count incoming events"))?;
        for row in rows.flatten() {
            let n = u64::try_from(row.1).unwrap_or_default();
            match row.0.as_str() {
                "pending" => counts.pending = n,
                "done" => counts.done = n,
                "skipped" => counts.skipped = n,
                _ => {}
            }
        }
        Ok(counts)
    }

    /// Deletes done and skipped events received before `before`, and dedupe keys last seen
    /// before `keys_before`. Returns the number of inbox rows deleted.
    pub fn prune_inbox(&self, before: Timestamp, keys_before: Timestamp) -> Result<usize> {
        let conn = self.conn();
        let fail = self.file.fail("delete old incoming events");
        let deleted = conn
            .execute(
                "DELETE FROM inbox WHERE status != 'pending' AND received_at_ms < ?1",
                [before.unix_millis()],
            )
            .map_err(&fail)?;
        conn.execute(
            "DELETE FROM dedupe_keys WHERE seen_at_ms < ?1",
            [keys_before.unix_millis()],
        )
        .map_err(&fail)?;
        Ok(deleted)
    }
}

/// Stores one event inside the caller's transaction.
fn admit(
    tx: &rusqlite::Transaction<'_>,
    event: &NewEvent,
    fail: &impl Fn(rusqlite::Error) -> StoreError,
) -> Result<Admission> {
    let now = event.received_at.unix_millis();
    let mut duplicate_of = None;
    if let Some(dedupe) = &event.dedupe {
        let seen: Option<i64> = tx
            .prepare_cached(
                "SELECT seen_at_ms FROM dedupe_keys WHERE workflow_id = ?1 AND key = ?2",
            )
            .and_then(|mut s| {
                s.query_row(params![event.workflow_id, dedupe.key], |r| r.get(0))
                    .optional()
            })
            .map_err(fail)?;
        match seen {
            Some(at) if now.saturating_sub(at) < dedupe.window_ms => duplicate_of = Some(at),
            _ => {
                tx.prepare_cached(
                        "INSERT OR REPLACE INTO dedupe_keys (workflow_id, key, seen_at_ms) VALUES (?1, ?2, ?3)",
                    )
                    .and_then(|mut s| s.execute(params![event.workflow_id, dedupe.key, now]))
                    .map_err(fail)?;
            }
        }
    }
    let (status, item) = match duplicate_of {
        Some(_) => ("skipped", None),
        None => ("pending", Some(event.item.to_string())),
    };
    tx.prepare_cached(
            "INSERT INTO inbox (workflow_id, trigger, received_at_ms, run_id, status, item, dedupe_key, done_at_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?5 = 'skipped' THEN ?3 END)",
        )
        .and_then(|mut s| {
            s.execute(params![
                event.workflow_id,
                event.trigger,
                now,
                event.run_id,
                status,
                item,
                event.dedupe.as_ref().map(|d| &d.key),
            ])
        })
        .map_err(fail)?;
    let inbox_id = tx.last_insert_rowid();
    if let Some(state) = &event.state {
        crate::trigger_state::put(tx, &event.workflow_id, state, now).map_err(fail)?;
    }
    Ok(match duplicate_of {
        None => Admission::Accepted { inbox_id },
        Some(at) => Admission::Duplicate {
            inbox_id,
            first_seen: Timestamp::from_unix_millis(at).unwrap_or(event.received_at),
        },
    })
}
