//! `trigger.hubspot`. With `source: webhook`, the workflow claims the listener's path
//! `hubspot/<workflow id>` and HubSpot posts its events there (see [`subscription`]); nothing
//! polls. Otherwise (`source: poll`, the default), a task per active workflow searches HubSpot
//! every `poll_seconds` for records whose time property (`createdate` for created records, else
//! the object's last-modified property) is at or after the cursor, oldest first, and fires one
//! run per created or changed record. The cursor (see [`cursor`]) is committed with each fired
//! event, so a crash or restart neither fires a change twice nor misses one; records that do
//! not fire (an unchanged property) move the cursor with a plain state write after the poll.
//!
//! The first activation starts from now (history is not replayed). Errors (a bad token, rate
//! limits, HubSpot down) are logged and the search is tried again at the next poll.
//!
//! HubSpot's search index lags writes by a few seconds: each poll also searches the
//! [`cursor::LOOKBACK_MS`] before the cursor, and records handled within that window are
//! remembered, so a late-indexed record still fires once. Known limits: a record indexed more
//! than that late is missed, and so is a late one beyond the first [`PER_POLL`] of the window;
//! more than [`PER_POLL`] records sharing the cursor's millisecond would stall the cursor.

pub mod cursor;
pub mod subscription;

use crate::manager::{FireEvent, Fired, RunManager};
use crate::trigger::webhook::WebhookRoutes;
use crate::trigger::{Activation, Trigger, TriggerError};
use crate::workflow::LoadedWorkflow;
use cursor::{CURSOR, Cursor, record_time};
use serde_json::Value;
use std::sync::Arc;
use switchyard_connectors::Http;
use switchyard_connectors::hubspot::{
    Filter, HubSpotClient, HubSpotCredential, HubSpotError, Operator, Record,
};
use switchyard_engine::Timestamp;
use switchyard_nodes::trigger_hubspot::{
    HubSpotTriggerParams, Source, Watch, plan_watch, record_item,
};
use switchyard_secrets::Purpose;
use switchyard_store::StateUpdate;
use tokio_util::sync::{CancellationToken, DropGuard};

/// The most records one search fetches; a full page is followed at once by another search.
pub const PER_POLL: usize = 1_000;

/// `trigger.hubspot`: a polling task, or a route on the webhook listener, per active workflow.
#[derive(Debug)]
pub struct HubSpotTrigger {
    /// The listener's routes, where webhook subscriptions are received.
    routes: Arc<WebhookRoutes>,
}

impl HubSpotTrigger {
    pub fn new(routes: Arc<WebhookRoutes>) -> Self {
        Self { routes }
    }
}

impl Trigger for HubSpotTrigger {
    fn node_type(&self) -> &'static str {
        "trigger.hubspot"
    }

    fn activate(
        &self,
        workflow: &Arc<LoadedWorkflow>,
        host: &RunManager,
    ) -> Result<Box<dyn Activation>, TriggerError> {
        let params: HubSpotTriggerParams = serde_json::from_value(workflow.trigger_params.clone())
            .map_err(|e| TriggerError::Params(e.to_string()))?;
        let watch = plan_watch(&params).map_err(TriggerError::Params)?;
        if let Source::Webhook { .. } = watch.source {
            return subscription::activate(&self.routes, workflow, watch);
        }
        let credential = workflow
            .plan
            .trigger_node()
            .credential
            .clone()
            .ok_or_else(|| {
                TriggerError::Params(
                    "trigger.hubspot needs a HubSpot credential (\"credential\")".into(),
                )
            })?;
        let description = format!(
            "polls HubSpot {} every {} s ({:?}{})",
            watch.object,
            watch.poll.as_secs(),
            watch.event,
            watch
                .property
                .as_deref()
                .map(|p| format!(" of {p}"))
                .unwrap_or_default()
        );
        let stop = CancellationToken::new();
        let poller = Poller {
            host: host.clone(),
            workflow: Arc::clone(workflow),
            watch,
            credential,
            started_at: Timestamp::now().unix_millis(),
            stop: stop.clone(),
        };
        tokio::spawn(poller.run());
        Ok(Box::new(HubSpotActivation {
            description,
            _stop: stop.drop_guard(),
        }))
    }
}

struct HubSpotActivation {
    description: String,
    _stop: DropGuard,
}

impl Activation for HubSpotActivation {
    fn describe(&self) -> String {
        self.description.clone()
    }
}

/// Why a poll did not finish.
#[derive(Debug, thiserror::Error)]
enum PollError {
    #[error("could not read the HubSpot credential: {0}")]
    Credential(String),
    #[error("HubSpot search failed: {0}")]
    HubSpot(#[from] HubSpotError),
    #[error("the run could not be started: {0}")]
    Fire(String),
    #[error("the poll was stopped")]
    Stopped,
}

struct Poller {
    host: RunManager,
    workflow: Arc<LoadedWorkflow>,
    watch: Watch,
    credential: String,
    /// When the workflow was activated: where a first cursor starts.
    started_at: i64,
    stop: CancellationToken,
}

impl Poller {
    async fn run(self) {
        let mut cursor = self.load();
        loop {
            if self.stop.is_cancelled() {
                return;
            }
            match self.poll(&mut cursor).await {
                Ok(true) => continue,
                Ok(false) | Err(PollError::Stopped) => {}
                Err(error) => {
                    tracing::warn!(workflow = %self.workflow.id, %error, "HubSpot poll failed; trying again at the next poll");
                    // What was not committed is read again from the database.
                    cursor = self.load();
                }
            }
            tokio::select! {
                () = self.stop.cancelled() => return,
                () = tokio::time::sleep(self.watch.poll) => {}
            }
        }
    }

    /// The stored cursor, or (on the first activation, or for a changed watch) one starting now.
    fn load(&self) -> Cursor {
        let id = &self.workflow.id;
        let key = self.watch.key();
        let stored = match self.host.trigger_state(id, CURSOR) {
            Ok(value) => value.and_then(|v| serde_json::from_value::<Cursor>(v).ok()),
            Err(error) => {
                tracing::error!(workflow = %id, %error, "could not read the HubSpot cursor");
                None
            }
        };
        if let Some(cursor) = stored.filter(|c| c.watch == key) {
            return cursor;
        }
        let cursor = Cursor::start(key, self.started_at);
        self.store(&cursor);
        cursor
    }

    fn state(cursor: &Cursor) -> StateUpdate {
        StateUpdate {
            name: CURSOR.into(),
            value: serde_json::to_value(cursor).unwrap_or(Value::Null),
        }
    }

    fn store(&self, cursor: &Cursor) {
        if let Err(error) = self
            .host
            .db()
            .set_trigger_state(&self.workflow.id, &Self::state(cursor))
        {
            tracing::warn!(workflow = %self.workflow.id, %error, "could not store the HubSpot cursor");
        }
    }

    fn client(&self) -> Result<HubSpotClient, PollError> {
        let json = self
            .host
            .runner()
            .vault()
            .resolve(&self.credential, Purpose::Production)
            .map_err(|e| PollError::Credential(e.to_string()))?;
        let credential = HubSpotCredential::from_json(&self.credential, &json)
            .map_err(|e| PollError::Credential(e.to_string()))?;
        Ok(HubSpotClient::new(Http::shared_live(), credential)
            .with_node_id(&self.workflow.trigger_node))
    }

    /// One poll: a search from the cursor on (which always makes progress), then one over the
    /// lookback window before it (for records HubSpot indexed late); fires what changed.
    /// `Ok(true)` when the first page was full (more may wait).
    async fn poll(&self, cursor: &mut Cursor) -> Result<bool, PollError> {
        let client = self.client()?;
        let (from, upto) = (cursor.search_from(), cursor.time);
        let query = self.watch.query_since(upto);
        let found = client.search(self.watch.object, &query, PER_POLL).await?;
        let full = found.records.len() >= PER_POLL;
        let mut unsaved = self.handle(cursor, &found.records).await?;
        let mut late = self.watch.query_since(from);
        if let Some(group) = late.filter_groups.first_mut() {
            group.push(Filter {
                property: self.watch.time_property().to_owned(),
                operator: Operator::Lt,
                value: Some(upto.to_string()),
                values: Vec::new(),
                high_value: None,
            });
        }
        let found = client.search(self.watch.object, &late, PER_POLL).await?;
        unsaved = self.handle(cursor, &found.records).await? || unsaved;
        if unsaved {
            self.store(cursor);
        }
        Ok(full)
    }

    /// Handles found records in order: fires each change with the cursor past it. `Ok(true)`
    /// when the cursor moved after the last fired event (it still needs storing).
    async fn handle(&self, cursor: &mut Cursor, records: &[Record]) -> Result<bool, PollError> {
        let mut unsaved = false;
        for record in records {
            if self.stop.is_cancelled() {
                return Err(PollError::Stopped);
            }
            let Some(time) = record_time(record, self.watch.time_property()) else {
                tracing::warn!(workflow = %self.workflow.id, record = %record.id, "a HubSpot record has no usable time; skipped");
                continue;
            };
            if cursor.is_handled(time, &record.id) {
                continue;
            }
            cursor.advance(time, &record.id);
            match self.change(cursor, record, time) {
                Some(item) => {
                    self.fire(cursor, item).await?;
                    unsaved = false;
                }
                None => unsaved = true,
            }
        }
        Ok(unsaved)
    }

    /// The item to fire for a record past the cursor, if it is a change this watch reports.
    fn change(&self, cursor: &mut Cursor, record: &Record, time: i64) -> Option<Value> {
        let Some(property) = &self.watch.property else {
            return Some(record_item(record, None));
        };
        let value = match record.properties.get(property) {
            None | Some(Value::Null) => Value::Null,
            Some(Value::String(s)) if s.is_empty() => Value::Null,
            Some(other) => other.clone(),
        };
        match cursor.remember(&record.id, value.clone(), time) {
            Some(old) if old != value => Some(record_item(record, Some((property, old)))),
            _ => None,
        }
    }

    async fn fire(&self, cursor: &Cursor, item: Value) -> Result<(), PollError> {
        let event = FireEvent {
            item,
            received_at: Timestamp::now(),
            state: Some(Self::state(cursor)),
            dedupe_key: None,
        };
        match self.host.fire_async(&self.workflow, event).await {
            Ok(Fired::Started(ticket)) => {
                tracing::debug!(workflow = %self.workflow.id, run_id = %ticket.run_id, "HubSpot change fired");
                Ok(())
            }
            Ok(Fired::Duplicate { .. }) => Ok(()),
            Err(error) => Err(PollError::Fire(error.to_string())),
        }
    }
}
