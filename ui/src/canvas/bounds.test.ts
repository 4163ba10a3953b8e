import { describe, expect, it } from "vitest";
import { emptyDocument } from "../store/edit";
import { documentBounds, NODE_SIZE } from "./bounds";

describe("documentBounds", () => {
  it("covers every node and note, measured or at their usual size", () => {
    const doc = {
      ...emptyDocument(),
      nodes: [{ id: "a", type: "data.set", position: [-100, 20] as [number, number] }, { id: "b", type: "data.set", position: [400, 300] as [number, number] }],
      notes: [{ id: "n", text: "", position: [0, -200] as [number, number], size: [240, 140] as [number, number] }],
    };
    const sizes = new Map([["b", { width: 300, height: 100 }]]);
    expect(documentBounds(doc, sizes)).toEqual({ x: -100, y: -200, width: 800, height: 600 });
    expect(documentBounds({ ...doc, notes: [], nodes: doc.nodes.slice(0, 1) }, new Map()))
      .toEqual({ x: -100, y: 20, ...NODE_SIZE });
  });

  it("is null for an empty document", () => {
    expect(documentBounds(emptyDocument(), new Map())).toBeNull();
  });
});
