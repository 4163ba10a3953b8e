import { describe, expect, it } from "vitest";
import { previewExpression } from "./preview";

const item = { body: { email: "ada@example.com", employees: 240, tags: ["a", "b"] }, ok: true };

describe("expression preview", () => {
  it("evaluates plain $json paths, keeping a lone expression's type", () => {
    expect(previewExpression("{{ $json.body.employees }}", item)).toBe("240");
    expect(previewExpression("{{ $json.body.email }}", item)).toBe('"ada@example.com"');
    expect(previewExpression("{{ $json.body.tags[1] }}", item)).toBe('"b"');
    expect(previewExpression("{{ $json.body.missing }}", item)).toBe("undefined");
    expect(previewExpression("{{ $json.ok.deeper }}", item)).toBe("undefined");
  });

  it("interpolates templates as text", () => {
    expect(previewExpression("Hi {{ $json.body.email }} ({{ $json.body.employees }})", item)).toBe("Hi ada@example.com (240)");
  });

  it("leaves everything else to the engine", () => {
    expect(previewExpression("plain text", item)).toBeNull();
    expect(previewExpression("{{ $json.body.employees * 2 }}", item)).toBeNull();
    expect(previewExpression("{{ $now }}", item)).toBeNull();
    expect(previewExpression("{{ $json.body", item)).toBeNull();
  });
});
