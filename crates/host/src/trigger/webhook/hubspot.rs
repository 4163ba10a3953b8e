//! A HubSpot webhook delivery to `trigger.hubspot` with `source: webhook`, once the handler
//! checked its v3 signature. The body is a JSON array of events; each event the watch reports
//! becomes one event in the inbox (one run), keyed by HubSpot's event id so that a retried
//! delivery runs nothing twice; the others are ignored. The answer, 200
//! `{accepted, duplicates, ignored}`, goes only once every event is stored: HubSpot retries a
//! delivery that fails, so when storing stops midway (stopping, overloaded, a store failure)
//! the failure is the answer, and the events already stored come back as duplicates.

use super::handler::App;
use crate::counters::Rejection;
use crate::manager::{FireError, FireEvent, Fired, RunManager};
use crate::workflow::LoadedWorkflow;
use axum::Json;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;
use switchyard_nodes::trigger_hubspot::Watch;
use switchyard_nodes::trigger_hubspot_events::{self as events, HubSpotEvent};

/// Why a body is not a HubSpot delivery.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("the body is not JSON: {0}")]
    Json(String),
    #[error("the body is not a JSON array of HubSpot events")]
    NoArray,
    #[error("event {0} of the body is not a JSON object")]
    Element(usize),
}

/// The events of a delivery, in order.
pub fn parse_batch(bytes: &[u8]) -> Result<Vec<HubSpotEvent>, BatchError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| BatchError::Json(e.to_string()))?;
    let Value::Array(elements) = value else {
        return Err(BatchError::NoArray);
    };
    elements
        .into_iter()
        .enumerate()
        .map(|(index, element)| match element {
            Value::Object(event) => Ok(event),
            _ => Err(BatchError::Element(index)),
        })
        .collect()
}

/// What became of a delivery's events.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    accepted: usize,
    duplicates: usize,
    ignored: usize,
}

/// Stores the delivery's matching events and answers with the tally.
pub(super) async fn deliver(
    app: &App,
    workflow: &Arc<LoadedWorkflow>,
    watch: &Watch,
    method: &Method,
    uri: &Uri,
    bytes: &[u8],
) -> Response {
    let batch = match parse_batch(bytes) {
        Ok(batch) => batch,
        Err(bad) => return app.reject(Rejection::BadRequest, method, uri, &bad.to_string()),
    };
    let total = batch.len();
    let fires: Vec<FireEvent> = batch
        .iter()
        .filter(|event| events::matches(watch, event))
        .map(|event| {
            FireEvent::new(events::event_item(watch, event))
                .with_dedupe_key(events::dedupe_key(event))
        })
        .collect();
    let ignored = total - fires.len();
    // One blocking task for the whole batch: storing waits on the database.
    let (manager, target) = (app.manager.clone(), Arc::clone(workflow));
    let stored = tokio::task::spawn_blocking(move || store_all(&manager, &target, fires)).await;
    match stored {
        Ok(Ok(tally)) => {
            let tally = Tally { ignored, ..tally };
            tracing::debug!(workflow = %workflow.id, accepted = tally.accepted, duplicates = tally.duplicates, ignored, "HubSpot delivery stored");
            (
                StatusCode::OK,
                Json(json!({
                    "accepted": tally.accepted,
                    "duplicates": tally.duplicates,
                    "ignored": tally.ignored,
                })),
            )
                .into_response()
        }
        Ok(Err(error)) => app.not_stored(error, method, uri),
        // The blocking pool only refuses work while the runtime shuts down.
        Err(_) => app.not_stored(FireError::Stopping, method, uri),
    }
}

/// Fires each event in order; stops at the first that cannot be stored.
fn store_all(
    manager: &RunManager,
    workflow: &Arc<LoadedWorkflow>,
    fires: Vec<FireEvent>,
) -> Result<Tally, FireError> {
    let mut tally = Tally::default();
    for event in fires {
        match manager.fire(workflow, event)? {
            Fired::Started(_) => tally.accepted += 1,
            Fired::Duplicate { .. } => tally.duplicates += 1,
        }
    }
    Ok(tally)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_arrays_of_objects_are_deliveries() {
        assert_eq!(parse_batch(b"[]"), Ok(Vec::new()));
        assert_eq!(
            parse_batch(br#"[{"eventId":1},{"eventId":2}]"#).map(|b| b.len()),
            Ok(2)
        );
        assert_eq!(parse_batch(br#"{"eventId":1}"#), Err(BatchError::NoArray));
        assert_eq!(
            parse_batch(br#"[{"eventId":1}, 2]"#),
            Err(BatchError::Element(1))
        );
        assert!(matches!(parse_batch(b"[{nope"), Err(BatchError::Json(_))));
    }
}
