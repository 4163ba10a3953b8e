//! Helpers: a fake, a client for it, quick retry settings.
#![allow(dead_code)]

use serde_json::{Map, Value, json};
use std::sync::Arc;
use std::time::Duration;
use switchyard_connectors::http::Http;
use switchyard_connectors::hubspot::{
    ClientOptions, HubSpotClient, HubSpotCredential, IdInput, RecordInput,
};
use switchyard_fake_hubspot::{FakeConfig, FakeHubSpot};

pub async fn fake(config: FakeConfig) -> FakeHubSpot {
    FakeHubSpot::start(config).await.expect("the fake starts")
}

/// Retries that finish quickly.
pub fn quick() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(5),
        max_retries: 5,
        max_wait: Duration::from_secs(30),
        backoff_min: Duration::from_millis(20),
        backoff_max: Duration::from_millis(200),
        refresh_margin: Duration::from_secs(60),
    }
}

/// A private-app client for the fake's default token.
pub fn client(fake: &FakeHubSpot) -> HubSpotClient {
    client_with_token(fake, fake.token())
}

pub fn client_with_token(fake: &FakeHubSpot, token: &str) -> HubSpotClient {
    HubSpotClient::new(
        Arc::new(Http::live()),
        HubSpotCredential::private_app("hs-test", token, Some(fake.base_url())),
    )
    .with_node_id("test")
    .with_options(quick())
}

pub fn props(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

pub fn input(value: Value) -> RecordInput {
    RecordInput::new(props(value))
}

pub fn id_input(id: &str, value: Value) -> IdInput {
    IdInput {
        id: id.to_owned(),
        properties: props(value),
    }
}

pub fn contact(email: &str) -> Value {
    json!({ "email": email, "firstname": "Ada" })
}
