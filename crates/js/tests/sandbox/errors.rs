//! Exceptions and their messages.

use serde_json::json;
use switchyard_js::JsError;

use crate::sandbox;

fn thrown(source: &str) -> String {
    match sandbox().eval_expression(source, &json!({}), 0, &[]) {
        Err(JsError::Thrown(message)) => message,
        other => panic!("{source}: expected a thrown error, got {other:?}"),
    }
}

#[test]
fn type_errors_name_the_property_and_place() {
    assert_eq!(
        thrown("$json.a.b"),
        "TypeError: cannot read property 'b' of undefined (line 1, column 1)"
    );
    let message = thrown("[1, 2].map(x => x.y.z)");
    assert!(
        message.starts_with("TypeError: cannot read property 'z' of undefined (line 1, column"),
        "{message}"
    );
}

#[test]
fn thrown_values_of_any_kind_are_shown() {
    let mut sandbox = sandbox();
    let mut run = |body: &str| sandbox.run_all(body, &[]).unwrap_err();
    assert_eq!(
        run("throw 'plain text';"),
        JsError::Thrown("plain text".into())
    );
    assert_eq!(
        run("throw {code: 42};"),
        JsError::Thrown("{\"code\":42}".into())
    );
    assert_eq!(run("throw 7;"), JsError::Thrown("7".into()));
    assert_eq!(run("throw undefined;"), JsError::Thrown("undefined".into()));
    assert_eq!(
        run("throw new Error('');"),
        JsError::Thrown("Error (line 1, column 11)".into())
    );
    assert_eq!(
        run(
            "class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }\nthrow new MyError('custom');"
        ),
        JsError::Thrown("MyError: custom (line 1, column 54)".into())
    );
    let JsError::Thrown(message) = run("JSON.parse('{');") else {
        panic!("JSON.parse should throw");
    };
    assert!(
        message.starts_with("SyntaxError: ") && message.ends_with("(line 1, column 6)"),
        "{message}"
    );
}

#[test]
fn errors_display_as_documented() {
    assert_eq!(JsError::Syntax("x".into()).to_string(), "syntax error: x");
    assert_eq!(
        JsError::Timeout(std::time::Duration::from_secs(1)).to_string(),
        "took longer than 1s, the time limit (an endless loop?)"
    );
    assert_eq!(
        JsError::OutOfMemory(64).to_string(),
        "used more than 64 MiB of memory, the limit"
    );
    assert_eq!(
        JsError::Engine("x".into()).to_string(),
        "the JavaScript engine failed: x"
    );
}

#[test]
fn nothing_reaches_outside() {
    let mut sandbox = sandbox();
    let names = [
        "require",
        "process",
        "std",
        "os",
        "fetch",
        "setTimeout",
        "setInterval",
        "XMLHttpRequest",
        "Deno",
        "Bun",
        "print",
        "console",
        "scriptArgs",
    ];
    for name in names {
        let value = sandbox
            .eval_expression(&format!("typeof {name}"), &json!({}), 0, &[])
            .unwrap();
        assert_eq!(value, Some(json!("undefined")), "{name}");
    }
    let error = sandbox
        .run_all("return import('os').then(() => []);", &[])
        .unwrap_err();
    assert!(matches!(error, JsError::Thrown(_)), "{error}");
    let error = sandbox
        .run_all("return import('./x.js').then(() => []);", &[])
        .unwrap_err();
    assert!(matches!(error, JsError::Thrown(_)), "{error}");
}
