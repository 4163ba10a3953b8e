//! A local fake of the Google Sheets v4 API (following `shared/spec/google/sheets.v4.json` and
//! §6 of the services contract) and of Google's token endpoint, for Switchyard's tests. It keeps
//! spreadsheets in memory, reads A1 ranges (quoted sheet names, whole columns and rows,
//! open-ended ranges), answers ValueRange shapes (trailing empties dropped, `values` omitted when
//! empty), honours `valueInputOption`, sends Google's error bodies, enforces a per-minute quota
//! when asked, and verifies service-account JWTs against a test-only key. It listens on
//! 127.0.0.1 only.

// Handlers return the ready 4xx `Response` as their error: simple, and size does not matter here.
#![allow(clippy::result_large_err)]

mod a1;
mod auth;
mod reply;
mod server;
mod store;
mod values;

pub use a1::{col_name, parse as parse_a1};
pub use auth::{SCOPE_READONLY, SCOPE_SPREADSHEETS, TEST_PUBLIC_KEY_PEM};
pub use server::{Logged, OAuthClient};

use serde_json::{Value, json};
use server::{Shared, State_};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;
use store::Sheet;

/// TEST-ONLY RSA private key (generated once with `openssl genrsa 2048` for these tests; it
/// protects nothing). The fake's token endpoint accepts JWTs signed with it.
pub const TEST_PRIVATE_KEY_PEM: &str = include_str!("test_key.pem");

/// The service account's email the fake expects as the JWT's `iss`.
pub const TEST_CLIENT_EMAIL: &str = "switchyard-test@switchyard-test.iam.gserviceaccount.com";

/// The spreadsheet every fake starts with.
pub const SPREADSHEET_ID: &str = "test-spreadsheet";

/// How the fake starts.
#[derive(Debug, Clone)]
pub struct FakeConfig {
    /// Sheet (tab) names of [`SPREADSHEET_ID`], in order.
    pub sheets: Vec<String>,
    /// `expires_in` of issued tokens.
    pub token_lifetime: Duration,
    /// Requests a minute before 429 (None: unlimited).
    pub quota_per_minute: Option<usize>,
    /// A `google.oauth` client whose refresh token the fake accepts.
    pub oauth: Option<OAuthClient>,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            sheets: vec!["Sheet1".into()],
            token_lifetime: Duration::from_secs(3599),
            quota_per_minute: None,
            oauth: None,
        }
    }
}

/// A running fake. Stops when dropped.
pub struct FakeSheets {
    base_url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeSheets {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeSheets {
    /// Starts the fake on `127.0.0.1:0` (needs a Tokio runtime).
    pub async fn start(config: FakeConfig) -> std::io::Result<FakeSheets> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let sheets = config
            .sheets
            .iter()
            .enumerate()
            .map(|(i, title)| Sheet::new(i as u64, title))
            .collect();
        let state = State_ {
            spreadsheets: HashMap::from([(SPREADSHEET_ID.to_owned(), sheets)]),
            tokens: HashMap::new(),
            issued: 0,
            token_requests: 0,
            token_url: format!("{base_url}/token"),
            client_email: TEST_CLIENT_EMAIL.to_owned(),
            token_lifetime: config.token_lifetime,
            oauth: config.oauth,
            quota_per_minute: config.quota_per_minute,
            window: VecDeque::new(),
            throttle_next: 0,
            forbidden: HashSet::new(),
            log: Vec::new(),
            sent_429: 0,
            codes: HashMap::new(),
        };
        let shared = Arc::new(Shared::new(state));
        let app = axum::Router::new()
            .fallback(server::handle)
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeSheets {
            base_url,
            shared,
            task,
        })
    }

    /// `http://127.0.0.1:PORT`: the credential's `base_url`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The token endpoint (`{base_url}/token`), which is also the JWT's expected `aud`.
    pub fn token_url(&self) -> String {
        format!("{}/token", self.base_url)
    }

    /// A service-account key file's JSON, signed with the test-only key, whose `token_uri` is
    /// this fake.
    pub fn service_account_key(&self) -> Value {
        json!({
            "type": "service_account",
            "project_id": "switchyard-test",
            "private_key_id": "test-only",
            "private_key": TEST_PRIVATE_KEY_PEM,
            "client_email": TEST_CLIENT_EMAIL,
            "client_id": "1",
            "token_uri": self.token_url(),
        })
    }

    /// Sets the cells of `sheet` from row 1 (strings, numbers, bools; `null` is empty).
    pub fn set_rows(&self, sheet: &str, rows: Value) {
        let mut state = self.shared.lock();
        if let Some(tab) = state
            .spreadsheets
            .get_mut(SPREADSHEET_ID)
            .and_then(|s| s.iter_mut().find(|t| t.title == sheet))
        {
            tab.cells = rows
                .as_array()
                .map(|rows| {
                    rows.iter()
                        .map(|r| r.as_array().cloned().unwrap_or_default())
                        .collect()
                })
                .unwrap_or_default();
        }
    }

    /// The cells of `sheet` as stored (trailing empty rows dropped), `null` for empty cells.
    pub fn rows(&self, sheet: &str) -> Vec<Vec<Value>> {
        let state = self.shared.lock();
        let mut rows = state
            .spreadsheets
            .get(SPREADSHEET_ID)
            .and_then(|s| s.iter().find(|t| t.title == sheet))
            .map(|t| t.cells.clone())
            .unwrap_or_default();
        for row in &mut rows {
            while row.last().is_some_and(Value::is_null) {
                row.pop();
            }
        }
        while rows.last().is_some_and(Vec::is_empty) {
            rows.pop();
        }
        rows
    }

    /// Answers the next `n` API requests with 429 RESOURCE_EXHAUSTED.
    pub fn throttle_next(&self, n: usize) {
        self.shared.lock().throttle_next = n;
    }

    /// Requests a minute before 429 (None: unlimited).
    pub fn set_quota_per_minute(&self, limit: Option<usize>) {
        self.shared.lock().quota_per_minute = limit;
    }

    /// Every request to [`SPREADSHEET_ID`]… answers 403 PERMISSION_DENIED.
    pub fn forbid(&self, spreadsheet_id: &str) {
        self.shared
            .lock()
            .forbidden
            .insert(spreadsheet_id.to_owned());
    }

    /// Expires every issued access token (the next API call answers 401 ACCESS_TOKEN_EXPIRED).
    pub fn expire_tokens(&self) {
        let past = std::time::Instant::now();
        for entry in self.shared.lock().tokens.values_mut() {
            entry.0 = past;
        }
    }

    /// The API requests received (token requests excluded), in order.
    pub fn requests(&self) -> Vec<Logged> {
        self.shared.lock().log.clone()
    }

    /// The API requests that changed data (anything but GET).
    pub fn write_requests(&self) -> Vec<Logged> {
        self.requests()
            .into_iter()
            .filter(|r| r.method != "GET")
            .collect()
    }

    pub fn clear_log(&self) {
        self.shared.lock().log.clear();
    }

    /// What Google's consent page would do: hands out `code` for a PKCE `challenge` (S256); the
    /// token endpoint's `authorization_code` grant accepts it once, with the matching verifier.
    pub fn grant_code(&self, code: &str, challenge: &str) {
        self.shared
            .lock()
            .codes
            .insert(code.to_owned(), challenge.to_owned());
    }

    /// Token endpoint requests received.
    pub fn token_requests(&self) -> u64 {
        self.shared.lock().token_requests
    }

    /// 429 answers sent.
    pub fn sent_429(&self) -> u64 {
        self.shared.lock().sent_429
    }
}
