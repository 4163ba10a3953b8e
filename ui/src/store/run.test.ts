import { beforeEach, describe, expect, it } from "vitest";
import type { RunProgress } from "../ipc/types";
import { isRunning, useRun } from "./run";

const s = () => useRun.getState();
const RUN = "run-1";

const started: RunProgress = { kind: "run_started", run_id: RUN, workflow_id: "wf", trigger: "trigger.manual", started_at: "2026-01-01T00:00:00Z", dry_run: true };
const nodeStarted = (node_id: string, run_id = RUN): RunProgress => ({ kind: "node_started", run_id, node_id });
const finished = (node_id: string, status: "succeeded" | "skipped" | "failed" | "pinned", outputs: [string, number][]): RunProgress => ({
  kind: "node_finished", run_id: RUN, node_id, status, duration_ms: 12.5, input_items: 1,
  outputs: outputs.map(([port, items]) => ({ port, items })), item_errors: 0,
  error: status === "failed" ? { kind: "server", message: "CRM said 500" } : null,
});

beforeEach(() => s().clear());

describe("run store", () => {
  it("follows a run's events: running, then each node's status, counts and duration, then the outcome", () => {
    s().begin();
    expect(isRunning(s())).toBe(true);
    s().started(RUN);
    s().receive(started);
    s().receive(finished("lead", "pinned", [["main", 1]]));
    s().receive(nodeStarted("size"));
    expect(s().nodes.size?.status).toBe("running");
    s().receive(finished("size", "succeeded", [["small", 0], ["mid", 1]]));
    s().receive(finished("owner-small", "skipped", [["main", 0]]));
    s().receive(nodeStarted("crm"));
    s().receive({ kind: "attempt_failed", run_id: RUN, node_id: "crm", attempt: 1, error: { kind: "timeout", message: "slow" }, retry_in_ms: null });
    s().receive(finished("crm", "failed", []));
    expect(s().nodes.lead?.status).toBe("pinned");
    expect(s().nodes.size).toMatchObject({ status: "succeeded", durationMs: 12.5, outputs: [{ port: "small", items: 0 }, { port: "mid", items: 1 }] });
    expect(s().nodes["owner-small"]?.status).toBe("skipped");
    expect(s().nodes.crm).toMatchObject({ status: "failed", failedAttempts: 1, error: { kind: "server", message: "CRM said 500" } });
    expect(isRunning(s())).toBe(true);
    s().receive({ kind: "run_finished", run_id: RUN, status: "failed", duration_ms: 40, error: { node: "crm", kind: "server", message: "CRM said 500" } });
    expect(s().outcome).toEqual({ status: "failed", durationMs: 40, error: { node: "crm", kind: "server", message: "CRM said 500" } });
    expect(isRunning(s())).toBe(false);
  });

  it("keeps the events that arrive before the host answers with the run id, and drops other runs' events", () => {
    s().begin();
    s().receive(started);
    s().receive(nodeStarted("other", "run-2"));
    s().receive(finished("lead", "succeeded", [["main", 2]]));
    s().receive({ kind: "run_finished", run_id: RUN, status: "succeeded", duration_ms: 3, error: null });
    expect(s().nodes).toEqual({});
    s().started(RUN);
    expect(Object.keys(s().nodes)).toEqual(["lead"]);
    expect(s().outcome?.status).toBe("succeeded");
    s().receive(nodeStarted("late", "run-2"));
    expect(s().nodes.late).toBeUndefined();
  });

  it("a refused start leaves nothing running; a new run clears the previous one but keeps the dry-run switch", () => {
    s().setDryRun(true);
    s().begin();
    s().refused();
    expect(isRunning(s())).toBe(false);
    s().begin();
    s().started(RUN);
    s().receive(finished("lead", "succeeded", [["main", 1]]));
    s().begin();
    expect(s().nodes).toEqual({});
    expect(s().runId).toBeNull();
    expect(s().dryRun).toBe(true);
  });

  it("takes the recorded detail of its own run only", () => {
    s().begin();
    s().started(RUN);
    const detail = (run_id: string) => ({
      summary: { run_id, workflow_id: "wf", mode: "test" as const, status: "succeeded" as const, trigger: "trigger.manual",
        started_at: "", finished_at: "", duration_ms: 1 },
      document: null, source_path: null, nodes: [],
    });
    s().setDetail(detail("run-9"));
    expect(s().detail).toBeNull();
    s().setDetail(detail(RUN));
    expect(s().detail?.summary.run_id).toBe(RUN);
  });
});
