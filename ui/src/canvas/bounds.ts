// The area a document covers on the canvas, before React Flow has measured its nodes: measured
// sizes where known, else a node's usual size.
import type { Rect } from "@xyflow/react";
import type { WorkflowDocument } from "../ipc/types";
import { NOTE_PREFIX } from "./types";
import type { Sizes } from "./convert";

/** `.sy-node`'s width and minimum height. */
export const NODE_SIZE = { width: 190, height: 64 };

export function documentBounds(doc: WorkflowDocument, sizes: Sizes): Rect | null {
  const boxes = [
    ...doc.nodes.map((n) => ({ at: n.position ?? [0, 0], size: sizes.get(n.id) ?? NODE_SIZE })),
    ...(doc.notes ?? []).map((n) => {
      const [width, height] = n.size ?? [240, 140];
      return { at: n.position ?? [0, 0], size: sizes.get(NOTE_PREFIX + n.id) ?? { width, height } };
    }),
  ];
  if (boxes.length === 0) return null;
  const left = Math.min(...boxes.map((b) => b.at[0]));
  const top = Math.min(...boxes.map((b) => b.at[1]));
  const right = Math.max(...boxes.map((b) => b.at[0] + b.size.width));
  const bottom = Math.max(...boxes.map((b) => b.at[1] + b.size.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}
