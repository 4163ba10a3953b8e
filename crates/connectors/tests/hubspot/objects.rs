//! Records: single operations, batches (order, chunking, 207s) and upserts.

use crate::common::*;
use serde_json::{Value, json};
use switchyard_connectors::hubspot::{ErrorKind, ObjectType::*};
use switchyard_fake_hubspot::FakeConfig;

#[tokio::test]
async fn create_get_update_delete_one_record() {
    let fake = fake(FakeConfig::default()).await;
    let hs = client(&fake);
    let created = hs
        .create(
            Contacts,
            &input(json!({ "email": "ada@x.io", "firstname": "Ada", "phone": 5 })),
        )
        .await
        .expect("create");
    assert_eq!(created.property("email"), Some("ada@x.io"));
    assert_eq!(
        created.property("phone"),
        Some("5"),
        "values are sent as text"
    );
    assert!(created.created_at.is_some());

    let by_id = hs
        .get(Contacts, &created.id, None, &[])
        .await
        .expect("get by id");
    assert_eq!(by_id.id, created.id);
    let by_email = hs
        .get(Contacts, "ADA@x.io", Some("email"), &["phone".into()])
        .await
        .expect("get by email");
    assert_eq!(
        (by_email.id.as_str(), by_email.property("phone")),
        (created.id.as_str(), Some("5"))
    );

    let updated = hs
        .update(
            Contacts,
            &id_input("ada@x.io", json!({ "lastname": "Lovelace" })),
            Some("email"),
        )
        .await
        .expect("update");
    assert_eq!(updated.property("lastname"), Some("Lovelace"));
    assert_eq!(
        fake.record("contacts", &created.id).expect("stored")["properties"]["lastname"],
        "Lovelace"
    );

    hs.delete(Contacts, &created.id).await.expect("delete");
    assert!(fake.record("contacts", &created.id).is_none());
    let gone = hs
        .get(Contacts, &created.id, None, &[])
        .await
        .expect_err("gone");
    assert_eq!((gone.kind, gone.status), (ErrorKind::NotFound, Some(404)));
    assert_eq!(
        fake.requests("PATCH", &format!("/crm/v3/objects/contacts/{}", "ada@x.io")),
        1
    );
}

#[tokio::test]
async fn batches_keep_input_order_and_chunk_by_100() {
    let fake = fake(FakeConfig::default()).await;
    let hs = client(&fake);
    let inputs: Vec<_> = (0..150)
        .map(|i| input(json!({ "email": format!("c{i}@x.io") })))
        .collect();
    let created = hs.batch_create(Contacts, &inputs).await;
    assert_eq!(created.len(), 150);
    assert_eq!(
        fake.requests("POST", "/crm/v3/objects/contacts/batch/create"),
        2
    );
    for (i, record) in created.iter().enumerate() {
        assert_eq!(
            record.as_ref().expect("created").property("email"),
            Some(format!("c{i}@x.io").as_str())
        );
    }
    let ids: Vec<String> = created
        .iter()
        .rev()
        .map(|r| r.as_ref().expect("ok").id.clone())
        .collect();
    let read = hs.batch_read(Contacts, &ids, None, &[]).await;
    for (i, record) in read.iter().enumerate() {
        assert_eq!(
            record.as_ref().expect("read").id,
            ids[i],
            "read keeps order"
        );
    }
    let emails: Vec<String> = (0..3).map(|i| format!("C{i}@X.IO")).collect();
    let by_email = hs.batch_read(Contacts, &emails, Some("email"), &[]).await;
    assert_eq!(
        by_email[2].as_ref().expect("read").property("email"),
        Some("c2@x.io")
    );

    let updates: Vec<_> = ids
        .iter()
        .take(3)
        .map(|id| id_input(id, json!({ "city": format!("city-{id}") })))
        .collect();
    let updated = hs.batch_update(Contacts, &updates, None).await;
    for (u, r) in updates.iter().zip(&updated) {
        assert_eq!(r.as_ref().expect("updated").id, u.id);
    }
    let archived = hs.batch_archive(Contacts, &ids).await;
    assert!(archived.iter().all(Result::is_ok));
    assert_eq!(fake.records("contacts").len(), 0);
    assert_eq!(
        fake.requests("POST", "/crm/v3/objects/contacts/batch/archive"),
        2
    );
}

#[tokio::test]
async fn a_207_fails_only_the_records_that_failed() {
    let fake = fake(FakeConfig::default()).await;
    let hs = client(&fake);
    let inputs = vec![
        input(json!({ "email": "ok1@x.io" })),
        input(json!({ "email": "bad@x.io", "description": "nope" })),
        input(json!({ "email": "ok2@x.io", "lifecyclestage": "wizard" })),
        input(json!({ "email": "ok3@x.io" })),
    ];
    let results = hs.batch_create(Contacts, &inputs).await;
    assert_eq!(
        results[0].as_ref().expect("ok").property("email"),
        Some("ok1@x.io")
    );
    assert_eq!(
        results[3].as_ref().expect("ok").property("email"),
        Some("ok3@x.io")
    );
    let bad = results[1].as_ref().expect_err("bad property");
    assert_eq!(bad.kind, ErrorKind::Validation);
    assert!(
        bad.message
            .contains("Property \"description\" does not exist"),
        "{}",
        bad.message
    );
    let option = results[2].as_ref().expect_err("bad option");
    assert!(
        option
            .message
            .contains("wizard was not one of the allowed options")
            && option.message.contains("lifecyclestage"),
        "{}",
        option.message
    );
    assert_eq!(fake.records("contacts").len(), 2);

    let missing = hs
        .batch_read(
            Contacts,
            &["999999".into(), results[0].as_ref().expect("ok").id.clone()],
            None,
            &[],
        )
        .await;
    assert_eq!(
        missing[0].as_ref().expect_err("missing").kind,
        ErrorKind::NotFound
    );
    assert!(missing[1].is_ok());
}

#[tokio::test]
async fn upserting_250_contacts_takes_3_requests_and_keeps_order() {
    let fake = fake(FakeConfig::default()).await;
    let hs = client(&fake);
    fake.seed(
        "contacts",
        json!({ "email": "c7@x.io", "firstname": "Old" }),
    );
    let inputs: Vec<_> = (0..250)
        .map(|i| {
            id_input(
                &format!("c{i}@x.io"),
                json!({ "firstname": format!("N{i}") }),
            )
        })
        .collect();
    let results = hs.upsert(Contacts, &inputs, "email").await;
    assert_eq!(
        fake.requests("POST", "/crm/v3/objects/contacts/batch/upsert"),
        3
    );
    for (i, result) in results.iter().enumerate() {
        let record = result.as_ref().expect("upserted");
        assert_eq!(
            record.property("email"),
            Some(format!("c{i}@x.io").as_str())
        );
        assert_eq!(record.property("firstname"), Some(format!("N{i}").as_str()));
        assert_eq!(record.new, Some(i != 7));
    }
    assert_eq!(fake.records("contacts").len(), 250);
}

#[tokio::test]
async fn inputs_sharing_an_email_go_in_separate_requests_in_order() {
    let fake = fake(FakeConfig::default()).await;
    let hs = client(&fake);
    let inputs = vec![
        id_input("dup@x.io", json!({ "firstname": "First" })),
        id_input("other@x.io", json!({ "firstname": "Other" })),
        id_input("DUP@x.io", json!({ "firstname": "Second" })),
    ];
    let results = hs.upsert(Contacts, &inputs, "email").await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let bodies: Vec<Vec<String>> = fake
        .log()
        .iter()
        .filter(|r| r.path.ends_with("/batch/upsert"))
        .map(|r| {
            r.body
                .as_ref()
                .and_then(|b| b["inputs"].as_array().cloned())
                .unwrap_or_default()
                .iter()
                .map(|i| i["id"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .collect();
    assert_eq!(
        bodies,
        vec![
            vec!["dup@x.io".to_owned(), "other@x.io".into()],
            vec!["DUP@x.io".into()]
        ]
    );
    let stored: Vec<Value> = fake.records("contacts");
    assert_eq!(stored.len(), 2);
    assert_eq!(
        stored[0]["properties"]["firstname"], "Second",
        "the later item wins"
    );
}
