//! `switchyard run` records every run; `switchyard history list|show|search|prune` read it back.
//! Every command gets `--db` with a file in a temp folder (and `SWITCHYARD_DB` points at another
//! throwaway file), so no test touches the real per-user history.

mod common;

use common::{
    Output, db_in, failing_flow, path_str, switchyard, switchyard_with_db_env, tag_flow, write,
    write_flow,
};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;

/// Runs `file` with `--db db` (and `--input` when given) and returns its JSON report.
fn run(db: &Path, file: &Path, input: Option<&str>) -> Value {
    let mut args = vec!["run", path_str(file), "--db", path_str(db), "--json"];
    if let Some(input) = input {
        args.extend(["--input", input]);
    }
    let out = switchyard(&args);
    assert!(
        out.code == 0 || out.code == 1,
        "{}{}",
        out.stdout,
        out.stderr
    );
    out.json()
}

fn history(db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["history"];
    all.extend_from_slice(args);
    all.extend(["--db", path_str(db)]);
    switchyard(&all)
}

/// `history ... --json`, which must succeed.
fn history_json(db: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = history(db, &all);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    out.json()
}

fn run_ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|run| run["run_id"].as_str().expect("a run id").to_owned())
        .collect()
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn a_new_database_lists_no_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    assert_eq!(history_json(&db, &["list"]), json!([]));
    let human = history(&db, &["list"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert!(human.stdout.contains("no runs"), "{}", human.stdout);
}

#[test]
fn every_run_is_recorded_and_listed_newest_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "tag.flow.json", &tag_flow());
    let first = run(&db, &file, Some(r#"{"n": 1}"#));
    let second = run(&db, &file, Some(r#"{"n": 2}"#));

    let list = history_json(&db, &["list"]);
    assert_eq!(
        run_ids(&list),
        vec![
            second["run_id"].as_str().expect("an id"),
            first["run_id"].as_str().expect("an id")
        ],
        "{list:#}"
    );
    let newest = &list[0];
    assert_eq!(
        keys(newest),
        BTreeSet::from([
            "run_id",
            "workflow_id",
            "mode",
            "status",
            "trigger",
            "started_at",
            "finished_at",
            "duration_ms"
        ]),
        "{newest:#}"
    );
    assert_eq!(newest["workflow_id"], "tag");
    assert_eq!(newest["mode"], "test");
    assert_eq!(newest["status"], "succeeded");
    assert_eq!(newest["trigger"], "trigger.manual");
    assert_eq!(newest["started_at"], second["started_at"]);
    assert_eq!(newest["finished_at"], second["finished_at"]);
    assert!(newest["duration_ms"].is_number(), "{newest:#}");

    let limited = history_json(&db, &["list", "--limit", "1"]);
    assert_eq!(run_ids(&limited), run_ids(&list)[..1].to_vec());

    let human = history(&db, &["list"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    let lines: Vec<&str> = human.stdout.lines().collect();
    assert!(
        lines[0].starts_with("RUN") && lines[0].contains("STATUS"),
        "{}",
        human.stdout
    );
    let row = lines
        .iter()
        .find(|l| l.starts_with(second["run_id"].as_str().expect("an id")))
        .expect("a row for the second run");
    assert!(
        row.contains("tag") && row.contains("succeeded") && row.contains("trigger.manual"),
        "{row}"
    );
}

#[test]
fn runs_are_filtered_by_status_and_workflow() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let good = write_flow(dir.path(), "tag.flow.json", &tag_flow());
    let bad = write_flow(dir.path(), "broken.flow.json", &failing_flow());
    let succeeded = run(&db, &good, None);
    let failed = run(&db, &bad, None);
    assert_eq!(failed["status"], "failed");

    let list = history_json(&db, &["list", "--status", "failed"]);
    assert_eq!(run_ids(&list), vec![failed["run_id"].as_str().expect("id")]);
    let error = &list[0]["error"];
    assert_eq!(error["node"], "boom", "{list:#}");
    assert_eq!(keys(error), BTreeSet::from(["node", "kind", "message"]));

    let list = history_json(&db, &["list", "--status", "succeeded"]);
    assert_eq!(
        run_ids(&list),
        vec![succeeded["run_id"].as_str().expect("id")]
    );

    let list = history_json(&db, &["list", "--workflow", "tag"]);
    assert_eq!(
        run_ids(&list),
        vec![succeeded["run_id"].as_str().expect("id")]
    );
    let list = history_json(
        &db,
        &["list", "--workflow", "broken", "--status", "succeeded"],
    );
    assert_eq!(list, json!([]));

    let human = history(&db, &["list", "--status", "failed"]);
    assert!(human.stdout.contains("node \"boom\""), "{}", human.stdout);
}

#[test]
fn an_unknown_status_is_a_usage_error_listing_the_valid_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let out = history(&db, &["list", "--status", "exploded"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    for status in ["running", "succeeded", "failed", "cancelled", "interrupted"] {
        assert!(out.stderr.contains(status), "{}", out.stderr);
    }
}

#[test]
fn show_json_is_the_run_report_with_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "tag.flow.json", &tag_flow());
    let report = run(&db, &file, Some(r#"{"name": "Ada"}"#));
    let run_id = report["run_id"].as_str().expect("a run id");

    let shown = history_json(&db, &["show", run_id]);
    assert_eq!(
        shown["nodes"]["tag"]["inputs"],
        json!([{ "name": "Ada" }]),
        "{shown:#}"
    );
    assert_eq!(shown["nodes"]["start"]["inputs"], json!([]), "{shown:#}");
    // Without the inputs, it is what `run --json` printed.
    let mut without_inputs = shown.clone();
    for node in without_inputs["nodes"]
        .as_object_mut()
        .expect("nodes")
        .values_mut()
    {
        node.as_object_mut().expect("a node").remove("inputs");
    }
    assert_eq!(without_inputs, report);

    let human = history(&db, &["show", run_id]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    let text = &human.stdout;
    for expected in [
        format!("run       {run_id}"),
        "workflow  tag".to_owned(),
        "status    succeeded".to_owned(),
        "input     1 item given to the trigger".to_owned(),
        format!(
            "file      {}",
            file.canonicalize().expect("exists").display()
        ),
        "out main: 1 item".to_owned(),
        r#"{"name":"Ada","team":"smb"}"#.to_owned(),
    ] {
        assert!(text.contains(&expected), "no {expected:?} in\n{text}");
    }
    assert!(
        text.lines()
            .any(|l| l.contains("✓ tag") && l.contains("1 attempt")),
        "{text}"
    );
    assert!(text.contains("in main: 1 item"), "{text}");
    // The trigger has no input port, so no input line.
    let input_lines = text
        .lines()
        .filter(|l| l.trim_start().starts_with("in "))
        .count();
    assert_eq!(input_lines, 1, "{text}");
}

#[test]
fn show_of_a_failed_run_has_the_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "broken.flow.json", &failing_flow());
    let report = run(&db, &file, None);
    let run_id = report["run_id"].as_str().expect("a run id");

    let shown = history_json(&db, &["show", run_id]);
    assert_eq!(shown["status"], "failed");
    assert_eq!(shown["error"], report["error"]);
    assert_eq!(
        shown["nodes"]["boom"]["error"],
        report["nodes"]["boom"]["error"]
    );

    let human = history(&db, &["show", run_id]);
    assert!(
        human
            .stdout
            .lines()
            .any(|l| l.trim_start().starts_with("error (")),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("✗ boom"), "{}", human.stdout);
    assert!(human.stdout.contains("– after"), "{}", human.stdout);
}

#[test]
fn an_unknown_run_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    for json in [true, false] {
        let mut args = vec!["show", "no-such-run"];
        if json {
            args.push("--json");
        }
        let out = history(&db, &args);
        assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
        assert!(out.stdout.is_empty(), "{}", out.stdout);
        assert!(out.stderr.contains("no-such-run"), "{}", out.stderr);
    }
}

#[test]
fn search_finds_the_run_whose_items_hold_the_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "tag.flow.json", &tag_flow());
    let mut other_flow = tag_flow();
    other_flow["id"] = json!("other");
    let other = write_flow(dir.path(), "other.flow.json", &other_flow);
    let lead = run(&db, &file, Some(r#"{"email": "lead@example.com"}"#));
    run(&db, &file, Some(r#"{"email": "someone@example.org"}"#));
    run(&db, &other, Some(r#"{"email": "nobody@example.net"}"#));
    let lead_id = lead["run_id"].as_str().expect("a run id");

    let hits = history_json(&db, &["search", "lead@example.com"]);
    let hits = hits.as_array().expect("an array of hits");
    assert!(!hits.is_empty(), "no hits");
    for hit in hits {
        assert_eq!(keys(hit), BTreeSet::from(["run", "node_id", "snippet"]));
        assert_eq!(hit["run"]["run_id"], lead_id, "{hit:#}");
        assert_eq!(hit["run"]["workflow_id"], "tag");
        assert_eq!(hit["run"]["status"], "succeeded");
        assert!(
            hit["snippet"].as_str().is_some_and(|s| s.contains("lead")),
            "{hit:#}"
        );
    }
    let nodes: BTreeSet<&str> = hits
        .iter()
        .map(|hit| hit["node_id"].as_str().expect("a node id"))
        .collect();
    assert!(
        nodes.contains("start") && nodes.contains("tag"),
        "{nodes:?}"
    );

    let limited = history_json(&db, &["search", "lead@example.com", "--limit", "1"]);
    assert_eq!(limited.as_array().map(Vec::len), Some(1));

    // Filtered by workflow: the other workflow's runs never match, this one's still do.
    assert_eq!(
        history_json(&db, &["search", "lead@example.com", "--workflow", "other"]),
        json!([])
    );
    let nobody = history_json(
        &db,
        &["search", "nobody@example.net", "--workflow", "other"],
    );
    assert!(!nobody.as_array().expect("hits").is_empty(), "{nobody:#}");
    assert_eq!(
        history_json(&db, &["search", "nobody@example.net", "--workflow", "tag"]),
        json!([])
    );
    assert_eq!(
        history_json(&db, &["search", "absent@example.com"]),
        json!([])
    );

    let human = history(&db, &["search", "lead@example.com"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    let row = human
        .stdout
        .lines()
        .find(|l| l.starts_with(lead_id))
        .expect("a line for the hit");
    assert!(row.contains("tag") && row.contains("lead"), "{row}");
}

#[test]
fn prune_keeps_the_newest_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = db_in(dir.path());
    let file = write_flow(dir.path(), "tag.flow.json", &tag_flow());
    for n in 0..3 {
        run(&db, &file, Some(&format!(r#"{{"n": {n}}}"#)));
    }
    let newest = run_ids(&history_json(&db, &["list"]))[0].clone();

    let pruned = history_json(&db, &["prune", "--keep", "1"]);
    assert_eq!(pruned["runs_deleted"], 2, "{pruned:#}");
    assert_eq!(pruned["keep"], 1);
    assert_eq!(pruned["days"], 30);
    assert_eq!(run_ids(&history_json(&db, &["list"])), vec![newest]);

    let again = history(&db, &["prune", "--keep", "1"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.starts_with("deleted 0 runs"),
        "{}",
        again.stdout
    );
}

#[test]
fn a_database_that_is_not_one_exits_2_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let garbage = write(
        dir.path(),
        "garbage.db",
        &"this is not an SQLite database\n".repeat(200),
    );
    let file = write_flow(dir.path(), "tag.flow.json", &tag_flow());
    let name = path_str(&garbage);

    let listed = history(&garbage, &["list", "--json"]);
    assert_eq!(listed.code, 2, "{}{}", listed.stdout, listed.stderr);
    assert!(listed.stderr.contains(name), "{}", listed.stderr);

    let ran = switchyard(&["run", path_str(&file), "--db", name, "--json"]);
    assert_eq!(ran.code, 2, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stderr.contains(name), "{}", ran.stderr);
    assert!(ran.stdout.is_empty(), "{}", ran.stdout);

    // The file was left as it was.
    let text = std::fs::read_to_string(&garbage).expect("still readable");
    assert!(text.starts_with("this is not an SQLite database"));
}

#[test]
fn run_records_into_the_database_switchyard_db_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("from-env").join("history.db");
    let file = write_flow(dir.path(), "tag.flow.json", &tag_flow());

    let out = switchyard_with_db_env(&["run", path_str(&file), "--json"], Some(&db));
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report = out.json();
    assert!(db.exists(), "{} was not created", db.display());

    let list = history_json(&db, &["list"]);
    assert_eq!(
        run_ids(&list),
        vec![report["run_id"].as_str().expect("an id")]
    );
    // history reads the same variable.
    let listed = switchyard_with_db_env(&["history", "list", "--json"], Some(&db));
    assert_eq!(listed.json(), list);
}
