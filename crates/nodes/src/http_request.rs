//! `http.request`: one HTTP request per item; answers come out as `{status, headers, body}`.

use async_trait::async_trait;
use indexmap::IndexMap;
use reqwest::Method;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::sync::OnceLock;
use std::time::Duration;
use switchyard_engine::{ErrorKind, Node, NodeContext, NodeError, NodeInfo, Template};
use switchyard_model::NodeGroup;

pub struct HttpRequest;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    #[default]
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl HttpMethod {
    fn method(self) -> Method {
        match self {
            HttpMethod::Get => Method::GET,
            HttpMethod::Post => Method::POST,
            HttpMethod::Put => Method::PUT,
            HttpMethod::Patch => Method::PATCH,
            HttpMethod::Delete => Method::DELETE,
            HttpMethod::Head => Method::HEAD,
            HttpMethod::Options => Method::OPTIONS,
        }
    }

    /// Whether the request may change data on the other side (and so is simulated in a dry run).
    fn changes_data(self) -> bool {
        !matches!(
            self,
            HttpMethod::Get | HttpMethod::Head | HttpMethod::Options
        )
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HttpParams {
    #[serde(default)]
    pub method: HttpMethod,
    pub url: Template,
    #[serde(default)]
    pub query: IndexMap<String, Template>,
    #[serde(default)]
    pub headers: IndexMap<String, Template>,
    /// A JSON body (objects and arrays are sent as JSON, strings as text).
    #[serde(default)]
    pub body: Option<Template>,
    /// Give up after this long (default 30 s).
    #[serde(default = "default_timeout")]
    pub timeout_ms: u64,
    /// Keep non-2xx answers as output items instead of failing them.
    #[serde(default)]
    pub keep_errors: bool,
}

fn default_timeout() -> u64 {
    30_000
}

fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .user_agent(concat!("switchyard/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default()
    })
}

/// Header names whose values are secrets: shown as `***` in dry runs and history.
pub fn is_secret_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "authorization",
        "cookie",
        "key",
        "token",
        "secret",
        "signature",
        "password",
    ]
    .iter()
    .any(|s| name.contains(s))
}

struct Request {
    url: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

fn build(params: &HttpParams, ctx: &NodeContext<'_>, index: usize) -> Result<Request, NodeError> {
    let scope = ctx.scope(index);
    let text = |t: &Template| {
        t.evaluate_text(&scope)
            .map(|s| s.into_owned())
            .map_err(|e| ctx.expression_error(e))
    };
    let url = text(&params.url)?;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(NodeError::config(format!(
            "\"{url}\" is not an http:// or https:// URL"
        )));
    }
    let query = params
        .query
        .iter()
        .map(|(k, v)| Ok((k.clone(), text(v)?)))
        .collect::<Result<_, NodeError>>()?;
    let headers = params
        .headers
        .iter()
        .map(|(k, v)| Ok((k.clone(), text(v)?)))
        .collect::<Result<_, NodeError>>()?;
    let body = match &params.body {
        Some(body) => Some(body.evaluate(&scope).map_err(|e| ctx.expression_error(e))?),
        None => None,
    };
    Ok(Request {
        url,
        query,
        headers,
        body,
    })
}

fn dry_run_item(method: HttpMethod, request: &Request) -> Value {
    let mut headers = Map::new();
    for (name, value) in &request.headers {
        let shown = if is_secret_header(name) {
            "***".to_owned()
        } else {
            value.clone()
        };
        headers.insert(name.to_lowercase(), Value::String(shown));
    }
    let url = reqwest::Url::parse_with_params(&request.url, &request.query)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| request.url.clone());
    json!({ "dry_run": true, "request": {
        "method": method.method().as_str(), "url": url, "headers": headers, "body": request.body.clone().unwrap_or(Value::Null)
    }})
}

async fn send(params: &HttpParams, request: Request) -> Result<Value, NodeError> {
    let mut builder = client()
        .request(params.method.method(), &request.url)
        .timeout(Duration::from_millis(params.timeout_ms));
    if !request.query.is_empty() {
        builder = builder.query(&request.query);
    }
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder = match request.body {
        Some(Value::String(text)) => builder.body(text),
        Some(Value::Null) | None => builder,
        Some(body) => builder.json(&body),
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
    let text = String::from_utf8_lossy(&bytes);
    let body = if is_json {
        serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(text.clone().into_owned()))
    } else {
        Value::String(text.into_owned())
    };
    let item = json!({ "status": status, "headers": headers, "body": body });
    if (200..300).contains(&status) || params.keep_errors {
        return Ok(item);
    }
    let shown = match &item["body"] {
        Value::String(s) => s.chars().take(300).collect::<String>(),
        other => other.to_string().chars().take(300).collect(),
    };
    Err(NodeError::new(
        ErrorKind::from_status(status),
        format!(
            "{} {} answered {status}: {shown}",
            params.method.method(),
            request.url
        ),
    )
    .with_status(status)
    .with_details(item))
}

fn transport_error(url: &str, error: &reqwest::Error) -> NodeError {
    if error.is_timeout() {
        NodeError::new(ErrorKind::Timeout, format!("{url} did not answer in time"))
    } else {
        let mut message = format!("could not reach {url}: {error}");
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        NodeError::new(ErrorKind::Network, message)
    }
}

#[async_trait]
impl Node for HttpRequest {
    type Params = HttpParams;

    fn info(&self) -> NodeInfo {
        NodeInfo {
            side_effects: true,
            ..NodeInfo::simple(
                "http.request",
                "HTTP request",
                NodeGroup::App,
                "Calls any HTTP API, once per item.",
            )
        }
    }

    async fn run(&self, params: &HttpParams, ctx: &mut NodeContext<'_>) -> Result<(), NodeError> {
        let count = ctx.input().len();
        for index in 0..count {
            let request = match build(params, ctx, index) {
                Ok(request) => request,
                Err(error) => {
                    ctx.fail_item(index, error);
                    continue;
                }
            };
            if ctx.is_dry_run() && params.method.changes_data() {
                ctx.emit(0, dry_run_item(params.method, &request));
                continue;
            }
            match send(params, request).await {
                Ok(item) => ctx.emit(0, item),
                Err(error) => ctx.fail_item(index, error),
            }
        }
        Ok(())
    }
}
