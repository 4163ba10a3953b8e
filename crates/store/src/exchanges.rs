//! HTTP exchanges recorded during a run (for replaying it later), secrets masked.

use crate::error::{DbFile, Result};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use switchyard_engine::Timestamp;

/// One request a connector node sent, and the answer it got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exchange {
    /// The run.
    pub run_id: String,
    /// The node that made the request.
    pub node_id: String,
    /// Order within the run, from 1.
    pub seq: u32,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// The request (`{method, url, headers, body}` by convention), secret headers masked.
    pub request: Value,
    /// The response (`{status, headers, body}` by convention), secret headers masked.
    pub response: Value,
}

/// A run's exchanges in the order they were recorded.
pub(crate) fn exchanges(conn: &Connection, file: &DbFile, run_id: &str) -> Result<Vec<Exchange>> {
    let read = file.fail("read recorded exchanges");
    let mut stmt = conn
        .prepare_cached(
            "SELECT node_id, seq, recorded_at_ms, request, response FROM exchanges \
             WHERE run_id = ?1 ORDER BY seq",
        )
        .map_err(&read)?;
    let rows = stmt
        .query_map([run_id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, u32>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })
        .map_err(&read)?;
    let mut found = Vec::new();
    for row in rows {
        let (node_id, seq, at, request, response) = row.map_err(&read)?;
        let parse = |text: &str| {
            serde_json::from_str(text).map_err(|e| file.bad_row(run_id, "recorded exchange", e))
        };
        found.push(Exchange {
            run_id: run_id.to_owned(),
            node_id,
            seq,
            recorded_at: Timestamp::from_unix_millis(at)
                .ok_or_else(|| file.bad_row(run_id, "exchange time", at))?,
            request: parse(&request)?,
            response: parse(&response)?,
        });
    }
    Ok(found)
}
