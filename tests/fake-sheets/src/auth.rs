//! Google's token endpoint and bearer checks. The JWT bearer grant verifies the assertion's
//! RS256 signature against the test public key and its `iss`, `aud` (the token URL), `iat`,
//! `exp` (at most an hour after `iat`) and `scope`; the refresh-token grant serves `google.oauth`.

use crate::reply::{google_error, oauth_error};
use crate::server::Shared;
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde_json::json;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The test-only RSA public key the token endpoint verifies assertions with.
pub const TEST_PUBLIC_KEY_PEM: &str = include_str!("test_key.pub.pem");

/// The scope that allows reading and writing spreadsheets.
pub const SCOPE_SPREADSHEETS: &str = "https://www.googleapis.com/auth/spreadsheets";
pub const SCOPE_READONLY: &str = "https://www.googleapis.com/auth/spreadsheets.readonly";

#[derive(Debug, Deserialize)]
struct Claims {
    iss: String,
    scope: Option<String>,
    iat: u64,
    exp: u64,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `POST /token` (form-encoded).
pub fn token(shared: &Shared, body: &[u8]) -> Response {
    let form: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let mut state = shared.lock();
    state.token_requests += 1;
    let grant = field("grant_type").unwrap_or_default();
    let mut refresh: Option<String> = None;
    let scope = match grant.as_str() {
        "urn:ietf:params:oauth:grant-type:jwt-bearer" => {
            let assertion = field("assertion").unwrap_or_default();
            match verify(&assertion, &state.token_url, &state.client_email) {
                Ok(scope) => scope,
                Err(message) => return oauth_error(400, "invalid_grant", &message),
            }
        }
        "refresh_token" => {
            let ok = state.oauth.as_ref().is_some_and(|o| {
                field("client_id").as_deref() == Some(o.client_id.as_str())
                    && field("client_secret").as_deref() == Some(o.client_secret.as_str())
                    && field("refresh_token").as_deref() == Some(o.refresh_token.as_str())
            });
            if !ok {
                return oauth_error(400, "invalid_grant", "Token has been expired or revoked.");
            }
            SCOPE_SPREADSHEETS.to_owned()
        }
        "authorization_code" => {
            let client_ok = state.oauth.as_ref().is_some_and(|o| {
                field("client_id").as_deref() == Some(o.client_id.as_str())
                    && field("client_secret").as_deref() == Some(o.client_secret.as_str())
            });
            if !client_ok {
                return oauth_error(401, "invalid_client", "The OAuth client was not found.");
            }
            let code = field("code").unwrap_or_default();
            let verifier = field("code_verifier").unwrap_or_default();
            let Some(challenge) = state.codes.remove(&code) else {
                return oauth_error(400, "invalid_grant", "Malformed auth code.");
            };
            if s256(&verifier) != challenge {
                return oauth_error(400, "invalid_grant", "Invalid code verifier.");
            }
            if field("redirect_uri").is_none_or(|r| !r.starts_with("http://127.0.0.1:")) {
                return oauth_error(400, "redirect_uri_mismatch", "Bad Request");
            }
            refresh = state.oauth.as_ref().map(|o| o.refresh_token.clone());
            SCOPE_SPREADSHEETS.to_owned()
        }
        _ => return oauth_error(400, "unsupported_grant_type", "Invalid grant_type: "),
    };
    state.issued += 1;
    let token = format!("ya29.fake-{}", state.issued);
    let lifetime = state.token_lifetime;
    state
        .tokens
        .insert(token.clone(), (Instant::now() + lifetime, scope.clone()));
    let mut body = json!({
        "access_token": token,
        "expires_in": lifetime.as_secs(),
        "token_type": "Bearer",
        "scope": scope,
    });
    if let Some(refresh) = refresh {
        body["refresh_token"] = json!(refresh);
    }
    axum::Json(body).into_response()
}

/// The PKCE S256 challenge of a verifier.
fn s256(verifier: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()))
}

fn verify(assertion: &str, token_url: &str, client_email: &str) -> Result<String, String> {
    let key = DecodingKey::from_rsa_pem(TEST_PUBLIC_KEY_PEM.as_bytes())
        .map_err(|e| format!("test key: {e}"))?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[token_url]);
    validation.set_required_spec_claims(&["exp", "iat", "aud", "iss"]);
    validation.leeway = 0;
    let data = jsonwebtoken::decode::<Claims>(assertion, &key, &validation).map_err(|e| match e
        .kind()
    {
        jsonwebtoken::errors::ErrorKind::InvalidSignature => "Invalid JWT Signature.".to_owned(),
        _ => format!("Invalid JWT: {e}"),
    })?;
    let claims = data.claims;
    let now = now();
    if claims.exp <= claims.iat || claims.exp - claims.iat > 3600 || claims.iat > now + 60 {
        return Err("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.".into());
    }
    if claims.iss != client_email {
        return Err(format!("Invalid JWT: unknown issuer {}", claims.iss));
    }
    let scope = claims.scope.unwrap_or_default();
    if scope.trim().is_empty() {
        return Err("Invalid OAuth scope or ID token audience provided.".into());
    }
    Ok(scope)
}

/// Whether the request carries a live token; `Err` is the 401 to send. `Ok` holds its scope.
pub fn check_bearer(shared: &Shared, authorization: Option<&str>) -> Result<String, Response> {
    let state = shared.lock();
    let token = authorization.and_then(|h| h.strip_prefix("Bearer "));
    let (reason, found) = match token.and_then(|t| state.tokens.get(t)) {
        Some((expires, scope)) if *expires > Instant::now() => return Ok(scope.clone()),
        Some(_) => ("ACCESS_TOKEN_EXPIRED", true),
        None if token.is_some() => ("ACCESS_TOKEN_TYPE_UNSUPPORTED", false),
        None => ("CREDENTIALS_MISSING", false),
    };
    let _ = found;
    Err(google_error(
        401,
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        Some(
            json!([{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason, "domain": "googleapis.com", "metadata": { "service": "sheets.googleapis.com", "method": "google.apps.sheets.v4.SpreadsheetsService" } }]),
        ),
    ))
}

/// Whether a scope allows writing.
pub fn can_write(scope: &str) -> bool {
    scope.split_whitespace().any(|s| {
        s == SCOPE_SPREADSHEETS
            || s == "https://www.googleapis.com/auth/drive"
            || s == "https://www.googleapis.com/auth/drive.file"
    })
}
