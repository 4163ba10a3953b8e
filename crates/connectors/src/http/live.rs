//! The real network, through one shared reqwest client (connection pooling across runs).

use super::{HttpError, HttpErrorKind, OutgoingRequest, RequestBody, ResponseData, Transport};
use async_trait::async_trait;
use reqwest::Method;
use serde_json::{Map, Value};
use std::sync::OnceLock;
use std::time::Duration;

#[derive(Clone)]
pub(super) struct Live {
    client: reqwest::Client,
}

impl Live {
    pub fn shared() -> Self {
        static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
        let client = CLIENT.get_or_init(|| {
            reqwest::Client::builder()
                .user_agent(concat!("switchyard/", env!("CARGO_PKG_VERSION")))
                .build()
                .unwrap_or_default()
        });
        Self {
            client: client.clone(),
        }
    }
}

#[async_trait]
impl Transport for Live {
    async fn send(
        &self,
        _node_id: &str,
        request: &OutgoingRequest,
        timeout: Duration,
    ) -> Result<ResponseData, HttpError> {
        let method = Method::from_bytes(request.method.as_bytes()).map_err(|_| HttpError {
            kind: HttpErrorKind::Network,
            message: format!("\"{}\" is not an HTTP method", request.method),
        })?;
        let mut builder = self.client.request(method, &request.url).timeout(timeout);
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder = match &request.body {
            None => builder,
            Some(RequestBody::Json(Value::Null)) => builder,
            Some(RequestBody::Json(body)) => builder.json(body),
            Some(RequestBody::Text(text)) => builder.body(text.clone()),
            Some(RequestBody::Form(fields)) => builder
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form_encode(fields)),
        };
        let response = builder
            .send()
            .await
            .map_err(|e| transport_error(&request.url, &e))?;
        let status = response.status().as_u16();
        let mut headers = Map::new();
        for (name, value) in response.headers() {
            headers.insert(
                name.as_str().to_owned(),
                Value::String(value.to_str().unwrap_or_default().to_owned()),
            );
        }
        let is_json = headers
            .get("content-type")
            .and_then(Value::as_str)
            .is_some_and(|ct| ct.contains("json"));
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_error(&request.url, &e))?;
        let body = if bytes.is_empty() {
            Value::Null
        } else if is_json {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        } else {
            Value::String(String::from_utf8_lossy(&bytes).into_owned())
        };
        Ok(ResponseData {
            status,
            headers,
            body,
        })
    }
}

fn form_encode(fields: &[(String, String)]) -> String {
    let mut url = reqwest::Url::parse("http://form.invalid/").expect("a constant URL parses");
    url.query_pairs_mut().extend_pairs(fields);
    url.query().unwrap_or_default().to_owned()
}

fn transport_error(url: &str, error: &reqwest::Error) -> HttpError {
    if error.is_timeout() {
        return HttpError {
            kind: HttpErrorKind::Timeout,
            message: format!("{url} did not answer in time"),
        };
    }
    let mut message = format!("could not reach {url}: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    HttpError {
        kind: HttpErrorKind::Network,
        message,
    }
}
