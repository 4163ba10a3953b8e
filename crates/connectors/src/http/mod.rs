//! The shared HTTP core: requests and responses as plain data, a live transport (reqwest), a
//! recording tap, and a replay transport that answers from recorded exchanges.

mod live;
mod message;
mod replay;
pub(crate) mod retry;
mod secrets;

pub use message::{
    HttpError, HttpErrorKind, OutgoingRequest, RecordedExchange, RequestBody, ResponseData,
};
pub use replay::Replay;
pub use secrets::{is_secret_header, masked_headers};

use async_trait::async_trait;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Sends one request. Implemented by the live network and by replay.
#[async_trait]
pub trait Transport: Send + Sync {
    async fn send(
        &self,
        node_id: &str,
        request: &OutgoingRequest,
        timeout: Duration,
    ) -> Result<ResponseData, HttpError>;
}

/// Receives every exchange of a run, e.g. to store it in history for a later replay.
pub trait ExchangeLog: Send + Sync {
    fn record(&self, exchange: RecordedExchange);
}

/// The HTTP core a run uses: a transport and, optionally, a log of its exchanges.
#[derive(Clone)]
pub struct Http {
    transport: Arc<dyn Transport>,
    log: Option<Arc<dyn ExchangeLog>>,
}

impl Http {
    /// The real network.
    pub fn live() -> Self {
        Self {
            transport: Arc::new(live::Live::shared()),
            log: None,
        }
    }

    /// Recorded answers instead of the network (see [`Replay`]).
    pub fn replay(exchanges: Vec<RecordedExchange>) -> Self {
        Self {
            transport: Arc::new(Replay::new(exchanges)),
            log: None,
        }
    }

    /// Any transport (tests, fakes).
    pub fn with_transport(transport: Arc<dyn Transport>) -> Self {
        Self {
            transport,
            log: None,
        }
    }

    /// Also hands every exchange to `log`.
    pub fn recording(mut self, log: Arc<dyn ExchangeLog>) -> Self {
        self.log = Some(log);
        self
    }

    /// Builds the shared live client on a thread of its own (loading the system's root
    /// certificates takes milliseconds), so that a host's first request does not wait for it.
    pub fn prewarm() {
        let spawned = std::thread::Builder::new()
            .name("switchyard-http-prewarm".into())
            .spawn(|| {
                let _ = Http::shared_live();
            });
        if let Err(error) = spawned {
            tracing::debug!(%error, "the HTTP client is built on first use instead");
        }
    }

    /// The shared live core, for runs that were given none.
    pub fn shared_live() -> Arc<Http> {
        static LIVE: OnceLock<Arc<Http>> = OnceLock::new();
        Arc::clone(LIVE.get_or_init(|| Arc::new(Http::live())))
    }

    /// Sends a request whose exchange must not be kept: token endpoints, whose request or
    /// answer holds a secret (a refresh token, a fresh access token). It goes through the same
    /// transport (so a replay answers `NotRecorded` and the caller can fall back), but is not
    /// handed to the exchange log, so history never holds it.
    pub async fn send_unrecorded(
        &self,
        node_id: &str,
        request: &OutgoingRequest,
        timeout: Duration,
    ) -> Result<ResponseData, HttpError> {
        self.transport.send(node_id, request, timeout).await
    }

    pub async fn send(
        &self,
        node_id: &str,
        request: &OutgoingRequest,
        timeout: Duration,
    ) -> Result<ResponseData, HttpError> {
        let result = self.transport.send(node_id, request, timeout).await;
        if let Some(log) = &self.log {
            log.record(RecordedExchange::of(node_id, request, &result));
        }
        result
    }
}
