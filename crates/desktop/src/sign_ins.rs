//! "Sign in with Google / HubSpot" on the credentials screen: `start_sign_in` checks the form,
//! listens for the browser's redirect on loopback, opens the consent page in the system
//! browser (the window shows the address too, should no browser open), and answers at once; the
//! sign-in finishes in the background and stores the credential (tokens in the OS keychain,
//! never shown), then sends `sign-in-finished` `{id, ok, message}`. One sign-in per credential
//! id; a new one replaces it, `cancel_sign_in` ends it.

use crate::api::{CommandError, CommandErrorKind};
use crate::credentials::{NewCredential, refused};
use crate::events::EventSink;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use switchyard_host::Runner;
use switchyard_host::credentials::{self, CredentialError, sign_in};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// Sent when a sign-in ends, however it ends.
pub const SIGN_IN_FINISHED: &str = "sign-in-finished";

/// How long the browser has to come back.
const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(300);

/// What `start_sign_in` answers.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SignInStarted {
    pub id: String,
    /// The consent page (opened in the system browser when the app can).
    pub authorization_url: String,
    /// Where the service sends the browser back; a HubSpot app must list it.
    pub redirect_uri: String,
    /// Whether the system browser was asked to open the page.
    pub browser_opened: bool,
}

/// The payload of [`SIGN_IN_FINISHED`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SignInFinished {
    pub id: String,
    pub ok: bool,
    /// What happened, in a sentence (never a secret).
    pub message: String,
}

/// The sign-ins waiting for the browser, by credential id.
#[derive(Default)]
pub struct SignIns {
    pending: Mutex<HashMap<String, CancellationToken>>,
}

impl SignIns {
    /// Starts signing in for `new` (a `google.oauth` or `hubspot.oauth` form).
    pub async fn start(
        &self,
        runner: Arc<Runner>,
        events: Arc<dyn EventSink>,
        new: NewCredential,
        open_browser: bool,
    ) -> Result<SignInStarted, CommandError> {
        if !sign_in::signs_in(&new.kind) {
            return Err(CommandError::new(
                CommandErrorKind::BadRequest,
                format!(
                    "a {} credential is not connected by signing in; fill in its fields and save it",
                    new.kind
                ),
            ));
        }
        let store = runner.store().ok_or_else(|| {
            CommandError::new(CommandErrorKind::NotFound, "no run history is open")
        })?;
        let credential =
            credentials::prepare(store, &new.id, &new.kind, new.fields.clone()).map_err(refused)?;
        let pending = sign_in::begin(credential).await.map_err(refused)?;
        let url = pending.authorization_url().to_owned();
        let browser_opened = open_browser && sign_in::open_in_browser(&url).is_ok();
        let started = SignInStarted {
            id: new.id.clone(),
            authorization_url: url,
            redirect_uri: pending.redirect_uri().to_owned(),
            browser_opened,
        };
        let cancel = CancellationToken::new();
        if let Some(previous) = self.lock().insert(new.id.clone(), cancel.clone()) {
            previous.cancel();
        }
        tokio::spawn(async move {
            let outcome = tokio::select! {
                finished = pending.finish(SIGN_IN_TIMEOUT) => Some(finished),
                () = cancel.cancelled() => None,
            };
            let (ok, message) = match outcome {
                None => (false, "the sign-in was cancelled".to_owned()),
                Some(Err(failed)) => (false, failed.to_string()),
                Some(Ok(credential)) => match store_signed_in(&runner, &new, credential) {
                    Ok(()) => (
                        true,
                        format!(
                            "\"{}\" is connected; its tokens are in the OS keychain",
                            new.id
                        ),
                    ),
                    Err(error) => (
                        false,
                        format!("signed in, but the credential could not be stored: {error}"),
                    ),
                },
            };
            let finished = SignInFinished {
                id: new.id.clone(),
                ok,
                message,
            };
            match serde_json::to_value(&finished) {
                Ok(payload) => events.emit(SIGN_IN_FINISHED, payload),
                Err(e) => tracing::warn!("cannot encode {SIGN_IN_FINISHED}: {e}"),
            }
        });
        Ok(started)
    }

    /// Ends the sign-in for `id`; `false` when none was going on.
    pub fn cancel(&self, id: &str) -> bool {
        self.lock().remove(id).map(|c| c.cancel()).is_some()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CancellationToken>> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn store_signed_in(
    runner: &Runner,
    new: &NewCredential,
    credential: serde_json::Map<String, serde_json::Value>,
) -> Result<(), CredentialError> {
    let store = runner
        .store()
        .ok_or_else(|| CredentialError::Invalid("no run history is open".into()))?;
    credentials::save(
        runner.vault(),
        store,
        &new.id,
        new.label.as_deref(),
        new.env.unwrap_or_default().purpose(),
        credential,
    )
}
