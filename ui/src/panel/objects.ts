// Setting a key of a JSON object while keeping the schema's key order.
import type { JsonObject, JsonValue } from "../ipc/types";

/** `obj` with `key` set (or removed when `value` is undefined), keys in `order` first. */
export function setKey(obj: JsonObject, key: string, value: JsonValue | undefined, order: readonly string[]): JsonObject {
  const merged: { [k: string]: JsonValue | undefined } = { ...obj, [key]: value };
  const out: JsonObject = {};
  for (const k of order) {
    const v = merged[k];
    if (v !== undefined) out[k] = v;
  }
  for (const [k, v] of Object.entries(merged)) {
    if (!(k in out) && v !== undefined) out[k] = v;
  }
  return out;
}

export function isPlainObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
