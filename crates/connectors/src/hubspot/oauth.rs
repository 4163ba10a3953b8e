//! OAuth access tokens: refreshed with `POST /oauth/v1/token` before they expire (HubSpot says a
//! 401 is no sign that a token needs refreshing; `expires_in` is), cached per credential for the
//! whole process, and handed to a [`TokenSink`] so the host can store them.

use super::client::HubSpotClient;
use super::credential::OAuthGrant;
use super::error::{ErrorKind, HubSpotError};
use crate::http::{HttpErrorKind, OutgoingRequest, RequestBody, ResponseData};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};
use switchyard_secrets::Sensitive;

/// A freshly issued access token.
#[derive(Debug, Clone)]
pub struct TokenUpdate {
    pub access_token: Sensitive<String>,
    /// HubSpot answers with the refresh token again (the same one, as a rule).
    pub refresh_token: Sensitive<String>,
    /// Milliseconds since the Unix epoch.
    pub expires_at_ms: u64,
}

/// Told about every refreshed token, e.g. to store it back with the credential.
pub trait TokenSink: Send + Sync {
    fn token_refreshed(&self, credential_id: &str, update: &TokenUpdate);
}

#[derive(Default)]
struct Slot {
    cached: Option<(Sensitive<String>, u64)>,
    /// The token stored with the credential was refused as expired: do not use it again.
    distrust_stored: bool,
}

type Slots = Mutex<HashMap<String, Arc<tokio::sync::Mutex<Slot>>>>;

fn slot(key: String) -> Arc<tokio::sync::Mutex<Slot>> {
    static SLOTS: OnceLock<Slots> = OnceLock::new();
    let mut map = SLOTS
        .get_or_init(Slots::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    Arc::clone(map.entry(key).or_default())
}

fn key(client: &HubSpotClient, grant: &OAuthGrant) -> String {
    let credential = client.credential();
    format!(
        "{}\n{}\n{}",
        credential.id, credential.base_url, grant.client_id
    )
}

pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// A valid access token: the cached one, the stored one, or a new one. Refreshes when less than
/// the refresh margin is left. One refresh at a time per credential.
pub(crate) async fn access_token(
    client: &HubSpotClient,
    grant: &OAuthGrant,
) -> Result<Sensitive<String>, HubSpotError> {
    let slot = slot(key(client, grant));
    let mut slot = slot.lock().await;
    let margin = u64::try_from(client.options().refresh_margin.as_millis()).unwrap_or(60_000);
    let fresh = |expires_at: u64| expires_at > now_ms().saturating_add(margin);
    if let Some((token, expires_at)) = &slot.cached
        && fresh(*expires_at)
    {
        return Ok(token.clone());
    }
    if !slot.distrust_stored
        && let (Some(token), Some(expires_at)) = (&grant.access_token, grant.expires_at_ms)
        && fresh(expires_at)
    {
        slot.cached = Some((token.clone(), expires_at));
        return Ok(token.clone());
    }
    let Some(update) = refresh(client, grant).await? else {
        // A replay answers from recorded exchanges and ignores the token.
        return Ok(Sensitive::new("replay".to_owned()));
    };
    slot.cached = Some((update.access_token.clone(), update.expires_at_ms));
    if let Some(sink) = client.token_sink() {
        sink.token_refreshed(&client.credential().id, &update);
    }
    Ok(update.access_token)
}

/// Forgets the cached token (HubSpot said it expired) so the next call refreshes.
pub(crate) async fn invalidate(client: &HubSpotClient, grant: &OAuthGrant) {
    let slot = slot(key(client, grant));
    let mut slot = slot.lock().await;
    slot.cached = None;
    slot.distrust_stored = true;
}

async fn refresh(
    client: &HubSpotClient,
    grant: &OAuthGrant,
) -> Result<Option<TokenUpdate>, HubSpotError> {
    let credential = client.credential();
    let mut request =
        OutgoingRequest::new("POST", format!("{}/oauth/v1/token", credential.base_url))
            .header("accept", "application/json");
    request.body = Some(RequestBody::Form(vec![
        ("grant_type".into(), "refresh_token".into()),
        ("client_id".into(), grant.client_id.clone()),
        ("client_secret".into(), grant.client_secret.expose().clone()),
        ("refresh_token".into(), grant.refresh_token.expose().clone()),
    ]));
    let answer = client
        .http()
        .send_unrecorded(client.node_id(), &request, client.options().timeout)
        .await;
    let response = match answer {
        Ok(response) => response,
        Err(error) if error.kind == HttpErrorKind::NotRecorded => return Ok(None),
        Err(error) => return Err(HubSpotError::from_transport(&error)),
    };
    let body = &response.body;
    if response.is_success() {
        let token = body.get("access_token").and_then(Value::as_str);
        let expires_in = body
            .get("expires_in")
            .and_then(Value::as_u64)
            .unwrap_or(1800);
        let Some(token) = token else {
            return Err(HubSpotError::new(
                ErrorKind::Server,
                "HubSpot's token endpoint answered without an access_token",
            ));
        };
        tracing::info!(credential = %credential.id, expires_in, "refreshed the HubSpot OAuth access token");
        let refresh_token = body
            .get("refresh_token")
            .and_then(Value::as_str)
            .map_or_else(
                || grant.refresh_token.clone(),
                |t| Sensitive::new(t.to_owned()),
            );
        return Ok(Some(TokenUpdate {
            access_token: Sensitive::new(token.to_owned()),
            refresh_token,
            expires_at_ms: now_ms().saturating_add(expires_in.saturating_mul(1000)),
        }));
    }
    tracing::warn!(credential = %credential.id, status = response.status, "HubSpot refused to refresh the OAuth access token");
    Err(token_refusal(
        &response,
        &format!(
            "HubSpot refused to refresh the access token of credential \"{}\"",
            credential.id
        ),
        "Reconnect the HubSpot account to get a new refresh token.",
    ))
}

/// A non-2xx answer of `/oauth/v1/token`: a 5xx is HubSpot's trouble; anything else means the
/// grant was refused (`what` says which, `advice` what to do), with HubSpot's `status` and
/// `message` kept.
pub(crate) fn token_refusal(response: &ResponseData, what: &str, advice: &str) -> HubSpotError {
    let body = &response.body;
    let code = body
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("error");
    let said = body
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("no reason given");
    let details =
        json!({ "status": code, "message": said, "correlationId": body.get("correlationId") });
    if response.status >= 500 {
        return HubSpotError::new(
            ErrorKind::Server,
            format!(
                "HubSpot's token endpoint answered {}: {said}",
                response.status
            ),
        )
        .with_status(response.status)
        .with_details(details);
    }
    HubSpotError::new(
        ErrorKind::Auth,
        format!("{what} ({code}: {said}). {advice}"),
    )
    .with_status(response.status)
    .with_details(details)
}
