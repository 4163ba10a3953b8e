import { describe, expect, it } from "vitest";
import type { NodeRunView, RunDetail, WorkflowDocument } from "../ipc/types";
import { withPinned } from "../store/edit";
import { pinRecordedOutputs } from "./history";

function view(node_id: string, status: NodeRunView["status"], items: number[]): NodeRunView {
  return {
    node_id, node_type: "data.set", status, started_at: null, duration_ms: 1, inputs: [],
    outputs: [{ port: "main", items: items.map((n) => ({ n })) }], attempts: [], error: null, item_errors: 0, truncated: false, exchanges: [],
  };
}

const doc: WorkflowDocument = {
  schema: "switchyard/workflow@1", id: "wf", active: false, edges: [],
  nodes: [{ id: "a", type: "trigger.manual" }, { id: "b", type: "data.set" }, { id: "c", type: "data.set" }],
};

describe("pinned data", () => {
  it("pins and unpins a node's items, dropping the empty pinned map", () => {
    const pinned = withPinned(doc, "b", [{ x: 1 }]);
    expect(pinned.pinned).toEqual({ b: [{ x: 1 }] });
    expect(doc.pinned).toBeUndefined();
    expect("pinned" in withPinned(pinned, "b", null)).toBe(false);
    expect(withPinned(withPinned(pinned, "a", []), "b", null).pinned).toEqual({ a: [] });
  });

  it("copies a recorded run's outputs as pins on the nodes that ran and still exist", () => {
    const detail: RunDetail = {
      summary: { run_id: "r", workflow_id: "wf", mode: "test", status: "succeeded", trigger: "trigger.manual", started_at: "", finished_at: "", duration_ms: 1 },
      document: null, source_path: null,
      nodes: [view("a", "pinned", [1]), view("b", "succeeded", [2, 3]), view("c", "skipped", []), view("gone", "succeeded", [4])],
    };
    expect(pinRecordedOutputs(doc, detail).pinned).toEqual({ a: [{ n: 1 }], b: [{ n: 2 }, { n: 3 }] });
  });
});
