//! Usage: the rate-limit headers of every HubSpot answer, handed to whoever keeps per-credential
//! counters (the host's SQLite store; [`InMemoryUsage`] for tests).

use crate::http::ResponseData;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// What one answer said about the limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsageSample {
    /// Milliseconds since the Unix epoch.
    pub at_ms: u64,
    pub status: u16,
    /// `X-HubSpot-RateLimit-Daily` / `-Daily-Remaining` (absent on OAuth and search answers).
    pub daily_limit: Option<u64>,
    pub daily_remaining: Option<u64>,
    /// `X-HubSpot-RateLimit-Interval-Milliseconds`, `-Max`, `-Remaining`.
    pub interval_ms: Option<u64>,
    pub interval_max: Option<u64>,
    pub interval_remaining: Option<u64>,
    pub was_429: bool,
    pub is_error: bool,
}

impl UsageSample {
    /// Reads the headers of an answer.
    pub fn of(response: &ResponseData) -> Self {
        let number = |name: &str| {
            response
                .header(name)
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        Self {
            at_ms: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
                .unwrap_or(0),
            status: response.status,
            daily_limit: number("x-hubspot-ratelimit-daily"),
            daily_remaining: number("x-hubspot-ratelimit-daily-remaining"),
            interval_ms: number("x-hubspot-ratelimit-interval-milliseconds"),
            interval_max: number("x-hubspot-ratelimit-max"),
            interval_remaining: number("x-hubspot-ratelimit-remaining"),
            was_429: response.status == 429,
            is_error: response.status >= 400,
        }
    }
}

/// Receives every answer's sample. Implementations must be quick (they run on the request path).
pub trait UsageLog: Send + Sync {
    fn record(&self, credential_id: &str, sample: &UsageSample);
}

/// A [`UsageLog`] as a run extension (`Extensions` holds sized types): the host inserts
/// `Arc<UsageRecorder>` and HubSpot nodes report to it.
#[derive(Clone)]
pub struct UsageRecorder(pub Arc<dyn UsageLog>);

/// Totals per credential.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UsageTotals {
    pub calls: u64,
    pub errors: u64,
    pub rate_limited: u64,
    /// The latest answer's sample.
    pub last: Option<UsageSample>,
    /// The last daily figures seen (OAuth answers carry none, so they are kept apart).
    pub daily_limit: Option<u64>,
    pub daily_remaining: Option<u64>,
}

/// Keeps totals and every sample in memory.
#[derive(Default)]
pub struct InMemoryUsage {
    inner: Mutex<HashMap<String, (UsageTotals, Vec<UsageSample>)>>,
}

impl InMemoryUsage {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn totals(&self, credential_id: &str) -> UsageTotals {
        self.inner
            .lock()
            .ok()
            .and_then(|m| m.get(credential_id).map(|(t, _)| t.clone()))
            .unwrap_or_default()
    }

    pub fn samples(&self, credential_id: &str) -> Vec<UsageSample> {
        self.inner
            .lock()
            .ok()
            .and_then(|m| m.get(credential_id).map(|(_, s)| s.clone()))
            .unwrap_or_default()
    }
}

impl UsageLog for InMemoryUsage {
    fn record(&self, credential_id: &str, sample: &UsageSample) {
        let Ok(mut map) = self.inner.lock() else {
            return;
        };
        let (totals, samples) = map.entry(credential_id.to_owned()).or_default();
        totals.calls += 1;
        totals.errors += u64::from(sample.is_error);
        totals.rate_limited += u64::from(sample.was_429);
        if sample.daily_limit.is_some() {
            totals.daily_limit = sample.daily_limit;
        }
        if sample.daily_remaining.is_some() {
            totals.daily_remaining = sample.daily_remaining;
        }
        totals.last = Some(sample.clone());
        samples.push(sample.clone());
    }
}
