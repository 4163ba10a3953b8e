// A preview of a field's value for one item: only plain `{{ $json.a.b }}` / `{{ $json.list[0] }}`
// paths are evaluated here; anything else is left to the engine (no preview).
import type { JsonValue } from "../ipc/types";
import { splitExpressions } from "./expressions";

const PATH = /^\$json((?:\.[A-Za-z_$][\w$]*|\[\d+\])*)$/;
const STEP = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]/g;

/** The value of a plain `$json` path in `item`; undefined when the text is not one. */
function evaluatePath(expression: string, item: JsonValue): { value: JsonValue | undefined } | undefined {
  const match = PATH.exec(expression.trim());
  if (!match) return undefined;
  let value: JsonValue | undefined = item;
  for (const step of (match[1] ?? "").matchAll(STEP)) {
    const key = step[1] ?? Number(step[2]);
    if (typeof value !== "object" || value === null) return { value: undefined };
    value = Array.isArray(value) ? (typeof key === "number" ? value[key] : undefined) : typeof key === "string" ? value[key] : undefined;
  }
  return { value };
}

function asText(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The field's value for `item`, as text; null when it has no expression or one this preview cannot evaluate. */
export function previewExpression(text: string, item: JsonValue): string | null {
  const parts = splitExpressions(text);
  if (!parts.some((p) => p.expr)) return null;
  const values: (JsonValue | undefined)[] = [];
  for (const p of parts) {
    if (!p.expr) continue;
    if (!p.text.endsWith("}}")) return null;
    const result = evaluatePath(p.text.slice(2, -2), item);
    if (!result) return null;
    values.push(result.value);
  }
  // A field that is one expression keeps the value's type; a template is text.
  if (parts.length === 1) return values[0] === undefined ? "undefined" : JSON.stringify(values[0]);
  let next = 0;
  return parts.map((p) => (p.expr ? asText(values[next++]) : p.text)).join("");
}
