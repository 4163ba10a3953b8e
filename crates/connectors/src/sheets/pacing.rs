//! Pacing per credential, shared by every run in the process: Google allows 60 requests a minute
//! per user. A GCRA limiter (`governor`) with a small burst spaces requests so that no 60-second
//! window holds more than the limit: with burst `b`, the emission interval is `60 s / (limit - b
//! + 1)`.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Google's per-user limit: requests a minute.
pub const PER_MINUTE: u32 = 60;

/// The pacer of one credential at one base URL.
pub struct SheetsPacer {
    limiter: DefaultDirectRateLimiter,
}

impl SheetsPacer {
    /// `per_minute` requests in any minute, `burst` of them back to back.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        let per_minute = per_minute.max(1);
        let burst = burst.clamp(1, per_minute);
        let spacing = Duration::from_secs(60) / (per_minute - burst + 1);
        let quota = Quota::with_period(spacing.max(Duration::from_micros(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        Self {
            limiter: RateLimiter::direct(quota),
        }
    }

    /// The process-wide pacer of a credential id at a base URL (made with the first caller's
    /// settings).
    pub fn for_credential(
        credential_id: &str,
        base_url: &str,
        per_minute: u32,
        burst: u32,
    ) -> Arc<SheetsPacer> {
        static PACERS: OnceLock<Mutex<HashMap<String, Arc<SheetsPacer>>>> = OnceLock::new();
        let key = format!("{credential_id}\n{base_url}");
        let mut map = PACERS
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        Arc::clone(
            map.entry(key)
                .or_insert_with(|| Arc::new(SheetsPacer::new(per_minute, burst))),
        )
    }

    /// Waits until a request may go out.
    pub async fn acquire(&self) {
        loop {
            match self.limiter.check() {
                Ok(()) => return,
                Err(not_until) => {
                    let wait = not_until.wait_time_from(DefaultClock::default().now());
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[tokio::test]
    async fn requests_after_the_burst_are_spaced() {
        // 600 a minute with a burst of 2: two at once, then one every 60 s / 599 ≈ 100 ms.
        let pacer = SheetsPacer::new(600, 2);
        let started = Instant::now();
        for _ in 0..4 {
            pacer.acquire().await;
        }
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(190), "{took:?}");
        assert!(took < Duration::from_secs(2), "{took:?}");
    }

    #[test]
    fn one_pacer_per_credential_and_address() {
        let a = SheetsPacer::for_credential("pace-a", "http://x", 60, 5);
        let b = SheetsPacer::for_credential("pace-a", "http://x", 60, 5);
        let c = SheetsPacer::for_credential("pace-b", "http://x", 60, 5);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
    }
}
