//! `switchyard usage`: the per-credential counters that HubSpot workflow runs (against the fake
//! HubSpot) record, and the warning when errors pass 5% of the day's requests.

mod common;
mod credentials_support;

use common::{path_str, write_flow};
use credentials_support::*;
use serde_json::{Value, json};
use switchyard_fake_hubspot::FakeConfig;

/// A manual trigger and one `hubspot.crm` create of a contact with `properties`.
fn create_flow(properties: Value) -> Value {
    json!({
        "schema": "switchyard/workflow@1",
        "id": "leads",
        "nodes": [
            { "id": "start", "type": "trigger.manual" },
            { "id": "create", "type": "hubspot.crm", "credential": "hs",
              "params": { "object": "contacts", "operation": "create", "properties": properties } }
        ],
        "edges": [ { "from": "start", "to": "create" } ]
    })
}

fn usage_of(w: &World) -> (Value, String) {
    let json_out = w.run(&["usage", "--json", "--db", w.db_str()], None);
    assert_eq!(json_out.code, 0, "{}{}", json_out.stdout, json_out.stderr);
    let text = w.run(&["usage", "--db", w.db_str()], None);
    assert_eq!(text.code, 0, "{}{}", text.stdout, text.stderr);
    let report = json_out.json();
    let hs = report["credentials"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["credential_id"] == "hs"))
        .cloned()
        .unwrap_or_else(|| panic!("no hs in {report:#}"));
    (hs, text.stdout)
}

#[test]
fn runs_count_requests_errors_and_429s_and_warn_past_five_percent() {
    let fake = Fake::start(FakeConfig::default().with_daily(1000, 0));
    let w = World::with_file();
    let fields = json!({ "token": fake.token(), "base_url": fake.base_url() }).to_string();
    let add = w.run(
        &["credentials", "add", "hs", "--type", "hubspot.private_app"],
        Some(&fields),
    );
    assert_eq!(add.code, 0, "{}{}", add.stdout, add.stderr);

    // Before any run: the credential is listed with nothing used.
    let (hs, _) = usage_of(&w);
    assert_eq!(
        (hs["requests"].clone(), hs["type"].clone()),
        (json!(0), json!("hubspot.private_app"))
    );

    let good = write_flow(
        w.path(),
        "good.flow.json",
        &create_flow(json!({ "email": "{{ $json.email }}" })),
    );
    let run = w.run(
        &[
            "run",
            path_str(&good),
            "--db",
            w.db_str(),
            "--input",
            r#"{"email": "a@x.io"}"#,
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let (hs, text) = usage_of(&w);
    assert_eq!(hs["requests"], 1, "{hs:#}");
    assert_eq!(hs["errors"], 0);
    assert_eq!(hs["rate_limited"], 0);
    assert_eq!(hs["daily_limit"], 1000);
    assert!(
        hs["daily_remaining"]
            .as_u64()
            .is_some_and(|left| left < 1000),
        "{hs:#}"
    );
    assert!(hs.get("warning").is_none(), "{hs:#}");
    assert!(!text.contains("WARNING"), "{text}");
    assert!(
        text.contains("CREDENTIAL  REQUESTS  429S  ERRORS  ERROR RATE  DAILY LEFT"),
        "{text}"
    );

    // A 400 (a property HubSpot does not know): one error in two requests.
    let bad = write_flow(
        w.path(),
        "bad.flow.json",
        &create_flow(json!({ "email": "b@x.io", "no_such_property": "x" })),
    );
    let run = w.run(&["run", path_str(&bad), "--db", w.db_str()], None);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let (hs, text) = usage_of(&w);
    assert_eq!(
        (hs["requests"].clone(), hs["errors"].clone()),
        (json!(2), json!(1)),
        "{hs:#}"
    );
    assert_eq!(hs["error_rate"], 0.5);
    assert!(
        hs["warning"].as_str().is_some_and(|w| w.contains("50.0%")),
        "{hs:#}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("WARNING: credential \"hs\": 1 of today's 2 requests failed")),
        "{text}"
    );

    // The day's quota used up: a 429, counted apart from errors.
    fake.set_daily(1000, 1000);
    let run = w.run(
        &[
            "run",
            path_str(&good),
            "--db",
            w.db_str(),
            "--input",
            r#"{"email": "c@x.io"}"#,
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let (hs, text) = usage_of(&w);
    assert_eq!(hs["requests"], 3, "{hs:#}");
    assert_eq!(hs["rate_limited"], 1, "{hs:#}");
    assert_eq!(hs["errors"], 1, "{hs:#}");
    assert_eq!(fake.limit_stats().sent_429, 1);
    let row = text
        .lines()
        .find(|l| l.starts_with("hs "))
        .unwrap_or_else(|| panic!("no hs row in {text}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(&cells[..5], ["hs", "3", "1", "1", "33.3%"], "{text}");
}

#[test]
fn usage_of_an_empty_database_says_so() {
    let w = World::with_file();
    let out = w.run(&["usage", "--db", w.db_str()], None);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("no credential usage recorded today"),
        "{}",
        out.stdout
    );
    let json_out = w.run(&["usage", "--json", "--db", w.db_str()], None).json();
    assert_eq!(json_out["credentials"], json!([]));
    assert!(json_out["day"].as_str().is_some_and(|d| d.len() == 10));
}
