//! Search: filters, sorts, paging to the limit, HubSpot's limits.

use crate::common::*;
use serde_json::json;
use switchyard_connectors::hubspot::{
    ErrorKind, Filter, ObjectType::*, Operator, SearchQuery, Sort,
};
use switchyard_fake_hubspot::FakeConfig;

fn filter(property: &str, operator: Operator, value: &str) -> Filter {
    Filter {
        property: property.into(),
        operator,
        value: Some(value.into()),
        values: Vec::new(),
        high_value: None,
    }
}

#[tokio::test]
async fn filters_sorts_and_pages() {
    let fake = fake(FakeConfig::default()).await;
    let hs = client(&fake);
    for i in 0..450 {
        let city = if i % 3 == 0 { "Paris" } else { "Oslo" };
        fake.seed("contacts", json!({ "email": format!("p{i:03}@x.io"), "city": city, "firstname": format!("F{i:03}") }));
    }
    let query = SearchQuery {
        filter_groups: vec![vec![filter("city", Operator::Eq, "Oslo")]],
        sorts: vec![Sort {
            property: "firstname".into(),
            descending: true,
        }],
        properties: vec!["email".into(), "city".into(), "firstname".into()],
        query: None,
    };
    let all = hs.search(Contacts, &query, 1000).await.expect("search");
    assert_eq!((all.total, all.records.len()), (300, 300));
    assert_eq!(all.records[0].property("firstname"), Some("F449"));
    assert!(
        all.records
            .iter()
            .all(|r| r.property("city") == Some("Oslo"))
    );
    assert_eq!(
        fake.requests("POST", "/crm/v3/objects/contacts/search"),
        2,
        "200 + 100"
    );

    let some = hs.search(Contacts, &query, 250).await.expect("limited");
    assert_eq!(some.records.len(), 250);
    let bodies: Vec<u64> = fake
        .log()
        .iter()
        .filter_map(|r| r.body.as_ref().and_then(|b| b["limit"].as_u64()))
        .collect();
    assert_eq!(&bodies[2..], &[200, 50]);

    let either = SearchQuery {
        filter_groups: vec![
            vec![filter("email", Operator::Eq, "p000@x.io")],
            vec![filter("email", Operator::Eq, "p001@x.io")],
        ],
        ..SearchQuery::default()
    };
    assert_eq!(
        hs.search(Contacts, &either, 10)
            .await
            .expect("or")
            .records
            .len(),
        2
    );
    let listed = SearchQuery {
        filter_groups: vec![vec![Filter {
            property: "email".into(),
            operator: Operator::In,
            value: None,
            values: vec!["p002@x.io".into(), "p003@x.io".into()],
            high_value: None,
        }]],
        ..SearchQuery::default()
    };
    assert_eq!(
        hs.search(Contacts, &listed, 10)
            .await
            .expect("in")
            .records
            .len(),
        2
    );
}

#[tokio::test]
async fn too_many_filters_fail_before_sending() {
    let fake = fake(FakeConfig::default()).await;
    let hs = client(&fake);
    let groups = (0..6)
        .map(|_| vec![filter("city", Operator::Eq, "x")])
        .collect();
    let error = hs
        .search(
            Contacts,
            &SearchQuery {
                filter_groups: groups,
                ..SearchQuery::default()
            },
            10,
        )
        .await
        .expect_err("limit");
    assert_eq!(error.kind, ErrorKind::Validation);
    assert_eq!(fake.total_requests(), 0);
}

#[tokio::test]
async fn paging_stops_at_10000_results() {
    let fake = fake(FakeConfig::default()).await;
    let hs = client(&fake);
    for i in 0..10_050 {
        fake.seed("companies", json!({ "name": format!("co{i}") }));
    }
    let found = hs
        .search(Companies, &SearchQuery::default(), 20_000)
        .await
        .expect("search");
    assert_eq!(found.records.len(), 10_000);
    assert_eq!(found.total, 10_050);
    assert_eq!(
        fake.requests("POST", "/crm/v3/objects/companies/search"),
        50
    );
    assert_eq!(fake.limit_stats().sent_429_search, 0);
}
