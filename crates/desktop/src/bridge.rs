//! The desktop back end over loopback HTTP, for browser tests: `POST /invoke/<command>` with
//! the command's JSON arguments answers as Tauri's IPC would (200 with the value, or 400 with
//! a [`CommandError`]); `GET /events` streams the events as server-sent events; any other path
//! serves the built UI. The page's IPC shim (`ui/src/ipc/bridge.ts`) forwards to it, so the
//! same commands run with no window shell.

use crate::{Desktop, EventSink};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures::Stream;
use serde_json::{Value, json};
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::broadcast;

/// Events for the page, fanned out to every `/events` listener.
pub struct BroadcastEvents {
    sender: broadcast::Sender<Value>,
}

impl BroadcastEvents {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(4096);
        Self { sender }
    }

    fn subscribe(&self) -> broadcast::Receiver<Value> {
        self.sender.subscribe()
    }
}

impl Default for BroadcastEvents {
    fn default() -> Self {
        Self::new()
    }
}

impl EventSink for BroadcastEvents {
    fn emit(&self, event: &str, payload: Value) {
        // No listener is not an error: the page may not be open yet.
        let _ = self
            .sender
            .send(json!({ "event": event, "payload": payload }));
    }
}

#[derive(Clone)]
struct Bridge {
    desktop: Arc<Desktop>,
    events: Arc<BroadcastEvents>,
}

/// The bridge's routes; `ui_dist` is the built UI to serve at `/`.
pub fn router(desktop: Arc<Desktop>, events: Arc<BroadcastEvents>, ui_dist: PathBuf) -> Router {
    let static_files = tower_http::services::ServeDir::new(&ui_dist).fallback(
        tower_http::services::ServeFile::new(ui_dist.join("index.html")),
    );
    Router::new()
        .route("/invoke/{command}", post(invoke))
        .route("/events", get(stream_events))
        .with_state(Bridge { desktop, events })
        .fallback_service(static_files)
}

async fn invoke(
    State(bridge): State<Bridge>,
    Path(command): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let args: Value = if body.is_empty() {
        Value::Object(Default::default())
    } else {
        match serde_json::from_slice(&body) {
            Ok(args) => args,
            Err(e) => {
                let error = crate::CommandError::new(
                    crate::api::CommandErrorKind::BadRequest,
                    format!("the arguments are not JSON: {e}"),
                );
                return (StatusCode::BAD_REQUEST, axum::Json(error)).into_response();
            }
        }
    };
    match bridge.desktop.invoke(&command, args).await {
        Ok(value) => axum::Json(value).into_response(),
        Err(error) => (StatusCode::BAD_REQUEST, axum::Json(error)).into_response(),
    }
}

async fn stream_events(
    State(bridge): State<Bridge>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = bridge.events.subscribe();
    let stream = futures::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(value) => {
                    let event = Event::default().data(value.to_string());
                    return Some((Ok(event), receiver));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
