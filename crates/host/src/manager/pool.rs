//! The run pool: each accepted event becomes a task that waits for a turn (at most so many runs
//! at once, overall and per workflow; the rest queue in arrival order), runs its workflow
//! through the [`Runner`] (so it is recorded in history), fans the events out to listeners,
//! answers whoever waits for the outcome, and hands its inbox row to the done marker.

use super::done::DoneMarker;
use super::types::{RunCounts, RunLimits, RunOutcome};
use crate::runner::Runner;
use crate::workflow::LoadedWorkflow;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use switchyard_engine::{RunEvent, RunEventSink, RunMode, RunRequest, RunStatus};
use switchyard_store::RecordingInfo;
use tokio::sync::{Notify, Semaphore, broadcast, oneshot};
use tokio_util::sync::CancellationToken;

/// One run to make.
pub(crate) struct Job {
    pub workflow: Arc<LoadedWorkflow>,
    pub run_id: String,
    /// The interrupted run this one retries.
    pub origin_run_id: Option<String>,
    pub item: Value,
    /// The inbox row to mark done once the run is recorded finished.
    pub inbox_id: Option<i64>,
    pub reply: Option<oneshot::Sender<RunOutcome>>,
}

struct Entry {
    cancel: CancellationToken,
    started: bool,
}

pub(crate) struct Pool {
    runner: Arc<Runner>,
    limits: RunLimits,
    global: Arc<Semaphore>,
    per_workflow: Mutex<HashMap<String, Arc<Semaphore>>>,
    runs: Mutex<HashMap<String, Entry>>,
    /// Inbox rows queued, running, or finished but not yet marked done.
    in_flight: Arc<Mutex<HashSet<i64>>>,
    queued: AtomicUsize,
    running: AtomicUsize,
    finished: AtomicU64,
    idle: Notify,
    /// Cancelled at the end of a shutdown's grace period: queued jobs give up their turn.
    stop_queue: CancellationToken,
    events: broadcast::Sender<Arc<RunEvent>>,
    done: DoneMarker,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl Pool {
    pub fn new(runner: Arc<Runner>, limits: RunLimits, done: DoneMarker) -> Self {
        let (events, _) = broadcast::channel(1024);
        Self {
            runner,
            limits,
            global: Arc::new(Semaphore::new(limits.max_running.max(1))),
            per_workflow: Mutex::new(HashMap::new()),
            runs: Mutex::new(HashMap::new()),
            in_flight: done.in_flight(),
            queued: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            finished: AtomicU64::new(0),
            idle: Notify::new(),
            stop_queue: CancellationToken::new(),
            events,
            done,
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<RunEvent>> {
        self.events.subscribe()
    }

    pub fn counts(&self) -> RunCounts {
        RunCounts {
            running: self.running.load(Ordering::Relaxed),
            queued: self.queued.load(Ordering::Relaxed),
            finished: self.finished.load(Ordering::Relaxed),
        }
    }

    /// Whether another event may queue now.
    pub fn has_room(&self) -> bool {
        self.queued.load(Ordering::Relaxed) < self.limits.max_queued
    }

    pub fn is_in_flight(&self, inbox_id: i64) -> bool {
        lock(&self.in_flight).contains(&inbox_id)
    }

    /// Queues a job; it runs when a turn is free.
    pub fn submit(self: &Arc<Self>, job: Job) {
        let cancel = CancellationToken::new();
        lock(&self.runs).insert(
            job.run_id.clone(),
            Entry {
                cancel: cancel.clone(),
                started: false,
            },
        );
        if let Some(id) = job.inbox_id {
            lock(&self.in_flight).insert(id);
        }
        self.queued.fetch_add(1, Ordering::Relaxed);
        let pool = Arc::clone(self);
        tokio::spawn(async move { pool.drive(job, cancel).await });
    }

    fn workflow_turns(&self, workflow_id: &str) -> Arc<Semaphore> {
        let mut map = lock(&self.per_workflow);
        Arc::clone(map.entry(workflow_id.to_owned()).or_insert_with(|| {
            Arc::new(Semaphore::new(self.limits.max_running_per_workflow.max(1)))
        }))
    }

    async fn drive(self: Arc<Self>, job: Job, cancel: CancellationToken) {
        let turns = self.workflow_turns(&job.workflow.id);
        let global = Arc::clone(&self.global);
        let turn = tokio::select! {
            biased;
            () = self.stop_queue.cancelled() => None,
            // Cancelled while queued: it runs at once, and is recorded as cancelled.
            () = cancel.cancelled() => Some(None),
            permits = async move {
                let mine = turns.acquire_owned().await.ok();
                let all = global.acquire_owned().await.ok();
                (mine, all)
            } => Some(Some(permits)),
        };
        self.queued.fetch_sub(1, Ordering::Relaxed);
        let Some(_permits) = turn else {
            // The host is stopping: the event stays pending in the inbox for the next start.
            lock(&self.runs).remove(&job.run_id);
            if let Some(id) = job.inbox_id {
                lock(&self.in_flight).remove(&id);
            }
            self.idle.notify_waiters();
            return;
        };
        if let Some(entry) = lock(&self.runs).get_mut(&job.run_id) {
            entry.started = true;
        }
        self.running.fetch_add(1, Ordering::Relaxed);
        let workflow = &job.workflow;
        let mut request =
            RunRequest::new(RunMode::Production).with_trigger_items(vec![job.item.clone()]);
        request.run_id = job.run_id.clone();
        let info = RecordingInfo {
            document_text: workflow.text.clone(),
            workflow_id: workflow.id.clone(),
            origin_run_id: job.origin_run_id.clone(),
            trigger_items: Some(vec![job.item]),
            source_path: Some(workflow.source.display().to_string()),
        };
        let sink = Fan(&self.events);
        let report = self
            .runner
            .run_plan(&workflow.plan, request, info, &sink, cancel)
            .await;
        log_run(&report);
        self.running.fetch_sub(1, Ordering::Relaxed);
        self.finished.fetch_add(1, Ordering::Relaxed);
        lock(&self.runs).remove(&job.run_id);
        if let Some(id) = job.inbox_id {
            self.done.send(id);
        }
        if let Some(reply) = job.reply {
            let _ = reply.send(RunOutcome::of(&report));
        }
        self.idle.notify_waiters();
    }

    /// Cancels a queued or running run; false if there is no such run.
    pub fn cancel(&self, run_id: &str) -> bool {
        match lock(&self.runs).get(run_id) {
            Some(entry) => {
                entry.cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// Waits until no run is queued or running, at most `limit`; true if that happened.
    pub async fn wait_idle(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let idle = self.idle.notified();
            let counts = self.counts();
            if counts.running == 0 && counts.queued == 0 {
                return true;
            }
            if tokio::time::timeout_at(deadline, idle).await.is_err() {
                return false;
            }
        }
    }

    /// Ends the grace period: queued jobs give up their turn (they stay in the inbox) and
    /// running ones are cancelled. Returns (cancelled, left queued).
    pub fn give_up(&self) -> (usize, usize) {
        let left = self.queued.load(Ordering::Relaxed);
        self.stop_queue.cancel();
        let mut cancelled = 0;
        for entry in lock(&self.runs).values() {
            if entry.started {
                entry.cancel.cancel();
                cancelled += 1;
            }
        }
        (cancelled, left)
    }

    pub fn done_marker(&self) -> &DoneMarker {
        &self.done
    }
}

/// One log line per finished run.
fn log_run(report: &switchyard_engine::RunReport) {
    let duration_ms = (report.duration_ms * 10.0).round() / 10.0;
    match (&report.status, &report.error) {
        (RunStatus::Succeeded, _) => tracing::info!(
            run_id = %report.run_id, workflow = %report.workflow_id, status = "succeeded", duration_ms, "run finished"
        ),
        (status, Some(error)) => tracing::warn!(
            run_id = %report.run_id, workflow = %report.workflow_id, status = status.as_str(), duration_ms,
            node = %error.node, error = %error.message, "run finished"
        ),
        (status, None) => tracing::warn!(
            run_id = %report.run_id, workflow = %report.workflow_id, status = status.as_str(), duration_ms, "run finished"
        ),
    }
}

/// Sends each event to the manager's listeners (when there are any).
struct Fan<'a>(&'a broadcast::Sender<Arc<RunEvent>>);

impl RunEventSink for Fan<'_> {
    fn emit(&self, event: &RunEvent) {
        if self.0.receiver_count() > 0 {
            let _ = self.0.send(Arc::new(event.clone()));
        }
    }
}
