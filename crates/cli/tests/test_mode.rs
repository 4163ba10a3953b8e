//! The test-mode commands: `run --until`, `run --node`, `rerun`, `replay`.

mod common;

use common::*;
use serde_json::json;

fn chain() -> serde_json::Value {
    json!({
        "schema": "switchyard/workflow@1", "id": "chain",
        "nodes": [
            { "id": "t", "type": "trigger.manual" },
            { "id": "a", "type": "data.set", "params": { "fields": { "a": "{{ $json.n * 10 }}" } } },
            { "id": "b", "type": "data.set", "params": { "fields": { "b": "{{ $json.a + 1 }}" } } }
        ],
        "edges": [ { "from": "t", "to": "a" }, { "from": "a", "to": "b" } ]
    })
}

#[test]
fn until_node_and_rerun_through_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let db = db_in(dir.path());
    let flow = write_flow(dir.path(), "chain.flow.json", &chain());
    let (flow, db) = (path_str(&flow).to_owned(), path_str(&db).to_owned());

    let alone = switchyard(&["run", &flow, "--node", "b", "--db", &db]);
    assert_eq!(alone.code, 2, "{}", alone.stderr);
    assert!(
        alone.stderr.contains("\"a\"") && alone.stderr.contains("--until a"),
        "{}",
        alone.stderr
    );

    let until = switchyard(&[
        "run",
        &flow,
        "--until",
        "a",
        "--input",
        r#"{"n": 3}"#,
        "--db",
        &db,
        "--json",
    ]);
    assert_eq!(until.code, 0, "{}", until.stderr);
    let until = until.json();
    assert_eq!(until["nodes"]["b"]["status"], "skipped");
    assert_eq!(
        until["nodes"]["a"]["outputs"]["main"],
        json!([{ "n": 3, "a": 30 }])
    );

    let node = switchyard(&["run", &flow, "--node", "b", "--db", &db, "--json"]);
    assert_eq!(node.code, 0, "{}", node.stderr);
    assert_eq!(
        node.json()["nodes"]["b"]["outputs"]["main"],
        json!([{ "n": 3, "a": 30, "b": 31 }])
    );

    let first = until["run_id"].as_str().expect("run id").to_owned();
    let again = switchyard(&["rerun", &first, "--db", &db, "--json"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.json()["nodes"]["b"]["outputs"]["main"],
        json!([{ "n": 3, "a": 30, "b": 31 }])
    );

    let edited = chain().to_string().replace("$json.a + 1", "$json.a + 5");
    std::fs::write(&flow, edited).expect("edit the file");
    let current = switchyard(&["rerun", &first, "--current", "--db", &db, "--json"]);
    assert_eq!(current.code, 0, "{}", current.stderr);
    let current = current.json();
    assert_eq!(
        current["nodes"]["b"]["outputs"]["main"],
        json!([{ "n": 3, "a": 30, "b": 35 }])
    );

    let shown = switchyard(&[
        "history",
        "show",
        current["run_id"].as_str().expect("id"),
        "--db",
        &db,
        "--json",
    ]);
    assert_eq!(shown.json()["origin_run_id"], json!(first));

    let unknown = switchyard(&["rerun", "no-such-run", "--db", &db]);
    assert_eq!(unknown.code, 1);
}

#[test]
fn replay_reports_changed_nodes_and_sends_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = db_in(dir.path());
    let db = path_str(&db).to_owned();
    // A replay of a run without HTTP still compares every node.
    let flow = write_flow(dir.path(), "chain.flow.json", &chain());
    let flow = path_str(&flow).to_owned();
    let run = switchyard(&[
        "run",
        &flow,
        "--input",
        r#"{"n": 1}"#,
        "--db",
        &db,
        "--json",
    ]);
    let run_id = run.json()["run_id"].as_str().expect("id").to_owned();

    let same = switchyard(&["replay", &run_id, "--db", &db]);
    assert_eq!(same.code, 0, "{}{}", same.stdout, same.stderr);
    assert!(
        same.stdout.contains("no node's output changed"),
        "{}",
        same.stdout
    );

    let edited = write(
        dir.path(),
        "edited.flow.json",
        &chain().to_string().replace("$json.a + 1", "$json.a + 2"),
    );
    let changed = switchyard(&[
        "replay",
        &run_id,
        "--file",
        path_str(&edited),
        "--db",
        &db,
        "--json",
    ]);
    assert_eq!(changed.code, 1);
    let changed = changed.json();
    assert_eq!(changed["changes"][0]["node_id"], "b");
    assert_eq!(changed["changes"][0]["before"]["main"][0]["b"], json!(11));
    assert_eq!(changed["changes"][0]["after"]["main"][0]["b"], json!(12));
}
