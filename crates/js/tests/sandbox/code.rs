//! Code nodes: modes "all" and "each".

use serde_json::json;
use switchyard_js::{JsError, Value};

use crate::sandbox;

fn items() -> Vec<Value> {
    vec![json!({"v": 1}), json!({"v": 2}), json!({"v": 3})]
}

#[test]
fn all_maps_items() {
    let mut sandbox = sandbox();
    let out = sandbox
        .run_all(
            "return items.map(i => ({...i, doubled: i.v * 2}));",
            &items(),
        )
        .unwrap();
    assert_eq!(
        out,
        [
            json!({"v": 1, "doubled": 2}),
            json!({"v": 2, "doubled": 4}),
            json!({"v": 3, "doubled": 6})
        ]
    );
}

#[test]
fn all_sees_globals_and_input() {
    let mut sandbox = sandbox();
    let body = "
        const total = items.reduce((s, i) => s + i.v, 0);
        return [{total, same: $input === items, run: $run.id, now: $now, trigger: $trigger.body.x, fetched: $out('fetch').length}];
    ";
    let out = sandbox.run_all(body, &items()).unwrap();
    assert_eq!(
        out,
        [
            json!({"total": 6, "same": true, "run": "run-1", "now": crate::NOW, "trigger": 1, "fetched": 2})
        ]
    );
}

#[test]
fn all_may_change_items_in_place() {
    let mut sandbox = sandbox();
    let body = "for (item of items) { item.v += 10; } return items;";
    let out = sandbox.run_all(body, &items()).unwrap();
    assert_eq!(out, [json!({"v": 11}), json!({"v": 12}), json!({"v": 13})]);
    // A second call gets fresh items.
    let out = sandbox.run_all(body, &items()).unwrap();
    assert_eq!(out[0], json!({"v": 11}));
}

#[test]
fn all_must_return_an_array_of_objects() {
    let mut sandbox = sandbox();
    for body in [
        "return 5;",
        "return {v: 1};",
        "return [1];",
        "return [{}, null];",
        "",
        "return () => [];",
        "return 'x';",
    ] {
        let error = sandbox.run_all(body, &items()).unwrap_err();
        assert!(matches!(error, JsError::BadResult(_)), "{body}: {error}");
    }
    let error = sandbox.run_all("return 5;", &items()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "code in mode \"all\" must return an array of items (objects), not a number"
    );
    assert_eq!(
        sandbox.run_all("return [];", &items()).unwrap(),
        Vec::<Value>::new()
    );
}

#[test]
fn each_returns_an_object_an_array_or_nothing() {
    let mut sandbox = sandbox();
    let input = items();
    let run = |sandbox: &mut switchyard_js::JsSandbox, body: &str| {
        input
            .iter()
            .enumerate()
            .map(|(index, item)| sandbox.run_each(body, item, index, &input).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run(&mut sandbox, "item.index = index; return item;"),
        [
            vec![json!({"v": 1, "index": 0})],
            vec![json!({"v": 2, "index": 1})],
            vec![json!({"v": 3, "index": 2})]
        ]
    );
    assert_eq!(
        run(
            &mut sandbox,
            "return Array.from({length: $index}, (_, k) => ({k}));"
        ),
        [
            vec![],
            vec![json!({"k": 0})],
            vec![json!({"k": 0}), json!({"k": 1})]
        ]
    );
    assert_eq!(
        run(&mut sandbox, "return $json.v === 2 ? null : undefined;"),
        vec![Vec::<Value>::new(); 3]
    );
    assert_eq!(
        run(&mut sandbox, "if ($json.v > 1) return $json;"),
        [vec![], vec![json!({"v": 2})], vec![json!({"v": 3})]]
    );
    assert_eq!(
        run(
            &mut sandbox,
            "return {same: $json === item, i: $index === index, n: $input.length};"
        ),
        vec![vec![json!({"same": true, "i": true, "n": 3})]; 3]
    );
}

#[test]
fn each_refuses_other_results() {
    let mut sandbox = sandbox();
    for body in [
        "return 1;",
        "return 'x';",
        "return true;",
        "return [1];",
        "return () => 1;",
        "return Symbol();",
    ] {
        let error = sandbox.run_each(body, &json!({}), 0, &[]).unwrap_err();
        assert!(matches!(error, JsError::BadResult(_)), "{body}: {error}");
    }
    let error = sandbox
        .run_each("return () => 1;", &json!({}), 0, &[])
        .unwrap_err();
    assert!(error.to_string().ends_with("not a function"), "{error}");
}

#[test]
fn returned_promises_are_awaited() {
    let mut sandbox = sandbox();
    let out = sandbox
        .run_all(
            "return (async () => { await null; return items.slice(0, 1); })();",
            &items(),
        )
        .unwrap();
    assert_eq!(out, [json!({"v": 1})]);
    let out = sandbox
        .run_each("return Promise.resolve({ok: true});", &json!({}), 0, &[])
        .unwrap();
    assert_eq!(out, [json!({"ok": true})]);
    let error = sandbox
        .run_all("return Promise.reject(new RangeError('nope'));", &items())
        .unwrap_err();
    assert!(
        matches!(&error, JsError::Thrown(message) if message.starts_with("RangeError: nope")),
        "{error}"
    );
    let error = sandbox
        .run_all("return new Promise(() => {});", &items())
        .unwrap_err();
    assert!(matches!(error, JsError::BadResult(_)), "{error}");
}

#[test]
fn code_errors_point_at_the_users_line() {
    let mut sandbox = sandbox();
    let body = "const a = 1;\nconst b = 2;\n  null.x;\nreturn [];";
    let error = sandbox.run_all(body, &items()).unwrap_err();
    assert!(
        matches!(&error, JsError::Thrown(message) if message.starts_with("TypeError: ") && message.ends_with("(line 3, column 3)")),
        "{error}"
    );

    let error = sandbox
        .run_all("const a = 1;\nreturn [a.];", &items())
        .unwrap_err();
    assert!(
        matches!(&error, JsError::Syntax(message) if message.contains("line 2")),
        "{error}"
    );
    assert!(error.to_string().starts_with("syntax error: "), "{error}");
}

#[test]
fn sloppy_mode_globals_persist_within_the_run() {
    let mut sandbox = sandbox();
    sandbox
        .run_all("seen = items.length; return [];", &items())
        .unwrap();
    let out = sandbox.run_all("return [{seen}];", &[]).unwrap();
    assert_eq!(out, [json!({"seen": 3})]);
}
