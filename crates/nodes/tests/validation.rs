//! Every problem the spec's "rejected when" paragraph lists is found, all in one pass, each
//! naming its node and field.

use serde_json::json;
use switchyard_model::{Diagnostic, read_document, validate};

fn problems_of(text: &str) -> Vec<Diagnostic> {
    let registry = switchyard_nodes::builtin_registry();
    let (doc, mut problems) = read_document(text);
    if let Some(doc) = doc {
        problems.extend(validate(&doc, &registry));
    }
    problems
}

fn has(problems: &[Diagnostic], node: Option<&str>, field: Option<&str>, needle: &str) -> bool {
    problems.iter().any(|p| {
        p.node.as_deref() == node
            && (field.is_none() || p.field.as_deref() == field)
            && p.message.contains(needle)
    })
}

#[test]
fn malformed_json_names_line_and_column() {
    let problems = problems_of(
        "{\n  \"schema\": \"switchyard/workflow@1\",\n  \"id\": \"x\"\n  \"nodes\": []\n}",
    );
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].line, problems[0].column), (Some(4), Some(3)));
    assert!(problems[0].message.contains("malformed JSON"));
}

#[test]
fn every_problem_is_reported_in_one_pass() {
    let text = json!({
        "schema": "switchyard/workflow@2",
        "id": "Bad Id",
        "nodes": [
            { "id": "t", "type": "trigger.manual" },
            { "id": "t2", "type": "trigger.webhook", "params": { "path": "x", "respond": "sometimes" } },
            { "id": "dup", "type": "data.set" },
            { "id": "dup", "type": "data.set" },
            { "id": "UPPER", "type": "data.set" },
            { "id": "mystery", "type": "data.teleport" },
            { "id": "sw", "type": "logic.switch", "params": { "rules": [ { "port": "a", "when": { "all": [ { "left": 1, "op": "equals", "right": 2 } ] } } ] } },
            { "id": "if", "type": "logic.if" },
            { "id": "http", "type": "http.request", "params": { "url": 42, "method": "FETCH" } },
            { "id": "expr", "type": "data.set", "params": { "fields": { "a": "{{ $json.a + }}", "b": "{{ $out(\"ghost\") }}", "c": "{{ unclosed" } } },
            { "id": "cred", "type": "data.set", "credential": "hubspot-main" },
            { "id": "c1", "type": "data.set" },
            { "id": "c2", "type": "data.set" }
        ],
        "edges": [
            { "from": "t", "to": "sw" },
            { "from": "sw", "port": "b", "to": "if" },
            { "from": "t", "to": "nowhere" },
            { "from": "c1", "to": "c2" },
            { "from": "c2", "to": "c1" }
        ],
        "pinned": { "ghost": [ {} ] }
    })
    .to_string();
    let problems = problems_of(&text);
    let show = format!("{problems:#?}");
    assert!(
        has(&problems, None, Some("schema"), "unknown schema"),
        "{show}"
    );
    assert!(has(&problems, None, Some("id"), "not a valid id"), "{show}");
    assert!(
        has(&problems, Some("t2"), Some("type"), "exactly one trigger"),
        "{show}"
    );
    assert!(
        has(&problems, Some("t2"), Some("params.respond"), "sometimes"),
        "{show}"
    );
    assert!(
        has(&problems, Some("dup"), Some("id"), "duplicate node id"),
        "{show}"
    );
    assert!(
        has(&problems, Some("UPPER"), Some("id"), "not a valid id"),
        "{show}"
    );
    assert!(
        has(
            &problems,
            Some("mystery"),
            Some("type"),
            "unknown node type"
        ),
        "{show}"
    );
    assert!(
        has(
            &problems,
            Some("sw"),
            Some("params.rules[0].when.all[0].op"),
            "equals"
        ),
        "{show}"
    );
    assert!(has(&problems, Some("if"), Some("params"), "when"), "{show}");
    assert!(
        has(&problems, Some("http"), Some("params.method"), "FETCH"),
        "{show}"
    );
    assert!(
        has(
            &problems,
            Some("expr"),
            Some("params.fields.a"),
            "does not parse"
        ),
        "{show}"
    );
    assert!(
        has(
            &problems,
            Some("expr"),
            Some("params.fields.b"),
            "$out(\"ghost\")"
        ),
        "{show}"
    );
    assert!(
        has(
            &problems,
            Some("expr"),
            Some("params.fields.c"),
            "never closed"
        ),
        "{show}"
    );
    assert!(
        has(
            &problems,
            Some("cred"),
            Some("credential"),
            "takes no credential"
        ),
        "{show}"
    );
    assert!(
        has(
            &problems,
            Some("sw"),
            Some("edges[1].port"),
            "no output port \"b\""
        ),
        "{show}"
    );
    assert!(
        has(&problems, None, Some("edges[2].to"), "nowhere"),
        "{show}"
    );
    assert!(
        problems.iter().any(|p| p.message.contains("cycle")
            && p.message.contains("c1")
            && p.message.contains("c2")),
        "{show}"
    );
    assert!(
        has(&problems, None, Some("pinned.ghost"), "not a node"),
        "{show}"
    );
}

#[test]
fn no_trigger_and_disabled_trigger() {
    let none = json!({ "schema": "switchyard/workflow@1", "id": "x", "nodes": [ { "id": "a", "type": "data.set" } ], "edges": [] });
    assert!(has(
        &problems_of(&none.to_string()),
        None,
        Some("nodes"),
        "no trigger"
    ));
    let disabled = json!({ "schema": "switchyard/workflow@1", "id": "x", "nodes": [ { "id": "t", "type": "trigger.manual", "disabled": true } ], "edges": [] });
    assert!(has(
        &problems_of(&disabled.to_string()),
        Some("t"),
        Some("disabled"),
        "cannot be disabled"
    ));
}

#[test]
fn error_port_exists_only_with_error_port_policy() {
    let base = |policy: &str| {
        json!({ "schema": "switchyard/workflow@1", "id": "x", "nodes": [
            { "id": "t", "type": "trigger.manual" },
            { "id": "c", "type": "data.code", "params": { "code": "return items;" }, "on_error": policy },
            { "id": "h", "type": "data.set" }
        ], "edges": [ { "from": "t", "to": "c" }, { "from": "c", "port": "error", "to": "h" } ] })
        .to_string()
    };
    assert!(problems_of(&base("error_port")).is_empty());
    assert!(has(
        &problems_of(&base("stop")),
        Some("c"),
        None,
        "no output port \"error\""
    ));
}

#[test]
fn merge_inputs_must_be_named() {
    let text = json!({ "schema": "switchyard/workflow@1", "id": "x", "nodes": [
        { "id": "t", "type": "trigger.manual" },
        { "id": "m", "type": "flow.merge" }
    ], "edges": [ { "from": "t", "to": "m" }, { "from": "t", "to": "m", "to_port": "c" } ] })
    .to_string();
    let problems = problems_of(&text);
    assert!(
        has(
            &problems,
            Some("m"),
            Some("edges[0].to_port"),
            "several inputs"
        ),
        "{problems:#?}"
    );
    assert!(
        has(
            &problems,
            Some("m"),
            Some("edges[1].to_port"),
            "no input port \"c\""
        ),
        "{problems:#?}"
    );
}

#[test]
fn code_that_does_not_parse_is_rejected_before_running() {
    let text = json!({ "schema": "switchyard/workflow@1", "id": "x", "nodes": [
        { "id": "t", "type": "trigger.manual" },
        { "id": "c", "type": "data.code", "params": { "code": "return items.map(i => ;" } }
    ], "edges": [ { "from": "t", "to": "c" } ] })
    .to_string();
    assert!(has(
        &problems_of(&text),
        Some("c"),
        Some("params"),
        "does not parse"
    ));
}

#[test]
fn shipped_templates_are_valid() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("templates folder") {
        let path = entry.expect("entry").path();
        if path.to_string_lossy().ends_with(".flow.json") {
            let text = std::fs::read_to_string(&path).expect("read");
            let problems = problems_of(&text);
            assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
            count += 1;
        }
    }
    assert!(count >= 3, "at least three templates ship");
}

#[test]
fn every_registered_type_is_fully_described() {
    let registry = switchyard_nodes::builtin_registry();
    let descriptions = registry.descriptions();
    assert!(descriptions.len() >= 12);
    for d in descriptions {
        assert!(
            !d.label.is_empty() && !d.description.is_empty(),
            "{} needs a label and a description",
            d.node_type
        );
        assert!(
            d.params_schema.is_object(),
            "{} needs a params schema",
            d.node_type
        );
        assert!(
            d.dynamic_outputs || !d.outputs.is_empty(),
            "{} needs output ports",
            d.node_type
        );
        // The handler exists by construction (the Node trait); preparing the type's own
        // defaults proves the registry can build it.
        assert!(registry.get(&d.node_type).is_some());
    }
}

#[test]
fn a_hubspot_webhook_trigger_without_its_secret_names_the_field() {
    let doc = |params: serde_json::Value| {
        json!({
            "schema": "switchyard/workflow@1",
            "id": "hs",
            "nodes": [ { "id": "watch", "type": "trigger.hubspot", "credential": "hubspot-main", "params": params } ],
            "edges": []
        })
        .to_string()
    };
    let problems = problems_of(&doc(
        json!({ "object": "contacts", "event": "created", "source": "webhook" }),
    ));
    assert!(
        has(&problems, Some("watch"), None, "secret_credential"),
        "{problems:?}"
    );
    let fine = problems_of(&doc(json!({
        "object": "contacts", "event": "created", "source": "webhook", "secret_credential": "hs-app"
    })));
    assert!(fine.is_empty(), "{fine:?}");
    let polling = problems_of(&doc(json!({ "object": "contacts", "event": "created" })));
    assert!(polling.is_empty(), "{polling:?}");
}

/// A large workflow is prepared on several threads when compiled: its problems are the same,
/// in the same order, as validating it on one thread says.
#[test]
fn a_large_workflow_compiles_with_the_same_problems_as_it_validates() {
    let mut nodes = vec![json!({ "id": "t", "type": "trigger.manual" })];
    let mut edges = Vec::new();
    for i in 0..1500 {
        let node = match i % 5 {
            0 => {
                json!({ "id": format!("n{i}"), "type": "data.set", "params": { "fields": { "a": "{{ $json.a }}" } } })
            }
            1 => {
                json!({ "id": format!("n{i}"), "type": "logic.if", "params": { "when": { "left": "{{ $json.a }}", "op": "bogus" } } })
            }
            2 => {
                json!({ "id": format!("n{i}"), "type": "data.set", "params": { "fields": { "a": "{{ $json.a " } } })
            }
            3 => {
                json!({ "id": format!("n{i}"), "type": "trigger.webhook", "params": { "path": "not a path" } })
            }
            _ => {
                json!({ "id": format!("n{i}"), "type": "logic.filter", "params": { "when": { "all": [] }, "extra": 1 } })
            }
        };
        nodes.push(node);
        edges.push(json!({ "from": "t", "to": format!("n{i}") }));
    }
    let doc =
        json!({ "schema": "switchyard/workflow@1", "id": "big", "nodes": nodes, "edges": edges });
    let registry = switchyard_nodes::builtin_registry();
    let (doc, problems) = read_document(&doc.to_string());
    assert!(problems.is_empty());
    let doc = doc.expect("document");
    let validated = validate(&doc, &registry);
    assert!(validated.len() >= 1200, "{}", validated.len());
    let compiled = switchyard_engine::compile(&doc, &registry)
        .err()
        .expect("problems");
    assert_eq!(compiled, validated);
}
