//! The desktop commands, called by name with JSON arguments as the window calls them, over a
//! real history file, workspace folder and settings file.

use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;
use switchyard_desktop::{Desktop, DesktopConfig, NoEvents};

fn desktop(dir: &Path) -> Desktop {
    let config = DesktopConfig {
        db_path: Some(dir.join("history.db")),
        workspace: None,
        settings_path: Some(dir.join("settings.json")),
    };
    Desktop::open(config, Arc::new(NoEvents)).expect("desktop opens")
}

fn lead_routing() -> Value {
    let text = include_str!("../../../assets/templates/lead-routing.flow.json");
    serde_json::from_str(text).expect("template is JSON")
}

#[tokio::test]
async fn the_catalog_lists_every_registered_node_with_its_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let catalog = desktop(dir.path())
        .invoke("list_catalog", json!({}))
        .await
        .expect("catalog");
    let types: Vec<&str> = catalog
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["type"].as_str())
        .collect();
    for expected in [
        "trigger.webhook",
        "logic.switch",
        "data.set",
        "hubspot.crm",
        "email.send",
    ] {
        assert!(
            types.contains(&expected),
            "{expected} missing from {types:?}"
        );
    }
    assert!(catalog[0]["params_schema"].is_object(), "{}", catalog[0]);
}

#[tokio::test]
async fn the_shipped_templates_are_every_file_in_assets_templates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let listed = desktop(dir.path())
        .invoke("list_templates", json!({}))
        .await
        .expect("templates");
    let mut files: Vec<String> = listed
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|t| t["file"].as_str().map(str::to_owned))
        .collect();
    files.sort();
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates");
    let mut on_disk: Vec<String> = std::fs::read_dir(folder)
        .expect("templates folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".flow.json"))
        .collect();
    on_disk.sort();
    assert_eq!(files, on_disk);
}

#[tokio::test]
async fn a_saved_workflow_is_canonical_listed_in_the_workspace_and_opens_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let workspace = dir.path().join("flows");
    let app = desktop(dir.path());
    app.invoke("set_workspace", json!({ "folder": workspace }))
        .await
        .expect("set workspace");
    let doc = lead_routing();
    let written = app
        .invoke(
            "save_workflow",
            json!({ "path": "routing.flow.json", "doc": doc }),
        )
        .await
        .expect("saved");
    let on_disk = std::fs::read_to_string(workspace.join("routing.flow.json")).expect("file");
    assert_eq!(written.as_str(), Some(on_disk.as_str()));
    assert_eq!(
        on_disk,
        include_str!("../../../assets/templates/lead-routing.flow.json"),
        "the template is already canonical, so saving it changes nothing"
    );
    let listed = app.invoke("get_workspace", json!({})).await.expect("list");
    assert_eq!(listed["files"][0]["file"], "routing.flow.json");
    assert_eq!(listed["files"][0]["problems"], 0);
    assert_eq!(listed["files"][0]["name"], doc["name"]);
    let path = listed["files"][0]["path"].clone();
    let opened = app
        .invoke("open_workflow", json!({ "path": path }))
        .await
        .expect("opened");
    assert_eq!(opened, doc);
}

#[tokio::test]
async fn the_workspace_folder_is_remembered_for_the_next_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let workspace = dir.path().join("elsewhere");
    desktop(dir.path())
        .invoke("set_workspace", json!({ "folder": workspace }))
        .await
        .expect("set");
    let listed = desktop(dir.path())
        .invoke("get_workspace", json!({}))
        .await
        .expect("get");
    assert_eq!(listed["folder"], workspace.display().to_string());
}

#[tokio::test]
async fn validation_names_the_node_and_field_of_every_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut doc = lead_routing();
    let nodes = doc["nodes"].as_array_mut().expect("nodes");
    nodes[1]["type"] = json!("logic.nope");
    nodes[5]["params"] = json!({ "method": "FETCH" });
    let report = desktop(dir.path())
        .invoke("validate_workflow", json!({ "doc": doc }))
        .await
        .expect("report");
    assert_eq!(report["ok"], false);
    let errors = report["errors"].as_array().expect("errors");
    assert!(errors.len() >= 2, "{errors:?}");
    assert!(
        errors.iter().any(|e| e["message"]
            .as_str()
            .is_some_and(|m| m.contains("logic.nope"))),
        "{errors:?}"
    );
    assert!(errors.iter().all(|e| e["node"].is_string()), "{errors:?}");

    let ok = desktop(dir.path())
        .invoke("validate_workflow", json!({ "doc": lead_routing() }))
        .await
        .expect("report");
    assert_eq!(ok, json!({ "ok": true, "errors": [] }));
}

#[tokio::test]
async fn a_file_that_is_not_a_workflow_is_refused_with_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("broken.flow.json");
    std::fs::write(
        &path,
        "{\n  \"schema\": \"switchyard/workflow@1\",\n  \"id\": \n}",
    )
    .expect("write");
    let error = desktop(dir.path())
        .invoke("open_workflow", json!({ "path": path }))
        .await
        .expect_err("refused");
    assert_eq!(
        error.kind,
        switchyard_desktop::api::CommandErrorKind::Invalid
    );
    assert!(
        error.message.contains("broken.flow.json"),
        "{}",
        error.message
    );
    assert_eq!(error.problems[0].line, Some(4), "{:?}", error.problems);

    let missing = desktop(dir.path())
        .invoke(
            "open_workflow",
            json!({ "path": dir.path().join("nope.flow.json") }),
        )
        .await
        .expect_err("missing");
    assert_eq!(missing.kind, switchyard_desktop::api::CommandErrorKind::Io);
}

#[tokio::test]
async fn unknown_commands_and_bad_arguments_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = desktop(dir.path());
    let unknown = app.invoke("format_disk", json!({})).await.expect_err("no");
    assert!(
        unknown.message.contains("format_disk"),
        "{}",
        unknown.message
    );
    let bad = app
        .invoke("save_workflow", json!({ "path": 3 }))
        .await
        .expect_err("bad");
    assert_eq!(
        bad.kind,
        switchyard_desktop::api::CommandErrorKind::BadRequest
    );
    assert!(bad.message.contains("save_workflow"), "{}", bad.message);
}

#[tokio::test]
async fn every_listed_command_is_answered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = desktop(dir.path());
    for command in switchyard_desktop::COMMANDS {
        if let Err(e) = app.invoke(command, json!({})).await {
            assert_ne!(
                e.message,
                format!("there is no command \"{command}\""),
                "{command} is listed but not dispatched"
            );
        }
    }
}
