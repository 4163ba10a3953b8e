//! Resource limits of a sandbox.

use std::time::Duration;

/// Limits for one sandbox (one workflow run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsLimits {
    /// Longest time one call may take: one expression evaluation or one
    /// code-node call, including compiling the source and converting values.
    pub time_limit: Duration,
    /// Most memory, in bytes, the whole runtime may use (all calls together;
    /// garbage is collected). `0` means unlimited.
    pub memory_limit: usize,
}

impl Default for JsLimits {
    /// 5 seconds per call and 64 MiB per runtime.
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(5),
            memory_limit: 64 * 1024 * 1024,
        }
    }
}

impl JsLimits {
    /// The memory limit in whole MiB, as reported by [`crate::JsError::OutOfMemory`].
    pub fn memory_limit_mib(&self) -> usize {
        self.memory_limit / (1024 * 1024)
    }
}
