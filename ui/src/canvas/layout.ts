// "Tidy up": a left-to-right layered layout of the workflow (dagre).
import dagre from "@dagrejs/dagre";
import type { Point, WorkflowDocument } from "../ipc/types";
import type { Sizes } from "./convert";

const DEFAULT_SIZE = { width: 220, height: 72 };

export function tidyPositions(doc: WorkflowDocument, sizes: Sizes): { id: string; position: Point }[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "LR", nodesep: 50, ranksep: 90, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) g.setNode(n.id, { ...(sizes.get(n.id) ?? DEFAULT_SIZE) });
  for (const e of doc.edges) g.setEdge(e.from, e.to);
  dagre.layout(g);
  return doc.nodes.map((n) => {
    const placed = g.node(n.id);
    const size = sizes.get(n.id) ?? DEFAULT_SIZE;
    return { id: n.id, position: [Math.round(placed.x - size.width / 2), Math.round(placed.y - size.height / 2)] as Point };
  });
}
