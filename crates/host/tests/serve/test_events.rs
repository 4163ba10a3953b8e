//! The editor's test events over real HTTP: `/webhook-test/<path>` hands one checked request to
//! the listener and starts no production run; with nobody listening it is a 404.

use super::support::*;
use axum::http::Method;
use serde_json::json;
use std::time::Duration;
use switchyard_nodes::WebhookAuth;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_event_reaches_the_editor_once_and_runs_nothing() {
    // An inactive workflow: the editor listens on a path no production route has.
    let mut draft = flow("draft", webhook("draft-leads", "immediately"), json!([]));
    draft["active"] = json!(false);
    let host = Host::start(&[("draft.flow.json", draft)], |_| {}).await;
    let nobody = host.post("/webhook-test/draft-leads", json!({})).await;
    assert_eq!(nobody.status, 404);
    assert!(
        nobody.json()["error"]
            .as_str()
            .unwrap_or_default()
            .contains("Listen for a test event")
    );

    let mut listen = host
        .serving()
        .listen_for_test("draft-leads", &Method::POST, None);
    let wrong_method = host.send("GET", "/webhook-test/draft-leads", "", &[]).await;
    assert_eq!(wrong_method.status, 405);
    let bad_json = host
        .send(
            "POST",
            "/webhook-test/draft-leads",
            "{not json",
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(bad_json.status, 400);

    let answer = host
        .send(
            "POST",
            "/webhook-test/draft-leads?source=form",
            r#"{"email":"ada@example.com"}"#,
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json()["status"], "received");
    let item = tokio::time::timeout(Duration::from_secs(5), listen.received())
        .await
        .expect("in time")
        .expect("an item");
    assert_eq!(item["body"]["email"], "ada@example.com");
    assert_eq!(item["query"]["source"], "form");
    assert_eq!(item["method"], "POST");

    // One event per listening; the production path was never there.
    let again = host.post("/webhook-test/draft-leads", json!({})).await;
    assert_eq!(again.status, 404);
    assert_eq!(
        host.post("/webhook/draft-leads", json!({})).await.status,
        404
    );
    assert!(
        host.runs("draft").is_empty(),
        "a test event starts no production run"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_event_must_carry_the_triggers_signature() {
    let host = Host::start(&[], |_| {}).await;
    let auth = WebhookAuth::Hmac {
        secret_credential: SECRET_ID.into(),
    };
    let mut listen = host
        .serving()
        .listen_for_test("signed", &Method::POST, Some(auth));
    let body = r#"{"n":1}"#;
    let json_type = ("content-type", "application/json");
    let unsigned = host
        .send("POST", "/webhook-test/signed", body, &[json_type])
        .await;
    assert_eq!(unsigned.status, 401);
    let signature = sign(SECRET, body);
    let signed = host
        .send(
            "POST",
            "/webhook-test/signed",
            body,
            &[json_type, ("x-switchyard-signature", &signature)],
        )
        .await;
    assert_eq!(signed.status, 200, "{}", signed.text);
    let item = listen.received().await.expect("an item");
    assert_eq!(item["body"]["n"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_that_stops_listening_leaves_a_404() {
    let host = Host::start(&[], |_| {}).await;
    let listen = host.serving().listen_for_test("gone", &Method::POST, None);
    drop(listen);
    assert_eq!(host.post("/webhook-test/gone", json!({})).await.status, 404);
}
