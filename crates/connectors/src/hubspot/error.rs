//! HubSpot failures mapped to the spec's error kinds, keeping HubSpot's own `message`,
//! `category` and `correlationId` in `details`.

use crate::http::{HttpError, HttpErrorKind, ResponseData};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// The spec's error kinds that a HubSpot call can end in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Validation,
    Auth,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    Server,
    Timeout,
    Network,
    Config,
}

impl ErrorKind {
    /// Whether trying again may help: the service's own trouble, a timeout, a lost connection.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorKind::Server | ErrorKind::Timeout | ErrorKind::Network
        )
    }

    /// The kind of an HTTP status.
    pub fn from_status(status: u16) -> ErrorKind {
        match status {
            401 => ErrorKind::Auth,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            408 => ErrorKind::Timeout,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Validation,
        }
    }

    /// The kind of a HubSpot error `category` (used for the items of a 207).
    fn from_category(category: &str) -> Option<ErrorKind> {
        Some(match category {
            "VALIDATION_ERROR" | "INVALID_PARAMS" => ErrorKind::Validation,
            "OBJECT_NOT_FOUND" => ErrorKind::NotFound,
            "CONFLICT" | "OBJECT_ALREADY_EXISTS" => ErrorKind::Conflict,
            "MISSING_SCOPES" => ErrorKind::Forbidden,
            "INVALID_AUTHENTICATION" | "EXPIRED_AUTHENTICATION" => ErrorKind::Auth,
            "RATE_LIMITS" => ErrorKind::RateLimited,
            _ => return None,
        })
    }

    fn status(self) -> Option<u16> {
        Some(match self {
            ErrorKind::Validation => 400,
            ErrorKind::Auth => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::Conflict => 409,
            ErrorKind::RateLimited => 429,
            _ => return None,
        })
    }
}

/// A failed HubSpot call, or a failed item of a batch.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct HubSpotError {
    pub kind: ErrorKind,
    pub message: String,
    pub status: Option<u16>,
    /// HubSpot's `category`, `correlationId`, `subCategory`, `context`, `errors`, `policyName`,
    /// and what the client worked out (`existingId`, `missingScopes`).
    pub details: Option<Value>,
}

impl HubSpotError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
            details: None,
        }
    }

    /// A problem with the setup (credential, params) rather than with HubSpot.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Validation, message)
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
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

    /// A non-2xx answer. `credential_id` and `scope` (what the call needs) make the message
    /// say what to do.
    pub fn from_response(
        response: &ResponseData,
        credential_id: &str,
        scope: Option<&str>,
    ) -> Self {
        let status = response.status;
        let kind = ErrorKind::from_status(status);
        let body = &response.body;
        let said = hubspot_message(body).unwrap_or_else(|| match body {
            Value::String(text) => text.chars().take(300).collect(),
            Value::Null => String::new(),
            other => other.to_string().chars().take(300).collect(),
        });
        let mut details = details_of(body);
        let message = match kind {
            ErrorKind::Validation => format!(
                "HubSpot rejected the request: {}",
                validation_text(body).unwrap_or(said)
            ),
            ErrorKind::Auth => format!(
                "HubSpot did not accept credential \"{credential_id}\": {said} Reconnect the HubSpot account (OAuth) or check the private app's access token."
            ),
            ErrorKind::Forbidden => {
                let missing = required_scopes(body);
                let named = if missing.is_empty() {
                    scope.map(|s| vec![s.to_owned()]).unwrap_or_default()
                } else {
                    missing
                };
                details.insert("missingScopes".into(), json!(named));
                let list = if named.is_empty() {
                    "a scope this call needs".to_owned()
                } else {
                    named.join(", ")
                };
                format!(
                    "HubSpot refused the call: credential \"{credential_id}\" lacks the scope {list}. Add it to the private app (or reconnect the app with it). HubSpot said: {said}"
                )
            }
            ErrorKind::NotFound => match context_value(body, "id") {
                Some(id) => format!("HubSpot found no record \"{id}\": {said}"),
                None => format!("HubSpot found nothing there: {said}"),
            },
            ErrorKind::Conflict => {
                if let Some(id) = existing_id(&said) {
                    details.insert("existingId".into(), json!(id));
                }
                format!("HubSpot reported a conflict: {said}")
            }
            ErrorKind::RateLimited => format!("HubSpot's rate limit was reached: {said}"),
            _ => format!("HubSpot answered {status}: {said}"),
        };
        Self {
            kind,
            message,
            status: Some(status),
            details: (!details.is_empty()).then_some(Value::Object(details)),
        }
    }

    /// One entry of a 207's `errors` (a `StandardError`).
    pub fn from_item(error: &Value) -> Self {
        let category = error.get("category").and_then(Value::as_str).unwrap_or("");
        let status = error
            .get("httpStatus")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u16>().ok());
        let kind = ErrorKind::from_category(category)
            .or_else(|| status.map(ErrorKind::from_status))
            .unwrap_or(ErrorKind::Validation);
        let said = hubspot_message(error).unwrap_or_else(|| "HubSpot rejected this record".into());
        let text = match kind {
            ErrorKind::Validation => validation_text(error).unwrap_or(said.clone()),
            _ => said.clone(),
        };
        let mut details = details_of(error);
        if kind == ErrorKind::Conflict
            && let Some(id) = existing_id(&said)
        {
            details.insert("existingId".into(), json!(id));
        }
        Self {
            kind,
            message: format!("HubSpot rejected this record: {text}"),
            status: status.or_else(|| kind.status()),
            details: Some(Value::Object(details)),
        }
    }
}

fn hubspot_message(body: &Value) -> Option<String> {
    body.get("message")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// For a 400: the messages of `errors[]`, each naming its property, else None.
fn validation_text(body: &Value) -> Option<String> {
    let errors = body.get("errors")?.as_array()?;
    let parts: Vec<String> = errors
        .iter()
        .filter_map(|e| {
            let message = e.get("message")?.as_str()?;
            let property = e.pointer("/context/propertyName/0").and_then(Value::as_str);
            Some(match property {
                Some(name) if !message.contains(&format!("\"{name}\"")) => {
                    format!("{message} (property \"{name}\")")
                }
                _ => message.to_owned(),
            })
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// HubSpot's fields worth keeping for the user.
fn details_of(body: &Value) -> Map<String, Value> {
    let mut details = Map::new();
    for key in [
        "category",
        "correlationId",
        "subCategory",
        "context",
        "errors",
        "policyName",
        "errorType",
    ] {
        if let Some(value) = body.get(key).filter(|v| !v.is_null()) {
            if key == "errors" && value.as_array().is_some_and(Vec::is_empty) {
                continue;
            }
            details.insert(key.to_owned(), value.clone());
        }
    }
    if let Some(message) = body
        .get("message")
        .filter(|_| body.get("category").is_some())
    {
        details.insert("message".into(), message.clone());
    }
    details
}

fn context_value(body: &Value, key: &str) -> Option<String> {
    body.get("context")?
        .get(key)?
        .get(0)?
        .as_str()
        .map(str::to_owned)
}

/// The scopes a 403 names (`requiredGranularScopes` / `requiredScopes`, top level or in `errors`).
fn required_scopes(body: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut take = |context: Option<&Value>| {
        for key in ["requiredGranularScopes", "requiredScopes"] {
            if let Some(list) = context.and_then(|c| c.get(key)).and_then(Value::as_array) {
                found.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
            }
        }
    };
    take(body.get("context"));
    for error in body
        .get("errors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        take(error.get("context"));
    }
    found.dedup();
    found
}

/// "Contact already exists. Existing ID: 37765128953" → "37765128953".
fn existing_id(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("Existing ID:")?;
    let id: String = rest
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!id.is_empty()).then_some(id)
}
