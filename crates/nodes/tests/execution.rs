//! The executor's semantics, through real node types: routing by port, skip propagation, merge,
//! retries, timeouts, error policies, pins, disabled nodes, cancellation and concurrency.

mod common;

use common::*;
use serde_json::json;
use std::time::Duration;
use switchyard_engine::{
    ErrorKind, ExecuteOptions, RunEvent, RunMode, RunRequest, RunStatus, execute,
};
use tokio_util::sync::CancellationToken;

fn lt(n: i64) -> serde_json::Value {
    json!({ "all": [ { "left": "{{ $json.n }}", "op": "lt", "right": n } ] })
}

#[tokio::test]
async fn items_route_by_port_and_untaken_branches_are_skipped() {
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "sw", "type": "logic.switch", "params": { "rules": [ { "port": "low", "when": lt(10) } ], "fallback": "high" } },
            { "id": "a", "type": "data.set", "params": { "fields": { "tag": "low" } } },
            { "id": "b", "type": "data.set", "params": { "fields": { "tag": "high" } } },
            { "id": "after-b", "type": "data.set", "params": { "fields": { "x": 1 } } }
        ]),
        json!([
            { "from": "t", "to": "sw" },
            { "from": "sw", "port": "low", "to": "a" },
            { "from": "sw", "port": "high", "to": "b" },
            { "from": "b", "to": "after-b" }
        ]),
    );
    let report = run(&d, Some(json!([{ "n": 1 }, { "n": 2 }]))).await;
    assert_eq!(report.status, RunStatus::Succeeded);
    assert_eq!(out(&report, "sw", "low").len(), 2);
    assert_eq!(
        out(&report, "a", "main"),
        vec![json!({"n": 1, "tag": "low"}), json!({"n": 2, "tag": "low"})]
    );
    assert_eq!(status(&report, "b"), "skipped");
    assert_eq!(status(&report, "after-b"), "skipped");
    assert_eq!(report.nodes.len(), 5, "every node has a record");
}

#[tokio::test]
async fn merge_waits_for_both_inputs_and_runs_with_one_empty_side() {
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "slow", "type": "flow.wait", "params": { "ms": 30 } },
            { "id": "none", "type": "logic.filter", "params": { "when": lt(0) } },
            { "id": "m", "type": "flow.merge", "params": { "mode": "append" } }
        ]),
        json!([
            { "from": "t", "to": "slow" },
            { "from": "t", "to": "none" },
            { "from": "slow", "to": "m", "to_port": "a" },
            { "from": "none", "to": "m", "to_port": "b" }
        ]),
    );
    let report = run(&d, Some(json!({ "n": 5 }))).await;
    assert_eq!(status(&report, "m"), "succeeded");
    assert_eq!(out(&report, "m", "main"), vec![json!({"n": 5})]);
    let order: Vec<&str> = report.nodes.keys().map(String::as_str).collect();
    assert!(order.iter().position(|n| *n == "m") > order.iter().position(|n| *n == "slow"));
}

#[tokio::test]
async fn merge_zip_and_join() {
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "left", "type": "data.code", "params": { "code": "return [{id: 1, a: 'x'}, {id: 2, a: 'y'}, {id: 3, a: 'z'}];" } },
            { "id": "right", "type": "data.code", "params": { "code": "return [{key: '2', b: 'two'}, {key: 1, b: 'one'}, {key: 1, b: 'uno'}];" } },
            { "id": "zip", "type": "flow.merge", "params": { "mode": "zip" } },
            { "id": "join", "type": "flow.merge", "params": { "mode": "join", "key_a": "id", "key_b": "key" } }
        ]),
        json!([
            { "from": "t", "to": "left" }, { "from": "t", "to": "right" },
            { "from": "left", "to": "zip", "to_port": "a" }, { "from": "right", "to": "zip", "to_port": "b" },
            { "from": "left", "to": "join", "to_port": "a" }, { "from": "right", "to": "join", "to_port": "b" }
        ]),
    );
    let report = run(&d, None).await;
    assert_eq!(out(&report, "zip", "main").len(), 3);
    assert_eq!(
        out(&report, "zip", "main")[0],
        json!({"id": 1, "a": "x", "key": "2", "b": "two"})
    );
    let joined = out(&report, "join", "main");
    assert_eq!(
        joined,
        vec![
            json!({"id": 1, "a": "x", "key": 1, "b": "one"}),
            json!({"id": 1, "a": "x", "key": 1, "b": "uno"}),
            json!({"id": 2, "a": "y", "key": "2", "b": "two"}),
        ]
    );
}

#[tokio::test]
async fn a_failure_stops_the_run_and_every_node_still_has_a_status() {
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "boom", "type": "data.code", "params": { "code": "throw new Error('no way');" } },
            { "id": "next", "type": "data.set", "params": { "fields": { "a": 1 } } }
        ]),
        json!([ { "from": "t", "to": "boom" }, { "from": "boom", "to": "next" } ]),
    );
    let report = run(&d, None).await;
    assert_eq!(report.status, RunStatus::Failed);
    let error = report.error.clone().expect("run error");
    assert_eq!(error.node, "boom");
    assert_eq!(error.kind, ErrorKind::Code);
    assert!(error.message.contains("no way"), "{}", error.message);
    assert_eq!(status(&report, "boom"), "failed");
    assert_eq!(status(&report, "next"), "skipped");
}

#[tokio::test]
async fn on_error_continue_and_error_port() {
    let code = "if (item.bad) throw new Error('bad item ' + index); return item;";
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "cont", "type": "data.code", "params": { "mode": "each", "code": code }, "on_error": "continue" },
            { "id": "port", "type": "data.code", "params": { "mode": "each", "code": code }, "on_error": "error_port" },
            { "id": "handled", "type": "data.set", "params": { "fields": { "seen": "{{ $json.error.kind }}" } } }
        ]),
        json!([
            { "from": "t", "to": "cont" }, { "from": "t", "to": "port" },
            { "from": "port", "port": "error", "to": "handled" }
        ]),
    );
    let report = run(&d, Some(json!([{ "v": 1 }, { "bad": true }]))).await;
    assert_eq!(report.status, RunStatus::Succeeded);
    assert_eq!(out(&report, "cont", "main"), vec![json!({"v": 1})]);
    assert_eq!(report.nodes["cont"].item_errors, 1);
    assert_eq!(out(&report, "port", "main"), vec![json!({"v": 1})]);
    let failed = out(&report, "port", "error");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["bad"], json!(true));
    assert_eq!(failed[0]["error"]["kind"], json!("code"));
    assert!(
        failed[0]["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("bad item 1")
    );
    assert_eq!(out(&report, "handled", "main")[0]["seen"], json!("code"));
}

#[tokio::test]
async fn retries_with_backoff_until_success() {
    // Fails on the first two attempts: the attempt count lives in the run's JS sandbox.
    let code = "globalThis.tries = (globalThis.tries || 0) + 1; if (globalThis.tries < 3) throw new Error('flaky'); return items;";
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "flaky", "type": "data.code", "params": { "code": code },
              "retry": { "max_attempts": 4, "initial_delay_ms": 1, "max_delay_ms": 5 } }
        ]),
        json!([ { "from": "t", "to": "flaky" } ]),
    );
    let (report, sink) = run_with(&d, None, RunMode::Test, false).await;
    assert_eq!(status(&report, "flaky"), "succeeded");
    assert_eq!(report.nodes["flaky"].attempts, 3);
    let failed_attempts = sink
        .events()
        .iter()
        .filter(|e| matches!(e, RunEvent::AttemptFailed { .. }))
        .count();
    assert_eq!(failed_attempts, 2);
    assert_eq!(report.nodes["flaky"].attempt_log.len(), 3);
}

#[tokio::test]
async fn errors_that_cannot_change_are_not_retried() {
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "bad", "type": "data.set", "params": { "fields": { "x": "{{ $json.missing.deeper }}" } },
              "retry": { "max_attempts": 5, "initial_delay_ms": 1, "max_delay_ms": 2 } }
        ]),
        json!([ { "from": "t", "to": "bad" } ]),
    );
    let report = run(&d, None).await;
    assert_eq!(status(&report, "bad"), "failed");
    assert_eq!(report.nodes["bad"].attempts, 1);
    let error = report.nodes["bad"].error.clone().expect("error");
    assert_eq!(error.kind, ErrorKind::Expression);
    assert!(
        error.message.contains("missing.deeper"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn timeout_fails_a_slow_node() {
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "slow", "type": "flow.wait", "params": { "ms": 5000 }, "timeout_ms": 20 }
        ]),
        json!([ { "from": "t", "to": "slow" } ]),
    );
    let report = run(&d, None).await;
    assert_eq!(
        report.nodes["slow"].error.as_ref().map(|e| e.kind),
        Some(ErrorKind::Timeout)
    );
}

#[tokio::test]
async fn disabled_nodes_pass_items_through_and_pins_replace_output_in_test_runs_only() {
    let d = doc_with(json!({
        "nodes": [
            { "id": "t", "type": "trigger.manual" },
            { "id": "off", "type": "data.set", "disabled": true, "params": { "fields": { "x": 1 } } },
            { "id": "pinned", "type": "data.set", "params": { "fields": { "real": true } } }
        ],
        "edges": [ { "from": "t", "to": "off" }, { "from": "off", "to": "pinned" } ],
        "pinned": { "t": [ { "from": "pin" } ], "pinned": [ { "sample": 1 } ] }
    }));
    let report = run(&d, None).await;
    assert_eq!(status(&report, "t"), "pinned");
    assert_eq!(status(&report, "off"), "disabled");
    assert_eq!(out(&report, "off", "main"), vec![json!({"from": "pin"})]);
    assert_eq!(status(&report, "pinned"), "pinned");
    assert_eq!(out(&report, "pinned", "main"), vec![json!({"sample": 1})]);

    let (production, _) = run_with(
        &d,
        Some(json!({"from": "event"})),
        RunMode::Production,
        false,
    )
    .await;
    assert_eq!(status(&production, "t"), "succeeded");
    assert_eq!(
        out(&production, "pinned", "main"),
        vec![json!({"from": "event", "real": true})]
    );
}

#[tokio::test]
async fn independent_branches_run_concurrently() {
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "w1", "type": "flow.wait", "params": { "ms": 50 } },
            { "id": "w2", "type": "flow.wait", "params": { "ms": 50 } }
        ]),
        json!([ { "from": "t", "to": "w1" }, { "from": "t", "to": "w2" } ]),
    );
    let (_, sink) = run_with(&d, None, RunMode::Test, false).await;
    let events = sink.events();
    let position = |pred: &dyn Fn(&RunEvent) -> bool| events.iter().position(pred).expect("event");
    let second_start =
        position(&|e| matches!(e, RunEvent::NodeStarted { node_id, .. } if node_id == "w2"));
    let first_finish = position(
        &|e| matches!(e, RunEvent::NodeFinished { record, .. } if record.node_id.starts_with('w')),
    );
    assert!(
        second_start < first_finish,
        "both waits start before either finishes"
    );
}

#[tokio::test]
async fn cancelling_a_run_marks_it_cancelled() {
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "long", "type": "flow.wait", "params": { "ms": 60000 } },
            { "id": "after", "type": "data.set", "params": { "fields": {} } }
        ]),
        json!([ { "from": "t", "to": "long" }, { "from": "long", "to": "after" } ]),
    );
    let plan = plan(&d);
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(30)).await;
        trigger.cancel();
    });
    let sink = switchyard_engine::event::CollectSink::default();
    let report = tokio::time::timeout(
        Duration::from_secs(10),
        execute(
            &plan,
            RunRequest::new(RunMode::Test),
            &ExecuteOptions::default(),
            &sink,
            cancel,
        ),
    )
    .await
    .expect("cancel ends the run");
    assert_eq!(report.status, RunStatus::Cancelled);
    assert_eq!(
        report.nodes["long"].error.as_ref().map(|e| e.kind),
        Some(ErrorKind::Cancelled)
    );
    assert_eq!(status(&report, "after"), "skipped");
}

#[tokio::test]
async fn expressions_keep_types_interpolate_and_see_the_run() {
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "s", "type": "data.set", "params": { "keep_input": false, "fields": {
                "n": "{{ $json.n }}",
                "obj": " {{ $json.o }} ",
                "text": "n={{ $json.n }} f={{ $json.f }} o={{ $json.o }} none={{ $json.nothing }}",
                "js": "{{ $json.n * 2 + $index }}",
                "trigger": "{{ $trigger.n }}",
                "mode": "{{ $run.mode }}",
                "count": "{{ $input.length }}",
                "upper": "{{ $json.name.toUpperCase() }}",
                "nested.deep": "{{ $out(\"t\")[1].n }}"
            } } }
        ]),
        json!([ { "from": "t", "to": "s" } ]),
    );
    let report = run(
        &d,
        Some(json!([
            { "n": 21, "f": 0.5, "o": { "a": [1] }, "name": "ada" },
            { "n": 4, "f": 2.0, "o": {}, "name": "bob" }
        ])),
    )
    .await;
    let items = out(&report, "s", "main");
    assert_eq!(
        items[0],
        json!({
            "n": 21, "obj": { "a": [1] }, "text": "n=21 f=0.5 o={\"a\":[1]} none=", "js": 42, "trigger": 21,
            "mode": "test", "count": 2, "upper": "ADA", "nested": { "deep": 4 }
        })
    );
    assert_eq!(items[1]["js"], json!(9));
}

#[tokio::test]
async fn code_node_limits_fail_the_node_without_hanging() {
    let d = doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "loop", "type": "data.code", "params": { "code": "while (true) {}" } }
        ]),
        json!([ { "from": "t", "to": "loop" } ]),
    );
    let plan = plan(&d);
    let mut request = RunRequest::new(RunMode::Test);
    request.js_limits.time_limit = Duration::from_millis(100);
    let report = tokio::time::timeout(
        Duration::from_secs(20),
        execute(
            &plan,
            request,
            &ExecuteOptions::default(),
            &switchyard_engine::event::NoSink,
            CancellationToken::new(),
        ),
    )
    .await
    .expect("the time limit ends the loop");
    assert_eq!(report.status, RunStatus::Failed);
    assert_eq!(
        report.nodes["loop"].error.as_ref().map(|e| e.kind),
        Some(ErrorKind::Timeout)
    );
}

fn chain() -> switchyard_model::WorkflowDocument {
    doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "a", "type": "data.set", "params": { "fields": { "a": true } } },
            { "id": "b", "type": "data.set", "params": { "fields": { "b": "{{ $json.a }}", "from": "{{ $trigger.origin }}" } } },
            { "id": "c", "type": "data.set", "params": { "fields": { "c": true } } }
        ]),
        json!([ { "from": "t", "to": "a" }, { "from": "a", "to": "b" }, { "from": "b", "to": "c" } ]),
    )
}

#[tokio::test]
async fn run_up_to_a_node_runs_only_it_and_its_ancestors() {
    let d = chain();
    let plan = plan(&d);
    let mut request =
        RunRequest::new(RunMode::Test).with_trigger_items(vec![json!({ "origin": "x" })]);
    request.only = Some(plan.ancestors_and_self("b"));
    let report = execute(
        &plan,
        request,
        &ExecuteOptions::default(),
        &switchyard_engine::event::NoSink,
        CancellationToken::new(),
    )
    .await;
    assert_eq!(report.status, RunStatus::Succeeded);
    assert_eq!(status(&report, "b"), "succeeded");
    assert_eq!(status(&report, "c"), "skipped");
    assert_eq!(
        out(&report, "b", "main"),
        vec![json!({ "origin": "x", "a": true, "b": true, "from": "x" })]
    );
}

#[tokio::test]
async fn run_one_node_with_inputs_given_up_front() {
    let d = chain();
    let plan = plan(&d);
    let mut request = RunRequest::new(RunMode::Test);
    request.only = Some(["b".to_owned()].into_iter().collect());
    request.seeded.insert(
        "t".into(),
        vec![("main".into(), vec![json!({ "origin": "recorded" })])],
    );
    request
        .seeded
        .insert("a".into(), vec![("main".into(), vec![json!({ "a": 7 })])]);
    let report = execute(
        &plan,
        request,
        &ExecuteOptions::default(),
        &switchyard_engine::event::NoSink,
        CancellationToken::new(),
    )
    .await;
    assert_eq!(status(&report, "t"), "pinned");
    assert_eq!(status(&report, "a"), "pinned");
    assert_eq!(status(&report, "b"), "succeeded");
    assert_eq!(status(&report, "c"), "skipped");
    assert_eq!(
        out(&report, "b", "main"),
        vec![json!({ "a": 7, "b": 7, "from": "recorded" })],
        "{:#}",
        report.to_json(true)
    );
    assert_eq!(report.nodes.len(), 4);
}
