//! The per-call deadline, checked by QuickJS's interrupt handler.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use rquickjs::runtime::InterruptHandler;

/// Deadline of the running call, shared with the interrupt handler.
#[derive(Debug)]
pub(crate) struct Watchdog {
    epoch: Instant,
    /// Nanoseconds after `epoch`; `u64::MAX` when no call runs.
    deadline: AtomicU64,
    /// Set once the deadline passed during the current call.
    fired: AtomicBool,
}

impl Watchdog {
    /// A watchdog with no deadline.
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            epoch: Instant::now(),
            deadline: AtomicU64::new(u64::MAX),
            fired: AtomicBool::new(false),
        })
    }

    /// The handler to install with `Runtime::set_interrupt_handler`: it
    /// interrupts the script once the deadline has passed.
    pub(crate) fn handler(self: &Arc<Self>) -> InterruptHandler {
        let watchdog = Arc::clone(self);
        Box::new(move || watchdog.expired())
    }

    /// Starts a call that may take `limit`.
    pub(crate) fn arm(&self, limit: Duration) {
        let now = self.now();
        let limit = u64::try_from(limit.as_nanos()).unwrap_or(u64::MAX);
        self.fired.store(false, Ordering::Relaxed);
        self.deadline.store(
            now.saturating_add(limit).min(u64::MAX - 1),
            Ordering::Relaxed,
        );
    }

    /// Ends the call: nothing is interrupted until the next [`Watchdog::arm`].
    pub(crate) fn disarm(&self) {
        self.deadline.store(u64::MAX, Ordering::Relaxed);
    }

    /// Whether the deadline has passed (and remembers that it did).
    pub(crate) fn expired(&self) -> bool {
        let deadline = self.deadline.load(Ordering::Relaxed);
        if deadline == u64::MAX {
            return false;
        }
        if self.now() >= deadline {
            self.fired.store(true, Ordering::Relaxed);
            true
        } else {
            false
        }
    }

    /// Whether the current (or last) call ran out of time.
    pub(crate) fn fired(&self) -> bool {
        self.fired.load(Ordering::Relaxed)
    }

    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_only_after_the_deadline_while_armed() {
        let watchdog = Watchdog::new();
        assert!(!watchdog.expired());
        watchdog.arm(Duration::from_secs(60));
        assert!(!watchdog.expired());
        watchdog.arm(Duration::ZERO);
        assert!(watchdog.expired());
        assert!(watchdog.fired());
        watchdog.disarm();
        assert!(!watchdog.expired());
        watchdog.arm(Duration::MAX);
        assert!(!watchdog.fired());
        assert!(!watchdog.expired());
    }
}
