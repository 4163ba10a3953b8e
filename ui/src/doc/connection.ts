// The engine's edge rules, asked before the canvas accepts a connection.
import type { NodeDescription, WorkflowDocument } from "../ipc/types";
import { reaches } from "./graph";
import { inputPorts, outputPorts } from "./ports";

export interface ProposedEdge {
  source: string;
  sourceHandle: string | null;
  target: string;
  targetHandle: string | null;
}

export type CatalogLookup = (type: string) => NodeDescription | undefined;

/** Why the engine would reject this edge, or null when it is fine. */
export function connectionProblem(
  doc: WorkflowDocument, lookup: CatalogLookup, edge: ProposedEdge, ignoring?: { from: string; to: string },
): string | null {
  const from = doc.nodes.find((n) => n.id === edge.source);
  const to = doc.nodes.find((n) => n.id === edge.target);
  if (!from || !to) return "Both ends must be nodes on the canvas.";
  if (from.id === to.id) return "A node cannot connect to itself.";
  const toDesc = lookup(to.type);
  if (toDesc?.group === "trigger") return `"${to.name || to.id}" is a trigger: nothing can lead into it.`;
  const outs = outputPorts(from, lookup(from.type));
  const port = edge.sourceHandle ?? outs[0];
  if (port === undefined || !outs.includes(port)) {
    return `"${from.name || from.id}" has no output port "${port ?? ""}".`;
  }
  const ins = inputPorts(toDesc);
  const toPort = edge.targetHandle ?? ins[0];
  if (toPort === undefined || !ins.includes(toPort)) {
    return `"${to.name || to.id}" has no input port "${toPort ?? ""}".`;
  }
  const edges = ignoring ? doc.edges.filter((e) => !(e.from === ignoring.from && e.to === ignoring.to)) : doc.edges;
  const duplicate = edges.some((e) =>
    e.from === from.id && e.to === to.id && (e.port ?? outs[0]) === port && (e.to_port ?? ins[0]) === toPort);
  if (duplicate) return "These ports are already connected.";
  if (reaches(edges, to.id, from.id)) return `That would make a cycle through "${to.name || to.id}".`;
  return null;
}
