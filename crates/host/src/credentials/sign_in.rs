//! Signing in through the browser for the credential types that connect that way
//! (`google.oauth`, `hubspot.oauth`): the app or the CLI starts a sign-in from the form's
//! fields, opens [`PendingSignIn::authorization_url`] in the browser, and
//! [`PendingSignIn::finish`] waits for the redirect and answers the credential with the tokens
//! filled in, ready for [`super::save`].

use super::CredentialError;
use serde_json::{Map, Value};
use std::time::Duration;
use switchyard_connectors::Http;
use switchyard_connectors::hubspot::sign_in::{self as hubspot, HubSpotApp};
use switchyard_connectors::sheets::{self, InstalledApp};
use switchyard_connectors::sign_in::LoopbackFlow;

/// Whether a credential of type `kind` can be connected through the browser.
pub fn signs_in(kind: &str) -> bool {
    matches!(kind, "google.oauth" | "hubspot.oauth")
}

/// Whether the credential still lacks what the sign-in gives (its refresh token).
pub fn needs_sign_in(credential: &Map<String, Value>) -> bool {
    let kind = credential.get("type").and_then(Value::as_str).unwrap_or("");
    signs_in(kind)
        && credential
            .get("refresh_token")
            .and_then(Value::as_str)
            .is_none_or(|t| t.trim().is_empty())
}

enum Service {
    Google(InstalledApp),
    HubSpot(HubSpotApp),
}

/// A sign-in waiting for the browser.
pub struct PendingSignIn {
    flow: LoopbackFlow,
    service: Service,
    url: String,
    credential: Map<String, Value>,
}

fn text(credential: &Map<String, Value>, name: &str) -> Option<String> {
    credential
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Starts the sign-in for a prepared credential (see [`super::prepare`]): listens for the
/// redirect and builds the consent page's address.
pub async fn begin(credential: Map<String, Value>) -> Result<PendingSignIn, CredentialError> {
    let kind = text(&credential, "type").unwrap_or_default();
    let field = |name: &str| text(&credential, name);
    let required = |name: &str| {
        field(name).ok_or_else(|| {
            CredentialError::Invalid(format!(
                "a {kind} sign-in needs {name}: copy it from the app's settings"
            ))
        })
    };
    let listen_failed = |port: u16, e: std::io::Error| {
        CredentialError::Invalid(format!(
            "cannot listen for the sign-in's redirect on 127.0.0.1:{port}: {e}"
        ))
    };
    let (flow, service) = match kind.as_str() {
        "google.oauth" => {
            let mut app = InstalledApp::new(&required("client_id")?, &required("client_secret")?);
            if let Some(url) = field("token_url") {
                app.token_url = url;
            }
            if let Some(url) = field("auth_url") {
                app.auth_url = url;
            }
            let flow = sheets::start_sign_in()
                .await
                .map_err(|e| listen_failed(0, e))?;
            (flow, Service::Google(app))
        }
        "hubspot.oauth" => {
            let mut app = HubSpotApp::new(&required("client_id")?, &required("client_secret")?);
            if let Some(url) = field("auth_url") {
                app.authorize_url = url;
            }
            if let Some(url) = field("base_url") {
                app.base_url = url;
            }
            if let Some(scope) = field("scope") {
                app.scope = scope;
            }
            let port = credential
                .get("redirect_port")
                .and_then(Value::as_u64)
                .and_then(|p| u16::try_from(p).ok())
                .unwrap_or(hubspot::DEFAULT_REDIRECT_PORT);
            let flow = hubspot::start_sign_in(port)
                .await
                .map_err(|e| listen_failed(port, e))?;
            (flow, Service::HubSpot(app))
        }
        other => {
            return Err(CredentialError::Invalid(format!(
                "a {other} credential is not connected by signing in; fill in its fields instead"
            )));
        }
    };
    let url = match &service {
        Service::Google(app) => sheets::consent_url(&flow, app),
        Service::HubSpot(app) => hubspot::consent_url(&flow, app),
    };
    Ok(PendingSignIn {
        flow,
        service,
        url,
        credential,
    })
}

impl PendingSignIn {
    /// The consent page to open in the browser.
    pub fn authorization_url(&self) -> &str {
        &self.url
    }

    /// Where the service sends the browser back (to register with the app, for HubSpot).
    pub fn redirect_uri(&self) -> &str {
        self.flow.redirect_uri()
    }

    /// Waits (at most `timeout`) for the browser, exchanges the code, and answers the
    /// credential with `refresh_token` (and, for HubSpot, the first access token) filled in.
    pub async fn finish(self, timeout: Duration) -> Result<Map<String, Value>, SignInFailed> {
        let http = &Http::live();
        let code = self
            .flow
            .wait_for_code(timeout)
            .await
            .map_err(|e| SignInFailed(e.message))?;
        let mut credential = self.credential;
        match &self.service {
            Service::Google(app) => {
                let tokens = sheets::exchange_code(&self.flow, http, app, &code)
                    .await
                    .map_err(|e| SignInFailed(e.message))?;
                credential.insert(
                    "refresh_token".into(),
                    Value::String(tokens.refresh_token.expose().clone()),
                );
            }
            Service::HubSpot(app) => {
                let tokens = hubspot::exchange_code(&self.flow, http, app, &code)
                    .await
                    .map_err(|e| SignInFailed(e.message))?;
                credential.insert(
                    "refresh_token".into(),
                    Value::String(tokens.refresh_token.expose().clone()),
                );
                credential.insert(
                    "access_token".into(),
                    Value::String(tokens.access_token.expose().clone()),
                );
                credential.insert("expires_at".into(), Value::from(tokens.expires_at_ms));
            }
        }
        Ok(credential)
    }
}

/// Why a sign-in did not finish (the user said no, the browser never came back, the service
/// refused the code). Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SignInFailed(pub String);

/// Opens `url` in the system browser (the desktop's opener: `xdg-open`, `open`, `explorer`).
pub fn open_in_browser(url: &str) -> std::io::Result<()> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
