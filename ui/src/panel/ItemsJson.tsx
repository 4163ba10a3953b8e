// Items as JSON text (as `JSON.stringify(items, null, 2)` writes it) whose keys can be dragged into
// an expression field: each key carries the expression for its full path in the item.
import type { ReactNode } from "react";
import type { JsonValue } from "../ipc/types";
import { dragKeyProps } from "./dragExpression";

type Path = (string | number)[];

function render(value: JsonValue, indent: string, path: Path | null): ReactNode {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return <>[{"\n"}{value.map((v, i) => (
      <span key={i}>{inner}{render(v, inner, path === null ? [] : [...path, i])}{i < value.length - 1 ? "," : ""}{"\n"}</span>
    ))}{indent}]</>;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return <>{"{"}{"\n"}{entries.map(([k, v], i) => {
    const keyPath = [...(path ?? []), k];
    return (
      <span key={k}>{inner}<span className="sy-items__key" {...dragKeyProps(keyPath)}>{JSON.stringify(k)}</span>: {render(v, inner, keyPath)}
        {i < entries.length - 1 ? "," : ""}{"\n"}</span>
    );
  })}{indent}{"}"}</>;
}

/** The list of items; the top level is the list, so paths start inside each item. */
export function ItemsJson({ items }: { items: readonly JsonValue[] }) {
  return <pre className="sy-items__json">{render([...items], "", null)}</pre>;
}
