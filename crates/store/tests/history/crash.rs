//! Runs left behind by processes that died are marked interrupted, and only those.

use crate::child::{CRASH_DB, spawn_until_ready};
use crate::common::{count, info, open, raw, started, temp_db};
use switchyard_engine::{RunEventSink, RunStatus};
use switchyard_store::{INTERRUPTED_MESSAGE, StoreOptions};

#[test]
fn a_run_whose_process_was_killed_is_interrupted_with_its_committed_nodes() {
    let db = temp_db();
    drop(open(&db)); // create the file first
    let path = db.path.display().to_string();
    let ready = db.dir.path().join("ready");
    let mut child = spawn_until_ready("crash", &ready, &[(CRASH_DB, &path)]);
    child.kill().expect("SIGKILL the child");
    child.wait().expect("reap the child");

    let store = open(&db);
    let run = store
        .get_run("run-crash")
        .unwrap()
        .expect("the run was recorded");
    assert_eq!(run.report.status, RunStatus::Interrupted);
    assert!(run.report.finished_at.is_some());
    let error = run.report.error.as_ref().expect("an explanation");
    assert_eq!(error.message, INTERRUPTED_MESSAGE);
    let committed: Vec<&str> = run.report.nodes.keys().map(String::as_str).collect();
    assert!(committed.len() >= 3, "{committed:?}");
    assert_eq!(&committed[..3], ["step-0", "step-1", "step-2"]);
    let listed = store.list_runs(&Default::default()).unwrap();
    assert_eq!(listed[0].status, RunStatus::Interrupted);
    let json = serde_json::to_value(&listed[0]).unwrap();
    assert_eq!(json["status"], "interrupted");
    assert_eq!(json["error"]["message"], INTERRUPTED_MESSAGE);
}

#[test]
fn runs_of_live_processes_stay_running_and_a_reused_pid_is_not_fooled() {
    let db = temp_db();
    let first = open(&db);
    let recorder = first.start_recording(info("wf"));
    recorder.emit(&started("live", "wf", crate::common::now_ms()));
    recorder.flush().unwrap();

    // Another store (as a CLI would) opens the file while this process still runs the run.
    let second = open(&db);
    let run = second.get_run("live").unwrap().unwrap();
    assert_eq!(run.report.status, RunStatus::Running);
    assert!(second.mark_interrupted().unwrap().is_empty());

    // The same pid with another start time is another process: the owner is gone.
    raw(&db)
        .execute(
            "UPDATE runs SET owner_start = owner_start + 1 WHERE id = 'live'",
            [],
        )
        .unwrap();
    assert_eq!(second.mark_interrupted().unwrap(), ["live"]);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM runs WHERE status = 'interrupted'"
        ),
        1
    );
    drop((first, second, recorder));
    // Reopening with default options works too (and does not mark anything twice).
    let third = switchyard_store::HistoryStore::open(&db.path, StoreOptions::default()).unwrap();
    assert!(third.mark_interrupted().unwrap().is_empty());
}
