// How a node type is drawn: its kind, accent colour and glyph.
import type { NodeDescription, NodeGroup } from "../ipc/types";

export type NodeKind = "trigger" | "branch" | "merge" | "action";

export function kindOf(desc: NodeDescription | undefined): NodeKind {
  if (!desc) return "action";
  if (desc.group === "trigger") return "trigger";
  if (desc.group === "logic") return "branch";
  if (desc.inputs.length > 1) return "merge";
  return "action";
}

export const GROUP_LABEL: Record<NodeGroup, string> = {
  trigger: "Triggers", logic: "Logic", data: "Data", flow: "Flow", app: "Apps",
};

export const GROUP_ORDER: NodeGroup[] = ["trigger", "logic", "data", "flow", "app"];

export const GROUP_COLOR: Record<NodeGroup, string> = {
  trigger: "#f97316", logic: "#8b5cf6", data: "#0ea5e9", flow: "#14b8a6", app: "#ec4899",
};

const GLYPHS: Record<string, string> = {
  "trigger.manual": "▶", "trigger.webhook": "⚡", "trigger.schedule": "◔", "trigger.hubspot": "◎",
  "logic.if": "⋔", "logic.switch": "⇶", "logic.filter": "▽",
  "data.set": "✎", "data.code": "{}",
  "flow.merge": "⋈", "flow.wait": "❚❚", "flow.respond": "↩",
  "http.request": "⇄", "hubspot.crm": "H", "hubspot.owners": "H",
};

export function glyphOf(type: string): string {
  return GLYPHS[type] ?? type.charAt(0).toUpperCase();
}

export function colorOf(desc: NodeDescription | undefined): string {
  return desc ? GROUP_COLOR[desc.group] : "#64748b";
}
