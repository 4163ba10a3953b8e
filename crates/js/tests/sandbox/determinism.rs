//! Reproducible runs: fixed clock and seeded randomness.

use serde_json::json;
use switchyard_js::{JsError, JsLimits, JsSandbox, Value};

use crate::{NOW_MS, eval, globals, sandbox};

#[test]
fn the_clock_stands_at_the_run_start() {
    let mut sandbox = sandbox();
    assert_eq!(eval(&mut sandbox, "Date.now()"), Some(json!(NOW_MS)));
    assert_eq!(
        eval(&mut sandbox, "new Date().toISOString()"),
        Some(json!("2024-05-01T10:00:00.000Z"))
    );
    assert_eq!(
        eval(&mut sandbox, "new Date().getTime() === Date.now()"),
        Some(json!(true))
    );
    assert_eq!(
        eval(&mut sandbox, "new Date() instanceof Date"),
        Some(json!(true))
    );
    assert_eq!(eval(&mut sandbox, "typeof Date()"), Some(json!("string")));
    assert_eq!(
        eval(&mut sandbox, "Date().includes('2024')"),
        Some(json!(true))
    );
    assert_eq!(eval(&mut sandbox, "performance.now()"), Some(json!(0)));
}

#[test]
fn other_date_constructors_work_normally() {
    let mut sandbox = sandbox();
    assert_eq!(eval(&mut sandbox, "new Date(0).getTime()"), Some(json!(0)));
    assert_eq!(
        eval(&mut sandbox, "new Date('2020-02-03T04:05:06Z').getTime()"),
        Some(json!(1_580_702_706_000_i64))
    );
    assert_eq!(
        eval(&mut sandbox, "new Date(Date.UTC(2020, 0, 31)).getUTCDate()"),
        Some(json!(31))
    );
    assert_eq!(
        eval(&mut sandbox, "new Date(2020, 5, 15).getMonth()"),
        Some(json!(5))
    );
    assert_eq!(
        eval(&mut sandbox, "Date.parse('2020-01-01T00:00:00Z')"),
        Some(json!(1_577_836_800_000_i64))
    );
    assert_eq!(
        eval(&mut sandbox, "new Date(NaN).getTime()"),
        Some(json!(null))
    );
    assert_eq!(
        eval(&mut sandbox, "new Date(1e3).constructor === Date"),
        Some(json!(true))
    );
    assert_eq!(
        eval(
            &mut sandbox,
            "(() => { class Day extends Date { iso() { return this.toISOString(); } } return [new Day().iso(), new Day(0).iso()]; })()"
        ),
        Some(json!([
            "2024-05-01T10:00:00.000Z",
            "1970-01-01T00:00:00.000Z"
        ]))
    );
}

#[test]
fn the_run_start_may_use_any_rfc3339_form() {
    for (now, ms) in [
        ("2024-05-01T12:00:00+02:00", NOW_MS),
        ("2024-05-01 10:00:00z", NOW_MS),
        ("2024-05-01T10:00:00.250Z", NOW_MS + 250),
    ] {
        let mut globals = globals(1);
        globals.now = now.into();
        let mut sandbox = JsSandbox::new(globals, JsLimits::default()).unwrap();
        assert_eq!(eval(&mut sandbox, "Date.now()"), Some(json!(ms)), "{now}");
        assert_eq!(eval(&mut sandbox, "$now"), Some(json!(now)));
    }
    let mut bad = globals(1);
    bad.now = "yesterday".into();
    let error = JsSandbox::new(bad, JsLimits::default()).unwrap_err();
    assert!(
        matches!(&error, JsError::Engine(message) if message.contains("RFC 3339")),
        "{error}"
    );
}

fn randoms(seed: u64) -> Value {
    let mut sandbox = JsSandbox::new(globals(seed), JsLimits::default()).unwrap();
    eval(
        &mut sandbox,
        "Array.from({length: 20}, () => Math.random())",
    )
    .unwrap()
}

#[test]
fn math_random_follows_the_seed() {
    assert_eq!(randoms(7), randoms(7));
    assert_ne!(randoms(7), randoms(8));
    let values = randoms(7);
    let values = values.as_array().unwrap();
    assert!(
        values
            .iter()
            .all(|v| (0.0..1.0).contains(&v.as_f64().unwrap())),
        "{values:?}"
    );
    let distinct: std::collections::HashSet<String> = values.iter().map(Value::to_string).collect();
    assert_eq!(distinct.len(), 20);
}

#[test]
fn the_sequence_continues_across_calls() {
    let mut sandbox = JsSandbox::new(globals(7), JsLimits::default()).unwrap();
    let split: Vec<Value> = (0..20)
        .map(|_| eval(&mut sandbox, "Math.random()").unwrap())
        .collect();
    assert_eq!(Value::Array(split), randoms(7));
}
