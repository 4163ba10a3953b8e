//! Running one node: attempts with retry (exponential backoff, jitter), the per-node timeout,
//! and what `on_error` makes of failed items.

use crate::Items;
use crate::error::{ErrorKind, NodeError};
use crate::event::{Attempt, NodeRecord, NodeStatus, RunEvent, RunEventSink};
use crate::node::{ItemFailure, NodeContext};
use crate::plan::PlanNode;
use crate::run::RunScope;
use crate::time::Timestamp;
use backon::{BackoffBuilder, ExponentialBuilder};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};
use switchyard_model::OnError;

/// One finished attempt: the node's own result plus what it emitted and which items failed.
struct Outcome {
    result: Result<(), NodeError>,
    outputs: Vec<Vec<Value>>,
    failures: Vec<ItemFailure>,
}

pub(super) async fn run_node(
    node: &PlanNode,
    inputs: Vec<Items>,
    scope: &RunScope,
    trigger_items: Option<&[Value]>,
    sink: &dyn RunEventSink,
    started_at: Timestamp,
) -> NodeRecord {
    let clock = Instant::now();
    let max_attempts = node.retry.map_or(1, |r| r.max_attempts.max(1));
    let mut delays = node.retry.map(|r| {
        ExponentialBuilder::default()
            .with_min_delay(Duration::from_millis(r.initial_delay_ms))
            .with_max_delay(Duration::from_millis(
                r.max_delay_ms.max(r.initial_delay_ms),
            ))
            .with_factor(2.0)
            .with_jitter()
            .with_max_times(r.max_attempts.saturating_sub(1) as usize)
            .build()
    });
    let mut attempt_log = Vec::new();
    let mut number = 0;
    let outcome = loop {
        number += 1;
        let attempt_start = Timestamp::now();
        let outcome = attempt(node, &inputs, scope, trigger_items).await;
        let error = attempt_error(node.on_error, &outcome);
        attempt_log.push(Attempt {
            number,
            started_at: attempt_start,
            finished_at: Timestamp::now(),
            error: error.clone(),
        });
        let Some(error) = error else { break outcome };
        let retry_in = match delays.as_mut() {
            Some(delays)
                if number < max_attempts
                    && error.kind.is_retryable()
                    && !scope.cancel.is_cancelled() =>
            {
                delays.next()
            }
            _ => None,
        };
        let event_attempt = attempt_log.last().cloned();
        if let Some(attempt) = event_attempt {
            sink.emit(&RunEvent::AttemptFailed {
                run_id: scope.run_id.clone(),
                node_id: node.id.clone(),
                attempt,
                retry_in_ms: retry_in.map(|d| d.as_millis() as u64),
            });
        }
        let Some(delay) = retry_in else { break outcome };
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            () = scope.cancel.cancelled() => break outcome,
        }
    };
    let mut record = NodeRecord::not_run(&node.id, &node.node_type, &node.ports);
    record.started_at = Some(started_at);
    record.attempts = number;
    record.attempt_log = attempt_log;
    apply_policy(node, &inputs, outcome, &mut record);
    record.inputs = inputs;
    record.duration_ms = clock.elapsed().as_secs_f64() * 1000.0;
    record
}

async fn attempt(
    node: &PlanNode,
    inputs: &[Items],
    scope: &RunScope,
    trigger_items: Option<&[Value]>,
) -> Outcome {
    let mut ctx = NodeContext::new(
        &node.id,
        scope,
        inputs,
        node.own_ports(),
        trigger_items,
        node.credential.as_deref(),
    );
    let run = node.prepared.run(&mut ctx);
    let result = match node.timeout {
        Some(limit) => match tokio::time::timeout(limit, run).await {
            Ok(result) => result,
            Err(_) => Err(NodeError::new(
                ErrorKind::Timeout,
                format!(
                    "the node took longer than its timeout of {} ms",
                    limit.as_millis()
                ),
            )),
        },
        None => run.await,
    };
    let (outputs, failures) = ctx.finish();
    Outcome {
        result,
        outputs,
        failures,
    }
}

/// The error that makes this attempt a failed one, if any.
fn attempt_error(policy: OnError, outcome: &Outcome) -> Option<NodeError> {
    match (&outcome.result, policy) {
        (Err(error), _) => Some(error.clone()),
        (Ok(()), OnError::Stop) => outcome
            .failures
            .first()
            .map(|f| item_error(f, outcome.failures.len())),
        (Ok(()), _) => None,
    }
}

fn item_error(failure: &ItemFailure, total: usize) -> NodeError {
    let mut error = failure.error.clone();
    let others = if total > 1 {
        format!(" (and {} more failed items)", total - 1)
    } else {
        String::new()
    };
    error.message = format!("item {}: {}{others}", failure.index, error.message);
    error
}

/// Turns the last attempt into the node's status and outputs, following `on_error`.
fn apply_policy(node: &PlanNode, inputs: &[Items], outcome: Outcome, record: &mut NodeRecord) {
    let Outcome {
        result,
        outputs,
        mut failures,
    } = outcome;
    let first_input: &[Value] = inputs.first().map(|items| items.as_slice()).unwrap_or(&[]);
    if let Err(error) = result {
        // The whole node failed: every input item failed with it.
        match node.on_error {
            OnError::Stop => {
                record.status = NodeStatus::Failed;
                record.error = Some(error);
                return;
            }
            OnError::Continue | OnError::ErrorPort => {
                failures = (0..first_input.len())
                    .map(|index| ItemFailure {
                        index,
                        error: error.clone(),
                    })
                    .collect();
            }
        }
        set_outputs(record, Vec::new());
    } else {
        set_outputs(record, outputs);
    }
    if failures.is_empty() {
        record.status = NodeStatus::Succeeded;
        return;
    }
    match node.on_error {
        OnError::Stop => {
            record.status = NodeStatus::Failed;
            record.error = failures.first().map(|f| item_error(f, failures.len()));
        }
        OnError::Continue => {
            record.status = NodeStatus::Succeeded;
            record.item_errors = failures.len();
        }
        OnError::ErrorPort => {
            record.status = NodeStatus::Succeeded;
            record.item_errors = failures.len();
            let failed: Vec<Value> = failures
                .iter()
                .map(|f| {
                    let mut item = first_input
                        .get(f.index)
                        .cloned()
                        .unwrap_or_else(|| Value::Object(Default::default()));
                    if let Value::Object(map) = &mut item {
                        map.insert("error".into(), f.error.to_value());
                    }
                    item
                })
                .collect();
            if let Some((_, port)) = record.outputs.last_mut() {
                *port = Arc::new(failed);
            }
        }
    }
}

fn set_outputs(record: &mut NodeRecord, outputs: Vec<Vec<Value>>) {
    for ((_, slot), items) in record.outputs.iter_mut().zip(outputs) {
        *slot = Arc::new(items);
    }
}
