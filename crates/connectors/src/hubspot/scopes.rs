//! The credential check: which scopes the token has, and which each operation lacks.
//! Private apps: `POST /oauth/v2/private-apps/get/access-token-info {tokenKey}`; OAuth:
//! `GET /oauth/v1/access-tokens/{token}`. Both carry the token in the request, so neither is
//! recorded in history.

use super::client::HubSpotClient;
use super::credential::Auth;
use super::error::{ErrorKind, HubSpotError};
use super::types::ObjectType;
use crate::http::{HttpErrorKind, OutgoingRequest};
use serde::Serialize;
use serde_json::{Value, json};

/// What one operation needs and what of it is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeNeed {
    /// e.g. `contacts.read`, `contacts.write`, `owners.read`, `contacts.properties`.
    pub operation: String,
    pub required: Vec<String>,
    pub missing: Vec<String>,
}

/// The outcome of a credential check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeReport {
    pub granted: Vec<String>,
    pub operations: Vec<ScopeNeed>,
}

impl ScopeReport {
    /// Builds the report for the scopes a token has.
    pub fn for_scopes(granted: Vec<String>) -> Self {
        let operations = required_scopes()
            .into_iter()
            .map(|(operation, required)| {
                let missing = required
                    .iter()
                    .filter(|s| !granted.contains(s))
                    .cloned()
                    .collect();
                ScopeNeed {
                    operation,
                    required,
                    missing,
                }
            })
            .collect();
        Self {
            granted,
            operations,
        }
    }

    /// The scopes an operation lacks (empty when it has them all, or is unknown).
    pub fn missing_for(&self, operation: &str) -> &[String] {
        self.operations
            .iter()
            .find(|n| n.operation == operation)
            .map(|n| n.missing.as_slice())
            .unwrap_or(&[])
    }

    /// Whether every operation has what it needs.
    pub fn is_complete(&self) -> bool {
        self.operations.iter().all(|n| n.missing.is_empty())
    }
}

/// Every operation the connector offers, with the scopes it needs.
pub fn required_scopes() -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for object in [
        ObjectType::Contacts,
        ObjectType::Companies,
        ObjectType::Deals,
    ] {
        out.push((format!("{object}.read"), vec![object.read_scope()]));
        out.push((format!("{object}.write"), vec![object.write_scope()]));
        out.push((format!("{object}.properties"), vec![object.schema_scope()]));
    }
    out.push(("owners.read".into(), vec!["crm.objects.owners.read".into()]));
    out
}

impl HubSpotClient {
    /// Asks HubSpot which scopes the credential's token has.
    pub async fn check_credential(&self) -> Result<ScopeReport, HubSpotError> {
        let token = self.bearer().await?;
        let base = &self.credential().base_url;
        let request = match &self.credential().auth {
            Auth::PrivateApp { .. } => OutgoingRequest::new(
                "POST",
                format!("{base}/oauth/v2/private-apps/get/access-token-info"),
            )
            .header("authorization", format!("Bearer {}", token.expose()))
            .json(json!({ "tokenKey": token.expose() })),
            Auth::OAuth(_) => OutgoingRequest::new(
                "GET",
                format!("{base}/oauth/v1/access-tokens/{}", token.expose()),
            ),
        }
        .header("accept", "application/json");
        let response = self
            .http()
            .send_unrecorded(self.node_id(), &request, self.options().timeout)
            .await
            .map_err(|e| match e.kind {
                HttpErrorKind::NotRecorded => {
                    HubSpotError::config("a replayed run cannot check a credential")
                }
                _ => HubSpotError::from_transport(&e),
            })?;
        if !response.is_success() {
            let mut error = HubSpotError::from_response(&response, &self.credential().id, None);
            if response.status == 404 {
                error.kind = ErrorKind::Auth;
                error.message = format!(
                    "HubSpot does not know the token of credential \"{}\" (or it expired): reconnect the HubSpot account or check the private app's access token.",
                    self.credential().id
                );
            }
            return Err(error);
        }
        let granted: Vec<String> = response
            .body
            .get("scopes")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Ok(ScopeReport::for_scopes(granted))
    }
}
