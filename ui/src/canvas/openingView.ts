// Where the view starts when a document opens: the whole workflow when it fits at a readable
// zoom; otherwise a readable zoom with the trigger near the left edge (where a flow is read
// from), the rest a pan or the minimap away. Drawing hundreds of unreadable specks first is what
// makes big workflows slow to open in other tools, and nobody can read them at that size.
import type { Rect, Viewport } from "@xyflow/react";
import type { NodeDocument } from "../ipc/types";
import { NODE_SIZE } from "./bounds";

/** The smallest zoom at which node titles stay legible. */
export const READABLE_ZOOM = 0.5;

/** The start node: the trigger, else the leftmost node. */
function startNode(nodes: NodeDocument[]): NodeDocument | undefined {
  const trigger = nodes.find((n) => n.type.startsWith("trigger."));
  if (trigger) return trigger;
  return nodes.reduce<NodeDocument | undefined>(
    (left, n) => (!left || (n.position?.[0] ?? 0) < (left.position?.[0] ?? 0) ? n : left), undefined);
}

export function openingView(fitted: Viewport, nodes: NodeDocument[], pane: Pick<Rect, "width" | "height">): Viewport {
  if (fitted.zoom >= READABLE_ZOOM) return fitted;
  const start = startNode(nodes);
  if (!start) return fitted;
  const [x, y] = start.position ?? [0, 0];
  const zoom = READABLE_ZOOM;
  return {
    x: pane.width * 0.08 - x * zoom,
    y: pane.height / 2 - (y + NODE_SIZE.height / 2) * zoom,
    zoom,
  };
}
