//! Helpers for the HubSpot node tests: a fake HubSpot, a vault holding a credential for it, and
//! a workflow run with quick retry settings and a usage log.
#![allow(dead_code)]

use crate::common::{doc, plan};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use switchyard_connectors::hubspot::{ClientOptions, InMemoryUsage, UsageRecorder};
use switchyard_engine::{
    ExecuteOptions, RunMode, RunReport, RunRequest, event::CollectSink, execute,
};
use switchyard_fake_hubspot::{FakeConfig, FakeHubSpot};
use switchyard_model::WorkflowDocument;
use switchyard_secrets::{InMemory, SecretBackend, Vault};
use tokio_util::sync::CancellationToken;

pub struct Setup {
    pub fake: FakeHubSpot,
    pub keychain: Arc<InMemory>,
    pub vault: Vault,
    pub usage: Arc<InMemoryUsage>,
}

/// A fake and a vault whose credential `hs` (in the environment) is a private app for it.
pub async fn setup(config: FakeConfig) -> Setup {
    let fake = FakeHubSpot::start(config).await.expect("fake");
    let credential = json!({ "type": "hubspot.private_app", "token": fake.token(), "base_url": fake.base_url() });
    with_credential(fake, credential, true)
}

/// A fake and a vault whose credential `hs` is a private app with `token` (which the fake may
/// or may not know).
pub async fn setup_token(config: FakeConfig, token: &str) -> Setup {
    let fake = FakeHubSpot::start(config).await.expect("fake");
    let credential =
        json!({ "type": "hubspot.private_app", "token": token, "base_url": fake.base_url() });
    with_credential(fake, credential, true)
}

/// A fake and a vault holding `credential` as `hs`: in the environment, or in the keychain.
pub fn with_credential(fake: FakeHubSpot, credential: Value, in_env: bool) -> Setup {
    let keychain = Arc::new(InMemory::default());
    let mut env = HashMap::new();
    if in_env {
        env.insert(
            "SWITCHYARD_CREDENTIAL_HS".to_owned(),
            credential.to_string(),
        );
    } else {
        keychain
            .set("hs", &credential.to_string())
            .expect("keychain");
    }
    let backend: Arc<dyn SecretBackend> = keychain.clone();
    let vault = Vault::with(backend, env);
    Setup {
        fake,
        keychain,
        vault,
        usage: Arc::new(InMemoryUsage::new()),
    }
}

/// A manual trigger feeding node `crm` of type `node_type` with credential `hs`.
pub fn workflow(node_type: &str, params: Value) -> WorkflowDocument {
    doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "crm", "type": node_type, "credential": "hs", "params": params, "on_error": "error_port" }
        ]),
        json!([ { "from": "t", "to": "crm" } ]),
    )
}

pub fn quick() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(5),
        max_retries: 3,
        max_wait: Duration::from_secs(20),
        backoff_min: Duration::from_millis(20),
        backoff_max: Duration::from_millis(100),
        refresh_margin: Duration::from_secs(60),
    }
}

/// Runs `document` in test mode with `items` as the trigger's output.
pub async fn run_items(
    setup: &Setup,
    document: &WorkflowDocument,
    items: Vec<Value>,
    dry_run: bool,
) -> (RunReport, CollectSink) {
    let plan = plan(document);
    let mut request = RunRequest::new(RunMode::Test)
        .with_dry_run(dry_run)
        .with_trigger_items(items);
    request.extensions.insert(Arc::new(setup.vault.clone()));
    request.extensions.insert(Arc::new(quick()));
    request
        .extensions
        .insert(Arc::new(UsageRecorder(setup.usage.clone())));
    let sink = CollectSink::default();
    let report = execute(
        &plan,
        request,
        &ExecuteOptions::default(),
        &sink,
        CancellationToken::new(),
    )
    .await;
    (report, sink)
}

/// Runs `hubspot.crm` with `params` over `items`.
pub async fn crm(setup: &Setup, params: Value, items: Vec<Value>) -> RunReport {
    run_items(setup, &workflow("hubspot.crm", params), items, false)
        .await
        .0
}

/// `n` items `{ email: "c{i}@x.io", name: "N{i}" }`.
pub fn people(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({ "email": format!("c{i}@x.io"), "name": format!("N{i}") }))
        .collect()
}
