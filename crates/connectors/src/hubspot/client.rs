//! The HubSpot client: one credential, the run's HTTP core, the credential's shared pacer, and
//! where usage and refreshed tokens go. Operations live in their own modules.

use super::credential::{Auth, HubSpotCredential};
use super::error::HubSpotError;
use super::oauth::{self, TokenSink};
use super::pacing::{Lane, Pacer};
use super::usage::UsageLog;
use crate::http::{Http, OutgoingRequest, RequestBody};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use switchyard_secrets::Sensitive;

/// Retry and timing settings. The defaults suit HubSpot; tests shorten them.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    /// One request's time limit.
    pub timeout: Duration,
    /// Retries after a 429, and separately after 5xx, timeouts and dropped connections.
    pub max_retries: usize,
    /// The most one call may spend waiting before retries (429 waits and backoff together).
    pub max_wait: Duration,
    /// Exponential backoff (with jitter) for 5xx, timeouts and dropped connections.
    pub backoff_min: Duration,
    pub backoff_max: Duration,
    /// OAuth tokens are refreshed this long before they expire.
    pub refresh_margin: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_retries: 5,
            max_wait: Duration::from_secs(120),
            backoff_min: Duration::from_millis(500),
            backoff_max: Duration::from_secs(10),
            refresh_margin: Duration::from_secs(60),
        }
    }
}

/// One HubSpot API request, before authorisation: what dry runs show and batches are made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: &'static str,
    /// From the base URL, starting with `/`, segments already percent-encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    pub lane: Lane,
    /// The scope the call needs (named in a 403 message when HubSpot does not name it).
    pub scope: Option<String>,
}

impl Call {
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            lane: Lane::Standard,
            scope: None,
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

    pub fn scope(mut self, scope: String) -> Self {
        self.scope = Some(scope);
        self
    }

    pub fn lane(mut self, lane: Lane) -> Self {
        self.lane = lane;
        self
    }

    /// Whether the call may change data (and so is only shown in a dry run). Search and batch
    /// read are POSTs that only read.
    pub fn changes_data(&self) -> bool {
        match self.method {
            "GET" | "HEAD" => false,
            "POST" => !(self.path.ends_with("/search") || self.path.ends_with("/batch/read")),
            _ => true,
        }
    }
}

/// A HubSpot API client for one credential. Cheap to clone.
#[derive(Clone)]
pub struct HubSpotClient {
    http: Arc<Http>,
    node_id: String,
    credential: Arc<HubSpotCredential>,
    pacer: Arc<Pacer>,
    usage: Option<Arc<dyn UsageLog>>,
    token_sink: Option<Arc<dyn TokenSink>>,
    options: ClientOptions,
}

impl HubSpotClient {
    /// A client that sends through `http` (so every exchange is recorded) and paces with the
    /// credential's process-wide pacer.
    pub fn new(http: Arc<Http>, credential: HubSpotCredential) -> Self {
        let pacer = Pacer::for_credential(&credential.id, &credential.base_url);
        Self {
            http,
            node_id: String::new(),
            credential: Arc::new(credential),
            pacer,
            usage: None,
            token_sink: None,
            options: ClientOptions::default(),
        }
    }

    /// The node id exchanges are recorded under.
    pub fn with_node_id(mut self, node_id: &str) -> Self {
        self.node_id = node_id.to_owned();
        self
    }

    /// Reports every answer's rate-limit headers to `usage`.
    pub fn with_usage(mut self, usage: Arc<dyn UsageLog>) -> Self {
        self.usage = Some(usage);
        self
    }

    /// Hands refreshed OAuth tokens to `sink`.
    pub fn with_token_sink(mut self, sink: Arc<dyn TokenSink>) -> Self {
        self.token_sink = Some(sink);
        self
    }

    pub fn with_options(mut self, options: ClientOptions) -> Self {
        self.options = options;
        self
    }

    pub fn credential(&self) -> &HubSpotCredential {
        &self.credential
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    pub fn pacer(&self) -> &Arc<Pacer> {
        &self.pacer
    }

    pub(crate) fn http(&self) -> &Http {
        &self.http
    }

    pub(crate) fn node_id(&self) -> &str {
        &self.node_id
    }

    pub(crate) fn usage(&self) -> Option<&Arc<dyn UsageLog>> {
        self.usage.as_ref()
    }

    pub(crate) fn token_sink(&self) -> Option<&Arc<dyn TokenSink>> {
        self.token_sink.as_ref()
    }

    /// The bearer token to send (refreshing an OAuth token when it is about to expire).
    pub async fn bearer(&self) -> Result<Sensitive<String>, HubSpotError> {
        match &self.credential.auth {
            Auth::PrivateApp { token } => Ok(token.clone()),
            Auth::OAuth(grant) => oauth::access_token(self, grant).await,
        }
    }

    /// The request a call becomes, authorised with `token`.
    pub(crate) fn outgoing(&self, call: &Call, token: &Sensitive<String>) -> OutgoingRequest {
        let mut request = self.preview(call);
        if let Some((_, value)) = request
            .headers
            .iter_mut()
            .find(|(name, _)| name == "authorization")
        {
            *value = format!("Bearer {}", token.expose());
        }
        request
    }

    /// The request a call becomes, with the token left out (`Bearer ***`): what a dry run shows
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

/// Percent-encodes one path segment (an id or an email): everything but unreserved characters
/// and `@`.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                out.push(char::from(byte));
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}
