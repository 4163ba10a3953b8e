//! `hubspot.crm` and `hubspot.owners` through the engine: error kinds, param validation, OAuth
//! refresh stored back in the keychain, owners, usage, and a planted token that must show up
//! nowhere.

mod common;
mod hubspot_support;

use common::*;
use hubspot_support::*;
use serde_json::{Value, json};
use std::io::Write;
use std::sync::{Arc, Mutex};
use switchyard_engine::{ErrorKind, RunStatus, compile};
use switchyard_fake_hubspot::{FakeConfig, FakeHubSpot};
use switchyard_secrets::SecretBackend;

fn error_of(report: &switchyard_engine::RunReport) -> Value {
    out(report, "crm", "error")
        .first()
        .map(|i| i["error"].clone())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn hubspot_errors_reach_items_with_their_kinds() {
    let s = setup(FakeConfig::default()).await;
    let create = json!({ "object": "contacts", "operation": "create", "properties": { "email": "{{ $json.email }}", "description": "x" } });
    let invalid = crm(&s, create, vec![json!({ "email": "a@x.io" })]).await;
    let error = error_of(&invalid);
    assert_eq!(
        (error["kind"].clone(), error["status"].clone()),
        (json!("validation"), json!(400))
    );
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("Property \"description\" does not exist"))
    );
    assert_eq!(error["details"]["category"], "VALIDATION_ERROR");

    s.fake.seed("contacts", json!({ "email": "taken@x.io" }));
    let create = json!({ "object": "contacts", "operation": "create", "properties": { "email": "taken@x.io" } });
    let conflict = error_of(&crm(&s, create, vec![json!({})]).await);
    assert_eq!(conflict["kind"], "conflict");
    assert!(conflict["details"]["existingId"].is_string());

    let get = json!({ "object": "deals", "operation": "get", "id": "31337" });
    assert_eq!(
        error_of(&crm(&s, get.clone(), vec![json!({})]).await)["kind"],
        "not_found"
    );

    let scoped = setup_token(
        FakeConfig::default().with_token("pat-read", &["crm.objects.contacts.read"]),
        "pat-read",
    )
    .await;
    let forbidden = error_of(&crm(&scoped, get, vec![json!({})]).await);
    assert_eq!(forbidden["kind"], "forbidden");
    assert!(
        forbidden["message"]
            .as_str()
            .is_some_and(|m| m.contains("crm.objects.deals.read")),
        "{forbidden}"
    );

    let wrong = setup_token(FakeConfig::default(), "pat-na1-wrong").await;
    let auth = error_of(
        &crm(
            &wrong,
            json!({ "object": "contacts", "operation": "get", "id": "1" }),
            vec![json!({})],
        )
        .await,
    );
    assert_eq!(auth["kind"], "auth");
    assert!(
        auth["message"]
            .as_str()
            .is_some_and(|m| m.contains("Reconnect"))
    );
}

#[tokio::test]
async fn stop_fails_the_node_with_the_first_error_and_rate_limits_after_retries() {
    let s = setup(FakeConfig::default().with_daily(5, 5)).await;
    let mut document = workflow(
        "hubspot.crm",
        json!({ "object": "contacts", "operation": "get", "id": "1" }),
    );
    document.nodes[1].on_error = Default::default();
    let (report, _) = run_items(&s, &document, vec![json!({})], false).await;
    assert_eq!(report.status, RunStatus::Failed);
    let error = report.nodes["crm"].error.clone().expect("error");
    assert_eq!(
        (error.kind, error.status),
        (ErrorKind::RateLimited, Some(429))
    );
    assert!(error.message.contains("daily"));
    assert_eq!(s.usage.totals("hs").rate_limited, 1);
}

#[tokio::test]
async fn params_are_checked_before_anything_runs() {
    let registry = switchyard_nodes::builtin_registry();
    let cases = [
        (
            json!({ "object": "contacts", "operation": "search", "filters": { "all": [ { "left": "email", "op": "starts_with", "right": "a" } ] } }),
            "no HubSpot search operator",
        ),
        (
            json!({ "object": "contacts", "operation": "search", "filters": { "all": [ { "all": [ { "left": "email", "op": "exists" } ] } ] } }),
            "nest",
        ),
        (
            json!({ "object": "contacts", "operation": "search", "filters": { "any": (0..6).map(|_| json!({ "all": [ { "left": "a", "op": "exists" } ] })).collect::<Vec<_>>() } }),
            "at most 5 filter groups",
        ),
        (
            json!({ "object": "contacts", "operation": "search", "filters": { "all": (0..7).map(|_| json!({ "left": "a", "op": "exists" })).collect::<Vec<_>>() } }),
            "at most 6 filters",
        ),
        (
            json!({ "object": "contacts", "operation": "search", "filters": { "all": [ { "left": "{{ $json.p }}", "op": "eq", "right": 1 } ] } }),
            "literal property name",
        ),
        (
            json!({ "object": "contacts", "operation": "search", "sorts": ["a", "b"] }),
            "one sort rule",
        ),
        (
            json!({ "object": "contacts", "operation": "get" }),
            "get needs",
        ),
        (
            json!({ "object": "deals", "operation": "upsert", "id": "x", "properties": { "a": 1 } }),
            "id_property",
        ),
        (
            json!({ "object": "contacts", "operation": "merge" }),
            "merge",
        ),
    ];
    for (params, expected) in cases {
        let document = workflow("hubspot.crm", params.clone());
        let problems = compile(&document, &registry)
            .err()
            .unwrap_or_else(|| panic!("accepted: {params}"));
        let text = format!("{problems:?}");
        assert!(text.contains(expected), "{params} gave {text}");
    }
    let missing_credential = doc(
        json!([ { "id": "t", "type": "trigger.manual" }, { "id": "crm", "type": "hubspot.owners" } ]),
        json!([ { "from": "t", "to": "crm" } ]),
    );
    assert!(
        compile(&missing_credential, &registry).is_err(),
        "a credential is required"
    );
}

#[tokio::test]
async fn oauth_tokens_are_refreshed_and_stored_back_and_refusals_are_auth_errors() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let app = fake.oauth_app();
    let credential = json!({ "type": "hubspot.oauth", "client_id": app.client_id, "client_secret": app.client_secret,
        "refresh_token": app.refresh_tokens[0], "base_url": fake.base_url() });
    let s = with_credential(fake, credential, false);
    let id = s.fake.seed("contacts", json!({ "email": "a@x.io" }));
    let report = crm(
        &s,
        json!({ "object": "contacts", "operation": "get", "id": id }),
        vec![json!({})],
    )
    .await;
    assert_eq!(
        out(&report, "crm", "main").len(),
        1,
        "{:?}",
        out(&report, "crm", "error")
    );
    assert_eq!(s.fake.refreshes(), 1);
    let stored: Value =
        serde_json::from_str(&s.keychain.get("hs").expect("keychain").expect("entry"))
            .expect("json");
    assert!(
        stored["access_token"]
            .as_str()
            .is_some_and(|t| t.starts_with("fake-oauth-access-"))
    );
    assert!(stored["expires_at"].as_u64().is_some());

    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let credential = json!({ "type": "hubspot.oauth", "client_id": app.client_id, "client_secret": app.client_secret,
        "refresh_token": "revoked", "base_url": fake.base_url() });
    let s = with_credential(fake, credential, false);
    let error = error_of(
        &crm(
            &s,
            json!({ "object": "contacts", "operation": "get", "id": "1" }),
            vec![json!({})],
        )
        .await,
    );
    assert_eq!(error["kind"], "auth");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("BAD_REFRESH_TOKEN") && m.contains("Reconnect"))
    );
}

#[tokio::test]
async fn owners_are_listed_or_found_by_email() {
    let s = setup(FakeConfig::default().with_generated_owners(120)).await;
    let (all, _) = run_items(
        &s,
        &workflow("hubspot.owners", json!({})),
        vec![json!({}), json!({})],
        false,
    )
    .await;
    assert_eq!(
        out(&all, "crm", "main").len(),
        120,
        "listed once, not per item"
    );
    let by_email = json!({ "email": "{{ $json.owner }}" });
    let items = vec![
        json!({ "owner": "owner7@example.com" }),
        json!({ "owner": "nobody@example.com" }),
        json!({ "owner": "OWNER9@example.com" }),
    ];
    let (found, _) = run_items(&s, &workflow("hubspot.owners", by_email), items, false).await;
    let emails: Vec<Value> = out(&found, "crm", "main")
        .iter()
        .map(|o| o["email"].clone())
        .collect();
    assert_eq!(
        emails,
        [json!("owner7@example.com"), json!("owner9@example.com")]
    );
    assert!(s.usage.totals("hs").calls >= 4);
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
async fn a_planted_token_appears_in_no_output_error_or_log_line() {
    const PLANTED: &str = "pat-na1-planted-0000-secret-9999";
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let s = setup_token(
        FakeConfig::default().with_token(PLANTED, switchyard_fake_hubspot::ALL_SCOPES),
        PLANTED,
    )
    .await;
    s.fake.fail_next(1, 503);
    let mut reports = Vec::new();
    let mut events = Vec::new();
    let create = json!({ "object": "contacts", "operation": "create", "properties": { "email": "{{ $json.email }}", "bogus": 1 } });
    for (params, dry) in [
        (create.clone(), false),
        (create, true),
        (
            json!({ "object": "contacts", "operation": "upsert", "id": "{{ $json.email }}", "properties": { "firstname": "A" } }),
            false,
        ),
        (
            json!({ "object": "contacts", "operation": "get", "id": "nope" }),
            false,
        ),
    ] {
        let (report, sink) = run_items(&s, &workflow("hubspot.crm", params), people(2), dry).await;
        reports.push(serde_json::to_string(&report.to_json(true)).expect("json"));
        events.push(format!("{:?}", sink.events()));
    }
    assert!(
        s.fake
            .log()
            .iter()
            .any(|r| r.authorization.as_deref() == Some(&format!("Bearer {PLANTED}"))),
        "the token was used"
    );
    let logged = String::from_utf8(lines.0.lock().expect("lines").clone()).expect("utf-8");
    let everything = format!("{}\n{}\n{logged}", reports.join("\n"), events.join("\n"));
    assert!(
        everything.contains("dry_run") && everything.contains("\"***\""),
        "the dry run showed a masked request"
    );
    assert!(!everything.contains(PLANTED), "the planted token leaked");
}
