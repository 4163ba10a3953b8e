//! Always-on workflows inside the app: while it is open (and in the tray when its window is
//! closed), the app hosts the workspace folder as `switchyard serve --dir` would — active
//! workflows listen for webhooks, schedules and HubSpot changes, every run goes to history —
//! and a failed production run is announced as an event the shell turns into a notification.

use crate::events::EventSink;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use switchyard_engine::{RunEvent, RunMode, RunStatus};
use switchyard_host::{ServeConfig, Serving, WorkflowState};
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

    fn set_problem(&self, problem: Option<String>) {
        if let Ok(mut slot) = self.problem.lock() {
            *slot = problem;
        }
    }
}

/// Sends `production-run-failed` for every production run that fails.
fn announce_failures(serving: &Serving, events: Arc<dyn EventSink>) {
    let mut receiver = serving.manager().subscribe();
    tokio::spawn(async move {
        let mut production: HashMap<String, String> = HashMap::new();
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
                            events.emit(
                                PRODUCTION_RUN_FAILED,
                                json!({ "run_id": run_id, "workflow_id": workflow_id, "message": message }),
                            );
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
