//! The two Google credential types, read from a credential's JSON.

use super::error::SheetsError;
use serde_json::Value;
use switchyard_secrets::Sensitive;

/// The Sheets API's address, unless the credential names another (`base_url`).
pub const DEFAULT_BASE_URL: &str = "https://sheets.googleapis.com";
/// Google's token endpoint, unless `token_url` or the key's `token_uri` names another.
pub const DEFAULT_TOKEN_URL: &str = "https://oauth2.googleapis.com/token";
/// The scope the Sheets nodes ask for (read and write).
pub const SCOPE_SPREADSHEETS: &str = "https://www.googleapis.com/auth/spreadsheets";

/// How requests are authorised.
#[derive(Debug, Clone)]
pub enum GoogleAuth {
    /// `google.service_account`: the key file's `client_email` and `private_key` (PEM).
    ServiceAccount {
        client_email: String,
        private_key: Sensitive<String>,
        /// Optional `sub`: a user to impersonate (domain-wide delegation).
        subject: Option<String>,
    },
    /// `google.oauth`: an installed app's client and a refresh token.
    OAuth {
        client_id: String,
        client_secret: Sensitive<String>,
        refresh_token: Sensitive<String>,
    },
}

/// A Google credential: its id (pacing, token cache, messages), auth, and addresses.
#[derive(Debug, Clone)]
pub struct SheetsCredential {
    pub id: String,
    pub auth: GoogleAuth,
    /// Without a trailing slash.
    pub base_url: String,
    /// The token endpoint (also the JWT's `aud`).
    pub token_url: String,
    /// Space-separated scopes to ask for.
    pub scope: String,
}

fn clean(url: &str) -> String {
    url.trim_end_matches('/').to_owned()
}

impl SheetsCredential {
    /// Reads `{type: "google.service_account", key: {client_email, private_key, token_uri?},
    /// token_url?, base_url?, subject?}` or `{type: "google.oauth", client_id, client_secret,
    /// refresh_token, token_url?, base_url?}`. Errors name the missing field, never a value.
    pub fn from_json(id: &str, credential: &Sensitive<Value>) -> Result<Self, SheetsError> {
        let value = credential.expose();
        let kind = value.get("type").and_then(Value::as_str).unwrap_or("");
        let text_in = |obj: &Value, field: &str, place: &str| -> Result<String, SheetsError> {
            obj.get(field)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| {
                    SheetsError::config(format!(
                        "credential \"{id}\" ({kind}) has no \"{place}{field}\""
                    ))
                })
        };
        let opt = |obj: &Value, field: &str| {
            obj.get(field)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let base_url = clean(
            opt(value, "base_url")
                .as_deref()
                .unwrap_or(DEFAULT_BASE_URL),
        );
        let scope = opt(value, "scope").unwrap_or_else(|| SCOPE_SPREADSHEETS.to_owned());
        let (auth, token_url) = match kind {
            "google.service_account" => {
                let key = match value.get("key") {
                    Some(Value::String(text)) => {
                        serde_json::from_str::<Value>(text).map_err(|_| {
                            SheetsError::config(format!(
                                "credential \"{id}\": \"key\" is not the key file's JSON"
                            ))
                        })?
                    }
                    Some(key @ Value::Object(_)) => key.clone(),
                    _ => {
                        return Err(SheetsError::config(format!(
                            "credential \"{id}\" (google.service_account) has no \"key\" (the key file's JSON)"
                        )));
                    }
                };
                let token_url = opt(value, "token_url")
                    .or_else(|| opt(&key, "token_uri"))
                    .unwrap_or_else(|| DEFAULT_TOKEN_URL.to_owned());
                let auth = GoogleAuth::ServiceAccount {
                    client_email: text_in(&key, "client_email", "key.")?,
                    private_key: Sensitive::new(text_in(&key, "private_key", "key.")?),
                    subject: opt(value, "subject"),
                };
                (auth, token_url)
            }
            "google.oauth" => {
                let auth = GoogleAuth::OAuth {
                    client_id: text_in(value, "client_id", "")?,
                    client_secret: Sensitive::new(text_in(value, "client_secret", "")?),
                    refresh_token: Sensitive::new(text_in(value, "refresh_token", "")?),
                };
                let token_url =
                    opt(value, "token_url").unwrap_or_else(|| DEFAULT_TOKEN_URL.to_owned());
                (auth, token_url)
            }
            other => {
                return Err(SheetsError::config(format!(
                    "credential \"{id}\" is of type \"{other}\"; Google Sheets needs \"google.service_account\" or \"google.oauth\""
                )));
            }
        };
        Ok(Self {
            id: id.to_owned(),
            auth,
            base_url,
            token_url,
            scope,
        })
    }
}
