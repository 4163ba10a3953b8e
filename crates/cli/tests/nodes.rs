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
