//! Running workflows with history: whole runs, partial runs, re-runs and replays.

use crate::error::HostError;
use crate::partial::seeds_for_node;
use crate::recording::StoreExchanges;
use crate::replay::{ReplayOutcome, compare};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use switchyard_connectors::Http;
use switchyard_connectors::hubspot::UsageRecorder;
use switchyard_engine::event::NoSink;
use switchyard_engine::{
    ExecuteOptions, Plan, RunEvent, RunEventSink, RunMode, RunReport, RunRequest, Timestamp,
    compile, execute,
};
use switchyard_model::{WorkflowDocument, read_document};
use switchyard_secrets::Vault;
use switchyard_store::{HistoryStore, RecordingInfo, StoreUsage, StoredRun};
use tokio_util::sync::CancellationToken;

/// Which part of the workflow a run covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RunTarget {
    #[default]
    Whole,
    /// The node and everything it depends on.
    Until(String),
    /// Only this node, on the recorded (or pinned) outputs of the nodes before it.
    Node(String),
}

/// One run to make.
#[derive(Debug, Clone)]
pub struct RunSpec {
    /// The exact text of the workflow document.
    pub document_text: String,
    /// Where the document was read from, kept with the run so `rerun --current` finds it.
    pub source_path: Option<PathBuf>,
    pub mode: RunMode,
    /// Items that replace the trigger's output.
    pub trigger_items: Option<Vec<Value>>,
    pub dry_run: bool,
    pub target: RunTarget,
    /// The run this one re-runs.
    pub origin_run_id: Option<String>,
}

impl RunSpec {
    /// A test run of a whole document.
    pub fn test(document_text: impl Into<String>) -> Self {
        Self {
            document_text: document_text.into(),
            source_path: None,
            mode: RunMode::Test,
            trigger_items: None,
            dry_run: false,
            target: RunTarget::Whole,
            origin_run_id: None,
        }
    }
}

/// Runs workflows with the built-in nodes, credentials from the vault, and (when given) history.
pub struct Runner {
    registry: switchyard_engine::Registry,
    store: Option<Arc<HistoryStore>>,
    vault: Vault,
    options: ExecuteOptions,
}

impl Runner {
    pub fn new(store: Option<HistoryStore>) -> Self {
        Self {
            registry: switchyard_nodes::builtin_registry(),
            store: store.map(Arc::new),
            vault: Vault::system(),
            options: ExecuteOptions::default(),
        }
    }

    /// Records the runs from now on in `store`.
    pub fn attach_store(&mut self, store: HistoryStore) {
        self.store = Some(Arc::new(store));
    }

    pub fn with_vault(mut self, vault: Vault) -> Self {
        self.vault = vault;
        self
    }

    pub fn registry(&self) -> &switchyard_engine::Registry {
        &self.registry
    }

    pub fn store(&self) -> Option<&HistoryStore> {
        self.store.as_deref()
    }

    /// The history, shared (for the host's background work).
    pub fn shared_store(&self) -> Option<Arc<HistoryStore>> {
        self.store.clone()
    }

    /// The vault credentials are resolved from.
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// Reads, validates and compiles a document.
    pub fn compile(&self, text: &str) -> Result<(WorkflowDocument, Plan), HostError> {
        let doc = self.check(text)?;
        let plan = compile(&doc, &self.registry).map_err(HostError::Invalid)?;
        Ok((doc, plan))
    }

    /// Reads and validates a document: every problem, or the document.
    pub fn check(&self, text: &str) -> Result<WorkflowDocument, HostError> {
        let (doc, mut problems) = read_document(text);
        if let Some(doc) = &doc {
            problems.extend(switchyard_model::validate(doc, &self.registry));
        }
        match doc {
            Some(doc) if problems.is_empty() => Ok(doc),
            _ => Err(HostError::Invalid(problems)),
        }
    }

    /// Runs once, recording the run (and its HTTP exchanges) in history when there is one.
    pub async fn run(
        &self,
        spec: RunSpec,
        sink: &dyn RunEventSink,
        cancel: CancellationToken,
    ) -> Result<RunReport, HostError> {
        let (doc, plan) = self.compile(&spec.document_text)?;
        let mut request = RunRequest::new(spec.mode).with_dry_run(spec.dry_run);
        if let Some(items) = spec.trigger_items.clone() {
            request = request.with_trigger_items(items);
        }
        match &spec.target {
            RunTarget::Whole => {}
            RunTarget::Until(node) => {
                plan.node(node)
                    .ok_or_else(|| HostError::UnknownNode(node.clone()))?;
                request.only = Some(plan.ancestors_and_self(node));
            }
            RunTarget::Node(node) => {
                plan.node(node)
                    .ok_or_else(|| HostError::UnknownNode(node.clone()))?;
                let latest = match &self.store {
                    Some(store) => store.latest_run(&doc.id)?,
                    None => None,
                };
                request.seeded =
                    seeds_for_node(&plan, &doc, node, latest.as_ref().map(|run| &run.report))?;
                request.only = Some([node.clone()].into_iter().collect());
            }
        }
        let info = RecordingInfo {
            document_text: spec.document_text.clone(),
            workflow_id: doc.id.clone(),
            origin_run_id: spec.origin_run_id.clone(),
            trigger_items: spec.trigger_items.clone(),
            source_path: spec.source_path.as_ref().map(|p| p.display().to_string()),
        };
        let report = self.run_plan(&plan, request, info, sink, cancel).await;
        if let Some(store) = &self.store {
            store.flush()?;
        }
        Ok(report)
    }

    /// Runs a compiled plan once: the one code path of every run (`run` above, and the
    /// host's run manager). Attaches the vault and the HTTP client and, when there is a
    /// history, records the run and its HTTP exchanges (queued; call
    /// [`HistoryStore::flush`] to wait until they are committed).
    pub async fn run_plan(
        &self,
        plan: &Plan,
        mut request: RunRequest,
        info: RecordingInfo,
        sink: &dyn RunEventSink,
        cancel: CancellationToken,
    ) -> RunReport {
        request.extensions.insert(Arc::new(self.vault.clone()));
        let Some(store) = &self.store else {
            request.extensions.insert(Arc::new(Http::live()));
            return execute(plan, request, &self.options, sink, cancel).await;
        };
        let log = StoreExchanges {
            store: Arc::clone(store),
            run_id: request.run_id.clone(),
        };
        request
            .extensions
            .insert(Arc::new(Http::live().recording(Arc::new(log))));
        // Every answer's rate-limit headers go to the store's per-credential usage counters.
        request
            .extensions
            .insert(Arc::new(UsageRecorder(Arc::new(StoreUsage::new(
                Arc::clone(store),
            )))));
        let recorder = store.start_recording(info);
        let both = Tee(&recorder, sink);
        execute(plan, request, &self.options, &both, cancel).await
    }

    /// The spec that re-runs a recorded run: its trigger items, on the recorded document, or on
    /// `current` (the current text of the workflow file) when given.
    pub fn rerun_spec(
        &self,
        run_id: &str,
        current: Option<(String, Option<PathBuf>)>,
    ) -> Result<RunSpec, HostError> {
        let stored = self.stored_run(run_id)?;
        let (document_text, source_path) = match current {
            Some((text, path)) => (text, path),
            None => (
                stored.document_text.clone(),
                stored.source_path.clone().map(PathBuf::from),
            ),
        };
        Ok(RunSpec {
            document_text,
            source_path,
            mode: RunMode::Test,
            trigger_items: stored.trigger_items.clone(),
            dry_run: stored.report.dry_run,
            target: RunTarget::Whole,
            origin_run_id: Some(stored.report.run_id.clone()),
        })
    }

    /// A recorded run.
    pub fn stored_run(&self, run_id: &str) -> Result<StoredRun, HostError> {
        let store = self.store.as_ref().ok_or(HostError::NoHistory)?;
        store
            .get_run(run_id)?
            .ok_or_else(|| HostError::UnknownRun(run_id.to_owned()))
    }

    /// Runs a recorded run again against its recorded HTTP answers, with the same run id and
    /// `$now`, on `document_text` (default: the recorded document), and lists what changed.
    /// The replay itself is not recorded.
    pub async fn replay(
        &self,
        run_id: &str,
        document_text: Option<String>,
        sink: &dyn RunEventSink,
        cancel: CancellationToken,
    ) -> Result<ReplayOutcome, HostError> {
        let stored = self.stored_run(run_id)?;
        let store = self.store.as_ref().ok_or(HostError::NoHistory)?;
        let exchanges = store
            .exchanges(run_id)?
            .into_iter()
            .map(|e| switchyard_connectors::RecordedExchange {
                node_id: e.node_id,
                request: e.request,
                response: e.response,
            })
            .collect();
        let text = document_text.unwrap_or_else(|| stored.document_text.clone());
        let (_, plan) = self.compile(&text)?;
        let mut request = RunRequest::new(stored.report.mode).with_dry_run(stored.report.dry_run);
        request.run_id = stored.report.run_id.clone();
        request.started_at = stored.report.started_at;
        request.trigger_items = stored.trigger_items.clone();
        request.extensions.insert(Arc::new(Http::replay(exchanges)));
        request.extensions.insert(Arc::new(self.vault.clone()));
        let report = execute(&plan, request, &self.options, sink, cancel).await;
        let truncated: Vec<String> = stored.truncated.keys().cloned().collect();
        let (changes, not_compared) = compare(&stored.report, &report, &truncated);
        Ok(ReplayOutcome {
            report,
            changes,
            not_compared,
        })
    }

    /// Runs with no listener (tests, tools).
    pub async fn run_quietly(&self, spec: RunSpec) -> Result<RunReport, HostError> {
        self.run(spec, &NoSink, CancellationToken::new()).await
    }

    /// The time the engine would stamp on a run starting now (for callers that print it).
    pub fn now() -> Timestamp {
        Timestamp::now()
    }
}

/// Sends each event to two sinks.
struct Tee<'a>(&'a dyn RunEventSink, &'a dyn RunEventSink);

impl RunEventSink for Tee<'_> {
    fn emit(&self, event: &RunEvent) {
        self.0.emit(event);
        self.1.emit(event);
    }
}
