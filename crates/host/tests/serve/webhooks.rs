//! Webhooks over real HTTP: respond modes, the 504 timeout, signatures, and every rejection.

use super::support::*;
use serde_json::json;
use std::time::Duration;
use switchyard_engine::{RunStatus, Timestamp};
use switchyard_host::Rejection;

fn respond_flow() -> serde_json::Value {
    flow(
        "answers",
        webhook("answer", "when_done"),
        json!([
            { "id": "set", "type": "data.set", "params": { "fields": { "double": "{{ $json.body.n * 2 }}" } } },
            { "id": "reply", "type": "flow.respond", "params": { "status": 201, "headers": { "X-Run": "{{ $run.id }}" }, "body": { "double": "{{ $json.double }}" } } }
        ]),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn respond_modes_answer_as_the_spec_says() {
    let quiet = flow(
        "quiet",
        webhook("quiet", "when_done"),
        json!([{ "id": "set", "type": "data.set", "params": { "fields": { "x": 1 } } }]),
    );
    let later = flow(
        "later",
        webhook("later", "immediately"),
        json!([{ "id": "set", "type": "data.set", "params": { "fields": { "x": 1 } } }]),
    );
    let broken = flow(
        "broken",
        webhook("broken", "when_done"),
        json!([{ "id": "code", "type": "data.code", "params": { "mode": "all", "code": "throw new Error('nope')" } }]),
    );
    let host = Host::start(
        &[
            ("answers.flow.json", respond_flow()),
            ("quiet.flow.json", quiet),
            ("later.flow.json", later),
            ("broken.flow.json", broken),
        ],
        |_| {},
    )
    .await;

    let answer = host.post("/webhook/answer", json!({ "n": 21 })).await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    assert_eq!(answer.json(), json!({ "double": 42 }));
    let run_id = answer
        .headers
        .get("x-run")
        .and_then(|v| v.to_str().ok())
        .expect("x-run")
        .to_owned();
    let runs = host.wait_runs("answers", 1, Duration::from_secs(5)).await;
    assert_eq!(runs[0].run_id, run_id);
    assert_eq!(runs[0].status, RunStatus::Succeeded);
    let stored = host
        .serving()
        .manager()
        .runner()
        .stored_run(&run_id)
        .expect("stored");
    assert_eq!(
        stored.trigger_items.expect("items")[0]["body"],
        json!({ "n": 21 })
    );
    assert_eq!(stored.report.mode, switchyard_engine::RunMode::Production);

    let answer = host.post("/webhook/quiet", json!({})).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["status"], "succeeded");
    assert!(answer.json()["run_id"].is_string());

    let answer = host.post("/webhook/later", json!({})).await;
    assert_eq!(answer.status, 202);
    let run_id = answer.json()["run_id"].as_str().expect("run_id").to_owned();
    let runs = host.wait_runs("later", 1, Duration::from_secs(5)).await;
    assert_eq!(runs[0].run_id, run_id, "the 202's run id is the run's id");

    let answer = host.post("/webhook/broken", json!({})).await;
    assert_eq!(answer.status, 500, "{}", answer.text);
    let body = answer.json();
    assert_eq!(body["status"], "failed");
    assert_eq!(body["error"]["node"], "code");
    assert!(body["run_id"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_still_going_after_the_timeout_answers_504_and_goes_on() {
    let slow = flow(
        "slow",
        webhook("slow", "when_done"),
        json!([{ "id": "wait", "type": "flow.wait", "params": { "ms": 800 } }]),
    );
    let host = Host::start(&[("slow.flow.json", slow)], |c| {
        c.listener.respond_timeout = Duration::from_millis(200)
    })
    .await;
    let answer = host.post("/webhook/slow", json!({})).await;
    assert_eq!(answer.status, 504, "{}", answer.text);
    assert_eq!(answer.json()["status"], "running");
    let run_id = answer.json()["run_id"].as_str().expect("run_id").to_owned();
    let runs = host.wait_runs("slow", 1, Duration::from_secs(5)).await;
    assert_eq!(
        (runs[0].run_id.as_str(), runs[0].status),
        (run_id.as_str(), RunStatus::Succeeded)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hmac_signatures_let_good_requests_in_and_keep_bad_ones_out() {
    let mut trigger = webhook("signed", "when_done");
    trigger["params"]["auth"] = json!({ "type": "hmac", "secret_credential": SECRET_ID });
    let signed = flow("signed", trigger, json!([]));
    let host = Host::start(&[("signed.flow.json", signed)], |_| {}).await;
    let body = r#"{"lead":"a@example.com"}"#;
    let json_type = ("content-type", "application/json");

    let good = sign(SECRET, body);
    let answer = host
        .send(
            "POST",
            "/webhook/signed",
            body,
            &[json_type, ("x-switchyard-signature", &good)],
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let upper = format!("sha256={}", good["sha256=".len()..].to_uppercase());
    let answer = host
        .send(
            "POST",
            "/webhook/signed",
            body,
            &[json_type, ("x-switchyard-signature", &upper)],
        )
        .await;
    assert_eq!(answer.status, 200, "hex compares case-insensitively");

    for bad in [
        sign("wrong", body),
        sign(SECRET, "{}"),
        "sha256=00".into(),
        "garbage".into(),
    ] {
        let answer = host
            .send(
                "POST",
                "/webhook/signed",
                body,
                &[json_type, ("x-switchyard-signature", &bad)],
            )
            .await;
        assert_eq!(answer.status, 401, "{bad}");
    }
    let answer = host
        .send("POST", "/webhook/signed", body, &[json_type])
        .await;
    assert_eq!(answer.status, 401, "a missing signature");
    assert_eq!(
        host.serving()
            .manager()
            .counters()
            .rejected_count(Rejection::Unauthorized),
        5
    );
    assert_eq!(
        host.wait_runs("signed", 2, Duration::from_secs(5))
            .await
            .len(),
        2,
        "only the good ones ran"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejections_are_answered_counted_and_start_no_run() {
    let open = flow("open", webhook("open", "when_done"), json!([]));
    let mut off = flow("off", webhook("off", "when_done"), json!([]));
    off["active"] = json!(false);
    let host = Host::start(&[("open.flow.json", open), ("off.flow.json", off)], |c| {
        c.listener.max_body = 64
    })
    .await;
    let json_type = ("content-type", "application/json");

    assert_eq!(host.send("GET", "/webhook/open", "", &[]).await.status, 405);
    assert_eq!(
        host.send("POST", "/webhook/nowhere", "{}", &[json_type])
            .await
            .status,
        404
    );
    assert_eq!(
        host.send("POST", "/webhook/off", "{}", &[json_type])
            .await
            .status,
        404,
        "inactive"
    );
    assert_eq!(
        host.send("POST", "/elsewhere", "{}", &[json_type])
            .await
            .status,
        404
    );
    let big = format!(r#"{{"pad":"{}"}}"#, "x".repeat(100));
    assert_eq!(
        host.send("POST", "/webhook/open", &big, &[json_type])
            .await
            .status,
        413
    );
    assert_eq!(
        host.send("POST", "/webhook/open", "{not json", &[json_type])
            .await
            .status,
        400
    );
    // Text that is not JSON is fine when it does not claim to be.
    let answer = host
        .send(
            "POST",
            "/webhook/open",
            "plain words",
            &[("content-type", "text/plain")],
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);

    let counters = host.serving().manager().counters();
    assert_eq!(counters.rejected_count(Rejection::MethodNotAllowed), 1);
    assert_eq!(counters.rejected_count(Rejection::NotFound), 3);
    assert_eq!(counters.rejected_count(Rejection::TooLarge), 1);
    assert_eq!(counters.rejected_count(Rejection::BadRequest), 1);
    let runs = host.wait_runs("open", 1, Duration::from_secs(5)).await;
    assert_eq!(runs.len(), 1, "only the text request ran");
    let stored = host
        .serving()
        .manager()
        .runner()
        .stored_run(&runs[0].run_id)
        .expect("stored");
    assert_eq!(
        stored.trigger_items.expect("items")[0]["body"],
        json!("plain words")
    );
    assert!(host.runs("off").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hubspot_v3_signatures_are_checked_by_the_connector() {
    use switchyard_connectors::hubspot::signature::sign_v3;
    let mut trigger = webhook("hubspot", "when_done");
    trigger["params"]["auth"] = json!({ "type": "hubspot_v3", "secret_credential": SECRET_ID });
    let host = Host::start(&[("hs.flow.json", flow("hs", trigger, json!([])))], |_| {}).await;
    let body = r#"[{"objectId":1}]"#;
    let now = Timestamp::now().unix_millis().to_string();
    let url = format!("{}/webhook/hubspot", host.base);
    let good = sign_v3(SECRET, "POST", &url, body.as_bytes(), &now);
    let headers = |signature: &str| {
        vec![
            ("content-type", "application/json".to_owned()),
            ("x-hubspot-signature-v3", signature.to_owned()),
            ("x-hubspot-request-timestamp", now.clone()),
        ]
    };
    let host = &host;
    let send = |signature: String| {
        let headers = headers(&signature);
        async move {
            let pairs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            host.send("POST", "/webhook/hubspot", body, &pairs)
                .await
                .status
        }
    };
    assert_eq!(send(good).await, 200);
    assert_eq!(
        send(sign_v3("other", "POST", &url, body.as_bytes(), &now)).await,
        401
    );
    let stale = (Timestamp::now().unix_millis() - 10 * 60 * 1000).to_string();
    assert_eq!(
        send(sign_v3(SECRET, "POST", &url, body.as_bytes(), &stale)).await,
        401,
        "signed, but the header's time differs"
    );
}
