import { describe, expect, it } from "vitest";
import { acceptSuggestion, completionContext, insertAt, suggestionsFor } from "./completion";

const item = { body: { email: "ada@example.com", employees: 240, "first name": "Ada" }, owner: "1002", ok: true };

describe("the completion context", () => {
  const at = (text: string) => completionContext(text, text.length);

  it("finds the path and the typed prefix right after `$json.` inside {{ }}", () => {
    expect(at("{{ $json.")).toEqual({ path: [], prefix: "", from: 9 });
    expect(at("{{ $json.bo")).toEqual({ path: [], prefix: "bo", from: 9 });
    expect(at("{{ $json.body.")).toEqual({ path: ["body"], prefix: "", from: 14 });
    expect(at("Hi {{ $json.body.em")).toEqual({ path: ["body"], prefix: "em", from: 17 });
    expect(at("{{ 1 + $json.a.b.c")).toEqual({ path: ["a", "b"], prefix: "c", from: 17 });
  });

  it("uses the caret, not the end of the text", () => {
    expect(completionContext("{{ $json.bo }}", 11)).toEqual({ path: [], prefix: "bo", from: 9 });
    expect(completionContext("{{ $json. }} tail", 9)).toEqual({ path: [], prefix: "", from: 9 });
  });

  it("is null outside an expression or away from `$json.`", () => {
    expect(at("$json.")).toBeNull();
    expect(at("{{ $json.body }} $json.")).toBeNull();
    expect(at("{{ $json")).toBeNull();
    expect(at("{{ $json.body ")).toBeNull();
    expect(at("{{ $jsonx.")).toBeNull();
    expect(at("{{ x$json.")).toBeNull();
    expect(at("")).toBeNull();
  });
});

describe("suggestions", () => {
  const ctx = (path: string[], prefix: string) => ({ path, prefix, from: 0 });

  it("lists the item's keys at the path that start with the prefix, in the item's order", () => {
    expect(suggestionsFor(item, ctx([], ""))).toEqual(["body", "owner", "ok"]);
    expect(suggestionsFor(item, ctx([], "O"))).toEqual(["owner", "ok"]);
    expect(suggestionsFor(item, ctx(["body"], "e"))).toEqual(["email", "employees"]);
    expect(suggestionsFor(item, ctx([], "body"))).toEqual([]);
  });

  it("has none past a non-object, for a missing key or without run data", () => {
    expect(suggestionsFor(item, ctx(["owner"], ""))).toEqual([]);
    expect(suggestionsFor(item, ctx(["nope"], ""))).toEqual([]);
    expect(suggestionsFor(undefined, ctx([], ""))).toEqual([]);
    expect(suggestionsFor(["a"], ctx([], ""))).toEqual([]);
  });

  it("accepting replaces the prefix, in brackets when the key is not an identifier", () => {
    const text = "{{ $json.bo }}";
    const context = completionContext(text, 11);
    expect(context).not.toBeNull();
    if (!context) return;
    expect(acceptSuggestion(text, 11, context, "body")).toEqual({ text: "{{ $json.body }}", caret: 13 });
    const deeper = "{{ $json.body.fi";
    const c2 = completionContext(deeper, deeper.length);
    if (!c2) throw new Error("no context");
    expect(acceptSuggestion(deeper, deeper.length, c2, "first name")).toEqual({ text: '{{ $json.body["first name"]', caret: 27 });
  });

  it("inserts dropped text at the caret, or at the end", () => {
    expect(insertAt("ab", 1, "X")).toEqual({ text: "aXb", caret: 2 });
    expect(insertAt("ab", null, "X")).toEqual({ text: "abX", caret: 3 });
    expect(insertAt("ab", 9, "X")).toEqual({ text: "abX", caret: 3 });
  });
});
