//! What the fake is set up with: limits, tokens, the OAuth app, owners, and switches.

use std::time::Duration;

/// Every scope the fake knows; the default private-app token has all of them.
pub const ALL_SCOPES: &[&str] = &[
    "crm.objects.contacts.read",
    "crm.objects.contacts.write",
    "crm.objects.companies.read",
    "crm.objects.companies.write",
    "crm.objects.deals.read",
    "crm.objects.deals.write",
    "crm.objects.owners.read",
    "crm.schemas.contacts.read",
    "crm.schemas.companies.read",
    "crm.schemas.deals.read",
];

/// The default private-app token.
pub const DEFAULT_TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";

/// A registered OAuth app: refreshing with one of its refresh tokens issues a new access token.
#[derive(Debug, Clone)]
pub struct OAuthApp {
    pub client_id: String,
    pub client_secret: String,
    pub refresh_tokens: Vec<String>,
    pub scopes: Vec<String>,
    /// `expires_in` of issued access tokens.
    pub access_token_ttl: Duration,
}

impl Default for OAuthApp {
    fn default() -> Self {
        Self {
            client_id: "fake-client-id".into(),
            client_secret: "fake-client-secret".into(),
            refresh_tokens: vec!["fake-refresh-token".into()],
            scopes: ALL_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            access_token_ttl: Duration::from_secs(1800),
        }
    }
}

/// An owner the fake lists under `/crm/v3/owners`.
#[derive(Debug, Clone)]
pub struct OwnerSpec {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

/// The fake's setup. Change it with the builder methods before [`crate::FakeHubSpot::start`],
/// or later through the knobs on [`crate::FakeHubSpot`].
#[derive(Debug, Clone)]
pub struct FakeConfig {
    /// Requests allowed in one rolling window (`X-HubSpot-RateLimit-Max`).
    pub window_max: u32,
    /// The rolling window (`X-HubSpot-RateLimit-Interval-Milliseconds`).
    pub window: Duration,
    /// What the headers announce instead of the enforced values (to test clients that trust them).
    pub announced_max: Option<u32>,
    pub announced_window: Option<Duration>,
    /// Calls allowed per day (`X-HubSpot-RateLimit-Daily`).
    pub daily_limit: u64,
    /// Calls already used today when the fake starts.
    pub daily_used: u64,
    /// Search requests allowed per second.
    pub search_per_second: u32,
    /// `Retry-After` (seconds) sent on 429 answers; none by default, like HubSpot.
    pub retry_after_secs: Option<u64>,
    /// Private-app tokens and their scopes.
    pub private_tokens: Vec<(String, Vec<String>)>,
    pub oauth: OAuthApp,
    pub owners: Vec<OwnerSpec>,
    /// How long a written record takes to show up in search.
    pub search_delay: Duration,
    /// Keep request bodies in the request log (turn off for big benches).
    pub log_bodies: bool,
    pub portal_id: u64,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            window_max: 100,
            window: Duration::from_secs(10),
            announced_max: None,
            announced_window: None,
            daily_limit: 250_000,
            daily_used: 0,
            search_per_second: 5,
            retry_after_secs: None,
            private_tokens: vec![(
                DEFAULT_TOKEN.into(),
                ALL_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            )],
            oauth: OAuthApp::default(),
            owners: vec![
                owner("ada@example.com", "Ada", "Lovelace"),
                owner("grace@example.com", "Grace", "Hopper"),
                owner("alan@example.com", "Alan", "Turing"),
            ],
            search_delay: Duration::ZERO,
            log_bodies: true,
            portal_id: 62515,
        }
    }
}

fn owner(email: &str, first: &str, last: &str) -> OwnerSpec {
    OwnerSpec {
        email: email.into(),
        first_name: first.into(),
        last_name: last.into(),
    }
}

impl FakeConfig {
    /// `max` requests per rolling `window`.
    pub fn with_window(mut self, max: u32, window: Duration) -> Self {
        self.window_max = max;
        self.window = window;
        self
    }

    pub fn with_daily(mut self, limit: u64, used: u64) -> Self {
        self.daily_limit = limit;
        self.daily_used = used;
        self
    }

    pub fn with_search_per_second(mut self, n: u32) -> Self {
        self.search_per_second = n;
        self
    }

    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    /// Headers that announce `max` per `window` while the enforced limit stays as set.
    pub fn announcing(mut self, max: u32, window: Duration) -> Self {
        self.announced_max = Some(max);
        self.announced_window = Some(window);
        self
    }

    /// Adds a private-app token with these scopes.
    pub fn with_token(mut self, token: &str, scopes: &[&str]) -> Self {
        self.private_tokens.push((
            token.into(),
            scopes.iter().map(|s| (*s).to_owned()).collect(),
        ));
        self
    }

    pub fn with_oauth(mut self, app: OAuthApp) -> Self {
        self.oauth = app;
        self
    }

    /// `n` generated owners (`owner1@example.com` …) instead of the default three.
    pub fn with_generated_owners(mut self, n: usize) -> Self {
        self.owners = (1..=n)
            .map(|i| owner(&format!("owner{i}@example.com"), "Owner", &format!("N{i}")))
            .collect();
        self
    }

    pub fn with_search_delay(mut self, delay: Duration) -> Self {
        self.search_delay = delay;
        self
    }

    pub fn without_body_log(mut self) -> Self {
        self.log_bodies = false;
        self
    }
}
