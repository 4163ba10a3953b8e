//! The run manager: owns the loaded workflows (compiled once per version), activates and
//! deactivates their triggers, takes events into the durable inbox and starts their runs
//! (capped, queued, cancellable), and feeds every `RunEvent` to history and to listeners.
//!
//! Files: `types` (what goes in and out), `intake` (events → inbox → runs, and recovery),
//! `pool` (turns, queue, cancelling), `done` (marking inbox rows done), `workflows` (loading,
//! activation).

mod admit;
mod done;
mod intake;
mod pool;
mod types;
mod workflows;

pub use types::{
    FireError, FireEvent, Fired, HostOptions, RunCounts, RunLimits, RunOutcome, RunTicket,
    ShutdownReport,
};
pub use workflows::WorkflowState;

use crate::counters::Counters;
use crate::error::HostError;
use crate::runner::Runner;
use crate::trigger::Trigger;
use done::DoneMarker;
use pool::Pool;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use switchyard_engine::RunEvent;
use switchyard_store::{HostDb, StoreError};
use tokio::sync::broadcast;
use workflows::Workflows;

/// The always-on part of the host. Cheap to clone; every clone is the same manager.
#[derive(Clone)]
pub struct RunManager {
    inner: Arc<Inner>,
}

struct Inner {
    runner: Arc<Runner>,
    db: Arc<HostDb>,
    pool: Arc<Pool>,
    options: HostOptions,
    triggers: RwLock<HashMap<&'static str, Arc<dyn Trigger>>>,
    workflows: Mutex<Workflows>,
    /// Taken shared while an event is stored and queued, exclusively while the inbox is
    /// searched for events to recover, so that no event is both queued and recovered.
    gate: RwLock<()>,
    /// Stores the events of `fire_async` in group commits.
    admitter: admit::Admitter,
    stopping: AtomicBool,
    generation: AtomicU64,
    counters: Arc<Counters>,
}

impl RunManager {
    /// A manager that runs with `runner` (which must have a history: every run is recorded)
    /// and keeps its inbox in `db`.
    pub fn new(
        runner: Arc<Runner>,
        db: Arc<HostDb>,
        options: HostOptions,
    ) -> Result<Self, HostError> {
        let history = runner.shared_store().ok_or(HostError::NoHistory)?;
        let done = DoneMarker::spawn(history, Arc::clone(&db)).map_err(|e| HostError::Read {
            path: db.path().display().to_string(),
            message: format!("could not start the inbox thread: {e}"),
        })?;
        let pool = Arc::new(Pool::new(Arc::clone(&runner), options.limits, done));
        let mut spawned = Ok(());
        let inner = Arc::new_cyclic(|manager| {
            let admitter = admit::Admitter::spawn(manager.clone()).unwrap_or_else(|e| {
                spawned = Err(e);
                admit::Admitter::stopped()
            });
            Inner {
                runner,
                db,
                pool,
                options,
                triggers: RwLock::new(HashMap::new()),
                workflows: Mutex::new(Workflows::default()),
                gate: RwLock::new(()),
                admitter,
                stopping: AtomicBool::new(false),
                generation: AtomicU64::new(0),
                counters: Arc::new(Counters::default()),
            }
        });
        spawned.map_err(|e| HostError::Read {
            path: inner.db.path().display().to_string(),
            message: format!("could not start the inbox thread: {e}"),
        })?;
        Ok(Self { inner })
    }

    /// Adds a kind of trigger (webhook, schedule, a poller); workflows loaded afterwards with
    /// that trigger type are activated through it.
    pub fn add_trigger(&self, trigger: Arc<dyn Trigger>) {
        self.inner
            .triggers
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(trigger.node_type(), trigger);
    }

    fn trigger_for(&self, node_type: &str) -> Option<Arc<dyn Trigger>> {
        self.inner
            .triggers
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(node_type)
            .cloned()
    }

    /// Every `RunEvent` of every run this manager starts, as they happen (the desktop app's
    /// live view). A slow listener misses events (`RecvError::Lagged`), never slows a run.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<RunEvent>> {
        self.inner.pool.subscribe()
    }

    /// Cancels a queued or running run; false if no such run is queued or running.
    pub fn cancel(&self, run_id: &str) -> bool {
        self.inner.pool.cancel(run_id)
    }

    /// Runs queued, running and finished.
    pub fn counts(&self) -> RunCounts {
        self.inner.pool.counts()
    }

    /// What was accepted and turned away, per reason.
    pub fn counters(&self) -> &Arc<Counters> {
        &self.inner.counters
    }

    /// The host's database (inbox, trigger state, status record).
    pub fn db(&self) -> &Arc<HostDb> {
        &self.inner.db
    }

    pub fn runner(&self) -> &Arc<Runner> {
        &self.inner.runner
    }

    /// A trigger's stored state (a schedule's last fire, a poller's cursor).
    pub fn trigger_state(
        &self,
        workflow_id: &str,
        name: &str,
    ) -> Result<Option<Value>, StoreError> {
        self.inner.db.trigger_state(workflow_id, name)
    }

    /// How long dedupe keys are remembered.
    pub fn dedupe_window(&self) -> Duration {
        self.inner.options.dedupe_window
    }

    /// Whether a shutdown has begun (new events are refused).
    pub fn is_stopping(&self) -> bool {
        self.inner.stopping.load(Ordering::SeqCst)
    }

    /// Stops taking events and stops every trigger, lets queued and running runs finish within
    /// `grace`, then cancels what still runs (queued events stay in the inbox for the next
    /// start), and waits until every finished run is recorded and its inbox row marked done.
    pub async fn shutdown(&self, grace: Duration) -> ShutdownReport {
        self.inner.stopping.store(true, Ordering::SeqCst);
        self.deactivate_all();
        let pool = &self.inner.pool;
        let mut report = ShutdownReport {
            drained: pool.wait_idle(grace).await,
            ..ShutdownReport::default()
        };
        if !report.drained {
            let (cancelled, left) = pool.give_up();
            report.cancelled = cancelled;
            report.left_queued = left;
            if !pool.wait_idle(Duration::from_secs(10)).await {
                tracing::error!("some cancelled runs did not end; they will show as interrupted");
            }
        }
        let pool = Arc::clone(pool);
        let _ = tokio::task::spawn_blocking(move || pool.done_marker().stop()).await;
        report
    }
}
