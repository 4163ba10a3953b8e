//! `hubspot.crm` through the engine, against the fake HubSpot on 127.0.0.1: every operation,
//! batching and order, duplicate ids, 207s and dry runs.

mod common;
mod hubspot_support;

use common::*;
use hubspot_support::*;
use serde_json::{Value, json};
use switchyard_engine::RunStatus;
use switchyard_fake_hubspot::FakeConfig;

fn emails(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["properties"]["email"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn create_get_update_delete_one_item_and_many() {
    let s = setup(FakeConfig::default()).await;
    let create = json!({ "object": "contacts", "operation": "create",
        "properties": { "email": "{{ $json.email }}", "firstname": "{{ $json.name }}" } });
    let one = crm(&s, create.clone(), people(1)).await;
    assert_eq!(one.status, RunStatus::Succeeded, "{:?}", one.error);
    let item = &out(&one, "crm", "main")[0];
    assert_eq!(item["properties"]["firstname"], "N0");
    for key in ["id", "createdAt", "updatedAt"] {
        assert!(item[key].is_string(), "{key} in {item}");
    }
    assert_eq!(s.fake.requests("POST", "/crm/v3/objects/contacts"), 1);

    let many = crm(&s, create, people(4).split_off(1)).await;
    assert_eq!(
        emails(&out(&many, "crm", "main")),
        ["c1@x.io", "c2@x.io", "c3@x.io"]
    );
    assert_eq!(
        s.fake
            .requests("POST", "/crm/v3/objects/contacts/batch/create"),
        1
    );

    let get = json!({ "object": "contacts", "operation": "get", "id": "{{ $json.email }}", "id_property": "email",
        "return_properties": ["email", "firstname"] });
    let read = crm(&s, get.clone(), vec![json!({ "email": "C2@x.io" })]).await;
    assert_eq!(
        out(&read, "crm", "main")[0]["properties"]["firstname"],
        "N2"
    );
    let read = crm(
        &s,
        get,
        vec![
            json!({ "email": "c3@x.io" }),
            json!({ "email": "c0@x.io" }),
            json!({ "email": "nobody@x.io" }),
        ],
    )
    .await;
    assert_eq!(emails(&out(&read, "crm", "main")), ["c3@x.io", "c0@x.io"]);
    let missing = out(&read, "crm", "error");
    assert_eq!(
        (missing.len(), missing[0]["error"]["kind"].clone()),
        (1, json!("not_found"))
    );
    assert_eq!(
        s.fake
            .requests("POST", "/crm/v3/objects/contacts/batch/read"),
        1
    );

    let update = json!({ "object": "contacts", "operation": "update", "id": "{{ $json.email }}", "id_property": "email",
        "properties": { "city": "{{ $json.city }}" } });
    let updated = crm(
        &s,
        update.clone(),
        vec![json!({ "email": "c1@x.io", "city": "Oslo" })],
    )
    .await;
    assert_eq!(
        out(&updated, "crm", "main")[0]["properties"]["city"],
        "Oslo"
    );
    let updated = crm(
        &s,
        update,
        vec![
            json!({ "email": "c2@x.io", "city": "Rome" }),
            json!({ "email": "c3@x.io", "city": "Lima" }),
        ],
    )
    .await;
    let cities: Vec<Value> = out(&updated, "crm", "main")
        .iter()
        .map(|i| i["properties"]["city"].clone())
        .collect();
    assert_eq!(cities, [json!("Rome"), json!("Lima")]);

    let ids: Vec<Value> = out(&many, "crm", "main")
        .iter()
        .map(|i| json!({ "id": i["id"] }))
        .collect();
    let delete = json!({ "object": "contacts", "operation": "delete", "id": "{{ $json.id }}" });
    let deleted = crm(&s, delete.clone(), ids[..2].to_vec()).await;
    assert_eq!(
        out(&deleted, "crm", "main"),
        vec![
            json!({ "id": ids[0]["id"], "deleted": true }),
            json!({ "id": ids[1]["id"], "deleted": true })
        ]
    );
    let deleted = crm(&s, delete, ids[2..].to_vec()).await;
    assert_eq!(out(&deleted, "crm", "main")[0]["deleted"], true);
    assert_eq!(s.fake.records("contacts").len(), 1);
}

#[tokio::test]
async fn search_runs_once_per_item_with_its_values() {
    let s = setup(FakeConfig::default()).await;
    for (i, city) in ["Oslo", "Rome", "Oslo", "Lima", "Oslo"].iter().enumerate() {
        s.fake.seed(
            "contacts",
            json!({ "email": format!("s{i}@x.io"), "city": city, "firstname": format!("F{i}") }),
        );
    }
    let search = json!({ "object": "contacts", "operation": "search",
        "filters": { "any": [ { "all": [ { "left": "city", "op": "eq", "right": "{{ $json.city }}" } ] },
                              { "all": [ { "left": "email", "op": "in", "right": ["s3@x.io"] } ] } ] },
        "sorts": ["-firstname"], "limit": 2, "return_properties": ["email", "city", "firstname"] });
    let report = crm(
        &s,
        search,
        vec![json!({ "city": "Oslo" }), json!({ "city": "Rome" })],
    )
    .await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    let found: Vec<String> = out(&report, "crm", "main")
        .iter()
        .map(|i| {
            i["properties"]["firstname"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    assert_eq!(
        found,
        ["F4", "F3", "F3", "F1"],
        "Oslo's two first, then Rome's"
    );
    let bodies: Vec<Value> = s.fake.log().iter().filter_map(|r| r.body.clone()).collect();
    assert_eq!(
        bodies[0]["filterGroups"][0]["filters"][0],
        json!({ "propertyName": "city", "operator": "EQ", "value": "Oslo" })
    );
    assert_eq!(
        bodies[0]["sorts"][0],
        json!({ "propertyName": "firstname", "direction": "DESCENDING" })
    );
}

#[tokio::test]
async fn upserting_250_items_takes_3_requests_and_keeps_order() {
    let s = setup(FakeConfig::default()).await;
    s.fake.seed(
        "contacts",
        json!({ "email": "c100@x.io", "firstname": "Old" }),
    );
    let upsert = json!({ "object": "contacts", "operation": "upsert", "id": "{{ $json.email }}",
        "properties": { "email": "{{ $json.email }}", "firstname": "{{ $json.name }}" } });
    let report = crm(&s, upsert, people(250)).await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    assert_eq!(
        s.fake
            .requests("POST", "/crm/v3/objects/contacts/batch/upsert"),
        3
    );
    let items = out(&report, "crm", "main");
    assert_eq!(items.len(), 250);
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item["properties"]["email"], format!("c{i}@x.io"));
        assert_eq!(item["properties"]["firstname"], format!("N{i}"));
    }
    assert_eq!(items[100]["new"], false);
    assert_eq!(s.fake.records("contacts").len(), 250);
}

#[tokio::test]
async fn items_sharing_an_email_go_in_separate_requests_and_the_later_wins() {
    let s = setup(FakeConfig::default()).await;
    let upsert = json!({ "object": "contacts", "operation": "upsert", "id_property": "email", "id": "{{ $json.email }}",
        "properties": { "firstname": "{{ $json.name }}" } });
    let items = vec![
        json!({ "email": "Dup@x.io", "name": "First" }),
        json!({ "email": "solo@x.io", "name": "Solo" }),
        json!({ "email": "dup@X.io", "name": "Second" }),
    ];
    let report = crm(&s, upsert, items).await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    let sizes: Vec<usize> = s
        .fake
        .log()
        .iter()
        .filter_map(|r| {
            r.body
                .as_ref()
                .and_then(|b| b["inputs"].as_array().map(Vec::len))
        })
        .collect();
    assert_eq!(sizes, [2, 1]);
    let names: Vec<Value> = out(&report, "crm", "main")
        .iter()
        .map(|i| i["properties"]["firstname"].clone())
        .collect();
    assert_eq!(names, [json!("First"), json!("Solo"), json!("Second")]);
    let stored = s.fake.records("contacts");
    assert_eq!(
        (stored.len(), stored[0]["properties"]["firstname"].clone()),
        (2, json!("Second"))
    );
}

#[tokio::test]
async fn a_207_fails_only_the_bad_items() {
    let s = setup(FakeConfig::default()).await;
    let create = json!({ "object": "contacts", "operation": "create",
        "properties": { "email": "{{ $json.email }}", "lifecyclestage": "{{ $json.stage }}" } });
    let items = vec![
        json!({ "email": "a@x.io", "stage": "lead" }),
        json!({ "email": "b@x.io", "stage": "wizard" }),
        json!({ "email": "c@x.io", "stage": "customer" }),
    ];
    let report = crm(&s, create, items).await;
    assert_eq!(report.status, RunStatus::Succeeded);
    assert_eq!(emails(&out(&report, "crm", "main")), ["a@x.io", "c@x.io"]);
    let failed = out(&report, "crm", "error");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["email"], "b@x.io");
    assert_eq!(failed[0]["error"]["kind"], "validation");
    assert!(
        failed[0]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("wizard") && m.contains("lifecyclestage"))
    );
    assert_eq!(report.nodes["crm"].item_errors, 1);
}

#[tokio::test]
async fn a_dry_run_reads_for_real_and_sends_no_write() {
    let s = setup(FakeConfig::default()).await;
    let id = s.fake.seed("contacts", json!({ "email": "known@x.io" }));
    let upsert = json!({ "object": "contacts", "operation": "upsert", "id": "{{ $json.email }}", "properties": { "firstname": "{{ $json.name }}" } });
    let document = workflow("hubspot.crm", upsert);
    let (report, _) = run_items(&s, &document, people(150), true).await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    let items = out(&report, "crm", "main");
    assert_eq!(items.len(), 150);
    assert_eq!(items[0]["dry_run"], true);
    let request = &items[0]["request"];
    assert_eq!(request["method"], "POST");
    assert!(
        request["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/crm/v3/objects/contacts/batch/upsert"))
    );
    assert_eq!(request["headers"]["authorization"], "***");
    assert_eq!(
        request["body"]["inputs"].as_array().map(Vec::len),
        Some(100)
    );
    assert_eq!(
        items[99]["request"], items[0]["request"],
        "one batch, one request"
    );
    assert_eq!(
        items[100]["request"]["body"]["inputs"][0]["id"],
        "c100@x.io"
    );
    for op in [
        json!({ "operation": "create", "properties": { "email": "x@x.io" } }),
        json!({ "operation": "delete", "id": id }),
        json!({ "operation": "update", "id": id, "properties": { "city": "Oslo" } }),
    ] {
        let mut params = json!({ "object": "contacts" });
        for (k, v) in op.as_object().cloned().unwrap_or_default() {
            params[k] = v;
        }
        let (report, _) =
            run_items(&s, &workflow("hubspot.crm", params), vec![json!({})], true).await;
        assert_eq!(out(&report, "crm", "main")[0]["dry_run"], true);
    }
    assert_eq!(s.fake.writes(), 0, "no write went out");

    let get = json!({ "object": "contacts", "operation": "get", "id": id });
    let (report, _) = run_items(&s, &workflow("hubspot.crm", get), vec![json!({})], true).await;
    assert_eq!(
        out(&report, "crm", "main")[0]["properties"]["email"],
        "known@x.io"
    );
    let search = json!({ "object": "contacts", "operation": "search", "filters": { "all": [ { "left": "email", "op": "exists" } ] } });
    let (report, _) = run_items(&s, &workflow("hubspot.crm", search), vec![json!({})], true).await;
    assert_eq!(out(&report, "crm", "main").len(), 1);
}

#[tokio::test]
async fn created_records_can_be_associated() {
    let s = setup(FakeConfig::default()).await;
    let company = s.fake.seed("companies", json!({ "name": "Acme" }));
    let create = json!({ "object": "contacts", "operation": "create", "properties": { "email": "{{ $json.email }}" },
        "associations": [ { "object": "companies", "id": "{{ $json.company }}" } ] });
    let report = crm(
        &s,
        create,
        vec![
            json!({ "email": "a@acme.io", "company": company }),
            json!({ "email": "b@acme.io", "company": company }),
        ],
    )
    .await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    assert_eq!(s.fake.associations("companies", &company).len(), 2);
}
