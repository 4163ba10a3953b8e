//! The Sheets nodes through the engine against the fake: header mapping, new columns, empty
//! sheets, update by row, upsert (update and append in one run, few requests), clear, dry runs.

mod common;
#[path = "sheets_support/mod.rs"]
mod sheets_support;

use common::{out, status};
use serde_json::json;
use sheets_support::{ID, calls, run, run_node, setup};
use switchyard_fake_sheets::FakeConfig;

#[tokio::test]
async fn read_keys_rows_by_the_header_row() {
    let s = setup(FakeConfig::default()).await;
    s.fake.set_rows(
        "Sheet1",
        json!([["name", "email", "n"], ["Ann", "a@x", 1], ["Bob", "b@x"]]),
    );
    let params = json!({ "spreadsheet_id": ID, "range": "Sheet1" });
    let report = run(&s, "sheets.read", params, vec![json!({})]).await;
    assert_eq!(status(&report, "gs"), "succeeded");
    assert_eq!(
        out(&report, "gs", "main"),
        vec![
            json!({ "name": "Ann", "email": "a@x", "n": "1" }),
            json!({ "name": "Bob", "email": "b@x", "n": "" })
        ]
    );
    let params = json!({ "spreadsheet_id": ID, "range": "Sheet1!B2:C", "header_row": false });
    let report = run(&s, "sheets.read", params, vec![json!({})]).await;
    assert_eq!(
        out(&report, "gs", "main"),
        vec![
            json!({ "B": "a@x", "C": "1" }),
            json!({ "B": "b@x", "C": "" })
        ]
    );
}

#[tokio::test]
async fn append_maps_headers_and_adds_new_columns() {
    let s = setup(FakeConfig::default()).await;
    s.fake
        .set_rows("Sheet1", json!([["name", "email"], ["Ann", "a@x"]]));
    let items = vec![
        json!({ "email": "b@x", "name": "Bob" }),
        json!({ "name": "Cy", "phone": "123", "email": "c@x" }),
    ];
    let params = json!({ "spreadsheet_id": ID, "range": "Sheet1" });
    let report = run(&s, "sheets.append", params, items).await;
    assert_eq!(status(&report, "gs"), "succeeded", "{report:?}");
    let output = out(&report, "gs", "main");
    assert_eq!(output[0]["row"], 3);
    assert_eq!(output[1]["row"], 4);
    assert_eq!(output[1]["values"]["phone"], "123");
    assert_eq!(
        s.fake.rows("Sheet1"),
        vec![
            vec![json!("name"), json!("email"), json!("phone")],
            vec![json!("Ann"), json!("a@x")],
            vec![json!("Bob"), json!("b@x")],
            // USER_ENTERED: "123" became a number.
            vec![json!("Cy"), json!("c@x"), json!(123)],
        ]
    );
    // One read of the header, one header update, one append for both rows.
    let writes = s.fake.write_requests();
    assert_eq!(writes.len(), 2, "{writes:?}");
    assert!(writes[1].path.ends_with(":append"));
    assert!(writes[1].query.contains("valueInputOption=USER_ENTERED"));
}

#[tokio::test]
async fn append_to_an_empty_sheet_writes_the_header_first_in_one_request() {
    let s = setup(FakeConfig::default()).await;
    let params = json!({ "spreadsheet_id": ID, "range": "Sheet1", "values": { "Name": "{{ $json.n }}", "Total": "{{ $json.t }}" } });
    let items = vec![json!({ "n": "A", "t": 1 }), json!({ "n": "B", "t": 2 })];
    let report = run(&s, "sheets.append", params, items).await;
    let output = out(&report, "gs", "main");
    assert_eq!(
        output[0],
        json!({ "row": 2, "values": { "Name": "A", "Total": 1 } })
    );
    assert_eq!(output[1]["row"], 3);
    assert_eq!(
        s.fake.rows("Sheet1"),
        vec![
            vec![json!("Name"), json!("Total")],
            vec![json!("A"), json!(1)],
            vec![json!("B"), json!(2)]
        ]
    );
    assert_eq!(s.fake.write_requests().len(), 1);
}

#[tokio::test]
async fn update_writes_rows_by_number_in_one_batch() {
    let s = setup(FakeConfig::default()).await;
    s.fake.set_rows(
        "Sheet1",
        json!([["name", "email"], ["Ann", "a@x"], ["Bob", "b@x"]]),
    );
    let params = json!({ "spreadsheet_id": ID, "range": "Sheet1", "row": "{{ $json.r }}", "values": { "email": "{{ $json.e }}", "tag": "vip" } });
    let items = vec![
        json!({ "r": 3, "e": "bob@x" }),
        json!({ "r": 2, "e": "ann@x" }),
        json!({ "r": 1, "e": "no" }),
    ];
    let report = run(&s, "sheets.update", params, items).await;
    let output = out(&report, "gs", "main");
    assert_eq!(output.len(), 2);
    assert_eq!(output[0]["row"], 3);
    assert_eq!(output[1]["row"], 2);
    let errors = sheets_support::errors(&report);
    assert_eq!(errors[0]["kind"], "validation");
    assert_eq!(
        s.fake.rows("Sheet1"),
        vec![
            vec![json!("name"), json!("email"), json!("tag")],
            vec![json!("Ann"), json!("ann@x"), json!("vip")],
            vec![json!("Bob"), json!("bob@x"), json!("vip")],
        ]
    );
    let writes = s.fake.write_requests();
    assert_eq!(writes.len(), 1);
    assert!(writes[0].path.ends_with("values:batchUpdate"));
}

#[tokio::test]
async fn upsert_updates_and_appends_in_one_run_with_three_requests() {
    let s = setup(FakeConfig::default()).await;
    s.fake.set_rows(
        "Sheet1",
        json!([["email", "name"], ["a@x", "Ann"], ["b@x", "Bob"]]),
    );
    let items = vec![
        json!({ "email": "b@x", "name": "Bobby" }),
        json!({ "email": "c@x", "name": "Cy" }),
        json!({ "email": "c@x", "name": "Cyd" }),
        json!({ "email": "a@x", "score": 5 }),
    ];
    let params = json!({ "spreadsheet_id": ID, "range": "Sheet1", "key_column": "email" });
    let report = run(&s, "sheets.upsert", params, items).await;
    assert_eq!(status(&report, "gs"), "succeeded", "{report:?}");
    let output = out(&report, "gs", "main");
    let rows: Vec<_> = output
        .iter()
        .map(|o| (o["row"].clone(), o["updated"].clone()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (json!(3), json!(true)),
            (json!(4), json!(false)),
            (json!(4), json!(true)),
            (json!(2), json!(true))
        ]
    );
    assert_eq!(
        s.fake.rows("Sheet1"),
        vec![
            vec![json!("email"), json!("name"), json!("score")],
            vec![json!("a@x"), json!("Ann"), json!(5)],
            vec![json!("b@x"), json!("Bobby")],
            vec![json!("c@x"), json!("Cyd")],
        ]
    );
    // One read, one batchUpdate (header + updates), one append.
    let methods: Vec<_> = calls(&s)
        .into_iter()
        .map(|(m, p)| format!("{m} {}", p.rsplit('/').next().unwrap_or("")))
        .collect();
    assert_eq!(
        methods,
        vec![
            "GET Sheet1",
            "POST values:batchUpdate",
            "POST Sheet1!A1:append"
        ]
    );
}

#[tokio::test]
async fn upsert_on_an_empty_sheet_appends_header_and_rows_in_one_write() {
    let s = setup(FakeConfig {
        sheets: vec!["My Sheet".into()],
        ..FakeConfig::default()
    })
    .await;
    let items = vec![json!({ "id": 1, "v": "x" }), json!({ "id": 2, "v": "y" })];
    let params = json!({ "spreadsheet_id": ID, "range": "'My Sheet'", "key_column": "id" });
    let report = run(&s, "sheets.upsert", params, items).await;
    let output = out(&report, "gs", "main");
    assert_eq!(output[0]["row"], 2);
    assert_eq!(output[1]["row"], 3);
    assert_eq!(s.fake.rows("My Sheet")[0], vec![json!("id"), json!("v")]);
    assert_eq!(s.fake.write_requests().len(), 1);
}

#[tokio::test]
async fn clear_uses_one_request_for_the_run() {
    let s = setup(FakeConfig::default()).await;
    s.fake
        .set_rows("Sheet1", json!([["a", "b"], [1, 2], [3, 4]]));
    let params = json!({ "spreadsheet_id": ID, "range": "{{ $json.r }}" });
    let items = vec![json!({ "r": "Sheet1!A2:B2" }), json!({ "r": "Sheet1!B3" })];
    let report = run(&s, "sheets.clear", params, items).await;
    let output = out(&report, "gs", "main");
    assert_eq!(output[0]["cleared_range"], "Sheet1!A2:B2");
    assert_eq!(output[1]["cleared_range"], "Sheet1!B3:B3");
    assert_eq!(
        s.fake.rows("Sheet1"),
        vec![vec![json!("a"), json!("b")], vec![], vec![json!(3)]]
    );
    assert_eq!(s.fake.write_requests().len(), 1);
}

#[tokio::test]
async fn dry_run_reads_for_real_and_only_shows_writes() {
    let s = setup(FakeConfig::default()).await;
    s.fake
        .set_rows("Sheet1", json!([["email", "name"], ["a@x", "Ann"]]));
    let items = vec![
        json!({ "email": "a@x", "name": "A" }),
        json!({ "email": "n@x", "name": "N" }),
    ];
    let params = json!({ "spreadsheet_id": ID, "range": "Sheet1", "key_column": "email" });
    let report = run_node(&s, "sheets.upsert", params, items, true).await;
    let output = out(&report, "gs", "main");
    assert_eq!(output.len(), 2);
    assert_eq!(output[0]["dry_run"], true);
    assert_eq!(output[0]["request"]["headers"]["authorization"], "***");
    assert!(
        output[0]["request"]["url"]
            .as_str()
            .unwrap()
            .contains("values:batchUpdate")
    );
    assert!(
        output[1]["request"]["url"]
            .as_str()
            .unwrap()
            .contains(":append")
    );
    assert_eq!(
        output[1]["request"]["body"]["values"],
        json!([["n@x", "N"]])
    );
    assert!(s.fake.write_requests().is_empty());
    assert_eq!(s.fake.requests().len(), 1, "the read went out");
}

#[test]
fn params_are_checked_when_the_workflow_is_read() {
    let registry = switchyard_nodes::builtin_registry();
    for (node_type, params) in [
        (
            "sheets.upsert",
            json!({ "spreadsheet_id": ID, "range": "Sheet1" }),
        ),
        (
            "sheets.update",
            json!({ "spreadsheet_id": ID, "range": "Sheet1" }),
        ),
        (
            "sheets.read",
            json!({ "spreadsheet_id": ID, "range": "Sheet1", "bogus": 1 }),
        ),
    ] {
        let document = sheets_support::workflow(node_type, params);
        assert!(
            switchyard_engine::compile(&document, &registry).is_err(),
            "{node_type} accepted bad params"
        );
    }
}
