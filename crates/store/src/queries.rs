//! Reading history back: the run list (`history list`), and the pieces of a run row that
//! `show` and `search` share.

use crate::error::{DbFile, Result};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, Row, params_from_iter};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;
use switchyard_engine::report::round_ms;
use switchyard_engine::{RunError, RunMode, RunStatus, Timestamp};

/// Where a page of the run list ends: pass it as [`RunFilter::before`] to get the next page.
/// Printed as `<started_at_ms>:<run_id>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunCursor {
    /// The start time (Unix milliseconds) of the last run on the page.
    pub started_at_ms: i64,
    /// Its id (runs starting in the same millisecond are ordered by id).
    pub run_id: String,
}

impl fmt::Display for RunCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.started_at_ms, self.run_id)
    }
}

impl FromStr for RunCursor {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (ms, id) = text
            .split_once(':')
            .ok_or_else(|| format!("not a history cursor: {text:?}"))?;
        let started_at_ms = ms
            .parse()
            .map_err(|_| format!("not a history cursor: {text:?}"))?;
        Ok(Self {
            started_at_ms,
            run_id: id.to_owned(),
        })
    }
}

/// Which runs to list. The default lists the newest 50 runs.
#[derive(Debug, Clone, PartialEq)]
pub struct RunFilter {
    /// Only this workflow's runs.
    pub workflow_id: Option<String>,
    /// Only runs with this status.
    pub status: Option<RunStatus>,
    /// Only runs that started at or after this time.
    pub since: Option<Timestamp>,
    /// Only runs that started before this time.
    pub until: Option<Timestamp>,
    /// At most this many runs (default 50).
    pub limit: usize,
    /// Only runs older than this cursor (the next page).
    pub before: Option<RunCursor>,
}

impl Default for RunFilter {
    fn default() -> Self {
        Self {
            workflow_id: None,
            status: None,
            since: None,
            until: None,
            limit: 50,
            before: None,
        }
    }
}

/// One run as `history list --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RunSummary {
    /// The run's id.
    pub run_id: String,
    /// The workflow's id.
    pub workflow_id: String,
    /// `test` or `production`.
    pub mode: RunMode,
    /// The run's status.
    pub status: RunStatus,
    /// The trigger node's type, e.g. `trigger.webhook`.
    pub trigger: String,
    /// When the run started.
    pub started_at: Timestamp,
    /// When it ended; `null` while running.
    pub finished_at: Option<Timestamp>,
    /// How long it took; `null` while running.
    pub duration_ms: Option<f64>,
    /// Why it failed (also set on interrupted runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<RunError>,
    /// The run this one re-ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub origin_run_id: Option<String>,
    /// Set (true) on dry runs only.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub dry_run: bool,
}

impl RunSummary {
    /// The cursor that lists the runs after this one.
    pub fn cursor(&self) -> RunCursor {
        RunCursor {
            started_at_ms: self.started_at.unix_millis(),
            run_id: self.run_id.clone(),
        }
    }
}

/// The `runs` columns a summary is read from, in [`summary_from_row`]'s order.
pub(crate) const SUMMARY_COLUMNS: &str = "r.id, r.workflow_id, r.mode, r.trigger, r.status, \
     r.started_at_ms, r.finished_at_ms, r.duration_ms, r.error, r.origin_run_id, r.dry_run";

/// A summary row as SQLite returns it, before its values are checked.
pub(crate) struct SummaryRow {
    id: String,
    workflow_id: String,
    mode: String,
    trigger: String,
    status: String,
    started_at_ms: i64,
    finished_at_ms: Option<i64>,
    duration_ms: Option<f64>,
    error: Option<String>,
    origin_run_id: Option<String>,
    dry_run: bool,
}

/// Reads [`SUMMARY_COLUMNS`] starting at column `at`.
pub(crate) fn summary_from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<SummaryRow> {
    Ok(SummaryRow {
        id: row.get(at)?,
        workflow_id: row.get(at + 1)?,
        mode: row.get(at + 2)?,
        trigger: row.get(at + 3)?,
        status: row.get(at + 4)?,
        started_at_ms: row.get(at + 5)?,
        finished_at_ms: row.get(at + 6)?,
        duration_ms: row.get(at + 7)?,
        error: row.get(at + 8)?,
        origin_run_id: row.get(at + 9)?,
        dry_run: row.get(at + 10)?,
    })
}

fn parse_mode(text: &str) -> Option<RunMode> {
    match text {
        "test" => Some(RunMode::Test),
        "production" => Some(RunMode::Production),
        _ => None,
    }
}

pub(crate) fn time(file: &DbFile, run_id: &str, what: &'static str, ms: i64) -> Result<Timestamp> {
    Timestamp::from_unix_millis(ms).ok_or_else(|| file.bad_row(run_id, what, ms))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    file: &DbFile,
    run_id: &str,
    what: &'static str,
    text: Option<&str>,
) -> Result<Option<T>> {
    text.map(|text| serde_json::from_str(text).map_err(|e| file.bad_row(run_id, what, e)))
        .transpose()
}

impl SummaryRow {
    pub(crate) fn into_summary(self, file: &DbFile) -> Result<RunSummary> {
        let id = &self.id;
        Ok(RunSummary {
            mode: parse_mode(&self.mode).ok_or_else(|| file.bad_row(id, "mode", &self.mode))?,
            status: RunStatus::parse(&self.status)
                .ok_or_else(|| file.bad_row(id, "status", &self.status))?,
            started_at: time(file, id, "start time", self.started_at_ms)?,
            finished_at: self
                .finished_at_ms
                .map(|ms| time(file, id, "finish time", ms))
                .transpose()?,
            duration_ms: self.duration_ms.map(round_ms),
            error: from_json(file, id, "run error", self.error.as_deref())?,
            workflow_id: self.workflow_id,
            trigger: self.trigger,
            origin_run_id: self.origin_run_id,
            dry_run: self.dry_run,
            run_id: self.id,
        })
    }
}

/// The SQL and arguments that list the runs matching `filter`, newest first. Each filter is
/// served by an index that also gives the order, so no sort is needed (see the plan test).
pub(crate) fn list_sql(filter: &RunFilter) -> (String, Vec<SqlValue>) {
    let mut clauses: Vec<&str> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some(workflow) = &filter.workflow_id {
        clauses.push("r.workflow_id = ?");
        args.push(SqlValue::Text(workflow.clone()));
    }
    if let Some(status) = filter.status {
        clauses.push("r.status = ?");
        args.push(SqlValue::Text(status.as_str().into()));
    }
    if let Some(since) = filter.since {
        clauses.push("r.started_at_ms >= ?");
        args.push(SqlValue::Integer(since.unix_millis()));
    }
    if let Some(until) = filter.until {
        clauses.push("r.started_at_ms < ?");
        args.push(SqlValue::Integer(until.unix_millis()));
    }
    if let Some(cursor) = &filter.before {
        // A row value, not an OR: SQLite then walks the index from the cursor on.
        clauses.push("(r.started_at_ms, r.id) < (?, ?)");
        args.push(SqlValue::Integer(cursor.started_at_ms));
        args.push(SqlValue::Text(cursor.run_id.clone()));
    }
    let filter_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    args.push(SqlValue::Integer(
        i64::try_from(filter.limit).unwrap_or(i64::MAX),
    ));
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM runs r {filter_sql} \
         ORDER BY r.started_at_ms DESC, r.id DESC LIMIT ?"
    );
    (sql, args)
}

/// Runs matching `filter`, newest first.
pub(crate) fn list_runs(
    conn: &Connection,
    file: &DbFile,
    filter: &RunFilter,
) -> Result<Vec<RunSummary>> {
    let (sql, args) = list_sql(filter);
    let read = file.fail("list runs");
    let mut stmt = conn.prepare_cached(&sql).map_err(&read)?;
    let rows = stmt
        .query_map(params_from_iter(args), |row| summary_from_row(row, 0))
        .map_err(&read)?;
    let mut runs = Vec::new();
    for row in rows {
        runs.push(row.map_err(&read)?.into_summary(file)?);
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::open::open_and_migrate;

    /// Every combination of filters lists in index order: no temporary sort of the runs.
    #[test]
    fn listing_never_sorts() {
        let dir = tempfile::tempdir().unwrap();
        let file = DbFile {
            path: dir.path().join("plan.db"),
            busy_timeout: std::time::Duration::from_secs(1),
        };
        let conn = open_and_migrate(&file).unwrap();
        let t = Timestamp::now();
        for mask in 0..32u32 {
            let filter = RunFilter {
                workflow_id: (mask & 1 != 0).then(|| "wf".into()),
                status: (mask & 2 != 0).then_some(RunStatus::Failed),
                since: (mask & 4 != 0).then_some(t),
                until: (mask & 8 != 0).then_some(t),
                before: (mask & 16 != 0).then(|| RunCursor {
                    started_at_ms: 1,
                    run_id: "x".into(),
                }),
                limit: 50,
            };
            let (sql, args) = list_sql(&filter);
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let plan: Vec<String> = stmt
                .query_map(params_from_iter(args), |row| row.get::<_, String>(3))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let plan = plan.join(" | ");
            assert!(!plan.contains("TEMP B-TREE"), "{filter:?}: {plan}");
            assert!(plan.contains("USING INDEX"), "{filter:?}: {plan}");
        }
    }
}
