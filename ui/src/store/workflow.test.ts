import { beforeEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../test/catalog";
import { resetWorkflow, useWorkflow } from "./workflow";

const s = () => useWorkflow.getState();

beforeEach(() => {
  loadCatalog();
  resetWorkflow();
});

describe("workflow store", () => {
  it("adds nodes with readable unique ids, snapped to the grid", () => {
    expect(s().addNode("trigger.webhook", [3, 9])).toBe("webhook");
    expect(s().addNode("data.set", [100, 0])).toBe("set");
    expect(s().addNode("data.set", [100, 100])).toBe("set-2");
    expect(s().doc.nodes[0]).toEqual({ id: "webhook", type: "trigger.webhook", name: "Webhook", position: [0, 0] });
    expect(s().selection.nodes).toEqual(["set-2"]);
  });

  it("refuses a second trigger with the reason", () => {
    s().addNode("trigger.manual", [0, 0]);
    expect(s().addNode("trigger.webhook", [0, 0])).toBeNull();
    expect(s().notice?.text).toMatch(/exactly one trigger/);
    expect(s().doc.nodes).toHaveLength(1);
  });

  it("connects with the document's edge form", () => {
    s().addNode("trigger.webhook", [0, 0]);
    s().addNode("logic.switch", [200, 0]);
    s().addNode("flow.merge", [400, 0]);
    s().setParams("switch", { rules: [{ port: "small", when: { all: [] } }] });
    expect(s().connect({ source: "webhook", sourceHandle: "main", target: "switch", targetHandle: "main" })).toBeNull();
    expect(s().connect({ source: "switch", sourceHandle: "small", target: "merge", targetHandle: "b" })).toBeNull();
    expect(s().doc.edges).toEqual([
      { from: "webhook", to: "switch" },
      { from: "switch", port: "small", to: "merge", to_port: "b" },
    ]);
    expect(s().connect({ source: "merge", sourceHandle: "main", target: "webhook", targetHandle: null })).toMatch(/trigger/);
    expect(s().doc.edges).toHaveLength(2);
  });

  it("undoes and redoes every edit", () => {
    s().addNode("trigger.manual", [0, 0]);
    s().addNode("data.set", [200, 0]);
    s().connect({ source: "manual", sourceHandle: "main", target: "set", targetHandle: "main" });
    const full = s().doc;
    s().undo();
    expect(s().doc.edges).toHaveLength(0);
    s().undo();
    expect(s().doc.nodes).toHaveLength(1);
    s().redo();
    s().redo();
    expect(s().doc).toEqual(full);
    s().undo();
    s().addNode("data.code", [0, 200]);
    expect(s().future).toHaveLength(0);
  });

  it("moves nodes in one undo step per drag", () => {
    s().addNode("data.set", [0, 0]);
    s().moveNodes([{ id: "set", position: [10, 10] }], true);
    s().moveNodes([{ id: "set", position: [50, 70] }], true);
    s().moveNodes([{ id: "set", position: [60, 80] }], false);
    expect(s().doc.nodes[0]?.position).toEqual([60, 80]);
    s().undo();
    expect(s().doc.nodes[0]?.position).toEqual([0, 0]);
  });

  it("copies and pastes as workflow JSON with fresh ids", () => {
    s().addNode("trigger.manual", [0, 0]);
    s().addNode("data.set", [200, 0]);
    s().addNode("data.code", [400, 0]);
    s().connect({ source: "manual", sourceHandle: "main", target: "set", targetHandle: "main" });
    s().connect({ source: "set", sourceHandle: "main", target: "code", targetHandle: "main" });
    s().selectAll();
    const text = s().copySelection();
    const parsed = JSON.parse(text) as { schema: string; nodes: unknown[]; edges: unknown[] };
    expect(parsed.schema).toBe("switchyard/workflow@1");
    expect(parsed.nodes).toHaveLength(3);
    expect(s().paste(text)).toBeNull();
    // The trigger is not pasted twice; the rest is, with the edge between them.
    expect(s().doc.nodes.map((n) => n.id)).toEqual(["manual", "set", "code", "set-2", "code-2"]);
    expect(s().doc.edges).toContainEqual({ from: "set-2", to: "code-2" });
    expect(s().doc.nodes[3]?.position).toEqual([240, 40]);
    expect(s().notice?.text).toMatch(/trigger/);
    expect(s().selection.nodes).toEqual(["set-2", "code-2"]);
  });

  it("duplicates the selection", () => {
    s().addNode("data.set", [0, 0]);
    s().duplicate();
    expect(s().doc.nodes.map((n) => n.id)).toEqual(["set", "set-2"]);
  });

  it("disables and enables, never a trigger", () => {
    s().addNode("trigger.manual", [0, 0]);
    s().addNode("data.set", [200, 0]);
    s().selectAll();
    s().toggleDisabled();
    expect(s().doc.nodes.map((n) => n.disabled)).toEqual([undefined, true]);
    s().toggleDisabled();
    expect(s().doc.nodes[1]?.disabled).toBe(false);
  });

  it("deletes the selection with its edges", () => {
    s().addNode("trigger.manual", [0, 0]);
    s().addNode("data.set", [200, 0]);
    s().connect({ source: "manual", sourceHandle: "main", target: "set", targetHandle: "main" });
    s().select({ nodes: ["set"] });
    s().deleteSelection();
    expect(s().doc.nodes).toHaveLength(1);
    expect(s().doc.edges).toHaveLength(0);
  });

  it("renames an id everywhere", () => {
    s().addNode("trigger.manual", [0, 0]);
    s().addNode("data.set", [200, 0]);
    s().connect({ source: "manual", sourceHandle: "main", target: "set", targetHandle: "main" });
    expect(s().renameNodeId("set", "Bad Id")).toMatch(/lower-case/);
    expect(s().renameNodeId("set", "owner")).toBeNull();
    expect(s().doc.edges).toEqual([{ from: "manual", to: "owner" }]);
  });

  it("reconnects an edge to another target", () => {
    s().addNode("trigger.manual", [0, 0]);
    s().addNode("data.set", [200, 0]);
    s().addNode("data.code", [200, 200]);
    s().connect({ source: "manual", sourceHandle: "main", target: "set", targetHandle: "main" });
    expect(s().reconnect("manual||set|", { source: "manual", sourceHandle: "main", target: "code", targetHandle: "main" })).toBeNull();
    expect(s().doc.edges).toEqual([{ from: "manual", to: "code" }]);
  });
});
