//! Expressions: globals, per-item values, caching.

use serde_json::json;
use switchyard_js::{JsError, JsSandbox, Value};

use crate::{NOW, eval, sandbox};

#[test]
fn sees_the_item_its_index_and_the_input() {
    let mut sandbox = sandbox();
    let input = vec![json!({"a": 1, "name": "x"}), json!({"a": 2, "name": "y"})];
    let results: Vec<Option<Value>> = input
        .iter()
        .enumerate()
        .map(|(index, item)| {
            sandbox
                .eval_expression(
                    "`${$json.name}:${$json.a + 1}:${$index}/${$input.length}`",
                    item,
                    index,
                    &input,
                )
                .unwrap()
        })
        .collect();
    assert_eq!(results, [Some(json!("x:2:0/2")), Some(json!("y:3:1/2"))]);
    let sum = sandbox
        .eval_expression("$input.reduce((s, i) => s + i.a, 0)", &input[0], 0, &input)
        .unwrap();
    assert_eq!(sum, Some(json!(3)));
}

#[test]
fn sees_the_run_wide_globals() {
    let mut sandbox = sandbox();
    assert_eq!(
        eval(&mut sandbox, "$run"),
        Some(json!({"id": "run-1", "workflow_id": "wf-1", "mode": "manual"}))
    );
    assert_eq!(eval(&mut sandbox, "$now"), Some(json!(NOW)));
    assert_eq!(eval(&mut sandbox, "$trigger.body.x"), Some(json!(1)));
    assert_eq!(
        eval(&mut sandbox, "$out('fetch')"),
        Some(json!([{"a": 1}, {"a": 2}]))
    );
    assert_eq!(eval(&mut sandbox, "$out('fetch')[1].a"), Some(json!(2)));
    assert_eq!(eval(&mut sandbox, "$out('other')"), Some(json!([])));
}

#[test]
fn out_needs_a_node_id() {
    let mut sandbox = sandbox();
    let error = sandbox
        .eval_expression("$out()", &json!({}), 0, &[])
        .unwrap_err();
    assert!(
        matches!(&error, JsError::Thrown(message) if message.starts_with("TypeError: $out needs a node id")),
        "{error}"
    );
    let error = sandbox
        .eval_expression("$out(5)", &json!({}), 0, &[])
        .unwrap_err();
    assert!(matches!(error, JsError::Thrown(_)));
}

#[test]
fn out_asks_the_engine_on_every_call() {
    use std::sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    };
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let mut globals = crate::globals(1);
    globals.outputs = Arc::new(move |id: &str| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        json!([{"id": id, "call": n}])
    });
    let mut sandbox = JsSandbox::new(globals, Default::default()).unwrap();
    assert_eq!(
        eval(&mut sandbox, "$out('a')[0]"),
        Some(json!({"id": "a", "call": 0}))
    );
    assert_eq!(eval(&mut sandbox, "$out('b')[0].call"), Some(json!(1)));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn run_wide_globals_are_read_only() {
    let mut sandbox = sandbox();
    assert_eq!(
        eval(&mut sandbox, "($run.id = 'changed', $run.id)"),
        Some(json!("run-1"))
    );
    assert_eq!(
        eval(&mut sandbox, "($trigger.body.x = 5, $trigger.body.x)"),
        Some(json!(1))
    );
    assert_eq!(
        eval(&mut sandbox, "($now = 'later', $now)"),
        Some(json!(NOW))
    );
    assert_eq!(eval(&mut sandbox, "$run.id"), Some(json!("run-1")));
}

#[test]
fn each_source_is_compiled_once() {
    let mut sandbox = sandbox();
    let input: Vec<Value> = (0..100).map(|i| json!({"v": i})).collect();
    for (index, item) in input.iter().enumerate() {
        let value = sandbox
            .eval_expression("$json.v * 2", item, index, &input)
            .unwrap();
        assert_eq!(value, Some(json!(index * 2)));
    }
    assert_eq!(sandbox.compiled_count(), 1);
    sandbox
        .eval_expression("$json.v + 1", &input[0], 0, &input)
        .unwrap();
    assert_eq!(sandbox.compiled_count(), 2);
    // The same text as a code body is a different function.
    sandbox
        .run_each("return $json", &input[0], 0, &input)
        .unwrap();
    assert_eq!(sandbox.compiled_count(), 3);
    // Syntax errors are remembered too, and do not count as functions.
    for _ in 0..3 {
        let error = sandbox
            .eval_expression("$json.", &input[0], 0, &input)
            .unwrap_err();
        assert!(matches!(error, JsError::Syntax(_)), "{error}");
    }
    assert_eq!(sandbox.compiled_count(), 3);
}

#[test]
fn input_is_cached_per_slice_but_never_stale() {
    let mut sandbox = sandbox();
    let first = vec![json!({"v": "first-0"}), json!({"v": "first-1"})];
    for index in 0..2 {
        let value = sandbox
            .eval_expression("$input[1].v", &first[index], index, &first)
            .unwrap();
        assert_eq!(value, Some(json!("first-1")));
    }
    let second = vec![json!({"v": "second-0"}), json!({"v": "second-1"})];
    let value = sandbox
        .eval_expression("$input[1].v", &second[0], 0, &second)
        .unwrap();
    assert_eq!(value, Some(json!("second-1")));
    // A sub-slice shares the address but not the length.
    let value = sandbox
        .eval_expression("$input.length", &second[0], 0, &second[..1])
        .unwrap();
    assert_eq!(value, Some(json!(1)));

    // Same address and length after the previous vector was freed and reused.
    let mut reused = vec![json!({"v": 0}); 5];
    for round in 0..3 {
        for item in reused.iter_mut() {
            *item = json!({"v": round});
        }
        let value = sandbox
            .eval_expression("$input[2].v", &reused[0], 0, &reused)
            .unwrap();
        assert_eq!(value, Some(json!(round)));
    }
}

#[test]
fn input_is_frozen_so_items_cannot_leak_changes() {
    let mut sandbox = sandbox();
    let input = vec![json!({"v": 1, "nested": {"w": 2}}), json!({"v": 3})];
    let source = "($input[0].v = 99, $input[0].nested.w = 99, $input.pop(), [$input.length, $input[0].v, $input[0].nested.w])";
    for index in 0..2 {
        let value = sandbox.eval_expression(source, &input[index], index, &input);
        // `pop` on a frozen array throws; the values never change.
        assert!(matches!(value, Err(JsError::Thrown(_))), "{value:?}");
    }
    let value = sandbox
        .eval_expression(
            "($input[0].v = 99, [$input.length, $input[0].v, [...$input].reverse()[0].v])",
            &input[0],
            0,
            &input,
        )
        .unwrap();
    assert_eq!(value, Some(json!([2, 1, 3])));
}

#[test]
fn json_is_a_fresh_copy_per_call() {
    let mut sandbox = sandbox();
    let item = json!({"v": 1});
    let value = sandbox
        .eval_expression("($json.v += 1, $json.v)", &item, 0, &[])
        .unwrap();
    assert_eq!(value, Some(json!(2)));
    let value = sandbox
        .eval_expression("($json.v += 1, $json.v)", &item, 0, &[])
        .unwrap();
    assert_eq!(value, Some(json!(2)));
}

#[test]
fn input_reached_without_its_name_still_works() {
    let mut sandbox = sandbox();
    let input = vec![json!({"v": 7})];
    for source in [
        "arguments[2][0].v",
        "eval('$in' + 'put')[0].v",
        "\\u0024input[0].v",
    ] {
        let value = sandbox
            .eval_expression(source, &input[0], 0, &input)
            .unwrap();
        assert_eq!(value, Some(json!(7)), "{source}");
    }
}

#[test]
fn expressions_must_be_single_expressions() {
    let mut sandbox = sandbox();
    for source in ["", "1; 2", "let x = 1", "$json.a) + ($json.b", "return 1"] {
        let error = sandbox
            .eval_expression(source, &json!({}), 0, &[])
            .unwrap_err();
        assert!(matches!(error, JsError::Syntax(_)), "{source}: {error}");
    }
    assert_eq!(eval(&mut sandbox, "1, 2"), Some(json!(2)));
    assert_eq!(eval(&mut sandbox, "$json // a comment"), Some(json!({})));
    assert_eq!(
        eval(&mut sandbox, "(() => { const x = 2; return x * 3; })()"),
        Some(json!(6))
    );
}

#[test]
fn the_sandbox_can_move_between_threads() {
    fn assert_send<T: Send>(_: &T) {}
    let mut sandbox = sandbox();
    assert_send(&sandbox);
    eval(&mut sandbox, "globalThis.counter = 1");
    let mut sandbox = std::thread::spawn(move || {
        eval(&mut sandbox, "counter += 1");
        sandbox
    })
    .join()
    .unwrap();
    assert_eq!(eval(&mut sandbox, "counter"), Some(json!(2)));
}
