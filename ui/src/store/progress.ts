// Pure run state: what each node did, from the live `run-progress` events or a recorded run.
import type { NodeError, NodeStatus, PortCount, RunDetail, RunError, RunProgress, RunStatus } from "../ipc/types";

/** A node's state in a run: the engine's final statuses, plus `running` while it works. */
export type NodeRunStatus = "running" | NodeStatus;

export interface NodeRunState {
  status: NodeRunStatus;
  /** Items out, per output port (empty while running). */
  outputs: PortCount[];
  durationMs: number | null;
  error: NodeError | null;
  /** Failed attempts so far (retries). */
  failedAttempts: number;
}

export interface RunOutcome {
  status: RunStatus;
  durationMs: number | null;
  error: RunError | null;
}

export type NodeStates = Readonly<Record<string, NodeRunState>>;

export const NO_STATES: NodeStates = {};

function running(previous: NodeRunState | undefined): NodeRunState {
  return { status: "running", outputs: [], durationMs: null, error: null, failedAttempts: previous?.failedAttempts ?? 0 };
}

/** The node states after one event (the same object when the event changes nothing). */
export function applyProgress(states: NodeStates, event: RunProgress): NodeStates {
  switch (event.kind) {
    case "run_started": return NO_STATES;
    case "node_started": return { ...states, [event.node_id]: running(states[event.node_id]) };
    case "attempt_failed": {
      const previous = states[event.node_id] ?? running(undefined);
      return { ...states, [event.node_id]: { ...previous, failedAttempts: previous.failedAttempts + 1, error: event.error } };
    }
    case "node_finished": return {
      ...states,
      [event.node_id]: {
        status: event.status, outputs: event.outputs, durationMs: event.duration_ms, error: event.error,
        failedAttempts: states[event.node_id]?.failedAttempts ?? 0,
      },
    };
    case "run_finished": return states;
  }
}

/** The outcome a `run_finished` event reports. */
export function outcomeOf(event: RunProgress): RunOutcome | null {
  if (event.kind !== "run_finished") return null;
  return { status: event.status, durationMs: event.duration_ms, error: event.error };
}

/** The node states of a recorded run. */
export function statesOfDetail(detail: RunDetail): NodeStates {
  return Object.fromEntries(detail.nodes.map((n) => [n.node_id, {
    status: n.status,
    outputs: n.outputs.map((p) => ({ port: p.port, items: p.items.length })),
    durationMs: n.duration_ms,
    error: n.error,
    failedAttempts: n.attempts.filter((a) => a.error !== null).length,
  }]));
}

/** Items that left `port` of a node, when the run knows. */
export function portCount(state: NodeRunState | undefined, port: string): number | undefined {
  return state?.outputs.find((p) => p.port === port)?.items;
}

export function itemsLabel(count: number): string {
  return `${count} item${count === 1 ? "" : "s"}`;
}

export function durationLabel(ms: number | null): string {
  if (ms === null) return "";
  if (ms < 1) return "<1 ms";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
