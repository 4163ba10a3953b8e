//! Run-wide values given to every script of a run.

use std::{fmt, sync::Arc};

use serde_json::Value;

/// Run-wide values visible to all scripts.
pub struct JsGlobals {
    /// `{id, workflow_id, mode}`; the global `$run`.
    pub run: Value,
    /// The run's start as RFC 3339 UTC; the global `$now`. `Date.now()` and
    /// `new Date()` return this instant too, so reruns reproduce.
    pub now: String,
    /// The first trigger item; the global `$trigger`.
    pub trigger: Value,
    /// `$out("node-id")`: the items that node emitted in this run (an array).
    /// Called from JavaScript, on every `$out` call (results are not cached).
    pub outputs: Arc<dyn Fn(&str) -> Value + Send + Sync>,
    /// Seed of the deterministic generator that replaces `Math.random`.
    pub seed: u64,
}

impl fmt::Debug for JsGlobals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsGlobals")
            .field("run", &self.run)
            .field("now", &self.now)
            .field("trigger", &self.trigger)
            .field("seed", &self.seed)
            .finish_non_exhaustive()
    }
}
