import { describe, expect, it } from "vitest";
import type { JsonValue } from "../ipc/types";
import { cellOf, cellText, columnsOf, filterItems } from "./items";

describe("inspector items", () => {
  const items: JsonValue[] = [{ email: "ada@example.com", n: 1 }, { email: "bob@example.com", tags: ["x"] }, "plain"];

  it("makes a column per top-level key, in first-seen order, and one for plain values", () => {
    expect(columnsOf(items)).toEqual(["email", "n", "tags", "value"]);
    expect(cellOf(items[1] ?? null, "tags")).toEqual(["x"]);
    expect(cellOf(items[0] ?? null, "tags")).toBeUndefined();
    expect(cellOf("plain", "value")).toBe("plain");
    expect(cellText(["x"])).toBe('["x"]');
    expect(cellText("text")).toBe("text");
    expect(cellText(undefined)).toBe("");
  });

  it("filters items by their JSON text, ignoring case", () => {
    expect(filterItems(items, "ADA@")).toEqual([items[0]]);
    expect(filterItems(items, "  ")).toEqual(items);
    expect(filterItems(items, "nothing")).toEqual([]);
  });
});
