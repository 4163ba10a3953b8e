//! Owners, properties, associations.

use crate::common::*;
use serde_json::json;
use switchyard_connectors::hubspot::{AssociationTarget, ObjectType::*, RecordInput};
use switchyard_fake_hubspot::FakeConfig;

#[tokio::test]
async fn owners_are_paged_and_found_by_email() {
    let fake = fake(FakeConfig::default().with_generated_owners(230)).await;
    let hs = client(&fake);
    let owners = hs.owners(None).await.expect("owners");
    assert_eq!(owners.len(), 230);
    assert_eq!(fake.requests("GET", "/crm/v3/owners"), 3);
    let found = hs
        .owner_by_email("OWNER42@example.com")
        .await
        .expect("find")
        .expect("owner 42");
    assert_eq!(found["email"], "owner42@example.com");
    assert!(
        hs.owner_by_email("nobody@example.com")
            .await
            .expect("find")
            .is_none()
    );
}

#[tokio::test]
async fn properties_are_listed() {
    let fake = fake(FakeConfig::default()).await;
    let properties = client(&fake).properties(Deals).await.expect("properties");
    let stage = properties
        .iter()
        .find(|p| p["name"] == "dealstage")
        .expect("dealstage");
    assert_eq!(stage["type"], "enumeration");
    assert!(stage["options"].as_array().is_some_and(|o| !o.is_empty()));
}

#[tokio::test]
async fn records_are_associated_with_default_types() {
    let fake = fake(FakeConfig::default()).await;
    let hs = client(&fake);
    let company = hs
        .create(
            Companies,
            &input(json!({ "name": "Acme", "domain": "acme.io" })),
        )
        .await
        .expect("company");
    let person = hs
        .create(
            Contacts,
            &RecordInput {
                properties: props(contact("a@acme.io")),
                associations: vec![AssociationTarget {
                    object: Companies,
                    id: company.id.clone(),
                }],
            },
        )
        .await
        .expect("contact with association");
    assert_eq!(
        hs.associated_ids(Companies, &company.id, Contacts)
            .await
            .expect("read"),
        vec![person.id.clone()]
    );
    let create_body = fake
        .log()
        .iter()
        .find(|r| r.path == "/crm/v3/objects/contacts")
        .and_then(|r| r.body.clone())
        .expect("body");
    assert_eq!(
        create_body["associations"][0]["types"][0]["associationTypeId"],
        279
    );

    let deal = hs
        .create(
            Deals,
            &input(json!({ "dealname": "Big", "dealstage": "closedwon" })),
        )
        .await
        .expect("deal");
    let linked = hs
        .associate_default(Deals, &deal.id, Contacts, &person.id)
        .await
        .expect("associate");
    assert_eq!(
        linked["results"][0]["associationSpec"]["associationTypeId"],
        3
    );
    let other = hs
        .create(Contacts, &input(contact("b@acme.io")))
        .await
        .expect("second contact");
    let results = hs
        .batch_associate_default(
            Contacts,
            Companies,
            &[
                (other.id.clone(), company.id.clone()),
                (other.id.clone(), "999999".into()),
            ],
        )
        .await;
    assert!(results[0].is_ok());
    assert!(results[1].is_err());
    let mut ids = hs
        .associated_ids(Companies, &company.id, Contacts)
        .await
        .expect("read");
    ids.sort();
    let mut expected = vec![person.id.clone(), other.id.clone()];
    expected.sort();
    assert_eq!(ids, expected);
}
