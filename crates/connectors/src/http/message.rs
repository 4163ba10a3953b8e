//! Requests and responses as plain data, so they can be recorded, masked and replayed.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "content", rename_all = "snake_case")]
pub enum RequestBody {
    Json(Value),
    Text(String),
    /// `application/x-www-form-urlencoded` fields.
    Form(Vec<(String, String)>),
}

/// A request about to be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutgoingRequest {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub query: Vec<(String, String)>,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    #[serde(default)]
    pub body: Option<RequestBody>,
}

impl OutgoingRequest {
    pub fn new(method: &str, url: impl Into<String>) -> Self {
        Self {
            method: method.to_owned(),
            url: url.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(RequestBody::Json(body));
        self
    }

    /// The URL with its query string, as it goes on the wire.
    pub fn full_url(&self) -> String {
        if self.query.is_empty() {
            return self.url.clone();
        }
        reqwest::Url::parse_with_params(&self.url, &self.query)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| self.url.clone())
    }

    /// `{method, url, headers, body}` with every secret header value replaced by `***`: what dry
    /// runs show and history keeps.
    pub fn masked(&self) -> Value {
        let body = match &self.body {
            None => Value::Null,
            Some(RequestBody::Json(v)) => v.clone(),
            Some(RequestBody::Text(t)) => Value::String(t.clone()),
            Some(RequestBody::Form(fields)) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            ),
        };
        json!({ "method": self.method, "url": self.full_url(), "headers": super::masked_headers(&self.headers), "body": body })
    }
}

/// A response as received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseData {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Map<String, Value>,
    /// Parsed JSON when the answer says it is JSON, else its text.
    pub body: Value,
}

impl ResponseData {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .and_then(Value::as_str)
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// `{status, headers, body}`: the item `http.request` emits.
    pub fn to_item(&self) -> Value {
        json!({ "status": self.status, "headers": self.headers, "body": self.body })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HttpErrorKind {
    Timeout,
    Network,
    /// A replay had no recorded answer for this request.
    NotRecorded,
}

/// A request that got no response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct HttpError {
    pub kind: HttpErrorKind,
    pub message: String,
}

/// One request and what came back, as history keeps it (secrets masked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedExchange {
    pub node_id: String,
    /// `{method, url, headers, body}`, masked.
    pub request: Value,
    /// `{status, headers, body}`, or `{error: {kind, message}}`.
    pub response: Value,
}

impl RecordedExchange {
    pub fn of(
        node_id: &str,
        request: &OutgoingRequest,
        result: &Result<ResponseData, HttpError>,
    ) -> Self {
        let response = match result {
            Ok(response) => response.to_item(),
            Err(error) => json!({ "error": error }),
        };
        Self {
            node_id: node_id.to_owned(),
            request: request.masked(),
            response,
        }
    }
}
