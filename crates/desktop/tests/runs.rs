//! Running from the window: live progress events, the history views, re-runs, replays and
//! cancelling, through the same commands the app calls, on a real history file.

mod support;

use serde_json::{Value, json};
use std::sync::Arc;
use support::{Collect, open_in};
use switchyard_desktop::Desktop;
use switchyard_desktop::api::CommandErrorKind;

fn of_run(events: &Collect, run_id: &str) -> Vec<Value> {
    events
        .named("run-progress")
        .into_iter()
        .filter(|p| p["run_id"] == run_id)
        .collect()
}

/// Waits (at most 20 s) for the run's `run_finished` event.
async fn finished(events: &Collect, run_id: &str) -> Value {
    events
        .first("run-progress", |p| {
            p["run_id"] == run_id && p["kind"] == "run_finished"
        })
        .await
}

fn open(dir: &std::path::Path) -> (Desktop, Arc<Collect>) {
    let events = Arc::new(Collect::default());
    (open_in(dir, events.clone()), events)
}

fn lead_routing() -> Value {
    serde_json::from_str(include_str!(
        "../../../assets/templates/lead-routing.flow.json"
    ))
    .expect("template")
}

async fn run_once(app: &Desktop, args: Value) -> String {
    let started = app.invoke("start_run", args).await.expect("started");
    started["run_id"].as_str().expect("run id").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_once_reports_live_progress_and_lands_in_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (app, events) = open(dir.path());
    let run_id = run_once(&app, json!({ "doc": lead_routing(), "dry_run": true })).await;
    let done = finished(&events, &run_id).await;
    assert_eq!(done["status"], "succeeded", "{done}");

    let progress = of_run(&events, &run_id);
    assert_eq!(progress[0]["kind"], "run_started");
    assert_eq!(progress[0]["dry_run"], true);
    let size = progress
        .iter()
        .find(|p| p["kind"] == "node_finished" && p["node_id"] == "size")
        .expect("the switch finished");
    // 240 employees: the lead leaves the switch by exactly one port.
    let counts: u64 = size["outputs"]
        .as_array()
        .expect("ports")
        .iter()
        .filter_map(|p| p["items"].as_u64())
        .sum();
    assert_eq!(counts, 1, "{size}");
    assert!(
        progress
            .iter()
            .any(|p| p["kind"] == "node_started" && p["node_id"] == "size"),
        "{progress:?}"
    );

    let listed = app
        .invoke(
            "list_runs",
            json!({ "query": { "workflow_id": "lead-routing" } }),
        )
        .await
        .expect("list");
    assert_eq!(listed[0]["run_id"], run_id.as_str(), "{listed}");
    let failed_only = app
        .invoke("list_runs", json!({ "query": { "status": "failed" } }))
        .await
        .expect("list");
    assert_eq!(failed_only, json!([]));

    let detail = app
        .invoke("get_run", json!({ "run_id": run_id }))
        .await
        .expect("detail");
    assert_eq!(detail["document"]["id"], "lead-routing");
    let lead = detail["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|n| n["node_id"] == "lead")
        .expect("trigger node");
    assert_eq!(lead["status"], "pinned");
    assert_eq!(
        lead["outputs"][0]["items"][0]["body"]["email"],
        "ada@example.com"
    );

    let hits = app
        .invoke("search_runs", json!({ "text": "ada@example.com" }))
        .await
        .expect("search");
    assert!(
        hits.as_array()
            .expect("hits")
            .iter()
            .any(|h| h["run"]["run_id"] == run_id.as_str()),
        "{hits}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rerun_points_back_to_its_origin_and_a_replay_finds_no_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (app, events) = open(dir.path());
    let first = run_once(&app, json!({ "doc": lead_routing(), "dry_run": true })).await;
    finished(&events, &first).await;

    let again = app
        .invoke("rerun", json!({ "run_id": first }))
        .await
        .expect("rerun");
    let second = again["run_id"].as_str().expect("id").to_owned();
    assert_ne!(second, first);
    finished(&events, &second).await;
    let detail = app
        .invoke("get_run", json!({ "run_id": second }))
        .await
        .expect("detail");
    assert_eq!(detail["summary"]["origin_run_id"], first.as_str());

    let replay = app
        .invoke("replay_run", json!({ "run_id": first }))
        .await
        .expect("replay");
    assert_eq!(replay["changes"], json!([]), "{replay}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_workflow_is_refused_before_it_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (app, _) = open(dir.path());
    let mut doc = lead_routing();
    doc["edges"][0]["to"] = json!("nowhere");
    let error = app
        .invoke("start_run", json!({ "doc": doc }))
        .await
        .expect_err("refused");
    assert_eq!(error.kind, CommandErrorKind::Invalid);
    assert!(
        error.problems.iter().any(|p| p.message.contains("nowhere")),
        "{:?}",
        error.problems
    );
    let listed = app.invoke("list_runs", json!({})).await.expect("list");
    assert_eq!(listed, json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_cancels_a_running_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (app, events) = open(dir.path());
    let doc = json!({
        "schema": "switchyard/workflow@1",
        "id": "slow",
        "nodes": [
            { "id": "start", "type": "trigger.manual", "position": [0, 0], "params": {} },
            { "id": "pause", "type": "flow.wait", "position": [200, 0], "params": { "ms": 30000 } }
        ],
        "edges": [{ "from": "start", "to": "pause" }]
    });
    let run_id = run_once(&app, json!({ "doc": doc })).await;
    let stopped = app
        .invoke("cancel_run", json!({ "run_id": run_id }))
        .await
        .expect("cancel");
    assert_eq!(stopped, true);
    let done = finished(&events, &run_id).await;
    assert_eq!(done["status"], "cancelled", "{done}");
    let again = app
        .invoke("cancel_run", json!({ "run_id": run_id }))
        .await
        .expect("cancel");
    assert_eq!(again, false, "a finished run is no longer running");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_up_to_a_node_runs_only_what_it_needs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (app, events) = open(dir.path());
    let run_id = run_once(
        &app,
        json!({ "doc": lead_routing(), "dry_run": true, "selection": { "kind": "until", "node": "size" } }),
    )
    .await;
    finished(&events, &run_id).await;
    let ran: Vec<String> = of_run(&events, &run_id)
        .iter()
        .filter(|p| p["kind"] == "node_finished" && p["status"] != "skipped")
        .filter_map(|p| p["node_id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(ran, ["lead", "size"]);

    let unknown = app
        .invoke(
            "start_run",
            json!({ "doc": lead_routing(), "selection": { "kind": "node", "node": "ghost" } }),
        )
        .await
        .expect_err("unknown node");
    assert_eq!(unknown.kind, CommandErrorKind::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_settings_prune_now_and_are_kept_for_the_next_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (app, events) = open(dir.path());
    let defaults = app.invoke("get_retention", json!({})).await.expect("get");
    assert_eq!(
        defaults,
        json!({ "keep_per_workflow": 1000, "max_age_days": 30 })
    );
    for _ in 0..3 {
        let run_id = run_once(&app, json!({ "doc": lead_routing(), "dry_run": true })).await;
        finished(&events, &run_id).await;
    }
    let refused = app
        .invoke(
            "set_retention",
            json!({ "retention": { "keep_per_workflow": 0, "max_age_days": null } }),
        )
        .await
        .expect_err("keeping nothing is refused");
    assert!(
        refused.message.contains("keep_per_workflow"),
        "{}",
        refused.message
    );

    let pruned = app
        .invoke(
            "set_retention",
            json!({ "retention": { "keep_per_workflow": 1, "max_age_days": null } }),
        )
        .await
        .expect("set");
    assert_eq!(pruned["runs_deleted"], 2);
    let left = app.invoke("list_runs", json!({})).await.expect("list");
    assert_eq!(left.as_array().map(Vec::len), Some(1));
    drop(app);
    let (again, _) = open(dir.path());
    let kept = again.invoke("get_retention", json!({})).await.expect("get");
    assert_eq!(
        kept,
        json!({ "keep_per_workflow": 1, "max_age_days": null })
    );
}
