//! `switchyard nodes`: the catalog as JSON and as a table.

mod common;

use common::switchyard;

#[test]
fn nodes_json_is_the_catalog() {
    let out = switchyard(&["nodes", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let catalog = out.json();
    let nodes = catalog.as_array().expect("the catalog is an array");
    let manual = nodes
        .iter()
        .find(|n| n["type"] == "trigger.manual")
        .expect("trigger.manual is listed");
    assert_eq!(manual["group"], "trigger");
    assert!(manual["params_schema"].is_object(), "{manual:#}");
    let switch = nodes
        .iter()
        .find(|n| n["type"] == "logic.switch")
        .expect("logic.switch is listed");
    assert_eq!(switch["dynamic_outputs"], true, "{switch:#}");
    for node in nodes {
        for key in [
            "type",
            "type_version",
            "label",
            "group",
            "inputs",
            "outputs",
            "credential_types",
            "params_schema",
        ] {
            assert!(node.get(key).is_some(), "{key} missing in {node:#}");
        }
    }
}

#[test]
fn nodes_table_groups_types() {
    let out = switchyard(&["nodes"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.lines().any(|l| l == "trigger"), "{}", out.stdout);
    let manual = out
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("trigger.manual"))
        .expect("a trigger.manual row");
    assert!(manual.contains("out: main"), "{manual}");
}

/// The browser tests of the canvas run against a copy of the catalog; it must be the catalog
/// the engine has now (regenerate with `bash ui/scripts/fixtures.sh`).
#[test]
fn the_ui_catalog_fixture_matches_the_engine() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../ui/e2e/fixtures/catalog.json"
    );
    let text = std::fs::read_to_string(fixture).expect("ui/e2e/fixtures/catalog.json");
    let fixture: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
    let live = switchyard(&["nodes", "--json"]);
    assert_eq!(live.code, 0);
    assert!(
        live.json() == fixture,
        "ui/e2e/fixtures/catalog.json is out of date: run `bash ui/scripts/fixtures.sh`"
    );
}
