//! `http.request` against a real HTTP server on 127.0.0.1.

mod common;

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use common::*;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use switchyard_engine::{ErrorKind, RunMode, RunStatus};

struct Server {
    base: String,
    posts: Arc<AtomicUsize>,
}

async fn serve() -> Server {
    let posts = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&posts);
    let app = Router::new()
        .route(
            "/echo",
            post(
                move |headers: HeaderMap,
                      Query(q): Query<HashMap<String, String>>,
                      Json(body): Json<Value>| {
                    let counter = Arc::clone(&counter);
                    async move {
                        counter.fetch_add(1, Ordering::SeqCst);
                        let auth = headers
                            .get("authorization")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("")
                            .to_owned();
                        (
                            StatusCode::CREATED,
                            Json(json!({ "got": body, "query": q, "auth": auth })),
                        )
                    }
                },
            ),
        )
        .route("/text", get(|| async { "hello" }))
        .route(
            "/status/{code}",
            get(|Path(code): Path<u16>| async move {
                let status = StatusCode::from_u16(code).unwrap_or(StatusCode::IM_A_TEAPOT);
                (
                    status,
                    Json(json!({ "message": format!("you asked for {code}") })),
                )
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(std::time::Duration::from_secs(3)).await;
                "late"
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Server { base, posts }
}

fn one_request(params: Value) -> switchyard_model::WorkflowDocument {
    doc(
        json!([
            { "id": "t", "type": "trigger.manual" },
            { "id": "call", "type": "http.request", "params": params }
        ]),
        json!([ { "from": "t", "to": "call" } ]),
    )
}

#[tokio::test]
async fn posts_json_with_query_and_headers_and_parses_the_answer() {
    let server = serve().await;
    let d = one_request(json!({
        "method": "POST",
        "url": format!("{}/echo", server.base),
        "query": { "source": "{{ $json.source }}" },
        "headers": { "Authorization": "Bearer {{ $json.token }}" },
        "body": { "email": "{{ $json.email }}", "n": "{{ $json.n }}" }
    }));
    let report = run(
        &d,
        Some(json!({ "email": "a@example.com", "n": 3, "source": "web", "token": "t0k" })),
    )
    .await;
    assert_eq!(report.status, RunStatus::Succeeded, "{:?}", report.error);
    let item = &out(&report, "call", "main")[0];
    assert_eq!(item["status"], json!(201));
    assert_eq!(
        item["body"]["got"],
        json!({ "email": "a@example.com", "n": 3 })
    );
    assert_eq!(item["body"]["query"], json!({ "source": "web" }));
    assert_eq!(item["body"]["auth"], json!("Bearer t0k"));
    assert!(
        item["headers"]["content-type"]
            .as_str()
            .unwrap_or("")
            .contains("json")
    );
}

#[tokio::test]
async fn text_answers_stay_text() {
    let server = serve().await;
    let report = run(
        &one_request(json!({ "url": format!("{}/text", server.base) })),
        None,
    )
    .await;
    assert_eq!(out(&report, "call", "main")[0]["body"], json!("hello"));
}

#[tokio::test]
async fn non_2xx_answers_fail_with_the_matching_kind() {
    let server = serve().await;
    for (code, kind) in [
        (400, ErrorKind::Validation),
        (401, ErrorKind::Auth),
        (403, ErrorKind::Forbidden),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::Conflict),
        (429, ErrorKind::RateLimited),
        (503, ErrorKind::Server),
    ] {
        let report = run(
            &one_request(json!({ "url": format!("{}/status/{code}", server.base) })),
            None,
        )
        .await;
        assert_eq!(report.status, RunStatus::Failed);
        let error = report.nodes["call"].error.clone().expect("error");
        assert_eq!((error.kind, error.status), (kind, Some(code)));
        assert!(
            error.message.contains(&format!("you asked for {code}")),
            "{}",
            error.message
        );
    }
}

#[tokio::test]
async fn keep_errors_turns_failures_into_items() {
    let server = serve().await;
    let d =
        one_request(json!({ "url": format!("{}/status/404", server.base), "keep_errors": true }));
    let report = run(&d, None).await;
    assert_eq!(report.status, RunStatus::Succeeded);
    assert_eq!(out(&report, "call", "main")[0]["status"], json!(404));
}

#[tokio::test]
async fn timeouts_and_refused_connections_have_their_kinds() {
    let server = serve().await;
    let slow = run(
        &one_request(json!({ "url": format!("{}/slow", server.base), "timeout_ms": 100 })),
        None,
    )
    .await;
    assert_eq!(
        slow.nodes["call"].error.as_ref().map(|e| e.kind),
        Some(ErrorKind::Timeout)
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let refused = run(
        &one_request(json!({ "url": format!("http://127.0.0.1:{port}/") })),
        None,
    )
    .await;
    let error = refused.nodes["call"].error.clone().expect("error");
    assert_eq!(error.kind, ErrorKind::Network);
    assert!(
        error.message.contains("could not reach"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn dry_run_sends_no_write_and_masks_secret_headers() {
    let server = serve().await;
    let d = one_request(json!({
        "method": "POST",
        "url": format!("{}/echo", server.base),
        "headers": { "Authorization": "Bearer secret-token-123", "X-Trace": "abc" },
        "body": { "email": "{{ $json.email }}" }
    }));
    let (report, _) = run_with(
        &d,
        Some(json!([{ "email": "a@x.io" }, { "email": "b@x.io" }])),
        RunMode::Test,
        true,
    )
    .await;
    assert_eq!(server.posts.load(Ordering::SeqCst), 0, "nothing was sent");
    let items = out(&report, "call", "main");
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["dry_run"], json!(true));
    assert_eq!(items[1]["request"]["method"], json!("POST"));
    assert_eq!(
        items[1]["request"]["headers"]["authorization"],
        json!("***")
    );
    assert_eq!(items[1]["request"]["headers"]["x-trace"], json!("abc"));
    assert_eq!(items[1]["request"]["body"], json!({ "email": "b@x.io" }));
    assert!(
        !serde_json::to_string(&report.to_json(true))
            .unwrap_or_default()
            .contains("secret-token-123")
    );

    let get = one_request(json!({ "url": format!("{}/text", server.base) }));
    let (report, _) = run_with(&get, None, RunMode::Test, true).await;
    assert_eq!(
        out(&report, "call", "main")[0]["body"],
        json!("hello"),
        "reads still happen in a dry run"
    );
}
