//! The fault switch: the next N answers fail, come late, or lose their connection.

use std::time::Duration;

/// What happens to the next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this 5xx status.
    Fail(u16),
    /// Drop the connection in the middle of the answer.
    Drop,
}

/// Pending faults, taken one per request (CRM paths only; OAuth endpoints are left alone).
#[derive(Debug, Default)]
pub struct Faults {
    fail: u32,
    fail_status: u16,
    drop: u32,
    slow: u32,
    slow_for: Duration,
}

impl Faults {
    pub fn fail_next(&mut self, n: u32, status: u16) {
        self.fail = n;
        self.fail_status = status;
    }

    pub fn drop_next(&mut self, n: u32) {
        self.drop = n;
    }

    pub fn slow_next(&mut self, n: u32, delay: Duration) {
        self.slow = n;
        self.slow_for = delay;
    }

    /// The delay and fault for one request, using them up.
    pub fn take(&mut self) -> (Option<Duration>, Option<Fault>) {
        let delay = (self.slow > 0).then(|| {
            self.slow -= 1;
            self.slow_for
        });
        let fault = if self.drop > 0 {
            self.drop -= 1;
            Some(Fault::Drop)
        } else if self.fail > 0 {
            self.fail -= 1;
            Some(Fault::Fail(self.fail_status))
        } else {
            None
        };
        (delay, fault)
    }
}
