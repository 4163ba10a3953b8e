//! Documents survive load → save → load unchanged, saving is stable, and a one-field change is
//! a one-line diff.

use switchyard_model::{read_document, write_document};

fn templates() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("templates folder") {
        let path = entry.expect("entry").path();
        if path.to_string_lossy().ends_with(".flow.json") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).expect("read"),
            ));
        }
    }
    assert!(!out.is_empty());
    out
}

#[test]
fn load_save_load_is_lossless_and_saving_is_stable() {
    for (name, text) in templates() {
        let (doc, problems) = read_document(&text);
        assert!(problems.is_empty(), "{name}: {problems:?}");
        let doc = doc.expect("document");
        let saved = write_document(&doc);
        let (again, problems) = read_document(&saved);
        assert!(problems.is_empty(), "{name}: {problems:?}");
        let again = again.expect("document");
        assert_eq!(
            doc, again,
            "{name}: load → save → load changed the document"
        );
        assert_eq!(
            write_document(&again),
            saved,
            "{name}: saving twice differs"
        );
        let as_json = |t: &str| serde_json::from_str::<serde_json::Value>(t).expect("json");
        assert_eq!(
            as_json(&text),
            as_json(&saved),
            "{name}: saving lost or changed a value"
        );
    }
}

#[test]
fn the_shipped_templates_are_already_in_saved_form() {
    for (name, text) in templates() {
        let (doc, _) = read_document(&text);
        assert_eq!(
            write_document(&doc.expect("document")),
            text,
            "{name} is not in canonical form"
        );
    }
}

#[test]
fn a_one_field_change_is_a_one_line_diff() {
    let (_, text) = templates().remove(0);
    let (doc, _) = read_document(&text);
    let mut doc = doc.expect("document");
    let before = write_document(&doc);
    doc.nodes[1].position = Some([serde_json::Number::from(999), serde_json::Number::from(-5)]);
    doc.name.push_str(" (edited)");
    let after = write_document(&doc);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(changed.len(), 2, "{changed:#?}");
    assert!(
        changed
            .iter()
            .any(|(_, b)| b.trim() == "\"position\": [999, -5],"),
        "{changed:#?}"
    );
}

#[test]
fn unknown_fields_and_numbers_are_kept_exactly() {
    let text = r#"{
  "schema": "switchyard/workflow@1",
  "id": "x",
  "x-editor": { "zoom": 1.5 },
  "nodes": [
    { "id": "t", "type": "trigger.manual", "position": [0.5, 10], "x-color": "red", "params": { "b": 1, "a": 2.0 } }
  ],
  "edges": []
}"#;
    let (doc, problems) = read_document(text);
    assert!(problems.is_empty());
    let saved = write_document(&doc.expect("document"));
    let value: serde_json::Value = serde_json::from_str(&saved).expect("json");
    assert_eq!(value["x-editor"]["zoom"], serde_json::json!(1.5));
    assert_eq!(value["nodes"][0]["x-color"], serde_json::json!("red"));
    assert_eq!(value["nodes"][0]["position"], serde_json::json!([0.5, 10]));
    let keys: Vec<&String> = value["nodes"][0]["params"]
        .as_object()
        .expect("params")
        .keys()
        .collect();
    assert_eq!(keys, ["b", "a"], "param key order is the author's");
    assert!(saved.contains("\"position\": [0.5, 10]"));
}
