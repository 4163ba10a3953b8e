// The document as React Flow nodes and edges. Given the previous result, an element whose inputs
// did not change is returned as the same object: on a large canvas a selection or an edit then
// re-renders only what it touched. A new measurement alone changes nothing (React Flow has it);
// `measured` is only for new objects, so that they are not measured again.
import type { Diagnostic, NodeDescription, WorkflowDocument } from "../ipc/types";
import { inputPorts, outputPorts } from "../doc/ports";
import { edgeKey } from "../store/edit";
import type { Selection } from "../store/workflow";
import { itemsLabel, NO_STATES, portCount, type NodeStates } from "../store/progress";
import { estimate } from "./estimate";
import { kindOf } from "./kind";
import type { Size } from "./sizes";
import { NOTE_PREFIX, type CanvasEdge, type CanvasNode } from "./types";

export type Sizes = ReadonlyMap<string, Size>;

const NO_PROBLEMS: string[] = [];

function problemsByNode(problems: readonly Diagnostic[]): Map<string, string[]> {
  const byNode = new Map<string, string[]>();
  for (const p of problems) if (p.node) byNode.set(p.node, [...(byNode.get(p.node) ?? []), p.message]);
  return byNode;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function toCanvasNodes(doc: WorkflowDocument, lookup: (t: string) => NodeDescription | undefined,
  selection: Selection, problems: readonly Diagnostic[], sizes: Sizes, previous: readonly CanvasNode[] = [],
  states: NodeStates = NO_STATES): CanvasNode[] {
  const selected = new Set(selection.nodes);
  const selectedNotes = new Set(selection.notes);
  const messages = problemsByNode(problems);
  const before = new Map(previous.map((n) => [n.id, n]));
  const notes = (doc.notes ?? []).map((note): CanvasNode => {
    const id = NOTE_PREFIX + note.id;
    const old = before.get(id);
    const isSelected = selectedNotes.has(note.id);
    if (old?.data.kind === "note" && old.data.note === note && old.selected === isSelected) return old;
    const [x, y] = note.position ?? [0, 0];
    const [width, height] = note.size ?? [240, 140];
    return { id, type: "note", position: { x, y }, data: { kind: "note", note }, selected: isSelected, zIndex: -1, width, height,
      measured: sizes.get(id) };
  });
  const nodes = doc.nodes.map((node): CanvasNode => {
    const desc = lookup(node.type);
    const isSelected = selected.has(node.id);
    const nodeProblems = messages.get(node.id) ?? NO_PROBLEMS;
    const run = states[node.id];
    const pinned = doc.pinned?.[node.id] !== undefined;
    const old = before.get(node.id);
    if (old && old.data.kind !== "note" && old.data.node === node && old.data.desc === desc && old.selected === isSelected
      && sameStrings(old.data.problems, nodeProblems) && old.data.run === run && old.data.pinned === pinned) return old;
    const [x, y] = node.position ?? [0, 0];
    const base = { node, desc, inputs: inputPorts(desc), outputs: outputPorts(node, desc), problems: nodeProblems, run, pinned };
    const kind = kindOf(desc);
    const measured = sizes.get(node.id);
    const firstDraw = measured ? {} : estimate(kind === "trigger" ? [] : base.inputs, base.outputs);
    const common = { id: node.id, position: { x, y }, selected: isSelected, measured, ...firstDraw };
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
  selection: Selection, previous: readonly CanvasEdge[] = [], states: NodeStates = NO_STATES): CanvasEdge[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const selected = new Set(selection.edges);
  const before = new Map(previous.map((e) => [e.id, e]));
  return doc.edges.map((e): CanvasEdge => {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    const port = e.port ?? (from ? outputPorts(from, lookup(from.type))[0] : undefined) ?? "main";
    const toPort = e.to_port ?? (to ? inputPorts(lookup(to.type))[0] : undefined) ?? "main";
    const id = edgeKey(e);
    const isSelected = selected.has(id);
    const count = portCount(states[e.from], port);
    const label = count === undefined ? undefined : itemsLabel(count);
    const old = before.get(id);
    if (old && old.sourceHandle === port && old.targetHandle === toPort && old.selected === isSelected && old.label === label) return old;
    const classes = [port === "error" ? "sy-edge--error" : "", count ? "sy-edge--carried" : ""].filter(Boolean).join(" ");
    return {
      id, source: e.from, sourceHandle: port, target: e.to, targetHandle: toPort, selected: isSelected,
      data: { port }, className: classes || undefined, label,
    };
  });
}
