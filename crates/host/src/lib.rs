//! The one facade the CLI and the desktop app call: it turns a workflow file and a request
//! ("run it", "run up to this node", "run this node", "re-run that run", "replay that run")
//! into an engine run whose events go to the caller and to the history store.
//!
//! It is also the always-on host (`switchyard serve`): the [`RunManager`] owns the loaded
//! workflows, keeps their [`Trigger`]s listening (webhooks, schedules; pollers plug in the
//! same way), takes each event into the durable inbox before answering it, and runs it with
//! caps on concurrency, recording every run through the same [`Runner`] path.

mod counters;
pub mod credentials;
mod error;
mod manager;
mod partial;
mod recording;
mod replay;
mod runner;
pub mod serve;
pub mod status;
pub mod trigger;
mod watch;
mod workflow;

pub use counters::{Counters, Rejection};
pub use error::HostError;
pub use manager::{
    FireError, FireEvent, Fired, HostOptions, RunCounts, RunLimits, RunManager, RunOutcome,
    RunTicket, ShutdownReport, WorkflowState,
};
pub use replay::{NodeChange, ReplayOutcome};
pub use runner::{RunSpec, RunTarget, Runner};
pub use serve::{ServeConfig, ServeError, Serving};
pub use trigger::{Activation, Trigger, TriggerError};
pub use watch::{FLOW_SUFFIX, FolderWatch, flow_files};
pub use workflow::LoadedWorkflow;
