// Completing `$json` keys in an expression field: where the caret is (`{{ $json.body.em|`), and
// the keys the input item has there.
import type { JsonValue } from "../ipc/types";

export interface CompletionContext {
  /** The keys between `$json` and the caret's step (`["body"]` for `$json.body.em`). */
  path: string[];
  /** What is typed of the caret's step (`em`). */
  prefix: string;
  /** Where the prefix starts in the text: accepting a key replaces text[from, caret). */
  from: number;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const TAIL = /(?<![\w$.])\$json((?:\.[A-Za-z_$][\w$]*)*)\.([A-Za-z_$][\w$]*|)$/;

/** The completion context at `caret`, or null when the caret is not right after `$json.` (or a deeper step) inside `{{ }}`. */
export function completionContext(text: string, caret: number): CompletionContext | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf("{{");
  if (open < 0 || before.indexOf("}}", open) >= 0) return null;
  const match = TAIL.exec(before.slice(open + 2));
  if (!match) return null;
  const prefix = match[2] ?? "";
  const path = (match[1] ?? "").split(".").filter((s) => s !== "");
  return { path, prefix, from: caret - prefix.length };
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The item's keys at `path` that start with `prefix` (ignoring case), in the item's order; none past a non-object. */
export function suggestionsFor(item: JsonValue | undefined, context: CompletionContext): string[] {
  let value = item;
  for (const key of context.path) value = isObject(value) ? value[key] : undefined;
  if (!isObject(value)) return [];
  const needle = context.prefix.toLowerCase();
  return Object.keys(value).filter((k) => k.toLowerCase().startsWith(needle) && k !== context.prefix);
}

/** The text with `key` accepted at the context (in brackets, replacing the dot, when it is not an identifier), and the caret after it. */
export function acceptSuggestion(text: string, caret: number, context: CompletionContext, key: string): { text: string; caret: number } {
  const identifier = IDENTIFIER.test(key);
  const from = identifier ? context.from : context.from - 1;
  const step = identifier ? key : `[${JSON.stringify(key)}]`;
  return { text: text.slice(0, from) + step + text.slice(caret), caret: from + step.length };
}

/** The text with `insert` put at `at` (the end when null), and the caret after it. */
export function insertAt(text: string, at: number | null, insert: string): { text: string; caret: number } {
  const pos = at === null ? text.length : Math.min(Math.max(at, 0), text.length);
  return { text: text.slice(0, pos) + insert + text.slice(pos), caret: pos + insert.length };
}
