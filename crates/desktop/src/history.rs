//! Browsing the run history from the window: the run list (filtered), full-text search, one
//! run in full for the inspector, and replays against recorded answers.

use crate::api::{CommandError, CommandErrorKind};
use crate::run_views::{ExchangeView, RunDetail};
use crate::runs::from_host;
use serde::Deserialize;
use switchyard_engine::{RunStatus, Timestamp};
use switchyard_host::{NodeChange, Runner};
use switchyard_store::{RunCursor, RunFilter, RunSummary, SearchHit};
use ts_rs::TS;

/// The run list's filters; all optional.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct RunQuery {
    #[ts(optional)]
    pub workflow_id: Option<String>,
    #[ts(optional)]
    pub status: Option<RunStatus>,
    /// Runs that started at or after this time (RFC 3339).
    #[ts(optional)]
    pub since: Option<String>,
    /// Runs that started before this time (RFC 3339).
    #[ts(optional)]
    pub until: Option<String>,
    /// At most this many (default 50, at most 500).
    #[ts(optional)]
    pub limit: Option<u32>,
    /// The next page: runs older than this run.
    #[ts(optional)]
    pub after_run: Option<String>,
}

/// A replay's outcome: the nodes whose outputs differ from the recorded run.
#[derive(Debug, Clone, serde::Serialize, TS)]
pub struct ReplayView {
    pub run_id: String,
    pub changes: Vec<NodeChange>,
    /// Nodes whose recorded data was cut to the size limit, so they could not be compared.
    pub not_compared: Vec<String>,
}

fn timestamp(field: &str, text: Option<&str>) -> Result<Option<Timestamp>, CommandError> {
    text.map(|t| {
        Timestamp::parse(t).ok_or_else(|| {
            CommandError::new(
                CommandErrorKind::BadRequest,
                format!("{field}: \"{t}\" is not an RFC 3339 time"),
            )
        })
    })
    .transpose()
}

pub fn list(runner: &Runner, query: &RunQuery) -> Result<Vec<RunSummary>, CommandError> {
    let store = runner
        .store()
        .ok_or_else(|| from_host(switchyard_host::HostError::NoHistory))?;
    let before = match &query.after_run {
        Some(run_id) => Some(
            store
                .get_run(run_id)
                .map_err(|e| from_host(e.into()))?
                .ok_or_else(|| from_host(switchyard_host::HostError::UnknownRun(run_id.clone())))?
                .summary()
                .cursor(),
        ),
        None => None::<RunCursor>,
    };
    let filter = RunFilter {
        workflow_id: query.workflow_id.clone(),
        status: query.status,
        since: timestamp("since", query.since.as_deref())?,
        until: timestamp("until", query.until.as_deref())?,
        limit: query.limit.map_or(50, |l| l.clamp(1, 500) as usize),
        before,
    };
    store.list_runs(&filter).map_err(|e| from_host(e.into()))
}

pub fn search(runner: &Runner, text: &str, limit: u32) -> Result<Vec<SearchHit>, CommandError> {
    let store = runner
        .store()
        .ok_or_else(|| from_host(switchyard_host::HostError::NoHistory))?;
    store
        .search(text, limit.clamp(1, 500) as usize)
        .map_err(|e| from_host(e.into()))
}

pub fn detail(runner: &Runner, run_id: &str) -> Result<RunDetail, CommandError> {
    let stored = runner.stored_run(run_id).map_err(from_host)?;
    let exchanges: Vec<(String, ExchangeView)> = match runner.store() {
        Some(store) => store
            .exchanges(run_id)
            .map_err(|e| from_host(e.into()))?
            .into_iter()
            .map(|e| {
                (
                    e.node_id,
                    ExchangeView {
                        request: e.request,
                        response: e.response,
                    },
                )
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(RunDetail::from_stored(&stored, &exchanges))
}
