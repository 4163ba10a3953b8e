//! A local fake of HubSpot's CRM API, for Switchyard's tests and benches. It follows the wire
//! contract in `shared/spec/services-contract.md` §1–§5: the real paths, status codes and error
//! bodies, rate-limit headers on every non-search answer, HubSpot's 429 bodies, batch and search
//! limits, 207 partial batches, the OAuth token endpoint and token-info endpoints, owners,
//! properties and v4 associations. Knobs change limits and scopes and inject faults; counters
//! tell tests what the fake received. It listens on 127.0.0.1 only.

mod auth;
mod batch;
mod config;
mod extras;
mod faults;
mod limits;
mod log;
mod objects;
mod reply;
mod search;
mod server;
mod store;

pub use config::{ALL_SCOPES, DEFAULT_TOKEN, FakeConfig, OAuthApp, OwnerSpec};
pub use log::LoggedRequest;

use serde_json::{Map, Value, json};
use server::Shared;
use std::sync::Arc;
use std::time::Duration;
use store::Kind;

/// A running fake HubSpot. Stops when dropped.
pub struct FakeHubSpot {
    base_url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeHubSpot {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Rate-limit counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LimitStats {
    /// 429 answers of any kind.
    pub sent_429: u64,
    pub sent_429_window: u64,
    pub sent_429_daily: u64,
    pub sent_429_search: u64,
    /// The most non-search requests received within one rolling window (429s included).
    pub max_seen_in_window: usize,
    /// The most requests admitted within one rolling window.
    pub max_admitted_in_window: usize,
    /// Calls counted against the daily limit.
    pub daily_used: u64,
}

impl FakeHubSpot {
    /// Starts the fake on `127.0.0.1:0` (needs a Tokio runtime).
    pub async fn start(config: FakeConfig) -> std::io::Result<FakeHubSpot> {
        let shared = Arc::new(Shared::new(&config));
        let app = axum::Router::new()
            .fallback(server::handle)
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeHubSpot {
            base_url,
            shared,
            task,
        })
    }

    /// `http://127.0.0.1:PORT`: the credential's `base_url`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The default private-app token (all scopes).
    pub fn token(&self) -> &'static str {
        DEFAULT_TOKEN
    }

    // ---- knobs ----

    /// The next `n` CRM requests answer `status` (a 5xx).
    pub fn fail_next(&self, n: u32, status: u16) {
        self.shared.world().faults.fail_next(n, status);
    }

    /// The next `n` CRM requests lose their connection mid-answer.
    pub fn drop_next(&self, n: u32) {
        self.shared.world().faults.drop_next(n);
    }

    /// The next `n` CRM requests are answered after `delay`.
    pub fn slow_next(&self, n: u32, delay: Duration) {
        self.shared.world().faults.slow_next(n, delay);
    }

    /// Enforces `max` requests per rolling `window` from now on.
    pub fn set_window(&self, max: u32, window: Duration) {
        let mut world = self.shared.world();
        world.limits.window_max = max;
        world.limits.window = window;
    }

    /// What the headers announce (None: the enforced values).
    pub fn set_announced(&self, announced: Option<(u32, Duration)>) {
        let mut world = self.shared.world();
        world.limits.announced_max = announced.map(|a| a.0);
        world.limits.announced_window = announced.map(|a| a.1);
    }

    pub fn set_daily(&self, limit: u64, used: u64) {
        let mut world = self.shared.world();
        world.limits.daily_limit = limit;
        world.limits.daily_used = used;
    }

    pub fn set_search_per_second(&self, n: u32) {
        self.shared.world().limits.search_per_second = n;
    }

    /// `Retry-After` seconds on 429 answers (None: not sent).
    pub fn set_retry_after(&self, secs: Option<u64>) {
        self.shared.world().limits.retry_after_secs = secs;
    }

    /// Adds or replaces a private-app token with these scopes.
    pub fn set_token(&self, token: &str, scopes: &[&str]) {
        self.shared
            .world()
            .tokens
            .set_private(token, scopes.iter().map(|s| (*s).to_owned()).collect());
    }

    /// Accepts `token` as an OAuth access token for `ttl`.
    pub fn add_oauth_access_token(&self, token: &str, ttl: Duration) {
        self.shared.world().tokens.set_oauth(token, ttl);
    }

    /// Refresh tokens stop working (the user revoked the app).
    pub fn revoke_refresh_tokens(&self) {
        self.shared.world().tokens.oauth.refresh_tokens.clear();
    }

    /// The OAuth app the token endpoint knows.
    pub fn oauth_app(&self) -> OAuthApp {
        self.shared.world().tokens.oauth.clone()
    }

    // ---- data ----

    /// Stores a record directly (no request, no counters); its id.
    pub fn seed(&self, object: &str, properties: Value) -> String {
        let Some(kind) = Kind::parse(object) else {
            return String::new();
        };
        let mut world = self.shared.world();
        let props = properties.as_object().cloned().unwrap_or_else(Map::new);
        let converted = world.store.validate(kind, &props).unwrap_or_default();
        world
            .store
            .create(kind, converted, Duration::ZERO)
            .id
            .to_string()
    }

    /// Stores a record directly that search only finds after `delay` (HubSpot's search index
    /// lags writes); its id.
    pub fn seed_indexed_after(&self, object: &str, properties: Value, delay: Duration) -> String {
        let Some(kind) = Kind::parse(object) else {
            return String::new();
        };
        let mut world = self.shared.world();
        let props = properties.as_object().cloned().unwrap_or_else(Map::new);
        let converted = world.store.validate(kind, &props).unwrap_or_default();
        world.store.create(kind, converted, delay).id.to_string()
    }

    /// Changes a record directly (no request, no counters), as a user editing it in HubSpot
    /// would: its last-modified time becomes now. False if there is no such record.
    pub fn update(&self, object: &str, id: &str, properties: Value) -> bool {
        let (Some(kind), Ok(id)) = (Kind::parse(object), id.parse::<u64>()) else {
            return false;
        };
        let mut world = self.shared.world();
        let props = properties.as_object().cloned().unwrap_or_else(Map::new);
        let converted = world.store.validate(kind, &props).unwrap_or_default();
        world.store.update(kind, id, converted).is_some()
    }

    /// Search requests received for an object type (`contacts`, `companies`, `deals`).
    pub fn searches(&self, object: &str) -> u64 {
        self.requests("POST", &format!("/crm/v3/objects/{object}/search"))
    }

    /// A record with all its properties, or None.
    pub fn record(&self, object: &str, id: &str) -> Option<Value> {
        let kind = Kind::parse(object)?;
        let world = self.shared.world();
        let record = world.store.get(kind, id.parse().ok()?)?;
        Some(json!({ "id": record.id.to_string(), "properties": record.properties }))
    }

    /// Every record of a type, oldest first, with all properties.
    pub fn records(&self, object: &str) -> Vec<Value> {
        let Some(kind) = Kind::parse(object) else {
            return Vec::new();
        };
        let world = self.shared.world();
        world
            .store
            .records
            .get(&kind)
            .map(|r| {
                r.values()
                    .map(|rec| json!({ "id": rec.id.to_string(), "properties": rec.properties }))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Associations from a record, as `(to type, to id)`.
    pub fn associations(&self, object: &str, id: &str) -> Vec<(String, String)> {
        let (Some(kind), Ok(id)) = (Kind::parse(object), id.parse::<u64>()) else {
            return Vec::new();
        };
        let world = self.shared.world();
        world
            .store
            .associations
            .iter()
            .filter_map(|(f, fid, t, tid, _)| {
                if (*f, *fid) == (kind, id) {
                    Some((t.name().to_owned(), tid.to_string()))
                } else if (*t, *tid) == (kind, id) {
                    Some((f.name().to_owned(), fid.to_string()))
                } else {
                    None
                }
            })
            .collect()
    }

    // ---- counters ----

    /// Requests received for `method` + exact `path` (no query).
    pub fn requests(&self, method: &str, path: &str) -> u64 {
        self.shared
            .world()
            .log
            .per_path
            .get(&format!("{method} {path}"))
            .copied()
            .unwrap_or(0)
    }

    /// All requests received.
    pub fn total_requests(&self) -> u64 {
        self.shared.world().log.per_path.values().sum()
    }

    /// Requests that could change data (POST/PATCH/PUT/DELETE), search, batch read and the
    /// OAuth endpoints excepted.
    pub fn writes(&self) -> u64 {
        self.log()
            .iter()
            .filter(|r| r.method != "GET" && r.path.starts_with("/crm/"))
            .filter(|r| !r.path.ends_with("/search") && !r.path.ends_with("/batch/read"))
            .count() as u64
    }

    /// The request log, in arrival order.
    pub fn log(&self) -> Vec<LoggedRequest> {
        self.shared.world().log.entries.clone()
    }

    pub fn limit_stats(&self) -> LimitStats {
        let world = self.shared.world();
        let l = &world.limits;
        LimitStats {
            sent_429: l.sent_429,
            sent_429_window: l.sent_429_window,
            sent_429_daily: l.sent_429_daily,
            sent_429_search: l.sent_429_search,
            max_seen_in_window: l.max_seen_in_window,
            max_admitted_in_window: l.max_admitted_in_window,
            daily_used: l.daily_used,
        }
    }

    /// Sign-in codes exchanged for tokens.
    pub fn codes_exchanged(&self) -> u64 {
        self.shared.world().tokens.codes_exchanged
    }

    /// Successful OAuth refreshes.
    pub fn refreshes(&self) -> u64 {
        self.shared.world().tokens.refreshes
    }

    /// Refused OAuth refreshes.
    pub fn refresh_failures(&self) -> u64 {
        self.shared.world().tokens.refresh_failures
    }

    /// Forgets the request log and per-path counts (limits and records stay).
    pub fn reset_log(&self) {
        let mut world = self.shared.world();
        world.log = log::RequestLog::default();
    }
}
