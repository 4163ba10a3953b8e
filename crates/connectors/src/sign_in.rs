//! Signing in through the browser (OAuth 2.0 authorization code with PKCE S256, RFC 8252's
//! loopback redirect), for every service that connects that way (Google, HubSpot): a listener
//! on `127.0.0.1` takes the redirect, a random `state` ties it to this sign-in, and the code is
//! exchanged at the service's token endpoint. The services' modules say which addresses,
//! scopes and answer fields they use.

use crate::http::{Http, OutgoingRequest, RequestBody, ResponseData};
use crate::hubspot::ErrorKind;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng;
use sha2::{Digest, Sha256};
use std::time::Duration;
use switchyard_secrets::Sensitive;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Why a sign-in did not finish.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SignInError {
    pub kind: ErrorKind,
    pub message: String,
}

impl SignInError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

/// The tokens a successful code exchange grants.
#[derive(Debug, Clone)]
pub struct GrantedTokens {
    pub access_token: Sensitive<String>,
    pub refresh_token: Sensitive<String>,
    /// Seconds, when the answer says.
    pub expires_in: Option<u64>,
}

impl GrantedTokens {
    /// Reads a 2xx answer of a token endpoint; `None` when it lacks either token.
    pub fn from_answer(response: &ResponseData) -> Option<Self> {
        let text = |name: &str| {
            response
                .body
                .get(name)
                .and_then(serde_json::Value::as_str)
                .map(|t| Sensitive::new(t.to_owned()))
        };
        Some(Self {
            access_token: text("access_token")?,
            refresh_token: text("refresh_token")?,
            expires_in: response
                .body
                .get("expires_in")
                .and_then(serde_json::Value::as_u64),
        })
    }
}

/// What the consent page is asked for.
#[derive(Debug, Clone)]
pub struct Consent<'a> {
    pub auth_url: &'a str,
    pub client_id: &'a str,
    /// Space-separated scopes.
    pub scope: &'a str,
    /// Service-specific parameters (Google's `access_type=offline`, …).
    pub extra: &'a [(&'a str, &'a str)],
}

/// The client at the token endpoint.
#[derive(Debug, Clone)]
pub struct TokenClient<'a> {
    pub token_url: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a Sensitive<String>,
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

/// One pending sign-in: the loopback listener, its redirect URI, `state` and the PKCE verifier.
pub struct LoopbackFlow {
    listener: TcpListener,
    redirect_uri: String,
    state: String,
    verifier: Sensitive<String>,
    service: String,
}

impl LoopbackFlow {
    /// Listens on `127.0.0.1:port` (0: a free port). The redirect URI names the host as
    /// `redirect_host` (`127.0.0.1`, or `localhost` for services that only accept that).
    /// `service` is the name pages and messages use ("Google", "HubSpot").
    pub async fn start(port: u16, redirect_host: &str, service: &str) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let redirect_uri = format!("http://{redirect_host}:{}/", listener.local_addr()?.port());
        Ok(Self {
            listener,
            redirect_uri,
            state: random_text(32),
            verifier: Sensitive::new(random_text(64)),
            service: service.to_owned(),
        })
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// The consent page to open in the browser.
    pub fn authorization_url(&self, consent: &Consent<'_>) -> String {
        let challenge = pkce_challenge(self.verifier.expose());
        let mut params = vec![
            ("client_id", consent.client_id),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("response_type", "code"),
            ("scope", consent.scope),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
            ("state", self.state.as_str()),
        ];
        params.extend(consent.extra.iter().copied());
        reqwest::Url::parse_with_params(consent.auth_url, params)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| consent.auth_url.to_owned())
    }

    /// Waits for the browser's redirect and returns the code. A redirect with another `state`
    /// is answered 400 and ignored; one with `error` (the user said no) ends the sign-in.
    pub async fn wait_for_code(&self, timeout: Duration) -> Result<Sensitive<String>, SignInError> {
        let wait = async {
            loop {
                let (mut stream, _) = self.listener.accept().await.map_err(|e| {
                    SignInError::new(
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
                let service = &self.service;
                let (status, page, outcome) = if field("state").as_deref() != Some(&self.state) {
                    (
                        "400 Bad Request",
                        "This sign-in link is not the one Switchyard is waiting for.".to_owned(),
                        None,
                    )
                } else if let Some(error) = field("error") {
                    (
                        "200 OK",
                        "Switchyard was not given access. You can close this tab.".to_owned(),
                        Some(Err(error)),
                    )
                } else if let Some(code) = field("code") {
                    (
                        "200 OK",
                        format!("Switchyard is connected to {service}. You can close this tab."),
                        Some(Ok(code)),
                    )
                } else {
                    (
                        "400 Bad Request",
                        "The redirect carried no code.".to_owned(),
                        None,
                    )
                };
                let reply = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                    page.len()
                );
                let _ = stream.write_all(reply.as_bytes()).await;
                match outcome {
                    Some(Ok(code)) => return Ok(Sensitive::new(code)),
                    Some(Err(error)) => {
                        return Err(SignInError::new(
                            ErrorKind::Auth,
                            format!("{service} did not grant access ({error})"),
                        ));
                    }
                    None => continue,
                }
            }
        };
        tokio::time::timeout(timeout, wait)
            .await
            .unwrap_or_else(|_| {
                Err(SignInError::new(
                    ErrorKind::Timeout,
                    "no answer from the browser in time; start the sign-in again",
                ))
            })
    }

    /// Exchanges the code (with the PKCE verifier) at the token endpoint. Not recorded: it
    /// holds secrets. A non-2xx answer comes back as it is, for the service to explain.
    pub async fn exchange(
        &self,
        http: &Http,
        client: &TokenClient<'_>,
        code: &Sensitive<String>,
    ) -> Result<ResponseData, SignInError> {
        let mut request = OutgoingRequest::new("POST", client.token_url.to_owned())
            .header("accept", "application/json");
        request.body = Some(RequestBody::Form(vec![
            ("grant_type".into(), "authorization_code".into()),
            ("code".into(), code.expose().clone()),
            ("client_id".into(), client.client_id.to_owned()),
            (
                "client_secret".into(),
                client.client_secret.expose().clone(),
            ),
            ("redirect_uri".into(), self.redirect_uri.clone()),
            ("code_verifier".into(), self.verifier.expose().clone()),
        ]));
        http.send_unrecorded("credentials", &request, Duration::from_secs(30))
            .await
            .map_err(|e| {
                SignInError::new(
                    ErrorKind::Network,
                    format!(
                        "{}'s token endpoint did not answer: {}",
                        self.service, e.message
                    ),
                )
            })
    }
}
