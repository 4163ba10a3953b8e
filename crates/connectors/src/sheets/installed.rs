//! The installed-app sign-in for `google.oauth` (see [`crate::sign_in`]): Google's consent page
//! with PKCE, `access_type=offline` and `prompt=consent` so that a refresh token comes back, the
//! redirect caught on `127.0.0.1`, and the code exchanged for tokens. The refresh token is what
//! the credential keeps.

use super::credential::DEFAULT_TOKEN_URL;
use super::error::SheetsError;
use crate::http::Http;
use crate::hubspot::ErrorKind;
use crate::sign_in::{Consent, GrantedTokens, LoopbackFlow, SignInError, TokenClient};
use switchyard_secrets::Sensitive;

/// Google's consent page.
pub const DEFAULT_AUTH_URL: &str = "https://accounts.google.com/o/oauth2/v2/auth";

/// An installed (desktop) OAuth client.
#[derive(Debug, Clone)]
pub struct InstalledApp {
    pub client_id: String,
    pub client_secret: Sensitive<String>,
    pub auth_url: String,
    pub token_url: String,
    pub scope: String,
}

impl InstalledApp {
    /// A client with Google's addresses and the spreadsheets scope.
    pub fn new(client_id: &str, client_secret: &str) -> Self {
        Self {
            client_id: client_id.to_owned(),
            client_secret: Sensitive::new(client_secret.to_owned()),
            auth_url: DEFAULT_AUTH_URL.to_owned(),
            token_url: DEFAULT_TOKEN_URL.to_owned(),
            scope: super::credential::SCOPE_SPREADSHEETS.to_owned(),
        }
    }
}

/// What the code exchange gives.
#[derive(Debug, Clone)]
pub struct InstalledTokens {
    pub access_token: Sensitive<String>,
    pub refresh_token: Sensitive<String>,
    pub expires_in: u64,
}

impl From<SignInError> for SheetsError {
    fn from(error: SignInError) -> Self {
        SheetsError::new(error.kind, error.message)
    }
}

/// Starts a Google sign-in: a loopback listener on a free port (Google takes any port for
/// desktop clients).
pub async fn start_sign_in() -> std::io::Result<LoopbackFlow> {
    LoopbackFlow::start(0, "127.0.0.1", "Google").await
}

/// Google's consent page for `app`.
pub fn consent_url(flow: &LoopbackFlow, app: &InstalledApp) -> String {
    flow.authorization_url(&Consent {
        auth_url: &app.auth_url,
        client_id: &app.client_id,
        scope: &app.scope,
        extra: &[("access_type", "offline"), ("prompt", "consent")],
    })
}

/// Exchanges the redirect's code for tokens.
pub async fn exchange_code(
    flow: &LoopbackFlow,
    http: &Http,
    app: &InstalledApp,
    code: &Sensitive<String>,
) -> Result<InstalledTokens, SheetsError> {
    let client = TokenClient {
        token_url: &app.token_url,
        client_id: &app.client_id,
        client_secret: &app.client_secret,
    };
    let response = flow.exchange(http, &client, code).await?;
    if !response.is_success() {
        return Err(SheetsError::from_token_response(&response, "google.oauth"));
    }
    let tokens = GrantedTokens::from_answer(&response).ok_or_else(|| {
        SheetsError::new(
            ErrorKind::Server,
            "Google's token endpoint answered without an access and a refresh token",
        )
    })?;
    Ok(InstalledTokens {
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        expires_in: tokens.expires_in.unwrap_or(3600),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchyard_fake_sheets::{FakeConfig, FakeSheets, OAuthClient};

    #[tokio::test]
    async fn loopback_pkce_flow_gets_a_refresh_token() {
        let oauth = OAuthClient {
            client_id: "cid".into(),
            client_secret: "cs".into(),
            refresh_token: "rt-1".into(),
        };
        let fake = FakeSheets::start(FakeConfig {
            oauth: Some(oauth),
            ..FakeConfig::default()
        })
        .await
        .expect("fake");
        let mut app = InstalledApp::new("cid", "cs");
        app.token_url = fake.token_url();
        let flow = start_sign_in().await.expect("listener");
        assert!(flow.redirect_uri().starts_with("http://127.0.0.1:"));
        let url = reqwest::Url::parse(&consent_url(&flow, &app)).expect("url");
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
                .expect(name)
        };
        assert_eq!(param("code_challenge_method"), "S256");
        assert_eq!(param("redirect_uri"), flow.redirect_uri());
        fake.grant_code("code-1", &param("code_challenge"));
        // The browser: first a stray redirect with the wrong state, then the real one.
        let base = flow.redirect_uri().to_owned();
        let state = param("state");
        let browser = tokio::spawn(async move {
            let client = reqwest::Client::new();
            let stray = client
                .get(format!("{base}?code=x&state=wrong"))
                .send()
                .await;
            assert_eq!(stray.expect("answer").status().as_u16(), 400);
            let ok = client
                .get(format!("{base}?code=code-1&state={state}&scope=s"))
                .send()
                .await;
            assert_eq!(ok.expect("answer").status().as_u16(), 200);
        });
        let code = flow
            .wait_for_code(std::time::Duration::from_secs(10))
            .await
            .expect("code");
        browser.await.expect("browser");
        assert_eq!(code.expose(), "code-1");
        let tokens = exchange_code(&flow, &Http::live(), &app, &code)
            .await
            .expect("tokens");
        assert_eq!(tokens.refresh_token.expose(), "rt-1");
        // A code is good once.
        let again = exchange_code(&flow, &Http::live(), &app, &code).await;
        assert_eq!(again.expect_err("used").kind, ErrorKind::Auth);
    }
}
