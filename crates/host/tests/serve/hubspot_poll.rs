//! `trigger.hubspot` polling the fake HubSpot over real HTTP: created records, property and
//! deal stage changes, restarts, and a bad token that is fixed later.

use super::support::*;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;
use switchyard_fake_hubspot::{ALL_SCOPES, FakeConfig, FakeHubSpot};
use switchyard_host::ServeConfig;
use switchyard_secrets::{InMemory, Vault};

const CREDENTIAL: &str = "hubspot-main";
const WAIT: Duration = Duration::from_secs(15);

/// A `trigger.hubspot` node polling every second.
fn hubspot(params: Value) -> Value {
    let mut params = params;
    params["poll_seconds"] = json!(1);
    json!({ "id": "watch", "type": "trigger.hubspot", "credential": CREDENTIAL, "params": params })
}

/// The host's vault knows the HubSpot credential (pointing at the fake) under [`CREDENTIAL`].
fn with_hubspot(base_url: &str, token: &str) -> impl FnOnce(&mut ServeConfig) + use<> {
    let credential =
        json!({ "type": "hubspot.private_app", "token": token, "base_url": base_url }).to_string();
    move |config: &mut ServeConfig| {
        let env = HashMap::from([(switchyard_secrets::env_var_name(CREDENTIAL), credential)]);
        config.vault = Some(Vault::with(Arc::new(InMemory::default()), env));
    }
}

/// The trigger items of a workflow's runs, oldest first.
fn items(host: &Host, workflow: &str) -> Vec<Value> {
    host.runs(workflow)
        .iter()
        .map(|run| {
            let stored = host
                .serving()
                .manager()
                .runner()
                .stored_run(&run.run_id)
                .expect("stored");
            stored.trigger_items.expect("items")[0].clone()
        })
        .collect()
}

/// Waits until the poller searched `object` `n` more times (two searches a poll: from the
/// cursor, and the lookback window), so it saw what is there.
async fn polls(fake: &FakeHubSpot, object: &str, n: u64) {
    let n = 2 * n;
    let from = fake.searches(object);
    eventually(WAIT, || {
        let now = fake.searches(object);
        async move { now >= from + n }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_created_record_fires_exactly_one_run() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let before = fake.seed("contacts", json!({ "email": "old@example.com" }));
    let watch = flow(
        "new-contacts",
        hubspot(json!({ "object": "contacts", "event": "created" })),
        json!([]),
    );
    let host = Host::start(
        &[("c.flow.json", watch)],
        with_hubspot(fake.base_url(), fake.token()),
    )
    .await;
    let ids: BTreeSet<String> = (0..3)
        .map(|i| fake.seed("contacts", json!({ "email": format!("n{i}@example.com") })))
        .collect();
    host.wait_runs("new-contacts", 3, WAIT).await;
    polls(&fake, "contacts", 2).await;
    let got = items(&host, "new-contacts");
    assert_eq!(got.len(), 3, "one run per new record: {got:?}");
    let fired: BTreeSet<String> = got
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(fired, ids);
    assert!(!fired.contains(&before), "history is not replayed");
    assert!(got[0]["properties"]["email"].is_string(), "{}", got[0]);
    assert!(got[0]["createdAt"].is_string(), "{}", got[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_property_fires_once_and_other_changes_do_not() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let watch = flow(
        "stage-watch",
        hubspot(
            json!({ "object": "contacts", "event": "property_changed", "property": "lifecyclestage" }),
        ),
        json!([]),
    );
    let host = Host::start(
        &[("s.flow.json", watch)],
        with_hubspot(fake.base_url(), fake.token()),
    )
    .await;
    let id = fake.seed(
        "contacts",
        json!({ "email": "a@example.com", "lifecyclestage": "lead" }),
    );
    polls(&fake, "contacts", 2).await;
    assert!(fake.update("contacts", &id, json!({ "firstname": "Ada" })));
    polls(&fake, "contacts", 2).await;
    assert!(
        host.runs("stage-watch").is_empty(),
        "no run for an unchanged property"
    );

    assert!(fake.update("contacts", &id, json!({ "lifecyclestage": "customer" })));
    host.wait_runs("stage-watch", 1, WAIT).await;
    polls(&fake, "contacts", 2).await;
    let got = items(&host, "stage-watch");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["id"], json!(id));
    assert_eq!(got[0]["properties"]["lifecyclestage"], json!("customer"));
    assert_eq!(got[0]["previous"], json!({ "lifecyclestage": "lead" }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deal_stage_change_fires_with_the_previous_stage() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let watch = flow(
        "deals",
        hubspot(json!({ "object": "deals", "event": "deal_stage_changed" })),
        json!([]),
    );
    let host = Host::start(
        &[("d.flow.json", watch)],
        with_hubspot(fake.base_url(), fake.token()),
    )
    .await;
    let id = fake.seed(
        "deals",
        json!({ "dealname": "Big", "dealstage": "appointmentscheduled" }),
    );
    polls(&fake, "deals", 2).await;
    assert!(fake.update("deals", &id, json!({ "amount": "100" })));
    polls(&fake, "deals", 2).await;
    assert!(host.runs("deals").is_empty());
    assert!(fake.update("deals", &id, json!({ "dealstage": "closedwon" })));
    host.wait_runs("deals", 1, WAIT).await;
    polls(&fake, "deals", 2).await;
    let got = items(&host, "deals");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["properties"]["dealstage"], json!("closedwon"));
    assert_eq!(
        got[0]["previous"],
        json!({ "dealstage": "appointmentscheduled" })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_indexed_late_still_fires_once() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let watch = flow(
        "late",
        hubspot(json!({ "object": "contacts", "event": "created" })),
        json!([]),
    );
    let host = Host::start(
        &[("l.flow.json", watch)],
        with_hubspot(fake.base_url(), fake.token()),
    )
    .await;
    let late = fake.seed_indexed_after(
        "contacts",
        json!({ "email": "late@example.com" }),
        Duration::from_millis(2500),
    );
    tokio::time::sleep(Duration::from_millis(20)).await;
    let early = fake.seed("contacts", json!({ "email": "early@example.com" }));
    host.wait_runs("late", 1, WAIT).await;
    host.wait_runs("late", 2, WAIT).await;
    polls(&fake, "contacts", 2).await;
    let fired: Vec<Value> = items(&host, "late")
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    assert_eq!(
        fired,
        vec![json!(early), json!(late)],
        "each once, the late one after"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_only_the_new_records_fire() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let watch = flow(
        "restarts",
        hubspot(json!({ "object": "companies", "event": "created" })),
        json!([]),
    );
    let mut host = Host::start(
        &[("r.flow.json", watch)],
        with_hubspot(fake.base_url(), fake.token()),
    )
    .await;
    let mut ids: BTreeSet<String> = (0..2)
        .map(|i| fake.seed("companies", json!({ "name": format!("A{i}") })))
        .collect();
    host.wait_runs("restarts", 2, WAIT).await;
    host.stop().await;
    let dir = host.dir;
    ids.extend((0..3).map(|i| fake.seed("companies", json!({ "name": format!("B{i}") }))));
    let host = Host::start_in(dir, with_hubspot(fake.base_url(), fake.token())).await;
    host.wait_runs("restarts", 5, WAIT).await;
    polls(&fake, "companies", 2).await;
    let got = items(&host, "restarts");
    let fired: Vec<String> = got
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(fired.len(), 5, "none twice: {fired:?}");
    assert_eq!(fired.iter().cloned().collect::<BTreeSet<_>>(), ids);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_token_is_retried_and_recovers_once_fixed() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let watch = flow(
        "auth",
        hubspot(json!({ "object": "contacts", "event": "created" })),
        json!([]),
    );
    let host = Host::start(
        &[("a.flow.json", watch)],
        with_hubspot(fake.base_url(), "pat-not-yet-valid"),
    )
    .await;
    let id = fake.seed("contacts", json!({ "email": "late@example.com" }));
    polls(&fake, "contacts", 2).await;
    assert!(
        host.runs("auth").is_empty(),
        "nothing runs while the token is refused"
    );
    fake.set_token("pat-not-yet-valid", ALL_SCOPES);
    host.wait_runs("auth", 1, WAIT).await;
    polls(&fake, "contacts", 2).await;
    let got = items(&host, "auth");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["id"], json!(id));
}

/// A one-node test document with a `trigger.hubspot` node.
fn test_document(params: Value) -> String {
    json!({ "schema": "switchyard/workflow@1", "id": "sample", "nodes": [hubspot(params)], "edges": [] })
        .to_string()
}

fn test_runner(fake: &FakeHubSpot) -> switchyard_host::Runner {
    let mut config = ServeConfig::new("unused".into(), "unused".into());
    with_hubspot(fake.base_url(), fake.token())(&mut config);
    switchyard_host::Runner::new(None).with_vault(config.vault.expect("vault"))
}

#[tokio::test]
async fn a_test_run_without_input_fetches_recent_matching_records() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let runner = test_runner(&fake);
    let document = test_document(json!({ "object": "deals", "event": "deal_stage_changed" }));
    let spec = switchyard_host::RunSpec::test(document.clone());
    let report = runner.run_quietly(spec).await.expect("run");
    assert_eq!(
        report.status,
        switchyard_engine::RunStatus::Failed,
        "no deals yet"
    );
    let error = report.error.expect("error").message;
    assert!(error.contains("no HubSpot deals"), "{error}");

    fake.seed("deals", json!({ "dealname": "No stage" }));
    let staged = fake.seed(
        "deals",
        json!({ "dealname": "A", "dealstage": "closedwon" }),
    );
    let report = runner
        .run_quietly(switchyard_host::RunSpec::test(document))
        .await
        .expect("run");
    assert_eq!(report.status, switchyard_engine::RunStatus::Succeeded);
    let out = report.nodes["watch"].outputs[0].1.to_vec();
    assert_eq!(out.len(), 1, "only deals with a stage: {out:?}");
    assert_eq!(out[0]["id"], json!(staged));

    let mut spec = switchyard_host::RunSpec::test(test_document(
        json!({ "object": "contacts", "event": "created" }),
    ));
    spec.trigger_items = Some(vec![json!({ "id": "given" })]);
    let report = runner.run_quietly(spec).await.expect("run");
    assert_eq!(
        report.nodes["watch"].outputs[0].1.to_vec(),
        vec![json!({ "id": "given" })]
    );
}

#[tokio::test]
async fn impossible_combinations_are_refused_when_loading() {
    let fake = FakeHubSpot::start(FakeConfig::default())
        .await
        .expect("fake");
    let runner = test_runner(&fake);
    for (params, expected) in [
        (
            json!({ "object": "contacts", "event": "deal_stage_changed" }),
            "set \"object\" to \"deals\"",
        ),
        (
            json!({ "object": "contacts", "event": "property_changed" }),
            "needs \"property\"",
        ),
        (
            json!({ "object": "deals", "event": "created", "property": "x" }),
            "only used with",
        ),
    ] {
        let Err(error) = runner.compile(&test_document(params.clone())) else {
            panic!("{params} was accepted");
        };
        let switchyard_host::HostError::Invalid(diagnostics) = error else {
            panic!("{params}: not a validation error: {error}");
        };
        let text: String = diagnostics.iter().map(|d| d.message.clone()).collect();
        assert!(text.contains(expected), "{params}: {text}");
    }
}
