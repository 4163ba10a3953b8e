// The document as React Flow nodes and edges.
import type { Diagnostic, NodeDescription, WorkflowDocument } from "../ipc/types";
import { inputPorts, outputPorts } from "../doc/ports";
import { edgeKey } from "../store/edit";
import type { Selection } from "../store/workflow";
import { kindOf } from "./kind";
import { NOTE_PREFIX, type CanvasEdge, type CanvasNode } from "./types";

export type Sizes = ReadonlyMap<string, { width: number; height: number }>;

export function toCanvasNodes(doc: WorkflowDocument, lookup: (t: string) => NodeDescription | undefined,
  selection: Selection, problems: readonly Diagnostic[], sizes: Sizes): CanvasNode[] {
  const selected = new Set(selection.nodes);
  const notes: CanvasNode[] = (doc.notes ?? []).map((note) => {
    const id = NOTE_PREFIX + note.id;
    const [x, y] = note.position ?? [0, 0];
    const [width, height] = note.size ?? [240, 140];
    return { id, type: "note", position: { x, y }, data: { kind: "note", note }, selected: selection.notes.includes(note.id),
      zIndex: -1, width, height, measured: sizes.get(id) };
  });
  const nodes = doc.nodes.map((node): CanvasNode => {
    const desc = lookup(node.type);
    const [x, y] = node.position ?? [0, 0];
    const base = {
      node, desc, inputs: inputPorts(desc), outputs: outputPorts(node, desc),
      problems: problems.filter((p) => p.node === node.id).map((p) => p.message),
    };
    const common = { id: node.id, position: { x, y }, selected: selected.has(node.id), measured: sizes.get(node.id) };
    const kind = kindOf(desc);
    switch (kind) {
      case "trigger": return { ...common, type: "trigger", data: { ...base, kind, inputs: [] } };
      case "branch": return { ...common, type: "branch", data: { ...base, kind } };
      case "merge": return { ...common, type: "merge", data: { ...base, kind } };
      default: return { ...common, type: "action", data: { ...base, kind: "action" } };
    }
  });
  return [...notes, ...nodes];
}

export function toCanvasEdges(doc: WorkflowDocument, lookup: (t: string) => NodeDescription | undefined,
  selection: Selection): CanvasEdge[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const selected = new Set(selection.edges);
  return doc.edges.map((e) => {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    const port = e.port ?? (from ? outputPorts(from, lookup(from.type))[0] : undefined) ?? "main";
    const toPort = e.to_port ?? (to ? inputPorts(lookup(to.type))[0] : undefined) ?? "main";
    const id = edgeKey(e);
    return {
      id, source: e.from, sourceHandle: port, target: e.to, targetHandle: toPort, selected: selected.has(id),
      data: { port }, className: port === "error" ? "sy-edge--error" : undefined,
    };
  });
}
