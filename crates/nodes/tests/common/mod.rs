//! Helpers shared by the integration tests: build a workflow from JSON, run it, read results.
#![allow(dead_code)]

use serde_json::{Value, json};
use switchyard_engine::{
    ExecuteOptions, Plan, RunMode, RunReport, RunRequest, compile, event::CollectSink, execute,
};
use switchyard_model::{WorkflowDocument, read_document};
use tokio_util::sync::CancellationToken;

pub fn doc(nodes: Value, edges: Value) -> WorkflowDocument {
    doc_with(json!({ "nodes": nodes, "edges": edges }))
}

pub fn doc_with(fields: Value) -> WorkflowDocument {
    let mut root = json!({ "schema": "switchyard/workflow@1", "id": "test" });
    if let (Some(root), Some(fields)) = (root.as_object_mut(), fields.as_object()) {
        for (k, v) in fields {
            root.insert(k.clone(), v.clone());
        }
    }
    let (doc, problems) = read_document(&root.to_string());
    assert!(problems.is_empty(), "{problems:?}");
    doc.expect("document")
}

pub fn plan(doc: &WorkflowDocument) -> Plan {
    let registry = switchyard_nodes::builtin_registry();
    match compile(doc, &registry) {
        Ok(plan) => plan,
        Err(problems) => panic!("invalid: {problems:#?}"),
    }
}

pub async fn run(doc: &WorkflowDocument, input: Option<Value>) -> RunReport {
    run_with(doc, input, RunMode::Test, false).await.0
}

pub async fn run_with(
    doc: &WorkflowDocument,
    input: Option<Value>,
    mode: RunMode,
    dry_run: bool,
) -> (RunReport, CollectSink) {
    let plan = plan(doc);
    let mut request = RunRequest::new(mode).with_dry_run(dry_run);
    if let Some(input) = input {
        let items = match input {
            Value::Array(items) => items,
            one => vec![one],
        };
        request = request.with_trigger_items(items);
    }
    let sink = CollectSink::default();
    let report = execute(
        &plan,
        request,
        &ExecuteOptions::default(),
        &sink,
        CancellationToken::new(),
    )
    .await;
    (report, sink)
}

/// The items a node emitted on `port`.
pub fn out(report: &RunReport, node: &str, port: &str) -> Vec<Value> {
    let record = report
        .nodes
        .get(node)
        .unwrap_or_else(|| panic!("no record for {node}"));
    record
        .outputs
        .iter()
        .find(|(p, _)| p == port)
        .map(|(_, items)| items.to_vec())
        .unwrap_or_else(|| panic!("{node} has no port {port}"))
}

pub fn status(report: &RunReport, node: &str) -> &'static str {
    report
        .nodes
        .get(node)
        .map(|r| r.status.as_str())
        .unwrap_or("missing")
}
