//! The watched folder: added, changed, broken and removed files, without a restart.

use super::support::*;
use serde_json::json;
use std::time::Duration;

fn greeting(word: &str) -> serde_json::Value {
    flow(
        "greeter",
        webhook("greet", "when_done"),
        json!([{ "id": "reply", "type": "flow.respond", "params": { "body": { "word": word } } }]),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_added_changed_broken_and_removed_are_picked_up() {
    let host = Host::start(&[], |_| {}).await;
    assert_eq!(host.post("/webhook/greet", json!({})).await.status, 404);

    write_flow(&host.flows(), "greeter.flow.json", &greeting("hello"));
    let limit = Duration::from_secs(5);
    eventually(limit, || async {
        host.post("/webhook/greet", json!({})).await.status == 200
    })
    .await;
    assert_eq!(
        host.post("/webhook/greet", json!({})).await.json()["word"],
        "hello"
    );

    write_flow(&host.flows(), "greeter.flow.json", &greeting("bonjour"));
    eventually(limit, || async {
        host.post("/webhook/greet", json!({})).await.json()["word"] == "bonjour"
    })
    .await;

    // A broken version is reported and the last valid one keeps answering.
    std::fs::write(
        host.flows().join("greeter.flow.json"),
        r#"{ "schema": "switchyard/workflow@1", "id": "greeter", "nodes": ["#,
    )
    .expect("write");
    eventually(limit, || async {
        host.serving()
            .manager()
            .workflows()
            .iter()
            .any(|w| w.problem.is_some())
    })
    .await;
    let state = &host.serving().manager().workflows()[0];
    assert!(state.active, "{state:?}");
    assert!(
        state.problem.as_deref().is_some_and(|p| p.contains("line")),
        "{state:?}"
    );
    assert_eq!(
        host.post("/webhook/greet", json!({})).await.json()["word"],
        "bonjour"
    );

    // Fixed: the new version takes over; deactivated: it stops listening.
    write_flow(&host.flows(), "greeter.flow.json", &greeting("hallo"));
    eventually(limit, || async {
        host.post("/webhook/greet", json!({})).await.json()["word"] == "hallo"
    })
    .await;
    assert!(host.serving().manager().workflows()[0].problem.is_none());
    let mut inactive = greeting("hallo");
    inactive["active"] = json!(false);
    write_flow(&host.flows(), "greeter.flow.json", &inactive);
    eventually(limit, || async {
        host.post("/webhook/greet", json!({})).await.status == 404
    })
    .await;

    write_flow(&host.flows(), "greeter.flow.json", &greeting("again"));
    eventually(limit, || async {
        host.post("/webhook/greet", json!({})).await.status == 200
    })
    .await;
    std::fs::remove_file(host.flows().join("greeter.flow.json")).expect("remove");
    eventually(limit, || async {
        host.post("/webhook/greet", json!({})).await.status == 404
    })
    .await;
    assert!(host.serving().manager().workflows().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_file_with_a_taken_id_or_path_stays_inactive() {
    let host = Host::start(&[("a.flow.json", greeting("first"))], |_| {}).await;
    let mut other = greeting("second");
    other["id"] = json!("other");
    write_flow(&host.flows(), "b.flow.json", &greeting("same id"));
    write_flow(&host.flows(), "c.flow.json", &other);
    eventually(Duration::from_secs(5), || async {
        host.serving()
            .manager()
            .workflows()
            .iter()
            .filter(|w| w.problem.is_some())
            .count()
            == 2
    })
    .await;
    assert_eq!(
        host.post("/webhook/greet", json!({})).await.json()["word"],
        "first"
    );
}
