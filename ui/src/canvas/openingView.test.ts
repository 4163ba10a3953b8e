import { describe, expect, it } from "vitest";
import type { NodeDocument } from "../ipc/types";
import { openingView, READABLE_ZOOM } from "./openingView";

const node = (id: string, type: string, x: number, y: number): NodeDocument => ({ id, type, position: [x, y], params: {} }) as NodeDocument;

describe("openingView", () => {
  it("keeps the fitted view when the whole workflow is readable", () => {
    const fitted = { x: 10, y: 20, zoom: 0.8 };
    expect(openingView(fitted, [node("a", "trigger.manual", 0, 0)], { width: 1000, height: 800 })).toBe(fitted);
  });

  it("opens a big workflow at a readable zoom with its trigger near the left edge", () => {
    const nodes = [node("b", "data.set", -500, 0), node("t", "trigger.webhook", 100, 200)];
    const view = openingView({ x: 0, y: 0, zoom: 0.2 }, nodes, { width: 1000, height: 800 });
    expect(view.zoom).toBe(READABLE_ZOOM);
    expect(100 * view.zoom + view.x).toBeCloseTo(80);
    expect((200 + 32) * view.zoom + view.y).toBeCloseTo(400);
  });

  it("falls back to the leftmost node without a trigger", () => {
    const nodes = [node("b", "data.set", 300, 0), node("a", "data.set", -400, 0)];
    const view = openingView({ x: 0, y: 0, zoom: 0.1 }, nodes, { width: 1000, height: 800 });
    expect(-400 * view.zoom + view.x).toBeCloseTo(80);
  });
});
