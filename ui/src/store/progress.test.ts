import { describe, expect, it } from "vitest";
import type { RunDetail } from "../ipc/types";
import { durationLabel, itemsLabel, portCount, statesOfDetail } from "./progress";

describe("run progress helpers", () => {
  it("labels counts and durations", () => {
    expect(itemsLabel(0)).toBe("0 items");
    expect(itemsLabel(1)).toBe("1 item");
    expect(itemsLabel(3)).toBe("3 items");
    expect(durationLabel(null)).toBe("");
    expect(durationLabel(0.06)).toBe("<1 ms");
    expect(durationLabel(12.4)).toBe("12 ms");
    expect(durationLabel(1530)).toBe("1.53 s");
    expect(durationLabel(30_000)).toBe("30.0 s");
  });

  it("turns a recorded run into node states", () => {
    const detail: RunDetail = {
      summary: { run_id: "r", workflow_id: "wf", mode: "test", status: "failed", trigger: "trigger.manual", started_at: "", finished_at: "", duration_ms: 5 },
      document: null, source_path: null,
      nodes: [{
        node_id: "crm", node_type: "http.request", status: "failed", started_at: null, duration_ms: 7, inputs: [[{ a: 1 }]],
        outputs: [{ port: "main", items: [] }, { port: "error", items: [{ a: 1 }] }],
        attempts: [
          { number: 1, started_at: "", finished_at: "", error: { kind: "timeout", message: "slow" } },
          { number: 2, started_at: "", finished_at: "", error: null },
        ],
        error: { kind: "server", message: "500" }, item_errors: 0, truncated: false, exchanges: [],
      }],
    };
    const states = statesOfDetail(detail);
    expect(states.crm).toEqual({
      status: "failed", durationMs: 7, error: { kind: "server", message: "500" }, failedAttempts: 1,
      outputs: [{ port: "main", items: 0 }, { port: "error", items: 1 }],
    });
    expect(portCount(states.crm, "error")).toBe(1);
    expect(portCount(states.crm, "other")).toBeUndefined();
    expect(portCount(undefined, "main")).toBeUndefined();
  });
});
