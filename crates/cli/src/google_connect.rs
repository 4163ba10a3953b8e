//! `credentials add ID --type google.oauth`: the installed-app sign-in. A loopback listener on
//! 127.0.0.1 takes Google's redirect (PKCE S256 and a `state` check), the system browser shows
//! the consent page, and the refresh token that comes back is stored with the credential.

use crate::session::runtime;
use serde_json::{Map, Value};
use std::time::Duration;
use switchyard_connectors::Http;
use switchyard_connectors::sheets::{InstalledApp, LoopbackFlow};

/// How long the sign-in may take before the command gives up.
const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(300);

/// Fills in `refresh_token` by signing in through the browser, unless it is already there.
pub fn complete(credential: &mut Map<String, Value>) -> anyhow::Result<()> {
    if credential
        .get("refresh_token")
        .and_then(Value::as_str)
        .is_some_and(|t| !t.is_empty())
    {
        return Ok(());
    }
    let text = |name: &str| {
        credential
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut app = InstalledApp::new(&text("client_id"), &text("client_secret"));
    if !text("token_url").is_empty() {
        app.token_url = text("token_url");
    }
    if !text("auth_url").is_empty() {
        app.auth_url = text("auth_url");
    }
    let runtime = runtime()?;
    let refresh = runtime.block_on(async {
        let flow = LoopbackFlow::start().await?;
        let url = flow.authorization_url(&app);
        eprintln!(
            "Sign in to Google in your browser to let Switchyard use your spreadsheets:\n  {url}"
        );
        if open_browser(&url).is_err() {
            eprintln!("(could not open a browser: open the address above yourself)");
        }
        let code = flow.wait_for_code(SIGN_IN_TIMEOUT).await?;
        let tokens = flow.exchange(&Http::live(), &app, &code).await?;
        anyhow::Ok(tokens.refresh_token.expose().clone())
    })?;
    credential.insert("refresh_token".into(), Value::String(refresh));
    Ok(())
}

/// Opens `url` in the system browser.
fn open_browser(url: &str) -> std::io::Result<()> {
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
