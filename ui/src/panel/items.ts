// Items as the inspector shows them: table columns, cell text and the search filter.
import type { JsonValue } from "../ipc/types";

function isObject(v: JsonValue): v is { [key: string]: JsonValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The top-level keys of the items, in the order they first appear; `value` for non-objects. */
export function columnsOf(items: readonly JsonValue[]): string[] {
  const seen = new Set<string>();
  for (const item of items) {
    if (isObject(item)) for (const key of Object.keys(item)) seen.add(key);
    else seen.add("value");
  }
  return [...seen];
}

/** One cell: the item's value under `column`. */
export function cellOf(item: JsonValue, column: string): JsonValue | undefined {
  if (isObject(item)) return item[column];
  return column === "value" ? item : undefined;
}

export function cellText(value: JsonValue | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** The items whose JSON text contains `text` (case-insensitive); all of them for an empty search. */
export function filterItems(items: readonly JsonValue[], text: string): JsonValue[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [...items];
  return items.filter((item) => JSON.stringify(item).toLowerCase().includes(needle));
}
