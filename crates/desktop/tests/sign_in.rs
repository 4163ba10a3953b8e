//! Connecting a HubSpot account by signing in from the credentials screen, against the local
//! fake HubSpot's install page and token endpoint over loopback; the tokens land in the real
//! keychain (inside `scripts/with-keyring.sh`'s throwaway Secret Service) and never in an
//! answer or an event.

mod support;

use serde_json::{Value, json};
use std::sync::Arc;
use support::{Collect, open_in};
use switchyard_desktop::Desktop;
use switchyard_fake_hubspot::{FakeConfig, FakeHubSpot};

fn open(dir: &std::path::Path, events: Arc<Collect>) -> Desktop {
    open_in(dir, events)
}

async fn sign_in_finished(events: &Collect, id: &str) -> Value {
    events.first("sign-in-finished", |p| p["id"] == id).await
}

/// The browser: opens the consent page and follows its redirect to the app's listener.
async fn consent(url: &str) -> (u16, String) {
    let answer = reqwest::get(url).await.expect("the consent page answers");
    (
        answer.status().as_u16(),
        answer.text().await.unwrap_or_default(),
    )
}

/// The `start_sign_in` / `add_credential` arguments for a `hubspot.oauth` credential of the
/// fake's app, with `secret` as its client secret, redirected to any free port.
fn oauth_form(fake: &FakeHubSpot, id: &str, secret: &str) -> Value {
    json!({ "credential": { "id": id, "type": "hubspot.oauth", "fields": {
        "client_id": fake.oauth_app().client_id, "client_secret": secret,
        "base_url": fake.base_url(), "auth_url": format!("{}/oauth/authorize", fake.base_url()),
        "redirect_port": 0,
    } } })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_to_hubspot_stores_a_working_credential() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let dir = tempfile::tempdir().expect("tempdir");
    let events = Arc::new(Collect::default());
    let app = open(dir.path(), events.clone());
    let id = format!("hubspot-signin-{}", std::process::id());
    let oauth = fake.oauth_app();
    let form = |secret: &str| {
        let mut form = oauth_form(&fake, &id, secret);
        form["credential"]["label"] = json!("Sales portal");
        form
    };

    // Saving the form without signing in says what to do.
    let unsigned = app
        .invoke("add_credential", form(&oauth.client_secret))
        .await
        .expect_err("needs the sign-in");
    assert!(unsigned.message.contains("Sign in"), "{unsigned:?}");

    let started = app
        .invoke("start_sign_in", form(&oauth.client_secret))
        .await
        .expect("started");
    assert_eq!(
        started["browser_opened"], false,
        "tests never open a browser"
    );
    let redirect = started["redirect_uri"]
        .as_str()
        .expect("redirect")
        .to_owned();
    assert!(redirect.starts_with("http://localhost:"), "{redirect}");
    let url = started["authorization_url"]
        .as_str()
        .expect("url")
        .to_owned();
    assert!(url.contains("code_challenge_method=S256"), "{url}");
    assert!(
        url.contains("crm.objects.contacts.write"),
        "asks for the scopes the connector uses: {url}"
    );

    let (status, page) = consent(&url).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("connected to HubSpot"), "{page}");
    let finished = sign_in_finished(&events, &id).await;
    assert_eq!(finished["ok"], true, "{finished}");
    assert_eq!(fake.codes_exchanged(), 1);

    let listed = app
        .invoke("list_credentials", json!({}))
        .await
        .expect("list");
    assert!(listed.to_string().contains("Sales portal"), "{listed}");
    assert!(
        !listed.to_string().contains("fake-refresh"),
        "tokens never come back"
    );
    assert!(
        !finished.to_string().contains("fake-"),
        "nor in events: {finished}"
    );
    let tested = app
        .invoke("test_credential", json!({ "id": id }))
        .await
        .expect("test");
    assert_eq!(tested["ok"], true, "{tested}");

    let renamed = app
        .invoke(
            "rename_credential",
            json!({ "id": id, "label": "Sales (EU)" }),
        )
        .await
        .expect("renamed");
    assert_eq!(
        renamed,
        json!({ "id": id, "type": "hubspot.oauth", "label": "Sales (EU)" })
    );
    let missing = app
        .invoke(
            "rename_credential",
            json!({ "id": "no-such", "label": "x" }),
        )
        .await
        .expect_err("no such credential");
    assert!(missing.message.contains("no-such"), "{missing:?}");

    app.invoke("remove_credential", json!({ "id": id }))
        .await
        .expect("removed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_or_cancelled_sign_in_stores_nothing_and_says_why() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let dir = tempfile::tempdir().expect("tempdir");
    let events = Arc::new(Collect::default());
    let app = open(dir.path(), events.clone());
    let oauth = fake.oauth_app();
    let form = |id: &str, secret: &str| oauth_form(&fake, id, secret);

    // A wrong client secret: HubSpot refuses the code; the message names its answer.
    let started = app
        .invoke("start_sign_in", form("wrong-secret", "not-the-secret"))
        .await
        .expect("started");
    consent(started["authorization_url"].as_str().expect("url")).await;
    let finished = sign_in_finished(&events, "wrong-secret").await;
    assert_eq!(finished["ok"], false);
    assert!(
        finished["message"]
            .as_str()
            .is_some_and(|m| m.contains("BAD_CLIENT_ID") && m.contains("client secret")),
        "{finished}"
    );

    // Cancelled before the browser came back.
    app.invoke("start_sign_in", form("cancelled", &oauth.client_secret))
        .await
        .expect("started");
    assert_eq!(
        app.invoke("cancel_sign_in", json!({ "id": "cancelled" }))
            .await
            .expect("cancel"),
        json!(true)
    );
    let cancelled = sign_in_finished(&events, "cancelled").await;
    assert_eq!(cancelled["ok"], false);
    assert!(
        cancelled["message"]
            .as_str()
            .is_some_and(|m| m.contains("cancelled"))
    );

    // A type that does not sign in is refused up front.
    let smtp = app
        .invoke(
            "start_sign_in",
            json!({ "credential": { "id": "mail", "type": "smtp", "fields": {} } }),
        )
        .await
        .expect_err("smtp does not sign in");
    assert!(
        smtp.message.contains("not connected by signing in"),
        "{smtp:?}"
    );
    let listed = app
        .invoke("list_credentials", json!({}))
        .await
        .expect("list");
    assert_eq!(listed, json!([]), "nothing was stored");
}
