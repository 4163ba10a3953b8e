// The engine's document checks that the canvas can make without the engine: used for the
// browser build's mock host and for instant feedback while editing.
import type { Diagnostic, JsonObject, JsonValue, NodeDescription, ValidationReport, WorkflowDocument } from "../ipc/types";
import { SCHEMA_V1 } from "../ipc/types";
import { findCycle } from "./graph";
import { ID_PATTERN } from "./ids";
import { inputPorts, outputPorts } from "./ports";
import { enumValues, mainType, resolve } from "./schema";

function typeMatches(value: JsonValue, type: string | undefined): boolean {
  switch (type) {
    case "string": return typeof value === "string";
    case "integer": return typeof value === "number" && Number.isInteger(value) || isExpr(value);
    case "number": return typeof value === "number" || isExpr(value);
    case "boolean": return typeof value === "boolean" || isExpr(value);
    case "array": return Array.isArray(value);
    case "object": return typeof value === "object" && value !== null && !Array.isArray(value);
    default: return true;
  }
}

function isExpr(value: JsonValue): boolean {
  return typeof value === "string" && value.includes("{{");
}

/** Problems in `{{ … }}` markup: an unclosed or empty expression. */
export function templateProblem(s: string): string | null {
  let rest = s;
  while (rest.includes("{{")) {
    const open = rest.indexOf("{{");
    const close = rest.indexOf("}}", open + 2);
    if (close < 0) return `"{{" is never closed by "}}"`;
    if (rest.slice(open + 2, close).trim() === "") return `an empty expression "{{ }}"`;
    rest = rest.slice(close + 2);
  }
  return null;
}

function checkParams(node: string, params: JsonObject, desc: NodeDescription, out: Diagnostic[]): void {
  const root = desc.params_schema;
  for (const name of root.required ?? []) {
    const v = params[name];
    if (v === undefined || v === null || v === "") {
      out.push({ node, field: `params.${name}`, message: `${name} is required` });
    }
  }
  for (const [name, value] of Object.entries(params)) {
    const prop = root.properties?.[name];
    if (!prop) {
      if (root.additionalProperties === false) out.push({ node, field: `params.${name}`, message: `unknown param "${name}"` });
      continue;
    }
    const s = resolve(prop, root);
    if (value === null) continue;
    const allowed = enumValues(s);
    if (allowed && !allowed.includes(value) && !isExpr(value)) {
      out.push({ node, field: `params.${name}`, message: `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}` });
    } else if (!typeMatches(value, mainType(s))) {
      out.push({ node, field: `params.${name}`, message: `must be of type ${mainType(s) ?? "?"}` });
    }
  }
  walkStrings(params, `params`, (field, text) => {
    const problem = templateProblem(text);
    if (problem) out.push({ node, field, message: problem });
  });
  if (desc.dynamic_outputs) {
    const ports = outputPorts({ id: node, type: desc.type, params }, desc);
    const seen = new Set<string>();
    ports.forEach((p, i) => {
      if (p === "") out.push({ node, field: `params.rules[${i}].port`, message: "a rule needs a port name" });
      else if (seen.has(p)) out.push({ node, field: `params.rules[${i}].port`, message: `port "${p}" is used twice` });
      seen.add(p);
    });
  }
}

function walkStrings(v: JsonValue, path: string, visit: (field: string, text: string) => void): void {
  if (typeof v === "string") visit(path, v);
  else if (Array.isArray(v)) v.forEach((item, i) => walkStrings(item, `${path}[${i}]`, visit));
  else if (v && typeof v === "object") for (const [k, item] of Object.entries(v)) walkStrings(item, `${path}.${k}`, visit);
}

/** Every problem with the document, as `switchyard validate --json` lists them. */
export function validateDocument(doc: WorkflowDocument, catalog: readonly NodeDescription[]): ValidationReport {
  const errors: Diagnostic[] = [];
  const byType = new Map(catalog.map((d) => [d.type, d]));
  if (doc.schema !== SCHEMA_V1) errors.push({ field: "schema", message: `unknown schema "${doc.schema}"` });
  if (!ID_PATTERN.test(doc.id)) errors.push({ field: "id", message: `workflow id "${doc.id}" must match [a-z0-9][a-z0-9_-]*` });
  const ids = new Set<string>();
  let triggers = 0;
  for (const node of doc.nodes) {
    if (ids.has(node.id)) errors.push({ node: node.id, field: "id", message: `node id "${node.id}" is used twice` });
    ids.add(node.id);
    if (!ID_PATTERN.test(node.id)) errors.push({ node: node.id, field: "id", message: "id must match [a-z0-9][a-z0-9_-]*" });
    const desc = byType.get(node.type);
    if (!desc) {
      errors.push({ node: node.id, field: "type", message: `unknown node type "${node.type}"` });
      continue;
    }
    if (desc.group === "trigger") {
      triggers++;
      if (node.disabled) errors.push({ node: node.id, field: "disabled", message: "a trigger cannot be disabled" });
    }
    if (node.credential && desc.credential_types.length === 0) {
      errors.push({ node: node.id, field: "credential", message: `${desc.label} takes no credential` });
    }
    if (!node.credential && desc.credential_required) {
      errors.push({ node: node.id, field: "credential", message: "a credential is required" });
    }
    checkParams(node.id, node.params ?? {}, desc, errors);
  }
  if (triggers !== 1) {
    errors.push({ message: triggers === 0 ? "the workflow needs a trigger node" : `there are ${triggers} trigger nodes; exactly one is allowed` });
  }
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  doc.edges.forEach((e, i) => {
    const from = nodes.get(e.from);
    const to = nodes.get(e.to);
    if (!from || !to) {
      errors.push({ field: `edges[${i}]`, message: `edge names a missing node "${!from ? e.from : e.to}"` });
      return;
    }
    const outs = outputPorts(from, byType.get(from.type));
    const port = e.port ?? outs[0];
    if (port === undefined || !outs.includes(port)) {
      errors.push({ node: from.id, field: `edges[${i}].port`, message: `"${from.id}" has no output port "${port ?? ""}"` });
    }
    const ins = inputPorts(byType.get(to.type));
    if (e.to_port !== undefined && !ins.includes(e.to_port)) {
      errors.push({ node: to.id, field: `edges[${i}].to_port`, message: `"${to.id}" has no input port "${e.to_port}"` });
    }
  });
  const cycle = findCycle(doc.nodes.map((n) => n.id), doc.edges);
  if (cycle) errors.push({ node: cycle[0], message: `the graph has a cycle: ${[...cycle, cycle[0]].join(" → ")}` });
  return { ok: errors.length === 0, errors };
}
