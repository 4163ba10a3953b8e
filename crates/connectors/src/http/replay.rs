//! Answers requests from recorded exchanges instead of the network, so a run can be repeated
//! deterministically. Each node's requests are matched, in order, to that node's recorded
//! exchanges with the same method and URL.

use super::{HttpError, HttpErrorKind, OutgoingRequest, RecordedExchange, ResponseData, Transport};
use async_trait::async_trait;
use serde_json::{Map, Value};
use std::sync::Mutex;
use std::time::Duration;

pub struct Replay {
    unused: Mutex<Vec<RecordedExchange>>,
}

impl Replay {
    pub fn new(exchanges: Vec<RecordedExchange>) -> Self {
        Self {
            unused: Mutex::new(exchanges),
        }
    }
}

#[async_trait]
impl Transport for Replay {
    async fn send(
        &self,
        node_id: &str,
        request: &OutgoingRequest,
        _: Duration,
    ) -> Result<ResponseData, HttpError> {
        let url = request.full_url();
        let not_recorded = || HttpError {
            kind: HttpErrorKind::NotRecorded,
            message: format!(
                "replay: the recorded run has no answer for {} {url} from node \"{node_id}\"",
                request.method
            ),
        };
        let mut unused = self.unused.lock().map_err(|_| not_recorded())?;
        let at = unused
            .iter()
            .position(|e| {
                e.node_id == node_id
                    && e.request.get("method").and_then(Value::as_str)
                        == Some(request.method.as_str())
                    && e.request.get("url").and_then(Value::as_str) == Some(url.as_str())
            })
            .ok_or_else(not_recorded)?;
        let exchange = unused.remove(at);
        if let Some(error) = exchange.response.get("error") {
            let recorded: HttpError = serde_json::from_value(error.clone()).unwrap_or(HttpError {
                kind: HttpErrorKind::Network,
                message: error.to_string(),
            });
            return Err(recorded);
        }
        let response = exchange.response;
        Ok(ResponseData {
            status: response
                .get("status")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(200),
            headers: response
                .get("headers")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_else(Map::new),
            body: response.get("body").cloned().unwrap_or(Value::Null),
        })
    }
}
