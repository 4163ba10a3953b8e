//! Secrets never reach the database file.

use crate::common::*;
use serde_json::json;
use switchyard_engine::{RunEventSink, RunStatus};

const PLANTED: &str = "pat-na1-PLANTED-5ecret-7oken";

fn file_contains(path: &std::path::Path, needle: &str) -> bool {
    std::fs::read(path)
        .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .unwrap_or(false)
}

#[test]
fn planted_tokens_are_masked_in_exchanges_and_node_items() {
    let db = temp_db();
    let store = open(&db);
    let t = now_ms();
    let recorder = store.start_recording(info("wf"));
    recorder.emit(&started("r", "wf", t));
    // A webhook item whose request carried a bearer token, passed on by the trigger.
    let webhook = json!({
        "method": "POST", "path": "/webhook/leads",
        "headers": {"authorization": format!("Bearer {PLANTED}"), "x-visible": "visible-marker-1"},
        "query": {}, "body": {"email": "lead@example.com"}
    });
    recorder.emit(&node("r", "lead", vec![], vec![("main", vec![webhook])]));
    recorder.emit(&finished("r", RunStatus::Succeeded, t + 5, None));
    store.record_exchange(
        "r",
        "assign",
        &json!({
            "method": "POST",
            "url": format!("https://api.hubapi.com/crm/v3/objects/contacts?hapikey={PLANTED}"),
            "headers": {
                "Authorization": format!("Bearer {PLANTED}"),
                "X-Api-Key": PLANTED,
                "Cookie": format!("session={PLANTED}"),
                "Content-Type": "application/json"
            },
            "body": {"properties": {"email": "visible-marker-2"}}
        }),
        &json!({"status": 200, "headers": {"set-cookie": PLANTED}, "body": {"id": "1"}}),
    );
    store.flush().unwrap();

    let exchanges = store.exchanges("r").unwrap();
    assert_eq!(exchanges.len(), 1);
    assert_eq!(exchanges[0].seq, 1);
    assert_eq!(exchanges[0].node_id, "assign");
    assert_eq!(exchanges[0].request["headers"]["Authorization"], "***");
    assert_eq!(exchanges[0].request["headers"]["X-Api-Key"], "***");
    assert_eq!(exchanges[0].request["headers"]["Cookie"], "***");
    assert_eq!(
        exchanges[0].request["headers"]["Content-Type"],
        "application/json"
    );
    assert_eq!(exchanges[0].response["headers"]["set-cookie"], "***");
    let stored = store.get_run("r").unwrap().unwrap();
    assert_eq!(
        stored.report.nodes["lead"].outputs[0].1[0]["headers"]["authorization"],
        "***"
    );

    // The raw bytes of the database and its write-ahead log: the visible markers are there,
    // the planted token is not.
    let wal = db.path.with_file_name("history.db-wal");
    let files = [db.path.clone(), wal];
    assert!(files.iter().any(|f| file_contains(f, "visible-marker-1")));
    assert!(files.iter().any(|f| file_contains(f, "visible-marker-2")));
    for file in &files {
        assert!(
            !file_contains(file, PLANTED),
            "{} holds the secret",
            file.display()
        );
    }
    drop(store);
    assert!(!file_contains(&db.path, PLANTED));
}
