//! Running from the window: live progress events, the history views, re-runs, replays and
//! cancelling, through the same commands the app calls, on a real history file.

use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use switchyard_desktop::api::CommandErrorKind;
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

impl Collect {
    fn of_run(&self, run_id: &str) -> Vec<Value> {
        self.0
            .lock()
            .map(|all| {
                all.iter()
                    .filter(|(name, p)| name == "run-progress" && p["run_id"] == run_id)
                    .map(|(_, p)| p.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits (at most 20 s) for the run's `run_finished` event.
    async fn finished(&self, run_id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(done) = self
                .of_run(run_id)
                .into_iter()
                .find(|p| p["kind"] == "run_finished")
            {
                return done;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("run {run_id} did not finish: {:?}", self.of_run(run_id));
    }
}

fn open(dir: &std::path::Path) -> (Desktop, Arc<Collect>) {
    let events = Arc::new(Collect::default());
    let config = DesktopConfig {
        db_path: Some(dir.join("history.db")),
        workspace: Some(dir.join("flows")),
        settings_path: Some(dir.join("settings.json")),
    };
    let desktop = Desktop::open(config, events.clone()).expect("desktop");
    (desktop, events)
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
    let done = events.finished(&run_id).await;
    assert_eq!(done["status"], "succeeded", "{done}");

    let progress = events.of_run(&run_id);
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
    events.finished(&first).await;

    let again = app
        .invoke("rerun", json!({ "run_id": first }))
        .await
        .expect("rerun");
    let second = again["run_id"].as_str().expect("id").to_owned();
    assert_ne!(second, first);
    events.finished(&second).await;
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
    let done = events.finished(&run_id).await;
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
    events.finished(&run_id).await;
    let ran: Vec<String> = events
        .of_run(&run_id)
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
        events.finished(&run_id).await;
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
