//! `credentials add ID --type google.oauth|hubspot.oauth` without a refresh token: the sign-in
//! through the browser (see `switchyard_host::credentials::sign_in`). The address is printed
//! too, for a machine whose browser does not open.

use crate::session::runtime;
use serde_json::{Map, Value};
use std::time::Duration;
use switchyard_host::credentials::sign_in;

/// How long the sign-in may take before the command gives up.
const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(300);

/// Fills in the tokens by signing in through the browser, unless the credential has them.
pub fn complete(credential: Map<String, Value>) -> anyhow::Result<Map<String, Value>> {
    if !sign_in::needs_sign_in(&credential) {
        return Ok(credential);
    }
    runtime()?.block_on(async {
        let pending = sign_in::begin(credential).await?;
        let url = pending.authorization_url().to_owned();
        eprintln!(
            "Sign in in your browser to let Switchyard use the account (the app's redirect URL is {}):\n  {url}",
            pending.redirect_uri()
        );
        if sign_in::open_in_browser(&url).is_err() {
            eprintln!("(could not open a browser: open the address above yourself)");
        }
        Ok(pending.finish(SIGN_IN_TIMEOUT).await?)
    })
}
