//! Always-on workflows inside the app: the workspace's active workflows take webhooks while
//! the app runs, `set_active` turns one on, and a failed production run is announced (the shell
//! turns that into a desktop notification). Real HTTP over loopback, a real history file.

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use switchyard_desktop::{Desktop, DesktopConfig, EventSink};

#[derive(Default)]
struct Collect(Mutex<Vec<(String, Value)>>);

impl EventSink for Collect {
    fn emit(&self, event: &str, payload: Value) {
        if let Ok(mut all) = self.0.lock() {
            all.push((event.to_owned(), payload));
        }
    }
}

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
    let config = DesktopConfig {
        db_path: Some(dir.path().join("history.db")),
        workspace: Some(workspace.clone()),
        settings_path: Some(dir.path().join("settings.json")),
    };
    let app = Desktop::open(config, events.clone()).expect("desktop");
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

    let failure = until("the failure announcement", async || {
        events.0.lock().ok().and_then(|all| {
            all.iter()
                .find(|(name, _)| name == "production-run-failed")
                .map(|(_, p)| p.clone())
        })
    })
    .await;
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
