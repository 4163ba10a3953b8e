//! HubSpot's rate limits: the rolling window, the daily limit and the search limit, with the
//! headers and 429 bodies HubSpot sends.

use crate::config::FakeConfig;
use crate::reply::{Reply, correlation_id};
use serde_json::json;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Which limit a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// The rolling window and the daily limit.
    Standard,
    /// Search: the per-second limit and the daily limit; no rate-limit headers.
    Search,
    /// Exempt from the rolling window (v4 batch associations); counts toward the daily limit.
    WindowExempt,
}

/// The limiter's state and its counters.
#[derive(Debug)]
pub struct Limits {
    pub window_max: u32,
    pub window: Duration,
    pub announced_max: Option<u32>,
    pub announced_window: Option<Duration>,
    pub daily_limit: u64,
    pub daily_used: u64,
    pub search_per_second: u32,
    pub retry_after_secs: Option<u64>,
    admitted: VecDeque<Instant>,
    seen: VecDeque<Instant>,
    search: VecDeque<Instant>,
    /// The most requests (admitted or not, search excluded) seen in any one window.
    pub max_seen_in_window: usize,
    /// The most admitted requests in any one window.
    pub max_admitted_in_window: usize,
    pub sent_429: u64,
    pub sent_429_window: u64,
    pub sent_429_daily: u64,
    pub sent_429_search: u64,
}

impl Limits {
    pub fn new(config: &FakeConfig) -> Self {
        Self {
            window_max: config.window_max,
            window: config.window,
            announced_max: config.announced_max,
            announced_window: config.announced_window,
            daily_limit: config.daily_limit,
            daily_used: config.daily_used,
            search_per_second: config.search_per_second,
            retry_after_secs: config.retry_after_secs,
            admitted: VecDeque::new(),
            seen: VecDeque::new(),
            search: VecDeque::new(),
            max_seen_in_window: 0,
            max_admitted_in_window: 0,
            sent_429: 0,
            sent_429_window: 0,
            sent_429_daily: 0,
            sent_429_search: 0,
        }
    }

    /// Admits a request or answers 429. On success, the rate-limit headers to send (none for
    /// search); `daily_headers` is false for OAuth calls, which HubSpot answers without them.
    pub fn admit(
        &mut self,
        lane: Lane,
        daily_headers: bool,
    ) -> Result<Vec<(String, String)>, Reply> {
        let now = Instant::now();
        prune(&mut self.admitted, now, self.window);
        prune(&mut self.seen, now, self.window);
        prune(&mut self.search, now, Duration::from_secs(1));
        if lane != Lane::Search {
            self.seen.push_back(now);
            self.max_seen_in_window = self.max_seen_in_window.max(self.seen.len());
        }
        if self.daily_used >= self.daily_limit {
            self.sent_429 += 1;
            self.sent_429_daily += 1;
            let body = json!({
                "status": "error", "message": "You have reached your daily limit.",
                "errorType": "RATE_LIMIT", "correlationId": correlation_id(),
                "policyName": "DAILY", "requestId": correlation_id(),
            });
            return Err(self.too_many(body, lane, daily_headers));
        }
        match lane {
            Lane::Search => {
                if self.search.len() >= self.search_per_second as usize {
                    self.sent_429 += 1;
                    self.sent_429_search += 1;
                    let body = json!({
                        "status": "error", "message": "You have reached your secondly limit.",
                        "errorType": "RATE_LIMIT", "correlationId": correlation_id(),
                        "policyName": "SECONDLY",
                    });
                    return Err(self.too_many(body, lane, daily_headers));
                }
                self.search.push_back(now);
            }
            Lane::Standard => {
                if self.admitted.len() >= self.window_max as usize {
                    self.sent_429 += 1;
                    self.sent_429_window += 1;
                    let body = json!({
                        "status": "error",
                        "message": "You have reached your ten_secondly_rolling limit.",
                        "errorType": "RATE_LIMIT", "correlationId": correlation_id(),
                        "policyName": "TEN_SECONDLY_ROLLING",
                        "groupName": "publicapi:private_app-api-calls-ten-secondly:1160452:62515",
                    });
                    return Err(self.too_many(body, lane, daily_headers));
                }
                self.admitted.push_back(now);
                self.max_admitted_in_window = self.max_admitted_in_window.max(self.admitted.len());
            }
            Lane::WindowExempt => {}
        }
        self.daily_used += 1;
        Ok(self.headers(lane, daily_headers))
    }

    fn too_many(&self, body: serde_json::Value, lane: Lane, daily_headers: bool) -> Reply {
        let mut reply = Reply::json(429, body).with_headers(self.headers(lane, daily_headers));
        if let Some(secs) = self.retry_after_secs {
            reply = reply.with_header("Retry-After", secs.to_string());
        }
        reply
    }

    /// The rate-limit headers for the current state (none for search).
    pub fn headers(&self, lane: Lane, daily_headers: bool) -> Vec<(String, String)> {
        if lane == Lane::Search {
            return Vec::new();
        }
        let max = self.announced_max.unwrap_or(self.window_max);
        let window = self.announced_window.unwrap_or(self.window);
        let remaining = (self.window_max as usize).saturating_sub(self.admitted.len());
        let mut headers = vec![
            (
                "X-HubSpot-RateLimit-Interval-Milliseconds".into(),
                window.as_millis().to_string(),
            ),
            ("X-HubSpot-RateLimit-Max".into(), max.to_string()),
            (
                "X-HubSpot-RateLimit-Remaining".into(),
                remaining.to_string(),
            ),
            (
                "X-HubSpot-RateLimit-Secondly".into(),
                (max / 10).max(1).to_string(),
            ),
            (
                "X-HubSpot-RateLimit-Secondly-Remaining".into(),
                (max / 10).max(1).to_string(),
            ),
        ];
        if daily_headers {
            headers.push((
                "X-HubSpot-RateLimit-Daily".into(),
                self.daily_limit.to_string(),
            ));
            headers.push((
                "X-HubSpot-RateLimit-Daily-Remaining".into(),
                self.daily_limit.saturating_sub(self.daily_used).to_string(),
            ));
        }
        headers
    }
}

fn prune(log: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while log
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        log.pop_front();
    }
}
