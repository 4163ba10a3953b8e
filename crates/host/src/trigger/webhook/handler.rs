//! One webhook request, in order: stopping (503), route (404), method (405), size (413),
//! signature (401), body (400), then the inbox and the answer. Every rejection is logged and
//! counted and starts no run. A HubSpot delivery (many events in one body) goes on in
//! [`hubspot`] once its signature is checked.

use super::routes::{Route, RouteKind, WebhookRoutes};
use super::test_event::{Handover, TestListeners};
use super::{answer, auth, hubspot, request};
use crate::counters::Rejection;
use crate::manager::{FireError, FireEvent, Fired, RunManager};
use axum::Json;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use switchyard_nodes::{WebhookAuth, WebhookRespond};

/// What every request handler shares.
pub(super) struct App {
    pub manager: RunManager,
    pub routes: Arc<WebhookRoutes>,
    pub tests: Arc<TestListeners>,
    pub max_body: usize,
    pub respond_timeout: Duration,
}

/// Any request to `/webhook/<path>`.
pub(super) async fn webhook(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (method, uri, headers) = (parts.method, parts.uri, parts.headers);
    if app.manager.is_stopping() {
        return app.reject(Rejection::Stopping, &method, &uri, "the host is stopping");
    }
    let key = uri.path().strip_prefix("/webhook/").unwrap_or_default();
    let Some(route) = app.routes.get(key) else {
        return app.reject(
            Rejection::NotFound,
            &method,
            &uri,
            "no active workflow listens here",
        );
    };
    if method.as_str() != route.method {
        return app.method_not_allowed(&route.method, &method, &uri);
    }
    let bytes = match app
        .checked_body(body, route.auth.clone(), &method, &uri, &headers)
        .await
    {
        Ok(bytes) => bytes,
        Err(rejected) => return rejected,
    };
    match &route.kind {
        RouteKind::Request { respond } => {
            one_request(&app, &route, *respond, &method, &uri, &headers, &bytes).await
        }
        RouteKind::HubSpot { watch } => {
            hubspot::deliver(&app, &route.workflow, watch, &method, &uri, &bytes).await
        }
    }
}

/// A request to `/webhook-test/<path>`: checked as a production request would be, then handed
/// to the editor listening there (no run, no inbox: the editor test-runs it).
pub(super) async fn test_webhook(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (method, uri, headers) = (parts.method, parts.uri, parts.headers);
    let key = uri
        .path()
        .strip_prefix("/webhook-test/")
        .unwrap_or_default();
    let nobody = "nobody is listening for a test event here: press \"Listen for a test event\" on the webhook trigger in the editor";
    let Some(expected) = app.tests.expectation(key) else {
        return app.reject(Rejection::NotFound, &method, &uri, nobody);
    };
    if method.as_str() != expected.method {
        return app.method_not_allowed(&expected.method, &method, &uri);
    }
    let bytes = match app
        .checked_body(body, expected.auth, &method, &uri, &headers)
        .await
    {
        Ok(bytes) => bytes,
        Err(rejected) => return rejected,
    };
    let body = match request::parse_body(&headers, &bytes) {
        Ok(body) => body,
        Err(bad) => return app.reject(Rejection::BadRequest, &method, &uri, &bad.to_string()),
    };
    let item = request::item(&method, &uri, &headers, body);
    match app.tests.deliver(key, item) {
        Handover::Delivered => (
            StatusCode::OK,
            Json(json!({ "status": "received", "message": "the test event was handed to the editor, which runs the workflow with it" })),
        )
            .into_response(),
        Handover::Gone => app.reject(Rejection::NotFound, &method, &uri, nobody),
    }
}

/// A `trigger.webhook` request: the request is the event.
async fn one_request(
    app: &App,
    route: &Route,
    respond: WebhookRespond,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    bytes: &[u8],
) -> Response {
    let body = match request::parse_body(headers, bytes) {
        Ok(body) => body,
        Err(bad) => return app.reject(Rejection::BadRequest, method, uri, &bad.to_string()),
    };
    let item = request::item(method, uri, headers, body);
    match app
        .manager
        .fire_async(&route.workflow, FireEvent::new(item))
        .await
    {
        Ok(Fired::Started(ticket)) => match respond {
            WebhookRespond::Immediately => answer::accepted(&ticket.run_id),
            WebhookRespond::WhenDone => answer::when_done(ticket, app.respond_timeout).await,
        },
        Ok(Fired::Duplicate { first_seen, .. }) => (
            StatusCode::OK,
            Json(json!({ "status": "skipped", "reason": "duplicate", "first_seen": first_seen })),
        )
            .into_response(),
        Err(error) => app.not_stored(error, method, uri),
    }
}

/// Anything outside `/webhook/`.
pub(super) async fn elsewhere(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    app.reject(Rejection::NotFound, &method, &uri, "not found")
}

impl App {
    /// 405 with the method the webhook takes in `Allow`.
    fn method_not_allowed(&self, allowed: &str, method: &Method, uri: &Uri) -> Response {
        let message = format!("this webhook takes {allowed}");
        let mut answer = self.reject(Rejection::MethodNotAllowed, method, uri, &message);
        if let Ok(allow) = HeaderValue::try_from(allowed) {
            answer.headers_mut().insert(header::ALLOW, allow);
        }
        answer
    }

    /// The body, read within the size limit and its signature checked as `rule` says; or the
    /// rejection (413, 400, 401) to answer.
    async fn checked_body(
        &self,
        body: Body,
        rule: Option<WebhookAuth>,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
    ) -> Result<Vec<u8>, Response> {
        let bytes = match read_body(body, headers, self.max_body).await {
            Ok(bytes) => bytes,
            Err(BodyError::TooLarge) => {
                let message = format!("the body is over the limit of {} bytes", self.max_body);
                return Err(self.reject(Rejection::TooLarge, method, uri, &message));
            }
            Err(BodyError::Broken(message)) => {
                return Err(self.reject(Rejection::BadRequest, method, uri, &message));
            }
        };
        authenticate(self, rule, method, uri, headers, bytes)
            .await
            .map_err(|failure| {
                tracing::debug!(%failure, "webhook signature check failed");
                self.reject(Rejection::Unauthorized, method, uri, &failure.to_string())
            })
    }

    /// The answer when an event could not be taken into the inbox.
    pub(super) fn not_stored(&self, error: FireError, method: &Method, uri: &Uri) -> Response {
        match error {
            FireError::Stopping => {
                self.reject(Rejection::Stopping, method, uri, "the host is stopping")
            }
            error @ FireError::Overloaded(_) => {
                self.reject(Rejection::Overloaded, method, uri, &error.to_string())
            }
            error => {
                tracing::error!(%error, "a webhook event could not be stored");
                self.reject(
                    Rejection::StoreFailed,
                    method,
                    uri,
                    "the event could not be stored",
                )
            }
        }
    }

    pub(super) fn reject(
        &self,
        reason: Rejection,
        method: &Method,
        uri: &Uri,
        message: &str,
    ) -> Response {
        self.manager.counters().rejected(reason);
        tracing::warn!(reason = reason.as_str(), %method, path = uri.path(), "webhook rejected: {message}");
        let status = match reason {
            Rejection::NotFound => StatusCode::NOT_FOUND,
            Rejection::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Rejection::Unauthorized => StatusCode::UNAUTHORIZED,
            Rejection::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Rejection::BadRequest => StatusCode::BAD_REQUEST,
            Rejection::Stopping | Rejection::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
            Rejection::StoreFailed => StatusCode::INTERNAL_SERVER_ERROR,
        };
        // Signature failures say no more than that.
        let message = if reason == Rejection::Unauthorized {
            "unauthorized"
        } else {
            message
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

enum BodyError {
    TooLarge,
    Broken(String),
}

/// Reads the body, never more than `limit` bytes.
async fn read_body(body: Body, headers: &HeaderMap, limit: usize) -> Result<Vec<u8>, BodyError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(declared.map_or(0, |n| n as usize));
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|e| BodyError::Broken(format!("the body could not be read: {e}")))?;
        if bytes.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Checks the signature when the webhook wants one (on a blocking thread: credentials may
/// come from the OS keychain).
async fn authenticate(
    app: &App,
    rule: Option<WebhookAuth>,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    bytes: Vec<u8>,
) -> Result<Vec<u8>, auth::AuthFailure> {
    let Some(rule) = rule else {
        return Ok(bytes);
    };
    let vault = app.manager.runner().vault().clone();
    let (method, uri, headers) = (method.clone(), uri.clone(), headers.clone());
    tokio::task::spawn_blocking(move || {
        auth::check(&rule, &vault, &method, &uri, &headers, &bytes).map(|()| bytes)
    })
    .await
    .unwrap_or_else(|e| Err(auth::AuthFailure::Credential(e.to_string())))
}
