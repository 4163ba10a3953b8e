//! `trigger.schedule`: fires on a cron pattern (5 fields, or 6 with seconds) in a time zone.
//! The last fire time is kept per workflow (committed with each fired event), so that with
//! `catch_up: true` a time missed while the host was down runs once on start. Times missed
//! while the host was busy are coalesced into one firing.

use crate::manager::{FireEvent, Fired, RunManager};
use crate::trigger::{Activation, Trigger, TriggerError};
use crate::workflow::LoadedWorkflow;
use chrono::{DateTime, Timelike, Utc};
use chrono_tz::Tz;
use croner::Cron;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use switchyard_engine::Timestamp;
use switchyard_nodes::{ScheduleParams, parse_schedule};
use switchyard_store::StateUpdate;
use tokio_util::sync::{CancellationToken, DropGuard};

/// The trigger-state name of a schedule's last fire time (Unix milliseconds).
pub const LAST_FIRE: &str = "schedule.last_fire";

/// `trigger.schedule`, a task per active workflow.
#[derive(Debug, Default)]
pub struct ScheduleTrigger {
    /// Workflows activated before in this process: only their first activation catches up
    /// (a reloaded file missed nothing).
    started: Mutex<HashSet<String>>,
}

impl Trigger for ScheduleTrigger {
    fn node_type(&self) -> &'static str {
        "trigger.schedule"
    }

    fn activate(
        &self,
        workflow: &Arc<LoadedWorkflow>,
        host: &RunManager,
    ) -> Result<Box<dyn Activation>, TriggerError> {
        let params: ScheduleParams = serde_json::from_value(workflow.trigger_params.clone())
            .map_err(|e| TriggerError::Params(e.to_string()))?;
        let (cron, tz) = parse_schedule(&params).map_err(TriggerError::Params)?;
        let first = self
            .started
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(workflow.id.clone());
        let stop = CancellationToken::new();
        let schedule = Schedule {
            host: host.clone(),
            workflow: Arc::clone(workflow),
            cron,
            tz,
            catch_up: params.catch_up && first,
            stop: stop.clone(),
        };
        tokio::spawn(schedule.run());
        Ok(Box::new(ScheduleActivation {
            description: format!("cron \"{}\" ({})", params.cron, params.timezone),
            _stop: stop.drop_guard(),
        }))
    }
}

struct ScheduleActivation {
    description: String,
    _stop: DropGuard,
}

impl Activation for ScheduleActivation {
    fn describe(&self) -> String {
        self.description.clone()
    }
}

struct Schedule {
    host: RunManager,
    workflow: Arc<LoadedWorkflow>,
    cron: Cron,
    tz: Tz,
    catch_up: bool,
    stop: CancellationToken,
}

fn millis(at: &DateTime<Tz>) -> i64 {
    at.timestamp_millis()
}

/// Now in the schedule's zone, on a whole second (cron times have no fractions).
fn now_in(tz: &Tz) -> DateTime<Tz> {
    let now = Utc::now().with_timezone(tz);
    now.with_nanosecond(0).unwrap_or(now)
}

impl Schedule {
    async fn run(self) {
        let id = self.workflow.id.clone();
        let last = match self.host.trigger_state(&id, LAST_FIRE) {
            Ok(value) => value.and_then(|v| v.as_i64()),
            Err(error) => {
                tracing::error!(workflow = %id, %error, "could not read the schedule's last fire time");
                None
            }
        };
        let now = now_in(&self.tz);
        match last {
            Some(last) if self.catch_up => {
                if let Ok(missed) = self.cron.find_previous_occurrence(&now, true)
                    && millis(&missed) > last
                {
                    tracing::info!(workflow = %id, scheduled_at = %missed, "catching up a run missed while the host was down");
                    self.fire(&missed).await;
                }
            }
            Some(_) => {}
            None => {
                // The first activation: from now on, a time missed while down can be told.
                let state = StateUpdate {
                    name: LAST_FIRE.into(),
                    value: json!(millis(&now)),
                };
                if let Err(error) = self.host.db().set_trigger_state(&id, &state) {
                    tracing::warn!(workflow = %id, %error, "could not store the schedule's start");
                }
            }
        }
        let mut after = now;
        loop {
            let next = match self.cron.find_next_occurrence(&after, false) {
                Ok(next) => next,
                Err(error) => {
                    tracing::warn!(workflow = %id, %error, "the schedule has no next time; it stops");
                    return;
                }
            };
            // Sleep until the wall clock reaches `next` (again, if the sleep woke early).
            loop {
                let wait = (next.with_timezone(&Utc) - Utc::now())
                    .to_std()
                    .unwrap_or_default();
                if wait.is_zero() {
                    break;
                }
                tokio::select! {
                    () = self.stop.cancelled() => return,
                    () = tokio::time::sleep(wait) => {}
                }
            }
            if self.stop.is_cancelled() {
                return;
            }
            self.fire(&next).await;
            // Times passed meanwhile (a busy or suspended host) are not fired one by one.
            let now = now_in(&self.tz);
            after = if now > next { now } else { next };
        }
    }

    async fn fire(&self, scheduled: &DateTime<Tz>) {
        let at = |ms: i64| {
            Timestamp::from_unix_millis(ms)
                .map(|t| Value::String(t.to_string()))
                .unwrap_or(Value::Null)
        };
        let fired = Timestamp::now();
        let item = json!({ "scheduled_at": at(millis(scheduled)), "fired_at": fired.to_string() });
        let event = FireEvent {
            item,
            received_at: fired,
            state: Some(StateUpdate {
                name: LAST_FIRE.into(),
                value: json!(millis(scheduled)),
            }),
            dedupe_key: None,
        };
        match self.host.fire_async(&self.workflow, event).await {
            Ok(Fired::Started(ticket)) => {
                tracing::debug!(workflow = %self.workflow.id, run_id = %ticket.run_id, "schedule fired");
            }
            Ok(Fired::Duplicate { .. }) => {}
            Err(error) => {
                tracing::warn!(workflow = %self.workflow.id, %error, "the schedule could not fire");
            }
        }
    }
}
