//! Google failures mapped to the spec's error kinds, keeping Google's own `message` and putting
//! its `status`, `details` and `reason` in `details`, with what the user should do about it.

use crate::http::{HttpError, HttpErrorKind, ResponseData};
use crate::hubspot::ErrorKind;
use serde_json::{Map, Value, json};

/// A failed Sheets call.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SheetsError {
    pub kind: ErrorKind,
    pub message: String,
    pub status: Option<u16>,
    /// Google's `status` (e.g. `INVALID_ARGUMENT`), `details`, and the `reason` of its ErrorInfo.
    pub details: Option<Value>,
}

impl SheetsError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
            details: None,
        }
    }

    /// A problem with the setup (credential, params) rather than with Google.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }

    /// A request that got no answer.
    pub fn from_transport(error: &HttpError) -> Self {
        let kind = match error.kind {
            HttpErrorKind::Timeout => ErrorKind::Timeout,
            HttpErrorKind::Network => ErrorKind::Network,
            HttpErrorKind::NotRecorded => ErrorKind::Config,
        };
        Self::new(kind, error.message.clone())
    }

    /// A non-2xx answer of the Sheets API (`{"error": {code, message, status, details}}`).
    pub fn from_response(response: &ResponseData, credential_id: &str) -> Self {
        let status = response.status;
        let kind = ErrorKind::from_status(status);
        let error = response.body.get("error");
        let said = error
            .and_then(|e| e.get("message"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| match &response.body {
                Value::String(text) => text.chars().take(300).collect(),
                Value::Null => String::new(),
                other => other.to_string().chars().take(300).collect(),
            });
        let mut details = Map::new();
        if let Some(error) = error {
            for key in ["status", "details"] {
                if let Some(value) = error.get(key).filter(|v| !v.is_null()) {
                    details.insert(key.to_owned(), value.clone());
                }
            }
            if let Some(reason) = error.pointer("/details/0/reason") {
                details.insert("reason".into(), reason.clone());
            }
        }
        let message = match kind {
            ErrorKind::Validation => format!("Google Sheets rejected the request: {said}"),
            ErrorKind::Auth => format!(
                "Google did not accept credential \"{credential_id}\": {said} Check the service account key, or reconnect the Google account."
            ),
            ErrorKind::Forbidden => format!(
                "Google Sheets refused the call: {said} Share the spreadsheet with the service account's email (as an editor to write), and make sure credential \"{credential_id}\" has the scope https://www.googleapis.com/auth/spreadsheets."
            ),
            ErrorKind::NotFound => {
                format!("Google Sheets found no such spreadsheet: {said} Check the spreadsheet id.")
            }
            ErrorKind::RateLimited => format!("Google Sheets' quota was exceeded: {said}"),
            _ => format!("Google Sheets answered {status}: {said}"),
        };
        Self {
            kind,
            message,
            status: Some(status),
            details: (!details.is_empty()).then_some(Value::Object(details)),
        }
    }

    /// A refusal by the token endpoint (`{error, error_description}`).
    pub fn from_token_response(response: &ResponseData, credential_id: &str) -> Self {
        let body = &response.body;
        let code = body.get("error").and_then(Value::as_str).unwrap_or("error");
        let said = body
            .get("error_description")
            .and_then(Value::as_str)
            .unwrap_or("no reason given");
        let details = json!({ "error": code, "error_description": said });
        if response.status >= 500 {
            return Self::new(
                ErrorKind::Server,
                format!(
                    "Google's token endpoint answered {}: {said}",
                    response.status
                ),
            )
            .with(response.status, details);
        }
        Self::new(
            ErrorKind::Auth,
            format!(
                "Google refused to issue an access token for credential \"{credential_id}\" ({code}: {said}). Check the service account key (or reconnect the Google account)."
            ),
        )
        .with(response.status, details)
    }

    fn with(mut self, status: u16, details: Value) -> Self {
        self.status = Some(status);
        self.details = Some(details);
        self
    }
}
