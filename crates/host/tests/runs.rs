//! Runs through the host with a real history file: recording, partial runs, re-runs, replay.

use axum::Router;
use axum::routing::post;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use switchyard_engine::{NodeStatus, RunStatus};
use switchyard_host::{HostError, RunSpec, RunTarget, Runner};
use switchyard_store::{HistoryStore, StoreOptions};

fn runner(dir: &tempfile::TempDir) -> Runner {
    let options = StoreOptions {
        auto_prune: None,
        ..StoreOptions::default()
    };
    let store = HistoryStore::open(dir.path().join("history.db"), options).expect("store");
    Runner::new(Some(store))
}

fn document(nodes: Value, edges: Value, pinned: Value) -> String {
    json!({ "schema": "switchyard/workflow@1", "id": "wf", "nodes": nodes, "edges": edges, "pinned": pinned }).to_string()
}

fn chain() -> String {
    document(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "a", "type": "data.set", "params": { "fields": { "a": "{{ $json.n * 10 }}" } } },
            { "id": "b", "type": "data.set", "params": { "fields": { "b": "{{ $json.a + 1 }}" } } }
        ]),
        json!([ { "from": "t", "to": "a" }, { "from": "a", "to": "b" } ]),
        json!({}),
    )
}

fn output(report: &switchyard_engine::RunReport, node: &str) -> Vec<Value> {
    report.nodes[node].outputs[0].1.to_vec()
}

#[tokio::test]
async fn every_run_is_recorded_with_its_source_file() {
    let dir = tempfile::tempdir().expect("dir");
    let runner = runner(&dir);
    let mut spec = RunSpec::test(chain());
    spec.source_path = Some(dir.path().join("chain.flow.json"));
    spec.trigger_items = Some(vec![json!({ "n": 1 })]);
    let report = runner.run_quietly(spec).await.expect("run");
    let stored = runner.stored_run(&report.run_id).expect("stored");
    assert_eq!(stored.report.status, RunStatus::Succeeded);
    assert_eq!(stored.trigger_items, Some(vec![json!({ "n": 1 })]));
    assert!(
        stored
            .source_path
            .as_deref()
            .is_some_and(|p| p.ends_with("chain.flow.json"))
    );
    assert_eq!(
        output(&stored.report, "b"),
        vec![json!({ "n": 1, "a": 10, "b": 11 })]
    );
}

#[tokio::test]
async fn a_node_alone_runs_on_the_latest_recorded_inputs_or_says_what_to_run_first() {
    let dir = tempfile::tempdir().expect("dir");
    let runner = runner(&dir);
    let mut only_b = RunSpec::test(chain());
    only_b.target = RunTarget::Node("b".into());
    match runner.run_quietly(only_b.clone()).await {
        Err(HostError::NeedsUpstreamRun { node, upstream }) => {
            assert_eq!((node.as_str(), upstream.as_str()), ("b", "a"))
        }
        other => panic!("expected NeedsUpstreamRun, got {other:?}"),
    }

    let mut until_a = RunSpec::test(chain());
    until_a.target = RunTarget::Until("a".into());
    until_a.trigger_items = Some(vec![json!({ "n": 4 })]);
    let report = runner.run_quietly(until_a).await.expect("until");
    assert_eq!(report.nodes["b"].status, NodeStatus::Skipped);
    assert_eq!(output(&report, "a"), vec![json!({ "n": 4, "a": 40 })]);

    let report = runner.run_quietly(only_b).await.expect("node");
    assert_eq!(report.nodes["a"].status, NodeStatus::Pinned);
    assert_eq!(report.nodes["b"].status, NodeStatus::Succeeded);
    assert_eq!(
        output(&report, "b"),
        vec![json!({ "n": 4, "a": 40, "b": 41 })]
    );
}

#[tokio::test]
async fn pins_feed_a_single_node_run_when_there_is_no_recorded_run() {
    let dir = tempfile::tempdir().expect("dir");
    let runner = runner(&dir);
    let doc = document(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "a", "type": "data.set", "params": { "fields": { "x": 1 } } }
        ]),
        json!([ { "from": "t", "to": "a" } ]),
        json!({ "t": [ { "pinned": true } ] }),
    );
    let mut spec = RunSpec::test(doc);
    spec.target = RunTarget::Node("a".into());
    let report = runner.run_quietly(spec).await.expect("run");
    assert_eq!(
        output(&report, "a"),
        vec![json!({ "pinned": true, "x": 1 })]
    );
}

#[tokio::test]
async fn reruns_use_the_recorded_items_and_version_or_the_current_file() {
    let dir = tempfile::tempdir().expect("dir");
    let runner = runner(&dir);
    let mut spec = RunSpec::test(chain());
    spec.trigger_items = Some(vec![json!({ "n": 2 })]);
    let first = runner.run_quietly(spec).await.expect("run");

    let same = runner.rerun_spec(&first.run_id, None).expect("spec");
    let again = runner.run_quietly(same).await.expect("rerun");
    assert_eq!(output(&again, "b"), output(&first, "b"));
    assert_eq!(
        runner
            .stored_run(&again.run_id)
            .expect("stored")
            .origin_run_id
            .as_deref(),
        Some(first.run_id.as_str())
    );

    let changed = chain().replace("$json.a + 1", "$json.a + 2");
    let current = runner
        .rerun_spec(&first.run_id, Some((changed, None)))
        .expect("spec");
    let newer = runner.run_quietly(current).await.expect("rerun");
    assert_eq!(
        output(&newer, "b"),
        vec![json!({ "n": 2, "a": 20, "b": 22 })]
    );
}

#[tokio::test]
async fn replay_answers_from_recorded_exchanges_and_lists_changed_nodes() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let app = Router::new().route(
        "/score",
        post(move || {
            let counter = Arc::clone(&counter);
            async move {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                axum::Json(json!({ "score": 70 + n }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/score", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    let dir = tempfile::tempdir().expect("dir");
    let runner = runner(&dir);
    let doc = |threshold: i64| {
        document(
            json!([
                { "id": "t", "type": "trigger.manual" },
                { "id": "score", "type": "http.request", "params": { "method": "POST", "url": url, "body": { "email": "{{ $json.email }}" } } },
                { "id": "hot", "type": "logic.if", "params": { "when": { "all": [ { "left": "{{ $json.body.score }}", "op": "gte", "right": threshold } ] } } },
                { "id": "stamp", "type": "data.set", "params": { "fields": { "at": "{{ $now }}", "run": "{{ $run.id }}" } } }
            ]),
            json!([ { "from": "t", "to": "score" }, { "from": "score", "to": "hot" }, { "from": "hot", "port": "true", "to": "stamp" } ]),
            json!({}),
        )
    };
    let mut spec = RunSpec::test(doc(50));
    spec.trigger_items = Some(vec![json!({ "email": "lead@example.com" })]);
    let original = runner.run_quietly(spec).await.expect("run");
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let same = runner
        .replay(
            &original.run_id,
            None,
            &switchyard_engine::event::NoSink,
            Default::default(),
        )
        .await
        .expect("replay");
    assert_eq!(calls.load(Ordering::SeqCst), 1, "a replay sends nothing");
    assert!(same.changes.is_empty(), "{:#?}", same.changes);
    assert_eq!(
        output(&same.report, "stamp"),
        output(&original, "stamp"),
        "same $now and run id"
    );

    let stricter = runner
        .replay(
            &original.run_id,
            Some(doc(90)),
            &switchyard_engine::event::NoSink,
            Default::default(),
        )
        .await
        .expect("replay");
    let changed: Vec<&str> = stricter
        .changes
        .iter()
        .map(|c| c.node_id.as_str())
        .collect();
    assert_eq!(changed, ["hot", "stamp"]);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}
