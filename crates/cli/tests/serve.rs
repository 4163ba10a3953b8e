//! `switchyard serve` and `switchyard status`, as the real binary: the inbox surviving a
//! `kill -9` under load, a graceful stop on SIGTERM, and the status record.

mod common;
#[path = "serve/http.rs"]
mod http;
#[path = "serve/process.rs"]
mod process;

use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use switchyard_engine::RunStatus;
use switchyard_store::{HistoryStore, RunFilter, StoreOptions};

fn hook_flow(path: &str, respond: &str, wait_ms: u64) -> Value {
    json!({
        "schema": "switchyard/workflow@1", "id": path, "active": true,
        "nodes": [
            { "id": "hook", "type": "trigger.webhook", "params": { "path": path, "method": "POST", "respond": respond } },
            { "id": "wait", "type": "flow.wait", "params": { "ms": wait_ms } },
            { "id": "tag", "type": "data.set", "params": { "fields": { "seen": "{{ $json.body.seq }}" } } }
        ],
        "edges": [ { "from": "hook", "to": "wait" }, { "from": "wait", "to": "tag" } ]
    })
}

/// Finished (succeeded, failed or cancelled) runs per `seq` of their trigger item.
fn finished_by_seq(db: &Path) -> HashMap<i64, usize> {
    let options = StoreOptions {
        auto_prune: None,
        ..StoreOptions::default()
    };
    let store = HistoryStore::open(db, options).expect("history opens");
    let filter = RunFilter {
        limit: 100_000,
        ..RunFilter::default()
    };
    let mut by_seq = HashMap::new();
    for run in store.list_runs(&filter).expect("runs") {
        if !matches!(
            run.status,
            RunStatus::Succeeded | RunStatus::Failed | RunStatus::Cancelled
        ) {
            continue;
        }
        let stored = store.get_run(&run.run_id).expect("run").expect("exists");
        let seq = stored
            .trigger_items
            .as_ref()
            .and_then(|i| i[0]["body"]["seq"].as_i64())
            .expect("seq");
        *by_seq.entry(seq).or_insert(0) += 1;
    }
    by_seq
}

/// Posts `seq`s from `threads` threads, one connection each; adds the answered ones (2xx) to
/// `answered`.
fn post_all(
    addr: SocketAddr,
    path: &str,
    seqs: Vec<i64>,
    threads: usize,
    answered: &Arc<Mutex<Vec<i64>>>,
) {
    let queue = Arc::new(Mutex::new(seqs));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (queue, answered, path) =
                (Arc::clone(&queue), Arc::clone(answered), path.to_owned());
            std::thread::spawn(move || {
                loop {
                    let Some(seq) = queue.lock().expect("queue").pop() else {
                        break;
                    };
                    let body = json!({ "seq": seq }).to_string();
                    if let Some((status, _)) = http::request(addr, "POST", &path, &body)
                        && (200..300).contains(&status)
                    {
                        answered.lock().expect("answered").push(seq);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker");
    }
}

#[test]
fn every_answered_request_ends_in_exactly_one_finished_run_across_a_kill_9() {
    const N: i64 = 200;
    let dir = tempfile::tempdir().expect("dir");
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).expect("flows");
    common::write_flow(
        &flows,
        "load.flow.json",
        &hook_flow("load", "immediately", 30),
    );
    let db = dir.path().join("history.db");

    let served = process::serve(&flows, &db, &[]);
    let addr = served.addr;
    let answered = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&answered);
    let killer = std::thread::spawn(move || {
        // Kill it mid-way: once 60 requests were answered (runs are then still in flight).
        let deadline = Instant::now() + Duration::from_secs(30);
        while seen.lock().expect("answered").len() < 60 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        let mut served = served;
        served.child.kill().expect("SIGKILL");
        let _ = served.child.wait();
    });
    post_all(addr, "/webhook/load", (0..N).rev().collect(), 8, &answered);
    killer.join().expect("killer");
    let answered = answered.lock().expect("answered").clone();
    assert!(
        !answered.is_empty(),
        "some requests were answered before the kill"
    );
    assert!(
        answered.len() < N as usize,
        "the kill came mid-way ({} answered)",
        answered.len()
    );

    let served = process::serve(&flows, &db, &[]);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut by_seq = finished_by_seq(&db);
    while answered.iter().any(|seq| !by_seq.contains_key(seq)) {
        assert!(
            Instant::now() < deadline,
            "not every answered request ran within 60 s"
        );
        std::thread::sleep(Duration::from_millis(200));
        by_seq = finished_by_seq(&db);
    }
    assert_eq!(served.terminate(), Some(0));
    let by_seq = finished_by_seq(&db);
    for seq in &answered {
        assert_eq!(
            by_seq.get(seq),
            Some(&1),
            "request {seq} was answered: exactly one finished run"
        );
    }
    assert!(by_seq.values().all(|&n| n == 1), "no request ran twice");
    eprintln!(
        "answered {} of {N} before the kill; {} finished runs in all",
        answered.len(),
        by_seq.len()
    );
}

#[test]
fn sigterm_drains_running_runs_and_status_tells_what_serve_does() {
    let dir = tempfile::tempdir().expect("dir");
    let flows = dir.path().join("flows");
    std::fs::create_dir(&flows).expect("flows");
    common::write_flow(
        &flows,
        "slow.flow.json",
        &hook_flow("slow", "when_done", 3000),
    );
    common::write(&flows, "broken.flow.json", "{ not a workflow");
    let db = dir.path().join("history.db");
    let db_arg = common::path_str(&db).to_owned();

    let served = process::serve(&flows, &db, &["--grace", "10"]);
    let addr = served.addr;
    assert_eq!(
        http::request(addr, "POST", "/webhook/nowhere", "{}").map(|a| a.0),
        Some(404)
    );
    let slow =
        std::thread::spawn(move || http::request(addr, "POST", "/webhook/slow", r#"{"seq": 1}"#));

    // The status record is written every second.
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        let out = common::switchyard(&["status", "--db", &db_arg, "--json"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let status = out.json();
        if status["state"]["rejected"]["not_found"] == 1 && status["state"]["runs"]["running"] == 1
        {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "status never showed the rejection and the run: {status}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status["running"], true);
    assert_eq!(status["listen"], addr.to_string());
    let workflows = status["state"]["workflows"].as_array().expect("workflows");
    let slow_state = workflows
        .iter()
        .find(|w| w["id"] == "slow")
        .expect("slow is listed");
    assert_eq!(slow_state["active"], true);
    assert_eq!(slow_state["listening"], "POST /webhook/slow");
    let broken = workflows
        .iter()
        .find(|w| {
            w["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("broken.flow.json"))
        })
        .expect("broken is listed");
    assert_eq!(broken["active"], false);
    assert!(broken["problem"].is_string());
    let text = common::switchyard(&["status", "--db", &db_arg]);
    assert!(text.stdout.contains("serve: running"), "{}", text.stdout);
    assert!(text.stdout.contains("not_found 1"), "{}", text.stdout);

    assert_eq!(served.terminate(), Some(0), "SIGTERM: exit 0");
    assert_eq!(
        slow.join().expect("client").map(|a| a.0),
        Some(200),
        "the running run finished and answered"
    );
    assert_eq!(finished_by_seq(&db).get(&1), Some(&1));
    let after = common::switchyard(&["status", "--db", &db_arg, "--json"]).json();
    assert_eq!(after["running"], false);
    assert_eq!(after["state"]["phase"], "stopped");
}

#[test]
fn serve_refuses_a_non_loopback_address_unless_asked() {
    let dir = tempfile::tempdir().expect("dir");
    let out = common::switchyard(&[
        "serve",
        "--dir",
        common::path_str(dir.path()),
        "--db",
        common::path_str(&dir.path().join("h.db")),
        "--listen",
        "0.0.0.0:0",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("--allow-remote"), "{}", out.stderr);
}
