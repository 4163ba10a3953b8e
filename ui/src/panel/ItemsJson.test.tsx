import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { JsonValue } from "../ipc/types";
import { ItemsJson } from "./ItemsJson";

afterEach(cleanup);

describe("the items' JSON view", () => {
  const items: JsonValue[] = [{ body: { email: "a@b.c", "first name": "Ada", tags: [{ id: 1 }] }, empty: {}, list: [] }, "plain", 3];

  it("reads exactly as JSON.stringify writes it", () => {
    const { container } = render(<ItemsJson items={items} />);
    expect(container.querySelector("pre")?.textContent).toBe(JSON.stringify(items, null, 2));
  });

  it("makes every key drag the expression for its full path in the item", () => {
    const { container } = render(<ItemsJson items={items} />);
    const keys = [...container.querySelectorAll(".sy-items__key")].map((k) => [k.textContent, k.getAttribute("data-expression")]);
    expect(keys).toEqual([
      ['"body"', "{{ $json.body }}"],
      ['"email"', "{{ $json.body.email }}"],
      ['"first name"', '{{ $json.body["first name"] }}'],
      ['"tags"', "{{ $json.body.tags }}"],
      ['"id"', "{{ $json.body.tags[0].id }}"],
      ['"empty"', "{{ $json.empty }}"],
      ['"list"', "{{ $json.list }}"],
    ]);
    expect(container.querySelector(".sy-items__key")?.getAttribute("draggable")).toBe("true");
  });
});
