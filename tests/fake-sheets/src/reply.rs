//! Google's error bodies (§6 of the services contract).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// `{"error": {code, message, status, details?}}` with the given HTTP status.
pub fn google_error(code: u16, status: &str, message: &str, details: Option<Value>) -> Response {
    let mut error = json!({ "code": code, "message": message, "status": status });
    if let Some(details) = details {
        error["details"] = details;
    }
    if code == 400 {
        error["errors"] =
            json!([{ "message": message, "domain": "global", "reason": "badRequest" }]);
    }
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
    (status, axum::Json(json!({ "error": error }))).into_response()
}

/// 400 INVALID_ARGUMENT with Google's text for a range it cannot read.
pub fn bad_range(range: &str) -> Response {
    google_error(
        400,
        "INVALID_ARGUMENT",
        &format!("Unable to parse range: {range}"),
        None,
    )
}

pub fn invalid(message: &str) -> Response {
    google_error(400, "INVALID_ARGUMENT", message, None)
}

pub fn not_found() -> Response {
    google_error(404, "NOT_FOUND", "Requested entity was not found.", None)
}

pub fn forbidden() -> Response {
    google_error(
        403,
        "PERMISSION_DENIED",
        "The caller does not have permission",
        None,
    )
}

/// 429 RESOURCE_EXHAUSTED with the quota details Google sends.
pub fn quota(write: bool) -> Response {
    let (metric, limit) = if write {
        ("Write requests", "WriteRequestsPerMinutePerUser")
    } else {
        ("Read requests", "ReadRequestsPerMinutePerUser")
    };
    let message = format!(
        "Quota exceeded for quota metric '{metric}' and limit '{metric} per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:123456'."
    );
    let quota_metric = if write {
        "sheets.googleapis.com/write_requests"
    } else {
        "sheets.googleapis.com/read_requests"
    };
    google_error(
        429,
        "RESOURCE_EXHAUSTED",
        &message,
        Some(json!([{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": { "quota_limit": limit, "quota_metric": quota_metric, "service": "sheets.googleapis.com", "consumer": "projects/123456" }
        }])),
    )
}

/// The token endpoint's `{error, error_description}`.
pub fn oauth_error(code: u16, error: &str, description: &str) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
    (
        status,
        axum::Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}
