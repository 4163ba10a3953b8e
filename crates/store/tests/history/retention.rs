//! Pruning old runs, by hand and in the background.

use crate::common::*;
use serde_json::json;
use std::time::{Duration, Instant};
use switchyard_engine::{RunEventSink, RunStatus};
use switchyard_store::{AutoPrune, HistoryStore, RecordingInfo, Retention, StoreOptions};

#[test]
fn keeps_the_newest_runs_per_workflow_and_drops_old_ones() {
    let db = temp_db();
    let store = open(&db);
    let t = now_ms();
    let day = 86_400_000;
    for i in 0..15 {
        // Each run of "a" has its own document, so old documents become unused.
        let recorder = store.start_recording(RecordingInfo {
            document_text: format!("{} version {i}", doc("a")),
            ..info("a")
        });
        let id = format!("a{i:02}");
        recorder.emit(&started(&id, "a", t - 1000 + i));
        recorder.emit(&node(
            &id,
            "n",
            vec![],
            vec![("main", vec![json!({"i": i})])],
        ));
        recorder.emit(&finished(&id, RunStatus::Succeeded, t + i, None));
        store.record_exchange(
            &id,
            "n",
            &json!({"url": "https://x.test"}),
            &json!({"status": 200}),
        );
    }
    for i in 0..3 {
        record_run(
            &store,
            &format!("b{i}"),
            "b",
            t - 40 * day + i,
            RunStatus::Succeeded,
            2,
        );
    }
    // An old run still running (its owner, this process, is alive) is never pruned.
    let live = store.start_recording(info("b"));
    live.emit(&started("b-running", "b", t - 40 * day));
    store.flush().unwrap();
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 16);

    let stats = store
        .prune(&Retention {
            keep_per_workflow: Some(10),
            max_age_days: Some(30),
        })
        .unwrap();
    assert_eq!(stats.runs_deleted, 5 + 3);
    assert_eq!(stats.documents_deleted, 5);

    let left: Vec<String> = store
        .list_runs(&switchyard_store::RunFilter {
            limit: 100,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|r| r.run_id)
        .collect();
    let mut expected: Vec<String> = (5..15).rev().map(|i| format!("a{i:02}")).collect();
    expected.push("b-running".into());
    assert_eq!(left, expected);
    assert_eq!(count(&db, "SELECT count(*) FROM node_runs"), 10);
    assert_eq!(count(&db, "SELECT count(*) FROM exchanges"), 10);
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 11);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM node_runs WHERE run_id NOT IN (SELECT id FROM runs)"
        ),
        0
    );

    // Nothing more to do the second time.
    assert_eq!(store.prune(&Retention::default()).unwrap().runs_deleted, 0);
}

#[test]
fn the_writer_prunes_in_the_background() {
    let db = temp_db();
    let store = HistoryStore::open(
        &db.path,
        StoreOptions {
            auto_prune: Some(AutoPrune {
                retention: Retention {
                    keep_per_workflow: Some(2),
                    max_age_days: None,
                },
                every: Duration::from_millis(50),
            }),
            ..StoreOptions::default()
        },
    )
    .unwrap();
    let t = now_ms();
    for i in 0..6 {
        record_run(
            &store,
            &format!("r{i}"),
            "wf",
            t + i,
            RunStatus::Succeeded,
            1,
        );
    }
    store.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(&db, "SELECT count(*) FROM runs") > 2 {
        assert!(
            Instant::now() < deadline,
            "the background prune did not run"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<String> = store
        .list_runs(&Default::default())
        .unwrap()
        .into_iter()
        .map(|r| r.run_id)
        .collect();
    assert_eq!(left, ["r5", "r4"]);
}
