//! Testing a credential (`switchyard credentials test`, the app's "Test" button): HubSpot
//! credentials are checked against HubSpot (the scopes the token has, and per node operation
//! the scopes it lacks); other types for their required fields.

use super::types::{is_hubspot, missing_fields};
use serde_json::{Value, json};
use switchyard_connectors::Http;
use switchyard_connectors::hubspot::{HubSpotClient, HubSpotCredential, ScopeReport};
use switchyard_secrets::Sensitive;

/// What a check found.
pub struct Checked {
    pub id: String,
    pub kind: String,
    /// Required fields the stored secret lacks.
    pub missing_fields: Vec<&'static str>,
    /// HubSpot's answer about the token, when asked.
    pub scopes: Option<ScopeReport>,
    /// Why HubSpot could not be asked, or refused (never holds the secret).
    pub error: Option<String>,
}

/// Checks a resolved credential.
pub async fn check(id: &str, credential: &Sensitive<Value>) -> Checked {
    let kind = credential
        .expose()
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let mut checked = Checked {
        id: id.to_owned(),
        missing_fields: missing_fields(credential.expose()),
        kind,
        scopes: None,
        error: None,
    };
    if !checked.missing_fields.is_empty() || !is_hubspot(&checked.kind) {
        return checked;
    }
    let client = match HubSpotCredential::from_json(id, credential) {
        Ok(hubspot) => HubSpotClient::new(Http::shared_live(), hubspot),
        Err(error) => {
            checked.error = Some(error.message);
            return checked;
        }
    };
    match client.check_credential().await {
        Ok(report) => checked.scopes = Some(report),
        Err(error) => checked.error = Some(error.message),
    }
    checked
}

impl Checked {
    /// Whether the credential passed.
    pub fn ok(&self) -> bool {
        self.missing_fields.is_empty()
            && self.error.is_none()
            && self.scopes.as_ref().is_none_or(ScopeReport::is_complete)
    }

    /// Operations that lack scopes: `(operation, missing scopes)`.
    fn lacking(&self) -> Vec<(&str, &[String])> {
        self.scopes
            .iter()
            .flat_map(|r| r.operations.iter())
            .filter(|n| !n.missing.is_empty())
            .map(|n| (n.operation.as_str(), n.missing.as_slice()))
            .collect()
    }

    /// `{id, type, ok, granted?, operations?, missing_fields?, error?}`.
    pub fn to_json(&self) -> Value {
        let mut out = json!({ "id": self.id, "type": self.kind, "ok": self.ok() });
        if let Value::Object(map) = &mut out {
            if let Some(report) = &self.scopes {
                map.insert("granted".into(), json!(report.granted));
                map.insert("operations".into(), json!(report.operations));
            }
            if !self.missing_fields.is_empty() {
                map.insert("missing_fields".into(), json!(self.missing_fields));
            }
            if let Some(error) = &self.error {
                map.insert("error".into(), json!(error));
            }
        }
        out
    }

    /// The verdict in sentences (what `credentials test` prints, what the app shows).
    pub fn lines(&self, env: &str) -> Vec<String> {
        let head = format!("credential \"{}\" ({}, {env} secret)", self.id, self.kind);
        if !self.missing_fields.is_empty() {
            return vec![format!(
                "FAILED {head}: missing required field(s) {}",
                self.missing_fields.join(", ")
            )];
        }
        if let Some(error) = &self.error {
            return vec![format!("FAILED {head}: {error}")];
        }
        let Some(report) = &self.scopes else {
            return vec![format!("ok {head}: resolves and has every required field")];
        };
        let mut lines = vec![format!(
            "{head}: HubSpot granted {} scope(s): {}",
            report.granted.len(),
            report.granted.join(", ")
        )];
        let lacking = self.lacking();
        if lacking.is_empty() {
            lines.push("ok: every HubSpot node operation has the scopes it needs".into());
            return lines;
        }
        for (operation, missing) in &lacking {
            lines.push(format!("  {operation}: missing {}", missing.join(", ")));
        }
        let mut scopes: Vec<&str> = lacking
            .iter()
            .flat_map(|(_, m)| m.iter().map(String::as_str))
            .collect();
        scopes.sort_unstable();
        scopes.dedup();
        lines.push(format!(
            "FAILED: {} operation(s) lack scopes; add {} to the private app (or reconnect the app with them)",
            lacking.len(),
            scopes.join(", ")
        ));
        lines
    }
}
