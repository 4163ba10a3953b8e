//! Running from the window: a run starts in the background and answers with its id as soon as
//! the engine has started it; its progress goes to the window as `run-progress` events (and,
//! as every run, to the history); "Stop" cancels it by id.

use crate::api::{CommandError, CommandErrorKind};
use crate::events::EventSink;
use crate::run_views::{RunProgress, RunSelection, RunStarted};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use switchyard_engine::{RunEvent, RunEventSink};
use switchyard_host::{HostError, RunSpec, RunTarget, Runner};
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

/// The event name the window listens to.
pub const RUN_PROGRESS: &str = "run-progress";

/// The runs started from the window and still going, by run id.
#[derive(Default)]
pub struct ActiveRuns(Mutex<HashMap<String, CancellationToken>>);

impl ActiveRuns {
    fn insert(&self, run_id: &str, cancel: CancellationToken) {
        if let Ok(mut runs) = self.0.lock() {
            runs.insert(run_id.to_owned(), cancel);
        }
    }

    fn remove(&self, run_id: &str) {
        if let Ok(mut runs) = self.0.lock() {
            runs.remove(run_id);
        }
    }

    /// Cancels the run; `false` when it is not running (any more).
    pub fn cancel(&self, run_id: &str) -> bool {
        let token = self
            .0
            .lock()
            .ok()
            .and_then(|runs| runs.get(run_id).cloned());
        token.map(|t| t.cancel()).is_some()
    }
}

/// Forwards a run's events to the window and tells the starter the run id once it is known.
/// The run's last event is held back until the history has committed the run, so a window
/// that loads the run when it hears "finished" finds all of it.
struct ProgressSink {
    events: Arc<dyn EventSink>,
    started: Mutex<Option<oneshot::Sender<String>>>,
    finished: Mutex<Option<RunProgress>>,
}

impl ProgressSink {
    fn send(&self, progress: &RunProgress) {
        match serde_json::to_value(progress) {
            Ok(payload) => self.events.emit(RUN_PROGRESS, payload),
            Err(e) => tracing::warn!("cannot encode a run event: {e}"),
        }
    }

    /// Sends the held-back "finished" event.
    fn finish(&self) {
        if let Some(done) = self.finished.lock().ok().and_then(|mut f| f.take()) {
            self.send(&done);
        }
    }
}

impl RunEventSink for ProgressSink {
    fn emit(&self, event: &RunEvent) {
        if let RunEvent::RunStarted { run_id, .. } = event
            && let Some(tell) = self.started.lock().ok().and_then(|mut s| s.take())
        {
            let _ = tell.send(run_id.clone());
        }
        let progress = RunProgress::from(event);
        if matches!(progress, RunProgress::RunFinished { .. })
            && let Ok(mut held) = self.finished.lock()
        {
            *held = Some(progress);
            return;
        }
        self.send(&progress);
    }
}

/// Starts `spec` in the background; answers once the engine has started it (with its id), or
/// with why it could not start (an invalid document, an unknown node, …).
pub async fn start(
    runner: Arc<Runner>,
    runs: Arc<ActiveRuns>,
    events: Arc<dyn EventSink>,
    spec: RunSpec,
) -> Result<RunStarted, CommandError> {
    let (tell, started) = oneshot::channel();
    let (refuse, refused) = oneshot::channel::<HostError>();
    let cancel = CancellationToken::new();
    let token = cancel.clone();
    let task_runs = Arc::clone(&runs);
    tokio::spawn(async move {
        let sink = ProgressSink {
            events,
            started: Mutex::new(Some(tell)),
            finished: Mutex::new(None),
        };
        // `run` returns once the history has the run (or could not record it).
        match runner.run(spec, &sink, token).await {
            Ok(report) => task_runs.remove(&report.run_id),
            Err(error) => {
                let _ = refuse.send(error);
            }
        }
        sink.finish();
    });
    tokio::select! {
        Ok(run_id) = started => {
            runs.insert(&run_id, cancel);
            Ok(RunStarted { run_id })
        }
        Ok(error) = refused => Err(from_host(error)),
        else => Err(CommandError::new(CommandErrorKind::Host, "the run stopped before it started")),
    }
}

/// The run spec for a document from the editor.
pub fn spec_for(
    document_text: String,
    path: Option<String>,
    selection: RunSelection,
    dry_run: bool,
    trigger_items: Option<Vec<Value>>,
) -> RunSpec {
    let mut spec = RunSpec::test(document_text);
    spec.source_path = path.map(Into::into);
    spec.dry_run = dry_run;
    spec.trigger_items = trigger_items;
    spec.target = match selection {
        RunSelection::Whole => RunTarget::Whole,
        RunSelection::Until { node } => RunTarget::Until(node),
        RunSelection::Node { node } => RunTarget::Node(node),
    };
    spec
}

/// A host error as the window shows it.
pub fn from_host(error: HostError) -> CommandError {
    match error {
        HostError::Invalid(problems) => {
            CommandError::invalid("the workflow has problems; fix them to run it", problems)
        }
        HostError::UnknownNode(_) | HostError::UnknownRun(_) | HostError::NoHistory => {
            CommandError::new(CommandErrorKind::NotFound, error.to_string())
        }
        other => CommandError::new(CommandErrorKind::Host, other.to_string()),
    }
}
