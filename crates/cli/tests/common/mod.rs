//! Shared helpers of the CLI tests: run the binary, write workflow files, read JSON output.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Stdout as JSON; fails the test with both streams when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|err| {
            panic!(
                "stdout is not JSON ({err}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs the binary. `SWITCHYARD_DB` points at a throwaway file, so a command that is not given
/// `--db` never touches the real per-user history.
pub fn switchyard(args: &[&str]) -> Output {
    switchyard_with_db_env(args, None)
}

/// Runs the binary with `SWITCHYARD_DB` set to `db` (a throwaway file when `None`).
pub fn switchyard_with_db_env(args: &[&str], db: Option<&Path>) -> Output {
    let guard = tempfile::tempdir().expect("temp dir");
    let fallback = guard.path().join("guard-history.db");
    let output = guarded(&mut Command::new(env!("CARGO_BIN_EXE_switchyard")))
        .env("SWITCHYARD_DB", db.unwrap_or(&fallback))
        .args(args)
        .output()
        .expect("the switchyard binary runs");
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Points `SWITCHYARD_DB` of a command a test builds itself at a throwaway path inside the
/// system's temp folder, and moves the per-user data folder there too, as a second guard.
pub fn guarded(command: &mut Command) -> &mut Command {
    let scratch = std::env::temp_dir().join("switchyard-cli-tests");
    command
        .env("SWITCHYARD_DB", scratch.join("history.db"))
        .env("XDG_DATA_HOME", scratch.join("data"))
}

/// A fresh history database path in `dir` (the file itself is created on first use).
pub fn db_in(dir: &Path) -> PathBuf {
    dir.join("history.db")
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the test file is written");
    path
}

pub fn write_flow(dir: &Path, name: &str, flow: &Value) -> PathBuf {
    let text = serde_json::to_string_pretty(flow).expect("the flow serialises");
    write(dir, name, &text)
}

pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// A manual trigger feeding one `data.set` that adds `team: smb`.
pub fn tag_flow() -> Value {
    json!({
        "schema": "switchyard/workflow@1",
        "id": "tag",
        "nodes": [
            { "id": "start", "type": "trigger.manual" },
            { "id": "tag", "type": "data.set", "params": { "fields": { "team": "smb" } } }
        ],
        "edges": [ { "from": "start", "to": "tag" } ]
    })
}

/// A manual trigger, a switch on `employees` (`small` under 50, else `big`), and one
/// `data.set` per branch.
pub fn switch_flow() -> Value {
    json!({
        "schema": "switchyard/workflow@1",
        "id": "route",
        "nodes": [
            { "id": "start", "type": "trigger.manual" },
            { "id": "size", "type": "logic.switch", "params": {
                "rules": [ { "port": "small", "when": { "all": [
                    { "left": "{{ $json.employees }}", "op": "lt", "right": 50 } ] } } ],
                "fallback": "big" } },
            { "id": "smb", "type": "data.set", "params": { "fields": { "team": "smb" } } },
            { "id": "ent", "type": "data.set", "params": { "fields": { "team": "enterprise" } } }
        ],
        "edges": [
            { "from": "start", "to": "size" },
            { "from": "size", "port": "small", "to": "smb" },
            { "from": "size", "port": "big", "to": "ent" }
        ]
    })
}

/// `boom` fails (its expression throws), so `after` behind it is skipped.
pub fn failing_flow() -> Value {
    json!({
        "schema": "switchyard/workflow@1",
        "id": "broken",
        "nodes": [
            { "id": "start", "type": "trigger.manual" },
            { "id": "boom", "type": "data.set", "params": { "fields": { "x": "{{ $json.missing.deep }}" } } },
            { "id": "after", "type": "data.set", "params": { "fields": { "y": 1 } } }
        ],
        "edges": [
            { "from": "start", "to": "boom" },
            { "from": "boom", "to": "after" }
        ]
    })
}
