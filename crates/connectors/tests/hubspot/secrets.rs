//! Secrets stay out of recorded exchanges, error messages and log lines.

use crate::common::*;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use switchyard_connectors::http::{ExchangeLog, Http, RecordedExchange};
use switchyard_connectors::hubspot::{HubSpotClient, HubSpotCredential, ObjectType::*};
use switchyard_fake_hubspot::FakeConfig;
use switchyard_secrets::Sensitive;

#[derive(Default)]
struct Tape(Mutex<Vec<RecordedExchange>>);

impl ExchangeLog for Tape {
    fn record(&self, exchange: RecordedExchange) {
        if let Ok(mut tape) = self.0.lock() {
            tape.push(exchange);
        }
    }
}

#[derive(Clone, Default)]
struct Lines(Arc<Mutex<Vec<u8>>>);

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut lines) = self.0.lock() {
            lines.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tokens_appear_in_no_recording_error_or_log_line() {
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let fake = fake(FakeConfig::default()).await;
    let app = fake.oauth_app();
    let tape = Arc::new(Tape::default());
    let http = Arc::new(Http::live().recording(tape.clone()));
    let credential = HubSpotCredential::from_json(
        "hs-secret",
        &Sensitive::new(json!({
            "type": "hubspot.oauth", "client_id": app.client_id, "client_secret": app.client_secret,
            "refresh_token": app.refresh_tokens[0], "base_url": fake.base_url(),
        })),
    )
    .expect("credential");
    let hs = HubSpotClient::new(http.clone(), credential)
        .with_node_id("crm")
        .with_options(quick());
    let id = fake.seed("contacts", contact("a@x.io"));
    hs.get(Contacts, &id, None, &[]).await.expect("get");
    fake.fail_next(1, 503);
    hs.get(Contacts, &id, None, &[])
        .await
        .expect("get after a retry");
    let error = hs.get(Contacts, "nope", None, &[]).await.expect_err("404");

    let private = HubSpotClient::new(
        http,
        HubSpotCredential::private_app("hs-pat", fake.token(), Some(fake.base_url())),
    )
    .with_options(quick());
    let wrong = HubSpotClient::new(
        Arc::new(Http::live()),
        HubSpotCredential::private_app("hs-bad", "pat-na1-planted-secret", Some(fake.base_url())),
    );
    private
        .get(Contacts, &id, None, &[])
        .await
        .expect("private get");
    let refused = wrong.get(Contacts, &id, None, &[]).await.expect_err("401");

    let access: Vec<String> = fake
        .log()
        .iter()
        .filter_map(|r| r.authorization.clone())
        .filter_map(|a| a.strip_prefix("Bearer ").map(str::to_owned))
        .collect();
    assert!(access.iter().any(|t| t.starts_with("fake-oauth-access-")));
    let secrets: Vec<String> = access
        .into_iter()
        .chain([
            app.client_secret.clone(),
            app.refresh_tokens[0].clone(),
            "pat-na1-planted-secret".into(),
        ])
        .collect();

    let recorded = serde_json::to_string(&*tape.0.lock().expect("tape")).expect("json");
    assert!(recorded.contains("***"), "authorization is masked");
    assert!(
        !recorded.contains("/oauth/v1/token"),
        "token exchanges are not recorded"
    );
    let logged = String::from_utf8(lines.0.lock().expect("lines").clone()).expect("utf-8");
    assert!(
        logged.contains("refreshed the HubSpot OAuth access token"),
        "{logged}"
    );
    let messages = format!(
        "{error} {error:?} {refused} {refused:?} {:?}",
        hs.credential()
    );
    for secret in &secrets {
        assert!(!recorded.contains(secret.as_str()), "recorded: {secret}");
        assert!(!logged.contains(secret.as_str()), "logged: {secret}");
        assert!(
            !messages.contains(secret.as_str()),
            "in a message: {secret}"
        );
    }
}
