//! One pacer per `smtp` credential, shared by every run in the process: GCRA (`governor`) with
//! a burst of 1, so messages go out evenly spaced at the credential's `rate_per_second`. We wait
//! with Tokio's timer rather than governor's own futures.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// A credential's limiter and the rate it was made for.
struct Entry {
    rate_bits: u64,
    limiter: Arc<DefaultDirectRateLimiter>,
}

fn registry() -> &'static Mutex<HashMap<String, Entry>> {
    static REGISTRY: OnceLock<Mutex<HashMap<String, Entry>>> = OnceLock::new();
    REGISTRY.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The spacing between two messages at `rate_per_second` (at least 1 µs).
pub fn interval(rate_per_second: f64) -> Duration {
    Duration::from_secs_f64(1.0 / rate_per_second).max(Duration::from_micros(1))
}

/// The process-wide limiter for credential `id`; a changed rate replaces it.
pub fn limiter_for(id: &str, rate_per_second: f64) -> Arc<DefaultDirectRateLimiter> {
    let mut map = registry()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let bits = rate_per_second.to_bits();
    if let Some(entry) = map.get(id).filter(|e| e.rate_bits == bits) {
        return Arc::clone(&entry.limiter);
    }
    let quota = Quota::with_period(interval(rate_per_second))
        .unwrap_or_else(|| Quota::per_second(std::num::NonZeroU32::MIN));
    let limiter = Arc::new(RateLimiter::direct(quota));
    map.insert(
        id.to_owned(),
        Entry {
            rate_bits: bits,
            limiter: Arc::clone(&limiter),
        },
    );
    limiter
}

/// Waits until the limiter lets one message through.
pub async fn until_ready(limiter: &DefaultDirectRateLimiter) {
    let clock = DefaultClock::default();
    while let Err(not_until) = limiter.check() {
        tokio::time::sleep(not_until.wait_time_from(clock.now())).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[tokio::test]
    async fn spaces_messages_at_the_rate() {
        let limiter = limiter_for("pacing-test", 20.0);
        let start = Instant::now();
        for _ in 0..4 {
            until_ready(&limiter).await;
        }
        let elapsed = start.elapsed();
        // The first goes at once, the next three 50 ms apart.
        assert!(elapsed >= Duration::from_millis(140), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
        assert!(Arc::ptr_eq(&limiter, &limiter_for("pacing-test", 20.0)));
        assert!(!Arc::ptr_eq(&limiter, &limiter_for("pacing-test", 10.0)));
    }
}
