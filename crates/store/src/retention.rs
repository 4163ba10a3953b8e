//! Forgetting old runs: keep the newest N runs per workflow and nothing older than D days.
//! A deleted run takes its node runs, their search entries and its exchanges with it, and a
//! document no remaining run uses is deleted too. Running runs are never deleted.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use std::collections::BTreeSet;
use std::time::Duration;

/// How much history to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Keep at most this many runs per workflow (the newest); `None`: no limit. Default 1000.
    pub keep_per_workflow: Option<usize>,
    /// Delete runs that started more than this many days ago; `None`: no limit. Default 30.
    pub max_age_days: Option<u32>,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            keep_per_workflow: Some(1000),
            max_age_days: Some(30),
        }
    }
}

/// Pruning done by the store's writer thread on its own: once shortly after the store opens,
/// then every `every`, a few hundred runs per transaction so recording never waits long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoPrune {
    /// What to keep.
    pub retention: Retention,
    /// How often to prune.
    pub every: Duration,
}

impl Default for AutoPrune {
    fn default() -> Self {
        Self {
            retention: Retention::default(),
            every: Duration::from_secs(60 * 60),
        }
    }
}

/// What a prune deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PruneStats {
    /// Runs deleted (with their node runs and exchanges).
    pub runs_deleted: usize,
    /// Workflow documents deleted because no run used them any more.
    pub documents_deleted: usize,
}

impl PruneStats {
    fn add(&mut self, other: PruneStats) {
        self.runs_deleted += other.runs_deleted;
        self.documents_deleted += other.documents_deleted;
    }
}

/// How many runs one prune transaction deletes at most.
pub(crate) const PRUNE_CHUNK: usize = 500;

/// Prunes until nothing more is due, one chunk per transaction (so other writers get their
/// turn between chunks).
pub(crate) fn prune(
    conn: &mut Connection,
    retention: &Retention,
    now_ms: i64,
) -> rusqlite::Result<PruneStats> {
    let mut total = PruneStats::default();
    loop {
        let step = prune_step(conn, retention, now_ms, PRUNE_CHUNK)?;
        total.add(step);
        if step.runs_deleted == 0 {
            return Ok(total);
        }
    }
}

/// Deletes at most `limit` runs that the retention rules no longer keep, in one transaction.
pub(crate) fn prune_step(
    conn: &mut Connection,
    retention: &Retention,
    now_ms: i64,
    limit: usize,
) -> rusqlite::Result<PruneStats> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut doomed: Vec<(String, String)> = Vec::new();
    if let Some(days) = retention.max_age_days {
        let cutoff = now_ms.saturating_sub(i64::from(days) * 86_400_000);
        let mut stmt = tx.prepare_cached(
            "SELECT id, document_hash FROM runs WHERE started_at_ms < ?1 AND status <> 'running' \
             ORDER BY started_at_ms LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![cutoff, limit as i64], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
        for row in rows {
            doomed.push(row?);
        }
    }
    if let Some(keep) = retention.keep_per_workflow {
        for workflow in workflows(&tx)? {
            if doomed.len() >= limit {
                break;
            }
            over_limit(&tx, &workflow, keep, limit - doomed.len(), &mut doomed)?;
        }
    }
    let mut stats = PruneStats::default();
    let mut hashes = BTreeSet::new();
    {
        let mut delete = tx.prepare_cached("DELETE FROM runs WHERE id = ?1")?;
        for (id, hash) in doomed {
            stats.runs_deleted += delete.execute([&id])?;
            hashes.insert(hash);
        }
        let mut delete_document = tx.prepare_cached(
            "DELETE FROM documents WHERE hash = ?1 \
             AND NOT EXISTS (SELECT 1 FROM runs WHERE document_hash = ?1)",
        )?;
        for hash in hashes {
            stats.documents_deleted += delete_document.execute([&hash])?;
        }
    }
    tx.commit()?;
    Ok(stats)
}

/// Every workflow id in the history, found by hopping along the index (one lookup each).
fn workflows(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut next = conn.prepare_cached(
        "SELECT workflow_id FROM runs WHERE workflow_id > ?1 ORDER BY workflow_id LIMIT 1",
    )?;
    let mut found = Vec::new();
    let mut after = String::new();
    while let Some(id) = next
        .query_row([&after], |row| row.get::<_, String>(0))
        .optional()?
    {
        found.push(id.clone());
        after = id;
    }
    Ok(found)
}

/// Adds to `doomed` up to `limit` finished runs of `workflow` older than its newest `keep`.
fn over_limit(
    conn: &Connection,
    workflow: &str,
    keep: usize,
    limit: usize,
    doomed: &mut Vec<(String, String)>,
) -> rusqlite::Result<()> {
    let boundary: Option<(i64, String)> = if keep == 0 {
        Some((i64::MAX, String::from("\u{10FFFF}")))
    } else {
        conn.prepare_cached(
            "SELECT started_at_ms, id FROM runs WHERE workflow_id = ?1 \
             ORDER BY started_at_ms DESC, id DESC LIMIT 1 OFFSET ?2",
        )?
        .query_row(params![workflow, keep as i64 - 1], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?
    };
    let Some((started, id)) = boundary else {
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, document_hash FROM runs WHERE workflow_id = ?1 \
         AND (started_at_ms, id) < (?2, ?3) AND status <> 'running' \
         ORDER BY started_at_ms LIMIT ?4",
    )?;
    let rows = stmt.query_map(params![workflow, started, id, limit as i64], |row| {
        Ok((row.get(0)?, row.get(1)?))
    })?;
    for row in rows {
        let row: (String, String) = row?;
        if !doomed.iter().any(|(id, _)| *id == row.0) {
            doomed.push(row);
        }
    }
    Ok(())
}
