// The document's canonical text, byte for byte the Rust writer's
// (crates/model/src/document/write.rs): two-space indentation, and arrays and objects of
// scalars whose one-line form is at most INLINE_WIDTH bytes written on one line.
import {
  EDGE_KEYS, NODE_KEYS, NOTE_KEYS, RETRY_KEYS, WORKFLOW_KEYS,
  type JsonObject, type JsonValue, type WorkflowDocument,
} from "../ipc/types";

const INLINE_WIDTH = 96;
const encoder = new TextEncoder();

function byteLength(s: string): number {
  return encoder.encode(s).length;
}

function isContainer(v: JsonValue): v is JsonValue[] | JsonObject {
  return typeof v === "object" && v !== null;
}

function scalar(v: JsonValue): string {
  return JSON.stringify(v);
}

function inlineArray(items: JsonValue[]): string | null {
  if (items.some(isContainer)) return null;
  let line = "[";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) line += ", ";
    line += scalar(items[i] ?? null);
    if (byteLength(line) > INLINE_WIDTH) return null;
  }
  return line + "]";
}

function inlineObject(map: JsonObject): string | null {
  const entries = Object.entries(map);
  if (entries.some(([, v]) => isContainer(v))) return null;
  let line = "{ ";
  entries.forEach(([key, value], i) => {
    if (i > 0) line += ", ";
    line += `${scalar(key)}: ${scalar(value)}`;
  });
  // The Rust writer checks after each entry; the length only grows, so checking the whole
  // line once gives the same answer.
  if (byteLength(line) > INLINE_WIDTH) return null;
  return line + " }";
}

function writeValue(value: JsonValue, depth: number): string {
  const pad = "  ".repeat(depth + 1);
  const close = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const line = inlineArray(value);
    if (line !== null) return line;
    const rows = value.map((item) => pad + writeValue(item, depth + 1));
    return `[\n${rows.join(",\n")}\n${close}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const line = inlineObject(value);
    if (line !== null) return line;
    const rows = entries.map(([k, v]) => `${pad}${scalar(k)}: ${writeValue(v, depth + 1)}`);
    return `{\n${rows.join(",\n")}\n${close}}`;
  }
  return scalar(value);
}

/** Any JSON value in the document style (no trailing newline). */
export function toCanonicalJson(value: JsonValue): string {
  return writeValue(value, 0);
}

/** Copies `source` with its known keys first in `order`, then any other keys, dropping undefined. */
function ordered(source: object, order: readonly string[]): JsonObject {
  const rec = source as { [key: string]: JsonValue | undefined };
  const out: JsonObject = {};
  for (const key of order) {
    const v = rec[key];
    if (v !== undefined) out[key] = v;
  }
  for (const [key, v] of Object.entries(rec)) {
    if (!order.includes(key) && v !== undefined) out[key] = v;
  }
  return out;
}

/** The document as the Rust serde types serialise it: field order, defaults left out. */
export function toSerdeValue(doc: WorkflowDocument): JsonObject {
  const nodes = doc.nodes.map((node) => {
    const o = ordered(node, NODE_KEYS);
    if (o.type_version === 1) delete o.type_version;
    if (o.name === "") delete o.name;
    if (o.disabled === false) delete o.disabled;
    const params = o.params;
    if (params !== undefined && isContainer(params) && !Array.isArray(params) && Object.keys(params).length === 0) {
      delete o.params;
    }
    if (node.retry) o.retry = ordered(node.retry, RETRY_KEYS);
    return o;
  });
  const top = ordered({ ...doc, nodes, edges: doc.edges.map((e) => ordered(e, EDGE_KEYS)) }, WORKFLOW_KEYS);
  if (top.name === "") delete top.name;
  if (top.active === undefined) top.active = false;
  if (doc.pinned && Object.keys(doc.pinned).length === 0) delete top.pinned;
  if (doc.notes) {
    if (doc.notes.length === 0) delete top.notes;
    else top.notes = doc.notes.map((n) => ordered(n, NOTE_KEYS));
  }
  return ordered(top, WORKFLOW_KEYS);
}

/** The text of a `*.flow.json` file (ends with a newline). */
export function writeDocument(doc: WorkflowDocument): string {
  return toCanonicalJson(toSerdeValue(doc)) + "\n";
}
