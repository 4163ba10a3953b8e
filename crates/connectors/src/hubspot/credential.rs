//! The two HubSpot credential types, read from a credential's JSON.

use super::error::HubSpotError;
use serde_json::Value;
use switchyard_secrets::Sensitive;

/// HubSpot's address, unless the credential names another (`base_url`).
pub const DEFAULT_BASE_URL: &str = "https://api.hubapi.com";

/// How requests are authorised.
#[derive(Debug, Clone)]
pub enum Auth {
    /// `hubspot.private_app`: a private app's access token, sent as is.
    PrivateApp { token: Sensitive<String> },
    /// `hubspot.oauth`: an app's refresh token, exchanged for short-lived access tokens.
    OAuth(OAuthGrant),
}

/// The fields of a `hubspot.oauth` credential.
#[derive(Debug, Clone)]
pub struct OAuthGrant {
    pub client_id: String,
    pub client_secret: Sensitive<String>,
    pub refresh_token: Sensitive<String>,
    /// An access token obtained earlier, if still stored.
    pub access_token: Option<Sensitive<String>>,
    /// When `access_token` expires, in milliseconds since the Unix epoch.
    pub expires_at_ms: Option<u64>,
}

/// A HubSpot credential: its id (for pacing, token caching and messages), how it authorises,
/// and the service address.
#[derive(Debug, Clone)]
pub struct HubSpotCredential {
    pub id: String,
    pub auth: Auth,
    /// Without a trailing slash.
    pub base_url: String,
}

impl HubSpotCredential {
    /// A private-app credential (tests, tools).
    pub fn private_app(id: &str, token: &str, base_url: Option<&str>) -> Self {
        Self {
            id: id.to_owned(),
            auth: Auth::PrivateApp {
                token: Sensitive::new(token.to_owned()),
            },
            base_url: clean_base(base_url),
        }
    }

    /// Reads `{type: "hubspot.private_app", token, base_url?}` or `{type: "hubspot.oauth",
    /// client_id, client_secret, refresh_token, access_token?, expires_at?, base_url?}`.
    /// Errors name the missing field, never a value.
    pub fn from_json(id: &str, credential: &Sensitive<Value>) -> Result<Self, HubSpotError> {
        let value = credential.expose();
        let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
        let text = |field: &str| -> Result<String, HubSpotError> {
            value
                .get(field)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| {
                    HubSpotError::config(format!("credential \"{id}\" ({kind}) has no \"{field}\""))
                })
        };
        let base_url = clean_base(value.get("base_url").and_then(Value::as_str));
        let auth = match kind {
            "hubspot.private_app" => Auth::PrivateApp {
                token: Sensitive::new(text("token")?),
            },
            "hubspot.oauth" => Auth::OAuth(OAuthGrant {
                client_id: text("client_id")?,
                client_secret: Sensitive::new(text("client_secret")?),
                refresh_token: Sensitive::new(text("refresh_token")?),
                access_token: text("access_token").ok().map(Sensitive::new),
                expires_at_ms: value.get("expires_at").and_then(Value::as_u64),
            }),
            other => {
                return Err(HubSpotError::config(format!(
                    "credential \"{id}\" is of type \"{other}\"; HubSpot needs \"hubspot.private_app\" or \"hubspot.oauth\""
                )));
            }
        };
        Ok(Self {
            id: id.to_owned(),
            auth,
            base_url,
        })
    }

    pub fn is_oauth(&self) -> bool {
        matches!(self.auth, Auth::OAuth(_))
    }
}

fn clean_base(base_url: Option<&str>) -> String {
    base_url
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_BASE_URL)
        .trim_end_matches('/')
        .to_owned()
}
