//! Time, memory and stack limits.

use std::time::{Duration, Instant};

use serde_json::json;
use switchyard_js::{JsError, JsSandbox};

use crate::{eval, limited};

const LIMIT: Duration = Duration::from_millis(200);
/// Interrupts are checked every few thousand operations; allow for that and slow CI.
const SLACK: Duration = Duration::from_millis(1500);

fn assert_times_out(
    sandbox: &mut JsSandbox,
    run: impl FnOnce(&mut JsSandbox) -> Result<(), JsError>,
) {
    let started = Instant::now();
    let result = run(sandbox);
    let took = started.elapsed();
    assert_eq!(result, Err(JsError::Timeout(LIMIT)));
    assert!(took >= LIMIT && took < LIMIT + SLACK, "took {took:?}");
    // Still usable afterwards.
    assert_eq!(eval(sandbox, "1 + 1"), Some(json!(2)));
}

#[test]
fn endless_loops_time_out_and_the_sandbox_survives() {
    let mut sandbox = limited(LIMIT, 64);
    assert_times_out(&mut sandbox, |s| {
        s.eval_expression("(() => { while (true) {} })()", &json!({}), 0, &[])
            .map(drop)
    });
    assert_times_out(&mut sandbox, |s| {
        s.run_all("while (true) {}", &[]).map(drop)
    });
    assert_times_out(&mut sandbox, |s| {
        s.run_each(
            "for (;;) { try { while (true) {} } catch (e) {} finally { continue; } }",
            &json!({}),
            0,
            &[],
        )
        .map(drop)
    });
    // Every call gets the full limit again.
    assert_times_out(&mut sandbox, |s| {
        s.run_all("while (true) {}", &[]).map(drop)
    });
}

#[test]
fn endless_promise_chains_and_regexes_time_out() {
    let mut sandbox = limited(LIMIT, 64);
    let endless = "const spin = () => { Promise.resolve().then(spin); }; spin(); return new Promise(() => {});";
    assert_times_out(&mut sandbox, |s| s.run_all(endless, &[]).map(drop));
    // The endless chain stays queued, but later promises still settle.
    let out = sandbox.run_all("return Promise.resolve([{ok: 1}]);", &[]);
    assert_eq!(out, Ok(vec![json!({"ok": 1})]));
    assert_times_out(&mut sandbox, |s| {
        s.eval_expression("/(a+)+b/.test('a'.repeat(40))", &json!({}), 0, &[])
            .map(drop)
    });
}

#[test]
fn slow_getters_in_results_time_out() {
    let mut sandbox = limited(LIMIT, 64);
    assert_times_out(&mut sandbox, |s| {
        s.run_all("return [{get x() { while (true) {} }}];", &[])
            .map(drop)
    });
}

fn assert_out_of_memory(result: Result<Vec<serde_json::Value>, JsError>) {
    assert!(
        matches!(result, Err(JsError::OutOfMemory(32) | JsError::Timeout(_))),
        "{result:?}"
    );
}

#[test]
fn memory_bombs_hit_the_limit_without_crashing() {
    let mut sandbox = limited(Duration::from_secs(10), 32);
    let bombs = [
        "let a = []; while (true) a.push(new Array(1e6).fill(1));",
        "let s = 'x'; while (true) s = s + s;",
        "let s = 'xy'; while (true) { s = s + s; s.charCodeAt(s.length - 1); s = s.split('').join(''); }",
        "let a = []; while (true) a.push({x: 1, y: [1, 2, 3], z: 'text'});",
        "const m = new Map(); for (let i = 0; ; i++) m.set(i, String(i));",
        "return [{big: 'x'.repeat(1 << 29)}];",
    ];
    for body in bombs {
        assert_out_of_memory(sandbox.run_all(body, &[]));
        // Local garbage is collected; the sandbox keeps working.
        assert_eq!(
            sandbox.run_all("return [{ok: true}];", &[]),
            Ok(vec![json!({"ok": true})]),
            "after {body}"
        );
    }
}

#[test]
fn caught_memory_errors_still_end_the_call() {
    let mut sandbox = limited(LIMIT, 32);
    for body in [
        "let h = null; while (true) { try { h = {next: h}; } catch (e) {} }",
        "let h = null, size = 1 << 20; while (true) { try { h = {h, b: new Uint8Array(size)}; } catch (e) { if (size > 1) size >>= 1; } }",
    ] {
        assert_times_out(&mut sandbox, |s| s.run_all(body, &[]).map(drop));
    }
}

#[test]
fn memory_kept_in_globals_keeps_failing() {
    let mut sandbox = limited(Duration::from_secs(10), 32);
    assert_out_of_memory(sandbox.run_all(
        "globalThis.hog = []; while (true) hog.push(new Array(1e6).fill(1));",
        &[],
    ));
    // The documented caveat: the run's globals still hold the memory, but nothing crashes.
    let _ = sandbox.run_all("return [{n: hog.length}];", &[]);
    let _ = sandbox.run_all("hog = null; return [];", &[]);
    assert_eq!(
        sandbox.run_all("return [{ok: true}];", &[]),
        Ok(vec![json!({"ok": true})])
    );
}

#[test]
fn deep_recursion_is_a_range_error() {
    let mut sandbox = limited(Duration::from_secs(5), 64);
    let error = sandbox
        .run_all("function f() { return f() + 1; }\nf();", &[])
        .unwrap_err();
    assert!(
        matches!(&error, JsError::Thrown(message) if message.starts_with("RangeError: Maximum call stack size exceeded")),
        "{error}"
    );
    let error = sandbox
        .eval_expression(
            "JSON.parse('['.repeat(100000) + ']'.repeat(100000))",
            &json!({}),
            0,
            &[],
        )
        .unwrap_err();
    assert!(matches!(error, JsError::Thrown(_)), "{error}");
    assert_eq!(eval(&mut sandbox, "1 + 1"), Some(json!(2)));
}

#[test]
fn huge_sparse_results_are_refused() {
    let mut sandbox = limited(Duration::from_secs(30), 16);
    let error = sandbox
        .eval_expression(
            "(() => { const a = []; a[2 ** 31] = 1; return a; })()",
            &json!({}),
            0,
            &[],
        )
        .unwrap_err();
    assert!(
        matches!(&error, JsError::BadResult(message) if message.contains("too large")),
        "{error}"
    );
}

#[test]
fn a_too_small_memory_limit_fails_cleanly() {
    let limits = switchyard_js::JsLimits {
        time_limit: Duration::from_secs(1),
        memory_limit: 64 * 1024,
    };
    let result = JsSandbox::new(crate::globals(1), limits);
    assert!(matches!(result, Err(JsError::OutOfMemory(0))), "{result:?}");
}
