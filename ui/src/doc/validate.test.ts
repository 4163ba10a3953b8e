import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { WorkflowDocument } from "../ipc/types";
import { catalog } from "../test/catalog";
import { validateDocument } from "./validate";

const dir = join(__dirname, "../../../assets/templates");

describe("document checks", () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith(".flow.json")))("finds no problem in %s", (file) => {
    const doc = JSON.parse(readFileSync(join(dir, file), "utf8")) as WorkflowDocument;
    expect(validateDocument(doc, catalog).errors).toEqual([]);
  });

  it("names the node and field of each problem", () => {
    const doc: WorkflowDocument = {
      schema: "switchyard/workflow@1", id: "t", active: false,
      nodes: [
        { id: "hook", type: "trigger.webhook", params: { path: "" } },
        { id: "a", type: "data.set", params: { keep_input: "yes" } },
        { id: "b", type: "data.set" },
      ],
      edges: [{ from: "a", to: "b" }, { from: "b", to: "a" }, { from: "hook", port: "nope", to: "a" }],
    };
    const errors = validateDocument(doc, catalog).errors;
    expect(errors).toContainEqual({ node: "hook", field: "params.path", message: "path is required" });
    expect(errors.some((e) => e.node === "a" && e.field === "params.keep_input")).toBe(true);
    expect(errors.some((e) => /cycle/.test(e.message))).toBe(true);
    expect(errors.some((e) => /no output port "nope"/.test(e.message))).toBe(true);
  });

  it("wants exactly one trigger", () => {
    const doc: WorkflowDocument = { schema: "switchyard/workflow@1", id: "t", active: false, nodes: [], edges: [] };
    expect(validateDocument(doc, catalog).errors[0]?.message).toMatch(/needs a trigger/);
  });
});
