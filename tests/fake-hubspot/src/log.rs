//! What the fake saw: requests per path, and a log with arrival times and answers.

use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

/// One request as received.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    /// Arrival, measured from the fake's start.
    pub at: Duration,
    pub method: String,
    pub path: String,
    pub query: String,
    /// The answer's status (0: the connection was dropped).
    pub status: u16,
    /// The JSON body, when bodies are logged and the body is JSON.
    pub body: Option<Value>,
    /// The `Authorization` header as received.
    pub authorization: Option<String>,
}

/// Counters the tests read.
#[derive(Debug, Default)]
pub struct RequestLog {
    pub per_path: HashMap<String, u64>,
    pub entries: Vec<LoggedRequest>,
}

impl RequestLog {
    /// Keeps at most this many entries (a bench sends more; counters keep counting).
    const MAX_ENTRIES: usize = 200_000;

    pub fn push(&mut self, entry: LoggedRequest) {
        *self
            .per_path
            .entry(format!("{} {}", entry.method, entry.path))
            .or_default() += 1;
        if self.entries.len() < Self::MAX_ENTRIES {
            self.entries.push(entry);
        }
    }
}
