//! `switchyard validate`: exit codes and output of valid, invalid, malformed and unreadable files.

mod common;

use common::{path_str, switch_flow, switchyard, write, write_flow};
use serde_json::json;

#[test]
fn a_valid_document_is_ok() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write_flow(dir.path(), "route.flow.json", &switch_flow());

    let human = switchyard(&["validate", path_str(&file)]);
    assert_eq!(human.code, 0, "{}{}", human.stdout, human.stderr);
    assert_eq!(human.stdout.trim(), format!("{}: ok", file.display()));

    let machine = switchyard(&["validate", path_str(&file), "--json"]);
    assert_eq!(machine.code, 0);
    assert_eq!(machine.json(), json!({ "ok": true, "errors": [] }));
}

#[test]
fn an_invalid_document_lists_every_problem_and_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut flow = switch_flow();
    flow["nodes"][1]["params"] = json!({ "fallback": "big" });
    flow["nodes"][2]["type"] = json!("no.such.type");
    let file = write_flow(dir.path(), "bad.flow.json", &flow);

    let human = switchyard(&["validate", path_str(&file)]);
    assert_eq!(human.code, 1, "{}{}", human.stdout, human.stderr);
    let prefix = format!("{}: node \"size\"", file.display());
    assert!(
        human.stdout.lines().any(|l| l.starts_with(&prefix)),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("node \"smb\""), "{}", human.stdout);

    let machine = switchyard(&["validate", path_str(&file), "--json"]);
    assert_eq!(machine.code, 1);
    let report = machine.json();
    assert_eq!(report["ok"], json!(false));
    let errors = report["errors"].as_array().expect("errors is an array");
    assert!(errors.iter().any(|e| e["node"] == "size"), "{report:#}");
    assert!(errors.iter().any(|e| e["node"] == "smb"), "{report:#}");
    assert!(
        errors.iter().all(|e| e["message"].is_string()),
        "{report:#}"
    );
}

#[test]
fn malformed_json_says_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        dir.path(),
        "broken.flow.json",
        "{\n  \"schema\": \"switchyard/workflow@1\",\n  \"id\": \n}\n",
    );

    let machine = switchyard(&["validate", path_str(&file), "--json"]);
    assert_eq!(machine.code, 1, "{}{}", machine.stdout, machine.stderr);
    let report = machine.json();
    assert_eq!(report["ok"], json!(false));
    let error = &report["errors"][0];
    assert_eq!(error["line"], json!(4), "{report:#}");
    assert!(error["column"].is_u64(), "{report:#}");

    let human = switchyard(&["validate", path_str(&file)]);
    assert_eq!(human.code, 1);
    let prefix = format!("{}:4:", file.display());
    assert!(human.stdout.starts_with(&prefix), "{}", human.stdout);
}

#[test]
fn an_unreadable_file_exits_2_and_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("missing.flow.json");
    let out = switchyard(&["validate", path_str(&missing)]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(out.stderr.contains("missing.flow.json"), "{}", out.stderr);

    let json = switchyard(&["validate", path_str(&missing), "--json"]);
    assert_eq!(json.code, 2);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(switchyard(&["validate"]).code, 2);
    assert_eq!(switchyard(&["validate", "a.json", "--bogus"]).code, 2);
    assert_eq!(switchyard(&["frobnicate"]).code, 2);
}

#[test]
fn a_missing_schema_is_reported_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut flow = switch_flow();
    if let Some(root) = flow.as_object_mut() {
        root.remove("schema");
    }
    let file = write_flow(dir.path(), "old.flow.json", &flow);
    let out = switchyard(&["validate", path_str(&file), "--json"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    let errors = report["errors"].as_array().expect("errors is an array");
    assert_eq!(
        errors.iter().filter(|e| e["field"] == "schema").count(),
        1,
        "{report:#}"
    );
}
