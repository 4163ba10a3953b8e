//! Tokens: bearer checks with HubSpot's 401 and 403 bodies, the OAuth token endpoint and the
//! two token-info endpoints.

use crate::config::{FakeConfig, OAuthApp};
use crate::reply::{Reply, correlation_id, error_body};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// What a token is.
#[derive(Debug, Clone)]
pub struct Grant {
    pub scopes: Vec<String>,
    /// `None` for private-app tokens; OAuth tokens expire.
    pub expires_at: Option<Instant>,
}

impl Grant {
    pub fn is_oauth(&self) -> bool {
        self.expires_at.is_some()
    }
}

/// The tokens the fake accepts.
#[derive(Debug)]
pub struct Tokens {
    grants: HashMap<String, Grant>,
    pub oauth: OAuthApp,
    issued: u64,
    /// Successful refreshes.
    pub refreshes: u64,
    /// Refused refreshes.
    pub refresh_failures: u64,
    /// Codes handed out by the consent page and not yet exchanged.
    codes: HashMap<String, PendingCode>,
    /// Codes exchanged for tokens.
    pub codes_exchanged: u64,
}

/// What a code was issued for.
#[derive(Debug, Clone)]
struct PendingCode {
    redirect_uri: String,
    challenge: Option<String>,
}

impl Tokens {
    pub fn new(config: &FakeConfig) -> Self {
        let grants = config
            .private_tokens
            .iter()
            .map(|(token, scopes)| {
                (
                    token.clone(),
                    Grant {
                        scopes: scopes.clone(),
                        expires_at: None,
                    },
                )
            })
            .collect();
        Self {
            grants,
            oauth: config.oauth.clone(),
            issued: 0,
            refreshes: 0,
            refresh_failures: 0,
            codes: HashMap::new(),
            codes_exchanged: 0,
        }
    }

    /// Adds or replaces a private-app token.
    pub fn set_private(&mut self, token: &str, scopes: Vec<String>) {
        self.grants.insert(
            token.to_owned(),
            Grant {
                scopes,
                expires_at: None,
            },
        );
    }

    /// Adds an OAuth access token valid for `ttl`.
    pub fn set_oauth(&mut self, token: &str, ttl: Duration) {
        self.grants.insert(
            token.to_owned(),
            Grant {
                scopes: self.oauth.scopes.clone(),
                expires_at: Some(Instant::now() + ttl),
            },
        );
    }

    /// The grant of an `Authorization` header, or HubSpot's 401.
    pub fn check(&self, authorization: Option<&str>) -> Result<Grant, Reply> {
        let token = authorization
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim);
        let grant = token.and_then(|t| self.grants.get(t));
        match grant {
            None => Err(unauthorized(
                "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
                "INVALID_AUTHENTICATION",
                None,
            )),
            Some(grant) => match grant.expires_at {
                Some(at) if Instant::now() >= at => {
                    let ago = Instant::now().duration_since(at).as_secs();
                    Err(unauthorized(
                        &format!(
                            "The OAuth token used to make this call expired {ago} second(s) ago."
                        ),
                        "EXPIRED_AUTHENTICATION",
                        Some(json!({ "expire time": [crate::store::iso_now()] })),
                    ))
                }
                _ => Ok(grant.clone()),
            },
        }
    }

    /// `GET /oauth/authorize`: the install page, where the fake's user always says yes: a
    /// redirect to `redirect_uri` with a one-time `code` and the `state` given.
    pub fn authorize(&mut self, query: &HashMap<String, String>) -> Reply {
        let field = |name: &str| query.get(name).map(String::as_str).unwrap_or("");
        if field("client_id") != self.oauth.client_id {
            return oauth_error("BAD_CLIENT_ID", "unknown client id");
        }
        let redirect_uri = field("redirect_uri");
        if !redirect_uri.starts_with("http://localhost:") && !redirect_uri.starts_with("https://") {
            return oauth_error(
                "BAD_REDIRECT_URI",
                "redirect_uri must be https, or http on localhost",
            );
        }
        let challenge = match field("code_challenge_method") {
            "" => None,
            "S256" => Some(field("code_challenge").to_owned()),
            _ => return oauth_error("BAD_REQUEST", "code_challenge_method must be S256"),
        };
        let code = format!("fake-code-{}", correlation_id());
        self.codes.insert(
            code.clone(),
            PendingCode {
                redirect_uri: redirect_uri.to_owned(),
                challenge,
            },
        );
        let location = with_query(redirect_uri, &[("code", &code), ("state", field("state"))]);
        Reply::Empty {
            status: 302,
            headers: vec![("location".to_owned(), location)],
        }
    }

    /// `POST /oauth/v1/token`: `grant_type=refresh_token` or `authorization_code`.
    pub fn token(&mut self, form: &HashMap<String, String>) -> Reply {
        match form.get("grant_type").map(String::as_str) {
            Some("authorization_code") => self.exchange_code(form),
            _ => self.refresh(form),
        }
    }

    /// `grant_type=authorization_code`: a code from the consent page, once, with the same
    /// redirect URI and the PKCE verifier when a challenge was given.
    fn exchange_code(&mut self, form: &HashMap<String, String>) -> Reply {
        let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
        if field("client_id") != self.oauth.client_id
            || field("client_secret") != self.oauth.client_secret
        {
            return oauth_error("BAD_CLIENT_ID", "missing or unknown client id");
        }
        let Some(pending) = self.codes.remove(field("code")) else {
            return oauth_error("BAD_AUTH_CODE", "missing or unknown auth code");
        };
        if pending.redirect_uri != field("redirect_uri") {
            return oauth_error("BAD_REDIRECT_URI", "redirect_uri does not match");
        }
        if let Some(challenge) = pending.challenge {
            use base64::Engine as _;
            use sha2::Digest as _;
            let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(sha2::Sha256::digest(field("code_verifier").as_bytes()));
            if computed != challenge {
                return oauth_error("BAD_AUTH_CODE", "code_verifier does not match");
            }
        }
        self.codes_exchanged += 1;
        let refresh = format!("fake-refresh-{}", correlation_id());
        self.oauth.refresh_tokens.push(refresh.clone());
        self.issue(&refresh)
    }

    /// A new access token, answered as HubSpot's AccessTokenResponse with `refresh`.
    fn issue(&mut self, refresh: &str) -> Reply {
        self.issued += 1;
        let token = format!("fake-oauth-access-{}-{}", self.issued, correlation_id());
        let ttl = self.oauth.access_token_ttl;
        self.set_oauth(&token, ttl);
        Reply::ok(json!({
            "access_token": token, "refresh_token": refresh, "expires_in": ttl.as_secs(),
            "token_type": "bearer", "token_use": "access_token", "hub_id": 62515, "user_id": 7,
            "scopes": self.oauth.scopes,
        }))
    }

    /// `grant_type=refresh_token`.
    fn refresh(&mut self, form: &HashMap<String, String>) -> Reply {
        let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
        if field("grant_type") != "refresh_token" {
            self.refresh_failures += 1;
            return oauth_error(
                "UNSUPPORTED_GRANT_TYPE",
                "grant_type must be refresh_token or authorization_code",
            );
        }
        if field("client_id") != self.oauth.client_id
            || field("client_secret") != self.oauth.client_secret
        {
            self.refresh_failures += 1;
            return oauth_error("BAD_CLIENT_ID", "missing or unknown client id");
        }
        let refresh = field("refresh_token");
        if !self.oauth.refresh_tokens.iter().any(|t| t == refresh) {
            self.refresh_failures += 1;
            return oauth_error("BAD_REFRESH_TOKEN", "missing or invalid refresh token");
        }
        self.refreshes += 1;
        let refresh = refresh.to_owned();
        self.issue(&refresh)
    }

    /// `POST /oauth/v2/private-apps/get/access-token-info` `{tokenKey}`.
    pub fn private_info(&self, body: &Value) -> Reply {
        let key = body.get("tokenKey").and_then(Value::as_str).unwrap_or("");
        match self.grants.get(key).filter(|g| !g.is_oauth()) {
            Some(grant) => Reply::ok(json!({
                "userId": 7, "hubId": 62515, "appId": 1160452, "scopes": grant.scopes,
            })),
            None => Reply::json(
                404,
                error_body("The token is not found or has expired", "OBJECT_NOT_FOUND"),
            ),
        }
    }

    /// `GET /oauth/v1/access-tokens/{token}`.
    pub fn oauth_info(&self, token: &str) -> Reply {
        match self.grants.get(token) {
            Some(Grant {
                scopes,
                expires_at: Some(at),
            }) if Instant::now() < *at => Reply::ok(json!({
                "token": token, "user": "ada@example.com", "hub_domain": "fake.hubspot.test",
                "scopes": scopes, "hub_id": 62515, "app_id": 1160452,
                "expires_in": at.duration_since(Instant::now()).as_secs(),
                "user_id": 7, "token_type": "access",
            })),
            _ => Reply::json(
                404,
                error_body("The token is not found or has expired", "OBJECT_NOT_FOUND"),
            ),
        }
    }
}

fn unauthorized(message: &str, category: &str, context: Option<Value>) -> Reply {
    let mut body = error_body(message, category);
    if let Some(context) = context {
        body["context"] = context;
    }
    Reply::json(401, body)
        .with_header("x-hubspot-auth-failure", "401 Unauthorized")
        .with_header("x-hubspot-correlation-id", correlation_id())
}

fn oauth_error(status: &str, message: &str) -> Reply {
    Reply::json(
        400,
        json!({ "status": status, "message": message, "correlationId": correlation_id() }),
    )
}

/// HubSpot's 403 for a missing scope, naming it.
pub fn missing_scope(scope: &str) -> Reply {
    let mut body = error_body(
        "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        "MISSING_SCOPES",
    );
    body["errors"] = json!([{
        "message": "One or more of the following scopes are required.",
        "context": { "requiredGranularScopes": [scope] },
    }]);
    Reply::json(403, body)
}

/// `base` with `params` added to its query string.
fn with_query(base: &str, params: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        query.append_pair(name, value);
    }
    let glue = if base.contains('?') { '&' } else { '?' };
    format!("{base}{glue}{}", query.finish())
}
