//! Counts of what the host took in and turned away, per reason, for `switchyard status`.

use serde_json::{Map, Value, json};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why an incoming event was turned away (it started no run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rejection {
    /// 404: no active workflow listens at that path.
    NotFound,
    /// 405: the workflow listens for another method.
    MethodNotAllowed,
    /// 401: the signature is missing or wrong.
    Unauthorized,
    /// 413: the body is over the limit.
    TooLarge,
    /// 400: the body is not the JSON its Content-Type claims (or could not be read).
    BadRequest,
    /// 503: the host is stopping.
    Stopping,
    /// 503: too many runs are waiting.
    Overloaded,
    /// 500: the event could not be stored.
    StoreFailed,
}

impl Rejection {
    pub const ALL: [Rejection; 8] = [
        Rejection::NotFound,
        Rejection::MethodNotAllowed,
        Rejection::Unauthorized,
        Rejection::TooLarge,
        Rejection::BadRequest,
        Rejection::Stopping,
        Rejection::Overloaded,
        Rejection::StoreFailed,
    ];

    /// The reason's name in logs and `status`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rejection::NotFound => "not_found",
            Rejection::MethodNotAllowed => "method_not_allowed",
            Rejection::Unauthorized => "unauthorized",
            Rejection::TooLarge => "too_large",
            Rejection::BadRequest => "bad_request",
            Rejection::Stopping => "stopping",
            Rejection::Overloaded => "overloaded",
            Rejection::StoreFailed => "store_failed",
        }
    }

    fn index(self) -> usize {
        Rejection::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }
}

/// The host's counters since it started.
#[derive(Debug, Default)]
pub struct Counters {
    accepted: AtomicU64,
    duplicates: AtomicU64,
    rejected: [AtomicU64; 8],
}

impl Counters {
    pub fn accepted(&self) {
        self.accepted.fetch_add(1, Ordering::Relaxed);
    }

    pub fn duplicate(&self) {
        self.duplicates.fetch_add(1, Ordering::Relaxed);
    }

    pub fn rejected(&self, reason: Rejection) {
        self.rejected[reason.index()].fetch_add(1, Ordering::Relaxed);
    }

    pub fn rejected_count(&self, reason: Rejection) -> u64 {
        self.rejected[reason.index()].load(Ordering::Relaxed)
    }

    pub fn accepted_count(&self) -> u64 {
        self.accepted.load(Ordering::Relaxed)
    }

    pub fn duplicate_count(&self) -> u64 {
        self.duplicates.load(Ordering::Relaxed)
    }

    /// `{accepted, skipped_duplicates, rejected: {reason: n}}`.
    pub fn to_json(&self) -> Value {
        let mut rejected = Map::new();
        for reason in Rejection::ALL {
            rejected.insert(reason.as_str().into(), json!(self.rejected_count(reason)));
        }
        json!({
            "accepted": self.accepted_count(),
            "skipped_duplicates": self.duplicate_count(),
            "rejected": rejected,
        })
    }
}
