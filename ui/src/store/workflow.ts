// The document being edited, its selection and its undo history.
import { create } from "zustand";
import type { Diagnostic, EdgeDocument, JsonObject, NodeDocument, Point, WorkflowDocument } from "../ipc/types";
import { SCHEMA_V1 } from "../ipc/types";
import { connectionProblem, type ProposedEdge } from "../doc/connection";
import { uniqueId } from "../doc/ids";
import { inputPorts, outputPorts } from "../doc/ports";
import { describe } from "./catalog";
import { edgeKey, emptyDocument, placeFragment, removeItems, renameNode, snap, updateNode, updateNote, withNode } from "./edit";

const HISTORY_LIMIT = 200;

export interface Selection {
  nodes: string[];
  edges: string[];
  notes: string[];
}

const NONE: Selection = { nodes: [], edges: [], notes: [] };

export interface WorkflowState {
  doc: WorkflowDocument;
  path: string | null;
  past: WorkflowDocument[];
  future: WorkflowDocument[];
  saved: WorkflowDocument;
  selection: Selection;
  problems: Diagnostic[];
  /** A short message for the user (a refused edit, a save). */
  notice: { text: string; kind: "info" | "error" } | null;
  /** Whether a drag is in progress (its moves share one undo step). */
  gesture: boolean;
  /** How many documents were loaded so far (the canvas fits each new one in view). */
  loads: number;
}

export interface WorkflowActions {
  load: (doc: WorkflowDocument, path: string | null) => void;
  edit: (change: (doc: WorkflowDocument) => WorkflowDocument) => void;
  undo: () => void;
  redo: () => void;
  addNode: (type: string, position: Point) => string | null;
  connect: (edge: ProposedEdge) => string | null;
  reconnect: (old: string, edge: ProposedEdge) => string | null;
  moveNodes: (moves: { id: string; position: Point }[], dragging: boolean) => void;
  moveNote: (id: string, position: Point, dragging: boolean) => void;
  resizeNote: (id: string, size: Point, resizing: boolean) => void;
  select: (selection: Partial<Selection>) => void;
  selectAll: () => void;
  deleteSelection: () => void;
  toggleDisabled: () => void;
  setParams: (id: string, params: JsonObject) => void;
  patchNode: (id: string, patch: Partial<NodeDocument>) => void;
  renameNodeId: (from: string, to: string) => string | null;
  copySelection: () => string;
  paste: (text: string) => string | null;
  duplicate: () => void;
  addNote: (position: Point) => void;
  setNoteText: (id: string, text: string) => void;
  setProblems: (problems: Diagnostic[]) => void;
  notify: (text: string, kind?: "info" | "error") => void;
  markSaved: (path: string, doc: WorkflowDocument) => void;
}

export type WorkflowStore = WorkflowState & WorkflowActions;

function initial(): WorkflowState {
  const doc = emptyDocument();
  return { doc, path: null, past: [], future: [], saved: doc, selection: NONE, problems: [], notice: null, gesture: false, loads: 0 };
}

function round(p: Point): Point {
  return [Math.round(p[0]), Math.round(p[1])];
}

function isTrigger(type: string): boolean {
  return describe(type)?.group === "trigger";
}

/** The document form of a canvas connection: `port` left out for `main`, `to_port` for single inputs. */
export function toEdge(doc: WorkflowDocument, c: ProposedEdge): EdgeDocument {
  const from = doc.nodes.find((n) => n.id === c.source);
  const to = doc.nodes.find((n) => n.id === c.target);
  const outs = from ? outputPorts(from, describe(from.type)) : [];
  const ins = to ? inputPorts(describe(to.type)) : [];
  const port = c.sourceHandle ?? outs[0] ?? "main";
  const toPort = c.targetHandle ?? ins[0] ?? "main";
  const edge: EdgeDocument = { from: c.source, to: c.target };
  if (port !== "main") edge.port = port;
  if (ins.length > 1) edge.to_port = toPort;
  return edge;
}

export const useWorkflow = create<WorkflowStore>((set, get) => {
  // Typing in one field makes one undo step, not one per key.
  let last = { key: "", at: 0 };
  const commit = (next: WorkflowDocument, coalesce?: string): void => {
    const { doc, past } = get();
    if (next === doc) return;
    const now = Date.now();
    const merge = coalesce !== undefined && coalesce === last.key && now - last.at < 1500 && past.length > 0;
    last = { key: coalesce ?? "", at: now };
    if (merge) set({ doc: next, future: [] });
    else set({ doc: next, past: [...past, doc].slice(-HISTORY_LIMIT), future: [] });
  };
  return {
    ...initial(),
    load: (doc, path) => set({ ...initial(), doc, saved: doc, path, loads: get().loads + 1 }),
    edit: (change) => commit(change(get().doc)),
    undo: () => {
      const { past, doc, future } = get();
      const prev = past[past.length - 1];
      if (!prev) return;
      set({ doc: prev, past: past.slice(0, -1), future: [doc, ...future], gesture: false });
    },
    redo: () => {
      const { past, doc, future } = get();
      const next = future[0];
      if (!next) return;
      set({ doc: next, past: [...past, doc], future: future.slice(1), gesture: false });
    },
    addNode: (type, position) => {
      const { doc } = get();
      const desc = describe(type);
      if (isTrigger(type) && doc.nodes.some((n) => isTrigger(n.type))) {
        get().notify("A workflow has exactly one trigger: remove the current one first.", "error");
        return null;
      }
      const id = uniqueId(type, new Set(doc.nodes.map((n) => n.id)));
      const node: NodeDocument = { id, type, name: desc?.label ?? type, position: snap(position) };
      if (desc?.dynamic_outputs) node.params = { rules: [] };
      commit(withNode(doc, node));
      set({ selection: { ...NONE, nodes: [id] } });
      return id;
    },
    connect: (c) => {
      const { doc } = get();
      const problem = connectionProblem(doc, describe, c);
      if (problem) {
        get().notify(problem, "error");
        return problem;
      }
      commit({ ...doc, edges: [...doc.edges, toEdge(doc, c)] });
      return null;
    },
    reconnect: (old, c) => {
      const { doc } = get();
      const oldEdge = doc.edges.find((e) => edgeKey(e) === old);
      if (!oldEdge) return "That edge is gone.";
      const without = { ...doc, edges: doc.edges.filter((e) => e !== oldEdge) };
      const problem = connectionProblem(without, describe, c);
      if (problem) {
        get().notify(problem, "error");
        return problem;
      }
      commit({ ...without, edges: [...without.edges, toEdge(doc, c)] });
      return null;
    },
    moveNodes: (moves, dragging) => {
      const { doc, gesture, past } = get();
      const at = new Map(moves.map((m) => [m.id, round(m.position)]));
      const nodes = doc.nodes.map((n) => {
        const p = at.get(n.id);
        return p ? { ...n, position: p } : n;
      });
      const next = { ...doc, nodes };
      if (gesture) set({ doc: next, gesture: dragging });
      else set({ doc: next, past: [...past, doc].slice(-HISTORY_LIMIT), future: [], gesture: dragging });
    },
    moveNote: (id, position, dragging) => {
      const { doc, gesture, past } = get();
      const next = updateNote(doc, id, (n) => ({ ...n, position: round(position) }));
      if (gesture) set({ doc: next, gesture: dragging });
      else set({ doc: next, past: [...past, doc].slice(-HISTORY_LIMIT), future: [], gesture: dragging });
    },
    resizeNote: (id, size, resizing) => {
      const { doc, gesture, past } = get();
      const next = updateNote(doc, id, (n) => ({ ...n, size: round(size) }));
      if (gesture) set({ doc: next, gesture: resizing });
      else set({ doc: next, past: [...past, doc].slice(-HISTORY_LIMIT), future: [], gesture: resizing });
    },
    select: (s) => set({ selection: { ...get().selection, ...s } }),
    selectAll: () => {
      const { doc } = get();
      set({ selection: { nodes: doc.nodes.map((n) => n.id), edges: doc.edges.map(edgeKey), notes: (doc.notes ?? []).map((n) => n.id) } });
    },
    deleteSelection: () => {
      const { doc, selection } = get();
      if (selection.nodes.length + selection.edges.length + selection.notes.length === 0) return;
      commit(removeItems(doc, new Set(selection.nodes), new Set(selection.edges), new Set(selection.notes)));
      set({ selection: NONE });
    },
    toggleDisabled: () => {
      const { doc, selection } = get();
      const ids = new Set(selection.nodes.filter((id) => !isTrigger(doc.nodes.find((n) => n.id === id)?.type ?? "")));
      if (ids.size === 0) return;
      const allDisabled = doc.nodes.filter((n) => ids.has(n.id)).every((n) => n.disabled);
      commit({ ...doc, nodes: doc.nodes.map((n) => (ids.has(n.id) ? { ...n, disabled: !allDisabled } : n)) });
    },
    setParams: (id, params) => commit(updateNode(get().doc, id, (n) => ({ ...n, params })), `params:${id}`),
    patchNode: (id, patch) => commit(updateNode(get().doc, id, (n) => {
      const next: NodeDocument = { ...n, ...patch };
      for (const key of Object.keys(patch) as (keyof NodeDocument)[]) if (patch[key] === undefined) delete next[key];
      return next;
    }), `node:${id}:${Object.keys(patch).join(",")}`),
    renameNodeId: (from, to) => {
      const { doc, selection } = get();
      if (!/^[a-z0-9][a-z0-9_-]*$/.test(to)) return "An id is lower-case letters, digits, - and _.";
      if (doc.nodes.some((n) => n.id === to)) return `"${to}" is already taken.`;
      commit(renameNode(doc, from, to));
      set({ selection: { ...selection, nodes: selection.nodes.map((id) => (id === from ? to : id)) } });
      return null;
    },
    copySelection: () => {
      const { doc, selection } = get();
      const ids = new Set(selection.nodes);
      const fragment: WorkflowDocument = {
        schema: SCHEMA_V1, id: "clipboard", active: false,
        nodes: doc.nodes.filter((n) => ids.has(n.id)),
        edges: doc.edges.filter((e) => ids.has(e.from) && ids.has(e.to)),
      };
      return JSON.stringify(fragment, null, 2);
    },
    paste: (text) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return "The clipboard holds no workflow JSON.";
      }
      const frag = parsed as Partial<WorkflowDocument>;
      if (!frag || !Array.isArray(frag.nodes)) return "The clipboard holds no workflow nodes.";
      const { doc } = get();
      const hasTrigger = doc.nodes.some((n) => isTrigger(n.type));
      const nodes = frag.nodes.filter((n) => !(hasTrigger && isTrigger(n.type)));
      const dropped = frag.nodes.length - nodes.length;
      const placed = placeFragment(doc, nodes, Array.isArray(frag.edges) ? frag.edges : [], [40, 40]);
      commit({ ...doc, nodes: [...doc.nodes, ...placed.nodes], edges: [...doc.edges, ...placed.edges] });
      set({ selection: { ...NONE, nodes: placed.nodes.map((n) => n.id) } });
      if (dropped > 0) get().notify("The trigger was not pasted: a workflow has exactly one.", "error");
      return null;
    },
    duplicate: () => {
      const text = get().copySelection();
      get().paste(text);
    },
    addNote: (position) => {
      const { doc } = get();
      const id = uniqueId("note", new Set((doc.notes ?? []).map((n) => n.id)));
      commit({ ...doc, notes: [...(doc.notes ?? []), { id, text: "", position: snap(position), size: [240, 140] }] });
      set({ selection: { ...NONE, notes: [id] } });
    },
    setNoteText: (id, text) => commit(updateNote(get().doc, id, (n) => ({ ...n, text }))),
    setProblems: (problems) => set({ problems }),
    notify: (text, kind = "info") => set({ notice: { text, kind } }),
    markSaved: (path, doc) => set({ saved: doc, path }),
  };
});

export function resetWorkflow(): void {
  useWorkflow.setState(initial());
}
