import { beforeEach, describe, expect, it } from "vitest";
import { resetWorkflow, useWorkflow } from "../store/workflow";
import { loadCatalog, lookup } from "../test/catalog";
import { toCanvasEdges, toCanvasNodes } from "./convert";

const s = () => useWorkflow.getState();

beforeEach(() => {
  loadCatalog();
  resetWorkflow();
  s().addNode("trigger.manual", [0, 0]);
  s().addNode("data.set", [200, 0]);
  s().addNode("data.code", [400, 0]);
  s().connect({ source: "manual", sourceHandle: "main", target: "set", targetHandle: "main" });
  s().connect({ source: "set", sourceHandle: "main", target: "code", targetHandle: "main" });
  s().select({ nodes: [], edges: [] });
});

describe("document → canvas", () => {
  it("keeps the objects of nodes and edges that did not change, or only got measured", () => {
    const sizes = new Map([["set", { width: 190, height: 64 }]]);
    const first = toCanvasNodes(s().doc, lookup, s().selection, [], sizes);
    const edges = toCanvasEdges(s().doc, lookup, s().selection);
    s().select({ nodes: ["set"] });
    s().patchNode("code", { name: "Renamed" });
    const problems = [{ node: "manual", message: "odd" }];
    const next = toCanvasNodes(s().doc, lookup, s().selection, problems, sizes, first);
    expect(next.map((n, i) => n === first[i])).toEqual([false, false, false]);
    const remeasured = new Map([["set", { width: 190, height: 80 }]]);
    const again = toCanvasNodes(s().doc, lookup, s().selection, problems, remeasured, next);
    expect(again.map((n, i) => n === next[i])).toEqual([true, true, true]);
    expect(again[0]?.data).toMatchObject({ problems: ["odd"] });
    expect(again[1]?.selected).toBe(true);

    s().select({ edges: ["manual||set|"] });
    const nextEdges = toCanvasEdges(s().doc, lookup, s().selection, edges);
    expect(nextEdges.map((e, i) => e === edges[i])).toEqual([false, true]);
    expect(nextEdges[0]?.selected).toBe(true);
  });

  it("carries each node's run state and pin, and labels edges with the items that crossed them", () => {
    const states = { manual: { status: "succeeded" as const, outputs: [{ port: "main", items: 3 }], durationMs: 1, error: null, failedAttempts: 0 } };
    s().edit((d) => ({ ...d, pinned: { set: [{ a: 1 }] } }));
    const first = toCanvasNodes(s().doc, lookup, s().selection, [], new Map());
    const nodes = toCanvasNodes(s().doc, lookup, s().selection, [], new Map(), first, states);
    expect(nodes.map((n, i) => n === first[i])).toEqual([false, true, true]);
    expect(nodes[0]?.data).toMatchObject({ run: states.manual, pinned: false });
    expect(nodes[1]?.data).toMatchObject({ run: undefined, pinned: true });
    const edges = toCanvasEdges(s().doc, lookup, s().selection, [], states);
    expect(edges.map((e) => e.label)).toEqual(["3 items", undefined]);
    expect(toCanvasEdges(s().doc, lookup, s().selection, edges, states)).toEqual(edges);
  });
});
