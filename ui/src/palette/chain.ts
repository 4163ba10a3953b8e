// Building by keyboard: Tab on a selected node adds the next node to its right and connects
// the selected node's first free output port to it, so Tab → type → Enter, repeated, lays out
// and wires a flow without the mouse (as n8n's node creator does for a selected node).
import { inputPorts, outputPorts } from "../doc/ports";
import type { Point } from "../ipc/types";
import { useCatalog } from "../store/catalog";
import { useWorkflow } from "../store/workflow";

/** Horizontal and vertical spacing of chained nodes. */
const STEP: Point = [260, 110];

export interface Chain {
  position: Point;
  connect: (target: string) => void;
}

/** Where the node after `from` goes and how it is connected; null when `from` is gone. */
export function chainFrom(from: string): Chain | null {
  const { doc } = useWorkflow.getState();
  const node = doc.nodes.find((n) => n.id === from);
  if (!node) return null;
  const describe = (type: string) => useCatalog.getState().nodes.find((d) => d.type === type);
  const ports = outputPorts(node, describe(node.type));
  const used = new Set(doc.edges.filter((e) => e.from === from).map((e) => e.port ?? ports[0]));
  const port = ports.find((p) => !used.has(p)) ?? ports[0];
  const siblings = doc.edges.filter((e) => e.from === from).length;
  const [x, y] = node.position ?? [0, 0];
  return {
    position: [x + STEP[0], y + siblings * STEP[1]],
    connect: (target) => {
      const { doc: now, connect } = useWorkflow.getState();
      const added = now.nodes.find((n) => n.id === target);
      const input = added ? inputPorts(describe(added.type))[0] : undefined;
      if (!port || !input) return;
      connect({ source: from, sourceHandle: port, target, targetHandle: input });
    },
  };
}
