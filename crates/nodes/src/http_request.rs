//! `http.request`: one HTTP request per item; answers come out as `{status, headers, body}`.

use async_trait::async_trait;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use switchyard_connectors::http::{Http, HttpErrorKind, OutgoingRequest, RequestBody};
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
    fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
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

fn build(
    params: &HttpParams,
    ctx: &NodeContext<'_>,
    index: usize,
) -> Result<OutgoingRequest, NodeError> {
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
    let mut request = OutgoingRequest::new(params.method.as_str(), url);
    for (name, value) in &params.query {
        request.query.push((name.clone(), text(value)?));
    }
    for (name, value) in &params.headers {
        request.headers.push((name.clone(), text(value)?));
    }
    request.body = match &params.body {
        None => None,
        Some(body) => match body.evaluate(&scope).map_err(|e| ctx.expression_error(e))? {
            Value::Null => None,
            Value::String(text) => Some(RequestBody::Text(text)),
            json => Some(RequestBody::Json(json)),
        },
    };
    Ok(request)
}

/// The run's HTTP core: recording or replaying when the host set that up, else the network.
pub fn http_core(ctx: &NodeContext<'_>) -> Arc<Http> {
    ctx.run
        .extensions
        .get::<Http>()
        .unwrap_or_else(Http::shared_live)
}

async fn send(
    http: &Http,
    node_id: &str,
    params: &HttpParams,
    request: OutgoingRequest,
) -> Result<Value, NodeError> {
    let response = http
        .send(node_id, &request, Duration::from_millis(params.timeout_ms))
        .await
        .map_err(|error| match error.kind {
            HttpErrorKind::Timeout => NodeError::new(ErrorKind::Timeout, error.message),
            HttpErrorKind::Network => NodeError::new(ErrorKind::Network, error.message),
            HttpErrorKind::NotRecorded => NodeError::config(error.message),
        })?;
    let item = response.to_item();
    if response.is_success() || params.keep_errors {
        return Ok(item);
    }
    let status = response.status;
    let shown: String = match &response.body {
        Value::String(s) => s.chars().take(300).collect(),
        other => other.to_string().chars().take(300).collect(),
    };
    Err(NodeError::new(
        ErrorKind::from_status(status),
        format!(
            "{} {} answered {status}: {shown}",
            request.method, request.url
        ),
    )
    .with_status(status)
    .with_details(item))
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
        let mut http = None;
        for index in 0..count {
            let request = match build(params, ctx, index) {
                Ok(request) => request,
                Err(error) => {
                    ctx.fail_item(index, error);
                    continue;
                }
            };
            if ctx.is_dry_run() && params.method.changes_data() {
                ctx.emit(0, json!({ "dry_run": true, "request": request.masked() }));
                continue;
            }
            let http = http.get_or_insert_with(|| http_core(ctx));
            match send(http, ctx.node_id, params, request).await {
                Ok(item) => ctx.emit(0, item),
                Err(error) => ctx.fail_item(index, error),
            }
        }
        Ok(())
    }
}
