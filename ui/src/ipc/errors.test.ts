import { describe, expect, it } from "vitest";
import { describeError } from "./errors";

describe("describeError", () => {
  it("shows a CommandError's message", () => {
    expect(describeError({ kind: "io", message: "permission denied", problems: [] })).toBe("permission denied");
  });

  it("lists the problems of an invalid document, at most three", () => {
    const problems = [
      { node: "lead", field: "params.path", message: "path is required" },
      { message: "the workflow needs a trigger node" },
      { node: "a", message: "one" },
      { node: "b", message: "two" },
    ];
    expect(describeError({ kind: "invalid", message: "the document is invalid", problems })).toBe(
      "the document is invalid: lead params.path: path is required; the workflow needs a trigger node; a: one (and 1 more)");
  });

  it("falls back to an Error's message or the value itself", () => {
    expect(describeError(new Error("boom"))).toBe("boom");
    expect(describeError("no such file")).toBe("no such file");
  });
});
