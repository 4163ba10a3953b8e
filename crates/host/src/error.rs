//! What can stop a run from starting.

use switchyard_model::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// The document has problems; nothing ran.
    #[error("the workflow is not valid ({} problem(s))", .0.len())]
    Invalid(Vec<Diagnostic>),
    #[error("there is no node \"{0}\" in the workflow")]
    UnknownNode(String),
    #[error(
        "node \"{node}\" takes its input from \"{upstream}\", which has no recorded output and no pinned data: run the workflow (or `--until {upstream}`) first, or pin data on \"{upstream}\""
    )]
    NeedsUpstreamRun { node: String, upstream: String },
    #[error("there is no run \"{0}\" in the history")]
    UnknownRun(String),
    #[error("this needs the run history, and none is open")]
    NoHistory,
    #[error("could not read {path}: {message}")]
    Read { path: String, message: String },
    /// Another loaded workflow already has this id, or already listens where this one would.
    #[error("{0}")]
    Conflict(String),
    /// The workflow's trigger could not start listening.
    #[error("{0}")]
    Trigger(String),
    #[error(transparent)]
    Store(#[from] switchyard_store::StoreError),
}
