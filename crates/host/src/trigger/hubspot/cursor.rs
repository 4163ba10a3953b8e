//! The poller's state, kept in the host's database under one trigger-state name: the cursor
//! (the time property's value and the id of the last record handled at that time) and, for
//! property watches, the last seen value of the watched property per record.
//!
//! Property changes are told by comparing with the last seen value (HubSpot's search cannot
//! say which property changed). A record seen for the first time only sets its baseline: its
//! first modification after the watch started is not reported unless its value was seen
//! before. The values kept are bounded ([`MAX_VALUES`], the least recently modified dropped).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use switchyard_connectors::hubspot::Record;

/// The trigger-state name of a HubSpot poller's cursor.
pub const CURSOR: &str = "hubspot.cursor";

/// How far before the cursor each search looks (HubSpot's search index lags writes by a few
/// seconds): records that show up late within this window are still handled, once.
pub const LOOKBACK_MS: i64 = 60_000;

/// How many records' last seen values (and recently handled records) are kept.
pub const MAX_VALUES: usize = 5_000;

/// What the poller stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// What is watched ([`Watch::key`](switchyard_nodes::trigger_hubspot::Watch::key)): a
    /// cursor of another watch is not reused.
    pub watch: String,
    /// The time property's value of the last record handled (Unix milliseconds).
    pub time: i64,
    /// The id of the last record handled at `time` ("" for none).
    pub id: String,
    /// When the watch started: nothing before it is handled, lookback or not.
    #[serde(default)]
    pub floor: i64,
    /// Record id → `(last seen value, its modification time)`.
    #[serde(default)]
    pub values: BTreeMap<String, (Value, i64)>,
    /// Record id → the time (of the time property) it was handled at, for records handled
    /// within [`LOOKBACK_MS`] before `time`: a record indexed late by HubSpot's search is told
    /// from one handled already.
    #[serde(default)]
    pub recent: BTreeMap<String, i64>,
}

impl Cursor {
    /// A cursor starting at `time`, with nothing seen.
    pub fn start(watch: String, time: i64) -> Self {
        Self {
            watch,
            time,
            id: String::new(),
            floor: time,
            values: BTreeMap::new(),
            recent: BTreeMap::new(),
        }
    }

    /// Where a search starts: [`LOOKBACK_MS`] before the cursor, not before the start.
    pub fn search_from(&self) -> i64 {
        self.time.saturating_sub(LOOKBACK_MS).max(self.floor)
    }

    /// Whether a record at `(time, id)` is past the cursor.
    pub fn is_ahead(&self, time: i64, id: &str) -> bool {
        time > self.time || (time == self.time && compare_ids(id, &self.id) == Ordering::Greater)
    }

    /// Whether a record at `(time, id)` was handled already: it is not past the cursor and
    /// either older than the lookback window or remembered as handled at that time.
    pub fn is_handled(&self, time: i64, id: &str) -> bool {
        !self.is_ahead(time, id)
            && (time < self.search_from() || self.recent.get(id).is_some_and(|t| *t >= time))
    }

    /// Marks the record at `(time, id)` handled, moving the cursor past it (never back), and
    /// forgets handled records older than the lookback window.
    pub fn advance(&mut self, time: i64, id: &str) {
        if self.is_ahead(time, id) {
            self.time = time;
            self.id = id.to_owned();
        }
        self.recent.insert(id.to_owned(), time);
        let from = self.search_from();
        self.recent.retain(|_, t| *t >= from);
        while self.recent.len() > MAX_VALUES {
            let Some(oldest) = self
                .recent
                .iter()
                .min_by_key(|(_, t)| **t)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            self.recent.remove(&oldest);
        }
    }

    /// Records `value` as the record's current value; the value seen before, if any.
    pub fn remember(&mut self, id: &str, value: Value, time: i64) -> Option<Value> {
        let old = self.values.insert(id.to_owned(), (value, time));
        if self.values.len() > MAX_VALUES
            && let Some(oldest) = self
                .values
                .iter()
                .min_by_key(|(_, (_, t))| *t)
                .map(|(k, _)| k.clone())
        {
            self.values.remove(&oldest);
        }
        old.map(|(v, _)| v)
    }
}

/// Compares record ids as numbers when both are, else as text.
pub fn compare_ids(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
    }
}

/// A record's time property as Unix milliseconds (HubSpot sends ISO 8601 times, sometimes
/// milliseconds), falling back on `updatedAt` / `createdAt`.
pub fn record_time(record: &Record, property: &str) -> Option<i64> {
    let fallback = if property == "createdate" {
        record.created_at.as_deref()
    } else {
        record.updated_at.as_deref()
    };
    record.property(property).or(fallback).and_then(parse_time)
}

fn parse_time(text: &str) -> Option<i64> {
    if let Ok(ms) = text.trim().parse::<i64>() {
        return Some(ms);
    }
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handled_means_not_ahead_and_old_or_remembered() {
        let mut cursor = Cursor::start("w".into(), 100_000);
        assert!(!cursor.is_handled(100_000, "1"), "the start has no id");
        assert!(cursor.is_handled(99_000, "1"), "before the start");
        cursor.floor = 0;
        assert!(
            cursor.is_handled(100_000 - LOOKBACK_MS - 1, "5"),
            "older than the window"
        );
        assert!(
            !cursor.is_handled(99_000, "5"),
            "late in the window, not seen"
        );
        cursor.advance(100_000, "10");
        assert!(cursor.is_handled(100_000, "10"));
        assert!(!cursor.is_handled(100_000, "11"));
        assert!(!cursor.is_handled(100_001, "1"));
        cursor.advance(99_000, "5");
        assert_eq!(
            (cursor.time, cursor.id.as_str()),
            (100_000, "10"),
            "never back"
        );
        assert!(cursor.is_handled(99_000, "5"));
        assert!(!cursor.is_handled(99_500, "5"), "modified again later");
        cursor.advance(100_000 + LOOKBACK_MS + 1, "12");
        assert!(
            !cursor.recent.contains_key("5"),
            "forgotten outside the window"
        );
    }

    #[test]
    fn values_are_bounded_and_give_back_the_old_value() {
        let mut cursor = Cursor::start("w".into(), 0);
        assert_eq!(cursor.remember("1", Value::from("a"), 1), None);
        assert_eq!(
            cursor.remember("1", Value::from("b"), 2),
            Some(Value::from("a"))
        );
        for i in 0..MAX_VALUES + 3 {
            cursor.remember(&format!("x{i}"), Value::Null, 10 + i as i64);
        }
        assert_eq!(cursor.values.len(), MAX_VALUES);
        assert!(!cursor.values.contains_key("1"));
    }

    #[test]
    fn times_parse_from_iso_and_millis() {
        assert_eq!(parse_time("1970-01-01T00:00:01.500Z"), Some(1500));
        assert_eq!(parse_time("1500"), Some(1500));
        assert_eq!(parse_time("soon"), None);
    }
}
