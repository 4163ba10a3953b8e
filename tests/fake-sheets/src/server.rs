//! Routing: the v4 paths (with `{range}` percent-encoded in the path and `:append`, `:clear`,
//! `:batchUpdate`… as literal suffixes), bearer checks, the per-minute quota and the request log.

use crate::auth;
use crate::reply::{forbidden, not_found, quota};
use crate::store::Sheet;
use crate::values;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use serde_json::Value;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// `google.oauth` client and refresh token the fake accepts.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: String,
    pub refresh_token: String,
}

/// One request the fake received (token requests excluded).
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub method: String,
    /// The decoded path, e.g. `/v4/spreadsheets/s1/values/Sheet1!A1:C1`.
    pub path: String,
    pub query: String,
    pub body: Value,
    pub status: u16,
}

/// Everything the fake holds.
pub struct State_ {
    pub spreadsheets: HashMap<String, Vec<Sheet>>,
    pub tokens: HashMap<String, (Instant, String)>,
    pub issued: u64,
    pub token_requests: u64,
    pub token_url: String,
    pub client_email: String,
    pub token_lifetime: Duration,
    pub oauth: Option<OAuthClient>,
    pub quota_per_minute: Option<usize>,
    pub window: VecDeque<Instant>,
    /// Answer the next N API requests with 429.
    pub throttle_next: usize,
    pub forbidden: HashSet<String>,
    pub log: Vec<Logged>,
    pub sent_429: u64,
    /// Authorisation codes handed out by the consent page: code → PKCE challenge.
    pub codes: HashMap<String, String>,
}

pub struct Shared(Mutex<State_>);

impl Shared {
    pub fn new(state: State_) -> Self {
        Self(Mutex::new(state))
    }

    pub fn lock(&self) -> MutexGuard<'_, State_> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Decodes `%XX` escapes (the path's `{range}`).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The quota: `Err` is the 429 to send.
fn admit(state: &mut State_, write: bool) -> Result<(), Response> {
    if state.throttle_next > 0 {
        state.throttle_next -= 1;
        state.sent_429 += 1;
        return Err(quota(write));
    }
    if let Some(limit) = state.quota_per_minute {
        let now = Instant::now();
        while state
            .window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60))
        {
            state.window.pop_front();
        }
        if state.window.len() >= limit {
            state.sent_429 += 1;
            return Err(quota(write));
        }
        state.window.push_back(now);
    }
    Ok(())
}

/// Every request comes here.
pub async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let raw_path = uri.path().to_owned();
    if raw_path == "/token" && method == Method::POST {
        return auth::token(&shared, &body);
    }
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let query = uri.query().unwrap_or("").to_owned();
    let response = route(&shared, &method, &raw_path, &query, &headers, &json);
    shared.lock().log.push(Logged {
        method: method.to_string(),
        path: percent_decode(&raw_path),
        query,
        body: json,
        status: response.status().as_u16(),
    });
    response
}

fn route(
    shared: &Shared,
    method: &Method,
    raw_path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &Value,
) -> Response {
    let authorization = headers.get("authorization").and_then(|v| v.to_str().ok());
    let scope = match auth::check_bearer(shared, authorization) {
        Ok(scope) => scope,
        Err(response) => return response,
    };
    let Some(rest) = raw_path.strip_prefix("/v4/spreadsheets/") else {
        return not_found();
    };
    let (id, tail) = match rest.split_once('/') {
        Some((id, tail)) => (id, Some(tail)),
        None => (rest, None),
    };
    // `…/{id}/values:batchUpdate` has the method on the id's segment.
    let (id, id_method) = match id.split_once(':') {
        Some((id, m)) => (percent_decode(id), Some(m.to_owned())),
        None => (percent_decode(id), None),
    };
    let write = *method != Method::GET;
    let mut state = shared.lock();
    if let Err(response) = admit(&mut state, write) {
        return response;
    }
    if state.forbidden.contains(&id) || (write && !auth::can_write(&scope)) {
        return forbidden();
    }
    let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let Some(sheets) = state.spreadsheets.get_mut(&id) else {
        return not_found();
    };
    let call = values::Call {
        id: &id,
        params: &params,
        body,
    };
    match (method.as_str(), tail, id_method.as_deref()) {
        ("GET", None, None) => values::spreadsheet(&call, sheets),
        (m, Some(tail), None) => {
            let Some(segment) = tail.strip_prefix("values") else {
                return not_found();
            };
            if let Some(op) = segment.strip_prefix(':') {
                return match (m, op) {
                    ("POST", "batchUpdate") => values::batch_update(&call, sheets),
                    ("POST", "batchClear") => values::batch_clear(&call, sheets),
                    ("GET", "batchGet") => values::batch_get(&call, sheets),
                    _ => not_found(),
                };
            }
            let Some(range) = segment.strip_prefix('/') else {
                return not_found();
            };
            let (range, op) = match range.rsplit_once(':') {
                Some((r, op)) => (percent_decode(r), Some(op)),
                None => (percent_decode(range), None),
            };
            match (m, op) {
                ("GET", None) => values::get(&call, sheets, &range),
                ("PUT", None) => values::update(&call, sheets, &range),
                ("POST", Some("append")) => values::append(&call, sheets, &range),
                ("POST", Some("clear")) => values::clear(&call, sheets, &range),
                _ => not_found(),
            }
        }
        _ => not_found(),
    }
}
