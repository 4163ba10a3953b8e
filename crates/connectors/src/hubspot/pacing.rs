//! Pacing per credential, shared by every run in the process: HubSpot's rolling window
//! (`X-HubSpot-RateLimit-Max` per `-Interval-Milliseconds`, 100 per 10 s until an answer says
//! otherwise), 5 searches a second, waits after a 429, and a stop when the daily limit is used up.
//!
//! Why `governor`: it is a well-kept, lock-free GCRA implementation that many Rust services use
//! for exactly this. GCRA with a burst of 1 spaces requests evenly, which is what a rolling window
//! needs: with an emission interval of `(interval + margin) / max`, no window of `interval` can
//! hold more than `max` requests, even when several runs share the limiter. (A token bucket with
//! a burst of `max` would let nearly `2 × max` through in one rolling window.) We wait with Tokio's
//! timer rather than governor's own futures so that a 429 can hold every waiter at once.

use super::error::{ErrorKind, HubSpotError};
use crate::http::ResponseData;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

/// Which limit a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// The rolling window (every call but search).
    Standard,
    /// CRM search: its own per-second limit; search answers carry no rate-limit headers.
    Search,
}

/// The limits assumed until HubSpot's headers say otherwise.
pub const DEFAULT_MAX: u32 = 100;
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(10);
pub const SEARCH_PER_SECOND: u32 = 5;
/// After the daily limit is used up, one request is let through this often to see whether the
/// limit was reset (HubSpot resets it at midnight in the account's time zone, which we don't know).
pub const DAILY_RECHECK: Duration = Duration::from_secs(300);

/// The send time of one paced request, to hand back to [`Pacer::on_429`].
#[derive(Debug, Clone, Copy)]
pub struct Ticket {
    lane: Lane,
    sent: Instant,
}

struct LaneState {
    max: u32,
    interval: Duration,
    limiter: Arc<DefaultDirectRateLimiter>,
    /// Send times within the last interval (what the server's window holds of ours).
    sent: VecDeque<Instant>,
    blocked_until: Option<Instant>,
}

impl LaneState {
    fn new(max: u32, interval: Duration) -> Self {
        Self {
            max,
            interval,
            limiter: Arc::new(limiter(max, interval)),
            sent: VecDeque::new(),
            blocked_until: None,
        }
    }

    fn prune(&mut self, now: Instant) {
        while self
            .sent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.interval)
        {
            self.sent.pop_front();
        }
    }
}

/// A margin for clock, scheduling and network jitter: 3% of the window, at least 100 ms. What
/// is paced is when a request leaves; what the server counts is when it arrives, and on a busy
/// machine one request can leave tens of milliseconds late while the next is on time (30 ms
/// let a sixth search into HubSpot's one-second window under load).
fn margin(interval: Duration) -> Duration {
    (interval * 3 / 100).max(Duration::from_millis(100))
}

fn limiter(max: u32, interval: Duration) -> DefaultDirectRateLimiter {
    let spacing = (interval + margin(interval)) / max.max(1);
    let quota = Quota::with_period(spacing.max(Duration::from_micros(1)))
        .unwrap_or_else(|| Quota::per_second(std::num::NonZeroU32::MIN));
    RateLimiter::direct(quota)
}

struct Daily {
    limit: Option<u64>,
    remaining: Option<u64>,
    exhausted_at: Option<Instant>,
}

struct State {
    standard: LaneState,
    search: LaneState,
    daily: Daily,
}

impl State {
    fn lane(&mut self, lane: Lane) -> &mut LaneState {
        match lane {
            Lane::Standard => &mut self.standard,
            Lane::Search => &mut self.search,
        }
    }
}

/// The pacer of one credential (at one base URL).
pub struct Pacer {
    state: Mutex<State>,
}

impl Pacer {
    fn new() -> Self {
        Self {
            state: Mutex::new(State {
                standard: LaneState::new(DEFAULT_MAX, DEFAULT_INTERVAL),
                search: LaneState::new(SEARCH_PER_SECOND, Duration::from_secs(1)),
                daily: Daily {
                    limit: None,
                    remaining: None,
                    exhausted_at: None,
                },
            }),
        }
    }

    /// The process-wide pacer of a credential id at a base URL.
    pub fn for_credential(credential_id: &str, base_url: &str) -> Arc<Pacer> {
        static PACERS: OnceLock<Mutex<HashMap<String, Arc<Pacer>>>> = OnceLock::new();
        let key = format!("{credential_id}\n{base_url}");
        let mut map = PACERS
            .get_or_init(|| Mutex::new(HashMap::new()))
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        Arc::clone(map.entry(key).or_insert_with(|| Arc::new(Pacer::new())))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The limit currently paced to: (max, interval).
    pub fn window(&self) -> (u32, Duration) {
        let state = self.state();
        (state.standard.max, state.standard.interval)
    }

    /// Waits until a request may go out on `lane`. Fails at once when the daily limit is used up.
    pub async fn acquire(&self, lane: Lane) -> Result<Ticket, HubSpotError> {
        loop {
            let (wait, limiter) = {
                let mut state = self.state();
                check_daily(&mut state.daily)?;
                let now = Instant::now();
                let lane_state = state.lane(lane);
                match lane_state.blocked_until.filter(|t| *t > now) {
                    Some(until) => (Some(until - now), None),
                    None => (None, Some(Arc::clone(&lane_state.limiter))),
                }
            };
            if let Some(wait) = wait {
                tokio::time::sleep(wait).await;
                continue;
            }
            let Some(limiter) = limiter else { continue };
            match limiter.check() {
                Ok(()) => {
                    let sent = Instant::now();
                    let mut state = self.state();
                    let lane_state = state.lane(lane);
                    lane_state.prune(sent);
                    lane_state.sent.push_back(sent);
                    return Ok(Ticket { lane, sent });
                }
                Err(not_until) => {
                    let wait = not_until.wait_time_from(DefaultClock::default().now());
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// Learns from an answer's headers: the window's size and the daily quota left.
    pub fn observe(&self, response: &ResponseData) {
        let number = |name: &str| {
            response
                .header(name)
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let mut state = self.state();
        if let (Some(max), Some(ms)) = (
            number("x-hubspot-ratelimit-max"),
            number("x-hubspot-ratelimit-interval-milliseconds"),
        ) {
            let max = u32::try_from(max).unwrap_or(u32::MAX).max(1);
            let interval = Duration::from_millis(ms.max(1));
            let lane = &mut state.standard;
            if (max, interval) != (lane.max, lane.interval) {
                tracing::debug!(max, interval_ms = ms, "HubSpot announced a new rate limit");
                let fresh = limiter(max, interval);
                // The request that brought this answer already went out: count it.
                let _ = fresh.check();
                lane.limiter = Arc::new(fresh);
                lane.max = max;
                lane.interval = interval;
            }
        }
        if let Some(limit) = number("x-hubspot-ratelimit-daily") {
            state.daily.limit = Some(limit);
        }
        if let Some(remaining) = number("x-hubspot-ratelimit-daily-remaining") {
            state.daily.remaining = Some(remaining);
            state.daily.exhausted_at = (remaining == 0).then(Instant::now);
        }
    }

    /// After a 429 on the rolling window or the search limit: holds every request of the lane
    /// until the oldest of our requests in the window leaves it (at most one interval), or for
    /// `retry_after` when HubSpot sent one. Returns the wait.
    pub fn on_429(&self, ticket: Ticket, retry_after: Option<Duration>) -> Duration {
        let mut state = self.state();
        let now = Instant::now();
        let lane = state.lane(ticket.lane);
        // The refused request did not take a slot.
        if let Some(at) = lane.sent.iter().position(|t| *t == ticket.sent) {
            lane.sent.remove(at);
        }
        lane.prune(now);
        let interval = lane.interval;
        let wait = match retry_after {
            Some(wait) => wait,
            None => match lane.sent.front() {
                Some(oldest) => {
                    (*oldest + interval).saturating_duration_since(now) + margin(interval)
                }
                None => interval,
            }
            .min(interval + margin(interval)),
        };
        let until = now + wait;
        lane.blocked_until = Some(lane.blocked_until.map_or(until, |b| b.max(until)));
        wait
    }

    /// After a 429 with `policyName: DAILY`: no more requests until the recheck time.
    pub fn daily_exhausted(&self) {
        self.state().daily.exhausted_at = Some(Instant::now());
    }
}

fn check_daily(daily: &mut Daily) -> Result<(), HubSpotError> {
    let Some(at) = daily.exhausted_at else {
        return Ok(());
    };
    if at.elapsed() >= DAILY_RECHECK {
        // Let one request through to find out whether the limit was reset.
        daily.exhausted_at = Some(Instant::now());
        return Ok(());
    }
    let of = daily
        .limit
        .map(|l| format!(" ({l} calls)"))
        .unwrap_or_default();
    Err(HubSpotError::new(
        ErrorKind::RateLimited,
        format!(
            "HubSpot's daily API limit for this account{of} is used up; no more requests are sent with this credential until it resets at midnight in the account's time zone (checked again every {} minutes).",
            DAILY_RECHECK.as_secs() / 60
        ),
    )
    .with_status(429)
    .with_details(serde_json::json!({ "policyName": "DAILY", "dailyLimit": daily.limit, "dailyRemaining": daily.remaining })))
}
