//! Triggers: what keeps an active workflow listening. The run manager drives them through one
//! trait, [`Trigger`]: it activates a trigger when a workflow becomes active (or a new version
//! of it is loaded) and drops the returned [`Activation`] to stop it. Webhooks and schedules
//! are built in; a polling trigger (`trigger.hubspot`) plugs in the same way: its `activate`
//! spawns a task that polls until the activation is dropped, calls
//! [`RunManager::fire`](crate::RunManager::fire) for each change (with the new cursor as a
//! [`StateUpdate`](switchyard_store::StateUpdate), so event and cursor advance together), and
//! reads its cursor back with [`RunManager::trigger_state`](crate::RunManager::trigger_state).

pub mod hubspot;
pub mod schedule;
pub mod webhook;

use crate::manager::RunManager;
use crate::workflow::LoadedWorkflow;
use std::sync::Arc;

/// Why a trigger could not start listening for a workflow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriggerError {
    /// The trigger node's params do not make a working trigger.
    #[error("the trigger's params are not usable: {0}")]
    Params(String),
    /// Another active workflow already uses what this one needs (a webhook path).
    #[error("{0}")]
    Conflict(String),
}

/// A kind of trigger the host keeps listening while its workflow is active.
pub trait Trigger: Send + Sync {
    /// The node type it serves, e.g. `trigger.webhook`.
    fn node_type(&self) -> &'static str;

    /// Starts listening for `workflow`'s trigger. Listening stops when the activation is
    /// dropped. A new version of the workflow is activated before the old one is dropped, so
    /// an activation must not undo what a newer one set up.
    fn activate(
        &self,
        workflow: &Arc<LoadedWorkflow>,
        host: &RunManager,
    ) -> Result<Box<dyn Activation>, TriggerError>;
}

/// A trigger listening for one workflow version; dropping it stops it.
pub trait Activation: Send + Sync {
    /// What it listens for, one line for `switchyard status`, e.g. `POST /webhook/leads`.
    fn describe(&self) -> String;
}
