// Graph questions about a document: reachability and cycles.
import type { EdgeDocument } from "../ipc/types";

/** Whether `to` can be reached from `from` along the edges. */
export function reaches(edges: readonly EdgeDocument[], from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const at = stack.pop() as string;
    if (at === to) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    for (const e of edges) if (e.from === at) stack.push(e.to);
  }
  return false;
}

/** The nodes on one cycle, or null when the graph has none. */
export function findCycle(nodeIds: readonly string[], edges: readonly EdgeDocument[]): string[] | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, "open");
    path.push(id);
    for (const e of edges) {
      if (e.from !== id) continue;
      const s = state.get(e.to);
      if (s === "open") return path.slice(path.indexOf(e.to));
      if (s === undefined) {
        const found = visit(e.to);
        if (found) return found;
      }
    }
    path.pop();
    state.set(id, "done");
    return null;
  };
  for (const id of nodeIds) {
    if (!state.has(id)) {
      const found = visit(id);
      if (found) return found;
    }
  }
  return null;
}
