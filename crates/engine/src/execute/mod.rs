//! The executor: walks a plan, runs each node once its inputs are settled, passes items along
//! edges by port, propagates skips, and reports everything as `RunEvent`s.
//!
//! Independent branches run concurrently (as futures of one task, at most `max_concurrency` at
//! once); a node waits for every edge into it to settle. The executor itself does no I/O.

mod attempt;
mod inputs;

use crate::Items;
use crate::error::{ErrorKind, NodeError};
use crate::event::{NodeRecord, NodeStatus, RunError, RunEvent, RunEventSink, RunStatus};
use crate::plan::Plan;
use crate::report::RunReport;
use crate::run::{PortItems, RunMode, RunRequest, RunScope};
use crate::time::Timestamp;
use futures::stream::{FuturesUnordered, StreamExt};
use inputs::Inbox;
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// How a run is carried out.
#[derive(Debug, Clone)]
pub struct ExecuteOptions {
    /// How many nodes of one run may be running at the same moment.
    pub max_concurrency: usize,
}

impl Default for ExecuteOptions {
    fn default() -> Self {
        Self {
            max_concurrency: 16,
        }
    }
}

/// Runs `plan` once. Every node gets exactly one `NodeFinished` event; the run ends with one
/// `RunFinished`. The returned report is the fold of those events.
pub async fn execute(
    plan: &Plan,
    request: RunRequest,
    options: &ExecuteOptions,
    sink: &dyn RunEventSink,
    cancel: CancellationToken,
) -> RunReport {
    let clock = Instant::now();
    let scope = RunScope::new(&plan.workflow_id, &request, cancel.clone());
    let started = RunEvent::RunStarted {
        run_id: scope.run_id.clone(),
        workflow_id: plan.workflow_id.clone(),
        mode: request.mode,
        trigger: plan.trigger_node().node_type.clone(),
        started_at: request.started_at,
        dry_run: request.dry_run,
    };
    sink.emit(&started);
    let mut report =
        RunReport::started(&started).unwrap_or_else(|| unreachable_report(plan, &request));

    let mut walk = Walk {
        plan,
        scope: &scope,
        sink,
        report: &mut report,
        inbox: Inbox::new(plan),
        finished: vec![false; plan.graph.node_count()],
        queued: vec![false; plan.graph.node_count()],
        ready: VecDeque::new(),
        failure: None,
        use_pins: request.mode == RunMode::Test,
        only: request
            .only
            .as_ref()
            .map(|ids| ids.iter().filter_map(|id| plan.index_of(id)).collect()),
    };
    // Seeded nodes count as finished before any of them passes items on, so that none of
    // them is settled (and skipped) through another.
    let seeded: Vec<(NodeIndex, &PortItems)> = request
        .seeded
        .iter()
        .filter_map(|(id, ports)| plan.index_of(id).map(|index| (index, ports)))
        .collect();
    for (index, _) in &seeded {
        walk.finished[index.index()] = true;
    }
    for (index, ports) in seeded {
        walk.seed(index, ports);
    }
    // Nodes that nothing feeds (besides the trigger) can never receive items: skipped.
    let orphans: Vec<NodeIndex> = plan
        .order
        .iter()
        .copied()
        .filter(|&i| {
            i != plan.trigger
                && plan
                    .graph
                    .edges_directed(i, Direction::Incoming)
                    .next()
                    .is_none()
        })
        .collect();
    for index in orphans {
        walk.settle(index);
    }
    let trigger = plan.trigger_node();
    match &trigger.pinned {
        _ if walk.finished[plan.trigger.index()] => {}
        _ if !walk.may_run(plan.trigger) => {
            walk.finish(
                plan.trigger,
                NodeRecord::not_run(&trigger.id, &trigger.node_type, &trigger.ports),
            );
        }
        Some(pins) if walk.use_pins && request.trigger_items.is_none() => {
            let mut record = NodeRecord::not_run(&trigger.id, &trigger.node_type, &trigger.ports);
            record.status = NodeStatus::Pinned;
            record.started_at = Some(request.started_at);
            if let Some((_, first)) = record.outputs.first_mut() {
                *first = Arc::clone(pins);
            }
            walk.finish(plan.trigger, record);
        }
        _ => walk.ready.push_back(plan.trigger),
    }

    let trigger_items = request.trigger_items.as_deref();
    let mut running: HashMap<NodeIndex, Timestamp> = HashMap::new();
    let mut in_flight = FuturesUnordered::new();
    let mut cancelled = false;
    loop {
        while walk.failure.is_none() && in_flight.len() < options.max_concurrency.max(1) {
            let Some(index) = walk.ready.pop_front() else {
                break;
            };
            let node = &plan.graph[index];
            let inputs = walk.inbox.take(index);
            let started_at = Timestamp::now();
            running.insert(index, started_at);
            sink.emit(&RunEvent::NodeStarted {
                run_id: scope.run_id.clone(),
                node_id: node.id.clone(),
                started_at,
            });
            let given = if node.is_trigger { trigger_items } else { None };
            let scope = &scope;
            in_flight.push(async move {
                let record = attempt::run_node(node, inputs, scope, given, sink, started_at).await;
                (index, record)
            });
        }
        if in_flight.is_empty() {
            break;
        }
        tokio::select! {
            biased;
            () = cancel.cancelled() => {
                cancelled = true;
                break;
            }
            Some((index, record)) = in_flight.next() => {
                running.remove(&index);
                walk.finish(index, record);
            }
        }
    }
    drop(in_flight);

    if cancelled {
        for (index, started_at) in running {
            let node = &plan.graph[index];
            let mut record = NodeRecord::not_run(&node.id, &node.node_type, &node.ports);
            record.status = NodeStatus::Failed;
            record.started_at = Some(started_at);
            record.error = Some(NodeError::new(
                ErrorKind::Cancelled,
                "the run was cancelled while this node ran",
            ));
            walk.record(index, record);
        }
    }
    for &index in &plan.order {
        if !walk.finished[index.index()] {
            let node = &plan.graph[index];
            walk.record(
                index,
                NodeRecord::not_run(&node.id, &node.node_type, &node.ports),
            );
        }
    }
    // A node that noticed the cancellation first (a wait, a request) ends with a `cancelled`
    // error before the loop above sees the token: that run was cancelled all the same.
    let cancelled = cancelled
        || (cancel.is_cancelled()
            && walk
                .failure
                .as_ref()
                .is_none_or(|f| f.kind == ErrorKind::Cancelled));
    let status = if cancelled {
        RunStatus::Cancelled
    } else if walk.failure.is_some() {
        RunStatus::Failed
    } else {
        RunStatus::Succeeded
    };
    let error = walk.failure.take();
    let finished = RunEvent::RunFinished {
        run_id: scope.run_id.clone(),
        status,
        finished_at: Timestamp::now(),
        duration_ms: clock.elapsed().as_secs_f64() * 1000.0,
        error,
        response: scope.take_response(),
    };
    sink.emit(&finished);
    report.apply(&finished);
    report
}

fn unreachable_report(plan: &Plan, request: &RunRequest) -> RunReport {
    RunReport {
        run_id: request.run_id.clone(),
        workflow_id: plan.workflow_id.clone(),
        mode: request.mode,
        trigger: String::new(),
        dry_run: request.dry_run,
        status: RunStatus::Running,
        started_at: request.started_at,
        finished_at: None,
        duration_ms: 0.0,
        error: None,
        response: None,
        nodes: Default::default(),
    }
}

/// The bookkeeping of one run's walk over the graph.
struct Walk<'a> {
    plan: &'a Plan,
    scope: &'a RunScope,
    sink: &'a dyn RunEventSink,
    report: &'a mut RunReport,
    inbox: Inbox,
    finished: Vec<bool>,
    queued: Vec<bool>,
    ready: VecDeque<NodeIndex>,
    failure: Option<RunError>,
    use_pins: bool,
    only: Option<HashSet<NodeIndex>>,
}

impl Walk<'_> {
    fn may_run(&self, index: NodeIndex) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(&index))
    }

    /// Finishes a node with outputs given up front, as if it had run (status `pinned`).
    fn seed(&mut self, index: NodeIndex, ports: &PortItems) {
        let node = &self.plan.graph[index];
        let mut record = NodeRecord::not_run(&node.id, &node.node_type, &node.ports);
        record.status = NodeStatus::Pinned;
        record.started_at = Some(Timestamp::now());
        for (port, items) in ports {
            if let Some((_, slot)) = record.outputs.iter_mut().find(|(p, _)| p == port) {
                *slot = Arc::new(items.clone());
            }
        }
        self.finish(index, record);
    }

    /// Emits a node's record and remembers its output for `$out`.
    fn record(&mut self, index: NodeIndex, record: NodeRecord) {
        self.finished[index.index()] = true;
        self.scope.record_output(
            &record.node_id,
            record
                .outputs
                .iter()
                .map(|(_, items)| Arc::clone(items))
                .collect(),
        );
        let event = RunEvent::NodeFinished {
            run_id: self.scope.run_id.clone(),
            record: Box::new(record),
        };
        self.sink.emit(&event);
        self.report.apply(&event);
    }

    /// A node is over: record it, pass its items on, and settle whatever that unblocks.
    fn finish(&mut self, index: NodeIndex, record: NodeRecord) {
        let node = &self.plan.graph[index];
        if node.is_trigger
            && let Some(first) = record.outputs.first().and_then(|(_, items)| items.first())
        {
            self.scope.set_trigger_item(first.clone());
        }
        if record.status == NodeStatus::Failed && self.failure.is_none() {
            let error = record
                .error
                .clone()
                .unwrap_or_else(|| NodeError::new(ErrorKind::Config, "failed"));
            self.failure = Some(RunError {
                node: node.id.clone(),
                kind: error.kind,
                message: error.message,
            });
        }
        let outputs: Vec<Items> = record
            .outputs
            .iter()
            .map(|(_, items)| Arc::clone(items))
            .collect();
        let failed = record.status == NodeStatus::Failed;
        self.record(index, record);
        if failed {
            return;
        }
        let mut settled = Vec::new();
        for edge in self.plan.graph.edges_directed(index, Direction::Outgoing) {
            let items = outputs
                .get(edge.weight().from_port)
                .cloned()
                .unwrap_or_default();
            if self
                .inbox
                .deliver(edge.target(), edge.id(), edge.weight().to_port, items)
            {
                settled.push(edge.target());
            }
        }
        for target in settled {
            self.settle(target);
        }
    }

    /// Every edge into `index` has delivered: run it, or resolve it on the spot when it is
    /// skipped (no items), disabled (pass-through) or pinned (test runs).
    fn settle(&mut self, index: NodeIndex) {
        let node = &self.plan.graph[index];
        if self.finished[index.index()] || self.queued[index.index()] {
            return; // seeded up front, or already waiting to run
        }
        if !self.inbox.has_items(index) || !self.may_run(index) {
            let record = NodeRecord::not_run(&node.id, &node.node_type, &node.ports);
            self.finish(index, record);
            return;
        }
        let resolved = if node.disabled {
            Some((NodeStatus::Disabled, self.inbox.concat(index)))
        } else if self.use_pins
            && let Some(pins) = &node.pinned
        {
            Some((NodeStatus::Pinned, Arc::clone(pins)))
        } else {
            None
        };
        match resolved {
            Some((status, items)) => {
                let inputs = self.inbox.take(index);
                let mut record = NodeRecord::not_run(&node.id, &node.node_type, &node.ports);
                record.status = status;
                record.started_at = Some(Timestamp::now());
                record.inputs = inputs;
                if let Some((_, first)) = record.outputs.first_mut() {
                    *first = items;
                }
                self.finish(index, record);
            }
            None => {
                self.queued[index.index()] = true;
                self.ready.push_back(index);
            }
        }
    }
}

/// Runs the trigger of `plan` as it would resolve in a test run with pins, without executing
/// anything: used by callers that need to know a run's trigger items up front.
pub fn pinned_trigger_items(plan: &Plan) -> Option<Vec<serde_json::Value>> {
    plan.trigger_node()
        .pinned
        .as_ref()
        .map(|items| items.to_vec())
}
