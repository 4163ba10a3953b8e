//! One run's shared state: who it is, when it started, what each node emitted so far, the
//! JavaScript sandbox (created only if an expression needs it) and the webhook answer.

use crate::Items;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::any::{Any, TypeId};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use switchyard_js::{JsError, JsGlobals, JsLimits, JsSandbox};
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RunMode {
    /// Run from the editor or `switchyard run`: pins apply, test credentials are used.
    Test,
    /// Run by an active trigger: pins are ignored.
    Production,
}

impl RunMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RunMode::Test => "test",
            RunMode::Production => "production",
        }
    }
}

/// The answer a `flow.respond` node chose for the webhook that started the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookResponse {
    pub status: u16,
    #[serde(default)]
    pub headers: serde_json::Map<String, Value>,
    pub body: Value,
}

/// Services the host attaches to a run (credentials, HTTP clients, recorders), found by type.
#[derive(Clone, Default)]
pub struct Extensions(HashMap<TypeId, Arc<dyn Any + Send + Sync>>);

impl Extensions {
    pub fn insert<T: Any + Send + Sync>(&mut self, value: Arc<T>) {
        self.0.insert(TypeId::of::<T>(), value);
    }

    pub fn get<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.0
            .get(&TypeId::of::<T>())
            .cloned()
            .and_then(|a| a.downcast::<T>().ok())
    }
}

/// What to run: the mode, the trigger's items and the switches of a test run.
#[derive(Clone)]
pub struct RunRequest {
    pub run_id: String,
    pub mode: RunMode,
    /// Items that replace the trigger's output (`--input`, or the event a trigger received).
    pub trigger_items: Option<Vec<Value>>,
    /// Send no request that changes data elsewhere.
    pub dry_run: bool,
    /// The run's `$now`; a replay passes the recorded one.
    pub started_at: Timestamp,
    pub extensions: Extensions,
    pub js_limits: JsLimits,
    /// Only these nodes execute (`--until`, `--node`); the others are skipped. `None`: all.
    pub only: Option<HashSet<String>>,
    /// Outputs given up front, per node id and port (`--node` takes its inputs from a recorded
    /// run): such nodes are not executed and their status is `pinned`.
    pub seeded: HashMap<String, PortItems>,
}

/// Items per output port, in port order: `[("main", [...])]`.
pub type PortItems = Vec<(String, Vec<Value>)>;

impl RunRequest {
    pub fn new(mode: RunMode) -> Self {
        Self {
            run_id: new_run_id(),
            mode,
            trigger_items: None,
            dry_run: false,
            started_at: Timestamp::now(),
            extensions: Extensions::default(),
            js_limits: JsLimits::default(),
            only: None,
            seeded: HashMap::new(),
        }
    }

    pub fn with_trigger_items(mut self, items: Vec<Value>) -> Self {
        self.trigger_items = Some(items);
        self
    }

    pub fn with_dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }
}

/// A new run id: time-ordered (UUID v7), so ids sort by start time.
pub fn new_run_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

type Outputs = Arc<RwLock<HashMap<String, Vec<Items>>>>;

/// The state one run shares among its nodes.
pub struct RunScope {
    pub run_id: String,
    pub workflow_id: String,
    pub mode: RunMode,
    pub dry_run: bool,
    pub started_at: Timestamp,
    pub extensions: Extensions,
    pub cancel: CancellationToken,
    now_text: String,
    run_value: Value,
    trigger: OnceLock<Value>,
    outputs: Outputs,
    js: Mutex<Option<JsSandbox>>,
    js_limits: JsLimits,
    response: Mutex<Option<WebhookResponse>>,
}

impl RunScope {
    pub fn new(workflow_id: &str, request: &RunRequest, cancel: CancellationToken) -> Self {
        Self {
            run_id: request.run_id.clone(),
            workflow_id: workflow_id.to_owned(),
            mode: request.mode,
            dry_run: request.dry_run,
            started_at: request.started_at,
            extensions: request.extensions.clone(),
            cancel,
            now_text: request.started_at.to_string(),
            run_value: json!({ "id": request.run_id, "workflow_id": workflow_id, "mode": request.mode.as_str() }),
            trigger: OnceLock::new(),
            outputs: Arc::new(RwLock::new(HashMap::new())),
            js: Mutex::new(None),
            js_limits: request.js_limits,
            response: Mutex::new(None),
        }
    }

    pub fn now_text(&self) -> &str {
        &self.now_text
    }

    pub fn run_value(&self) -> &Value {
        &self.run_value
    }

    /// `$trigger`: the first item the trigger emitted.
    pub fn trigger_item(&self) -> Option<&Value> {
        self.trigger.get()
    }

    pub(crate) fn set_trigger_item(&self, item: Value) {
        let _ = self.trigger.set(item);
    }

    pub(crate) fn record_output(&self, node_id: &str, ports: Vec<Items>) {
        if let Ok(mut outputs) = self.outputs.write() {
            outputs.insert(node_id.to_owned(), ports);
        }
    }

    /// `$out("id")`: what that node emitted in this run, all ports in port order.
    pub fn node_output(&self, node_id: &str) -> Vec<Value> {
        lookup_output(&self.outputs, node_id)
    }

    pub fn set_response(&self, response: WebhookResponse) {
        if let Ok(mut slot) = self.response.lock() {
            *slot = Some(response);
        }
    }

    pub fn take_response(&self) -> Option<WebhookResponse> {
        self.response.lock().ok().and_then(|mut slot| slot.take())
    }

    /// Evaluates a JavaScript expression in the run's sandbox (created on first use).
    pub fn eval_javascript(
        &self,
        source: &str,
        json: &Value,
        index: usize,
        input: &[Value],
    ) -> Result<Option<Value>, String> {
        self.with_javascript(|sandbox| sandbox.eval_expression(source, json, index, input))
            .map_err(|e| e.to_string())
    }

    /// Runs `f` with the run's sandbox, creating it first if this is the first use.
    pub fn with_javascript<T>(
        &self,
        f: impl FnOnce(&mut JsSandbox) -> Result<T, JsError>,
    ) -> Result<T, JsError> {
        let mut slot = self
            .js
            .lock()
            .map_err(|_| JsError::Engine("the sandbox lock was poisoned".into()))?;
        if slot.is_none() {
            let outputs = Arc::clone(&self.outputs);
            let globals = JsGlobals {
                run: self.run_value.clone(),
                now: self.now_text.clone(),
                trigger: self.trigger.get().cloned().unwrap_or(Value::Null),
                outputs: Arc::new(move |node: &str| Value::Array(lookup_output(&outputs, node))),
                seed: seed_from(&self.run_id),
            };
            *slot = Some(JsSandbox::new(globals, self.js_limits)?);
        }
        match slot.as_mut() {
            Some(sandbox) => {
                let result = f(sandbox);
                if matches!(result, Err(JsError::OutOfMemory(_))) {
                    // A sandbox that ran out of memory is not trusted again; the next use makes a new one.
                    *slot = None;
                }
                result
            }
            None => Err(JsError::Engine("no sandbox".into())),
        }
    }
}

fn lookup_output(outputs: &Outputs, node_id: &str) -> Vec<Value> {
    let Ok(outputs) = outputs.read() else {
        return Vec::new();
    };
    outputs
        .get(node_id)
        .map(|ports| {
            ports
                .iter()
                .flat_map(|items| items.iter().cloned())
                .collect()
        })
        .unwrap_or_default()
}

fn seed_from(run_id: &str) -> u64 {
    // FNV-1a: a stable seed per run id, so a replay draws the same "random" numbers.
    run_id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}
