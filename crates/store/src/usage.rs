//! Usage per credential per UTC day (`switchyard usage`): requests, errors, 429s and the latest
//! rate-limit figures a service announced. [`StoreUsage`] is the connectors' `UsageLog` backed
//! by this store: each answer becomes a queued write for the writer thread (which commits them
//! in batches), so recording never blocks a request.

use crate::error::Result;
use crate::rows::Write;
use crate::store::HistoryStore;
use rusqlite::{Connection, params};
use serde::Serialize;
use std::sync::Arc;
use switchyard_connectors::hubspot::{UsageLog, UsageSample};
use switchyard_engine::Timestamp;

/// One answer, as the writer adds it to its day's counters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UsageRow {
    pub credential_id: String,
    pub at_ms: i64,
    pub is_error: bool,
    pub was_429: bool,
    pub daily_limit: Option<u64>,
    pub daily_remaining: Option<u64>,
    pub interval_ms: Option<u64>,
    pub interval_max: Option<u64>,
    pub interval_remaining: Option<u64>,
}

/// One credential's counters for one UTC day.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct UsageDay {
    /// The credential.
    pub credential_id: String,
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    /// Answers received (retries included).
    pub requests: u64,
    /// Answers with a 4xx or 5xx status other than 429.
    pub errors: u64,
    /// 429 answers.
    pub rate_limited: u64,
    /// `errors / requests` (0 without requests).
    pub error_rate: f64,
    /// The latest daily limit and what was left of it (`X-HubSpot-RateLimit-Daily[-Remaining]`).
    pub daily_limit: Option<u64>,
    /// See `daily_limit`.
    pub daily_remaining: Option<u64>,
    /// The latest rolling window: its length, its maximum and what was left of it.
    pub interval_ms: Option<u64>,
    /// See `interval_ms`.
    pub interval_max: Option<u64>,
    /// See `interval_ms`.
    pub interval_remaining: Option<u64>,
    /// When the last answer was counted.
    pub updated_at: Timestamp,
}

/// The UTC day of a time, `YYYY-MM-DD`.
pub fn utc_day(at: Timestamp) -> String {
    let time = at.datetime();
    format!(
        "{:04}-{:02}-{:02}",
        time.year(),
        u8::from(time.month()),
        time.day()
    )
}

fn sql_u64(value: Option<u64>) -> Option<i64> {
    value.map(|v| i64::try_from(v).unwrap_or(i64::MAX))
}

/// Adds one answer to its day's counters (inside the writer's transaction).
pub(crate) fn apply(conn: &Connection, row: &UsageRow) -> rusqlite::Result<()> {
    let day = Timestamp::from_unix_millis(row.at_ms)
        .map(utc_day)
        .unwrap_or_else(|| utc_day(Timestamp::now()));
    conn.prepare_cached(
        "INSERT INTO credential_usage (credential_id, day, requests, errors, rate_limited, \
         daily_limit, daily_remaining, interval_ms, interval_max, interval_remaining, updated_at_ms) \
         VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT (credential_id, day) DO UPDATE SET \
         requests = requests + 1, errors = errors + excluded.errors, \
         rate_limited = rate_limited + excluded.rate_limited, \
         daily_limit = coalesce(excluded.daily_limit, daily_limit), \
         daily_remaining = coalesce(excluded.daily_remaining, daily_remaining), \
         interval_ms = coalesce(excluded.interval_ms, interval_ms), \
         interval_max = coalesce(excluded.interval_max, interval_max), \
         interval_remaining = coalesce(excluded.interval_remaining, interval_remaining), \
         updated_at_ms = max(updated_at_ms, excluded.updated_at_ms)",
    )?
    .execute(params![
        row.credential_id,
        day,
        i64::from(row.is_error && !row.was_429),
        i64::from(row.was_429),
        sql_u64(row.daily_limit),
        sql_u64(row.daily_remaining),
        sql_u64(row.interval_ms),
        sql_u64(row.interval_max),
        sql_u64(row.interval_remaining),
        row.at_ms,
    ])?;
    Ok(())
}

impl HistoryStore {
    /// Queues one answer's usage for the writer thread (never blocks).
    pub fn record_usage(&self, credential_id: &str, sample: &UsageSample) {
        self.queue(Write::Usage(Box::new(UsageRow {
            credential_id: credential_id.to_owned(),
            at_ms: i64::try_from(sample.at_ms).unwrap_or(i64::MAX),
            is_error: sample.is_error,
            was_429: sample.was_429,
            daily_limit: sample.daily_limit,
            daily_remaining: sample.daily_remaining,
            interval_ms: sample.interval_ms,
            interval_max: sample.interval_max,
            interval_remaining: sample.interval_remaining,
        })));
    }

    /// Every credential's counters for `day` (`YYYY-MM-DD`, UTC), by credential id. Call
    /// [`HistoryStore::flush`] first to see what this process queued.
    pub fn usage_on(&self, day: &str) -> Result<Vec<UsageDay>> {
        let conn = self.conn();
        let fail = self.file().fail("read credential usage");
        let mut statement = conn
            .prepare(
                "SELECT credential_id, day, requests, errors, rate_limited, daily_limit, \
                 daily_remaining, interval_ms, interval_max, interval_remaining, updated_at_ms \
                 FROM credential_usage WHERE day = ?1 ORDER BY credential_id",
            )
            .map_err(&fail)?;
        let count = |v: i64| u64::try_from(v).unwrap_or(0);
        let rows = statement
            .query_map([day], |row| {
                let requests = count(row.get(2)?);
                let errors = count(row.get(3)?);
                let optional = |i: usize| -> rusqlite::Result<Option<u64>> {
                    Ok(row.get::<_, Option<i64>>(i)?.map(count))
                };
                Ok((
                    UsageDay {
                        credential_id: row.get(0)?,
                        day: row.get(1)?,
                        requests,
                        errors,
                        rate_limited: count(row.get(4)?),
                        error_rate: if requests == 0 {
                            0.0
                        } else {
                            errors as f64 / requests as f64
                        },
                        daily_limit: optional(5)?,
                        daily_remaining: optional(6)?,
                        interval_ms: optional(7)?,
                        interval_max: optional(8)?,
                        interval_remaining: optional(9)?,
                        updated_at: Timestamp::now(),
                    },
                    row.get::<_, i64>(10)?,
                ))
            })
            .map_err(&fail)?;
        let mut out = Vec::new();
        for row in rows {
            let (mut usage, updated) = row.map_err(&fail)?;
            usage.updated_at = Timestamp::from_unix_millis(updated).ok_or_else(|| {
                self.file()
                    .bad_row(&usage.credential_id, "usage time", updated)
            })?;
            out.push(usage);
        }
        Ok(out)
    }

    /// Every credential's counters for today (UTC).
    pub fn usage_today(&self) -> Result<Vec<UsageDay>> {
        self.usage_on(&utc_day(Timestamp::now()))
    }
}

/// The connectors' usage log, backed by a history store: what the host puts in every run's
/// extensions (as a `UsageRecorder`).
pub struct StoreUsage(Arc<HistoryStore>);

impl StoreUsage {
    /// Records into `store`.
    pub fn new(store: Arc<HistoryStore>) -> Self {
        Self(store)
    }
}

impl UsageLog for StoreUsage {
    fn record(&self, credential_id: &str, sample: &UsageSample) {
        self.0.record_usage(credential_id, sample);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreOptions;

    fn sample(status: u16, remaining: Option<u64>) -> UsageSample {
        UsageSample {
            at_ms: u64::try_from(Timestamp::now().unix_millis()).unwrap_or(0),
            status,
            daily_limit: remaining.map(|_| 1000),
            daily_remaining: remaining,
            interval_ms: Some(10_000),
            interval_max: Some(100),
            interval_remaining: Some(99),
            was_429: status == 429,
            is_error: status >= 400,
        }
    }

    #[test]
    fn answers_add_up_per_credential_and_day_and_keep_the_latest_limits() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            Arc::new(HistoryStore::open(dir.path().join("h.db"), StoreOptions::default()).unwrap());
        let log = StoreUsage::new(Arc::clone(&store));
        log.record("hs", &sample(200, Some(999)));
        log.record("hs", &sample(400, Some(998)));
        log.record("hs", &sample(429, Some(997)));
        // Search answers carry no daily figures: the last ones seen stay.
        log.record("hs", &sample(200, None));
        log.record("other", &sample(200, Some(5)));
        store.flush().unwrap();
        let today = store.usage_today().unwrap();
        assert_eq!(today.len(), 2);
        let hs = &today[0];
        assert_eq!(
            (
                hs.credential_id.as_str(),
                hs.requests,
                hs.errors,
                hs.rate_limited
            ),
            ("hs", 4, 1, 1)
        );
        assert_eq!(
            (hs.daily_limit, hs.daily_remaining),
            (Some(1000), Some(997))
        );
        assert!((hs.error_rate - 0.25).abs() < f64::EPSILON);
        assert_eq!(store.usage_on("1999-01-01").unwrap(), Vec::new());
        assert_eq!(
            utc_day(Timestamp::from_unix_millis(0).unwrap()),
            "1970-01-01"
        );
    }
}
