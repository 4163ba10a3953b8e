//! Events in: each is committed to the inbox (with its dedupe check) before anything answers
//! it, then queued as a run. Recovery: events left pending by an earlier process (or waiting
//! for their workflow to be loaded) are run again, unless history shows their run finished.

use super::RunManager;
use super::pool::Job;
use super::types::{FireError, FireEvent, Fired, RunTicket};
use crate::workflow::LoadedWorkflow;
use std::sync::Arc;
use switchyard_engine::RunStatus;
use switchyard_engine::run::new_run_id;
use switchyard_store::{Admission, DedupeKey, NewEvent};
use tokio::sync::oneshot;

impl RunManager {
    /// Takes an event for `workflow`: takes its own dedupe key or evaluates the workflow's,
    /// commits it to the inbox (this blocks on the database: from async code use
    /// [`RunManager::fire_async`]), and queues its run. When this returns `Ok`, the event is
    /// durable.
    pub fn fire(
        &self,
        workflow: &Arc<LoadedWorkflow>,
        event: FireEvent,
    ) -> Result<Fired, FireError> {
        let new = self.new_event(workflow, event)?;
        let _gate = self.inner.gate.read().unwrap_or_else(|p| p.into_inner());
        let admission = self.inner.db.accept(&new)?;
        Ok(self.admitted(workflow, new, admission))
    }

    /// The event as the inbox stores it: its dedupe key (its own, else the workflow's
    /// expression's) and a new run id. Refused when the host is stopping or too full.
    fn new_event(
        &self,
        workflow: &Arc<LoadedWorkflow>,
        event: FireEvent,
    ) -> Result<NewEvent, FireError> {
        if self.is_stopping() {
            return Err(FireError::Stopping);
        }
        if !self.inner.pool.has_room() {
            return Err(FireError::Overloaded(self.counts().queued));
        }
        // The event's own key wins: the sender knows its identity better than an expression.
        let key = match event.dedupe_key {
            Some(key) => Ok(Some(key)),
            None => workflow.dedupe_key(&event.item),
        };
        let dedupe = match key {
            Ok(key) => key.map(|key| DedupeKey {
                key,
                window_ms: i64::try_from(self.inner.options.dedupe_window.as_millis())
                    .unwrap_or(i64::MAX),
            }),
            Err(message) => {
                tracing::warn!(workflow = %workflow.id, error = %message, "the dedupe_key expression failed; the event is taken without a key");
                None
            }
        };
        Ok(NewEvent {
            workflow_id: workflow.id.clone(),
            trigger: workflow.trigger_type.clone(),
            run_id: new_run_id(),
            item: event.item,
            received_at: event.received_at,
            dedupe,
            state: event.state,
        })
    }

    /// What a stored event becomes: a skipped duplicate, or a queued run. Called under the
    /// gate, right after the event was committed.
    pub(super) fn admitted(
        &self,
        workflow: &Arc<LoadedWorkflow>,
        new: NewEvent,
        admission: Admission,
    ) -> Fired {
        match admission {
            Admission::Duplicate { first_seen, .. } => {
                self.inner.counters.duplicate();
                let key = new.dedupe.map(|d| d.key).unwrap_or_default();
                tracing::info!(workflow = %workflow.id, key = %key, "duplicate event skipped");
                Fired::Duplicate { key, first_seen }
            }
            Admission::Accepted { inbox_id } => {
                self.inner.counters.accepted();
                let (reply, outcome) = oneshot::channel();
                self.inner.pool.submit(Job {
                    workflow: Arc::clone(workflow),
                    run_id: new.run_id.clone(),
                    origin_run_id: None,
                    item: new.item,
                    inbox_id: Some(inbox_id),
                    reply: Some(reply),
                });
                Fired::Started(RunTicket {
                    run_id: new.run_id,
                    outcome,
                })
            }
        }
    }

    /// [`RunManager::fire`] from async code: the event joins the others arriving meanwhile
    /// in one inbox transaction (see `admit`).
    pub async fn fire_async(
        &self,
        workflow: &Arc<LoadedWorkflow>,
        event: FireEvent,
    ) -> Result<Fired, FireError> {
        let new = self.new_event(workflow, event)?;
        self.inner.admitter.admit(Arc::clone(workflow), new).await
    }

    /// Starts a run of a loaded workflow by id (the CLI, the app's "run now"), through the
    /// inbox like any trigger event; `item` replaces the trigger's output.
    pub async fn start(&self, workflow_id: &str, event: FireEvent) -> Result<Fired, FireError> {
        let workflow = self
            .workflow(workflow_id)
            .ok_or_else(|| FireError::NotLoaded(workflow_id.to_owned()))?;
        self.fire_async(&workflow, event).await
    }

    /// Runs the pending inbox events of `workflow` that no run of this process handles: again
    /// when their run was interrupted (as a new run that names the old one as its origin), with
    /// their own run id when it never started; finished ones are only marked done.
    pub(super) fn recover(&self, workflow: &Arc<LoadedWorkflow>) {
        if self.is_stopping() {
            return;
        }
        let _gate = self.inner.gate.write().unwrap_or_else(|p| p.into_inner());
        let pending = match self.inner.db.pending(Some(&workflow.id)) {
            Ok(pending) => pending,
            Err(error) => {
                tracing::error!(workflow = %workflow.id, %error, "could not read the inbox");
                return;
            }
        };
        let pool = &self.inner.pool;
        let (mut done, mut again) = (Vec::new(), 0usize);
        for event in pending {
            if pool.is_in_flight(event.inbox_id) {
                continue;
            }
            let (run_id, origin) = match event.run_status {
                Some(RunStatus::Succeeded | RunStatus::Failed | RunStatus::Cancelled) => {
                    done.push(event.inbox_id);
                    continue;
                }
                // Recorded by a process that is still alive: not ours to retry.
                Some(RunStatus::Running) => continue,
                None => (event.run_id, None),
                Some(RunStatus::Interrupted) => {
                    let run_id = new_run_id();
                    if let Err(error) = self.inner.db.reassign_run(event.inbox_id, &run_id) {
                        tracing::error!(%error, inbox_id = event.inbox_id, "could not retry an inbox event");
                        continue;
                    }
                    (run_id, Some(event.run_id))
                }
            };
            again += 1;
            pool.submit(Job {
                workflow: Arc::clone(workflow),
                run_id,
                origin_run_id: origin,
                item: event.item,
                inbox_id: Some(event.inbox_id),
                reply: None,
            });
        }
        if let Err(error) = self.inner.db.mark_done(&done) {
            tracing::error!(%error, "could not mark recovered inbox events done");
        }
        if again > 0 {
            tracing::info!(workflow = %workflow.id, events = again, "running inbox events left from before");
        }
    }
}
