//! Where the desktop commands send what happens while they work (run progress): the Tauri
//! shell forwards it to the window; the browser bridge streams it to the page.

use serde_json::Value;

/// A listener for named events with JSON payloads.
pub trait EventSink: Send + Sync {
    fn emit(&self, event: &str, payload: Value);
}

/// Drops every event (tests, tools).
pub struct NoEvents;

impl EventSink for NoEvents {
    fn emit(&self, _event: &str, _payload: Value) {}
}
