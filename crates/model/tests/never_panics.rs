//! Property tests: no input makes the document reader or the template parser panic.

use proptest::prelude::*;
use switchyard_model::read_document;
use switchyard_model::template::{out_references, parse_template};

fn json_like() -> impl Strategy<Value = String> {
    // Fragments of real documents, shuffled and cut, find more edge cases than random bytes.
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"schema\"",
        "\"switchyard/workflow@1\"",
        "\"id\"",
        "\"nodes\"",
        "\"edges\"",
        "\"type\"",
        "\"params\"",
        "\"pinned\"",
        "\"position\"",
        "\"from\"",
        "\"to\"",
        "\"port\"",
        "\"retry\"",
        "\"on_error\"",
        "null",
        "true",
        "1",
        "-2.5e3",
        "\"{{ $json.a }}\"",
        "\"trigger.manual\"",
        "\"x\"",
        " ",
        "\n",
        "\"\\u00e9\"",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|parts| parts.concat())
}

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
    fn reader_never_panics_on_arbitrary_text(text in ".{0,400}") {
        let _ = read_document(&text);
    }

    #[test]
    fn reader_never_panics_on_document_fragments(text in json_like()) {
        let (doc, problems) = read_document(&text);
        // Either a document comes back or at least one problem says why not.
        prop_assert!(doc.is_some() || !problems.is_empty());
    }

    #[test]
    fn template_parser_never_panics(text in "[a-z{}$.\"' ()\\[\\]0-9]{0,80}") {
        let _ = parse_template(&text);
        let _ = out_references(&text);
    }

    #[test]
    fn lone_expressions_round_trip(expr in "\\$json(\\.[a-z]{1,6}){0,4}") {
        let parsed = parse_template(&format!("  {{{{ {expr} }}}} "));
        prop_assert_eq!(parsed, Ok(switchyard_model::template::Template::Lone(expr)));
    }
}
