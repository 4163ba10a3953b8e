//! `trigger.webhook`: one HTTP listener (axum) for every active webhook, at
//! `/webhook/<path>`, and for HubSpot webhook subscriptions at `/webhook/hubspot/<workflow id>`;
//! the editor's test events arrive at `/webhook-test/<path>` (`test_event`).
//! Files: `routes` (the trigger: which paths are active), `handler` (one request), `request`
//! (the trigger item), `auth` (signatures), `answer` (respond modes), `hubspot` (a HubSpot
//! delivery: a batch of events).

pub mod answer;
pub mod auth;
mod handler;
mod hubspot;
pub mod request;
mod routes;
mod test_event;

pub use routes::{Route, RouteKind, WebhookRoutes, WebhookTrigger};
pub use test_event::{TestListen, TestListeners};

use crate::manager::RunManager;
use axum::Router;
use axum::routing::any;
use handler::App;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Where and how the listener listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListenerConfig {
    /// Default `127.0.0.1:8787`.
    pub addr: SocketAddr,
    /// Binding to an address other than loopback must be asked for.
    pub allow_remote: bool,
    /// Largest body taken, in bytes (default 1 MiB).
    pub max_body: usize,
    /// How long a `when_done` request waits for its run (default 30 s).
    pub respond_timeout: Duration,
}

impl Default for ListenerConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
            allow_remote: false,
            max_body: 1024 * 1024,
            respond_timeout: Duration::from_secs(30),
        }
    }
}

/// Why the listener did not start.
#[derive(Debug, thiserror::Error)]
pub enum ListenError {
    #[error(
        "{0} is not a loopback address: webhooks would be reachable from other machines; pass --allow-remote if that is what you want"
    )]
    RemoteNotAllowed(SocketAddr),
    #[error("could not listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// The running listener.
pub struct WebhookListener {
    addr: SocketAddr,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

impl WebhookListener {
    /// Binds and starts serving the webhooks in `routes`.
    pub async fn bind(
        config: &ListenerConfig,
        manager: RunManager,
        routes: Arc<WebhookRoutes>,
        tests: Arc<TestListeners>,
    ) -> Result<WebhookListener, ListenError> {
        if !config.addr.ip().is_loopback() && !config.allow_remote {
            return Err(ListenError::RemoteNotAllowed(config.addr));
        }
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ListenError::Bind {
                addr: config.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| ListenError::Bind {
            addr: config.addr,
            source,
        })?;
        let app = Arc::new(App {
            manager,
            routes,
            tests,
            max_body: config.max_body,
            respond_timeout: config.respond_timeout,
        });
        let router = Router::new()
            .route("/webhook/{*path}", any(handler::webhook))
            .route("/webhook-test/{*path}", any(handler::test_webhook))
            .fallback(handler::elsewhere)
            .with_state(app);
        let stop = CancellationToken::new();
        let shutdown = stop.clone();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, router)
                .with_graceful_shutdown(shutdown.cancelled_owned())
                .await;
            if let Err(error) = served {
                tracing::error!(%error, "the webhook listener failed");
            }
        });
        Ok(WebhookListener { addr, stop, task })
    }

    /// The address it listens on (with the real port when port 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops listening; waits up to `limit` for open requests to be answered.
    pub async fn stop(self, limit: Duration) {
        self.stop.cancel();
        let abort = self.task.abort_handle();
        if tokio::time::timeout(limit, self.task).await.is_err() {
            abort.abort();
        }
    }
}
