//! The answer to an accepted webhook request, by its `respond` mode: 202 `{run_id}` at once,
//! or once the run is done its `flow.respond` answer, 200 `{run_id, status}` when none ran,
//! 500 `{run_id, status, error}` when it failed first, and 504 `{run_id, status: "running"}`
//! when it is still running after the timeout (the run goes on).

use crate::manager::{RunOutcome, RunTicket};
use axum::Json;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::time::Duration;
use switchyard_engine::{RunStatus, WebhookResponse};

/// `respond: immediately`.
pub fn accepted(run_id: &str) -> Response {
    (StatusCode::ACCEPTED, Json(json!({ "run_id": run_id }))).into_response()
}

/// `respond: when_done`: waits up to `timeout` for the run.
pub async fn when_done(ticket: RunTicket, timeout: Duration) -> Response {
    let run_id = ticket.run_id.clone();
    match tokio::time::timeout(timeout, ticket.finished()).await {
        Err(_) => (
            StatusCode::GATEWAY_TIMEOUT,
            Json(json!({ "run_id": run_id, "status": "running" })),
        )
            .into_response(),
        Ok(None) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "run_id": run_id, "status": "queued", "error": "the host stopped before the run started; it runs on the next start" })),
        )
            .into_response(),
        Ok(Some(outcome)) => finished(outcome),
    }
}

fn finished(outcome: RunOutcome) -> Response {
    if let Some(response) = outcome.response {
        return respond(response);
    }
    let status = outcome.status.as_str();
    match outcome.status {
        RunStatus::Succeeded => (
            StatusCode::OK,
            Json(json!({ "run_id": outcome.run_id, "status": status })),
        )
            .into_response(),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "run_id": outcome.run_id, "status": status, "error": outcome.error })),
        )
            .into_response(),
    }
}

/// Headers a `flow.respond` may not set: the listener frames the answer itself.
fn framing(name: &HeaderName) -> bool {
    *name == header::CONTENT_LENGTH
        || *name == header::TRANSFER_ENCODING
        || *name == header::CONNECTION
}

/// The answer `flow.respond` chose: a string body goes as text, anything else as JSON, unless
/// the node set a Content-Type.
fn respond(response: WebhookResponse) -> Response {
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (default_type, bytes) = match &response.body {
        Value::String(text) => ("text/plain; charset=utf-8", text.clone().into_bytes()),
        other => ("application/json", other.to_string().into_bytes()),
    };
    let mut answer = (status, bytes).into_response();
    let headers = answer.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(default_type));
    for (name, value) in &response.headers {
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(text),
        ) {
            (Ok(name), Ok(value)) if !framing(&name) => {
                headers.insert(name, value);
            }
            _ => {
                tracing::warn!(header = %name, "flow.respond set a header that cannot be sent; left out")
            }
        }
    }
    answer
}
