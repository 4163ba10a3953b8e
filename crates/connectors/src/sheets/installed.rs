//! The installed-app flow for `google.oauth`: a loopback listener on `127.0.0.1` (a free port),
//! the browser sent to Google's consent page with PKCE (S256) and a random `state`, the redirect
//! caught, and the code exchanged for tokens. The refresh token is what the credential keeps.
//! The CLI opens the browser with [`LoopbackFlow::authorization_url`] and waits on
//! [`LoopbackFlow::wait_for_code`].

use super::credential::DEFAULT_TOKEN_URL;
use super::error::SheetsError;
use crate::http::{Http, OutgoingRequest, RequestBody};
use crate::hubspot::ErrorKind;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::time::Duration;
use switchyard_secrets::Sensitive;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

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

fn random_text(len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())]))
        .collect()
}

/// The S256 challenge of a PKCE verifier.
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// One pending authorisation: the loopback listener, its redirect URI, `state` and the PKCE
/// verifier.
pub struct LoopbackFlow {
    listener: TcpListener,
    redirect_uri: String,
    state: String,
    verifier: Sensitive<String>,
}

impl LoopbackFlow {
    /// Listens on `127.0.0.1` on a free port.
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let redirect_uri = format!("http://127.0.0.1:{}", listener.local_addr()?.port());
        Ok(Self {
            listener,
            redirect_uri,
            state: random_text(32),
            verifier: Sensitive::new(random_text(64)),
        })
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The consent page to open in the browser.
    pub fn authorization_url(&self, app: &InstalledApp) -> String {
        let params = [
            ("client_id", app.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("response_type", "code"),
            ("scope", app.scope.as_str()),
            ("code_challenge", &pkce_challenge(self.verifier.expose())),
            ("code_challenge_method", "S256"),
            ("state", self.state.as_str()),
            ("access_type", "offline"),
            ("prompt", "consent"),
        ];
        reqwest::Url::parse_with_params(&app.auth_url, params)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| app.auth_url.clone())
    }

    /// Waits for the browser's redirect and returns the code. A redirect with another `state`
    /// is ignored (answered 400); one with `error` (the user said no) ends the flow.
    pub async fn wait_for_code(&self, timeout: Duration) -> Result<Sensitive<String>, SheetsError> {
        let wait = async {
            loop {
                let (mut stream, _) = self.listener.accept().await.map_err(|e| {
                    SheetsError::new(
                        ErrorKind::Network,
                        format!("the loopback listener failed: {e}"),
                    )
                })?;
                let mut buffer = vec![0u8; 8192];
                let read = stream.read(&mut buffer).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buffer[..read]).into_owned();
                let target = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let query = target.split_once('?').map(|(_, q)| q).unwrap_or("");
                let fields: Vec<(String, String)> =
                    reqwest::Url::parse(&format!("http://x/?{query}"))
                        .map(|u| u.query_pairs().into_owned().collect())
                        .unwrap_or_default();
                let field = |name: &str| {
                    fields
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                };
                let (status, page, outcome) = if field("state").as_deref() != Some(&self.state) {
                    (
                        "400 Bad Request",
                        "This sign-in link is not the one Switchyard is waiting for.",
                        None,
                    )
                } else if let Some(error) = field("error") {
                    (
                        "200 OK",
                        "Switchyard was not given access. You can close this tab.",
                        Some(Err(error)),
                    )
                } else if let Some(code) = field("code") {
                    (
                        "200 OK",
                        "Switchyard is connected to Google. You can close this tab.",
                        Some(Ok(code)),
                    )
                } else {
                    ("400 Bad Request", "The redirect carried no code.", None)
                };
                let reply = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                    page.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
                match outcome {
                    Some(Ok(code)) => return Ok(Sensitive::new(code)),
                    Some(Err(error)) => {
                        return Err(SheetsError::new(
                            ErrorKind::Auth,
                            format!("Google did not grant access ({error})"),
                        ));
                    }
                    None => continue,
                }
            }
        };
        tokio::time::timeout(timeout, wait)
            .await
            .unwrap_or_else(|_| {
                Err(SheetsError::new(
                    ErrorKind::Timeout,
                    "no answer from the browser in time; run the command again",
                ))
            })
    }

    /// Exchanges the code (with the PKCE verifier) for tokens. Not recorded: it holds secrets.
    pub async fn exchange(
        &self,
        http: &Http,
        app: &InstalledApp,
        code: &Sensitive<String>,
    ) -> Result<InstalledTokens, SheetsError> {
        let mut request = OutgoingRequest::new("POST", app.token_url.clone())
            .header("accept", "application/json");
        request.body = Some(RequestBody::Form(vec![
            ("grant_type".into(), "authorization_code".into()),
            ("code".into(), code.expose().clone()),
            ("client_id".into(), app.client_id.clone()),
            ("client_secret".into(), app.client_secret.expose().clone()),
            ("redirect_uri".into(), self.redirect_uri.clone()),
            ("code_verifier".into(), self.verifier.expose().clone()),
        ]));
        let response = http
            .send_unrecorded("credentials", &request, Duration::from_secs(30))
            .await
            .map_err(|e| SheetsError::from_transport(&e))?;
        if !response.is_success() {
            return Err(SheetsError::from_token_response(&response, "google.oauth"));
        }
        let text = |name: &str| {
            response
                .body
                .get(name)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let (Some(access), Some(refresh)) = (text("access_token"), text("refresh_token")) else {
            return Err(SheetsError::new(
                ErrorKind::Server,
                "Google's token endpoint answered without an access and a refresh token",
            ));
        };
        Ok(InstalledTokens {
            access_token: Sensitive::new(access),
            refresh_token: Sensitive::new(refresh),
            expires_in: response
                .body
                .get("expires_in")
                .and_then(Value::as_u64)
                .unwrap_or(3600),
        })
    }
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
        let flow = LoopbackFlow::start().await.expect("listener");
        assert!(flow.redirect_uri().starts_with("http://127.0.0.1:"));
        let url = reqwest::Url::parse(&flow.authorization_url(&app)).expect("url");
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
                .get(format!("{base}/?code=x&state=wrong"))
                .send()
                .await;
            assert_eq!(stray.expect("answer").status().as_u16(), 400);
            let ok = client
                .get(format!("{base}/?code=code-1&state={state}&scope=s"))
                .send()
                .await;
            assert_eq!(ok.expect("answer").status().as_u16(), 200);
        });
        let code = flow
            .wait_for_code(Duration::from_secs(10))
            .await
            .expect("code");
        browser.await.expect("browser");
        assert_eq!(code.expose(), "code-1");
        let tokens = flow
            .exchange(&Http::live(), &app, &code)
            .await
            .expect("tokens");
        assert_eq!(tokens.refresh_token.expose(), "rt-1");
        // A code is good once.
        let again = flow.exchange(&Http::live(), &app, &code).await;
        assert_eq!(again.expect_err("used").kind, ErrorKind::Auth);
    }
}
