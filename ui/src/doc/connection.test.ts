import { describe, expect, it } from "vitest";
import type { WorkflowDocument } from "../ipc/types";
import { lookup } from "../test/catalog";
import { connectionProblem } from "./connection";

const doc: WorkflowDocument = {
  schema: "switchyard/workflow@1", id: "t", active: false,
  nodes: [
    { id: "hook", type: "trigger.webhook" },
    { id: "iff", type: "logic.if" },
    { id: "sw", type: "logic.switch", params: { rules: [{ port: "small", when: { all: [] } }] } },
    { id: "set", type: "data.set" },
    { id: "merge", type: "flow.merge" },
    { id: "code", type: "data.code", on_error: "error_port" },
  ],
  edges: [{ from: "hook", to: "iff" }, { from: "iff", port: "true", to: "set" }],
};

const edge = (source: string, sourceHandle: string | null, target: string, targetHandle: string | null = null) =>
  ({ source, sourceHandle, target, targetHandle });

describe("connection rules", () => {
  it("accepts ports the engine knows", () => {
    expect(connectionProblem(doc, lookup, edge("iff", "false", "sw", "main"))).toBeNull();
    expect(connectionProblem(doc, lookup, edge("sw", "small", "merge", "b"))).toBeNull();
    expect(connectionProblem(doc, lookup, edge("code", "error", "merge", "a"))).toBeNull();
  });

  it("refuses an unknown port", () => {
    expect(connectionProblem(doc, lookup, edge("iff", "main", "sw"))).toMatch(/no output port "main"/);
    expect(connectionProblem(doc, lookup, edge("sw", "large", "set"))).toMatch(/no output port "large"/);
    expect(connectionProblem(doc, lookup, edge("set", "error", "merge", "a"))).toMatch(/no output port "error"/);
    expect(connectionProblem(doc, lookup, edge("set", "main", "merge", "c"))).toMatch(/no input port "c"/);
  });

  it("refuses an edge into a trigger", () => {
    expect(connectionProblem(doc, lookup, edge("set", "main", "hook"))).toMatch(/trigger/);
  });

  it("refuses a cycle and a self loop", () => {
    expect(connectionProblem(doc, lookup, edge("set", "main", "iff"))).toMatch(/cycle/);
    expect(connectionProblem(doc, lookup, edge("set", "main", "set"))).toMatch(/itself/);
  });

  it("refuses a duplicate edge", () => {
    expect(connectionProblem(doc, lookup, edge("iff", "true", "set", "main"))).toMatch(/already connected/);
  });
});
