//! A planted token appears in no workflow file, history row, log line or error message: it is
//! stored with `credentials add` (in the real keychain when `SWITCHYARD_KEYCHAIN_TESTS=1`, else
//! the test-only file backend), a `hubspot.crm` workflow runs with it against the fake HubSpot
//! (a success, a 400, and a 401 from a second, wrong planted token), with trace logging on, and
//! then every file and every output is searched for both tokens.

mod common;
mod credentials_support;

use common::{Output, path_str, write_flow};
use credentials_support::*;
use serde_json::{Value, json};
use switchyard_fake_hubspot::{ALL_SCOPES, FakeConfig};

fn flow(good: &str, wrong: &str) -> Value {
    json!({
        "schema": "switchyard/workflow@1",
        "id": "planted",
        "nodes": [
            { "id": "start", "type": "trigger.manual" },
            { "id": "create", "type": "hubspot.crm", "credential": good,
              "params": { "object": "contacts", "operation": "create",
                          "properties": { "email": "{{ $json.email }}" } } },
            { "id": "invalid", "type": "hubspot.crm", "credential": good, "on_error": "continue",
              "params": { "object": "contacts", "operation": "create",
                          "properties": { "email": "x@x.io", "no_such_property": "1" } } },
            { "id": "unauthorised", "type": "hubspot.crm", "credential": wrong, "on_error": "continue",
              "params": { "object": "contacts", "operation": "get", "id": "1" } }
        ],
        "edges": [
            { "from": "start", "to": "create" },
            { "from": "create", "to": "invalid" },
            { "from": "start", "to": "unauthorised" }
        ]
    })
}

fn bytes_contain(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_planted_token_appears_in_no_file_row_log_or_message() {
    let suffix = format!("{}-{:x}", std::process::id(), 0x5eed_c0de_u32);
    let planted = format!("pat-na1-PLANTED-{suffix}");
    let planted_wrong = format!("pat-na1-PLANTED-WRONG-{suffix}");
    let fake = Fake::start(FakeConfig::default().with_token(&planted, ALL_SCOPES));
    let w = World::any();
    let good = unique_id("planted");
    let wrong = unique_id("planted-wrong");

    let mut outputs: Vec<(String, Output)> = Vec::new();
    let mut step = |name: &str, args: &[&str], stdin: Option<&str>| -> Output {
        let out = w.run(args, stdin);
        let copy = Output {
            code: out.code,
            stdout: out.stdout.clone(),
            stderr: out.stderr.clone(),
        };
        outputs.push((name.to_owned(), copy));
        out
    };

    for (id, token) in [(&good, &planted), (&wrong, &planted_wrong)] {
        let fields = json!({ "token": token, "base_url": fake.base_url() }).to_string();
        let out = step(
            "credentials add",
            &[
                "credentials",
                "add",
                id,
                "--type",
                "hubspot.private_app",
                "--label",
                "planted",
            ],
            Some(&fields),
        );
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    }
    let file = write_flow(w.path(), "planted.flow.json", &flow(&good, &wrong));
    let db = w.db_str().to_owned();
    let input = r#"{"email": "planted@x.io"}"#;
    let run = step(
        "run --json",
        &[
            "run",
            path_str(&file),
            "--db",
            &db,
            "--input",
            input,
            "--json",
        ],
        None,
    );
    let report = run.json();
    assert_eq!(
        report["nodes"]["create"]["status"], "succeeded",
        "{report:#}"
    );
    let run_id = report["run_id"].as_str().expect("run id").to_owned();
    let human = step(
        "run",
        &["run", path_str(&file), "--db", &db, "--input", input],
        None,
    );
    assert!(!human.stdout.is_empty());
    step(
        "run --dry-run",
        &[
            "run",
            path_str(&file),
            "--db",
            &db,
            "--input",
            input,
            "--dry-run",
            "--json",
        ],
        None,
    );

    // The calls were made, with the planted tokens, and failed where they should.
    let log = fake.log();
    let with = |token: &str| {
        log.iter()
            .filter(|r| r.authorization.as_deref() == Some(&format!("Bearer {token}")))
            .map(|r| r.status)
            .collect::<Vec<u16>>()
    };
    let good_statuses = with(&planted);
    assert!(
        good_statuses.contains(&201) && good_statuses.contains(&400),
        "{good_statuses:?}"
    );
    assert!(
        with(&planted_wrong).contains(&401),
        "{:?}",
        with(&planted_wrong)
    );

    let show = step(
        "history show",
        &["history", "show", &run_id, "--db", &db, "--json"],
        None,
    );
    assert_eq!(show.code, 0, "{}", show.stderr);
    let shown = show.json();
    assert!(
        shown["nodes"]["unauthorised"].to_string().contains("auth")
            || shown["nodes"]["unauthorised"]["item_errors"] == 1,
        "{shown:#}"
    );
    step(
        "history show (text)",
        &["history", "show", &run_id, "--db", &db],
        None,
    );
    step(
        "history list",
        &["history", "list", "--db", &db, "--json"],
        None,
    );
    step(
        "history search",
        &["history", "search", "PLANTED", "--db", &db, "--json"],
        None,
    );
    step("credentials list", &["credentials", "list"], None);
    step(
        "credentials list --json",
        &["credentials", "list", "--json"],
        None,
    );
    step("credentials test", &["credentials", "test", &good], None);
    step(
        "credentials test wrong",
        &["credentials", "test", &wrong],
        None,
    );
    step("usage", &["usage", "--db", &db, "--json"], None);

    for token in [&planted, &planted_wrong] {
        for (name, out) in &outputs {
            assert!(
                !out.stdout.contains(token.as_str()),
                "{name} stdout holds the token:\n{}",
                out.stdout
            );
            assert!(
                !out.stderr.contains(token.as_str()),
                "{name} stderr holds the token:\n{}",
                out.stderr
            );
        }
        let workflow = std::fs::read(&file).expect("workflow file");
        assert!(
            !bytes_contain(&workflow, token),
            "the workflow file holds the token"
        );
        for suffix in ["", "-wal", "-shm"] {
            let path = format!("{db}{suffix}");
            let bytes = std::fs::read(&path).unwrap_or_default();
            assert!(!bytes_contain(&bytes, token), "{path} holds the token");
        }
    }
    // The search would have found it: the secret store (when it is the test file) holds both.
    if let Some(secrets) = &w.secrets {
        let bytes = std::fs::read(secrets).expect("secret file");
        assert!(bytes_contain(&bytes, &planted) && bytes_contain(&bytes, &planted_wrong));
    }
    for id in [&good, &wrong] {
        assert_eq!(w.run(&["credentials", "remove", id], None).code, 0);
    }
}
