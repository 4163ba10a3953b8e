// The editor's view of the IPC types. The document, catalog and diagnostic types are generated
// from the Rust types (crates/model, ts-rs) into ./generated.ts; this file re-exports them and
// adds what only the editor needs.

export type { JsonObject, JsonSchema, JsonValue } from "./json";
export type {
  Diagnostic,
  EdgeDocument,
  NodeDescription,
  NodeDocument,
  NodeGroup,
  OnError,
  RetryPolicy,
  StickyNote,
  WorkflowDocument,
} from "./generated";
import type { Diagnostic, WorkflowDocument } from "./generated";

export const SCHEMA_V1 = "switchyard/workflow@1";

/** `[x, y]` canvas coordinates. */
export type Point = [number, number];

/** Key order of each object, as the Rust structs declare their fields. */
export const WORKFLOW_KEYS = ["schema", "id", "name", "description", "active", "nodes", "edges", "pinned", "notes"] as const;
export const NODE_KEYS = [
  "id", "type", "type_version", "name", "position", "disabled", "credential", "params", "retry", "on_error", "timeout_ms",
] as const;
export const EDGE_KEYS = ["from", "port", "to", "to_port"] as const;
export const NOTE_KEYS = ["id", "text", "position", "size"] as const;
export const RETRY_KEYS = ["max_attempts", "initial_delay_ms", "max_delay_ms"] as const;

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
