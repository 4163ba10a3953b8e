//! OAuth: refresh before expiry, caching, the token sink, refresh failures, scope checks.

use crate::common::*;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use switchyard_connectors::http::Http;
use switchyard_connectors::hubspot::{
    ErrorKind, HubSpotClient, HubSpotCredential, ObjectType::*, TokenSink, TokenUpdate,
};
use switchyard_fake_hubspot::{FakeConfig, FakeHubSpot, OAuthApp};
use switchyard_secrets::Sensitive;

#[derive(Default)]
struct Sink(Mutex<Vec<(String, u64)>>);

impl TokenSink for Sink {
    fn token_refreshed(&self, credential_id: &str, update: &TokenUpdate) {
        if let Ok(mut seen) = self.0.lock() {
            seen.push((credential_id.to_owned(), update.expires_at_ms));
        }
    }
}

fn oauth_client(fake: &FakeHubSpot, id: &str, extra: serde_json::Value) -> HubSpotClient {
    let app = fake.oauth_app();
    let mut credential = json!({
        "type": "hubspot.oauth", "client_id": app.client_id, "client_secret": app.client_secret,
        "refresh_token": app.refresh_tokens[0], "base_url": fake.base_url(),
    });
    for (k, v) in extra.as_object().cloned().unwrap_or_default() {
        credential[k] = v;
    }
    let credential =
        HubSpotCredential::from_json(id, &Sensitive::new(credential)).expect("credential");
    HubSpotClient::new(Arc::new(Http::live()), credential).with_options(quick())
}

#[tokio::test]
async fn tokens_are_refreshed_before_they_expire_and_cached_meanwhile() {
    let app = OAuthApp {
        access_token_ttl: Duration::from_secs(62),
        ..OAuthApp::default()
    };
    let fake = fake(FakeConfig::default().with_oauth(app)).await;
    let sink = Arc::new(Sink::default());
    let hs = oauth_client(&fake, "hs-oauth", json!({})).with_token_sink(sink.clone());
    let id = fake.seed("contacts", contact("a@x.io"));
    hs.get(Contacts, &id, None, &[]).await.expect("first call");
    hs.get(Contacts, &id, None, &[]).await.expect("second call");
    assert_eq!(fake.refreshes(), 1, "the token is cached");
    let log = fake.log();
    let api: Vec<_> = log.iter().filter(|r| r.path.starts_with("/crm/")).collect();
    assert!(api.iter().all(|r| {
        r.authorization
            .as_deref()
            .is_some_and(|a| a.starts_with("Bearer fake-oauth-access-"))
    }));
    // 62 s tokens, refreshed 60 s early: fresh for about 2 s.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    hs.get(Contacts, &id, None, &[]).await.expect("third call");
    assert_eq!(fake.refreshes(), 2);
    let seen = sink.0.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].0, "hs-oauth");
}

#[tokio::test]
async fn a_stored_token_that_is_still_valid_is_used_without_refreshing() {
    let fake = fake(FakeConfig::default()).await;
    fake.add_oauth_access_token("stored-token", Duration::from_secs(600));
    let expires = switchyard_connectors_now_ms() + 600_000;
    let hs = oauth_client(
        &fake,
        "hs-stored",
        json!({ "access_token": "stored-token", "expires_at": expires }),
    );
    hs.get(Contacts, "1", None, &[])
        .await
        .expect_err("404, but authorised");
    assert_eq!(fake.refreshes(), 0);

    // A stored token HubSpot says expired is dropped and refreshed once.
    fake.add_oauth_access_token("old-token", Duration::ZERO);
    let hs = oauth_client(
        &fake,
        "hs-expired",
        json!({ "access_token": "old-token", "expires_at": expires }),
    );
    let id = fake.seed("contacts", contact("b@x.io"));
    hs.get(Contacts, &id, None, &[])
        .await
        .expect("refreshed after EXPIRED_AUTHENTICATION");
    assert_eq!(fake.refreshes(), 1);
}

fn switchyard_connectors_now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

#[tokio::test]
async fn a_refused_refresh_is_an_auth_error_that_says_to_reconnect() {
    let fake = fake(FakeConfig::default()).await;
    let hs = oauth_client(&fake, "hs-revoked", json!({}));
    fake.revoke_refresh_tokens();
    let error = hs.get(Contacts, "1", None, &[]).await.expect_err("auth");
    assert_eq!((error.kind, error.status), (ErrorKind::Auth, Some(400)));
    assert!(
        error.message.contains("BAD_REFRESH_TOKEN") && error.message.contains("Reconnect"),
        "{}",
        error.message
    );
    assert_eq!(fake.refresh_failures(), 1);
    assert_eq!(
        fake.log()
            .iter()
            .filter(|r| r.path.starts_with("/crm/"))
            .count(),
        0,
        "no API call without a token"
    );
}

#[tokio::test]
async fn the_credential_check_names_missing_scopes() {
    let fake = fake(FakeConfig::default().with_token(
        "pat-some",
        &["crm.objects.contacts.read", "crm.objects.owners.read"],
    ))
    .await;
    let report = client_with_token(&fake, "pat-some")
        .check_credential()
        .await
        .expect("check");
    assert!(report.missing_for("contacts.read").is_empty());
    assert_eq!(
        report.missing_for("contacts.write"),
        ["crm.objects.contacts.write".to_owned()]
    );
    assert_eq!(
        report.missing_for("deals.properties"),
        ["crm.schemas.deals.read".to_owned()]
    );
    assert!(!report.is_complete());
    assert!(
        client(&fake)
            .check_credential()
            .await
            .expect("full")
            .is_complete()
    );

    let oauth = oauth_client(&fake, "hs-check", json!({}));
    assert!(
        oauth
            .check_credential()
            .await
            .expect("oauth check")
            .is_complete()
    );
    let unknown = client_with_token(&fake, "pat-unknown")
        .check_credential()
        .await
        .expect_err("unknown");
    assert_eq!(unknown.kind, ErrorKind::Auth);
}
