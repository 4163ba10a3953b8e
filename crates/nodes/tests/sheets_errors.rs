//! Sheets failures and auth: 429 retried with backoff, Google's errors mapped to the spec's
//! kinds with Google's message, the service-account JWT exchange and its token cache, and the
//! `google.oauth` refresh-token grant.

mod common;
#[path = "sheets_support/mod.rs"]
mod sheets_support;

use common::{out, status};
use serde_json::json;
use sheets_support::{ID, errors, run, setup, with_credential};
use switchyard_fake_sheets::{FakeConfig, FakeSheets, OAuthClient, TEST_PRIVATE_KEY_PEM};

fn read_params(range: &str) -> serde_json::Value {
    json!({ "spreadsheet_id": ID, "range": range })
}

#[tokio::test]
async fn a_429_is_retried_with_backoff() {
    let s = setup(FakeConfig::default()).await;
    s.fake.throttle_next(2);
    let params = json!({ "spreadsheet_id": ID, "range": "Sheet1" });
    let report = run(&s, "sheets.append", params, vec![json!({ "a": 1 })]).await;
    assert_eq!(status(&report, "gs"), "succeeded", "{report:?}");
    assert_eq!(s.fake.sent_429(), 2);
    assert_eq!(report.nodes["gs"].attempts, 1);
    // Usage per credential: header read (1) + two 429s + the append.
    let totals = s.usage.totals("gs");
    assert_eq!((totals.calls, totals.rate_limited), (4, 2));
}

#[tokio::test]
async fn a_429_that_lasts_is_rate_limited_with_googles_message() {
    let s = setup(FakeConfig::default()).await;
    s.fake.throttle_next(100);
    let report = run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
    let error = &errors(&report)[0];
    assert_eq!(error["kind"], "rate_limited");
    assert_eq!(error["status"], 429);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("Quota exceeded for quota metric 'Read requests'"),
        "{error}"
    );
    assert_eq!(error["details"]["reason"], "RATE_LIMIT_EXCEEDED");
    // The first try and 3 retries.
    assert_eq!(s.fake.sent_429(), 4);
}

#[tokio::test]
async fn the_per_minute_quota_knob_answers_429() {
    let s = setup(FakeConfig {
        quota_per_minute: Some(1),
        ..FakeConfig::default()
    })
    .await;
    let report = run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
    assert_eq!(status(&report, "gs"), "succeeded");
    let report = run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
    assert_eq!(errors(&report)[0]["kind"], "rate_limited");
}

#[tokio::test]
async fn googles_errors_map_to_kinds_with_its_message() {
    let s = setup(FakeConfig::default()).await;
    let report = run(
        &s,
        "sheets.read",
        read_params("Sheet1!A1:"),
        vec![json!({})],
    )
    .await;
    let error = &errors(&report)[0];
    assert_eq!(error["kind"], "validation");
    assert_eq!(error["status"], 400);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("Unable to parse range: Sheet1!A1:"),
        "{error}"
    );
    assert_eq!(error["details"]["status"], "INVALID_ARGUMENT");

    let report = run(
        &s,
        "sheets.read",
        read_params("Nope!A1:B2"),
        vec![json!({})],
    )
    .await;
    assert!(
        errors(&report)[0]["message"]
            .as_str()
            .unwrap()
            .contains("Unable to parse range: Nope!A1:B2")
    );

    let params = json!({ "spreadsheet_id": "missing", "range": "Sheet1" });
    let report = run(&s, "sheets.append", params, vec![json!({ "a": 1 })]).await;
    let error = &errors(&report)[0];
    assert_eq!(error["kind"], "not_found");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("Requested entity was not found.")
    );

    s.fake.forbid(ID);
    let report = run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
    let error = &errors(&report)[0];
    assert_eq!(error["kind"], "forbidden");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("The caller does not have permission")
    );
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("Share the spreadsheet")
    );
}

#[tokio::test]
async fn a_refused_jwt_is_an_auth_error() {
    let fake = FakeSheets::start(FakeConfig::default())
        .await
        .expect("fake");
    let mut key = fake.service_account_key();
    key["client_email"] = json!("someone-else@example.iam.gserviceaccount.com");
    let credential =
        json!({ "type": "google.service_account", "key": key, "base_url": fake.base_url() });
    let s = with_credential(fake, credential);
    let report = run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
    let error = &errors(&report)[0];
    assert_eq!(error["kind"], "auth");
    assert!(
        error["message"].as_str().unwrap().contains("invalid_grant"),
        "{error}"
    );
    assert!(s.fake.requests().is_empty());
}

#[tokio::test]
async fn a_key_that_is_not_rsa_is_a_config_error() {
    let fake = FakeSheets::start(FakeConfig::default())
        .await
        .expect("fake");
    let mut key = fake.service_account_key();
    key["private_key"] = json!("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n");
    let credential =
        json!({ "type": "google.service_account", "key": key, "base_url": fake.base_url() });
    let s = with_credential(fake, credential);
    let report = run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
    assert_eq!(errors(&report)[0]["kind"], "config");
    assert!(
        !errors(&report)[0]["message"]
            .as_str()
            .unwrap()
            .contains("nope")
    );
}

#[tokio::test]
async fn the_token_is_cached_until_it_expires_and_renewed_after_a_401() {
    let s = setup(FakeConfig::default()).await;
    for _ in 0..3 {
        let report = run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
        assert_eq!(status(&report, "gs"), "succeeded");
    }
    assert_eq!(s.fake.token_requests(), 1);
    s.fake.expire_tokens();
    let report = run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
    assert_eq!(status(&report, "gs"), "succeeded", "{report:?}");
    assert_eq!(s.fake.token_requests(), 2);
}

#[tokio::test]
async fn a_short_lived_token_is_renewed_before_it_expires() {
    let config = FakeConfig {
        token_lifetime: std::time::Duration::from_secs(30),
        ..FakeConfig::default()
    };
    let s = setup(config).await;
    for _ in 0..2 {
        run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
    }
    // 30 s is inside the 60 s refresh margin: each run gets a new token.
    assert_eq!(s.fake.token_requests(), 2);
}

#[tokio::test]
async fn token_url_overrides_the_keys_token_uri() {
    let fake = FakeSheets::start(FakeConfig::default())
        .await
        .expect("fake");
    let mut key = fake.service_account_key();
    key["token_uri"] = json!("http://127.0.0.1:9/unused");
    let credential = json!({ "type": "google.service_account", "key": key, "token_url": fake.token_url(), "base_url": fake.base_url() });
    let s = with_credential(fake, credential);
    let report = run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
    assert_eq!(status(&report, "gs"), "succeeded", "{report:?}");
    assert!(!TEST_PRIVATE_KEY_PEM.is_empty());
}

#[tokio::test]
async fn google_oauth_uses_the_refresh_token_grant() {
    let oauth = OAuthClient {
        client_id: "cid".into(),
        client_secret: "cs".into(),
        refresh_token: "rt".into(),
    };
    let fake = FakeSheets::start(FakeConfig {
        oauth: Some(oauth),
        ..FakeConfig::default()
    })
    .await
    .expect("fake");
    fake.set_rows("Sheet1", json!([["k"], ["v"]]));
    let credential = json!({ "type": "google.oauth", "client_id": "cid", "client_secret": "cs", "refresh_token": "rt", "token_url": fake.token_url(), "base_url": fake.base_url() });
    let s = with_credential(fake, credential);
    let report = run(&s, "sheets.read", read_params("Sheet1"), vec![json!({})]).await;
    assert_eq!(out(&report, "gs", "main"), vec![json!({ "k": "v" })]);
}
