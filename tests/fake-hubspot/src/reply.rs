//! Answers and HubSpot's error bodies.

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One answer of the fake.
#[derive(Debug, Clone)]
pub enum Reply {
    Json {
        status: u16,
        body: Value,
        headers: Vec<(String, String)>,
    },
    Empty {
        status: u16,
        headers: Vec<(String, String)>,
    },
    /// The connection is dropped in the middle of the answer.
    Drop,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Self {
        Reply::Json {
            status,
            body,
            headers: Vec::new(),
        }
    }

    pub fn ok(body: Value) -> Self {
        Self::json(200, body)
    }

    pub fn no_content() -> Self {
        Reply::Empty {
            status: 204,
            headers: Vec::new(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Reply::Json { status, .. } | Reply::Empty { status, .. } => *status,
            Reply::Drop => 0,
        }
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        match &mut self {
            Reply::Json { headers, .. } | Reply::Empty { headers, .. } => {
                headers.push((name.to_owned(), value.into()));
            }
            Reply::Drop => {}
        }
        self
    }

    pub fn with_headers(mut self, extra: Vec<(String, String)>) -> Self {
        for (name, value) in extra {
            self = self.with_header(&name, value);
        }
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let (status, body, headers) = match self {
            Reply::Json {
                status,
                body,
                headers,
            } => (status, Body::from(body.to_string()), headers),
            Reply::Empty { status, headers } => (status, Body::empty(), headers),
            Reply::Drop => {
                // Headers go out, then the body fails: hyper closes the connection mid-answer.
                let broken = futures::stream::once(async {
                    Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "fault: dropped connection",
                    ))
                });
                let mut response = Response::new(Body::from_stream(broken));
                response.headers_mut().insert(
                    axum::http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json;charset=utf-8"),
                );
                return response;
            }
        };
        let mut response = Response::new(body);
        *response.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let map = response.headers_mut();
        if status != 204 {
            map.insert(
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=utf-8"),
            );
        }
        for (name, value) in headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) {
                map.insert(name, value);
            }
        }
        response
    }
}

/// A new correlation id.
pub fn correlation_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The generic HubSpot error body.
pub fn error_body(message: &str, category: &str) -> Value {
    json!({
        "status": "error",
        "message": message,
        "correlationId": correlation_id(),
        "category": category,
    })
}

/// 400 `VALIDATION_ERROR` with a plain message.
pub fn validation(message: &str) -> Reply {
    Reply::json(400, error_body(message, "VALIDATION_ERROR"))
}

/// 404 `OBJECT_NOT_FOUND` for an id.
pub fn not_found(id: &str) -> Reply {
    let mut body = error_body(
        "Object not found.  objectId are usually numeric.",
        "OBJECT_NOT_FOUND",
    );
    body["context"] = json!({ "id": [id] });
    Reply::json(404, body)
}

/// 404 for a path the fake does not know.
pub fn unknown_path(method: &str, path: &str) -> Reply {
    Reply::json(
        404,
        error_body(
            &format!("Unable to find a route for {method} {path}"),
            "OBJECT_NOT_FOUND",
        ),
    )
}

/// 409 `CONFLICT` on a duplicate unique value.
pub fn conflict(existing_id: u64) -> Reply {
    Reply::json(
        409,
        error_body(
            &format!("Contact already exists. Existing ID: {existing_id}"),
            "CONFLICT",
        ),
    )
}

/// One invalid property, as HubSpot reports it.
#[derive(Debug, Clone)]
pub struct PropertyError {
    pub name: String,
    /// `PROPERTY_DOESNT_EXIST` or `INVALID_OPTION`.
    pub code: &'static str,
    pub message: String,
}

/// 400 "Property values were not valid" with HubSpot's nested JSON in the message.
pub fn invalid_properties(errors: &[PropertyError], portal_id: u64) -> Reply {
    let inner: Vec<Value> = errors
        .iter()
        .map(|e| {
            json!({
                "isValid": false, "message": e.message, "error": e.code, "name": e.name,
                "localizedErrorMessage": e.message, "portalId": portal_id,
            })
        })
        .collect();
    let mut body = error_body(
        &format!("Property values were not valid: {}", Value::Array(inner)),
        "VALIDATION_ERROR",
    );
    body["errors"] = Value::Array(
        errors
            .iter()
            .map(|e| json!({ "message": e.message, "code": e.code, "context": { "propertyName": [e.name] } }))
            .collect(),
    );
    Reply::json(400, body)
}

/// The body of a reply, as a batch item error (`StandardError`) with extra context.
pub fn standard_error(reply: &Reply, context: Value) -> Value {
    let body = match reply {
        Reply::Json { body, .. } => body.clone(),
        _ => Value::Null,
    };
    json!({
        "status": "error",
        "category": body.get("category").cloned().unwrap_or(json!("VALIDATION_ERROR")),
        "message": body.get("message").cloned().unwrap_or(json!("error")),
        "context": context,
        "errors": body.get("errors").cloned().unwrap_or(json!([])),
        "links": {},
    })
}
