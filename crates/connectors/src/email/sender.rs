//! Sends messages through one `smtp` credential: paced per credential, retried with backoff on
//! transient failures (4xx replies, dropped connections, timeouts), never on 5xx.

use super::credential::{SmtpCredential, TlsMode};
use super::error::EmailError;
use super::message::Email;
use super::pacing;
use backon::{BackoffBuilder, ExponentialBuilder};
use governor::DefaultDirectRateLimiter;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;

/// Retry and timing settings. The defaults suit real servers; tests shorten them.
#[derive(Debug, Clone, PartialEq)]
pub struct SendOptions {
    /// One SMTP conversation's time limit (per command).
    pub timeout: Duration,
    /// Retries after a transient failure.
    pub max_retries: usize,
    /// Exponential backoff (with jitter) between retries.
    pub backoff_min: Duration,
    pub backoff_max: Duration,
}

impl Default for SendOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_retries: 3,
            backoff_min: Duration::from_secs(1),
            backoff_max: Duration::from_secs(30),
        }
    }
}

/// What the server accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub message_id: String,
    pub accepted: Vec<String>,
}

/// An SMTP client for one credential.
pub struct SmtpSender {
    credential: SmtpCredential,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    limiter: Arc<DefaultDirectRateLimiter>,
    options: SendOptions,
}

impl SmtpSender {
    /// A sender for `credential`, paced by the credential's process-wide limiter.
    pub fn new(credential: SmtpCredential, options: SendOptions) -> Result<Self, EmailError> {
        let host = credential.host.clone();
        let tls_error = |e: lettre::transport::smtp::Error| {
            EmailError::config(format!("TLS settings for {host} are not usable: {e}"))
        };
        let tls = match credential.tls {
            TlsMode::None => Tls::None,
            TlsMode::StartTls => {
                Tls::Required(TlsParameters::new(host.clone()).map_err(tls_error)?)
            }
            TlsMode::Tls => Tls::Wrapper(TlsParameters::new(host.clone()).map_err(tls_error)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str())
            .port(credential.port)
            .tls(tls)
            .timeout(Some(options.timeout));
        if !credential.username.is_empty() {
            builder = builder
                .credentials(Credentials::new(
                    credential.username.clone(),
                    credential.password.expose().clone(),
                ))
                .authentication(vec![Mechanism::Plain, Mechanism::Login]);
        }
        let limiter = pacing::limiter_for(&credential.id, credential.rate_per_second);
        Ok(Self {
            transport: builder.build(),
            credential,
            limiter,
            options,
        })
    }

    pub fn credential(&self) -> &SmtpCredential {
        &self.credential
    }

    /// A new Message-ID, `<uuid@domain of the sender>`.
    pub fn new_message_id(email: &Email) -> String {
        format!("<{}@{}>", uuid::Uuid::new_v4(), email.from.email.domain())
    }

    /// Sends one message (waiting for the pacer first, and again before each retry).
    pub async fn send(&self, email: &Email) -> Result<Sent, EmailError> {
        let message_id = Self::new_message_id(email);
        let message = email.build(&message_id)?;
        let mut backoff = ExponentialBuilder::default()
            .with_min_delay(self.options.backoff_min)
            .with_max_delay(self.options.backoff_max)
            .with_max_times(self.options.max_retries)
            .with_jitter()
            .build();
        loop {
            pacing::until_ready(&self.limiter).await;
            match self.transport.send(message.clone()).await {
                Ok(_) => {
                    return Ok(Sent {
                        message_id,
                        accepted: email.recipients(),
                    });
                }
                Err(error) => {
                    let error = EmailError::from_smtp(&error, &self.credential.host);
                    let delay = if error.is_transient() {
                        backoff.next()
                    } else {
                        None
                    };
                    let Some(delay) = delay else {
                        return Err(error);
                    };
                    tracing::debug!(credential = %self.credential.id, status = ?error.status, delay_ms = delay.as_millis() as u64, "SMTP send failed; retrying");
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use switchyard_secrets::Sensitive;

    #[test]
    fn builds_a_transport_for_every_tls_mode() {
        for (tls, host) in [
            ("starttls", "smtp.example.com"),
            ("tls", "smtp.example.com"),
            ("none", "localhost"),
        ] {
            let json = json!({"type": "smtp", "host": host, "username": "u@example.com", "password": "p", "tls": tls});
            let credential = SmtpCredential::from_json("builds", &Sensitive::new(json)).unwrap();
            let sender = SmtpSender::new(credential, SendOptions::default()).unwrap();
            assert_eq!(sender.credential().host, host);
        }
    }
}
