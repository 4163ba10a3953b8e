//! Sending one call: pacing, authorisation, the request through the HTTP core, usage, and the
//! retries the spec asks for. A 429 waits until the rolling window frees a slot (or for
//! `Retry-After`); 5xx, timeouts and dropped connections back off exponentially with jitter
//! (`backon`); other 4xx never retry. Retries and total waiting are bounded.

use super::client::{Call, HubSpotClient};
use super::credential::Auth;
use super::error::HubSpotError;
use super::oauth;
use super::pacing::Lane;
use super::usage::UsageSample;
use crate::http::ResponseData;
use crate::http::retry::Retries;
use serde_json::Value;
use std::time::{Duration, Instant};

impl HubSpotClient {
    /// Sends `call` and returns its 2xx answer, or the error it ended in after retries.
    pub async fn execute(&self, call: &Call) -> Result<ResponseData, HubSpotError> {
        let options = self.options().clone();
        let mut retries = Retries::new(
            Instant::now(),
            options.max_wait,
            options.backoff_min,
            options.backoff_max,
            options.max_retries,
        );
        let mut rate_retries = 0usize;
        let mut reauthorised = false;
        loop {
            let ticket = self.pacer().acquire(call.lane).await?;
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
                    let error = HubSpotError::from_transport(&failure);
                    if !error.kind.is_transient() {
                        return Err(error);
                    }
                    retries.wait_or(error).await?;
                    continue;
                }
            };
            if call.lane == Lane::Standard {
                self.pacer().observe(&response);
            }
            if let Some(usage) = self.usage() {
                usage.record(&self.credential().id, &UsageSample::of(&response));
            }
            if response.is_success() {
                return Ok(response);
            }
            let error = HubSpotError::from_response(
                &response,
                &self.credential().id,
                call.scope.as_deref(),
            );
            match response.status {
                429 => {
                    if policy(&response) == Some("DAILY") {
                        self.pacer().daily_exhausted();
                        return Err(daily_error(error));
                    }
                    let retry_after = retry_after(&response);
                    let wait = self.pacer().on_429(ticket, retry_after);
                    tracing::debug!(credential = %self.credential().id, wait_ms = wait.as_millis() as u64, policy = ?policy(&response), "HubSpot answered 429; waiting for the window");
                    if rate_retries >= options.max_retries || !retries.allows(wait) {
                        return Err(rate_limited(error, rate_retries));
                    }
                    rate_retries += 1;
                }
                500..=599 => retries.wait_or(error).await?,
                401 if !reauthorised && is_expired(&response) => {
                    // The stored token was older than it said: refresh once and try again.
                    let Auth::OAuth(grant) = &self.credential().auth else {
                        return Err(error);
                    };
                    reauthorised = true;
                    oauth::invalidate(self, grant).await;
                }
                _ => return Err(error),
            }
        }
    }
}

fn policy(response: &ResponseData) -> Option<&str> {
    response.body.get("policyName").and_then(Value::as_str)
}

fn is_expired(response: &ResponseData) -> bool {
    response.body.get("category").and_then(Value::as_str) == Some("EXPIRED_AUTHENTICATION")
}

/// `Retry-After` in seconds (HTTP's rule). HubSpot's error-handling page reportedly says
/// milliseconds, so a value too large to be seconds (over 5 minutes) is read as milliseconds.
fn retry_after(response: &ResponseData) -> Option<Duration> {
    let value: u64 = response.header("retry-after")?.trim().parse().ok()?;
    Some(if value > 300 {
        Duration::from_millis(value)
    } else {
        Duration::from_secs(value)
    })
}

fn rate_limited(mut error: HubSpotError, retries: usize) -> HubSpotError {
    error.message = format!("{} (still limited after {retries} retries)", error.message);
    error
}

fn daily_error(mut error: HubSpotError) -> HubSpotError {
    error.message = format!(
        "{} HubSpot's daily API limit for this account is used up; it resets at midnight in the account's time zone.",
        error.message
    );
    error
}
