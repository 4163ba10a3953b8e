import { describe, expect, it } from "vitest";
import { expressionFor, jsonPathOf } from "./jsonPath";

describe("the expression for a key path", () => {
  it("dots identifiers, brackets indexes and everything else", () => {
    expect(expressionFor(["body"])).toBe("{{ $json.body }}");
    expect(expressionFor(["body", "email"])).toBe("{{ $json.body.email }}");
    expect(expressionFor(["first name"])).toBe('{{ $json["first name"] }}');
    expect(expressionFor(["body", "tags", 0])).toBe("{{ $json.body.tags[0] }}");
    expect(jsonPathOf(["a-b", "$ok", "_x", "9lives", 'q"uote'])).toBe('$json["a-b"].$ok._x["9lives"]["q\\"uote"]');
    expect(jsonPathOf([])).toBe("$json");
  });
});
