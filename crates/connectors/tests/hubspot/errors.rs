//! Every error kind, with HubSpot's own message, category and correlation id; retries.

use crate::common::*;
use serde_json::json;
use std::time::Duration;
use switchyard_connectors::hubspot::{
    ClientOptions, ErrorKind, HubSpotClient, HubSpotCredential, ObjectType::*,
};
use switchyard_fake_hubspot::FakeConfig;

#[tokio::test]
async fn client_errors_map_to_their_kinds_and_never_retry() {
    let fake =
        fake(FakeConfig::default().with_token("pat-read-only", &["crm.objects.contacts.read"]))
            .await;
    let hs = client(&fake);

    let invalid = hs
        .create(
            Contacts,
            &input(json!({ "email": "a@x.io", "description": "x" })),
        )
        .await
        .expect_err("400");
    assert_eq!(
        (invalid.kind, invalid.status),
        (ErrorKind::Validation, Some(400))
    );
    assert!(
        invalid
            .message
            .contains("Property \"description\" does not exist"),
        "{}",
        invalid.message
    );
    let details = invalid.details.clone().expect("details");
    assert_eq!(details["category"], "VALIDATION_ERROR");
    assert!(
        details["correlationId"]
            .as_str()
            .is_some_and(|c| !c.is_empty())
    );

    hs.create(Contacts, &input(contact("taken@x.io")))
        .await
        .expect("first");
    let conflict = hs
        .create(Contacts, &input(contact("TAKEN@x.io")))
        .await
        .expect_err("409");
    assert_eq!(conflict.kind, ErrorKind::Conflict);
    assert!(
        conflict
            .message
            .contains("Contact already exists. Existing ID: "),
        "{}",
        conflict.message
    );
    assert!(
        conflict
            .details
            .as_ref()
            .is_some_and(|d| d["existingId"].as_str().is_some())
    );

    let missing = hs
        .get(Contacts, "424242", None, &[])
        .await
        .expect_err("404");
    assert_eq!(missing.kind, ErrorKind::NotFound);
    assert_eq!(
        missing.details.as_ref().map(|d| d["category"].clone()),
        Some(json!("OBJECT_NOT_FOUND"))
    );

    let bad_token = client_with_token(&fake, "pat-na1-wrong");
    let auth = bad_token
        .get(Contacts, "1", None, &[])
        .await
        .expect_err("401");
    assert_eq!((auth.kind, auth.status), (ErrorKind::Auth, Some(401)));
    assert!(
        auth.message.contains("Reconnect") && auth.message.contains("access token"),
        "{}",
        auth.message
    );
    assert_eq!(
        auth.details.as_ref().map(|d| d["category"].clone()),
        Some(json!("INVALID_AUTHENTICATION"))
    );

    let read_only = client_with_token(&fake, "pat-read-only");
    let forbidden = read_only
        .create(Contacts, &input(contact("b@x.io")))
        .await
        .expect_err("403");
    assert_eq!(forbidden.kind, ErrorKind::Forbidden);
    assert!(
        forbidden.message.contains("crm.objects.contacts.write"),
        "{}",
        forbidden.message
    );

    let before = fake.total_requests();
    assert_eq!(before, 6, "none of these was retried");
}

#[tokio::test]
async fn server_errors_and_dropped_connections_are_retried() {
    let fake = fake(FakeConfig::default()).await;
    let hs = client(&fake);
    let id = fake.seed("contacts", contact("a@x.io"));
    fake.fail_next(2, 503);
    hs.get(Contacts, &id, None, &[])
        .await
        .expect("succeeds on the third try");
    assert_eq!(
        fake.requests("GET", &format!("/crm/v3/objects/contacts/{id}")),
        3
    );

    fake.drop_next(2);
    hs.get(Contacts, &id, None, &[])
        .await
        .expect("succeeds after two dropped connections");
    assert_eq!(
        fake.requests("GET", &format!("/crm/v3/objects/contacts/{id}")),
        6
    );

    fake.fail_next(20, 502);
    let server = hs
        .get(Contacts, &id, None, &[])
        .await
        .expect_err("5xx after retries");
    assert_eq!((server.kind, server.status), (ErrorKind::Server, Some(502)));
    assert_eq!(
        fake.requests("GET", &format!("/crm/v3/objects/contacts/{id}")),
        6 + 6,
        "1 try + 5 retries"
    );
    fake.fail_next(0, 502);
}

#[tokio::test]
async fn timeouts_and_unreachable_hosts_have_their_kinds() {
    let fake = fake(FakeConfig::default()).await;
    let options = ClientOptions {
        timeout: Duration::from_millis(200),
        max_retries: 2,
        ..quick()
    };
    let hs = client(&fake).with_options(options.clone());
    let id = fake.seed("contacts", contact("a@x.io"));
    fake.slow_next(10, Duration::from_secs(2));
    let slow = hs.get(Contacts, &id, None, &[]).await.expect_err("timeout");
    assert_eq!(slow.kind, ErrorKind::Timeout);

    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let nowhere = HubSpotClient::new(
        std::sync::Arc::new(switchyard_connectors::http::Http::live()),
        HubSpotCredential::private_app(
            "hs-nowhere",
            "pat",
            Some(&format!("http://127.0.0.1:{port}")),
        ),
    )
    .with_options(options);
    let network = nowhere
        .get(Contacts, "1", None, &[])
        .await
        .expect_err("network");
    assert_eq!(network.kind, ErrorKind::Network);
}

#[tokio::test]
async fn a_window_that_stays_full_ends_in_rate_limited() {
    let fake = fake(FakeConfig::default().with_window(1, Duration::from_millis(300))).await;
    fake.set_window(0, Duration::from_millis(300));
    let hs = client(&fake);
    let limited = hs.get(Contacts, "1", None, &[]).await.expect_err("429");
    assert_eq!(
        (limited.kind, limited.status),
        (ErrorKind::RateLimited, Some(429))
    );
    assert!(
        limited.message.contains("ten_secondly_rolling") && limited.message.contains("5 retries"),
        "{}",
        limited.message
    );
    assert_eq!(
        limited.details.as_ref().map(|d| d["policyName"].clone()),
        Some(json!("TEN_SECONDLY_ROLLING"))
    );
    assert_eq!(fake.limit_stats().sent_429, 6);
}
