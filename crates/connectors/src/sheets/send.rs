//! Sending one call: pacing, authorisation, the request through the HTTP core, and retries. A
//! 429 backs off exponentially (1 s, 2 s, 4 s … up to 64 s, with jitter: Google's advice); 5xx,
//! timeouts and dropped connections back off too; a 401 for an expired token renews the token
//! once; other 4xx never retry. Retries and total waiting are bounded.

use super::client::{Call, SheetsClient};
use super::error::SheetsError;
use super::token;
use crate::http::ResponseData;
use crate::hubspot::{ErrorKind, UsageSample};
use backon::{BackoffBuilder, ExponentialBuilder};
use std::time::{Duration, Instant};

fn transient(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Server | ErrorKind::Timeout | ErrorKind::Network
    )
}

impl SheetsClient {
    /// Sends `call` and returns its 2xx answer, or the error it ended in after retries.
    pub async fn execute(&self, call: &Call) -> Result<ResponseData, SheetsError> {
        let options = self.options().clone();
        let started = Instant::now();
        let builder = |min: Duration, max: Duration| {
            ExponentialBuilder::default()
                .with_jitter()
                .with_factor(2.0)
                .with_min_delay(min)
                .with_max_delay(max)
                .with_max_times(options.max_retries)
                .build()
        };
        let mut rate_backoff = builder(options.rate_backoff_min, options.rate_backoff_max);
        let mut backoff = builder(options.backoff_min, options.backoff_max);
        let within = |wait: Duration| started.elapsed() + wait <= options.max_wait;
        let mut renewed = false;
        let mut rate_retries = 0usize;
        loop {
            self.pacer().acquire().await;
            let token = match self.bearer().await {
                Ok(token) => token,
                Err(error) if transient(error.kind) => {
                    match backoff.next().filter(|d| within(*d)) {
                        Some(delay) => {
                            tokio::time::sleep(delay).await;
                            continue;
                        }
                        None => return Err(error),
                    }
                }
                Err(error) => return Err(error),
            };
            let request = self.outgoing(call, &token);
            let answer = self
                .http()
                .send(self.node_id(), &request, options.timeout)
                .await;
            let response = match answer {
                Ok(response) => response,
                Err(failure) => {
                    let error = SheetsError::from_transport(&failure);
                    if !transient(error.kind) {
                        return Err(error);
                    }
                    match backoff.next().filter(|d| within(*d)) {
                        Some(delay) => {
                            tokio::time::sleep(delay).await;
                            continue;
                        }
                        None => return Err(error),
                    }
                }
            };
            if let Some(usage) = self.usage() {
                usage.record(&self.credential().id, &UsageSample::of(&response));
            }
            if response.is_success() {
                return Ok(response);
            }
            let error = SheetsError::from_response(&response, &self.credential().id);
            match response.status {
                429 => match rate_backoff.next().filter(|d| within(*d)) {
                    Some(delay) => {
                        rate_retries += 1;
                        tracing::debug!(credential = %self.credential().id, delay_ms = delay.as_millis() as u64, "Google Sheets answered 429; backing off");
                        tokio::time::sleep(delay).await;
                    }
                    None => {
                        let mut error = error;
                        error.message = format!(
                            "{} (still limited after {rate_retries} retries)",
                            error.message
                        );
                        return Err(error);
                    }
                },
                500..=599 => match backoff.next().filter(|d| within(*d)) {
                    Some(delay) => tokio::time::sleep(delay).await,
                    None => return Err(error),
                },
                401 if !renewed && expired(&response) => {
                    renewed = true;
                    token::invalidate(self).await;
                }
                _ => return Err(error),
            }
        }
    }
}

fn expired(response: &ResponseData) -> bool {
    response
        .body
        .pointer("/error/details/0/reason")
        .and_then(serde_json::Value::as_str)
        == Some("ACCESS_TOKEN_EXPIRED")
}
