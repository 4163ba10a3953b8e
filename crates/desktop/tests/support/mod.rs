//! What the desktop back end's tests share: an event sink that keeps every event, bounded
//! waits for events, and a back end on a temporary folder.
#![allow(dead_code)]

use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use switchyard_desktop::{Desktop, DesktopConfig, EventSink};

/// Keeps every event the back end sends, in order.
#[derive(Default)]
pub struct Collect(Mutex<Vec<(String, Value)>>);

impl EventSink for Collect {
    fn emit(&self, event: &str, payload: Value) {
        if let Ok(mut all) = self.0.lock() {
            all.push((event.to_owned(), payload));
        }
    }
}

impl Collect {
    /// The payloads of the events called `name` so far.
    pub fn named(&self, name: &str) -> Vec<Value> {
        self.0
            .lock()
            .map(|all| {
                all.iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, p)| p.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits (at most 20 s) for an event called `name` whose payload `matches`.
    pub async fn first(&self, name: &str, matches: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(found) = self.named(name).into_iter().find(|p| matches(p)) {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("no {name} event came: {:?}", self.named(name));
    }
}

/// A back end whose history, workspace (`flows/`) and settings are in `dir`.
pub fn open_in(dir: &Path, events: Arc<Collect>) -> Desktop {
    let config = DesktopConfig {
        db_path: Some(dir.join("history.db")),
        workspace: Some(dir.join("flows")),
        settings_path: Some(dir.join("settings.json")),
    };
    Desktop::open(config, events).expect("desktop")
}
