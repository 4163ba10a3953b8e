// Dragging an input item's key onto an expression field: the data a drag carries.
import type { DragEvent } from "react";
import { expressionFor } from "./jsonPath";

/** Marks a drag as an item key; fields accept only these. */
export const KEY_DRAG_TYPE = "application/x-switchyard-key";

/** Props that make an element drag the expression for `path` (as text/plain). */
export function dragKeyProps(path: readonly (string | number)[]) {
  const expression = expressionFor(path);
  return {
    draggable: true,
    "data-expression": expression,
    title: `Drag ${expression} into a field`,
    onDragStart: (e: DragEvent<HTMLElement>) => {
      e.stopPropagation();
      e.dataTransfer.setData("text/plain", expression);
      e.dataTransfer.setData(KEY_DRAG_TYPE, expression);
      e.dataTransfer.effectAllowed = "copy";
    },
  };
}

/** Whether a drag carries an item key. */
export function carriesKey(e: DragEvent<HTMLElement>): boolean {
  return e.dataTransfer.types.includes(KEY_DRAG_TYPE);
}
