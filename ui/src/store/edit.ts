// Pure edits of a document: each takes a document and returns a new one.
import type { EdgeDocument, JsonValue, NodeDocument, Point, StickyNote, WorkflowDocument } from "../ipc/types";
import { SCHEMA_V1 } from "../ipc/types";
import { uniqueId } from "../doc/ids";

export function emptyDocument(id = "untitled"): WorkflowDocument {
  return { schema: SCHEMA_V1, id, name: "Untitled workflow", active: false, nodes: [], edges: [] };
}

export function edgeKey(e: EdgeDocument): string {
  return `${e.from}|${e.port ?? ""}|${e.to}|${e.to_port ?? ""}`;
}

export function snap(p: Point, grid = 20): Point {
  return [Math.round(p[0] / grid) * grid, Math.round(p[1] / grid) * grid];
}

export function withNode(doc: WorkflowDocument, node: NodeDocument): WorkflowDocument {
  return { ...doc, nodes: [...doc.nodes, node] };
}

export function removeItems(doc: WorkflowDocument, nodeIds: ReadonlySet<string>, edgeKeys: ReadonlySet<string>,
  noteIds: ReadonlySet<string> = new Set()): WorkflowDocument {
  const nodes = doc.nodes.filter((n) => !nodeIds.has(n.id));
  const edges = doc.edges.filter((e) => !edgeKeys.has(edgeKey(e)) && !nodeIds.has(e.from) && !nodeIds.has(e.to));
  const next: WorkflowDocument = { ...doc, nodes, edges };
  if (doc.pinned) {
    const pinned = Object.fromEntries(Object.entries(doc.pinned).filter(([id]) => !nodeIds.has(id)));
    next.pinned = pinned;
  }
  if (doc.notes) next.notes = doc.notes.filter((n) => !noteIds.has(n.id));
  return next;
}

export function updateNode(doc: WorkflowDocument, id: string, patch: (n: NodeDocument) => NodeDocument): WorkflowDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? patch(n) : n)) };
}

export function updateNote(doc: WorkflowDocument, id: string, patch: (n: StickyNote) => StickyNote): WorkflowDocument {
  return { ...doc, notes: (doc.notes ?? []).map((n) => (n.id === id ? patch(n) : n)) };
}

/** Renames a node id everywhere it is named: edges and pins. */
export function renameNode(doc: WorkflowDocument, from: string, to: string): WorkflowDocument {
  const nodes = doc.nodes.map((n) => (n.id === from ? { ...n, id: to } : n));
  const edges = doc.edges.map((e) => ({ ...e, from: e.from === from ? to : e.from, to: e.to === from ? to : e.to }));
  const next: WorkflowDocument = { ...doc, nodes, edges };
  if (doc.pinned && from in doc.pinned) {
    next.pinned = Object.fromEntries(Object.entries(doc.pinned).map(([k, v]) => [k === from ? to : k, v]));
  }
  return next;
}

/** Nodes and edges of a fragment given fresh ids (not in `doc`) and moved by `offset`. */
export function placeFragment(doc: WorkflowDocument, nodes: NodeDocument[], edges: EdgeDocument[], offset: Point):
  { nodes: NodeDocument[]; edges: EdgeDocument[] } {
  const taken = new Set(doc.nodes.map((n) => n.id));
  const renamed = new Map<string, string>();
  const placed = nodes.map((n) => {
    const id = taken.has(n.id) ? uniqueId(n.id, taken) : n.id;
    taken.add(id);
    renamed.set(n.id, id);
    const [x, y] = n.position ?? [0, 0];
    return { ...n, id, position: [x + offset[0], y + offset[1]] as Point };
  });
  const kept = edges
    .filter((e) => renamed.has(e.from) && renamed.has(e.to))
    .map((e) => ({ ...e, from: renamed.get(e.from) as string, to: renamed.get(e.to) as string }));
  return { nodes: placed, edges: kept };
}

/** Pins `items` as the node's sample output, or removes its pin (`null`). */
export function withPinned(doc: WorkflowDocument, id: string, items: JsonValue[] | null): WorkflowDocument {
  const pinned = { ...(doc.pinned ?? {}) };
  if (items) pinned[id] = items;
  else delete pinned[id];
  const next: WorkflowDocument = { ...doc, pinned };
  if (Object.keys(pinned).length === 0) delete next.pinned;
  return next;
}
