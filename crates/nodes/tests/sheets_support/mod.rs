//! Helpers for the Sheets node tests: a fake Google Sheets, a vault holding a service-account
//! credential for it, and a workflow run with quick retry settings.
#![allow(dead_code)]

use crate::common::{doc, plan};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use switchyard_connectors::hubspot::{InMemoryUsage, UsageRecorder};
use switchyard_connectors::sheets::ClientOptions;
use switchyard_engine::{
    ExecuteOptions, RunMode, RunReport, RunRequest, event::CollectSink, execute,
};
use switchyard_fake_sheets::{FakeConfig, FakeSheets};
use switchyard_model::WorkflowDocument;
use switchyard_secrets::{InMemory, SecretBackend, Vault};
use tokio_util::sync::CancellationToken;

pub use switchyard_fake_sheets::SPREADSHEET_ID as ID;

pub struct Setup {
    pub fake: FakeSheets,
    pub vault: Vault,
    pub options: ClientOptions,
    pub usage: Arc<InMemoryUsage>,
}

/// A fake and a vault whose credential `gs` is a service account for it.
pub async fn setup(config: FakeConfig) -> Setup {
    let fake = FakeSheets::start(config).await.expect("fake");
    let credential = json!({ "type": "google.service_account", "key": fake.service_account_key(), "base_url": fake.base_url() });
    with_credential(fake, credential)
}

/// A fake and a vault holding `credential` as `gs` (in the environment).
pub fn with_credential(fake: FakeSheets, credential: Value) -> Setup {
    let keychain = Arc::new(InMemory::default());
    let env = HashMap::from([(
        "SWITCHYARD_CREDENTIAL_GS".to_owned(),
        credential.to_string(),
    )]);
    let backend: Arc<dyn SecretBackend> = keychain;
    Setup {
        fake,
        vault: Vault::with(backend, env),
        options: quick(),
        usage: Arc::new(InMemoryUsage::new()),
    }
}

/// Short backoff (10 ms, 20 ms …), generous pacing.
pub fn quick() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(5),
        max_retries: 3,
        max_wait: Duration::from_secs(20),
        rate_backoff_min: Duration::from_millis(10),
        rate_backoff_max: Duration::from_millis(80),
        backoff_min: Duration::from_millis(10),
        backoff_max: Duration::from_millis(50),
        refresh_margin: Duration::from_secs(60),
        per_minute: 6000,
        burst: 100,
    }
}

/// A manual trigger feeding node `gs` of type `node_type` with credential `gs`.
pub fn workflow(node_type: &str, params: Value) -> WorkflowDocument {
    doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "gs", "type": node_type, "credential": "gs", "params": params, "on_error": "error_port" }
        ]),
        json!([ { "from": "t", "to": "gs" } ]),
    )
}

/// Runs `node_type` with `params` over `items` in test mode.
pub async fn run_node(
    setup: &Setup,
    node_type: &str,
    params: Value,
    items: Vec<Value>,
    dry_run: bool,
) -> RunReport {
    let plan = plan(&workflow(node_type, params));
    let mut request = RunRequest::new(RunMode::Test)
        .with_dry_run(dry_run)
        .with_trigger_items(items);
    request.extensions.insert(Arc::new(setup.vault.clone()));
    request.extensions.insert(Arc::new(setup.options.clone()));
    request
        .extensions
        .insert(Arc::new(UsageRecorder(setup.usage.clone())));
    let sink = CollectSink::default();
    execute(
        &plan,
        request,
        &ExecuteOptions::default(),
        &sink,
        CancellationToken::new(),
    )
    .await
}

pub async fn run(setup: &Setup, node_type: &str, params: Value, items: Vec<Value>) -> RunReport {
    run_node(setup, node_type, params, items, false).await
}

/// The `error` of each item on the error port.
pub fn errors(report: &RunReport) -> Vec<Value> {
    crate::common::out(report, "gs", "error")
        .into_iter()
        .map(|i| i["error"].clone())
        .collect()
}

/// (method, decoded path) of every request the fake received.
pub fn calls(setup: &Setup) -> Vec<(String, String)> {
    setup
        .fake
        .requests()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect()
}
