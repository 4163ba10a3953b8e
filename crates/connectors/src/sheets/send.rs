//! Sending one call: pacing, authorisation, the request through the HTTP core, and retries. A
//! 429 backs off exponentially (1 s, 2 s, 4 s … up to 64 s, with jitter: Google's advice); 5xx,
//! timeouts and dropped connections back off too; a 401 for an expired token renews the token
//! once; other 4xx never retry. Retries and total waiting are bounded.

use super::client::{Call, SheetsClient};
use super::error::SheetsError;
use super::token;
use crate::http::ResponseData;
use crate::http::retry::Retries;
use crate::hubspot::UsageSample;
use std::time::{Duration, Instant};

impl SheetsClient {
    /// Sends `call` and returns its 2xx answer, or the error it ended in after retries.
    pub async fn execute(&self, call: &Call) -> Result<ResponseData, SheetsError> {
        let options = self.options().clone();
        let started = Instant::now();
        let retries_of = |min: Duration, max: Duration| {
            Retries::new(started, options.max_wait, min, max, options.max_retries)
        };
        let mut rate_retries_left = retries_of(options.rate_backoff_min, options.rate_backoff_max);
        let mut retries = retries_of(options.backoff_min, options.backoff_max);
        let mut renewed = false;
        let mut rate_retries = 0usize;
        loop {
            self.pacer().acquire().await;
            let token = match self.bearer().await {
                Ok(token) => token,
                Err(error) if error.kind.is_transient() => {
                    retries.wait_or(error).await?;
                    continue;
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
                    if !error.kind.is_transient() {
                        return Err(error);
                    }
                    retries.wait_or(error).await?;
                    continue;
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
                429 => match rate_retries_left.next_delay() {
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
                500..=599 => retries.wait_or(error).await?,
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
