// Editing a node's pinned items as JSON text: a JSON array of objects (the engine refuses anything
// else). Save (Ctrl/Cmd+Enter) makes one undoable edit of the document; Cancel (Escape) drops it.
import { useState } from "react";
import type { JsonValue } from "../ipc/types";
import { withPinned } from "../store/edit";
import { useWorkflow } from "../store/workflow";

/** What a new pin starts from: one empty item. */
export const NEW_PIN_TEXT = "[\n  {}\n]";

export type ParsedPin = { items: JsonValue[]; error?: undefined } | { items?: undefined; error: string };

function kindOf(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** Reads pinned items from JSON text: an array whose elements are objects, else why not. */
export function parsePinned(text: string): ParsedPin {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (e) {
    return { error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!Array.isArray(value)) return { error: `Pinned data must be a JSON array of items, not ${kindOf(value)}.` };
  for (const [i, item] of value.entries()) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      return { error: `Item ${i + 1} is not an object (it is ${kindOf(item)}): every item must be a JSON object.` };
    }
  }
  return { items: value };
}

interface Props {
  nodeId: string;
  initial: string;
  onClose: () => void;
}

export function PinEditor({ nodeId, initial, onClose }: Props) {
  const edit = useWorkflow((s) => s.edit);
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    const parsed = parsePinned(text);
    if (parsed.error !== undefined) {
      setError(parsed.error);
      return;
    }
    edit((d) => withPinned(d, nodeId, parsed.items));
    onClose();
  };
  return (
    <div className="sy-pin-editor" data-testid="pin-editor">
      <textarea className={`sy-json sy-pin-editor__text${error ? " is-invalid" : ""}`} aria-label="Pinned data (JSON)"
        value={text} spellCheck={false} autoFocus rows={Math.min(20, Math.max(4, text.split("\n").length + 1))}
        onChange={(e) => { setText(e.target.value); setError(null); }}
        onKeyDown={(e) => {
          if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); onClose(); }
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); e.stopPropagation(); save(); }
        }} />
      {error && <div className="sy-field__error" role="alert" data-testid="pin-editor-error">{error}</div>}
      <div className="sy-pin-editor__actions">
        <button className="sy-btn sy-btn--primary" onClick={save} data-testid="pin-editor-save">Save</button>
        <button className="sy-btn" onClick={onClose} data-testid="pin-editor-cancel">Cancel</button>
        <span className="sy-muted">A JSON array of objects, one per item. Ctrl+Enter saves, Escape cancels.</span>
      </div>
    </div>
  );
}
