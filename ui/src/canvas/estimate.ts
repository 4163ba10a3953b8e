// A node's size and handle positions before React Flow has measured it, from the same rules
// NodeShell's CSS follows (190 px wide, 26 px per port, handles centred on the side at equal
// steps). With them React Flow can leave nodes outside the view unrendered on the first draw
// instead of rendering every node once to measure it: on a 1,000-node workflow that first draw
// was most of the time to open it. Measured sizes replace the estimate as soon as a node is drawn.
import { Position, type NodeHandle } from "@xyflow/react";
import { NODE_SIZE } from "./bounds";

/** `.sy-handle`'s size. */
const HANDLE = 11;

export function estimatedHeight(inputs: number, outputs: number): number {
  return Math.max(NODE_SIZE.height, Math.max(inputs, outputs) * 26 + 16);
}

function side(ports: string[], type: "source" | "target", height: number): NodeHandle[] {
  const x = type === "target" ? -HANDLE / 2 : NODE_SIZE.width - HANDLE / 2;
  const position = type === "target" ? Position.Left : Position.Right;
  return ports.map((id, i) => ({
    id, type, position, x, y: (height * (i + 1)) / (ports.length + 1) - HANDLE / 2, width: HANDLE, height: HANDLE,
  }));
}

/** The first-draw estimate of an unmeasured node: `initialWidth`/`initialHeight` and `handles`. */
export function estimate(inputs: string[], outputs: string[]) {
  const height = estimatedHeight(inputs.length, outputs.length);
  return {
    initialWidth: NODE_SIZE.width,
    initialHeight: height,
    handles: [...side(inputs, "target", height), ...side(outputs, "source", height)],
  };
}
