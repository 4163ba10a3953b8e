//! The commands the window calls, by the names `ui/src/ipc/index.ts` uses. Each takes its
//! arguments as one JSON object (Tauri's IPC payload) and answers JSON.

use crate::Desktop;
use crate::api::{CommandError, CommandErrorKind, CredentialSummary, ValidationReport, Workspace};
use crate::credentials::{self, CredentialEnv, NewCredential};
use crate::history::{self, ReplayView, RunQuery};
use crate::run_views::{RunSelection, RunStarted};
use crate::settings::RetentionSettings;
use crate::{files, runs, settings, templates, workspace};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use switchyard_engine::event::NoSink;
use switchyard_host::HostError;
use switchyard_model::{NodeDescription, WorkflowDocument, read_document, write_document};
use tokio_util::sync::CancellationToken;

#[derive(Deserialize)]
struct PathArgs {
    path: String,
}

#[derive(Deserialize)]
struct SaveArgs {
    path: String,
    doc: WorkflowDocument,
}

#[derive(Deserialize)]
struct DocArgs {
    doc: WorkflowDocument,
}

#[derive(Deserialize)]
struct FolderArgs {
    folder: String,
}

#[derive(Deserialize)]
struct StartArgs {
    doc: WorkflowDocument,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    selection: RunSelection,
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    trigger_items: Option<Vec<Value>>,
}

#[derive(Deserialize)]
struct RunIdArgs {
    run_id: String,
}

#[derive(Deserialize)]
struct RerunArgs {
    run_id: String,
    /// Re-run on this document (the editor's current one) instead of the recorded one.
    #[serde(default)]
    current: Option<WorkflowDocument>,
    #[serde(default)]
    path: Option<String>,
}

#[derive(Deserialize)]
struct SearchArgs {
    text: String,
    #[serde(default)]
    limit: Option<u32>,
}

#[derive(Deserialize)]
struct CredentialArgs {
    id: String,
    #[serde(default)]
    env: CredentialEnv,
}

#[derive(Deserialize)]
struct NewCredentialArgs {
    credential: NewCredential,
}

#[derive(Deserialize)]
struct RetentionArgs {
    retention: RetentionSettings,
}

#[derive(Deserialize)]
struct ActiveArgs {
    path: String,
    active: bool,
}

#[derive(Deserialize)]
struct RenameArgs {
    id: String,
    /// The new label; empty or missing takes the label away.
    #[serde(default)]
    label: Option<String>,
}

#[derive(Deserialize)]
struct TestListenArgs {
    doc: WorkflowDocument,
    node_id: String,
    #[serde(default)]
    timeout_ms: Option<u64>,
}

#[derive(Deserialize, Default)]
struct ListArgs {
    #[serde(default)]
    query: RunQuery,
}

impl Desktop {
    /// Answers one command.
    pub async fn invoke(&self, command: &str, args: Value) -> Result<Value, CommandError> {
        match command {
            "list_catalog" => reply(self.list_catalog()),
            "list_templates" => reply(templates::entries()),
            "list_credentials" => reply(self.list_credentials()?),
            "open_workflow" => {
                let a: PathArgs = parse(command, args)?;
                reply(self.open_workflow(Path::new(&a.path))?)
            }
            "save_workflow" => {
                let a: SaveArgs = parse(command, args)?;
                reply(self.save_workflow(Path::new(&a.path), &a.doc)?)
            }
            "validate_workflow" => {
                let a: DocArgs = parse(command, args)?;
                reply(self.validate_workflow(&a.doc))
            }
            "get_workspace" => reply(self.get_workspace()?),
            "set_workspace" => {
                let a: FolderArgs = parse(command, args)?;
                reply(self.set_workspace(PathBuf::from(a.folder))?)
            }
            "start_run" => {
                let a: StartArgs = parse(command, args)?;
                let spec = runs::spec_for(
                    write_document(&a.doc),
                    a.path,
                    a.selection,
                    a.dry_run,
                    a.trigger_items,
                );
                reply(self.start(spec).await?)
            }
            "cancel_run" => {
                let a: RunIdArgs = parse(command, args)?;
                reply(self.runs.cancel(&a.run_id))
            }
            "list_runs" => {
                let a: ListArgs = parse(command, args)?;
                reply(history::list(&self.runner, &a.query)?)
            }
            "search_runs" => {
                let a: SearchArgs = parse(command, args)?;
                reply(history::search(
                    &self.runner,
                    &a.text,
                    a.limit.unwrap_or(50),
                )?)
            }
            "get_run" => {
                let a: RunIdArgs = parse(command, args)?;
                reply(history::detail(&self.runner, &a.run_id)?)
            }
            "rerun" => {
                let a: RerunArgs = parse(command, args)?;
                let current = a
                    .current
                    .map(|doc| (write_document(&doc), a.path.map(PathBuf::from)));
                let spec = self
                    .runner
                    .rerun_spec(&a.run_id, current)
                    .map_err(runs::from_host)?;
                reply(self.start(spec).await?)
            }
            "replay_run" => {
                let a: RunIdArgs = parse(command, args)?;
                reply(self.replay(&a.run_id).await?)
            }
            "credential_types" => reply(switchyard_host::credentials::catalog()),
            "add_credential" => {
                let a: NewCredentialArgs = parse(command, args)?;
                reply(credentials::add(&self.runner, a.credential)?)
            }
            "test_credential" => {
                let a: CredentialArgs = parse(command, args)?;
                reply(credentials::test(&self.runner, &a.id, a.env).await?)
            }
            "remove_credential" => {
                let a: CredentialArgs = parse(command, args)?;
                reply(credentials::remove(&self.runner, &a.id)?)
            }
            "usage_today" => reply(credentials::usage_today(&self.runner)?),
            "host_status" => reply(self.always_on.view().await),
            "get_retention" => reply(self.get_retention()),
            "set_retention" => {
                let a: RetentionArgs = parse(command, args)?;
                reply(self.set_retention(a.retention)?)
            }
            "set_active" => {
                let a: ActiveArgs = parse(command, args)?;
                // The host's folder watch picks the saved flag up.
                let path = self.resolve(Path::new(&a.path));
                let mut doc = self.open_workflow(&path)?;
                doc.active = a.active;
                self.save_workflow(&path, &doc)?;
                reply(self.get_workspace()?)
            }
            "listen_for_test_event" => {
                let a: TestListenArgs = parse(command, args)?;
                let listening = self
                    .test_listenings
                    .listen(
                        &self.always_on,
                        Arc::clone(&self.events),
                        &a.doc,
                        &a.node_id,
                        a.timeout_ms,
                    )
                    .await?;
                reply(listening)
            }
            "stop_test_listen" => reply(self.test_listenings.stop()),
            "start_sign_in" => {
                let a: NewCredentialArgs = parse(command, args)?;
                let started = self
                    .sign_ins
                    .start(
                        Arc::clone(&self.runner),
                        Arc::clone(&self.events),
                        a.credential,
                        self.opens_browser,
                    )
                    .await?;
                reply(started)
            }
            "cancel_sign_in" => {
                let a: CredentialArgs = parse(command, args)?;
                reply(self.sign_ins.cancel(&a.id))
            }
            "rename_credential" => {
                let a: RenameArgs = parse(command, args)?;
                reply(credentials::rename(
                    &self.runner,
                    &a.id,
                    a.label.as_deref(),
                )?)
            }
            other => Err(CommandError::new(
                CommandErrorKind::BadRequest,
                format!("there is no command \"{other}\""),
            )),
        }
    }

    /// Starts a run in the background; see [`runs::start`].
    pub async fn start(&self, spec: switchyard_host::RunSpec) -> Result<RunStarted, CommandError> {
        runs::start(
            Arc::clone(&self.runner),
            Arc::clone(&self.runs),
            Arc::clone(&self.events),
            spec,
        )
        .await
    }

    /// Runs a recorded run again against its recorded answers and lists what changed.
    pub async fn replay(&self, run_id: &str) -> Result<ReplayView, CommandError> {
        let outcome = self
            .runner
            .replay(run_id, None, &NoSink, CancellationToken::new())
            .await
            .map_err(runs::from_host)?;
        Ok(ReplayView {
            run_id: outcome.report.run_id,
            changes: outcome.changes,
            not_compared: outcome.not_compared,
        })
    }

    pub fn list_catalog(&self) -> Vec<NodeDescription> {
        self.runner
            .registry()
            .descriptions()
            .into_iter()
            .cloned()
            .collect()
    }

    pub fn list_credentials(&self) -> Result<Vec<CredentialSummary>, CommandError> {
        let store = self.runner.store().ok_or_else(no_history)?;
        let stored = store.list_credentials().map_err(host)?;
        Ok(stored
            .into_iter()
            .map(|c| CredentialSummary {
                id: c.id,
                kind: c.kind,
                label: c.label,
            })
            .collect())
    }

    /// Reads a workflow file. A document with validation problems still opens (the editor
    /// shows them); text that is not a document at all is refused with its problems.
    pub fn open_workflow(&self, path: &Path) -> Result<WorkflowDocument, CommandError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CommandError::new(
                CommandErrorKind::Io,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        let (doc, problems) = read_document(&text);
        doc.ok_or_else(|| {
            CommandError::invalid(
                format!("{} is not a workflow document", path.display()),
                problems,
            )
        })
    }

    /// Writes the document in its canonical form (atomically) and answers the text written.
    pub fn save_workflow(
        &self,
        path: &Path,
        doc: &WorkflowDocument,
    ) -> Result<String, CommandError> {
        let path = self.resolve(path);
        let text = write_document(doc);
        files::write_atomically(&path, &text).map_err(|e| {
            CommandError::new(
                CommandErrorKind::Io,
                format!("cannot save {}: {e}", path.display()),
            )
        })?;
        Ok(text)
    }

    /// Every problem the engine finds in the document, as `switchyard validate` reports them.
    pub fn validate_workflow(&self, doc: &WorkflowDocument) -> ValidationReport {
        let errors = match self.runner.check(&write_document(doc)) {
            Ok(_) => Vec::new(),
            Err(HostError::Invalid(problems)) => problems,
            Err(other) => vec![switchyard_model::Diagnostic::document(other.to_string())],
        };
        ValidationReport {
            ok: errors.is_empty(),
            errors,
        }
    }

    pub fn get_workspace(&self) -> Result<Workspace, CommandError> {
        let folder = self.workspace_folder();
        workspace::list(&folder, &self.runner)
    }

    /// Switches to another folder and remembers it for the next start.
    pub fn set_workspace(&self, folder: PathBuf) -> Result<Workspace, CommandError> {
        let listed = workspace::list(&folder, &self.runner)?;
        if let Ok(mut current) = self.workspace.lock() {
            *current = folder.clone();
        }
        let mut remembered = settings::load(&self.settings_path);
        remembered.workspace = Some(folder);
        if let Err(e) = settings::save(&self.settings_path, &remembered) {
            tracing::warn!("cannot remember the workspace folder: {e}");
        }
        Ok(listed)
    }

    /// What the history keeps (the saved choice, else the defaults).
    pub fn get_retention(&self) -> RetentionSettings {
        settings::load(&self.settings_path)
            .retention
            .unwrap_or_default()
    }

    /// Keeps `retention` from now on (saved for the next start too) and prunes to it now.
    pub fn set_retention(
        &self,
        retention: RetentionSettings,
    ) -> Result<switchyard_store::PruneStats, CommandError> {
        if retention.keep_per_workflow == Some(0) {
            return Err(CommandError::new(
                CommandErrorKind::BadRequest,
                "keep_per_workflow: keep at least 1 run per workflow (or no limit)",
            ));
        }
        let store = self.runner.store().ok_or_else(no_history)?;
        let mut saved = settings::load(&self.settings_path);
        saved.retention = Some(retention);
        settings::save(&self.settings_path, &saved).map_err(|e| {
            CommandError::new(
                CommandErrorKind::Io,
                format!("cannot save the settings: {e}"),
            )
        })?;
        store.set_retention(&retention.to_retention()).map_err(host)
    }

    pub(crate) fn workspace_folder(&self) -> PathBuf {
        self.workspace
            .lock()
            .map(|w| w.clone())
            .unwrap_or_else(|_| workspace::default_folder())
    }

    /// A relative path is taken inside the workspace folder.
    fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.workspace_folder().join(path)
        }
    }
}

fn parse<T: DeserializeOwned>(command: &str, args: Value) -> Result<T, CommandError> {
    serde_json::from_value(args).map_err(|e| {
        CommandError::new(
            CommandErrorKind::BadRequest,
            format!("bad arguments for {command}: {e}"),
        )
    })
}

fn reply<T: serde::Serialize>(value: T) -> Result<Value, CommandError> {
    serde_json::to_value(value).map_err(|e| {
        CommandError::new(
            CommandErrorKind::Host,
            format!("cannot encode the answer: {e}"),
        )
    })
}

fn host(error: impl std::fmt::Display) -> CommandError {
    CommandError::new(CommandErrorKind::Host, error.to_string())
}

fn no_history() -> CommandError {
    CommandError::new(CommandErrorKind::NotFound, "no run history is open")
}
