//! Always-on workflows inside the app: the workspace's active workflows take webhooks while
//! the app runs, `set_active` turns one on, and a failed production run is announced (the shell
//! turns that into a desktop notification). Real HTTP over loopback, a real history file.

mod support;

use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{Collect, open_in};

fn webhook_flow(id: &str, active: bool, url: &str) -> String {
    let doc = json!({
        "schema": "switchyard/workflow@1",
        "id": id,
        "active": active,
        "nodes": [
            { "id": "in", "type": "trigger.webhook", "position": [0, 0],
              "params": { "path": id, "method": "POST", "respond": "immediately" } },
            { "id": "call", "type": "http.request", "position": [200, 0],
              "params": { "method": "POST", "url": url, "timeout_ms": 2000 } }
        ],
        "edges": [{ "from": "in", "to": "call" }]
    });
    serde_json::to_string_pretty(&doc).expect("json")
}

async fn until<T>(what: &str, mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Some(value) = probe().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn active_workflows_run_from_webhooks_and_failures_are_announced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let workspace = dir.path().join("flows");
    std::fs::create_dir_all(&workspace).expect("workspace");
    // Port 9 on loopback: nothing listens, so the call fails fast.
    let failing = workspace.join("failing.flow.json");
    std::fs::write(
        &failing,
        webhook_flow("failing", false, "http://127.0.0.1:9/"),
    )
    .expect("write");
    let events = Arc::new(Collect::default());
    let app = open_in(dir.path(), events.clone());
    app.start_always_on("127.0.0.1:0".parse().expect("addr"))
        .await;

    let host = app.invoke("host_status", json!({})).await.expect("status");
    assert!(host["problem"].is_null(), "{host}");
    let listening = host["listening"].as_str().expect("listening").to_owned();
    assert!(!app.has_active_workflows().await);

    app.invoke("set_active", json!({ "path": failing, "active": true }))
        .await
        .expect("activated");
    assert!(
        std::fs::read_to_string(&failing)
            .expect("file")
            .contains("\"active\": true")
    );
    until("the workflow to become active", async || {
        app.has_active_workflows().await.then_some(())
    })
    .await;

    let http = reqwest::Client::new();
    let answer = http
        .post(format!("http://{listening}/webhook/failing"))
        .json(&json!({ "email": "ada@example.com" }))
        .send()
        .await
        .expect("webhook");
    assert_eq!(answer.status(), 202);

    let failure = events.first("production-run-failed", |_| true).await;
    assert_eq!(failure["workflow_id"], "failing");
    assert!(
        failure["message"]
            .as_str()
            .is_some_and(|m| m.contains("call")),
        "{failure}"
    );

    let runs = app
        .invoke(
            "list_runs",
            json!({ "query": { "workflow_id": "failing" } }),
        )
        .await
        .expect("runs");
    assert_eq!(runs[0]["status"], "failed", "{runs}");
    assert_eq!(runs[0]["mode"], "production");
    app.stop_always_on().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listen_for_a_test_event_hands_one_request_to_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let events = Arc::new(Collect::default());
    let app = open_in(dir.path(), events.clone());
    let doc: Value =
        serde_json::from_str(&webhook_flow("draft", false, "http://127.0.0.1:9/")).expect("doc");

    // Before the app listens for webhooks there is nowhere to send a test event.
    let refused = app
        .invoke(
            "listen_for_test_event",
            json!({ "doc": doc, "node_id": "in" }),
        )
        .await
        .expect_err("not listening");
    assert!(refused.message.contains("takes no webhooks"), "{refused:?}");

    app.start_always_on("127.0.0.1:0".parse().expect("addr"))
        .await;
    let not_a_webhook = app
        .invoke(
            "listen_for_test_event",
            json!({ "doc": doc, "node_id": "call" }),
        )
        .await
        .expect_err("an http.request does not listen");
    assert!(
        not_a_webhook.message.contains("only a trigger.webhook"),
        "{not_a_webhook:?}"
    );

    let listening = app
        .invoke(
            "listen_for_test_event",
            json!({ "doc": doc, "node_id": "in" }),
        )
        .await
        .expect("listening");
    let url = listening["url"].as_str().expect("url").to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/webhook-test/draft"),
        "{url}"
    );
    assert_eq!(listening["method"], "POST");
    let answer = reqwest::Client::new()
        .post(&url)
        .json(&json!({ "email": "ada@example.com" }))
        .send()
        .await
        .expect("test request");
    assert_eq!(answer.status(), 200);
    let received = events.first("test-event-received", |_| true).await;
    assert_eq!(received["node_id"], "in");
    assert_eq!(received["item"]["body"]["email"], "ada@example.com");

    // Stop ends a listening with `stopped`; the URL is then a 404.
    app.invoke(
        "listen_for_test_event",
        json!({ "doc": doc, "node_id": "in" }),
    )
    .await
    .expect("listening again");
    assert_eq!(
        app.invoke("stop_test_listen", json!({}))
            .await
            .expect("stop"),
        json!(true)
    );
    let ended = events.first("test-listen-ended", |_| true).await;
    assert_eq!(ended["reason"], "stopped");
    let after = reqwest::Client::new()
        .post(&url)
        .json(&json!({}))
        .send()
        .await
        .expect("post");
    assert_eq!(after.status(), 404);
    app.stop_always_on().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_credential_refused_three_runs_in_a_row_is_announced_once() {
    use switchyard_fake_hubspot::{FakeConfig, FakeHubSpot};
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let dir = tempfile::tempdir().expect("tempdir");
    let workspace = dir.path().join("flows");
    std::fs::create_dir_all(&workspace).expect("workspace");
    let credential = format!("revoked-{}", std::process::id());
    let doc = json!({
        "schema": "switchyard/workflow@1", "id": "lookup", "active": true,
        "nodes": [
            { "id": "in", "type": "trigger.webhook", "params": { "path": "lookup", "method": "POST" } },
            { "id": "crm", "type": "hubspot.crm", "credential": credential,
              "params": { "object": "contacts", "operation": "get", "id": "{{ $json.body.id }}" } }
        ],
        "edges": [{ "from": "in", "to": "crm" }]
    });
    std::fs::write(workspace.join("lookup.flow.json"), doc.to_string()).expect("write");
    let events = Arc::new(Collect::default());
    let app = open_in(dir.path(), events.clone());
    // A private-app token HubSpot does not know (revoked): every call answers 401.
    app.invoke(
        "add_credential",
        json!({ "credential": { "id": credential, "type": "hubspot.private_app",
                "fields": { "token": "pat-na1-revoked", "base_url": fake.base_url() } } }),
    )
    .await
    .expect("credential");
    app.start_always_on("127.0.0.1:0".parse().expect("addr"))
        .await;
    until("the workflow to become active", async || {
        app.has_active_workflows().await.then_some(())
    })
    .await;
    let listening = app.invoke("host_status", json!({})).await.expect("status")["listening"]
        .as_str()
        .expect("listening")
        .to_owned();
    let http = reqwest::Client::new();
    let warnings = || events.named("credential-auth-failing").len();
    let failures = || events.named("production-run-failed").len();
    for n in 1..=4 {
        let answer = http
            .post(format!("http://{listening}/webhook/lookup"))
            .json(&json!({ "id": "1" }))
            .send()
            .await
            .expect("webhook");
        assert_eq!(answer.status(), 202);
        until("the run to fail", async || (failures() >= n).then_some(())).await;
        assert_eq!(warnings(), usize::from(n >= 3), "after run {n}");
    }
    let warning = events.first("credential-auth-failing", |_| true).await;
    assert_eq!(warning["credential"], credential.as_str());
    assert_eq!(warning["workflow_id"], "lookup");
    assert_eq!(warning["node_id"], "crm");
    assert_eq!(warning["failures"], 3);
    app.invoke("remove_credential", json!({ "id": credential }))
        .await
        .expect("removed");
    app.stop_always_on().await;
}
