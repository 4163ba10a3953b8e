// Which ports a node has: the same strings as the engine's.
import type { JsonValue, NodeDescription, NodeDocument } from "../ipc/types";

export const ERROR_PORT = "error";

function switchPorts(params: NodeDocument["params"]): string[] {
  const ports: string[] = [];
  const rules: JsonValue = params?.rules ?? [];
  if (Array.isArray(rules)) {
    for (const rule of rules) {
      if (rule && typeof rule === "object" && !Array.isArray(rule) && typeof rule.port === "string") {
        ports.push(rule.port);
      }
    }
  }
  const fallback = params?.fallback;
  if (typeof fallback === "string" && fallback !== "") ports.push(fallback);
  return ports;
}

/** Output ports in order, with `error` last when the node's on_error is error_port. */
export function outputPorts(node: NodeDocument, desc: NodeDescription | undefined): string[] {
  const base = desc?.dynamic_outputs ? switchPorts(node.params) : [...(desc?.outputs ?? ["main"])];
  if (node.on_error === "error_port") base.push(ERROR_PORT);
  return base;
}

export function inputPorts(desc: NodeDescription | undefined): string[] {
  return desc ? [...desc.inputs] : ["main"];
}

/** The port an edge leaves on: its `port`, else the node's first output. */
export function edgeSourcePort(port: string | undefined, node: NodeDocument, desc: NodeDescription | undefined): string {
  return port ?? outputPorts(node, desc)[0] ?? "main";
}
