//! The inbox: dedupe keys, recovery of events left pending, graceful shutdown, the manager's
//! caps and listeners.

use super::support::*;
use serde_json::json;
use std::time::Duration;
use switchyard_engine::{RunEvent, RunStatus, Timestamp};
use switchyard_host::FireEvent;
use switchyard_store::{HostDb, NewEvent};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_whose_key_was_seen_is_skipped_not_run() {
    let mut trigger = webhook("orders", "when_done");
    trigger["params"]["dedupe_key"] = json!("order-{{ $json.body.id }}");
    let host = Host::start(
        &[("orders.flow.json", flow("orders", trigger, json!([])))],
        |_| {},
    )
    .await;
    assert_eq!(
        host.post("/webhook/orders", json!({ "id": 7 }))
            .await
            .status,
        200
    );
    let again = host.post("/webhook/orders", json!({ "id": 7 })).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["status"], "skipped");
    assert_eq!(
        host.post("/webhook/orders", json!({ "id": 8 }))
            .await
            .status,
        200
    );
    let runs = host.wait_runs("orders", 2, Duration::from_secs(5)).await;
    assert_eq!(runs.len(), 2);
    let manager = host.serving().manager();
    assert_eq!(manager.counters().duplicate_count(), 1);
    let counts = manager.db().inbox_counts().expect("counts");
    assert_eq!(counts.skipped, 1);

    // An event's own key takes precedence over the expression (which would say `order-7`).
    let item = json!({ "body": { "id": 7 } });
    let own = |key: &str| FireEvent::new(item.clone()).with_dedupe_key(Some(key.to_owned()));
    let first = manager
        .start("orders", own("event-1"))
        .await
        .expect("fired");
    assert!(matches!(first, switchyard_host::Fired::Started(_)));
    let again = manager
        .start("orders", own("event-1"))
        .await
        .expect("fired");
    assert!(matches!(again, switchyard_host::Fired::Duplicate { ref key, .. } if key == "event-1"));
    assert_eq!(
        host.wait_runs("orders", 3, Duration::from_secs(5))
            .await
            .len(),
        3
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_left_pending_run_on_the_next_start_and_finished_ones_do_not_run_again() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join("flows")).expect("flows");
    write_flow(
        &dir.path().join("flows"),
        "later.flow.json",
        &flow("later", webhook("later", "immediately"), json!([])),
    );
    let run_id = {
        let db = HostDb::open(dir.path().join("history.db"), Duration::from_secs(5)).expect("db");
        let event = |n: i64| NewEvent {
            workflow_id: "later".into(),
            trigger: "trigger.webhook".into(),
            run_id: switchyard_engine::run::new_run_id(),
            item: json!({ "body": { "n": n } }),
            received_at: Timestamp::now(),
            dedupe: None,
            state: None,
        };
        let first = event(1);
        db.accept(&first).expect("accept");
        first.run_id
    };
    let mut host = Host::start_in(dir, |_| {}).await;
    let runs = host.wait_runs("later", 1, Duration::from_secs(5)).await;
    assert_eq!(
        runs[0].run_id, run_id,
        "a run that never started keeps its id"
    );
    eventually(Duration::from_secs(5), || async {
        host.serving()
            .manager()
            .db()
            .inbox_counts()
            .expect("counts")
            .pending
            == 0
    })
    .await;
    host.stop().await;
    let dir = std::mem::replace(&mut host.dir, tempfile::tempdir().expect("dir"));
    let host = Host::start_in(dir, |_| {}).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(host.runs("later").len(), 1, "nothing runs twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_refuses_new_events_and_lets_running_runs_finish() {
    let slow = flow(
        "slow",
        webhook("slow", "when_done"),
        json!([{ "id": "wait", "type": "flow.wait", "params": { "ms": 600 } }]),
    );
    let mut host = Host::start(&[("slow.flow.json", slow)], |_| {}).await;
    let client = reqwest::Client::new();
    let url = format!("{}/webhook/slow", host.base);
    let pending = tokio::spawn({
        let (client, url) = (client.clone(), url.clone());
        async move {
            client
                .post(url)
                .body("{}")
                .send()
                .await
                .map(|r| r.status().as_u16())
        }
    });
    eventually(Duration::from_secs(5), || async {
        host.serving().manager().counts().running == 1
    })
    .await;
    let serving = host.serving.take().expect("serving");
    let manager = serving.manager().clone();
    let stopping = tokio::spawn(serving.stop());
    eventually(Duration::from_secs(5), || async { manager.is_stopping() }).await;
    let refused = client.post(&url).body("{}").send().await.expect("answer");
    assert_eq!(refused.status().as_u16(), 503);
    assert_eq!(
        pending.await.expect("task").expect("answer"),
        200,
        "the running run finished and answered"
    );
    let report = stopping.await.expect("stop");
    assert!(report.drained);
    let store = switchyard_store::HistoryStore::open(&host.db, Default::default()).expect("store");
    let runs = store.list_runs(&Default::default()).expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, RunStatus::Succeeded);
    host.dir.close().expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_are_capped_per_workflow_and_listeners_see_every_event() {
    let slow = flow(
        "capped",
        webhook("capped", "immediately"),
        json!([{ "id": "wait", "type": "flow.wait", "params": { "ms": 300 } }]),
    );
    let host = Host::start(&[("capped.flow.json", slow)], |c| {
        c.host.limits.max_running_per_workflow = 2
    })
    .await;
    let manager = host.serving().manager().clone();
    let mut events = manager.subscribe();
    let workflow = manager.workflow("capped").expect("loaded");
    let mut most = 0;
    for n in 0..5 {
        manager
            .fire_async(&workflow, FireEvent::new(json!({ "n": n })))
            .await
            .expect("fired");
    }
    for _ in 0..100 {
        let counts = manager.counts();
        most = most.max(counts.running);
        if counts.finished == 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(most, 2, "at most two at once");
    assert_eq!(manager.counts().finished, 5);
    let mut finished = 0;
    while let Ok(event) = events.try_recv() {
        if matches!(*event, RunEvent::RunFinished { .. }) {
            finished += 1;
        }
    }
    assert_eq!(finished, 5);

    // Cancelling a queued or running run records it cancelled.
    let slow = manager
        .fire_async(&workflow, FireEvent::new(json!({})))
        .await
        .expect("fired");
    let switchyard_host::Fired::Started(ticket) = slow else {
        panic!("not started")
    };
    assert!(manager.cancel(&ticket.run_id));
    let outcome = ticket.finished().await.expect("outcome");
    assert_eq!(outcome.status, RunStatus::Cancelled);
}
