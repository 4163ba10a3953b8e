import { describe, expect, it } from "vitest";
import { catalog } from "../test/catalog";
import { listWorkspace } from "./mockWorkspace";

const doc = (id: string, extra: object = {}) => JSON.stringify({
  schema: "switchyard/workflow@1", id, active: false,
  nodes: [{ id: "manual", type: "trigger.manual" }], edges: [], ...extra,
});

describe("the mock host's workspace", () => {
  it("lists the workflow files directly inside the folder, by file name, with their problems", () => {
    const files = new Map([
      ["/workspace/b.flow.json", doc("b", { name: "Bee", active: true })],
      ["/workspace/a.flow.json", doc("a", { nodes: [] })],
      ["/workspace/sub/c.flow.json", doc("c")],
      ["/workspace/notes.json", doc("n")],
      ["/workspace/broken.flow.json", "{"],
      ["templates/t.flow.json", doc("t")],
    ]);
    expect(listWorkspace("/workspace", files, catalog)).toEqual({
      folder: "/workspace",
      files: [
        { path: "/workspace/a.flow.json", file: "a.flow.json", name: "a", active: false, problems: 1 },
        { path: "/workspace/b.flow.json", file: "b.flow.json", name: "Bee", active: true, problems: 0 },
        { path: "/workspace/broken.flow.json", file: "broken.flow.json", name: null, active: false, problems: 1 },
      ],
    });
  });
});
