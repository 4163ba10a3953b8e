// TypeScript mirror of the Rust document and catalog types (crates/model).
// Kept in one file so that it can be replaced by types generated with ts-rs.

/** A JSON value as the document holds it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const SCHEMA_V1 = "switchyard/workflow@1";

export type OnError = "stop" | "continue" | "error_port";

export interface RetryPolicy {
  max_attempts: number;
  initial_delay_ms: number;
  max_delay_ms: number;
}

/** `[x, y]` canvas coordinates. */
export type Point = [number, number];

export interface NodeDocument {
  id: string;
  type: string;
  type_version?: number;
  name?: string;
  position?: Point;
  disabled?: boolean;
  credential?: string;
  params?: JsonObject;
  retry?: RetryPolicy;
  on_error?: OnError;
  timeout_ms?: number;
}

export interface EdgeDocument {
  from: string;
  port?: string;
  to: string;
  to_port?: string;
}

export interface StickyNote {
  id: string;
  text: string;
  position?: Point;
  size?: Point;
}

export interface WorkflowDocument {
  schema: string;
  id: string;
  name?: string;
  description?: string;
  active: boolean;
  nodes: NodeDocument[];
  edges: EdgeDocument[];
  pinned?: { [nodeId: string]: JsonValue[] };
  notes?: StickyNote[];
}

/** Key order of each object, as the Rust structs declare their fields. */
export const WORKFLOW_KEYS = ["schema", "id", "name", "description", "active", "nodes", "edges", "pinned", "notes"] as const;
export const NODE_KEYS = [
  "id", "type", "type_version", "name", "position", "disabled", "credential", "params", "retry", "on_error", "timeout_ms",
] as const;
export const EDGE_KEYS = ["from", "port", "to", "to_port"] as const;
export const NOTE_KEYS = ["id", "text", "position", "size"] as const;
export const RETRY_KEYS = ["max_attempts", "initial_delay_ms", "max_delay_ms"] as const;

export type NodeGroup = "trigger" | "logic" | "data" | "flow" | "app";

/** A JSON Schema (draft 2020-12) as the catalog prints it. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: { [name: string]: JsonSchema };
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: JsonValue[];
  const?: JsonValue;
  default?: JsonValue;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: { [name: string]: JsonSchema };
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
}

export interface NodeDescription {
  type: string;
  type_version: number;
  label: string;
  group: NodeGroup;
  description: string;
  inputs: string[];
  outputs: string[];
  dynamic_outputs?: boolean;
  credential_types: string[];
  credential_required?: boolean;
  side_effects?: boolean;
  params_schema: JsonSchema;
}

/** One problem in a document: `{node?, field?, message}`. */
export interface Diagnostic {
  node?: string;
  field?: string;
  message: string;
  line?: number;
  column?: number;
}

export interface ValidationReport {
  ok: boolean;
  errors: Diagnostic[];
}

/** A shipped template: its file name and document. */
export interface TemplateEntry {
  file: string;
  document: WorkflowDocument;
}

/** A stored credential as the picker lists it (never its secret). */
export interface CredentialSummary {
  id: string;
  type: string;
}
