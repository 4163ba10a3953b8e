//! A workflow as the always-on host keeps it: its exact text, validated and compiled once, its
//! trigger node's type and params read, and its `dedupe_key` compiled.

use crate::error::HostError;
use crate::runner::Runner;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use switchyard_engine::{Plan, RunMode, RunRequest, RunScope, Scope, Template};
use tokio_util::sync::CancellationToken;

/// One loaded version of a workflow file. Immutable: a changed file is loaded as a new
/// version (with a higher `generation`) and replaces this one.
pub struct LoadedWorkflow {
    pub id: String,
    pub name: String,
    /// The file it was read from.
    pub source: PathBuf,
    /// The exact document text (recorded with every run).
    pub text: String,
    /// `"active": true` in the file.
    pub active: bool,
    pub plan: Arc<Plan>,
    /// The trigger node's id, type (`trigger.webhook`, …) and raw params.
    pub trigger_node: String,
    pub trigger_type: String,
    pub trigger_params: Value,
    /// The trigger's `dedupe_key` param, compiled.
    pub dedupe: Option<Template>,
    /// Increases with every version loaded by this host; tells versions of one id apart.
    pub generation: u64,
}

impl LoadedWorkflow {
    /// Validates and compiles `text`; every problem is in the error.
    pub fn load(
        runner: &Runner,
        source: PathBuf,
        text: String,
        generation: u64,
    ) -> Result<LoadedWorkflow, HostError> {
        let (doc, plan) = runner.compile(&text)?;
        let trigger = plan.trigger_node();
        let trigger_node = trigger.id.clone();
        let trigger_type = trigger.node_type.clone();
        let trigger_params = doc
            .nodes
            .iter()
            .find(|n| n.id == trigger_node)
            .map(|n| n.params.clone())
            .unwrap_or(Value::Null);
        let dedupe = match trigger_params.get("dedupe_key") {
            None | Some(Value::Null) => None,
            Some(value) => Some(Template::compile(value).map_err(|message| {
                HostError::Invalid(vec![switchyard_model::Diagnostic::node_field(
                    trigger_node.clone(),
                    "dedupe_key",
                    message,
                )])
            })?),
        };
        Ok(LoadedWorkflow {
            id: doc.id.clone(),
            name: doc.name.clone(),
            source,
            text,
            active: doc.active,
            plan: Arc::new(plan),
            trigger_node,
            trigger_type,
            trigger_params,
            dedupe,
            generation,
        })
    }

    /// The event's dedupe key: the `dedupe_key` expression evaluated with the trigger item as
    /// `$json`. `Ok(None)` without a key, or when it comes out empty or null.
    pub fn dedupe_key(&self, item: &Value) -> Result<Option<String>, String> {
        let Some(template) = &self.dedupe else {
            return Ok(None);
        };
        let request = RunRequest::new(RunMode::Production);
        let run = RunScope::new(&self.id, &request, CancellationToken::new());
        let scope = Scope {
            json: item,
            index: 0,
            input: std::slice::from_ref(item),
            run: &run,
        };
        let key = match template.evaluate(&scope)? {
            Value::Null => return Ok(None),
            Value::String(text) => text,
            other => other.to_string(),
        };
        Ok(Some(key).filter(|k| !k.is_empty()))
    }
}

impl std::fmt::Debug for LoadedWorkflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedWorkflow")
            .field("id", &self.id)
            .field("source", &self.source)
            .field("active", &self.active)
            .field("trigger_type", &self.trigger_type)
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}
