import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { WorkflowDocument } from "../ipc/types";
import { toCanonicalJson, writeDocument } from "./canonical";

const templatesDir = join(__dirname, "../../../assets/templates");
const templates = readdirSync(templatesDir).filter((f) => f.endsWith(".flow.json"));

describe("canonical writer", () => {
  it("finds the shipped templates", () => {
    expect(templates.length).toBeGreaterThan(0);
  });

  it.each(templates)("round-trips %s to identical text", (file) => {
    const text = readFileSync(join(templatesDir, file), "utf8");
    expect(writeDocument(JSON.parse(text) as WorkflowDocument)).toBe(text);
  });

  it("puts known keys in the Rust field order and drops defaults", () => {
    const doc = {
      edges: [{ to: "b", from: "a" }],
      nodes: [{ params: {}, type: "data.set", id: "a", type_version: 1, disabled: false, name: "" }],
      active: false, id: "x", schema: "switchyard/workflow@1", notes: [], pinned: {},
    } as unknown as WorkflowDocument;
    expect(writeDocument(doc)).toBe(
      '{\n  "schema": "switchyard/workflow@1",\n  "id": "x",\n  "active": false,\n  "nodes": [\n' +
      '    { "id": "a", "type": "data.set" }\n  ],\n  "edges": [\n    { "from": "a", "to": "b" }\n  ]\n}\n');
  });

  it("inlines short flat arrays and objects, breaks long ones", () => {
    expect(toCanonicalJson([1, 2])).toBe("[1, 2]");
    expect(toCanonicalJson({ a: "b" })).toBe('{ "a": "b" }');
    const long = { text: "x".repeat(90) };
    expect(toCanonicalJson(long)).toBe(`{\n  "text": "${"x".repeat(90)}"\n}`);
    expect(toCanonicalJson({ a: [1] })).toBe('{\n  "a": [1]\n}');
    expect(toCanonicalJson({})).toBe("{}");
  });

  it("counts the inline width in bytes, as the Rust writer does", () => {
    const wide = { t: "é".repeat(44) }; // 88 bytes of text: over 96 with the key
    expect(toCanonicalJson(wide).includes("\n")).toBe(true);
    const narrow = { t: "e".repeat(44) };
    expect(toCanonicalJson(narrow).includes("\n")).toBe(false);
  });
});
