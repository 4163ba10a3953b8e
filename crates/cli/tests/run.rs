//! `switchyard run`: test-mode runs, their JSON report, human lines and exit codes.

mod common;

use common::{
    db_in, failing_flow, guarded, path_str, switch_flow, switchyard, tag_flow, write, write_flow,
};
use serde_json::json;

#[test]
fn a_manual_run_with_input_reports_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "tag.flow.json", &tag_flow());

    let out = switchyard(&[
        "run",
        path_str(&file),
        "--db",
        path_str(&db),
        "--input",
        r#"{"name": "Ada"}"#,
        "--json",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    assert_eq!(report["workflow_id"], "tag");
    assert_eq!(report["mode"], "test");
    assert_eq!(report["status"], "succeeded");
    assert!(
        report["run_id"].as_str().is_some_and(|id| !id.is_empty()),
        "{report:#}"
    );
    let start = &report["nodes"]["start"];
    assert_eq!(start["status"], "succeeded", "{report:#}");
    assert_eq!(start["outputs"]["main"], json!([{ "name": "Ada" }]));
    let tag = &report["nodes"]["tag"];
    assert_eq!(tag["status"], "succeeded", "{report:#}");
    assert_eq!(tag["attempts"], 1);
    assert_eq!(
        tag["outputs"]["main"],
        json!([{ "name": "Ada", "team": "smb" }])
    );
}

#[test]
fn input_may_be_an_array_read_from_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "tag.flow.json", &tag_flow());
    let items = write(dir.path(), "items.json", r#"[{"n": 1}, {"n": 2}]"#);
    let at = format!("@{}", items.display());

    let out = switchyard(&[
        "run",
        path_str(&file),
        "--db",
        path_str(&db),
        "--input",
        &at,
        "--json",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    assert_eq!(
        report["nodes"]["tag"]["outputs"]["main"],
        json!([{ "n": 1, "team": "smb" }, { "n": 2, "team": "smb" }])
    );
}

#[test]
fn bad_input_exits_2_naming_the_argument() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "tag.flow.json", &tag_flow());

    let out = switchyard(&[
        "run",
        path_str(&file),
        "--db",
        path_str(&db),
        "--input",
        "{not json",
    ]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("--input"), "{}", out.stderr);

    let out = switchyard(&[
        "run",
        path_str(&file),
        "--db",
        path_str(&db),
        "--input",
        "[1, 2]",
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--input"), "{}", out.stderr);

    let out = switchyard(&[
        "run",
        path_str(&file),
        "--db",
        path_str(&db),
        "--input",
        "@/nonexistent/items.json",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("/nonexistent/items.json"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_switch_routes_each_item_to_its_branch() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "route.flow.json", &switch_flow());
    let input = r#"[{"employees": 12}, {"employees": 300}, {"employees": 7}]"#;

    let out = switchyard(&[
        "run",
        path_str(&file),
        "--db",
        path_str(&db),
        "--input",
        input,
        "--json",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    let size = &report["nodes"]["size"];
    assert_eq!(size["status"], "succeeded", "{report:#}");
    assert_eq!(
        size["outputs"]["small"],
        json!([{ "employees": 12 }, { "employees": 7 }])
    );
    assert_eq!(size["outputs"]["big"], json!([{ "employees": 300 }]));
    assert_eq!(
        report["nodes"]["smb"]["outputs"]["main"],
        json!([{ "employees": 12, "team": "smb" }, { "employees": 7, "team": "smb" }])
    );
    assert_eq!(
        report["nodes"]["ent"]["outputs"]["main"],
        json!([{ "employees": 300, "team": "enterprise" }])
    );
}

#[test]
fn a_branch_that_receives_nothing_is_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "route.flow.json", &switch_flow());

    let out = switchyard(&[
        "run",
        path_str(&file),
        "--db",
        path_str(&db),
        "--input",
        r#"{"employees": 5}"#,
        "--json",
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    assert_eq!(report["nodes"]["smb"]["status"], "succeeded", "{report:#}");
    assert_eq!(report["nodes"]["ent"]["status"], "skipped", "{report:#}");
}

#[test]
fn human_output_has_a_line_per_node_and_a_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "route.flow.json", &switch_flow());

    let out = switchyard(&[
        "run",
        path_str(&file),
        "--db",
        path_str(&db),
        "--input",
        r#"{"employees": 5}"#,
    ]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    let size = lines
        .iter()
        .find(|l| l.contains("✓ size"))
        .expect("a line for size");
    assert!(
        size.contains("logic.switch") && size.contains("succeeded"),
        "{size}"
    );
    assert!(size.contains("1 → small:1 big:0"), "{size}");
    let ent = lines
        .iter()
        .find(|l| l.contains(" ent "))
        .expect("a line for ent");
    assert!(ent.contains("– ent") && ent.contains("skipped"), "{ent}");
    let last = lines.last().expect("a summary line");
    assert!(
        last.starts_with("run ") && last.contains(" succeeded in "),
        "{last}"
    );
}

#[test]
fn a_pinned_trigger_feeds_the_run_without_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let mut flow = tag_flow();
    flow["pinned"] = json!({ "start": [ { "pinned": true } ] });
    let file = write_flow(dir.path(), "tag.flow.json", &flow);

    let out = switchyard(&["run", path_str(&file), "--db", path_str(&db), "--json"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    assert_eq!(report["nodes"]["start"]["status"], "pinned", "{report:#}");
    assert_eq!(
        report["nodes"]["tag"]["outputs"]["main"],
        json!([{ "pinned": true, "team": "smb" }])
    );
}

#[test]
fn a_failing_run_exits_1_and_reports_every_node() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "broken.flow.json", &failing_flow());

    let out = switchyard(&["run", path_str(&file), "--db", path_str(&db), "--json"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    assert_eq!(report["status"], "failed");
    assert_eq!(
        report["nodes"]["start"]["status"], "succeeded",
        "{report:#}"
    );
    assert_eq!(report["nodes"]["boom"]["status"], "failed", "{report:#}");
    assert!(
        report["nodes"]["boom"]["error"]["message"].is_string(),
        "{report:#}"
    );
    assert_eq!(report["nodes"]["after"]["status"], "skipped", "{report:#}");
    assert_eq!(report["error"]["node"], "boom", "{report:#}");

    let human = switchyard(&["run", path_str(&file), "--db", path_str(&db)]);
    assert_eq!(human.code, 1, "{}{}", human.stdout, human.stderr);
    for id in ["start", "boom", "after"] {
        assert!(
            human.stdout.lines().any(|l| l.contains(&format!(" {id} "))),
            "no line for {id}:\n{}",
            human.stdout
        );
    }
    assert!(human.stdout.contains("✗ boom"), "{}", human.stdout);
    assert!(
        human
            .stdout
            .lines()
            .any(|l| l.trim_start().starts_with("error (")),
        "{}",
        human.stdout
    );
    let last = human.stdout.lines().last().expect("a summary line");
    assert!(
        last.contains(" failed in ") && last.contains("node \"boom\""),
        "{last}"
    );
}

#[test]
fn an_invalid_document_does_not_run_and_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let mut flow = tag_flow();
    flow["edges"] = json!([{ "from": "start", "to": "nowhere" }]);
    let file = write_flow(dir.path(), "bad.flow.json", &flow);

    let out = switchyard(&["run", path_str(&file), "--db", path_str(&db), "--json"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.contains("nowhere"), "{}", out.stderr);

    let malformed = write(dir.path(), "malformed.flow.json", "{ \"schema\": ");
    let out = switchyard(&["run", path_str(&malformed), "--db", path_str(&db)]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("malformed.flow.json:1:"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_unreadable_file_exits_2() {
    let out = switchyard(&["run", "/nonexistent/flow.json"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("/nonexistent/flow.json"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_cancels_the_run_and_exits_1() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let flow = json!({
        "schema": "switchyard/workflow@1",
        "id": "slow",
        "nodes": [
            { "id": "start", "type": "trigger.manual" },
            { "id": "pause", "type": "flow.wait", "params": { "ms": 60000 } }
        ],
        "edges": [ { "from": "start", "to": "pause" } ]
    });
    let file = write_flow(dir.path(), "slow.flow.json", &flow);
    let mut child = guarded(&mut Command::new(env!("CARGO_BIN_EXE_switchyard")))
        .args(["run", path_str(&file), "--db", path_str(&db)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the switchyard binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    // The trigger's line means the run, and so the Ctrl-C handler, is up.
    let first = lines.next().expect("a first line").expect("UTF-8 output");
    assert!(first.contains("start"), "{first}");
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let rest: Vec<String> = lines.map(|l| l.expect("UTF-8 output")).collect();
    let status = child.wait().expect("the run ends");
    assert_eq!(status.code(), Some(1), "{rest:?}");
    let last = rest.last().expect("a summary line");
    assert!(last.contains(" cancelled after "), "{rest:?}");
    // The cancelled run was recorded, as cancelled, before the process ended.
    let listed = switchyard(&["history", "list", "--db", path_str(&db), "--json"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert_eq!(listed.json()[0]["status"], "cancelled", "{}", listed.stdout);
}

#[test]
fn a_webhook_answer_is_printed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let flow = json!({
        "schema": "switchyard/workflow@1",
        "id": "answer",
        "nodes": [
            { "id": "start", "type": "trigger.manual" },
            { "id": "reply", "type": "flow.respond", "params": { "status": 201, "body": { "n": "{{ $json.n }}" } } }
        ],
        "edges": [ { "from": "start", "to": "reply" } ]
    });
    let file = write_flow(dir.path(), "answer.flow.json", &flow);

    let human = switchyard(&[
        "run",
        path_str(&file),
        "--db",
        path_str(&db),
        "--input",
        r#"{"n": 4}"#,
    ]);
    assert_eq!(human.code, 0, "{}{}", human.stdout, human.stderr);
    assert!(
        human.stdout.lines().any(|l| l == "response 201"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("\"n\": 4"), "{}", human.stdout);

    let machine = switchyard(&[
        "run",
        path_str(&file),
        "--db",
        path_str(&db),
        "--input",
        r#"{"n": 4}"#,
        "--json",
    ]);
    assert_eq!(machine.json()["response"]["status"], 201);
}
