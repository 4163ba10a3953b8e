// Generated from the Rust types in crates/model by ts-rs: do not edit.
// Regenerate with `UPDATE_IPC_TYPES=1 cargo test -p switchyard-model --test ipc_types`.

import type { JsonSchema, JsonValue } from "./json";

export type WorkflowDocument = { schema: string, id: string, name?: string, description?: string, active: boolean, nodes: Array<NodeDocument>, edges: Array<EdgeDocument>, 
/**
 * Sample output items per node id.
 */
pinned?: { [key in string]: Array<JsonValue> }, notes?: Array<StickyNote>, };

export type NodeDocument = { id: string, type: string, type_version?: number, name?: string, position?: [number, number], disabled?: boolean, credential?: string, 
/**
 * The node type's params: a JSON object (validation says so when it is not).
 */
params?: { [key in string]: JsonValue }, retry?: RetryPolicy, on_error?: OnError, timeout_ms?: number, };

export type EdgeDocument = { from: string, port?: string, to: string, to_port?: string, };

export type StickyNote = { id: string, text: string, position?: [number, number], size?: [number, number], };

export type RetryPolicy = { max_attempts: number, initial_delay_ms: number, max_delay_ms: number, };

export type OnError = "stop" | "continue" | "error_port";

export type NodeGroup = "trigger" | "logic" | "data" | "flow" | "app";

export type NodeDescription = { type: string, type_version: number, label: string, group: NodeGroup, 
/**
 * One sentence on what the node does.
 */
description: string, inputs: Array<string>, 
/**
 * Empty when `dynamic_outputs` is set: the ports then come from the params.
 */
outputs: Array<string>, dynamic_outputs?: boolean, 
/**
 * Credential types the node accepts; empty when it takes none.
 */
credential_types: Array<string>, 
/**
 * Whether the node cannot run without a credential.
 */
credential_required?: boolean, 
/**
 * Whether the node changes data in another system (and so is simulated by `--dry-run`).
 */
side_effects?: boolean, 
/**
 * JSON Schema (draft 2020-12) of `params`.
 */
params_schema: JsonSchema, };

export type Diagnostic = { node?: string, field?: string, message: string, line?: number, column?: number, };
