//! `email.send` through the engine, against a real SMTP sink on 127.0.0.1 started by each test:
//! the arrived messages are parsed (`mail-parser`) and checked; pacing, retries on 4xx, no retry
//! on 5xx, auth failures and dry runs. Plus one short real `flow.wait` until a local time.

mod common;
mod email_support;

use common::*;
use email_support::*;
use mail_parser::{MessageParser, MimeHeaders};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use switchyard_connectors::email::SendOptions;
use switchyard_engine::{
    ExecuteOptions, RunMode, RunReport, RunRequest, RunStatus, event::CollectSink, execute,
};
use switchyard_secrets::{InMemory, SecretBackend, Vault};
use tokio_util::sync::CancellationToken;

/// Credential `id` (unique per test: pacers are per credential and process-wide) for `sink`.
fn credential(sink: &SmtpSink, extra: Value) -> Value {
    let mut c = json!({ "type": "smtp", "host": "127.0.0.1", "port": sink.port,
        "username": "bot@example.com", "password": "secret", "tls": "none", "rate_per_second": 100 });
    if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            c.insert(k.clone(), v.clone());
        }
    }
    c
}

/// Runs a manual trigger → `email.send` (id `mail`, credential `id`) over `items`.
async fn send(
    id: &str,
    credential: Value,
    params: Value,
    items: Vec<Value>,
    dry_run: bool,
) -> RunReport {
    let document = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "mail", "type": "email.send", "credential": id, "params": params, "on_error": "error_port" }
        ]),
        json!([ { "from": "t", "to": "mail" } ]),
    );
    let env = HashMap::from([(switchyard_secrets::env_var_name(id), credential.to_string())]);
    let backend: Arc<dyn SecretBackend> = Arc::new(InMemory::default());
    let mut request = RunRequest::new(RunMode::Test)
        .with_dry_run(dry_run)
        .with_trigger_items(items);
    request
        .extensions
        .insert(Arc::new(Vault::with(backend, env)));
    request.extensions.insert(Arc::new(SendOptions {
        timeout: Duration::from_secs(5),
        max_retries: 2,
        backoff_min: Duration::from_millis(20),
        backoff_max: Duration::from_millis(50),
    }));
    execute(
        &plan(&document),
        request,
        &ExecuteOptions::default(),
        &CollectSink::default(),
        CancellationToken::new(),
    )
    .await
}

fn errors(report: &RunReport) -> Vec<Value> {
    out(report, "mail", "error")
        .into_iter()
        .map(|i| i["error"].clone())
        .collect()
}

fn simple() -> Value {
    json!({ "to": "{{ $json.email }}", "subject": "Hi", "text": "Hello" })
}

#[tokio::test]
async fn sends_headers_bodies_and_attachments_that_arrive_intact() {
    let sink = SmtpSink::start(Knobs::default()).await;
    let params = json!({
        "from": "Team <team@example.com>",
        "to": "{{ $json.name }} <{{ $json.email }}>",
        "cc": ["cc1@example.com", "Cc Two <cc2@example.com>"],
        "bcc": "hidden@example.com",
        "reply_to": "help@example.com",
        "subject": "Welcome, {{ $json.name }}!",
        "text": "Hello {{ $json.name }}, item {{ $index }}.",
        "html": "<p>Hello <b>{{ $json.name }}</b></p>",
        "attachments": [ { "filename": "{{ $json.name }}.txt", "content": "{{ $json.file }}", "content_type": "text/plain" } ]
    });
    let items = vec![
        json!({ "name": "Ann", "email": "ann@example.com", "file": "aGVsbG8gQW5u" }),
        json!({ "name": "Bo", "email": "bo@example.com", "file": "aGVsbG8gQm8=" }),
    ];
    let report = send(
        "mail-full",
        credential(&sink, json!({})),
        params,
        items,
        false,
    )
    .await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    let outs = out(&report, "mail", "main");
    assert_eq!(outs.len(), 2);
    assert_eq!(
        outs[0]["accepted"],
        json!([
            "ann@example.com",
            "cc1@example.com",
            "cc2@example.com",
            "hidden@example.com"
        ])
    );
    let received = sink.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].user.as_deref(), Some("bot@example.com"));
    assert_eq!(received[0].mail_from, "team@example.com");
    assert!(
        received[0]
            .rcpt_to
            .contains(&"hidden@example.com".to_owned())
    );
    for (i, (name, body)) in [("Ann", "hello Ann"), ("Bo", "hello Bo")]
        .iter()
        .enumerate()
    {
        let m = MessageParser::default()
            .parse(&received[i].data)
            .expect("parse");
        assert_eq!(m.subject(), Some(format!("Welcome, {name}!").as_str()));
        let from = m.from().and_then(|a| a.first()).expect("from");
        assert_eq!(
            (from.name(), from.address()),
            (Some("Team"), Some("team@example.com"))
        );
        let to = m.to().and_then(|a| a.first()).expect("to");
        assert_eq!(to.name(), Some(*name));
        let cc: Vec<_> = m
            .cc()
            .expect("cc")
            .iter()
            .filter_map(|a| a.address())
            .collect();
        assert_eq!(cc, ["cc1@example.com", "cc2@example.com"]);
        assert!(m.bcc().is_none(), "Bcc must not be a header");
        assert_eq!(
            m.reply_to()
                .and_then(|a| a.first())
                .and_then(|a| a.address()),
            Some("help@example.com")
        );
        assert_eq!(
            m.body_text(0).expect("text").trim(),
            format!("Hello {name}, item {i}.")
        );
        assert_eq!(
            m.body_html(0).expect("html").trim(),
            format!("<p>Hello <b>{name}</b></p>")
        );
        let attachment = m.attachment(0).expect("attachment");
        assert_eq!(
            attachment.attachment_name(),
            Some(format!("{name}.txt").as_str())
        );
        assert_eq!(attachment.contents(), body.as_bytes());
        let id = outs[i]["message_id"].as_str().expect("id");
        assert_eq!(Some(id.trim_matches(['<', '>'])), m.message_id());
    }
}

#[tokio::test]
async fn invalid_addresses_fail_the_item_naming_the_field() {
    let sink = SmtpSink::start(Knobs::default()).await;
    let params =
        json!({ "to": "{{ $json.email }}", "cc": "{{ $json.cc }}", "subject": "s", "text": "t" });
    let items = vec![
        json!({ "email": "ok@example.com", "cc": "" }),
        json!({ "email": "ok@example.com", "cc": "not an address" }),
        json!({ "email": "", "cc": "" }),
    ];
    let report = send(
        "mail-invalid",
        credential(&sink, json!({})),
        params,
        items,
        false,
    )
    .await;
    let errors = errors(&report);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["kind"], "validation");
    assert!(
        errors[0]["message"].as_str().unwrap().contains("\"cc\""),
        "{}",
        errors[0]
    );
    assert!(
        errors[1]["message"].as_str().unwrap().contains("\"to\""),
        "{}",
        errors[1]
    );
    assert_eq!(sink.received().len(), 1);
}

#[tokio::test]
async fn sends_are_paced_per_credential() {
    let sink = SmtpSink::start(Knobs::default()).await;
    let items: Vec<Value> = (0..4)
        .map(|i| json!({ "email": format!("p{i}@example.com") }))
        .collect();
    let cred = credential(&sink, json!({ "rate_per_second": 10 }));
    let start = Instant::now();
    let report = send("mail-paced", cred, simple(), items, false).await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    let received = sink.received();
    assert_eq!(received.len(), 4);
    for pair in received.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(gap >= Duration::from_millis(60), "gap {gap:?}");
    }
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_transient_4xx_is_retried() {
    let sink = SmtpSink::start(Knobs {
        transient_failures: 1,
        transient_reply: "451 4.3.0 try again later".into(),
        ..Knobs::default()
    })
    .await;
    let items = vec![json!({ "email": "r@example.com" })];
    let report = send(
        "mail-retry",
        credential(&sink, json!({})),
        simple(),
        items,
        false,
    )
    .await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    assert_eq!(out(&report, "mail", "main").len(), 1);
    assert_eq!((sink.transactions(), sink.received().len()), (2, 1));
}

#[tokio::test]
async fn a_lasting_4xx_ends_rate_limited_after_the_retries() {
    let sink = SmtpSink::start(Knobs {
        transient_failures: 100,
        transient_reply: "421 4.7.0 too many messages, slow down".into(),
        ..Knobs::default()
    })
    .await;
    let items = vec![json!({ "email": "r@example.com" })];
    let report = send(
        "mail-421",
        credential(&sink, json!({})),
        simple(),
        items,
        false,
    )
    .await;
    let errors = errors(&report);
    assert_eq!(errors[0]["kind"], "rate_limited", "{errors:?}");
    assert_eq!(errors[0]["status"], 421);
    assert_eq!(sink.transactions(), 3, "one try and two retries");
}

#[tokio::test]
async fn a_5xx_is_not_retried_and_keeps_the_server_text() {
    let sink = SmtpSink::start(Knobs {
        reject_recipient: Some("gone@example.com".into()),
        ..Knobs::default()
    })
    .await;
    let items = vec![
        json!({ "email": "gone@example.com" }),
        json!({ "email": "here@example.com" }),
    ];
    let report = send(
        "mail-550",
        credential(&sink, json!({})),
        simple(),
        items,
        false,
    )
    .await;
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["kind"], "validation");
    assert_eq!(errors[0]["status"], 550);
    let message = errors[0]["message"].as_str().unwrap();
    assert!(
        message.contains("550") && message.contains("mailbox unavailable"),
        "{message}"
    );
    assert_eq!(sink.transactions(), 2, "no retry of the 550");
    assert_eq!(out(&report, "mail", "main").len(), 1);
}

#[tokio::test]
async fn a_refused_login_is_an_auth_error() {
    let sink = SmtpSink::start(Knobs {
        login: Some(("bot@example.com".into(), "right".into())),
        ..Knobs::default()
    })
    .await;
    let items = vec![json!({ "email": "a@example.com" })];
    let report = send(
        "mail-auth",
        credential(&sink, json!({ "password": "wrong" })),
        simple(),
        items,
        false,
    )
    .await;
    let errors = errors(&report);
    assert_eq!(errors[0]["kind"], "auth", "{errors:?}");
    assert_eq!(errors[0]["status"], 535);
    assert!(sink.received().is_empty());
}

#[tokio::test]
async fn a_closed_port_is_a_network_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let cred = json!({ "type": "smtp", "host": "127.0.0.1", "port": port, "username": "bot@example.com",
        "password": "x", "tls": "none", "rate_per_second": 100 });
    let items = vec![json!({ "email": "a@example.com" })];
    let report = send("mail-closed", cred, simple(), items, false).await;
    assert_eq!(
        errors(&report)[0]["kind"],
        "network",
        "{:?}",
        errors(&report)
    );
}

#[tokio::test]
async fn a_dry_run_shows_the_message_and_sends_nothing() {
    let sink = SmtpSink::start(Knobs::default()).await;
    let params = json!({ "to": "{{ $json.email }}", "bcc": ["b@example.com"], "subject": "Hi {{ $json.name }}",
        "text": "t", "html": "<p>h</p>", "attachments": [ { "filename": "a.bin", "content": "AAEC" } ] });
    let items = vec![json!({ "email": "d@example.com", "name": "Di" })];
    let report = send(
        "mail-dry",
        credential(&sink, json!({})),
        params,
        items,
        true,
    )
    .await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    let item = &out(&report, "mail", "main")[0];
    assert_eq!(item["dry_run"], true);
    let m = &item["message"];
    assert_eq!(m["from"], "bot@example.com");
    assert_eq!(
        (m["to"].clone(), m["bcc"].clone()),
        (json!(["d@example.com"]), json!(["b@example.com"]))
    );
    assert_eq!(
        (m["subject"].as_str(), m["html"].as_str()),
        (Some("Hi Di"), Some("<p>h</p>"))
    );
    assert_eq!(m["attachments"][0]["filename"], "a.bin");
    assert_eq!(m["attachments"][0]["bytes"], 3);
    assert_eq!(sink.transactions(), 0);
}

#[tokio::test]
async fn flow_wait_until_a_local_time_really_waits() {
    let zone: chrono_tz::Tz = "Asia/Kolkata".parse().unwrap();
    let at = (chrono::Utc::now() + chrono::Duration::seconds(2)).with_timezone(&zone);
    let document = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "w", "type": "flow.wait", "params": { "until": { "at": at.format("%H:%M:%S").to_string(), "timezone": "{{ $json.tz }}" } } }
        ]),
        json!([ { "from": "t", "to": "w" } ]),
    );
    let start = Instant::now();
    let report = run(&document, Some(json!({ "tz": "Asia/Kolkata" }))).await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    assert_eq!(out(&report, "w", "main").len(), 1);
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(4),
        "{waited:?}"
    );
}

#[test]
fn params_are_checked_when_the_workflow_is_read() {
    let registry = switchyard_nodes::builtin_registry();
    let with = |params: Value| {
        let document = doc(
            json!([
                { "id": "t", "type": "trigger.manual" },
                { "id": "mail", "type": "email.send", "credential": "smtp", "params": params }
            ]),
            json!([ { "from": "t", "to": "mail" } ]),
        );
        switchyard_engine::compile(&document, &registry).is_ok()
    };
    assert!(with(
        json!({ "to": "a@example.com", "subject": "s", "text": "t" })
    ));
    assert!(
        !with(json!({ "to": "a@example.com", "text": "t" })),
        "subject is required"
    );
    assert!(!with(
        json!({ "to": "a@example.com", "subject": "s", "text": "t", "attachment": [] })
    ));
    assert!(
        !with(json!({ "to": "a@example.com", "subject": "s", "text": "t",
        "attachments": [ { "filename": "a" } ] })),
        "an attachment needs content"
    );
}
