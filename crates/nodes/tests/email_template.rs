//! The shipped `welcome-email` template end to end: a fake HubSpot holds the contacts, a real
//! SMTP sink on 127.0.0.1 receives the mail. The 09:00 wait is shortened to `ms: 0` here (its
//! computation is tested in `flow_wait`); everything else runs as shipped.

mod common;
mod email_support;

use common::*;
use email_support::*;
use mail_parser::MessageParser;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use switchyard_connectors::email::SendOptions;
use switchyard_connectors::hubspot::ClientOptions;
use switchyard_engine::{
    ExecuteOptions, RunMode, RunRequest, RunStatus, event::CollectSink, execute,
};
use switchyard_fake_hubspot::{FakeConfig, FakeHubSpot};
use switchyard_model::read_document;
use switchyard_secrets::{InMemory, SecretBackend, Vault, env_var_name};
use tokio_util::sync::CancellationToken;

fn signup(email: &str) -> Value {
    json!({ "method": "POST", "path": "/webhook/signup", "headers": {}, "query": {}, "body": { "email": email } })
}

/// The template with the 09:00 wait shortened, and `pinned` as its pins.
fn template(pinned: Value) -> switchyard_model::WorkflowDocument {
    let text = include_str!("../../../assets/templates/welcome-email.flow.json");
    let mut root: Value = serde_json::from_str(text).expect("json");
    for node in root["nodes"].as_array_mut().expect("nodes") {
        if node["id"] == "nine-am" {
            node["params"] = json!({ "ms": 0 });
        }
    }
    root["pinned"] = pinned;
    let (document, problems) = read_document(&root.to_string());
    assert!(problems.is_empty(), "{problems:?}");
    document.expect("document")
}

/// Runs `document` on signups of `emails` with credentials for `fake` and `sink`; the
/// subjects of the messages that arrived, by recipient.
async fn run_template(
    document: &switchyard_model::WorkflowDocument,
    fake: &FakeHubSpot,
    sink: &SmtpSink,
    emails: &[&str],
) -> Vec<(String, String)> {
    let env = HashMap::from([
        (
            env_var_name("hubspot"),
            json!({ "type": "hubspot.private_app", "token": fake.token(), "base_url": fake.base_url() }).to_string(),
        ),
        (
            env_var_name("smtp"),
            json!({ "type": "smtp", "host": "127.0.0.1", "port": sink.port, "username": "hello@example.com",
                "password": "pw", "tls": "none", "rate_per_second": 100 })
            .to_string(),
        ),
    ]);
    let backend: Arc<dyn SecretBackend> = Arc::new(InMemory::default());
    let items = emails.iter().map(|e| signup(e)).collect();
    let mut request = RunRequest::new(RunMode::Test).with_trigger_items(items);
    request
        .extensions
        .insert(Arc::new(Vault::with(backend, env)));
    request.extensions.insert(Arc::new(ClientOptions {
        backoff_min: Duration::from_millis(20),
        backoff_max: Duration::from_millis(100),
        ..ClientOptions::default()
    }));
    request.extensions.insert(Arc::new(SendOptions::default()));
    let report = execute(
        &plan(document),
        request,
        &ExecuteOptions::default(),
        &CollectSink::default(),
        CancellationToken::new(),
    )
    .await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    sink.received()
        .iter()
        .map(|r| {
            let m = MessageParser::default().parse(&r.data).expect("parse");
            assert!(m.body_html(0).is_some() && m.body_text(0).is_some());
            (r.rcpt_to.join(","), m.subject().unwrap_or("").to_owned())
        })
        .collect()
}

fn pair(to: &str, subject: &str) -> (String, String) {
    (to.to_owned(), subject.to_owned())
}

#[tokio::test]
async fn welcome_template_reads_the_contacts_from_hubspot_and_mails_them() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    fake.seed(
        "contacts",
        json!({ "email": "ada@example.com", "firstname": "Ada" }),
    );
    fake.seed("contacts", json!({ "email": "cy@example.com" }));
    let sink = SmtpSink::start(Knobs::default()).await;
    let document = template(json!({}));
    let sent = run_template(
        &document,
        &fake,
        &sink,
        &["ada@example.com", "cy@example.com"],
    )
    .await;
    assert_eq!(
        sent,
        [
            pair("ada@example.com", "Welcome aboard, Ada!"),
            pair("cy@example.com", "Welcome aboard, there!")
        ]
    );
}

/// The fake HubSpot has no `hs_email_optout`/`hs_timezone` properties, so the contacts are
/// pinned here as HubSpot returns them.
#[tokio::test]
async fn welcome_template_skips_contacts_who_opted_out() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let sink = SmtpSink::start(Knobs::default()).await;
    let contact = |email: &str, name: &str, optout: Value| {
        json!({ "id": "1", "createdAt": "2026-11-28T20:00:00.000Z", "updatedAt": "2026-11-28T20:00:00.000Z",
            "properties": { "email": email, "firstname": name, "hs_timezone": "europe_slash_berlin", "hs_email_optout": optout } })
    };
    let document = template(json!({ "contact": [
        contact("ada@example.com", "Ada", json!("false")),
        contact("bob@example.com", "Bob", json!("true")),
        contact("cy@example.com", "Cy", Value::Null),
    ] }));
    let sent = run_template(&document, &fake, &sink, &["ada@example.com"]).await;
    assert_eq!(
        sent,
        [
            pair("ada@example.com", "Welcome aboard, Ada!"),
            pair("cy@example.com", "Welcome aboard, Cy!")
        ]
    );
}
