//! Full-text search over node outputs and errors.

use crate::common::*;
use serde_json::json;
use switchyard_engine::{RunEventSink, RunStatus};
use switchyard_store::Retention;

fn record_lead(store: &switchyard_store::HistoryStore, run_id: &str, email: &str, at: i64) {
    let recorder = store.start_recording(info("leads"));
    recorder.emit(&started(run_id, "leads", at));
    let item = json!({"body": {"email": email, "company": "Acme-Widgets Ltd"}});
    recorder.emit(&node(
        run_id,
        "lead",
        vec![],
        vec![("main", vec![item.clone()])],
    ));
    recorder.emit(&failed_node(run_id, "assign", item, at));
    recorder.emit(&finished(run_id, RunStatus::Failed, at + 3000, None));
}

#[test]
fn finds_runs_by_email_address_and_error_text() {
    let db = temp_db();
    let store = open(&db);
    let t = now_ms();
    record_lead(&store, "r1", "lead@example.com", t);
    record_lead(&store, "r2", "other@example.com", t + 1);
    record_lead(&store, "r3", "lead@example.org", t + 2);
    store.flush().unwrap();

    let hits = store.search("lead@example.com", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].run.run_id, "r1");
    assert_eq!(hits[0].node_id, "lead");
    assert!(
        hits[0].snippet.contains("[lead@example.com]"),
        "{}",
        hits[0].snippet
    );
    assert_eq!(hits[0].run.status, RunStatus::Failed);

    // Newest first; several words must all occur; limits apply.
    let hits = store.search("example.com", 10).unwrap();
    let runs: Vec<&str> = hits.iter().map(|h| h.run.run_id.as_str()).collect();
    assert_eq!(runs, ["r2", "r1"]);
    assert_eq!(store.search("example.com", 1).unwrap().len(), 1);
    assert_eq!(store.search("other example", 10).unwrap().len(), 1);

    // Errors are searchable too.
    let hits = store.search("too many requests", 10).unwrap();
    assert_eq!(hits.len(), 3);
    assert!(hits.iter().all(|h| h.node_id == "assign"));

    // Text that is FTS syntax is taken literally, and blank text finds nothing.
    assert!(store.search("\"OR\" AND NOT (x*", 10).unwrap().is_empty());
    assert_eq!(store.search("Acme-Widgets", 10).unwrap().len(), 3);
    assert!(store.search("   ", 10).unwrap().is_empty());
    assert!(store.search("nobody@nowhere.test", 10).unwrap().is_empty());
}

#[test]
fn pruned_runs_leave_the_index() {
    let db = temp_db();
    let store = open(&db);
    let t = now_ms();
    record_lead(&store, "old", "gone@example.com", t - 40 * 86_400_000);
    record_lead(&store, "new", "kept@example.com", t);
    store.flush().unwrap();
    assert_eq!(store.search("gone@example.com", 10).unwrap().len(), 1);
    let stats = store
        .prune(&Retention {
            keep_per_workflow: None,
            max_age_days: Some(30),
        })
        .unwrap();
    assert_eq!(stats.runs_deleted, 1);
    assert!(store.search("gone@example.com", 10).unwrap().is_empty());
    assert_eq!(store.search("kept@example.com", 10).unwrap().len(), 1);
    raw(&db)
        .execute(
            "INSERT INTO node_search (node_search) VALUES ('integrity-check')",
            [],
        )
        .expect("the index matches the node runs");
}
