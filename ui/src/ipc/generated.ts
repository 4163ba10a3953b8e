// Generated from the Rust types in crates/model and crates/desktop by ts-rs: do not edit.
// Regenerate with `UPDATE_IPC_TYPES=1 cargo test -p switchyard-desktop --test ipc_types`.

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

export type ValidationReport = { ok: boolean, errors: Array<Diagnostic>, };

export type TemplateEntry = { file: string, document: WorkflowDocument, };

export type CredentialSummary = { id: string, type: string, label?: string, };

export type Workspace = { 
/**
 * Absolute path of the folder.
 */
folder: string, 
/**
 * Its `*.flow.json` files, by file name.
 */
files: Array<WorkspaceFile>, };

export type WorkspaceFile = { 
/**
 * Absolute path, as `open_workflow` takes it.
 */
path: string, 
/**
 * The file name (`lead-routing.flow.json`).
 */
file: string, 
/**
 * The document's name, or its id, when it could be read.
 */
name: string | null, active: boolean, 
/**
 * How many problems validation finds (0: it can run).
 */
problems: number, };

export type CommandError = { kind: CommandErrorKind, message: string, problems: Array<Diagnostic>, };

export type CommandErrorKind = "bad_request" | "invalid" | "io" | "not_found" | "host";

export type Timestamp = string;

export type RunMode = "test" | "production";

export type RunStatus = "running" | "succeeded" | "failed" | "cancelled" | "interrupted";

export type NodeStatus = "succeeded" | "failed" | "skipped" | "pinned" | "disabled";

export type ErrorKind = "validation" | "auth" | "forbidden" | "not_found" | "conflict" | "rate_limited" | "server" | "timeout" | "network" | "expression" | "code" | "config" | "cancelled";

export type NodeError = { message: string, kind: ErrorKind, status?: number, details?: JsonValue, };

export type RunError = { node: string, kind: ErrorKind, message: string, };

export type RunSelection = { "kind": "whole" } | { "kind": "until", node: string, } | { "kind": "node", node: string, };

export type RunStarted = { run_id: string, };

export type PortCount = { port: string, items: number, };

export type RunProgress = { "kind": "run_started", run_id: string, workflow_id: string, trigger: string, started_at: Timestamp, dry_run: boolean, } | { "kind": "node_started", run_id: string, node_id: string, } | { "kind": "attempt_failed", run_id: string, node_id: string, attempt: number, error: NodeError | null, retry_in_ms: bigint | null, } | { "kind": "node_finished", run_id: string, node_id: string, status: NodeStatus, duration_ms: number, input_items: number, outputs: Array<PortCount>, error: NodeError | null, item_errors: number, } | { "kind": "run_finished", run_id: string, status: RunStatus, duration_ms: number, error: RunError | null, };

export type RunQuery = { workflow_id?: string, status?: RunStatus, 
/**
 * Runs that started at or after this time (RFC 3339).
 */
since?: string, 
/**
 * Runs that started before this time (RFC 3339).
 */
until?: string, 
/**
 * At most this many (default 50, at most 500).
 */
limit?: number, 
/**
 * The next page: runs older than this run.
 */
after_run?: string, };

export type RunSummary = { 
/**
 * The run's id.
 */
run_id: string, 
/**
 * The workflow's id.
 */
workflow_id: string, 
/**
 * `test` or `production`.
 */
mode: RunMode, 
/**
 * The run's status.
 */
status: RunStatus, 
/**
 * The trigger node's type, e.g. `trigger.webhook`.
 */
trigger: string, 
/**
 * When the run started.
 */
started_at: Timestamp, 
/**
 * When it ended; `null` while running.
 */
finished_at: Timestamp | null, 
/**
 * How long it took; `null` while running.
 */
duration_ms: number | null, 
/**
 * Why it failed (also set on interrupted runs).
 */
error?: RunError, 
/**
 * The run this one re-ran.
 */
origin_run_id?: string, 
/**
 * Set (true) on dry runs only.
 */
dry_run?: boolean, };

export type SearchHit = { 
/**
 * The run it belongs to.
 */
run: RunSummary, 
/**
 * The node.
 */
node_id: string, 
/**
 * Where the text was found, matches in `[brackets]`.
 */
snippet: string, };

export type PortData = { port: string, items: Array<JsonValue>, };

export type ExchangeView = { request: JsonValue, response: JsonValue, };

export type AttemptView = { number: number, started_at: Timestamp, finished_at: Timestamp, error: NodeError | null, };

export type NodeRunView = { node_id: string, node_type: string, status: NodeStatus, started_at: Timestamp | null, duration_ms: number, 
/**
 * Items that came in, one list per input port (`a`/`b` on a merge).
 */
inputs: Array<Array<JsonValue>>, outputs: Array<PortData>, attempts: Array<AttemptView>, error: NodeError | null, item_errors: number, 
/**
 * The items were cut to the history's size limit.
 */
truncated: boolean, exchanges: Array<ExchangeView>, };

export type RunDetail = { summary: RunSummary, document: WorkflowDocument | null, source_path: string | null, nodes: Array<NodeRunView>, };

export type NodeChange = { node_id: string, before_status: string | null, after_status: string | null, 
/**
 * Outputs per port, before and after (null when the node has no record on that side).
 */
before: JsonValue, after: JsonValue, };

export type ReplayView = { run_id: string, changes: Array<NodeChange>, 
/**
 * Nodes whose recorded data was cut to the size limit, so they could not be compared.
 */
not_compared: Array<string>, };

export type CredentialType = { type: string, fields: Array<CredentialField>, };

export type CredentialField = { name: string, required: boolean, secret: boolean, kind: FieldKind, };

export type FieldKind = "text" | "port" | "flag" | "json";

export type CredentialEnv = "production" | "test";

export type NewCredential = { id: string, type: string, label?: string, env?: CredentialEnv, 
/**
 * The fields of the form, secret ones included (write-only).
 */
fields: Record<string, JsonValue>, };

export type CredentialTest = { ok: boolean, 
/**
 * The verdict in sentences (granted and missing HubSpot scopes, missing fields, errors).
 */
lines: Array<string>, };

export type UsageDay = { 
/**
 * The credential.
 */
credential_id: string, 
/**
 * `YYYY-MM-DD`, UTC.
 */
day: string, 
/**
 * Answers received (retries included).
 */
requests: bigint, 
/**
 * Answers with a 4xx or 5xx status other than 429.
 */
errors: bigint, 
/**
 * 429 answers.
 */
rate_limited: bigint, 
/**
 * `errors / requests` (0 without requests).
 */
error_rate: number, 
/**
 * The latest daily limit and what was left of it (`X-HubSpot-RateLimit-Daily[-Remaining]`).
 */
daily_limit: bigint | null, 
/**
 * See `daily_limit`.
 */
daily_remaining: bigint | null, 
/**
 * The latest rolling window: its length, its maximum and what was left of it.
 */
interval_ms: bigint | null, 
/**
 * See `interval_ms`.
 */
interval_max: bigint | null, 
/**
 * See `interval_ms`.
 */
interval_remaining: bigint | null, 
/**
 * When the last answer was counted.
 */
updated_at: Timestamp, };

export type WorkflowState = { 
/**
 * The workflow id (of the version that runs; `None` if no version ever loaded).
 */
id: string | null, file: string, 
/**
 * Its trigger is listening.
 */
active: boolean, trigger: string | null, 
/**
 * What the trigger listens for, e.g. `POST /webhook/leads`.
 */
listening?: string, 
/**
 * Why the latest version of the file was not taken (or why it is not listening).
 */
problem?: string, };

export type HostView = { 
/**
 * Where webhooks are received (`127.0.0.1:8787`), when listening.
 */
listening: string | null, 
/**
 * Why the app is not hosting (another `switchyard serve` on the same history, a port
 * in use, …).
 */
problem: string | null, 
/**
 * The workspace's workflow files as the host sees them.
 */
workflows: Array<WorkflowState>, };

export type RetentionSettings = { 
/**
 * The newest runs kept per workflow.
 */
keep_per_workflow: number | null, 
/**
 * Runs older than this many days are deleted.
 */
max_age_days: number | null, };

export type PruneStats = { 
/**
 * Runs deleted (with their node runs and exchanges).
 */
runs_deleted: number, 
/**
 * Workflow documents deleted because no run used them any more.
 */
documents_deleted: number, };

export type TestListening = { node_id: string, 
/**
 * `http://127.0.0.1:8787/webhook-test/<path>`.
 */
url: string, 
/**
 * The method the trigger takes.
 */
method: string, timeout_ms: number, };

export type TestEventReceived = { node_id: string, item: JsonValue, };

export type TestListenEnded = { node_id: string, 
/**
 * `timeout`, `stopped` or `replaced`.
 */
reason: string, };

export type SignInStarted = { id: string, 
/**
 * The consent page (opened in the system browser when the app can).
 */
authorization_url: string, 
/**
 * Where the service sends the browser back; a HubSpot app must list it.
 */
redirect_uri: string, 
/**
 * Whether the system browser was asked to open the page.
 */
browser_opened: boolean, };

export type SignInFinished = { id: string, ok: boolean, 
/**
 * What happened, in a sentence (never a secret).
 */
message: string, };

export type AuthFailing = { 
/**
 * The credential's id (the node's id when the node names none).
 */
credential: string, workflow_id: string, node_id: string, failures: number, 
/**
 * The service's last refusal, as the node reported it.
 */
message: string, };
