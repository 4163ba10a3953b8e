//! Access tokens: a service account signs a JWT (RS256, `jsonwebtoken`) and exchanges it with
//! the jwt-bearer grant; a `google.oauth` credential uses the refresh-token grant. Tokens are
//! cached per credential for the whole process until shortly before they expire, and only one
//! exchange runs at a time per credential.

use super::client::SheetsClient;
use super::credential::{GoogleAuth, SheetsCredential};
use super::error::SheetsError;
use crate::http::{HttpErrorKind, OutgoingRequest, RequestBody};
use crate::hubspot::ErrorKind;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};
use switchyard_secrets::Sensitive;

/// A JWT lives this long (Google allows at most an hour).
const JWT_LIFETIME_SECS: u64 = 3600;

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub: Option<&'a str>,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The signed assertion a service account sends to `aud` (the token endpoint).
pub fn service_account_jwt(
    client_email: &str,
    private_key_pem: &str,
    scope: &str,
    aud: &str,
    subject: Option<&str>,
) -> Result<String, SheetsError> {
    let key = EncodingKey::from_rsa_pem(private_key_pem.as_bytes()).map_err(|e| {
        SheetsError::config(format!(
            "the service account's private_key is not an RSA key in PEM form ({e})"
        ))
    })?;
    let iat = now_secs();
    let claims = Claims {
        iss: client_email,
        scope,
        aud,
        iat,
        exp: iat + JWT_LIFETIME_SECS,
        sub: subject,
    };
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key)
        .map_err(|e| SheetsError::config(format!("could not sign the service account JWT: {e}")))
}

type Slot = Arc<tokio::sync::Mutex<Option<(Sensitive<String>, u64)>>>;

fn slots() -> &'static Mutex<HashMap<String, Slot>> {
    static SLOTS: OnceLock<Mutex<HashMap<String, Slot>>> = OnceLock::new();
    SLOTS.get_or_init(Mutex::default)
}

fn key(credential: &SheetsCredential) -> String {
    let who = match &credential.auth {
        GoogleAuth::ServiceAccount { client_email, .. } => client_email,
        GoogleAuth::OAuth { client_id, .. } => client_id,
    };
    format!("{}\n{}\n{who}", credential.id, credential.token_url)
}

fn slot(credential: &SheetsCredential) -> Slot {
    let mut map = slots().lock().unwrap_or_else(|p| p.into_inner());
    Arc::clone(map.entry(key(credential)).or_default())
}

/// Forgets every cached token (tests; a credential that changed).
pub fn clear_token_cache() {
    slots().lock().unwrap_or_else(|p| p.into_inner()).clear();
}

/// A valid access token: the cached one, or a new one when less than the margin is left.
pub(crate) async fn access_token(client: &SheetsClient) -> Result<Sensitive<String>, SheetsError> {
    let credential = client.credential();
    let slot = slot(credential);
    let mut cached = slot.lock().await;
    let margin = client.options().refresh_margin.as_secs();
    if let Some((token, expires_at)) = cached.as_ref()
        && *expires_at > now_secs().saturating_add(margin)
    {
        return Ok(token.clone());
    }
    let Some((token, expires_in)) = exchange(client).await? else {
        // A replay answers from recorded exchanges and ignores the token.
        return Ok(Sensitive::new("replay".to_owned()));
    };
    *cached = Some((token.clone(), now_secs().saturating_add(expires_in)));
    Ok(token)
}

/// Drops the cached token (Google said it expired) so the next call gets a new one.
pub(crate) async fn invalidate(client: &SheetsClient) {
    *slot(client.credential()).lock().await = None;
}

async fn exchange(client: &SheetsClient) -> Result<Option<(Sensitive<String>, u64)>, SheetsError> {
    let credential = client.credential();
    let fields: Vec<(String, String)> = match &credential.auth {
        GoogleAuth::ServiceAccount {
            client_email,
            private_key,
            subject,
        } => {
            let jwt = service_account_jwt(
                client_email,
                private_key.expose(),
                &credential.scope,
                &credential.token_url,
                subject.as_deref(),
            )?;
            vec![
                (
                    "grant_type".into(),
                    "urn:ietf:params:oauth:grant-type:jwt-bearer".into(),
                ),
                ("assertion".into(), jwt),
            ]
        }
        GoogleAuth::OAuth {
            client_id,
            client_secret,
            refresh_token,
        } => vec![
            ("grant_type".into(), "refresh_token".into()),
            ("client_id".into(), client_id.clone()),
            ("client_secret".into(), client_secret.expose().clone()),
            ("refresh_token".into(), refresh_token.expose().clone()),
        ],
    };
    let mut request = OutgoingRequest::new("POST", credential.token_url.clone())
        .header("accept", "application/json");
    request.body = Some(RequestBody::Form(fields));
    let answer = client
        .http()
        .send_unrecorded(client.node_id(), &request, client.options().timeout)
        .await;
    let response = match answer {
        Ok(response) => response,
        Err(error) if error.kind == HttpErrorKind::NotRecorded => return Ok(None),
        Err(error) => return Err(SheetsError::from_transport(&error)),
    };
    if !response.is_success() {
        tracing::warn!(credential = %credential.id, status = response.status, "Google refused to issue an access token");
        return Err(SheetsError::from_token_response(&response, &credential.id));
    }
    let Some(token) = response.body.get("access_token").and_then(Value::as_str) else {
        return Err(SheetsError::new(
            ErrorKind::Server,
            "Google's token endpoint answered without an access_token",
        ));
    };
    let expires_in = response
        .body
        .get("expires_in")
        .and_then(Value::as_u64)
        .unwrap_or(3600);
    tracing::debug!(credential = %credential.id, expires_in, "got a Google access token");
    Ok(Some((Sensitive::new(token.to_owned()), expires_in)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{DecodingKey, Validation};

    #[test]
    fn the_jwt_is_rs256_with_googles_claims() {
        let aud = "http://127.0.0.1:1/token";
        let jwt = service_account_jwt(
            "sa@example.iam.gserviceaccount.com",
            switchyard_fake_sheets::TEST_PRIVATE_KEY_PEM,
            crate::sheets::SCOPE_SPREADSHEETS,
            aud,
            None,
        )
        .expect("signed");
        let key = DecodingKey::from_rsa_pem(switchyard_fake_sheets::TEST_PUBLIC_KEY_PEM.as_bytes())
            .expect("public key");
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[aud]);
        let data = jsonwebtoken::decode::<Value>(&jwt, &key, &validation).expect("verifies");
        let claims = data.claims;
        assert_eq!(claims["iss"], "sa@example.iam.gserviceaccount.com");
        assert_eq!(claims["scope"], crate::sheets::SCOPE_SPREADSHEETS);
        let (iat, exp) = (claims["iat"].as_u64(), claims["exp"].as_u64());
        assert_eq!(exp.zip(iat).map(|(e, i)| e - i), Some(3600));
        assert!(claims.get("sub").is_none());
    }
}
