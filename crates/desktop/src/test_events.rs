//! "Listen for a test event" on a webhook trigger: the app's listener takes one request at
//! `/webhook-test/<path>` (checked as the production webhook would check it) and hands its
//! item to the window as `test-event-received`; the window test-runs the workflow with it.
//! One listening at a time; it ends with the event, "Stop", a new listening, or the timeout
//! (`test-listen-ended`).

use crate::always_on::AlwaysOn;
use crate::api::{CommandError, CommandErrorKind};
use crate::events::EventSink;
use serde::Serialize;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use switchyard_model::WorkflowDocument;
use switchyard_nodes::{WebhookMethod, WebhookParams};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// Sent with the request's trigger item.
pub const TEST_EVENT_RECEIVED: &str = "test-event-received";
/// Sent when a listening ends without an event (`reason`: `timeout`, `stopped`, `replaced`).
pub const TEST_LISTEN_ENDED: &str = "test-listen-ended";

/// How long a listening lasts unless the window says otherwise (n8n's is 2 minutes).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// The longest listening the window may ask for.
const MAX_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// What `listen_for_test_event` answers: where to send the test request.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TestListening {
    pub node_id: String,
    /// `http://127.0.0.1:8787/webhook-test/<path>`.
    pub url: String,
    /// The method the trigger takes.
    pub method: String,
    #[ts(type = "number")]
    pub timeout_ms: u64,
}

/// The listening now going on, if any.
#[derive(Default)]
pub struct TestListenings {
    current: Mutex<Option<CancellationToken>>,
}

impl TestListenings {
    /// Starts listening for node `node_id`'s webhook (replacing any other listening).
    pub async fn listen(
        &self,
        always_on: &AlwaysOn,
        events: Arc<dyn EventSink>,
        doc: &WorkflowDocument,
        node_id: &str,
        timeout_ms: Option<u64>,
    ) -> Result<TestListening, CommandError> {
        let params = webhook_params(doc, node_id)?;
        let method = method_of(params.method);
        let (mut listen, addr) = always_on
            .listen_for_test(&params.path, &method, params.auth.clone())
            .await
            .map_err(|why| CommandError::new(CommandErrorKind::NotFound, why))?;
        let timeout = timeout_ms
            .map(Duration::from_millis)
            .unwrap_or(DEFAULT_TIMEOUT)
            .min(MAX_TIMEOUT);
        let stop = CancellationToken::new();
        if let Some(previous) = self.lock().replace(stop.clone()) {
            previous.cancel();
        }
        let listening = TestListening {
            node_id: node_id.to_owned(),
            url: format!("http://{addr}/webhook-test/{}", listen.path()),
            method: method.to_string(),
            timeout_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
        };
        let node = node_id.to_owned();
        tokio::spawn(async move {
            let ended = |reason: &str| TestListenEnded {
                node_id: node.clone(),
                reason: reason.to_owned(),
            };
            let ending = tokio::select! {
                item = listen.received() => match item {
                    Some(item) => {
                        let received = TestEventReceived { node_id: node.clone(), item };
                        return emit(&*events, TEST_EVENT_RECEIVED, &received);
                    }
                    None => ended("replaced"),
                },
                () = stop.cancelled() => ended("stopped"),
                () = tokio::time::sleep(timeout) => ended("timeout"),
            };
            emit(&*events, TEST_LISTEN_ENDED, &ending);
        });
        Ok(listening)
    }

    /// Stops the listening going on; `false` when there was none.
    pub fn stop(&self) -> bool {
        self.lock().take().map(|stop| stop.cancel()).is_some()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<CancellationToken>> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn emit(events: &dyn EventSink, name: &str, payload: &impl Serialize) {
    match serde_json::to_value(payload) {
        Ok(value) => events.emit(name, value),
        Err(e) => tracing::warn!("cannot encode {name}: {e}"),
    }
}

/// The webhook trigger's params, or why node `node_id` cannot listen.
fn webhook_params(doc: &WorkflowDocument, node_id: &str) -> Result<WebhookParams, CommandError> {
    let bad = |message: String| CommandError::new(CommandErrorKind::BadRequest, message);
    let node = doc
        .nodes
        .iter()
        .find(|n| n.id == node_id)
        .ok_or_else(|| bad(format!("there is no node \"{node_id}\" in the workflow")))?;
    if node.node_type != "trigger.webhook" {
        return Err(bad(format!(
            "node \"{node_id}\" is a {}: only a trigger.webhook listens for test events",
            node.node_type
        )));
    }
    serde_json::from_value::<WebhookParams>(node.params.clone()).map_err(|e| {
        bad(format!(
            "node \"{node_id}\": its params cannot listen yet ({e}); fix them first"
        ))
    })
}

fn method_of(method: WebhookMethod) -> axum::http::Method {
    use axum::http::Method;
    match method {
        WebhookMethod::Get => Method::GET,
        WebhookMethod::Post => Method::POST,
        WebhookMethod::Put => Method::PUT,
        WebhookMethod::Patch => Method::PATCH,
        WebhookMethod::Delete => Method::DELETE,
    }
}

/// The payload of [`TEST_EVENT_RECEIVED`] (for the generated types).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TestEventReceived {
    pub node_id: String,
    #[ts(type = "JsonValue")]
    pub item: Value,
}

/// The payload of [`TEST_LISTEN_ENDED`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TestListenEnded {
    pub node_id: String,
    /// `timeout`, `stopped` or `replaced`.
    pub reason: String,
}
