//! Tests of `JsSandbox` through the public API.

#![allow(clippy::unwrap_used)]

mod code;
mod conversion;
mod determinism;
mod errors;
mod expressions;
mod limits;

use std::{sync::Arc, time::Duration};

use serde_json::json;
use switchyard_js::{JsGlobals, JsLimits, JsSandbox, Value};

/// The run start all tests use.
pub const NOW: &str = "2024-05-01T10:00:00Z";
/// `NOW` in milliseconds since the epoch.
pub const NOW_MS: i64 = 1_714_557_600_000;

/// Globals with two outputs: `fetch` emitted `[{a: 1}, {a: 2}]`, others nothing.
pub fn globals(seed: u64) -> JsGlobals {
    JsGlobals {
        run: json!({"id": "run-1", "workflow_id": "wf-1", "mode": "manual"}),
        now: NOW.into(),
        trigger: json!({"body": {"x": 1}}),
        outputs: Arc::new(|id: &str| match id {
            "fetch" => json!([{"a": 1}, {"a": 2}]),
            _ => json!([]),
        }),
        seed,
    }
}

/// A sandbox with default limits.
pub fn sandbox() -> JsSandbox {
    JsSandbox::new(globals(42), JsLimits::default()).unwrap()
}

/// A sandbox with a short time limit and the given memory limit in MiB.
pub fn limited(time: Duration, memory_mib: usize) -> JsSandbox {
    let limits = JsLimits {
        time_limit: time,
        memory_limit: memory_mib * 1024 * 1024,
    };
    JsSandbox::new(globals(42), limits).unwrap()
}

/// Evaluates `source` with `$json = {}`, `$index = 0`, `$input = []`.
pub fn eval(sandbox: &mut JsSandbox, source: &str) -> Option<Value> {
    sandbox
        .eval_expression(source, &json!({}), 0, &[])
        .unwrap_or_else(|error| panic!("{source}: {error}"))
}
