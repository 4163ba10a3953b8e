import { cleanup, render } from "@testing-library/react";
import { ReactFlowProvider } from "@xyflow/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../test/catalog";
import { resetWorkflow, useWorkflow } from "../store/workflow";
import { Canvas } from "./Canvas";

beforeEach(() => { loadCatalog(); resetWorkflow(); });
afterEach(cleanup);

describe("canvas", () => {
  it("draws each node with handles named as the engine's ports", () => {
    const s = useWorkflow.getState();
    s.addNode("trigger.webhook", [0, 0]);
    s.addNode("logic.switch", [200, 0]);
    s.setParams("switch", { rules: [{ port: "small", when: { all: [] } }, { port: "big", when: { all: [] } }] });
    s.addNode("flow.merge", [400, 0]);
    s.patchNode("merge", { on_error: "error_port" });
    const { container } = render(<ReactFlowProvider><div style={{ width: 800, height: 600 }}><Canvas /></div></ReactFlowProvider>);
    const ports = (id: string, type: "source" | "target") => [...container.querySelectorAll(
      `[data-testid="node-${id}"] .react-flow__handle.${type}`)].map((h) => h.getAttribute("data-handleid"));
    expect(ports("switch", "source")).toEqual(["small", "big"]);
    expect(ports("merge", "target")).toEqual(["a", "b"]);
    expect(ports("merge", "source")).toEqual(["main", "error"]);
    expect(ports("webhook", "target")).toEqual([]);
  });
});
