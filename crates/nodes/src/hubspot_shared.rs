//! What the HubSpot nodes share: a client for the node's credential (resolved through the
//! run's vault, with the run's HTTP core, usage log and options), refreshed OAuth tokens stored
//! back with the credential, and HubSpot errors as node errors.

use crate::http_request::http_core;
use serde_json::Value;
use std::sync::Arc;
use switchyard_connectors::hubspot::{
    ClientOptions, ErrorKind as HsKind, HubSpotClient, HubSpotCredential, HubSpotError, TokenSink,
    TokenUpdate, UsageRecorder,
};
use switchyard_engine::{ErrorKind, NodeContext, NodeError, RunMode};
use switchyard_secrets::{Purpose, Sensitive, Vault, account};

/// The credential types the HubSpot nodes take.
pub const CREDENTIAL_TYPES: &[&str] = &["hubspot.private_app", "hubspot.oauth"];

fn purpose(ctx: &NodeContext<'_>) -> Purpose {
    match ctx.run.mode {
        RunMode::Test => Purpose::Test,
        RunMode::Production => Purpose::Production,
    }
}

/// A client for the node's credential.
pub fn client(ctx: &NodeContext<'_>) -> Result<HubSpotClient, NodeError> {
    let id = ctx.credential_id().ok_or_else(|| {
        NodeError::config(format!(
            "node \"{}\" needs a HubSpot credential (\"credential\": an id of type hubspot.private_app or hubspot.oauth)",
            ctx.node_id
        ))
    })?;
    let vault = ctx
        .run
        .extensions
        .get::<Vault>()
        .map_or_else(Vault::system, |v| (*v).clone());
    let purpose = purpose(ctx);
    let json = vault
        .resolve(id, purpose)
        .map_err(|e| NodeError::config(e.to_string()))?;
    let credential = HubSpotCredential::from_json(id, &json).map_err(node_error)?;
    let oauth = credential.is_oauth();
    let options = ctx
        .run
        .extensions
        .get::<ClientOptions>()
        .map(|o| (*o).clone())
        .unwrap_or_default();
    let mut client = HubSpotClient::new(http_core(ctx), credential)
        .with_node_id(ctx.node_id)
        .with_options(options);
    if let Some(recorder) = ctx.run.extensions.get::<UsageRecorder>() {
        client = client.with_usage(Arc::clone(&recorder.0));
    }
    if oauth {
        client = client.with_token_sink(Arc::new(VaultTokenSink { vault, purpose }));
    }
    Ok(client)
}

/// Stores refreshed tokens back with the credential, in the keychain entry it came from. A
/// credential given in an environment variable is left alone (the process keeps the token in
/// memory instead).
struct VaultTokenSink {
    vault: Vault,
    purpose: Purpose,
}

impl TokenSink for VaultTokenSink {
    fn token_refreshed(&self, credential_id: &str, update: &TokenUpdate) {
        let mut places = Vec::new();
        if self.purpose == Purpose::Test {
            places.push(Purpose::Test);
        }
        places.push(Purpose::Production);
        for place in places {
            let stored = match self.vault.backend().get(&account(credential_id, place)) {
                Ok(Some(text)) => text,
                Ok(None) => continue,
                Err(_) => return,
            };
            let Ok(Value::Object(mut fields)) = serde_json::from_str::<Value>(&stored) else {
                return;
            };
            fields.insert(
                "access_token".into(),
                Value::String(update.access_token.expose().clone()),
            );
            fields.insert(
                "refresh_token".into(),
                Value::String(update.refresh_token.expose().clone()),
            );
            fields.insert("expires_at".into(), Value::from(update.expires_at_ms));
            if let Err(error) =
                self.vault
                    .store(credential_id, place, &Sensitive::new(Value::Object(fields)))
            {
                tracing::warn!(credential = credential_id, %error, "could not store the refreshed HubSpot token");
            }
            return;
        }
    }
}

/// A HubSpot error as a node error (same kind, message, status and details).
pub fn node_error(error: HubSpotError) -> NodeError {
    let kind = match error.kind {
        HsKind::Validation => ErrorKind::Validation,
        HsKind::Auth => ErrorKind::Auth,
        HsKind::Forbidden => ErrorKind::Forbidden,
        HsKind::NotFound => ErrorKind::NotFound,
        HsKind::Conflict => ErrorKind::Conflict,
        HsKind::RateLimited => ErrorKind::RateLimited,
        HsKind::Server => ErrorKind::Server,
        HsKind::Timeout => ErrorKind::Timeout,
        HsKind::Network => ErrorKind::Network,
        HsKind::Config => ErrorKind::Config,
    };
    NodeError {
        message: error.message,
        kind,
        status: error.status,
        details: error.details,
    }
}
