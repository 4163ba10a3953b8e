//! The credentials screen's commands: the types and their fields (forms), adding one (its
//! secret goes to the OS keychain and is never shown again), testing, removing, and today's
//! API usage per credential.

use crate::api::{CommandError, CommandErrorKind, CredentialSummary};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use switchyard_host::Runner;
use switchyard_host::credentials::{self, CredentialError};
use switchyard_secrets::{Purpose, SecretError};
use switchyard_store::UsageDay;
use ts_rs::TS;

/// Which secret a command is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CredentialEnv {
    #[default]
    Production,
    Test,
}

impl CredentialEnv {
    pub(crate) fn purpose(self) -> Purpose {
        match self {
            CredentialEnv::Production => Purpose::Production,
            CredentialEnv::Test => Purpose::Test,
        }
    }
}

/// `add_credential`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewCredential {
    pub id: String,
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub kind: String,
    #[serde(default)]
    #[ts(optional)]
    pub label: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub env: Option<CredentialEnv>,
    /// The fields of the form, secret ones included (write-only).
    #[ts(type = "Record<string, JsonValue>")]
    pub fields: Map<String, Value>,
}

/// A credential test's verdict.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CredentialTest {
    pub ok: bool,
    /// The verdict in sentences (granted and missing HubSpot scopes, missing fields, errors).
    pub lines: Vec<String>,
}

pub(crate) fn refused(error: CredentialError) -> CommandError {
    match error {
        CredentialError::Invalid(message) => {
            CommandError::new(CommandErrorKind::BadRequest, message)
        }
        other => CommandError::new(CommandErrorKind::Host, other.to_string()),
    }
}

fn store(runner: &Runner) -> Result<&switchyard_store::HistoryStore, CommandError> {
    runner
        .store()
        .ok_or_else(|| CommandError::new(CommandErrorKind::NotFound, "no run history is open"))
}

/// Stores a credential from the form.
pub fn add(runner: &Runner, new: NewCredential) -> Result<CredentialSummary, CommandError> {
    let store = store(runner)?;
    let credential =
        credentials::prepare(store, &new.id, &new.kind, new.fields).map_err(refused)?;
    if switchyard_host::credentials::sign_in::needs_sign_in(&credential) {
        return Err(CommandError::new(
            CommandErrorKind::BadRequest,
            format!(
                "a {} credential is connected by signing in: press \"Sign in\" (or paste a refresh_token)",
                new.kind
            ),
        ));
    }
    let purpose = new.env.unwrap_or_default().purpose();
    credentials::save(
        runner.vault(),
        store,
        &new.id,
        new.label.as_deref(),
        purpose,
        credential,
    )
    .map_err(refused)?;
    Ok(CredentialSummary {
        id: new.id,
        kind: new.kind,
        label: new.label,
    })
}

/// Resolves the credential's secret and checks it (HubSpot ones against HubSpot).
pub async fn test(
    runner: &Runner,
    id: &str,
    env: CredentialEnv,
) -> Result<CredentialTest, CommandError> {
    let secret = match runner.vault().resolve(id, env.purpose()) {
        Ok(secret) => secret,
        Err(error @ (SecretError::Missing { .. } | SecretError::Malformed { .. })) => {
            return Ok(CredentialTest {
                ok: false,
                lines: vec![error.to_string()],
            });
        }
        Err(error) => return Err(CommandError::new(CommandErrorKind::Host, error.to_string())),
    };
    let checked = credentials::check(id, &secret).await;
    let env_name = credentials::env_name(env.purpose());
    Ok(CredentialTest {
        ok: checked.ok(),
        lines: checked.lines(env_name),
    })
}

/// Gives a credential another label (what the screen and the pickers show); its id, which
/// workflows name, stays.
pub fn rename(
    runner: &Runner,
    id: &str,
    label: Option<&str>,
) -> Result<CredentialSummary, CommandError> {
    let store = store(runner)?;
    let label = label.map(str::trim).filter(|l| !l.is_empty());
    let known = store
        .credential_meta(id)
        .map_err(|e| CommandError::new(CommandErrorKind::Host, e.to_string()))?
        .ok_or_else(|| {
            CommandError::new(
                CommandErrorKind::NotFound,
                format!("there is no credential \"{id}\""),
            )
        })?;
    store
        .set_credential_label(id, label)
        .map_err(|e| CommandError::new(CommandErrorKind::Host, e.to_string()))?;
    Ok(CredentialSummary {
        id: id.to_owned(),
        kind: known.kind,
        label: label.map(str::to_owned),
    })
}

pub fn remove(runner: &Runner, id: &str) -> Result<bool, CommandError> {
    credentials::remove(runner.vault(), store(runner)?, id).map_err(refused)
}

pub fn usage_today(runner: &Runner) -> Result<Vec<UsageDay>, CommandError> {
    store(runner)?
        .usage_today()
        .map_err(|e| CommandError::new(CommandErrorKind::Host, e.to_string()))
}
