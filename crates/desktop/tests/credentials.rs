//! The credentials screen's commands on the real keychain (the test command runs inside a
//! throwaway Secret Service: `scripts/with-keyring.sh`) and a real history file.

use serde_json::json;
use std::sync::Arc;
use switchyard_desktop::api::CommandErrorKind;
use switchyard_desktop::{Desktop, DesktopConfig, NoEvents};

fn open(dir: &std::path::Path) -> Desktop {
    let config = DesktopConfig {
        db_path: Some(dir.join("history.db")),
        workspace: Some(dir.join("flows")),
        settings_path: Some(dir.join("settings.json")),
    };
    Desktop::open(config, Arc::new(NoEvents)).expect("desktop")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_credential_is_added_listed_tested_and_removed_without_its_secret_showing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open(dir.path());
    let id = format!("desktop-test-{}", std::process::id());
    let types = app
        .invoke("credential_types", json!({}))
        .await
        .expect("types");
    let bearer = types
        .as_array()
        .expect("types")
        .iter()
        .find(|t| t["type"] == "http.bearer")
        .expect("http.bearer");
    assert_eq!(
        bearer["fields"][0],
        json!({ "name": "token", "required": true, "secret": true, "kind": "text" })
    );

    let added = app
        .invoke(
            "add_credential",
            json!({ "credential": { "id": id, "type": "http.bearer", "label": "CRM", "fields": { "token": "sk-planted-9d7e" } } }),
        )
        .await
        .expect("added");
    assert_eq!(
        added,
        json!({ "id": id, "type": "http.bearer", "label": "CRM" })
    );
    let listed = app
        .invoke("list_credentials", json!({}))
        .await
        .expect("list");
    assert!(listed.to_string().contains(&id), "{listed}");
    assert!(
        !listed.to_string().contains("sk-planted-9d7e"),
        "the secret never comes back"
    );

    let tested = app
        .invoke("test_credential", json!({ "id": id }))
        .await
        .expect("test");
    assert_eq!(tested["ok"], true, "{tested}");
    assert!(!tested.to_string().contains("sk-planted-9d7e"));

    let removed = app
        .invoke("remove_credential", json!({ "id": id }))
        .await
        .expect("remove");
    assert_eq!(removed, true);
    let after = app
        .invoke("test_credential", json!({ "id": id }))
        .await
        .expect("test");
    assert_eq!(after["ok"], false);
    assert!(
        after["lines"][0]
            .as_str()
            .is_some_and(|l| l.contains("not set up")),
        "{after}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_credentials_are_refused_naming_the_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = open(dir.path());
    let missing = app
        .invoke(
            "add_credential",
            json!({ "credential": { "id": "smtp-main", "type": "smtp", "fields": { "host": "127.0.0.1" } } }),
        )
        .await
        .expect_err("refused");
    assert_eq!(missing.kind, CommandErrorKind::BadRequest);
    assert!(missing.message.contains("password"), "{}", missing.message);

    let bad_id = app
        .invoke(
            "add_credential",
            json!({ "credential": { "id": "has space", "type": "http.bearer", "fields": { "token": "x" } } }),
        )
        .await
        .expect_err("refused");
    assert!(bad_id.message.contains("not valid"), "{}", bad_id.message);

    let unknown = app
        .invoke(
            "add_credential",
            json!({ "credential": { "id": "x", "type": "ftp", "fields": {} } }),
        )
        .await
        .expect_err("refused");
    assert!(unknown.message.contains("ftp"), "{}", unknown.message);
    let usage = app.invoke("usage_today", json!({})).await.expect("usage");
    assert_eq!(usage, json!([]));
}
