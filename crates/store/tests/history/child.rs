//! Code run in a child process: the test binary runs itself with `--exact child::entry` and
//! `SWITCHYARD_STORE_TEST_CHILD` naming the role. Without that variable the test does nothing.

use crate::common::{info, node, now_ms, options, started};
use serde_json::json;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use switchyard_engine::RunEventSink;
use switchyard_store::HistoryStore;

const ROLE: &str = "SWITCHYARD_STORE_TEST_CHILD";
pub const CRASH_DB: &str = "SWITCHYARD_STORE_TEST_CRASH_DB";
const READY_FILE: &str = "SWITCHYARD_STORE_TEST_READY_FILE";

fn command(role: &str, envs: &[(&str, &str)]) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("test binary"));
    command
        .args(["--exact", "child::entry", "--nocapture", "--test-threads=1"])
        .env(ROLE, role)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (key, value) in envs {
        command.env(key, value);
    }
    command
}

/// Runs a child to the end; returns what it printed.
pub fn run_child(role: &str, envs: &[(&str, &str)]) -> String {
    let out = command(role, envs).output().expect("run child");
    assert!(out.status.success(), "child failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Starts a child and waits until it creates the file `ready` (its output is captured by the
/// test harness, so it cannot simply print).
pub fn spawn_until_ready(role: &str, ready: &Path, envs: &[(&str, &str)]) -> Child {
    let mut child = command(role, envs)
        .env(READY_FILE, ready)
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn child");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready.exists() {
        if Instant::now() > deadline || child.try_wait().ok().flatten().is_some() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the child did not get ready");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

#[test]
fn entry() {
    let Ok(role) = std::env::var(ROLE) else {
        return;
    };
    match role.as_str() {
        "print-db-path" => {
            println!(
                "DB_PATH={}",
                switchyard_store::resolve_db_path(None).display()
            );
        }
        "crash" => crash_mid_run(),
        other => panic!("unknown child role {other}"),
    }
}

/// Records a run with three finished nodes, makes sure they are committed, says it is ready
/// and waits to be killed.
fn crash_mid_run() {
    let path = std::env::var(CRASH_DB).expect("database path");
    let store = HistoryStore::open(&path, options()).expect("open");
    let recorder = store.start_recording(info("crashy"));
    recorder.emit(&started("run-crash", "crashy", now_ms()));
    for n in 0..3 {
        recorder.emit(&node(
            "run-crash",
            &format!("step-{n}"),
            vec![json!({"n": n})],
            vec![("main", vec![json!({"n": n})])],
        ));
    }
    recorder.flush().expect("flush");
    // A fourth node is queued but the process dies at an arbitrary point after this.
    recorder.emit(&node("run-crash", "step-3", vec![], vec![("main", vec![])]));
    std::fs::write(std::env::var(READY_FILE).expect("ready file"), "ready").expect("ready");
    std::thread::sleep(std::time::Duration::from_secs(60));
}
