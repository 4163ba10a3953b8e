// An expression field as a drop target for dragged item keys: highlighted while a key is over it;
// the dropped expression goes in at the caret when the field has focus, else at the end.
import { useState, type DragEvent, type RefObject } from "react";
import { insertAt } from "./completion";
import { carriesKey } from "./dragExpression";

export function useExpressionDrop(value: string, input: RefObject<HTMLInputElement | null>, commit: (text: string, caret: number) => void) {
  const [over, setOver] = useState(false);
  const accept = (e: DragEvent<HTMLElement>) => {
    if (!carriesKey(e)) return false;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
    return true;
  };
  return {
    over,
    handlers: {
      onDragEnter: (e: DragEvent<HTMLElement>) => { if (accept(e)) setOver(true); },
      onDragOver: (e: DragEvent<HTMLElement>) => { if (accept(e) && !over) setOver(true); },
      onDragLeave: (e: DragEvent<HTMLElement>) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      },
      onDrop: (e: DragEvent<HTMLElement>) => {
        setOver(false);
        if (!carriesKey(e)) return;
        e.preventDefault();
        const el = input.current;
        const caret = el && document.activeElement === el ? el.selectionStart : null;
        const next = insertAt(value, caret, e.dataTransfer.getData("text/plain"));
        commit(next.text, next.caret);
      },
    },
  };
}
