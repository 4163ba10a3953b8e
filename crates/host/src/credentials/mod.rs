//! Credentials as the CLI and the app manage them: the known types and their fields
//! ([`types`]), storing one (secret in the vault, the rest as metadata in the history
//! database), removing one, testing one ([`check`]), and connecting one by signing in
//! through the browser ([`sign_in`]).

pub mod check;
pub mod sign_in;
pub mod types;

pub use check::{Checked, check};
pub use types::{CredentialField, CredentialType, FieldKind, catalog};

use serde_json::{Map, Value};
use switchyard_secrets::{Purpose, SecretError, Sensitive, Vault};
use switchyard_store::{HistoryStore, NewCredentialMeta, StoreError};

/// Why a credential could not be stored or removed. Messages name fields, never values.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// The id, type or fields are not acceptable.
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The environment a secret is for, as the metadata names it.
pub fn env_name(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Production => "production",
        Purpose::Test => "test",
    }
}

/// An id workflows can name: letters, digits, `-`, `_` and `.`.
pub fn check_id(id: &str) -> Result<(), CredentialError> {
    let fine = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if fine {
        Ok(())
    } else {
        Err(CredentialError::Invalid(format!(
            "credential id {id:?} is not valid: use letters, digits, '-', '_' and '.'"
        )))
    }
}

/// Checks the id, the type and `fields` (the secret's fields, without `type`) and answers the
/// credential's JSON, ready for [`save`]. An id already stored with another type is refused.
pub fn prepare(
    store: &HistoryStore,
    id: &str,
    kind: &str,
    fields: Map<String, Value>,
) -> Result<Map<String, Value>, CredentialError> {
    check_id(id)?;
    if types::fields_of(kind).is_none() {
        return Err(CredentialError::Invalid(types::unknown_type(kind)));
    }
    if let Some(known) = store.credential_meta(id)?
        && known.kind != kind
    {
        return Err(CredentialError::Invalid(format!(
            "credential \"{id}\" is a {}; remove it first to store a {kind}",
            known.kind
        )));
    }
    types::build(kind, fields).map_err(CredentialError::Invalid)
}

/// Stores a prepared credential: the secret in the vault, its non-secret fields and label in
/// the history database.
pub fn save(
    vault: &Vault,
    store: &HistoryStore,
    id: &str,
    label: Option<&str>,
    purpose: Purpose,
    credential: Map<String, Value>,
) -> Result<(), CredentialError> {
    let kind = credential
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let public = types::public_fields(&credential);
    vault.store(id, purpose, &Sensitive::new(Value::Object(credential)))?;
    store.save_credential_meta(&NewCredentialMeta {
        id,
        kind: &kind,
        label,
        env: env_name(purpose),
        fields: public,
    })?;
    Ok(())
}

/// Removes a credential's secrets and metadata; `false` when there was neither.
pub fn remove(vault: &Vault, store: &HistoryStore, id: &str) -> Result<bool, CredentialError> {
    let had_secret = vault.remove(id)?;
    let had_meta = store.remove_credential_meta(id)?;
    Ok(had_secret || had_meta)
}
