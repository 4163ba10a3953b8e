//! Test events ("Listen for a test event" in the editor, as n8n's test URL): while the editor
//! listens on a webhook trigger's path, one request to `/webhook-test/<path>` is checked as a
//! production request would be (method, size, signature, JSON) and handed to the editor, which
//! test-runs the workflow with it. It starts no production run and does not go to the inbox:
//! the editor's test run is what history records. Nobody listening: 404.

use axum::http::Method;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use switchyard_nodes::WebhookAuth;
use tokio::sync::oneshot;

/// One editor waiting for a request.
struct Waiter {
    ticket: u64,
    method: String,
    auth: Option<WebhookAuth>,
    deliver: oneshot::Sender<Value>,
}

/// What a request to a test path must satisfy.
#[derive(Debug, Clone)]
pub(super) struct Expectation {
    pub method: String,
    pub auth: Option<WebhookAuth>,
}

/// The paths editors listen on, at most one listener per path (a new one replaces the old).
#[derive(Default)]
pub struct TestListeners {
    waiting: Mutex<HashMap<String, Waiter>>,
    tickets: AtomicU64,
}

/// Why a request could not be handed over.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Handover {
    Delivered,
    /// The editor stopped listening (or another request came first).
    Gone,
}

impl TestListeners {
    /// Listens for one request at `path` (without outer slashes) taken with `method`, signed
    /// as `auth` says.
    pub fn listen(
        self: &Arc<Self>,
        path: &str,
        method: &Method,
        auth: Option<WebhookAuth>,
    ) -> TestListen {
        let path = path.trim_matches('/').to_owned();
        let ticket = self.tickets.fetch_add(1, Ordering::Relaxed);
        let (deliver, receiver) = oneshot::channel();
        let waiter = Waiter {
            ticket,
            method: method.as_str().to_ascii_uppercase(),
            auth,
            deliver,
        };
        self.lock().insert(path.clone(), waiter);
        TestListen {
            path,
            ticket,
            receiver,
            listeners: Arc::clone(self),
        }
    }

    /// What a request to `path` must satisfy, when someone listens there.
    pub(super) fn expectation(&self, path: &str) -> Option<Expectation> {
        self.lock()
            .get(path.trim_matches('/'))
            .map(|waiter| Expectation {
                method: waiter.method.clone(),
                auth: waiter.auth.clone(),
            })
    }

    /// Hands `item` to whoever listens at `path`; they stop listening.
    pub(super) fn deliver(&self, path: &str, item: Value) -> Handover {
        let Some(waiter) = self.lock().remove(path.trim_matches('/')) else {
            return Handover::Gone;
        };
        match waiter.deliver.send(item) {
            Ok(()) => Handover::Delivered,
            Err(_) => Handover::Gone,
        }
    }

    /// Whether anyone listens at `path`.
    pub fn is_listening(&self, path: &str) -> bool {
        self.lock().contains_key(path.trim_matches('/'))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Waiter>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// An editor listening; dropping it stops listening.
pub struct TestListen {
    path: String,
    ticket: u64,
    receiver: oneshot::Receiver<Value>,
    listeners: Arc<TestListeners>,
}

impl TestListen {
    /// The path listened on (without outer slashes).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The request's trigger item, once one comes; `None` when another listener took the path
    /// over.
    pub async fn received(&mut self) -> Option<Value> {
        (&mut self.receiver).await.ok()
    }
}

impl Drop for TestListen {
    fn drop(&mut self) {
        let mut waiting = self.listeners.lock();
        if waiting
            .get(&self.path)
            .is_some_and(|waiter| waiter.ticket == self.ticket)
        {
            waiting.remove(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[tokio::test]
    async fn one_request_reaches_the_listener_and_ends_the_listening() {
        let listeners = Arc::new(TestListeners::default());
        let mut listen = listeners.listen("/leads/", &Method::POST, None);
        assert_eq!(listen.path(), "leads");
        assert_eq!(
            listeners.expectation("leads").map(|e| e.method),
            Some("POST".to_owned())
        );
        assert_eq!(
            listeners.deliver("leads", json!({"body": 1})),
            Handover::Delivered
        );
        assert_eq!(listen.received().await, Some(json!({"body": 1})));
        assert!(!listeners.is_listening("leads"));
        assert_eq!(listeners.deliver("leads", json!({})), Handover::Gone);
    }

    #[tokio::test]
    async fn a_new_listener_replaces_the_old_and_dropping_the_old_keeps_the_new() {
        let listeners = Arc::new(TestListeners::default());
        let mut first = listeners.listen("leads", &Method::POST, None);
        let second = listeners.listen("leads", &Method::GET, None);
        assert_eq!(first.received().await, None, "the first was replaced");
        drop(first);
        assert!(listeners.is_listening("leads"));
        drop(second);
        assert!(!listeners.is_listening("leads"));
    }
}
