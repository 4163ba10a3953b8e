//! `switchyard serve` as a library: open the history, start the run manager with the built-in
//! triggers, load and watch the workflow folder, listen for webhooks, write the status record;
//! and stop all of that gracefully.

use crate::manager::{HostOptions, RunManager, ShutdownReport};
use crate::runner::Runner;
use crate::status::StatusWriter;
use crate::trigger::hubspot::HubSpotTrigger;
use crate::trigger::schedule::ScheduleTrigger;
use crate::trigger::webhook::{
    ListenError, ListenerConfig, TestListen, TestListeners, WebhookListener, WebhookRoutes,
    WebhookTrigger,
};
use crate::watch::FolderWatch;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use switchyard_engine::Timestamp;
use switchyard_nodes::WebhookAuth;
use switchyard_secrets::Vault;
use switchyard_store::{HistoryStore, HostDb, ProcessIdentity, StoreError, StoreOptions};

/// Everything `serve` can be told.
#[derive(Clone)]
pub struct ServeConfig {
    /// The workflow folder (`*.flow.json`).
    pub dir: PathBuf,
    /// The history database (the inbox lives there too).
    pub db: PathBuf,
    pub listener: ListenerConfig,
    pub host: HostOptions,
    /// How long running runs may take to finish once a stop is asked for (default 30 s).
    pub grace: Duration,
    /// How long the folder must be quiet before it is rescanned (default 200 ms).
    pub debounce: Duration,
    /// Where credentials come from (default: the environment, then the OS keychain).
    pub vault: Option<Vault>,
}

impl ServeConfig {
    pub fn new(dir: PathBuf, db: PathBuf) -> Self {
        Self {
            dir,
            db,
            listener: ListenerConfig::default(),
            host: HostOptions::default(),
            grace: Duration::from_secs(30),
            debounce: Duration::from_millis(200),
            vault: None,
        }
    }
}

/// Why `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Listen(#[from] ListenError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Host(#[from] crate::HostError),
    #[error("could not read the workflow folder {}: {source}", path.display())]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "another `switchyard serve` (pid {0}) is using this database; stop it first, or use another --db"
    )]
    AlreadyServing(u32),
}

/// A running host.
pub struct Serving {
    pruner: tokio::task::JoinHandle<()>,
    manager: RunManager,
    listener: WebhookListener,
    tests: Arc<TestListeners>,
    watch: FolderWatch,
    status: StatusWriter,
    grace: Duration,
}

impl Serving {
    /// Starts everything; returns once the folder is loaded and the listener is up.
    pub async fn start(config: ServeConfig) -> Result<Serving, ServeError> {
        if !config.listener.addr.ip().is_loopback() && !config.listener.allow_remote {
            return Err(ListenError::RemoteNotAllowed(config.listener.addr).into());
        }
        switchyard_connectors::Http::prewarm();
        let history = HistoryStore::open(&config.db, StoreOptions::default())?;
        let db = Arc::new(HostDb::open(&config.db, Duration::from_secs(5))?);
        if let Some(other) = db.read_status()?
            && other.stopped_at.is_none()
            && other.process.pid != ProcessIdentity::current().pid
            && other.process.is_alive()
        {
            return Err(ServeError::AlreadyServing(other.process.pid));
        }
        let mut runner = Runner::new(Some(history));
        if let Some(vault) = config.vault.clone() {
            runner = runner.with_vault(vault);
        }
        let manager = RunManager::new(Arc::new(runner), db, config.host)?;
        let routes = Arc::new(WebhookRoutes::default());
        manager.add_trigger(Arc::new(WebhookTrigger::new(Arc::clone(&routes))));
        manager.add_trigger(Arc::new(ScheduleTrigger::default()));
        manager.add_trigger(Arc::new(HubSpotTrigger::new(Arc::clone(&routes))));
        let watch = FolderWatch::start(config.dir.clone(), manager.clone(), config.debounce)
            .await
            .map_err(|source| ServeError::Folder {
                path: config.dir.clone(),
                source,
            })?;
        warn_orphans(&manager);
        let tests = Arc::new(TestListeners::default());
        let listener = WebhookListener::bind(
            &config.listener,
            manager.clone(),
            routes,
            Arc::clone(&tests),
        )
        .await?;
        let pruner = spawn_pruner(manager.clone());
        let status = StatusWriter::start(manager.clone(), Some(listener.addr().to_string()));
        let active = manager.workflows().iter().filter(|w| w.active).count();
        tracing::info!(
            listen = %listener.addr(),
            dir = %config.dir.display(),
            db = %config.db.display(),
            active,
            "switchyard serve is up"
        );
        Ok(Serving {
            pruner,
            manager,
            listener,
            tests,
            watch,
            status,
            grace: config.grace,
        })
    }

    /// The listener's address.
    pub fn addr(&self) -> SocketAddr {
        self.listener.addr()
    }

    pub fn manager(&self) -> &RunManager {
        &self.manager
    }

    /// Listens for one test event at `/webhook-test/<path>` (see [`TestListeners`]).
    pub fn listen_for_test(
        &self,
        path: &str,
        method: &axum::http::Method,
        auth: Option<WebhookAuth>,
    ) -> TestListen {
        self.tests.listen(path, method, auth)
    }

    /// Stops taking events (webhooks get 503 meanwhile), lets runs finish within the grace
    /// period, records everything, writes the final status, and closes the listener.
    pub async fn stop(self) -> ShutdownReport {
        tracing::info!(
            grace_s = self.grace.as_secs_f64(),
            "stopping: no new events; waiting for running runs"
        );
        self.watch.stop().await;
        self.pruner.abort();
        let report = self.manager.shutdown(self.grace).await;
        self.status.stop().await;
        self.listener.stop(Duration::from_secs(2)).await;
        tracing::info!(
            drained = report.drained,
            cancelled = report.cancelled,
            left_queued = report.left_queued,
            "stopped"
        );
        report
    }
}

/// How long done and skipped inbox rows are kept.
const INBOX_KEEP: Duration = Duration::from_secs(7 * 24 * 3600);

/// Deletes old inbox rows and expired dedupe keys, hourly.
fn spawn_pruner(manager: RunManager) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let db = Arc::clone(manager.db());
            let window = manager.dedupe_window();
            let pruned = tokio::task::spawn_blocking(move || {
                let now = Timestamp::now().unix_millis();
                let ago = |d: Duration| {
                    let ms = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
                    Timestamp::from_unix_millis(now.saturating_sub(ms))
                        .unwrap_or_else(Timestamp::now)
                };
                db.prune_inbox(ago(INBOX_KEEP), ago(window))
            })
            .await;
            match pruned {
                Ok(Ok(0)) | Err(_) => {}
                Ok(Ok(rows)) => tracing::info!(rows, "old inbox events deleted"),
                Ok(Err(error)) => tracing::warn!(%error, "could not delete old inbox events"),
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    })
}

/// Says which pending inbox events wait for a workflow that is not loaded.
fn warn_orphans(manager: &RunManager) {
    let Ok(pending) = manager.db().pending(None) else {
        return;
    };
    let mut waiting: std::collections::BTreeMap<String, usize> = Default::default();
    for event in pending {
        if manager.workflow(&event.workflow_id).is_none() {
            *waiting.entry(event.workflow_id).or_default() += 1;
        }
    }
    for (workflow, events) in waiting {
        tracing::warn!(%workflow, events, "inbox events wait for a workflow that is not loaded; they run once it is");
    }
}
