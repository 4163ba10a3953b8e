//! E-mail failures mapped to the spec's error kinds: 535 → `auth`; other 5xx → `validation`
//! (the server's reply text kept); 4xx after retries → `rate_limited` (421, or a reply about
//! rates) or `server`; dropped connections → `network`; timeouts → `timeout`.

use std::error::Error as _;

/// The spec's error kinds that sending mail can end in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailErrorKind {
    Validation,
    Auth,
    RateLimited,
    Server,
    Timeout,
    Network,
    Config,
}

/// A failed send (or a message that could not be built).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct EmailError {
    pub kind: EmailErrorKind,
    pub message: String,
    /// The SMTP reply code, when the server answered with one.
    pub status: Option<u16>,
}

impl EmailError {
    pub fn new(kind: EmailErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
        }
    }

    pub fn config(message: impl Into<String>) -> Self {
        Self::new(EmailErrorKind::Config, message)
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(EmailErrorKind::Validation, message)
    }

    /// Whether sending again may succeed (4xx replies, dropped connections, timeouts).
    pub fn is_transient(&self) -> bool {
        match self.kind {
            EmailErrorKind::Network | EmailErrorKind::Timeout => true,
            _ => self.status.is_some_and(|s| (400..500).contains(&s)),
        }
    }

    /// Classifies a `lettre` SMTP error; `host` names the server in messages.
    pub fn from_smtp(error: &lettre::transport::smtp::Error, host: &str) -> Self {
        let reply = error
            .source()
            .map(|s| s.to_string())
            .unwrap_or_default()
            .trim()
            .to_owned();
        if let Some(code) = error.status() {
            let status = u16::from(code);
            let text = if reply.is_empty() {
                format!("{status}")
            } else {
                format!("{status} {reply}")
            };
            let (kind, message) = match status {
                530 | 534 | 535 => (
                    EmailErrorKind::Auth,
                    format!(
                        "the SMTP server {host} refused the login ({text}); check the credential's username and password"
                    ),
                ),
                500..=599 => (
                    EmailErrorKind::Validation,
                    format!("the SMTP server {host} refused the message: {text}"),
                ),
                _ if status == 421 || mentions_rate(&reply) => (
                    EmailErrorKind::RateLimited,
                    format!(
                        "the SMTP server {host} is limiting sends ({text}); lower the credential's rate_per_second or try later"
                    ),
                ),
                _ => (
                    EmailErrorKind::Server,
                    format!("the SMTP server {host} could not take the message now: {text}"),
                ),
            };
            return EmailError {
                kind,
                message,
                status: Some(status),
            };
        }
        let detail = error.to_string();
        if error.is_timeout() {
            EmailError::new(
                EmailErrorKind::Timeout,
                format!("the SMTP server {host} did not answer in time ({detail})"),
            )
        } else if error.is_tls() {
            EmailError::new(
                EmailErrorKind::Network,
                format!(
                    "TLS with the SMTP server {host} failed ({detail}); check \"tls\" and \"port\" in the credential"
                ),
            )
        } else if error.is_client() && detail.to_ascii_lowercase().contains("auth") {
            EmailError::new(
                EmailErrorKind::Auth,
                format!("could not log in to the SMTP server {host} ({detail})"),
            )
        } else if error.is_client() {
            EmailError::new(
                EmailErrorKind::Validation,
                format!("the message could not be sent: {detail}"),
            )
        } else {
            EmailError::new(
                EmailErrorKind::Network,
                format!("could not talk to the SMTP server {host} ({detail})"),
            )
        }
    }
}

fn mentions_rate(reply: &str) -> bool {
    let lower = reply.to_ascii_lowercase();
    ["rate", "too many", "throttl", "limit"]
        .iter()
        .any(|w| lower.contains(w))
}
