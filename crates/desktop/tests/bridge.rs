//! The browser-test bridge over real loopback HTTP: commands answer as Tauri's IPC would, run
//! progress arrives as server-sent events, and the built UI is served for every other path.

use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use switchyard_desktop::bridge::{BroadcastEvents, router};
use switchyard_desktop::{Desktop, DesktopConfig};

async fn start_bridge(dir: &std::path::Path) -> String {
    let ui = dir.join("dist");
    std::fs::create_dir_all(&ui).expect("dist");
    std::fs::write(
        ui.join("index.html"),
        "<!doctype html><title>Switchyard</title>",
    )
    .expect("index");
    let events = Arc::new(BroadcastEvents::new());
    let config = DesktopConfig {
        db_path: Some(dir.join("history.db")),
        workspace: Some(dir.join("flows")),
        settings_path: Some(dir.join("settings.json")),
    };
    let desktop = Arc::new(Desktop::open(config, events.clone()).expect("desktop"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(desktop, events, ui)).await;
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_answer_like_the_ipc_and_errors_carry_their_kind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = start_bridge(dir.path()).await;
    let http = reqwest::Client::new();
    let templates: Value = http
        .post(format!("{base}/invoke/list_templates"))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    assert!(
        templates.as_array().is_some_and(|t| t.len() >= 4),
        "{templates}"
    );

    let unknown = http
        .post(format!("{base}/invoke/format_disk"))
        .json(&json!({}))
        .send()
        .await
        .expect("send");
    assert_eq!(unknown.status(), 400);
    let error: Value = unknown.json().await.expect("json");
    assert_eq!(error["kind"], "bad_request");

    let not_json = http
        .post(format!("{base}/invoke/open_workflow"))
        .body("{path:")
        .send()
        .await
        .expect("send");
    assert_eq!(not_json.status(), 400);

    let page = http
        .get(format!("{base}/some/client/route"))
        .send()
        .await
        .expect("send")
        .text()
        .await
        .expect("text");
    assert!(page.contains("<title>Switchyard</title>"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_progress_streams_as_server_sent_events() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = start_bridge(dir.path()).await;
    let http = reqwest::Client::new();
    let mut events = http
        .get(format!("{base}/events"))
        .send()
        .await
        .expect("events");
    let doc: Value = serde_json::from_str(include_str!(
        "../../../assets/templates/lead-routing.flow.json"
    ))
    .expect("template");
    let started: Value = http
        .post(format!("{base}/invoke/start_run"))
        .json(&json!({ "doc": doc, "dry_run": true }))
        .send()
        .await
        .expect("send")
        .json()
        .await
        .expect("json");
    let run_id = started["run_id"].as_str().expect("run id").to_owned();
    let mut seen = String::new();
    let read = async {
        while let Ok(Some(chunk)) = events.chunk().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("\"run_finished\"") {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), read)
        .await
        .expect("the run's events arrive within 20 s");
    assert!(seen.contains(&run_id), "{seen}");
    assert!(seen.contains("\"event\":\"run-progress\""), "{seen}");
    assert!(seen.contains("\"status\":\"succeeded\""), "{seen}");
}
