//! Which headers carry secrets, and hiding their values.

use serde_json::{Map, Value};

/// Header names whose values are secrets: shown as `***` in dry runs, history and logs.
pub fn is_secret_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "authorization",
        "cookie",
        "key",
        "token",
        "secret",
        "signature",
        "password",
    ]
    .iter()
    .any(|s| name.contains(s))
}

/// Headers as a JSON object with lower-case names and secret values replaced whole by `***`.
pub fn masked_headers(headers: &[(String, String)]) -> Value {
    let mut out = Map::new();
    for (name, value) in headers {
        let shown = if is_secret_header(name) {
            "***".to_owned()
        } else {
            value.clone()
        };
        out.insert(name.to_ascii_lowercase(), Value::String(shown));
    }
    Value::Object(out)
}
