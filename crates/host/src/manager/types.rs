//! What the run manager takes and gives: limits, events to fire, tickets and outcomes.

use serde_json::Value;
use std::time::Duration;
use switchyard_engine::{RunError, RunReport, RunStatus, Timestamp, WebhookResponse};
use switchyard_store::{StateUpdate, StoreError};
use tokio::sync::oneshot;

/// How many runs may go at once, and how many may wait for a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunLimits {
    /// Runs of all workflows at the same moment (default 32).
    pub max_running: usize,
    /// Runs of one workflow at the same moment (default 16).
    pub max_running_per_workflow: usize,
    /// Events waiting for a turn before new ones are refused (default 10,000).
    pub max_queued: usize,
}

impl Default for RunLimits {
    fn default() -> Self {
        Self {
            max_running: 32,
            max_running_per_workflow: 16,
            max_queued: 10_000,
        }
    }
}

/// How the host behaves, besides its run limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostOptions {
    pub limits: RunLimits,
    /// How long a dedupe key is remembered (default 24 h).
    pub dedupe_window: Duration,
}

impl Default for HostOptions {
    fn default() -> Self {
        Self {
            limits: RunLimits::default(),
            dedupe_window: Duration::from_secs(24 * 3600),
        }
    }
}

/// An event a trigger received: the item its run starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct FireEvent {
    /// The trigger item.
    pub item: Value,
    pub received_at: Timestamp,
    /// Trigger state committed together with the event (a schedule's last fire time).
    pub state: Option<StateUpdate>,
    /// The event's own identity, when the sender gives one (a HubSpot `eventId`): a key seen
    /// within the dedupe window makes it a duplicate. It takes precedence over the workflow's
    /// `dedupe_key` expression, which is evaluated only for events without one.
    pub dedupe_key: Option<String>,
}

impl FireEvent {
    /// An event received now, with no state and no key of its own.
    pub fn new(item: Value) -> Self {
        Self {
            item,
            received_at: Timestamp::now(),
            state: None,
            dedupe_key: None,
        }
    }

    /// The same event, identified by `key` for de-duplication.
    pub fn with_dedupe_key(self, key: Option<String>) -> Self {
        Self {
            dedupe_key: key,
            ..self
        }
    }
}

/// What became of a fired event.
#[derive(Debug)]
pub enum Fired {
    /// Stored in the inbox; its run is queued or running.
    Started(RunTicket),
    /// Its dedupe key was seen within the window: stored as skipped, not run.
    Duplicate { key: String, first_seen: Timestamp },
}

/// Why an event was not taken.
#[derive(Debug, thiserror::Error)]
pub enum FireError {
    #[error("the host is stopping and takes no new events")]
    Stopping,
    #[error("too many runs are waiting ({0}); try again later")]
    Overloaded(usize),
    #[error("no workflow \"{0}\" is loaded")]
    NotLoaded(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    pub run_id: String,
    pub status: RunStatus,
    pub error: Option<RunError>,
    /// The answer a `flow.respond` node chose, if one ran.
    pub response: Option<WebhookResponse>,
}

impl RunOutcome {
    pub(crate) fn of(report: &RunReport) -> Self {
        Self {
            run_id: report.run_id.clone(),
            status: report.status,
            error: report.error.clone(),
            response: report.response.clone(),
        }
    }
}

/// A run that was accepted: its id now, its outcome when it ends.
#[derive(Debug)]
pub struct RunTicket {
    pub run_id: String,
    pub(crate) outcome: oneshot::Receiver<RunOutcome>,
}

impl RunTicket {
    /// Waits for the run to end; `None` when the host stopped before running it (the event
    /// stays in the inbox and runs on the next start).
    pub async fn finished(self) -> Option<RunOutcome> {
        self.outcome.await.ok()
    }
}

/// Runs right now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunCounts {
    pub running: usize,
    pub queued: usize,
    /// Runs finished since the host started.
    pub finished: u64,
}

/// What a shutdown did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShutdownReport {
    /// Every run ended within the grace period.
    pub drained: bool,
    /// Runs cancelled when the grace period ran out.
    pub cancelled: usize,
    /// Queued events left in the inbox for the next start.
    pub left_queued: usize,
}
