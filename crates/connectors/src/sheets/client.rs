//! The Sheets client: one credential, the run's HTTP core, the credential's shared pacer and the
//! retry settings. Operations live in [`super::values`].

use super::credential::SheetsCredential;
use super::error::SheetsError;
use super::pacing::{PER_MINUTE, SheetsPacer};
use super::token;
use crate::http::{Http, OutgoingRequest, RequestBody};
use crate::hubspot::UsageLog;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use switchyard_secrets::Sensitive;

/// Retry, pacing and timing settings. The defaults follow Google's advice; tests shorten them.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    /// One request's time limit.
    pub timeout: Duration,
    /// Retries after a 429, and separately after 5xx, timeouts and dropped connections.
    pub max_retries: usize,
    /// The most one call may spend waiting before retries.
    pub max_wait: Duration,
    /// Truncated exponential backoff after a 429: 1 s, 2 s, 4 s … up to 64 s, with jitter.
    pub rate_backoff_min: Duration,
    pub rate_backoff_max: Duration,
    /// Exponential backoff (with jitter) for 5xx, timeouts and dropped connections.
    pub backoff_min: Duration,
    pub backoff_max: Duration,
    /// Access tokens are renewed this long before they expire.
    pub refresh_margin: Duration,
    /// Pacing: requests a minute per credential, and how many may go back to back.
    pub per_minute: u32,
    pub burst: u32,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_retries: 7,
            max_wait: Duration::from_secs(180),
            rate_backoff_min: Duration::from_secs(1),
            rate_backoff_max: Duration::from_secs(64),
            backoff_min: Duration::from_millis(500),
            backoff_max: Duration::from_secs(16),
            refresh_margin: Duration::from_secs(60),
            per_minute: PER_MINUTE,
            burst: 5,
        }
    }
}

/// One Sheets API request, before authorisation: what dry runs show.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: &'static str,
    /// From the base URL, starting with `/v4/`, segments already percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Call {
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    pub fn query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Whether the call may change data (every Sheets call but a GET).
    pub fn changes_data(&self) -> bool {
        self.method != "GET"
    }
}

/// A Google Sheets client for one credential. Cheap to clone.
#[derive(Clone)]
pub struct SheetsClient {
    http: Arc<Http>,
    node_id: String,
    credential: Arc<SheetsCredential>,
    pacer: Arc<SheetsPacer>,
    options: ClientOptions,
    usage: Option<Arc<dyn UsageLog>>,
}

impl SheetsClient {
    /// A client that sends through `http` and paces with the credential's process-wide pacer.
    pub fn new(http: Arc<Http>, credential: SheetsCredential, options: ClientOptions) -> Self {
        let pacer = SheetsPacer::for_credential(
            &credential.id,
            &credential.base_url,
            options.per_minute,
            options.burst,
        );
        Self {
            http,
            node_id: String::new(),
            credential: Arc::new(credential),
            pacer,
            options,
            usage: None,
        }
    }

    /// Reports every answer (status, 429s, errors; Google sends no rate-limit headers) to
    /// `usage`, per credential.
    pub fn with_usage(mut self, usage: Arc<dyn UsageLog>) -> Self {
        self.usage = Some(usage);
        self
    }

    pub(crate) fn usage(&self) -> Option<&Arc<dyn UsageLog>> {
        self.usage.as_ref()
    }

    /// The node id exchanges are recorded under.
    pub fn with_node_id(mut self, node_id: &str) -> Self {
        self.node_id = node_id.to_owned();
        self
    }

    pub fn credential(&self) -> &SheetsCredential {
        &self.credential
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    pub(crate) fn pacer(&self) -> &SheetsPacer {
        &self.pacer
    }

    pub(crate) fn http(&self) -> &Http {
        &self.http
    }

    pub(crate) fn node_id(&self) -> &str {
        &self.node_id
    }

    /// A valid access token (from the cache, or exchanged now).
    pub async fn bearer(&self) -> Result<Sensitive<String>, SheetsError> {
        token::access_token(self).await
    }

    /// The request a call becomes, authorised with `token`.
    pub(crate) fn outgoing(&self, call: &Call, token: &Sensitive<String>) -> OutgoingRequest {
        let mut request = self.preview(call);
        for (name, value) in &mut request.headers {
            if name == "authorization" {
                *value = format!("Bearer {}", token.expose());
            }
        }
        request
    }

    /// The request a call becomes with the token left out (`Bearer ***`): what a dry run shows
    /// (mask it further with `OutgoingRequest::masked`).
    pub fn preview(&self, call: &Call) -> OutgoingRequest {
        let mut request = OutgoingRequest::new(
            call.method,
            format!("{}{}", self.credential.base_url, call.path),
        )
        .header("authorization", "Bearer ***")
        .header("accept", "application/json");
        request.query = call.query.clone();
        request.body = call.body.clone().map(RequestBody::Json);
        request
    }
}
