// Filtering and grouping the catalog for the palette and the quick-add menu.
import type { NodeDescription, NodeGroup } from "../ipc/types";
import { GROUP_ORDER } from "../canvas/kind";

export function matches(desc: NodeDescription, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  return [desc.label, desc.type, desc.description].some((s) => s.toLowerCase().includes(q));
}

export function grouped(nodes: readonly NodeDescription[], query: string): [NodeGroup, NodeDescription[]][] {
  return GROUP_ORDER
    .map((g): [NodeGroup, NodeDescription[]] => [g, nodes.filter((n) => n.group === g && matches(n, query))])
    .filter(([, list]) => list.length > 0);
}
