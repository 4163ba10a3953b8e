//! Recording runs and reading them back: list and show shapes, filters, pages, documents,
//! truncation, write errors.

use crate::common::*;
use serde_json::{Value, json};
use switchyard_engine::{ErrorKind, RunError, RunEventSink, RunStatus};
use switchyard_store::{HistoryStore, RecordingInfo, RunFilter, StoreError, StoreOptions};

#[test]
fn a_recorded_run_lists_and_shows_as_the_spec_says() {
    let db = temp_db();
    let store = open(&db);
    let t = now_ms();
    let lead = json!({"body": {"email": "lead@example.com", "employees": 12}});
    let events = vec![
        started("r1", "lead-routing", t),
        node("r1", "lead", vec![], vec![("main", vec![lead.clone()])]),
        node(
            "r1",
            "size",
            vec![lead.clone()],
            vec![
                ("small", vec![lead.clone()]),
                ("mid", vec![]),
                ("enterprise", vec![]),
            ],
        ),
        failed_node("r1", "assign-small", lead.clone(), t + 1),
        finished(
            "r1",
            RunStatus::Failed,
            t + 1333,
            Some(RunError {
                node: "assign-small".into(),
                kind: ErrorKind::RateLimited,
                message: "HubSpot said: too many requests".into(),
            }),
        ),
    ];
    let recorder = store.start_recording(RecordingInfo {
        document_text: doc("lead-routing"),
        workflow_id: "lead-routing".into(),
        origin_run_id: Some("r0".into()),
        trigger_items: Some(vec![lead.clone()]),
        source_path: None,
    });
    for event in &events {
        recorder.emit(event);
    }
    assert_eq!(recorder.run_id().as_deref(), Some("r1"));
    recorder.flush().unwrap();

    let list = store.list_runs(&RunFilter::default()).unwrap();
    assert_eq!(list.len(), 1);
    let listed = serde_json::to_value(&list[0]).unwrap();
    assert_eq!(
        listed,
        json!({
            "run_id": "r1", "workflow_id": "lead-routing", "mode": "test", "status": "failed",
            "trigger": "trigger.manual",
            "started_at": ts(t).to_string(), "finished_at": ts(t + 1333).to_string(),
            "duration_ms": 12.5,
            "error": {"node": "assign-small", "kind": "rate_limited",
                      "message": "HubSpot said: too many requests"},
            "origin_run_id": "r0"
        })
    );

    let stored = store.get_run("r1").unwrap().expect("stored");
    let live = live_report(&events);
    assert_eq!(
        stored.report, live,
        "history gives back what the run reported"
    );
    let mut expected = live.to_json(true);
    expected["origin_run_id"] = json!("r0");
    assert_eq!(stored.to_json(true), expected);
    let shown = stored.to_json(true);
    assert_eq!(
        shown["nodes"]["size"]["outputs"],
        json!({"small": [lead], "mid": [], "enterprise": []})
    );
    assert_eq!(shown["nodes"]["size"]["inputs"], json!([lead]));
    assert_eq!(shown["nodes"]["assign-small"]["error"]["status"], 429);
    assert_eq!(shown["nodes"]["assign-small"]["attempts"], 2);
    let order: Vec<&String> = stored.report.nodes.keys().collect();
    assert_eq!(order, ["lead", "size", "assign-small"]);
    assert_eq!(stored.document_text, doc("lead-routing"));
    assert_eq!(stored.trigger_items, Some(vec![lead]));
    assert_eq!(stored.summary(), list[0]);

    assert!(store.get_run("nope").unwrap().is_none());
    assert_eq!(
        store
            .latest_run("lead-routing")
            .unwrap()
            .unwrap()
            .report
            .run_id,
        "r1"
    );
    assert!(store.latest_run("other").unwrap().is_none());
}

#[test]
fn a_running_run_lists_with_null_end() {
    let db = temp_db();
    let store = open(&db);
    let recorder = store.start_recording(info("wf"));
    recorder.emit(&started("r", "wf", now_ms()));
    store.flush().unwrap();
    let listed = serde_json::to_value(&store.list_runs(&RunFilter::default()).unwrap()[0]).unwrap();
    assert_eq!(listed["status"], "running");
    assert_eq!(listed["finished_at"], Value::Null);
    assert_eq!(listed["duration_ms"], Value::Null);
    assert!(listed.get("error").is_none());
}

#[test]
fn committed_waits_for_the_writers_own_commit_and_sees_everything_queued_before() {
    let db = temp_db();
    let store = open(&db);
    // Nothing queued: answers at once.
    store.committed().unwrap();
    for n in 0..20 {
        let recorder = store.start_recording(info("wf"));
        recorder.emit(&started(&format!("r{n}"), "wf", now_ms()));
    }
    store.committed().unwrap();
    // A second connection (another process's view) sees all of them.
    let other = open(&db);
    let listed = other
        .list_runs(&RunFilter {
            limit: 100,
            ..RunFilter::default()
        })
        .unwrap();
    assert_eq!(listed.len(), 20);
}

#[test]
fn filters_limits_and_pages() {
    let db = temp_db();
    let store = open(&db);
    let t = now_ms() - 100_000;
    for i in 0..30i64 {
        let workflow = if i % 3 == 0 { "a" } else { "b" };
        let status = if i % 5 == 0 {
            RunStatus::Failed
        } else {
            RunStatus::Succeeded
        };
        record_run(
            &store,
            &format!("run-{i:02}"),
            workflow,
            t + i * 1000,
            status,
            1,
        );
    }
    // Two runs in the same millisecond: ordered by id.
    record_run(&store, "same-1", "c", t + 50_000, RunStatus::Succeeded, 0);
    record_run(&store, "same-2", "c", t + 50_000, RunStatus::Succeeded, 0);
    store.flush().unwrap();

    let all = store
        .list_runs(&RunFilter {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(all.len(), 32);
    assert_eq!(all[0].run_id, "same-2");
    assert_eq!(all[1].run_id, "same-1");
    assert_eq!(all[2].run_id, "run-29");
    assert!(all.windows(2).all(|w| w[0].started_at >= w[1].started_at));

    assert_eq!(store.list_runs(&RunFilter::default()).unwrap().len(), 32);
    assert_eq!(
        store
            .list_runs(&RunFilter {
                limit: 5,
                ..Default::default()
            })
            .unwrap()
            .len(),
        5
    );

    let a = store
        .list_runs(&RunFilter {
            workflow_id: Some("a".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(a.len(), 10);
    assert!(a.iter().all(|r| r.workflow_id == "a"));

    let failed = store
        .list_runs(&RunFilter {
            status: Some(RunStatus::Failed),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        failed.iter().map(|r| r.run_id.as_str()).collect::<Vec<_>>(),
        ["run-25", "run-20", "run-15", "run-10", "run-05", "run-00"]
    );
    assert!(failed.iter().all(|r| r.error.is_some()));

    let a_failed = store
        .list_runs(&RunFilter {
            workflow_id: Some("a".into()),
            status: Some(RunStatus::Failed),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        a_failed
            .iter()
            .map(|r| r.run_id.as_str())
            .collect::<Vec<_>>(),
        ["run-15", "run-00"]
    );

    let window = store
        .list_runs(&RunFilter {
            since: Some(ts(t + 10_000)),
            until: Some(ts(t + 20_000)),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(window.len(), 10);
    assert_eq!(window[0].run_id, "run-19");
    assert_eq!(window[9].run_id, "run-10");

    // Pages of 7 walk every run once, in order.
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = store
            .list_runs(&RunFilter {
                limit: 7,
                before: before.clone(),
                ..Default::default()
            })
            .unwrap();
        if page.is_empty() {
            break;
        }
        before = page.last().map(|r| r.cursor());
        seen.extend(page.into_iter().map(|r| r.run_id));
    }
    assert_eq!(
        seen,
        all.iter().map(|r| r.run_id.clone()).collect::<Vec<_>>()
    );
    let cursor = all[3].cursor();
    assert_eq!(
        cursor
            .to_string()
            .parse::<switchyard_store::RunCursor>()
            .unwrap(),
        cursor
    );
}

#[test]
fn documents_are_stored_once_per_distinct_text() {
    let db = temp_db();
    let store = open(&db);
    let t = now_ms();
    for i in 0..3 {
        record_run(
            &store,
            &format!("same-{i}"),
            "wf",
            t + i,
            RunStatus::Succeeded,
            1,
        );
    }
    let changed = store.start_recording(RecordingInfo {
        document_text: doc("wf") + " ",
        ..info("wf")
    });
    changed.emit(&started("changed", "wf", t + 10));
    store.flush().unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 2);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT document_hash) FROM runs"),
        2
    );
    let hash: String = raw(&db)
        .query_row(
            "SELECT document_hash FROM runs WHERE id = 'same-0'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hash, switchyard_store::document_hash(&doc("wf")));
    assert_eq!(
        store.get_run("changed").unwrap().unwrap().document_text,
        doc("wf") + " "
    );
}

#[test]
fn big_payloads_are_truncated_with_a_marker_and_the_run_is_kept() {
    let db = temp_db();
    let store = HistoryStore::open(
        &db.path,
        StoreOptions {
            max_payload_bytes: 8 * 1024,
            ..options()
        },
    )
    .unwrap();
    let big: Vec<Value> = (0..500)
        .map(|i| json!({"i": i, "text": "x".repeat(64)}))
        .collect();
    let recorder = store.start_recording(info("wf"));
    let t = now_ms();
    recorder.emit(&started("big", "wf", t));
    recorder.emit(&node(
        "big",
        "fanout",
        vec![json!({"seed": 1})],
        vec![("main", big.clone())],
    ));
    recorder.emit(&node("big", "copy", big.clone(), vec![("main", big)]));
    recorder.emit(&finished("big", RunStatus::Succeeded, t + 20, None));
    recorder.flush().unwrap();

    let stored = store.get_run("big").unwrap().unwrap();
    assert_eq!(stored.report.status, RunStatus::Succeeded);
    let fanout = stored.truncated["fanout"];
    assert!(fanout.inputs.is_none());
    let outputs = fanout.outputs.expect("outputs cut");
    assert_eq!(outputs.total_items, 500);
    assert!(
        outputs.kept_items > 10 && outputs.kept_items < 500,
        "{outputs:?}"
    );
    assert!(outputs.original_bytes > 8 * 1024);
    let kept = &stored.report.nodes["fanout"].outputs[0].1;
    assert_eq!(kept.len(), outputs.kept_items);
    assert_eq!(kept[0]["i"], 0);
    assert_eq!(kept[kept.len() - 1]["i"], outputs.kept_items - 1);

    let copy = stored.truncated["copy"];
    assert!(copy.inputs.is_some() && copy.outputs.is_some());

    let shown = stored.to_json(true);
    assert_eq!(
        shown["nodes"]["fanout"]["truncated"]["outputs"]["total_items"],
        500
    );
    assert_eq!(
        shown["nodes"]["fanout"]["truncated"]["outputs"]["kept_items"],
        outputs.kept_items
    );
    assert!(
        shown["nodes"]["fanout"]["truncated"]
            .get("inputs")
            .is_none()
    );
    let stored_bytes: i64 = raw(&db)
        .query_row(
            "SELECT max(length(inputs) + length(outputs)) FROM node_runs",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(stored_bytes <= 8 * 1024, "{stored_bytes}");
}

#[test]
fn writes_that_fail_are_reported_by_flush_and_do_not_stop_the_rest() {
    let db = temp_db();
    let store = open(&db);
    let recorder = store.start_recording(info("wf"));
    // A node of a run that was never started cannot be stored.
    recorder.emit(&node("ghost", "n", vec![], vec![("main", vec![])]));
    record_run(&store, "fine", "wf", now_ms(), RunStatus::Succeeded, 2);
    let error = store.flush().unwrap_err();
    assert!(matches!(error, StoreError::Write { .. }), "{error:?}");
    assert!(error.to_string().contains(&db.path.display().to_string()));
    assert!(store.flush().is_ok(), "errors are reported once");
    assert_eq!(
        store.get_run("fine").unwrap().unwrap().report.nodes.len(),
        2
    );
}

#[test]
fn dropping_the_store_commits_what_was_queued() {
    let db = temp_db();
    {
        let store = open(&db);
        for i in 0..20 {
            record_run(
                &store,
                &format!("r{i}"),
                "wf",
                now_ms(),
                RunStatus::Succeeded,
                5,
            );
        }
    }
    assert_eq!(
        count(&db, "SELECT count(*) FROM runs WHERE status = 'succeeded'"),
        20
    );
    assert_eq!(count(&db, "SELECT count(*) FROM node_runs"), 100);
}

#[test]
fn an_input_that_is_an_upstream_output_is_stored_once_and_shown_whole() {
    use std::sync::Arc;
    use switchyard_engine::event::Attempt;
    use switchyard_engine::{NodeRecord, NodeStatus, RunEvent};
    let db = temp_db();
    let store = open(&db);
    let t = now_ms();
    let lead = items(vec![json!({"email": "ada@example.com"})]);
    let record =
        |id: &str, inputs: Vec<Arc<Vec<Value>>>, output: Arc<Vec<Value>>| RunEvent::NodeFinished {
            run_id: "r".into(),
            record: Box::new(NodeRecord {
                node_id: id.into(),
                node_type: "data.set".into(),
                status: NodeStatus::Succeeded,
                attempts: 1,
                attempt_log: vec![Attempt {
                    number: 1,
                    started_at: ts(t),
                    finished_at: ts(t + 3),
                    error: None,
                }],
                started_at: Some(ts(t)),
                duration_ms: 3.2,
                inputs,
                outputs: vec![("main".into(), output)],
                error: None,
                item_errors: 0,
            }),
        };
    let recorder = store.start_recording(info("wf"));
    recorder.emit(&started("r", "wf", t));
    recorder.emit(&record("lead", vec![], Arc::clone(&lead)));
    // The engine hands the same list on: stored as a reference.
    recorder.emit(&record(
        "next",
        vec![Arc::clone(&lead)],
        items(vec![json!({"n": 2})]),
    ));
    // Equal items in another list: stored as items.
    recorder.emit(&record(
        "copy",
        vec![items(vec![json!({"email": "ada@example.com"})])],
        items(vec![]),
    ));
    // Passed on unchanged (a new list with equal items, as a switch routes them): the output
    // is stored as a reference too.
    recorder.emit(&record(
        "pass",
        vec![Arc::clone(&lead)],
        items(vec![json!({"email": "ada@example.com"})]),
    ));
    recorder.emit(&finished("r", RunStatus::Succeeded, t + 10, None));
    recorder.flush().unwrap();

    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let stored: Vec<(String, String, Option<String>, String)> = conn
        .prepare("SELECT node_id, inputs, attempt_log, outputs FROM node_runs ORDER BY seq")
        .unwrap()
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(stored[3].3, r#"{"main":{"$output":["lead","main"]}}"#);
    assert_eq!(stored[1].3, r#"{"main":[{"n":2}]}"#);
    assert_eq!(stored[1].1, r#"[{"$output":["lead","main"]}]"#);
    assert_eq!(stored[2].1, r#"[[{"email":"ada@example.com"}]]"#);
    assert_eq!(stored[1].2.as_deref(), Some((t + 3).to_string().as_str()));

    let shown = store.get_run("r").unwrap().expect("run");
    let next = &shown.report.nodes["next"];
    assert_eq!(next.inputs, vec![Arc::clone(&lead)]);
    assert_eq!(next.attempt_log.len(), 1);
    assert_eq!(next.attempt_log[0].finished_at, ts(t + 3));
    assert_eq!(next.attempt_log[0].started_at, ts(t));
    assert_eq!(
        shown.report.nodes["copy"].inputs[0].as_slice(),
        lead.as_slice()
    );
}
