//! Values in both directions.

use serde_json::json;
use switchyard_js::{JsError, Value};

use crate::{eval, sandbox};

fn round_trip(value: &Value) -> Option<Value> {
    sandbox().eval_expression("$json", value, 0, &[]).unwrap()
}

#[test]
fn json_survives_a_round_trip() {
    let values = [
        json!(null),
        json!(true),
        json!(0),
        json!(-7),
        json!(2_147_483_648_i64),
        json!(9_007_199_254_740_992_i64),
        json!(1.5),
        json!(-0.25),
        json!(1e-7),
        json!(""),
        json!("héllo 🌍 日本語 \u{0} \n\t\"quoted\""),
        json!([]),
        json!({}),
        json!([1, "two", [3, [4, {"five": 5}]], null, false]),
        json!({"b": 1, "a": {"z": [1, 2, {"deep": {"er": "yes"}}], "y": null}, "c": "x"}),
        json!({"__proto__": {"polluted": true}, "constructor": 1, "toString": "t"}),
    ];
    for value in values {
        assert_eq!(round_trip(&value), Some(value.clone()), "{value}");
    }
}

#[test]
fn object_keys_keep_their_order() {
    let value = json!({"zeta": 1, "alpha": 2, "mid": 3});
    let back = round_trip(&value).unwrap();
    let keys: Vec<&String> = back.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["zeta", "alpha", "mid"]);
}

#[test]
fn proto_keys_are_plain_data_in_javascript() {
    let mut sandbox = sandbox();
    let value = json!({"__proto__": {"polluted": true}});
    let polluted = sandbox
        .eval_expression(
            "$json.polluted === undefined && Object.keys($json).length",
            &value,
            0,
            &[],
        )
        .unwrap();
    assert_eq!(polluted, Some(json!(1)));
}

#[test]
fn big_integers_become_doubles() {
    let value = json!(i64::MAX);
    assert_eq!(round_trip(&value), Some(json!(9.223_372_036_854_776e18)));
    let value = json!(u64::MAX);
    assert_eq!(round_trip(&value), Some(json!(1.844_674_407_370_955_2e19)));
    let value = json!(-9_007_199_254_740_993_i64);
    assert_eq!(round_trip(&value), Some(json!(-9_007_199_254_740_992_i64)));
}

#[test]
fn integral_doubles_become_integers() {
    let mut sandbox = sandbox();
    let value = eval(&mut sandbox, "7 * 3").unwrap();
    assert!(value.is_i64(), "{value}");
    assert_eq!(value.to_string(), "21");
    let value = eval(&mut sandbox, "10.5 * 2").unwrap();
    assert_eq!(value.to_string(), "21");
    let value = eval(&mut sandbox, "2 ** 40").unwrap();
    assert_eq!(value.as_i64(), Some(1 << 40));
    assert_eq!(eval(&mut sandbox, "0.1 + 0.2"), Some(json!(0.1 + 0.2)));
    assert_eq!(eval(&mut sandbox, "-0"), Some(json!(0)));
}

#[test]
fn undefined_and_non_data_follow_json_stringify() {
    let mut sandbox = sandbox();
    assert_eq!(eval(&mut sandbox, "undefined"), None);
    assert_eq!(eval(&mut sandbox, "$json.missing"), None);
    assert_eq!(eval(&mut sandbox, "() => 1"), None);
    assert_eq!(eval(&mut sandbox, "Symbol('s')"), None);
    assert_eq!(eval(&mut sandbox, "null"), Some(json!(null)));
    assert_eq!(
        eval(
            &mut sandbox,
            "({a: undefined, b: 1, f() {}, s: Symbol(), [Symbol()]: 2})"
        ),
        Some(json!({"b": 1}))
    );
    assert_eq!(
        eval(&mut sandbox, "[undefined, () => 1, Symbol(), , 4]"),
        Some(json!([null, null, null, null, 4]))
    );
    assert_eq!(
        eval(&mut sandbox, "[NaN, Infinity, -Infinity, {n: NaN}]"),
        Some(json!([null, null, null, {"n": null}]))
    );
}

#[test]
fn objects_convert_like_json_stringify() {
    let mut sandbox = sandbox();
    assert_eq!(
        eval(&mut sandbox, "new Date(0)"),
        Some(json!("1970-01-01T00:00:00.000Z"))
    );
    assert_eq!(
        eval(&mut sandbox, "({when: new Date(Date.UTC(2020, 1, 3))})"),
        Some(json!({"when": "2020-02-03T00:00:00.000Z"}))
    );
    assert_eq!(eval(&mut sandbox, "new Date(NaN)"), Some(json!(null)));
    assert_eq!(
        eval(&mut sandbox, "({toJSON() { return [1, 2]; }})"),
        Some(json!([1, 2]))
    );
    assert_eq!(
        eval(&mut sandbox, "({get x() { return 5; }})"),
        Some(json!({"x": 5}))
    );
    assert_eq!(eval(&mut sandbox, "new Map([[1, 2]])"), Some(json!({})));
    assert_eq!(
        eval(
            &mut sandbox,
            "Object.create({inherited: 1}, {own: {value: 2, enumerable: true}})"
        ),
        Some(json!({"own": 2}))
    );
    assert_eq!(eval(&mut sandbox, "new Error('x')"), Some(json!({})));
    assert_eq!(eval(&mut sandbox, "/re/g"), Some(json!({})));
}

#[test]
fn big_ints_become_numbers_or_text() {
    let mut sandbox = sandbox();
    assert_eq!(eval(&mut sandbox, "10n"), Some(json!(10)));
    assert_eq!(eval(&mut sandbox, "-(2n ** 63n)"), Some(json!(i64::MIN)));
    assert_eq!(eval(&mut sandbox, "2n ** 64n - 1n"), Some(json!(u64::MAX)));
    assert_eq!(
        eval(&mut sandbox, "2n ** 70n"),
        Some(json!("1180591620717411303424"))
    );
}

#[test]
fn lone_surrogates_become_replacement_characters() {
    let mut sandbox = sandbox();
    assert_eq!(eval(&mut sandbox, "'a\\ud800b'"), Some(json!("a\u{FFFD}b")));
    assert_eq!(
        eval(&mut sandbox, "({['k\\udc00']: '\\ud83d'})"),
        Some(json!({"k\u{FFFD}": "\u{FFFD}"}))
    );
    assert_eq!(eval(&mut sandbox, "'😀'.length"), Some(json!(2)));
}

#[test]
fn cycles_are_refused() {
    let mut sandbox = sandbox();
    for source in [
        "(() => { const a = {}; a.self = a; return a; })()",
        "(() => { const a = []; a.push({list: a}); return a; })()",
        "(() => { const o = {}; o.toJSON = () => o; return o; })()",
    ] {
        let error = sandbox
            .eval_expression(source, &json!({}), 0, &[])
            .unwrap_err();
        assert!(
            matches!(&error, JsError::BadResult(message) if message.contains("cycle") || message.contains("nested")),
            "{source}: {error}"
        );
    }
    // Shared (not cyclic) references are fine.
    assert_eq!(
        eval(
            &mut sandbox,
            "(() => { const s = {v: 1}; return [s, s, {s}]; })()"
        ),
        Some(json!([{"v": 1}, {"v": 1}, {"s": {"v": 1}}]))
    );
}

#[test]
fn deep_nesting_is_refused_not_a_crash() {
    let mut sandbox = sandbox();
    let error = sandbox
        .eval_expression(
            "(() => { let v = {}; for (let i = 0; i < 10000; i++) v = {v}; return v; })()",
            &json!({}),
            0,
            &[],
        )
        .unwrap_err();
    assert!(
        matches!(&error, JsError::BadResult(message) if message.contains("nested")),
        "{error}"
    );

    let mut deep = json!(1);
    for _ in 0..300 {
        deep = json!([deep]);
    }
    let error = sandbox.eval_expression("1", &deep, 0, &[]).unwrap_err();
    assert!(
        matches!(&error, JsError::Thrown(message) if message.contains("nested")),
        "{error}"
    );
    assert_eq!(eval(&mut sandbox, "1 + 1"), Some(json!(2)));
}
