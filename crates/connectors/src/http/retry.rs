//! The retry budget the connectors' send loops share: exponential backoff with jitter
//! (`backon`), a bounded number of tries, and a bound on all the waiting, counted from the
//! first try.

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use std::time::{Duration, Instant};

pub(crate) struct Retries {
    started: Instant,
    max_wait: Duration,
    backoff: ExponentialBackoff,
}

impl Retries {
    /// Delays from `min` doubling to `max` (with jitter), at most `times` of them, and no wait
    /// that would end later than `max_wait` after `started`.
    pub fn new(
        started: Instant,
        max_wait: Duration,
        min: Duration,
        max: Duration,
        times: usize,
    ) -> Self {
        Self {
            started,
            max_wait,
            backoff: ExponentialBuilder::default()
                .with_jitter()
                .with_factor(2.0)
                .with_min_delay(min)
                .with_max_delay(max)
                .with_max_times(times)
                .build(),
        }
    }

    /// Whether waiting `wait` more stays within the time budget.
    pub fn allows(&self, wait: Duration) -> bool {
        self.started.elapsed() + wait <= self.max_wait
    }

    /// The next delay, or `None` when the tries or the time are used up.
    pub fn next_delay(&mut self) -> Option<Duration> {
        let delay = self.backoff.next()?;
        self.allows(delay).then_some(delay)
    }

    /// Sleeps the next delay before another try; gives `error` back when none is left.
    pub async fn wait_or<E: std::fmt::Display>(&mut self, error: E) -> Result<(), E> {
        match self.next_delay() {
            Some(delay) => {
                tracing::debug!(delay_ms = delay.as_millis() as u64, %error, "retrying after a transient failure");
                tokio::time::sleep(delay).await;
                Ok(())
            }
            None => Err(error),
        }
    }
}
