//! Loading workflow versions and keeping their triggers active. A version that fails
//! validation (or cannot be activated) is reported and changes nothing: the previous valid
//! version of that file keeps running until a fixed one arrives.

use super::RunManager;
use crate::error::HostError;
use crate::trigger::Activation;
use crate::workflow::LoadedWorkflow;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, MutexGuard};

/// One workflow file as the host sees it (for `switchyard status` and the app).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct WorkflowState {
    /// The workflow id (of the version that runs; `None` if no version ever loaded).
    pub id: Option<String>,
    pub file: String,
    /// Its trigger is listening.
    pub active: bool,
    pub trigger: Option<String>,
    /// What the trigger listens for, e.g. `POST /webhook/leads`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub listening: Option<String>,
    /// Why the latest version of the file was not taken (or why it is not listening).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub problem: Option<String>,
}

/// One file's slot.
#[derive(Default)]
struct Slot {
    current: Option<Arc<LoadedWorkflow>>,
    activation: Option<Box<dyn Activation>>,
    problem: Option<String>,
}

/// The loaded workflows, by file and by id.
#[derive(Default)]
pub(super) struct Workflows {
    by_source: BTreeMap<PathBuf, Slot>,
    by_id: HashMap<String, PathBuf>,
}

/// The problems of an invalid document, on one line.
fn describe_problems(error: &HostError) -> String {
    match error {
        HostError::Invalid(problems) => problems
            .iter()
            .map(|p| {
                let mut at = match (p.line, p.column) {
                    (Some(line), Some(column)) => format!("line {line}, column {column}"),
                    _ => String::new(),
                };
                if let Some(node) = &p.node {
                    at.push_str(&format!(
                        "{}node {node}",
                        if at.is_empty() { "" } else { ", " }
                    ));
                }
                if let Some(field) = &p.field {
                    at.push_str(&format!("{}{field}", if at.is_empty() { "" } else { ", " }));
                }
                if at.is_empty() {
                    p.message.clone()
                } else {
                    format!("{at}: {}", p.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

impl RunManager {
    fn workflows_lock(&self) -> MutexGuard<'_, Workflows> {
        self.inner
            .workflows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Loads (or reloads) the workflow file `source` with its current `text`: validates and
    /// compiles it, activates its trigger when it is `active`, and then runs the events of
    /// that workflow left pending in the inbox. On any problem the previous version stays.
    pub fn load(&self, source: &Path, text: String) -> Result<Arc<LoadedWorkflow>, HostError> {
        let generation = self.inner.generation.fetch_add(1, Ordering::Relaxed) + 1;
        let loaded = LoadedWorkflow::load(&self.inner.runner, source.to_owned(), text, generation)
            .map_err(|error| self.refuse(source, error))?;
        let workflow = Arc::new(loaded);
        let old_activation = {
            let mut all = self.workflows_lock();
            if let Some(other) = all
                .by_id
                .get(&workflow.id)
                .filter(|p| p.as_path() != source)
            {
                let error = HostError::Conflict(format!(
                    "workflow id \"{}\" is already loaded from {}",
                    workflow.id,
                    other.display()
                ));
                drop(all);
                return Err(self.refuse(source, error));
            }
            let mut note = None;
            let activation = if workflow.active && !self.is_stopping() {
                match self.trigger_for(&workflow.trigger_type) {
                    Some(trigger) => match trigger.activate(&workflow, self) {
                        Ok(activation) => Some(activation),
                        Err(error) => {
                            drop(all);
                            return Err(self.refuse(source, HostError::Trigger(error.to_string())));
                        }
                    },
                    None => {
                        let message = format!(
                            "{} has nothing to listen for in `switchyard serve`; the workflow is loaded but not triggered",
                            workflow.trigger_type
                        );
                        tracing::warn!(file = %source.display(), workflow = %workflow.id, "{message}");
                        note = Some(message);
                        None
                    }
                }
            } else {
                None
            };
            let slot = all.by_source.entry(source.to_owned()).or_default();
            let previous_id = slot.current.as_ref().map(|w| w.id.clone());
            slot.current = Some(Arc::clone(&workflow));
            slot.problem = note;
            let old = std::mem::replace(&mut slot.activation, activation);
            let listening = slot.activation.as_ref().map(|a| a.describe());
            if let Some(previous) = previous_id.filter(|p| *p != workflow.id) {
                all.by_id.remove(&previous);
            }
            all.by_id.insert(workflow.id.clone(), source.to_owned());
            tracing::info!(
                file = %source.display(),
                workflow = %workflow.id,
                active = listening.is_some(),
                listening = listening.as_deref().unwrap_or("-"),
                "workflow loaded"
            );
            old
        };
        // Dropped after the new version is in place, outside the lock.
        drop(old_activation);
        self.recover(&workflow);
        Ok(workflow)
    }

    /// Notes a version that was not taken, logs it, and hands the error back.
    fn refuse(&self, source: &Path, error: HostError) -> HostError {
        let problem = describe_problems(&error);
        let mut all = self.workflows_lock();
        let slot = all.by_source.entry(source.to_owned()).or_default();
        let keeps = slot.current.as_ref().map(|w| w.id.clone());
        slot.problem = Some(problem.clone());
        drop(all);
        match keeps {
            Some(id) => {
                tracing::warn!(file = %source.display(), workflow = %id, problems = %problem, "workflow file not loaded; the previous version keeps running")
            }
            None => {
                tracing::warn!(file = %source.display(), problems = %problem, "workflow file not loaded; it stays inactive")
            }
        }
        error
    }

    /// Forgets the workflow of a removed file and stops its trigger. False if none was loaded.
    pub fn unload(&self, source: &Path) -> bool {
        let slot = {
            let mut all = self.workflows_lock();
            let slot = all.by_source.remove(source);
            if let Some(workflow) = slot.as_ref().and_then(|s| s.current.as_ref())
                && all.by_id.get(&workflow.id).is_some_and(|p| p == source)
            {
                all.by_id.remove(&workflow.id);
            }
            slot
        };
        match slot {
            Some(slot) => {
                if let Some(workflow) = &slot.current {
                    tracing::info!(file = %source.display(), workflow = %workflow.id, "workflow removed");
                }
                drop(slot);
                true
            }
            None => false,
        }
    }

    /// The loaded version of a workflow.
    pub fn workflow(&self, id: &str) -> Option<Arc<LoadedWorkflow>> {
        let all = self.workflows_lock();
        let source = all.by_id.get(id)?;
        all.by_source.get(source)?.current.clone()
    }

    /// Every workflow file the host knows, in file order.
    pub fn workflows(&self) -> Vec<WorkflowState> {
        let all = self.workflows_lock();
        all.by_source
            .iter()
            .map(|(file, slot)| WorkflowState {
                id: slot.current.as_ref().map(|w| w.id.clone()),
                file: file.display().to_string(),
                active: slot.activation.is_some(),
                trigger: slot.current.as_ref().map(|w| w.trigger_type.clone()),
                listening: slot.activation.as_ref().map(|a| a.describe()),
                problem: slot.problem.clone(),
            })
            .collect()
    }

    /// Stops every trigger (the workflows stay loaded).
    pub(super) fn deactivate_all(&self) {
        let activations: Vec<Box<dyn Activation>> = {
            let mut all = self.workflows_lock();
            all.by_source
                .values_mut()
                .filter_map(|slot| slot.activation.take())
                .collect()
        };
        drop(activations);
    }
}
