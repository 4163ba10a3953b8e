//! Always-on workflows inside the app: while it is open (and in the tray when its window is
//! closed), the app hosts the workspace folder as `switchyard serve --dir` would — active
//! workflows listen for webhooks, schedules and HubSpot changes, every run goes to history —
//! and a failed production run is announced as an event the shell turns into a notification.

use crate::auth_failures::{AuthFailureWatch, CREDENTIAL_AUTH_FAILING};
use crate::events::EventSink;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use switchyard_engine::{RunEvent, RunMode, RunStatus};
use switchyard_host::trigger::webhook::TestListen;
use switchyard_host::{RunManager, ServeConfig, Serving, WorkflowState};
use switchyard_nodes::WebhookAuth;
use tokio::sync::broadcast::error::RecvError;
use ts_rs::TS;

/// The event a failed production run sends.
pub const PRODUCTION_RUN_FAILED: &str = "production-run-failed";

/// What the app's host is doing.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HostView {
    /// Where webhooks are received (`127.0.0.1:8787`), when listening.
    pub listening: Option<String>,
    /// Why the app is not hosting (another `switchyard serve` on the same history, a port
    /// in use, …).
    pub problem: Option<String>,
    /// The workspace's workflow files as the host sees them.
    pub workflows: Vec<WorkflowState>,
}

/// The host, once started.
#[derive(Default)]
pub struct AlwaysOn {
    serving: tokio::sync::Mutex<Option<Serving>>,
    problem: Mutex<Option<String>>,
}

impl AlwaysOn {
    /// Starts hosting `folder` (history in `db`), listening on `listen`.
    pub async fn start(
        &self,
        folder: PathBuf,
        db: PathBuf,
        listen: SocketAddr,
        events: Arc<dyn EventSink>,
    ) {
        let mut config = ServeConfig::new(folder, db);
        config.listener.addr = listen;
        match Serving::start(config).await {
            Ok(serving) => {
                announce_failures(&serving, events);
                *self.serving.lock().await = Some(serving);
                self.set_problem(None);
            }
            Err(error) => {
                tracing::warn!(%error, "active workflows will not run in the app");
                self.set_problem(Some(error.to_string()));
            }
        }
    }

    /// Stops hosting: no new events, running runs get their grace period.
    pub async fn stop(&self) {
        if let Some(serving) = self.serving.lock().await.take() {
            serving.stop().await;
        }
    }

    pub async fn view(&self) -> HostView {
        let serving = self.serving.lock().await;
        HostView {
            listening: serving.as_ref().map(|s| s.addr().to_string()),
            problem: self.problem.lock().ok().and_then(|p| p.clone()),
            workflows: serving
                .as_ref()
                .map(|s| s.manager().workflows())
                .unwrap_or_default(),
        }
    }

    /// Whether any workflow is active (the window then closes to the tray).
    pub async fn has_active(&self) -> bool {
        self.view().await.workflows.iter().any(|w| w.active)
    }

    /// Listens for one test event at `/webhook-test/<path>`; answers the listener's address
    /// too, or why the app takes no webhooks.
    pub async fn listen_for_test(
        &self,
        path: &str,
        method: &axum::http::Method,
        auth: Option<WebhookAuth>,
    ) -> Result<(TestListen, SocketAddr), String> {
        let serving = self.serving.lock().await;
        match serving.as_ref() {
            Some(serving) => Ok((serving.listen_for_test(path, method, auth), serving.addr())),
            None => Err(match self.problem.lock().ok().and_then(|p| p.clone()) {
                Some(problem) => format!("the app takes no webhooks: {problem}"),
                None => {
                    "the app takes no webhooks right now (its listener is not running)".to_owned()
                }
            }),
        }
    }

    fn set_problem(&self, problem: Option<String>) {
        if let Ok(mut slot) = self.problem.lock() {
            *slot = problem;
        }
    }
}

/// Sends `production-run-failed` once history has committed the run (the window opens it when
/// the notification is clicked; history commits in short batches), without holding up the
/// events that follow.
fn announce_once_recorded(manager: &RunManager, events: Arc<dyn EventSink>, payload: Value) {
    let history = manager.runner().shared_store();
    tokio::spawn(async move {
        if let Some(history) = history {
            let committed = tokio::task::spawn_blocking(move || history.committed()).await;
            if let Ok(Err(error)) = committed {
                tracing::warn!(%error, "a failed run may be missing from history");
            }
        }
        events.emit(PRODUCTION_RUN_FAILED, payload);
    });
}

/// Sends `production-run-failed` for every production run that fails, and
/// `credential-auth-failing` when a credential keeps being refused.
fn announce_failures(serving: &Serving, events: Arc<dyn EventSink>) {
    let manager = serving.manager().clone();
    let mut receiver = manager.subscribe();
    tokio::spawn(async move {
        let mut production: HashMap<String, String> = HashMap::new();
        let mut auth_watch = AuthFailureWatch::default();
        loop {
            match receiver.recv().await {
                Ok(event) => match event.as_ref() {
                    RunEvent::RunStarted {
                        run_id,
                        workflow_id,
                        mode: RunMode::Production,
                        ..
                    } => {
                        production.insert(run_id.clone(), workflow_id.clone());
                    }
                    RunEvent::NodeFinished { run_id, record } => {
                        let Some(workflow_id) = production.get(run_id) else {
                            continue;
                        };
                        let credential_of = || {
                            manager.workflow(workflow_id).and_then(|w| {
                                w.plan
                                    .node(&record.node_id)
                                    .and_then(|n| n.credential.clone())
                            })
                        };
                        if let Some(warning) =
                            auth_watch.observe(workflow_id, record, credential_of)
                            && let Ok(payload) = serde_json::to_value(&warning)
                        {
                            events.emit(CREDENTIAL_AUTH_FAILING, payload);
                        }
                    }
                    RunEvent::RunFinished {
                        run_id,
                        status,
                        error,
                        ..
                    } => {
                        let Some(workflow_id) = production.remove(run_id) else {
                            continue;
                        };
                        if *status == RunStatus::Failed {
                            let message = error
                                .as_ref()
                                .map(|e| format!("{}: {}", e.node, e.message))
                                .unwrap_or_else(|| "the run failed".to_owned());
                            let payload = json!({ "run_id": run_id, "workflow_id": workflow_id, "message": message });
                            announce_once_recorded(&manager, Arc::clone(&events), payload);
                        }
                    }
                    _ => {}
                },
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return,
            }
        }
    });
}
