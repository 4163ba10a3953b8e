// The editor's view of the IPC types. Every type that crosses the boundary is generated from
// the Rust types (crates/model and crates/desktop, ts-rs) into ./generated.ts; this file re-exports them and
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
  ValidationReport,
  TemplateEntry,
  CredentialSummary,
  CredentialEnv,
  CredentialField,
  CredentialTest,
  CredentialType,
  FieldKind,
  NewCredential,
  UsageDay,
  Workspace,
  WorkspaceFile,
  CommandError,
  CommandErrorKind,
  ErrorKind,
  NodeError,
  NodeStatus,
  PortCount,
  PortData,
  AttemptView,
  ExchangeView,
  NodeRunView,
  NodeChange,
  ReplayView,
  RunDetail,
  RunError,
  RunProgress,
  RunQuery,
  RunSelection,
  RunStarted,
  RunStatus,
  RunSummary,
  SearchHit,
  HostView,
  WorkflowState,
  RetentionSettings,
  PruneStats,
  TestListening,
  TestEventReceived,
  TestListenEnded,
  SignInStarted,
  SignInFinished,
  AuthFailing,
} from "./generated";

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
