// The `$json` key suggestions of an expression field: which keys fit where the caret is, the
// highlighted one, and the keys that move, accept or close the list.
import { useState, type KeyboardEvent } from "react";
import type { JsonValue } from "../ipc/types";
import { acceptSuggestion, completionContext, suggestionsFor } from "./completion";

export interface Completion {
  suggestions: string[];
  active: number;
  /** Call on every caret move and edit of the field. */
  setCaret: (caret: number | null) => void;
  /** Handles ArrowUp/Down, Enter/Tab and Escape while the list shows; returns whether it did. */
  onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => boolean;
  accept: (key: string) => void;
}

export function useCompletion(value: string, item: JsonValue | undefined, commit: (text: string, caret: number) => void): Completion {
  const [caret, setCaretState] = useState<number | null>(null);
  const [closedAt, setClosedAt] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const context = caret === null ? null : completionContext(value, caret);
  const key = context && caret !== null ? `${value}\u0000${caret}` : null;
  const suggestions = context && item !== undefined && key !== closedAt ? suggestionsFor(item, context) : [];
  const current = Math.min(active, Math.max(suggestions.length - 1, 0));

  const accept = (chosen: string) => {
    if (!context || caret === null) return;
    const next = acceptSuggestion(value, caret, context, chosen);
    setActive(0);
    commit(next.text, next.caret);
  };

  return {
    suggestions,
    active: current,
    setCaret: (c) => { setCaretState(c); setActive(0); },
    accept,
    onKeyDown: (e) => {
      if (suggestions.length === 0) return false;
      if (e.key === "ArrowDown") setActive((current + 1) % suggestions.length);
      else if (e.key === "ArrowUp") setActive((current - 1 + suggestions.length) % suggestions.length);
      else if (e.key === "Enter" || e.key === "Tab") accept(suggestions[current] ?? "");
      else if (e.key === "Escape") setClosedAt(key);
      else return false;
      e.preventDefault();
      e.stopPropagation();
      return true;
    },
  };
}
