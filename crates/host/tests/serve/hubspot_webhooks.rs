//! `trigger.hubspot` with `source: webhook` over real HTTP: signed deliveries of several
//! events, HubSpot's retries, and every rejection.

use super::support::*;
use serde_json::{Value, json};
use std::time::Duration;
use switchyard_connectors::hubspot::signature::sign_v3;
use switchyard_engine::Timestamp;
use switchyard_host::Rejection;

const WAIT: Duration = Duration::from_secs(10);

/// A workflow receiving HubSpot's `lifecyclestage` changes of contacts, signed with the test
/// host's secret.
fn lifecycle_flow(id: &str) -> Value {
    let trigger = json!({
        "id": "watch", "type": "trigger.hubspot", "credential": "hubspot-main",
        "params": {
            "object": "contacts", "event": "property_changed", "property": "lifecyclestage",
            "source": "webhook", "secret_credential": SECRET_ID
        }
    });
    flow(id, trigger, json!([]))
}

/// A delivery of three events: two `lifecyclestage` changes and a contact creation.
fn delivery() -> String {
    let change = |event_id: u64, contact: u64, stage: &str| {
        json!({
            "eventId": event_id, "subscriptionId": 25, "portalId": 33, "appId": 1160452,
            "occurredAt": 1462216307945u64, "subscriptionType": "contact.propertyChange",
            "attemptNumber": 0, "objectId": contact, "changeSource": "CRM",
            "propertyName": "lifecyclestage", "propertyValue": stage
        })
    };
    json!([
        change(100, 501, "lead"),
        {
            "eventId": 101, "subscriptionId": 26, "portalId": 33, "appId": 1160452,
            "occurredAt": 1462216307946u64, "subscriptionType": "contact.creation",
            "attemptNumber": 0, "objectId": 502, "changeSource": "CRM", "changeFlag": "NEW"
        },
        change(102, 503, "customer"),
    ])
    .to_string()
}

/// Posts `body` to the workflow's HubSpot path, signed (v3) with `secret` at `timestamp`.
async fn deliver(host: &Host, workflow: &str, body: &str, secret: &str, timestamp: i64) -> Answer {
    let path = format!("/webhook/hubspot/{workflow}");
    let url = format!("{}{path}", host.base);
    let timestamp = timestamp.to_string();
    let signature = sign_v3(secret, "POST", &url, body.as_bytes(), &timestamp);
    host.send(
        "POST",
        &path,
        body,
        &[
            ("content-type", "application/json"),
            ("x-hubspot-signature-v3", &signature),
            ("x-hubspot-request-timestamp", &timestamp),
        ],
    )
    .await
}

fn now() -> i64 {
    Timestamp::now().unix_millis()
}

/// The trigger item of each run, by contact id.
fn items_by_id(host: &Host, workflow: &str) -> Vec<Value> {
    let mut items: Vec<Value> = host
        .runs(workflow)
        .iter()
        .map(|run| {
            let stored = host
                .serving()
                .manager()
                .runner()
                .stored_run(&run.run_id)
                .expect("stored");
            let trigger_items = stored.trigger_items.expect("items");
            assert_eq!(trigger_items.len(), 1, "one item per event");
            trigger_items[0].clone()
        })
        .collect();
    items.sort_by_key(|item| item["id"].as_str().unwrap_or_default().to_owned());
    items
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_matching_event_runs_once_even_when_hubspot_retries() {
    let host = Host::start(&[("hs.flow.json", lifecycle_flow("hs-stages"))], |_| {}).await;
    let body = delivery();

    let answer = deliver(&host, "hs-stages", &body, SECRET, now()).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        answer.json(),
        json!({ "accepted": 2, "duplicates": 0, "ignored": 1 })
    );
    let runs = host.wait_runs("hs-stages", 2, WAIT).await;
    assert_eq!(runs.len(), 2);
    let items = items_by_id(&host, "hs-stages");
    assert_eq!(items[0]["id"], "501");
    assert_eq!(items[0]["object"], "contacts");
    assert_eq!(items[0]["properties"], json!({ "lifecyclestage": "lead" }));
    assert_eq!(items[0]["eventId"], 100);
    assert_eq!(items[0]["subscriptionType"], "contact.propertyChange");
    assert_eq!(items[0]["portalId"], 33);
    assert_eq!(items[1]["id"], "503");
    assert_eq!(items[1]["propertyValue"], "customer");

    // HubSpot retries a delivery it thinks failed: same events, a new signature.
    let answer = deliver(&host, "hs-stages", &body, SECRET, now()).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        answer.json(),
        json!({ "accepted": 0, "duplicates": 2, "ignored": 1 })
    );
    let counters = host.serving().manager().counters();
    assert_eq!(counters.duplicate_count(), 2);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(host.runs("hs-stages").len(), 2, "the retry ran nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_deliveries_are_rejected_and_run_nothing() {
    let polling = flow(
        "hs-polling",
        json!({
            "id": "watch", "type": "trigger.hubspot", "credential": "hubspot-main",
            "params": { "object": "contacts", "event": "created", "poll_seconds": 3600 }
        }),
        json!([]),
    );
    let host = Host::start(
        &[
            ("hs.flow.json", lifecycle_flow("hs-stages")),
            ("poll.flow.json", polling),
        ],
        |_| {},
    )
    .await;
    let body = delivery();

    let answer = deliver(&host, "hs-stages", &body, "not-the-secret", now()).await;
    assert_eq!(answer.status, 401, "a bad signature: {}", answer.text);
    let stale = now() - 10 * 60 * 1000;
    let answer = deliver(&host, "hs-stages", &body, SECRET, stale).await;
    assert_eq!(answer.status, 401, "a stale timestamp: {}", answer.text);
    let answer = host
        .send(
            "POST",
            "/webhook/hubspot/hs-stages",
            &body,
            &[("content-type", "application/json")],
        )
        .await;
    assert_eq!(answer.status, 401, "no signature: {}", answer.text);

    for wrong in [r#"{"eventId":1}"#, "[1, 2]", "[{nope"] {
        let answer = deliver(&host, "hs-stages", wrong, SECRET, now()).await;
        assert_eq!(answer.status, 400, "{wrong}: {}", answer.text);
    }

    let answer = deliver(&host, "hs-polling", &body, SECRET, now()).await;
    assert_eq!(answer.status, 404, "a polling workflow takes no webhooks");
    let answer = deliver(&host, "hs-stages", &body, SECRET, now()).await;
    assert_eq!(answer.status, 200, "{}", answer.text);

    let counters = host.serving().manager().counters();
    assert_eq!(counters.rejected_count(Rejection::Unauthorized), 3);
    assert_eq!(counters.rejected_count(Rejection::BadRequest), 3);
    assert_eq!(counters.rejected_count(Rejection::NotFound), 1);
    assert_eq!(
        host.wait_runs("hs-stages", 2, WAIT).await.len(),
        2,
        "only the good delivery ran"
    );
    assert!(host.runs("hs-polling").is_empty());
}
