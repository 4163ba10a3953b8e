//! Connecting a HubSpot account through the browser (`hubspot.oauth`, see [`crate::sign_in`]):
//! HubSpot's install page (`https://app.hubspot.com/oauth/authorize`) with the scopes the
//! connector uses and PKCE, the redirect caught on the loopback address registered with the app
//! (`http://localhost:<port>/`, HubSpot takes plain HTTP only for localhost), and the code
//! exchanged at `POST /oauth/v1/token` (`grant_type=authorization_code`).

use super::error::{ErrorKind, HubSpotError};
use super::oauth::{TokenUpdate, now_ms, token_refusal};
use super::scopes::required_scopes;
use crate::http::Http;
use crate::sign_in::{Consent, GrantedTokens, LoopbackFlow, SignInError, TokenClient};
use switchyard_secrets::Sensitive;

/// HubSpot's install (consent) page.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://app.hubspot.com/oauth/authorize";

/// The loopback port a HubSpot app's redirect URL names unless the credential says otherwise
/// (HubSpot matches redirect URLs exactly, so it cannot be a free port chosen at random).
pub const DEFAULT_REDIRECT_PORT: u16 = 8791;

/// A HubSpot public app as the sign-in needs it.
#[derive(Debug, Clone)]
pub struct HubSpotApp {
    pub client_id: String,
    pub client_secret: Sensitive<String>,
    pub authorize_url: String,
    /// The API's address (the token endpoint is `<base_url>/oauth/v1/token`).
    pub base_url: String,
    /// Space-separated scopes; by default every scope the connector's operations use.
    pub scope: String,
}

impl HubSpotApp {
    pub fn new(client_id: &str, client_secret: &str) -> Self {
        Self {
            client_id: client_id.to_owned(),
            client_secret: Sensitive::new(client_secret.to_owned()),
            authorize_url: DEFAULT_AUTHORIZE_URL.to_owned(),
            base_url: super::credential::DEFAULT_BASE_URL.to_owned(),
            scope: default_scope(),
        }
    }
}

/// Every scope the connector's operations need, space-separated, without repeats.
pub fn default_scope() -> String {
    let mut scopes: Vec<String> = required_scopes()
        .into_iter()
        .flat_map(|(_, scopes)| scopes)
        .collect();
    scopes.sort();
    scopes.dedup();
    scopes.join(" ")
}

impl From<SignInError> for HubSpotError {
    fn from(error: SignInError) -> Self {
        HubSpotError::new(error.kind, error.message)
    }
}

/// Starts a HubSpot sign-in on `127.0.0.1:port`, redirecting to `http://localhost:<port>/`.
pub async fn start_sign_in(port: u16) -> std::io::Result<LoopbackFlow> {
    LoopbackFlow::start(port, "localhost", "HubSpot").await
}

/// HubSpot's install page for `app`.
pub fn consent_url(flow: &LoopbackFlow, app: &HubSpotApp) -> String {
    flow.authorization_url(&Consent {
        auth_url: &app.authorize_url,
        client_id: &app.client_id,
        scope: &app.scope,
        extra: &[],
    })
}

/// Exchanges the redirect's code for the account's tokens.
pub async fn exchange_code(
    flow: &LoopbackFlow,
    http: &Http,
    app: &HubSpotApp,
    code: &Sensitive<String>,
) -> Result<TokenUpdate, HubSpotError> {
    let token_url = format!("{}/oauth/v1/token", app.base_url.trim_end_matches('/'));
    let client = TokenClient {
        token_url: &token_url,
        client_id: &app.client_id,
        client_secret: &app.client_secret,
    };
    let response = flow.exchange(http, &client, code).await?;
    if !response.is_success() {
        return Err(token_refusal(
            &response,
            "HubSpot refused the sign-in's code",
            "Check the app's client id, client secret and redirect URL, then sign in again.",
        ));
    }
    let tokens = GrantedTokens::from_answer(&response).ok_or_else(|| {
        HubSpotError::new(
            ErrorKind::Server,
            "HubSpot's token endpoint answered without an access and a refresh token",
        )
    })?;
    let expires_in = tokens.expires_in.unwrap_or(1800);
    Ok(TokenUpdate {
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        expires_at_ms: now_ms().saturating_add(expires_in.saturating_mul(1000)),
    })
}
